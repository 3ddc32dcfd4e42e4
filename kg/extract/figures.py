"""Figures: number + magnitude + unit, with approx marker, change, measure and period.

`分别` hands a list of changes (or values) to the figures before it in order; a
percentage after 同比/环比/与…相比 is the change of the figure before it; any other
percentage is a figure of its own.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from functools import cache, lru_cache
from operator import itemgetter

from kg import lexicon
from kg.extract.doc import CLAUSE_WINDOW, Doc, FigureMention, clause_opening
from kg.extract.periods import Period, find_periods
from kg.rx import first_of

_DIGITS = r"\d+(?:[.,]\d+)*"
_TOO_LARGE = 1e18  # no count or amount in this domain comes near it
# Chinese numerals: two or more characters, one digit, 一 before 万/亿 (一万余条), and a bare
# 百/千 before 余/多 (百余名, 千余人) or after a bound (近千万), which cn2an reads only with its 一.
_CN = (r"[零〇两一二三四五六七八九十百千]{2,}|[两二三四五六七八九]|一(?=[万亿])|(?<![数几上成])[百千](?=[余多])"
       r"|(?<![数几上成])[百千](?=[^\d\s,，。;；]{1,2}之[众多])")  # 百人之众, 千人之多
# A bare magnitude (百, 千, 万, 亿) after a bound (cues.yaml `bare_magnitude_bounds`: 近千万元, 上百人,
# 过百起, 上亿元): one of that magnitude. Filled in by _number_re from the bounds' last characters.
_BARE = r"|(?<=[{}])[百千万亿]"
# The rest of a number written in two magnitudes (252万4,500元, 1亿8361万余元, 3万5千人).
_TAIL = r"(?:(?<=[万亿])(?P<tail>\d+(?:,\d{3})*|[零〇两一二三四五六七八九十百千]+)(?P<tailmag>[千百十万]?))?"
_CN_FIRST = "零〇两一二三四五六七八九十百千"
# Numeral digits in a row with no place (十百千) and no zero: two neighbours are a vague
# range (三五人, 七八个), a repeated one a word (唯一一件, 一一对应); cn2an would read 35, 78, 11.
_DIGIT_RUN = re.compile("[一二两三四五六七八九]{2,}")  # every character a numeral of _CN may start with


@lru_cache(maxsize=1)
def _bare_bounds() -> tuple[str, str]:
    """The bounds that bound only a bare magnitude (上, 过, 不足: cues.yaml `bare_magnitude_bounds`
    less `approx_before`) as an alternation, the one-character ones behind the look-behind of
    `bare_bound_not_after` (线上, 通过), and the _CN branch of a bare magnitude after any bound."""
    cues = lexicon.cues()
    bounds = [w for ws in cues["bare_magnitude_bounds"].values() for w in ws]
    only = sorted(set(bounds) - {w for ws in cues["approx_before"].values() for w in ws}, key=len, reverse=True)
    not_after = "".join(map(re.escape, cues["bare_bound_not_after"]))
    longer, single = [w for w in only if len(w) > 1], "".join(re.escape(w) for w in only if len(w) == 1)
    return ("(?:" + "|".join([*map(re.escape, longer), rf"(?<![{not_after}])[{single}]"]) + ")",
            _BARE.format("".join(sorted({re.escape(w[-1]) for w in bounds}))))


@lru_cache(maxsize=1)
def _approx_before() -> str:
    """The words of approximation before a number (cues.yaml `approx_before`), longest first."""
    return "|".join(sorted(map(re.escape, [w for ws in lexicon.cues()["approx_before"].values() for w in ws]), key=len, reverse=True))


def _bounded_number() -> str:
    """A number without its counter, after an optional bound (近, 上百's 上): the groups
    pre and num of a figure match."""
    bare_only, bare = _bare_bounds()
    return rf"(?P<pre>{_approx_before()}|{bare_only}(?=[百千万亿]))?(?P<num>{_DIGITS}|{_CN}{bare})"


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    cues = lexicon.cues()
    units = "|".join(sorted(map(re.escape, cues["units"] + cues["foreign_currencies"] + ["%", "倍"]), key=len, reverse=True))
    before = _approx_before()
    after = "|".join(sorted(map(re.escape, [w for ws in cues["approx_after"].values() for w in ws]), key=len, reverse=True))
    # The look-ahead: an approximation word, a digit or a Chinese numeral (what _CN may start with).
    bare_only, bare = _bare_bounds()
    one = "一(?=[" + "".join(map(re.escape, cues["one_counters"])) + "])"  # kept only as _keep_one says
    bounds = [w for ws in cues["bare_magnitude_bounds"].values() for w in ws]
    lead = first_of([w for ws in cues["approx_before"].values() for w in ws] + bounds, r"\d" + _CN_FIRST)
    # 2 万余份: a space a page's layout put between the digits and their magnitude.
    return re.compile(
        rf"{lead}(?P<pre>{before}|{bare_only}(?=[百千万亿]))?(?P<num>{_DIGITS}|{_CN}{bare}|{one})(?:(?<=\d) (?=[万亿]))?(?P<mag1>[十百千万亿]*){_TAIL}(?: ?(?P<post>{after}))?"
        rf"(?P<mag2>[万亿]*) ?(?P<unit>{units})(?P<post2>{after})?"
    )


# The groups of a figure match that a number without its counter leaves empty (but 余/多).
_NO_COUNTER = r"(?P<tail>(?!))?(?P<tailmag>)(?P<post>余|多)?(?P<mag2>)(?P<unit>)(?P<post2>)"


# An amount written without 元 (涉案金额超过7000万。, 赃款近千万。, 被骗52.624万，): a number in
# 万/亿 that ends its phrase, right after a word of money (cues.yaml `money_words`) and a
# bound; in 元. Everywhere else a number without a counting word is no figure.
@lru_cache(maxsize=1)
def _implied_money_re() -> re.Pattern[str]:
    return _uncounted(_money_lead(), r"[十百千]?[万亿]|(?<=[万亿])", _MONEY_AHEAD)


def _money_lead() -> str:
    """A word of money, a verb of amounting, and the opening of the amount's group."""
    return rf"(?:{lexicon.alternation('money_words')})(?:为|达到?|共计|累计|总计|合计)?(?P<amount>"


_MONEY_AHEAD = r")(?=[,，。;；、!！)）\s]|$)"


@lru_cache(maxsize=1)
def _implied_money_over_re() -> re.Pattern[str]:
    """损失300余万, 赃款1000多万: the amount's 余/多 before its magnitude."""
    return re.compile(rf"{_money_lead()}{_bounded_number()}(?P<mag1>)(?P<tail>(?!))?(?P<tailmag>)(?P<post>余|多)"
                      rf"(?P<mag2>[十百千]?[万亿])(?P<unit>)(?P<post2>){_MONEY_AHEAD}")


def _uncounted(lead: str, magnitude: str, ahead: str) -> re.Pattern[str]:
    """A figure pattern for a number without its counter: `lead`, the bounded number, its
    `magnitude` and the empty groups, then `ahead`."""
    return re.compile(rf"{lead}{_bounded_number()}(?P<mag1>{magnitude}){_NO_COUNTER}{ahead}")


@lru_cache(maxsize=4)
def _implied_amount_re(whole: re.Pattern[str]) -> re.Pattern[str]:
    """The amount of a match of an implied-money pattern alone, matched where it starts."""
    return re.compile(whole.pattern[whole.pattern.index("(?P<amount>"):])


@lru_cache(maxsize=1)
def _implied_money_noted_re() -> re.Pattern[str]:
    """损失高达222亿（人民币，以下同）: an amount whose currency a bracket right after it names."""
    return _uncounted("(?P<amount>", r"[十百千]?[万亿]", r")(?=[(（]人民币)")


def _implied_money(doc: Doc) -> Iterator[re.Match[str]]:
    if "万" not in doc.norm and "亿" not in doc.norm:
        return
    noted = (_implied_money_noted_re(),) if "人民币" in doc.norm else ()
    for whole in (_implied_money_re(), _implied_money_over_re(), *noted):
        for m in whole.finditer(doc.norm):
            yield _implied_amount_re(whole).match(doc.norm, m.start("amount"))


# A count of persons written without its counter before a noun that names them (集结近千警力,
# 组织400多警力: cues.yaml `implied_unit_nouns`): in the counter the noun stands for.
@lru_cache(maxsize=1)
def _implied_unit_re() -> re.Pattern[str]:
    return _uncounted("", "[十百千万]*", f"(?=(?:{lexicon.alternation('implied_unit_nouns')}))")


def _implied_unit(doc: Doc) -> Iterator[re.Match[str]]:
    if any(noun in doc.norm for noun in lexicon.cues()["implied_unit_nouns"]):
        yield from _implied_unit_re().finditer(doc.norm)


# A share in tenths (占比超过三成, 近五成, 占其中四成, 三成、四成): 一 to 九 before 成, after a bound,
# 占/达 (with 其中/比/到) or another share in tenths; a percentage.
# A share written as a fraction: 近三分之一 (33.33 %), 四分之三 (75 %), 百分之三十五 (35 %), 千分之三 (3 ‰).
_FRACTION = re.compile(r"(?P<pre>超过|超|近|约|逾|不到|将近|接近)?(?P<den>[二三四五六七八九十]|百|千)分之"
                       r"(?P<num>\d+(?:\.\d+)?|[一二三四五六七八九十][一二三四五六七八九十百零]*(?:点[一二三四五六七八九零]+)?)"
                       r"(?P<tail>(?!))?(?P<tailmag>)(?P<post>多)?(?P<mag1>)(?P<mag2>)(?P<unit>)(?P<post2>)")
_TENTHS = re.compile(r"(?:(?<=[占达])|(?<=占其中)|(?<=占比)|(?<=占到)|(?<=成、)|(?P<pre>超过|超|近|约|逾|不到|将近|接近))"
                     r"(?P<num>[一二三四五六七八九])成(?![立功为员本果效绩熟年都交型品])"
                     r"(?P<tail>(?!))?(?P<tailmag>)(?P<post>多)?(?P<mag1>)(?P<mag2>)(?P<unit>)(?P<post2>)")


def _approx_of(pre: str | None, post: str | None) -> str:
    cues = lexicon.cues()
    for kind, words in cues["approx_before"].items():
        if pre and pre in words:
            return kind
    for kind, words in cues["bare_magnitude_bounds"].items():
        if pre and pre in words:
            return kind
    for kind, words in cues["approx_after"].items():
        if post and post in words:
            return kind
    return "exact"


@lru_cache(maxsize=8192)
def _value(num: str, mags: str) -> float | int | None:
    """The number written as `num` and its magnitudes, or None when it names no one
    number: a vague range (一两千, 三四百, 三五), a numeral cn2an cannot read, one too large."""
    try:
        if re.fullmatch(_DIGITS, num):
            value = float(num.replace(",", ""))
        elif _DIGIT_RUN.fullmatch(num):
            return None
        else:
            import cn2an

            value = float(cn2an.cn2an("一" + num if num in ("百", "千", "万", "亿") else num, "smart"))
    except (ValueError, OverflowError, KeyError, IndexError, TypeError):  # cn2an's ways of saying no
        return None
    if not math.isfinite(value):
        return None
    # In decimal, not binary, arithmetic: 64.1亿 is 6410000000, not 6409999999.999999.
    exact = Decimal(repr(value))
    factors = lexicon.cues()["magnitudes"]
    for ch in mags:
        exact *= factors[ch]
    if exact >= _TOO_LARGE:
        return None
    exact = round(exact, 6)
    return int(exact) if exact == exact.to_integral_value() else float(exact)


MAX_FIGURES_PER_SENTENCE = 1000  # prose never comes near; a flattened table of 1,000 rows still fits


def _bounded(doc: Doc) -> Iterator[re.Match[str]]:
    """The number matches of `doc`, at most MAX_FIGURES_PER_SENTENCE in one sentence: a
    "sentence" holding more is no prose (a line of numbers without punctuation), and
    reading every number of it would cost minutes. The rest of such a sentence is not
    searched; `doc.notes` says so."""
    pattern, text, starts = _number_re(), doc.norm, doc._starts
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        index = doc.sentence_index(m.start())
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        taken = 0
        while m is not None and m.start() < end:
            if taken == MAX_FIGURES_PER_SENTENCE:
                sentence = doc.sentences[index]
                doc.notes.append(f"a sentence of {sentence.end - sentence.start:,} characters at {sentence.start} holds more than "
                                 f"{MAX_FIGURES_PER_SENTENCE:,} numbers: the first {MAX_FIGURES_PER_SENTENCE:,} were read")
                break
            yield m
            taken += 1
            pos = m.end()
            m = pattern.search(text, pos)
        if m is None:
            return
        pos = max(pos, end) if m.start() < end else m.start()


def find_figures(doc: Doc) -> None:
    """Add the figures of `doc` (changes attached, periods resolved)."""
    periods = find_periods(doc.norm, doc.date, doc.title)
    raw_hits = [m for m in _bounded(doc) if _keep(doc, m)]
    taken = [(m.start(), m.end()) for m in raw_hits]
    extra = [m for m in (*_implied_money(doc), *_implied_unit(doc), *_TENTHS.finditer(doc.norm), *_FRACTION.finditer(doc.norm))
             if not any(s < m.end() and m.start("num") < e for s, e in taken) and _keep(doc, m)]
    raw_hits = sorted(raw_hits + extra, key=lambda m: m.start("num"))
    pending_changes: list[tuple[re.Match[str], str]] = []
    forward: list[tuple[re.Match[str], str]] = []
    for m in raw_hits:
        unit = m.group("unit")
        marker = _change_marker(doc, m.start())
        if marker is None and unit in ("%", "倍") and pending_changes and _continues(doc, pending_changes[-1][0], m):
            marker = pending_changes[-1][1]  # 同比分别下降6.1%,、29.1%: the list goes on past a stray comma
        if marker is None and unit == "%":
            marker = _bare_change(doc.norm, m)
            if marker is not None and doc.norm.startswith("至", m.end()):
                forward.append((m, marker))  # 宗数增29%至894宗: the change of the figure it reaches
                continue
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
    for m, marker in forward:
        reached = next((f for f in doc.figures if f.start == m.end() + 1 and f.unit != "%"), None)
        if reached is not None and reached.change is None:
            verb = re.sub(r"^(?:较|比)\d{4}年|了$", "", _BARE_CHANGE.search(marker).group())
            reached.change = f"{verb}{doc.norm[m.start():m.end()]}"
        elif reached is None and (fig := _figure(doc, m, periods)) is not None:
            doc.figures.append(fig)
            doc.figures.sort(key=lambda f: f.start)
    _range_lows(doc)
    _join_restatements(doc)


@lru_cache(maxsize=1)
def _range_low() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """100-150元, 5至10万元, 1000万至1500万元: the lower end of a range written bare before the
    upper, with its magnitudes if any (cues.yaml magnitudes); and the magnitudes of the upper's raw."""
    mags = "".join(lexicon.cues()["magnitudes"])
    return (re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)([{mags}]*)(?:-|－|~|～|—|至|到)$"),
            re.compile(rf"\D*[\d.,]+([{mags}]*)"))


