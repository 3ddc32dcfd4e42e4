"""Fixtures for the Neo4j tests: a real server of the test run's own, and graphs made by hand.

The server is the project's local Neo4j (kg.neo4j.server) on a fresh data folder and
free ports, started once per test session. Without Java or the jars the tests skip,
except with CI=true, where a server that cannot start is a failure.

Import the fixtures into a test module (`from neo4j_fixtures import neo4j_server, db`)
or register this module once in tests/conftest.py (`pytest_plugins = ["neo4j_fixtures"]`).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kg.errors import KgError
from kg.model import Document, Entity, Evidence, Graph, Mention, Relation
from kg.neo4j import Connection, open_driver, server

DATA = Path(__file__).parent / "data"
MINI_KG = DATA / "mini_kg.json"
HOSTILE_NAMES = (
    "<script>alert(1)</script> O'Brien \"q\" \\ {x} `b`",
    "line one\nline two\r\nthree\ttab",
    "'}) MATCH (n) DETACH DELETE n //",
    "\\'; CREATE (:Pwned) //",
    "`) DETACH DELETE n WITH 1 AS x MATCH (`",
    "$tag {name} ${x} \\u0041 \\n",
    "\u2028 sep \x00\x1f\x7f end",
)


@dataclass
class LocalServer:
    """A running server of the test session: its home, ports and credentials."""

    home: Path
    info: server.ServerInfo
    conn: Connection

    def env(self) -> dict[str, str]:
        """Environment for the CLI to reach this server (NEO4J_* unset, so the local one is used)."""
        return {"KG_NEO4J_HOME": str(self.home), "NEO4J_URI": None, "NEO4J_PASSWORD": None,
                "NEO4J_USERNAME": None, "NEO4J_DATABASE": None}


def fail_or_skip(message: str) -> None:
    """With CI=true a missing server is a failure; on a developer's machine, a skip."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def start_server(home: Path) -> LocalServer:
    """Start a server on `home` with free ports, or fail/skip with the reason."""
    try:
        info = server.start(home, bolt_port=0, http_port=0, heap="512m", timeout=240)
    except KgError as exc:
        fail_or_skip(f"cannot start a local Neo4j: {exc}")
    conn = Connection(uri=info.bolt_uri, user=server.USER, password=server.read_password(home))
    return LocalServer(home=home, info=info, conn=conn)


_SESSION: dict[str, LocalServer] = {}


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """The session's server, started once even when several modules import this fixture."""
    if "server" not in _SESSION:
        _SESSION["server"] = start_server(tmp_path_factory.mktemp("neo4j-home"))
    yield _SESSION["server"]
    if "server" in _SESSION:
        server.stop(_SESSION.pop("server").home)


