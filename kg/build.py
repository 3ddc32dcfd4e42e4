"""`kg build` as a library call: read, extract, resolve, write.

The order of the pipeline, in one place:
read (kg.read) → clean (kg.clean) → sentences (kg.text) → mentions, figures,
relations (kg.extract) → resolve (kg.resolve) → kg.json (kg.model) → RDF and HTML.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import Cache
from kg.clean import clean
from kg.extract import extract
from kg.extract.doc import Doc
from kg.forked import Forked, die_with_parent
from kg.fsutil import stamp, write_atomic
from kg.model import Document, Graph, iter_json, stable_id
from kg.publish import forget_locks
from kg.read import DEFAULT_MAX_BYTES, Loaded, Skipped, discover, parse_date, read_file
from kg.resolve import Merger, doc_part
from kg.text import cjk_count

MIN_CJK = 10
PARALLEL_FROM = 200  # documents; fewer finish before worker processes pay off


@dataclass
class BuildResult:
    """What a build read, skipped and produced."""

    graph: Graph
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    extracted: int = 0  # documents read and extracted by this build
    cached: int = 0  # documents whose kept result (kg.cache) was merged instead
    corpus: str | None = None  # the digest of what was read and how (`corpus_digest`), with a cache
    up_to_date: bool = False  # nothing read or merged: the outputs of this corpus are in place

    def counts(self) -> tuple[Counter, Counter]:
        """Nodes by type and relations by type."""
        return Counter(e.type for e in self.graph.entities), Counter(r.type for r in self.graph.relations)


def prepare(loaded: Loaded) -> tuple[Document, Doc] | Skipped:
    """Clean one decoded file into a `Doc` ready for extraction, or say why not."""
    body, fmt = clean(loaded.body)
    title = str(loaded.meta.get("title") or "").strip()
    first_line = body.split("\n", 1)[0]
    if title and title not in first_line:
        body = f"{title}\n{body}"
    if cjk_count(body) < MIN_CJK:
        return Skipped(loaded.rel, "no Chinese text in it")
    date = parse_date(loaded.meta.get("date"))
    doc_id = stable_id("document", loaded.rel)
    document = Document(
        id=doc_id,
        path=loaded.rel,
        title=title or first_line[:80],
        date=date,
        url=_str(loaded.meta.get("url") or loaded.meta.get("link")),
        author=_str(loaded.meta.get("author")),
        format=fmt,
        encoding=loaded.encoding,
        chars=len(body),
        sha1=loaded.sha1,
    )
    return document, Doc(id=doc_id, text=body, date=date, title=document.title)


def _str(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def process_file(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = False) -> tuple[Document | None, Doc | Skipped, list[str]]:
    """Read, clean and extract one file: (document, extracted doc, warnings), or
    (None, Skipped, warnings) when it cannot be read. Whatever goes wrong with one
    document skips that document, with the stage and the reason, unless `strict`."""
    warnings: list[str] = []
    stage = "reading"
    try:
        item = read_file(path, rel, max_bytes)
        if isinstance(item, Skipped):
            return None, item, []
        warnings = [f"{item.rel}: {w}" for w in item.warnings]
        stage = "cleaning"
        prepared = prepare(item)
        if isinstance(prepared, Skipped):
            return None, prepared, warnings
        document, doc = prepared
        if item.meta.get("date") not in (None, "") and document.date is None:
            warnings.append(f"{item.rel}: front-matter date {str(item.meta['date'])[:40]!r} is not a date: read without one")
        stage = "extraction"
        extracted = extract(doc)
        warnings += [f"{item.rel}: {note}" for note in extracted.notes]
        return document, extracted, warnings
    except Exception as exc:  # one bad document never stops the others
        if strict:
            raise
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:_REASON_CHARS]
        return None, Skipped(rel, f"{stage} failed ({reason}); the other documents are built", transient=True), warnings


_REASON_CHARS = 200


def _process(args: tuple) -> tuple[Document | None, tuple | Skipped, list[str]]:
    """`process_file` with the extracted doc reduced to what the merge needs (kg.resolve.doc_part):
    a worker sends back a few kilobytes of plain data, not the document's objects and text.
    With a cache entry's file and the SHA-1 the key was made from, the worker also keeps
    the result there (kg.cache)."""
    path, rel, max_bytes, strict, entry, *content = args
    document, doc, warnings = process_file(path, rel, max_bytes, strict)
    result = document, (doc if document is None else doc_part(doc)), warnings
    if entry is not None:
        from kg.cache import put

        put(entry, result, content[0])
    return result


def default_jobs(files: int) -> int:
    """Worker processes worth starting for `files` documents (1: none)."""
    return 1 if files < PARALLEL_FROM else cores()


def cores() -> int:
    """The processes worth running at once on this machine (at most 8): extraction
    workers, or the runs of the RDF writer."""
    return max(1, min(os.cpu_count() or 1, 8))


def build(
    paths: list[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int], Callable[[], None]] | None = None,
    jobs: int | None = None,
    strict: bool = False,
    cache: Cache | None = None,
    unchanged: Callable[[str], bool] | None = None,
) -> BuildResult:
    """Read every document under `paths` and return the merged graph.

    Documents are extracted in `jobs` processes (default: one per core for large
    runs) and merged in the sorted order of their paths, so the result is the same
    whatever the number of processes. With a `cache` (kg.cache), a document whose
    bytes, name and extractor are unchanged since a build that kept it is not extracted
    again: its kept result is merged in its place, so the graph is the same as from
    nothing. `progress(total)` is called once with the number of files and returns a
    function called after each file. A document that fails is skipped with the reason;
    with `strict`, the first failure is raised. With a cache, `unchanged(digest)` is
    asked whether the outputs of this corpus (`corpus_digest`) are already in place: if
    so nothing is read or merged, and the result says `up_to_date`.
    """
    files, skipped = discover(paths)
    found = [cache.key(path, rel) if cache else None for path, rel in files]
    keys = [k[0] if k else None for k in found]
    corpus = corpus_digest(files, skipped, found, strict) if cache else None
    if corpus is not None and unchanged is not None and unchanged(corpus):
        cache.used.update(key for key in keys if key is not None)
        return BuildResult(graph=Graph(), skipped=skipped, cached=len(files), corpus=corpus, up_to_date=True)
    step = progress(len(files)) if progress else None
    kept = [key is not None and cache.has(key) for key in keys]
    tasks = [
        (path, rel, max_bytes, strict, *((cache.entry(k[0]), k[1]) if k else (None,)))
        for (path, rel), k, hit in zip(files, found, kept, strict=True) if not hit
    ]
    jobs = jobs or default_jobs(len(tasks))
    merger = Merger()
    warnings: list[str] = []
    hits = 0
    with _pool(jobs) as pool, _gc_paused():
        results = pool.imap(_process, tasks, chunksize=8) if pool else map(_process, tasks)
        for (path, rel), k, hit in zip(files, found, kept, strict=True):
            result = cache.get(k[0]) if hit else next(results)
            if result is None:  # the entry went away or is damaged: extract here
                result = _process((path, rel, max_bytes, strict, cache.entry(k[0]), k[1]))
            elif hit:
                hits += 1
            document, part, doc_warnings = result
            if step:
                step()
            warnings.extend(doc_warnings)
            if document is None:
                skipped.append(part)
            else:
                merger.add_part(document, part)
        # Finishing the records makes as many objects again, with no cycles either.
        graph = merger.graph()
    if cache:
        cache.used.update(key for key in keys if key is not None)
    return BuildResult(graph=graph, skipped=skipped, warnings=warnings, extracted=len(files) - hits, cached=hits, corpus=corpus)


def corpus_digest(files: list[tuple[Path, str]], skipped: list[Skipped], found: list[tuple[str, str] | None], strict: bool) -> str:
    """A digest of everything a build's graph depends on: each file's name and the cache
    key of its bytes (which holds the largest size read), the files set aside while
    looking (and why), `strict`, and the fingerprint of the whole package, writers included
    (kg.cache.package_fingerprint)."""
    import hashlib

    from kg.cache import package_fingerprint

    digest = hashlib.sha1(f"kg-corpus 1 {package_fingerprint()} {int(strict)}\n".encode())
    for (_path, rel), key in zip(files, found, strict=True):
        digest.update(f"{rel}\0{key[0] if key else '-'}\n".encode("utf-8", "surrogateescape"))
    for item in skipped:
        digest.update(f"skipped {item.rel}\0{item.reason}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@contextmanager
def _gc_paused():
    """The cyclic garbage collector off while documents are folded into the graph: the
    fold makes millions of long-lived objects and no reference cycles, so each of the
    collector's passes would only walk the growing graph again (40 % of the merging
    process's CPU on 1,000 documents). It is turned back on, as it was, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _gc_frozen():
    """The objects alive now (the merged graph) out of the collector's sight while the
    outputs are written: its passes would walk the whole graph again for every few
    thousand objects a writer makes (a third of an incremental build's time on 10,000
    documents), and in the forked RDF writers they would touch, and so copy, every page
    of the graph they share with this process. Put back afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _pool(jobs: int):
    if jobs <= 1:
        yield None
        return
    import multiprocessing

    with multiprocessing.get_context("fork" if os.name == "posix" else "spawn").Pool(jobs, initializer=_worker_signals) as pool:
        yield pool


def _worker_signals() -> None:
    """Workers end on SIGTERM at once (the pool terminates them so), whatever handler the
    parent had; Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    forget_locks()


