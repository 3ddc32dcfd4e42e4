"""kg.json's contract: version 2 writes each evidence sentence once; version 1 still reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.index import load_graph_json, read_graph
from kg.model import Graph, dumps

DATA = Path(__file__).parent / "data"


def test_version_2_quotes_each_sentence_once_and_evidence_points_at_it(seeds_kg_json: Path) -> None:
    raw = json.loads(seeds_kg_json.read_text("utf-8"))
    assert raw["schema_version"] == 2
    keys = [tuple(s[:3]) for s in raw["sentences"]]
    assert keys == sorted(set(keys)), "sentences sorted, each once"
    cited = {tuple(ev) for r in raw["relations"] for ev in r["evidence"]}
    assert cited == set(keys), "every sentence is cited, every citation has its sentence"
    pieces = sum(len(r["evidence"]) for r in raw["relations"])
    assert pieces > len(keys), "the seeds cite some sentences more than once: each is written once"
    texts = {d["id"]: d for d in raw["documents"]}
    for doc, start, end, text in raw["sentences"]:
        assert doc in texts and 0 <= start < end and len(text) == end - start


def test_version_2_reads_back_to_the_same_graph_and_writes_the_same_bytes(seeds_kg_json: Path) -> None:
    text = seeds_kg_json.read_text("utf-8")
    graph = read_graph(seeds_kg_json)
    assert dumps(graph) == text
    a_relation = next(r for r in graph.relations if r.type == "LEADS")
    assert all(ev.sentence for ev in a_relation.evidence)


def test_one_item_per_line(seeds_kg_json: Path) -> None:
    lines = seeds_kg_json.read_text("utf-8").splitlines()
    raw = json.loads(seeds_kg_json.read_text("utf-8"))
    items = sum(len(v) for v in raw.values() if isinstance(v, list))
    assert len(lines) == items + 2 + sum(2 for v in raw.values() if isinstance(v, list) and v) + sum(1 for v in raw.values() if not isinstance(v, list) or not v)


def test_a_version_1_file_still_reads_and_is_written_as_version_2(tmp_path: Path) -> None:
    v1 = json.loads((DATA / "mini_kg.json").read_text("utf-8"))
    assert v1["schema_version"] == 1
    graph = Graph.from_dict(json.loads((DATA / "mini_kg.json").read_text("utf-8")))
    sentences = {ev["sentence"] for r in v1["relations"] for ev in r["evidence"]}
    assert {ev.sentence for r in graph.relations for ev in r.evidence} == sentences
    out = tmp_path / "kg.json"
    out.write_text(dumps(graph), "utf-8")
    again = load_graph_json(out)
    assert again["schema_version"] == 1  # the readers' shape: evidence with its sentence
    assert {ev["sentence"] for r in again["relations"] for ev in r["evidence"]} == sentences
    assert json.loads(out.read_text("utf-8"))["schema_version"] == 2


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(schema_version=3), "schema_version 3"),
    (lambda d: d["sentences"].pop(), "has no sentence in 'sentences'"),
])
def test_a_file_of_neither_version_is_a_one_line_error(seeds_kg_json: Path, tmp_path: Path, change, expected: str) -> None:
    data = json.loads(seeds_kg_json.read_text("utf-8"))
    change(data)
    bad = tmp_path / "kg.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(cli, ["lookup", "公安部", "--graph", str(bad)])
    assert result.exit_code != 0
    assert expected in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