def _range_lows(doc: Doc) -> None:
    """The lower end of a range is a figure of the upper's unit and magnitude (5至10万元: 5万元),
    of its own magnitude where it has one (1000万至1500万元), said of the same thing."""
    low_re, upper_re = _range_low()
    lows = []
    for fig in doc.figures:
        m = low_re.search(doc.norm, max(0, fig.start - 16), fig.start)
        if m is None or fig.of_change or fig.unit == "%":
            continue
        upper = upper_re.match(fig.raw)
        value = _value(m.group(1), m.group(2) or (upper.group(1) if upper else ""))
        if not value or value >= fig.value:
            continue
        raw = m.group(1) + m.group(2)
        lows.append(replace(fig, start=m.start(), end=m.start() + len(raw), value=value, raw=raw, change=None))
    if lows:
        doc.figures = sorted(doc.figures + lows, key=lambda f: f.start)


# 去年有212宗，上升55%: a clause of only a change verb and its percentage, right after a figure's
# clause, is that figure's change (no 同比 written); 较2017年减少38%: a named year compared with.
_BARE_CHANGE = re.compile(r"(?:(?:较|比)(?:19|20)\d{2}年)?(?:上升|下降|增长|减少|增加|降低|提高|增|减)了?$")


def _bare_change(text: str, m: re.Match[str]) -> str | None:
    clause_start = max(text.rfind(c, 0, m.start()) for c in ",，;；。:：") + 1
    head = text[clause_start:m.start()]
    verb = _BARE_CHANGE.search(head)
    if verb is None:
        return None
    if text.startswith("至", m.end()):
        return head.strip()
    if verb.start() != 0 or clause_start == 0 or not re.search(r"\d[\u4e00-\u9fff]{1,3}$", text[max(0, clause_start - 5):clause_start - 1]):
        return None
    return head.strip()


