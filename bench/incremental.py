"""Growing corpora: `kg build` from nothing, again unchanged, and again with 100 documents
added, on the generated 10,000-document corpus (whole commands, as a user runs them).

    python bench/incremental.py                 # N = 10,000, +100
    python bench/incremental.py --n 1000 --add 50
    python bench/incremental.py --outputs none  # kg.json only (see kg build --outputs)

Prints, for each step, wall and CPU seconds of the whole command, how many documents
were extracted and how many came from the cache, peak memory, and the sizes of the
input, kg.json and the cache. The corpus of N + ADD documents is the N-document corpus
with ADD more (bench/corpus.py makes document i from the seed and i alone).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from runs import corpus, folder_mb, run_kg  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--outputs", default="all", help="kg build --outputs for every step")
    args = parser.parse_args()
    base, grown = corpus(args.n), corpus(args.n + args.add)
    out = Path(tempfile.mkdtemp(prefix="kg-incremental-"))
    try:
        rows = []
        for step, docs, extra in (
            ("from nothing", base, []),
            ("again, unchanged", base, []),
            (f"+{args.add} documents", grown, []),
            (f"+{args.add}, --no-cache", grown, ["--no-cache"]),
        ):
            run = run_kg(["build", str(docs), "--out", str(out), "-q", "--json", "--outputs", args.outputs, *extra])
            if run.exit != 0:
                print(f"{step}: exit {run.exit}\n{run.stderr}")
                return
            rows.append((step, run))
        input_mb = folder_mb(grown)
        print(f"kg build on {args.n:,} generated documents, then {args.add} more (outputs: {args.outputs}; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f})")
        print(f"{'step':<22} {'wall s':>7} {'CPU s':>7} {'extracted':>9} {'cached':>7} {'peak kg MB':>10} {'peak tree MB':>12}")
        for step, run in rows:
            s = run.summary
            print(f"{step:<22} {run.seconds:7.1f} {run.cpu:7.1f} {s.get('extracted', 0):9,} {s.get('from_cache', 0):7,} "
                  f"{run.peak_kg_mb:10.0f} {run.peak_tree_mb:12.0f}")
        kg_json = (out / "kg.json").stat().st_size / (1 << 20)
        print(f"input {input_mb:.1f} MB; kg.json {kg_json:.1f} MB ({kg_json / input_mb:.2f}x the input); "
              f"cache {folder_mb(out / '.cache'):.1f} MB")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
