"""Triples to Turtle and JSON-LD text, an rdflib Graph or an oxigraph Store.

Turtle and JSON-LD are written here, block by block as kg.rdf.mapping streams
them: memory stays bounded on large graphs, and the bytes depend only on the graph
(neither rdflib's nor pyoxigraph's writer gives both; tests parse the output with
both libraries and compare it with rdflib.compare). JSON-LD is the compact form
with an inline @context; a subject that appears in two blocks (a span used as a
mention and as evidence) is two node objects with one @id, which JSON-LD merges.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import groupby
from typing import IO, TYPE_CHECKING, Any

from kg.rdf.mapping import TYPE, Lit, Triple
from kg.rdf.vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

# The prefix under which instance IRIs (ids) are written.
ID_PREFIX = "id"
# The vocabularies that data (not the ontology or the shapes) uses.
_DATA_PREFIXES = ("rdf", "xsd", "skos", "dcterms", "schema", "org", "kgo")
# A conservative subset of Turtle's PN_LOCAL: anything else is written as <IRI>.
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def prefixes_for(base: str) -> dict[str, str]:
    """The prefixes data is written with: its vocabularies plus `id:` for the instance base."""
    return {ID_PREFIX: base, **{p: PREFIXES[p] for p in _DATA_PREFIXES}}


class _Compactor:
    """IRI -> prefix:local (or None), longest namespace first, cached: IRIs repeat."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value not in self.cache:
            self.cache[value] = None
            for prefix, namespace in self.prefixes:
                local = value[len(namespace) :]
                if value.startswith(namespace) and _LOCAL.fullmatch(local):
                    self.cache[value] = f"{prefix}:{local}"
                    break
        return self.cache[value]


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m[0], f"\\u{ord(m[0]):04X}"), text)


class TurtleWriter:
    """Writes blocks of triples as Turtle to a binary file, subject by subject."""

    def __init__(self, out: IO[bytes], base: str) -> None:
        self.out = out
        prefixes = prefixes_for(base)
        self.compact = _Compactor(prefixes)
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode())

    def _iri(self, value: str) -> str:
        return self.compact(value) or f"<{value}>"

    def _term(self, o: str | Lit) -> str:
        if not isinstance(o, Lit):
            return self._iri(o)
        text = f'"{_escape(o.lexical)}"'
        if o.lang:
            return f"{text}@{o.lang}"
        return f"{text}^^{self._iri(o.datatype)}" if o.datatype else text

    def write(self, block: list[Triple]) -> None:
        """One block (sorted, grouped by subject) as Turtle statements."""
        parts = []
        for subject, triples in groupby(block, key=lambda t: t[0]):
            lines = []
            for predicate, pairs in groupby(triples, key=lambda t: t[1]):
                verb = "a" if predicate == TYPE else self._iri(predicate)
                lines.append(f"{verb} " + " , ".join(self._term(o) for _, _, o in pairs))
            parts.append(f"\n{self._iri(subject)} " + " ;\n\t".join(lines) + " .\n")
        self.out.write("".join(parts).encode("utf-8"))


class JsonLdWriter:
    """Writes blocks of triples as compact JSON-LD to a binary file; call `close` at the end."""

    def __init__(self, out: IO[bytes], base: str) -> None:
        self.out = out
        prefixes = prefixes_for(base)
        # JSON-LD compact IRIs allow any local part, so every covered IRI is compacted.
        self.namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {}
        self.first = True
        context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
        out.write(('{\n"@context": ' + context + ',\n"@graph": [\n').encode("utf-8"))

    def _iri(self, value: str) -> str:
        if value not in self.cache:
            self.cache[value] = next(
                (f"{p}:{value[len(ns):]}" for p, ns in self.namespaces if value.startswith(ns) and len(value) > len(ns)),
                value,
            )
        return self.cache[value]

    def _value(self, o: str | Lit) -> Any:
        if not isinstance(o, Lit):
            return {"@id": self._iri(o)}
        if o.lang:
            return {"@value": o.lexical, "@language": o.lang}
        if o.datatype:
            return {"@value": o.lexical, "@type": self._iri(o.datatype)}
        return o.lexical

    def write(self, block: list[Triple]) -> None:
        """One block (sorted, grouped by subject) as node objects of @graph."""
        parts = []
        for subject, triples in groupby(block, key=lambda t: t[0]):
            node: dict[str, Any] = {"@id": self._iri(subject)}
            for predicate, pairs in groupby(triples, key=lambda t: t[1]):
                objects = [o for _, _, o in pairs]
                if predicate == TYPE:
                    types = [self._iri(o) for o in objects]
                    node["@type"] = types[0] if len(types) == 1 else types
                else:
                    values = [self._value(o) for o in objects]
                    node[self._iri(predicate)] = values[0] if len(values) == 1 else values
            parts.append(("" if self.first else ",\n") + json.dumps(node, ensure_ascii=False))
            self.first = False
        self.out.write("".join(parts).encode("utf-8"))

    def close(self) -> None:
        """End @graph and the document."""
        self.out.write(b"\n]\n}\n")


def to_oxigraph_triples(triples: Iterable[Triple]) -> list[pyoxigraph.Triple]:
    """Our tuples as pyoxigraph Triples, in the same order; NamedNodes cached since IRIs repeat."""
    import pyoxigraph as ox

    named: dict[str, ox.NamedNode] = {}

    def node(value: str) -> ox.NamedNode:
        term = named.get(value)
        if term is None:
            term = named[value] = ox.NamedNode(value)
        return term

    def obj(value: str | Lit):
        if not isinstance(value, Lit):
            return node(value)
        if value.lang:
            return ox.Literal(value.lexical, language=value.lang)
        if value.datatype:
            return ox.Literal(value.lexical, datatype=node(value.datatype))
        return ox.Literal(value.lexical)

    return [ox.Triple(node(s), node(p), obj(o)) for s, p, o in triples]


def to_store(triples: Iterable[Triple]) -> pyoxigraph.Store:
    """An in-memory oxigraph Store holding the triples (default graph)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in to_oxigraph_triples(triples))
    return store


def to_rdflib(triples: Iterable[Triple], base: str, store: str = "default") -> rdflib.Graph:
    """An rdflib Graph holding the triples, prefixes bound; `store` may be "Oxigraph"."""
    from rdflib import Graph, Literal, URIRef

    graph = Graph(store=store)
    for prefix, namespace in prefixes_for(base).items():
        graph.bind(prefix, namespace, override=True, replace=True)

    def obj(value: str | Lit):
        if isinstance(value, Lit):
            return Literal(value.lexical, lang=value.lang, datatype=URIRef(value.datatype) if value.datatype else None)
        return URIRef(value)

    graph.addN((URIRef(s), URIRef(p), obj(o), graph) for s, p, o in triples)
    return graph
