"""The per-document object that flows through the extraction components.

`Doc` holds the cleaned text, its same-length normalised copy, sentences and
paragraphs; each component adds `Mention`s, `FigureMention`s or `Fact`s to it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg import lexicon
from kg.text import Span, cjk_count, normalize, split_paragraphs, split_sentences

_LEAD_PARAGRAPHS = 2
_LEAD_MIN_CJK = 30


@dataclass
class Mention:
    """A node named in the text: type, canonical name, span, and properties."""

    type: str
    name: str
    start: int
    end: int
    props: dict[str, Any] = field(default_factory=dict)
    role: str = ""  # how it was found: lexicon, collective, pattern, unit, ...

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.name)


@dataclass
class FigureMention:
    """A reported statistic found in the text."""

    start: int
    end: int
    value: float | int
    unit: str
    approx: str
    raw: str
    measure: str = ""
    label: str = ""  # a readable name: the phrase around the number
    period_start: str | None = None
    period_end: str | None = None
    change: str | None = None
    list_group: int = -1  # figures joined by 、/和 share a group
    of_change: bool = False  # the value is itself a change (立案数同比下降12.8%)

    @property
    def key(self) -> tuple[str, str]:
        return ("Figure", f"{self.start}")


@dataclass
class Fact:
    """A relation read from one sentence: ends are (type, name) keys of this document."""

    type: str
    source: tuple[str, str]
    target: tuple[str, str]
    sentence: Span
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Doc:
    """One document on its way through the pipeline."""

    id: str
    text: str
    date: str | None = None
    title: str = ""
    norm: str = ""
    sentences: list[Span] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    figures: list[FigureMention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # short form -> full name, per document
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # look-ups shared by components
    notes: list[str] = field(default_factory=list)  # what the reader should know: text read only in part
    _starts: list[int] = field(default_factory=list, repr=False)
    _para_starts: list[int] = field(default_factory=list, repr=False)
    _index: list[tuple[int, int]] = field(default_factory=list, repr=False)  # (start, position in mentions), sorted
    _by_start: list[Mention] = field(default_factory=list, repr=False)  # the mentions in the order of _index
    _order: dict[int, int] = field(default_factory=dict, repr=False)  # id(mention) -> position in mentions
    _reach: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        self.norm = normalize(self.text)
        self.sentences = split_sentences(self.text)
        self.paragraphs = split_paragraphs(self.text)
        self._starts = [s.start for s in self.sentences]
        self._para_starts = [p.start for p in self.paragraphs]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence holding character `pos` (the one before, between sentences)."""
        return max(bisect.bisect_right(self._starts, pos) - 1, 0)

    def sentence_at(self, pos: int) -> Span:
        """The sentence holding character `pos`."""
        return self.sentences[self.sentence_index(pos)]

    def lead(self) -> list[Span]:
        """What a text says first: its title and its first two article paragraphs (lines
        of 30 CJK characters or more; shorter ones are page furniture or headings)."""
        if "lead" not in self.cache:
            article: list[Span] = []
            for p in self.paragraphs[1:]:
                if len(article) == _LEAD_PARAGRAPHS:
                    break
                if self.is_article(p):
                    article.append(p)
            self.cache["lead"] = self.paragraphs[:1] + article
        return self.cache["lead"]

    def article_after(self, pos: int) -> list[Span]:
        """The article paragraphs (lines of 30 CJK characters or more) that start after `pos`."""
        return [p for p in self.paragraphs if p.start > pos and self.is_article(p)]

    def is_article(self, para: Span) -> bool:
        """An article paragraph: a line of 30 CJK characters or more (shorter ones are page
        furniture or headings)."""
        return cjk_count(self.norm[para.start:para.end]) >= _LEAD_MIN_CJK

    def clause_start(self, pos: int) -> int:
        """Just after the last clause break (,，;；。:：) before `pos`."""
        breaks = self.clause_breaks()
        i = bisect.bisect_left(breaks, pos) - 1
        # No clause runs longer than the window: it bounds the work on lines with no punctuation.
        return max(breaks[i] + 1 if i >= 0 else 0, pos - CLAUSE_WINDOW)

    def clause_end(self, pos: int) -> int:
        """The next clause break (,，;；。:：) at or after `pos`, within the window."""
        breaks = self.clause_breaks()
        i = bisect.bisect_left(breaks, pos)
        return min(breaks[i] if i < len(breaks) else len(self.norm), pos + CLAUSE_WINDOW)

    def clause_breaks(self) -> list[int]:
        """Where the clause breaks (,，;；。:：) of the text stand, in order."""
        if "clause_breaks" not in self.cache:
            self.cache["clause_breaks"] = [m.start() for m in _CLAUSE_BREAK.finditer(self.norm)]
        return self.cache["clause_breaks"]

    def paragraph_index(self, pos: int) -> int:
        """Index of the paragraph holding character `pos`."""
        return max(bisect.bisect_right(self._para_starts, pos) - 1, 0)

    def add(self, mention: Mention, nest: bool = False) -> Mention:
        """Add a mention unless an overlapping one is already there (the first added).

        With `nest`, mentions lying wholly inside the new one are allowed (a case
        name holding the body that handled it).
        """
        start, end = mention.start, mention.end
        first, first_order = None, -1
        for other in self._near(start, end):
            if start < other.end and other.start < end:
                inside = start <= other.start and other.end <= end and (start, end) != (other.start, other.end)
                if not (nest and inside):
                    order = self._order[id(other)]
                    if first is None or order < first_order:
                        first, first_order = other, order
        if first is not None:
            return first
        self.mentions.append(mention)
        return mention

    def mentions_in(self, start: int, end: int, *types: str) -> list[Mention]:
        """Mentions inside [start, end), of the given types (all when none), in text order."""
        # _near gives them sorted by (start, position in mentions) already.
        if types:
            return [m for m in self._near(start, end) if m.start >= start and m.end <= end and m.type in types]
        return [m for m in self._near(start, end) if m.start >= start and m.end <= end]

    def occupied(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a mention already found."""
        return any(start < m.end and m.start < end for m in self._near(start, end))

    def move_start(self, mention: Mention, start: int) -> None:
        """Let a mention begin elsewhere (a case name taking in the body before it)."""
        self._sync()
        order = self._order[id(mention)]
        at = bisect.bisect_left(self._index, (mention.start, order))
        del self._index[at]
        del self._by_start[at]
        mention.start = start
        at = bisect.bisect_right(self._index, (start, order))
        self._index.insert(at, (start, order))
        self._by_start.insert(at, mention)
        self._reach = max(self._reach, mention.end - start)

    def _near(self, start: int, end: int) -> list[Mention]:
        """The mentions that may overlap [start, end): those beginning before `end`, no
        further before `start` than the longest mention is long, sorted by start (then by
        position in `mentions`). Mentions are kept in a list sorted by start, so that a
        text with thousands of them stays linear."""
        if len(self._index) != len(self.mentions):
            self._sync()
        index = self._index
        lo = bisect.bisect_left(index, (start - self._reach, -1))
        hi = bisect.bisect_left(index, (end, -1), lo)
        return self._by_start[lo:hi]

    def _sync(self) -> None:
        # Mentions are only ever appended (some steps append to the list directly).
        for i in range(len(self._index), len(self.mentions)):
            m = self.mentions[i]
            self._order[id(m)] = i
            at = bisect.bisect_right(self._index, (m.start, i))
            self._index.insert(at, (m.start, i))
            self._by_start.insert(at, m)
            self._reach = max(self._reach, m.end - m.start)


CLAUSE_WINDOW = 300  # characters: no clause runs longer (bounds the work on lines with no punctuation)
_CLAUSE_BREAK = re.compile(r"[,，;；。:：]")


@lru_cache(maxsize=1)
def clause_opening() -> re.Pattern[str]:
    """What may stand between a clause break and the clause's subject: a connective (同时, 其中)
    and a time (今年, 上半年, 2017年, 1至8月份), nothing else (cues.yaml clause_connectives,
    clause_times)."""
    times = rf"(?:\d{{4}}年|{lexicon.alternation('clause_times')})?(?:\d{{1,2}}(?:[至到-]\d{{1,2}})?月份?)?"
    # (2024年，全市共…; 今年以来，全省…: a time set off by its comma)
    return re.compile(rf"\s*(?:(?:{lexicon.alternation('clause_connectives')})[,，]?)?(?:{times}(?:以来)?[,，]\s*)?{times}\s*")
