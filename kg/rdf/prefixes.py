"""The namespaces data is written and printed with, as plain strings.

kg.rdf.vocab builds rdflib Namespaces from these; this module imports nothing, so that
`kg sparql` can print compact IRIs without importing rdflib (a third of a second).
"""

from __future__ import annotations

PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "sh": "http://www.w3.org/ns/shacl#",
    "kgo": "https://w3id.org/antifraud-kg/ontology#",
    "kgs": "https://w3id.org/antifraud-kg/shapes#",
}

# The prefix under which instance IRIs (ids) are written.
ID_PREFIX = "id"
# The vocabularies that data (not the ontology or the shapes) uses.
DATA_PREFIXES = ("rdf", "xsd", "skos", "dcterms", "schema", "org", "kgo")


def prefixes_for(base: str) -> dict[str, str]:
    """The prefixes data is written with: its vocabularies plus `id:` for the instance base."""
    return {ID_PREFIX: base, **{p: PREFIXES[p] for p in DATA_PREFIXES}}
