"""Crimes and locations: lexicon look-ups with the domain model's conventions."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.text import cjk_count, fold_width

# A judicial case title names its charges before 案 (张某某等人诈骗、非法拘禁案).
_CASE_TITLE = re.compile(r"(?:等\d*[人名]?|某某?|集团)+([^,，。;；:：!?！？“”\"\s]{2,40}?)案")
_LIST_WINDOW = 60
_JOINERS = "、和及"
_FINDING_BEFORE = re.compile(r"(?:涉嫌|以|构成|犯有|犯|判处|认定为?)$")


def find_crimes(doc: Doc) -> None:
    """Add Crime mentions: charges named as …罪 or as a charge name + 犯罪; the
    charges listed before one that shares its 罪 (涉嫌诈骗、非法拘禁罪); the charges
    of a judicial case title (张某某等人诈骗、非法拘禁案)."""
    hits = lexicon.crimes().find(doc.norm)
    phenomena = lexicon.cues()["crime_phenomena"]
    for start, end, surface, entries in hits:
        # 电信网络诈骗罪被告人中: a phenomenon written with 罪 names the charge only in a finding (以…罪判处).
        if surface != entries[0].name and surface[:-1] in phenomena and not _FINDING_BEFORE.search(doc.norm, max(0, start - 4), start):
            continue
        if _not_a_charge(doc.norm, start, end, surface):
            continue
        if not doc.occupied(start, end):
            doc.add(Mention("Crime", entries[0].name, start, end, {}, "lexicon"))
    for start, _end, surface, _entries in hits:
        # 涉嫌诈骗、非法拘禁罪; 涉嫌清洗黑钱和犯罪集团罪: the 罪 of the last charge closes the list.
        if surface.endswith("罪") and start > 0 and doc.norm[start - 1] in _JOINERS:
            _add_listed(doc, start)
    for m in _CASE_TITLE.finditer(doc.norm):
        _add_listed(doc, m.end(1), closed=True, first=m.start(1))


# 诈骗罪犯 (罪犯, criminals; not 罪 + 犯罪嫌疑人); 帮助信息网络犯罪活动案件 (the short form
# 帮助信息网络犯罪 cut out of the charge's name written without 罪).
_CRIMINALS_AFTER = re.compile(r"犯(?!罪)")
_CUT_NAME_AFTER = re.compile(r"活动")
# 网络赌博犯罪: a charge's act done online is a kind of crime in a work report, no charge.
_CHANNEL_BEFORE = re.compile(r"(?:网络|线上)$")


def _not_a_charge(text: str, start: int, end: int, surface: str) -> bool:
    if surface.endswith("罪") and _CRIMINALS_AFTER.match(text, end):
        return True
    if surface.endswith("犯罪") and not surface.endswith("罪罪"):
        if _CUT_NAME_AFTER.match(text, end):
            return True
        if _CHANNEL_BEFORE.search(text, max(0, start - 2), start) and lexicon.crimes().forms.get(surface[:-2] + "罪") is not None:
            return True
    return False


def _add_listed(doc: Doc, end: int, closed: bool = False, first: int | None = None) -> None:
    """The charges of the 、-separated list ending at `end` (at the 、 before a named
    charge, or, `closed`, right before a title's 案), read from the right: each
    item that, with 罪 added, is a charge of the lexicon. In a title the list opens right
    after the defendants (张某等人诈骗、非法拘禁案): a description before it (假冒微商招募代理
    诈骗案, 电信网络诈骗案) names no charge."""
    matcher = lexicon.crimes()
    window_start = max(0, end - _LIST_WINDOW)
    window = doc.norm[window_start:end]
    if not closed:
        window = window[:-1]  # the 、 (和, 及) before the named charge
    boundary = max(window.rfind(c) for c in ",，。;；:：!?！？“”\" \n") + 1
    cuts = [i + 1 for i, ch in enumerate(window) if ch in _JOINERS and i >= boundary]
    # The first item may follow a verb (涉嫌诈骗): any of its positions may start it.
    starts = list(range(boundary, cuts[0] if cuts else len(window))) + cuts
    if first is not None:
        starts = [max(boundary, first - window_start)] + cuts
    # 电信网络诈骗案: in a title, a phenomenon (cues.yaml crime_phenomena) is no charge unless
    # it is the charge's own name (诈骗案 → 诈骗罪).
    phenomena = set(lexicon.cues()["crime_phenomena"]) if closed else set()
    stop = len(window)
    while stop > boundary:
        hit = next(((i, matcher.forms[w + "罪"][0].name) for i in starts
                    if i < stop - 1 and (w := window[i:stop]) + "罪" in matcher.forms
                    and (w not in phenomena or matcher.forms[w + "罪"][0].name == w + "罪")), None)
        if hit is None:
            return
        i, name = hit
        if not doc.occupied(window_start + i, window_start + stop):
            doc.add(Mention("Crime", name, window_start + i, window_start + stop, {}, "listed"))
        if i == boundary or window[i - 1] not in _JOINERS:
            return
        stop = i - 1


def left_trim(text: str) -> int:
    """How many characters at the left of a name found by its right edge are words
    before it (图为, 协助, 由, 了…: cues.yaml `name_left_stop`): up to the end of the last."""
    ends = [m.end() for m in _left_stop().finditer(text)]
    return ends[-1] if ends else 0


@lru_cache(maxsize=1)
def _left_stop() -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, lexicon.cues()["name_left_stop"]), key=len, reverse=True)))


# A dateline (中新网北京4月17日电, 本报南京5月3日讯) or a byline's place is no place of the story.
_DATELINE_AFTER = re.compile(r"(?:网|新闻网|日报|晚报|报|电视台|广播电视台|在线)?\s*(?:\d{1,2}月\d{1,2}日|\d{1,2}日)\s*(?:电|讯|消息|报道)")
# A place that names a site (中国甘肃网, 新甘肃·每日甘肃网) or a person's origin (湖北籍) is not a place of
# the story; one heading a paper's or a station's name (扬子晚报) is read by `_named_after`.
# A place heading a numbered session's name (温州市第十四届人民代表大会) is the body's, not the story's.
# (新甘肃·每日甘肃网记者: a brand named by the place, joined by · to its site or paper; 河南工人日报,
# 四川农村日报: a paper named by the place and its readers.)
@lru_cache(maxsize=1)
def _not_place_after() -> re.Pattern[str]:
    papers = lexicon.alternation("readers_papers")
    return re.compile(rf"籍|网(?![点络])|第[一二三四五六七八九十百\d]+(?:届|次)|·[\u4e00-\u9fff]{{1,8}}?(?:网|报)|[\u4e00-\u9fff]{{1,2}}(?:{papers})")
# A name in quotes with a number (“北京28”) is no place of the story either. A native's
# place (男，19岁，江苏省靖江市人) is one (decisions x02, n01): only 籍 above marks an origin.
_ORIGIN_AFTER = re.compile(r"\d+[”\"]")


@lru_cache(maxsize=1)
def _named_after() -> re.Pattern[str]:
    """Words after a place that make it the head of a medium's, firm's or body's name:
    cues.yaml `place_in_name_after` (香港中通社, 安徽法制报, 深圳热线), and the bodies of
    kg/data/bodies.yaml after a scope (贵州全省28家法院, 福建省、市两级反诈骗中心)."""
    from kg.extract.local import body_start

    words = lexicon.alternation("place_in_name_after")
    scope = r"(?:全省|全市|全县|全区|省|市|县|区|、|两级|各级|\d+家|[一二三四五六七八九十两]+家)*"
    return re.compile(rf"(?:{words})|({scope}(?:{body_start().pattern}))")
# A place inside a byline's name (记者蔡长春) is a person's name; a place right after a credit
# label (来源：广西云, 作者：北京IT资讯, 作者 广西三里红), a paper's page label (第A4版:青海·城事) or a breadcrumb's separator (新闻网 > 广西人社之窗) names a
# medium or a page section; one after 现住/家住 is a person's address.
# A place right after a page's time stamp (民生 2024-11-22 13:58 贵州) is the page's region tag; one after
# a trending-topics label (当前热搜：) heads another story's headline.
_BYLINE_BEFORE = re.compile(r"记者\s?[\u4e00-\u9fff]?$|(?:来源|作者|编辑|出处|稿源|热搜)(?:\s*[:：]\s*|\s+)$|版\s*[:：]\s*$|>\s*$|(?:现住|家住|暂住|住址[:：]?)$|\d{1,2}:\d{2}\s+$")
# A list of places closed by a count of them and a body (西安、延安、榆林3市12个县检察院, 百色、南宁、
# 玉林三地公安机关): the places of the bodies acting, no place of the story.
_COUNTED_BODIES = re.compile(r"(?:[、和及与][\u4e00-\u9fff]{2,6})*[\d一二三四五六七八九十两]+(?:地|市|省|县)[^,，。;；]{0,10}?(?:公安机关|检察机关|检察院|法院|警方|公安局)")
# 银川市反电诈专班, 湖里区“131”机制办: a place heading a task force's or an office's name.
# (not 赴广州成立专班: a verb between them makes the place the story's)
_TASK_FORCE_AFTER = re.compile(r"(?:(?![成设组建开抽派赴到在和与及的])[\u4e00-\u9fff“”\"\d]){0,8}?(?:专班|工作室|机制办)")
# A place that opens a company's name (成都某网络科技有限公司) is not a place of the story.
# (cues.yaml place_org_tails; a university or a group as much as a firm: 浙江理工大学, but not
# 山东女大学生, a student).


@lru_cache(maxsize=1)
def _company_after() -> re.Pattern[str]:
    # 在老挝成立公司: a verb of founding between them makes the place where the firm was set up.
    breaks = lexicon.alternation("place_org_breaks")
    return re.compile(r"(?:(?!" + breaks + r")[\u4e00-\u9fff]){0,12}?(?:" + lexicon.alternation("place_org_tails") + ")(?!生)")


# A line that is mostly place names (the city lists of portal footers and SEO pages).
_PLACE_LIST_MIN = 5
_PLACE_LIST_SHARE = 0.6


def most_precise(places: set[str]) -> list[str]:
    """Place names, the most precise (longest) first."""
    return sorted(places, key=lambda p: (-len(p), p))


def nearest_first(named: list[tuple[int, str]], pos: int, rest: list[str]) -> list[str]:
    """The places named before `pos` (`named`: (start, name) in text order), nearest first, then
    `rest`: the order a shared name is resolved in (lexicon.pick_place)."""
    return [*dict.fromkeys(name for s, name in reversed(named) if s < pos), *rest]


def place_hits(doc: Doc) -> list[tuple[int, int, lexicon.Entry]]:
    """Every gazetteer match of the text, shared names resolved by the places the
    text names unambiguously (朝阳区 in a text about 长春 is 长春's). Computed once
    per document: agencies, cases and locations all read them."""
    if "places" in doc.cache:
        return doc.cache["places"]
    matcher, _ = lexicon.locations()
    hits = matcher.find(doc.norm)
    named = [(s, entries[0].name) for s, _e, _surface, entries in hits if len(entries) == 1 and entries[0].prop("level") in ("province", "city")]
    context = {name for _s, name in named}
    precise = most_precise(context)
    places = []
    prev_end = -1
    for start, end, surface, entries in hits:
        entry = lexicon.pick_place(entries, nearest_first(named, start, precise)) if len(entries) > 1 else entries[0]
        if not _in_word(doc, start, surface, entry, prev_end, context):
            places.append((start, end, entry))
            prev_end = end
    withheld = lexicon.withheld_city_re()
    if withheld is not None and places:
        places = _withheld_between(doc, places, withheld)
    doc.cache["places"] = places
    return doc.cache["places"]


def _withheld_between(doc: Doc, places: list, withheld: re.Pattern[str]) -> list:
    """兰州、武威、白银等地, 西安、安康、渭南, 广东中山: a city's short form that is a common word
    (lexicon.withheld_city_forms) is the city where it stands in a 、-list beside a place, right
    after its province, or before its police, court or procuratorate in a text naming its province."""
    forms = lexicon.withheld_city_forms()
    ends = {e: entry for _s, e, entry in places}
    starts = {s for s, _e, _entry in places}
    provinces = {entry.name for _s, _e, entry in places if entry.prop("level") == "province"}
    from kg.extract.local import body_start
    added = []
    for m in withheld.finditer(doc.norm):
        start, end = m.start(), m.end()
        entry = forms[m.group()]
        before = ends.get(start)
        listed = (doc.norm[start - 1:start] == "、" and start - 1 in ends) or (doc.norm[end:end + 1] == "、" and end + 1 in starts)
        # 大同警方 in a text that names 山西: the city's own police, court or procuratorate.
        body = entry.prop("parent") in provinces and body_start().match(doc.norm, end + doc.norm.startswith("市", end)) is not None
        if listed or body or (before is not None and entry.prop("parent") == before.name):
            added.append((start, end, entry))
    if not added:
        return places
    taken = [(s, e) for s, e, _entry in places]
    added = [h for h in added if not any(h[0] < e and s < h[1] for s, e in taken)]
    return sorted(places + added, key=lambda h: h[0])


def _in_word(doc: Doc, start: int, surface: str, entry: lexicon.Entry, prev_end: int, context: set[str]) -> bool:
    """Whether a county's name found in the text is part of other words: a two-character
    name (安县, 和县) that ends a longer unknown name (宁安县公安局) where the character
    before it is no word that stands before places (cues.yaml `place_before_chars`) nor the
    end of a place (河南滑县); a name that opens with a partner verb (会同县) written right
    after a body (祁东县检察院会同县公安局) in a text that never names its city."""
    if entry.prop("level") != "county" or start == 0 or start == prev_end:
        return False
    before = doc.norm[start - 1]
    if len(surface) == 2 and "\u4e00" <= before <= "\u9fff" and before not in lexicon.cues()["place_before_chars"]:
        return True
    marker = lexicon.cue_re("partner_markers").match(surface)
    return marker is not None and entry.prop("parent") not in context and doc.norm[start - 1] in "局院厅所队心"


def find_locations(doc: Doc) -> None:
    """Add Location mentions; a place followed by one of its divisions is one place
    (四川南充 → 四川省南充市). Not places: the country the text is written in
    (cues.yaml `not_locations`), datelines, places inside a company's name, and
    lines that are lists of place names."""
    skip = set(lexicon.cues()["not_locations"])
    if written_abroad(doc):
        skip.discard("中国")  # 引渡中國受審 in a Taiwan or Hong Kong paper: China is a place of the story
    hits = [h for h in place_hits(doc) if h[2].name not in skip and not _BYLINE_BEFORE.search(doc.norm, max(0, h[0] - 6), h[0])]
    hits = [h for h in _drop_place_lists(doc, hits) if not _alone_on_line(doc, h[0], h[1])]
    i = 0
    while i < len(hits):
        start, end, entry = hits[i]
        while i + 1 < len(hits) and hits[i + 1][0] == end and _inside(hits[i + 1][2], entry):
            end, entry = hits[i + 1][1], hits[i + 1][2]
            i += 1
        i += 1
        county = _county_after(doc, end, entry)
        if county is not None:
            end, entry = county  # 福建安溪: a county by its short form right after its province
        if entry.prop("level") == "city" and doc.norm[end:end + 1] in ("市", "省") and not entry.name.endswith(("市", "省")):
            end += 1  # 柬埔寨金边市: a foreign city written with 市
        if _region_in_campaign(doc, start, end, entry):
            doc.mentions.append(Mention("Location", entry.name, start, end, {"level": "region"}, "gazetteer"))
            continue
        if doc.occupied(start, end) or _names_no_place(doc, end, entry) or _heads_body(doc, end, entry):
            continue
        name, props = entry.name, {"level": entry.prop("level")}
        shorter = _shorter_place_names(entry)
        if shorter:
            props["aliases"] = shorter
        abroad = _ABROAD_UNITS.match(doc.norm, end) if _abroad(entry) else None
        if abroad and not (i < len(hits) and hits[i][0] < abroad.end()):
            # 菲律宾巴拉望省公主港市, 印度尼西亚巴厘岛: the divisions abroad written after a
            # country or city, which no gazetteer of China holds: the place as written.
            end = abroad.end()
            name, props["aliases"] = doc.norm[start:end], [entry.name]
        elif entry.name != doc.norm[start:end] and entry.prop("parent") and doc.norm.startswith(entry.prop("parent"), start) and _abroad(entry):
            props["aliases"] = [entry.prop("parent") + entry.name]  # 柬埔寨金边市 is 柬埔寨金边
        doc.add(Mention("Location", name, start, end, props, "gazetteer"))


def _shorter_place_names(entry: lexicon.Entry) -> list[str]:
    """The shorter official forms of a county-level division below a prefecture, which the
    press writes as often as the full chain (福建省龙岩市漳平市 → 福建省漳平市, 龙岩市漳平市, 漳平市)."""
    if entry.prop("level") != "county":
        return []
    by_name = lexicon.locations()[1]
    city = by_name.get(entry.prop("parent") or "")
    if city is None or city.prop("level") != "city" or not city.prop("parent"):
        return []
    short = entry.prop("short")
    return [city.prop("parent") + short, city.prop("short") + short, short]


def _region_in_campaign(doc: Doc, start: int, end: int, entry) -> bool:
    """打击涉缅北电信网络诈骗: a region abroad a drive is named after is a place of the story,
    a Location inside the Campaign's name (not so a division: 温州市…宣传月 is the city's drive)."""
    if entry.prop("level") != "region":
        return False
    around = doc.mentions_in(max(0, start - 40), end + 40)
    inside = [m for m in around if m.start < end and start < m.end]
    return bool(inside) and all(m.type == "Campaign" and m.start <= start and end <= m.end for m in inside)


_TRADITIONAL_SHARE = 0.05  # of a text's CJK characters that t2s changes
# A syllable in brackets with a tone mark after a character: a converter's pinyin gloss.
_PINYIN_GLOSS = re.compile(r"[\u4e00-\u9fff]\([a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def written_abroad(doc: Doc) -> bool:
    """Whether the text is written in Traditional characters (the press of Hong Kong, Macao,
    Taiwan and overseas): China is then not the country of writing, and 中國 names a place.
    Mainland reposts in Traditional seldom write 中國 outside a body's or bank's name; those that
    carry pinyin glosses (網(wǎng)) are a converter's output of a mainland text, and a text that
    never names the mainland as such (大陸, cues.yaml written_abroad_words) is one too."""
    if "traditional" not in doc.cache:
        # Width folding changes no CJK character and t2s nothing else: the CJK characters t2s
        # changed are where the width-folded text and doc.norm differ (none, most often).
        folded = fold_width(doc.text)
        changed = 0 if folded == doc.norm else sum(1 for a, b in zip(folded, doc.norm, strict=True) if a != b and "\u4e00" <= b <= "\u9fff")
        # (A mainland text reposted in Traditional script writes 中國公民, 移交中國 as the
        # mainland press does: only one that names the mainland as such, 大陸, is written abroad.)
        doc.cache["traditional"] = (changed >= _TRADITIONAL_SHARE * max(1, cjk_count(doc.norm)) and not _PINYIN_GLOSS.search(doc.text)
                                    and lexicon.cue_re("written_abroad_words").search(doc.norm) is not None)
    return doc.cache["traditional"]


# Divisions abroad after a country or a city of it (巴拉望省公主港市, 巴厘岛, 马卡蒂市): a few
# characters ending in a division word, no function word among them.
_ABROAD_UNITS = re.compile(r"(?:(?:(?![的在了是和与及等后到从由向为被将把对内外中])[\u4e00-\u9fff]){1,5}?(?:省|市|州|岛|郡|港市?))+")


def _abroad(entry: lexicon.Entry) -> bool:
    """A country or a place of one (not China's divisions, nor China itself)."""
    if entry.prop("level") == "country":
        return entry.name != "中国"
    parent = lexicon.locations()[1].get(entry.prop("parent") or "")
    return parent is not None and parent.prop("level") == "country" and parent.name != "中国"


def _heads_body(doc: Doc, end: int, place: lexicon.Entry) -> bool:
    """中國國防部, 中國公安部: a country heading the name of one of its national bodies found by
    the lexicon, or of a bank (中國農業銀行卡), is part of that name, not a place of the story."""
    if place.prop("level") != "country":
        return False
    return _BANK_AFTER.match(doc.norm, end) is not None or any(m.start == end for m in doc.mentions_in(end, end + 12, "Agency"))


_BANK_AFTER = re.compile(r"[\u4e00-\u9fff]{2,4}银行")


def _names_no_place(doc: Doc, end: int, place: lexicon.Entry) -> bool:
    """Whether what follows a place (ending at `end`) makes it part of something else's name or
    of a dateline: a medium, a company, a person's origin, or (for a division of China, whose
    bodies the text names by it) a body or its police staff."""
    if any(p.match(doc.norm, end) for p in (_DATELINE_AFTER, _not_place_after(), _ORIGIN_AFTER, _COUNTED_BODIES, _TASK_FORCE_AFTER)):
        return True
    if place.prop("level") in ("province", "city", "county") and lexicon.cue_re("police_staff_words").match(doc.norm, _list_end(doc, end)):
        return True
    company = _company_after().match(doc.norm, end)
    # 到黑龙江省大庆市接手管理黑龙江某投资管理有限公司: a company's name opens at the last place before
    # its tail; a place with another place between it and the tail is no part of that name.
    if company is not None and not any(end < start < company.end() for start, _e, _entry in place_hits(doc)):
        return True
    # 兰州市副市长, 甘谷县县长: a post of the place's government (cues.yaml titles) names no place of the story.
    if place.prop("level") in ("province", "city", "county") and lexicon.cue_re("titles").match(doc.norm, end):
        return True
    named = _named_after().match(doc.norm, end)
    return named is not None and (place.prop("level") in ("province", "city", "county") or not named.group(1))


def _list_end(doc: Doc, end: int) -> int:
    """The end of the 、-list of places that goes on from a place ending at `end` (重庆、河南、
    广东、山东): where the words the list qualifies begin."""
    if doc.norm[end:end + 1] != "、":
        return end
    starts = {s: e for s, e, _entry in place_hits(doc)}
    while doc.norm[end:end + 1] == "、" and end + 1 in starts:
        end = starts[end + 1]
        while end in starts:  # 浙江宁波: a place and its division, one item
            end = starts[end]
    return end


def place_at(doc: Doc, pos: int, limit: int) -> tuple[int, lexicon.Entry] | None:
    """The place written from `pos` (before `limit`), joined with the divisions written right
    after it (山东临沂 → 山东省临沂市, 广东惠来 → 广东省揭阳市惠来县): its end and entry."""
    hits = [h for h in place_hits(doc) if pos <= h[0] and h[1] <= limit]
    if not hits or hits[0][0] != pos:
        return None
    end, entry = hits[0][1], hits[0][2]
    for start, nxt_end, nxt in hits[1:]:
        if start != end or not _inside(nxt, entry):
            break
        end, entry = nxt_end, nxt
    county = _county_after(doc, end, entry)
    return county if county is not None and county[0] <= limit else (end, entry)


def _county_after(doc: Doc, end: int, place: lexicon.Entry) -> tuple[int, lexicon.Entry] | None:
    if place.prop("level") not in ("province", "city"):
        return None
    forms = lexicon.county_short_forms().forms
    for n in (4, 3, 2):
        for entry in forms.get(doc.norm[end:end + n], []):
            if entry.name.startswith(place.name):
                return end + n, entry
    return None


def _inside(inner: lexicon.Entry, outer: lexicon.Entry) -> bool:
    """Whether `inner` is a division of `outer` (四川 南充, 河北省 丰宁县, 柬埔寨 金边)."""
    return inner.prop("parent") == outer.name or (inner.name.startswith(outer.name) and inner.name != outer.name)


def _alone_on_line(doc: Doc, start: int, end: int) -> bool:
    """拉萨 on a line of its own (a weather widget's or a region selector's): page furniture."""
    para = doc.paragraphs[doc.paragraph_index(start)] if doc.paragraphs else None
    return para is not None and doc.norm[para.start:para.end].strip() == doc.norm[start:end]


def _drop_place_lists(doc: Doc, hits: list) -> list:
    """Drop the places of lines that are mostly place names, alone (≥5 names) or in a
    run of such short lines (the province menus of portals)."""
    by_para: dict[int, list] = {}
    for hit in hits:
        by_para.setdefault(doc.paragraph_index(hit[0]), []).append(hit)
    listy = set()
    for index, para_hits in by_para.items():
        para = doc.paragraphs[index] if doc.paragraphs else None
        covered = sum(end - start for start, end, _e in para_hits)
        if para is not None and covered >= _PLACE_LIST_SHARE * max(1, cjk_count(doc.norm[para.start:para.end])):
            listy.add(index)
    runs = {i for i in listy if len(by_para[i]) >= _PLACE_LIST_MIN or {i - 1, i + 1} & listy and ({i - 2, i - 1} <= listy or {i - 1, i + 1} <= listy or {i + 1, i + 2} <= listy)}
    return sorted((h for i, para_hits in by_para.items() if i not in runs for h in para_hits), key=lambda h: h[0])
