"""Figures: number + magnitude + unit, with approx marker, change, measure and period.

`分别` hands a list of changes (or values) to the figures before it in order; a
percentage after 同比/环比/与…相比 is the change of the figure before it; any other
percentage is a figure of its own.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, FigureMention
from kg.extract.periods import Period, find_periods

_DIGITS = r"\d+(?:[.,]\d+)*"
_TOO_LARGE = 1e18  # no count or amount in this domain comes near it
_CN = r"[零〇两一二三四五六七八九十百千]{2,}|[两二三四五六七八九]"


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    cues = lexicon.cues()
    units = "|".join(sorted(map(re.escape, cues["units"] + ["%", "倍"]), key=len, reverse=True))
    before = "|".join(sorted(map(re.escape, [w for ws in cues["approx_before"].values() for w in ws]), key=len, reverse=True))
    after = "|".join(sorted(map(re.escape, [w for ws in cues["approx_after"].values() for w in ws]), key=len, reverse=True))
    return re.compile(
        rf"(?P<pre>{before})?(?P<num>{_DIGITS}|{_CN})(?P<mag1>[十百千万亿]*)(?P<post>{after})?"
        rf"(?P<mag2>[万亿]*) ?(?P<unit>{units})(?P<post2>{after})?"
    )


def _approx_of(pre: str | None, post: str | None) -> str:
    cues = lexicon.cues()
    for kind, words in cues["approx_before"].items():
        if pre and pre in words:
            return kind
    for kind, words in cues["approx_after"].items():
        if post and post in words:
            return kind
    return "exact"


@lru_cache(maxsize=8192)
def _value(num: str, mags: str) -> float | int | None:
    """The number written as `num` and its magnitudes, or None when it names no one
    number: a vague range (一两千, 三四百), a numeral cn2an cannot read, one too large."""
    try:
        if re.fullmatch(_DIGITS, num):
            value = float(num.replace(",", ""))
        else:
            import cn2an

            value = float(cn2an.cn2an(num, "smart"))
    except (ValueError, OverflowError, KeyError, IndexError, TypeError):  # cn2an's ways of saying no
        return None
    factors = lexicon.cues()["magnitudes"]
    for ch in mags:
        value *= factors[ch]
    if not math.isfinite(value) or value >= _TOO_LARGE:
        return None
    value = round(value, 6)
    return int(value) if value == int(value) else value


def find_figures(doc: Doc) -> None:
    """Add the figures of `doc` (changes attached, periods resolved)."""
    periods = find_periods(doc.norm, doc.date, doc.title)
    raw_hits = [m for m in _number_re().finditer(doc.norm) if _keep(doc, m)]
    pending_changes: list[tuple[re.Match[str], str]] = []
    for m in raw_hits:
        unit = m.group("unit")
        marker = _change_marker(doc.norm, m.start())
        if unit in ("%", "倍") and marker is not None:
            pending_changes.append((m, marker))
            continue
        if unit == "倍":
            continue
        fig = _figure(doc, m, periods)
        if fig is not None:
            doc.figures.append(fig)
    for m in _attach_changes(doc, pending_changes):
        # A change with no figure of its own before it (立案数同比下降12.8%) is a figure.
        fig = _figure(doc, m, periods)
        if fig is not None:
            fig.of_change = True
            doc.figures.append(fig)
    doc.figures.sort(key=lambda f: f.start)


def _figure(doc: Doc, m: re.Match[str], periods: list[Period]) -> FigureMention | None:
    unit = m.group("unit")
    if unit in ("万元", "亿元"):
        mags, unit = (m.group("mag1") or "") + unit[0] + (m.group("mag2") or ""), "元"
    else:
        mags = (m.group("mag1") or "") + (m.group("mag2") or "")
    value = _value(m.group("num"), mags)
    if value is None:
        return None
    fig = FigureMention(
        start=m.start(),
        end=m.end(),
        value=value,
        unit=unit,
        approx=_approx_of(m.group("pre"), m.group("post") or m.group("post2")),
        raw=doc.text[m.start():m.end()],
    )
    _measure(doc, fig, periods)
    fig.period_start, fig.period_end = _period_for(doc, periods, fig.start)
    return fig


def _keep(doc: Doc, m: re.Match[str]) -> bool:
    text = doc.norm
    start, end = m.start(), m.end()
    if start > 0 and text[start - 1] in "第#·" or (m.group("pre") is None and start > 0 and text[start - 1].isdigit()):
        return False
    unit = m.group("unit")
    stops = lexicon.cues()["unit_stop_after"].get(unit, [])
    if any(text.startswith(s, end) for s in stops):
        return False
    # A number in a name: “4·01”, 5·10, 12381 followed by a noun without a unit never gets here.
    return not (start > 0 and text[start - 1] in "“\"'‘" and text[end:end + 1] in "”\"'’")


_CLAUSE_WINDOW = 300  # characters: no clause of a figure runs longer; bounds the work per figure


def _change_marker(text: str, pos: int) -> str | None:
    """The comparison words governing a percentage at `pos`, if it is a change."""
    floor = max(0, pos - _CLAUSE_WINDOW)
    clause_start = max(floor - 1, max(text.rfind(c, floor, pos) for c in ",，;；。:：")) + 1
    before = text[clause_start:pos]
    cues = lexicon.cues()
    has_verb = any(v in before for v in cues["change_verbs"])
    for marker in cues["change_markers"]:
        if marker in before and has_verb:
            return before.strip()
    m = re.search(r"(与|比|较)([^,，;；。]{1,8})(相比|同期)", before)
    if m and has_verb:
        return before.strip()
    return None


def _attach_changes(doc: Doc, changes: list[tuple[re.Match[str], str]]) -> list[re.Match[str]]:
    """Give each change to its figure: in order after 分别, else to the nearest before.
    A change belongs to a figure when its clause adds to that figure's (…4.2万个，同比
    上升28.5%) or shares it; one whose clause names its own measure (立案数同比下降
    12.8%) has no figure before it. Returns the changes that found no figure."""
    orphans: list[re.Match[str]] = []
    groups: list[list[tuple[re.Match[str], str]]] = []
    for m, marker in changes:
        if groups and doc.norm[groups[-1][-1][0].end():m.start()].strip() in ("和", "、", "及", ",", "，", "与"):
            groups[-1].append((m, marker))
        else:
            groups.append([(m, marker)])
    for group in groups:
        first = group[0][0]
        sentence = doc.sentence_at(first.start())
        before = [f for f in doc.figures if sentence.start <= f.start < first.start() and f.unit != "%"]
        if not before or not _adds_to(doc, before[-1], first.start()):
            orphans.extend(m for m, _marker in group)
            continue
        targets = before[-len(group):] if len(group) > 1 else [before[-1]]
        for fig, (m, marker) in zip(targets, group, strict=False):
            fig.change = _change_text(marker, doc.norm[m.start():m.end()])
    return orphans


def _adds_to(doc: Doc, fig: FigureMention, pos: int) -> bool:
    """Whether the change at `pos` is said of `fig`: in its clause, or in a clause that
    opens with the comparison (，同比上升…, ，分别同比…, ，较去年…) right after."""
    clause_start = max(doc.norm.rfind(c, 0, pos) for c in ",，;；。:：") + 1
    if clause_start <= fig.start:
        return True
    head = doc.norm[clause_start:pos].strip()
    opens = tuple(lexicon.cues()["change_markers"]) + ("分别", "均", "与", "比", "较", "增长", "上升", "下降", "增幅", "降幅")
    return head.startswith(opens) and len(doc.norm[fig.end:clause_start].strip(" ,，;；、和及")) <= 12


def _change_text(marker: str, amount: str) -> str:
    cues = lexicon.cues()
    base = next((w for w in cues["change_markers"] if w in marker), None)
    if base is None:
        base = "环比" if re.search(r"(与|比|较).{1,8}(相比)", marker) else ""
    verb = next((v for v in cues["change_verbs"] if v in marker), "")
    return f"{base}{verb}{amount}"


def _measure(doc: Doc, fig: FigureMention, periods: list[Period]) -> None:
    """Set what is counted (`measure`) and a readable `label` for the figure.

    The measure is the clause before the number, from after its subject, time
    expression and fillers; when that is only a verb (抓获11名主犯), the noun after
    the unit completes it. A figure right after another (300余件500余人) shares its
    measure.
    """
    text = doc.norm
    start = _segment_start(doc, fig.start)
    previous = _previous_figure(doc, start, fig.start)
    if previous and not text[previous.end:fig.start].strip(" 、,，和及"):
        fig.measure = previous.measure
        fig.label = fig.measure + fig.raw
        return
    if previous:
        start = previous.end
    start = max([start] + [p.end for p in periods if start <= p.start and p.end <= fig.start])
    start = _skip_subject(doc, start, fig.start)
    words = text[start:fig.start].strip(" 、,，:：")
    for filler in lexicon.cues()["measure_fillers"]:
        if words.startswith(filler):
            words = words[len(filler):]
    label = words + doc.norm[fig.start:fig.end]
    if sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") <= 4 or re.search(r"(第\d+|批)$", words):
        tail = re.match(r"[^,，;；。、:：《“‘\"(（\d]{1,24}?(?=[,，;；。、:：《“‘\"(（\d]|在|的|均|免|$)", text[fig.end:fig.end + 32])
        if tail:
            words += tail.group()
            label += tail.group()
    fig.measure = words
    fig.label = label


def _previous_figure(doc: Doc, start: int, pos: int) -> FigureMention | None:
    """The last figure found so far that ends in [start, pos] (figures come in text order)."""
    for f in reversed(doc.figures):
        if f.start < pos:
            return f if start <= f.end <= pos else None
    return None


def _segment_start(doc: Doc, pos: int) -> int:
    """Start of the clause holding `pos`, never inside a name (掩饰、隐瞒…罪)."""
    floor = max(0, pos - _CLAUSE_WINDOW)
    start = max(floor - 1, max(doc.norm.rfind(c, floor, pos) for c in ",，;；。:：\n“”")) + 1
    for m in doc.mentions_in(max(0, start - _CLAUSE_WINDOW), pos):
        if m.start < start <= m.end - 1 and m.end <= pos:
            return _segment_start(doc, m.start)
    return start


def _skip_subject(doc: Doc, start: int, end: int) -> int:
    """Past the subject and its partners at the head of a clause (公安部会同国家移民管理局…)."""
    moved = True
    while moved:
        moved = False
        rest = doc.norm[start:end]
        lead = len(rest) - len(rest.lstrip(" 、,和及与会同联合"))
        for m in doc.mentions_in(start, end, "Agency", "Person"):
            if m.start == start + lead:
                start, moved = m.end, True
                break
        if not moved:
            marker = re.match(r"\s*(会同|联合|与|和)", doc.norm[start:end])
            if marker and doc.mentions_in(start + marker.end(), end, "Agency"):
                nxt = doc.mentions_in(start + marker.end(), end, "Agency")[0]
                if nxt.start == start + marker.end():
                    start, moved = nxt.end, True
    return start


def _period_for(doc: Doc, periods: list[Period], pos: int) -> tuple[str | None, str | None]:
    sentence = doc.sentence_at(pos)
    para = doc.paragraphs[doc.paragraph_index(pos)] if doc.paragraphs else sentence
    best = None
    for p in periods:
        if p.start >= pos:
            break
        if p.start >= para.start:
            best = p
    return (best.first, best.last) if best else (None, None)
