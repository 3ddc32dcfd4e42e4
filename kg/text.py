"""Character-level normalisation and sentence splitting, with offsets kept.

The extractor matches on a normalised copy of the text (Traditional → Simplified,
full-width → half-width) that has exactly the same length as the original, so every
offset found in the copy points at the same characters of the original, which is
what evidence quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"[。!?！？]+[”’\"'」』)）]*|\n+")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space to their half-width forms, 1:1."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_simplified(text: str) -> str:
    """Traditional to Simplified characters, keeping the length of the text."""
    if not _has_cjk(text):
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to one character at a time.
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


def normalize(text: str) -> str:
    """The matching form of a text: same length, Simplified, half-width."""
    return to_simplified(fold_width(text))


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def cjk_count(text: str) -> int:
    """How many CJK ideographs the text holds."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


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
