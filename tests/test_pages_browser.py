"""graph.html and index.html in real headless Chromium (Debian's, driven by Playwright).

Every page is opened from disk with all requests routed: anything but the page's own
file: URL fails the test. Screenshots go to tests/artifacts/ (ignored by git). Without
a browser the tests skip, unless CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Graph
from kg.writers.html import select_view, write_graph_page, write_site

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
MINI = json.loads((ROOT / "tests" / "data" / "mini_kg.json").read_text(encoding="utf-8"))
# Each payload flips window.__pwned if it ever runs as markup or script.
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    '"><svg onload=window.__pwned=1>',
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and no browser: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for the module; never downloads a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt install chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class Page:
    """A page opened from disk, with what it logged and what it tried to fetch."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.add_init_script("window.alert = function () { window.__pwned = 1; };")
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def ready(self) -> Page:
        """Wait until vis-network has drawn the graph once."""
        self.page.wait_for_function("window.kgReady === true", timeout=60_000)
        return self

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # Keeps the folder out of git without a tracked .gitignore entry.
        (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def clean(self, path: Path) -> None:
        """No console error, no request but the page itself, nothing injected ran."""
        assert self.errors == []
        assert self.foreign == []
        assert self.requests == [path.as_uri()]
        assert self.page.evaluate("window.__pwned") is None

    def click_node(self, node_id: str) -> None:
        box = self.page.locator("#mynetwork").bounding_box()
        x, y = self.page.evaluate(
            "id => { const p = network.canvasToDOM(network.getPositions([id])[id]); return [p.x, p.y]; }",
            node_id,
        )
        self.page.mouse.click(box["x"] + x, box["y"] + y)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_site(Graph.from_dict(copy.deepcopy(MINI)), out)
    return out


def hostile_graph() -> Graph:
    data = copy.deepcopy(MINI)
    for entity, payload in zip(data["entities"], HOSTILE * 3, strict=False):
        entity["name"] = f"{payload} {entity['name']}"
        entity["aliases"] = [payload]
        if entity["type"] == "Figure":
            entity["props"].update(measure=payload, raw=payload, change=payload)
    data["documents"][0]["title"] = HOSTILE[1]
    for relation in data["relations"]:
        relation["evidence"][0]["sentence"] = "".join(HOSTILE)
    data["conflicts"] = [
        {"figures": ["figure-0bd352379fa35aa7", "figure-48a457ea1bb5f06c"], "reason": HOSTILE[0]}
    ]
    return Graph.from_dict(data)


def test_graph_page_draws_the_whole_view(browser, site: Path) -> None:
    page = Page(browser, site / "graph.html").ready()
    view = select_view(Graph.from_dict(copy.deepcopy(MINI)))
    assert page.page.evaluate("nodes.length") == len(view.node_ids) == 9
    assert page.page.evaluate("edges.length") == len(view.edges) == 8
    assert sorted(page.page.evaluate("nodes.getIds()")) == sorted(view.node_ids)
    # Every node has a place on the canvas: vis-network knows all of them.
    assert len(page.page.evaluate("Object.keys(network.getPositions())")) == 9
    page.shot("graph")
    page.clean(site / "graph.html")


def test_click_on_a_node_shows_its_tooltip_text(browser, site: Path) -> None:
    page = Page(browser, site / "graph.html").ready()
    page.click_node("campaign-bce2f7077e5bbef1")
    details = page.page.locator("#kg-details-text").inner_text()
    assert details.startswith("断卡\nCampaign") and "sources (1):" in details
    assert details == page.page.evaluate("nodes.get('campaign-bce2f7077e5bbef1').title")
    assert (
        page.page.locator("#kg-details-cmd").inner_text()
        == "kg viz --focus campaign-bce2f7077e5bbef1"
    )
    page.shot("graph-click")
    page.clean(site / "graph.html")


def test_hover_shows_the_vis_tooltip(browser, site: Path) -> None:
    page = Page(browser, site / "graph.html").ready()
    box = page.page.locator("#mynetwork").bounding_box()
    x, y = page.page.evaluate(
        "() => { const p = network.canvasToDOM(network.getPositions(['agency-dfc0dcd0627e25c8'])['agency-dfc0dcd0627e25c8']); return [p.x, p.y]; }"
    )
    page.page.mouse.move(box["x"] + x, box["y"] + y)
    tooltip = page.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().startswith("公安部\nAgency · public_security · national")
    page.clean(site / "graph.html")


def test_focus_view_holds_only_the_neighbourhood(browser, tmp_path: Path) -> None:
    path = tmp_path / "focus.html"
    write_graph_page(Graph.from_dict(copy.deepcopy(MINI)), path, focus="断卡", depth=1)
    page = Page(browser, path).ready()
    assert sorted(page.page.evaluate("nodes.getIds()")) == sorted(
        [
            "campaign-bce2f7077e5bbef1",
            "agency-dfc0dcd0627e25c8",
            "agency-740671fd4e924e3b",
            "agency-f4b0f4f2b6f735e5",
            "figure-0bd352379fa35aa7",
        ]  # fmt: skip
    )
    assert page.page.evaluate("edges.length") == 4
    assert page.page.locator("#kg-focus").inner_text() == "断卡"
    page.shot("graph-focus")
    page.clean(path)


def test_search_and_type_toggle(browser, site: Path) -> None:
    page = Page(browser, site / "graph.html").ready()
    page.page.fill("#kg-search", "最高人民法院")
    page.page.press("#kg-search", "Enter")
    assert page.page.evaluate("network.getSelectedNodes()") == ["agency-f4b0f4f2b6f735e5"]
    assert page.page.locator("#kg-search-status").inner_text() == "1 match"
    page.page.uncheck("#kg-legend input[data-type=Agency]")
    assert page.page.evaluate("nodes.get({filter: n => n.hidden}).length") == 4
    page.clean(site / "graph.html")


def test_index_page_loads_and_the_table_sorts(browser, site: Path) -> None:
    page = Page(browser, site / "index.html")
    values = "() => Array.from(document.querySelectorAll('#figure-table tbody tr td:nth-child(2)')).map(td => td.textContent)"
    header = page.page.locator("#figure-table th", has_text="Value")
    header.click()
    assert page.page.evaluate(values) == ["1.2万", "4.2万"]
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert page.page.evaluate(values) == ["4.2万", "1.2万"]
    page.page.fill("#figure-filter", "出境")
    assert page.page.locator("#figure-table tbody tr:visible").count() == 1
    assert page.page.locator("#figure-count").inner_text() == "1 of 2 figures"
    assert page.page.locator("#chart svg .mark").count() == 2
    assert page.page.locator("#agency-table tbody tr").first.inner_text().startswith("公安部")
    page.page.fill("#figure-filter", "")
    page.shot("index")
    page.clean(site / "index.html")


def test_hostile_documents_show_as_text_and_never_run(browser, tmp_path: Path) -> None:
    graph_page, index_page, _ = write_site(hostile_graph(), tmp_path)
    page = Page(browser, graph_page).ready()
    page.click_node("agency-4bb46431b7727c7c")
    assert (
        page.page.locator("#kg-details-text")
        .inner_text()
        .startswith(HOSTILE[0] + " 国家移民管理局")
    )
    box = page.page.locator("#mynetwork").bounding_box()
    x, y = page.page.evaluate(
        "() => { const p = network.canvasToDOM(network.getPositions(['person-d5f936942ce9128c'])['person-d5f936942ce9128c']); return [p.x, p.y]; }"
    )
    page.page.mouse.move(box["x"] + x, box["y"] + y)
    page.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5000)
    assert (
        page.page.evaluate("document.querySelectorAll('img, svg').length + document.scripts.length")
        == 2
    )
    page.shot("hostile-graph")
    page.clean(graph_page)

    page = Page(browser, index_page)
    injected = "[...document.querySelectorAll('img, svg')].filter(e => !e.closest('#chart')).length"
    assert page.page.evaluate(injected) == 0 and page.page.evaluate("document.scripts.length") == 1
    assert page.page.locator("#documents li").first.inner_text().startswith(HOSTILE[1])
    assert HOSTILE[0] in page.page.locator("#conflicts").inner_text()
    assert page.page.locator("#figure-table tr.conflict").count() == 2
    page.shot("hostile-index")
    page.clean(index_page)


