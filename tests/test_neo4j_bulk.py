"""`kg neo4j load --bulk` (neo4j-admin database import full into the local server) against
a real server of its own: the seeds' graph imported into an empty database answers every
queries/*.cypher file as the transactional load does, and what it must not fill, it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j_fixtures import bulk_server, counts, empty_database, neo4j_server, snapshot

from kg.cli import cli
from kg.neo4j import open_driver
from kg.neo4j.bulk import _phase_seconds
from kg.neo4j.load import constraint_statements, load_graph, read_graph
from kg.neo4j.query import read_cypher, run_query

pytestmark = pytest.mark.neo4j
__all__ = ["bulk_server", "neo4j_server"]  # fixtures, imported for pytest

QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.cypher"))


def _answers(driver) -> dict[str, tuple[list, list]]:
    return {q.stem: run_query(driver, read_cypher(str(q))) for q in QUERIES}


def _key(row: list) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _constraints(driver) -> set[tuple]:
    rows = driver.execute_query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").records
    return {(r["name"], r["type"], tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in rows}


@pytest.mark.slow
def test_bulk_fills_an_empty_database_like_the_transactional_load(bulk_server, seeds_kg_json):
    runner = CliRunner()
    env = bulk_server.env()
    empty_database(bulk_server.conn)
    result = runner.invoke(cli, ["neo4j", "load", "--bulk", "--graph", str(seeds_kg_json), "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    graph = read_graph(seeds_kg_json)
    assert report["nodes"] == len(graph.documents) + len(graph.entities)
    assert report["relationships"] == len(graph.relations) - report["skipped_relationships"]
    with open_driver(bulk_server.conn) as driver:
        bulk_answers, bulk_graph, bulk_schema = _answers(driver), snapshot(driver), _constraints(driver)
        assert len(bulk_graph) == report["nodes"] + report["relationships"]
        assert {name for name, *_ in bulk_schema} >= {s.split()[2] for s in constraint_statements()}
        # A transactional load over the imported graph finds everything there already.
        again = load_graph(driver, graph)
        assert (again.nodes_created, again.relationships_created) == (0, 0)
        assert snapshot(driver) == bulk_graph
        # The same graph loaded with MERGE into an empty database: the same answers.
        driver.execute_query("MATCH (n) DETACH DELETE n")
        load_graph(driver, graph)
        assert snapshot(driver) == bulk_graph
        assert _constraints(driver) == bulk_schema
        merged_answers = _answers(driver)
    assert sum(len(rows) for _columns, rows in bulk_answers.values()) > 10  # not a comparison of nothing
    for query in QUERIES:
        (columns, rows), (bulk_columns, bulk_rows) = merged_answers[query.stem], bulk_answers[query.stem]
        assert bulk_columns == columns, query.stem
        if "ORDER BY" in query.read_text(encoding="utf-8"):
            assert bulk_rows == rows, query.stem
        else:  # rows in storage order (10_campaign_network, a picture): the same rows, any order
            assert sorted(map(_key, bulk_rows)) == sorted(map(_key, rows)), query.stem


@pytest.mark.slow
def test_bulk_refuses_a_database_that_holds_nodes(bulk_server, seeds_kg_json):
    runner = CliRunner()
    env = bulk_server.env()
    with open_driver(bulk_server.conn) as driver:
        driver.execute_query("CREATE (:Agency {id: 'someone-else', name: '别的图'})")
        before, (nodes, _rels) = snapshot(driver), counts(driver)
    result = runner.invoke(cli, ["neo4j", "load", "--bulk", "--graph", str(seeds_kg_json)], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: database neo4j at {bulk_server.conn.uri} is not empty ({nodes} nodes): --bulk only "
        "fills an empty database; load without --bulk, or empty it first"]
    with open_driver(bulk_server.conn) as driver:  # the server was not stopped: the same connection works
        assert snapshot(driver) == before
    empty_database(bulk_server.conn)


def test_bulk_refuses_a_server_it_does_not_manage(neo4j_server, tmp_path):
    runner = CliRunner()
    env = neo4j_server.env()
    graph = Path(__file__).parent / "data" / "mini_kg.json"
    other = runner.invoke(cli, ["neo4j", "load", "--bulk", "--graph", str(graph), "--uri", "bolt://127.0.0.1:9",
                                "--password", "x"], env=env)
    assert other.exit_code == 1 and len(other.output.strip().splitlines()) == 1
    assert other.output.startswith("Error: --bulk only fills the local Neo4j that `kg neo4j start` runs")
    assert "Traceback" not in other.output
    stopped = runner.invoke(cli, ["neo4j", "load", "--bulk", "--graph", str(graph), "--password", "x"],
                            env=dict(env, KG_NEO4J_HOME=str(tmp_path / "never-started")))
    assert stopped.exit_code == 1 and len(stopped.output.strip().splitlines()) == 1
    assert "--bulk needs the local Neo4j running" in stopped.output
    wipe = runner.invoke(cli, ["neo4j", "load", "--bulk", "--wipe", "--graph", str(graph)], env=env)
    assert wipe.exit_code == 2 and "does not go with --wipe" in wipe.output


def test_importer_phase_times_are_read():
    output = ("Node import COMPLETED in 3s 177ms\n\n(2/4) Relationship import 2026-11-30\n"
              "Relationship import COMPLETED in 1m 1s 593ms\nRelationship linking COMPLETED in 109ms\n"
              "IMPORT DONE in 14s 112ms.\n")
    assert _phase_seconds(output) == {"Node import": 3.177, "Relationship import": 61.593,
                                      "Relationship linking": 0.109}
