"""Time kg.writers.entities.write_entity_pages on the 10,000-document graph.

    python bench/entity_pages.py                    # bench/data/graph-10000/kg.json (built once)
    python bench/entity_pages.py --graph out/kg.json

Reading kg.json is not timed; writing the pages is, twice (the second run replaces the
first run's pages, as a rebuild into the same folder does). Prints one line: seconds,
CPU seconds, pages and MB written.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, installed or not
sys.path.insert(0, str(ROOT / "bench"))

from kg.model import Graph  # noqa: E402
from kg.writers.entities import write_entity_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="a kg.json (default: the 10,000-document graph)")
    args = parser.parse_args()
    if args.graph is None:
        from corpus import ensure_graph

        args.graph = ensure_graph()
    graph = Graph.from_dict(json.loads(args.graph.read_text("utf-8")))
    with tempfile.TemporaryDirectory(prefix="entity-pages-") as out:
        times, cpu = [], []
        for _ in range(2):
            started, started_cpu = time.perf_counter(), time.process_time()
            pages = write_entity_pages(graph, Path(out))
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        sizes = [p.stat().st_size for p in pages]
    print(
        f"entity pages: {min(times):.2f} s, {min(cpu):.2f} s CPU (runs {', '.join(f'{t:.2f}' for t in times)}), "
        f"{len(pages):,} pages, {sum(sizes) / 1e6:.1f} MB (largest {max(sizes) / 1e6:.2f} MB); "
        f"graph: {len(graph.documents):,} documents, {len(graph.entities):,} entities, "
        f"{len(graph.relations):,} relations"
    )


if __name__ == "__main__":
    main()
