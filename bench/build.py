"""Benchmark `kg build` and `kg lookup` on generated corpora of 100, 1,000 and 10,000 documents.

    python bench/build.py                     # N = 100, 1000, 10000 (the last takes minutes)
    python bench/build.py --sizes 100,1000    # a subset
    python bench/build.py --keep              # keep the outputs in bench/out/build-N/

The corpora come from bench/corpus.py (the seeds recombined at sentence level, ~9 KB a
document, dates across 2019-2025), generated once into bench/data/. Each N is built in a
fresh Python process, so that its peak memory is its own. The child calls the library
phase by phase, in write_outputs' order, timing each (wall and CPU) and noting its peak
RSS after each: kg.build.build (of which kg.resolve.merge), kg.fsutil.write_atomic of
kg.model.iter_json of Graph.iter_dict (kg.json), kg.index.build_index (the lookup index),
kg.writers.rdf.write_rdf, kg.writers.html.write_site. The parent reads the child's rusage
from wait4. A writer that raises is reported as failed and the others still run; the
child's address space is capped (--max-gb, default 8) so that a runaway writer fails
alone instead of exhausting a shared machine.

Then each N again as a user runs it, `kg build CORPUS --out DIR --no-cache` in a subprocess
(every default output, the writers side by side as the command runs them): wall, CPU and
peak RSS from wait4 (--no-command skips it).

Then, on the largest graph built, `kg lookup 公安部` as a subprocess: once without the
sqlite index (the command builds it), then three times with it (min and median), and the
start-up imports of that command (-X importtime), with a check that none of rdflib,
pyoxigraph, neo4j, networkx, pyvis, jieba, jinja2 is imported.

Target: 10,000 documents (~90 MB) in under 60 s and under 2 GB on two
cores, time linear in N; `kg lookup` on that graph in under 0.5 s. The script prints
figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import corpus_bytes, ensure_corpus, record_graph  # noqa: E402

DEFAULT_SIZES = (100, 1000, 10000)
LOOKUP_NAME = "公安部"
HEAVY = ("rdflib", "pyoxigraph", "oxrdflib", "pyshacl", "neo4j", "networkx", "pyvis", "jieba", "jinja2")


# --------------------------------------------------------------------------- child


def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def worker(corpus: Path, out_dir: Path, skip: set[str], emit=lambda report: None, jobs: int | None = None) -> dict:
    """One build of `corpus` into `out_dir`, phase by phase; runs in its own process.

    `emit(report)` is called before and after each phase, so that a parent whose child
    dies (out of memory, killed) still knows what finished and what was running.
    """
    report: dict = {"phases": {}, "cpu": {}, "errors": {}, "running": None}
    phases, cpu = report["phases"], report["cpu"]

    class timed:
        def __init__(self, name: str) -> None:
            self.name = name

        def __enter__(self):
            report["running"] = self.name
            emit(report)
            self.wall, self.cpu = time.perf_counter(), time.process_time()

        def __exit__(self, kind, exc, tb):
            phases[self.name] = phases.get(self.name, 0.0) + time.perf_counter() - self.wall
            cpu[self.name] = cpu.get(self.name, 0.0) + time.process_time() - self.cpu
            report[f"rss_{self.name}_mb"] = _maxrss_mb()
            report["running"] = None
            if exc is not None and isinstance(exc, Exception):
                # A writer under development may be broken: time the rest.
                report["errors"][self.name] = f"{type(exc).__name__}: {exc}"[:300]
                del phases[self.name]
            emit(report)
            return isinstance(exc, Exception) and self.name not in ("build", "kg.json")

    with timed("import"):
        import kg.build as kb
        from kg.fsutil import write_atomic
        from kg.model import iter_json

    merge_time = [0.0, 0.0]

    class TimedMerger(kb.Merger):
        """Counts the time spent merging, in the main process."""

        def add_part(self, *args, **kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return super().add_part(*args, **kwargs)
            finally:
                merge_time[0] += time.perf_counter() - t
                merge_time[1] += time.process_time() - c

    real_merger, kb.Merger = kb.Merger, TimedMerger
    with timed("build"):
        result = kb.build([corpus], jobs=jobs)
    kb.Merger = real_merger
    phases["merge"], cpu["merge"] = merge_time
    graph = result.graph
    report["documents"] = len(graph.documents)
    report["skipped"] = len(result.skipped)
    report["nodes"] = len(graph.entities)
    report["relations"] = len(graph.relations)
    report["evidence"] = sum(len(r.evidence) for r in graph.relations)
    report["mentions"] = sum(len(e.mentions) for e in graph.entities)
    report["conflicts"] = len(graph.conflicts or ())

    out_dir.mkdir(parents=True, exist_ok=True)
    with timed("kg.json"):
        kg_json = write_atomic(out_dir / "kg.json", iter_json(graph.iter_dict()))
    report["kg_json_mb"] = kg_json.stat().st_size / 1e6

    if "index" not in skip:
        with timed("index"):
            from kg.index import build_index

            build_index(kg_json, graph)
    if "rdf" not in skip:
        with timed("rdf"):
            from kg.build import cores
            from kg.writers.rdf import DEFAULT_BASE, write_rdf

            write_rdf(graph, out_dir, DEFAULT_BASE, parts=cores())  # in runs, one per core, as kg build does
    if "html" not in skip:
        with timed("html"):
            from kg.writers.html import write_site

            write_site(graph, out_dir)
    report["sizes_mb"] = {p.name: p.stat().st_size / 1e6 for p in sorted(out_dir.iterdir()) if p.is_file()}
    report["rss_end_mb"] = _maxrss_mb()
    emit(report)
    return report


# --------------------------------------------------------------------------- parent


def run_child(n: int, corpus: Path, out_dir: Path, skip: set[str], max_gb: float | None = None, jobs: int = 0) -> dict:
    """Run the worker for one corpus in a fresh interpreter; add its wall time and rusage
    (of the build process and the worker processes it started)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_worker", str(corpus), str(out_dir), ",".join(sorted(skip)), str(jobs)]

    def limit() -> None:  # in the child: a cap on its address space, so a runaway writer fails alone
        import resource

        cap = int(max_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT, preexec_fn=limit if max_gb else None)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    lines = [line for line in out.decode("utf-8", "replace").splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"N={n}: the build process failed (exit {proc.returncode}) before reporting; see above")
    report = json.loads(lines[-1])
    if proc.returncode != 0:
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
        running = report.get("running") or "?"
        report["errors"].setdefault(running, f"the process died ({how}) during {running}")
        report["died"] = f"{how} during {running}"
    report.update(n=n, wall=wall, peak_rss_mb=usage.ru_maxrss / 1024, cpu_total=usage.ru_utime + usage.ru_stime)
    for name, error in report["errors"].items():
        if error.startswith("MemoryError") and max_gb:
            report["errors"][name] = f"MemoryError: over the {max_gb:g} GB address-space cap (--max-gb)"
    return report


