"""Load kg.json into Neo4j: uniqueness constraints first, then UNWIND batches of MERGE.

Labels are the node types (Procuratorate, Court, PublicSecurity added on agencies of
that kind) and relationship types are `kg.model.RELATION_TYPES`; both come from those
lists only and are the only parts of a query not passed as parameters, so no text from
a document can change a query. Every node and relationship carries `kg_graphs`, the
tags of the graphs it belongs to, so `wipe_graph` removes this graph and nothing else.
MERGE on id makes loading idempotent: a second load, or a load after one cut off
midway, ends in the same graph.

A load sends two statement texts, the same for every graph (`batched_node_query`,
`batched_relationship_query`), and no schema command once the constraints exist, so
a running server plans each text once and a small graph loads in about a second.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.model import NODE_TYPES, RELATION_TYPES, Graph

DEFAULT_TAG = "kg"
DEFAULT_BATCH = 10_000
KIND_LABELS = {"procuratorate": "Procuratorate", "court": "Court", "public_security": "PublicSecurity"}

Progress = Callable[[str, int, int], None]  # (what, rows done, rows in all)


@dataclass
class LoadReport:
    """What a load did: rows sent, what was new, what was skipped, how long it took."""

    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    skipped_relationships: int = 0
    wiped_nodes: int = 0
    seconds: float = 0.0
    nodes_seconds: float = 0.0  # the node phase alone, for rates (no constraints, no wipe)
    relationships_seconds: float = 0.0


def read_graph(path: str | Path) -> Graph:
    """kg.json through json + Graph.from_dict (or the Spark engine's parts folder), with a
    one-line KgError for a bad file."""
    path = Path(path)
    if path.is_dir():
        from kg.spark import read_parts

        return read_parts(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KgError(f"no graph at {path}: run `kg build` first or give --graph") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise KgError(f"{path} is not valid kg.json: {exc}") from None
    try:
        return Graph.from_dict(data)
    except (TypeError, KeyError, AttributeError) as exc:
        raise KgError(f"{path} does not have the kg.json shape: {exc}") from None


def node_groups(graph: Graph) -> dict[tuple[str, str | None], list[dict]]:
    """Node rows grouped by (label, extra label): one constant query text per group."""
    groups: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for doc in graph.documents:
        props = {"id": doc.id, "name": doc.title or doc.path, "title": doc.title, "path": doc.path,
                 "date": to_date(doc.date), "url": doc.url, "author": doc.author, "format": doc.format,
                 "encoding": doc.encoding, "chars": doc.chars, "sha1": doc.sha1}
        groups[("Document", None)].append(_row(doc.id, props))
    for ent in graph.entities:
        if ent.type not in NODE_TYPES or ent.type == "Document":
            raise KgError(f"unknown node type {ent.type!r} on {ent.id} (expected one of {', '.join(NODE_TYPES[:-1])})")
        props = dict(ent.props)
        if ent.type == "Figure":
            props.update(_figure_props(props))
        docs = sorted({m.doc for m in ent.mentions})
        props.update(id=ent.id, name=ent.name, aliases=sorted(set(ent.aliases) - {ent.name}),
                     mention_docs=docs, mention_count=len(ent.mentions))
        extra = KIND_LABELS.get(props.get("kind")) if ent.type == "Agency" else None
        groups[(ent.type, extra)].append(_row(ent.id, props))
    return dict(groups)


def relationship_groups(graph: Graph) -> tuple[dict[tuple[str, str, str], list[dict]], int]:
    """Relationship rows grouped by (type, source label, target label), and how many
    relations were skipped because an end is not in the graph."""
    label_of = {d.id: "Document" for d in graph.documents} | {e.id: e.type for e in graph.entities}
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    skipped = 0
    for rel in graph.relations:
        if rel.type not in RELATION_TYPES:
            raise KgError(f"unknown relation type {rel.type!r} on {rel.id} (expected one of {', '.join(RELATION_TYPES)})")
        src, tgt = label_of.get(rel.source), label_of.get(rel.target)
        if src is None or tgt is None:
            skipped += 1
            continue
        evidence = sorted(set(rel.evidence))
        props = dict(rel.props)
        props.update(id=rel.id, evidence_docs=[e.doc for e in evidence],
                     evidence_sentences=[e.sentence for e in evidence],
                     evidence_starts=[e.start for e in evidence], evidence_ends=[e.end for e in evidence],
                     evidence_count=len(evidence))
        row = _row(rel.id, props)
        row.update(source=rel.source, target=rel.target)
        groups[(rel.type, src, tgt)].append(row)
    return dict(groups), skipped


def constraint_statements() -> list[str]:
    """Uniqueness constraints on id for every label and relationship type of the model."""
    nodes = [f"CREATE CONSTRAINT kg_{t.lower()}_id IF NOT EXISTS FOR (n:{t}) REQUIRE n.id IS UNIQUE"
             for t in NODE_TYPES]
    rels = [f"CREATE CONSTRAINT kg_rel_{t.lower()}_id IF NOT EXISTS FOR ()-[r:{t}]-() REQUIRE r.id IS UNIQUE"
            for t in RELATION_TYPES]
    return nodes + rels


def node_query(label: str, extra: str | None, single: bool = False) -> str:
    """MERGE text for one node group; `single` is the one-row-per-statement form."""
    if label not in NODE_TYPES or extra not in (None, *KIND_LABELS.values()):
        raise ValueError(f"not a label of the domain model: {label!r}, {extra!r}")
    source = "WITH $row AS row" if single else "UNWIND $rows AS row"
    lines = [source, f"MERGE (n:{label} {{id: row.id}})",
             "WITH n, row, coalesce(n.kg_graphs, []) AS graphs",
             "SET n = row.props",
             "SET n.kg_graphs = CASE WHEN $tag IN graphs THEN graphs ELSE graphs + $tag END"]
    if label == "Agency":
        # A kind can change between builds: drop the old kind label before adding the new.
        others = [x for x in KIND_LABELS.values() if x != extra]
        lines.append("REMOVE n:" + ":".join(others))
        if extra:
            lines.append(f"SET n:{extra}")
    return "\n".join(lines)


def relationship_query(rel_type: str, src: str, tgt: str, single: bool = False) -> str:
    """MERGE text for one relationship group, matching ends by label so the index is used."""
    if rel_type not in RELATION_TYPES or src not in NODE_TYPES or tgt not in NODE_TYPES:
        raise ValueError(f"not a type of the domain model: {rel_type!r}, {src!r}, {tgt!r}")
    source = "WITH $row AS row" if single else "UNWIND $rows AS row"
    return "\n".join([source,
                      f"MATCH (a:{src} {{id: row.source}})",
                      f"MATCH (b:{tgt} {{id: row.target}})",
                      f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b)",
                      "WITH r, row, coalesce(r.kg_graphs, []) AS graphs",
                      "SET r = row.props",
                      "SET r.kg_graphs = CASE WHEN $tag IN graphs THEN graphs ELSE graphs + $tag END"])


def batched_node_query() -> str:
    """The one MERGE text for node rows of every label (rows carry `label` and `kind_label`).

    The text is the same for every graph, so the server plans it once and keeps the
    plan: one text per (label, kind) group meant a plan per group on every new server,
    and again whenever the store's statistics had changed (after the first load), and
    planning, not writing, was most of a small load. `replan=skip` keeps a cached plan
    when the statistics move: its index seeks are the right plan at any size."""
    branches = "\n  UNION ALL\n".join(
        f"  WITH row\n  WITH row WHERE row.label = '{label}'\n  MERGE (n:{label} {{id: row.id}})\n  RETURN n"
        for label in NODE_TYPES)
    lines = ["CYPHER replan=skip", "UNWIND $rows AS row", "CALL {", branches, "}",
             "WITH n, row, coalesce(n.kg_graphs, []) AS graphs",
             "SET n = row.props",
             "SET n.kg_graphs = CASE WHEN $tag IN graphs THEN graphs ELSE graphs + $tag END"]
    # A kind can change between builds: the kind label follows the row's kind.
    for kind in KIND_LABELS.values():
        lines.append(f"FOREACH (x IN CASE WHEN row.kind_label = '{kind}' THEN [1] ELSE [] END | SET n:{kind})")
        lines.append(f"FOREACH (x IN CASE WHEN row.label = 'Agency' AND coalesce(row.kind_label, '') <> '{kind}' "
                     f"THEN [1] ELSE [] END | REMOVE n:{kind})")
    lines.append("RETURN row.id AS id, elementId(n) AS element")
    return "\n".join(lines)


def batched_relationship_query() -> str:
    """The one MERGE text for relationship rows of every type (rows carry `type` and the
    element ids of both ends, which the node phase returned, so no end label is needed)."""
    branches = "\n  UNION ALL\n".join(
        f"  WITH a, b, row\n  WITH a, b, row WHERE row.type = '{rel_type}'\n"
        f"  MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b)\n  RETURN r"
        for rel_type in RELATION_TYPES)
    return "\n".join(["CYPHER replan=skip", "UNWIND $rows AS row",
                      "MATCH (a) WHERE elementId(a) = row.source_element",
                      "MATCH (b) WHERE elementId(b) = row.target_element",
                      "CALL {", branches, "}",
                      "WITH r, row, coalesce(r.kg_graphs, []) AS graphs",
                      "SET r = row.props",
                      "SET r.kg_graphs = CASE WHEN $tag IN graphs THEN graphs ELSE graphs + $tag END"])


def load_graph(driver: Any, graph: Graph, *, database: str = "neo4j", tag: str = DEFAULT_TAG,
               batch_size: int = DEFAULT_BATCH, wipe: bool = False, naive: bool = False,
               progress: Progress | None = None) -> LoadReport:
    """Load `graph` (constraints, nodes, then relationships); `naive` sends one row per
    statement in its own transaction, the baseline of bench/neo4j_load.py."""
    started = time.perf_counter()
    report = LoadReport()
    # Rows first: a graph with a type outside the domain model is refused before any write.
    nodes = node_groups(graph)
    rels, report.skipped_relationships = relationship_groups(graph)
    if wipe:
        report.wiped_nodes = wipe_graph(driver, database=database, tag=tag)
    ensure_constraints(driver, database=database)
    report.nodes = sum(map(len, nodes.values()))
    report.relationships = sum(map(len, rels.values()))
    load = _load_naive if naive else _load_batched
    load(driver, nodes, rels, report, database=database, tag=tag, batch_size=batch_size, progress=progress)
    report.seconds = time.perf_counter() - started
    return report


def _load_batched(driver: Any, nodes: dict, rels: dict, report: LoadReport, *, database: str, tag: str,
                  batch_size: int, progress: Progress | None) -> None:
    """Two statement texts in all (nodes, relationships), in transactions of `batch_size` rows."""
    node_rows = [dict(row, label=label, kind_label=kind)
                 for (label, kind), rows in sorted(nodes.items(), key=str) for row in rows]
    elements: dict[str, str] = {}
    with driver.session(database=database) as session:
        phase_started = time.perf_counter()
        query = batched_node_query()
        for i in range(0, len(node_rows), batch_size):
            chunk = node_rows[i:i + batch_size]
            found, counters = session.execute_write(_run_nodes, query, chunk, tag)
            elements.update(found)
            report.nodes_created += counters.nodes_created
            if progress:
                progress("nodes", i + len(chunk), report.nodes)
        report.nodes_seconds = time.perf_counter() - phase_started
        phase_started = time.perf_counter()
        query = batched_relationship_query()
        rel_rows = [dict(row, type=rel_type, source_element=elements.get(row["source"]),
                         target_element=elements.get(row["target"]))
                    for (rel_type, _src, _tgt), rows in sorted(rels.items()) for row in rows]
        for i in range(0, len(rel_rows), batch_size):
            chunk = rel_rows[i:i + batch_size]
            counters = session.execute_write(_run_relationships, query, chunk, tag)
            report.relationships_created += counters.relationships_created
            if progress:
                progress("relationships", i + len(chunk), report.relationships)
        report.relationships_seconds = time.perf_counter() - phase_started


def _run_nodes(tx: Any, query: str, rows: list[dict], tag: str) -> tuple[list[tuple[str, str]], Any]:
    result = tx.run(query, rows=rows, tag=tag)
    found = [(record["id"], record["element"]) for record in result]
    return found, result.consume().counters


def _run_relationships(tx: Any, query: str, rows: list[dict], tag: str) -> Any:
    return tx.run(query, rows=rows, tag=tag).consume().counters


def _load_naive(driver: Any, nodes: dict, rels: dict, report: LoadReport, *, database: str, tag: str,
                batch_size: int, progress: Progress | None) -> None:
    """One auto-commit statement per row, one statement text per group: the baseline."""
    with driver.session(database=database) as session:
        for what, jobs in (("nodes", [(node_query(*key, single=True), rows)
                                      for key, rows in sorted(nodes.items(), key=str)]),
                           ("relationships", [(relationship_query(*key, single=True), rows)
                                              for key, rows in sorted(rels.items())])):
            phase_started = time.perf_counter()
            done = 0
            for query, rows in jobs:
                for row in rows:
                    counters = session.run(query, row=row, tag=tag).consume().counters
                    report.nodes_created += counters.nodes_created
                    report.relationships_created += counters.relationships_created
                    done += 1
                    if progress:
                        progress(what, done, report.nodes if what == "nodes" else report.relationships)
            elapsed = time.perf_counter() - phase_started
            if what == "nodes":
                report.nodes_seconds = elapsed
            else:
                report.relationships_seconds = elapsed


def ensure_constraints(driver: Any, database: str = "neo4j") -> list[str]:
    """Create the uniqueness constraints that are missing and wait for their indexes; the
    names created. One SHOW CONSTRAINTS when all exist: 23 schema commands and a wait on
    every load were a second of each load."""
    from kg.neo4j import driver_module

    neo4j = driver_module()
    with driver.session(database=database) as session:
        have = {record["name"] for record in session.run("SHOW CONSTRAINTS YIELD name")}
        created = []
        for statement in constraint_statements():
            name = statement.split()[2]
            if name in have:
                continue
            try:
                session.run(statement).consume()
            except neo4j.exceptions.ClientError:
                # Neo4j before 5.7 has no relationship uniqueness constraints: MERGE still
                # works without them, only slower, so go on.
                if "()-[r:" not in statement:
                    raise
                continue
            created.append(name)
        if created:
            session.run("CALL db.awaitIndexes(300)").consume()
    return created


def wipe_graph(driver: Any, database: str = "neo4j", tag: str = DEFAULT_TAG) -> int:
    """Remove this graph's tag everywhere and delete what no other graph holds; nodes deleted."""
    deleted = 0
    untag = "SET x.kg_graphs = [g IN x.kg_graphs WHERE g <> $tag] WITH x WHERE size(x.kg_graphs) = 0"
    with driver.session(database=database) as session:
        # CALL { ... } IN TRANSACTIONS keeps memory flat on a big graph; it needs an
        # auto-commit transaction, hence session.run.
        session.run("MATCH ()-[x]->() WHERE $tag IN x.kg_graphs "
                    f"CALL {{ WITH x {untag} DELETE x }} IN TRANSACTIONS OF 10000 ROWS", tag=tag).consume()
        for label in NODE_TYPES:
            summary = session.run(f"MATCH (x:{label}) WHERE $tag IN x.kg_graphs "
                                  f"CALL {{ WITH x {untag} DETACH DELETE x }} IN TRANSACTIONS OF 10000 ROWS",
                                  tag=tag).consume()
            deleted += summary.counters.nodes_deleted
    return deleted


def to_date(value: Any, end: bool = False) -> dt.date | None:
    """An ISO date, year-month or year as a date (the last day of the span when `end`)."""
    if not isinstance(value, str):
        return None
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if len(parts) > 2:
            return dt.date(year, month, int(parts[2]))
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    except (ValueError, IndexError):
        return None


def _figure_props(props: dict[str, Any]) -> dict[str, Any]:
    """A Figure's value as a number and its period as dates (the ISO text kept in `period`)."""
    out: dict[str, Any] = {"value": _number(props.get("value"))}
    start, end = props.get("period_start"), props.get("period_end")
    out["period_start"] = to_date(start)
    out["period_end"] = to_date(end, end=True)
    if start or end:
        out["period"] = f"{start or ''}..{end or ''}"
    return out


def _number(value: Any) -> int | float | None:
    """42000 stays an int, 3291.5 a float; a number written as text becomes a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return value if isinstance(value, int) else None


def _row(node_id: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"id": node_id, "props": clean_props(props)}


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties Neo4j can store: None and empty values dropped, nested values as JSON text."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or value == "" or value == [] or key == "kg_graphs":
            continue
        if isinstance(value, float) and not math.isfinite(value):
            continue
        if isinstance(value, list) and not _homogeneous(value):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out[str(key)] = value
    return out


def _homogeneous(values: list) -> bool:
    """Neo4j lists hold one primitive type (ints and floats count as numbers)."""
    kinds = {"number" if isinstance(v, int | float) and not isinstance(v, bool) else type(v).__name__
             for v in values}
    return len(kinds) == 1 and kinds <= {"number", "str", "bool"}