def _join_restatements(doc: Doc) -> None:
    """A value and unit said again of the same thing (抓获犯罪嫌疑人34名 … 将34名犯罪嫌疑人押解回…,
    a headline and its paragraph) is one statistic: its repeats take the period of its first
    dated mention, so that they are one Figure. The same thing: the words counted (the end of
    the measure and the noun after the unit) share a pair of characters; a different thing
    said with the same number (涉案车辆3台、电脑3台; 非法获利10100元 … 退回赃款10100元) stays apart."""
    groups: dict[tuple, list[tuple[set[str], list[FigureMention]]]] = {}
    for fig in doc.figures:
        words = _counted_pairs(doc, fig)
        bucket = groups.setdefault((fig.value, fig.unit), [])
        group = next((g for g in bucket if g[0] & words), None)
        if group is None:
            bucket.append((words, [fig]))
        else:
            group[0].update(words)
            group[1].append(fig)
    for bucket in groups.values():
        for _words, members in bucket:
            dated = next((f for f in members if f.period_start is not None or f.period_end is not None), None)
            if dated is not None and len(members) > 1:
                for f in members:
                    f.period_start, f.period_end = dated.period_start, dated.period_end


_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]{1,5}")


def _counted_pairs(doc: Doc, fig: FigureMention) -> set[str]:
    """The character pairs of what a figure counts: the last six CJK characters of its
    measure and the noun right after its unit (34名【犯罪嫌疑人】)."""
    head = "".join(ch for ch in fig.measure if "\u4e00" <= ch <= "\u9fff")[-6:]
    after = _NOUN_AFTER.match(doc.norm, fig.end)
    words = head + "|" + (after.group() if after else "")
    return {words[i:i + 2] for i in range(len(words) - 1) if "|" not in words[i:i + 2]}


