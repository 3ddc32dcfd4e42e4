"""Campaigns (quoted names with 行动/专项行动/活动 cues, lists of them) and cases
(numbered 专案, and cases a body 办理 that the text describes)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.extract.names import left_trim, place_at, place_hits
from kg.extract.persons import MOU_NAME, is_name
from kg.text import finditer_led

_CJK = "\u4e00-\u9fff"
_QUOTED = r"[“\"‘'「『]([^“”\"‘’'「」『』\n]{1,16})[”\"’'」』]"
_VERSION = re.compile(r"^(.+?)[-—–]?((?:19|20)\d{2}|\d+\.\d+|\d{1,2}号)$")  # 云剑2021, 断卡2.0, 长城2号
# “云剑”2020、“长城2号”等专项行动: a year written after the quote is the drive's version (not a date: 2020年).
_AFTER_QUOTE_VERSION = r"[-—–]?(?:19|20)\d{2}(?![\d年月日])"
_NUMBERED_CASE = re.compile(r"^\d{1,2}[·.・]\d{1,2}$")
_SUB_DRIVE = re.compile(r"^([^·•・]{2,8})[·•・][^·•・]{2,8}$")


@lru_cache(maxsize=1)
def _numbered() -> re.Pattern[str]:
    """A numbered case: “4·01”专案, “8·15”特大跨境电信网络诈骗案, “3·27”重特大案件, “11·07专案”
    (the cue inside the quotes; cues.yaml case_cues, case_cues_quoted)."""
    # (“211”案件, “0312”专案: a number of three or four digits, no separator, is a case's only
    # where a case word follows its closing quote, directly or after the crime worked on.)
    plain_cue = lexicon.alternation("plain_number_case_cues")
    crimes = lexicon.alternation("case_crime_words")
    number = (rf"(?:(?:19|20)\d{{2}}[·.・])?\d{{1,2}}[·.・]\d{{1,2}}"
              rf"|\d{{3,4}}(?=[”\"」](?:[{_CJK}]{{0,6}}?(?:{crimes}))?(?:{plain_cue})(?![例卷情发源值]))")
    quoted = lexicon.alternation("case_cues_quoted")
    # “2016·5·3”涉案价值1000多万元的系列特大“虚构办理信用卡案”: what the case involved, closed by
    # 的, may stand between the number and the description (no part of the name); the cue may
    # close a quoted description (“…案”). 涉案 is no cue; nor is a 案 of 案例, 案情, 案发…, but one
    # followed by the 由 that names its handler (“5·12”诈骗案由X侦办) is (案由：, the label, is not).
    plain = r"[^,，。;；:：、“”\"「」!?！？\s]"
    return re.compile(rf"[“\"「]\s*(?P<num>{number})(?:(?P<q>{quoted})[”\"」]|\s*[”\"」](?P<inv>涉案{plain}{{1,16}}?的)?"
                      rf"(?P<desc>{plain}{{0,20}}?(?:(?P<open>[“\"「]){plain}{{1,16}}?)?)"
                      rf"(?<!涉)(?P<cue>{lexicon.alternation('case_cues')})(?![例卷情源值]|发(?!起)|由[:：])(?(open)[”\"」]))")


# 省督“5·03”、部督“12·21”“2·03”特大电信网络诈骗案, 发起“11.11”“4.08”全国集群战役: quoted numbers
# listed (、/和/及, or written one after the other, a tier word 部督/省督 before each) before the one
# that a description and cue follow: each is a case of that description.
_LISTED_NUMBER = re.compile(r"(?:部督|省督)?[“\"「]\s*((?:(?:19|20)\d{2}[·.・])?\d{1,2}[·.・]\d{1,2})\s*[”\"」](?:、|和|及)?$")


# 等(一批|系列|多起)…: the words closing a list of numbered cases (“3.25”、“4.15”等一批有影响的案件),
# no part of any one's name, open with this.
_LIST_CLOSED = "等"


# The count of cases a list of numbered cases is followed by (“11.28”、“11.30”两起特大电信诈骗专案):
# no part of any one's name.
_LISTED_COUNT = re.compile(r"^(?:[两二三四五六七八九十]|\d{1,2})(?:起|宗|个)")


def _code_named(quoted: str, tail: str) -> list[str]:
    """A 专案 named by its quoted code and a description (`tail`: 特大电信诈骗专案) goes by its code
    and 专案 alone too (“11.30”专案), as the police call it (代号“11.28”专案)."""
    return [quoted + "专案"] if tail.endswith("专案") and tail != "专案" else []


def _listed_numbers(doc: Doc, m: re.Match[str], first: dict[str, Mention]) -> None:
    tail = doc.norm[m.end("num") + 1:m.end()].lstrip("”\"」 ")
    if m.group("q") or m.group("inv") or not tail:
        return
    tail = _LISTED_COUNT.sub("", tail, count=1)  # “11.28”、“11.30”两起…专案: each is one of the two
    closed = tail.startswith(_LIST_CLOSED)
    if closed:
        tail = m.group("cue")  # “3.25”、“4.15”等一批有影响的案件: each is its number's case
    # (the last case of the list begins where the places written before its quote do)
    pos = _places_before(doc, m.start())[0]
    head = next((c for c in doc.mentions_in(pos, m.end(), "Case") if c.start == pos), None)
    pos -= len(re.search(r"(?:部督|省督)?$", doc.norm[max(0, pos - 2):pos]).group())
    while (listed := _LISTED_NUMBER.search(doc.norm, max(0, pos - 24), pos)) is not None:
        if head is not None:
            head.props["in_list"] = True  # the last of the list
        q_start = listed.start() + len(re.match(r"(?:部督|省督)?", listed.group()).group())
        q_end = listed.end() - len(re.search(r"(?:、|和|及)?$", listed.group()).group())
        number = re.sub(r"[·.・]", "·", listed.group(1))
        p_start = _places_before(doc, q_start)[0] if q_start == listed.start() else q_start
        if number not in first and not doc.occupied(p_start, q_end):
            name = doc.norm[p_start:q_end] + tail
            # (a case of a list closed by 等 goes by its code alone too: 北辰“3.25”)
            aliases = _code_named(doc.norm[q_start:q_end], tail) + ([doc.norm[p_start:q_end]] if closed else [])
            case = doc.add(Mention("Case", name, p_start, q_end, {"in_list": True, "aliases": aliases}, "numbered"))
            if case.name == name:
                first[number] = case
        pos = min(listed.start(), p_start)


@lru_cache(maxsize=1)
def _described_case() -> re.Pattern[str]:
    """What a code-named 专案 was about, between its quoted name and 专案: a crime (电信诈骗,
    跨境网络赌博), not the work on it (五个环节开展专案攻坚)."""
    return re.compile(rf"[{_CJK}]{{0,6}}?(?:{lexicon.alternation('case_crime_words')})[{_CJK}]{{0,4}}?专案(?![组行])")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = lexicon.cues()
    campaign = "|".join(sorted(map(re.escape, cues["campaign_cues"]), key=len, reverse=True))
    # A run of quoted names, optionally closed by 等, then a cue word (or nothing).
    run = re.compile(rf"((?:{_QUOTED}(?:{_AFTER_QUOTE_VERSION})?\s*[、,和及与]?\s*)+)(等)?\s*({campaign}|专案)?")
    # 司警日前跟进调查一宗骗案: a time word and 跟进 may stand between the body and its verb.
    # 办理了一起涉案人员100余人的…诈骗案: a word ending in 案 that is no case (涉案, 立案) does not close it.
    not_case = "".join(f"(?<!{re.escape(w)})" for w in cues["not_case_words"])
    # (审结此案, 审理该案: an anaphor of a case (cues.yaml anaphors), no description.)
    anaphor = "|".join(map(re.escape, cues["anaphors"]["Case"]))
    case = re.compile(rf"(?:日前|近日|近期|早前|此前)?(?:跟进)?({lexicon.alternation('described_case_verbs')})(?:了)?(?:的)?(一起|一批|一宗)?(?!{anaphor})"
                      rf"([^,，。;；!?]{{1,30}}?案{not_case})(?![件例卷])")
    return run, case


# The verbs a described case follows (cues.yaml described_case_verbs) are where the case pattern's
# matches begin, after at most two words, 4 characters (text.finditer_led).


@lru_cache(maxsize=1)
def _described_cue() -> re.Pattern[str]:
    """After quoted names: a count (三大), a few words describing the drive (治安打击整治,
    法治宣传系列), then a cue: “长风2024”治安打击整治行动, “斩链”“清源”三大战役."""
    return re.compile(rf"(?:[一二三四五六七八九十两]大)?([{_CJK}]{{0,10}}?)({lexicon.alternation('campaign_cues')})")


@lru_cache(maxsize=1)
def _unquoted() -> re.Pattern[str]:
    """An unquoted drive after a verb that starts or follows it: 部署开展打击治理涉缅北电诈犯罪
    专项行动, 根据全国公安机关夏季治安打击整治行动部署."""
    verbs = f"{lexicon.alternation('lead_verbs')}|{lexicon.alternation('campaign_context')}"
    skip = lexicon.cues()["drive_name_skip"]  # 开展了…, 开展为期三个月的…
    return re.compile(rf"(?:{verbs}){skip}([{_CJK}]{{4,16}}?)({lexicon.alternation('unquoted_campaign_cues')})")


@lru_cache(maxsize=1)
def _descriptive() -> re.Pattern[str]:
    """A drive named only by fighting the phenomenon (打击电信诈骗, 防范电信网络诈骗违法犯罪)."""
    verbs = lexicon.alternation("fight_verbs")
    return re.compile(rf"(?:{verbs})+(?:{lexicon.alternation('crime_phenomena')})(?:{lexicon.alternation('phenomenon_tails')})?")


@lru_cache(maxsize=1)
def _lead_verb_before() -> re.Pattern[str]:
    """A verb that starts or carries out a drive (cues.yaml lead_verbs) right before a quote."""
    return re.compile(rf"(?:{lexicon.alternation('lead_verbs')})了?$")


def find_campaigns(doc: Doc) -> None:
    """Add Campaign mentions, and numbered 专案 (cases) written like campaigns."""
    run_re, _ = _patterns()
    suffixes = lexicon.cues()["campaign_name_suffix"] + lexicon.cues()["campaign_name_kept_suffix"]
    for run in run_re.finditer(doc.norm):
        cue = run.group(4) or ""
        names = list(re.finditer(rf"{_QUOTED}((?:{_AFTER_QUOTE_VERSION})?)", run.group(1)))
        for q in names:
            content = q.group(1).strip() + q.group(2).lstrip("-—–")
            start = run.start(1) + q.start()
            end = run.start(1) + q.end()
            if _NUMBERED_CASE.match(content) and cue in ("", "专案"):
                continue  # a numbered case, found below
            if q is names[0] and not content.endswith(tuple(suffixes)) and _fought(doc, start):
                break  # 打击“两卡”专项行动: the quoted words are what is fought, no drive's name
            if cue == "专案" and len(names) == 1:
                # “凤凰行动”专案: a 专案 is a case, whatever its code name; “拔钉子”专案组, a task
                # force under a code name that is no number, is none (a number names its case).
                if doc.norm.startswith("组", run.end()):
                    continue
                doc.add(Mention("Case", doc.norm[start:run.end()], start, run.end(), {}, "numbered"))
                continue
            described_case = _described_case().match(doc.norm, run.end()) if not cue and len(names) == 1 else None
            if described_case:
                # “飓风46号”电信诈骗专案: a code name, the crime worked on, then 专案.
                doc.add(Mention("Case", doc.norm[start:described_case.end()], start, described_case.end(), {}, "numbered"))
                continue
            described = None if cue else _described_cue().match(doc.norm, run.end())
            if described and _generic_description(described.group(1)):
                described = None
            if described and _COUNTED_VISITS.fullmatch(described.group(1)):
                # “映山红”四进活动: the count of places the drive goes into (四进, 五进) names it with the quote.
                content, end = content + described.group(1), end + len(described.group(1))
            if cue and cue != "专案" or described or doc.norm[max(0, start - 2):start] == "代号":
                kind = cue or (described.group(2) if described else "")
                _add_campaign(doc, content, start, end + (len(cue) if q is names[-1] and not run.group(3) else 0), len(names), kind)
            elif any(_base(content).endswith(s) and len(content) > len(s) for s in suffixes):
                _add_campaign(doc, content, start, end, len(names), next(s for s in suffixes if _base(content).endswith(s)))
            elif len(names) == 1 and doc.norm.startswith("工作", run.end()) and _lead_verb_before().search(doc.norm, max(0, start - 8), start):
                # 南宁警方启动“驻村反诈”工作: a quoted name a body starts or carries out as its 工作 is a drive.
                _add_campaign(doc, content, start, end, 1, "")
    for m in _unquoted().finditer(doc.norm):
        start = m.start(1)
        # 根据全国公安机关夏季治安打击整治行动: the body (and 全省, 全市…) is not the drive.
        heads = [h for h in lexicon.agencies()[0].find(m.group(1)) if h[0] == 0]
        if heads:
            start += heads[0][1]
        start += len(re.match(r"(?:全国|全省|全市|全县|全区|各地)?", doc.norm[start:]).group())
        name = doc.norm[start:m.start(2)]
        if _descriptive().fullmatch(name) and m.group(2) not in lexicon.cues()["themed_campaign_cues"]:
            continue  # 开展打击电信诈骗专项行动: the work described, no drive named
        # 开展了为期一年的专项行动: a phrase ending in 的 describes the drive, it does not name it.
        if len(name) >= 4 and not name.endswith("的") and not _generic_description(name, "generic_operation_words") and not doc.occupied(start, m.end()):
            _add_campaign(doc, name + m.group(2), start, m.end(), 1, m.group(2))

    _named_drives(doc)
    _repeats(doc)
    first: dict[str, Mention] = {}
    for m in _numbered().finditer(doc.norm):
        number = re.sub(r"[·.・]", "·", m.group(1))
        count = _LISTED_COUNT.match(m.group("desc") or "") if m.group("inv") is None else None
        involved = (m.start("desc"), m.start("desc") + count.end()) if count else m.span("inv")
        closed = m.group("inv") is None and (m.group("desc") or "").startswith(_LIST_CLOSED)
        if closed:
            involved = (m.start("desc"), m.start("cue"))  # “6.16”等一批有影响的案件: the last of a list
        case = _add_numbered_case(doc, m.start(), m.end(), involved)
        if case is None:
            continue
        code = doc.norm[m.start():m.end("num") + 1]
        aliases = case.props.setdefault("aliases", [])
        if closed:
            aliases.append(doc.norm[case.start:m.end("num") + 1])  # 宁河“6.16”, as the list names it
        aliases.extend(a for a in _code_named(code, doc.norm[m.end("num") + 1:m.end()]) if a != case.name)
        _listed_numbers(doc, m, first)
        if m.group("desc") is not None:
            _locate(doc, case, m.start("desc"))  # “9·20”柬埔寨专案
        # One number is one case in a text: “3·19”专案 and “3·19”特大电信网络诈骗案 too.
        if number in first and first[number] is not case:
            case.props.setdefault("aliases", []).append(case.name)
            case.name = first[number].name
        first.setdefault(number, case)


_COUNTED_VISITS = re.compile(r"[一二三四五六七八九十]进")


@lru_cache(maxsize=1)
def _named_drive_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(pattern)) for name, pattern in lexicon.cues()["named_drives"].items()]


def _named_drives(doc: Doc) -> None:
    """Named drives written without quotes (扫黑除恶专项斗争期间, 公安队伍教育整顿), and the
    national drives quoted without a cue (“断卡”“团圆”为主要内容的…): campaigns by their names."""
    for name, pattern in _named_drive_patterns():
        for m in pattern.finditer(doc.norm):
            if not doc.occupied(m.start(), m.end()):
                aliases = [m.group()] if m.group() != name else []
                doc.add(Mention("Campaign", name, m.start(), m.end(), {"listed": 1, "aliases": aliases}, "named"))
    national = set(lexicon.cues()["national_campaigns"])
    for m in _unquoted_national().finditer(doc.norm):
        if doc.norm[m.start() - 1:m.start()] not in _OPENING_QUOTES and not doc.occupied(m.start(1), m.end(1)):
            doc.add(Mention("Campaign", m.group(1), m.start(1), m.end(1), {"listed": 1}, "named"))
    quoted = list(re.finditer(_QUOTED, doc.norm))
    for i, q in enumerate(quoted):
        content = q.group(1).strip()
        if content in national and not doc.occupied(q.start(), q.end()) and not _fought(doc, q.start()):
            # a list of quoted names counts its members (“断卡”“团圆”: two)
            listed = 1 + sum(1 for o in (quoted[i - 1] if i else None, quoted[i + 1] if i + 1 < len(quoted) else None)
                             if o is not None and (o.end() == q.start() or q.end() == o.start()))
            doc.add(Mention("Campaign", content, q.start(), q.end(), {"listed": listed}, "quoted"))


@lru_cache(maxsize=1)
def _unquoted_national() -> re.Pattern[str]:
    """A national drive's name written without quotes right before a word of its work (断卡线索,
    断流集群): cues.yaml national_campaigns, national_campaign_work."""
    names = "|".join(sorted((re.escape(n) for n in lexicon.cues()["national_campaigns"] if re.fullmatch(r"[\u4e00-\u9fff]{2,}", n)), key=len, reverse=True))
    return re.compile(rf"({names})(?=(?:{lexicon.alternation('national_campaign_work')}))")


_OPENING_QUOTES = frozenset("“\"‘'「『")


def _repeats(doc: Doc) -> None:
    """A drive named once with its cue is that drive wherever the text quotes its name
    again (番禺警方根据“断卡”线索…)."""
    known = {m.name: m for m in doc.mentions if m.type == "Campaign"}
    for q in re.finditer(_QUOTED, doc.norm):
        campaign = known.get(q.group(1).strip())
        if campaign is not None and not doc.occupied(q.start(), q.end()):
            props = {k: v for k, v in campaign.props.items() if k != "aliases"}
            props["listed"] = 1  # quoted alone this time
            doc.add(Mention("Campaign", campaign.name, q.start(), q.end(), props, "repeat"))


def _fought(doc: Doc, start: int) -> bool:
    """开展打击“两卡”专项行动: a verb of fighting, itself the object of a lead verb or opening its
    clause, before the quote (not the end of a drive's name: 夏季治安打击整治“百日行动”); 招募“卡商”
    “卡农”活动, 从事“跑分”活动: a verb of the criminals' deeds (cues.yaml deed_verbs) right before it."""
    return bool(_fought_re().search(doc.norm, max(0, start - 12), start) or _deed_re().search(doc.norm, max(0, start - 4), start))


@lru_cache(maxsize=1)
def _deed_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('deed_verbs_before')})了?$")


