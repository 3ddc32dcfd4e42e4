"""`export_cypher` and `export_neo4j_csv`: both loaded into a real server (the CSV with
neo4j-admin of the same jars) and compared with the driver load of the same graph."""

from __future__ import annotations

import datetime as dt

import pytest
from neo4j_fixtures import (
    HOSTILE_NAMES,
    counts,
    db,
    hostile_graph,
    neo4j_server,
    rich_graph,
    snapshot,
    start_server,
)

from kg.model import Graph
from kg.neo4j import open_driver, server
from kg.neo4j.export import cypher_literal, export_cypher, export_neo4j_csv
from kg.neo4j.load import load_graph

pytestmark = pytest.mark.neo4j
__all__ = ["db", "neo4j_server"]  # fixtures, imported for pytest


def graph_for_export() -> Graph:
    """The hand-made graph plus the hostile names: both exports must carry them intact."""
    graph, hostile = rich_graph(), hostile_graph()
    known = {e.id for e in graph.entities}
    graph.entities += [e for e in hostile.entities if e.id not in known]
    graph.relations += [r for r in hostile.relations if r.id.startswith("rel-hostile")]
    return graph


def run_script(driver, text: str) -> int:
    """Run a script of one statement a line (comment lines skipped), as cypher-shell would."""
    statements = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("//")]
    with driver.session() as session:
        for statement in statements:
            assert statement.endswith(";")
            session.run(statement[:-1]).consume()
    return len(statements)


def test_literals_escape_every_value():
    assert cypher_literal("O'Brien \\ \"q\"\n`b`{x}") == "'O\\'Brien \\\\ \"q\"\\n`b`{x}'"
    assert cypher_literal("\u2028\x00") == "'\\u2028\\u0000'"
    assert cypher_literal({"a`b": [1, 2.5, True, None]}) == "{`a``b`: [1, 2.5, true, null]}"
    assert cypher_literal(dt.date(2021, 4, 1)) == "date('2021-04-01')"
    assert cypher_literal(float("nan")) == "null"


def test_cypher_script_builds_the_same_graph_as_the_driver_load(db, tmp_path):
    graph = graph_for_export()
    load_graph(db, graph)
    expected = snapshot(db)
    db.execute_query("MATCH (n) DETACH DELETE n")
    path = export_cypher(graph, tmp_path / "kg.cypher")
    text = path.read_text(encoding="utf-8")
    assert all("\n" not in ln for ln in text.splitlines())
    run_script(db, text)
    assert snapshot(db) == expected
    run_script(db, text)  # a second run changes nothing
    assert snapshot(db) == expected
    names = {r["n"] for r in db.execute_query("MATCH (p:Person) RETURN p.name AS n").records}
    assert set(HOSTILE_NAMES) <= names
    assert db.execute_query("MATCH (n:Pwned) RETURN count(n) AS c").records[0]["c"] == 0


@pytest.mark.slow
def test_neo4j_admin_import_of_the_csv_matches_the_driver_load(db, tmp_path):
    graph = graph_for_export()
    load_graph(db, graph)
    expected = snapshot(db)
    out = export_neo4j_csv(graph, tmp_path / "csv")
    assert (out / "import.args").exists() and (out / "nodes_Figure.csv").exists()

    home = tmp_path / "import-home"
    other = start_server(home)  # creates conf, password and system database
    server.stop(home)
    try:
        server.run_admin(["database", "import", "full", "neo4j", "@import.args"], home, cwd=out)
        server.start(home)
        with open_driver(other.conn) as imported:
            assert counts(imported) == counts(db)
            assert snapshot(imported) == expected
            fig = imported.execute_query("MATCH (f:Figure {raw: '3.9万人'}) RETURN f").records[0]["f"]
            assert fig["value"] == 39000 and fig["period_end"].to_native() == dt.date(2021, 12, 31)
    finally:
        server.stop(home)