def _figure(doc: Doc, m: re.Match[str], periods: list[Period]) -> FigureMention | None:
    unit = m.group("unit")
    if m.re is _TENTHS:
        return _tenths(doc, m, periods)
    if m.re is _FRACTION:
        return _fraction(doc, m, periods)
    if unit == "" and m.re is _implied_unit_re():
        unit = next(u for noun, u in lexicon.cues()["implied_unit_nouns"].items() if doc.norm.startswith(noun, m.end()))
    elif unit == "":
        unit = "元"  # an amount written without its 元 (_implied_money_re)
    if unit in ("万元", "亿元"):
        mags, unit = (m.group("mag1") or "") + unit[0] + (m.group("mag2") or ""), "元"
    else:
        mags = (m.group("mag1") or "") + (m.group("mag2") or "")
    value = _value(m.group("num"), mags) if m.group("tail") is None else _two_magnitudes(m, unit)
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


def _tenths(doc: Doc, m: re.Match[str], periods: list[Period]) -> FigureMention:
    start = m.start()
    fig = FigureMention(start=start, end=m.end(), value=10 * ("一二三四五六七八九".index(m.group("num")) + 1), unit="%",
                        approx=_approx_of(m.group("pre"), m.group("post")), raw=doc.text[start:m.end()])
    _measure(doc, fig, periods)
    fig.period_start, fig.period_end = _period_for(doc, periods, fig.start)
    return fig


