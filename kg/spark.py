"""`kg build --engine spark`: the same build as a Spark job, for corpora past one machine.

The stages are the local engine's, run by Spark:

1. map: each file is read, cleaned and extracted on an executor (`kg.build._process`,
   the function the local worker processes run), giving its document and part;
2. reduce: each part becomes keyed records (`kg.merge.doc_records`) folded with
   `kg.merge.combine` by `reduceByKey`: no process ever holds the corpus, and the fold's
   laws make the result independent of partitioning;
3. the folded records are finished, sorted by id and written from the partitions as
   JSON Lines: `parts/documents`, `parts/entities`, `parts/relations` (evidence as
   sentence keys, as in kg.json) and `parts/sentences` (`[doc, start, end, text]`).
   Read in file order, each is in id order.

The driver then reads the parts back (`read_parts`) and writes the usual outputs
with the usual writers, so they are the bytes the local engine writes; the parts are
published with them (`DIR/parts/`), and `kg neo4j load` and `kg export neo4j-csv`
read them (`--graph DIR/parts`).

PySpark is an optional extra (`pip install -e .[spark]`); it needs Java 17 or newer.
On a cluster, every executor needs kg installed (the same version) and the input
paths readable at the same names (a shared file system).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import KgError
from kg.model import (
    Document,
    Entity,
    Evidence,
    Graph,
    Mention,
    Relation,
    document_dict,
    entity_dict,
)
from kg.read import DEFAULT_MAX_BYTES, Skipped, discover

KINDS = ("documents", "entities", "relations", "sentences")
DEFAULT_MASTER = "local[*]"


def local_driver_memory() -> str:
    """The driver's heap for a local master, where the driver JVM runs the tasks too: a
    quarter of this machine's memory, between 1 and 8 GB (Spark's own default, 1 GB,
    runs out on the hub entities of a large corpus: 公安部 in 100,000 documents)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "1g"
    return f"{max(1, min(8, total // 4 // 2**30))}g"


def parse_conf(items: Iterable[str]) -> dict[str, str]:
    """`--spark-conf KEY=VALUE` options as a dict, or a one-line KgError."""
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"spark\.[A-Za-z0-9_.-]+", key.strip()) or not value.strip():
            raise KgError(f"--spark-conf {item!r} is not KEY=VALUE with a Spark setting as KEY (spark.executor.memory=8g)")
        conf[key.strip()] = value.strip()
    return conf


