"""kg.writers.html and kg.writers.site: views, layout, escaping, determinism, offline pages.

What a browser does with the pages is in test_pages_browser.py; these tests read the
HTML as text.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Graph
from kg.writers.html import _script_json, select_view, write_graph_page, write_site
from kg.writers.labels import GraphText, format_value
from kg.writers.layout import layout
from kg.writers.site import index_context

DATA = Path(__file__).parent / "data"
MINI = json.loads((DATA / "mini_kg.json").read_text(encoding="utf-8"))
HOSTILE = '<script>alert(1)</script><img src=x onerror="window.__pwned=1"></script><!--'


def mini() -> Graph:
    return Graph.from_dict(copy.deepcopy(MINI))


def _page_data(html: str, name: str) -> list[dict]:
    """The items handed to `new vis.DataSet(...)` for `nodes` or `edges`, titles joined back."""
    match = re.search(rf"var {name} = new vis\.DataSet\(kgTitled\((.*?)\)\);\n", html)
    assert match, f"no {name} DataSet in page"
    lines = json.loads(re.search(r"var kgLines = (.*?);\n", html).group(1))
    items = json.loads(match.group(1))
    for item in items:
        item["title"] = "\n".join(lines[k] for k in item.pop("t"))
    return items


def test_site_writes_both_pages_byte_identical(tmp_path: Path) -> None:
    first = write_site(mini(), tmp_path / "a")
    second = write_site(mini(), tmp_path / "b")
    assert [p.name for p in first] == ["graph.html", "index.html", "entities"]
    assert [p.read_bytes() for p in first[:2]] == [p.read_bytes() for p in second[:2]]
    pages = sorted(p.name for p in first[2].iterdir())
    assert pages == sorted(p.name for p in second[2].iterdir()) and len(pages) == 7
    assert all((first[2] / n).read_bytes() == (second[2] / n).read_bytes() for n in pages)


@pytest.mark.parametrize("page", ["graph.html", "index.html"])
def test_pages_reference_nothing_remote(tmp_path: Path, page: str) -> None:
    html = (write_site(mini(), tmp_path)[0].parent / page).read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import|sourceMappingURL", html, re.I)
    assert "cdnjs" not in html and "jsdelivr" not in html and "bootstrap" not in html
    assert "default-src 'none'" in html  # the CSP that blocks any request


def test_graph_page_holds_the_view(tmp_path: Path) -> None:
    view = write_graph_page(mini(), tmp_path / "g.html")
    html = view.path.read_text(encoding="utf-8")
    nodes, edges = _page_data(html, "nodes"), _page_data(html, "edges")
    assert sorted(n["id"] for n in nodes) == sorted(view.node_ids) and len(nodes) == 9
    assert {e["id"] for e in edges} == {r.id for r in view.edges} and len(edges) == 8
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    leads = next(e for e in edges if e["label"] == "LEADS")
    assert "公安部 —LEADS→" in leads["title"] and "（权威发布） (2022-04-15)" in leads["title"]
    figure = next(n for n in nodes if n["id"] == "figure-0bd352379fa35aa7")
    assert figure["label"].startswith("4.2万个\n打掉") and "produced by: 断卡" in figure["title"]


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    data = copy.deepcopy(MINI)
    data["entities"][0]["name"] = HOSTILE
    data["documents"][0]["title"] = HOSTILE
    data["relations"][4]["evidence"][0]["sentence"] = HOSTILE + "\u2028"
    graph_page, index_page, _ = write_site(Graph.from_dict(data), tmp_path)
    for page in (graph_page, index_page):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "\u2028" not in html
    index_html = index_page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x" in index_html
    names = [
        n["title"].split("\n")[0]
        for n in _page_data(graph_page.read_text(encoding="utf-8"), "nodes")
    ]
    assert HOSTILE in names  # the text survives intact as data


def test_script_json_is_inert_in_script() -> None:
    text = str(_script_json({"a": "</script><!--<b>&\u2028\u2029"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!--<b>&\u2028\u2029"}


def test_default_view_leaves_documents_to_tooltips() -> None:
    view = select_view(mini())
    assert "document-a0ce1bb1380c08cd" not in view.node_ids
    assert not any(r.type == "MENTIONED_IN" for r in view.edges)
    with_docs = select_view(mini(), types=["Agency", "Document"])
    assert "document-a0ce1bb1380c08cd" in with_docs.node_ids
    assert {r.type for r in with_docs.edges} == {"MENTIONED_IN"}


def test_focus_view_is_the_neighbourhood() -> None:
    view = select_view(mini(), focus="断卡", depth=1)
    assert set(view.node_ids) == {
        "campaign-bce2f7077e5bbef1",
        "agency-dfc0dcd0627e25c8",
        "agency-740671fd4e924e3b",
        "agency-f4b0f4f2b6f735e5",
        "figure-0bd352379fa35aa7",
    }
    assert view.focus == "campaign-bce2f7077e5bbef1"
    assert len(select_view(mini(), focus="最高检", depth=0).node_ids) == 1  # by alias
    deeper = select_view(mini(), focus="断卡", depth=2)
    assert (
        "person-d5f936942ce9128c" in deeper.node_ids
        and "campaign-0e5c8dc1d14d8d04" in deeper.node_ids
    )


def test_relation_and_type_filters() -> None:
    view = select_view(mini(), relations=["LEADS"])
    assert {r.type for r in view.edges} == {"LEADS"}
    view = select_view(mini(), types=["Agency", "Campaign"])
    assert {r.type for r in view.edges} == {"LEADS", "PARTICIPATES_IN"}
    assert len(view.node_ids) == 6


def test_caps_keep_the_most_connected() -> None:
    view = select_view(mini(), max_nodes=3)
    assert view.truncated and view.total_nodes == 9 and len(view.node_ids) == 3
    assert "campaign-bce2f7077e5bbef1" in view.node_ids  # 断卡 has the most relations
    # 2.5 relations per node: a one-node budget allows two relations, so the cut comes early.
    tight = select_view(mini(), max_nodes=1)
    assert len(tight.node_ids) == 1 and tight.edges == []


def test_layout_is_deterministic_and_fast() -> None:
    import time

    nodes = [f"n{i:05d}" for i in range(10000)]
    links = [(f"n{i % 50:05d}", f"n{i:05d}") for i in range(50, 10000)] + [("n00001", "n00002")]
    start = time.perf_counter()
    first = layout(nodes, links)
    assert time.perf_counter() - start < 5
    assert first == layout(list(reversed(nodes)), list(reversed(links)))
    assert set(first) == set(nodes) and len(set(first.values())) > 9900  # hardly any overlap


@pytest.mark.parametrize(
    ("value", "unit", "approx", "text"),
    [
        (40000, "人", "under", "近4万人"),
        (1950000000, "元", "exact", "19.5亿元"),
        (28.5, "%", None, "28.5%"),
        (97000000, "元", "over", "超9700万元"),
        (3291, "起", None, "3291起"),
        (None, "人", None, "人"),
    ],
)
def test_format_value(value, unit, approx, text) -> None:
    assert format_value(value, unit, approx) == text


def test_conflicts_are_marked() -> None:
    data = copy.deepcopy(MINI)
    data["conflicts"] = [
        {
            "measure": "x",
            "figures": ["figure-0bd352379fa35aa7", "figure-48a457ea1bb5f06c"],
            "reason": "two values",
        }
    ]
    graph = Graph.from_dict(data)
    notes = GraphText(graph).conflicts
    assert set(notes) == {"figure-0bd352379fa35aa7", "figure-48a457ea1bb5f06c"}
    rows = index_context(graph)["figures"]
    assert all(r["conflicts"] for r in rows)
    assert "⚠ conflict: two values: 1.2万个" in GraphText(graph).node_title(
        "figure-0bd352379fa35aa7"
    )


def test_index_context_counts_and_agencies() -> None:
    ctx = index_context(mini())
    assert dict((t, n) for t, n, _ in ctx["counts"])["Agency"] == 4
    assert ctx["agencies"][0]["name"] == "公安部" and ctx["agencies"][0]["leads"] == [
        {"name": "断卡", "href": "entities/campaign-bce2f7077e5bbef1.html"},
        {"name": "断流", "href": "entities/campaign-0e5c8dc1d14d8d04.html"},
    ]
    assert ctx["agencies"][0]["href"] == "entities/agency-dfc0dcd0627e25c8.html"
    assert len(ctx["chart"]["marks"]) == 2


def test_cli_viz(tmp_path: Path) -> None:
    graph = tmp_path / "kg.json"
    graph.write_text(json.dumps(MINI, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["viz", "--graph", str(graph), "--focus", "断卡", "--types", "Agency,Campaign"]
    )
    assert result.exit_code == 0, result.output
    assert "4 nodes, 3 relations" in result.output and (tmp_path / "view.html").exists()
    bad = CliRunner().invoke(cli, ["viz", "--graph", str(graph), "--types", "Agency,Nope"])
    assert bad.exit_code == 2 and "unknown Nope" in bad.output
    missing = CliRunner().invoke(cli, ["viz", "--graph", str(tmp_path / "none.json")])
    assert missing.exit_code == 1 and "run `kg build` first" in missing.output
    unknown = CliRunner().invoke(cli, ["viz", "--graph", str(graph), "--focus", "无此机构"])
    assert unknown.exit_code == 1 and "nothing named '无此机构'" in unknown.output


@pytest.mark.parametrize("command", ["viz", "path", "stats"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output and f"kg {command}" in result.output


def test_cli_modules_import_no_heavy_libraries() -> None:
    code = "import sys, kg.cli.viz, kg.writers.html, kg.analysis; print(sorted({'pyvis','networkx'} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.strip() == "[]"


def test_index_keeps_the_most_reported_figures_when_there_are_many(tmp_path: Path) -> None:
    data = copy.deepcopy(MINI)
    mention = {"doc": "document-other", "start": 0, "end": 5, "text": "4.2万个"}
    data["entities"][6]["mentions"].append(mention)  # now the most reported figure
    ctx = index_context(Graph.from_dict(data), max_figures=1)
    assert [r["id"] for r in ctx["figures"]] == ["figure-0bd352379fa35aa7"]
    assert ctx["figures_total"] == 2
    assert len(ctx["chart"]["marks"]) == 1


def test_the_figures_table_opens_on_national_dated_figures_newest_first(seeds_kg_json):
    import json as _json

    from kg.model import Graph
    from kg.writers.site import index_context

    graph = Graph.from_dict(_json.loads(seeds_kg_json.read_text("utf-8")))
    entities = {e.id: e for e in graph.entities}
    national = {
        e.name for e in graph.entities if e.type == "Agency" and e.props.get("level") == "national"
    }
    rows = index_context(graph)["figures"]
    ends = [
        entities[r["id"]].props.get("period_end") or entities[r["id"]].props.get("period_start")
        for r in rows
    ]
    first_undated = ends.index(None) if None in ends else len(ends)
    assert first_undated > 0 and all(end is None for end in ends[first_undated:])
    top = [r for r in rows[:10]]
    assert all(set(r["producers"].split(", ")) & national for r in top)
    dated_national = [
        end
        for r, end in zip(rows, ends, strict=True)
        if end and set(r["producers"].split(", ")) & national
    ]
    assert dated_national == sorted(dated_national, reverse=True)


def test_viz_with_relations_keeps_only_the_nodes_they_join(seeds_kg_json, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(
        cli,
        [
            "viz",
            "--graph",
            str(seeds_kg_json),
            "--relations",
            "LEADS,PARTICIPATES_IN",
            "--out",
            str(tmp_path / "v.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    import json as _json

    graph = _json.loads(seeds_kg_json.read_text("utf-8"))
    joined = {
        n
        for r in graph["relations"]
        if r["type"] in ("LEADS", "PARTICIPATES_IN")
        for n in (r["source"], r["target"])
    }
    assert f"Wrote {tmp_path / 'v.html'}: {len(joined)} nodes," in result.output


def with_loners(*names: str) -> Graph:
    """The mini graph plus agencies that no relation touches."""
    data = copy.deepcopy(MINI)
    for k, name in enumerate(names):
        data["entities"].append(
            {
                "id": f"agency-lone{k}",
                "type": "Agency",
                "name": name,
                "aliases": [],
                "props": {},
                "mentions": [],
            }  # fmt: skip
        )
    return Graph.from_dict(data)


def test_figure_labels_show_value_and_unit_first() -> None:
    text = GraphText(mini())
    assert text.graph_label("figure-0bd352379fa35aa7").split("\n") == [
        "4.2万个",
        "打掉“两卡”违法犯…",
    ]
    assert text.graph_label("agency-dfc0dcd0627e25c8") == "公安部"
    tooltip = text.node_title("figure-0bd352379fa35aa7")
    assert "Figure: 4.2万个" in tooltip and "measure: 打掉“两卡”违法犯罪团伙" in tooltip


def test_unconnected_nodes_are_gathered_and_hidden_behind_a_counted_button(tmp_path: Path) -> None:
    view = write_graph_page(with_loners("甲局", "乙局"), tmp_path / "g.html")
    html = view.path.read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in _page_data(html, "nodes")}
    alone = {i for i, n in nodes.items() if n.get("alone")}
    assert alone == {"agency-lone0", "agency-lone1"}
    assert all(nodes[i]["hidden"] is True for i in alone)
    assert not any(n.get("hidden") for i, n in nodes.items() if i not in alone)
    # One row under everything else, left to right.
    lowest = max(n["y"] for i, n in nodes.items() if i not in alone)
    assert nodes["agency-lone0"]["y"] == nodes["agency-lone1"]["y"] > lowest
    assert nodes["agency-lone0"]["x"] < nodes["agency-lone1"]["x"]
    assert ">Show 2 unconnected nodes</button>" in html
    assert 'data-hide="Hide 2 unconnected nodes"' in html
    one = write_graph_page(with_loners("甲局"), tmp_path / "one.html").path.read_text("utf-8")
    assert ">Show 1 unconnected node</button>" in one
    assert 'id="kg-alone"' not in (
        write_graph_page(mini(), tmp_path / "m.html").path.read_text("utf-8")
    )


def test_hubs_carry_their_label_size_and_are_drawn_last(tmp_path: Path) -> None:
    html = write_graph_page(mini(), tmp_path / "g.html").path.read_text(encoding="utf-8")
    nodes = _page_data(html, "nodes")
    px = {n["label"]: n["px"] for n in nodes if "px" in n}
    # Agencies, campaigns and cases only, the most connected at the larger size.
    assert px == {
        "断卡": 14,
        "公安部": 14,
        "最高人民检察院": 14,
        "最高人民法院": 14,
        "国家移民管理局": 14,
        "断流": 14,
    }
    assert all(n["group"] in ("Agency", "Campaign", "Case") for n in nodes if "px" in n)
    assert [n["label"] for n in nodes][-1] == "断卡"  # the most connected, drawn on top


def test_layout_puts_the_most_connected_node_in_the_middle_and_loners_below() -> None:
    nodes = ["hub", "a", "b", "c", "d", "lone1", "lone2"]
    links = [("hub", "a"), ("hub", "b"), ("hub", "c"), ("c", "d")]
    pos = layout(nodes, links)
    assert pos["hub"] == (0, 0)
    assert min(pos["lone1"][1], pos["lone2"][1]) > max(pos[n][1] for n in nodes[:5])
    assert pos["lone1"][1] == pos["lone2"][1] and pos["lone1"][0] < pos["lone2"][0]


def test_graph_page_is_the_same_bytes_in_any_input_order(tmp_path: Path) -> None:
    graph = with_loners("甲局", "乙局")
    shuffled = with_loners("甲局", "乙局")
    shuffled.entities.reverse()
    shuffled.relations.reverse()
    first = write_graph_page(graph, tmp_path / "a.html").path.read_bytes()
    assert first == write_graph_page(graph, tmp_path / "b.html").path.read_bytes()
    assert first == write_graph_page(shuffled, tmp_path / "c.html").path.read_bytes()
