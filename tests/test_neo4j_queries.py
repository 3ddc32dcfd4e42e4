"""Every queries/*.cypher file, run on the real server loaded with the hand-made graph
(neo4j_fixtures.rich_graph), against rows worked out by hand; and `kg neo4j query`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j_fixtures import db, neo4j_server, rich_graph

from kg.cli import cli
from kg.neo4j.load import load_graph
from kg.neo4j.query import format_rows, parse_params, read_cypher, run_query

pytestmark = pytest.mark.neo4j
__all__ = ["db", "neo4j_server"]  # fixtures, imported for pytest

QUERIES = Path(__file__).resolve().parents[1] / "queries"
FILES = sorted(QUERIES.glob("*.cypher"))
D1 = "打好反诈人民战争 维护群众财产安全（权威发布）"
D2 = "检察机关打击治理电信网络诈骗及其关联犯罪工作情况（2023年）"
D3 = "最高检：去年起诉电信网络诈骗犯罪近4万人"
SENTENCE = ("公安部会同国家移民管理局组织开展‘断流’专案行动，打掉非法出境团伙1.2万个，抓获偷渡犯罪嫌疑人5.1万名；"
            "会同最高法、最高检、工信部、人民银行和三大运营商持续推进‘断卡’行动，打掉‘两卡’违法犯罪团伙4.2万个，"
            "查处犯罪嫌疑人44万名，惩戒失信人员20万名，惩处营业网点、机构4.1万个。")
PROSECUTED = "起诉电信网络诈骗犯罪"
# Rows worked out by hand from rich_graph(); names sort by code point (公 < 国 < 最 < 贵).
EXPECTED: dict[str, list[dict]] = {
    "01_agency_campaigns": [
        {"agency": "公安部", "leads": ["断卡", "断流"], "joins": []},
        {"agency": "国家移民管理局", "leads": [], "joins": ["断流"]},
        {"agency": "最高人民检察院", "leads": [], "joins": ["断卡"]},
        {"agency": "最高人民法院", "leads": [], "joins": ["断卡"]},
    ],
    "02_campaign_figures": [
        {"campaign": "断卡", "figure": "4.2万个", "value": 42000, "unit": "个", "measure": "打掉“两卡”违法犯罪团伙",
         "period_start": "2021-04-01", "period_end": "2022-04-15", "documents": 1, "first": "2022-04-15", "last": "2022-04-15"},
        {"campaign": "断流", "figure": "1.2万个", "value": 12000, "unit": "个", "measure": "打掉非法出境团伙",
         "period_start": "2021-04-01", "period_end": "2022-04-15", "documents": 1, "first": "2022-04-15", "last": "2022-04-15"},
    ],
    "03_cases_by_procuratorate": [
        {"procuratorate": "最高人民检察院", "cases": ["四川南充“4·01”专案"]},
        {"procuratorate": "贵州省安顺市西秀区人民检察院", "cases": ["贵州省安顺市西秀区检察院办理的AI语音机器人诈骗案"]},
    ],
    "04_figures_multi_source": [
        {"figure": "近4万人", "value": 40000, "unit": "人", "measure": PROSECUTED, "count": 2,
         "documents": [D3, D2], "first": "2022-03-08", "last": "2023-11-30"},
    ],
    # 3.9万人 and 近4万人 can both be true (近 is below 40,000): no conflict.
    "05_conflicting_figures": [],
    "06_officials_posts": [
        {"person": "杜航伟", "title": "副部长", "agency": "公安部"},
        {"person": "程雷", "title": "负责人", "agency": "最高人民检察院第四检察厅"},
    ],
    "07_laws_issuers": [
        {"law": "关于办理电信网络诈骗等刑事案件适用法律若干问题的意见（二）",
         "issued_by": ["公安部", "最高人民检察院", "最高人民法院"]},
    ],
    "08_figure_timeline": [
        {"period_start": "2021-01-01", "period_end": "2021-12-31", "figure": "3.9万人", "value": 39000,
         "unit": "人", "measure": PROSECUTED, "yielded_by": ["最高人民检察院"]},
        {"period_start": "2021-01-01", "period_end": "2021-12-31", "figure": "近4万人", "value": 40000,
         "unit": "人", "measure": PROSECUTED, "yielded_by": ["最高人民检察院"]},
        {"period_start": "2021-04-01", "period_end": "2022-04-15", "figure": "4.2万个", "value": 42000,
         "unit": "个", "measure": "打掉“两卡”违法犯罪团伙", "yielded_by": ["断卡"]},
        {"period_start": "2021-04-01", "period_end": "2022-04-15", "figure": "1.2万个", "value": 12000,
         "unit": "个", "measure": "打掉非法出境团伙", "yielded_by": ["断流"]},
    ],
    "09_relation_evidence": [
        {"relation": "LEADS", "source": "公安部", "target": "断卡", "document": D1, "date": "2022-04-15",
         "sentence": SENTENCE, "start": 400, "end": 545},
    ],
}
# Graph-returning queries: the names of the nodes in the picture.
EXPECTED_NODES = {
    "10_campaign_network": {"公安部", "国家移民管理局", "最高人民检察院", "最高人民法院", "断卡", "断流",
                            "4.2万个", "1.2万个"},
}


@pytest.fixture
def loaded(db):
    load_graph(db, rich_graph())
    return db


def test_every_query_file_has_an_expected_answer():
    assert len(FILES) >= 8
    assert {f.stem for f in FILES} == set(EXPECTED) | set(EXPECTED_NODES)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_header_states_the_question_in_chinese_and_english(path):
    comments = [ln[2:].strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("//")]
    assert re.search(r"[\u4e00-\u9fff]", comments[0]), "first comment line: the question in Chinese"
    assert re.fullmatch(r"[ -~\u4e00-\u9fff“”’]+", comments[1]) and re.search(r"[A-Za-z]{4}", comments[1])


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_query_answers_on_the_hand_made_graph(loaded, path):
    columns, rows = run_query(loaded, read_cypher(str(path)))
    if path.stem in EXPECTED_NODES:
        names = {item["properties"]["name"] for row in rows for cell in row if cell for item in cell
                 if "labels" in item}
        assert names == EXPECTED_NODES[path.stem]
        return
    got = [dict(zip(columns, row, strict=True)) for row in rows]
    assert got == EXPECTED[path.stem]


def test_cli_query_formats_and_params(loaded, neo4j_server):
    runner = CliRunner()
    env = neo4j_server.env()
    text = "MATCH (a:Agency {name: $name})-[:LEADS]->(c) RETURN c.name AS campaign ORDER BY campaign"
    csv_out = runner.invoke(cli, ["neo4j", "query", text, "--param", "name=公安部", "--format", "csv"], env=env)
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output == "campaign\n断卡\n断流\n"
    as_json = runner.invoke(cli, ["neo4j", "query", str(FILES[0]), "--format", "json"], env=env)
    assert json.loads(as_json.output) == EXPECTED["01_agency_campaigns"]
    table = runner.invoke(cli, ["neo4j", "query", str(FILES[5])], env=env)
    assert table.output.splitlines()[0].split() == ["person", "title", "agency"]
    assert table.output.rstrip().endswith("(2 rows)")
    numbers = runner.invoke(cli, ["neo4j", "query", "RETURN $n + 1 AS n, $xs AS xs", "--param", "n=41",
                                  "--param", "xs=[1,2]", "--format", "json"], env=env)
    assert json.loads(numbers.output) == [{"n": 42, "xs": [1, 2]}]
    password = neo4j_server.conn.password
    prompted = runner.invoke(cli, ["neo4j", "query", "RETURN 1 AS x", "--password", "--format", "csv"],
                             env=env, input=password + "\n")
    assert prompted.exit_code == 0 and prompted.output.endswith("x\n1\n")
    assert password not in prompted.output  # asked without echo


def test_cli_query_errors(neo4j_server, tmp_path):
    runner = CliRunner()
    env = neo4j_server.env()
    bad = runner.invoke(cli, ["neo4j", "query", "MATC (n) RETURN n"], env=env)
    assert bad.exit_code == 1 and bad.output.startswith("Error: Neo4j: Invalid input 'MATC'")
    assert len(bad.output.strip().splitlines()) == 1
    missing = runner.invoke(cli, ["neo4j", "query", str(tmp_path / "nope.cypher")], env=env)
    assert missing.exit_code == 1 and "no Cypher file" in missing.output
    bad_param = runner.invoke(cli, ["neo4j", "query", "RETURN 1", "--param", "novalue"], env=env)
    assert bad_param.exit_code == 2 and "name=value" in bad_param.output
    bad_format = runner.invoke(cli, ["neo4j", "query", "RETURN 1", "--format", "xml"], env=env)
    assert bad_format.exit_code == 2 and "table" in bad_format.output


def test_formatting_without_a_server():
    assert parse_params(["a=1", "b=x", "c=\"1\"", "d=a=b"]) == {"a": 1, "b": "x", "c": "1", "d": "a=b"}
    assert format_rows(["name"], [["程雷"], ["a\nb"]]) == "name\n----\n程雷\na\\nb\n(2 rows)\n"
    assert format_rows(["name"], [["a\nb"]], "csv") == 'name\n"a\nb"\n'
    assert read_cypher("RETURN 1;") == "RETURN 1"


CONFLICT_DOCS = {
    # the same measure, unit and year, values that cannot both be true: a conflict
    "a.txt": "2023年，全国公安机关共破获电信网络诈骗案件39.4万起。",
    "b.txt": "2023年，全国公安机关共破获电信网络诈骗案件44.1万起。",
    # values that can both be true given their markers: 近4万 and 3.9万余
    "c.txt": "2022年，检察机关共起诉电信网络诈骗犯罪近4万人。",
    "d.txt": "2022年，检察机关共起诉电信网络诈骗犯罪3.9万余人。",
    # no period: conflicts with nothing, whatever the values
    "e.txt": "公安机关抓获电信网络诈骗犯罪嫌疑人12名。",
    "f.txt": "公安机关抓获电信网络诈骗犯罪嫌疑人15名。",
}


def test_kg_json_sparql_and_cypher_give_the_same_conflicts(db, tmp_path):
    """One definition of a conflict: kg.json's list, the SPARQL query and the Cypher query
    agree on a graph where looser definitions would not (unknown periods, approx markers)."""
    from kg.build import build, write_outputs

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in CONFLICT_DOCS.items():
        (docs / name).write_text(f"---\ndate: 2024-03-01\n---\n{text}", "utf-8")
    result = build([docs])
    write_outputs(result, tmp_path / "out")
    raw = {e.id: e.props["raw"] for e in result.graph.entities if e.type == "Figure"}
    raw_of_label = {e.name: e.props["raw"] for e in result.graph.entities if e.type == "Figure"}
    from_json = sorted(tuple(sorted(raw[f] for f in c["figures"])) for c in result.graph.conflicts)
    assert from_json == [("39.4万起", "44.1万起")]
    sparql = CliRunner().invoke(cli, ["sparql", str(QUERIES / "05_conflicting_figures.rq"), "--graph", str(tmp_path / "out"),
                                      "--format", "json"])
    assert sparql.exit_code == 0, sparql.output
    bindings = json.loads(sparql.output)["results"]["bindings"]
    from_sparql = sorted(tuple(sorted((raw_of_label[r["figure1"]["value"]], raw_of_label[r["figure2"]["value"]]))) for r in bindings)
    load_graph(db, result.graph)
    columns, rows = run_query(db, read_cypher(str(QUERIES / "05_conflicting_figures.cypher")))
    from_cypher = sorted(tuple(sorted(dict(zip(columns, row, strict=True))["figures"])) for row in rows)
    assert from_sparql == from_json == from_cypher
