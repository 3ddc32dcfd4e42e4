"""ontology/kg.ttl: it parses everywhere, covers the domain model, and a reasoner finds it consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.model import NODE_TYPES, RELATION_ENDS, RELATION_TYPES

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
TTL_FILES = sorted((ROOT / "ontology").glob("*.ttl"))


@pytest.fixture(scope="module")
def onto():
    import rdflib

    return rdflib.Graph().parse(ONTOLOGY)


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_parses_in_rdflib_and_pyoxigraph_alike(path):
    import pyoxigraph as ox
    import rdflib

    assert len(rdflib.Graph().parse(path)) == len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) > 0


def _terms(onto):
    from rdflib.namespace import OWL

    from kg.rdf.vocab import KGO

    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in onto.subjects(None, k) if str(s).startswith(str(KGO))})


def test_every_node_and_relation_type_is_declared(onto):
    from rdflib.namespace import OWL, RDF

    from kg.rdf.vocab import AGENCY_KIND_CLASS, NODE_CLASS, RELATION_PROPERTY

    assert set(NODE_CLASS) == set(NODE_TYPES)
    assert set(RELATION_PROPERTY) == set(RELATION_TYPES)
    for cls in [*NODE_CLASS.values(), *AGENCY_KIND_CLASS.values()]:
        assert (cls, RDF.type, OWL.Class) in onto, cls
    for prop in RELATION_PROPERTY.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in onto, prop


def test_every_term_has_chinese_and_english_labels_and_a_comment(onto):
    from rdflib.namespace import RDFS

    terms = _terms(onto)
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert {c.language for c in onto.objects(term, RDFS.comment)} >= {"zh", "en"}, term


def test_every_property_has_domain_and_range(onto):
    from rdflib.namespace import OWL, RDFS

    from kg.rdf.vocab import KGO

    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for prop in onto.subjects(None, kind):
            if str(prop).startswith(str(KGO)):
                assert onto.value(prop, RDFS.domain) is not None, prop
                assert onto.value(prop, RDFS.range) is not None, prop


def _classes(onto, node) -> set[str]:
    """A domain or range as type names: a class or an owl:unionOf list of classes."""
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    union = onto.value(node, OWL.unionOf)
    members = list(Collection(onto, union)) if union is not None else [node]
    return {str(m).rsplit("#", 1)[1] for m in members}


def test_domains_and_ranges_follow_the_domain_model(onto):
    from rdflib.namespace import RDFS

    from kg.rdf.vocab import RELATION_PROPERTY

    for rel, (sources, targets) in RELATION_ENDS.items():
        prop = RELATION_PROPERTY[rel]
        domain, range_ = _classes(onto, onto.value(prop, RDFS.domain)), _classes(onto, onto.value(prop, RDFS.range))
        # MENTIONED_IN starts at "any node": kgo:Node, the superclass of every non-document type.
        assert domain == ({"Node"} if rel == "MENTIONED_IN" else set(sources)), rel
        # HANDLED_BY narrows Agency to the three kinds that handle cases.
        expected = {"Procuratorate", "Court", "PublicSecurity"} if rel == "HANDLED_BY" else set(targets)
        assert range_ == expected, rel


def test_figure_values_are_decimal_and_periods_dates(onto):
    from rdflib.namespace import RDFS, XSD

    from kg.rdf.vocab import KGO

    assert onto.value(KGO.value, RDFS.range) == XSD.decimal
    assert onto.value(KGO.periodStart, RDFS.range) == XSD.date
    assert onto.value(KGO.periodEnd, RDFS.range) == XSD.date


def test_aligned_to_standard_vocabularies(onto):
    from rdflib.namespace import PROV, RDFS, SKOS

    from kg.rdf.vocab import KGO, ORG, SCHEMA

    supers = {(s, o) for s, o in onto.subject_objects(RDFS.subClassOf)}
    assert (KGO.Procuratorate, SCHEMA.GovernmentOrganization) in supers
    assert (KGO.Agency, ORG.Organization) in supers
    assert (KGO.Person, SCHEMA.Person) in supers
    assert (KGO.Document, SCHEMA.NewsArticle) in supers
    assert (KGO.Law, SCHEMA.Legislation) in supers
    assert (KGO.Crime, SKOS.Concept) in supers
    assert (KGO.evidence, PROV.wasDerivedFrom) in set(onto.subject_objects(RDFS.subPropertyOf))
    assert (KGO.document, PROV.wasQuotedFrom) in set(onto.subject_objects(RDFS.subPropertyOf))


def test_every_term_the_writer_uses_is_in_the_ontology(onto):
    import json

    from kg.model import Graph
    from kg.rdf.vocab import KGO
    from kg.writers.rdf import graph_to_rdf

    declared = set(_terms(onto))
    for name in ("mini_kg.json", "rdf/rich_kg.json"):
        data = graph_to_rdf(Graph.from_dict(json.loads((ROOT / "tests/data" / name).read_text("utf-8"))))
        used = {t for triple in data for t in triple if str(t).startswith(str(KGO))}
        assert used <= declared, used - declared


def _reason(tmp_path: Path, extra: str = "") -> None:
    """Run HermiT (through owlready2) on the ontology plus `extra` Turtle."""
    import owlready2
    import rdflib

    graph = rdflib.Graph().parse(ONTOLOGY)
    if extra:
        graph.parse(data=extra, format="turtle")
    # owlready2 reads RDF/XML, not Turtle.
    path = tmp_path / "kg.owl"
    graph.serialize(path, format="xml")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs java")


@needs_java
def test_hermit_finds_the_ontology_consistent(tmp_path):
    _reason(tmp_path)


@needs_java
@pytest.mark.parametrize(
    "extra",
    [
        "<http://x/a> a kgo:Agency , kgo:Person .",
        "<http://x/c> kgo:handledBy <http://x/m> . <http://x/m> a kgo:Ministry .",
        "<http://x/d> a kgo:Court , kgo:Procuratorate .",
    ],
    ids=["agency-and-person", "handled-by-ministry", "two-agency-kinds"],
)
def test_hermit_really_reasons(tmp_path, extra):
    """The consistency test means something only if contradictions are caught."""
    import owlready2

    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _reason(tmp_path, "@prefix kgo: <https://w3id.org/antifraud-kg/ontology#> .\n" + extra)