@lru_cache(maxsize=1)
def _fought_re() -> re.Pattern[str]:
    before = f"{lexicon.alternation('lead_verbs')}|[,，。;；:：\n]"
    return re.compile(rf"(?:{before})了?(?:{lexicon.alternation('fight_verbs')})$")


def _generic_description(words: str, key: str = "not_campaign_words") -> bool:
    """违法犯罪 (打击“两卡”违法犯罪活动) after quoted names, 统一 or 收网 in an unquoted
    phrase: the words say what is fought or how, not which drive."""
    return any(w in words for w in lexicon.cues()[key])


def _base(content: str) -> str:
    version = _VERSION.match(content)
    return version.group(1) if version else content


def _strip_cue(name: str) -> str:
    """断卡行动 → 断卡; a name that is only the cue stays as it is, and so does one that
    would be left a duration (百日行动, not 百日)."""
    cues = lexicon.cues()
    for suffix in cues["campaign_name_suffix"]:
        if name.endswith(suffix) and len(name) > len(suffix) and not name[: -len(suffix)].endswith(tuple(cues["campaign_cue_bound"])):
            if name[: -len(suffix)].endswith(tuple(cues["campaign_duration_words"])):
                return name
            return name[: -len(suffix)]
    return name


def _add_campaign(doc: Doc, content: str, start: int, end: int, listed: int, kind: str = "") -> None:
    """Add a drive; `kind` is the cue written with it (行动, 宣传月…), which the anaphors that
    name a kind (行动期间) check (kg.extract.anaphors)."""
    if content.startswith(tuple(lexicon.cues()["not_campaign_starts"])):
        return
    # A version keeps its cue (断卡行动2.0) and is PART_OF its base (断卡).
    name = _strip_cue(content)
    props: dict = {"listed": listed}
    version = _VERSION.match(content)
    if version:
        props["parent"] = _strip_cue(version.group(1))
    elif (branch := _SUB_DRIVE.match(name)) and branch.group(1) in lexicon.cues()["national_campaigns"]:
        # 断卡·猎鼠: a nation-wide drive's name, a middle dot and a name of its own is a drive
        # within it (陇风·反诈, of no known drive, stands alone).
        props["parent"] = branch.group(1)
    surface = doc.norm[start:end].strip("“”\"‘’'「」『』")
    props["aliases"] = sorted({content, re.sub(r"[“”\"‘’'「」『』]", "", surface)} - {name})
    added = doc.add(Mention("Campaign", name, start, end, props, "quoted"))
    if added.name == name and kind:
        doc.cache.setdefault("campaign_kinds", {}).setdefault(name, kind)
    if added.start == start and doc.norm[start:start + 1] in "“\"「『":
        # 忻州“霹雳”行动: the place heading a drive's quoted name says whose drive it is; it is
        # written with the drive, no place of the story.
        place = next((h for h in place_hits(doc) if h[1] == start), None)
        if place is not None and not doc.occupied(place[0], place[1]):
            doc.move_start(added, place[0])


def _qualify_numbered(doc: Doc) -> None:
    # “6·18”专案 alone names many cases: 杭州市公安局西湖分局侦破的“6·18”专案 is one.
    for case in [m for m in doc.mentions if m.type == "Case" and m.role == "numbered" and "location" not in m.props]:
        by = re.search(r"(侦破|办理|侦办|查办)的$", doc.norm[max(0, case.start - 5):case.start])
        if not by:
            continue
        body = next((a for a in doc.mentions if a.type == "Agency" and a.end == case.start - len(by.group())), None)
        if body is not None:
            head = body
            while (parent := next((a for a in doc.mentions if a.type == "Agency" and a.end == head.start), None)) is not None:
                head = parent
            doc.move_start(case, head.start)
            case.name = doc.norm[case.start:case.end]
            case.props["handled_by"] = body.name


def _places_before(doc: Doc, q_start: int) -> tuple[int, list[lexicon.Entry]]:
    """The places written right before a case's opening quote (四川南充“4·01”, 北辰“3.25” in a text
    about 天津: a county's short form inside a place the text names) and where they begin."""
    start = q_start
    places: list[lexicon.Entry] = []
    for s, e, entry in reversed([h for h in place_hits(doc) if q_start - 12 <= h[0] and h[1] <= q_start]):
        if e != start:
            break
        start = s
        places.insert(0, entry)
    if not places:
        context = {e.name for _s, _e, e in place_hits(doc) if e.prop("level") in ("province", "city")}
        for n in (3, 2):
            entries = lexicon.county_short_forms().forms.get(doc.norm[max(0, q_start - n):q_start]) if q_start >= n else None
            inside = lexicon.places_inside(entries, context) if entries and context else []
            if inside:
                return q_start - n, inside[:1]
        # 中山“3.17”案: a city's short form too common a word to stand alone (中山, 白银) names the case.
        city = lexicon.withheld_city_forms().get(doc.norm[max(0, q_start - 2):q_start]) if q_start >= 2 else None
        if city is not None:
            return q_start - 2, [city]
    return start, places


def _add_numbered_case(doc: Doc, q_start: int, end: int, involved: tuple[int, int] = (-1, -1)) -> Mention | None:
    # The places written right before the quote belong to the case's name.
    start, places = _places_before(doc, q_start)
    props: dict = {}
    name = doc.norm[start:end]
    if involved[0] >= 0:
        # what the case involved is told of it, not part of its name (the written form an alias)
        props["aliases"] = [name]
        name = doc.norm[start:involved[0]] + doc.norm[involved[1]:end]
    case = doc.add(Mention("Case", name, start, end, props, "numbered"))
    if case.name != name:
        return None
    if places:
        last = places[-1]
        props["location"] = last.name
        doc.mentions.append(Mention("Location", props["location"], start, q_start, {"level": last.prop("level")}, "gazetteer"))
    return case


def find_described_cases(doc: Doc) -> None:
    """`<body>办理的(一起)<description>案` → Case `<body as written>办理的<description>案`;
    a numbered 专案 with no place is named after the body that handled it."""
    _qualify_numbered(doc)
    _handled_described(doc)
    for m in _DISPOSED.finditer(doc.norm):
        if (body := _handler_before(doc, m.start())) is not None:
            _add_described(doc, body, m.group(1), m.end())
    for m in _while_handling().finditer(doc.norm):
        if (body := _handler_before(doc, m.start())) is not None and _one_case_described(m.group(1)) and not _names_case(doc, m):
            _add_described(doc, body, m.group(1) + "案", m.end(), _written_start(doc, body))
    for m in finditer_led(_taken_up(), _taken_up_heads(), doc.norm, _TAKEN_UP_LEAD):
        description = next(g for g in m.groups() if g is not None)
        # 提前介入“5·12”特大电信网络诈骗案: a case the text names is taken up, no case described.
        if (body := _handler_before(doc, m.start())) is None or not _one_case_described(description) or _names_case(doc, m):
            continue
        _add_described(doc, body, description + "案", m.end(), _written_start(doc, body), merge=True)


