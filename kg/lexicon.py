"""The lexicons under kg/data, loaded once, and a fast longest-match finder over them.

Every surface form is folded (full-width → half-width, Traditional → Simplified)
the same way as the text it is matched against.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from kg.text import normalize, opencc_table


def _data(name: str) -> str:
    return resources.files("kg").joinpath(f"data/{name}").read_text("utf-8")


@cache
def tsv_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a TSV file of kg/data (comments and blank lines left out), read once."""
    lines = [line for line in _data(name).splitlines() if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


_UNIT_SUFFIX = re.compile(r"(局|司|厅|庭|处|室|中心|工作委员会)$")


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: canonical name, its type, and properties (kind, level, parent...)."""

    type: str
    name: str
    props: tuple[tuple[str, Any], ...] = ()

    def prop(self, key: str, default: Any = None) -> Any:
        for k, value in reversed(self.props):  # the last one given, as dict(self.props) keeps
            if k == key:
                return value
        return default


@dataclass
class Matcher:
    """Longest non-overlapping matches of many surface forms (Aho-Corasick)."""

    forms: dict[str, list[Entry]] = field(default_factory=dict)
    _automaton: Any = None
    _regions: re.Pattern[str] | None = None

    def add(self, surface: str, entry: Entry) -> None:
        surface = normalize(surface.strip())
        if surface:
            bucket = self.forms.setdefault(surface, [])
            if entry not in bucket:
                bucket.append(entry)

    def _build(self) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for surface in self.forms:
            automaton.add_word(surface, surface)
        if self.forms:
            automaton.make_automaton()
        firsts = {s[0] for s in self.forms}
        if len(firsts) >= _MANY_FIRSTS and min(map(len, self.forms)) >= 2:
            inner = {ch for s in self.forms for ch in s[1:]}
            self._regions = re.compile(f"[{_char_class(firsts | inner)}][{_char_class(inner)}]+")
        return automaton

    def find(self, text: str) -> list[tuple[int, int, str, list[Entry]]]:
        """(start, end, surface, entries) of the longest, leftmost non-overlapping matches."""
        if not self.forms:
            return []
        if self._automaton is None:
            self._automaton = self._build()
        if self._regions is not None:
            return self._find_in_regions(text)
        # iter_long: the longest match at the leftmost position, then on after it.
        return [(end + 1 - len(surface), end + 1, surface, self.forms[surface]) for end, surface in self._automaton.iter_long(text)]

    def _find_in_regions(self, text: str) -> list[tuple[int, int, str, list[Entry]]]:
        """What `iter_long` finds in `text`, found in the only stretches of it where a form can
        be: the runs of two characters or more that a form may start with and that go on with
        characters that occur inside forms. pyahocorasick looks a character up among a node's
        children one by one, and the root of a large lexicon (the gazetteer: 952 first
        characters) has so many that a whole-text scan costs ~0.35 µs a character.

        The same matches, because iter_long's walk starts afresh at a character that occurs
        inside no form (no node but the root has a child for it, so every partial match ends
        there, as at the end of the text), and a character in no form at all is passed over
        from the root: the text is the concatenation of these runs as far as iter_long is
        concerned. A run of two characters holds a match only when it is a form; one of three,
        only when it or one of its two pairs is."""
        forms, walk = self.forms, self._automaton.iter_long
        hits = []
        for region in self._regions.finditer(text):
            run = region.group()
            if len(run) == 2:
                if run in forms:
                    start = region.start()
                    hits.append((start, start + 2, run, forms[run]))
                continue
            if len(run) == 3 and run not in forms and run[:2] not in forms and run[1:] not in forms:
                continue
            offset = region.start() + 1
            hits += [(offset + end - len(surface), offset + end, surface, forms[surface]) for end, surface in walk(run)]
        return hits


# A lexicon with this many first characters is searched run by run (Matcher._find_in_regions);
# a smaller one is faster searched in one pass.
_MANY_FIRSTS = 256


def _char_class(chars: set[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """kg/data/cues.yaml, with every word folded like the text."""
    import yaml

    def fold(value: Any) -> Any:
        if isinstance(value, str):
            return normalize(value)
        if isinstance(value, list):
            return [fold(v) for v in value]
        if isinstance(value, dict):
            return {fold(k): fold(v) for k, v in value.items()}
        return value

    return fold(yaml.safe_load(_data("cues.yaml")))


@lru_cache(maxsize=1)
def agencies() -> tuple[Matcher, dict[str, Entry]]:
    """National bodies: a matcher over names, aliases and collectives; entries by name."""
    import yaml

    matcher = Matcher()
    by_name: dict[str, Entry] = {}
    for item in yaml.safe_load(_data("agencies.yaml")):
        props = (("kind", item.get("kind", "other")), ("level", item.get("level", "national")))
        if item.get("parent"):
            props += (("parent", normalize(item["parent"])),)  # a parent with no entry of its own
        entry = Entry("Agency", normalize(item["name"]), props)
        by_name[entry.name] = entry
        matcher.add(item["name"], entry)
        for alias in item.get("aliases") or []:
            matcher.add(alias, entry)
        for collective in item.get("collectives") or []:
            matcher.add(collective, entry)
    # A unit listed in its own right (公安部刑事侦查局) is PART_OF the longest entry
    # its name starts with.
    exempt = set(cues()["part_of_exempt_parents"])
    for name, entry in list(by_name.items()):
        parents = [
            p for p in by_name
            if p != name and name.startswith(p) and p not in exempt and _UNIT_SUFFIX.search(name[len(p):])
        ]
        if parents and not entry.prop("parent"):
            by_name[name] = Entry("Agency", name, (*entry.props, ("parent", max(parents, key=len))))
    for bucket in matcher.forms.values():
        bucket[:] = [by_name[e.name] for e in bucket]
    return matcher, by_name


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


@lru_cache(maxsize=1)
def collective_forms() -> frozenset[str]:
    """The collective subjects of agencies.yaml (检察机关, 全国公安机关…), folded."""
    import yaml

    return frozenset(normalize(c) for item in yaml.safe_load(_data("agencies.yaml")) for c in item.get("collectives") or [])


@lru_cache(maxsize=1)
def locations() -> tuple[Matcher, dict[str, Entry]]:
    """The gazetteer: every province-, prefecture- and county-level division of China
    (kg/data/divisions.tsv, generated from the Ministry of Civil Affairs' codes by
    scripts/make-gazetteer) with its short and former names, and the countries and
    regions of kg/data/places_extra.tsv. An entry's name is the full name with its
    parents (四川省南充市, 河南省南阳市镇平县); entries by that name."""
    matcher = Matcher()
    by_name: dict[str, Entry] = {}
    common = set(cues()["not_place_forms"])
    for row, entry in _division_entries():
        by_name[entry.name] = entry
        # A county's short form (金安, 政和, 城关) is too often a common word to stand
        # alone: counties are matched by their full and former names only.
        # (An autonomous county's short form with its kind, 石柱县 for 石柱土家族自治县, is not.)
        short = (row.get("aliases") or "").split("|") if row["level"] != "county" else _kind_forms(row)
        for form in [row["name"], *short, *(row.get("former") or "").split("|")]:
            if len(form.strip()) >= 2 and normalize(form.strip()) not in common:
                matcher.add(form, entry)
    # 兵团第六师五家渠市: a Corps city written with its division is the city.
    for form, city in corps_city_forms().items():
        matcher.add(form, by_name[city])
    for row in tsv_rows("places_extra.tsv"):
        name = normalize(row["name"])
        entry = Entry("Location", name, (("level", row["level"]), ("parent", normalize(row.get("parent") or "")), ("short", name)))
        by_name[name] = entry
        matcher.add(name, entry)
        forms = [row["name"], *(a.strip() for a in (row.get("aliases") or "").split("|") if len(a.strip()) >= 2)]
        for alias in [*forms[1:], *(tw for form in forms for tw in taiwan_forms(form))]:
            matcher.add(alias, entry)
    for bucket in matcher.forms.values():
        bucket.sort(key=lambda e: (_LEVEL_RANK.get(e.prop("level"), 3), e.name))
    return matcher, by_name


@lru_cache(maxsize=1)
def corps_city_forms() -> dict[str, str]:
    """The forms the press writes a Corps city by, with its division (kg/data/xpcc.tsv) after the
    Corps' own forms (kg/data/bodies.yaml corps) or none: 兵团第六师五家渠市, 第六师五家渠市,
    六师五家渠市 → the city's gazetteer name (新疆维吾尔自治区五家渠市)."""
    import yaml

    heads = ["", *map(normalize, yaml.safe_load(_data("bodies.yaml"))["corps"]["forms"])]
    forms = {}
    for row in tsv_rows("xpcc.tsv"):
        city = "新疆维吾尔自治区" + normalize(row["city"])
        for head in heads:
            for division in (row["division"], row["division"].removeprefix("第")):
                forms[normalize(f"{head}{division}{row['city']}")] = city
    return forms


def taiwan_forms(name: str) -> list[str]:
    """The names Taiwan's usage gives a place abroad (肯亚 for 肯尼亚, 寮国 for 老挝, 纽西兰 for
    新西兰), from OpenCC's table of Taiwan phrases (TWPhrases), written in Simplified characters.
    A form that only cuts the name short (哈萨克 of 哈萨克斯坦, also a people's name) is left out."""
    traditional = _s2t().convert(name)
    found = []
    for key, targets in opencc_table("TWPhrases.txt").items():
        if key in traditional:
            for target in targets:
                form = normalize(traditional.replace(key, target))
                if form != name and not name.startswith(form) and form not in found:
                    found.append(form)
    return found


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


@lru_cache(maxsize=1)
def _division_entries() -> list[tuple[dict[str, str], Entry]]:
    """Each row of kg/data/divisions.tsv with its Entry, named with its parents."""
    rows = tsv_rows("divisions.tsv")
    by_code = {row["code"]: row for row in rows}

    @cache
    def full(code: str) -> str:
        row = by_code[code]
        parent = row.get("parent") or ""
        return (full(parent) if parent in by_code else "") + normalize(row["name"])

    return [
        (row, Entry("Location", full(row["code"]), (
            ("level", row["level"]),
            ("parent", full(row["parent"]) if row.get("parent") in by_code else ""),
            ("short", normalize(row["name"])),
        )))
        for row in rows
    ]


@lru_cache(maxsize=1)
def withheld_city_forms() -> dict[str, Entry]:
    """Short forms of prefecture-level divisions that the gazetteer withholds because they are
    common words (白银 silver, 安康 well-being, 中山, 开封): the name less its 市/地区/盟, where no
    entry has that form. Safe only where places surround them (kg.extract.names.place_hits)."""
    matcher, _ = locations()
    forms: dict[str, Entry] = {}
    for row, entry in _division_entries():
        if row["level"] != "city":
            continue
        for suffix in ("市", "地区", "盟"):
            short = normalize(row["name"])[: -len(suffix)]
            if row["name"].endswith(suffix) and len(short) >= 2 and short not in matcher.forms:
                forms[short] = entry
    return forms


@lru_cache(maxsize=1)
def withheld_city_re() -> re.Pattern[str] | None:
    forms = withheld_city_forms()
    return re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True)))) if forms else None


