"""The queries/*.cypher files on the seeds' graph, loaded into the real server, checked
against the same rows worked out by hand for the SPARQL files of the same questions
(tests/data/sparql_expected/seeds/<query>.json): each Cypher answer is projected onto
the columns the SPARQL answer has, and both are compared as multisets."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from neo4j_fixtures import db, neo4j_server

from kg.neo4j.load import load_graph, read_graph
from kg.neo4j.query import read_cypher, run_query

pytestmark = pytest.mark.neo4j
__all__ = ["db", "neo4j_server"]  # fixtures, imported for pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "sparql_expected" / "seeds"


def _text(value) -> str | None:
    """A value as SPARQL prints it: numbers without a trailing .0, None stays None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _rows(columns: list[str], rows: list[list]) -> list[dict]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


# query -> (columns of the hand-made rows compared, Cypher rows -> tuples of those columns)
Projection = tuple[tuple[str, ...], Callable[[list[dict]], list[tuple]]]
PROJECTIONS: dict[str, Projection] = {
    "01_agency_campaigns": (("agency", "role", "campaign"), lambda rows: [
        (r["agency"], role, c) for r in rows for role in ("leads", "joins") for c in r[role]]),
    "02_campaign_figures": (("campaign", "value", "unit", "periodStart", "periodEnd", "documents", "first", "last"), lambda rows: [
        (r["campaign"], _text(r["value"]), r["unit"], r["period_start"], r["period_end"], _text(r["documents"]), r["first"], r["last"])
        for r in rows]),
    "03_cases_by_procuratorate": (("procuratorate", "case"), lambda rows: [
        (r["procuratorate"], c) for r in rows for c in r["cases"]]),
    "04_figures_multi_source": (("value", "unit", "documents", "first", "last"), lambda rows: [
        (_text(r["value"]), r["unit"], _text(r["count"]), r["first"], r["last"]) for r in rows]),
    "05_conflicting_figures": (("measure", "unit"), lambda rows: [
        (r["measure"], r["unit"]) for r in rows for _ in r["values"]]),
    "06_officials_posts": (("person", "title", "agency"), lambda rows: [
        (r["person"], r["title"], r["agency"]) for r in rows]),
    "07_laws_issuers": (("law", "issuer"), lambda rows: [
        (r["law"], a) for r in rows for a in (r["issued_by"] or [None])]),
    "08_figure_timeline": (("periodStart", "periodEnd", "value", "unit"), lambda rows: [
        (r["period_start"], r["period_end"], _text(r["value"]), r["unit"]) for r in rows]),
    "09_relation_evidence": (("document", "date", "sentence"), lambda rows: [
        (r["document"], r["date"], r["sentence"]) for r in rows]),
}
CASES = sorted(EXPECTED.glob("*.json")) if EXPECTED.exists() else []


@pytest.fixture(scope="module")
def seeds_loaded(neo4j_server, seeds_kg_json):
    """The seeds' graph (built by the session's `seeds_kg_json` of tests/conftest.py), loaded."""
    from kg.neo4j import open_driver

    with open_driver(neo4j_server.conn) as driver:
        with driver.session() as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        load_graph(driver, read_graph(seeds_kg_json))
        yield driver
        with driver.session() as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def test_every_seeds_answer_has_a_projection():
    assert {c.stem for c in CASES} <= set(PROJECTIONS)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_cypher_answers_the_seeds_like_the_hand_made_rows(seeds_loaded, case, request):
    """The expected file's keys mean what they mean for the SPARQL test: "xfail" (the
    extractor does not give these rows yet; strict) and "match": "contains"."""
    expected = json.loads(case.read_text(encoding="utf-8"))
    if expected.get("xfail"):
        request.applymarker(pytest.mark.xfail(reason=expected["xfail"], strict=True))
    keys, project = PROJECTIONS[case.stem]
    columns, rows = run_query(seeds_loaded, read_cypher(str(ROOT / "queries" / f"{case.stem}.cypher")))
    got = Counter(project(_rows(columns, rows)))
    want = Counter(tuple(r.get(k) for k in keys) for r in expected["rows"])
    if expected.get("match") == "contains":
        assert want - got == Counter(), f"missing from the Cypher answer: {want - got}"
    else:
        assert got == want, f"only in Cypher: {got - want}; only expected: {want - got}"