def _fraction(doc: Doc, m: re.Match[str], periods: list[Period]) -> FigureMention | None:
    """A fraction as a share: in per cent (to two decimals), per mille for 千分之."""
    part = _value(m.group("num"), "")
    whole = {"百": 100, "千": 1000}.get(m.group("den")) or _value(m.group("den"), "")
    if part is None or not whole or part >= whole:
        return None
    value = part if whole in (100, 1000) else round(100 * part / whole, 2)
    value = int(value) if value == int(value) else value
    fig = FigureMention(start=m.start(), end=m.end(), value=value, unit="‰" if whole == 1000 else "%",
                        approx=_approx_of(m.group("pre"), m.group("post")), raw=doc.text[m.start():m.end()])
    _measure(doc, fig, periods)
    fig.period_start, fig.period_end = _period_for(doc, periods, fig.start)
    return fig


def _two_magnitudes(m: re.Match[str], unit: str) -> float | int | None:
    """The value of 252万4,500 or 1亿8361万: the head in its magnitude plus a tail smaller
    than that magnitude; None for anything else (a second magnitude after the tail)."""
    mag1 = m.group("mag1")
    if m.group("mag2") or unit != m.group("unit"):
        return None
    head, tail = _value(m.group("num"), mag1), _value(m.group("tail"), m.group("tailmag"))
    if head is None or tail is None or tail >= lexicon.cues()["magnitudes"][mag1[-1]]:
        return None
    value = round(head + tail, 6)
    return int(value) if value == int(value) else value


@cache
def _stops_after(unit: str) -> tuple[str, ...]:
    """cues.yaml `unit_stop_after` of a unit, as a tuple for str.startswith."""
    return tuple(lexicon.cues()["unit_stop_after"].get(unit, []))


def _keep(doc: Doc, m: re.Match[str]) -> bool:
    text = doc.norm
    start, end = m.start(), m.end()
    if start > 0 and text[start - 1] in "第#·" or (m.group("pre") is None and start > 0 and (text[start - 1].isdigit() or _LATIN.match(text, start - 1))):
        return False  # 第3起, 12#, G1652次 (a train), iPhone 14: a number in a name or an order
    unit = m.group("unit")
    if text.startswith(_stops_after(unit), end):
        return False
    if m.group("pre") is None and not m.group("num")[:1].isascii() and _in_place_name(doc, start):
        return False  # 五家渠市, 六盘水市: numerals and a counter that begin a place's name
    if m.group("num") == "一" and m.group("unit") in lexicon.cues()["one_counters"] and not _keep_one(doc, m):
        return False  # 一套严密的机制, 一处地方: a count of one that is no seizure
    if m.group("num") in ("百", "千", "万", "亿") and (text[end:end + 1] in ("百", "千", "万", "亿") or m.group("pre") is None and not (
            text.startswith(("余", "多"), m.end("num")) or (m.group("post2") or "").startswith("之"))):
        return False  # 千家万户, 线上千人: a bare magnitude paired in an idiom, or with no bound, counts nothing
    if _CONVERSION.search(text, max(0, start - 4), start) or (
            unit in lexicon.cues()["foreign_currencies"] and _CONVERSION_NOTE.search(text, max(0, start - 14), start)):
        return False  # 近300亿元（约360亿港元）, 2,770亿元(人民币‧下同,约3,324亿港元): that amount again
    if m.group("pre") is None and _REFERS_BACK.search(text, max(0, start - 3), start):
        return False  # 这三个账号, 以上三人: things counted before, not a new count
    if m.group("pre") is None and unit == "人" and m.group("num") in ("两", "二", "三", "俩") \
            and clause_opening().fullmatch(text, max(doc.clause_start(start), doc.sentence_at(start).start), start):
        return False  # 虽然未曾谋面，但两人在网络上…, 两人均如实陈述: the persons told of, as a subject, not a count
    if m.group("pre") is None and _rank_re().search(text, max(0, start - 12), start):
        return False  # 居全省前三位, 排名前5名: a place in a ranking, not a count
    if ("以上" in text[end - 2:end + 3] or "以下" in text[end - 2:end + 3]) and (
            _threshold_re().match(text, end) or text[end - 2:end] == "以上" and _threshold_re().match(text, end - 2)):
        return False  # 损失30万元以上的案件: the bound of a class of cases
    if start > 0 and text[start - 1] == "等" and any(
            c.start < start and end < c.end and c.role == "titled" and not c.props.get("shared_tail") and text[start - 1:end] in c.name
            for c in doc.mentions_in(max(0, start - 30), end + 40, "Case")):
        return False  # 林某亮等11人诈骗案: the count in a case's title, as courts write it, is no figure
    if m.group("pre") is None and text[start - 1:start] in ("”", "\"", "」") and unit in ("起", "宗", "个") and any(
            c.role == "numbered" and c.start < start < c.end for c in doc.mentions_in(max(0, start - 20), end + 30, "Case")):
        return False  # “11.28”、“11.30”两起特大电信诈骗专案: the count of the cases just named
    # A number in a name: “4·01”, 5·10, “四件套”; 12381 followed by a noun without a unit never gets here.
    opening = text.rfind("“", max(0, start - _QUOTED_NAME), start + 1)
    closing = text.find("”", end, end + _QUOTED_NAME)
    return not (opening >= 0 and closing >= 0 and not re.search("[“”\"]", text[opening + 1:closing])
                or start > 0 and text[start - 1] in "\"'‘" and text[end:end + 1] in "\"'’")