def find_anaphor_described_cases(doc: Doc) -> None:
    """该院办理的一起…案: a case described after a body written as an anaphor, once the anaphors
    are read (the matches find_described_cases found no body before), named by the body as last
    written in full before it; 侦办该起…案 (the case told before) describes none."""
    for m in doc.cache.pop("described_unbodied", []):
        body = _body_ending_at(doc, m.start())
        if body is None or body.role != "anaphor" or m.group(3).startswith(_ANAPHOR_HEADS):
            continue
        named = [a for a in _named_forms(doc, body) if a.end <= body.start]
        if named:
            _add_described(doc, body, m.group(3), m.end(), written=doc.norm[_written_start(doc, named[-1]):named[-1].end])


def _handled_described(doc: Doc) -> None:
    """`<body>办理的(一起)<description>案` for the bodies written by name; the matches with no body
    before them are kept for find_anaphor_described_cases."""
    _, case_re = _patterns()
    unbodied = doc.cache["described_unbodied"] = []
    for m in finditer_led(case_re, lexicon.cue_re("described_case_verbs"), doc.norm, 4):
        description = m.group(3)
        # 审结“5·12”特大电信网络诈骗案: the case the text names is the one handled, none described.
        if len(description) < 2 or "一" == description[0] or _names_case(doc, m) or _DEFENDANTS_HEAD.match(description):
            continue
        if _GROUP_CASE.fullmatch(description) and not description.startswith(("这", "该", "此")):
            continue  # 侦办白家犯罪集团专案: the case a criminal group names (find_titled_cases), none described
        if _CASE_COUNT.match(doc.norm, m.end()) or _COUNT_ONLY.fullmatch(description):
            continue  # 该院办理的网络交友诈骗案18件156人, 提起公诉1案29人: cases counted, none described
        body = _body_ending_at(doc, m.start())
        if body is None:
            unbodied.append(m)
            continue
        written = _written_start(doc, body)
        if doc.norm[max(0, written - 1):written] == "向":
            continue  # 向X法院提起公诉: the body the case is brought to, not the one that brings it
        if not _quoted_handled(doc, body, m.start(3), m.end()):
            _add_described(doc, body, description, m.end(), written)


def _named_forms(doc: Doc, body: Mention) -> list[Mention]:
    """The mentions that write a body by a name of its own (no anaphor: 该院, 专案组), in the text's order."""
    return [a for a in doc.mentions_in(0, len(doc.norm), "Agency") if a.name == body.name and a.role != "anaphor"]


def _body_ending_at(doc: Doc, pos: int) -> Mention | None:
    """The body whose name ends right at `pos` (X检察院|办理…), if any."""
    return next((a for a in reversed(doc.mentions_in(max(0, pos - 40), pos, "Agency")) if a.end == pos), None)


def _handler_before(doc: Doc, pos: int) -> Mention | None:
    """The body ending right at `pos`, where it is one that handles cases (cues.yaml handler_kinds)."""
    body = _body_ending_at(doc, pos)
    return body if body is not None and body.props.get("kind") in lexicon.cues()["handler_kinds"] else None


def _names_case(doc: Doc, m: re.Match[str]) -> bool:
    """Whether a case the text names begins within the match (审结“5·12”…案): that case is the one
    handled, none is described."""
    return any(c.start >= m.start() for c in doc.mentions_in(m.start(), m.end(), "Case"))


# The marks that open a case's quoted name; a scraped page may open it with a closing mark (保定”王某…案”).
_OPENERS = "“”「\""
_CLOSERS = "”」\""


def _quoted_handled(doc: Doc, body: Mention, start: int, end: int) -> bool:
    """X警方侦办的保定“王某被电信网络诈骗案”: a body's case named in quotes (the place written
    before the quote, if any, heads the name) is that named case, handled by the body, not one
    the body's words describe. Named with its quotes after a place (as 四川南充“4·01”专案), bare
    without one (as 督办‘徐玉玉案’); the written form an alias."""
    if doc.norm[end:end + 1] not in _CLOSERS or not any(q in doc.norm[start:end] for q in _OPENERS):
        return False
    q = max(doc.norm.rfind(c, start, end) for c in _OPENERS)
    if end - q < 3:
        return False
    found = place_at(doc, start, q) if q > start else None
    if q > start and (found is None or found[0] != q):
        return False  # 侦办的一起“…”案: words, not a place, before the quote
    inner = doc.norm[q + 1:end]
    name = doc.norm[start:q] + "“" + inner + "”" if q > start else inner
    written = doc.norm[start:end + 1]
    props: dict = {"handled_by": body.name, "aliases": list(dict.fromkeys(a for a in (written, doc.norm[_written_start(doc, body):end + 1]) if a != name))}
    # (the body written with it, as in a described case: no actor of the sentence)
    case = doc.add(Mention("Case", name, _written_start(doc, body), end + 1, props, "described"), nest=True)
    if case.name == name and q > start:
        _locate(doc, case, start)
    return True


def _written_start(doc: Doc, body: Mention) -> int:
    """Where a body is written from: the bodies it is a unit of, written right before it, with it
    (嘉兴市公安局南湖区分局)."""
    head = body
    while (parent := next((a for a in doc.mentions_in(max(0, head.start - 20), head.start, "Agency") if a.end == head.start), None)) is not None:
        head = parent
    return head.start


@lru_cache(maxsize=1)
def _taken_up() -> re.Pattern[str]:
    """A body taking up one case it describes, written right after it: X检察院对一起…案件提起公诉,
    X检察院受理公安机关移送审查逮捕一起…案, X公安机关成功破获的…案件, X检察院提前介入…案
    X检察院依法批捕一起…案件嫌疑人13人, X检察院审查起诉了这样一起诈骗案件, (经)X检察院提起公诉，一起…案
    一审宣判 (cues.yaml taken_up_decisions, taken_up_transfers)."""
    decisions = lexicon.alternation("taken_up_decisions")
    transfers = lexicon.alternation("taken_up_transfers")
    text = r"[^,，。;；:：!?！？\s]"
    return re.compile(
        rf"(?:依法|日前|近日|近期|及时|主动|已)*(?:"
        rf"对(?:一起|一宗)({text}{{2,30}}?)案件?(?:依法|进行)?(?:{decisions})"
        rf"|受理了?{text}{{0,12}}?(?:{transfers})的?(?:一起|一宗)({text}{{2,30}}?)案(?![件例卷情])"
        rf"|(?:成功|一举)?(?:侦破|破获)的(?:一起|一宗)?({text}{{2,30}}?)案件?(?=[,，。;；])"
        rf"|提前介入了?(?:一起|一宗)?({text}{{2,30}}?)案(?![件例卷情发源值]|由[:：])"
        rf"|(?:{decisions})了?(?:这样)?(?:一起|一宗)({text}{{2,30}}?)案件?(?=[,，。;；\s]|$|嫌疑人|犯罪嫌疑人|被告人)"
        rf"|(?:{decisions})[,，](?:一起|一宗)({text}{{2,30}}?)案件?(?={text}{{0,6}}?(?:宣判|判决|审结|开庭)))")


# How many characters the leading words of _taken_up (依法, 日前, 已…) may take before the part
# _taken_up_heads finds (six of them).
_TAKEN_UP_LEAD = 12


@lru_cache(maxsize=1)
def _taken_up_heads() -> re.Pattern[str]:
    """Where the part of _taken_up after its leading words may begin: its fixed words and a
    procuratorate's decisions (cues.yaml taken_up_decisions)."""
    return re.compile(rf"对(?:一起|一宗)|受理|成功|一举|侦破|破获|提前介入|{lexicon.alternation('taken_up_decisions')}")


def _one_case_described(description: str) -> bool:
    """A description of one case: no bare phenomenon (诈骗), no count or kind of cases (各类,
    多起), nothing left open (…等, …的)."""
    return not (description[0] == "一" or description.endswith(("的", "等")) or description in lexicon.cues()["crime_phenomena"]
                or _CASE_COUNT.match(description) or re.search(r"各类|多起|多宗|系列|这类|此类|该类", description))


def _add_described(doc: Doc, body: Mention, description: str, end: int, start: int | None = None, merge: bool = False,
                   written: str | None = None) -> None:
    """The case `<body as written>办理的<description>案` (`written`: the body's name written
    elsewhere); a case of the same description the same body handled before, or with `merge`
    another body took up before (the title's 检察院提前介入X案, the lead's 公安机关破获的X案件), is
    that case."""
    start = body.start if start is None else start
    name = (written or doc.norm[start:body.end]) + "办理的" + description
    props: dict = {"handled_by": body.name}
    charge = charge_named(description[:-1])
    if charge:
        props["charge"] = charge
    # The same description by the same body (the title's 城阳区检察院办理…案, the lead's 山东省青岛市城阳区
    # 检察院办理了一起…案) is one case too.
    # (岳阳楼区法院审结一起帮信案, then 岳阳楼区人民法院审结一起帮助信息网络犯罪活动案: the same charge,
    # by its short and its full name, is the same description.)
    # (黄梅县检察院起诉一起“手机口”帮信案 (title), 湖北省黄冈市黄梅县人民检察院对一起“手机口”犯罪案依法提起
    # 公诉 (lead): the case a title says a body took up is the one the lead tells that body took up,
    # whatever the words of each.)
    same = next((m for m in doc.mentions if m.type == "Case" and m.role == "described"
                 and (m.name.endswith("办理的" + description) or charge and m.props.get("charge") == charge
                      or _title_and_lead(doc, m.start, start))
                 and (merge or m.props.get("handled_by") == body.name)), None)
    if same is not None and same.name != name:
        props["aliases"] = [name]
        name = same.name
    doc.add(Mention("Case", name, start, end, props, "described"), nest=True)


def _title_and_lead(doc: Doc, first: int, second: int) -> bool:
    """One of two places in the title, the other in the article paragraphs of the lead."""
    lead = doc.lead()
    title, article = lead[0], lead[1:]
    in_lead = any(p.start <= max(first, second) < p.end for p in article)
    return min(first, second) < title.end and in_lead


# 宁津县公安局将这件涉案金额900余万元的特大电信诈骗案成功侦破: a body solving a case it
# describes (这件/这起/一起…的<description>案), the verb after it; 该案 names a case told before.
_DISPOSED = re.compile(r"将(?:这件|这起|这宗|一起|一宗)(?:[^,，。;；!?“”的]{1,20}的)?([^,，。;；!?“”的]{2,20}?案)(?![件例卷情])(?:成功|一举|顺利|全力)?(?:侦破|破获|告破)")


@lru_cache(maxsize=1)
def _while_handling() -> re.Pattern[str]:
    """栾川县检察院在办理一起妨害信用卡管理犯罪案件时: the one case a body was handling (a verb of
    case work, or a procuratorate's 审查) when it did what the sentence tells (时, 中, 过程中)."""
    return re.compile(rf"在(?:{lexicon.alternation('described_case_verbs')}|审查)(?:了)?(?:一起|一宗)([^,，。;；!?“”的]{{2,30}}?)案件?(?:时|中|过程中)")


def charge_named(words: str) -> str | None:
    """The charge a case's description names: 帮助信息网络犯罪活动(案) → 帮助信息网络犯罪活动罪;
    not a phenomenon (诈骗案 is any fraud case, not a charge)."""
    if words in lexicon.cues()["crime_phenomena"]:
        return None
    # 首例帮助信息网络犯罪活动罪(案), 单位帮助信息网络犯罪活动(案): a qualifier before the charge.
    qualifier = next((q for q in lexicon.cues()["case_description_qualifiers"] if words.startswith(q)), "")
    for candidate in dict.fromkeys((words + "罪", words, words[len(qualifier):] + "罪", words[len(qualifier):])):
        hits = lexicon.crimes().find(candidate)
        if hits and hits[0][0] == 0 and hits[0][1] == len(candidate):
            return hits[0][3][0].name
    return None


# A case named by its defendants (张某某等人诈骗、非法拘禁案, 王某诈骗案) or by a criminal
# group (明家跨境犯罪集团案): the name as written.
_DEFENDANT_CASE = re.compile(rf"(?:等\d*[人名]?)?[{_CJK}、()]{{2,30}}?案(?![件例卷情发源值]|由[:：])")
_JUDICIAL_WORDS = re.compile(r"涉嫌|(?<=[人名某])犯|罪(?=一?$|、)|一$")
# What stands between a title's defendants and its charge: 等3人, 涉嫌, 一(案).
_TITLE_FILLER = re.compile(r"^(?:等[\d一二三四五六七八九十两]*[人名]?)?(?:涉嫌)?|一$")
_COUNTED_DEFENDANTS = re.compile(r"等[\d一二三四五六七八九十两百]+名")
_COUNTED_NAMED = re.compile(r"等([\d一二三四五六七八九十两百]+)名(?:被告人|犯罪嫌疑人)")
# 缅北“四大家族”犯罪集团案: the group's name may be quoted; 白家犯罪集团专案 is the police's name of one.
_GROUP_CASE = re.compile(rf"[{_CJK}“”「」]{{2,12}}?(?:跨境)?(?:电信网络)?(?:诈骗)?犯罪集团专?案(?![件例卷])")
# 明家、白家两大犯罪集团案: groups listed with 、 before a count of them (两大, 三个) share the case's
# head; each is a case of its own.
_GROUPS_COUNTED = re.compile(r"([\u4e00-\u9fff]{1,4}?)[两二三四五六七八九十]大")
_GROUP_LISTED = re.compile(r"([\u4e00-\u9fff]{1,4})、$")
_GROUPS_COUNT = re.compile(r"[两二三四五六七八九十]大")


