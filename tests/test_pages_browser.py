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
from collections.abc import Iterator
from pathlib import Path

import pytest

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
