"""`kg neo4j ...`: options and output only; the work is in kg.neo4j.{server,load,query}."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

_HOME = click.option("--home", envvar="KG_NEO4J_HOME", type=click.Path(file_okay=False),
                     help="Folder of the local server's conf, data, logs and password "
                          "[env KG_NEO4J_HOME; default <project>/.neo4j].")


def _connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--uri/--user/--password/--database/--home, shared by `load` and `query`."""
    options = [
        click.option("--uri", envvar="NEO4J_URI", help="Bolt URI of your own Neo4j [env NEO4J_URI; "
                     "default: the local server of `kg neo4j start`]."),
        click.option("--user", envvar="NEO4J_USERNAME", default="neo4j", show_default=True,
                     help="User name [env NEO4J_USERNAME]."),
        # Bare --password prompts without echo; a value given after it would show in
        # the process list, so NEO4J_PASSWORD or the prompt is the way for real servers.
        click.option("--password", envvar="NEO4J_PASSWORD", is_flag=False, flag_value="\0prompt",
                     help="Password [env NEO4J_PASSWORD]; `--password` alone asks for it. "
                          "Default for the local server: its generated password file."),
        click.option("--database", envvar="NEO4J_DATABASE", default="neo4j", show_default=True,
                     help="Database name [env NEO4J_DATABASE]."),
        _HOME,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _connect(uri: str | None, user: str, password: str | None, database: str, home: str | None) -> Any:
    from kg.neo4j import resolve_connection

    if password == "\0prompt":
        password = click.prompt("Neo4j password", hide_input=True, err=True)
    return resolve_connection(uri=uri, user=user, password=password, database=database, home=home)


class _InOrder(click.Group):
    """Commands in the order they are defined (start, stop, status, load, query)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_InOrder)
def neo4j() -> None:
    """Neo4j: run a local server, load the graph, run Cypher.

    \b
      kg neo4j start                 # local Neo4j 5.26 on 127.0.0.1, prints URLs
      kg neo4j load                  # out/kg.json -> Neo4j (MERGE, idempotent)
      kg neo4j query queries/01_agency_campaigns.cypher
      kg neo4j stop

    Your own Neo4j (Desktop, Docker, Aura): skip `start` and give --uri, or set
    NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD.
    """


@neo4j.command()
@_HOME
@click.option("--bolt-port", type=int, envvar="KG_NEO4J_BOLT_PORT",
              help="Bolt port on 127.0.0.1, 0 for any free one [env KG_NEO4J_BOLT_PORT; default 7687, "
                   "or the port of the last start].")
@click.option("--http-port", type=int, envvar="KG_NEO4J_HTTP_PORT",
              help="HTTP port of Neo4j Browser [env KG_NEO4J_HTTP_PORT; default 7474].")
@click.option("--heap", default="1g", envvar="KG_NEO4J_HEAP", show_default=True, help="Java heap size.")
@click.option("--timeout", default=180.0, show_default=True, help="Seconds to wait for Bolt to answer.")
def start(home: str | None, bolt_port: int | None, http_port: int | None, heap: str, timeout: float) -> None:
    """Start the project's local Neo4j and wait until it answers.

    It runs Neo4j 5.26 community from the jars of neo4j/pom.xml (resolved with
    Maven on first use) with Java 17, listens on 127.0.0.1 only, and keeps conf,
    data, logs and a generated password (file mode 0600) in one folder.

    \b
    Example:
      $ kg neo4j start
      Neo4j is running (pid 12345)
        Bolt:     bolt://127.0.0.1:7687
        Browser:  http://127.0.0.1:7474/browser/
        User:     neo4j, password in .neo4j/password
    """
    from kg.neo4j import server

    was_running = server.status(home).running
    info = server.start(home, bolt_port=bolt_port, http_port=http_port, heap=heap, timeout=timeout)
    click.echo(f"Neo4j {'was already' if was_running else 'is'} running (pid {info.pid})")
    _print_urls(info)


@neo4j.command()
@_HOME
def stop(home: str | None) -> None:
    """Stop the local Neo4j (data stays in its folder).

    \b
    Example:
      $ kg neo4j stop
      Neo4j stopped
    """
    from kg.neo4j import server

    click.echo("Neo4j stopped" if server.stop(home) else "Neo4j was not running")


@neo4j.command()
@_HOME
def status(home: str | None) -> None:
    """Say whether the local Neo4j runs, and where; exit code 3 when it does not.

    \b
    Example:
      $ kg neo4j status
      Neo4j is running (pid 12345)
        Bolt:     bolt://127.0.0.1:7687
        ...
    """
    from kg.neo4j import server

    info = server.status(home)
    if not info.running:
        click.echo(f"Neo4j is not running (home {info.home}); start it with `kg neo4j start`")
        sys.exit(3)
    answers = "" if server.bolt_answers(info) else ", not answering on Bolt yet"
    click.echo(f"Neo4j is running (pid {info.pid}{answers})")
    _print_urls(info)


@neo4j.command()
@click.option("--graph", "graph_path", default="out/kg.json", show_default=True,
              type=click.Path(), help="kg.json to load (or the parts folder of kg build --engine spark, DIR/parts).")
@_connection_options
@click.option("--tag", default="kg", show_default=True,
              help="Name of this graph in Neo4j (property kg_graphs): --wipe removes only its nodes.")
@click.option("--wipe", is_flag=True, help="First remove what this graph loaded before, then load.")
@click.option("--batch-size", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows per UNWIND transaction.")
@click.option("--bulk", is_flag=True,
              help="Fill an EMPTY database of the local server with neo4j-admin's importer instead "
                   "(for graphs too big for MERGE): stops the server, imports, starts it again, "
                   "then creates the same constraints. Refused for a database that holds nodes "
                   "or a server `kg neo4j start` does not run.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def load(graph_path: str, uri: str | None, user: str, password: str | None, database: str,
         home: str | None, tag: str, wipe: bool, batch_size: int, bulk: bool, as_json: bool) -> None:
    """Load kg.json into Neo4j: constraints first, then nodes and relationships with MERGE.

    Loading again changes nothing; a grown graph adds only what is new; a load cut
    off midway is completed by running it again. With --bulk, neo4j-admin writes an
    empty database of the local server in one go (minutes saved on big graphs; the
    server is down meanwhile); later loads without --bulk MERGE into it as usual.

    \b
    Examples:
      $ kg neo4j load --graph out/kg.json
      Loaded out/kg.json into bolt://127.0.0.1:7687 (database neo4j, tag kg)
        nodes:          412 (412 new)
        relationships:  1290 (1290 new)
      $ NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io NEO4J_PASSWORD=... kg neo4j load
    """
    import json

    from kg.neo4j import open_driver
    from kg.neo4j.load import load_graph, read_graph

    if bulk and wipe:
        raise click.UsageError("--bulk fills an empty database: it does not go with --wipe")
    graph = read_graph(graph_path)
    conn = _connect(uri, user, password, database, home)
    if bulk:
        _bulk(graph, graph_path, conn, home, tag, as_json)
        return
    with open_driver(conn) as driver:
        report = load_graph(driver, graph, database=conn.database, tag=tag, batch_size=batch_size, wipe=wipe)
    if as_json:
        click.echo(json.dumps(vars(report), indent=2))
        return
    click.echo(f"Loaded {graph_path} into {conn.uri} (database {conn.database}, tag {tag}) "
               f"in {report.seconds:.1f} s")
    if wipe:
        click.echo(f"  wiped:          {report.wiped_nodes} nodes")
    click.echo(f"  nodes:          {report.nodes} ({report.nodes_created} new)")
    click.echo(f"  relationships:  {report.relationships} ({report.relationships_created} new)")
    if report.skipped_relationships:
        click.echo(f"  skipped:        {report.skipped_relationships} relations with an end not in the graph")


def _bulk(graph: Any, graph_path: str, conn: Any, home: str | None, tag: str, as_json: bool) -> None:
    import json

    from kg.neo4j.bulk import bulk_load

    report = bulk_load(graph, conn, home=home, tag=tag, say=lambda line: click.echo(line, err=True))
    if as_json:
        click.echo(json.dumps(vars(report), indent=2))
        return
    click.echo(f"Imported {graph_path} into {conn.uri} (database {conn.database}, tag {tag}) "
               f"with neo4j-admin in {report.seconds:.1f} s")
    click.echo(f"  nodes:          {report.nodes}")
    click.echo(f"  relationships:  {report.relationships}")
    click.echo(f"  constraints:    {report.constraints_created} created")
    if report.skipped_relationships:
        click.echo(f"  skipped:        {report.skipped_relationships} relations with an end not in the graph")


@neo4j.command()
@click.argument("cypher")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter; VALUE is read as JSON when it parses (42, [1,2], \"x\"), else as text.")
@_connection_options
def query(cypher: str, fmt: str, params: tuple[str, ...], uri: str | None, user: str,
          password: str | None, database: str, home: str | None) -> None:
    """Run Cypher from a file or given as text, and print the rows.

    \b
    Examples:
      $ kg neo4j query queries/01_agency_campaigns.cypher
      $ kg neo4j query 'MATCH (a:Agency {name: $name})-[:LEADS]->(c) RETURN c.name AS campaign' \\
            --param name=公安部 --format csv
      campaign
      断卡
      断流
    """
    from kg.neo4j import open_driver
    from kg.neo4j.query import format_rows, parse_params, read_cypher, run_query

    text = read_cypher(cypher)
    values = parse_params(params)
    conn = _connect(uri, user, password, database, home)
    with open_driver(conn) as driver:
        columns, rows = run_query(driver, text, values, database=conn.database)
    click.echo(format_rows(columns, rows, fmt), nl=False)


def _print_urls(info: Any) -> None:
    click.echo(f"  Bolt:     {info.bolt_uri}")
    click.echo(f"  Browser:  {info.browser_url}")
    click.echo(f"  User:     neo4j, password in {info.password_file}")
    click.echo(f"  Logs:     {info.home / 'logs'}")
