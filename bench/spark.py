"""The two engines side by side: `kg build` (local worker processes) and
`kg build --engine spark` on generated corpora, whole commands.

    python bench/spark.py                              # N = 10,000: local and spark
    python bench/spark.py --sizes 100000 --engines spark --outputs none
    python bench/spark.py --master 'local[2]'          # the default master

Prints wall and CPU seconds (the whole process tree: Spark's JVM and Python workers
included), the peak memory of the kg process (the driver, for Spark), of the largest
other process (a local worker; Spark's JVM) and of the tree, and whether the two
engines' outputs (all but Spark's parts/) are the same bytes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from runs import corpus, folder_mb, run_kg  # noqa: E402
from same_outputs import output_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--engines", default="local,spark")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--outputs", default="all", help="kg build --outputs")
    parser.add_argument("--keep", action="store_true", help="keep the outputs (printed)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; outputs: {args.outputs}; Spark master {args.master}")
    print(f"{'N':>8} {'engine':<6} {'MB in':>6} {'wall s':>7} {'CPU s':>7} {'docs/s':>7} {'peak kg MB':>10} {'peak other MB':>13} {'peak tree MB':>12}")
    for n in (int(s) for s in args.sizes.split(",")):
        docs = corpus(n)
        mb_in = folder_mb(docs)
        outs = {}
        for engine in args.engines.split(","):
            out = Path(tempfile.mkdtemp(prefix=f"kg-{engine}-{n}-"))
            extra = ["--engine", "spark", "--master", args.master] if engine == "spark" else ["--no-cache"]
            run = run_kg(["build", str(docs), "--out", str(out), "-q", "--json", "--outputs", args.outputs, *extra])
            if run.exit != 0:
                log = out.with_suffix(".stderr.txt")
                log.write_text(run.stderr, "utf-8")
                errors = [line for line in run.stderr.splitlines() if "Error" in line or "Exception" in line]
                print(f"{n:>8} {engine:<6} exit {run.exit}: {errors[0][:200] if errors else ''} (the end of its stderr: {log})")
                continue
            print(f"{n:>8,} {engine:<6} {mb_in:6.1f} {run.seconds:7.1f} {run.cpu:7.1f} {n / run.seconds:7.0f} "
                  f"{run.peak_kg_mb:10.0f} {run.peak_other_mb:13.0f} {run.peak_tree_mb:12.0f}", flush=True)
            outs[engine] = out
        if len(outs) == 2:
            a, b = (output_files(path) for path in outs.values())
            b = {k: v for k, v in b.items() if not k.startswith("parts/")}
            print(f"{'':>8} same bytes: {a == b} ({len(a)} output files)")
        for out in outs.values():
            if args.keep:
                print(f"{'':>8} kept {out}")
            else:
                shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
