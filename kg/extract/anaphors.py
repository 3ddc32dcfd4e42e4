"""Anaphors: 该局, 此案, 此次行动 stand for the node named last before them.

Each becomes a mention of that node (role `anaphor`, never an alias), so the
relations step reads 该局破获… as the bureau acting. The antecedent is the latest
mention of the right type before the anaphor in its paragraph, else in the document.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.agencies import add_unit
from kg.extract.campaigns import listed_with_others
from kg.extract.doc import Doc, Mention
from kg.extract.local import anti_fraud_centre


@lru_cache(maxsize=1)
def _forms() -> tuple[re.Pattern[str], dict[str, tuple[str, str, tuple[str, ...]]]]:
    """A pattern of the anaphors, longest first, and (anaphor, node type, name endings its
    antecedent must have, or for a campaign the endings of its kind) by anaphor."""
    cues = lexicon.cues()["anaphors"]
    forms = [(word, "Agency", tuple(endings.split("|"))) for word, endings in cues["Agency"].items()]
    forms += [(word, "Agency", tuple(endings.split("|"))) for word, endings in cues["bare"].items()]
    forms += [(word, "Case", ()) for word in cues["Case"]]
    forms += [(word, "Campaign", tuple(kinds.split("|"))) for word, kinds in cues["Campaign"].items()]
    forms.sort(key=lambda f: -len(f[0]))
    return re.compile("|".join(re.escape(f[0]) for f in forms)), {f[0]: f for f in forms}


def find_anaphors(doc: Doc) -> None:
    """Add a mention of its antecedent for every anaphor that has one."""
    pattern, by_word = _forms()
    bare = lexicon.cues()["anaphors"]["bare"]
    named = sorted((m for m in doc.mentions if m.type in ("Agency", "Case", "Campaign") and m.role != "anaphor"), key=lambda m: m.start)
    _short_units(doc, named)
    _groups(doc, named)
    for hit in pattern.finditer(doc.norm):
        if doc.occupied(hit.start(), hit.end()):
            continue
        word, kind, endings = by_word[hit.group()]
        if word in bare and not _heads_clause(doc, hit.start(), hit.end()):
            continue
        if word == "专案组" and not any(m.type == "Case" and m.end <= hit.start() for m in named):
            kind, endings = "Agency", ("局", "分局")
        antecedent = _antecedent(doc, named, hit.start(), kind, endings if kind == "Agency" else (), pointing=word.startswith("该"))
        if word == "专案组" and kind == "Case":
            # X案专案组…，专案组攻坚“12·11”专案…专案组捣毁: the task force is the one of the case
            # the text named with its 专案组, not any case named since.
            forces = [m for m in named if m.type == "Case" and m.end <= hit.start() and doc.norm.startswith("专案组", m.end)]
            antecedent = forces[-1] if forces else antecedent
        if kind == "Campaign" and antecedent is not None and not doc.cache.get("campaign_kinds", {}).get(antecedent.name, endings[0]).endswith(endings):
            antecedent = None  # 行动期间 right after a 宣传月: no drive of its kind to stand for
        if kind == "Campaign" and antecedent is not None and listed_with_others(doc, antecedent):
            antecedent = None  # 开展了A、B、C行动，行动中…: the drives together, no one of them
        if antecedent is not None:
            props = {k: v for k, v in antecedent.props.items() if k != "aliases"}
            added = doc.add(Mention(kind, antecedent.name, hit.start(), hit.end(), props, "anaphor"))
            if kind == "Agency" and added.start == hit.start():
                add_unit(doc, added)  # 县局刑警大队


@lru_cache(maxsize=1)
def _short_re() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    cues = lexicon.cues()["anaphors"]
    places, units = cues["whole_place"], cues["short_units"]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    return re.compile(f"({alt(places)})({alt(units)})"), places, units


def _short_units(doc: Doc, named: list[Mention]) -> None:
    """全省反诈中心 where the text names the province's centre in full (云南省反电信网络诈骗中心),
    before or after it: a mention of that centre. With none named, or more than one, nothing."""
    pattern, places, units = _short_re()
    for hit in pattern.finditer(doc.norm):
        if doc.occupied(hit.start(), hit.end()):
            continue
        level, ending = places[hit.group(1)], units[hit.group(2)]
        full = {m.name for m in named if m.type == "Agency" and anti_fraud_centre(m.name, ending) and level in m.name[:m.name.find("反")]}
        if len(full) == 1:
            props = next(m.props for m in named if m.name in full)
            doc.add(Mention("Agency", full.pop(), hit.start(), hit.end(), {k: v for k, v in props.items() if k != "aliases"}, "anaphor"))


def _groups(doc: Doc, named: list[Mention]) -> None:
    """公安部工作组…。赴柬工作组再次…: a working group written without its body (cues.yaml
    body_groups) is the group of the body last written right before the same word."""
    words = lexicon.cues()["body_groups"]
    if not any(w in doc.norm for w in words):
        return
    ends = {m.end: m for m in named if m.type == "Agency"}
    sent: dict[str, Mention] = {}  # group word -> the body last written with it
    for hit in lexicon.cue_re("body_groups").finditer(doc.norm):
        body = ends.get(hit.start())
        if body is not None:
            sent[hit.group()] = body
            continue
        if doc.occupied(hit.start(), hit.end()) or hit.group() not in sent:
            continue
        props = {k: v for k, v in sent[hit.group()].props.items() if k != "aliases"}
        doc.add(Mention("Agency", sent[hit.group()].name, hit.start(), hit.end(), props, "anaphor"))


_CLAUSE_HEAD = re.compile(r"(?:^|[,，。;；:：!！?？\n]\s*)$")


def _heads_clause(doc: Doc, start: int, end: int) -> bool:
    """中心 opening a clause and followed by what it did (近一年来，中心共接受…)."""
    return bool(_CLAUSE_HEAD.search(doc.norm[max(0, start - 3):start])) and lexicon.cue_re("bare_unit_next").match(doc.norm, end) is not None


def _antecedent(doc: Doc, named: list[Mention], pos: int, kind: str, endings: tuple[str, ...], pointing: bool = False) -> Mention | None:
    """The latest mention of `kind` (its name ending with one of `endings`) before `pos`, in its
    paragraph if any; a local body before a national one; for a word pointing back (该局, 该院), a
    body that acts in the paragraph before one of a list of bodies."""
    para_start = doc.paragraphs[doc.paragraph_index(pos)].start if doc.paragraphs else 0
    candidates = [m for m in named if m.type == kind and m.end <= pos and (not endings or m.name.endswith(endings))
                  and not _opens_quoted_name(doc, m)]
    if kind == "Agency":
        # A local body is what 该局 / 县局 point back to, not the national one named in passing.
        local = [m for m in candidates if m.props.get("level") != "national"]
        candidates = local or candidates
    in_para = [m for m in candidates if m.start >= para_start]
    if kind == "Agency" and pointing:
        # 临澧县人民检察院召开座谈会，县公安局、县人民法院…参加。…该院共起诉: the body that acts in
        # the paragraph, not one of a list of bodies attending.
        in_para = [m for m in in_para if not _listed(doc, m)] or in_para
    pool = in_para or candidates
    return pool[-1] if pool else None


def _listed(doc: Doc, m: Mention) -> bool:
    """Whether the body stands in a list of bodies joined by 、 (its units written after it
    count as its name: 县人民法院刑事审判庭、县农商银行)."""
    end = max((u.end for u in doc.mentions_in(m.end, m.end + 12, "Agency") if u.start == m.end), default=m.end)
    return doc.norm[m.start - 1:m.start] == "、" or doc.norm[end:end + 1] == "、"


def _opens_quoted_name(doc: Doc, m: Mention) -> bool:
    """入选“广东省检察机关打击涉疫情犯罪第二批典型案例”: a body opening a quoted name that goes on
    after it (a list's, a title's) is named in passing; 该院 does not point back to it."""
    return doc.norm[max(0, m.start - 1):m.start] in ("“", "\"", "「") and doc.norm[m.end:m.end + 1] not in ("”", "\"", "」", "")
