"""The graph as RDF: kg.ttl (Turtle) and kg.jsonld (JSON-LD with an @context).

Vocabulary: ontology/kg.ttl. Each node is an IRI `<base><id>`, named with
skos:prefLabel / skos:altLabel @zh; each relation is a plain triple and a reified
kgo:Assertion (rdf:Statement) whose kgo:evidence spans carry the sentence, the
document and the offsets; documents are schema:NewsArticle. The output is in id
order and has no blank nodes, so the same kg.json gives the same bytes.

rdflib and pyoxigraph are imported inside the functions, so importing this module
(as `kg build` does) costs nothing until RDF is written.
"""

from __future__ import annotations

import errno
import os
import struct
from array import array
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kg.fsutil import atomic_file
from kg.model import Graph

if TYPE_CHECKING:
    import rdflib

__all__ = ["DEFAULT_BASE", "graph_to_rdf", "rdf_to_graph", "write_rdf"]

# Kept equal to kg.rdf.vocab.DEFAULT_BASE (a test checks), spelled here so that
# importing this module does not import rdflib.
DEFAULT_BASE = "https://w3id.org/antifraud-kg/id/"


def graph_to_rdf(graph: Graph, base: str = DEFAULT_BASE, store: str = "default") -> rdflib.Graph:
    """The graph as an rdflib Graph (for pySHACL, rdflib.compare and Python users).

    `store="Oxigraph"` puts it in an oxrdflib store, whose SPARQL runs in pyoxigraph.
    """
    from kg.rdf.mapping import iter_triples
    from kg.rdf.serialize import to_rdflib

    return to_rdflib(iter_triples(graph, base), base, store=store)


