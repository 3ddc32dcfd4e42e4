"""Sorted triples to Turtle, JSON-LD, an rdflib Graph or an oxigraph Store.

Turtle is written by pyoxigraph from triples we sort ourselves (its serializer keeps
input order), so the bytes depend only on the graph. JSON-LD is written here: the
compact form with an inline @context, which neither library writes deterministically.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING, Any

from kg.rdf.mapping import TYPE, Lit, Triple
from kg.rdf.vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

# The prefix under which instance IRIs (ids) are written.
ID_PREFIX = "id"


# The vocabularies that data (not the ontology or the shapes) uses.
_DATA_PREFIXES = ("rdf", "xsd", "skos", "dcterms", "schema", "org", "kgo")


def prefixes_for(base: str) -> dict[str, str]:
    """The prefixes data is written with: its vocabularies plus `id:` for the instance base."""
    return {ID_PREFIX: base, **{p: PREFIXES[p] for p in _DATA_PREFIXES}}


def _ox_terms():
    """Converters from our tuples to pyoxigraph terms; NamedNodes cached since IRIs repeat."""
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

    return node, obj


def to_oxigraph_triples(triples: Iterable[Triple]) -> list[pyoxigraph.Triple]:
    """Our tuples as pyoxigraph Triples, in the same order."""
    import pyoxigraph as ox

    node, obj = _ox_terms()
    return [ox.Triple(node(s), node(p), obj(o)) for s, p, o in triples]


def to_turtle(triples: list[Triple], base: str) -> bytes:
    """Turtle text of already sorted triples, with the project's prefixes."""
    import pyoxigraph as ox

    return ox.serialize(to_oxigraph_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes_for(base))


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


def _compact(value: str, prefixes: list[tuple[str, str]]) -> str:
    for prefix, namespace in prefixes:
        if value.startswith(namespace) and len(value) > len(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def to_jsonld(triples: list[Triple], base: str) -> bytes:
    """Compact JSON-LD of already sorted triples: an inline @context, one object per subject."""
    prefixes = prefixes_for(base)
    # Longest namespace first, so the instance base wins over a vocabulary it extends.
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def value(o: str | Lit) -> Any:
        if not isinstance(o, Lit):
            return {"@id": _compact(o, ordered)}
        if o.lang:
            return {"@value": o.lexical, "@language": o.lang}
        if o.datatype:
            return {"@value": o.lexical, "@type": _compact(o.datatype, ordered)}
        return o.lexical

    nodes = []
    for subject, group in groupby(triples, key=lambda t: t[0]):
        node: dict[str, Any] = {"@id": _compact(subject, ordered)}
        for predicate, pairs in groupby(group, key=lambda t: t[1]):
            objects = [o for _, _, o in pairs]
            if predicate == TYPE:
                types = [_compact(o, ordered) for o in objects]
                node["@type"] = types[0] if len(types) == 1 else types
            else:
                values = [value(o) for o in objects]
                node[_compact(predicate, ordered)] = values[0] if len(values) == 1 else values
        nodes.append(node)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
