"""Helpers for the regular expressions that are searched through whole texts."""

from __future__ import annotations

import re
from collections.abc import Iterable


def first_of(words: Iterable[str], more: str = "") -> str:
    """A look-ahead on the first characters of `words`: `(?=[…])`. Put at the head of a
    pattern that can only begin with one of the words, it changes nothing the pattern
    matches, but lets the regex engine pass over the positions where none of them begins
    at the cost of one character test, instead of trying each branch (or look-behind) of
    the pattern there: several times faster on long texts. `more`: other members of the
    class, as written in a character class (\\d)."""
    chars = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in chars) + more + "])"


def lead(pattern: str) -> str:
    """`pattern` with a look-ahead on its first character when it opens with zero-width
    assertions (a look-behind, ^) before a character or a class of characters, alone or
    opening a group that must match at least once ((?<=x)(?:[ab]c)+): the regex engine finds
    the first characters of a pattern that opens with them itself, but not past an assertion,
    and tries the assertion at every position instead. The pattern as it is otherwise; the
    same matches either way."""
    from re import _constants as c
    from re import _parser

    parsed = _parser.parse(pattern)
    if parsed.state.flags & ~c.SRE_FLAG_UNICODE:  # inline flags (?i), (?m): left as it is
        return pattern
    items = parsed.data
    skipped = 0
    while skipped < len(items) and items[skipped][0] in (c.ASSERT, c.ASSERT_NOT, c.AT):
        skipped += 1
    if not skipped or skipped == len(items):
        return pattern
    op, arg = _first_item(items[skipped])
    members = [(op, arg)] if op is c.LITERAL else arg if op is c.IN else []
    chars = []
    for kind, value in members:
        if kind is c.LITERAL:
            chars.append(re.escape(chr(value)))
        elif kind is c.RANGE:
            chars.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        else:  # a negated class, a category (\d, \s): left as it is
            return pattern
    return f"(?=[{''.join(chars)}])" + pattern if chars else pattern


def _first_item(item: tuple) -> tuple:
    """The item a parsed pattern's `item` begins with: itself, or the first of a group or of a
    repeat that must match at least once (anything else is returned as it is, and gives no hint)."""
    from re import _constants as c

    op, arg = item
    if op is c.SUBPATTERN and arg[3].data:
        return _first_item(arg[3].data[0])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1 and arg[2].data:
        return _first_item(arg[2].data[0])
    return item
