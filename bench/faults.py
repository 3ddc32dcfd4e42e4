"""Faults during builds, as a hostile tester makes them, on generated corpora.

    python bench/faults.py                    # all: kill, concurrent, disk-full
    python bench/faults.py --only kill --trials 10 --docs 2000

- kill: a good build of N/2 documents, then `kg build` of N documents into the same
  folder, killed with SIGKILL at a random moment of its run (uniform over the measured
  length of a whole build), `--trials` times. After each kill the folder must hold one
  whole set: the document counts that kg.json, kg.ttl, the lookup index and index.html
  state agree, and equal the old or the new corpus. Then one more build, after which no
  staging folder, old generation or temporary file may remain.
- concurrent: `--pairs` pairs of builds (200 generated documents and the five seeds)
  started into one folder at random offsets: each ends exit 0 or with the one-line
  refusal, and the folder holds one whole set.
- disk-full (root only: it mounts a small tmpfs): a build that cannot fit ends in one
  line, exit 1, no traceback, and leaves the previous set byte for byte.

Prints one line per trial and a summary; exit 1 when a trial fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, ensure_corpus  # noqa: E402

SEEDS = ROOT / "seeds"
REFUSAL = "Error: another kg build is writing {out}: wait for it to finish, or build into another --out"


def _kg(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, **kw)


def _build(corpus: Path, out: Path) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q"],
                          cwd=ROOT, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def counts(out: Path) -> set[int]:
    """Documents as each output states them (one value for a whole set)."""
    found = {len(json.loads((out / "kg.json").read_text("utf-8"))["documents"])}
    with sqlite3.connect(f"file:{out / 'kg.index.sqlite'}?mode=ro", uri=True) as con:
        found.add(con.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
    with open(out / "kg.ttl", encoding="utf-8") as fh:
        found.add(sum(line.count("a schema:NewsArticle") for line in fh))
    page = re.search(r"([\d,]+) documents?,", (out / "index.html").read_text("utf-8"))
    found.add(int(page.group(1).replace(",", "")) if page else -1)
    return found


def leftovers(out: Path) -> list[str]:
    current = os.readlink(out / ".current") if (out / ".current").is_symlink() else None
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (".kg.lock", ".current", ".cache", current))


def kill_trials(docs: int, trials: int, rng: random.Random) -> int:
    old, new = ensure_corpus(docs // 2), ensure_corpus(docs)
    work = Path(tempfile.mkdtemp(prefix="kg-faults-"))
    out = work / "out"
    try:
        started = time.perf_counter()
        code, output = _build(new, work / "timing")
        length = time.perf_counter() - started
        if code != 0:
            print(f"FAIL whole build of {docs}: exit {code}: {output[-300:]}")
            return 1
        print(f"kill: a whole build of {docs} documents takes {length:.1f} s; old set {docs // 2} documents")
        code, output = _build(old, out)
        failures = 0
        for trial in range(1, trials + 1):
            delay = rng.uniform(0.05, 0.8 * length)
            proc = _kg("build", str(new), "--out", str(out), "-q", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            seen = counts(out)
            ok = seen in ({docs // 2}, {docs})
            failures += not ok
            state = "new" if seen == {docs} else "old" if seen == {docs // 2} else f"MIXED {sorted(seen)}"
            print(f"  {'ok  ' if ok else 'FAIL'} trial {trial:2d}: kill -9 at {delay:5.1f} s{' (already done)' if finished else ''}: {state} set, "
                  f"{len(leftovers(out))} leftover(s) before the next build")
            if seen == {docs}:  # start the next trial from the old set again
                _build(old, out)
        code, output = _build(new, out)
        left = leftovers(out)
        ok = code == 0 and counts(out) == {docs} and not left
        failures += not ok
        print(f"  {'ok  ' if ok else 'FAIL'} the next build: exit {code}, {sorted(counts(out))} documents, leftovers {left}")
        print(f"kill: {trials - min(failures, trials)}/{trials} trials left a whole set")
        return failures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def concurrent_pairs(pairs: int, rng: random.Random) -> int:
    small = ensure_corpus(200)
    work = Path(tempfile.mkdtemp(prefix="kg-faults-"))
    failures = 0
    try:
        for pair in range(1, pairs + 1):
            out = work / f"out-{pair}"
            offset = rng.uniform(0, 4)
            corpora = [small, SEEDS] if pair % 2 else [SEEDS, small]
            procs = []
            for corpus in corpora:
                procs.append(_kg("build", str(corpus), "--out", str(out), "-q", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
                time.sleep(offset)
            ends = [(p.wait(), p.stdout.read().strip()) for p in procs]
            refusal = REFUSAL.format(out=out)
            ok = all(code == 0 or (code == 1 and text == refusal) for code, text in ends) and any(code == 0 for code, _ in ends)
            seen = counts(out)
            ok = ok and seen in ({200}, {5}) and not leftovers(out)
            failures += not ok
            outcome = " + ".join("built" if code == 0 else "refused" if text == refusal else f"exit {code}: {text[-120:]!r}" for code, text in ends)
            print(f"  {'ok  ' if ok else 'FAIL'} pair {pair}: second started {offset:.1f} s later: {outcome}; the folder holds {sorted(seen)} documents")
        print(f"concurrent: {pairs - failures}/{pairs} pairs ended in one whole set or a one-line refusal")
        return failures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def disk_full() -> int:
    work = Path(tempfile.mkdtemp(prefix="kg-faults-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(work)], capture_output=True, text=True)
    if mounted.returncode != 0:
        print(f"disk-full: not run ({mounted.stderr.strip() or 'mount failed'}; it needs root)")
        shutil.rmtree(work, ignore_errors=True)
        return 0
    try:
        out = work / "out"
        code, output = _build(SEEDS, out)
        before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
        code, output = _build(ensure_corpus(1000), out)
        after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
        lines = output.strip().splitlines()
        ok = (code == 1 and "Traceback" not in output and lines[-1] == f"Error: no space left on device writing {out}: the previous outputs are unchanged"
              and after == before and not leftovers(out))
        print(f"{'ok  ' if ok else 'FAIL'} disk-full: exit {code}, last line {lines[-1][:100]!r}, previous outputs {'intact' if after == before else 'CHANGED'}")
        return not ok
    finally:
        subprocess.run(["umount", str(work)], check=False)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["kill", "concurrent", "disk-full"])
    parser.add_argument("--docs", type=int, default=2000, help="documents of the killed build (default 2000)")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    failures = 0
    if args.only in (None, "kill"):
        failures += kill_trials(args.docs, args.trials, rng)
    if args.only in (None, "concurrent"):
        failures += concurrent_pairs(args.pairs, rng)
    if args.only in (None, "disk-full"):
        failures += disk_full()
    print("all trials passed" if not failures else f"{failures} trial(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
