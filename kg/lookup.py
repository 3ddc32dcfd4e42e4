"""What the graph knows about a node: alias-aware look-up, relations, suggestions."""

from __future__ import annotations

import difflib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from kg.index import fold
from kg.text import normalize


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
    totals: dict[tuple[str, str], int] = field(default_factory=dict)  # (direction, type) -> count


def find_nodes(con: sqlite3.Connection, name: str, node_type: str | None = None) -> list[dict[str, Any]]:
    """The nodes `name` names, best first, by the first rule that finds any: an id; a
    canonical name or alias as written; the same folded (Traditional, full-width, case,
    spaces); a figure whose label holds it, when it has a digit (4.2万个 finds
    打掉“两卡”违法犯罪团伙4.2万个).
    Within a rule, the most connected first. Every command names nodes this way."""
    for tier in _tiers(con, name):
        nodes = [n for n in tier if not node_type or n["type"].lower() == node_type.lower()]
        if nodes:
            return nodes
    return []


def resolve(con: sqlite3.Connection, name: str, graph: object, node_type: str | None = None) -> list[dict[str, Any]]:
    """`find_nodes`, or a KgError worded the same for every command: what was asked, in
    which graph, the types that do have that name, and close names."""
    from kg.errors import KgError

    nodes = find_nodes(con, name, node_type)
    if nodes:
        return nodes
    what = f"no {node_type} named" if node_type else "nothing named"
    other = sorted({n["type"] for n in find_nodes(con, name)}) if node_type else []
    if other:
        listed = " and ".join(f"{'an' if t[0] in 'AEIOU' else 'a'} {t}" for t in other)
        raise KgError(f"{what} {name!r} in {graph} (there is {listed}: drop --type)")
    hints = suggest(con, name, node_type)
    hint = f" (did you mean {', '.join(hints)}?)" if hints else " (`kg lookup` with part of a name lists close ones)"
    raise KgError(f"{what} {name!r} in {graph}{hint}")


def resolve_one(con: sqlite3.Connection, name: str, graph: object, warn=None) -> dict[str, Any]:
    """The one node a command that needs one takes for `name`: the first `resolve` gives;
    `warn(message)` is told when the name fits others too."""
    nodes = resolve(con, name, graph)
    if len(nodes) > 1 and warn is not None:
        first = nodes[0]
        warn(f"{name!r} names {len(nodes)} nodes; taking {first['name']} [{first['type']}], the most connected "
             f"(`kg lookup {name}` lists them; pass an id to take another)")
    return nodes[0]


def _tiers(con: sqlite3.Connection, name: str):
    text = name.strip()
    yield _rows(con, "SELECT data, degree FROM nodes WHERE id = ?", (text,))
    key = fold(text)
    if not key:
        return
    named = _rows(con, "SELECT DISTINCT n.data, n.degree FROM names k JOIN nodes n ON n.id = k.id WHERE k.key = ?", (key,))
    yield [n for n in named if n["name"] == text]
    yield [n for n in named if text in n.get("aliases", [])]
    yield named
    # A figure's value text (4.2万个, 12.9万人): digits and at least one more character, so that
    # a lone 1, 万 or % names no figure.
    value = normalize(text)
    if len(value) >= 2 and any(ch.isdigit() for ch in value):
        yield _rows(con, "SELECT data, degree FROM nodes WHERE type = 'Figure' AND instr(name, ?) > 0", (value,))


def _rows(con: sqlite3.Connection, sql: str, params: tuple) -> list[dict[str, Any]]:
    rows = con.execute(sql, params).fetchall()
    return [json.loads(data) for data, _ in sorted(rows, key=lambda r: (-r[1], r[0]))]


def suggest(con: sqlite3.Connection, name: str, node_type: str | None = None, limit: int = 5) -> list[str]:
    """Names close to `name`: containing it, contained in it, or similar."""
    key = fold(name)
    if not key:
        return []
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # the text, not LIKE's wildcards
    params: list[Any] = [f"%{pattern}%"]
    type_clause = ""
    if node_type:
        type_clause = " AND lower(n.type) = lower(?)"
        params.append(node_type)
    rows = con.execute(
        "SELECT n.name, k.key, n.degree FROM names k JOIN nodes n ON n.id = k.id "
        f"WHERE (k.key LIKE ? ESCAPE '\\'){type_clause} ORDER BY n.degree DESC, n.name LIMIT 50",
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


def describe(
    con: sqlite3.Connection,
    node: dict[str, Any],
    relation: str | None = None,
    evidence: int | None = None,
    limit: int | None = None,
) -> Answer:
    """The relations in and out of `node` (MENTIONED_IN counted, not listed): at most
    `limit` per type and direction, the best-evidenced first, each with at most
    `evidence` pieces of evidence (None: all). Totals stay in `answer.totals` and
    each relation's `evidence_total`."""
    answer = Answer(node=node)
    for direction, column, other_column in (("out", "source", "target"), ("in", "target", "source")):
        where = f"{column} = ? AND type != 'MENTIONED_IN'" + (" AND type = ?" if relation else "")
        params: list[Any] = [node["id"]] + ([relation.upper()] if relation else [])
        for rtype, count in con.execute(f"SELECT type, count(*) FROM rels WHERE {where} GROUP BY type", params):
            answer.totals[(direction, rtype)] = count
        rows = con.execute(
            f"SELECT data FROM (SELECT data, ROW_NUMBER() OVER (PARTITION BY type ORDER BY n_evidence DESC, id) AS rank "
            f"FROM rels WHERE {where}) WHERE ? IS NULL OR rank <= ?",
            [*params, limit, limit],
        )
        for (data,) in rows:
            rel = json.loads(data)
            rel["evidence_total"] = len(rel["evidence"])
            keys = rel["evidence"] if evidence is None else rel["evidence"][:evidence]
            rel["evidence"] = [_evidence(con, *key) for key in keys]
            answer.edges.append(Edge(direction, rel, _node(con, rel[other_column])))
    answer.mentioned_in = con.execute(
        "SELECT count(*) FROM rels WHERE source = ? AND type = 'MENTIONED_IN'", (node["id"],)
    ).fetchone()[0]
    doc_ids = sorted({ev["doc"] for e in answer.edges for ev in e.relation["evidence"]})
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for doc_id, data in con.execute(f"SELECT id, data FROM docs WHERE id IN ({marks})", chunk):
            answer.documents[doc_id] = json.loads(data)
    answer.edges.sort(key=lambda e: (e.direction != "out", e.relation["type"], e.other.get("name", "")))
    return answer


def _evidence(con: sqlite3.Connection, doc: str, start: int, end: int) -> dict[str, Any]:
    """A piece of evidence with its sentence (the index keeps each sentence once)."""
    row = con.execute("SELECT text FROM sentences WHERE doc = ? AND start = ? AND end = ?", (doc, start, end)).fetchone()
    return {"doc": doc, "sentence": row[0] if row else "", "start": start, "end": end}


def _node(con: sqlite3.Connection, node_id: str) -> dict[str, Any]:
    row = con.execute("SELECT id, type, name FROM nodes WHERE id = ?", (node_id,)).fetchone()
    if row:
        return {"id": row[0], "type": row[1], "name": row[2]}
    row = con.execute("SELECT data FROM docs WHERE id = ?", (node_id,)).fetchone()
    if row:
        doc = json.loads(row[0])
        return {"id": doc["id"], "type": "Document", "name": doc.get("title") or doc["path"]}
    return {"id": node_id, "type": "?", "name": node_id}
