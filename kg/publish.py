"""The output folder changes as one unit.

A build writes every output into a staging folder inside the output folder (same file
system), and only when all of them are written moves them into place, one rename each.
A failure while writing (a full disk, a read-only folder) or a kill leaves the previous
outputs as they were; the staging folder is removed, or, after kill -9, by the next
build. A lock file keeps a second build out of the folder while one is writing.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError

LOCK_NAME = ".kg.lock"
STAGING_PREFIX = ".staging-"
_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def publish(out_dir: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run `write(staging)` and move what it wrote into `out_dir`; the paths in `out_dir`.

    One-line `KgError`s for another build holding the folder and for errors of the
    machine; the previous outputs are unchanged in both cases."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{_reason(exc)} creating {out_dir}") from None
    with _lock(out_dir):
        _remove_stale(out_dir)
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        except OSError as exc:
            raise KgError(f"{_reason(exc)} writing {out_dir}: the previous outputs are unchanged") from None
        try:
            written = write(staging)
            names = sorted({p.name for p in written} | {p.name for p in staging.iterdir() if not p.name.startswith(".")})
            for name in names:
                os.replace(staging / name, out_dir / name)
        except (OSError, sqlite3.OperationalError) as exc:
            raise KgError(f"{_reason(exc)} writing {out_dir}: the previous outputs are unchanged") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / p.name for p in written]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.OperationalError):
        return "no space left on device" if "full" in str(exc) else f"cannot write the index ({exc})"
    if isinstance(exc, OSError):
        return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return str(exc)


@contextmanager
def _lock(out_dir: Path) -> Iterator[None]:
    import fcntl

    try:
        fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise KgError(f"{_reason(exc)} writing {out_dir}: the previous outputs are unchanged") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KgError(f"another kg build is writing {out_dir}: wait for it to finish, or build into another --out") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove_stale(out_dir: Path) -> None:
    """Staging folders and temporary files of builds that were killed (only one build
    holds the lock, so whatever is there now belongs to none)."""
    for path in out_dir.iterdir():
        if path.name.startswith(STAGING_PREFIX) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".") and path.name.endswith(".tmp") and path.is_file():
            path.unlink(missing_ok=True)
