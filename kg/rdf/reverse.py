"""RDF back to the data model: the inverse of kg.rdf.mapping, for the round trip.

It reads what mapping writes (dcterms:identifier for ids, the reified assertions
for relations, their evidence spans) and ignores what is derived (plain relation
triples, ORG posts), so kg.json -> RDF -> kg.json gives the same nodes, relations
and evidence. RDF has no null: a Figure's contract keys come back as None when
absent, other props that were None in kg.json come back absent.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kg.model import Document, Entity, Evidence, Graph, Mention, Relation
from kg.rdf.vocab import (
    AGENCY_KIND_CLASS,
    AGENCY_PROPERTY,
    DCTERMS,
    DOCUMENT_PROPERTY,
    FIGURE_PROPERTY,
    KGO,
    NODE_CLASS,
    RDF,
    RELATION_PROPERTY,
    RELATION_PROPS,
    SKOS,
    XSD,
)

if TYPE_CHECKING:
    import rdflib


def python_value(term: rdflib.term.Node) -> Any:
    """A literal as kg.json holds it: numbers as int/float, dates as ISO text, JSON parsed."""
    from decimal import Decimal

    datatype = getattr(term, "datatype", None)
    text = str(term)
    if datatype == XSD.decimal:
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else float(number)
    if datatype == XSD.integer:
        return int(text)
    if datatype == RDF.JSON:
        return json.loads(text)
    return text


def _node_id(rdf: rdflib.Graph, node: rdflib.term.Node, base: str) -> str:
    ident = rdf.value(node, DCTERMS.identifier)
    if ident is not None:
        return str(ident)
    # A node only referred to (an evidence document missing from `documents`).
    from urllib.parse import unquote

    text = str(node)
    return unquote(text[len(base):] if text.startswith(base) else text)


def _props(rdf: rdflib.Graph, node, table: dict[str, tuple[str, str]]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key, (prop, _kind) in table.items():
        value = rdf.value(node, prop)
        if value is not None:
            props[key] = python_value(value)
    extra = rdf.value(node, KGO.extraProps)
    if extra is not None:
        props.update(json.loads(str(extra)))
    return props


def _spans(rdf: rdflib.Graph, node, link, base: str) -> list[tuple[str, int, int, str]]:
    spans = []
    for span in rdf.objects(node, link):
        spans.append(
            (
                _node_id(rdf, rdf.value(span, KGO.document), base),
                int(rdf.value(span, KGO.beginIndex)),
                int(rdf.value(span, KGO.endIndex)),
                str(rdf.value(span, KGO.text)),
            )
        )
    return sorted(spans)


def _documents(rdf: rdflib.Graph) -> list[Document]:
    documents = []
    for node in rdf.subjects(RDF.type, KGO.Document):
        fields = {key: python_value(v) for key, (prop, _) in DOCUMENT_PROPERTY.items() if (v := rdf.value(node, prop)) is not None}
        documents.append(Document(id=str(rdf.value(node, DCTERMS.identifier)), **fields))
    return sorted(documents, key=lambda d: d.id)


def _entities(rdf: rdflib.Graph, base: str) -> list[Entity]:
    kind_of = {cls: kind for kind, cls in AGENCY_KIND_CLASS.items()}
    entities = []
    for type_name, cls in NODE_CLASS.items():
        if type_name == "Document":
            continue
        table = {"Figure": FIGURE_PROPERTY, "Agency": AGENCY_PROPERTY}.get(type_name, {})
        for node in rdf.subjects(RDF.type, cls):
            props = _props(rdf, node, table)
            if type_name == "Figure":
                # kg.json's contract lists every Figure key, null where unknown; `conflict`
                # only on the figures in a conflict.
                props = {key: props.get(key) for key in FIGURE_PROPERTY if key != "conflict"} | props
            for kind_class in rdf.objects(node, RDF.type):
                if kind_class in kind_of:
                    props["kind"] = kind_of[kind_class]
            entities.append(
                Entity(
                    id=_node_id(rdf, node, base),
                    type=type_name,
                    name=str(rdf.value(node, SKOS.prefLabel)),
                    aliases=sorted(str(a) for a in rdf.objects(node, SKOS.altLabel)),
                    props=props,
                    mentions=[Mention(*span) for span in _spans(rdf, node, KGO.mention, base)],
                )
            )
    return sorted(entities, key=lambda e: e.id)


def _relations(rdf: rdflib.Graph, base: str) -> list[Relation]:
    type_of = {prop: name for name, prop in RELATION_PROPERTY.items()}
    relations = []
    for node in rdf.subjects(RDF.type, KGO.Assertion):
        relations.append(
            Relation(
                id=_node_id(rdf, node, base),
                type=type_of[rdf.value(node, RDF.predicate)],
                source=_node_id(rdf, rdf.value(node, RDF.subject), base),
                target=_node_id(rdf, rdf.value(node, RDF.object), base),
                props=_props(rdf, node, RELATION_PROPS),
                evidence=[
                    Evidence(doc=doc, start=start, end=end, sentence=text)
                    for doc, start, end, text in _spans(rdf, node, KGO.evidence, base)
                ],
            )
        )
    return sorted(relations, key=lambda r: r.id)


def graph_from_rdf(rdf: rdflib.Graph, base: str) -> Graph:
    """The data model read back from an RDF graph written by kg.rdf.mapping."""
    return Graph(documents=_documents(rdf), entities=_entities(rdf, base), relations=_relations(rdf, base))
