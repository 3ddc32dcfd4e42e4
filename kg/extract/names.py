"""Crimes and locations: lexicon look-ups with the domain model's conventions."""

from __future__ import annotations

from kg import lexicon
from kg.extract.doc import Doc, Mention


def find_crimes(doc: Doc) -> None:
    """Add Crime mentions: charges named as …罪 or as a charge name + 犯罪."""
    for start, end, _surface, entries in lexicon.crimes().find(doc.norm):
        if not doc.occupied(start, end):
            doc.add(Mention("Crime", entries[0].name, start, end, {}, "lexicon"))


def find_locations(doc: Doc) -> None:
    """Add Location mentions; a province followed by one of its cities is one place."""
    matcher, by_name = lexicon.locations()
    hits = matcher.find(doc.norm)
    i = 0
    while i < len(hits):
        start, end, _surface, entries = hits[i]
        entry = entries[0]
        name = _full(entry, by_name)
        if i + 1 < len(hits):
            n_start, n_end, _s, n_entries = hits[i + 1]
            if n_start == end and n_entries[0].prop("parent") == entry.name:
                end, name, entry = n_end, _full(n_entries[0], by_name), n_entries[0]
                i += 1
        i += 1
        if doc.occupied(start, end):
            continue
        doc.add(Mention("Location", name, start, end, {"level": entry.prop("level")}, "gazetteer"))


def _full(entry: lexicon.Entry, by_name: dict) -> str:
    parent = entry.prop("parent")
    if entry.prop("level") == "city" and parent in by_name and by_name[parent].prop("level") == "province":
        return parent + entry.name
    return entry.name
