"""`kg export`: the graph in the formats other tools load (Gephi, Cytoscape, Neo4j by hand)."""

from __future__ import annotations

from pathlib import Path

import click

GRAPH_OPTION = click.option(
    "--graph", "graph_path", type=click.Path(path_type=Path), default=Path("out/kg.json"), show_default=True, help="The kg.json to export (or the parts folder of kg build --engine spark, DIR/parts)."
)


@click.group()
def export() -> None:
    """Export the graph for other tools.

    \b
    Examples:
      kg export graphml out/kg.graphml     # Gephi, Cytoscape, yEd
      kg export gexf out/kg.gexf           # Gephi
      kg export cypher out/kg.cypher       # cypher-shell or Neo4j Browser
      kg export neo4j-csv out/neo4j-import # neo4j-admin database import full
    """


@export.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False), default=Path("out/kg.graphml"))
@GRAPH_OPTION
def graphml(out: Path, graph_path: Path) -> None:
    """Write GraphML (nodes with type, name and properties; relations with type and evidence).

    \b
    Example:
      kg export graphml out/kg.graphml
    """
    from kg.analysis import export_graphml
    from kg.index import read_graph

    click.echo(f"Wrote {export_graphml(read_graph(graph_path), out)}")


@export.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False), default=Path("out/kg.gexf"))
@GRAPH_OPTION
def gexf(out: Path, graph_path: Path) -> None:
    """Write GEXF for Gephi.

    \b
    Example:
      kg export gexf out/kg.gexf
    """
    from kg.analysis import export_gexf
    from kg.index import read_graph

    click.echo(f"Wrote {export_gexf(read_graph(graph_path), out)}")


@export.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False), default=Path("out/kg.cypher"))
@GRAPH_OPTION
def cypher(out: Path, graph_path: Path) -> None:
    """Write a Cypher script (constraints, then MERGE statements, every value escaped)
    to paste into Neo4j Browser or pipe into cypher-shell.

    \b
    Example:
      kg export cypher out/kg.cypher && cypher-shell -u neo4j -f out/kg.cypher
    """
    from kg.index import read_graph
    from kg.neo4j.export import export_cypher

    click.echo(f"Wrote {export_cypher(read_graph(graph_path), out)}")


@export.command("neo4j-csv")
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out/neo4j-import"))
@GRAPH_OPTION
def neo4j_csv(out_dir: Path, graph_path: Path) -> None:
    """Write the CSV files of `neo4j-admin database import full`, with a README
    giving the exact import command.

    \b
    Example:
      kg export neo4j-csv out/neo4j-import
    """
    from kg.index import read_graph
    from kg.neo4j.export import export_neo4j_csv

    click.echo(f"Wrote {export_neo4j_csv(read_graph(graph_path), out_dir)}")
