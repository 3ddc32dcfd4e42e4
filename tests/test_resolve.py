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


def test_a_bureau_written_only_as_its_branches_prefix_keeps_that_form_as_an_alias(tmp_path):
    (tmp_path / "a.txt").write_text("---\ndate: 2023-01-01\n---\n吴忠市公安局利通区分局破获电信网络诈骗案件12起。", "utf-8")
    graph = build([tmp_path]).graph
    parent = next(e for e in graph.entities if e.name == "宁夏回族自治区吴忠市公安局")
    assert parent.aliases == ["吴忠市公安局"] and parent.mentions == []  # a prefix, not a mention
    branch = next(e for e in graph.entities if e.name == "宁夏回族自治区吴忠市公安局利通区分局")
    assert any(r.type == "PART_OF" and r.source == branch.id and r.target == parent.id for r in graph.relations)


def test_a_gold_end_that_names_no_gold_entity_matches_any_of_our_names_for_it():
    from kg.evaluate import evaluate

    graph = {"schema_version": 1, "documents": [{"id": "d", "path": "a.txt", "title": "t"}],
             "entities": [{"id": "b", "type": "Agency", "name": "宁夏回族自治区吴忠市公安局利通区分局", "aliases": ["吴忠市公安局利通区分局"],
                           "props": {}, "mentions": [{"doc": "d", "start": 0, "end": 11, "text": "吴忠市公安局利通区分局"}]},
                          {"id": "p", "type": "Agency", "name": "宁夏回族自治区吴忠市公安局", "aliases": ["吴忠市公安局"], "props": {}, "mentions": []}],
             "relations": [{"id": "r", "type": "PART_OF", "source": "b", "target": "p", "props": {},
                            "evidence": [{"doc": "d", "start": 0, "end": 11, "sentence": "吴忠市公安局利通区分局"}]}]}
    gold = {"doc": "a.txt", "entities": [{"type": "Agency", "name": "吴忠市公安局利通区分局", "aliases": []}], "figures": [],
            "relations": [{"type": "PART_OF", "source": "吴忠市公安局利通区分局", "target": "吴忠市公安局"}]}
    assert evaluate(graph, [gold])["scores"]["PART_OF"]["f1"] == 1.0
    gold["relations"][0]["target"] = "银川市公安局"
    assert evaluate(graph, [gold])["scores"]["PART_OF"]["f1"] == 0.0


def test_a_described_case_matches_ours_of_the_same_body_as_written_whatever_its_description():
    from kg.evaluate import evaluate

    def graph(case_name: str) -> dict:
        mention = [{"doc": "d", "start": 0, "end": 6, "text": "克山县公安局"}]
        return {"schema_version": 1, "documents": [{"id": "d", "path": "a.txt", "title": "t"}],
                "entities": [{"id": "a", "type": "Agency", "name": "黑龙江省齐齐哈尔市克山县公安局", "aliases": ["克山县公安局"], "props": {}, "mentions": mention},
                             {"id": "c", "type": "Case", "name": case_name, "aliases": [], "props": {}, "mentions": mention}],
                "relations": [{"id": "r", "type": "HANDLED_BY", "source": "c", "target": "a", "props": {},
                               "evidence": [{"doc": "d", "start": 0, "end": 6, "sentence": "克山县公安局"}]}]}

    gold = {"doc": "a.txt", "figures": [],
            "entities": [{"type": "Agency", "name": "克山县公安局", "aliases": []},
                         {"type": "Case", "name": "克山县公安局办理的特大洗钱团伙案", "aliases": []}],
            "relations": [{"type": "HANDLED_BY", "source": "克山县公安局办理的特大洗钱团伙案", "target": "克山县公安局"}]}
    scores = evaluate(graph("克山县公安局办理的特大洗钱案"), [gold])["scores"]
    assert scores["entities"]["f1"] == 1.0 and scores["HANDLED_BY"]["f1"] == 1.0
    # The body written with the places before it, or the other way round, is the same body.
    for longer in ("黑龙江省克山县公安局办理的洗钱案", "齐齐哈尔市克山县公安局办理的洗钱案"):
        assert evaluate(graph(longer), [gold])["scores"]["entities"]["f1"] == 1.0
    # Another body as written is another case; a case with a name of its own matches by name only.
    for other in ("齐齐哈尔市公安局办理的特大洗钱案", "克山县法院办理的特大洗钱案", "“3·15”专案"):
        scores = evaluate(graph(other), [gold])["scores"]
        assert scores["entities"]["tp"] == 1 and scores["HANDLED_BY"]["f1"] == 0.0
