"""Extraction: the components that read one document, in the order they run.

Each component is a plain function over `Doc` that adds mentions, figures or facts.
The order matters: titles in 《》 and quoted names are claimed before the lexicons
look inside them; agencies come before the cases and persons that refer to them;
relations come last.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.agencies import find_agencies, mark_prefix_parents
from kg.extract.anaphors import find_anaphors
from kg.extract.campaigns import (
    find_anaphor_described_cases,
    find_bulletin_cases,
    find_campaigns,
    find_decided_cases,
    find_described_cases,
    find_titled_cases,
)
from kg.extract.doc import Doc
from kg.extract.figures import find_figures
from kg.extract.laws import find_laws
from kg.extract.names import find_crimes, find_locations
from kg.extract.persons import find_persons
from kg.extract.relations import find_relations

PIPELINE: list[Callable[[Doc], None]] = [
    find_laws,
    find_campaigns,
    find_agencies,
    find_described_cases,
    find_anaphors,  # before persons: 该局局长王某 holds a post in the bureau
    find_anaphor_described_cases,  # 该院办理的一起…案, once 该院 is read
    find_persons,
    find_crimes,
    find_titled_cases,
    find_locations,
    find_bulletin_cases,  # after the cases a text names itself, and the places
    find_decided_cases,  # a decision on suspects: the one case of a text that names none
    find_anaphors,
    find_figures,
    find_relations,
    mark_prefix_parents,  # last: whether a bureau is ever named but as its units' prefix
]


def extract(doc: Doc) -> Doc:
    """Run every component over `doc`, in order."""
    for step in PIPELINE:
        step(doc)
    doc.cache.clear()  # look-ups shared by the steps; not part of the result
    return doc
