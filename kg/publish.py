"""The output folder changes as one unit.

A build writes every output into a staging folder inside the output folder (same file
system). Only when all of them are written does it become a generation folder
(`.gen-*`) and the `.current` link is switched to it, in one rename; every output in
the folder (kg.json, kg.ttl, the pages, ...) is a link into `.current`, so a reader
sees the whole old set or the whole new one, never a mix. A failure while writing (a
full disk, a read-only folder) or a kill leaves the previous outputs as they were; the
staging folder is removed, or, after kill -9, by the next build, which also removes
generations that are no longer current. A lock file keeps a second build out of the
folder while one is writing.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError
from kg.fsutil import dir_mode

LOCK_NAME = ".kg.lock"
STAGING_PREFIX = ".staging-"
GENERATION_PREFIX = ".gen-"
CURRENT = ".current"
_REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def publish(out_dir: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run `write(staging)` and make what it wrote the current set of `out_dir`; the
    paths in `out_dir`.

    The staging folder becomes a generation folder (`.gen-*`), and one rename of the
    `.current` link switches every output at once: each name in `out_dir` is a link
    into `.current`, so a reader sees the whole old set or the whole new one. Where the
    file system has no symbolic links, the outputs are moved into place one by one.
    One-line `KgError`s for another build holding the folder and for errors of the
    machine; the previous outputs are unchanged in both cases."""
    with holding(out_dir):
        _remove_stale(out_dir)
        staging: Path | None = None
        try:
            # A SIGTERM that came while the folder was made is raised as the block ends, with
            # `staging` set: the cleanup below removes it.
            with _signals_deferred():
                staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
            written = write(staging)
            names = sorted({p.name for p in written} | {p.name for p in staging.iterdir() if not p.name.startswith(".")})
            with _signals_deferred():  # a SIGTERM now ends the build once the set is published
                if not _switch(out_dir, staging, names):
                    for name in names:
                        _clear_folder(out_dir / name)
                        os.replace(staging / name, out_dir / name)
        except (OSError, sqlite3.OperationalError) as exc:
            raise KgError(f"{_reason(exc)} writing {out_dir}: the previous outputs are unchanged") from None
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
        _remove_stale(out_dir)
    return [out_dir / name for name in names]


def _switch(out_dir: Path, staging: Path, names: list[str]) -> bool:
    """Publish `staging` as the new generation by one rename of the `.current` link;
    False (nothing changed) where the file system has no symbolic links."""
    generation = out_dir / (GENERATION_PREFIX + staging.name[len(STAGING_PREFIX):])
    probe = out_dir / f"{CURRENT}.{os.getpid()}.probe.tmp"
    try:
        os.symlink(".", probe)
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
            return False
        raise
    probe.unlink()
    os.chmod(staging, dir_mode())
    os.rename(staging, generation)
    old = set(_current_names(out_dir))
    # Links for new names first: until `.current` moves they lead nowhere, as before.
    for name in names:
        path = out_dir / name
        if not (path.is_symlink() and os.readlink(path) == f"{CURRENT}/{name}"):
            _clear_folder(path)
            _link(path, f"{CURRENT}/{name}")
    _clear_folder(out_dir / CURRENT)  # a real folder there (the outputs copied with cp -rL)
    _link(out_dir / CURRENT, generation.name)  # the one rename that publishes the set
    for name in sorted(old - set(names)):
        path = out_dir / name
        if path.is_symlink() and os.readlink(path) == f"{CURRENT}/{name}":
            path.unlink()
    return True


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGTERM and SIGINT wait until the block ends: it never stops half-way."""
    import signal

    deferred = {signal.SIGTERM, signal.SIGINT}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, deferred)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, deferred)


def _clear_folder(path: Path) -> None:
    """Move a real folder at `path` (entities/, as written where links are not possible)
    out of the way of an output of that name: a rename cannot replace a folder that holds
    files. It goes to a staging-named folder, which the cleanup after the build removes."""
    if path.is_dir() and not path.is_symlink():
        os.rename(path, tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}old-", dir=path.parent) + "/" + path.name)


def _link(path: Path, target: str) -> None:
    """Make `path` a symbolic link to `target`, replacing what is there in one rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.link.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def current_generation(out_dir: Path) -> Path | None:
    """The generation folder the outputs of `out_dir` are links into, or None where there is
    none (nothing published yet, or outputs moved into place one by one)."""
    current = Path(out_dir) / CURRENT
    return current.resolve() if current.is_symlink() else None


def _current_names(out_dir: Path) -> list[str]:
    current = out_dir / CURRENT
    if not current.is_dir():
        return []
    return sorted(p.name for p in current.iterdir() if not p.name.startswith("."))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.OperationalError):
        return "no space left on device" if "full" in str(exc) else f"cannot write the index ({exc})"
    if isinstance(exc, OSError):
        return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return str(exc)


_HELD: set[str] = set()  # folders whose lock this process holds


@contextmanager
def holding(out_dir: Path) -> Iterator[None]:
    """The output folder (created if need be) held for this build, from its start: a second
    build into it is refused at once (one-line KgError) rather than after its work. Held
    again inside (by `publish`), it is not locked twice."""
    key = os.path.abspath(out_dir)
    if key in _HELD:
        yield
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{_reason(exc)} creating {out_dir}") from None
    with _lock(out_dir):
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)


_LOCK_FDS: set[int] = set()  # the lock files this process holds open


def forget_locks() -> None:
    """In a forked child (an extraction worker, the RDF writer): close its copies of the lock
    files, so that the lock ends with the build that took it and never with a child that
    outlives it for a moment (kill -9 of the build). The build's own copy keeps the lock:
    flock releases it only when every copy is closed."""
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _LOCK_FDS.clear()


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
        _LOCK_FDS.add(fd)
        yield
    finally:
        _LOCK_FDS.discard(fd)
        os.close(fd)  # closing releases the lock


def _remove_stale(out_dir: Path) -> None:
    """Staging folders, generations no longer current and temporary files of builds that
    were killed or replaced (only one build holds the lock, so whatever is there now
    belongs to none)."""
    current = os.readlink(out_dir / CURRENT) if (out_dir / CURRENT).is_symlink() else None
    for path in out_dir.iterdir():
        if path.name.startswith((STAGING_PREFIX, GENERATION_PREFIX)) and path.name != current and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".") and path.name.endswith(".tmp") and (path.is_file() or path.is_symlink()):
            path.unlink(missing_ok=True)