def find_titled_cases(doc: Doc) -> None:
    """Add cases named by their defendants or by a criminal group; the persons and
    charges inside the name stay mentions of their own."""
    _example_cases(doc)
    _headed_cases(doc)
    _shared_head_cases(doc)
    defendants = sorted((p for p in doc.mentions if p.type == "Person" and p.role == "defendant"), key=lambda p: p.start)
    by_start = {p.start: p for p in defendants}
    for person in defendants:
        # 张凯闵、林金德等85人…案: the defendants listed with 、 head the case's name together.
        tail = person
        while doc.norm[tail.end:tail.end + 1] == "、" and tail.end + 1 in by_start:
            tail = by_start[tail.end + 1]
        m = _DEFENDANT_CASE.match(doc.norm, tail.end)
        if not m:
            continue
        # 潘某某、南某甲帮助信息网络犯罪活动一案, 钱某侵犯公民个人信息一案: a charge named without 罪
        # after the last defendant is the case's, and a Crime of the text where the title writes it.
        last = doc.mentions_in(person.start, m.end(), "Person")[-1]
        words = doc.norm[last.end:m.end() - 1]
        crimes = doc.mentions_in(person.end, m.end(), "Crime")
        charge = None if crimes else charge_named(_TITLE_FILLER.sub("", words)) or _counted_title_charge(words)
        if not (crimes or charge or re.search(r"诈骗|犯罪", m.group())):
            continue
        written = doc.norm[person.start:m.end()]
        if _COUNTED_DEFENDANTS.match(doc.norm, person.end) and doc.norm.startswith(tuple(lexicon.cues()["defendant_roles"]), m.end()):
            continue  # 吴某等34名特大…诈骗案被告人: the defendants of a case described, no title
        # 周某等53人涉嫌诈骗罪一案 is the case 周某等53人诈骗案, as courts name it; so is
        # 孙某等18名被告人团伙诈骗案 (孙某等18人团伙诈骗案).
        name = _COUNTED_NAMED.sub(r"等\1人", _JUDICIAL_WORDS.sub("", written[:-1])) + "案"
        props = {"aliases": [written]} if name != written else {}
        case = doc.add(Mention("Case", name, person.start, m.end(), props, "titled"), nest=True)
        if case.name == name and charge:
            start = last.end + len(_TITLE_FILLER.match(words).group())
            doc.mentions.append(Mention("Crime", charge, start, start + len(_TITLE_FILLER.sub("", words)), {}, "titled"))
        # 被告人刘某帮助信息网络犯罪活动一案: the case is its defendant's, as a judged one is; what
        # the text says of him is the case's (one case per defendant: the first named).
        if case.name == name and "等" not in written and not any(c.props.get("defendant") == person.name for c in doc.mentions if c.type == "Case"):
            case.props["defendant"] = person.name
        if case.name == name:
            # 凌某、姚某等21人…案 … 以…罪判处被告人凌某、姚某等18人: the court's judgment of the
            # defendants a title names first is that case's (see _judged_cases).
            case.props["heads"] = [p.name for p in doc.mentions_in(person.start, tail.end, "Person")]
        if case.name == name and (charge or crimes):
            _name_described(doc, charge or crimes[0].name, name)
    _judged_cases(doc)
    _quoted_cases(doc)
    _listed_groups(doc)
    for m in (_GROUP_CASE.finditer(doc.norm) if "犯罪集团案" in doc.norm or "犯罪集团专案" in doc.norm else ()):
        start = m.start() + left_trim(m.group())
        # a quote the name does not close is no part of it (对“缅北明家…案”提起公诉)
        while doc.norm[start] in "“”「」" and not re.search("[”」]", doc.norm[start + 1:m.end()]):
            start += 1
        if any(c.props.get("group_listed") for c in doc.mentions_in(start, m.end(), "Case")):
            continue  # the last clan of a list, read with the others (_listed_groups)
        counted = _GROUPS_COUNTED.match(doc.norm, start, m.end())
        if counted:
            _counted_groups(doc, counted, m.end())
            continue
        if m.end() - start > len("犯罪集团案") + 1:
            case = doc.add(Mention("Case", doc.norm[start:m.end()], start, m.end(), {}, "titled"), nest=True)
            place = next((h for h in place_hits(doc) if h[0] == start and h[1] < m.end()), None)
            if case.start == start and place is not None:
                # 缅北明家跨境犯罪集团案: the place opening a case's name is where it is.
                case.props["location"] = place[2].name
                doc.mentions.append(Mention("Location", place[2].name, place[0], place[1], {"level": place[2].prop("level")}, "gazetteer"))


@lru_cache(maxsize=1)
def _group_list() -> re.Pattern[str]:
    """缅北明家、白家、魏家、刘家等重大跨境犯罪集团案件; 明家、白家犯罪集团案: groups named by their
    clan (cues.yaml clan_group_words: X家) listed with 、, then (等, a few words and) one 犯罪集团案
    they share."""
    clan = f"[{_CJK}](?:{lexicon.alternation('clan_group_words')})"
    return re.compile(rf"({clan}(?:、{clan})+)(?:等)?([{_CJK}]{{0,6}}?)犯罪集团案(件)?(?![例卷])")


def _counted_title_charge(words: str) -> str | None:
    """林某亮等11人诈骗案, 周某等人诈骗案: a title that counts its defendants (等N人) is a judicial
    case's name, and the word after the count names its charge even where the word alone would be
    a phenomenon (诈骗 → 诈骗罪; cues.yaml counted_title_charges). 沈某某诈骗案 (no count) or
    等5人电信诈骗案 (no statute's word) name none."""
    counted = _COUNTED_TITLE.match(words)
    rest = words[counted.end():] if counted else ""
    return rest + "罪" if rest in lexicon.cues()["counted_title_charges"] else None


_COUNTED_TITLE = re.compile(r"等[\d一二三四五六七八九十两百]*[人名](?:涉嫌)?")


def _listed_groups(doc: Doc) -> None:
    """Each clan of a list sharing one group case (see _group_list) is a case of its own,
    `<place><clan>犯罪集团案`: the place written before the first heads every one, and is where
    each is; a case the text names more fully (缅北明家犯罪集团案) is that case."""
    if "犯罪集团案" not in doc.norm or "、" not in doc.norm:
        return
    for m in _group_list().finditer(doc.norm):
        start = m.start(1) + left_trim(m.group(1))
        if doc.occupied(start, m.end()) or _GROUPS_COUNT.search(m.group(2)):
            continue  # (明家、白家两大犯罪集团案: counted, read by _counted_groups)
        place = next((h for h in place_hits(doc) if h[1] == start), None)
        head = doc.norm[place[0]:start] if place is not None else ""
        pos = start
        for item in doc.norm[start:m.end(1)].split("、"):
            name = head + item + "犯罪集团案"
            known = next((c for c in doc.mentions if c.type == "Case" and c.name.endswith(name)), None)
            props: dict = {"aliases": [name]} if known else {}
            props["group_listed"] = True
            if place is not None:
                props["location"] = place[2].name
            doc.add(Mention("Case", known.name if known else name, pos, pos + len(item), props, "titled"))
            pos += len(item) + 1
        if place is not None:
            doc.mentions.append(Mention("Location", place[2].name, place[0], place[1], {"level": place[2].prop("level")}, "gazetteer"))


@lru_cache(maxsize=1)
def _quoted_case() -> re.Pattern[str]:
    """挂牌督办‘徐玉玉案’, 侦破“快递诈骗案”: a case known by a quoted name, right after a verb that
    acts on a case (cues.yaml quoted_case_verbs)."""
    # (破获了一宗名为“3.21王某等人组织他人偷越国(边)境案”的案件: the case a verb acts on, named.)
    return re.compile(rf"(?:{lexicon.alternation('quoted_case_verbs')})了?(?:一[宗起件])?(?:名为|称为|代号为)?"
                      rf"[“‘「\"]([{_CJK}\d·.．、()（）]{{1,30}}?案)[”’」\"]")


def _quoted_cases(doc: Doc) -> None:
    """A quoted name ending in 案 that a body acts on (督办‘徐玉玉案’等62起案件) is a Case, named
    without its quotes; a numbered one (“4·01”专案) is read as such before. 啃下“骨头案”: not after
    a verb of case work, a figure of speech."""
    if "案" not in doc.norm:
        return
    names = lexicon.surnames()
    found = list(_quoted_case().finditer(doc.norm))
    # “徐玉玉案”引发了…: a case known by a person's full name in quotes is one wherever it stands.
    found += [m for m in _NAMED_CASE.finditer(doc.norm) if "某" not in m.group(1) and is_name(m.group(1)[:-1], names)]
    for m in found:
        start, end = m.start(1) - 1, m.end(1) + 1
        # (the person it is named after stays a mention inside it)
        case = doc.add(Mention("Case", m.group(1), start, end, {"aliases": [doc.norm[start:end]]}, "titled"), nest=True)
        if case.name == m.group(1):
            _fold_inner_titles(doc, case)


def _fold_inner_titles(doc: Doc, case: Mention) -> None:
    """“3.21王某等人组织他人偷越国(边)境案”: the case its defendants name inside the quoted name (王某等人
    …案, read before) is the quoted case, wherever the text writes it; that name is its alias."""
    inner = {c.name for c in doc.mentions_in(case.start, case.end, "Case")
             if c is not case and c.name != case.name and case.name.endswith(c.name)}
    for c in doc.mentions:
        if c.type == "Case" and c.name in inner:
            for key, value in c.props.items():
                if key != "aliases":
                    case.props.setdefault(key, value)
            c.name = case.name
    case.props["aliases"] = sorted({*case.props.get("aliases", []), *inner})


_NAMED_CASE = re.compile(rf"[“‘「\"]([{_CJK}]{{2,3}}案)[”’」\"]")


# 张某等116人、罗某等108人、崔某等129人特大跨国电信网络诈骗案: groups of defendants listed with
# 、 before one description; each group's case is named with it.
_GROUP_ITEM = re.compile(r"等[\d一二三四五六七八九十两百]{1,4}[人名]")
_SHARED_TAIL = re.compile(rf"[{_CJK}]{{2,24}}?案(?![件例卷情发源值]|由[:：])")


def _shared_head_cases(doc: Doc) -> None:
    defendants = [p for p in doc.mentions if p.type == "Person" and p.role == "defendant"]
    by_start = {p.start: p for p in defendants}
    done: set[int] = set()
    for person in sorted(defendants, key=lambda p: p.start):
        if person.start in done:
            continue
        items: list[tuple[Mention, int]] = []
        head: Mention | None = person
        while head is not None:
            count = _GROUP_ITEM.match(doc.norm, head.end)
            if count is None:
                break
            items.append((head, count.end()))
            head = by_start.get(count.end() + 1) if doc.norm[count.end():count.end() + 1] == "、" else None
        tail = _SHARED_TAIL.match(doc.norm, items[-1][1]) if len(items) >= 2 else None
        if tail is None or not re.search(r"诈骗|犯罪", tail.group()) and charge_named(tail.group()[:-1]) is None:
            continue
        handlers = _listed_handlers(doc, items[0][0].start, len(items))
        for i, (head, end) in enumerate(items):
            done.add(head.start)
            written = doc.norm[head.start:end]
            name = (written[:-1] + "人" if written.endswith("名") else written) + tail.group()  # 等5名 → 等5人, as courts write it
            props: dict = {"aliases": [written], "shared_tail": True}
            if handlers:
                props["handled_by"] = handlers[i].name
            doc.add(Mention("Case", name, head.start, tail.end() if head is items[-1][0] else end, props, "titled"), nest=True)


def _listed_handlers(doc: Doc, pos: int, n: int) -> list[Mention]:
    """北京、浙江、广东检察机关…起诉A等N人、B等M人、C等K人…案: as many handling bodies, listed
    with 、 in the sentence before the cases, as there are cases take them up in turn."""
    sentence = doc.sentence_at(pos)
    kinds = lexicon.cues()["handler_kinds"]
    bodies = [a for a in doc.mentions_in(sentence.start, pos, "Agency") if a.props.get("kind") in kinds]
    listed = bodies[-1:]
    while len(listed) < len(bodies) and doc.norm[bodies[-len(listed) - 1].end:listed[0].start] in ("、", "和", "及"):
        listed.insert(0, bodies[-len(listed) - 1])
    if len(listed) != n or len({a.name for a in listed}) != n or not _handles_between(doc, listed[-1].end, pos):
        return []
    return listed


