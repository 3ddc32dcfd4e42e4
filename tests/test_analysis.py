"""kg.analysis and the `kg path` / `kg stats` commands, on tests/data/mini_kg.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analysis import export_gexf, export_graphml, find_node, shortest_path, stats, to_networkx
from kg.cli import cli
from kg.errors import KgError
from kg.model import Graph

MINI = json.loads((Path(__file__).parent / "data" / "mini_kg.json").read_text(encoding="utf-8"))
PERSON = "person-d5f936942ce9128c"


def mini(**changes) -> Graph:
    data = copy.deepcopy(MINI)
    data.update(changes)
    return Graph.from_dict(data)


@pytest.mark.parametrize(
    ("name", "node_id"),
    [
        ("公安部", "agency-dfc0dcd0627e25c8"),
        ("最高检", "agency-740671fd4e924e3b"),
        (" 断卡行动 ", "campaign-bce2f7077e5bbef1"),
        ("figure-48a457ea1bb5f06c", "figure-48a457ea1bb5f06c"),
        ("打好反诈人民战争 维护群众财产安全（权威发布）", "document-a0ce1bb1380c08cd"),
    ],
)
def test_find_node_by_name_alias_id_or_title(name: str, node_id: str) -> None:
    assert find_node(mini(), name) == node_id


def test_find_node_errors_say_what_to_do() -> None:
    with pytest.raises(KgError, match="Did you mean: 公安部"):
        find_node(mini(), "公安")
    data = copy.deepcopy(MINI)
    data["entities"][1]["aliases"] = ["国家移民管理局"]  # now a name and an alias: the name wins
    assert find_node(Graph.from_dict(data), "国家移民管理局") == "agency-4bb46431b7727c7c"
    data["entities"][1]["name"] = "国家移民管理局"
    with pytest.raises(
        KgError, match="several nodes: agency-4bb46431b7727c7c .*Pass one of these ids"
    ):
        find_node(Graph.from_dict(data), "国家移民管理局")


def test_shortest_path_carries_evidence() -> None:
    steps = shortest_path(mini(), "最高检", "4.2万个")
    assert [s["relation"]["type"] for s in steps] == ["PARTICIPATES_IN", "YIELDS"]
    assert all(s["forward"] for s in steps)
    assert (
        steps[0]["from"]["name"] == "最高人民检察院"
        and steps[-1]["to"]["id"] == "figure-0bd352379fa35aa7"
    )
    evidence = steps[0]["evidence"][0]
    assert evidence["title"].startswith("打好反诈人民战争") and evidence["date"] == "2022-04-15"
    assert "会同最高法、最高检" in evidence["sentence"]


def test_shortest_path_walks_relations_backwards() -> None:
    steps = shortest_path(mini(), "4.2万个", "公安部")
    assert [(s["relation"]["type"], s["forward"]) for s in steps] == [
        ("YIELDS", False),
        ("LEADS", False),
    ]


def test_no_path_is_a_user_error() -> None:
    data = copy.deepcopy(MINI)
    data["relations"] = [r for r in data["relations"] if r["type"] != "REPORTS"]
    with pytest.raises(KgError, match="No chain of relations"):
        shortest_path(Graph.from_dict(data), "断卡", PERSON)
    # ...unless documents may link them: both are mentioned in the same text.
    steps = shortest_path(Graph.from_dict(data), "断卡", PERSON, include_documents=True)
    assert [s["relation"]["type"] for s in steps] == ["MENTIONED_IN", "MENTIONED_IN"]


def test_stats() -> None:
    result = stats(mini(), top=2)
    assert result["entities"] == {"Agency": 4, "Campaign": 2, "Figure": 2, "Person": 1}
    assert result["relations"]["MENTIONED_IN"] == 9 and result["documents"] == 1
    assert result["top"]["Agency"]["degree"][0] == {
        "id": "agency-dfc0dcd0627e25c8",
        "name": "公安部",
        "score": 2.0,
    }
    assert result["top"]["Agency"]["betweenness"][0]["name"] == "公安部"
    assert [r["name"] for r in result["top"]["Campaign"]["degree"]] == ["断卡", "断流"]
    assert result["components"] == {
        "count": 1,
        "isolated": 0,
        "largest": [{"size": 9, "example": "断卡"}],
    }
    assert result["betweenness"] == "exact"


def test_to_networkx_leaves_documents_out_by_default() -> None:
    assert "document-a0ce1bb1380c08cd" not in to_networkx(mini())
    full = to_networkx(mini(), include_documents=True)
    assert full.number_of_nodes() == 10 and full.number_of_edges() == 17


@pytest.mark.parametrize(
    ("export", "read"), [(export_graphml, nx.read_graphml), (export_gexf, nx.read_gexf)]
)
def test_exports_read_back_and_are_stable(tmp_path: Path, export, read) -> None:
    first, second = export(mini(), tmp_path / "a"), export(mini(), tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    g = read(first)
    assert g.number_of_nodes() == 10 and g.number_of_edges() == 17
    labels = {data.get("label") for _, data in g.nodes(data=True)}
    assert MINI["entities"][-1]["name"] in labels  # the hostile name survives as text
    assert {data.get("kind") for _, data in g.nodes(data=True)} >= {"Agency", "Figure", "Document"}


def test_exports_drop_xml_control_characters(tmp_path: Path) -> None:
    data = copy.deepcopy(MINI)
    data["entities"][0]["name"] = "国家\x0b移民管理局"
    g = nx.read_graphml(export_graphml(Graph.from_dict(data), tmp_path / "g.graphml"))
    assert g.nodes["agency-4bb46431b7727c7c"]["label"] == "国家移民管理局"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "kg.json"
    path.write_text(json.dumps(MINI, ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_path(graph_file: Path) -> None:
    result = CliRunner().invoke(cli, ["path", "--graph", str(graph_file), "最高检", "4.2万个"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("最高人民检察院 —PARTICIPATES_IN→ 断卡 —YIELDS→ 4.2万个")
    assert "— 打好反诈人民战争 维护群众财产安全（权威发布）, 2022-04-15" in result.output
    as_json = CliRunner().invoke(
        cli, ["path", "--graph", str(graph_file), "断流", "公安部", "--json"]
    )
    assert [s["relation"]["type"] for s in json.loads(as_json.output)] == ["LEADS"]
    missing = CliRunner().invoke(cli, ["path", "--graph", str(graph_file), "断流", "不存在"])
    assert missing.exit_code == 1 and f"Error: nothing named '不存在' in {graph_file}" in missing.output


def test_cli_stats(graph_file: Path) -> None:
    text = CliRunner().invoke(cli, ["stats", "--graph", str(graph_file)])
    assert text.exit_code == 0, text.output
    assert "Top Agency by degree:" in text.output and "公安部" in text.output
    result = json.loads(
        CliRunner()
        .invoke(cli, ["stats", "--graph", str(graph_file), "--json", "--top", "1"])
        .output
    )
    assert len(result["top"]["Campaign"]["degree"]) == 1 and result["components"]["count"] == 1
