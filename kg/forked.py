"""A function run in a forked child process, for writers that share a large graph with
their parent instead of copying it (kg.build's RDF writer and the parts of
kg.writers.rdf)."""

from __future__ import annotations

import os
from collections.abc import Callable

from kg.publish import forget_locks

__all__ = ["Forked", "die_with_parent"]


class Forked:
    """A function run in a forked child process: `start` runs it, `join` waits for it and
    raises its OSError (errno kept, so a full disk reads as one) or a RuntimeError, `stop`
    ends it. Where fork is missing or threads run (fork would copy a process mid-work), it
    runs in this process, at `start`."""

    def __init__(self, fn: Callable[[], object]) -> None:
        self.fn = fn
        self.pid = 0
        self.read = -1
        self.error: BaseException | None = None

    def start(self) -> None:
        import signal
        import threading

        if not hasattr(os, "fork") or threading.active_count() > 1:
            try:
                self.fn()
            except Exception as exc:  # raised at join, as from a child
                self.error = exc
            return
        self.read, write = os.pipe()
        # SIGTERM and SIGINT wait until the parent knows its child: one that came while it
        # forked is raised after `pid` is set, and the cleanup that follows stops the child.
        deferred = {signal.SIGTERM, signal.SIGINT}
        signal.pthread_sigmask(signal.SIG_BLOCK, deferred)
        try:
            try:
                self.pid = os.fork()
            except OSError:  # no process to be had: neither end of the pipe is kept
                os.close(write)
                raise
            if self.pid == 0:  # the child: run, report, and leave without any cleanup of the parent's
                os.close(self.read)
                code, message = 0, b""
                try:
                    die_with_parent()
                    forget_locks()
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, deferred)
                    self.fn()
                except OSError as exc:
                    code, message = 1, f"{exc.errno or 0}\0{exc.strerror or exc}".encode()
                except BaseException as exc:
                    code, message = 2, f"0\0{type(exc).__name__}: {exc}".encode()
                finally:
                    os.write(write, message[:4000])
                    os._exit(code)
            os.close(write)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, deferred)

    def join(self) -> None:
        if self.pid:
            try:
                with os.fdopen(self.read, "rb") as fh:
                    self.read = -1
                    message = fh.read().decode("utf-8", "replace")
                _, status = os.waitpid(self.pid, 0)
            except BaseException:  # a signal while waiting ends the child too
                self.stop()
                raise
            self.pid = 0
            code = os.waitstatus_to_exitcode(status)
            if code:
                errno, _, text = message.partition("\0")
                if code == 1:
                    raise OSError(int(errno), text)
                raise RuntimeError(text or f"a writer process ended with status {code}")
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """End the child now (SIGKILL) and wait for it: whatever it was writing stops."""
        if self.pid:
            import signal

            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.read >= 0:
            os.close(self.read)
            self.read = -1


def die_with_parent() -> None:
    """On Linux, the child is killed when its parent dies (kill -9 included), so a killed
    build leaves no writer behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
