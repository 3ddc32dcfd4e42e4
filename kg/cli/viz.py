"""`kg viz`, `kg path` and `kg stats`: option parsing and output only.

The work happens in kg.writers.html and kg.analysis; this module reads kg.json, calls
them and formats what comes back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg.model import NODE_TYPES, RELATION_TYPES, Graph
from kg.text import terminal_safe
from kg.writers.labels import quote

DEFAULT_GRAPH = Path("out/kg.json")

graph_option = click.option(
    "--graph",
    "graph_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_GRAPH,
    show_default=True,
    help="The kg.json that `kg build` wrote.",
)


def _load_graph(path: Path) -> Graph:
    from kg.index import read_graph

    return read_graph(path)


def _names_list(allowed: tuple[str, ...]):
    """A click callback splitting `A,B` and checking each name against `allowed`."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
        if not value:
            return None
        names = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [n for n in names if n not in allowed]
        if unknown:
            raise click.BadParameter(
                f"unknown {', '.join(unknown)}; choose from {', '.join(allowed)}"
            )
        return names

    return callback


@click.command()
@graph_option
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the page.  [default: view.html beside the graph]",
)
@click.option(
    "--focus", metavar="NAME", help="Show only this node's neighbourhood (name, alias or id)."
)
@click.option(
    "--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops around --focus."
)
@click.option(
    "--types",
    metavar="T,...",
    callback=_names_list(NODE_TYPES),
    help="Node types to show.  [default: all but Document]",
)
@click.option(
    "--relations",
    metavar="R,...",
    callback=_names_list(RELATION_TYPES),
    help="Relation types to show.  [default: all]",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=None,
    help="Keep at most this many nodes (the most connected) and 2.5 relations per node.  [default: 5000]",
)
def viz(
    graph_path: Path,
    out_path: Path | None,
    focus: str | None,
    depth: int,
    types: list[str] | None,
    relations: list[str] | None,
    max_nodes: int | None,
) -> None:
    """Write an interactive, offline HTML page of the graph or part of it.

    \b
    Example: the campaigns and agencies around 公安部, two hops out:
      kg viz --focus 公安部 --depth 2 --types Agency,Campaign --out out/mps.html

    Click a node or an edge for its sources and evidence sentences.
    """
    from kg.writers.html import DEFAULT_MAX_NODES, write_graph_page

    focus_id = _node_ids(graph_path, focus)[0] if focus else None
    graph = _load_graph(graph_path)
    out_path = out_path or graph_path.parent / "view.html"
    view = write_graph_page(
        graph,
        out_path,
        focus=focus_id,
        depth=depth,
        types=types,
        relations=relations,
        max_nodes=max_nodes or DEFAULT_MAX_NODES,
    )
    note = f" (the most connected of {view.total_nodes:,})" if view.truncated else ""
    click.echo(
        f"Wrote {view.path}: {len(view.node_ids):,} nodes{note}, {len(view.edges):,} relations."
    )


def _node_ids(graph_path: Path, *names: str) -> list[str]:
    """The ids of the nodes `names` name, found as `kg lookup` finds them (one index opened)."""
    from kg.index import open_index
    from kg.lookup import resolve_one

    con = open_index(graph_path)
    return [resolve_one(con, name, graph_path, warn=lambda m: click.echo(f"Note: {m}", err=True))["id"] for name in names]


def _format_path(steps: list[dict[str, Any]]) -> str:
    chain = [steps[0]["from"]["name"]]
    lines = []
    for i, step in enumerate(steps, 1):
        arrow = (
            f"—{step['relation']['type']}→" if step["forward"] else f"←{step['relation']['type']}—"
        )
        chain.append(f"{arrow} {step['to']['name']}")
        lines.append(f"{i}. {step['from']['name']} {arrow} {step['to']['name']}")
        for ev in step["evidence"]:
            when = f", {ev['date']}" if ev["date"] else ""
            lines.append(f"   {quote(ev['sentence'])}\n     — {ev['title']}{when}")
    return " ".join(chain) + "\n\n" + "\n".join(lines)


@click.command()
@graph_option
@click.argument("source")
@click.argument("target")
@click.option(
    "--via-documents", is_flag=True, help="Also link nodes through the documents that mention both."
)
@click.option("--json", "as_json", is_flag=True, help="Print the steps as JSON.")
def path(graph_path: Path, source: str, target: str, via_documents: bool, as_json: bool) -> None:
    """The shortest chain of relations between two nodes, with each step's evidence.

    SOURCE and TARGET are named as in `kg lookup` (id, name or alias, folded, or a
    figure's value text); a name that fits several nodes takes the most connected,
    and says so. Relations count in either direction.

    \b
    Example: how does 最高检 connect to the 断卡 figures?
      kg path 最高检 4.2万个
      kg path 最高人民检察院 断流 --json
    """
    from kg.analysis import shortest_path

    source_id, target_id = _node_ids(graph_path, source, target)
    steps = shortest_path(_load_graph(graph_path), source_id, target_id, include_documents=via_documents)
    if as_json:
        click.echo(json.dumps(steps, ensure_ascii=False, indent=2))
    elif not steps:
        click.echo(f"{source} and {target} are the same node.")
    else:
        click.echo(terminal_safe(_format_path(steps)))


@click.command()
@graph_option
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="How many agencies and campaigns to rank.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(graph_path: Path, top: int, as_json: bool) -> None:
    """Counts, the most connected agencies and campaigns, and connected components.

    \b
    Example: the five most central agencies and campaigns, as JSON:
      kg stats --top 5 --json
    """
    from kg.analysis import stats as compute

    result = compute(_load_graph(graph_path), top=top)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    out = [f"Documents: {result['documents']:,}   conflicts: {result['conflicts']:,}", "Entities:"]
    out += [f"  {t:<16}{n:>8,}" for t, n in result["entities"].items()]
    out.append("Relations:")
    out += [f"  {t:<16}{n:>8,}" for t, n in result["relations"].items()]
    for node_type, ranks in result["top"].items():
        for measure, rows in ranks.items():
            out.append(f"Top {node_type} by {measure}:")
            out += [f"  {row['score']:>10g}  {row['name']}" for row in rows] or ["  (none)"]
    comps = result["components"]
    out.append(
        f"Connected components: {comps['count']:,} ({comps['isolated']:,} single nodes); largest:"
    )
    out += [f"  {c['size']:>8,}  around {c['example']}" for c in comps["largest"]]
    out.append(f"(betweenness {result['betweenness']}; documents left out)")
    click.echo(terminal_safe("\n".join(out)))
