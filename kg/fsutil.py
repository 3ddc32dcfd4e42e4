"""File helpers shared by every writer: outputs appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets from the user's umask (0644 under 022): what the temporary
    file of an atomic write is given before it replaces the output, so that pages and
    kg.json can be shared or served (mkstemp alone would leave them 0600)."""
    return 0o666 & ~_umask()


def dir_mode() -> int:
    """The mode a new folder gets from the umask (0755 under 022); mkdtemp gives 0700."""
    return 0o777 & ~_umask()


@contextmanager
def atomic_file(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces `path` only when the block ends
    without error: written through a temporary sibling, synced, then renamed.

    An interrupted run leaves the previous file in place, never a half-written one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: str | bytes | Iterable[bytes]) -> Path:
    """Write `data` (text, bytes, or bytes piece by piece) to `path` atomically (see `atomic_file`)."""
    chunks = [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    with atomic_file(path) as fh:
        for chunk in chunks:
            fh.write(chunk)
    return Path(path)


def stamp(path: Path) -> str:
    """The size and modification time of a file ("size:mtime_ns"), the mark that it is the
    file as it was left; of a folder, those of every file under it, with their names (an
    edited page in entities/ changes neither the folder's size nor its time). OSError when
    the path is missing."""
    st = os.stat(path)
    if not os.path.isdir(path):
        return f"{st.st_size}:{st.st_mtime_ns}"
    parts = []
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            file = os.path.join(folder, name)
            fst = os.stat(file)
            parts.append(f"{os.path.relpath(file, path)}:{fst.st_size}:{fst.st_mtime_ns}")
    import hashlib

    return "dir:" + hashlib.sha1("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