@pytest.fixture(scope="session")
def bulk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A second server of the session, for `kg neo4j load --bulk`, which stops and starts
    its server (the session's own stays up for the other tests)."""
    if "bulk" not in _SESSION:
        _SESSION["bulk"] = start_server(tmp_path_factory.mktemp("neo4j-bulk-home"))
    yield _SESSION["bulk"]
    if "bulk" in _SESSION:
        server.stop(_SESSION.pop("bulk").home)


def empty_database(conn: Connection) -> None:
    """Delete every node and relationship (constraints stay)."""
    with open_driver(conn) as driver:
        with driver.session() as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def db(neo4j_server: LocalServer) -> Iterator[Any]:
    """A driver on an empty database (constraints stay: they are idempotent)."""
    with open_driver(neo4j_server.conn) as driver:
        with driver.session() as session:  # IN TRANSACTIONS needs an auto-commit transaction
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        yield driver


def mini_graph() -> Graph:
    """tests/data/mini_kg.json as a Graph."""
    return Graph.from_dict(json.loads(MINI_KG.read_text(encoding="utf-8")))


def rich_graph() -> Graph:
    """mini_kg plus facts from the seeds, made by hand so that every query has an answer.

    Added: two more documents; 最高人民检察院第四检察厅 (PART_OF 最高人民检察院) and
    its head 程雷; 杜航伟, 公安部副部长; two cases with their procuratorates; a law
    with three issuing bodies; 近4万人 (起诉, 2021) reported by two documents and
    contradicted by a third figure (3.9万人) for the same measure and period.
    """
    g = mini_graph()
    d1 = g.documents[0].id
    g.documents += [
        Document(id="document-0000000000000002", path="003_2ba479ab91738b25.txt", date="2023-11-30",
                 title="检察机关打击治理电信网络诈骗及其关联犯罪工作情况（2023年）"),
        Document(id="document-0000000000000003", path="000_136d3b4723e30c01.txt", date="2022-03-08",
                 title="最高检：去年起诉电信网络诈骗犯罪近4万人"),
    ]
    d2, d3 = "document-0000000000000002", "document-0000000000000003"
    spp = "agency-740671fd4e924e3b"   # 最高人民检察院
    mps = "agency-dfc0dcd0627e25c8"   # 公安部
    spc = "agency-f4b0f4f2b6f735e5"   # 最高人民法院

    def ent(id_: str, type_: str, name: str, doc: str, **props: Any) -> None:
        g.entities.append(Entity(id=id_, type=type_, name=name, props=props,
                                 mentions=[Mention(doc=doc, start=0, end=len(name), text=name)]))

    def rel(type_: str, source: str, target: str, doc: str, sentence: str, start: int = 0,
            **props: Any) -> None:
        rid = f"rel-{len(g.relations):016x}"
        g.relations.append(Relation(id=rid, type=type_, source=source, target=target, props=props,
                                    evidence=[Evidence(doc=doc, start=start, end=start + len(sentence),
                                                       sentence=sentence)]))

    ent("agency-0000000000000004", "Agency", "最高人民检察院第四检察厅", d3, kind="procuratorate", level="national")
    ent("agency-0000000000000005", "Agency", "贵州省安顺市西秀区人民检察院", d2, kind="procuratorate", level="district")
    ent("person-0000000000000006", "Person", "程雷", d3)
    ent("person-0000000000000007", "Person", "杜航伟", d1)
    ent("case-0000000000000008", "Case", "贵州省安顺市西秀区检察院办理的AI语音机器人诈骗案", d2)
    ent("case-0000000000000009", "Case", "四川南充“4·01”专案", d2)
    ent("law-000000000000000a", "Law", "关于办理电信网络诈骗等刑事案件适用法律若干问题的意见（二）", d1)
    ent("crime-000000000000000b", "Crime", "诈骗罪", d2)
    ent("location-000000000000000c", "Location", "贵州省安顺市", d2)
    ent("figure-000000000000000d", "Figure", "近4万人", d3, value=40000, unit="人", approx="under",
        measure="起诉电信网络诈骗犯罪", period_start="2021-01-01", period_end="2021-12-31", change=None,
        raw="近4万人")
    ent("figure-000000000000000e", "Figure", "3.9万人", d2, value="39000", unit="人", approx="exact",
        measure="起诉电信网络诈骗犯罪", period_start="2021-01-01", period_end="2021-12-31",
        change="同比上升", raw="3.9万人")
    fig4 = next(e for e in g.entities if e.id == "figure-000000000000000d")
    fig4.mentions.append(Mention(doc=d2, start=10, end=14, text="近4万人"))

    s_spp = "2021年，全国检察机关起诉电信网络诈骗犯罪近4万人。"
    rel("PART_OF", "agency-0000000000000004", spp, d3, "最高人民检察院第四检察厅负责人程雷介绍")
    rel("HOLDS_POSITION", "person-0000000000000006", "agency-0000000000000004", d3,
        "最高人民检察院第四检察厅负责人程雷介绍", title="负责人")
    rel("HOLDS_POSITION", "person-0000000000000007", mps, d1, "公安部副部长杜航伟介绍", title="副部长")
    rel("HANDLED_BY", "case-0000000000000008", "agency-0000000000000005", d2,
        "西秀区检察院办理的AI语音机器人诈骗案")
    rel("HANDLED_BY", "case-0000000000000009", spp, d2, "四川南充“4·01”专案由最高检挂牌督办")
    rel("SUPERVISES", mps, "case-0000000000000009", d2, "四川南充“4·01”专案由公安部挂牌督办")
    rel("CHARGED_WITH", "case-0000000000000008", "crime-000000000000000b", d2, "以诈骗罪提起公诉")
    rel("LOCATED_IN", "case-0000000000000008", "location-000000000000000c", d2, "贵州省安顺市西秀区")
    for issuer in (spc, spp, mps):
        rel("ISSUED_BY", "law-000000000000000a", issuer, d1, "两高一部联合发布《意见（二）》")
    rel("YIELDS", spp, "figure-000000000000000d", d3, s_spp, start=5)
    rel("YIELDS", spp, "figure-000000000000000d", d2, s_spp, start=7)
    g.relations[-2].evidence += g.relations.pop().evidence  # one fact, two pieces of evidence
    rel("YIELDS", spp, "figure-000000000000000e", d2, "起诉3.9万人")
    rel("REPORTS", "person-0000000000000006", "figure-000000000000000d", d3, s_spp)
    rel("ABOUT", "figure-000000000000000d", "crime-000000000000000b", d3, s_spp)
    for e in g.entities[-11:]:
        for doc in sorted({m.doc for m in e.mentions}):
            rel("MENTIONED_IN", e.id, doc, doc, e.name)
    return g


def hostile_graph() -> Graph:
    """mini_kg with one Person per hostile name, each MENTIONED_IN the document."""
    g = copy.deepcopy(mini_graph())
    doc = g.documents[0].id
    for i, name in enumerate(HOSTILE_NAMES):
        pid = f"person-hostile{i:09d}"
        g.entities.append(Entity(id=pid, type="Person", name=name, aliases=[name + "'", "`" + name],
                                 props={"note": name, "nested": {"k": name}}))
        g.relations.append(Relation(id=f"rel-hostile{i:012d}", type="MENTIONED_IN", source=pid, target=doc,
                                    props={"title": name},
                                    evidence=[Evidence(doc=doc, start=0, end=len(name), sentence=name)]))
    return g


def counts(driver: Any) -> tuple[int, int]:
    """(nodes, relationships) in the database."""
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def snapshot(driver: Any) -> list[tuple]:
    """Every node and relationship with labels/type and properties, sorted: graph equality."""
    nodes = driver.execute_query(
        "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props").records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN r.id AS id, type(r) AS type, a.id AS a, b.id AS b, "
        "properties(r) AS props").records
    out = [("node", r["id"], tuple(sorted(r["labels"])), json.dumps(r["props"], sort_keys=True, default=str))
           for r in nodes]
    out += [("rel", r["id"], r["type"], r["a"], r["b"], json.dumps(r["props"], sort_keys=True, default=str))
            for r in rels]
    return sorted(out)