@lru_cache(maxsize=1)
def county_short_forms() -> Matcher:
    """Short forms of counties and districts (惠山 for 惠山区, 景泰 for 景泰县): safe only
    right before a body's name (惠山法院, 景泰公安机关), which is where they are used."""
    matcher = Matcher()
    for row, entry in _division_entries():
        if row["level"] == "county":
            for alias in (row.get("aliases") or "").split("|"):
                if len(alias.strip()) >= 2:
                    matcher.add(alias, entry)
    return matcher


@cache
def alternation(key: str) -> str:
    """A regex alternation of the words of cue list `key`, longest first (so that 副局长
    wins over 局长), escaped."""
    return "|".join(sorted(map(re.escape, cues()[key]), key=len, reverse=True))


@cache
def cue_re(key: str) -> re.Pattern[str]:
    """`alternation(key)` compiled, once per cue list for every user."""
    return re.compile(alternation(key))


@lru_cache(maxsize=1)
def divisions_by_short() -> dict[str, list[Entry]]:
    """Divisions by their own name (镇平县) and by that name less its last character (镇平),
    autonomous counties also by their short form with its kind (石柱县, 石柱): the index that
    resolves admin units written inside a place."""
    _, by_name = locations()
    index: dict[str, list[Entry]] = {}
    for entry in by_name.values():
        short = entry.prop("short")
        if entry.prop("level") in ("province", "city", "county") and short:
            index.setdefault(short, []).append(entry)
            index.setdefault(short[:-1], []).append(entry)
    for name, forms in kind_forms().items():
        for form in forms:
            index.setdefault(form, []).append(by_name[name])
            index.setdefault(form[:-1], []).append(by_name[name])
    return index


