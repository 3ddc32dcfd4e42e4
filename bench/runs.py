"""Run a `kg` command as a user would and measure it: wall and CPU seconds of the whole
process tree, and peak resident memory of the kg process, of the largest other process
in its tree (a worker, Spark's JVM, a Python executor) and of the tree as a whole,
sampled from /proc every 0.2 s. Shared by bench/incremental.py and bench/spark.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_kg_mb: float
    peak_other_mb: float
    peak_tree_mb: float
    exit: int
    summary: dict = field(default_factory=dict)
    stderr: str = ""


def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                kids = [int(k) for k in fh.read().split()]
        except OSError:
            kids = []
        found += kids
        todo += kids
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def run_kg(args: list[str], cwd: Path | None = None) -> Run:
    """`python -m kg ARGS --json` in a child process, measured."""
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = {"kg": 0, "other": 0, "tree": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            kids = _children(proc.pid)
            own = _rss(proc.pid)
            others = [_rss(k) for k in kids]
            peaks["kg"] = max(peaks["kg"], own)
            peaks["other"] = max(peaks["other"], max(others, default=0))
            peaks["tree"] = max(peaks["tree"], own + sum(others))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    try:
        summary = json.loads(out) if "--json" in args else {}
    except ValueError:
        summary = {}
    mb = 1 / (1 << 20)
    return Run(seconds, cpu, peaks["kg"] * mb, peaks["other"] * mb, peaks["tree"] * mb, proc.returncode, summary, err[-20000:])


def folder_mb(path: Path) -> float:
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total / (1 << 20)


def corpus(n: int) -> Path:
    """bench/corpus.py's corpus of n documents (generated once)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import ensure_corpus

    return ensure_corpus(n)