def _handles_between(doc: Doc, start: int, end: int) -> bool:
    between = doc.norm[start:end]
    return len(between) <= 30 and not re.search(r"[;；:：]", between) and any(v in between for v in lexicon.cues()["handle_verbs"])


def _name_described(doc: Doc, charge: str, name: str) -> None:
    """X检察院对一起帮助信息网络犯罪活动案提起公诉 … 将潘某某…帮助信息网络犯罪活动一案向…: the case a
    body took up, described by its charge, is the case the text then names by its defendants."""
    for case in doc.mentions:
        if case.type == "Case" and case.role == "described" and case.props.get("charge") == charge and not case.props.get("defendant") \
                and case.name != name:
            case.props.setdefault("aliases", []).append(case.name)
            case.name = name


def _counted_groups(doc: Doc, counted: re.Match[str], end: int) -> None:
    """明家、白家两大犯罪集团案 → 明家犯罪集团案 and 白家犯罪集团案; a group's case the text already
    names more fully (缅北明家犯罪集团案) is that case."""
    head = doc.norm[counted.end():end]
    items = [(counted.start(1), counted.end(1))]
    while (listed := _GROUP_LISTED.search(doc.norm, max(0, items[0][0] - 6), items[0][0])) is not None:
        trim = left_trim(listed.group(1))  # 其中明家、白家
        items.insert(0, (listed.start(1) + trim, listed.end(1)))
        if trim:
            break
    if len(items) < 2:
        return
    for item_start, item_end in items:
        name = doc.norm[item_start:item_end] + head
        known = next((c for c in doc.mentions if c.type == "Case" and c.name.endswith(name)), None)
        doc.add(Mention("Case", known.name if known else name, item_start, item_end, {"aliases": [name]} if known else {}, "titled"))


@lru_cache(maxsize=1)
def _finding() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A court's finding before a charge: 张某犯…罪, 梁定维等22名被告人因犯…罪 (the
    defendant right before), 其行为已构成…罪 (the defendant named earlier in the sentence)."""
    cues = lexicon.cues()
    verbs = lexicon.alternation("finding_verbs")
    roles = lexicon.alternation("defendant_roles")
    direct = re.compile(rf"(等[\d一二三四五六七八九十两]*[名人]?(?:{roles})?)?(?:均|因|已|还)*(?:{verbs})$")
    # 被告人卿某、李某的行为均构成了…罪: 了 may close the verb of a conduct.
    conduct = re.compile(rf"(?:{'|'.join(map(re.escape, cues['conduct_words']))})(?:均|已|还)*(?:{verbs})了?$")
    return direct, conduct


def _judged_cases(doc: Doc) -> None:
    """A court's finding that a defendant committed a charge (判决被告人张某犯帮助信息网络
    犯罪活动罪; 其行为构成诈骗罪) names the tried case `<defendant>(等人)<charge>案`,
    as courts name cases; charges listed with 、 are all its charges. The case is the
    defendant's: a figure said of the defendant is the case's."""
    direct, conduct = _finding()
    tried = _tried_case(doc)
    crimes = [m for m in doc.mentions if m.type == "Crime"]
    crimes.sort(key=lambda m: m.start)
    cases = {m.props.get("defendant"): m for m in doc.mentions if m.type == "Case" and m.props.get("defendant")}
    for m in doc.mentions:
        if m.type == "Case" and m.role == "titled":
            for head in m.props.get("heads", ()):
                cases.setdefault(head, m)
    _sentenced_in_turn(doc, cases)
    if tried is None:
        _joint_findings(doc, direct, crimes, cases)
    i = 0
    while i < len(crimes):
        first = crimes[i]
        charges = [first]
        while i + 1 < len(crimes) and doc.norm[charges[-1].end:crimes[i + 1].start] in ("、", "和", "及"):
            i += 1
            charges.append(crimes[i])
        i += 1
        before = doc.norm[max(0, first.start - 16):first.start]
        person, group, start, end = None, False, first.start, charges[-1].end
        found = direct.search(before)
        if found:
            pos = first.start - len(found.group())
            person = next((p for p in doc.mentions if p.type == "Person" and p.end == pos), None)
            group = bool(found.group(1))
            start = person.start if person is not None else start
        found = conduct.search(before) if person is None else None
        listed: list[Mention] = []
        if found:
            sentence = doc.sentence_at(first.start)
            named = doc.mentions_in(sentence.start, first.start, "Person")
            person = named[-1] if named else None
            start = first.start - len(found.group())
            # 被告人周某、周某某、邝某明知…，3名被告人的行为构成…罪: the case of all of them.
            listed = named[-1:]
            while len(listed) < len(named) and doc.norm[named[-len(listed) - 1].end:listed[0].start].strip(" ,，") in ("、", "和", "及"):
                listed.insert(0, named[-len(listed) - 1])
        if person is None and doc.norm[max(0, first.start - 1):first.start] == "以":
            # 西城区法院以侵犯公民个人信息罪判处沈某有期徒刑一年: the sentence passed on a defendant
            # for the charges names his tried case.
            passed = _SENTENCED.match(doc.norm, charges[-1].end)
            if passed:
                person = next((p for p in doc.mentions_in(passed.end(), passed.end() + 6, "Person")
                               if p.start == passed.end() and p.role == "defendant"), None)
                end = person.end if person is not None else end
                # 以…罪，分别判处被告人龙某、陆某、金某…: the case of all the defendants listed.
                while person is not None and (nxt := next((p for p in doc.mentions_in(end, end + 6, "Person")
                                                           if p.role == "defendant" and doc.norm[end:p.start] in ("、", "和", "及")), None)):
                    listed = listed or [person]
                    listed.append(nxt)
                    end = nxt.end
                # 以…罪判处被告人高某有期徒刑…；判处被告人张某有期徒刑…: a defendant sentenced in a later
                # clause of the sentence, no charge named again, is a co-defendant of the same case.
                after, sentence_end = end, doc.sentence_at(first.start).end
                while person is not None and (more := _SENTENCED_NEXT.search(doc.norm, after, sentence_end)):
                    nxt = next((p for p in doc.mentions_in(more.end(), more.end() + 6, "Person") if p.start == more.end() and p.role == "defendant"), None)
                    if nxt is None or nxt.name == person.name or nxt.name in cases:
                        break
                    listed = listed or [person]
                    listed.append(nxt)
                    after = nxt.end
                # 以诈骗罪判处贺某等40余名被告人…: the case of the defendants he heads.
                heads = _HEADS_GROUP.match(doc.norm, end) if person is not None else None
                if heads:
                    group = f"等{heads.group(1)}人" if heads.group(1) else "等"
            sentence = doc.sentence_at(first.start)
            earlier = next((p for p in doc.mentions_in(sentence.start, first.start, "Person") if p.name in cases), None)
            if person is not None and earlier is not None:
                # 以诈骗罪判处被告人韩某…；以诈骗罪判处被告人宋某等五人…: a co-defendant of the case
                # the sentence passes judgment in.
                cases[person.name] = cases[earlier.name]
                continue
        # 案例一：韩某等六人…诈骗案 … 其行为均已构成诈骗罪: the court's finding charges the titled case;
        # so it does where the finding lists a co-defendant with the one the title names first
        # (胡某、彭某莲犯诈骗罪…一案 … 被告人胡某及彭某莲…其行为已构成诈骗罪).
        titled = next((cases[p.name] for p in [person, *listed] if p is not None and p.name in cases and cases[p.name].role == "titled"), None)
        if titled is not None:
            doc.cache.setdefault("charged", []).extend((titled, c) for c in charges)
            continue
        if person is None or person.props.get("title") or person.name in cases:
            continue
        if tried is not None:
            # The text names the case on trial: the defendant's charges are that case's.
            doc.cache.setdefault("charged", []).extend((tried, c) for c in charges)
            tried.props.setdefault("defendant", person.name)  # what is said of him is the case's
            cases[person.name] = tried
            continue
        stem = "、".join(dict.fromkeys(c.name[:-1] for c in charges))
        defendants = list(dict.fromkeys(p.name for p in listed)) if len(listed) > 1 else [person.name]
        name = "、".join(defendants) + (group if isinstance(group, str) else "等人" if group else "") + stem + "案"
        existing = next((m for m in doc.mentions if m.type == "Case" and m.name == name), None)
        # 审结了一起帮助信息网络犯罪活动案，被告人王某…: the case described before is the defendant's.
        described = next((m for m in doc.mentions if m.type == "Case" and m.role == "described" and not m.props.get("defendant")
                          and m.props.get("charge") == charges[0].name and len(charges) == 1), None) or _only_described(doc)
        if existing is None and described is not None:
            described.props["defendant"] = person.name
            described.props.setdefault("aliases", []).append(name)
            cases[person.name] = described
            continue
        case = existing or doc.add(Mention("Case", name, start, end, {"defendant": person.name}, "judged"), nest=True)
        if case.name == name:
            case.props["defendant"] = person.name
            case.props["defendants"] = defendants
            for defendant in defendants:
                cases.setdefault(defendant, case)


def _only_described(doc: Doc) -> Mention | None:
    """黄梅县检察院起诉一起“手机口”帮信案 … 法院以帮助信息网络犯罪活动罪判处胡某…: the one case a text
    describes, in its lead, by no charge and no defendant, is the case a defendant is then judged in."""
    described = [m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"]
    if len({m.name for m in described}) != 1 or described[0].role != "described":
        return None
    case = described[0]
    if case.props.get("defendant") or case.props.get("charge") or not any(p.start <= case.start < p.end for p in doc.lead()):
        return None
    return case


def _charge_groups(doc: Doc, crimes: list[Mention]) -> list[list[Mention]]:
    """Charges in runs joined by 、/和/及 (诈骗罪、帮助信息网络犯罪活动罪)."""
    groups: list[list[Mention]] = []
    for crime in crimes:
        if groups and doc.norm[groups[-1][-1].end:crime.start] in ("、", "和", "及"):
            groups[-1].append(crime)
        else:
            groups.append([crime])
    return groups


def _listed_before(doc: Doc, last: Mention, start: int) -> list[Mention]:
    """The defendants listed with 、/和/及 that end with `last` (张某、李某、王某犯…罪)."""
    named = doc.mentions_in(start, last.start, "Person")
    persons = [last]
    while named:
        prev = named.pop()
        gap = _LIST_GAP.fullmatch(doc.norm, prev.end, persons[0].start)
        if gap is None or prev.name in {p.name for p in persons}:
            break
        persons.insert(0, prev)
    return persons


def _joint_findings(doc: Doc, direct: re.Pattern[str], crimes: list[Mention], cases: dict[str, Mention]) -> None:
    """Defendants a finding lists (被告人甲、乙、丙犯诈骗罪), or groups of them found guilty of their
    charges in one sentence (…指控被告人甲、乙犯诈骗罪，被告人丙、丁犯帮助信息网络犯罪活动罪), are
    tried in one case: named by its first defendant, 等 and the count of all (甲等4人诈骗、帮助信息网络
    犯罪活动案; up to three are all written, 甲、乙、丙诈骗案), `甲等<charges>案` its alias."""
    findings: dict[int, list[tuple[list[Mention], list[Mention]]]] = {}
    for charges in _charge_groups(doc, crimes):
        first = charges[0]
        found = direct.search(doc.norm[max(0, first.start - 16):first.start])
        if not found or found.group(1):
            continue
        pos = first.start - len(found.group())
        person = next((p for p in doc.mentions if p.type == "Person" and p.end == pos), None)
        if person is None or person.props.get("title"):
            continue
        sentence = doc.sentence_at(first.start)
        findings.setdefault(sentence.start, []).append((_listed_before(doc, person, sentence.start), charges))
    for found_in in findings.values():
        defendants = list(dict.fromkeys(p.name for persons, _ in found_in for p in persons))
        if len(defendants) < 2 or len(defendants) != sum(len(persons) for persons, _ in found_in):
            continue  # one defendant, or one found twice: the findings of single cases
        if any(d in cases for d in defendants):
            continue
        stem = "、".join(dict.fromkeys(c.name[:-1] for _, charges in found_in for c in charges))
        head = "、".join(defendants) if len(defendants) <= 3 else f"{defendants[0]}等{len(defendants)}人"
        name = head + stem + "案"
        start, end = found_in[0][0][0].start, found_in[-1][1][-1].end
        # (郭某等人…案: the first defendant and 等人, as a text that counts none writes it, too.)
        props = {"defendant": defendants[0], "defendants": defendants, "aliases": [f"{defendants[0]}等{stem}案", f"{defendants[0]}等人{stem}案"]}
        case = doc.add(Mention("Case", name, start, end, props, "judged"), nest=True)
        for defendant in defendants:
            cases.setdefault(defendant, case)


# 以诈骗罪判处被告人张某…: a sentence passed for the charges, the defendant right after it.
# After him 等5名被告人 (等5人 in the case's name), 等40余名被告人 or 等人 (等 alone: no exact count).
_HEADS_GROUP = re.compile(r"等(?:([\d一二三四五六七八九十两]{1,3})(?=[名人])|[\d一二三四五六七八九十两百]*[余多]?(?=[名人]))?[名人]")
# 办理(的这起)段某某等63人特大交友诈骗案, 提起公诉的邓志豪、罗家铭等40人…案: a case its defendants
# name (find_titled_cases; full names two or more, as kg.extract.persons reads a gang's), none described.
_DEFENDANTS_HEAD = re.compile(rf"(?:这起|该起|此起)?(?:{MOU_NAME}(?:、{MOU_NAME})*|(?:[{_CJK}]{{2,4}}、)+[{_CJK}]{{2,4}}){_HEADS_GROUP.pattern}")
# 1案, 两案: a count of cases where a description would stand.
_COUNT_ONLY = re.compile(r"[\d一二三四五六七八九十两百千万余多]+案")
_SENTENCED = re.compile(r"[,，]?(?:依法|分别|均)*(?:判处|判决)(?:被告人)?")
_SENTENCED_NEXT = re.compile(r"[;；](?:依法|分别|均|另)*(?:判处|判决)(?:被告人)?")


def _tried_case(doc: Doc) -> Mention | None:
    """The one case a court's text names as the case it tries: a named case (“3·18”…案,
    X专案) in the title or lead, with a trial verb there, and a court in the text."""
    lead = doc.lead()
    named = [m for m in doc.mentions if m.type == "Case" and m.role == "numbered" and any(p.start <= m.start < p.end for p in lead)]
    # One case under two names (the title's “3·18”…案, the lead's X侦破的“3·18”…案) is one.
    distinct = [m for m in named if not any(m.name in o.props.get("aliases", []) for o in named if o is not m)]
    if len(distinct) != 1 or not any(m.type == "Agency" and m.props.get("kind") == "court" for m in doc.mentions):
        return None
    verbs = lexicon.cues()["tried_case_verbs"]
    if not any(v in doc.norm[p.start:p.end] for p in lead for v in verbs):
        return None
    return distinct[0]


# 宣判两起帮助信息网络犯罪活动案件，分别判处被告人杨某…，乔某…: cases of a charge, one per defendant.
_IN_TURN = re.compile(r"(?:宣判|审结|审理|判决)了?(?:[一二两三四五六七八九十\d]+[起件])?([^,，。;；“”]{2,20}?)案件?[,，]?分别(?:判处|判决)")


def _sentenced_in_turn(doc: Doc, cases: dict[str, Mention]) -> None:
    for m in _IN_TURN.finditer(doc.norm):
        charge = charge_named(m.group(1))
        if charge is None:
            continue
        sentence = doc.sentence_at(m.start())
        for person in doc.mentions_in(m.end(), sentence.end, "Person"):
            if person.role != "defendant" or person.name in cases:
                continue
            clause_end = min([p for p in (doc.norm.find(c, person.end, sentence.end) for c in ",，;；。") if p >= 0] + [sentence.end])
            name = person.name + charge[:-1] + "案"
            props = {"defendant": person.name, "charge": charge}
            case = doc.add(Mention("Case", name, person.start, max(clause_end, person.end + 1), props, "judged"), nest=True)
            if case.name == name:
                cases[person.name] = case


# 重点案件，如山东临沂徐玉玉被电信诈骗致死案、广东惠来蔡淑妍被电信诈骗致死案: cases named as examples.
_EXAMPLES = re.compile(r"案件[^。;；:：]{0,12}?[,，](?:如|例如|比如|包括)")
_EXAMPLE = re.compile(rf"[{_CJK}“”\"·\d]{{4,40}}?(?:案件|专案|案)")


def _example_cases(doc: Doc) -> None:
    """Cases named as the examples of a kind of case (…案件，如A案、B案)."""
    for m in _EXAMPLES.finditer(doc.norm):
        pos = m.end()
        while True:
            item = _EXAMPLE.match(doc.norm, pos)
            if item is None or doc.norm[item.end():item.end() + 1] not in ("、", ",", "，", "。", ";", "；", ""):
                break
            case = doc.add(Mention("Case", item.group(), item.start(), item.end(), {}, "titled"), nest=True)
            if case.start == item.start():
                _locate(doc, case, case.start)
            if doc.norm[item.end():item.end() + 1] != "、":
                break
            pos = item.end() + 1


# 案例一：韩某等六人冒充司法工作人员诈骗案, 典型案例2、王某帮助信息网络犯罪活动案, 一、戴春波等32人诈骗案:
# a typical case's heading (案例 and its number, or a numbered heading line alone) names it, as written;
# the sections under it tell that case.
_ORDINAL = r"[(（][一二三四五六七八九十\d]{1,3}[)）]"
_NUMBERED = re.compile(rf"(?:典型)?案例|[一二三四五六七八九十]{{1,3}}[、.．]|{_ORDINAL}")
_HEADED = re.compile(rf"(?:(?:典型)?案例(?:[一二三四五六七八九十\d]{{1,3}}|{_ORDINAL})[:：、.．]?|{_NUMBERED.pattern})\s*([^。;；,，!?！？\n]{{4,60}}?案)$")


def _headed_cases(doc: Doc) -> None:
    headed: list[tuple[int, Mention]] = []
    for index, para in enumerate(doc.paragraphs):
        if para.end - para.start > 70 or not _NUMBERED.match(doc.norm, para.start):
            continue
        m = _HEADED.match(doc.norm, para.start, para.end)
        if m is None:
            continue
        name = _JUDICIAL_WORDS.sub("", m.group(1)[:-1]) + "案"
        props: dict = {"headed": True, **({"aliases": [m.group(1)]} if name != m.group(1) else {})}
        persons = doc.mentions_in(m.start(1), m.end(1), "Person")
        if persons and persons[0].start == m.start(1):
            # 韩某等六人…案: the defendant heading the name; what the text says of him is the case's.
            props["defendant"] = persons[0].name
        case = doc.add(Mention("Case", name, m.start(1), m.end(1), props, "titled"), nest=True)
        if case.start == m.start(1):
            _locate(doc, case, case.start)
            headed.append((index, case))
    if not headed and _CASES_RELEASED.search(doc.norm, 0, doc.lead()[-1].end if doc.lead() else 0):
        _numbered_sections(doc)
    _told_under_heading(doc, headed)


# 省公安厅通报了近期破获的7起典型案例, 发布5起典型案例: a text that releases cases, told one by one.
_CASES_RELEASED = re.compile(r"(?:[\d一二三四五六七八九十两]+起|批)?典型案[例件]|[\d一二三四五六七八九十两]+起案例")
# 1 “杀猪盘”网络诈骗, 二、为赌博网站洗钱: a numbered heading line of its own that names no case.
_SECTION_HEADING = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:[、.．]|\s)\s*([^。;；,，!?！？\n]{3,24})\s*$")


def _numbered_sections(doc: Doc) -> None:
    """A release of cases told under numbered headings that name no case (1 “杀猪盘”网络诈骗 ¶ 我市杏花岭
    警方接到一起…): each section tells one case, `<the first body its story names, as written>办理的
    <the heading's words>案`, handled by that body; the section's figures are that case's."""
    paragraphs = doc.paragraphs
    for index, para in enumerate(paragraphs[:-1]):
        m = _SECTION_HEADING.fullmatch(doc.norm, para.start, para.end)
        if m is None or doc.mentions_in(para.start, para.end, "Case"):
            continue
        story = paragraphs[index + 1]
        first = doc.sentence_at(story.start)
        body = next((a for a in doc.mentions_in(first.start, first.end, "Agency")
                     if a.props.get("level") not in (None, "national") and a.role != "collective"), None)
        if body is None or _SECTION_HEADING.fullmatch(doc.norm, story.start, story.end):
            continue
        start = _written_start(doc, body)
        words = m.group(1).strip()
        name = doc.norm[start:body.end] + "办理的" + words + ("" if words.endswith("案") else "案")
        props = {"handled_by": body.name, "headed": True, "aliases": [words]}
        doc.add(Mention("Case", name, m.start(1), m.start(1) + len(words), props, "described"), nest=True)


def _told_under_heading(doc: Doc, headed: list[tuple[int, Mention]]) -> None:
    """一、戴春波等32人诈骗案 ¶ 2013年8月，北京市海淀区人民法院审结一起跨国团伙电信诈骗案，…: the case
    a section under a typical case's heading first describes is that case, by another name (an
    alias); the body that handled it, as the description says, handles it. 此案 in the section is
    that case too."""
    bounds = [index for index, _ in headed] + [len(doc.paragraphs)]
    for (index, case), end in zip(headed, bounds[1:], strict=True):
        start, stop = doc.paragraphs[index].end, doc.paragraphs[end - 1].end
        for anaphor in doc.mentions_in(start, stop, "Case"):
            if anaphor.role == "anaphor":
                anaphor.name = case.name
        told = next((m for m in sorted(doc.mentions_in(start, stop, "Case"), key=lambda m: m.start)
                     if m.role == "described" and not m.props.get("defendant")), None)
        if told is None or told.name == case.name:
            continue
        for alias in [told.name, *told.props.get("aliases", [])]:
            if alias not in case.props.setdefault("aliases", []):
                case.props["aliases"].append(alias)
        told.props["aliases"] = list(case.props["aliases"])
        told.name = case.name


def _locate(doc: Doc, case: Mention, pos: int) -> None:
    """A place written at `pos` inside a case's name (山东临沂…致死案, “9·20”柬埔寨专案) is
    where the case is: a Location of the text and the case's LOCATED_IN."""
    found = place_at(doc, pos, case.end)
    if found is None or "location" in case.props:
        return
    end, entry = found
    case.props["location"] = entry.name
    doc.mentions.append(Mention("Location", entry.name, pos, end, {"level": entry.prop("level")}, "gazetteer"))


