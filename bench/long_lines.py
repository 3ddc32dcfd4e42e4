"""Extraction time and memory on one-line documents with no punctuation, the worst case
for clause-bounded rules: the same figure phrase repeated to 100 KB, 1 MB and 5 MB.

    python bench/long_lines.py              # the three sizes
    python bench/long_lines.py --mb 0.2 2   # others

Each size runs in a fresh process (its peak RSS is its own). Time should grow linearly
with the size; the script prints figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

PHRASE = "打掉团伙4.2万个"  # 9 characters, one figure


def _child(mb: float) -> None:
    from kg.extract import extract
    from kg.extract.doc import Doc

    text = PHRASE * max(1, int(mb * 1024 * 1024 / len(PHRASE.encode("utf-8"))))
    started = time.perf_counter()
    doc = extract(Doc(id="long", text=text, date="2024-01-01"))
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mb": mb, "chars": len(text), "seconds": seconds, "figures": len(doc.figures), "rss_mb": rss}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[0.1, 1.0, 5.0], help="sizes in MB of UTF-8 text")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child)
        return
    print(f"{'MB':>6} {'chars':>10} {'figures':>9} {'seconds':>9} {'µs/char':>8} {'peak RSS MB':>12}")
    for mb in args.mb:
        out = subprocess.run([sys.executable, __file__, "--child", str(mb)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['mb']:>6g} {r['chars']:>10,} {r['figures']:>9,} {r['seconds']:>9.2f} {r['seconds'] / r['chars'] * 1e6:>8.2f} {r['rss_mb']:>12.0f}")


if __name__ == "__main__":
    main()
