"""The extraction cache: what one document gave, kept beside the outputs for the next build.

`kg build` keeps each document's extraction result (its `Document`, the part the merge
needs, its warnings, or the reason it was skipped) in `DIR/.cache/`, keyed by

- the document's name in the graph and the SHA-1 of its bytes (a changed document is
  a new key; a removed one is simply not asked for again);
- the largest file size read (`--max-size`), which decides whether a file is skipped;
- the extractor's fingerprint: a hash of the code that reads, cleans and extracts a
  document and of every lexicon under kg/data, and of the versions of Python and of
  the libraries reading uses. Any change
  to those starts a new cache, so a lexicon edit re-extracts everything it may touch.

A grown corpus is then extracted only where it is new or changed, and the graph is
merged from cached and fresh results in the same sorted order as a build from nothing,
so the outputs are byte-identical to one (tests/test_cache.py). Entries are JSON
(never unpickled) after the SHA-1 of that JSON, written whole with a rename, so a killed
build or two builds at once leave either a whole entry or none; an entry that is
unreadable, of another shape or fails its checksum is a miss. After a build,
entries it did not use and caches of other fingerprints are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import orjson

from kg.model import Document

CACHE_DIR = ".cache"
FORMAT = 2  # of an entry (its checksum line, then the JSON); part of the fingerprint
# The libraries reading and extraction use: a new version may read a document otherwise.
_LIBRARIES = ("PyYAML", "lxml", "charset-normalizer", "opencc-python-reimplemented", "cn2an", "pyahocorasick")
# The code a document's extraction result depends on, relative to the package.
_CODE = ("build.py", "clean.py", "lexicon.py", "model.py", "read.py", "resolve.py", "text.py", "extract", "data")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the extractor: its code, its lexicons, the entry format, the Python version."""
    return _hash(f"kg-cache {FORMAT}", _LIBRARIES, _CODE)


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A hash of the whole package (the writers, the merge and the templates too) and of the
    libraries the outputs are written with: whether outputs in place are what this kg would
    write (kg.build.corpus_digest), where the cache's entries need only the extractor."""
    return _hash(f"kg-package {fingerprint()}", _OUTPUT_LIBRARIES, ("",))


# The libraries the outputs are written with, besides those of reading and extraction.
_OUTPUT_LIBRARIES = ("pyoxigraph", "pyvis", "Jinja2", "networkx", "orjson")


def _hash(head: str, libraries: tuple[str, ...], code: tuple[str, ...]) -> str:
    """`head`, the versions of `libraries` and the Python version, and the bytes and names of
    the package's files under `code` (folders walked, caches left out)."""
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).parent
    found = []
    for name in libraries:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    digest = hashlib.sha1(f"{head} {sys.version_info[:2]} {';'.join(found)}".encode())
    for name in code:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


class Cache:
    """One fingerprint's entries under `out_dir/.cache/<fingerprint>/`."""

    def __init__(self, out_dir: Path, max_bytes: int) -> None:
        self.root = Path(out_dir) / CACHE_DIR
        self.dir = self.root / fingerprint()
        self.max_bytes = max_bytes
        self.used: set[str] = set()  # the keys of the documents of this build

    def key(self, path: Path, rel: str) -> tuple[str, str] | None:
        """The entry key of a file and the SHA-1 of its bytes, or None when it cannot be
        read here (too large, gone, unreadable: its own reading says why)."""
        try:
            if path.stat().st_size > self.max_bytes:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        content = hashlib.sha1(raw).hexdigest()
        return hashlib.sha1(f"{rel}\0{content}\0{self.max_bytes}".encode()).hexdigest(), content

    def entry(self, key: str) -> Path:
        """The file of a key's entry."""
        return self.dir / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self.entry(key).is_file()

    def get(self, key: str) -> tuple | None:
        """The kept result `(document, part, warnings)` of a key, or None for an entry that
        is missing or damaged in any way (its checksum, its shape)."""
        try:
            raw = self.entry(key).read_bytes()
            digest, payload = raw[:40].decode("ascii"), raw[41:]
            if raw[40:41] != b"\n" or hashlib.sha1(payload).hexdigest() != digest:
                return None
            document, part, warnings = orjson.loads(payload)
            return Document(**document), _part(part), [str(w) for w in warnings]
        except (OSError, ValueError, TypeError, UnicodeDecodeError):
            return None

    def prune(self) -> None:
        """After a build is published: remove every entry but those of its documents, and
        the caches of other fingerprints."""
        wanted = {f"{key}.json" for key in self.used}
        for other in _listing(self.root):
            if other != self.dir:
                _remove(other)
        for shard in _listing(self.dir):
            for entry in _listing(shard):
                if entry.name not in wanted:
                    _remove(entry)


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def put(file: Path, result: tuple, content_sha1: str) -> None:
    """Write one entry whole (a temporary file renamed into place), or not at all. Only a
    document read from the bytes the key was made of is kept (a file edited or removed
    while the build ran is read again next time), and never a skipped one: its reason
    may be of the moment (a file that could not be read)."""
    document, part, warnings = result
    if document is None or document.sha1 != content_sha1:
        return
    payload = orjson.dumps([asdict(document), part, warnings])
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        tmp.write_bytes(hashlib.sha1(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(tmp, file)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except (OSError, UnboundLocalError):
            pass


def _part(part: list) -> tuple:
    """A part read back from JSON: the lists it needs as tuples (a figure's key is a dict key)."""
    nodes, figs, ments, facts, sentences, mentioned = part
    nodes = [(kind, name, tuple(key) if key is not None else None, props) for kind, name, key, props in nodes]
    return nodes, figs, ments, facts, sentences, mentioned