# 破获22万宗…诈骗案, 侦破1.2万余起…案, 团伙17个: a number of cases, gangs or dens (with its
# magnitude) is a count.
_CASE_COUNT = re.compile(r"[\d.,，一二三四五六七八九十两百千万亿余多]+(?:宗|起|件|个|批|伙|处)")


@lru_cache(maxsize=1)
def _bulletin_case() -> re.Pattern[str]:
    """The police's finding of one case: (成功/一举)侦破(了)(一起)<description>案, 打掉一个
    <description>犯罪团伙; the description holds no clause break and no count of cases."""
    verbs = lexicon.alternation("bulletin_case_verbs")
    heads = lexicon.alternation("bulletin_case_heads")
    # A clause that lists (涉及A、B、C三地的) is dropped: the name keeps the words after its 的.
    # A series (系列…案件) may be followed by its count of cases (系列电诈案件8起): one case.
    listing = r"(?:[^,，。;；:：!?！？\s]{1,30}?、[^,，。;；:：!?！？\s]{0,30}?的)?"
    # 侦破这一涉及全国多个省市的…案: after a demonstrative, what qualifies the case up to its 的.
    this = lexicon.alternation("bulletin_case_demonstratives")
    qualified = r"(?:[^,，。;；:：!?！？\s“”]{1,20}?的)?"
    bare_one = lexicon.alternation("bulletin_case_bare_one")
    # (打掉一“杀猪盘”网络诈骗团伙: a quoted kind of fraud after the bare 一 too.)
    return re.compile(rf"({verbs})了?(一起|一个|一伙|一宗|一(?={bare_one}|[“「\"])|(?P<this>{this}){qualified})?{listing}"
                      rf"([^,，。;；:：、!?！？\s]{{2,30}}?)({heads})(?=[,，。;；!！?？\s]|$|{_SERIES_COUNT})")


_FEW = re.compile(r"(?:两|二|三|[23])(?:个|处)")


def _few_dens(m: re.Match[str]) -> str:
    """端掉两个利用GOIP设备实施诈骗的窝点: the two or three dens a bulletin's one raid took are one case;
    the count written before their description (两个), else ''."""
    found = _FEW.match(m.group(4)) if m.group(5).endswith("窝点") else None
    return found.group() if found else ""


def _bare_modifier(words: str) -> bool:
    """以张某为首的, 涉案金额巨大的: words ending in 的 that only say who leads the gang or how big
    it is describe no case; what the gang does (为…引流的, 贩卖电话卡的) does."""
    return words.endswith("的") and (len(words) < 5 or re.search(r"为首的$|[大多高巨重]的$|\d", words) is not None)


def _subject_body(doc: Doc, sentence_start: int, pos: int) -> tuple[int, Mention] | None:
    """The body acting at `pos`: the last one named before it in its sentence that no
    direction word makes a helper (在福建警方配合下 helps, it does not act); the bodies it is
    a unit of, written right before it, are taken in (上海市公安局黄浦公安分局)."""
    direction = lexicon.alternation("direction_words")
    bodies = doc.mentions_in(sentence_start, pos, "Agency")
    for i in range(len(bodies) - 1, -1, -1):
        body = bodies[i]
        if pos - body.end > (120 if _opens_sentence(doc, sentence_start, body) else 30):
            return None
        if re.match(rf"[^,，]{{0,6}}?(?:{direction})下", doc.norm[body.end:pos]):
            continue
        # X派出所联合刑警大队，成功捣毁…: the body a partner word joins acts with the subject.
        if i and doc.norm[bodies[i - 1].end:body.start] in lexicon.cues()["partner_markers"]:
            continue
        return _written_start(doc, body), body
    return None


