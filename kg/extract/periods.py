"""Time expressions resolved against the document's date.

Each expression yields a (start, end) ISO period; a figure takes the last one before
it in its sentence, else the last one earlier in its paragraph, else none.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_N = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_PATTERNS = [
    ("ym_since", re.compile(r"((?:19|20)\d{2})年" + _N + r"月(?:份)?以来")),
    ("y_since", re.compile(r"((?:19|20)\d{2})年以来")),
    ("y_range_months", re.compile(r"((?:19|20)\d{2})年" + _N + r"(?:月)?(?:至|到|-|—|~)" + _N + r"月")),
    ("ymd", re.compile(r"((?:19|20)\d{2})年" + _N + r"月" + _N + r"日")),
    ("ym", re.compile(r"((?:19|20)\d{2})年" + _N + r"月(?!\d)")),
    ("y", re.compile(r"((?:19|20)\d{2})年(?:度|全年)?(?![\d底初末中])")),
    ("this_range", re.compile(r"今年" + _N + r"(?:月)?(?:至|到|-|—|~)" + _N + r"月")),
    ("this_month", re.compile(r"今年" + _N + r"月")),
    ("bare_range", re.compile(r"(?<![年\d])" + _N + r"(?:月)?(?:至|到|-|—|~)" + _N + r"月")),
    ("this_since", re.compile(r"今年以来")),
    ("last_since", re.compile(r"去年以来|去年至今")),
    ("last", re.compile(r"去年(?!同期)")),
    ("this", re.compile(r"今年")),
    ("year_back", re.compile(r"一年来|近一年|过去一年")),
    ("full_year", re.compile(r"全年")),
    ("md", re.compile(r"(?<![年\d])" + _N + r"月" + _N + r"日")),
]


@dataclass(frozen=True)
class Period:
    """A resolved time expression at [start, end) of the text."""

    start: int
    end: int
    first: str | None
    last: str | None


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    import cn2an

    return int(cn2an.cn2an(text, "smart"))


def _month_end(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def find_periods(text: str, doc_date: str | None, title: str = "") -> list[Period]:
    """All resolvable time expressions of `text`, in order, none overlapping."""
    today = date.fromisoformat(doc_date) if doc_date else None
    title_year = re.search(r"((?:19|20)\d{2})年", title)
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    last_year: int | None = int(title_year.group(1)) if title_year else None
    hits = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), kind, m))
    for _, _, kind, m in sorted(hits, key=lambda h: (h[0], h[1])):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if text[m.end():m.end() + 2] == "相比":
            continue
        try:
            first, last = _resolve(kind, m, today, last_year)
        except (ValueError, TypeError):
            continue
        taken.append((m.start(), m.end()))
        if first:
            last_year = int(first[:4])
        found.append(Period(m.start(), m.end(), first, last))
    return sorted(found, key=lambda p: p.start)


def _resolve(kind: str, m: re.Match[str], today: date | None, last_year: int | None) -> tuple[str | None, str | None]:
    g = m.groups()
    end_today = today.isoformat() if today else None
    if kind == "ym_since":
        return date(int(g[0]), _num(g[1]), 1).isoformat(), end_today
    if kind == "y_since":
        return f"{g[0]}-01-01", end_today
    if kind == "y_range_months":
        y = int(g[0])
        return date(y, _num(g[1]), 1).isoformat(), _month_end(y, _num(g[2]))
    if kind == "ymd":
        d = date(int(g[0]), _num(g[1]), _num(g[2])).isoformat()
        return d, d
    if kind == "ym":
        y, mo = int(g[0]), _num(g[1])
        return date(y, mo, 1).isoformat(), _month_end(y, mo)
    if kind == "y":
        return f"{g[0]}-01-01", f"{g[0]}-12-31"
    if kind == "full_year":
        year = last_year if last_year else (today.year - 1 if today and today.month < 12 else today.year if today else None)
        return (f"{year}-01-01", f"{year}-12-31") if year else (None, None)
    if today is None:
        return None, None
    if kind == "this_range":
        return date(today.year, _num(g[0]), 1).isoformat(), _month_end(today.year, _num(g[1]))
    if kind == "bare_range":
        first, last = _num(g[0]), _num(g[1])
        year = today.year if last <= today.month else today.year - 1
        return date(year, first, 1).isoformat(), _month_end(year, last)
    if kind == "this_month":
        mo = _num(g[0])
        return date(today.year, mo, 1).isoformat(), _month_end(today.year, mo)
    if kind == "this_since":
        return f"{today.year}-01-01", end_today
    if kind == "last_since":
        return f"{today.year - 1}-01-01", end_today
    if kind == "last":
        return f"{today.year - 1}-01-01", f"{today.year - 1}-12-31"
    if kind == "this":
        return f"{today.year}-01-01", end_today
    if kind == "year_back":
        return date(today.year - 1, today.month, 1).isoformat(), end_today
    if kind == "md":
        d = date(today.year, _num(g[0]), _num(g[1])).isoformat()
        return d, d
    return None, None
