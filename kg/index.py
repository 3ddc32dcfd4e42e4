"""A lookup index beside kg.json (kg.index.sqlite) so that `kg lookup` answers fast.

kg.json stays the contract; the index is a cache made from it and rebuilt whenever
kg.json changes. The index records kg.json's SHA-1, so the same kg.json always gives
the same index, byte for byte; kg.json's size and mtime, which spare a look-up from
hashing it, are kept beside it in a hidden stamp file (.kg.index.sqlite.stamp).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.fsutil import file_mode, stamp
from kg.text import normalize

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kg.model import Graph

INDEX_NAME = "kg.index.sqlite"
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE docs (id TEXT PRIMARY KEY, data TEXT);
CREATE TABLE nodes (id TEXT PRIMARY KEY, type TEXT, name TEXT, degree INTEGER, data TEXT);
CREATE TABLE names (key TEXT, id TEXT);
CREATE TABLE rels (id TEXT PRIMARY KEY, type TEXT, source TEXT, target TEXT, n_evidence INTEGER, data TEXT);
CREATE TABLE sentences (doc TEXT, start INTEGER, end INTEGER, text TEXT, PRIMARY KEY (doc, start, end)) WITHOUT ROWID;
"""
# The layout above; an index of another layout beside an unchanged kg.json is rebuilt.
FORMAT = "2"
_INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX rels_source ON rels(source);
CREATE INDEX rels_target ON rels(target);
"""


# json.dumps(value, ensure_ascii=False), with one encoder for every row instead of one per call.
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def fold(name: str) -> str:
    """The form names are compared in: Simplified, half-width, no spaces."""
    return normalize(name).replace(" ", "").lower()




def _sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_graph_json(path: Path) -> dict[str, Any]:
    """kg.json as a dict, or a KgError saying what is wrong with the file."""
    if not path.exists():
        raise KgError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    if path.is_dir():
        raise KgError(f"{path}: a folder, not a kg.json file (give the kg.json in it)")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KgError(f"{path}: not a kg.json file ({exc})") from None
    if not isinstance(data, dict) or "entities" not in data or "relations" not in data:
        raise KgError(f"{path}: not a kg.json file (no entities/relations)")
    from kg.model import upgrade

    try:
        data = upgrade(data)
        for r in data["relations"]:
            for ev in r["evidence"]:
                ev["doc"], ev["sentence"], ev["start"], ev["end"]  # noqa: B018 (the shape every reader needs)
        return data
    except KeyError as exc:
        raise KgError(f"{path}: not a kg.json file (a relation's evidence lacks {exc})") from None
    except (TypeError, ValueError) as exc:
        raise KgError(f"{path}: not a kg.json file ({type(exc).__name__}: {exc})") from None


def read_graph(path: Path):
    """kg.json (or the Spark engine's parts folder) as a `kg.model.Graph`, with the same
    one-line errors as `load_graph_json`."""
    from kg.model import Graph
    from kg.spark import is_parts, read_parts

    if is_parts(Path(path)):
        return read_parts(Path(path))
    data = load_graph_json(path)
    try:
        return Graph.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KgError(f"{path}: not a kg.json file ({type(exc).__name__}: {exc})") from None


def write_index(graph: dict[str, Any] | Graph, index_path: Path, sha1: str) -> Path:
    """Write the index of `graph` (kg.json's dict, or the model's Graph, read one item at
    a time) to `index_path` atomically."""
    if isinstance(graph, dict):
        data = graph

        def items(key: str) -> Iterable[dict[str, Any]]:
            return data[key]

        ends = ((r["type"], r["source"], r["target"]) for r in data["relations"])
        names = ((e["id"], e["name"], e.get("aliases", [])) for e in data["entities"])

        def relations() -> Iterable[tuple[dict[str, Any], list]]:
            for r in data["relations"]:
                evidence = r["evidence"]
                yield r | {"evidence": [[ev["doc"], ev["start"], ev["end"]] for ev in evidence]}, evidence

        def sentences() -> Iterable[tuple]:
            return {(ev["doc"], ev["start"], ev["end"], ev["sentence"]) for r in data["relations"] for ev in r["evidence"]}
    else:
        from kg.model import document_dict, entity_dict, relation_json

        model, make = graph, {"documents": document_dict, "entities": entity_dict}

        def items(key: str) -> Iterable[dict[str, Any]]:
            return map(make[key], sorted(getattr(model, key), key=lambda x: x.id))

        def relations() -> Iterable[tuple[dict[str, Any], list]]:
            for r in sorted(model.relations, key=lambda r: r.id):
                item = relation_json(r)
                yield item, item["evidence"]

        def sentences() -> Iterable[tuple]:
            return {(ev.doc, ev.start, ev.end, ev.sentence) for r in model.relations for ev in r.evidence}

        ends = ((r.type, r.source, r.target) for r in model.relations)
        names = ((e.id, e.name, e.aliases) for e in sorted(model.entities, key=lambda e: e.id))
    fd, tmp = tempfile.mkstemp(prefix=".kg.index.", suffix=".tmp", dir=index_path.parent)
    os.fchmod(fd, file_mode())
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        degree: dict[str, int] = {}
        for kind, source, target in ends:
            if kind != "MENTIONED_IN":
                degree[source] = degree.get(source, 0) + 1
                degree[target] = degree.get(target, 0) + 1
        con.executemany("INSERT INTO docs VALUES (?, ?)", ((d["id"], _dumps(d)) for d in items("documents")))
        con.executemany(
            "INSERT INTO nodes VALUES (?, ?, ?, ?, ?)",
            ((e["id"], e["type"], e["name"], degree.get(e["id"], 0), _dumps(_summary(e))) for e in items("entities")),
        )
        con.executemany(
            "INSERT INTO names VALUES (?, ?)",
            ((key, eid) for eid, name, aliases in names for key in sorted({fold(n) for n in (name, *aliases)})),
        )
        # Relations keep their evidence as sentence keys; each sentence's text is stored once.
        con.executemany(
            "INSERT INTO rels VALUES (?, ?, ?, ?, ?, ?)",
            ((r["id"], r["type"], r["source"], r["target"], len(evidence), _dumps(r)) for r, evidence in relations()),
        )
        con.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", sorted(sentences()))
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("sha1", sha1), ("format", FORMAT)])
        con.executescript(_INDEXES)
        con.commit()
        con.close()
        os.replace(tmp, index_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return index_path


def _summary(entity: dict[str, Any]) -> dict[str, Any]:
    # A hub's mentions run to tens of thousands: the index keeps their count.
    return {k: v for k, v in entity.items() if k != "mentions"} | {"mention_count": len(entity.get("mentions", []))}


def build_index(kg_json: Path, graph: dict[str, Any] | Graph | None = None) -> Path:
    """(Re)build the index beside `kg_json`, from `graph` (kg.json's dict or the model's
    Graph) when the caller has it loaded."""
    graph = graph if graph is not None else load_graph_json(kg_json)
    sha1 = _sha1(kg_json)
    path = write_index(graph, kg_json.parent / INDEX_NAME, sha1)
    _write_stamp(kg_json, sha1)
    return path


def _stamp_file(kg_json: Path) -> Path:
    return kg_json.parent / f".{INDEX_NAME}.stamp"


def _write_stamp(kg_json: Path, sha1: str) -> None:
    """Best effort: without it a look-up hashes kg.json to know its index is current."""
    try:
        _stamp_file(kg_json).write_text(f"{stamp(kg_json)} {sha1}\n", "utf-8")
    except OSError:
        pass


def _current(kg_json: Path, meta: dict[str, str]) -> bool:
    """Whether an index with `meta` is the index of `kg_json` as it is now."""
    if meta.get("format") != FORMAT or not meta.get("sha1"):
        return False
    try:
        kept, sha1 = _stamp_file(kg_json).read_text("utf-8").split()
    except (OSError, ValueError):
        kept = sha1 = ""
    if kept == stamp(kg_json) and sha1 == meta["sha1"]:
        return True
    if _sha1(kg_json) != meta["sha1"]:
        return False
    _write_stamp(kg_json, meta["sha1"])
    return True


def open_index(kg_json: Path) -> sqlite3.Connection:
    """A read connection to the up-to-date index of `kg_json`, rebuilding it if stale."""
    if not kg_json.exists():
        raise KgError(f"{kg_json}: no such graph file (run `kg build` first, or pass --graph)")
    if kg_json.is_dir():
        raise KgError(f"{kg_json}: a folder, not a kg.json file (give the kg.json in it)")
    # Beside the file itself: in a build's folder, kg.json is a link into the current
    # generation, and an index made later belongs to that generation, not to the folder.
    kg_json = kg_json.resolve()
    index_path = kg_json.parent / INDEX_NAME
    if index_path.exists():
        con = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError:
            meta = {}
        if _current(kg_json, meta):
            return con
        con.close()
    try:
        build_index(kg_json)
    except OSError as exc:
        raise KgError(f"cannot write the lookup index beside {kg_json}: {exc.strerror}") from None
    return sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