OUTPUTS = ("json", "index", "ttl", "jsonld", "html")
"""What `kg build` can write: kg.json (always), the lookup index kg.index.sqlite, kg.ttl,
kg.jsonld, and the pages (graph.html, index.html, entities/)."""


def write_outputs(result: BuildResult, out_dir: Path, base: str | None = None, outputs: tuple[str, ...] = OUTPUTS,
                  extra: dict[str, Path] | None = None, reuse: bool = True) -> list[Path]:
    """Write kg.json and (of `outputs`) its lookup index, then the RDF and HTML made from
    it, into a staging folder, and publish them into `out_dir` together (see kg.publish):
    an output left out this time is gone from the folder, never left from a build before.
    `extra`: files or folders already written on the same file system (the Spark
    engine's parts), moved into the set under the given names. With `reuse`, the RDF
    blocks that did not change are copied from the outputs in place (kg.writers.rdf);
    the bytes are the same either way."""
    from kg.index import build_index
    from kg.publish import current_generation, publish
    from kg.writers.html import write_site
    from kg.writers.rdf import DEFAULT_BASE, write_rdf

    def write(staging: Path) -> list[Path]:
        # The RDF files (the longest to write) are written by a forked copy of this
        # process while this one writes the rest, the graph shared, not copied; that copy
        # cuts them into runs, one per core, each written by a copy of its own.
        rdf = tuple(f for f in ("ttl", "jsonld") if f in outputs)
        rdf_paths = [staging / f"kg.{f}" for f in rdf]
        # Blocks that did not change since the outputs in place are copied from their files.
        previous = current_generation(out_dir) if reuse else None
        rdf_writer = Forked(lambda: write_rdf(result.graph, staging, base or DEFAULT_BASE, rdf, previous, cores())) if rdf else None
        try:
            if rdf_writer is not None:
                rdf_writer.start()
            # kg.json and the index are written from the graph one item at a time, never
            # from a whole copy of it as dicts.
            kg_json = write_atomic(staging / "kg.json", iter_json(result.graph.iter_dict()))
            written = [kg_json]
            if "index" in outputs:
                build_index(kg_json, result.graph)
            if "html" in outputs:
                written += write_site(result.graph, staging, with_ttl="ttl" in outputs)
        except BaseException:
            # The build ends (an error, SIGTERM, Ctrl-C): the writer is stopped before the
            # staging folder is removed, so that nothing writes into it afterwards.
            if rdf_writer is not None:
                rdf_writer.stop()
            raise
        if rdf_writer is not None:
            rdf_writer.join()
        written += rdf_paths
        for name, source in (extra or {}).items():
            os.replace(source, staging / name)
            written.append(staging / name)
        return written

    with _gc_frozen():
        result.outputs = publish(out_dir, write)
    return result.outputs


