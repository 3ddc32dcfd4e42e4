"""Character-level normalisation and sentence splitting, with offsets kept.

The extractor matches on a normalised copy of the text (Traditional → Simplified,
full-width → half-width) that has exactly the same length as the original, so every
offset found in the copy points at the same characters of the original, which is
what evidence quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"[。!?！？]+[”’\"'」』)）]*|\n+")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# The small form variants (﹣ of 云剑﹣2022, ﹐, ﹔) to the characters they are small forms of, 1:1.
_WIDTH |= {code: ord(form) for code in range(0xFE50, 0xFE6C) if len(form := unicodedata.normalize("NFKC", chr(code))) == 1}
_WIDE_RUN = re.compile("[\uff01-\uff5e\u3000\ufe50-\ufe6b]+")


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space to their half-width forms, 1:1."""
    # Only the runs of full-width characters are translated: str.translate looks every
    # character of a non-ASCII text up in the table, three times slower on Chinese text.
    return _WIDE_RUN.sub(_fold_run, text)


def _fold_run(run: re.Match[str]) -> str:
    return run.group().translate(_WIDTH)


@lru_cache(maxsize=8)
def opencc_table(name: str) -> dict[str, list[str]]:
    """One of OpenCC's dictionary files (TSCharacters.txt, TWPhrases.txt…) as key → its targets,
    read once: what the converters and the tables built on them below look up."""
    from importlib import resources

    text = resources.files("opencc").joinpath("dictionary", name).read_text("utf-8")
    rows = (line.partition("\t") for line in text.splitlines())
    return {key: targets.split() for key, _, targets in rows if key and targets}


@lru_cache(maxsize=1)
def _t2s_triggers() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """What makes OpenCC's t2s change a text: the characters it maps to others, and
    the phrases it rewrites although they hold none of those characters."""
    chars = frozenset(key for key, targets in opencc_table("TSCharacters.txt").items() if targets[0] != key)
    phrases = [re.escape(key) for key, targets in opencc_table("TSPhrases.txt").items() if chars.isdisjoint(key) and targets[0] != key]
    return chars, re.compile("|".join(sorted(phrases, key=len, reverse=True))) if phrases else None


@lru_cache(maxsize=1)
def _t2s_bmp_chars() -> re.Pattern[str]:
    """The characters of _t2s_triggers in the Basic Multilingual Plane, as a character class.
    The regex engine tests a class of such characters against a bitmap, ten times faster
    than a set looks up each character of a text; a class holding characters beyond the
    plane is tested one range at a time, a hundred times slower."""
    chars, _ = _t2s_triggers()
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars) if c <= "\uffff") + "]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_trigger_char(text: str, astral: bool | None = None) -> bool:
    """Whether `text` holds a character t2s changes (not chars.isdisjoint(text), faster);
    `astral`: whether it holds characters beyond the Basic Multilingual Plane, if known."""
    if _ASTRAL.search(text) if astral is None else astral:
        return not _t2s_triggers()[0].isdisjoint(text)
    return _t2s_bmp_chars().search(text) is not None


@lru_cache(maxsize=1)
def _variants() -> tuple[dict[int, int], re.Pattern[str]]:
    """Simplified characters that are variants of others, to those (馀 to 余, 谘 to 咨, 讬 to 托:
    a page converted from Traditional by a tool may write 240馀名): a character OpenCC's
    Simplified-to-Traditional table writes as one Traditional character whose Simplified form,
    by its Traditional-to-Simplified table, is another. From OpenCC's tables, 1:1."""
    to_simplified_ = opencc_table("TSCharacters.txt")
    fold = {}
    for char, targets in opencc_table("STCharacters.txt").items():
        if len(targets) == 1 and targets[0] != char and targets[0] in to_simplified_:
            standard = to_simplified_[targets[0]][0]
            if standard != char and len(standard) == 1:
                fold[ord(char)] = ord(standard)
    # (The class holds the Basic Multilingual Plane's characters only, as _t2s_bmp_chars says why;
    # a text with characters beyond it is translated whole.)
    return fold, re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(fold) if c <= 0xFFFF) + "]")


