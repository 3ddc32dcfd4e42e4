"""`kg validate` and `kg sparql`: thin commands over kg.rdf (which does the work)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.rdf.results import FORMATS


@click.command()
@click.argument("graph_dir", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
@click.option("--graph", "graph_opt", type=click.Path(path_type=Path), help="The same as DIR, as the other commands name it: a folder holding kg.ttl, or an RDF file.  [default: out]")
@click.option(
    "--shapes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="SHACL shapes to use instead of ontology/shapes.ttl.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="How to print violations.")
def validate(graph_dir: Path | None, graph_opt: Path | None, shapes: Path | None, fmt: str) -> None:
    """Check DIR/kg.ttl (default: out/kg.ttl) against the SHACL shapes.

    DIR (or --graph) is a folder holding kg.ttl, or an RDF file. The seeds' graph
    takes a few seconds.

    Every violation is printed with the node it concerns (id and name), the
    rule that failed (a shape of ontology/shapes.ttl), the path and a message.
    Exit codes follow pySHACL: 0 the graph conforms, 1 it has violations,
    2 the graph or the shapes could not be read.

    \b
    Example (a graph broken on purpose, from the tests):
      $ kg validate tests/data/rdf/broken/figure_without_value.ttl
      focus       name      rule             constraint                   path       value  message
      ----------  --------  ---------------  ---------------------------  ---------  -----  ----------------------------
      figure-nov  9700多万  kgs:FigureValue  MinCountConstraintComponent  kgo:value         a Figure needs exactly one …
      (1 violation)
      $ echo $?
      1
    """
    from kg.rdf.results import render_table
    from kg.rdf.validate import report_rows, validate_dir

    if graph_dir is not None and graph_opt is not None and graph_dir != graph_opt:
        raise click.UsageError(f"give the graph once: DIR {graph_dir} or --graph {graph_opt}")
    graph_dir = graph_dir or graph_opt or Path("out")
    if fmt == "table":
        click.echo(f"Validating {graph_dir} against the SHACL shapes…", err=True)
    report = validate_dir(graph_dir, shapes)
    if report.conforms:
        click.echo(f"{graph_dir}: conforms to the SHACL shapes")
        return
    headers, rows = report_rows(report)
    if fmt == "table":
        n = len(rows)
        click.echo(render_table(headers, rows, max_cell=100) + f"({n} violation{'s' if n != 1 else ''})")
    elif fmt == "json":
        import json

        click.echo(json.dumps([dict(zip(headers, r, strict=True)) for r in rows], ensure_ascii=False, indent=2))
    else:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerows([headers, *rows])
    sys.exit(1)


def _query_text(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    path = Path(query)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if path.suffix == ".rq" or not any(ch.isspace() for ch in query.strip()):
        raise KgError(f"no such query file: {query} (pass a .rq file, SPARQL text or - for stdin)")
    return query


@click.command()
@click.argument("query", metavar="FILE|TEXT")
@click.option(
    "--graph",
    "graph_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder holding kg.ttl (or kg.json), or an RDF file.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format; csv and json are the SPARQL 1.1 results formats.")
def sparql(query: str, graph_dir: Path, fmt: str) -> None:
    """Run a SPARQL query on the graph in the embedded store (pyoxigraph).

    FILE|TEXT is a .rq file (see queries/), the query itself, or - to read it
    from standard input. The graph is DIR/kg.ttl, or DIR/kg.json converted on
    the fly when kg.ttl is missing.

    \b
    Examples:
      $ kg sparql queries/01_agency_campaigns.rq --graph out
      agency          role   campaign  documents
      --------------  -----  --------  ---------
      公安部          leads  断卡      1
      国家移民管理局  joins  断流      1
      ...
      $ kg sparql 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
          SELECT ?name WHERE { ?n skos:prefLabel ?name } LIMIT 3' --format csv
    """
    from kg.rdf.prefixes import prefixes_for
    from kg.rdf.results import format_answer
    from kg.rdf.store import ask, load
    from kg.writers.rdf import DEFAULT_BASE

    text = _query_text(query)
    store = load(graph_dir)
    click.echo(format_answer(ask(store, text), fmt, prefixes_for(DEFAULT_BASE)), nl=False)
