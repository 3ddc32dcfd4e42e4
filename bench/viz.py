"""Benchmark the graph page on a large graph: Python time to write it, browser time to use it.

    python bench/viz.py                       # synthesise ~20k nodes from tests/data/mini_kg.json
    python bench/viz.py --graph out/kg.json   # the 10,000-document graph of bench/build.py

For each view (the default page `kg build` writes: every type but Document, the 5,000 most
connected nodes and at most 12,500 relations; a --focus page; and the whole graph
with no cap) it prints the seconds Python takes to select, lay out and write the page,
its size, and the seconds headless Chromium takes from navigation until vis-network has
drawn it (the page's `kgReady` flag, set on the first `afterDrawing`), then the cost of
one zoom-and-redraw. Target: the default page interactive in under 5 s.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, installed or not

from kg.model import NODE_TYPES, Graph  # noqa: E402
from kg.writers.html import DEFAULT_MAX_NODES, write_graph_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthesise(copies: int, agency_pool: int = 100) -> Graph:
    """mini_kg.json replicated `copies` times with renamed ids; agencies are shared by
    `copies / agency_pool` copies each, so the graph has hubs as a real corpus does."""
    data = json.loads((ROOT / "tests/data/mini_kg.json").read_text(encoding="utf-8"))
    agencies = {e["id"] for e in data["entities"] if e["type"] == "Agency"}
    out: dict[str, list] = {"documents": [], "entities": [], "relations": []}
    seen: set[str] = set()
    for i in range(copies):

        def rename(node_id: str, i: int = i) -> str:
            return f"{node_id}-p{i % agency_pool}" if node_id in agencies else f"{node_id}-{i}"

        for d in data["documents"]:
            out["documents"].append({**d, "id": rename(d["id"]), "title": f"{d['title']} #{i}"})
        for e in data["entities"]:
            new_id = rename(e["id"])
            if new_id not in seen:
                seen.add(new_id)
                suffix = f" #{i % agency_pool}" if e["id"] in agencies else f" #{i}"
                mentions = [{**m, "doc": rename(m["doc"])} for m in e["mentions"]]
                out["entities"].append(
                    {
                        **copy.deepcopy(e),
                        "id": new_id,
                        "name": e["name"] + suffix,
                        "mentions": mentions,
                    }
                )
        for r in data["relations"]:
            evidence = [{**ev, "doc": rename(ev["doc"])} for ev in r["evidence"]]
            out["relations"].append(
                {
                    **r,
                    "id": f"{r['id']}-{i}",
                    "source": rename(r["source"]),
                    "target": rename(r["target"]),
                    "evidence": evidence,
                }
            )
    return Graph.from_dict(out)


def _browser_times(page_path: Path, runs: int) -> list[dict[str, float]]:
    """Per run, seconds from navigation start until the page's script starts (HTML read,
    vis-network parsed), until the network object exists, and until the first drawing is
    done (`ready`); then the cost of one zoom-and-redraw."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto(page_path.as_uri(), timeout=600_000)
            page.wait_for_function("window.kgReady === true", timeout=600_000, polling=50)
            timings, ready = page.evaluate("[window.kgTimings, window.kgReadyAt]")
            redraw = page.evaluate(
                "() => { const t = performance.now(); network.moveTo({scale: 1.0}); network.redraw();"
                " return performance.now() - t; }"
            )
            out.append(
                {"script": timings["script"] / 1000, "network": timings["network"] / 1000,
                 "ready": ready / 1000, "redraw": redraw / 1000}
            )  # fmt: skip
            page.close()
        browser.close()
    return out


def main() -> None:
    """Parse options, build the pages, print one line of figures per view."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--graph", type=Path, help="a kg.json to measure instead of the synthetic graph"
    )
    parser.add_argument(
        "--copies", type=int, default=3300, help="copies of mini_kg.json to synthesise"
    )
    parser.add_argument(
        "--max-nodes", type=int, default=DEFAULT_MAX_NODES, help="cap of the default view"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="page loads per view; the median is shown"
    )
    parser.add_argument("--no-browser", action="store_true", help="only measure the Python side")
    parser.add_argument(
        "--skip-full", action="store_true", help="skip the uncapped whole-graph view"
    )
    args = parser.parse_args()

    start = time.perf_counter()
    if args.graph:
        graph = Graph.from_dict(json.loads(args.graph.read_text(encoding="utf-8")))
        source = str(args.graph)
    else:
        graph = synthesise(args.copies)
        source = f"synthetic: {args.copies} copies of tests/data/mini_kg.json"
    nodes = len(graph.entities) + len(graph.documents)
    print(f"graph: {source}\n  {nodes:,} nodes ({len(graph.documents):,} documents), "
          f"{len(graph.relations):,} relations; read in {time.perf_counter() - start:.2f} s")  # fmt: skip

    degree = Counter(
        end for r in graph.relations if r.type != "MENTIONED_IN" for end in (r.source, r.target)
    )
    hub = max(graph.entities, key=lambda e: (degree[e.id], e.id))
    views = [
        ("default page (graph.html)", {"max_nodes": args.max_nodes}),
        (f"--focus {hub.name} --depth 2", {"focus": hub.id, "depth": 2}),
    ]
    if not args.skip_full:
        views.append(
            ("whole graph, every type, no cap", {"types": list(NODE_TYPES), "max_nodes": 10**9})
        )
    print(f"\n{'view':<34}{'nodes':>7}{'edges':>7}{'MB':>6}{'python':>8}"
          f"{'script':>8}{'network':>8}{'ready':>7}{'worst':>7}{'redraw':>8}  (seconds)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for name, options in views:
            out = Path(tmp) / "page.html"
            start = time.perf_counter()
            view = write_graph_page(graph, out, **options)
            python_s = time.perf_counter() - start
            line = (f"{name[:33]:<34}{len(view.node_ids):>7,}{len(view.edges):>7,}"
                    f"{out.stat().st_size / 1e6:>6.1f}{python_s:>8.2f}")  # fmt: skip
            if not args.no_browser:
                runs = sorted(_browser_times(out, args.runs), key=lambda r: r["ready"])
                mid = runs[len(runs) // 2]
                line += (f"{mid['script']:>8.2f}{mid['network']:>8.2f}{mid['ready']:>7.2f}"
                         f"{runs[-1]['ready']:>7.2f}{mid['redraw']:>8.2f}")  # fmt: skip
            print(line, flush=True)
    print(f"\nready = median of {args.runs} loads, worst = slowest. The default page keeps the "
          f"{args.max_nodes:,} most connected nodes of every type but Document (and at most 2.5 "
          "relations per node); the rest is reachable with kg viz --focus/--types/--relations.")  # fmt: skip


if __name__ == "__main__":
    main()
