"""Neo4j for the knowledge graph: a local server, a loader, queries and exports.

Modules: `server` (start/stop/status of the project's Neo4j 5.26 community server),
`load` (idempotent UNWIND + MERGE loader), `query` (run Cypher, format rows),
`export` (a Cypher script and neo4j-admin CSV). This module holds what they share:
where to connect and how driver errors become one-line `KgError`s.

The neo4j driver is imported inside functions only (through `driver_module`), so
`kg --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError

DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"


@dataclass(frozen=True)
class Connection:
    """Where and as whom to connect. `repr` hides the password so it never reaches a log."""

    uri: str
    user: str
    password: str
    database: str = DEFAULT_DATABASE

    def __repr__(self) -> str:
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def resolve_connection(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    home: str | Path | None = None,
) -> Connection:
    """Options first, then NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE,
    then the project's local server (its Bolt port and its generated password file).
    """
    from kg.neo4j import server

    uri = uri or os.environ.get("NEO4J_URI")
    user = user or os.environ.get("NEO4J_USERNAME") or DEFAULT_USER
    password = password or os.environ.get("NEO4J_PASSWORD")
    database = database or os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE
    local = server.status(home)
    if uri is None:
        uri = local.bolt_uri
    if password is None:
        # The local password file only belongs to the local server's URI.
        if uri == local.bolt_uri and local.password_file.exists():
            password = server.read_password(local.home)
        else:
            raise KgError(
                f"no password for {uri}: set NEO4J_PASSWORD (or --password), "
                "or start the local server with `kg neo4j start`"
            )
    return Connection(uri=uri, user=user, password=password, database=database)


# Optional packages the driver imports at start-up when they are installed, for
# DataFrame and vector conversions that kg never asks for: pandas alone took 0.9 of the
# 1.9 s that `import neo4j` cost on a busy 2-core machine, a third of `kg neo4j load`.
_DRIVER_EXTRAS = ("numpy", "pandas", "pyarrow")


def driver_module() -> Any:
    """The neo4j package, imported without numpy, pandas and pyarrow unless something in
    this process imported them already (the driver treats them as absent; they stay
    importable for everything else afterwards)."""
    if "neo4j" in sys.modules:
        return sys.modules["neo4j"]
    blocked = [name for name in _DRIVER_EXTRAS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        import neo4j
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return neo4j


def error_line(exc: Exception, conn: Connection) -> str:
    """One line a user can act on, for a driver exception (server down, auth, bad Cypher)."""
    ex = driver_module().exceptions

    if isinstance(exc, ex.AuthError):
        return f"Neo4j at {conn.uri} refused user '{conn.user}': wrong user name or password"
    if isinstance(exc, ex.SessionExpired | ex.IncompleteCommit):
        return (f"Neo4j at {conn.uri} stopped answering mid-way: start it again and run the same command; "
                "a load picks up where it stopped")
    if isinstance(exc, ex.ServiceUnavailable | OSError):
        return f"cannot reach Neo4j at {conn.uri}: is it running? (start one with `kg neo4j start`)"
    if isinstance(exc, ex.ConfigurationError | ValueError):
        return f"bad Neo4j URI {conn.uri!r}: {exc}"
    if isinstance(exc, ex.Neo4jError):
        message = (exc.message or str(exc)).strip()
        first = message.splitlines()[0] if message else exc.code or "unknown error"
        return f"Neo4j: {first}"
    return f"Neo4j: {exc}"


@contextmanager
def open_driver(conn: Connection) -> Iterator[Any]:
    """A driver that has answered once; every driver error inside becomes a KgError."""
    import logging

    # The driver's own log (retries, defunct connections: many lines each) is for
    # debugging the driver; a user gets one line from error_line instead.
    neo4j = driver_module()
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        # Notifications (e.g. "cartesian product") are advice for query authors, not
        # for someone loading or querying the graph: keep them out of the output.
        # Retries are short: a server that died does not come back within a load.
        driver = neo4j.GraphDatabase.driver(
            conn.uri,
            auth=(conn.user, conn.password),
            notifications_min_severity="OFF",
            connection_timeout=10,
            max_transaction_retry_time=2.0,
            connection_acquisition_timeout=5.0,
        )
    except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
        raise KgError(error_line(exc, conn)) from None
    try:
        with driver:
            driver.verify_connectivity()
            yield driver
    except KgError:
        raise
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
        raise KgError(error_line(exc, conn)) from None