def _in_place_name(doc: Doc, start: int) -> bool:
    """Whether `start` is inside a place of the gazetteer as written (kg.extract.names.place_hits)."""
    from kg.extract.names import place_hits

    hits = place_hits(doc)  # in order of their start, none inside another
    i = bisect.bisect_right(hits, start, key=itemgetter(0)) - 1
    return i >= 0 and start < hits[i][1]


def _keep_one(doc: Doc, m: re.Match[str]) -> bool:
    """A count of one with a counter of things (cues.yaml `one_counters`) is a figure where it
    closes a noun phrase (设备一套、手机一部。) or a seizure verb stands a few characters before it
    in its clause (捣毁福建一处窝点, 查获了一部手机)."""
    text, start = doc.norm, m.start()
    if m.group("pre") is None and text[m.end():m.end() + 1] in "。，,、；;)）(（" and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
        return True
    clause = max(text.rfind(c, max(0, start - 12), start) for c in "，,。；;：:、") + 1
    return any(v in text[max(clause, start - 8):start] for v in lexicon.cues()["seizure_verbs"])


_LATIN = re.compile("[A-Za-z]")
_CONVERSION = re.compile(r"元[(（](?:折合|约合|合|即)?$")
_CONVERSION_NOTE = re.compile(r"元[(（][^()（）]{0,12}$")
# Words before a count that point back at things already counted (这三个, 该两起, （以上三人）.
_REFERS_BACK = re.compile(r"(?:这|那|此|该|上述|[(（]以上)$")


@lru_cache(maxsize=1)
def _rank_re() -> re.Pattern[str]:
    """A verb of ranking, the field ranked in, then 前 right before the number (cues.yaml rank_verbs)."""
    return re.compile(rf"(?:{lexicon.alternation('rank_verbs')})[^,，。;；:：\d]{{0,6}}?前$")


@lru_cache(maxsize=1)
def _threshold_re() -> re.Pattern[str]:
    """An amount bounding a class of cases (cues.yaml `threshold_nouns`): 以上/以下 and the class
    (30万元以下案件, 50万元以上的重大案件), a few words of crime after 的 or without it (以上的电信网络诈骗案件,
    5万元以上诈骗案件; the class elided before its count: 50万元以上案件122起，100万元以上的31起), and a
    list of further bounds before it (10万元以上、50万元以上、100万元以上的…案件); a size bounding a
    class of gangs (cues.yaml `threshold_groups`: 10人以上黑灰产业团伙)."""
    cues = lexicon.cues()
    nouns = "|".join(sorted(map(re.escape, cues["threshold_nouns"]), key=len, reverse=True))
    grades = "|".join(sorted(map(re.escape, cues["threshold_grades"]), key=len, reverse=True))
    groups = "|".join(sorted(map(re.escape, cues["threshold_groups"]), key=len, reverse=True))
    return re.compile(rf"及?(?:以上|以下)(?:[、和及或][^,，。;；:：、]{{1,12}}?(?:以上|以下))*"
                      rf"(?:的?(?:{grades})?(?:{nouns})|的[^,，。;；:：、的]{{1,12}}?(?:{nouns})|[^,，。;；:：、的\d]{{1,8}}?(?:{nouns})|的?[^,，。;；:：、的\d]{{0,8}}?(?:{groups})"
                      rf"|的?(?=[\d一二三四五六七八九十两百千]+(?:起|件|宗)))")
