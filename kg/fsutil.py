"""File helpers shared by every writer: outputs appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


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
