"""The `kg` command line: a thin layer that parses options and calls the library.

Subcommands are imported only when they run, so `kg --help` and `kg lookup` start
without loading rdflib, neo4j, networkx or pyvis.
"""

from __future__ import annotations

import importlib

import click

from kg import __version__
from kg.errors import KgError

# name -> "module:attribute"; the order here is the order in `kg --help`.
COMMANDS: dict[str, str] = {
    "build": "kg.cli.build:build",
    "lookup": "kg.cli.lookup:lookup",
    "eval": "kg.cli.evaluate:eval_command",
    "validate": "kg.cli.rdf:validate",
    "sparql": "kg.cli.rdf:sparql",
    "neo4j": "kg.cli.neo4j:neo4j",
    "viz": "kg.cli.viz:viz",
    "path": "kg.cli.viz:path",
    "stats": "kg.cli.viz:stats",
    "export": "kg.cli.export:export",
}


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules, imported on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise UserError(str(exc), exc.exit_code) from None


class UserError(click.ClickException):
    """A KgError on its way out: `Error: <message>` on stderr and its exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Build and query a knowledge graph of the fight against telecom-network fraud.

    \b
    Typical session:
      kg build                      # seeds/ -> out/kg.json (+ RDF, HTML)
      kg lookup 公安部               # what the graph knows about a node
      kg eval tests/gold            # precision / recall against hand annotations
    """


def main() -> None:
    """Console entry point."""
    cli(prog_name="kg")
