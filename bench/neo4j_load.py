"""Benchmark the Neo4j loaders: UNWIND batches of MERGE, one statement per row, and neo4j-admin.

    python bench/neo4j_load.py                       # bench/data/graph-10000/kg.json
    python bench/neo4j_load.py --graph out/kg.json   # any kg.json
    python bench/neo4j_load.py --synthetic 500       # mini_kg.json x 500, ids renamed
    python bench/neo4j_load.py --naive-rows 0        # the naive loader on the whole graph

Both loaders run in the same run against the same server: by default a fresh local
Neo4j 5.26 (kg.neo4j.server) on a temporary folder, or your own with --uri (the
benchmark then writes and wipes its own graph tags, bench-batched and bench-naive).
Rates are nodes/s over the node phase and relationships/s over the relationship
phase, with the uniqueness constraints already in place and both loaders warmed up
on the sample first (a fresh JVM compiles each query text on first use).

The naive loader sends each row as its own auto-commit statement; at the published
50-340 rows/s a 10,000-document graph would take tens of minutes, so by default it
loads the first --naive-rows rows of the same graph (nodes, then relationships among
them), and the batched loader is timed on that sample too. Target:
batched at least 20 times the naive rate.

On the local server the same run ends with `kg neo4j load --bulk` (kg.neo4j.bulk:
CSV export, server stopped, neo4j-admin database import full, server started, the
constraints created) into the database the other loaders left empty. Its nodes/s and
relationships/s are over the importer's own node and relationship (import + linking)
phases; its total is everything from the export to the constraints. The batched
loader's total is its whole load_graph call (the constraints already exist).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from kg.model import Graph  # noqa: E402
from kg.neo4j import Connection, open_driver, resolve_connection, server  # noqa: E402
from kg.neo4j.bulk import BulkReport, bulk_load  # noqa: E402
from kg.neo4j.load import LoadReport, ensure_constraints, load_graph, read_graph, wipe_graph  # noqa: E402


def synthetic_graph(copies: int, base: Path = ROOT / "tests" / "data" / "mini_kg.json") -> Graph:
    """`copies` disjoint copies of a small kg.json, every id suffixed with the copy number."""
    data = json.loads(base.read_text(encoding="utf-8"))
    out: dict = {"documents": [], "entities": [], "relations": []}
    for i in range(copies):
        def rename(x: str, i: int = i) -> str:
            return f"{x}-{i}"
        for d in data["documents"]:
            out["documents"].append(dict(d, id=rename(d["id"])))
        for e in data["entities"]:
            mentions = [dict(m, doc=rename(m["doc"])) for m in e["mentions"]]
            out["entities"].append(dict(e, id=rename(e["id"]), mentions=mentions))
        for r in data["relations"]:
            evidence = [dict(ev, doc=rename(ev["doc"])) for ev in r["evidence"]]
            out["relations"].append(dict(r, id=rename(r["id"]), source=rename(r["source"]),
                                         target=rename(r["target"]), evidence=evidence))
    return Graph.from_dict(out)


def sample(graph: Graph, rows: int) -> Graph:
    """The first relations of the graph with their ends, about `rows` nodes and relationships in all."""
    if rows <= 0:
        return graph
    docs = {d.id: d for d in graph.documents}
    ents = {e.id: e for e in graph.entities}
    kept: dict[str, object] = {}
    rels = []
    for rel in graph.relations:
        new = {rel.source, rel.target} - set(kept)
        if not {rel.source, rel.target} <= docs.keys() | ents.keys():
            continue
        if len(kept) + len(new) + len(rels) + 1 > rows:
            break
        kept.update((i, docs.get(i) or ents[i]) for i in new)
        rels.append(rel)
    return Graph(documents=[docs[i] for i in kept if i in docs],
                 entities=[ents[i] for i in kept if i in ents], relations=rels)


def _per_second(nodes: int, relationships: int, node_s: float, relationship_s: float, total: float) -> dict:
    return {
        "nodes": nodes,
        "relationships": relationships,
        "nodes_per_s": nodes / node_s if node_s else 0.0,
        "relationships_per_s": relationships / relationship_s if relationship_s else 0.0,
        "seconds": node_s + relationship_s,
        "total_seconds": total,
    }


def rates(report: LoadReport) -> dict:
    """nodes/s and relationships/s of one load."""
    return _per_second(report.nodes, report.relationships, report.nodes_seconds, report.relationships_seconds, report.seconds)


def bulk_rates(report: BulkReport) -> dict:
    """nodes/s and relationships/s over the importer's phases, and the whole bulk load's seconds."""
    return _per_second(report.nodes, report.relationships, report.node_import_seconds,
                       report.relationship_import_seconds, report.seconds) | {
        "steps": {k: round(v, 2) for k, v in vars(report).items() if k.endswith("_seconds")},
    }


def run(graph: Graph, conn: Connection, naive_rows: int, batch_size: int, home: str | Path | None = None) -> dict:
    """Batched and naive on the same sample, then batched on the whole graph; each on an empty tag.
    With `home` (the local server's folder, its database empty), then the bulk import of the whole graph."""
    small = sample(graph, naive_rows)
    results = {}
    with open_driver(conn) as driver:
        ensure_constraints(driver, database=conn.database)
        # A fresh JVM plans and compiles every query text once: warm both loaders up on
        # the sample first, so that neither pays the start-up in its figures.
        for naive in (False, True):
            load_graph(driver, sample(small, 300) if naive else small, database=conn.database,
                       tag="bench-warmup", naive=naive)
            wipe_graph(driver, database=conn.database, tag="bench-warmup")
        # The samples first: the whole graph's wipe leaves the server busy for a while.
        for name, g, naive in (("batched_sample", small, False), ("naive_sample", small, True),
                               ("batched", graph, False)):
            tag = "bench-naive" if naive else "bench-batched"
            wipe_graph(driver, database=conn.database, tag=tag)
            print(f"  {name}: {len(g.entities) + len(g.documents)} nodes, {len(g.relations)} relations ...",
                  file=sys.stderr, flush=True)
            report = load_graph(driver, g, database=conn.database, tag=tag, batch_size=batch_size, naive=naive)
            results[name] = rates(report)
            wipe_graph(driver, database=conn.database, tag=tag)
    if home is not None:
        print(f"  bulk: {len(graph.entities) + len(graph.documents)} nodes, {len(graph.relations)} relations ...",
              file=sys.stderr, flush=True)
        report = bulk_load(graph, conn, home=home, tag="bench-bulk",
                           say=lambda line: print(f"    {line}", file=sys.stderr, flush=True))
        results["bulk"] = bulk_rates(report)
        with open_driver(conn) as driver:
            wipe_graph(driver, database=conn.database, tag="bench-bulk")
    naive = results["naive_sample"]
    for key in ("nodes_per_s", "relationships_per_s"):
        results[f"speedup_{key}"] = {
            "whole_graph": results["batched"][key] / naive[key] if naive[key] else None,
            "same_sample": results["batched_sample"][key] / naive[key] if naive[key] else None,
        }
    return results


def print_table(results: dict, source: str) -> None:
    print(f"Neo4j load benchmark: {source}")
    print(f"{'loader':<16}{'nodes':>9}{'rels':>10}{'nodes/s':>12}{'rels/s':>12}{'seconds':>10}{'total s':>10}")
    for name in ("bulk", "batched", "batched_sample", "naive_sample"):
        r = results.get(name)
        if r is None:
            print(f"{name:<16}  skipped (neo4j-admin needs the local server, not --uri)")
            continue
        print(f"{name:<16}{r['nodes']:>9}{r['relationships']:>10}{r['nodes_per_s']:>12,.0f}"
              f"{r['relationships_per_s']:>12,.0f}{r['seconds']:>10.2f}{r.get('total_seconds', r['seconds']):>10.2f}")
    if "bulk" in results:
        steps = results["bulk"]["steps"]
        print(f"bulk steps (s): export {steps['export_seconds']}, neo4j-admin {steps['import_seconds']} "
              f"(node import {steps['node_import_seconds']}, relationships {steps['relationship_import_seconds']}), "
              f"stop + start {steps['restart_seconds']}, constraints {steps['constraints_seconds']}")
        for key in ("nodes_per_s", "relationships_per_s"):
            batched = results["batched"][key]
            print(f"bulk vs batched {key.replace('_per_s', '')}: {results['bulk'][key] / batched if batched else 0:,.1f}x "
                  "(importer phases vs MERGE phases)")
        total = results["batched"]["total_seconds"]
        print(f"bulk vs batched whole load: {results['bulk']['total_seconds']:.1f} s vs {total:.1f} s")
    for key in ("nodes_per_s", "relationships_per_s"):
        s = results[f"speedup_{key}"]
        print(f"speedup {key.replace('_per_s', '')}: {s['whole_graph'] or 0:,.0f}x (whole graph vs naive), "
              f"{s['same_sample'] or 0:,.0f}x (same sample); target >= 20x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--graph", type=Path, help="kg.json to load (default: bench/data/graph-10000/kg.json)")
    group.add_argument("--synthetic", type=int, metavar="N", help="N renamed copies of tests/data/mini_kg.json")
    parser.add_argument("--naive-rows", type=int, default=3000, help="rows for the naive loader (0 = all)")
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--uri", help="your own Neo4j (with NEO4J_USERNAME/NEO4J_PASSWORD); default: a fresh local one")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    if args.synthetic:
        graph, source = synthetic_graph(args.synthetic), f"mini_kg.json x {args.synthetic}"
    else:
        if args.graph is None:
            sys.path.insert(0, str(HERE))
            from corpus import ensure_graph

            args.graph = ensure_graph()
        graph, source = read_graph(args.graph), str(args.graph)
    started = time.perf_counter()
    if args.uri:
        results = run(graph, resolve_connection(uri=args.uri), args.naive_rows, args.batch_size)
    else:
        with tempfile.TemporaryDirectory(prefix="kg-neo4j-bench-") as home:
            info = server.start(home, bolt_port=0, http_port=0, heap="2g", pagecache="512m")
            try:
                conn = Connection(uri=info.bolt_uri, user=server.USER, password=server.read_password(home))
                results = run(graph, conn, args.naive_rows, args.batch_size, home=home)
            finally:
                server.stop(home)
    results["source"] = source
    results["wall_seconds"] = time.perf_counter() - started
    print_table(results, source)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
