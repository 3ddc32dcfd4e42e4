"""`kg eval`: precision, recall and F1 of a graph against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

TOP_ERRORS = 12


@click.command("eval")
@click.argument("gold_dir", type=click.Path(path_type=Path), default=Path("tests/gold"))
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="The kg.json to score [default: out/kg.json; for a corpus split, a graph built from its documents].")
@click.option("--verbose", "-v", is_flag=True, help="List every miss and every extra.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(gold_dir: Path, graph_path: Path | None, verbose: bool, as_json: bool) -> None:
    """Score a graph against hand-written annotations (one JSON file per
    document; see tests/gold/README.md for the format and the rules).

    GOLD_DIR is a folder of gold files (tests/gold: the seeds, scored on the
    graph of `kg build`), or a corpus split: a folder of documents with their
    gold files in GOLD_DIR/gold (tests/corpus/dev, tests/corpus/test), whose
    documents are built in memory and scored. It prints precision, recall and
    F1 for entities, figures, relations (all but MENTIONED_IN), the core
    relations (LEADS, YIELDS, HANDLED_BY) and each relation type, then the
    most frequent kinds of error.

    \b
    Examples:
      kg build && kg eval tests/gold
      kg eval tests/corpus/dev           # build the split's documents and score them
      kg eval tests/corpus/test --json   # for CI dashboards
      kg eval tests/gold --verbose       # every miss and extra
    """
    from kg.evaluate import evaluate, load_gold, split_graph
    from kg.index import load_graph_json

    split = (gold_dir / "gold").is_dir()
    golds = load_gold(gold_dir / "gold" if split else gold_dir)
    if graph_path is None and split:
        graph = split_graph(gold_dir, golds)
    else:
        graph = load_graph_json(graph_path or Path("out/kg.json"))
    result = evaluate(graph, golds)
    if as_json:
        keys = ("scores", "attributes", "errors") + (("details",) if verbose else ())
        click.echo(json.dumps({k: result[k] for k in keys}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(golds)} documents")
    click.echo(f"{'':16} {'precision':>9} {'recall':>7} {'F1':>6}   tp   fp   fn")
    for name, s in result["scores"].items():
        click.echo(f"{name:16} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['tp']:4} {s['fp']:4} {s['fn']:4}")
    attrs = result["attributes"]
    parts = [f"{a} {attrs[a + '_agree']}/{attrs[a + '_total']}" for a in ("approx", "period_start", "period_end", "change") if attrs.get(a + "_total")]
    if parts:
        click.echo("figure attributes agreeing on matched figures: " + ", ".join(parts))
    if result["errors"]:
        click.echo("most frequent errors: " + ", ".join(f"{kind} {n}" for kind, n in result["errors"][:TOP_ERRORS]))
    if verbose:
        for name, detail in result["details"].items():
            if name in ("relations", "core"):
                continue
            for label, items in (("missed", detail["missed"]), ("extra", detail["extra"])):
                for item in sorted(items):
                    click.echo(f"{name} {label}: {item}")


