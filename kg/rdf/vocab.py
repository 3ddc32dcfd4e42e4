"""Namespaces and the mapping tables between kg.json names and RDF terms.

The one place where vocabulary IRIs are spelled. Importing this module imports
rdflib: import it inside functions, never at the top of a CLI module.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD  # noqa: F401 (the vocabularies, imported from here)

from kg.rdf.prefixes import PREFIXES

# Placeholder persistent IRIs in the w3id.org style; the instance base is configurable.
KGO = Namespace(PREFIXES["kgo"])
KGS = Namespace(PREFIXES["kgs"])
DEFAULT_BASE = "https://w3id.org/antifraud-kg/id/"
SCHEMA = Namespace(PREFIXES["schema"])
ORG = Namespace(PREFIXES["org"])


NODE_CLASS = {
    name: KGO[name]
    for name in ("Agency", "Campaign", "Case", "Figure", "Person", "Law", "Crime", "Location", "Document")
}

RELATION_PROPERTY = {
    "LEADS": KGO.leads,
    "YIELDS": KGO.yields,
    "HANDLED_BY": KGO.handledBy,
    "PARTICIPATES_IN": KGO.participatesIn,
    "COOPERATES_WITH": KGO.cooperatesWith,
    "PART_OF": KGO.partOf,
    "REPORTS": KGO.reports,
    "HOLDS_POSITION": KGO.holdsPosition,
    "ISSUED_BY": KGO.issuedBy,
    "SUPERVISES": KGO.supervises,
    "CHARGED_WITH": KGO.chargedWith,
    "ABOUT": KGO.about,
    "LOCATED_IN": KGO.locatedIn,
    "MENTIONED_IN": KGO.mentionedIn,
}

# An Agency's `kind` becomes a subclass, so shapes and queries can say "a court".
AGENCY_KIND_CLASS = {
    "public_security": KGO.PublicSecurity,
    "procuratorate": KGO.Procuratorate,
    "court": KGO.Court,
    "ministry": KGO.Ministry,
    "regulator": KGO.Regulator,
    "central_office": KGO.CentralOffice,
    "bank": KGO.Bank,
    "enterprise": KGO.Enterprise,
    "other": KGO.OtherAgency,
}

# Figure props -> (property, literal kind); kinds are decoded by kg.rdf.mapping.
FIGURE_PROPERTY = {
    "value": (KGO.value, "decimal"),
    "unit": (KGO.unit, "string"),
    "approx": (KGO.approx, "string"),
    "measure": (KGO.measure, "zh"),
    "period_start": (KGO.periodStart, "date"),
    "period_end": (KGO.periodEnd, "date"),
    "change": (KGO.change, "zh"),
    "raw": (KGO.raw, "zh"),
    "conflict": (KGO.conflictGroup, "string"),
}
AGENCY_PROPERTY = {"level": (KGO.level, "string")}
RELATION_PROPS = {"title": (KGO.positionTitle, "zh")}

# Document fields -> (property, literal kind); `id` becomes the IRI and dcterms:identifier.
DOCUMENT_PROPERTY = {
    "title": (SCHEMA.headline, "zh"),
    "date": (SCHEMA.datePublished, "date"),
    "url": (SCHEMA.url, "anyURI"),
    "author": (SCHEMA.author, "string"),
    "path": (KGO.sourcePath, "string"),
    "format": (KGO.sourceFormat, "string"),
    "encoding": (KGO.encoding, "string"),
    "chars": (KGO.charCount, "integer"),
    "sha1": (KGO.sha1, "string"),
}