def session(master: str = DEFAULT_MASTER, app: str = "kg build", conf: dict[str, str] | None = None, log: Path | None = None):
    """A SparkSession for `master` (quiet: no UI, errors only) with the settings of
    `conf` (a local master's driver memory defaults to `local_driver_memory`), or a
    one-line KgError. With `log`, the JVM (and the Python workers it starts) write their
    own messages there instead of to this terminal, and py4j's complaints when a build is
    interrupted are not printed."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark\..*")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise KgError("the Spark engine needs PySpark: pip install -e '.[spark]' (and Java 17 or newer)") from None
    if not re.fullmatch(r"local(\[(\*|\d+)(,\d+)?\])?|local-cluster\[\d+,\d+,\d+\]|yarn|(spark|k8s|mesos)://\S+", master):
        raise KgError(f"--master {master!r} is not a Spark master URL (local[N], local[*], spark://HOST:PORT, yarn, k8s://URL)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise KgError("the Spark engine needs Java 17 or newer (java not found, JAVA_HOME not set)")
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false", "spark.python.worker.reuse": "true"}
    if master.startswith("local"):
        settings["spark.driver.memory"] = local_driver_memory()
    settings.update(conf or {})
    saved = None
    if log is not None:
        # py4j reports a connection broken by Ctrl-C through the root logger, which would
        # print tracebacks: a handler on the root logger keeps logging from making one.
        logging.getLogger().addHandler(logging.NullHandler())
        # The JVM inherits this process's standard error when it starts: point it at the log.
        sys.stderr.flush()
        try:
            with open(log, "wb") as fh:
                saved = os.dup(2)
                os.dup2(fh.fileno(), 2)
        except OSError:
            log = None  # no log where it cannot be written: Spark speaks on this terminal
    try:
        builder = SparkSession.builder.master(master).appName(app)
        for key, value in sorted(settings.items()):
            builder = builder.config(key, value)
        spark = builder.getOrCreate()
    except Exception as exc:  # a JVM that does not start, a master that does not answer
        where = f" (Spark's log: {log})" if log is not None else ""
        raise KgError(f"cannot start Spark with master {master}: {' '.join(str(exc).split())[:300]}{where}") from None
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _extract(item: tuple[int, str, str, int, bool]) -> tuple[int, Document | None, tuple | Skipped, list[str]]:
    from kg.build import _process

    rank, path, rel, max_bytes, strict = item
    document, part, warnings = _process((Path(path), rel, max_bytes, strict, None))
    return rank, document, part, warnings


def _records(result: tuple) -> Iterator[tuple[tuple, list]]:
    from kg.merge import doc_records

    rank, document, part, _ = result
    return doc_records(rank, document, part) if document is not None else iter(())


def _lines(record: list) -> tuple[str, str, str, list[tuple]]:
    """A folded record as (kind, id, JSON line, sentences): a relation also gives the
    sentences its evidence quotes, `(key, JSON line)` each."""
    import orjson

    from kg.merge import finish
    from kg.model import relation_json

    item = finish(record)
    if isinstance(item, Document):
        return "documents", item.id, orjson.dumps(document_dict(item)).decode(), []
    if isinstance(item, Entity):
        return "entities", item.id, orjson.dumps(entity_dict(item)).decode(), []
    sentences = [((ev.doc, ev.start, ev.end), orjson.dumps([ev.doc, ev.start, ev.end, ev.sentence]).decode()) for ev in item.evidence]
    return "relations", item.id, orjson.dumps(relation_json(item)).decode(), sentences


def build_spark(
    paths: list[Path],
    parts_dir: Path,
    master: str = DEFAULT_MASTER,
    max_bytes: int = DEFAULT_MAX_BYTES,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
    read_back: bool = True,
    conf: dict[str, str] | None = None,
    log: Path | None = None,
):
    """Build `paths` with Spark, write the merged graph's parts under `parts_dir` (a
    folder that does not exist yet), and return the `kg.build.BuildResult` read back
    from them (with `read_back=False`, an empty graph: the caller streams the parts)."""
    from kg.build import BuildResult

    files, skipped = discover(paths)
    if not files:
        return BuildResult(graph=Graph(), skipped=skipped)
    say = progress or (lambda message: None)
    say(f"Starting Spark ({master})")
    spark = session(master, conf=conf, log=log)
    if log is not None and not log.exists():
        log = None  # it could not be written: errors name no log
    sc = spark.sparkContext
    try:
        notes = _run_job(sc, files, parts_dir, max_bytes, strict, say)
    except KgError:
        raise
    except Exception as exc:  # the job's failure, from the JVM: one line, not its stack
        text = " ".join(str(exc).split())
        if "No space left on device" in text:
            raise KgError(f"no space left on device writing {parts_dir.parent.parent}: the previous outputs are unchanged") from None
        raise KgError(f"the Spark job failed: {text[:300]}" + (f" (Spark's log: {log})" if log else "")) from None
    finally:
        try:
            spark.stop()
        except Exception:  # noqa: S110 (a JVM already gone: nothing left to stop)
            pass
    warnings = []
    for _, skip, doc_warnings in sorted(notes, key=lambda n: n[0]):
        warnings += doc_warnings
        if skip is not None:
            skipped.append(skip)
    graph = Graph()
    if read_back:
        say("Reading the merged parts")
        graph = read_parts(parts_dir)
    return BuildResult(graph=graph, skipped=skipped, warnings=warnings, extracted=len(files))


def _run_job(sc, files: list, parts_dir: Path, max_bytes: int, strict: bool, say: Callable[[str], None]) -> list:
    """The Spark job: extract, merge, write the parts; the per-document notes (rank,
    skipped, warnings) collected for the driver."""
    from pyspark import StorageLevel

    from kg.merge import combine

    # Kept on disk where memory runs short (a local JVM has 1 GB by default): recomputing
    # a dropped partition would extract its documents again.
    keep = StorageLevel.MEMORY_AND_DISK
    slices = max(sc.defaultParallelism, min(len(files) // 500 + 1, 2_000))
    items = [(rank, str(path), rel, max_bytes, strict) for rank, (path, rel) in enumerate(files)]
    say(f"Extracting {len(files):,} documents in {slices} partitions")
    results = sc.parallelize(items, slices).map(_extract).persist(keep)
    notes = results.map(lambda r: (r[0], r[2] if r[1] is None else None, r[3])).collect()
    say("Merging")
    merged = results.flatMap(_records).reduceByKey(combine, numPartitions=slices).map(lambda kv: _lines(kv[1]))
    merged.persist(keep)
    parts_dir.mkdir(parents=True, exist_ok=True)
    for kind in ("documents", "entities", "relations"):
        (merged.filter(lambda row, kind=kind: row[0] == kind).map(lambda row: (row[1], row[2]))
         .sortByKey(numPartitions=slices).values().saveAsTextFile(str(parts_dir / kind)))
    (merged.flatMap(lambda row: row[3]).reduceByKey(lambda a, b: a)
     .sortByKey(numPartitions=slices).values().saveAsTextFile(str(parts_dir / "sentences")))
    results.unpersist()
    merged.unpersist()
    return notes


def is_parts(path: Path) -> bool:
    """Whether `path` is a folder of parts written by the Spark engine."""
    return path.is_dir() and all((path / kind).is_dir() for kind in KINDS)


def iter_lines(parts_dir: Path, kind: str) -> Iterator[str]:
    """The JSON lines of one kind, in order (part files in name order)."""
    for part in sorted((parts_dir / kind).glob("part-*")):
        with part.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield line


def read_parts(parts_dir: Path) -> Graph:
    """The graph of a parts folder (kg.model's Graph, conflicts computed)."""
    import orjson

    from kg.resolve import find_conflicts

    if not is_parts(parts_dir):
        raise KgError(f"{parts_dir}: not a folder of parts (documents/, entities/, relations/, sentences/)")
    try:
        text = {}
        for line in iter_lines(parts_dir, "sentences"):
            doc, start, end, sentence = orjson.loads(line)
            text[(doc, start, end)] = sentence
        graph = Graph(documents=[Document(**orjson.loads(line)) for line in iter_lines(parts_dir, "documents")])
        for line in iter_lines(parts_dir, "entities"):
            e = orjson.loads(line)
            graph.entities.append(Entity(id=e["id"], type=e["type"], name=e["name"], aliases=e["aliases"], props=e["props"],
                                         mentions=[Mention(m["doc"], m["start"], m["end"], m["text"]) for m in e["mentions"]]))
        for line in iter_lines(parts_dir, "relations"):
            r = orjson.loads(line)
            graph.relations.append(Relation(id=r["id"], type=r["type"], source=r["source"], target=r["target"], props=r["props"],
                                            evidence=[Evidence(doc, start, end, text[(doc, start, end)]) for doc, start, end in r["evidence"]]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KgError(f"{parts_dir}: cannot read its parts ({type(exc).__name__}: {exc})") from None
    graph.conflicts = find_conflicts(graph)
    return graph


def parts_conflicts(parts_dir: Path) -> tuple[list[dict], dict[str, str]]:
    """The conflicts of a parts folder and each conflicting figure's group, from one pass
    over the entities that keeps only the figures' props."""
    import orjson

    from kg.resolve import find_conflicts

    figures = []
    for line in iter_lines(parts_dir, "entities"):
        if '"type":"Figure"' in line:
            e = orjson.loads(line)
            figures.append(Entity(id=e["id"], type="Figure", name=e["name"], props=e["props"]))
    conflicts = find_conflicts(Graph(entities=figures))
    return conflicts, {f.id: f.props["conflict"] for f in figures if "conflict" in f.props}


def stream_kg_json(parts_dir: Path, path: Path) -> dict:
    """Write kg.json from a parts folder, line by line, never holding the graph: the same
    bytes as `kg.model.iter_json` of the graph read back (the parts are its items, in
    order). Returns the counts a build summary gives: documents, nodes and relations by
    type, and the conflicts."""
    import json
    from collections import Counter

    import orjson

    from kg import SCHEMA_VERSION
    from kg.fsutil import write_atomic
    from kg.model import iter_json

    conflicts, groups = parts_conflicts(parts_dir)
    counts = {"documents": 0, "nodes": Counter(), "relations": Counter()}

    def documents() -> Iterator[dict]:
        for line in iter_lines(parts_dir, "documents"):
            counts["documents"] += 1
            yield orjson.loads(line)

    def entities() -> Iterator[dict]:
        for line in iter_lines(parts_dir, "entities"):
            e = orjson.loads(line)
            counts["nodes"][e["type"]] += 1
            if e["id"] in groups:
                e["props"] = dict(sorted({**e["props"], "conflict": groups[e["id"]]}.items()))
            yield e

    def relations() -> Iterator[dict]:
        for line in iter_lines(parts_dir, "relations"):
            r = orjson.loads(line)
            counts["relations"][r["type"]] += 1
            yield r

    write_atomic(path, iter_json({
        "schema_version": SCHEMA_VERSION,
        "documents": documents(),
        "entities": entities(),
        "relations": relations(),
        "sentences": map(orjson.loads, iter_lines(parts_dir, "sentences")),
        "conflicts": sorted(conflicts, key=lambda c: json.dumps(c, ensure_ascii=False, sort_keys=True)),
    }))
    return counts | {"conflicts": conflicts}