MANIFEST = ".kg.build.json"
"""Kept in the output folder's current generation: the corpus digest, options and summary
of the build that wrote it, and the size and time of each of its outputs."""


def _stamps(folder: Path, names: list[str]) -> dict[str, str] | None:
    """Each output's stamp (kg.fsutil.stamp: a folder's by the files in it), None if one is gone."""
    try:
        return {name: stamp(folder / name) for name in names}
    except OSError:
        return None


def keep_manifest(out_dir: Path, corpus: str, options: dict, summary: dict, text: list[str]) -> None:
    """After a build is published: keep what `outputs_in_place` checks beside its outputs.
    Written whole or not at all; where it cannot be written, the next build runs in full.
    Not kept where outputs were moved into place one by one: those are always written again."""
    import orjson

    from kg.publish import current_generation

    folder = current_generation(out_dir)
    if folder is None:
        return
    names = sorted(Path(p).name for p in summary["outputs"])
    stamps = _stamps(folder, names)
    if stamps is None:
        return
    record = {"format": 2, "corpus": corpus, "options": options, "outputs": stamps, "summary": summary, "text": text}
    try:
        write_atomic(folder / MANIFEST, [orjson.dumps(record, option=orjson.OPT_SORT_KEYS)])
    except OSError:
        pass


def outputs_in_place(out_dir: Path, corpus: str, options: dict) -> dict | None:
    """The manifest of the outputs in `out_dir` when a build of `corpus` (kg.build.corpus_digest)
    with `options` wrote them and none has changed since (size, time, the link in the
    folder); else None, and the build runs."""
    import orjson

    from kg.publish import current_generation

    folder = current_generation(out_dir)
    if folder is None:  # outputs moved into place one by one are written again, as links where they can be
        return None
    try:
        record = orjson.loads((folder / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(record, dict) or record.get("format") != 2 or record.get("corpus") != corpus or record.get("options") != options:
        return None
    stamps = record.get("outputs")
    if not isinstance(stamps, dict) or _stamps(folder, sorted(stamps)) != stamps:
        return None
    if not all((Path(out_dir) / name).is_symlink() and (Path(out_dir) / name).exists() for name in stamps):
        return None
    return record