_ANAPHOR_HEADS = ("该", "此", "本", "其")
_SERIES_COUNT = r"[\d一二三四五六七八九十两]+[起宗件]"


def _title_names_case(doc: Doc, title) -> bool:
    """A title about a case names one (侦破…案, 打掉…团伙, 摧毁…链条; cues.yaml case_title_words),
    not a count of 案件 or 案例."""
    words = lexicon.alternation("case_title_words")
    text = doc.norm[title.start:title.end]
    # 打处“两卡”团伙17个: a count of gangs is no one case.
    return any(not text.startswith(("案件", "案例"), m.start()) and not _CASE_COUNT.match(text, m.end()) for m in re.finditer(words, text))


def _opens_sentence(doc: Doc, sentence_start: int, body: Mention) -> bool:
    """2025年3月7日，X派出所经过…攻坚，成功摧毁…，破获…: a body that opens its clause (after a
    time at most) is the subject of the chain of clauses after it, however long; the bodies it is
    a unit of, written right before it, open it with it."""
    start = _written_start(doc, body)
    before = doc.norm[max(sentence_start, start - 20):start]
    before = re.split(r"[,，;；:：)）]", before)[-1]
    return bool(re.fullmatch(r"\s*(?:[^,，。;；:：]{0,12}?[日月年时]\s*)?", before))


def _solved_in(doc: Doc, paragraphs: list) -> list[tuple[re.Match[str], tuple[int, Mention] | None]]:
    """The first case each paragraph says a body solved (侦破…案, 打掉…团伙), with that body."""
    found: list[tuple[re.Match[str], tuple[int, Mention] | None]] = []
    for para in paragraphs:
        modified = None  # 打掉一个为…转移赃款的团伙: the gang, where no case is named after it
        for m in _bulletin_case().finditer(doc.norm, para.start, para.end):
            # 破获一起诈骗案: a bare phenomenon describes no case.
            # 宣判7宗涉电信诈骗案: a count of cases names no one case.
            # (捣毁一诈骗窝点: a den is a thing, however bare the words before it.)
            den = m.group(5).endswith("窝点")
            words = m.group(4)[len(_few_dens(m)):]
            bare = words in lexicon.cues()["crime_phenomena"] and not den and m.group(2) not in ("一起", "一宗")
            if (doc.norm[m.start(4)] == "一" or words.endswith("等") or _bare_modifier(words) or bare
                    or _CASE_COUNT.match(words)):
                continue
            series = "系列" in m.group(4)
            if m.group(5) == "案件" and not (m.group(2) or series) or re.match(_SERIES_COUNT, doc.norm[m.end():]) and not series:
                continue  # 侦破各类案件, 破获诈骗案件8起: a kind or a count of cases, no one case
            body = _subject_body(doc, doc.sentence_at(m.start()).start, m.start())
            if m.group(4).endswith("的") and m.group(5) != "案":
                modified = modified or (m, body)
                continue
            found.append((m, body))
            break  # one case per paragraph: the first the paragraph says was solved
        else:
            if modified:
                found.append(modified)
    return found


def find_bulletin_cases(doc: Doc) -> None:
    """A bulletin about one case: where the title or the lead says a body solved it
    (黄浦警方破获特大电信网络诈骗案; X县公安局打掉一个跨市“跑分”洗钱犯罪团伙) and no case is
    named in the lead, that is a Case `<body as written>办理的<description>案`, handled by the
    body, its descriptions as written its aliases. The title must name it or be about a case."""
    lead = doc.lead()
    if not lead or any(m.type == "Case" for p in lead for m in doc.mentions_in(p.start, p.end, "Case")):
        return
    title = lead[0]
    found = _solved_in(doc, lead)
    if not any(b is not None for _, b in found) and _title_names_case(doc, title):
        # 抚州警企联手破获电诈团伙 … (two paragraphs on) …成功捣毁一个为…“引流”的犯罪团伙: a title
        # about a case whose lead does not tell it is told in the paragraphs right after.
        found += _solved_in(doc, doc.article_after(lead[-1].start)[:2])
    named = [(m, b) for m, b in found if b is not None]
    pointed = any(m.group("this") for m, _ in named)  # 侦破这一…案: the story's case, whatever the title
    # 近日，重庆垫江警方…成功破获一起“微信”诈骗案件: the lead's first paragraph telling one case solved.
    lead_told = not pointed and not any(m.start() < title.end for m, _ in found) and not _title_names_case(doc, title) \
        and any(m.group(2) in ("一起", "一宗") and len(lead) > 1 and lead[1].start <= m.start() < lead[1].end for m, _ in named)
    if not named or not any(m.start() < title.end for m, _ in found) and not _title_names_case(doc, title) and not pointed and not lead_told:
        if not any(m.type == "Case" for m in doc.mentions):
            _told_case(doc, bool(found) or _title_names_case(doc, title))
        return
    # The article's words name it (fuller than a headline's), else the title's; a body written
    # as an anaphor (该局第二分局) names it only where the lead names the body it stands for.
    written = [(m, b) for m, b in named if not doc.norm.startswith(_ANAPHOR_HEADS, b[0]) or _lead_form(doc, b[1], lead)] or named
    m, (start, body) = next(((m, b) for m, b in written if m.start() >= title.end), written[0])
    if m.start() < title.end:
        # 巫山公安成功打掉一个GOIP涉诈犯罪团伙 (title) … 重庆巫山县公安局刑侦大队…成功打掉一个为…团伙: the
        # lead's body doing the title's deed handles the case.
        start, body = _lead_actor(doc, m.group(1), lead) or (start, body)
    # Its handler is written as the lead first names it: the name an anaphor stands for (记者从福州市公安局
    # 台江分局获悉，该局…), a headline's short form in full (白城洮北警方: 白城市公安局洮北分局), a body's
    # full name before its short one (广东河源市源城公安分局…，源城警方成功端掉…).
    anaphor = doc.norm.startswith(_ANAPHOR_HEADS, start)
    # (该局莲都分局 with the body named only by the title: the title's name.)
    first = _lead_form(doc, body, lead[1:]) or (_lead_form(doc, body, lead[:1]) if anaphor else None)
    if first is not None and (first[0] < start or m.start() < title.end or anaphor):
        start, body = first
    # 捣毁一个为电信网络诈骗“引流”的犯罪团伙: what the gang does, its 的 dropped, describes its case.
    description = m.group(4)[len(_few_dens(m)):].removesuffix("的") + (m.group(5) if m.group(5).endswith("窝点") else "") + "案"
    name = doc.norm[start:body.end] + "办理的" + description
    aliases = list(dict.fromkeys(doc.norm[f.start(4):f.end(5)] if f.group(5) != "案" else f.group(4) + "案" for f, _ in found))
    # 打掉一个藏匿在长春市内为…洗钱的犯罪团伙: where the description says the gang hid is where the case is.
    hideout = next((p for f, _ in found for p in doc.mentions_in(f.start(4), f.end(4), "Location")
                    if _hideout_re().search(doc.norm, max(f.start(4), p.start - 4), p.start)), None)
    for f, b in found:
        start = b[0] if b is not None else f.start(4)
        props = {"handled_by": body.name, "aliases": [a for a in aliases if a != name], "bulletin": True}
        if lead_told:
            props["told"] = True  # the text is about the case its lead tells, whatever its title
        if hideout is not None:
            props["location"] = hideout.name
        doc.add(Mention("Case", name, start, f.end(), props, "described"), nest=True)


@lru_cache(maxsize=1)
def _hideout_re() -> re.Pattern[str]:
    """A verb of hiding or sitting in a place right before it (cues.yaml hideout_verbs)."""
    return re.compile(rf"(?:{lexicon.alternation('hideout_verbs')})$")


def _lead_form(doc: Doc, body: Mention, paragraphs: list) -> tuple[int, Mention] | None:
    """The first name of its own `paragraphs` write `body` by, not after an anaphor (该局莲都分局):
    where it is written from, and that mention."""
    written = ((_written_start(doc, a), a) for a in _named_forms(doc, body) if any(p.start <= a.start < p.end for p in paragraphs))
    return next(((start, a) for start, a in written if not doc.norm.startswith(_ANAPHOR_HEADS, start)), None)


def _lead_actor(doc: Doc, verb: str, lead: list) -> tuple[int, Mention] | None:
    """The body of the lead's article paragraphs that does `verb` (the title's deed), written by a
    name of its own: where it is written from, and the body."""
    for para in lead[1:]:
        for found in re.finditer(re.escape(verb), doc.norm[para.start:para.end]):
            pos = para.start + found.start()
            acting = _subject_body(doc, doc.sentence_at(pos).start, pos)
            if acting is not None and not doc.norm.startswith(_ANAPHOR_HEADS, acting[0]):
                return acting
    return None


# 长春市双阳区发生一起电信诈骗案: a case said to happen at a place; 这起看似单一的电诈案: the case
# the text has been telling (a victim's loss, his report to the police).
_HAPPENED = re.compile(r"发生了?(?:一起|一宗)([^,，。;；:：、!?！？\s的]{2,20}?)案件?(?=[,，。;；])")
_THIS_CASE = re.compile(r"这起(?:[^,，。;；:：!?！？“”]{0,12}?的)?([^,，。;；:：、!?！？\s“”的]{1,12}?)案(?![件例卷情发源值]|由[:：])")


def _told_case(doc: Doc, title_about_case: bool) -> None:
    """A text that names no case but tells one: where a title about a case (打掉…团伙) is
    followed by the case's happening at a place (X发生一起…案), the first body that takes it up
    after it handles it, and the place is where it is; where the text refers to the case it has
    told (这起…案), the body named last before it in its paragraph (向X报案) handles it. Named
    `<body as written>办理的<description>案`, the text's form an alias."""
    if title_about_case:
        for m in _HAPPENED.finditer(doc.norm):
            place = next((h for h in place_hits(doc) if h[1] == m.start()), None)
            body = next((a for a in doc.mentions_in(m.end(), min(len(doc.norm), m.end() + 400), "Agency")), None)
            if place is None or body is None or doc.sentence_index(body.start) - doc.sentence_index(m.start()) > 3:
                continue
            props = {"handled_by": body.name, "aliases": [doc.norm[m.start() + 2:m.end()].lstrip("了")], "bulletin": True, "location": place[2].name,
                     "told": True}
            written = doc.norm[body.start:body.end]
            doc.add(Mention("Case", written + "办理的" + m.group(1) + "案", m.start(), m.end(), props, "described"), nest=True)
            doc.mentions.append(Mention("Location", place[2].name, place[0], place[1], {"level": place[2].prop("level")}, "gazetteer"))
            return
    for m in _THIS_CASE.finditer(doc.norm):
        para = doc.paragraphs[doc.paragraph_index(m.start())]
        bodies = doc.mentions_in(para.start, m.start(), "Agency")
        if not bodies or doc.sentence_index(m.start()) - doc.sentence_index(bodies[-1].start) > 1:
            continue
        body = bodies[-1]
        props = {"handled_by": body.name, "aliases": [m.group()], "told": True}
        doc.add(Mention("Case", doc.norm[body.start:body.end] + "办理的" + m.group(1) + "案", m.start(), m.end(), props, "described"), nest=True)
        return
    _reported_case(doc)
    title = doc.lead()[0]
    if not any(m.type == "Case" for m in doc.mentions) and (_title_names_case(doc, title) or _arrest_told(doc, title)):
        _caught_case(doc)


@lru_cache(maxsize=1)
def _arrest_re() -> re.Pattern[str]:
    """抓获利用伪基站实施诈骗犯罪嫌疑人2名, 抓获3名电诈“车手”: an arrest verb (cues.yaml base_arrest), what
    the suspects did or how many they were, and a word for them (suspect_words, or a count of persons).
    Not a total (共抓获, 累计抓获)."""
    suspects = lexicon.alternation("suspect_words")
    return re.compile(rf"(?<![共计])(?:{lexicon.alternation('base_arrest')})了?([^,，。;；:：!?！？\s]{{0,24}}?)"
                      rf"(?:(?:{suspects})|(?<![\d一二三四五六七八九十两])(?=[\d一二三四五六七八九十两]{{1,3}}名))")


def _arrest_told(doc: Doc, title) -> bool:
    """A title telling of suspects caught (西固警方抓获两名嫌疑人, 两日内抓获3名电诈“车手”)."""
    return _arrest_re().search(doc.norm, title.start, title.end) is not None