def write_rdf(graph: Graph, out_dir: Path, base: str = DEFAULT_BASE, formats: tuple[str, ...] = ("ttl", "jsonld"),
              previous: Path | None = None, parts: int = 1) -> list[Path]:
    """Write out_dir/kg.ttl and out_dir/kg.jsonld (or those of `formats`) atomically;
    return their paths.

    Both files are written in one pass over the blocks of kg.rdf.mapping, so memory
    stays bounded (bench/rdf.py); each appears whole or not at all. Beside each, a
    hidden index (`.kg.ttl.blocks`) keeps every block's key and place in the file; with
    `previous`, the folder of an earlier build's files and indexes, a block whose key is
    in them is copied from there instead of being made and printed again, so a grown
    corpus costs the blocks that changed (the bytes are the same either way).

    With `parts` above one, the blocks are cut into that many runs of about the same
    work: this process writes the first, a forked copy of it (kg.forked, the graph shared
    and not copied) each other one into hidden files beside the outputs, and the runs
    are joined in order, so that every core works and the bytes are those of one run.
    """
    from contextlib import ExitStack

    from kg.forked import Forked
    from kg.rdf.mapping import check_base

    check_base(base)
    out_dir = Path(out_dir)
    names = [f"kg.{fmt}" for fmt in ("ttl", "jsonld") if fmt in formats]
    if not names:
        return []
    runs = _runs(graph, parts if hasattr(os, "fork") else 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = [[out_dir / f".{name}.run{i}" for name in names] for i in range(len(runs))]
    children: list[Forked] = []
    try:
        for i in range(1, len(runs)):
            children.append(Forked(lambda i=i: _write_run_files(graph, base, names, scratch[i], previous, runs[i], i == len(runs) - 1)))
            children[-1].start()
        with ExitStack() as stack:
            handles = [stack.enter_context(atomic_file(out_dir / name)) for name in names]
            indexes = _write_run(graph, base, handles, names, previous, runs[0], first=True, last=len(runs) == 1)
            for i, child in enumerate(children, 1):
                child.join()
                for fh, index, path in zip(handles, indexes, scratch[i], strict=True):
                    _append_run(fh, index, path)
    finally:
        for child in children:
            child.stop()
        for path in (path for run in scratch for path in run):
            path.unlink(missing_ok=True)
            _Blocks.run_index(path).unlink(missing_ok=True)  # left where the build stopped before joining it
    paths = [out_dir / name for name in names]
    for path, index in zip(paths, indexes, strict=True):
        _Blocks.write(path, index)
    return paths


Index = list[tuple[bytes, int, int]]


def _runs(graph: Graph, parts: int) -> list[tuple[int, int | None]]:
    """The blocks of kg.rdf.mapping.iter_keyed_blocks cut into at most `parts` runs of
    about the same work, as (first block, end or None for the rest). The work of a block
    is guessed from its spans, which are most of the output; a guess that is off only
    balances the runs worse."""
    parts = max(1, parts)
    if parts == 1:
        return [(0, None)]
    entity_ids = {e.id for e in graph.entities}
    weights = [1] * len(graph.documents)
    weights += [1 + len(e.mentions) for e in sorted(graph.entities, key=lambda e: e.id)]
    weights += [1] * len({r.source for r in graph.relations} - entity_ids)
    weights += [2 + len(r.evidence) for r in sorted(graph.relations, key=lambda r: r.id)]
    total = sum(weights)
    starts, seen, cut = [0], 0, 1
    for i, weight in enumerate(weights):
        if cut < parts and seen >= total * cut / parts:
            starts.append(i)
            cut += 1
        seen += weight
    starts = sorted(set(starts))
    return [(lo, hi) for lo, hi in zip(starts, [*starts[1:], None], strict=True)]


def _write_run_files(graph: Graph, base: str, names: list[str], paths: list[Path], previous: Path | None, run: tuple[int, int | None], last: bool) -> None:
    """A run after the first, into plain files (`paths`, one per name of `names`) and, beside each,
    its block index (offsets from the run's start; _Blocks.run_index)."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        handles = [stack.enter_context(open(path, "wb")) for path in paths]  # noqa: SIM115 (closed with the stack)
        indexes = _write_run(graph, base, handles, names, previous, run, first=False, last=last)
    for path, index in zip(paths, indexes, strict=True):
        _Blocks.run_index(path).write_bytes(_Blocks.pack(index))


def _append_run(fh: IO[bytes], index: Index, path: Path) -> None:
    """Append a run's file to `fh` and its block index to `index`, its offsets moved to
    where the run now starts."""
    import shutil

    at = fh.tell()
    with open(path, "rb") as run:
        shutil.copyfileobj(run, fh, 1 << 20)
    raw = _Blocks.run_index(path).read_bytes()
    index.extend((key, at + offset, length) for key, offset, length in _Blocks.RECORD.iter_unpack(raw))


def _write_run(graph: Graph, base: str, handles: list[IO[bytes]], names: list[str], previous: Path | None,
               run: tuple[int, int | None], first: bool, last: bool) -> list[Index]:
    """Write the blocks of `run` to `handles` (one per name of `names`: kg.ttl, kg.jsonld);
    the first run writes the files' heads, the last their ends. Returns each file's block
    index, offsets from where the handle was."""
    from contextlib import ExitStack

    from kg.rdf.mapping import iter_keyed_blocks
    from kg.rdf.serialize import JsonLdWriter, TurtleWriter, subject_groups

    lo, hi = run
    with ExitStack() as stack:
        writers = []
        shared: dict = {}  # the key table the indexes of both files share
        for name, fh in zip(names, handles, strict=True):
            json_ld = name.endswith(".jsonld")
            writer = (JsonLdWriter if json_ld else TurtleWriter)(fh, base, head=first)
            old = _Blocks.open(previous / name, stack, shared) if previous is not None else None
            writers.append([writer, fh, old, [], fh.tell(), json_ld])
        for i, (key, make) in enumerate(iter_keyed_blocks(graph, base)):
            if i < lo:
                continue
            if hi is not None and i >= hi:
                break
            groups = None
            for entry in writers:
                writer, fh, old, index, at, json_ld = entry
                gap = 2 if json_ld and not writer.first else 0  # the ",\n" before a node of @graph
                place = old.get(key) if old is not None else None
                if place is not None:
                    written = 0
                    if place[1]:
                        written = fh.write(b",\n" + old.read(place) if gap else old.read(place))
                        if json_ld:
                            writer.first = False
                else:
                    if groups is None:
                        groups = subject_groups(*make())
                    written = writer.write_groups(groups)
                index.append((key, at + gap, max(0, written - gap)))
                entry[4] = at + written
        if last:
            for writer, *_rest in writers:
                if isinstance(writer, JsonLdWriter):
                    writer.close()
    return [index for _writer, _fh, _old, index, _at, _json_ld in writers]


class _Blocks:
    """The block index of one RDF file: `.<name>.blocks` beside it, with the file's size
    and time (an index that does not match its file is not used) and, per block, its
    key, offset and length."""

    _MAGIC = b"kg-blocks 1\n"
    RECORD = struct.Struct("<16sQI")

    def __init__(self, data_file: IO[bytes], keys: dict[bytes, int], offsets: array, lengths: array) -> None:
        self.file, self.keys, self.offsets, self.lengths = data_file, keys, offsets, lengths

    @staticmethod
    def index_path(path: Path) -> Path:
        return path.parent / f".{path.name}.blocks"

    @staticmethod
    def run_index(path: Path) -> Path:
        """Beside a run's file (kg.writers.rdf._write_run_files), its records alone."""
        return path.parent / f"{path.name}.index"

    @classmethod
    def pack(cls, index: Index) -> bytes:
        return b"".join(cls.RECORD.pack(*record) for record in index)

    @classmethod
    def write(cls, path: Path, index: Index) -> None:
        st = path.stat()
        header = cls._MAGIC + struct.pack("<QQ", st.st_size, st.st_mtime_ns)
        with atomic_file(cls.index_path(path)) as fh:
            fh.write(header)
            fh.write(cls.pack(index))

    @classmethod
    def open(cls, path: Path, stack, shared: dict) -> _Blocks | None:
        """The blocks of an earlier `path`, or None where there are none to trust."""
        try:
            raw = cls.index_path(path).read_bytes()
            data = stack.enter_context(open(path, "rb"))  # noqa: SIM115 (closed with the stack)
            st = os.fstat(data.fileno())
        except OSError:
            return None
        head = len(cls._MAGIC) + 16
        if raw[: len(cls._MAGIC)] != cls._MAGIC or len(raw) < head or (len(raw) - head) % cls.RECORD.size:
            return None
        if struct.unpack("<QQ", raw[len(cls._MAGIC) : head]) != (st.st_size, st.st_mtime_ns):
            return None
        records = list(cls.RECORD.iter_unpack(raw[head:]))
        if any(offset + length > st.st_size for _key, offset, length in records):
            return None
        # The indexes of kg.ttl and kg.jsonld hold the same keys in the same order: one
        # table of keys serves both (hundreds of thousands of blocks on a large graph).
        keys = [key for key, _offset, _length in records]
        if shared.get("keys") != keys:
            shared.update(keys=keys, table={key: i for i, key in enumerate(keys)})
        offsets = array("Q", (offset for _key, offset, _length in records))
        lengths = array("I", (length for _key, _offset, length in records))
        return cls(data, shared["table"], offsets, lengths)

    def get(self, key: bytes) -> tuple[int, int] | None:
        i = self.keys.get(key)
        return None if i is None else (self.offsets[i], self.lengths[i])

    def read(self, place: tuple[int, int]) -> bytes:
        data = os.pread(self.file.fileno(), place[1], place[0])
        if len(data) != place[1]:
            raise OSError(errno.EIO, "an earlier RDF file changed while it was read")
        return data


def rdf_to_graph(source: rdflib.Graph | str | Path, base: str = DEFAULT_BASE) -> Graph:
    """Read the data model back from RDF written here: an rdflib Graph or a kg.ttl/kg.jsonld path.

    The inverse of `graph_to_rdf` for documents, entities (with props and mentions)
    and relations (with props and evidence); kg.json's `conflicts` are not in RDF,
    and props that were None come back absent.
    """
    from kg.rdf.reverse import graph_from_rdf

    if isinstance(source, str | Path):
        from kg.rdf.store import parse_triples, to_rdflib_graph

        source = to_rdflib_graph(parse_triples(Path(source)))
    return graph_from_rdf(source, base)
