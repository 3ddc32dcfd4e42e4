"""`kg eval`: precision, recall and F1 of a graph against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.argument("gold_dir", type=click.Path(path_type=Path), default=Path("tests/gold"))
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out/kg.json"), show_default=True, help="The kg.json to score.")
@click.option("--verbose", "-v", is_flag=True, help="List every miss and every extra.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(gold_dir: Path, graph_path: Path, verbose: bool, as_json: bool) -> None:
    """Score a graph against hand-written annotations (one JSON file per
    document; see tests/gold/README.md for the format and the rules).

    \b
    Examples:
      kg build && kg eval tests/gold
      kg eval tests/gold --verbose      # every miss and extra
      kg eval tests/gold --json         # for CI dashboards
    """
    from kg.evaluate import evaluate, load_gold
    from kg.index import load_graph_json

    result = evaluate(load_graph_json(graph_path), load_gold(gold_dir))
    if as_json:
        click.echo(json.dumps(result if verbose else {k: result[k] for k in ("scores", "attributes")}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'':12} {'precision':>9} {'recall':>7} {'F1':>6}   tp   fp   fn")
    for name, s in result["scores"].items():
        click.echo(f"{name:12} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:4} {s['fn']:4}")
    attrs = result["attributes"]
    parts = [f"{a} {attrs[a + '_agree']}/{attrs[a + '_total']}" for a in ("approx", "period_start", "period_end", "change") if attrs.get(a + "_total")]
    if parts:
        click.echo("figure attributes agreeing on matched figures: " + ", ".join(parts))
    if verbose:
        for name, detail in result["details"].items():
            if name in ("LEADS", "YIELDS", "HANDLED_BY"):
                continue
            for label, items in (("missed", detail["missed"]), ("extra", detail["extra"])):
                for item in sorted(items):
                    click.echo(f"{name} {label}: {item}")
