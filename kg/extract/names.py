"""Crimes and locations: lexicon look-ups with the domain model's conventions."""

from __future__ import annotations

import re

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.text import cjk_count

# A judicial case title names its charges before 案 (张某某等人诈骗、非法拘禁案).
_CASE_TITLE = re.compile(r"(?:等\d*[人名]?|某某?|集团)+([^,，。;；:：!?！？“”\"()（）\s]{2,40}?)案")
_LIST_WINDOW = 60


def find_crimes(doc: Doc) -> None:
    """Add Crime mentions: charges named as …罪 or as a charge name + 犯罪; the
    charges listed before one that shares its 罪 (涉嫌诈骗、非法拘禁罪); the charges
    of a judicial case title (张某某等人诈骗、非法拘禁案)."""
    hits = lexicon.crimes().find(doc.norm)
    for start, end, _surface, entries in hits:
        if not doc.occupied(start, end):
            doc.add(Mention("Crime", entries[0].name, start, end, {}, "lexicon"))
    for start, _end, surface, _entries in hits:
        if surface.endswith("罪") and doc.norm[start - 1:start] == "、":
            _add_listed(doc, start)
    for m in _CASE_TITLE.finditer(doc.norm):
        _add_listed(doc, m.end(1), closed=True)


def _add_listed(doc: Doc, end: int, closed: bool = False) -> None:
    """The charges of the 、-separated list ending at `end` (at the 、 before a named
    charge, or, `closed`, right before a title's 案), read from the right: each
    item that, with 罪 added, is a charge of the lexicon."""
    matcher = lexicon.crimes()
    window_start = max(0, end - _LIST_WINDOW)
    window = doc.norm[window_start:end]
    if not closed:
        window = window[:-1]  # the 、 before the named charge
    boundary = max(window.rfind(c) for c in ",，。;；:：!?！？“”\"()（） \n") + 1
    cuts = [i + 1 for i, ch in enumerate(window) if ch == "、" and i >= boundary]
    # The first item may follow a verb (涉嫌诈骗): any of its positions may start it.
    starts = list(range(boundary, cuts[0] if cuts else len(window))) + cuts
    stop = len(window)
    while stop > boundary:
        hit = next(((i, matcher.forms[w + "罪"][0].name) for i in starts if i < stop - 1 and (w := window[i:stop]) + "罪" in matcher.forms), None)
        if hit is None:
            return
        i, name = hit
        if not doc.occupied(window_start + i, window_start + stop):
            doc.add(Mention("Crime", name, window_start + i, window_start + stop, {}, "listed"))
        if i == boundary or window[i - 1] != "、":
            return
        stop = i - 1


def left_trim(text: str) -> int:
    """How many characters at the left of a name found by its right edge are words
    before it (图为, 协助, 由, 了…: cues.yaml `name_left_stop`)."""
    stop = lexicon.cues()["name_left_stop"]
    cut = 0
    for i in range(len(text)):
        if any(text[i - len(w) + 1:i + 1] == w for w in stop if i - len(w) + 1 >= cut):
            cut = i + 1
    return cut


# A dateline (中新网北京4月17日电, 本报南京5月3日讯) or a byline's place is no place of the story.
_DATELINE_AFTER = re.compile(r"\s*(?:\d{1,2}月\d{1,2}日|\d{1,2}日)\s*(?:电|讯|消息|报道)")
# A line that is mostly place names (the city lists of portal footers and SEO pages).
_PLACE_LIST_MIN = 5
_PLACE_LIST_SHARE = 0.6


def find_locations(doc: Doc) -> None:
    """Add Location mentions; a province followed by one of its cities is one place.
    Not places: the country the text is written in (cues.yaml `not_locations`),
    datelines, and lines that are lists of place names."""
    matcher, by_name = lexicon.locations()
    skip = set(lexicon.cues()["not_locations"])
    hits = [h for h in matcher.find(doc.norm) if h[3][0].name not in skip and not _DATELINE_AFTER.match(doc.norm, h[1])]
    hits = _drop_place_lists(doc, hits)
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


def _drop_place_lists(doc: Doc, hits: list) -> list:
    by_para: dict[int, list] = {}
    for hit in hits:
        by_para.setdefault(doc.paragraph_index(hit[0]), []).append(hit)
    kept = []
    for index, para_hits in by_para.items():
        para = doc.paragraphs[index] if doc.paragraphs else None
        if para is not None and len(para_hits) >= _PLACE_LIST_MIN:
            covered = sum(end - start for start, end, _s, _e in para_hits)
            if covered >= _PLACE_LIST_SHARE * max(1, cjk_count(doc.norm[para.start:para.end])):
                continue
        kept.extend(para_hits)
    return sorted(kept, key=lambda h: h[0])


def _full(entry: lexicon.Entry, by_name: dict) -> str:
    parent = entry.prop("parent")
    if entry.prop("level") == "city" and parent in by_name and by_name[parent].prop("level") == "province":
        return parent + entry.name
    return entry.name
