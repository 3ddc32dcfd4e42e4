"""bench/neo4j_load.py runs end to end on a small synthetic graph against the session's server."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from neo4j_fixtures import bulk_server, empty_database, neo4j_server

from kg.neo4j import open_driver

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
__all__ = ["bulk_server", "neo4j_server"]  # fixtures, imported for pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "neo4j_load.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_neo4j_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_graph_renames_every_id():
    bench = _bench()
    graph = bench.synthetic_graph(3)
    assert len(graph.entities) == 27 and len(graph.relations) == 51 and len(graph.documents) == 3
    assert len({e.id for e in graph.entities}) == 27
    ids = {e.id for e in graph.entities} | {d.id for d in graph.documents}
    assert all(r.source in ids and r.target in ids for r in graph.relations)
    small = bench.sample(graph, 20)
    kept = {e.id for e in small.entities} | {d.id for d in small.documents}
    assert len(kept) + len(small.relations) <= 20
    assert all(r.source in kept and r.target in kept for r in small.relations)


def test_benchmark_runs_both_loaders_and_leaves_nothing_behind(neo4j_server, capsys):
    bench = _bench()
    results = bench.run(bench.synthetic_graph(5), neo4j_server.conn, naive_rows=40, batch_size=50)
    assert results["batched"]["nodes"] == 50 and results["batched"]["relationships"] == 85
    for name in ("batched", "batched_sample", "naive_sample"):
        assert results[name]["nodes_per_s"] > 0 and results[name]["relationships_per_s"] > 0
    assert results["speedup_nodes_per_s"]["whole_graph"] > 0
    bench.print_table(dict(results, source="test"), "test")
    assert "naive_sample" in capsys.readouterr().out
    with open_driver(neo4j_server.conn) as driver:
        tagged = driver.execute_query(
            "MATCH (n) WHERE any(t IN n.kg_graphs WHERE t STARTS WITH 'bench-') RETURN count(n) AS c")
        assert tagged.records[0]["c"] == 0


def test_benchmark_puts_the_bulk_import_beside_the_batched_load(bulk_server, capsys):
    bench = _bench()
    empty_database(bulk_server.conn)
    results = bench.run(bench.synthetic_graph(5), bulk_server.conn, naive_rows=40, batch_size=50,
                        home=bulk_server.home)
    bulk = results["bulk"]
    assert (bulk["nodes"], bulk["relationships"]) == (50, 85)
    assert bulk["nodes_per_s"] > 0 and bulk["relationships_per_s"] > 0
    assert bulk["total_seconds"] >= bulk["steps"]["import_seconds"] > 0
    bench.print_table(dict(results, source="test"), "test")
    out = capsys.readouterr().out
    assert "bulk vs batched nodes" in out and "bulk steps" in out
    with open_driver(bulk_server.conn) as driver:
        assert driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"] == 0
