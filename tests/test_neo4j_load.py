"""kg.neo4j.load and `kg neo4j load` against the test session's real Neo4j server."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from neo4j_fixtures import (
    HOSTILE_NAMES,
    MINI_KG,
    counts,
    db,
    hostile_graph,
    mini_graph,
    neo4j_server,
    rich_graph,
    snapshot,
)

from kg.cli import cli
from kg.errors import KgError
from kg.model import Entity, Relation
from kg.neo4j.load import load_graph, to_date, wipe_graph

pytestmark = pytest.mark.neo4j
__all__ = ["db", "neo4j_server"]  # fixtures, imported for pytest


def test_labels_types_and_properties(db):
    report = load_graph(db, mini_graph(), batch_size=3)
    assert (report.nodes, report.relationships) == (10, 17)
    assert (report.nodes_created, report.relationships_created) == (10, 17)
    assert counts(db) == (10, 17)
    rows = db.execute_query("MATCH (a:Agency) RETURN a.name AS name, labels(a) AS labels").records
    labels = {r["name"]: sorted(r["labels"]) for r in rows}
    assert labels == {
        "公安部": ["Agency", "PublicSecurity"],
        "国家移民管理局": ["Agency", "PublicSecurity"],
        "最高人民检察院": ["Agency", "Procuratorate"],
        "最高人民法院": ["Agency", "Court"],
    }
    fig = db.execute_query("MATCH (f:Figure {raw: '4.2万个'}) RETURN f").records[0]["f"]
    assert fig["value"] == 42000 and isinstance(fig["value"], int)
    assert fig["period_start"].to_native() == dt.date(2021, 4, 1)
    assert fig["period_end"].to_native() == dt.date(2022, 4, 15)
    assert fig["kg_graphs"] == ["kg"]
    rel = db.execute_query(
        "MATCH (:Agency {name: '公安部'})-[r:LEADS]->(:Campaign {name: '断卡'}) RETURN r").records[0]["r"]
    assert rel["evidence_docs"] == ["document-a0ce1bb1380c08cd"]
    assert rel["evidence_starts"] == [400] and rel["evidence_ends"] == [545]
    assert rel["evidence_sentences"][0].startswith("公安部会同国家移民管理局")
    doc = db.execute_query("MATCH (d:Document) RETURN d").records[0]["d"]
    assert doc["date"].to_native() == dt.date(2022, 4, 15)
    types = {r["t"] for r in db.execute_query("MATCH ()-[r]->() RETURN DISTINCT type(r) AS t").records}
    assert types == {"LEADS", "YIELDS", "PARTICIPATES_IN", "REPORTS", "MENTIONED_IN"}


def test_constraints_exist_first(db):
    load_graph(db, mini_graph())
    rows = db.execute_query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").records
    by_name = {r["name"]: r for r in rows}
    for label in ("Agency", "Figure", "Document", "LEADS", "MENTIONED_IN"):
        name = f"kg_{'rel_' if label.isupper() else ''}{label.lower()}_id"
        assert by_name[name]["properties"] == ["id"], name


def test_loading_twice_changes_nothing(db):
    load_graph(db, rich_graph())
    before = snapshot(db)
    again = load_graph(db, rich_graph())
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert snapshot(db) == before


def test_a_grown_graph_adds_only_what_is_new(db):
    small, big = mini_graph(), rich_graph()
    load_graph(db, small)
    report = load_graph(db, big)
    assert report.nodes_created == len(big.entities) + len(big.documents) - 10
    assert report.relationships_created == len(big.relations) - 17
    fresh = snapshot(db)
    db.execute_query("MATCH (n) DETACH DELETE n")
    load_graph(db, big)
    assert snapshot(db) == fresh


def test_a_load_cut_off_midway_is_completed_by_running_it_again(db):
    graph = rich_graph()
    load_graph(db, graph)
    complete = snapshot(db)
    db.execute_query("MATCH (n) DETACH DELETE n")

    class Cut(Exception):
        pass

    def cut(what: str, done: int, total: int) -> None:
        if what == "relationships" and done >= 4:
            raise Cut

    with pytest.raises(Cut):
        load_graph(db, graph, batch_size=2, progress=cut)
    assert 0 < counts(db)[1] < len(graph.relations)
    load_graph(db, graph, batch_size=2)
    assert snapshot(db) == complete


def test_wipe_removes_only_this_graph(db):
    db.execute_query("CREATE (:Agency {id: 'someone-else', name: '别的图'})-[:LEADS]->(:Other {x: 1})")
    load_graph(db, mini_graph(), tag="mini")
    load_graph(db, rich_graph(), tag="rich")  # shares mini's nodes
    assert wipe_graph(db, tag="rich") == len(rich_graph().entities) + 3 - 10
    assert counts(db) == (12, 18)
    shared = db.execute_query("MATCH (a:Agency {name: '公安部'}) RETURN a.kg_graphs AS g").records[0]["g"]
    assert shared == ["mini"]
    wipe_graph(db, tag="mini")
    assert counts(db) == (2, 1)  # only the foreign nodes are left


def test_hostile_names_come_back_unchanged(db):
    load_graph(db, hostile_graph())
    rows = db.execute_query("MATCH (p:Person) WHERE p.id STARTS WITH 'person-hostile' "
                            "RETURN p.id AS id, p.name AS name, p.aliases AS aliases, p.note AS note, "
                            "p.nested AS nested ORDER BY id").records
    assert [r["name"] for r in rows] == list(HOSTILE_NAMES)
    for row, name in zip(rows, HOSTILE_NAMES, strict=True):
        assert sorted(row["aliases"]) == sorted([name + "'", "`" + name])
        assert row["note"] == name
        assert json.loads(row["nested"]) == {"k": name}
    assert db.execute_query("MATCH (n:Pwned) RETURN count(n) AS c").records[0]["c"] == 0
    assert counts(db) == (10 + len(HOSTILE_NAMES), 17 + len(HOSTILE_NAMES))


def test_unknown_types_are_refused_before_anything_is_sent(db):
    graph = mini_graph()
    graph.entities.append(Entity(id="x-1", type="Agency`) DETACH DELETE n //", name="x"))
    with pytest.raises(KgError, match="unknown node type"):
        load_graph(db, graph)
    graph = mini_graph()
    graph.relations.append(Relation(id="r-1", type="LEADS]->() DELETE x //", source="a", target="b"))
    with pytest.raises(KgError, match="unknown relation type"):
        load_graph(db, graph)
    assert counts(db) == (0, 0)


def test_relations_with_a_missing_end_are_skipped(db):
    graph = mini_graph()
    graph.relations.append(Relation(id="rel-dangling", type="LEADS", source="agency-dfc0dcd0627e25c8",
                                    target="campaign-does-not-exist"))
    report = load_graph(db, graph)
    assert report.skipped_relationships == 1 and counts(db) == (10, 17)


def test_partial_periods_become_dates():
    assert to_date("2021-04") == dt.date(2021, 4, 1)
    assert to_date("2021-04", end=True) == dt.date(2021, 4, 30)
    assert to_date("2024-02", end=True) == dt.date(2024, 2, 29)
    assert to_date("2021", end=True) == dt.date(2021, 12, 31)
    assert to_date("去年") is None and to_date(None) is None


def test_cli_load_prints_counts_and_never_the_password(db, neo4j_server):
    runner = CliRunner()
    env = neo4j_server.env()
    result = runner.invoke(cli, ["neo4j", "load", "--graph", str(MINI_KG)], env=env)
    assert result.exit_code == 0, result.output
    assert "nodes:          10 (10 new)" in result.output
    assert "relationships:  17 (17 new)" in result.output
    assert neo4j_server.conn.password not in result.output
    again = runner.invoke(cli, ["neo4j", "load", "--graph", str(MINI_KG), "--json"], env=env)
    assert json.loads(again.output)["nodes_created"] == 0
    wiped = runner.invoke(cli, ["neo4j", "load", "--graph", str(MINI_KG), "--wipe"], env=env)
    assert "wiped:          10 nodes" in wiped.output and "(10 new)" in wiped.output


def test_cli_load_errors_are_one_line(neo4j_server, tmp_path):
    runner = CliRunner()
    env = neo4j_server.env()
    missing = runner.invoke(cli, ["neo4j", "load", "--graph", str(tmp_path / "nope.json")], env=env)
    assert missing.exit_code == 1 and missing.output.startswith("Error: no graph at")
    env_wrong = dict(env, NEO4J_PASSWORD="wrong-password")
    wrong = runner.invoke(cli, ["neo4j", "load", "--graph", str(MINI_KG)], env=env_wrong)
    assert wrong.exit_code == 1
    assert wrong.output.strip().splitlines() == [
        f"Error: Neo4j at {neo4j_server.info.bolt_uri} refused user 'neo4j': wrong user name or password"]
    down = runner.invoke(cli, ["neo4j", "load", "--graph", str(MINI_KG), "--uri", "bolt://127.0.0.1:9",
                               "--password", "x"], env=env)
    assert down.exit_code == 1 and len(down.output.strip().splitlines()) == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in down.output
    no_pw = runner.invoke(cli, ["neo4j", "load", "--graph", str(MINI_KG), "--uri", "bolt://127.0.0.1:9"],
                          env=env)
    assert no_pw.exit_code == 1 and "no password for bolt://127.0.0.1:9" in no_pw.output


class _Recorder:
    """A driver whose sessions and transactions note every statement text they send."""

    def __init__(self, driver) -> None:
        self.driver, self.texts = driver, []

    def session(self, **kwargs):
        recorder, session = self, self.driver.session(**kwargs)

        class Tx:
            def __init__(self, tx) -> None:
                self.tx = tx

            def run(self, query, *args, **kw):
                recorder.texts.append(query)
                return self.tx.run(query, *args, **kw)

        class Session:
            def __enter__(self):
                session.__enter__()
                return self

            def __exit__(self, *exc):
                return session.__exit__(*exc)

            def run(self, query, *args, **kw):
                recorder.texts.append(query)
                return session.run(query, *args, **kw)

            def execute_write(self, work, *args, **kw):
                return session.execute_write(lambda tx, *a, **k: work(Tx(tx), *a, **k), *args, **kw)

        return Session()


def test_a_load_sends_two_statement_texts_and_a_repeat_no_schema_command(db):
    """What made a small load slow: a text per (label, type, end labels) group, each planned by
    the server (and planned again once the first load had changed its statistics), and 23
    schema commands on every load. Now: one text for nodes, one for relationships, whatever
    the graph, and only SHOW CONSTRAINTS once they exist."""
    first = _Recorder(db)
    load_graph(first, rich_graph())
    writes = {t for t in first.texts if "MERGE" in t}
    assert len(writes) == 2 and all(t.startswith("CYPHER replan=skip") for t in writes)
    again = _Recorder(db)
    report = load_graph(again, hostile_graph())  # another graph, other groups: the same two texts
    assert {t for t in again.texts if "MERGE" in t} == writes
    assert not [t for t in again.texts if "CREATE CONSTRAINT" in t or "awaitIndexes" in t]
    assert report.nodes_created == len(HOSTILE_NAMES)


def test_a_repeat_load_of_the_seeds_changes_nothing(db, neo4j_server, seeds_kg_json):
    runner = CliRunner()
    env = neo4j_server.env()
    first = runner.invoke(cli, ["neo4j", "load", "--graph", str(seeds_kg_json), "--json"], env=env)
    assert first.exit_code == 0, first.output
    loaded = snapshot(db)
    assert json.loads(first.output)["nodes_created"] == len(loaded) - json.loads(first.output)["relationships"]
    again = runner.invoke(cli, ["neo4j", "load", "--graph", str(seeds_kg_json), "--json"], env=env)
    report = json.loads(again.output)
    assert (report["nodes_created"], report["relationships_created"]) == (0, 0)
    assert snapshot(db) == loaded


def test_the_driver_comes_without_pandas():
    """pandas and numpy cost most of `import neo4j` (1.9 s on a busy machine) for
    DataFrame conversions kg never uses."""
    import subprocess
    import sys

    code = ("import sys; from kg.neo4j import driver_module; driver_module(); "
            "print(','.join(m for m in ('numpy', 'pandas', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
