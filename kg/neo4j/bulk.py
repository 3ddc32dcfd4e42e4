"""`kg neo4j load --bulk`: fill an empty database of the local server with neo4j-admin's
importer (`neo4j-admin database import full`), for graphs too big to load with MERGE.

The graph goes through `kg.neo4j.export.export_neo4j_csv` (the CSV layout of
`kg export neo4j-csv`) into a temporary folder under the server's import folder; the
server is stopped, the importer of the same jars (org.neo4j.cli.AdminTool) writes the
database, and the server is started again with the ports and memory of its last start.
Then the uniqueness constraints of the transactional loader are created, so later
`kg neo4j load` runs (MERGE) find the same schema as after a transactional load.

Only the server this project manages (`kg neo4j start`, on this machine) can be
stopped and filled, and only when its database holds no node: the importer replaces
the whole database, and nothing may be lost to it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import KgError
from kg.model import Graph
from kg.neo4j import Connection, open_driver, server
from kg.neo4j.load import DEFAULT_TAG, ensure_constraints

Say = Callable[[str], None]  # progress lines (stopping, importing, starting)


@dataclass
class BulkReport:
    """What a bulk load did and how long each step took (seconds)."""

    nodes: int = 0
    relationships: int = 0
    skipped_relationships: int = 0
    constraints_created: int = 0
    seconds: float = 0.0  # all of it: export, stop, import, start, constraints
    export_seconds: float = 0.0
    import_seconds: float = 0.0  # neo4j-admin from launch to exit
    node_import_seconds: float = 0.0  # the importer's own "Node import" phase
    relationship_import_seconds: float = 0.0  # its "Relationship import" and "Relationship linking"
    restart_seconds: float = 0.0  # stop before the import and start after it
    constraints_seconds: float = 0.0


def check_local(conn: Connection, home: str | Path | None = None) -> server.ServerInfo:
    """The local server `conn` points at, running; else a one-line KgError."""
    info = server.status(home)
    parts = urlsplit(conn.uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    local = (parts.scheme in ("bolt", "neo4j") and parts.hostname in ("127.0.0.1", "localhost")
             and port == info.bolt_port)
    if not local:
        raise KgError(f"--bulk only fills the local Neo4j that `kg neo4j start` runs ({info.bolt_uri}, "
                      f"home {info.home}), not {conn.uri}: load without --bulk")
    if not info.running:
        raise KgError(f"--bulk needs the local Neo4j running (home {info.home}): start it with `kg neo4j start`")
    return info


def bulk_load(graph: Graph, conn: Connection, home: str | Path | None = None, tag: str = DEFAULT_TAG,
              say: Say | None = None) -> BulkReport:
    """Fill the empty database `conn.database` of the local server with `graph`."""
    from kg.neo4j.export import export_neo4j_csv

    say = say or (lambda _line: None)
    started = time.perf_counter()
    info = check_local(conn, home)
    with open_driver(conn) as driver:
        count = driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=conn.database).records[0]["c"]
    if count:
        raise KgError(f"database {conn.database} at {conn.uri} is not empty ({count} nodes): --bulk only fills "
                      "an empty database; load without --bulk, or empty it first")
    report = BulkReport()
    import_dir = info.home / "import"
    import_dir.mkdir(parents=True, exist_ok=True)
    csv_dir = Path(tempfile.mkdtemp(prefix="kg-bulk-", dir=import_dir))
    try:
        step = time.perf_counter()
        export_neo4j_csv(graph, csv_dir, tag=tag)
        report.export_seconds = time.perf_counter() - step
        ids = {d.id for d in graph.documents} | {e.id for e in graph.entities}
        report.nodes = len(ids)
        report.skipped_relationships = sum(1 for r in graph.relations if r.source not in ids or r.target not in ids)
        report.relationships = len(graph.relations) - report.skipped_relationships
        options = server.start_options(info.home)
        say(f"Stopping Neo4j (pid {info.pid}) for the import...")
        step = time.perf_counter()
        server.stop(info.home)
        report.restart_seconds = time.perf_counter() - step
        try:
            say("Importing with neo4j-admin database import full...")
            step = time.perf_counter()
            output = server.run_admin(["database", "import", "full", conn.database, "@import.args"], info.home,
                                      cwd=csv_dir, timeout=None)
            report.import_seconds = time.perf_counter() - step
        finally:
            say("Starting Neo4j again...")
            step = time.perf_counter()
            server.start(info.home, bolt_port=info.bolt_port, http_port=info.http_port, **options)
            report.restart_seconds += time.perf_counter() - step
    finally:
        shutil.rmtree(csv_dir, ignore_errors=True)
    phases = _phase_seconds(output)
    report.node_import_seconds = phases.get("Node import", 0.0)
    report.relationship_import_seconds = phases.get("Relationship import", 0.0) + phases.get("Relationship linking", 0.0)
    say("Creating the uniqueness constraints...")
    step = time.perf_counter()
    with open_driver(conn) as driver:
        report.constraints_created = len(ensure_constraints(driver, database=conn.database))
    report.constraints_seconds = time.perf_counter() - step
    report.seconds = time.perf_counter() - started
    return report


def _phase_seconds(output: str) -> dict[str, float]:
    """The importer's "<phase> COMPLETED in 1m 3s 177ms" lines as seconds per phase."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    phases = {}
    for name, spent in re.findall(r"^(.+?) COMPLETED in ((?:\d+(?:h|ms|m|s)\s*)+)$", output, re.M):
        phases[name.strip()] = sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(h|ms|m|s)", spent))
    return phases
