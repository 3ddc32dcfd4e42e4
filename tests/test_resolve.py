"""One graph across documents: aliases merge, repeated figures merge, conflicts are found."""

from __future__ import annotations

from pathlib import Path

from kg.build import build


def _by_name(graph, etype, name):
    return [e for e in graph.entities if e.type == etype and e.name == name]


def test_aliases_and_collectives_resolve_to_one_canonical_agency(seeds_graph):
    spp = [e for e in seeds_graph["entities"] if e["name"] == "最高人民检察院"]
    assert len(spp) == 1
    assert {"最高检", "高检院", "全国检察机关", "检察机关"} <= set(spp[0]["aliases"])
    assert not [e for e in seeds_graph["entities"] if e["type"] == "Agency" and e["name"] in ("最高检", "高检院", "全国检察机关")]


def test_the_same_figure_in_three_documents_is_one_node_with_three_sources(seeds_graph):
    figs = [e for e in seeds_graph["entities"] if e["type"] == "Figure" and e["props"]["value"] == 40000 and e["props"]["unit"] == "人"]
    assert len(figs) == 1
    fig = figs[0]
    assert fig["props"]["approx"] == "under"
    assert (fig["props"]["period_start"], fig["props"]["period_end"]) == ("2021-01-01", "2021-12-31")
    docs = {d["id"]: d["path"] for d in seeds_graph["documents"]}
    sources = {docs[m["doc"]] for m in fig["mentions"]}
    assert sources == {"000_136d3b4723e30c01.txt", "001_9a3b0011ce85fa2f.txt", "002_587dd7b4065cfb4b.txt"}
    yields = [r for r in seeds_graph["relations"] if r["type"] == "YIELDS" and r["target"] == fig["id"]]
    assert len(yields) == 1
    assert {docs[ev["doc"]] for ev in yields[0]["evidence"]} == sources


def test_every_relation_has_evidence_that_quotes_its_document(seeds_graph, seeds_out):
    from kg.build import prepare
    from kg.read import read_file

    root = Path(__file__).resolve().parent.parent / "seeds"
    texts = {}
    for d in seeds_graph["documents"]:
        _, doc = prepare(read_file(root / d["path"], d["path"]))
        texts[d["id"]] = doc.text
    for rel in seeds_graph["relations"]:
        assert rel["evidence"], rel
        for ev in rel["evidence"]:
            assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["sentence"]


def test_two_values_for_one_measure_and_period_are_a_conflict(tmp_path):
    (tmp_path / "a.txt").write_text("---\ntitle: 甲\ndate: 2022-03-01\n---\n2021年，全国公安机关共破获电信网络诈骗案件39.4万起。", "utf-8")
    (tmp_path / "b.txt").write_text("---\ntitle: 乙\ndate: 2022-03-02\n---\n2021年，全国公安机关共破获电信网络诈骗案件41.2万起。", "utf-8")
    (tmp_path / "c.txt").write_text("---\ntitle: 丙\ndate: 2022-03-03\n---\n2021年，全国公安机关共破获电信网络诈骗案件39.4万起。", "utf-8")
    graph = build([tmp_path]).graph
    figures = [e for e in graph.entities if e.type == "Figure"]
    assert sorted(f.props["value"] for f in figures) == [394000, 412000]
    assert len(graph.conflicts) == 1
    conflict = graph.conflicts[0]
    assert conflict["values"] == [394000, 412000]
    assert conflict["period_start"] == "2021-01-01" and conflict["unit"] == "起"
    same = next(f for f in figures if f.props["value"] == 394000)
    assert len({m.doc for m in same.mentions}) == 2


def test_local_short_names_join_the_full_name_of_the_same_document(tmp_path):
    (tmp_path / "a.txt").write_text(
        "---\ndate: 2023-01-01\n---\n河北省石家庄市裕华区人民检察院办理一起案件。裕华区人民检察院表示，共追赃300万元。", "utf-8"
    )
    graph = build([tmp_path]).graph
    names = {e.name for e in graph.entities if e.type == "Agency"}
    assert "河北省石家庄市裕华区人民检察院" in names
    assert "裕华区人民检察院" not in names
