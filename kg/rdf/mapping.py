"""kg.json's data model to RDF triples: the one mapping every RDF output shares.

Triples come out as plain tuples `(subject, predicate, object)`: subject and
predicate are IRIs as `str`, the object an IRI or a `Lit`. No rdflib or pyoxigraph
terms are built here, so the same list feeds the Turtle writer, the JSON-LD
writer, an rdflib Graph or an oxigraph Store.

Text read from documents (names, sentences, titles, urls) only ever becomes a
literal; IRIs are made from ids, percent-encoded, under a configurable base.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from hashlib import blake2b, sha1
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple
from urllib.parse import quote

from kg.errors import KgError
from kg.model import Graph
from kg.rdf.vocab import (
    AGENCY_KIND_CLASS,
    AGENCY_PROPERTY,
    DCTERMS,
    DOCUMENT_PROPERTY,
    FIGURE_PROPERTY,
    KGO,
    NODE_CLASS,
    ORG,
    RDF,
    RELATION_PROPERTY,
    RELATION_PROPS,
    SCHEMA,
    SKOS,
    XSD,
)


def _str_table(table: dict) -> dict:
    """A vocab table with its IRIs as plain str (values: IRI, or (IRI, literal kind))."""
    return {k: (str(v) if isinstance(v, str) else (str(v[0]), v[1])) for k, v in table.items()}


# Vocabulary as plain str: rdflib's Namespace lookups and URIRef comparisons run in
# Python and were most of the writer's time (profiled with bench/rdf.py).
_NODE_CLASS, _RELATION_PROPERTY, _KIND_CLASS = _str_table(NODE_CLASS), _str_table(RELATION_PROPERTY), _str_table(AGENCY_KIND_CLASS)
_FIGURE, _AGENCY, _RELATION = _str_table(FIGURE_PROPERTY), _str_table(AGENCY_PROPERTY), _str_table(RELATION_PROPS)
_DOCUMENT = _str_table(DOCUMENT_PROPERTY)
TYPE, IDENTIFIER, PREF_LABEL, ALT_LABEL = map(str, (RDF.type, DCTERMS.identifier, SKOS.prefLabel, SKOS.altLabel))
_K = {
    name: str(KGO[name])
    for name in ("Document", "Assertion", "Mention", "Evidence", "mention", "evidence", "document")
    + ("beginIndex", "endIndex", "text", "extraProps")
}
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT, _JSON = map(str, (RDF.Statement, RDF.subject, RDF.predicate, RDF.object, RDF.JSON))
_INTEGER, _DECIMAL, _ANY_URI = map(str, (XSD.integer, XSD.decimal, XSD.anyURI))
_NEWS_ARTICLE = str(SCHEMA.NewsArticle)
_ORG_HOLDS, _ORG_POST, _ORG_HELD_BY, _ORG_POST_IN, _ORG_SUB = map(
    str, (ORG.holds, ORG.Post, ORG.heldBy, ORG.postIn, ORG.subOrganizationOf)
)


class Lit(NamedTuple):
    """An RDF literal: lexical form, datatype IRI (None for xsd:string) and language tag."""

    lexical: str
    datatype: str | None = None
    lang: str | None = None


Triple = tuple[str, str, "str | Lit"]

_DATE_TYPES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), str(XSD.date)),
    (re.compile(r"\d{4}-\d{2}"), str(XSD.gYearMonth)),
    (re.compile(r"\d{4}"), str(XSD.gYear)),
)


def check_base(base: str) -> str:
    """The base IRI if it can prefix ids (absolute, ends in / or #); a KgError otherwise."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$", base):
        raise KgError(f"base IRI {base!r} must be absolute and end with '/' or '#'")
    return base


@lru_cache(maxsize=1 << 16)  # documents and entities are named many times over
def iri(base: str, ident: str, suffix: str = "") -> str:
    """The IRI of a node: base + its id, percent-encoded, + a suffix made by this module."""
    return base + quote(ident, safe="-._~") + suffix


def literal(value: Any, kind: str) -> Lit | None:
    """`value` as a literal of `kind`, or None when it cannot be one (it goes to extraProps)."""
    if kind in ("string", "zh", "anyURI"):
        if not isinstance(value, str):
            return None
        return Lit(value, _ANY_URI if kind == "anyURI" else None, "zh" if kind == "zh" else None)
    if kind == "integer":
        return Lit(str(value), _INTEGER) if type(value) is int else None
    if kind == "decimal":
        if type(value) not in (int, float):
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return Lit(format(number, "f"), _DECIMAL) if number.is_finite() else None
    if kind == "date":
        for pattern, datatype in _DATE_TYPES:
            if isinstance(value, str) and pattern.fullmatch(value):
                return Lit(value, datatype)
        return None
    raise ValueError(f"unknown literal kind {kind}")


def _props(subject: str, props: dict[str, Any], table: dict[str, tuple[str, str]]) -> Iterator[Triple]:
    """Known props as typed triples; the rest (and unrepresentable values) as one JSON literal.

    None is skipped: RDF has no null, so an absent triple is the null.
    """
    extra: dict[str, Any] = {}
    for key, value in sorted(props.items()):
        if value is None:
            continue
        prop, kind = table.get(key, (None, ""))
        lit = literal(value, kind) if prop else None
        if lit is None:
            extra[key] = value
        else:
            yield subject, prop, lit
    if extra:
        text = json.dumps(extra, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        yield subject, _K["extraProps"], Lit(text, _JSON)


def span_iri(base: str, doc: str, start: int, end: int) -> str:
    """A span of a document is one node, however many mentions or relations point at it."""
    return iri(base, doc) + f"-{start}-{end}"  # not cached: spans are many and each is used once or twice


class SpanNode(NamedTuple):
    """A span node written for the first time: its five triples (see `expand`), kept as
    one record so that writers can print it in one piece."""

    node: str
    cls: str
    doc: str  # the document's IRI
    start: int
    end: int
    text: str

    def expand(self) -> list[Triple]:
        """The span's triples."""
        node = self.node
        return [
            (node, TYPE, self.cls),
            (node, _K["document"], self.doc),
            (node, _K["beginIndex"], Lit(str(self.start), _INTEGER)),
            (node, _K["endIndex"], Lit(str(self.end), _INTEGER)),
            (node, _K["text"], Lit(self.text, None, "zh")),
        ]


# The predicates of a span node other than rdf:type, in the order they sort (by IRI).
SPAN_PREDICATES = tuple(sorted((_K[k], k) for k in ("document", "beginIndex", "endIndex", "text")))


class _Spans:
    """Span nodes, each written once, in the block that first uses it.

    Its text is the slice of the cleaned text, so two uses cannot disagree; if they
    do (inconsistent offsets), the second text is written too and SHACL reports it.
    What is remembered per span is small (millions of spans on large graphs): per
    document, its offsets, its first text and the classes (mention, evidence) it was
    used as.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.seen: dict[str, dict] = {}

    def use(self, doc: str, start: int, end: int, text: str, cls: str) -> tuple[str, SpanNode | None, list[Triple]]:
        """(its IRI, the span node if this is its first use, the triples a later use adds)."""
        node = span_iri(self.base, doc, start, end)
        spans = self.seen.get(doc)
        if spans is None:
            spans = self.seen[doc] = {}
        key = start << 32 | end if 0 <= end < 1 << 32 else (start, end)
        known = spans.get(key)
        if known is None:
            spans[key] = (text, cls)
            return node, SpanNode(node, cls, iri(self.base, doc), start, end, text), []
        first, classes = known
        extra: list[Triple] = []
        if cls != classes and (isinstance(classes, str) or cls not in classes):  # a span used before as another class
            spans[key] = (first, (classes, cls) if isinstance(classes, str) else (*classes, cls))
            extra.append((node, TYPE, cls))
        if text != first:
            extra.append((node, _K["text"], Lit(text, None, "zh")))
        return node, None, extra


def _document(doc, base: str) -> Iterator[Triple]:
    node = iri(base, doc.id)
    yield node, TYPE, _K["Document"]
    yield node, TYPE, _NEWS_ARTICLE
    yield node, IDENTIFIER, Lit(doc.id)
    fields = {k: getattr(doc, k) for k in _DOCUMENT}
    yield from _props(node, {k: v for k, v in fields.items() if v != ""}, _DOCUMENT)


def _entity(ent, base: str, spans: _Spans | _Replay, new: list[SpanNode]) -> Iterator[Triple]:
    if ent.type not in _NODE_CLASS or ent.type == "Document":
        raise KgError(f"entity {ent.id} has unknown type {ent.type!r}; known: {', '.join(NODE_CLASS)}")
    node = iri(base, ent.id)
    yield node, TYPE, _NODE_CLASS[ent.type]
    yield node, IDENTIFIER, Lit(ent.id)
    yield node, PREF_LABEL, Lit(ent.name, None, "zh")
    for alias in set(ent.aliases) - {ent.name}:
        yield node, ALT_LABEL, Lit(alias, None, "zh")
    props = dict(ent.props)
    table: dict[str, tuple[str, str]] = {}
    if ent.type == "Figure":
        table = _FIGURE
    elif ent.type == "Agency":
        table = _AGENCY
        kind_class = _KIND_CLASS.get(props.get("kind"))
        if kind_class is not None:
            props.pop("kind")
            yield node, TYPE, kind_class
    yield from _props(node, props, table)
    mention = _K["Mention"]
    for m in sorted(set(ent.mentions)):
        span, first, triples = spans.use(m.doc, m.start, m.end, m.text, mention)
        yield node, _K["mention"], span
        if first is not None:
            new.append(first)
        yield from triples


def _outgoing(graph: Graph) -> dict[str, list]:
    """Relations by source id, so that each plain relation triple goes in its source
    node's block (see `_plain`)."""
    out: dict[str, list] = defaultdict(list)
    for rel in graph.relations:
        if rel.type not in _RELATION_PROPERTY:
            raise KgError(f"relation {rel.id} has unknown type {rel.type!r}; known: {', '.join(RELATION_PROPERTY)}")
        out[rel.source].append(rel)
    return out


def _plain(rels: list, base: str, types: dict[str, str]) -> Iterator[Triple]:
    """Plain relation triples; W3C ORG's own terms beside ours, so ORG-aware tools read
    posts and sub-units."""
    for rel in rels:
        src, tgt = iri(base, rel.source), iri(base, rel.target)
        yield src, _RELATION_PROPERTY[rel.type], tgt
        if rel.type == "HOLDS_POSITION":
            yield src, _ORG_HOLDS, iri(base, rel.id, "-post")
        elif rel.type == "PART_OF" and types.get(rel.source) == types.get(rel.target) == "Agency":
            yield src, _ORG_SUB, tgt


def _relation(rel, base: str, spans: _Spans | _Replay, new: list[SpanNode]) -> Iterator[Triple]:
    """The reified relation: a kgo:Assertion with its evidence spans (and an org:Post)."""
    src, tgt, node = iri(base, rel.source), iri(base, rel.target), iri(base, rel.id)
    yield node, TYPE, _K["Assertion"]
    yield node, TYPE, _STATEMENT
    yield node, IDENTIFIER, Lit(rel.id)
    yield node, _SUBJECT, src
    yield node, _PREDICATE, _RELATION_PROPERTY[rel.type]
    yield node, _OBJECT, tgt
    yield from _props(node, rel.props, _RELATION)
    evidence = _K["Evidence"]
    for ev in sorted(set(rel.evidence)):
        span, first, triples = spans.use(ev.doc, ev.start, ev.end, ev.sentence, evidence)
        yield node, _K["evidence"], span
        if first is not None:
            new.append(first)
        yield from triples
    if rel.type == "HOLDS_POSITION":
        post = iri(base, rel.id, "-post")
        yield post, TYPE, _ORG_POST
        yield post, _ORG_HELD_BY, src
        yield post, _ORG_POST_IN, tgt
        title = rel.props.get("title")
        if isinstance(title, str) and title:
            yield post, PREF_LABEL, Lit(title, None, "zh")


def sort_key(t: Triple) -> tuple:
    """The order of triples in a block: by subject, rdf:type first (so Turtle reads
    "x a kgo:Agency ; ..."), then by predicate, IRIs before literals."""
    s, p, o = t
    if isinstance(o, Lit):
        return (s, "" if p == TYPE else p, "~", o.lexical, o.datatype or "", o.lang or "")
    return (s, "" if p == TYPE else p, "", o, "", "")


def _block(triples: Iterator[Triple]) -> list[Triple]:
    # sorted(set(triples), key=sort_key), with sort_key's keys made inline rather than by
    # a call per triple: most of the RDF writers' triples pass here.
    keyed = [
        ((s, "" if p == TYPE else p, "~", o.lexical, o.datatype or "", o.lang or "") if isinstance(o, Lit) else (s, "" if p == TYPE else p, "", o, "", ""), (s, p, o))
        for s, p, o in set(triples)
    ]
    keyed.sort(key=itemgetter(0))
    return [t for _, t in keyed]


def iter_node_blocks(graph: Graph, base: str) -> Iterator[tuple[list[Triple], list[SpanNode]]]:
    """The blocks of `iter_blocks`, each as its sorted triples but those of the span
    nodes it writes for the first time, and those span nodes (in no order)."""
    for _key, make in iter_keyed_blocks(graph, base, keyed=False):
        yield make()


class _Replay:
    """The span uses a block's key was made from, handed back in order to its triples."""

    def __init__(self, uses: list) -> None:
        self.uses = iter(uses)

    def use(self, doc: str, start: int, end: int, text: str, cls: str) -> tuple[str, SpanNode | None, list[Triple]]:
        return next(self.uses)


def iter_keyed_blocks(graph: Graph, base: str, keyed: bool = True) -> Iterator[tuple[bytes, Callable[[], tuple[list[Triple], list[SpanNode]]]]]:
    """The blocks of `iter_node_blocks` as (key, a function that makes the block), in the
    same order. The key is a digest of everything the block's triples depend on: the
    node's data, its outgoing relations, base, the mapping's code, and what each span
    it points at is in this graph (written here for the first time, or already written
    by a block before); the same key is the same block. Call each function, if at all,
    before taking the next block. With `keyed` false every key is b"" (for readers that
    only want the blocks)."""
    check_base(base)
    salt = _salt(base)
    spans = _Spans(base)
    outgoing = _outgoing(graph)
    types = {e.id: e.type for e in graph.entities}

    def digest(material: tuple) -> bytes:
        return blake2b(repr(material).encode("utf-8", "backslashreplace"), digest_size=16, key=salt).digest()

    def spans_of(uses: list) -> str:
        # What a block's text takes from each span it points at: its IRI, the text when the
        # block writes the span first, the triples a later use adds (rare). Spelled out
        # rather than repr'd: there are millions.
        return "\x00".join(f"{node}\x01{first.text if first is not None else ''}\x01{repr(extra) if extra else ''}" for node, first, extra in uses)

    for doc in sorted(graph.documents, key=lambda d: d.id):
        key = digest(("D", doc.id, [(k, getattr(doc, k)) for k in _DOCUMENT])) if keyed else b""
        yield key, lambda doc=doc: (_block(_document(doc, base)), [])
    mention, evidence = _K["Mention"], _K["Evidence"]
    for ent in sorted(graph.entities, key=lambda e: e.id):
        uses = [spans.use(m.doc, m.start, m.end, m.text, mention) for m in sorted(set(ent.mentions))]
        rels = outgoing.pop(ent.id, ())
        key = digest(("E", ent.id, ent.type, ent.name, sorted(set(ent.aliases)), sorted(ent.props.items()),
                      [(r.id, r.type, r.source, r.target, types.get(r.source), types.get(r.target)) for r in rels], spans_of(uses))) if keyed else b""
        yield key, lambda ent=ent, uses=uses, rels=rels: _made(lambda new: chain(_entity(ent, base, _Replay(uses), new), _plain(rels, base, types)))
    for source in sorted(outgoing):  # relations from ids that are no entity: SHACL reports them
        rels = outgoing[source]
        key = digest(("P", source, [(r.id, r.type, r.source, r.target, types.get(r.source), types.get(r.target)) for r in rels])) if keyed else b""
        yield key, lambda rels=rels: (_block(_plain(rels, base, types)), [])
    for rel in sorted(graph.relations, key=lambda r: r.id):
        uses = [spans.use(ev.doc, ev.start, ev.end, ev.sentence, evidence) for ev in sorted(set(rel.evidence))]
        key = digest(("R", rel.id, rel.type, rel.source, rel.target, sorted(rel.props.items()), spans_of(uses))) if keyed else b""
        yield key, lambda rel=rel, uses=uses: _made(lambda new: _relation(rel, base, _Replay(uses), new))


def _made(triples: Callable[[list[SpanNode]], Iterator[Triple]]) -> tuple[list[Triple], list[SpanNode]]:
    new: list[SpanNode] = []
    return _block(triples(new)), new


@lru_cache(maxsize=8)
def _salt(base: str) -> bytes:
    """The base and the code that turns a block into triples and text: a change to either
    changes every key."""
    from pathlib import Path

    digest = sha1(f"kg-blocks 1 {base}".encode())
    root = Path(__file__).parent
    for path in (root / "mapping.py", root / "serialize.py", root / "vocab.py", root.parent / "writers" / "rdf.py"):
        digest.update(path.read_bytes())
    return digest.digest()[:16]


def iter_blocks(graph: Graph, base: str) -> Iterator[list[Triple]]:
    """The graph's triples in blocks: one per document, entity (with its outgoing
    relation triples and new mention spans) and relation (its assertion and new
    evidence spans), in id order, each sorted and grouped by subject.

    Streaming blocks instead of sorting the whole graph keeps memory bounded
    (bench/build.py's 10,000 documents make some 8 million triples), and the
    order depends only on the content, so the output is byte-stable.
    """
    for block, new in iter_node_blocks(graph, base):
        yield _block(chain(block, *(span.expand() for span in new))) if new else block


def iter_triples(graph: Graph, base: str) -> Iterator[Triple]:
    """Every triple of `graph` under `base`, in the deterministic order of `iter_blocks`."""
    for block in iter_blocks(graph, base):
        yield from block
