"""Extraction time and memory on one-line documents with no punctuation, the worst case
for clause-bounded rules: the same figure phrase repeated to 100 KB, 1 MB and 5 MB.

    python bench/long_lines.py              # the three sizes
    python bench/long_lines.py --mb 0.2 2   # others
    python bench/long_lines.py --kind units # police units named alone and joined (联合, 在…协助下)
                                            # after one bureau, in one sentence with no end

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

# What is repeated, after what head: a figure (9 characters), or four police units named alone
# and joined to each other, after the bureau they belong to.
KINDS = {
    "figures": ("", "打掉团伙4.2万个"),
    "units": ("萧县公安局黄口派出所联合刑警大队抓获嫌疑人。", "黄口派出所在刑警大队的协助下，文昌派出所联合刑侦大队，"),
}


def _child(mb: float, kind: str) -> None:
    from kg.extract import extract
    from kg.extract.doc import Doc

    head, phrase = KINDS[kind]
    text = head + phrase * max(1, int(mb * 1024 * 1024 / len(phrase.encode("utf-8"))))
    started = time.perf_counter()
    doc = extract(Doc(id="long", text=text, date="2024-01-01"))
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mb": mb, "chars": len(text), "seconds": seconds, "found": len(doc.figures if kind == "figures" else doc.mentions), "rss_mb": rss}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[0.1, 1.0, 5.0], help="sizes in MB of UTF-8 text")
    parser.add_argument("--kind", choices=sorted(KINDS), default="figures", help="what the line repeats (default: figures)")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.kind)
        return
    found = "figures" if args.kind == "figures" else "mentions"
    print(f"{'MB':>6} {'chars':>10} {found:>9} {'seconds':>9} {'µs/char':>8} {'peak RSS MB':>12}")
    for mb in args.mb:
        out = subprocess.run([sys.executable, __file__, "--child", str(mb), "--kind", args.kind], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['mb']:>6g} {r['chars']:>10,} {r['found']:>9,} {r['seconds']:>9.2f} {r['seconds'] / r['chars'] * 1e6:>8.2f} {r['rss_mb']:>12.0f}")


if __name__ == "__main__":
    main()
