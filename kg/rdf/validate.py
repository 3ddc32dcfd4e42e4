"""SHACL validation of the graph's RDF with pySHACL, as rows a person can read.

Shapes live in ontology/shapes.ttl. Each result names the focus node (its id and
name), the rule (the shape's IRI, e.g. kgs:FigureValue), the path and the message.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError

if TYPE_CHECKING:
    import rdflib

_ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"


def ontology_dir() -> Path:
    """Where kg.ttl and shapes.ttl live: $KG_ONTOLOGY_DIR, else the checkout's ontology/."""
    return Path(os.environ.get("KG_ONTOLOGY_DIR") or _ONTOLOGY_DIR)


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node broke which rule, and how."""

    focus: str
    name: str
    rule: str
    component: str
    path: str
    value: str
    message: str
    severity: str = "Violation"


@dataclass
class Report:
    """The outcome of a validation: `conforms` and the sorted violations."""

    conforms: bool
    violations: list[Violation]


def _shapes_graph(shapes: Path | None) -> rdflib.Graph:
    from kg.rdf.store import parse_triples, to_rdflib_graph

    path = shapes or ontology_dir() / "shapes.ttl"
    if not path.exists():
        raise KgError(f"no SHACL shapes at {path}: set KG_ONTOLOGY_DIR to the folder holding shapes.ttl", exit_code=2)
    return to_rdflib_graph(parse_triples(path))


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """pySHACL runs a SPARQL constraint once per focus node with the same text and other
    bindings, and rdflib parses the text every time (pyparsing: 0.25 s a time, most of a
    validation). Meanwhile each text is parsed once and the prepared query reused, as
    rdflib's prepareQuery intends."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, str_or_query, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(str_or_query, str):
            key = (str_or_query, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.prepareQuery(str_or_query, initNs=initNs, base=base)
            str_or_query = prepared[key]
        return original(self, str_or_query, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def validate_graph(data: rdflib.Graph, shapes: Path | None = None) -> Report:
    """Validate an rdflib Graph against the shapes (ontology/shapes.ttl unless given)."""
    from pyshacl import validate
    from rdflib.namespace import SH

    from kg.rdf.results import compact
    from kg.rdf.vocab import DCTERMS, PREFIXES, SKOS

    with _prepared_queries():
        conforms, results, _text = validate(
            data,
            shacl_graph=_shapes_graph(shapes),
            inference="none",
            abort_on_first=False,
            allow_warnings=False,
        )
    if not hasattr(results, "subjects"):  # pySHACL's ValidationFailure: the shapes are broken
        raise KgError(f"the SHACL shapes could not be applied: {getattr(results, 'message', results)}", exit_code=2)
    def short(term) -> str:
        if term is None:
            return ""
        # A data node reads best as its kg.json id; vocabulary terms as prefix:name.
        ident = data.value(term, DCTERMS.identifier)
        return str(ident) if ident is not None else compact(str(term), PREFIXES)

    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        name = data.value(focus, SKOS.prefLabel)
        violations.append(
            Violation(
                focus=short(focus),
                name=str(name or ""),
                rule=short(results.value(result, SH.sourceShape)),
                component=short(results.value(result, SH.sourceConstraintComponent)).removeprefix("sh:"),
                path=short(results.value(result, SH.resultPath)),
                value=short(results.value(result, SH.value)),
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=short(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
            )
        )
    return Report(conforms=bool(conforms), violations=sorted(set(violations)))


def validate_dir(graph_dir: Path, shapes: Path | None = None) -> Report:
    """Validate DIR/kg.ttl (or DIR/kg.json, or a file); a KgError with exit code 2 if unreadable."""
    from kg.rdf.store import read_graph, to_rdflib_graph

    return validate_graph(to_rdflib_graph(read_graph(Path(graph_dir))), shapes)


def report_rows(report: Report) -> tuple[list[str], list[list[str]]]:
    """The violations as table headers and rows (for `kg validate`)."""
    headers = ["focus", "name", "rule", "constraint", "path", "value", "message"]
    rows = [[v.focus, v.name, v.rule, v.component, v.path, v.value, v.message] for v in report.violations]
    return headers, rows