def _caught_case(doc: Doc) -> None:
    """A bulletin about suspects caught, whose lead says a local body caught them (西固公安分局刑侦一大队…
    成功抓获利用伪基站实施诈骗犯罪嫌疑人2名) and names no case: the case it tells, `<body as written>
    办理的<what the suspects did, else the fraud the lead names>案`, handled by that body."""
    # The lead's first article paragraph tells the arrest, or none does; where it tells the fraud
    # reported instead (受害人陈某到雷山公安局报案称…), the title's own arrest (雷山县公安局在安顺抓获
    # 疫情期间网售口罩诈骗嫌疑人) does.
    lead = doc.lead()
    article = lead[1:2] + (lead[:1] if len(lead) > 1 else [])
    for para in article:
        for m in _arrest_re().finditer(doc.norm, para.start, para.end):
            sentence = doc.sentence_at(m.start())
            found = _subject_body(doc, sentence.start, m.start())
            if found is None or _scope_collective(doc, found[1]) or found[1].props.get("level") in (None, "national", "provincial"):
                continue
            if _many_cases_re().search(doc.norm, sentence.start, sentence.end) or doc.mentions_in(sentence.start, sentence.end, "Campaign"):
                return  # 集中打击…抓获…16人，破获…案件8起; 开展…专项行动，抓获…35名: a drive's work, many cases
            start, body = found
            did = _PERSONS_COUNTED.sub("", m.group(1)).removesuffix("的")
            specific = len(did) >= 4 and not re.search(r"[\d名人]", did)
            if para is lead[0] and (not specific or did in lexicon.cues()["crime_phenomena"]):
                return  # (a title's arrest names the case only by what the suspects did)
            description = did + "案" if specific else _fraud_told(doc.norm[para.start:para.end])
            props = {"handled_by": body.name, "told": True, "bulletin": True}
            doc.add(Mention("Case", doc.norm[start:body.end] + "办理的" + description, m.start(), m.end(), props, "described"), nest=True)
            return


@lru_cache(maxsize=1)
def _many_cases_re() -> re.Pattern[str]:
    """A sentence about many cases or a drive: a count of cases (案件8起), a change (同比, 环比), a period's
    totals (今年以来), a drive's words (专项, 集中, cues.yaml campaign_cues)."""
    return re.compile(rf"案件?[\d一二三四五六七八九十两]+[起宗件]|同比|环比|以来|专项|集中|{lexicon.alternation('campaign_cues')}")


# 两名, 3名: the count of suspects before what they did.
_PERSONS_COUNTED = re.compile(r"^[\d一二三四五六七八九十两]{1,3}名")


@lru_cache(maxsize=1)
def _report_taken() -> re.Pattern[str]:
    """接到高某报警称, 接报案后: cues.yaml report_takers, a few words of who reports, report_words and
    report_follow."""
    takers, words, follow = (lexicon.alternation(k) for k in ("report_takers", "report_words", "report_follow"))
    return re.compile(rf"(?:{takers})[^,，。;；:：!?！？\s]{{0,12}}?(?:{words})(?:{follow})")


def _reported_case(doc: Doc) -> None:
    """X县公安局接到高某报警称，其遭受到电信诈骗; X市公安机关接报案后，当即…: a body that takes one
    person's report of a fraud (the report told, 称, or acted on, 后) handles the case the text
    tells from there, named `<body as written>办理的<the fraud as the report's sentence names it>案`.
    A count of reports (接报警情1200起) is work, no case."""
    for m in _report_taken().finditer(doc.norm):
        sentence = doc.sentence_at(m.start())
        found = _subject_body(doc, sentence.start, m.start())
        if found is None or _scope_collective(doc, found[1]) or re.search(r"\d", doc.norm[found[1].end:m.end()]):
            continue
        start, body = found
        description = _fraud_told(doc.norm[m.start():doc.sentence_at(min(len(doc.norm) - 1, sentence.end + 1)).end])
        props = {"handled_by": body.name, "told": True}
        doc.add(Mention("Case", doc.norm[start:body.end] + "办理的" + description, m.start(), m.end(), props, "described"), nest=True)
        return
    _case_taken_up(doc)


def _fraud_told(told: str) -> str:
    """A described case's description: the kind of fraud `told` names (冒充公检法诈骗), else 诈骗, and 案."""
    fraud = lexicon.cue_re("crime_phenomena").search(told)
    return (fraud.group() if fraud and fraud.group().endswith("诈骗") else "诈骗") + "案"


@lru_cache(maxsize=1)
def _taken_up_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    takers, words = lexicon.alternation("report_takers"), lexicon.alternation("report_words")
    after = re.compile(rf"(?:^|(?<=[,，。;；\s]))(?:{lexicon.alternation('report_after')}|(?:{takers})[^,，。;；:：!?！？\s\d]{{0,12}}?(?:{words})后)[,，]?")
    handling = re.compile(rf"[^,，。;；:：]{{0,16}}?((?:{'|'.join(lexicon.cues()['report_handling'])}))")
    return after, handling


def _case_taken_up(doc: Doc) -> None:
    """案发后，共和县公安局抽调16名精干警力组成专案组 / 接到报警后，县局迅速成立专案组: after the
    report or the fraud, the body that sets to work on it in its own clause (cues.yaml
    report_handling) handles the case the text tells, named `<body as written>办理的<the fraud as
    the text names it>案`. A body a leader of which only attends to it does not."""
    after, handling = _taken_up_re()
    for m in after.finditer(doc.norm):
        sentence = doc.sentence_at(m.start())
        for body in doc.mentions_in(m.end(), sentence.end, "Agency"):
            work = handling.match(doc.norm, body.end)
            if _scope_collective(doc, body) or work is None or lexicon.cue_re("report_leaders").search(work.group()):
                continue
            # (Written as its name ends, 苍溪县公安局, rather than as the press calls it, 苍溪警方.)
            forms = _named_forms(doc, body)
            written = next((a for a in forms if body.name.endswith(doc.norm[a.start:a.end])), forms[0] if forms else body)
            description = _fraud_told(doc.norm[doc.paragraphs[doc.paragraph_index(m.start())].start:sentence.end])
            props = {"handled_by": body.name, "told": True}
            name = doc.norm[written.start:written.end] + "办理的" + description
            # (At the words of the work: the police sent to it, 抽调16名警力, stay the body's.)
            doc.add(Mention("Case", name, work.start(1), work.end(), props, "described"), nest=True)
            return


def _scope_collective(doc: Doc, body: Mention) -> bool:
    """公安机关, 全市公安机关: a collective written without its place's name (a system or a
    scope), unlike 大连市公安机关, which names the place whose bodies act."""
    if body.role != "collective":
        return False
    written = doc.norm[body.start:body.end]
    return written in lexicon.collective_forms() or written.startswith(("全", "各", "两级"))


# What joins the drives of a list: 、 or a conjunction, the quotes around their names aside.
_LIST_JOIN = re.compile(r"[”\"」』\s]*(?:、|和|及|与|以及)[“\"「『\s]*")
_LIST_JOIN_REACH = 8  # characters: no join of two drives' names is longer


def listed_with_others(doc: Doc, campaign: Mention) -> bool:
    """The drive ends a list of several (“猎鹰五号”专项行动、斩链行动) or heads one: what is
    said after the list is of them all, no one drive's."""
    near = doc.mentions_in(max(0, campaign.start - _LIST_JOIN_REACH - 40), min(len(doc.norm), campaign.end + _LIST_JOIN_REACH + 40), "Campaign")
    return any(m.name != campaign.name and (_LIST_JOIN.fullmatch(doc.norm, m.end, campaign.start) or _LIST_JOIN.fullmatch(doc.norm, campaign.end, m.start))
               for m in near)


# 两名犯罪嫌疑人, 5名被告人: the suspects a decision counts, named in the sentences after it.
_COUNTED_SUSPECTS = re.compile(r"[^,，。;；]{0,4}?([两二三四五六七八九十\d]{1,2})名(?:犯罪嫌疑人|嫌疑人|被告人)")
_NUMERALS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# 李某等5人, 李某等5名犯罪嫌疑人: the defendants a first-named one heads.
_GROUP_AFTER = re.compile(r"等([\d一二三四五六七八九十两]{1,3})[人名]")
# Between two listed defendants: a bracketed note on the first (宋某某(男,云南人)、杨某某).
_LIST_GAP = re.compile(r"(?:[(（][^()（）]{0,16}[)）])?[、和及]")


def find_decided_cases(doc: Doc) -> None:
    """A text that names no case but reports, in its lead, a body's decision on named suspects
    for a charge (李某等5人…涉嫌诈骗罪，被该院提起公诉; X检察院以涉嫌诈骗罪决定批准逮捕两名犯罪
    嫌疑人, who are named next): that is the one case it tells, `<defendants>(等N人)<charge>案`
    as courts name cases, handled by the body, `<body as written>办理的…` its alias. Then, in a
    text telling one case by its charge (宣判了首例帮助信息网络犯罪活动罪), the defendant of
    该案/本案 names it too."""
    if not any(m.type == "Case" for m in doc.mentions):
        _decided_case(doc)
    _case_defendant(doc)


def _decided_case(doc: Doc) -> None:
    kinds = lexicon.cues()["handler_kinds"]
    marker = re.compile(rf"(?:{lexicon.alternation('charge_markers')})$")
    for para in doc.lead():
        for verb in lexicon.cue_re("decision_verbs").finditer(doc.norm, para.start, para.end):
            sentence = doc.sentence_at(verb.start())
            bodies = [a for a in doc.mentions_in(sentence.start, verb.start(), "Agency")
                      if a.props.get("kind") in kinds and verb.start() - a.end <= 30 and a.role != "collective"]
            crimes = [c for c in doc.mentions_in(sentence.start, verb.start(), "Crime")
                      if marker.search(doc.norm, max(sentence.start, c.start - 4), c.start)]
            if not bodies or not crimes:
                continue
            charges = [crimes[0]]
            for c in crimes[1:]:
                if doc.norm[charges[-1].end:c.start] in ("、", "和", "及"):
                    charges.append(c)
            defendants = _decided_defendants(doc, sentence, verb)
            if not defendants:
                continue
            persons, group = defendants
            body = bodies[-1]
            written = next((a for a in doc.mentions if a.type == "Agency" and a.name == body.name and a.role != "anaphor"), body)
            name = "、".join(p.name for p in persons) + group + "、".join(dict.fromkeys(c.name[:-1] for c in charges)) + "案"
            props: dict = {"handled_by": body.name, "aliases": [doc.norm[written.start:written.end] + "办理的" + name],
                           "defendant": persons[0].name, "defendants": [p.name for p in persons]}
            case = doc.add(Mention("Case", name, verb.start(), verb.end(), props, "decided"))
            if case.name == name:
                doc.cache.setdefault("charged", []).extend((case, c) for c in charges)
            return


def _decided_defendants(doc: Doc, sentence, verb: re.Match[str]) -> tuple[list[Mention], str] | None:
    """The suspects a decision is on: those named in its sentence before the verb (李某等5人), else
    as many as it counts (两名犯罪嫌疑人), listed as the first suspects the next sentences name."""
    named = [p for p in doc.mentions_in(sentence.start, verb.start(), "Person") if p.role == "defendant"]
    if named:
        persons = _listed(doc, named[0])
        more = _GROUP_AFTER.match(doc.norm, persons[-1].end)
        return persons, (f"等{more.group(1)}人" if more else "")
    counted = _COUNTED_SUSPECTS.match(doc.norm, verb.end())
    if counted is None:
        return None
    n = int(counted.group(1)) if counted.group(1).isdigit() else _NUMERALS.get(counted.group(1))
    later = [p for p in doc.mentions_in(sentence.end, min(len(doc.norm), sentence.end + 300), "Person") if p.role == "defendant"]
    if not later or n is None:
        return None
    persons = _listed(doc, later[0])
    return (persons, "") if len(persons) == n else None


def _listed(doc: Doc, first: Mention) -> list[Mention]:
    persons = [first]
    while True:
        gap = _LIST_GAP.match(doc.norm, persons[-1].end)
        nxt = next((p for p in doc.mentions_in(gap.end(), gap.end() + 8, "Person") if p.start == gap.end()), None) if gap else None
        if nxt is None or nxt.name in {p.name for p in persons}:
            return persons
        persons.append(nxt)


# 该案被告人林某某, 本案犯罪嫌疑人刘某: the defendant of the case the text tells.
_CASE_DEFENDANT = re.compile(r"(?:该案|本案|此案)(?:的)?(?:被告人|犯罪嫌疑人)")


def _case_defendant(doc: Doc) -> None:
    cases = [m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"]
    if len({m.name for m in cases}) != 1 or cases[0].props.get("defendant"):
        return
    case = cases[0]
    description = case.name.split("办理的", 1)[-1][:-1] if case.role == "described" else ""
    charge = case.props.get("charge") or (charge_named(description) if description else None)
    if charge is None:
        return
    for m in _CASE_DEFENDANT.finditer(doc.norm):
        person = next((p for p in doc.mentions_in(m.end(), m.end() + 6, "Person") if p.start == m.end()), None)
        if person is None:
            continue
        case.props["charge"] = charge
        case.props["defendant"] = person.name
        case.props.setdefault("aliases", []).append(person.name + charge[:-1] + "案")
        return