@lru_cache(maxsize=1)
def kind_forms() -> dict[str, tuple[str, ...]]:
    """County-level divisions by full name → their short forms that end in their kind (石柱县 for
    石柱土家族自治县, 鄂伦春旗): the forms that name them alone, where their bare short form does not."""
    return {entry.name: forms for row, entry in _division_entries() if (forms := _kind_forms(row))}


def _kind_forms(row: dict[str, str]) -> tuple[str, ...]:
    if row["level"] != "county":
        return ()
    return tuple(normalize(a) for a in (row.get("aliases") or "").split("|") if len(a) >= 3 and a.endswith(("县", "旗")))


def pick_place(entries: list[Entry], context: Iterable[str]) -> Entry:
    """The division a shared name means (朝阳区 of 北京 or of 长春): the one inside a
    place the text names elsewhere, tried in the order given (kg.extract.names.place_hits
    gives the places named nearest before it first: 铁西分局 after 鞍山市公安局 is 鞍山's in a
    text naming 沈阳 too), else the highest level, else the first by name."""
    return (places_inside(entries, context) or entries)[0]


def places_inside(entries: list[Entry], context: Iterable[str]) -> list[Entry]:
    """The entries inside the places of `context`, in its order (see pick_place)."""
    return [entry for place in context for entry in entries if entry.name.startswith(place) and entry.name != place]


def _tsv_matcher(file: str, node_type: str) -> Matcher:
    """A matcher over the names and `|`-separated aliases of a name/aliases TSV."""
    matcher = Matcher()
    for row in tsv_rows(file):
        entry = Entry(node_type, normalize(row["name"]))
        matcher.add(row["name"], entry)
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip():
                matcher.add(alias, entry)
    return matcher


@lru_cache(maxsize=1)
def crimes() -> Matcher:
    """Criminal charges: official names, press aliases, and `X犯罪` for each `X罪`."""
    stop = set(cues().get("crime_phenomena", []))
    matcher = _tsv_matcher("crimes.tsv", "Crime")
    for form, entries in list(matcher.forms.items()):
        stem = form[:-1] if form.endswith("罪") else ""
        if stem and stem not in stop:
            matcher.add(stem + "犯罪", entries[0])  # 帮信犯罪 from the alias 帮信罪 too
    return matcher


@lru_cache(maxsize=1)
def laws() -> Matcher:
    """Statutes cited without 《》."""
    return _tsv_matcher("laws.tsv", "Law")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Family names, single and compound."""
    words = [w for line in _data("surnames.txt").splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(normalize(w) for w in words)
