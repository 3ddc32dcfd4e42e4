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
from collections.abc import Callable, Iterable
from heapq import merge
from itertools import chain, groupby
from json.encoder import encode_basestring as _json_str
from operator import attrgetter, itemgetter
from typing import IO, TYPE_CHECKING, Any

from kg.rdf.mapping import SPAN_PREDICATES, TYPE, Lit, SpanNode, Triple, sort_key
from kg.rdf.prefixes import ID_PREFIX, prefixes_for
from kg.rdf.vocab import XSD

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

# A conservative subset of Turtle's PN_LOCAL: anything else is written as <IRI>.
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_INTEGER = str(XSD.integer)
# _json_str is what json.dumps(..., ensure_ascii=False) writes a string with; _dumps is that
# json.dumps with one encoder for every node instead of one per call.
_dumps = json.JSONEncoder(ensure_ascii=False).encode


_MISS = object()


class _Compactor:
    """IRI -> prefix:local (or None), longest namespace first, for the locals `valid` accepts.

    Vocabulary IRIs repeat and are cached; instance IRIs (under the base: millions of
    span nodes on a large graph, most written once) are not: when no longer namespace
    can claim them, they are compacted on a fast path.
    """

    def __init__(self, prefixes: dict[str, str], valid: Callable[[str], object]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.valid = valid
        self.base = prefixes[ID_PREFIX]
        # Equal namespaces keep their order (the id prefix first), so only a longer one
        # under the base could take an instance IRI before the id prefix does.
        self.fast = not any(len(ns) > len(self.base) and ns.startswith(self.base) for _, ns in self.prefixes)
        self.cache: dict[str, str | None] = {}
        self.documents: dict[str, tuple[str | None, str | None]] = {}

    def span(self, node: str, doc: str) -> tuple[str | None, str | None]:
        """(a span node, its document) compacted. Documents are cached; when a document's
        IRI takes the fast path, its spans' do too, and their locals stay valid (offsets
        add only digits and hyphens), so a span's is the document's and the offsets."""
        known = self.documents.get(doc)
        if known is None:
            base = self.base
            fast = f"{ID_PREFIX}:{doc[len(base) :]}" if self.fast and doc.startswith(base) and self.valid(doc[len(base) :]) else None
            known = self.documents[doc] = (fast, self(doc) if fast is None else fast)
        fast, compact_doc = known
        return (self(node) if fast is None else fast + node[len(doc) :]), compact_doc

    def __call__(self, value: str) -> str | None:
        base = self.base
        if value.startswith(base):
            if self.fast and self.valid(value[len(base) :]):
                return f"{ID_PREFIX}:{value[len(base) :]}"
            return self._find(value)
        hit = self.cache.get(value, _MISS)
        if hit is _MISS:
            hit = self.cache[value] = self._find(value)
        return hit

    def _find(self, value: str) -> str | None:
        for prefix, namespace in self.prefixes:
            if value.startswith(namespace) and self.valid(value[len(namespace) :]):
                return f"{prefix}:{value[len(namespace) :]}"
        return None


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m[0], f"\\u{ord(m[0]):04X}"), text)


Group = list[Triple] | SpanNode


def subject_groups(block: list[Triple], spans: list[SpanNode] | tuple = ()) -> list[Group]:
    """The subjects of one block in order (by IRI): the triples of each, or a span node
    written whole. `block` is sorted (kg.rdf.mapping); `spans` come in any order."""
    if spans and not {span.node for span in spans}.isdisjoint(t[0] for t in block):
        # A span node with more triples in this block (two texts for one span): one subject.
        block, spans = sorted(set(chain(block, *(span.expand() for span in spans))), key=sort_key), ()
    groups: list[Group] = [list(triples) for _, triples in groupby(block, key=itemgetter(0))]
    if not spans:
        return groups
    return list(merge(groups, sorted(spans, key=attrgetter("node")), key=lambda g: g.node if isinstance(g, SpanNode) else g[0][0]))


