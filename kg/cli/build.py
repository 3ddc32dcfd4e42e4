"""`kg build`: documents in, kg.json (and RDF, HTML, a lookup index) out."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kg.errors import KgError
from kg.text import display_width, terminal_safe

PROGRESS_FROM = 50  # files; fewer finish before a bar would help


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"), show_default=True, help="Folder for kg.json, kg.ttl, kg.jsonld, graph.html, index.html and entities/ (links into its current generation, .gen-*, switched as one set).")
@click.option("--max-size", "max_mb", type=click.FloatRange(min=0.001), default=20.0, show_default=True, help="Skip files larger than this many MB.")
@click.option("--base", default=None, help="Base IRI of the RDF node IRIs [default: https://w3id.org/antifraud-kg/id/].")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: one per core from 200 documents on].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--strict", is_flag=True, help="Stop at the first document that fails, with its traceback (by default it is skipped and the others are built).")
@click.option("--outputs", "outputs", default="all", show_default=True, metavar="LIST",
              help="Comma-separated outputs to write besides kg.json: index (kg.index.sqlite), ttl, jsonld, html (graph.html, index.html, entities/), or all. "
                   "Outputs left out are removed from --out. A large corpus may drop jsonld (the largest file) and html.")
@click.option("--no-cache", is_flag=True, help="Build from nothing: extract every document again and write every RDF block again, ignoring and leaving alone what earlier builds kept (DIR/.cache/, the outputs in place).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: worker processes on this machine. spark: a Spark job (pip install -e '.[spark]', Java 17+) that also writes "
                   "DIR/parts/ (JSON Lines of documents, entities, relations, sentences; kg neo4j load and kg export neo4j-csv read them). "
                   "The outputs are the same bytes either way; the Spark engine does not use the cache.")
@click.option("--master", default=None, metavar="URL", help="Spark master for --engine spark [default: local[*]; a cluster: spark://host:7077, yarn, k8s://...].")
@click.option("--spark-conf", "spark_conf", multiple=True, metavar="KEY=VALUE",
              help="A Spark setting for --engine spark, repeatable (spark.executor.memory=8g). A local master's driver, which runs "
                   "the tasks too, gets a quarter of this machine's memory (1-8 GB) unless spark.driver.memory is given.")
def build(paths: tuple[Path, ...], out_dir: Path, max_mb: float, base: str | None, as_json: bool, jobs: int | None, quiet: bool, strict: bool, outputs: str, no_cache: bool,
          engine: str, master: str | None, spark_conf: tuple[str, ...]) -> None:
    """Build the knowledge graph from Chinese documents (.txt .md .html, UTF-8,
    GB18030 or Big5, with or without YAML front matter).

    PATHS are files or folders; the default is seeds/, the built-in corpus.
    The same input always gives a byte-identical kg.json.

    Each document's extraction is kept in DIR/.cache/, keyed by its name, its bytes
    and the extractor (code and lexicons): building a grown or edited corpus again
    extracts only the new and changed documents, drops the removed ones, and gives
    the same outputs as a build from nothing (--no-cache). Built again with nothing
    changed (files, extractor, options, and the outputs as it left them), it writes
    nothing and says "Up to date".

    \b
    Examples:
      kg build                          # seeds/ -> out/
      kg build ~/press --out press-kg   # your own folder (again: only what changed)
      kg build a.html b.txt --json      # summary for scripts
      kg build --outputs index,ttl      # no kg.jsonld, no pages (large corpora)
      kg build seeds --out spark-out --engine spark --master 'local[2]'
    """
    if (master or spark_conf) and engine != "spark":
        raise click.UsageError(f"{'--master' if master else '--spark-conf'} is for --engine spark")
    with _exit_on_sigterm():
        _build(paths, out_dir, max_mb, base, as_json, jobs, quiet, strict, _outputs(outputs), no_cache, engine, master, spark_conf)


def _outputs(value: str) -> tuple[str, ...]:
    from kg.build import OUTPUTS

    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names:
        raise click.BadParameter("empty: give index, ttl, jsonld, html, all or none", param_hint="--outputs")
    if "all" in names and len(names) > 1:
        raise click.BadParameter(f"all with {', '.join(n for n in names if n != 'all')}: give all alone", param_hint="--outputs")
    if "all" in names:
        return OUTPUTS
    unknown = [name for name in names if name not in (*OUTPUTS, "none")]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)} (choose from {', '.join(OUTPUTS[1:])}, all, none)", param_hint="--outputs")
    return ("json", *(name for name in OUTPUTS[1:] if name in names))


def _build(paths: tuple[Path, ...], out_dir: Path, max_mb: float, base: str | None, as_json: bool, jobs: int | None, quiet: bool, strict: bool,
           outputs: tuple[str, ...], no_cache: bool, engine: str = "local", master: str | None = None,
           spark_conf: tuple[str, ...] = ()) -> None:
    from kg.build import build as run_build
    from kg.cache import Cache
    from kg.publish import holding

    default = not paths
    paths = paths or (Path("seeds"),)
    started = time.perf_counter()
    bar_holder: list = []

    def progress(total: int):
        if quiet or total < PROGRESS_FROM:
            return None
        bar = click.progressbar(length=total, label="Reading", file=sys.stderr)
        bar.__enter__()
        bar_holder.append(bar)
        return lambda: bar.update(1)

    max_bytes = int(max_mb * 1024 * 1024)
    with holding(out_dir):  # a second build into the folder is refused before any work
        import shutil

        for stale in out_dir.glob(".spark-*"):  # left by a Spark build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        if engine == "spark":
            _build_spark(paths, out_dir, max_bytes, strict, quiet, master, base, as_json, outputs, default, started, spark_conf)
            return
        from kg.build import outputs_in_place

        # The folder as written is part of it: the kept summary names the outputs by it.
        options = {"outputs": list(outputs), "base": base, "out": str(out_dir)}
        kept: dict = {}  # the manifest of the outputs in place, when they are this corpus's

        def unchanged(corpus: str) -> bool:
            kept["record"] = outputs_in_place(out_dir, corpus, options)
            return kept["record"] is not None

        try:
            cache = None if no_cache else Cache(out_dir, max_bytes)
            result = run_build(list(paths), max_bytes=max_bytes, progress=progress, jobs=jobs, strict=strict, cache=cache, unchanged=unchanged)
        finally:
            for bar in bar_holder:
                bar.__exit__(None, None, None)
        if result.up_to_date:
            _report_up_to_date(kept["record"], as_json, started)
        else:
            _report(result, out_dir, base, as_json, outputs, default, paths, started, options=options, reuse=not no_cache)
        if cache:
            cache.prune()


def _report_up_to_date(kept: dict, as_json: bool, started: float) -> None:
    """What a build whose corpus, extractor and options are those of the outputs in place
    says: their summary, kept with them (kg.build.keep_manifest), nothing written."""
    summary = dict(kept["summary"])
    summary.update(extracted=0, from_cache=summary["documents_read"], up_to_date=True, seconds=round(time.perf_counter() - started, 3))
    _echo_lines(summary["warnings"], [(item["path"], item["reason"]) for item in summary["skipped"]])
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"Up to date: {summary['documents_read']} document(s) and kg (code, lexicons, libraries) unchanged since the last build, "
               f"skipped {len(summary['skipped'])}; outputs kept, in {summary['seconds']:.1f} s (--no-cache builds them again)")
    for line in kept["text"]:
        click.echo(line)


def _build_spark(paths, out_dir: Path, max_bytes: int, strict: bool, quiet: bool, master: str | None, base: str | None, as_json: bool,
                 outputs: tuple[str, ...], default: bool, started: float, spark_conf: tuple[str, ...] = ()) -> None:
    import shutil
    import tempfile

    from kg.spark import DEFAULT_MASTER, build_spark, parse_conf

    conf = parse_conf(spark_conf)

    def say(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    work = Path(tempfile.mkdtemp(prefix=".spark-", dir=out_dir))
    streamed = outputs == ("json",)  # kg.json alone is written from the parts, never held whole
    try:
        result = build_spark(list(paths), work / "parts", master or DEFAULT_MASTER, max_bytes, strict, say, read_back=not streamed, conf=conf,
                             log=out_dir / ".spark.log")
        extra = {"parts": work / "parts"} if (work / "parts").exists() else {}
        if streamed and extra:
            _report_streamed(result, out_dir, as_json, extra, started)
        else:
            _report(result, out_dir, base, as_json, outputs, default, paths, started, extra)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _echo_notes(result) -> None:
    """Each warning and each skipped document of a build, one line on standard error."""
    _echo_lines(result.warnings, [(s.rel, s.reason) for s in result.skipped])


def _echo_lines(warnings: list[str], skipped: list[tuple[str, str]]) -> None:
    for warning in warnings:
        click.echo(terminal_safe(f"Warning: {warning}"), err=True)
    for path, reason in skipped:
        click.echo(terminal_safe(f"Skipped {path}: {reason}"), err=True)


def _report_streamed(result, out_dir: Path, as_json: bool, extra: dict[str, Path], started: float) -> None:
    """The Spark engine's outputs when kg.json is the only one: written from the parts line
    by line (kg.spark.stream_kg_json), so the driver never holds the graph."""
    import os

    from kg.publish import publish
    from kg.spark import stream_kg_json

    counts: dict = {}

    def write(staging: Path) -> list[Path]:
        counts.update(stream_kg_json(extra["parts"], staging / "kg.json"))
        os.replace(extra["parts"], staging / "parts")
        return [staging / "kg.json", staging / "parts"]

    _echo_notes(result)
    from kg.spark import iter_lines

    if next(iter_lines(extra["parts"], "documents"), None) is None:
        raise KgError("no document could be read; nothing written")
    outputs = publish(out_dir, write)
    elapsed = time.perf_counter() - started
    summary = {
        "documents_read": counts["documents"], "extracted": result.extracted, "from_cache": 0,
        "skipped": [{"path": s.rel, "reason": s.reason} for s in result.skipped], "warnings": result.warnings,
        "nodes": dict(sorted(counts["nodes"].items())), "relations": dict(sorted(counts["relations"].items())),
        "conflicts": counts["conflicts"], "outputs": [str(p) for p in outputs], "seconds": round(elapsed, 3),
    }
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"Read {counts['documents']} document(s), skipped {len(result.skipped)}, in {elapsed:.1f} s")
    for key, label in (("nodes", "Nodes:    "), ("relations", "Relations:")):
        click.echo(f"{label} " + ", ".join(f"{t} {n}" for t, n in sorted(counts[key].items(), key=lambda kv: (-kv[1], kv[0]))))
    click.echo(f"Conflicts: {len(counts['conflicts'])}")
    click.echo("Outputs:")
    for path in outputs:
        click.echo(f"  {path}")


def _report(result, out_dir: Path, base: str | None, as_json: bool, outputs: tuple[str, ...], default: bool, paths, started: float,
            extra: dict[str, Path] | None = None, options: dict | None = None, reuse: bool = True) -> None:
    from kg.build import keep_manifest, write_outputs

    _echo_notes(result)
    if not result.graph.documents:
        hint = " (run kg build from the project folder, or give the documents' PATH)" if default else ""
        raise KgError(f"no document could be read from {', '.join(map(str, paths))}; nothing written{hint}")
    write_outputs(result, out_dir, base, outputs, extra, reuse=reuse)
    elapsed = time.perf_counter() - started
    summary = _summary(result, elapsed)
    lines = _summary_lines(result, elapsed, out_dir, default)
    # A document skipped for a reason of the moment (kg.read.Skipped.transient) is tried
    # again next time: no such build is taken as final.
    if result.corpus is not None and options is not None and not any(s.transient for s in result.skipped):
        keep_manifest(out_dir, result.corpus, options, {k: v for k, v in summary.items() if k != "seconds"}, lines[1:])
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            click.echo(line)


@contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the build like Ctrl-C: cleanups run, the staging folder goes away and
    the previous outputs stay. The handler before is put back after the build (which
    matters when the command runs inside another program)."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _summary(result, elapsed: float) -> dict:
    nodes, relations = result.counts()
    return {
        "documents_read": len(result.graph.documents),
        "extracted": result.extracted,
        "from_cache": result.cached,
        "skipped": [{"path": s.rel, "reason": s.reason} for s in result.skipped],
        "warnings": result.warnings,
        "nodes": dict(sorted(nodes.items())),
        "relations": dict(sorted(relations.items())),
        "conflicts": result.graph.conflicts,
        "outputs": [str(p) for p in result.outputs],
        "up_to_date": False,
        "seconds": round(elapsed, 3),
    }


def _summary_lines(result, elapsed: float, out_dir: Path, seeds: bool) -> list[str]:
    """The summary a build prints, line by line (kept with the outputs for an up-to-date run)."""
    lines: list[str] = []
    echo = lines.append
    nodes, relations = result.counts()
    graph = result.graph
    listed = " (each said above)" if result.skipped else ""
    cached = f" ({result.cached} unchanged since the last build, from DIR/.cache)".replace("DIR", str(out_dir)) if result.cached else ""
    echo(f"Read {len(graph.documents)} document(s){cached}, skipped {len(result.skipped)}{listed}, in {elapsed:.1f} s")
    echo("Nodes:     " + ", ".join(f"{t} {n}" for t, n in sorted(nodes.items(), key=lambda kv: (-kv[1], kv[0]))))
    echo("Relations: " + ", ".join(f"{t} {n}" for t, n in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))))
    names = {e.id: e for e in graph.entities}
    if graph.conflicts:
        echo(f"Conflicts: {len(graph.conflicts)} (same measure, unit and period; values that cannot all be true)")
        for c in graph.conflicts[:20]:
            values = " vs ".join(names[f].name for f in c["figures"] if f in names)
            echo(f"  {c['measure']} {c['period_start']}..{c['period_end']}: {values}")
    else:
        echo("Conflicts: none")
    echo("Outputs:")
    for path in result.outputs:
        echo(f"  {path}")
    graph_opt = "" if out_dir == Path("out") else f" --graph {out_dir / 'kg.json'}"
    looks = [
        (f"open {out_dir / 'index.html'}", "overview: figures, agencies, campaigns, cases"),
        (f"open {out_dir / 'graph.html'}", "the interactive graph: click a node for its evidence"),
    ] if any(p.name == "graph.html" for p in result.outputs) else []
    hub = _most_connected_agency(graph)
    if hub:
        looks.append((f"kg lookup {hub}{graph_opt}", "a node and its relations, each with its sentence"))
    if seeds:
        looks.append(("kg eval tests/gold", "precision and recall against the hand annotations"))
    width = max(display_width(cmd) for cmd, _ in looks)
    echo("Look:")
    for cmd, what in looks:
        echo(terminal_safe(f"  {cmd}{' ' * (width - display_width(cmd))}  # {what}"))
    return lines


def _most_connected_agency(graph) -> str | None:
    degree: dict[str, int] = {}
    for r in graph.relations:
        if r.type != "MENTIONED_IN":
            degree[r.source] = degree.get(r.source, 0) + 1
            degree[r.target] = degree.get(r.target, 0) + 1
    agencies = [(-degree.get(e.id, 0), e.name) for e in graph.entities if e.type == "Agency"]
    name = min(agencies)[1] if agencies else None
    return name if name and not any(ch.isspace() for ch in name) else None