def kg_command() -> list[str]:
    """The installed console script (not a pyenv shim, which adds its own start-up), run by this Python."""
    script = Path(sys.executable).parent / "kg"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "from kg.cli import main; main()"]


def time_cmd(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - started, proc


def bench_command(corpus: Path, out_dir: Path) -> dict:
    """`kg build CORPUS --out OUT_DIR --no-cache` as a user runs it, every default output:
    its wall time, and CPU and peak RSS from wait4 (the largest of its processes)."""
    cmd = [*kg_command(), "build", str(corpus), "--out", str(out_dir), "--no-cache", "--quiet"]
    # Its warnings go to a file, not a pipe that nobody reads while wait4 waits (a full pipe
    # would stop the command).
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        error = errors.read().decode("utf-8", "replace").strip()[-500:] if code else ""
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024, "exit": code, "error": error}


def bench_lookup(kg_json: Path, name: str = LOOKUP_NAME, runs: int = 3) -> dict:
    """`kg lookup NAME --graph kg_json`: cold (no index) once, warm `runs` times, and its imports."""
    cmd = [*kg_command(), "lookup", name, "--graph", str(kg_json)]
    index = kg_json.parent / "kg.index.sqlite"
    saved = None
    if index.exists():
        saved = index.with_name(index.name + ".bench")
        shutil.copy2(index, saved)
        index.unlink()
    cold, proc = time_cmd(cmd)
    if saved is not None and not index.exists():
        os.replace(saved, index)
    elif saved is not None:
        saved.unlink()
    result: dict = {"cold": cold, "exit": proc.returncode, "lines": len(proc.stdout.decode("utf-8", "replace").splitlines())}
    if proc.returncode != 0:
        result["error"] = proc.stderr.decode("utf-8", "replace").strip()[-500:]
    warm = [time_cmd(cmd)[0] for _ in range(runs)]
    result["warm"] = warm
    result["python"] = min(time_cmd([sys.executable, "-c", "pass"])[0] for _ in range(3))
    # Start-up imports of the command, as the console script runs it.
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    _, proc = time_cmd(cmd, env)
    result["imports"] = parse_importtime(proc.stderr.decode("utf-8", "replace"))
    return result


