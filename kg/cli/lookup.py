"""`kg lookup`: what the graph knows about a node, in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.model import NODE_TYPES, RELATION_TYPES
from kg.text import terminal_safe

MAX_EVIDENCE = 3


@click.command()
@click.argument("name")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out/kg.json"), show_default=True, help="The kg.json to read.")
@click.option("--type", "node_type", type=click.Choice(NODE_TYPES, case_sensitive=False), help="Only nodes of this type.")
@click.option("--relation", type=click.Choice(RELATION_TYPES, case_sensitive=False), help="Only relations of this type.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (node, relations, evidence) for other programs.")
@click.option("--all-evidence", is_flag=True, help=f"Show every evidence sentence, not the first {MAX_EVIDENCE}.")
@click.option("--limit", type=click.IntRange(min=0), default=25, show_default=True, help="Relations shown per type and direction, best-evidenced first (0: all).")
def lookup(name: str, graph_path: Path, node_type: str | None, relation: str | None, as_json: bool, all_evidence: bool, limit: int) -> None:
    """Show a node, its properties and every relation in and out, with the
    sentence each comes from.

    NAME is a node's id, name or alias (最高检 finds 最高人民检察院), as written or
    folded (Traditional script, full-width forms), or the value text of a figure
    (4.2万个); every command names nodes this way. All the nodes with that name are
    shown, the most connected first.

    \b
    Examples:
      kg lookup 公安部                     # leads 断卡, 断流, 云剑 ...
      kg lookup 最高检 --relation YIELDS   # the figures it produced
      kg lookup 断卡 --json | jq '.[].edges'   # for other programs: a list, one item per node
    """
    from kg.index import open_index
    from kg.lookup import describe, resolve

    con = open_index(graph_path)
    nodes = resolve(con, name, graph_path, node_type)
    answers = [
        describe(con, node, relation, None if (all_evidence or as_json) else MAX_EVIDENCE, limit or None)
        for node in nodes
    ]
    if as_json:
        click.echo(json.dumps([_as_dict(a) for a in answers], ensure_ascii=False, indent=2))
        return
    for i, answer in enumerate(answers):
        if i:
            click.echo()
        _print(answer, all_evidence)


def _as_dict(answer) -> dict:
    return {
        "node": answer.node,
        "mentioned_in_documents": answer.mentioned_in,
        "totals": {f"{d}:{t}": n for (d, t), n in sorted(answer.totals.items())},
        "edges": [{"direction": e.direction, "type": e.relation["type"], "other": {k: e.other.get(k) for k in ("id", "type", "name")},
                   "props": e.relation.get("props", {}), "evidence": e.relation["evidence"]} for e in answer.edges],
        "documents": answer.documents,
    }


def _print(answer, all_evidence: bool) -> None:
    node = answer.node
    click.secho(terminal_safe(f"{node['name']}  [{node['type']}]"), bold=True)
    lines = [f"  id: {node['id']}"]
    if node.get("aliases"):
        lines.append(f"  aliases: {', '.join(node['aliases'])}")
    for key, value in node.get("props", {}).items():
        if value not in (None, "", [], {}):
            lines.append(f"  {key}: {value}")
    lines.append(f"  mentioned in {answer.mentioned_in} document(s)")
    if not answer.edges:
        lines.append("  no relations")
    shown: dict[tuple[str, str], int] = {}
    for edge in answer.edges:
        key = (edge.direction, edge.relation["type"])
        shown[key] = shown.get(key, 0) + 1
        rel = edge.relation
        arrow = f"-[{rel['type']}]->" if edge.direction == "out" else f"<-[{rel['type']}]-"
        props = "".join(f" {k}={v}" for k, v in rel.get("props", {}).items())
        lines.append(f"  {arrow} {edge.other['name']} [{edge.other['type']}]{props}")
        for ev in rel["evidence"]:
            doc = answer.documents.get(ev["doc"], {})
            source = " · ".join(x for x in (doc.get("title"), doc.get("date"), doc.get("path")) if x)
            lines.append(f"      > {ev['sentence']}")
            lines.append(f"        — {source} [{ev['start']}:{ev['end']}]")
        if rel["evidence_total"] > len(rel["evidence"]):
            lines.append(f"      (+{rel['evidence_total'] - len(rel['evidence'])} more; --all-evidence shows them)")
    for (direction, rtype), total in sorted(answer.totals.items()):
        if total > shown.get((direction, rtype), 0):
            lines.append(f"  (+{total - shown.get((direction, rtype), 0)} more {rtype} {direction}; --limit 0 shows them)")
    click.echo(terminal_safe("\n".join(lines)))