def test_larger_graph_is_drawn_without_physics(browser, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_viz", ROOT / "bench" / "viz.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    graph = bench.synthesise(300)  # the benchmark's generator: 300 copies of mini_kg.json
    path = tmp_path / "big.html"
    view = write_graph_page(graph, path, max_nodes=1000)
    page = Page(browser, path).ready()
    assert page.page.evaluate("nodes.length") == len(view.node_ids) == 1000
    assert page.page.evaluate("edges.length") == len(view.edges)
    assert page.page.evaluate("network.physics.options.enabled") is False
    assert "most connected of" in page.page.locator("#kg-note").inner_text()
    page.shot("graph-large")
    page.clean(path)


def test_seeds_site_when_the_build_exists(browser, request: pytest.FixtureRequest) -> None:
    """The pages `kg build seeds/` writes, once the build pipeline is in place."""
    pytest.importorskip("kg.build")
    out = request.getfixturevalue("seeds_out")
    for name in ("graph.html", "index.html"):
        if not (out / name).exists():
            pytest.skip(f"kg build does not write {name} yet")
        page = Page(browser, out / name)
        if name == "graph.html":
            page.ready()
            assert page.page.evaluate("nodes.length") > 0
        page.shot(f"seeds-{name.removesuffix('.html')}")
        page.clean(out / name)


# What a reader sees at load: the drawn size of the hubs' labels, the hubs' distance from
# the view's centre against the median node's, the unconnected nodes and their button.
FIRST_SIGHT = """() => {
  const scale = network.getScale(), centre = network.getViewPosition(), pos = network.getPositions();
  const degree = {};
  edges.forEach(e => { for (const n of [e.from, e.to]) degree[n] = (degree[n] || 0) + 1; });
  const shown = nodes.get({filter: n => !n.hidden});
  const byDegree = shown.slice().sort((a, b) => (degree[b.id] || 0) - (degree[a.id] || 0) || (a.id < b.id ? -1 : 1));
  const distance = n => Math.hypot(pos[n.id].x - centre.x, pos[n.id].y - centre.y);
  const distances = shown.map(distance).sort((a, b) => a - b);
  const drawn = n => network.body.nodes[n.id].options.font.size * scale;
  return {
    scale: scale,
    hubs: byDegree.filter(n => ["Agency", "Campaign", "Case"].includes(n.group)).slice(0, 8)
      .map(n => [n.label, drawn(n)]),
    top: byDegree.slice(0, 3).map(n => [n.label, distance(n)]),
    median: distances[Math.floor(distances.length / 2)],
    alone: nodes.get({filter: n => n.alone}).map(n => [n.hidden, n.y]),
    lowest: Math.max(...shown.map(n => pos[n.id].y)),
  };
}"""


def first_sight(page: Page, name: str) -> dict:
    """Check what the page shows at load; returns the measures (printed for the record)."""
    seen = page.page.evaluate(FIRST_SIGHT)
    print(name, json.dumps(seen, ensure_ascii=False))
    assert all(px >= 10 for _, px in seen["hubs"]), seen["hubs"]
    assert all(d < seen["median"] for _, d in seen["top"]), (seen["top"], seen["median"])
    alone = seen["alone"]
    if alone:
        assert all(hidden for hidden, _ in alone)
        button = page.page.locator("#kg-alone")
        assert button.inner_text() == f"Show {len(alone)} unconnected nodes"
    return seen


def test_seeds_graph_tells_the_story_at_first_sight(browser, seeds_out: Path) -> None:
    path = seeds_out / "graph.html"
    page = Page(browser, path).ready()
    seen = first_sight(page, "seeds")
    assert {"最高人民检察院", "公安部", "最高人民法院", "断卡"} <= {
        label for label, _ in seen["hubs"]
    }
    assert len(seen["alone"]) >= 10
    page.shot("graph-seeds")
    # The unconnected nodes appear on demand, in one block under the graph.
    page.page.click("#kg-alone")
    assert (
        page.page.locator("#kg-alone").inner_text()
        == f"Hide {len(seen['alone'])} unconnected nodes"
    )
    shown = page.page.evaluate(FIRST_SIGHT)["alone"]
    assert all(not hidden and y > seen["lowest"] for hidden, y in shown)
    page.shot("graph-seeds-unconnected")
    page.page.click("#kg-alone")
    assert page.page.evaluate("nodes.get({filter: n => n.alone && !n.hidden}).length") == 0
    page.clean(path)


def test_search_ranks_the_exact_name_first(browser, seeds_out: Path) -> None:
    path = seeds_out / "graph.html"
    page = Page(browser, path).ready()
    name = "nodes.get(network.getSelectedNodes()[0]).title.split('\\n')[0]"
    page.page.fill("#kg-search", "公安部")
    page.page.press("#kg-search", "Enter")
    assert page.page.evaluate(name) == "公安部"
    count = page.page.evaluate("kgSearch('公安部').length")
    assert count >= 2 and page.page.locator("#kg-search-status").inner_text() == (
        f"1 of {count} matches (Enter: next)"
    )
    # Exact, then names starting with the query, then names containing it.
    ranked = page.page.evaluate("kgSearch('公安部').map(id => nodes.get(id).title.split('\\n')[0])")
    assert ranked[0] == "公安部" and ranked[1].startswith("公安部")
    starts = [n.startswith("公安部") for n in ranked[1:]]
    assert starts == sorted(starts, reverse=True)
    page.page.press("#kg-search", "Enter")  # the next match
    assert page.page.evaluate(name) == ranked[1]
    # An alias finds its node first too; an unconnected node found is shown.
    alias = page.page.evaluate(
        "(nodes.get({filter: n => n.a && n.a.length && !n.alone})[0] || {a: []}).a[0] || ''"
    )
    if alias:
        page.page.fill("#kg-search", alias)
        page.page.press("#kg-search", "Enter")
        assert alias in page.page.evaluate("nodes.get(network.getSelectedNodes()[0]).a")
    lone = page.page.evaluate("nodes.get({filter: n => n.alone})[0].title.split('\\n')[0]")
    page.page.fill("#kg-search", lone)
    page.page.press("#kg-search", "Enter")
    assert page.page.evaluate(f"{name} === {json.dumps(lone)}")
    assert page.page.evaluate("nodes.get(network.getSelectedNodes()[0]).hidden") is False
    page.clean(path)


@pytest.fixture(scope="module")
def graph_1000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.html of `kg build` on bench/corpus.py's 1,000 documents (~35 s, built once)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus  # its dataclasses look their module up
    spec.loader.exec_module(corpus)
    docs = corpus.ensure_corpus(1000)
    out = tmp_path_factory.mktemp("build-1000")
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "graph.html"


def test_1000_document_graph_tells_the_story_at_first_sight(browser, graph_1000: Path) -> None:
    page = Page(browser, graph_1000).ready()
    seen = first_sight(page, "1000")
    assert {"最高人民检察院", "公安部", "最高人民法院"} <= {label for label, _ in seen["hubs"]}
    page.shot("graph-1000")
    page.clean(graph_1000)


def test_a_cjk_font_is_there_for_the_screenshots():
    """Without one every Chinese name in tests/artifacts/*.png is a row of boxes;
    scripts/install-browser installs fonts-wqy-zenhei."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        _unavailable("fc-list (fontconfig) is missing")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if not fonts.strip():
        _unavailable("no font with Chinese glyphs (run scripts/install-browser)")
    assert fonts.strip()