class TurtleWriter:
    """Writes blocks of triples as Turtle to a binary file, subject by subject; with `head`
    false, without the @prefix lines (for a run of blocks appended to a file that has them)."""

    def __init__(self, out: IO[bytes], base: str, head: bool = True) -> None:
        self.out = out
        prefixes = prefixes_for(base)
        self.compact = _Compactor(prefixes, _LOCAL.fullmatch)
        if head:
            out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode())
        self.integer = self._iri(_INTEGER)
        lines = " ;\n\t".join(f"{self._iri(p).replace('{', '{{').replace('}', '}}')} {{{name}}}" for p, name in SPAN_PREDICATES)
        self.span_format = "\n{node} a {cls} ;\n\t" + lines + " .\n"

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
        self.write_groups(subject_groups(block))

    def write_groups(self, groups: list[Group]) -> int:
        """One block's subjects (see `subject_groups`) as Turtle statements; the bytes written."""
        parts = []
        iri, term = self._iri, self._term
        for group in groups:
            if isinstance(group, SpanNode):
                node, doc = self.compact.span(group.node, group.doc)
                parts.append(self.span_format.format(
                    node=node or f"<{group.node}>", cls=iri(group.cls), document=doc or f"<{group.doc}>",
                    beginIndex=f'"{group.start}"^^{self.integer}', endIndex=f'"{group.end}"^^{self.integer}',
                    text=f'"{_escape(group.text)}"@zh'))
                continue
            lines = []
            for predicate, pairs in groupby(group, key=itemgetter(1)):
                verb = "a" if predicate == TYPE else iri(predicate)
                lines.append(f"{verb} " + " , ".join([term(o) for _, _, o in pairs]))
            parts.append(f"\n{iri(group[0][0])} " + " ;\n\t".join(lines) + " .\n")
        return self.out.write("".join(parts).encode("utf-8"))


def _nonempty(local: str) -> bool:
    return bool(local)


class JsonLdWriter:
    """Writes blocks of triples as compact JSON-LD to a binary file; call `close` at the end.
    With `head` false, neither the @context nor the opening of @graph is written, and the
    first node object follows a ",\n" (for a run of nodes appended to a file that has them)."""

    def __init__(self, out: IO[bytes], base: str, head: bool = True) -> None:
        self.out = out
        prefixes = prefixes_for(base)
        # JSON-LD compact IRIs allow any local part, so every covered IRI is compacted.
        self.compact = _Compactor(prefixes, _nonempty)
        self.first = head
        context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
        if head:
            out.write(('{\n"@context": ' + context + ',\n"@graph": [\n').encode("utf-8"))
        integer = _json_str(self._iri(_INTEGER))
        keys = [_json_str(self._iri(p)) for p, _ in SPAN_PREDICATES]
        values = {
            "document": '{{"@id": {doc}}}',
            "beginIndex": '{{"@value": "{start}", "@type": ' + integer.replace("{", "{{").replace("}", "}}") + "}}",
            "endIndex": '{{"@value": "{end}", "@type": ' + integer.replace("{", "{{").replace("}", "}}") + "}}",
            "text": '{{"@value": {text}, "@language": "zh"}}',
        }
        pairs = ", ".join(f"{key.replace('{', '{{').replace('}', '}}')}: {values[name]}" for key, (_, name) in zip(keys, SPAN_PREDICATES, strict=True))
        # json.dumps of the span's node object, spelled out: spans are most of the nodes.
        self.span_format = '{{"@id": {node}, "@type": {cls}, ' + pairs + "}}"

    def _iri(self, value: str) -> str:
        return self.compact(value) or value

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
        self.write_groups(subject_groups(block))

    def write_groups(self, groups: list[Group]) -> int:
        """One block's subjects (see `subject_groups`) as node objects of @graph; the bytes
        written (with the ",\\n" before them unless they are the first)."""
        parts = []
        iri = self._iri
        for group in groups:
            if isinstance(group, SpanNode):
                node, doc = self.compact.span(group.node, group.doc)
                text = self.span_format.format(
                    node=_json_str(node or group.node), cls=_json_str(iri(group.cls)), doc=_json_str(doc or group.doc),
                    start=group.start, end=group.end, text=_json_str(group.text))
            else:
                node: dict[str, Any] = {"@id": iri(group[0][0])}
                for predicate, pairs in groupby(group, key=itemgetter(1)):
                    objects = [o for _, _, o in pairs]
                    if predicate == TYPE:
                        types = [iri(o) for o in objects]
                        node["@type"] = types[0] if len(types) == 1 else types
                    else:
                        values = [self._value(o) for o in objects]
                        node[iri(predicate)] = values[0] if len(values) == 1 else values
                text = _dumps(node)
            parts.append(text if self.first else ",\n" + text)
            self.first = False
        return self.out.write("".join(parts).encode("utf-8"))

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
