"""What the graph knows about a node: alias-aware look-up, relations, suggestions."""

from __future__ import annotations

import difflib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from kg.index import fold


@dataclass
class Edge:
    """One relation seen from a node: direction, the relation, and the node at the other end."""

    direction: str  # "out" or "in"
    relation: dict[str, Any]
    other: dict[str, Any]


@dataclass
class Answer:
    """A node with its relations, and the documents its evidence cites."""

    node: dict[str, Any]
    edges: list[Edge] = field(default_factory=list)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentioned_in: int = 0


def find_nodes(con: sqlite3.Connection, name: str, node_type: str | None = None) -> list[dict[str, Any]]:
    """Nodes whose name, alias or id is `name` (folded), most connected first."""
    key = fold(name)
    rows = con.execute(
        "SELECT DISTINCT n.data, n.degree FROM names k JOIN nodes n ON n.id = k.id WHERE k.key = ? "
        "UNION SELECT data, degree FROM nodes WHERE id = ?",
        (key, name),
    ).fetchall()
    nodes = [json.loads(data) for data, _ in sorted(rows, key=lambda r: (-r[1], r[0]))]
    if node_type:
        nodes = [n for n in nodes if n["type"].lower() == node_type.lower()]
    return nodes


def suggest(con: sqlite3.Connection, name: str, node_type: str | None = None, limit: int = 5) -> list[str]:
    """Names close to `name`: containing it, contained in it, or similar."""
    key = fold(name)
    if not key:
        return []
    params: list[Any] = [f"%{key}%"]
    type_clause = ""
    if node_type:
        type_clause = " AND lower(n.type) = lower(?)"
        params.append(node_type)
    rows = con.execute(
        "SELECT n.name, k.key, n.degree FROM names k JOIN nodes n ON n.id = k.id "
        f"WHERE (k.key LIKE ? ){type_clause} ORDER BY n.degree DESC, n.name LIMIT 50",
        params,
    ).fetchall()
    close = [name for name, _key, _deg in rows]
    if len(close) < limit:
        chars = {c for c in key}
        pool = con.execute(
            "SELECT DISTINCT n.name, k.key FROM names k JOIN nodes n ON n.id = k.id WHERE n.type != 'Figure'"
            + (" AND lower(n.type) = lower(?)" if node_type else ""),
            [node_type] if node_type else [],
        ).fetchall()
        scored = [(difflib.SequenceMatcher(None, key, k).ratio(), n) for n, k in pool if chars & set(k)]
        close += [n for score, n in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= 0.5]
    seen: list[str] = []
    for n in close:
        if n not in seen:
            seen.append(n)
    return seen[:limit]


def describe(con: sqlite3.Connection, node: dict[str, Any], relation: str | None = None) -> Answer:
    """Every relation in and out of `node` (MENTIONED_IN counted, not listed), with the documents cited."""
    answer = Answer(node=node)
    rel_filter = " AND type = ?" if relation else ""
    for direction, column, other_column in (("out", "source", "target"), ("in", "target", "source")):
        params: list[Any] = [node["id"]] + ([relation.upper()] if relation else [])
        for (data,) in con.execute(f"SELECT data FROM rels WHERE {column} = ?{rel_filter} ORDER BY type, id", params):
            rel = json.loads(data)
            if rel["type"] == "MENTIONED_IN":
                continue
            other = _node(con, rel[other_column])
            answer.edges.append(Edge(direction, rel, other))
    answer.mentioned_in = con.execute(
        "SELECT count(*) FROM rels WHERE source = ? AND type = 'MENTIONED_IN'", (node["id"],)
    ).fetchone()[0]
    doc_ids = {ev["doc"] for e in answer.edges for ev in e.relation["evidence"]}
    for doc_id in sorted(doc_ids):
        row = con.execute("SELECT data FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row:
            answer.documents[doc_id] = json.loads(row[0])
    answer.edges.sort(key=lambda e: (e.direction != "out", e.relation["type"], e.other.get("name", "")))
    return answer


def _node(con: sqlite3.Connection, node_id: str) -> dict[str, Any]:
    row = con.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
    if row:
        return json.loads(row[0])
    row = con.execute("SELECT data FROM docs WHERE id = ?", (node_id,)).fetchone()
    if row:
        doc = json.loads(row[0])
        return {"id": doc["id"], "type": "Document", "name": doc.get("title") or doc["path"]}
    return {"id": node_id, "type": "?", "name": node_id}
