"""Neo4j Browser, used as a person would: headless Chromium opens the Browser that the
local server serves, logs in, applies queries/kg.grass, runs a queries/ file and sees
the expected nodes. The screenshot is kept in tests/artifacts/neo4j_browser.png."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from neo4j_fixtures import db, fail_or_skip, neo4j_server, rich_graph

from kg.neo4j.load import load_graph

pytestmark = [pytest.mark.neo4j, pytest.mark.browser, pytest.mark.slow]
__all__ = ["db", "neo4j_server"]  # fixtures, imported for pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# What a person types (pastes) into the editor: Monaco's auto-closing of brackets would
# mangle text typed key by key, so the test pastes, as people do.
PASTE = """(el, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def _keep_local(route) -> None:
    """Only the local server may be reached: the Browser's fonts and telemetry stay off the network."""
    host = urlsplit(route.request.url).hostname or ""
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def _run(page, text: str) -> None:
    editor = page.locator("#monaco-main-editor")
    editor.click()
    editor.locator("textarea").evaluate(PASTE, text)
    page.get_by_test_id("editor-Run").click()


def test_browser_logs_in_and_shows_the_campaign_network(db, neo4j_server):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_or_skip("playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        fail_or_skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    load_graph(db, rich_graph())
    info = neo4j_server.info
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "neo4j_browser.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", _keep_local)
            page.goto(info.browser_url)
            # The connect form comes pre-filled with the server's advertised Bolt address.
            assert page.get_by_test_id("boltaddress").input_value() == f"127.0.0.1:{info.bolt_port}"
            page.get_by_test_id("username").fill("neo4j")
            page.get_by_test_id("password").fill(neo4j_server.conn.password)
            page.get_by_test_id("connect").click()
            page.wait_for_selector("text=You are connected as user", timeout=60_000)

            _run(page, ":style " + (ROOT / "queries" / "kg.grass").read_text(encoding="utf-8"))
            page.wait_for_selector("text=node.Figure", timeout=30_000)
            _run(page, (ROOT / "queries" / "10_campaign_network.cypher").read_text(encoding="utf-8"))
            page.wait_for_selector("text=Displaying 8 nodes, 10 relationships", timeout=60_000)
            page.wait_for_timeout(2000)  # let the force layout settle for the screenshot
            page.screenshot(path=str(shot))
            captions = {(t.text_content() or "").strip() for t in page.locator("svg text").all()}
        finally:
            browser.close()
    # Short names fit the circle whole; figures are captioned "value unit" by kg.grass.
    assert {"公安部", "断卡", "断流", "42000 个", "12000 个", "LEADS", "YIELDS"} <= captions, captions
    assert shot.stat().st_size > 10_000