_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def parse_importtime(stderr: str) -> dict:
    """-X importtime output: total, modules, the slowest top-level imports, and heavy ones present."""
    rows = []
    for line in stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            rows.append((int(m[1]), int(m[2]), len(m[3]) // 2, m[4]))
    top = sorted((r for r in rows if r[2] == 0), key=lambda r: -r[1])
    roots = {r[3].split(".")[0] for r in rows}
    return {
        "modules": len(rows),
        "total_s": sum(r[0] for r in rows) / 1e6,
        "top": [(r[3], r[1] / 1e6) for r in top[:10]],
        "kg": sorted({r[3] for r in rows if r[3] == "kg" or r[3].startswith("kg.")}),
        "heavy": sorted(h for h in HEAVY if h in roots),
    }


def fmt_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def _s(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


WRITERS = ("kg.json", "index", "rdf", "html")


def _phase(r: dict, name: str) -> str:
    if name in r["errors"]:
        return "FAIL"
    return _s(r["phases"].get(name))


def _peak_phase(r: dict) -> str:
    """The phase during which the process reached its peak RSS."""
    order = ["import", "build", *WRITERS]
    peak = max((r.get(f"rss_{p}_mb", 0) for p in order), default=0)
    for p in order:
        if r.get(f"rss_{p}_mb", 0) >= peak:
            return p
    return "?"


def print_report(reports: list[dict], lookup: dict | None, lookup_graph: Path | None) -> None:
    print()
    print(f"kg build on generated corpora ({os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"load average now {os.getloadavg()[0]:.1f})")
    print()
    print("Extraction + merge: kg.build.build (read, clean, extract; merge = its kg.resolve.Merger share)")
    ok = [r for r in reports if "build" in r["phases"]]
    rows = []
    for r in ok:
        p, c = r["phases"], r["cpu"]
        rows.append([f"{r['n']:,}", _s(r["mb"], 1), _s(p["build"]), _s(c["build"]), _s(p["merge"]),
                     f"{r['n'] / p['build']:.0f}", _s(r["mb"] / p["build"]), _s(1000 * p["build"] / r["n"]),
                     _s(1000 * c["build"] / r["n"]), f"{r['rss_build_mb']:.0f}"])
    if rows:
        print(fmt_table(["N", "MB in", "seconds", "CPU s", "merge s", "docs/s", "MB/s", "ms/doc", "CPU ms/doc",
                         "RSS after build MB"], rows))
    print()
    print("Writing outputs (seconds): kg.json = iter_dict streamed to an atomic write; index = build_index;")
    print("rdf = write_rdf (kg.ttl, kg.jsonld); html = write_site (graph.html, index.html)")
    rows = []
    for r in reports:
        p = r["phases"]
        total = sum(p.get(k, 0) for k in ("build", *WRITERS))
        rows.append([f"{r['n']:,}", *(_phase(r, k) for k in WRITERS), _s(total), _s(r["wall"]),
                     _s(r["cpu_total"], 1), f"{r['peak_rss_mb']:.0f}", _peak_phase(r)])
    print(fmt_table(["N", "kg.json", "index", "rdf", "html", "build+writes", "process wall", "process CPU",
                     "peak RSS MB", "peak during"], rows))
    rows = [[f"{r['n']:,}", _s(r["command"]["wall"], 1), _s(r["command"]["cpu"], 1), f"{r['command']['peak_rss_mb']:.0f}",
             str(r["command"]["exit"])] for r in reports if "command" in r]
    if rows:
        print()
        print("The whole command as a user runs it: kg build CORPUS --out DIR --no-cache (every default output; its")
        print("writers run side by side, so its wall is less than build+writes above)")
        print(fmt_table(["N", "wall s", "CPU s", "peak RSS MB", "exit"], rows))
    print()
    rows = [[f"{r['n']:,}", f"{r.get('documents', 0):,}", str(r.get("skipped", "-")), f"{r.get('nodes', 0):,}",
             f"{r.get('relations', 0):,}", f"{r.get('evidence', 0):,}", f"{r.get('mentions', 0):,}",
             f"{r.get('conflicts', 0):,}", *(_s(r.get("sizes_mb", {}).get(f), 1) for f in
                                             ("kg.json", "kg.index.sqlite", "kg.ttl", "kg.jsonld", "graph.html", "index.html"))]
            for r in reports]
    print(fmt_table(["N", "docs read", "skipped", "nodes", "relations", "evidence", "mentions", "conflicts",
                     "kg.json MB", "index MB", "kg.ttl MB", "kg.jsonld MB", "graph.html MB", "index.html MB"], rows))
    for r in reports:
        for name, error in r["errors"].items():
            print(f"N={r['n']:,}: {name} failed: {error}")
    if len(ok) > 1:
        print()
        for a, b in zip(ok, ok[1:], strict=False):
            k = b["n"] / a["n"]

            def ratio(name: str, a: dict = a, b: dict = b) -> str:
                if name not in a["phases"] or name not in b["phases"]:
                    return "-"
                return f"x{b['phases'][name] / max(a['phases'][name], 1e-9):.1f}"

            print(f"scaling {a['n']:,} -> {b['n']:,} (x{k:g} documents): build {ratio('build')} "
                  f"(CPU x{b['cpu']['build'] / a['cpu']['build']:.1f}), merge {ratio('merge')}, kg.json {ratio('kg.json')}, "
                  f"index {ratio('index')}, rdf {ratio('rdf')}, html {ratio('html')}, "
                  f"peak RSS x{b['peak_rss_mb'] / a['peak_rss_mb']:.1f}")
    if lookup:
        print()
        print(f"kg lookup {LOOKUP_NAME} --graph {lookup_graph}  ({lookup['lines']} lines of output, exit {lookup['exit']})")
        if lookup.get("error"):
            print(f"  error: {lookup['error']}")
        warm = lookup["warm"]
        print(f"  first run, no index (the command builds kg.index.sqlite): {lookup['cold']:.2f} s")
        print(f"  with the index, {len(warm)} runs: min {min(warm):.3f} s, median {statistics.median(warm):.3f} s"
              f"  (python -c pass: {lookup['python']:.3f} s)")
        imp = lookup["imports"]
        print(f"  start-up imports: {imp['modules']} modules, {imp['total_s']:.3f} s of import time (-X importtime, self times summed)")
        print("  slowest top-level imports (cumulative): " + ", ".join(f"{m} {t * 1000:.0f} ms" for m, t in imp["top"][:8]))
        print(f"  kg modules imported: {', '.join(imp['kg'])}")
        print(f"  heavy libraries imported ({', '.join(HEAVY)}): {', '.join(imp['heavy']) or 'none'}")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_worker"]:
        skip = set(filter(None, argv[3].split(","))) if len(argv) > 3 else set()
        jobs = int(argv[4]) if len(argv) > 4 and argv[4] != "0" else None

        def emit(report: dict) -> None:
            sys.stdout.write(json.dumps(report) + "\n")
            sys.stdout.flush()

        worker(Path(argv[1]), Path(argv[2]), skip, emit, jobs)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated N (default 100,1000,10000)")
    parser.add_argument("--keep", action="store_true", help="keep the outputs in bench/out/build-N/ (default: a temporary folder)")
    parser.add_argument("--skip", default="", help="writers not to run, comma-separated: index,rdf,html")
    parser.add_argument(
        "--max-gb",
        type=float,
        default=8.0,
        help="cap each build process's address space (RLIMIT_AS) at this many GB, so a runaway "
        "writer fails alone instead of exhausting a shared machine (default 8; 0 = no cap)",
    )
    parser.add_argument("--no-lookup", action="store_true", help="do not time kg lookup")
    parser.add_argument("--no-command", action="store_true", help="do not time the whole `kg build` command")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the build (default 0: kg's default, one per core)")
    parser.add_argument("--json", dest="json_out", type=Path, help="also write the raw figures to this JSON file")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    skip = set(filter(None, args.skip.split(",")))
    temp = None if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    reports = []
    lookup = lookup_graph = None
    try:
        for n in sizes:
            t = time.perf_counter()
            corpus = ensure_corpus(n)
            mb = corpus_bytes(corpus) / 1e6
            print(f"N={n:,}: corpus {corpus} ({mb:.1f} MB, ready in {time.perf_counter() - t:.1f} s); building ...", flush=True)
            out_dir = (ROOT / "bench" / "out" / f"build-{n}") if args.keep else temp / f"build-{n}"
            shutil.rmtree(out_dir, ignore_errors=True)
            report = run_child(n, corpus, out_dir, skip, args.max_gb, args.jobs)
            report["mb"] = mb
            reports.append(report)
            p = report["phases"]
            if "build" in p:
                print(f"  build {p['build']:.1f} s ({n / p['build']:.0f} docs/s, {mb / p['build']:.2f} MB/s), "
                      f"then " + ", ".join(f"{k} {p[k]:.1f} s" for k in WRITERS if k in p) + ", "
                      f"process wall {report['wall']:.1f} s, peak RSS {report['peak_rss_mb']:.0f} MB"
                      + "".join(f"; {k} FAILED" for k in report["errors"]), flush=True)
            else:
                print(f"  failed: {report['errors']}", flush=True)
            if not args.no_command:
                command_dir = out_dir.with_name(f"command-{n}")
                shutil.rmtree(command_dir, ignore_errors=True)
                report["command"] = command = bench_command(corpus, command_dir)
                shutil.rmtree(command_dir, ignore_errors=True)
                print(f"  kg build (whole command): {command['wall']:.1f} s wall, {command['cpu']:.1f} s CPU, "
                      f"peak RSS {command['peak_rss_mb']:.0f} MB, exit {command['exit']}" + (f": {command['error']}" if command["error"] else ""),
                      flush=True)
            if "kg.json" in p:
                _share_graph(n, corpus, out_dir / "kg.json", p["build"] + p["kg.json"])
                lookup_graph = out_dir / "kg.json"
        if lookup_graph is not None and not args.no_lookup:
            lookup = bench_lookup(lookup_graph)
        print_report(reports, lookup, lookup_graph)
        if args.json_out:
            args.json_out.write_text(json.dumps({"builds": reports, "lookup": lookup}, indent=1, ensure_ascii=False), "utf-8")
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def _share_graph(n: int, corpus: Path, kg_json: Path, seconds: float) -> None:
    """Leave the graph where corpus.ensure_graph(n) looks for it, so other benchmarks reuse it."""
    target = ROOT / "bench" / "data" / f"graph-{n}" / "kg.json"
    if not kg_json.exists():
        return
    corpus_manifest = json.loads((corpus / ".manifest.json").read_text("utf-8"))
    if target.exists() and filecmp.cmp(kg_json, target, shallow=False):
        return  # the same bytes: keep the file (and its mtime) that others may be using
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".kg.json.{os.getpid()}.tmp")
    shutil.copyfile(kg_json, tmp)
    os.replace(tmp, target)  # readers see the old file or the new one, never half of one
    record_graph(target, corpus_manifest, seconds)


if __name__ == "__main__":
    main()
