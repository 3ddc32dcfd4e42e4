"""Time expressions resolved against the document's date.

Each expression yields a (start, end) ISO period; a figure takes the last one before
it in its sentence, else the last one earlier in its paragraph, else none.

The text is the extractor's normalised form (Simplified, half-width digits). An
expression is an anchor, optionally joined to what surrounds it:

- anchors: a year (2021年, 二〇二一年, 今年, 去年, 前年) alone or with a part of it
  (3月, 3月5日, 1至5月, 上半年, 一季度, 前三季度, 前5个月, 全年, 年底); the same parts with
  no year (the latest one ended by the document's month); 一年来 / 近N年 / 过去N年
  (N years back from the first of the document's month); 近N个月; 上月, 本月; 全年
  (the year last named, else the title's); 上一年度; 十八大以来; 春节 / 元旦 / 五一 /
  国庆以来; “十三五”时期, “十四五”以来; 2022.1—2022.6; …开展以来 (open start);
  今天 / 昨日 (one day); 上周 (Monday to Sunday), 本周;
- A至B (also - — ~ 到) between two anchors: from the start of A to the end of B, B
  taking A's year when it names none (2023年1月1日至6月30日);
- X以来 / X至今 / 自X…以来 / 自X起: from the start of X to the document's date;
- 截至X (截止X): open start, to the end of X; 截至目前: to the document's date;
  X以来，截至Y: from the start of X to the end of Y;
  X年底 / X月底 alone are read the same way.

Not periods: 去年同期 (a comparison base), durations (连续9个月, 三年有期徒刑), names
(“5·10”, “12·30”), 近年来.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUMERALS = "〇零一二三四五六七八九十两"
_N = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"
_CONN = r"(?:至|到|-|—|–|~)"
_YEAR_NUM = r"(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3}"
# Characters that may not come just before an expression, checked after matching (a
# leading look-behind would keep the regex engine from skipping ahead by first character).
_NUMBER_CHARS = "0123456789." + _NUMERALS

# The part of a year an anchor names, after a year or on its own. {edge} is how a year
# edge is written: 底 or 年底 after a year, only 年底 without one.
_BODY = (
    rf"(?P<dm>{_N})月份?(?P<dd>{_N})[日号]"
    rf"|(?P<ra>{_N})(?:月份?)?{_CONN}(?P<rb>{_N})月份?"
    rf"|(?P<m>{_N})月份?(?P<medge>底|末|初|[上中下]{{1,2}}旬)?"
    r"|(?P<half>[上下])半年"
    r"|第?(?P<q>[一二三四1-4])季度"
    r"|前(?P<qn>[一二两三1-3])个?季度"
    rf"|前(?P<mn>{_N})个?月"
    "|{edge}(?P<yedge>初|底|末)"
)
# A pattern that does not open with a character or a choice of words opens with a look-ahead
# on its first character: without one, the regex engine tries the whole pattern at every
# position of the text (several times slower). One that does (上个?月, (?P<dw>今天|今日…))
# needs none: the engine finds its first characters itself, twice as fast as a look-ahead.
_WITH_YEAR = re.compile(
    rf"(?=[12一二今去前本同当次翌])(?:(?P<y>{_YEAR_NUM})年|(?P<ry>今年|去年|前年|本年|同年|当年|次年|翌年)(?!同期))"
    rf"(?:{_BODY.replace('{edge}', '年?')}|(?P<full>全年|年度|度))?"
)
_BARE = re.compile(rf"(?=[\d一二三四五六七八九十两第前上下年])(?:{_BODY.replace('{edge}', '年')})")
_OTHERS = [
    ("year_range", re.compile(rf"(?P<ya>(?:19|20)\d{{2}}){_CONN}(?P<yb>(?:19|20)\d{{2}})年")),
    ("back", re.compile(rf"(?:近|过去|最近)(?P<n>{_N})(?P<unit>年|个月)(?:来|以来)?")),
    ("back", _BACK_COUNT := re.compile(rf"(?=[\d一二三四五六七八九十两])(?P<n2>{_N})(?P<unit>年|个月)(?:来|以来)")),
    ("last_month", re.compile(r"上个?月")),
    ("this_month", re.compile(r"本月")),
    ("week", re.compile(r"(?P<wk>上|本)(?:周|星期)(?![一二三四五六日天末])")),
    ("full_year", re.compile(r"全年")),
    ("dotted_range", re.compile(
        rf"(?P<ya>(?:19|20)\d{{2}})\.(?P<ma>\d{{1,2}})(?:\.(?P<da>\d{{1,2}}))?{_CONN}"
        r"(?P<yb>(?:19|20)\d{2})\.(?P<mb>\d{1,2})(?:\.(?P<db>\d{1,2}))?(?![\d.])")),
    ("previous_year", re.compile(r"上一?年度?(?!同期)")),
    ("five_year_plan", _PLAN := re.compile(r"(?=[“十])“?十(?P<plan>[一二三四五六七八九])五”?(?:(?:时期|期间)|(?=以来|至今))")),
    ("day_word", re.compile(r"(?P<dw>今天|今日|昨天|昨日|前天)(?!头条)")),
    ("event_since", re.compile(r"(?:开展|启动|部署|实施|施行|成立|组建|开通|上线)(?:以来|至今)")),
    ("by_now", re.compile(r"(?:截至|截止)(?:到|至)?(?:目前|今日|当前|现在|发稿时)|目前为止")),
    ("congress_since", re.compile(r"(?P<c>十六|十七|十八|十九|二十)大(?:召开)?(?:以来|至今)")),
    ("holiday_since", re.compile(r"(?P<h>春节|元旦|五一|国庆)(?:节|假期)?(?:以来|至今)")),
]
# Words that patterns opening with a look-ahead cannot match without: a text that holds none
# is not searched for them (a search for the words is ten times faster).
_NEEDS = {_BACK_COUNT: re.compile("[年月]以?来"), _PLAN: re.compile("十[一二三四五六七八九]五")}
# Expressions that do not name a year: 全年 after them is still the year named before.
_NAMES_NO_YEAR = {"day_word", "by_now", "event_since", "holiday_since", "congress_since",
                  "last_month", "this_month", "week"}
# What may not come just before an expression of each kind.
_NOT_AFTER = {
    "bare": _NUMBER_CHARS + "年", "year_range": "0123456789", "dotted_range": "0123456789.",
    "back": _NUMBER_CHARS, "last_month": "比较",
    "previous_year": "比较与同",
}
# X以来, X至今, and 起 alone as in 2022年4月起 (not 起诉, 起草, 起获 …).
_SINCE = re.compile(r"以来|至今|起至今|开始至今|起(?![诉草获义火步点码来到])")
_CLAUSE_SINCE = re.compile(r"[^，。；,;！？!?\n“”]{0,30}?(?:以来|至今)|起|开始")
_BY = re.compile(r"(?:截至|截止)(?:到|至|于)?$")
_RANGE = re.compile(_CONN)
_JOIN = re.compile(r"[，,]?")

# Opening days of the party congresses that "X大以来" counts from.
_CONGRESS = {"十六": date(2002, 11, 8), "十七": date(2007, 10, 15), "十八": date(2012, 11, 8),
             "十九": date(2017, 10, 18), "二十": date(2022, 10, 16)}
# Holidays that "X以来" counts from: fixed days, and the Spring Festival (lunar new
# year's day, from a lunar calendar).
_HOLIDAYS = {"元旦": (1, 1), "五一": (5, 1), "国庆": (10, 1)}
_SPRING = {
    2005: (2, 9), 2006: (1, 29), 2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14),
    2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19), 2016: (2, 8),
    2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1),
    2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26),
    2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19),
    2035: (2, 8), 2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24), 2040: (2, 12),
}
# A day named without a year more than this far after the document's date is last year's.
_FUTURE_DAYS = 92


@dataclass(frozen=True)
class Period:
    """A resolved time expression at [start, end) of the text."""

    start: int
    end: int
    first: str | None
    last: str | None


@dataclass
class _Anchor:
    start: int
    end: int
    kind: str
    m: re.Match[str]
    has_year: bool = False


@dataclass
class _Span:
    """What an anchor denotes: its whole extent, and the period it gives alone."""

    first: date | None
    last: date | None
    plain: tuple[date | None, date | None]
    year: int | None


def _num(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def find_periods(text: str, doc_date: str | None, title: str = "") -> list[Period]:
    """All resolvable time expressions of `text`, in order, none overlapping."""
    today = date.fromisoformat(doc_date) if doc_date else None
    title_year = re.search(r"((?:19|20)\d{2})年", title)
    last_year: int | None = int(title_year.group(1)) if title_year else None
    anchors = _anchors(text)
    found: list[Period] = []
    i = 0
    while i < len(anchors):
        a = anchors[i]
        i += 1
        try:
            span = _resolve(a, today, last_year)
        except (ValueError, TypeError, KeyError):
            continue
        start, end = a.start, a.end
        first, last = span.plain
        # A至B: one period from the start of A to the end of B.
        if i < len(anchors) and span.first and _RANGE.fullmatch(text, end, anchors[i].start):
            b = anchors[i]
            try:
                other = _resolve(b, today, last_year, year_hint=None if b.has_year else span.year)
            except (ValueError, TypeError, KeyError):
                other = None
            if other and other.last and other.last >= span.first:
                first, last, end, span = span.first, other.last, b.end, _Span(span.first, other.last, (None, None), other.year)
                i += 1
        since = _SINCE.match(text, end)
        if since and a.kind not in ("back", "congress_since", "holiday_since", "by_now"):
            first, last, end = span.first, today, since.end()
        elif start > 0 and text[start - 1] in "自从" and (clause := _CLAUSE_SINCE.match(text, end)):
            first, last, end = span.first, today, clause.end()
            start -= 2 if text[max(0, start - 2):start] == "自从" else 1
            while i < len(anchors) and anchors[i].start < end:
                i += 1
        elif by := _BY.search(text, max(0, start - 4), start):
            first, last, start = None, span.last, by.start()
        if first is None and last and a.kind in ("bare", "year", "by_now"):
            # X以来，截至Y: from X to Y, one period.
            prev = found[-1] if found else None
            if (prev and prev.first and today and prev.last == today.isoformat()
                    and _JOIN.fullmatch(text, prev.end, start)):
                found.pop()
                first, start = date.fromisoformat(prev.first), prev.start
        if (first or last) and a.kind not in _NAMES_NO_YEAR:
            last_year = (first or last).year
        if first and last and last < first:
            last = None  # 2022年起 in a text dated before it: a start, and no end known
        found.append(Period(start, end, _iso(first), _iso(last)))
    return found


def _anchors(text: str) -> list[_Anchor]:
    hits: list[_Anchor] = []
    for m in _WITH_YEAR.finditer(text):
        if m.group("ry") == "前年" and m.start() and text[m.start() - 1] in "提此之目":
            continue
        hits.append(_Anchor(m.start(), m.end(), "year", m, has_year=True))
    for kind, pattern in [("bare", _BARE), *_OTHERS]:
        if pattern in _NEEDS and not _NEEDS[pattern].search(text):
            continue
        not_after = _NOT_AFTER.get(kind, "")
        for m in pattern.finditer(text):
            if not_after and m.start() and text[m.start() - 1] in not_after:
                continue
            hits.append(_Anchor(m.start(), m.end(), kind, m, has_year=kind == "year_range"))
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    anchors: list[_Anchor] = []
    taken_until = -1
    for h in hits:
        if h.start < taken_until:
            continue
        if text.startswith("相比", h.end):
            continue
        anchors.append(h)
        taken_until = h.end
    return anchors


def _resolve(a: _Anchor, today: date | None, last_year: int | None, year_hint: int | None = None) -> _Span:
    g = a.m.groupdict()
    if a.kind in ("year", "bare"):
        return _resolve_year_part(g, today, last_year, year_hint)
    if a.kind == "year_range":
        y1, y2 = int(g["ya"]), int(g["yb"])
        return _whole(date(y1, 1, 1), date(y2, 12, 31), y2)
    if a.kind == "dotted_range":  # 2022.1—2022.6, 2022.1.1-2022.6.30
        y1, m1, y2, m2 = int(g["ya"]), int(g["ma"]), int(g["yb"]), int(g["mb"])
        first = date(y1, m1, int(g["da"]) if g["da"] else 1)
        last = date(y2, m2, int(g["db"])) if g["db"] else _month_end(y2, m2)
        return _whole(first, last, y2) if first <= last else _none()
    if a.kind == "five_year_plan":  # the sixth plan was 1981-1985, every one since five years
        y = 1981 + 5 * (_num("十" + g["plan"]) - 6)
        return _whole(date(y, 1, 1), date(y + 4, 12, 31), y + 4)
    if a.kind == "full_year":
        year = last_year if last_year else (today.year - 1 if today and today.month < 12 else today.year if today else None)
        return _whole(date(year, 1, 1), date(year, 12, 31), year) if year else _none()
    if today is None:
        return _none()
    if a.kind == "back":  # 一年来, 近三年, 过去5年, 近3个月
        n = _num(g.get("n") or g["n2"])
        months = n * 12 if g["unit"] == "年" else n
        return _whole(_months_back(today, months), today, today.year)
    if a.kind == "day_word":
        day = today - timedelta(days={"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}[g["dw"]])
        return _whole(day, day, day.year)
    if a.kind == "previous_year":
        return _whole(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), today.year - 1)
    if a.kind == "last_month":
        first = _months_back(today, 1)
        return _whole(first, _month_end(first.year, first.month), first.year)
    if a.kind == "week":  # Monday to Sunday; this week to the document's date
        monday = today - timedelta(days=today.weekday())
        if g["wk"] == "本":
            return _whole(monday, today, today.year)
        return _whole(monday - timedelta(days=7), monday - timedelta(days=1), today.year)
    if a.kind == "this_month":
        return _whole(today.replace(day=1), today, today.year)
    if a.kind == "event_since":  # since an event the text does not date
        return _Span(None, today, (None, today), today.year)
    if a.kind == "by_now":
        return _Span(None, today, (None, today), today.year)
    if a.kind == "congress_since":
        return _whole(_CONGRESS[g["c"]], today, today.year)
    if a.kind == "holiday_since":
        def day(year: int) -> date:
            return date(year, *(_SPRING[year] if g["h"] == "春节" else _HOLIDAYS[g["h"]]))

        start = day(today.year) if day(today.year) <= today else day(today.year - 1)
        return _whole(start, today, today.year)
    return _none()


def _none() -> _Span:
    return _Span(None, None, (None, None), None)


def _whole(first: date, last: date, year: int | None) -> _Span:
    return _Span(first, last, (first, last), year)


def _resolve_year_part(g: dict, today: date | None, last_year: int | None, year_hint: int | None) -> _Span:
    """A year or part of one; with no year, the hint or the latest one ended by today.

    同年 / 当年 are the year last named, 次年 / 翌年 the one after it."""
    year: int | None = None
    if g.get("y"):
        year = int(g["y"]) if g["y"].isdigit() else _num(g["y"])
    elif g.get("ry") in ("同年", "当年", "次年", "翌年"):
        if last_year is None:
            return _none()
        year = last_year + (g["ry"] in ("次年", "翌年"))
    elif g.get("ry"):
        if today is None:
            return _none()
        year = today.year - {"今年": 0, "本年": 0, "去年": 1, "前年": 2}[g["ry"]]
    elif year_hint is not None:
        year = year_hint

    def infer(end_month: int, end_day: int | None = None) -> int | None:
        if year is not None:
            return year
        if today is None:
            return None
        if end_day is not None:  # a single day: this year's, unless far ahead
            day = date(today.year, end_month, end_day)
            return today.year if day <= today + timedelta(days=_FUTURE_DAYS) else today.year - 1
        return today.year if end_month <= today.month else today.year - 1

    if g.get("dm"):
        mo, d = _num(g["dm"]), _num(g["dd"])
        y = infer(mo, d)
        return _whole(date(y, mo, d), date(y, mo, d), y) if y else _none()
    if g.get("ra"):
        a, b = _num(g["ra"]), _num(g["rb"])
        y = infer(b)
        return _whole(date(y, a, 1), _month_end(y, b), y) if y and a <= b else _none()
    if g.get("m"):
        mo = _num(g["m"])
        y = infer(mo)
        if not y:
            return _none()
        first, last = date(y, mo, 1), _month_end(y, mo)
        edge = g.get("medge")
        if edge and edge.endswith("旬"):  # 上旬 1-10, 中旬 11-20, 下旬 21-end; 中下旬 11-end
            tens = {"上": 0, "中": 1, "下": 2}
            first = first.replace(day=10 * tens[edge[0]] + 1)
            return _whole(first, last if edge[-2] == "下" else first.replace(day=10 * tens[edge[-2]] + 10), y)
        if edge == "初":
            return _whole(first, first.replace(day=10), y)
        if edge in ("底", "末"):  # as of the month's end
            return _Span(first.replace(day=21), last, (None, last), y)
        return _whole(first, last, y)
    if g.get("half"):
        a, b = (1, 6) if g["half"] == "上" else (7, 12)
        y = infer(b)
        return _whole(date(y, a, 1), _month_end(y, b), y) if y else _none()
    if g.get("q"):
        q = _num(g["q"])
        y = infer(3 * q)
        return _whole(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), y) if y and 1 <= q <= 4 else _none()
    if g.get("qn") or g.get("mn"):
        months = 3 * _num(g["qn"]) if g.get("qn") else _num(g["mn"])
        y = infer(months)
        return _whole(date(y, 1, 1), _month_end(y, months), y) if y and 1 <= months <= 12 else _none()
    if g.get("yedge"):
        y = infer(12 if g["yedge"] != "初" else 1)
        if not y:
            return _none()
        if g["yedge"] == "初":
            return _Span(date(y, 1, 1), date(y, 1, 31), (None, None), y)
        return _Span(date(y, 12, 1), date(y, 12, 31), (None, date(y, 12, 31)), y)
    if year is None:
        return _none()
    if g.get("ry") in ("今年", "本年") and not g.get("full"):
        return _Span(date(year, 1, 1), date(year, 12, 31), (date(year, 1, 1), today), year)
    return _whole(date(year, 1, 1), date(year, 12, 31), year)