_QUOTED_NAME = 3  # characters between a quote and a number inside a short quoted name (“四件套”)




_COMPARED = re.compile(r"(与|比|较)([^,，;；。]{1,8})(相比|同期)")
_ORDINAL_OR_BATCH = re.compile(r"(第\d+|批)$")
# (A line break or a headline's space ends it: what follows is the next line's or clause's.)
_TAIL_NOUN = re.compile(r"[^,，;；。、:：《“‘\"(（\d\n \u3000]{1,24}?(?=[,，;；。、:：《“‘\"(（\d\n \u3000]|在|的|均|免|$)")
_PARTNER_HEAD = re.compile(r"\s*(会同|联合|与|和)")
# What ends a figure's segment (kg.extract.figures._segment_start): a clause break (Doc.clause_breaks), a line's
# end, a quote.
# A space between two words of a headline parts its clauses (破获特大电信网络诈骗案 抓获犯罪嫌疑人72名).
_SEGMENT_MARKS = re.compile("[,，;；。:：\n“”]|(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")


def _marks(doc: Doc, pattern: re.Pattern[str]) -> list[int]:
    """The positions of the characters `pattern` matches in the text, found once a document."""
    key = "marks " + pattern.pattern
    if key not in doc.cache:
        doc.cache[key] = [m.start() for m in pattern.finditer(doc.norm)]
    return doc.cache[key]


def _last_mark(marks: list[int], floor: int, pos: int) -> int:
    """The last of `marks` in [floor, pos), else -1: what the largest of `text.rfind(c, floor,
    pos)` over the marked characters c gives, without reading the text again."""
    i = bisect.bisect_left(marks, pos) - 1
    return marks[i] if i >= 0 and marks[i] >= floor else -1


def _change_marker(doc: Doc, pos: int) -> str | None:
    """The comparison words governing a percentage at `pos`, if it is a change."""
    text = doc.norm
    clause_start = doc.clause_start(pos)
    before = text[clause_start:pos]
    cues = lexicon.cues()
    if not any(v in before for v in cues["change_verbs"]):
        return None  # a change needs a verb
    if any(marker in before for marker in cues["change_markers"]) or _COMPARED.search(before):
        return before.strip()
    return None


def _attach_changes(doc: Doc, changes: list[tuple[re.Match[str], str]]) -> list[re.Match[str]]:
    """Give each change to its figure: in order after 分别, else to the nearest before.
    A change belongs to a figure when its clause adds to that figure's (…4.2万个，同比
    上升28.5%) or shares it, or when its clause names the measures of figures given before
    it in the paragraph (破案数、抓获数分别同比上升30%、20%); one whose clause names a
    measure no figure before has (立案数同比下降12.8%) is a figure of its own. Returns the
    changes that found no figure."""
    orphans: list[re.Match[str]] = []
    groups: list[list[tuple[re.Match[str], str]]] = []
    for m, marker in changes:
        # 6.1%、29.1% and 6.1%,、29.1% (a scraped page's stray commas) are one list.
        if groups and _continues(doc, groups[-1][-1][0], m):
            groups[-1].append((m, marker))
        else:
            groups.append([(m, marker)])
    starts = [f.start for f in doc.figures]  # figures so far are in text order
    for group in groups:
        first = group[0][0]
        named = _named_targets(doc, starts, first.start(), len(group))
        if named is not None:
            for fig, (m, marker) in zip(named, group, strict=False):
                if fig is None:
                    orphans.append(m)
                else:
                    fig.change = _change_text(marker, doc.norm[m.start():m.end()])
            continue
        sentence = doc.sentence_at(first.start())
        lo, hi = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, first.start())
        before = [f for f in doc.figures[lo:hi] if f.unit != "%"]
        one = _named_target(doc, first.start(), before) if len(group) == 1 else None
        if one is not None:
            one.change = _change_text(group[0][1], doc.norm[first.start():first.end()])
            continue
        if not before or not _adds_to(doc, before[-1], first.start()):
            orphans.extend(m for m, _marker in group)
            continue
        targets = before[-len(group):] if len(group) > 1 else [before[-1]]
        for fig, (m, marker) in zip(targets, group, strict=False):
            fig.change = _change_text(marker, doc.norm[m.start():m.end()])
    return orphans


def _continues(doc: Doc, previous: re.Match[str], m: re.Match[str]) -> bool:
    """Whether `m` is the next item of a list after `previous` (6.1%、29.1%; 6.1%,、29.1%)."""
    between = doc.norm[previous.end():m.start()].replace(" ", "")
    return between == "" or between.strip(",，") in ("、", "和", "及", "与")