def to_simplified(text: str) -> str:
    """Traditional to Simplified characters, keeping the length of the text, and the
    place names of the gazetteer written as they are (see `_kept_names`); Simplified
    variants to their standard characters (`_variants`)."""
    fold, variant = _variants()
    astral = _ASTRAL.search(text) is not None
    if astral or variant.search(text):
        text = text.translate(fold)
    _, phrases = _t2s_triggers()
    if not _has_trigger_char(text, astral) and not (phrases and phrases.search(text)):
        return text  # most texts are Simplified already: skip the slow converter
    converted = _t2s().convert(text)
    if len(converted) != len(text):
        # A phrase conversion changed the length: fall back to one character at a time.
        converted = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)
    kept = _kept_names()
    if kept is not None:
        for m in kept.finditer(text):
            converted = converted[:m.start()] + m.group() + converted[m.end():]
    return converted


@lru_cache(maxsize=1)
def _kept_names() -> re.Pattern[str] | None:
    """Names in kg/data/divisions.tsv that OpenCC's t2s would change although they are
    Simplified: 乾县 and 乾安县 would become 干县 and 干安县, since 乾 is also the
    Traditional form of 干 (乾燥). In a text they stay as written, as the gazetteer has them."""
    from kg.lexicon import tsv_rows  # kg.lexicon imports this module

    names = {name for row in tsv_rows("divisions.tsv") for field in ("name", "aliases", "former")
             for name in (row.get(field) or "").split("|") if name and _t2s().convert(name) != name}
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))) if names else None


def normalize(text: str) -> str:
    """The matching form of a text: same length, Simplified, half-width."""
    return to_simplified(fold_width(text))


# Control characters a terminal acts on (ESC sequences, BEL, backspace…) and the bidi
# controls that reorder what is shown; line breaks of the output itself stay.
_TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters from documents shown escaped (\\x1b),
    never run (table output of lookup, sparql, neo4j query, stats, path)."""
    return _TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CJK_RUN = re.compile("[\u4e00-\u9fff]+")


_WIDE = frozenset("WF")


@lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (W) and full-width (F) characters of
    unicodedata's East Asian Width table, CJK among them, take two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(unicodedata.east_asian_width(ch) in _WIDE for ch in text)


@lru_cache(maxsize=1 << 16)
def clip(text: str, limit: int) -> str:
    """`text` on one line and at most `limit` columns wide, an ellipsis where it was cut."""
    text = " ".join(text.split())
    if display_width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


MAX_CELL = 60  # columns of a table cell in terminal output; csv and json keep whole values


def render_table(headers: list[str], rows: list[list[str]], max_cell: int = MAX_CELL) -> str:
    """A plain-text table for a terminal: columns aligned for CJK text, cells on one line
    and clipped to `max_cell` columns, control characters escaped."""
    cells = [[clip(c.replace("\r", "\\r").replace("\n", "\\n"), max_cell) for c in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return terminal_safe("\n".join(out)) + "\n"


def finditer_led(full: re.Pattern[str], hint: re.Pattern[str], text: str, lead: int, pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of `full.finditer(text)`, for a pattern whose first characters the regex
    engine cannot scan for: optional words or lookbehinds before its core (日前|近日)?办理…).
    Python's engine skips ahead to the possible first characters of a pattern only when it
    begins with a literal, a class or alternatives of literals; otherwise it tries the whole
    pattern at every position of the text. Here `hint`, a pattern of such literals, finds
    every place where the core of `full` may begin, and `full` is matched from at most `lead`
    characters before it: the same matches, when no match of `full` has more than `lead`
    characters before its core. From `pos` on, as `full.finditer(text, pos)`."""
    end = pos
    found = hint.search(text, pos)
    while found is not None:
        at = found.start()
        match = None
        for start in range(max(end, at - lead), at + 1):
            match = full.match(text, start)
            if match is not None:
                break
        if match is None:
            found = hint.search(text, at + 1)
            continue
        yield match
        end = match.end() if match.end() > match.start() else match.end() + 1
        found = hint.search(text, end)


def cjk_count(text: str) -> int:
    """How many CJK ideographs the text holds."""
    return sum(map(len, _CJK_RUN.findall(text)))


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) of a document's cleaned text."""

    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Sentences as spans: ended by 。！？ (with closing quotes) or a line break.

    Leading and trailing white space is left out of each span; empty ones are dropped.
    """
    spans: list[Span] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        _append_trimmed(text, pos, end, spans)
        pos = match.end()
    _append_trimmed(text, pos, len(text), spans)
    return spans


def split_paragraphs(text: str) -> list[Span]:
    """Paragraphs (lines of the cleaned text) as spans."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        _append_trimmed(text, pos, pos + len(line), spans)
        pos += len(line) + 1
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
