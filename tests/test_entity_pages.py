"""Entity pages (kg.writers.entities): one static page per Agency, Campaign and Case.

Unit tests on a small graph made here, then the seeds' pages in headless Chromium
(the browser fixture and page helper of test_pages_browser: a missing browser skips,
or fails with CI=true).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from test_pages_browser import HOSTILE, Page, browser  # noqa: F401  (browser: a fixture)

from kg.model import Document, Entity, Evidence, Graph, Mention, Relation, stable_id
from kg.writers.entities import MAX_RELATIONS, page_name, write_entity_pages

EVIL = '<script>window.__pwned=1</script> "A&B" \'q\''
DOC = Document(id="document-1", path="news/a.html", title="打好反诈人民战争", date="2022-04-15", url="https://example.org/a")
DOC2 = Document(id="document-2", path="b.txt", title=EVIL, date="2021-06-22", url="javascript:alert(1)")
SENTENCE = "公安部组织开展“断卡”行动，破获电信网络诈骗案件39.4万起。"


def _ev(sentence: str = SENTENCE, doc: str = "document-1", start: int = 10) -> list[Evidence]:
    return [Evidence(doc, start, start + len(sentence), sentence)]


def _figure(key: str, value: int, start: str | None, end: str | None, measure: str = "破获电信网络诈骗案件") -> Entity:
    props = {"value": value, "unit": "起", "approx": "exact", "measure": measure,
             "period_start": start, "period_end": end, "change": "同比上升28.5%", "raw": f"{value}起"}  # fmt: skip
    return Entity(stable_id("Figure", key), "Figure", f"{value}起", props=props, mentions=[Mention("document-1", 30, 36, key)])


def small_graph() -> Graph:
    """Two agencies, a campaign, a case, three figures of one measure, a person, a crime."""
    agency = Entity("agency-aaaaaaaaaaaaaaaa", "Agency", "公安部", ["全国公安机关"], {"kind": "public_security", "level": "national"},
                    [Mention("document-1", 10, 13, "公安部")])  # fmt: skip
    court = Entity("agency-bbbbbbbbbbbbbbbb", "Agency", "最高人民法院", ["最高法"], {"kind": "court"})
    campaign = Entity("campaign-cccccccccccccccc", "Campaign", "断卡", [], {}, [Mention("document-1", 20, 22, "断卡")])
    case = Entity("case-dddddddddddddddd", "Case", "浙江“12·30”专案", [], {})
    person = Entity("person-eeeeeeeeeeeeeeee", "Person", EVIL, [], {})
    crime = Entity("crime-ffffffffffffffff", "Crime", "诈骗罪", [], {})
    f2021 = _figure("a", 394000, "2021-04-01", "2022-04-15")
    f2020 = _figure("b", 320000, "2020-01-01", "2020-12-31")
    f_none = _figure("c", 5, None, None, measure="专案")

    def rel(rtype: str, source: Entity, target: Entity | Document, evidence: list[Evidence] | None = None, **props: str) -> Relation:
        return Relation(stable_id("rel", rtype, source.id, target.id), rtype, source.id, target.id, props, evidence or _ev())

    relations = [
        rel("LEADS", agency, campaign),
        rel("PARTICIPATES_IN", court, campaign, _ev(EVIL, "document-2", 5)),
        rel("YIELDS", campaign, f2021),
        rel("YIELDS", campaign, f2020, _ev("2020年，破获案件32万起。", "document-2")),
        rel("YIELDS", campaign, f_none),
        rel("REPORTS", agency, f2021),
        rel("HANDLED_BY", case, agency),
        rel("CHARGED_WITH", case, crime),
        rel("HOLDS_POSITION", person, agency, title="副部长"),
        rel("MENTIONED_IN", agency, DOC),
    ]
    return Graph([DOC, DOC2], [agency, court, campaign, case, person, crime, f2021, f2020, f_none], relations)


def _pages(graph: Graph, out: Path) -> dict[str, str]:
    write_entity_pages(graph, out)
    return {p.name: p.read_text("utf-8") for p in sorted((out / "entities").iterdir())}


def test_one_page_per_agency_campaign_and_case(tmp_path: Path) -> None:
    graph = small_graph()
    written = write_entity_pages(graph, tmp_path)
    expected = {page_name(e.id) for e in graph.entities if e.type in ("Agency", "Campaign", "Case")}
    assert {p.name for p in written} == expected | {"index.html"} == {p.name for p in (tmp_path / "entities").iterdir()}
    assert written == sorted(written)
    assert page_name("agency-aaaaaaaaaaaaaaaa") == "agency-aaaaaaaaaaaaaaaa.html"
    # An id that is no safe file name gets a hashed one, never a name from the text.
    assert re.fullmatch(r"entity-[0-9a-f]{16}\.html", page_name("../公安部/<x>"))


def test_relations_grouped_by_type_and_direction(tmp_path: Path) -> None:
    pages = _pages(small_graph(), tmp_path)
    agency, campaign = pages["agency-aaaaaaaaaaaaaaaa.html"], pages["campaign-cccccccccccccccc.html"]
    groups = re.findall(r'<h3 id="([A-Z_]+-(?:in|out))"', agency)
    # The domain model's order of relation types, outgoing before incoming.
    assert groups == ["LEADS-out", "HANDLED_BY-in", "REPORTS-out", "HOLDS_POSITION-in", "MENTIONED_IN-out"]
    assert re.findall(r'<h3 id="([A-Z_]+-(?:in|out))"', campaign) == ["LEADS-in", "YIELDS-out", "PARTICIPATES_IN-in"]
    assert '<a href="campaign-cccccccccccccccc.html">断卡</a>' in agency
    assert '<a href="agency-aaaaaaaaaaaaaaaa.html">公安部</a>' in campaign
    # A relation's properties are shown with it; Persons and Crimes have no page: no link.
    assert "<th>title</th><td>副部长</td>" in agency
    assert "诈骗罪" in pages["case-dddddddddddddddd.html"] and 'href="crime-' not in pages["case-dddddddddddddddd.html"]
    assert "Also called: 全国公安机关" in agency and "public_security" in agency


def test_evidence_with_its_source_document_and_offsets(tmp_path: Path) -> None:
    agency = _pages(small_graph(), tmp_path)["agency-aaaaaaaaaaaaaaaa.html"]
    leads = agency.split('id="LEADS-out"')[1].split("<h3")[0]
    assert f"“{SENTENCE}”" in leads
    assert "打好反诈人民战争 (2022-04-15)" in leads and "<code>news/a.html</code>" in leads
    assert '<a href="https://example.org/a">https://example.org/a</a>' in leads
    assert f"chars 10–{10 + len(SENTENCE)}" in leads


def test_figures_table_and_over_time(tmp_path: Path) -> None:
    campaign = _pages(small_graph(), tmp_path)["campaign-cccccccccccccccc.html"]
    table = campaign.split('id="figure-table"')[1].split("</table>")[0]
    rows = re.findall(r'<td class="num">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>', table)
    # Newest period first, undated last; value, unit, approx, measure, period, change, relation.
    assert rows == [
        ("39.4万", "起", "exact", "破获电信网络诈骗案件", "2021-04-01 – 2022-04-15", "同比上升28.5%", "YIELDS"),
        ("32万", "起", "exact", "破获电信网络诈骗案件", "2020-01-01 – 2020-12-31", "同比上升28.5%", "YIELDS"),
        ("5", "起", "exact", "专案", "", "同比上升28.5%", "YIELDS"),
    ]
    assert "打好反诈人民战争 (2022-04-15)" in table
    over_time = campaign.split('id="over-time-table"')[1].split("</table>")[0]
    assert "2020-01-01 – 2020-12-31: 32万 → 2021-04-01 – 2022-04-15: 39.4万" in over_time
    assert over_time.count("<circle") == 2 and "<polyline" in over_time
    assert "<script" not in campaign  # no JavaScript at all
    agency = _pages(small_graph(), tmp_path)["agency-aaaaaaaaaaaaaaaa.html"]
    assert "<td>REPORTS</td>" in agency.split('id="figure-table"')[1]


def test_links_between_pages_all_resolve(tmp_path: Path) -> None:
    pages = _pages(small_graph(), tmp_path)
    for name, text in pages.items():
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith("https://"):
                continue
            target = (tmp_path / "entities" / href).resolve()
            assert target.parent in (tmp_path.resolve(), (tmp_path / "entities").resolve()), (name, href)
            if target.parent == (tmp_path / "entities").resolve():
                assert target.exists(), (name, href)
    assert all(f'href="{page_name(e.id)}"' in pages["index.html"] for e in small_graph().entities if e.type in ("Agency", "Campaign", "Case"))


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    graph = small_graph()
    graph.entities[0].name = EVIL
    graph.entities[0].aliases.append(EVIL)
    graph.entities[0].props["kind"] = EVIL
    pages = _pages(graph, tmp_path)
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt; &quot;A&amp;B&quot; &#x27;q&#x27;"
    for text in pages.values():
        assert "<script" not in text and "A&B" not in text
    agency = pages["agency-aaaaaaaaaaaaaaaa.html"]
    assert f'<h1 id="name">{escaped}</h1>' in agency
    assert f"<title>{escaped} · Agency</title>" in agency
    assert escaped in pages["campaign-cccccccccccccccc.html"]  # a sentence and a document title
    assert 'href="javascript:' not in pages["campaign-cccccccccccccccc.html"]
    assert "javascript:alert(1)" in pages["campaign-cccccccccccccccc.html"]


def test_same_graph_same_bytes_in_any_order(tmp_path: Path) -> None:
    first = _pages(small_graph(), tmp_path / "a")
    shuffled = small_graph()
    rng = random.Random(7)
    for items in (shuffled.entities, shuffled.relations, shuffled.documents):
        rng.shuffle(items)
    assert _pages(shuffled, tmp_path / "b") == first
    assert _pages(small_graph(), tmp_path / "a") == first  # written again in place


def test_stale_pages_are_removed(tmp_path: Path) -> None:
    graph = small_graph()
    write_entity_pages(graph, tmp_path)
    graph.entities = [e for e in graph.entities if e.type != "Case"]
    graph.relations = [r for r in graph.relations if not r.source.startswith("case-")]
    write_entity_pages(graph, tmp_path)
    assert not (tmp_path / "entities" / "case-dddddddddddddddd.html").exists()


def test_a_hub_page_is_cut_and_says_how_much(tmp_path: Path) -> None:
    graph = small_graph()
    agency = graph.entities[0]
    docs = [Document(id=f"document-x{i:04d}", path=f"x{i}.txt", title=f"报道{i}") for i in range(MAX_RELATIONS + 25)]
    graph.documents += docs
    graph.relations += [
        Relation(f"rel-x{i:04d}", "MENTIONED_IN", agency.id, d.id, {}, _ev(doc=d.id) + _ev(f"第{i}句。", d.id, 50) + _ev("另一句。", d.id, 90) + _ev("再一句。", d.id, 99))
        for i, d in enumerate(docs)
    ]
    page = _pages(graph, tmp_path)["agency-aaaaaaaaaaaaaaaa.html"]
    mentioned = page.split('id="MENTIONED_IN-out"')[1]
    assert f"({MAX_RELATIONS + 26})" in mentioned and "… and 26 more (all in kg.json)" in mentioned
    assert mentioned.count('<ol class="evidence">') == MAX_RELATIONS
    assert "… and 1 more sentences" in mentioned


def test_seeds_pages(seeds_graph: dict, tmp_path: Path) -> None:
    graph = Graph.from_dict(json.loads(json.dumps(seeds_graph)))
    pages = _pages(graph, tmp_path)
    wanted = [e for e in graph.entities if e.type in ("Agency", "Campaign", "Case")]
    assert len(pages) == len(wanted) + 1 and len(wanted) > 30
    police = next(e for e in wanted if e.name == "公安部")
    assert 'id="LEADS-out"' in pages[page_name(police.id)] and 'id="figure-table"' in pages[page_name(police.id)]


def _seeds_pages(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict]:
    """The pages of a seeds build: those `kg build` wrote, else written here from its kg.json."""
    out = request.getfixturevalue("seeds_out")
    graph = request.getfixturevalue("seeds_graph")
    if not (out / "entities").is_dir():
        write_entity_pages(Graph.from_dict(json.loads(json.dumps(graph))), tmp_path)
        out = tmp_path
    return out / "entities", graph


@pytest.mark.browser
def test_browser_follows_leads_to_a_campaign_and_its_evidence(browser, request, tmp_path: Path) -> None:  # noqa: F811
    folder, graph = _seeds_pages(request, tmp_path)
    names = {e["id"]: e["name"] for e in graph["entities"]}
    police = next(e["id"] for e in graph["entities"] if e["name"] == "公安部" and e["type"] == "Agency")
    page = Page(browser, folder / page_name(police))
    assert page.page.locator("h1").inner_text() == "公安部"
    link = page.page.locator('#LEADS-out + ul a[href^="campaign-"]').first
    target = link.get_attribute("href").removesuffix(".html")
    link.click()
    page.page.wait_for_url("**/" + page_name(target))
    assert page.page.locator("h1").inner_text() == names[target]
    sentence = next(
        r["evidence"][0]["sentence"] for r in graph["relations"]
        if r["type"] == "LEADS" and r["source"] == police and r["target"] == target
    )  # fmt: skip
    assert sentence in page.page.locator("#LEADS-in + ul").inner_text()
    assert page.page.locator("#LEADS-in + ul a", has_text="公安部").count() == 1
    page.shot("entity-campaign")
    assert page.errors == [] and page.foreign == [] and page.page.evaluate("window.__pwned") is None


@pytest.mark.browser
def test_browser_hostile_text_stays_text(browser, tmp_path: Path) -> None:  # noqa: F811
    graph = small_graph()
    graph.entities[0].name = "".join(HOSTILE)
    graph.entities[0].aliases = list(HOSTILE)
    graph.relations[0].evidence[0] = Evidence("document-2", 1, 2, "".join(HOSTILE))
    write_entity_pages(graph, tmp_path)
    for path in sorted((tmp_path / "entities").glob("*.html")):
        page = Page(browser, path)
        assert page.page.evaluate("document.scripts.length") == 0
        assert page.page.evaluate("document.querySelectorAll('img, svg:not(.spark)').length") == 0
        assert page.page.evaluate("window.__pwned") is None and page.errors == [] and page.foreign == []
    page = Page(browser, tmp_path / "entities" / "agency-aaaaaaaaaaaaaaaa.html")
    assert page.page.locator("h1").inner_text() == "".join(HOSTILE)
    assert "".join(HOSTILE) in page.page.locator("#LEADS-out + ul").inner_text()
    page.shot("entity-hostile")


def test_site_links_the_overview_and_the_graph_to_the_pages(tmp_path: Path) -> None:
    from kg.writers.html import write_site

    graph = Graph.from_dict(json.loads((Path(__file__).parent / "data" / "mini_kg.json").read_text("utf-8")))
    graph_page, index_page, folder = write_site(graph, tmp_path)
    assert folder == tmp_path / "entities"
    index = index_page.read_text("utf-8")
    for e in graph.entities:
        if e.type in ("Agency", "Campaign", "Case"):
            assert f'<a href="entities/{page_name(e.id)}">{e.name}</a>' in index
            assert (folder / page_name(e.id)).exists()
    data = graph_page.read_text("utf-8")
    kinds = {e.id: e.type for e in graph.entities}
    nodes = json.loads(re.search(r"kgTitled\((\[.*?\])\)", data).group(1))
    assert {n["id"]: n.get("page") for n in nodes} == {
        n["id"]: f"entities/{page_name(n['id'])}" if kinds[n["id"]] in ("Agency", "Campaign") else None for n in nodes
    }


@pytest.mark.browser
def test_browser_graph_details_and_overview_open_the_pages(browser, tmp_path: Path) -> None:  # noqa: F811
    from kg.writers.html import write_site

    graph = Graph.from_dict(json.loads((Path(__file__).parent / "data" / "mini_kg.json").read_text("utf-8")))
    graph_page, index_page, _ = write_site(graph, tmp_path)
    page = Page(browser, graph_page).ready()
    assert page.page.locator("#kg-details-page").is_hidden()
    page.click_node("campaign-bce2f7077e5bbef1")
    page.page.locator("#kg-details-page").click()
    page.page.wait_for_url("**/entities/campaign-bce2f7077e5bbef1.html")
    assert page.page.locator("h1").inner_text() == "断卡"
    assert page.errors == [] and page.foreign == []
    page = Page(browser, index_page)
    page.page.locator("#agency-table a", has_text="公安部").first.click()
    page.page.wait_for_url("**/entities/agency-dfc0dcd0627e25c8.html")
    page.page.locator("#LEADS-out + ul a", has_text="断流").click()
    assert page.page.locator("h1").inner_text() == "断流"
    assert page.errors == [] and page.foreign == []