_MEASURE_LIST = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:(?:、|和|及|与)[\u4e00-\u9fff]{2,10}?)+)(?=同比|环比|分别|均|较|比)")
_MEASURE_NAME_TAIL = re.compile(r"(?:数量|数|量)$")


def _named_targets(doc: Doc, starts: list[int], pos: int, count: int) -> list[FigureMention | None] | None:
    """The figures a list of changes at `pos` is said of when its clause opens with a list
    of their measures (破案数、抓获数、止付金额分别同比上升…): per name, the latest figure
    of the paragraph before whose measure holds it (破案数 → 破案), None for a name no
    figure has. None when the clause names no list, or no name is found."""
    clause_start = doc.clause_start(pos)
    m = _MEASURE_LIST.match(doc.norm, clause_start, pos)
    if m is None:
        return None
    names = [_MEASURE_NAME_TAIL.sub("", n) for n in re.split("、|和|及|与", m.group(1))]
    if len(names) != count:
        return None
    para = doc.paragraphs[doc.paragraph_index(pos)] if doc.paragraphs else doc.sentence_at(pos)
    lo = bisect.bisect_left(starts, max(para.start, pos - 3 * CLAUSE_WINDOW))
    candidates = [f for f in doc.figures[lo:bisect.bisect_left(starts, clause_start)] if f.unit != "%" and f.change is None]
    found: list[FigureMention | None] = []
    for name in names:
        hit = next((f for f in reversed(candidates) if len(name) >= 2 and name in f.measure and f not in found), None)
        found.append(hit)
    return found if any(found) else None


_MEASURE_ONE = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?=同比|环比|较去年|较上年|比去年|比上年)")
# What a measure's name counts, by its last word, and the units that count it (案件数 -> 件, 被告人数 -> 人).
_COUNTED_BY = (("案件", ("件", "起", "宗")), ("案", ("件", "起", "宗")), ("人", ("人", "名", "人次")))


def _named_target(doc: Doc, pos: int, before: list[FigureMention]) -> FigureMention | None:
    """The figure a change at `pos` is said of when its clause opens with the name of one measure
    (受理案件664件891人，案件数同比增加174%，被告人数同比增加116%): the latest figure before it in
    its sentence whose unit counts what the name counts (案件数: 件, 起, 宗; 人数: 人, 名), or whose
    measure holds a name of anything else; None where none does (立案数同比下降12.8%: a figure of its own)."""
    clause_start = doc.clause_start(pos)
    m = _MEASURE_ONE.match(doc.norm, clause_start, pos)
    if m is None:
        return None
    name = _MEASURE_NAME_TAIL.sub("", m.group(1))
    if len(name) < 2 or not m.group(1).endswith(("数", "数量")):
        return None
    candidates = [f for f in before if f.change is None and f.end <= clause_start]
    units = next((units for word, units in _COUNTED_BY if name.endswith(word)), None)
    if units is not None:
        return next((f for f in reversed(candidates) if f.unit in units), None)
    return next((f for f in reversed(candidates) if name in f.measure), None)


def _adds_to(doc: Doc, fig: FigureMention, pos: int) -> bool:
    """Whether the change at `pos` is said of `fig`: in its clause, or in a clause that
    opens with the comparison (，同比上升…, ，分别同比…, ，较去年…) right after."""
    clause_start = _last_mark(doc.clause_breaks(), 0, pos) + 1
    if clause_start <= fig.start:
        return True
    note = _NOTE_AFTER.match(doc.norm, fig.end, pos)
    if note is not None and note.end() > clause_start:
        clause_start = note.end()  # 2900余万元（人民币，下同）、同比上升271%: the note's comma ends no clause
    head = doc.norm[clause_start:pos].strip()
    if note is not None:
        head = head.lstrip("、,，")
    opens = tuple(lexicon.cues()["change_markers"]) + ("分别", "均", "与", "比", "较", "增长", "上升", "下降", "增幅", "降幅", "减少", "增加", "提高", "降低")
    return head.startswith(opens) and len(doc.norm[fig.end:clause_start].strip(" ,，;；、和及")) <= 12


# A bracketed note right after a figure (（人民币，下同）, （含港澳台）): no part of the clause.
_NOTE_AFTER = re.compile(r"\s*[(（][^()（）。;；]{1,20}[)）]")


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
    if sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff") <= 4 or _ORDINAL_OR_BATCH.search(words):
        tail = _TAIL_NOUN.match(text[fig.end:fig.end + 32])
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
    floor = max(0, pos - CLAUSE_WINDOW)
    start = max(floor - 1, _last_mark(_marks(doc, _SEGMENT_MARKS), floor, pos)) + 1
    for m in doc.mentions_in(max(0, start - CLAUSE_WINDOW), pos):
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
            marker = _PARTNER_HEAD.match(doc.norm[start:end])
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
