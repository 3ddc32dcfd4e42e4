"""Local bodies: a place, its admin units and a body type (贵州省安顺市西秀区检察院,
惠山法院, 成都铁路公安局), the collectives of a place (杭州市公安机关, 贵州法院, 全省检察机关),
the bodies of the text's own place (市公安局, 县局 in a county bulletin, 五华分局 in a text
about 昆明), and bodies of places the gazetteer does not know.

The body types, the words that may stand between place and body, and the collectives are
in kg/data/bodies.yaml; places come from the gazetteer (kg.lexicon.locations).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.extract.names import left_trim, most_precise, nearest_first, place_hits
from kg.rx import first_of
from kg.text import normalize

_CJK = "\u4e00-\u9fff"
# An admin unit's name holds no body's word (公安局开发区分局 is a bureau's unit, not a place).
# (儋州市委市政府: 委 closes the party committee's name, it opens no admin unit's)
# (A division's name holds no company (兰州移动公司和市公安局), no verb that leads to a body (群众送锦旗至
# 中卫市公安局) and no 省 of the place before it (广西省凌云县); 锦旗, 红旗, 国旗 are no banners.)
_ADMIN = rf"(?:(?!省|[两二三四五六七八九十][省市县区])(?:(?![局院厅所队委给至送到把被]|公司|银行|集团)[{_CJK}]){{1,5}}?(?:自治县|自治州|自治旗|地区|市|区|县|(?<![锦红国党彩])旗|盟))"
_LEVEL_OF = {"province": "provincial", "city": "municipal", "county": "district"}
_COURT_BY_LEVEL = {"province": "高级人民法院", "city": "中级人民法院", "county": "人民法院"}


_BARE_PLACE = 4  # characters at most of an unknown place's name before 区/县/市 (_data "bare")


# Bodies written by one character right after the unit of their place (儋州市局对…, not 市局部地区).
_UNIT_SHORT = {"局": r"(?<=[市县])局(?![长势部面限])"}


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    import yaml

    from kg.lexicon import _data as read

    raw = yaml.safe_load(read("bodies.yaml"))
    bodies = {normalize(k): (normalize(v[0]), v[1]) for k, v in raw["bodies"].items()}
    # 儋州市局, 永嘉县局: a city's or county's bureau by the short form 局 right after its unit.
    body_alt = "|".join([*sorted((re.escape(b) for b in bodies if b not in _UNIT_SHORT), key=len, reverse=True), *_UNIT_SHORT.values()])
    infix_alt = "|".join(sorted(map(re.escape, map(normalize, raw["infixes"])), key=len, reverse=True))
    collectives = {normalize(k): v for k, v in raw["collectives"].items()}
    coll_alt = "|".join(sorted(map(re.escape, collectives), key=len, reverse=True))
    home_alt = "|".join(sorted(map(re.escape, map(normalize, raw["home_bodies"])), key=len, reverse=True))
    # 会同市公安局, 由县法院: after a preposition or partner verb, or where no word runs into it.
    # 抽调全市公安机关: 全 opens a word wherever it stands.
    home_before = "(?:" + "|".join([rf"(?<![{_CJK}])", "(?=全[省市县区])"] + [f"(?<={re.escape(normalize(w))})" for w in raw["home_body_after"]]) + ")"
    body_words = [*bodies, *collectives, *map(normalize, raw["infixes"])]
    return {
        "bodies": bodies,
        "collectives": collectives,
        # place → admin units → (infix | a bare two-character district) → body; not a count
        # of places (百色、南宁、玉林三地公安机关, 河北、山东两省警方: the bodies of each place, no one body;
        # 北京、上海等地公安机关: an open list of places, no district named 等地)
        "after_place": re.compile(rf"({_ADMIN}*)(?:({infix_alt})|(?!人民|中级|高级|等|[一二三四五六七八九十两多几数各][地省市县区])([{_CJK}]{{2}}))?({body_alt})"),
        "collective_after": re.compile(rf"(全省|全市|全县|全区|各级|、[县区市]{{1,2}})?({coll_alt})"),
        # Patterns searched through whole texts open with a look-ahead on their first characters
        # (kg.rx.first_of): the engine can then skip the positions where they cannot begin,
        # instead of trying every branch (and every look-behind) at each one.
        # 县公安局、教育局、发改局等: a body of the home list written bare as an item of a list
        "home_item": re.compile(rf"(?:{home_alt})(?=[、和及与等,，。;；]|$)"),
        "home_words": sorted(map(normalize, raw["home_bodies"]), key=len, reverse=True),
        "home_after": tuple(normalize(w) for w in raw["home_body_after"]),
        # (自治区公安厅, 自治区人民检察院: an autonomous region's bodies by its level, as a province's by 省)
        "home": re.compile(rf"(?=[全省市县区自]|[{_CJK}]{{2}}分局){home_before}(?:(全省|全市|全县|全区|省|市|县|区)({coll_alt})|(自治区|省|市|县|区)({infix_alt})?({home_alt})|([{_CJK}]{{2}})(分局))"),
        "corps": re.compile(rf"(?:{'|'.join(sorted(map(re.escape, map(normalize, raw['corps']['forms'])), key=len, reverse=True))})(第[一二三四五六七八九十]{{1,3}}师)({body_alt})"),
        "corps_name": normalize(raw["corps"]["name"]),
        # 新疆兵团公安局, 新疆生产建设兵团公安机关, 兵团各级公安机关: the corps' own (province-level) bodies
        "corps_own": re.compile(rf"(?:{'|'.join(sorted(map(re.escape, map(normalize, raw['corps']['forms'])), key=len, reverse=True))})(?:各级|两级)?({coll_alt}|{body_alt})"),
        # (指挥各州市反诈分中心: every prefecture's, no place named)
        "bare": re.compile(rf"((?:(?!各)[{_CJK}]){{2,{_BARE_PLACE}}}(?:区|县|市))({body_alt})"),
        # where a bare place's body may be: 区/县/市 right before a body's name (see _bare)
        "bare_anchor": re.compile(rf"[区县市](?={body_alt})"),
        "bare_reach": 1 + max(map(len, bodies)),
        "sectors": {normalize(k): normalize(v) for k, v in raw["sectors"].items()},
        "region_police": {normalize(k): normalize(v) for k, v in raw["region_police"].items()},
        "region_bodies": {normalize(k): ([normalize(w) for w in v.get("self", [])], {normalize(w): normalize(n) for w, n in v["bodies"].items()})
                          for k, v in raw["region_bodies"].items()},
        "foreign_police": [normalize(w) for w in raw["foreign_police"]],
        # 刑庭 before 庭长: a unit named alone before a post, or glued to its body's name
        # (顺义法院刑庭副庭长, 某区检察院第四检察部主任)
        "unit_patterns": {
            kind: re.compile(rf"{first_of(map(normalize, units))}(?:(?<![{_CJK}])|(?<=院))({'|'.join(sorted(map(re.escape, map(normalize, units)), key=len, reverse=True))})"
                             rf"(?=(?:党委|党支部)?(?:{lexicon.alternation('titles')}))")
            for kind, units in raw["units"].items()
        },
        "body_start": re.compile(rf"(?:{infix_alt})?(?:{body_alt}|{coll_alt})"),
        "body_scan": re.compile(rf"{first_of(body_words)}(?:{infix_alt})?(?:{body_alt}|{coll_alt})"),
        "units_alone": {
            kind: re.compile(rf"(?<![{_CJK}])({'|'.join(sorted(map(re.escape, map(normalize, units)), key=len, reverse=True))})")
            for kind, units in raw["units_alone"].items()
        },
        # 刑侦支队牵头…, 通贤派出所接到…: police units named alone (a station by its place's name).
        "police_units": _police_units(raw),
        "unit_synonyms": {normalize(w): i for i, words in enumerate(raw["unit_synonyms"]) for w in words},
    }


def _police_units(raw: dict[str, Any]) -> re.Pattern[str]:
    """A police unit named alone: a unit word, or a station named by two characters that are
    no generic word (通贤派出所, not 辖区派出所); then a unit of it and a task force of it
    (刑警总队大要案支队, 刑警大队反诈专班)."""
    words = "|".join(sorted(map(re.escape, map(normalize, raw["units"]["public_security"])), key=len, reverse=True))
    generic = "|".join(map(re.escape, map(normalize, raw["generic_station_heads"])))
    # 打浦桥派出所, 新城路派出所: a station named by a street, bridge, temple or town of three characters.
    ends = "".join(map(normalize, raw["station_place_ends"]))
    station = rf"(?:[{_CJK}]{{2}}[{ends}]|[{_CJK}]{{2}})派出所"
    head = rf"(?:{words}|(?!{generic}){station})"
    # 刑侦支队和网技支队: two units joined, not one's unit (a conjunction is no unit's word);
    # 黄口派出所在刑警大队的协助下: nor is a preposition.
    tail = rf"(?:(?:(?![和与及、在对向将把由被的])[{_CJK}]){{2,5}}?(?:支队|大队|中队))?(?:反[{_CJK}]{{1,8}}?(?:专班|专业队))?"
    lead = first_of(map(normalize, raw["units"]["public_security"]))[:-1] + rf"|[{_CJK}]{{2}}[{ends}]?派出所)"
    # 来到打浦桥派出所报案, 对接东塔寺派出所: a verb of going to or contacting a station before it;
    # 来刑警大队报案 (来 alone as much), 局党委责成刑侦大队: a superior tasking the unit;
    # 黄口派出所联合刑警大队: a unit working with another (cues.yaml partner_markers, and 配合).
    partners = "".join(f"|(?<={re.escape(w)})" for w in (*lexicon.cues()["partner_markers"], "配合"))
    return re.compile(rf"{lead}(?:(?<![{_CJK}])|(?<=[与和及在由领到接向至赴来])|(?<=责成){partners})({head}{tail})")


@lru_cache(maxsize=1)
def zone_prefix() -> re.Pattern[str]:
    """A zone's name at the start of a unit's (开发区分局, 高新区分局): bodies.yaml infixes ending in 区."""
    import yaml

    from kg.lexicon import _data as read

    zones = [normalize(w) for w in yaml.safe_load(read("bodies.yaml"))["infixes"] if w.endswith("区")]
    return re.compile("^(?:" + "|".join(sorted(map(re.escape, zones), key=len, reverse=True)) + ")")


def body_start() -> re.Pattern[str]:
    """The start of a body's or collective's name (法院, 公安局, 铁路运输法院, 公安机关…)."""
    return _data()["body_start"]


def find_local_bodies(doc: Doc) -> None:
    """Add the local bodies of `doc` (role `local`) and place collectives (role `collective`)."""
    data = _data()
    _corps_bodies(doc)  # 新疆兵团公安局: the corps' body, before 新疆 is read as a place of bodies
    hits = list(place_hits(doc))
    hits += _county_short_hits(doc)
    hits.sort(key=lambda h: h[0])
    for start, end, entry in hits:
        if entry.prop("level") in ("province", "city", "county"):
            _after_place(doc, start, end, entry)
        elif entry.prop("level") == "country" and entry.name not in lexicon.cues()["not_locations"] and (word := next((w for w in data["foreign_police"] if doc.norm.startswith(w, end)), None)):
            if not doc.occupied(start, end + len(word)):
                doc.add(Mention("Agency", entry.name + word, start, end + len(word), {"kind": "public_security", "level": "national"}, "local"))
    _listed_places(doc, hits)
    _listed_short_counties(doc)
    _home_bodies(doc, list(place_hits(doc)))
    _region_bodies(doc)
    _joint_conferences(doc)
    for m in _bare(doc.norm):
        # An unknown place is read from the body's left: words before it are cut off.
        # 联合金普新区邮政管理局: a word before the place may begin before the match (联合).
        reach = min(2, m.start())
        cut = max(0, left_trim(doc.norm[m.start() - reach:m.start(1) + len(m.group(1))]) - reach)
        cut += len(m.group(1)[cut:]) - len(m.group(1)[cut:].lstrip("年月日"))  # 2022年全市法院: a date's end is no place
        place = m.group(1)[cut:]
        # 港航分局宝满港区派出所: no place's name holds a body's last character; the place begins after it.
        if (inner := max(place.rfind(c) for c in _BODY_LAST)) >= 0:
            cut, place = cut + inner + 1, place[inner + 1:]
        # 菏泽市公安局开发区分局: a unit of the body written right before it (kg.extract.agencies).
        after_body = doc.norm[max(0, m.start() + cut - 1):m.start() + cut] in _BODY_LAST
        # 儋州市委市政府: a party committee then its government is the place's leadership, no place's name.
        if len(place) >= 3 and not place.startswith(("各", "全", "省区")) and "委" not in place and not _SCOPE_END.search(place) and not after_body and not doc.occupied(m.start() + cut, m.end()) \
                and not names_site(doc, m.end()):
            suffix, kind = data["bodies"][m.group(2)]
            level = "district" if place[-1] in "区县" else "municipal"
            doc.add(Mention("Agency", place + suffix, m.start() + cut, m.end(), {"kind": kind, "level": level}, "local"))


# The last characters of a body's name (公安局, 检察院, 公安厅).
_BODY_LAST = ("局", "院", "厅")
# 抽调全市公安民警, 本县检察院: a scope or the text's own place, no place's name; 指令辖区派出所,
# 社区警务室: an area word ending in 区 (辖区, 社区, 园区, 景区, 片区, 小区, 校区) names no district.
# 重点地区公安机关, 边境地区: 地区 after a word of kind or position names areas, no place.
_SCOPE_END = re.compile(r"[全各本该我此每][省市县区]$|[辖社园景片小校牧郊]区$|(?:重点|相关|有关|边境|沿海|偏远|农村|发案|涉案|部分|其他|周边|贫困)地区$")


# A region's body written bare stands alone: not after a place's or a body's last character, nor after 人民.
_NAMED_BEFORE = re.compile(rf"(?:[省市县区州旗盟院局厅]|人民|[{_CJK}]{{2}}(?:特区|特别行政区))$")


def _region_bodies(doc: Doc) -> None:
    """移送检察院 in a text about Macao: the region's own body (bodies.yaml region_bodies) written
    bare, in a text that names the region or calls it by its own word (本澳)."""
    regions = {entry.name for _s, _e, entry in place_hits(doc)}
    national = lexicon.agencies()[1]
    for region, (selves, bodies) in _data()["region_bodies"].items():
        if region not in regions and not any(w in doc.norm for w in selves):
            continue
        for word, name in bodies.items():
            entry = national.get(name)
            for m in re.finditer(re.escape(word), doc.norm):
                if entry is None or doc.occupied(m.start(), m.end()) or _NAMED_BEFORE.search(doc.norm, max(0, m.start() - 6), m.start()):
                    continue
                doc.add(Mention("Agency", entry.name, m.start(), m.end(), dict(entry.props), "alias"))


def _corps_bodies(doc: Doc) -> None:
    """新疆兵团第十二师公安局: a body of a division of the Production and Construction Corps, which
    is prefecture-level (its court a 中级人民法院), named by the corps' full name."""
    data = _data()
    if "兵团" not in doc.norm:
        return
    _corps_own_bodies(doc)
    if "师" not in doc.norm:
        return
    for m in data["corps"].finditer(doc.norm):
        if doc.occupied(m.start(), m.end()):
            continue
        suffix, kind = data["bodies"][m.group(2)]
        if kind == "court" and m.group(2) in ("法院", "人民法院"):
            suffix = _COURT_BY_LEVEL["city"]
        place = data["corps_name"] + m.group(1)
        written = doc.norm[m.start():m.end()]
        name = place + suffix
        props = {"kind": kind, "level": "municipal", "aliases": [written] if written != name else []}
        doc.add(Mention("Agency", name, m.start(), m.end(), props, "local"))


def _corps_own_bodies(doc: Doc) -> None:
    """新疆兵团公安局, 新疆生产建设兵团公安机关, 新疆兵团反诈中心: the corps' own police and
    procuratorate, province-level, named by the corps' full name; its police is a 公安局 (as a
    municipality's), its collective (兵团各级公安机关) that bureau. Read before the places, so that
    新疆 + 兵团 is not a place and a district's police."""
    data = _data()
    for m in data["corps_own"].finditer(doc.norm):
        word = m.group(1)
        if word in data["collectives"]:
            suffix = data["collectives"][word][0]
            kind = "procuratorate" if "检察" in suffix else "court" if "法院" in suffix else "public_security"
        else:
            suffix, kind = data["bodies"][word]
        if kind not in ("public_security", "procuratorate") or doc.occupied(m.start(), m.end()):
            continue
        if suffix == "公安厅":
            suffix = "公安局"
        name = data["corps_name"] + suffix
        written = doc.norm[m.start():m.end()]
        props = {"kind": kind, "level": "provincial", "aliases": [written] if written != name else []}
        doc.add(Mention("Agency", name, m.start(), m.end(), props, "local"))


def _bare(text: str) -> Iterator[re.Match[str]]:
    """What `_data()["bare"].finditer(text)` gives, searched for only around the places where
    a match can end (区/县/市 then a body's name: a few a text, found by their first
    characters), not tried at every character. A match holds one such place within its
    first _BARE_PLACE + 1 characters and ends within the longest body name after it, so the
    windows around them, joined where they meet, hold every match, whole, and the search
    comes to each window where it would come after the matches before it."""
    data = _data()
    windows: list[list[int]] = []
    for anchor in data["bare_anchor"].finditer(text):
        lo, hi = max(0, anchor.start() - _BARE_PLACE), anchor.start() + data["bare_reach"]
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from data["bare"].finditer(text, lo, hi)


# A place's joint conference on the fight (邵阳市打击治理电信网络新型违法犯罪工作联席会议, 雷州市打电诈
# 联席会议, 市反诈联席会议) is a standing body, as the State Council's is: its topic names the fight
# against fraud or crime; 联席会议制度/机制 is the arrangement, and a meeting held is no body.
# Its leading group (临汾市打击治理电信网络新型违法犯罪工作领导小组) is a standing body as much.
# Its office goes by 联席办 in bulletins (市联席办各成员单位), a word only that office is called.
# Since 2023 many places call it their 打击治理电信网络诈骗工作协调机制, its office 机制办.
_CONFERENCE = re.compile(rf"([{_CJK}“”]{{0,24}}?)(?:(?:部际)?联席会议|领导小组|(?<=[诈罪作省市县区])协调机制|(联席办|机制办))(办公室)?(?!制度|机制|精神|纪要)")
_CONFERENCE_TOPIC = re.compile(r"诈|犯罪|打击|治理")
# 市联席会议召集人, 市协调机制副组长, 市联席会议办公室: a conference written bare (no topic) is the
# standing body where words only a standing body has follow it (a meeting has no 召集人).
_SESSION = re.compile(r"第[一二三四五六七八九十\d]+次")
_STANDING_WORDS = re.compile(r"(?:总|副)?(?:召集人|组长)|各?成员单位")
_CONFERENCE_LEVEL = re.compile(rf"(?=自治区|[省市县区])(?:(?<![{_CJK}])|(?<=[、和与及由在向])|(?<=落实|贯彻|按照|根据))(自治区|省|市|县|区)(?=[{_CJK}“”]{{0,24}}?(?:联席会议|领导小组|联席办|协调机制|机制办))")


def _joint_conferences(doc: Doc) -> None:
    starts = [(start, end, entry) for start, end, entry in place_hits(doc) if entry.prop("level") in ("province", "city", "county")]
    homes = {e.prop("level"): e for _s, _e, e in reversed(starts)}
    if "province" not in homes and "city" in homes:
        # 自治区…联席会议 in a text that names 拉萨市 only: the city's province.
        province = lexicon.locations()[1].get(homes["city"].prop("parent"))
        if province is not None:
            homes["province"] = province
    for m in _CONFERENCE_LEVEL.finditer(doc.norm):
        level = {"省": "province", "自治区": "province", "市": "city"}.get(m.group(1), "county")
        if level in homes:
            starts.append((m.start(), m.end(), homes[level]))
    for start, end, entry in sorted(starts, key=lambda h: h[0]):
        m = _CONFERENCE.match(doc.norm, end)
        if m is None or not (m.group(2) or _CONFERENCE_TOPIC.search(m.group(1)) or _standing_bare(doc, m)) or re.search(r"[，,。;；、]|[和与及][省市县区]", m.group(1)) \
                or doc.occupied(start, m.end()) \
                or lexicon.cue_re("meeting_verbs").search(m.group(1)) or _conference_framed().search(m.group(1)) \
                or _SESSION.search(m.group(1)):
            continue  # 清水县召开…联席会议, 第三次厅际联席会议: a meeting held; 南宁市依托…协调机制: the work's frame; no body
        written = doc.norm[start:m.end() - len(m.group(3) or "")]
        name = entry.name + written[end - start:]
        level = _LEVEL_OF[entry.prop("level")]
        props = {"kind": "other", "level": level, "place": entry.name, "aliases": [written] if written != name else []}
        conference = doc.add(Mention("Agency", name, start, start + len(written), props, "local"))
        if m.group(3):
            unit = {**props, "parent": conference.name, "aliases": [written + "办公室"]}
            doc.add(Mention("Agency", name + "办公室", start, m.end(), unit, "unit"))
    for body, office_word in (("联席会议", "联席办"), ("协调机制", "机制办")):
        agencies = [m for m in doc.mentions if m.type == "Agency" and m.props.get("place")]
        # 市打击治理电信网络诈骗工作协调机制组长 … 市协调机制副组长: the bare form is the body named in full.
        full = {m.props["place"]: m.name for m in agencies if m.name.endswith(body) and _CONFERENCE_TOPIC.search(m.name)}
        for bare in agencies:
            if bare.props["place"] in full and bare.name == bare.props["place"] + body:
                bare.props["aliases"] = [*bare.props.get("aliases", []), doc.norm[bare.start:bare.end]]
                bare.name = full[bare.props["place"]]
        # 市联席办主任 … 市联席会议召集人, 省机制办 … 省政府…协调机制: the office of a place's conference
        # named in the text is a unit of it.
        conferences = {m.props["place"]: m.name for m in agencies if m.name.endswith(body)}
        for office in agencies:
            if office.name.endswith(office_word) and "parent" not in office.props \
                    and conferences.get(office.props["place"], "").startswith(office.name.removesuffix(office_word)):
                office.props["parent"] = conferences[office.props["place"]]


@lru_cache(maxsize=1)
def _conference_framed() -> re.Pattern[str]:
    """Words that frame work within a conference (依托, 通过, 按照: cues.yaml frame_verbs_drive,
    carrier_words, follow_verbs) before its name: the place's work is told, no body named."""
    return re.compile("|".join(lexicon.alternation(k) for k in ("frame_verbs_drive", "carrier_words", "follow_verbs")))


def _standing_bare(doc: Doc, m: re.Match[str]) -> bool:
    """A conference written without its topic (市联席会议) that is the standing body: its office, its
    convener or its member units follow."""
    return not m.group(1) and (bool(m.group(3)) or _STANDING_WORDS.match(doc.norm, m.end()) is not None)


_COUNTY_SUFFIXES = "县区旗"


def _county_short_hits(doc: Doc) -> list[tuple[int, int, lexicon.Entry]]:
    """Counties written by their short form right before a body or collective (惠山法院,
    景泰公安机关): looked up backwards from each body word, which are few."""
    data = _data()
    forms = lexicon.county_short_forms().forms
    named = place_hits(doc)
    taken = {h[1] for h in named}
    context = {e.name for _s, _e, e in named if e.prop("level") in ("province", "city")}
    context_named, precise = [(s, e.name) for s, _e, e in named if e.name in context], most_precise(context)
    counties = {e.name for _s, _e, e in named if e.prop("level") == "county"}
    # 平和县检察院 … 平和法院: a county the text writes in full may be written short before a body
    # word, even one whose short form is too common a word to stand alone (平和, 政和).
    written = {doc.norm[s:e][:-1]: [entry] for s, e, entry in named
               if entry.prop("level") == "county" and e - s >= 3 and doc.norm[e - 1] in _COUNTY_SUFFIXES}
    hits = []
    for body in data["body_scan"].finditer(doc.norm):
        end = body.start()
        for n in (4, 3, 2):
            entries = (forms.get(doc.norm[end - n:end]) or written.get(doc.norm[end - n:end])) if end >= n else None
            if entries and end not in taken:
                # 五华分局 in a text about 昆明 is 昆明's 五华区, not 梅州's 五华县: a short form
                # counts inside a place the text names, or alone when the text names none.
                # 长宁检察 in a text naming 长宁区 elsewhere: that county.
                # 鞍山市公安局铁西分局 in a text naming 沈阳 too: inside the place named nearest before it.
                inside = lexicon.places_inside(entries, nearest_first(context_named, end - n, precise)) or [e for e in entries if e.name in counties]
                if inside or (not context and len(entries) == 1):
                    hits.append((end - n, end, (inside or entries)[0]))
                break
    return hits


@lru_cache(maxsize=1)
def _site_after() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('site_words')})(?![{_CJK}])")


def names_site(doc: Doc, end: int) -> bool:
    """欢迎访问嘉峪关法院网, 贵阳市中级人民法院官方网站, 中央人民政府网站 | 省委: a body's name that
    names its website (cues.yaml site_words, the line going on with no word) is page furniture."""
    return _site_after().match(doc.norm, end) is not None


def _after_place(doc: Doc, start: int, end: int, entry: lexicon.Entry) -> None:
    data = _data()
    coll = data["collective_after"].match(doc.norm, end)
    m = data["after_place"].match(doc.norm, end)
    if (m and names_site(doc, m.end())) or (coll and names_site(doc, coll.end())):
        return
    if m and m.end() - start <= 40 and not (coll and coll.end() >= m.end()):
        admin, infix, bare, body = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4)
        # 辽宁省大连市公安机关: the collective of the division the admin units name, not its 公安
        # with 机关 left over.
        whole = data["collective_after"].match(doc.norm, m.start(4)) if admin and not infix and not bare else None
        if whole is not None and whole.group(1) is None and whole.end() > m.end():
            division = by_name_of(_resolve_admin(entry, admin))
            if division is not None and division.prop("level") in ("province", "city", "county") and not doc.occupied(start, whole.end()):
                _add_collective(doc, start, whole.end(), division, whole.group(2))
            return
        if bare and body not in ("公安分局", "分局", "派出所", "警方", "公安"):
            return
        if bare and body == "分局" and _unit_of_named_body(doc, start):
            return  # 国家金融监督管理总局株洲监管分局: a branch of the body named before, no police
        if body in ("分局", "公安分局") and not admin and entry.prop("level") == "province" and doc.norm.endswith("公安局", 0, start):
            return  # 乌海市公安局海南分局: the branch of the bureau written before (its 海南区), no province's
        level = entry.prop("level")
        if admin:
            level = "county" if admin[-1] in "区县旗" else "city"
        place = _resolve_admin(entry, admin)
        if bare:
            # 四川绵阳警方, 广州番禺警方: a division named by its short form inside the place.
            division = _resolve_short(entry, bare)
            if division is None and bare in _clause_verbs():
                return  # 鞍山破获公安部督办…: a verb of the clause, no district
            level = division.prop("level") if division else "county"
            place, bare = (division.name, "") if division else (place, bare)
        suffix, kind = data["bodies"][body]
        if kind == "court" and body in ("法院", "人民法院") and not infix:
            suffix = _COURT_BY_LEVEL[level]
        if body in ("公安", "警方") and level == "province" and not place.endswith("市"):
            suffix = "公安厅"  # 江苏公安, 山东警方: the province's department (重庆警方: 重庆市公安局)
        division = by_name_of(place)
        if kind == "public_security" and body in ("警方", "公安", "公安局") and division is not None:
            suffix = data["region_police"].get(division.prop("parent"), suffix)  # 台东警方: 台东县警察局
        props = {"kind": kind, "level": _LEVEL_OF[level], "place": place}
        name = place + infix + bare + suffix
        if suffix == "公安分局" and level == "county" and division and division.prop("parent").endswith("市"):
            # 兰州七里河分局: 兰州市公安局七里河分局, a unit of the city's bureau
            # 利通区分局: a branch whose district the text writes in full keeps its 区.
            written = doc.norm[start:end]
            short = written if written == division.prop("short") and written.endswith("区") else division.prop("short")[:-1]
            name, props["parent"] = _branch_of(division.prop("parent"), short)
        props["aliases"] = shorter_names(name, place)
        if "parent" in props and doc.norm.endswith("公安", 0, start) and not doc.occupied(start - 2, start):
            # 公安南开分局: a branch written after 公安 (天津's usage), 公安 part of its name as written.
            start -= 2
            props["aliases"] = [*props["aliases"], doc.norm[start:m.end()]]
        elif doc.norm[start:end] in lexicon.corps_city_forms() and (written := doc.norm[start:m.end()]) not in props["aliases"]:
            props["aliases"] = [*props["aliases"], written]  # 第六师五家渠市公安局: the city written with its division
        doc.add(Mention("Agency", name, start, m.end(), props, "local"))
    elif coll and not doc.occupied(start, coll.end()):
        _add_collective(doc, start, coll.end(), entry, coll.group(2))


def _unit_of_named_body(doc: Doc, start: int) -> bool:
    """Whether a body of the lexicon (kg/data/agencies.yaml) is named right before `start`, the
    place opening the name of one of its branches (国家金融监督管理总局|株洲监管分局)."""
    before = doc.norm[max(0, start - 20):start]
    return any(end == len(before) for _start, end, _surface, _entries in lexicon.agencies()[0].find(before))


@lru_cache(maxsize=1)
def _clause_verbs() -> frozenset[str]:
    """The verbs of a body's work (cues.yaml case_verbs, handle_verbs, result_verbs, lead_verbs)."""
    cues = lexicon.cues()
    return frozenset(w for key in ("case_verbs", "handle_verbs", "result_verbs", "lead_verbs") for w in cues[key])


def _listed_places(doc: Doc, hits: list) -> None:
    """北京、浙江、广东检察机关: places of one level listed with 、 before a collective are read
    one by one, each place's body (the last one's is read by _after_place). A list closed by 等
    right before the collective (浙江、广东、福建等检察机关) names each place's body as much, the
    last one's too; 等地公安机关 (the police of those places and others) names no body."""
    coll = _data()["collective_after"]
    run: list = []
    for hit in hits:
        start, end, entry = hit
        if run and (doc.norm[run[-1][1]:start] != "、" or entry.prop("level") != run[-1][2].prop("level")):
            run = []
        run.append(hit)
        if len(run) >= 2 and doc.norm.startswith("等", end) and entry.prop("level") in ("province", "city", "county") \
                and (closed := coll.match(doc.norm, end + 1)) is not None and not closed.group(1):
            for first, last, place in run:
                last = closed.end() if last == end else last  # the last one's name holds 等 and the collective
                if not doc.occupied(first, last):
                    _add_collective(doc, first, last, place, closed.group(2))
            run = []
            continue
        if len(run) >= 2 and _counted_bodies(doc, run):
            run = []
            continue
        m = coll.match(doc.norm, end)
        if len(run) < 2 or m is None or m.group(1) or entry.prop("level") not in ("province", "city", "county"):
            continue
        if not any(a.start == start and a.type == "Agency" for a in doc.mentions_in(start, m.end(), "Agency")):
            continue  # the last place's body was not read: no list of bodies
        for first, last, place in run[:-1]:
            if not doc.occupied(first, last):
                _add_collective(doc, first, last, place, m.group(2))
        run = []


# 西安、延安、榆林三市公安局, 广东、浙江、江苏三省检察机关: places listed, then their count and level, then
# a body word of kg/data/bodies.yaml: the body each of them has.
_PLACES_COUNTED = re.compile(r"([两二三四五六七八九十])([省市县区])")
_COUNTED_LEVELS = {"省": ("province",), "市": ("city", "county"), "县": ("county",), "区": ("county",)}


def _counted_bodies(doc: Doc, run: list) -> bool:
    """The places of `run`, listed with 、, followed by their count, their level and a body or
    collective word: each place's body, as the word names it at the place's level (公安局 of a
    province its 公安厅, 检察机关 its 人民检察院). Whether they were read so."""
    import cn2an

    data = _data()
    _start, end, _entry = run[-1]
    counted = _PLACES_COUNTED.match(doc.norm, end)
    word = data["body_start"].match(doc.norm, counted.end()) if counted else None
    if word is None or int(cn2an.cn2an(counted.group(1), "smart")) != len(run) \
            or any(p.prop("level") not in _COUNTED_LEVELS[counted.group(2)] for _s, _e, p in run):
        return False
    for first, last, place in run:
        last = word.end() if last == end else last
        if doc.occupied(first, last):
            continue
        level = place.prop("level")
        if word.group() in data["collectives"]:
            body = data["collectives"][word.group()][("province", "city", "county").index(level)]
        elif word.group() in data["bodies"]:
            body = data["bodies"][word.group()][0]
            body = "公安厅" if body == "公安局" and level == "province" else body
        else:
            continue  # (an infix before the body: no one body of each place)
        _add_body(doc, first, last, place, body, "local")
    return True


# 乐清、平阳、永嘉等基层法院: counties by their short forms, listed before 等 and the bodies of them all.
_LISTED_BODIES_AFTER = re.compile(r"等(?:[\d一二三四五六七八九十两]+家)?(基层人民法院|基层法院|基层人民检察院|基层检察院|法院|检察院|公安机关)")
_LISTED_BODY = {"法院": "人民法院", "检察": "人民检察院", "公安": "公安局"}
_LIST_REACH = 40
_LIST_BREAK = re.compile(r"[^、\u4e00-\u9fff]")


def _listed_short_counties(doc: Doc) -> None:
    """乐清、平阳、永嘉、苍南、泰顺等基层法院: counties listed by their short forms (or full names)
    before 等 and a body word are each that county's body, when every item is a county of a place
    the text names (the list's first item may follow other words: 市内乐清)."""
    forms = lexicon.county_short_forms().forms
    by_form = lexicon.locations()[0].forms
    context = None
    for anchor in _LISTED_BODIES_AFTER.finditer(doc.norm):
        lo = anchor.start() - _LIST_REACH
        breaks = [b.end() for b in _LIST_BREAK.finditer(doc.norm, max(0, lo), anchor.start())]
        begin = breaks[-1] if breaks else max(0, lo)
        items = doc.norm[begin:anchor.start()].split("、")
        if len(items) < 2 or any(not 2 <= len(item) <= 4 for item in items[1:]):
            continue
        if context is None:
            context = {e.name for _s, _e, e in place_hits(doc) if e.prop("level") in ("province", "city")}
        pos, found = begin, []
        for n, item in enumerate(items):
            hit = None
            for cut in (range(max(0, len(item) - 4), len(item) - 1) if n == 0 else (0,)):
                entries = [e for e in forms.get(item[cut:], []) + by_form.get(item[cut:], [])
                           if e.prop("level") == "county" and any(e.name.startswith(c) for c in context)]
                if entries:
                    hit = (pos + cut, pos + len(item), entries[0])
                    break
            if hit is None:
                found = []
                break
            found.append(hit)
            pos += len(item) + 1
        body = next(v for k, v in _LISTED_BODY.items() if k in anchor.group(1))
        for start, end, entry in found:
            if not doc.occupied(start, end):
                _add_body(doc, start, end, entry, body, "local")


def shorter_names(name: str, place: str) -> list[str]:
    """The shorter official forms of a local body's name, without its higher divisions:
    江苏省无锡市惠山区人民法院 → 无锡市惠山区人民法院, 惠山区人民法院."""
    entry = by_name_of(place)
    forms = []
    while entry is not None and entry.prop("parent"):
        parent = entry.prop("parent")
        if name.startswith(parent) and len(name) - len(parent) > len(name) - len(place) + 1:
            forms.append(name[len(parent):])
        entry = by_name_of(parent)
    return forms


def by_name_of(place: str) -> lexicon.Entry | None:
    return lexicon.locations()[1].get(place)


def _resolve_admin(entry: lexicon.Entry, admin: str) -> str:
    """河南省 + 镇平县 → 河南省南阳市镇平县: the division the admin units name inside the place,
    as the gazetteer has it; the words as written when it has none."""
    if not admin:
        return entry.name
    units = re.findall(_ADMIN, admin)
    last = units[-1] if units else admin
    # (重庆石柱县: an autonomous county by its short form with its kind, 重庆市石柱土家族自治县.)
    found = [e.name for e in lexicon.divisions_by_short().get(last, []) if e.name.startswith(entry.name)
             and (e.name.endswith(admin) or admin in lexicon.kind_forms().get(e.name, ()))]
    if not found and len(units) == 1:
        # 安徽淮北相山区: a city by its short form, then its county (安徽省淮北市相山区).
        index = lexicon.divisions_by_short()
        # 四川凉山州西昌市: a city by any form the gazetteer knows it by (凉山州 for 凉山彝族自治州).
        forms = lexicon.locations()[0].forms
        found = [e.name for n in range(2, len(last) - 1) for e in index.get(last[n:], [])
                 if e.name.startswith(entry.name) and e.prop("parent") in {c.name for c in index.get(last[:n], []) + forms.get(last[:n], [])}]
    return min(found, key=len) if found else entry.name + admin


def _resolve_short(entry: lexicon.Entry, short: str) -> lexicon.Entry | None:
    """The division of `entry` whose short form is `short` (绵阳 in 四川 → 四川省绵阳市)."""
    found = [e for e in lexicon.divisions_by_short().get(short, []) if e.name.startswith(entry.name) and e.name != entry.name
             and any(form[:-1] == short and form[-1] in "市区县旗" for form in (e.prop("short"), *lexicon.kind_forms().get(e.name, ())))]
    return min(found, key=lambda e: len(e.name)) if found else None


def place_body(doc: Doc, start: int, end: int, place: str, word: str) -> None:
    """The body of the collective `word` (公安机关, 检察机关, 法院) of the division named `place`."""
    entry = by_name_of(place)
    if entry is not None and entry.prop("level") in ("province", "city", "county"):
        _add_collective(doc, start, end, entry, word)


def _add_collective(doc: Doc, start: int, end: int, place: lexicon.Entry, word: str, role: str = "collective") -> None:
    level = place.prop("level")
    _add_body(doc, start, end, place, _data()["collectives"][word][("province", "city", "county").index(level)], role)


def _add_body(doc: Doc, start: int, end: int, place: lexicon.Entry, body: str, role: str) -> None:
    """The body `body` (公安厅, 人民检察院…) of a division the text names or is about."""
    if body == "公安厅" and place.name.endswith("市"):
        body = "公安局"  # the four municipalities have a 公安局
    kind = "procuratorate" if "检察" in body else "court" if "法院" in body else "public_security"
    props = {"kind": kind, "level": _LEVEL_OF[place.prop("level")], "place": place.name,
             "aliases": shorter_names(place.name + body, place.name)}
    doc.add(Mention("Agency", place.name + body, start, end, props, role))


# The four municipalities: provinces whose own bodies a text writes 市公安局, 市反诈中心.
_MUNICIPALITIES = frozenset(("北京市", "天津市", "上海市", "重庆市"))

# 各县(市)区公安局: 各 a few characters before, or a bracket right before (not 记者王佳)今天,省…)
_EVERY_BEFORE = re.compile(r"各[^,，。;；、]{0,3}$|[(（)）]$")


def _home_bodies(doc: Doc, hits: list) -> None:
    """市公安局, 县检察院, 全省公安机关, 五华分局: bodies of the place a text is about, the
    first province, city or county it names."""
    _, by_name = lexicon.locations()
    ordered = [entry for _s, _e, entry in sorted(hits, key=lambda h: h[0])]
    named_names = {entry.name for entry in ordered}
    homes: dict[str, lexicon.Entry] = {}
    for entry in ordered:
        homes.setdefault(entry.prop("level"), entry)
        if entry.name in _MUNICIPALITIES:
            homes.setdefault("city", entry)  # 市公安局 in a text about 天津: the municipality's own
        if entry.prop("level") == "county" and entry.name.endswith("市"):
            homes.setdefault("city", entry)  # 市公安局 in a text about 大理市, a county-level city: its own
        elif entry.prop("level") == "county" and entry.prop("parent") in by_name and entry.prop("parent").endswith("市"):
            homes.setdefault("city", by_name[entry.prop("parent")])  # a 州 or 地区 is no 市
        if entry.prop("level") in ("county", "city"):
            province = entry.name[: entry.name.find("省") + 1] if "省" in entry.name else ""
            if province in by_name:
                homes.setdefault("province", by_name[province])
    if not homes:
        return
    # 我县公安局 before any county is named, in a text naming several (太康县…；商水县…): the
    # writer's county is none of them.
    counties = [(s, e) for s, _e, e in sorted(hits, key=lambda h: h[0]) if e.prop("level") == "county"]
    first_county = counties[0][0] if len({e.name for _s, e in counties}) > 1 else -1
    data = _data()
    for word, (level, body) in lexicon.cues()["home_short"].items():
        # 省厅, 市局: the department or bureau of the text's own province or city.
        for m in re.finditer(re.escape(word), doc.norm):
            # 市局 in a county bulletin: the county's city, and only when the text names it
            if level in homes and _home_named(homes[level], named_names) and doc.norm[m.start() - 1:m.start()] != "全" and not doc.occupied(m.start(), m.end()):
                _add_body(doc, m.start(), m.end(), homes[level], body, "local")
    for m in _CONCURRENT.finditer(doc.norm):
        # 副市长、公安局局长张勇: the police chief of the city whose deputy mayor he is; 雷州市…总召集人、
        # 副市长、公安局局长X: of the place of that level named just before him (a county-level 市 too).
        level = {"省": "province", "市": "city"}.get(m.group(1), "county")
        sentence_start = doc.sentence_at(m.start()).start
        near = [e for s0, _e, e in hits if sentence_start <= s0 < m.start() and m.start() - s0 <= _CONCURRENT_REACH and e.name.endswith(m.group(1))]
        home = near[-1] if near else homes.get(level) if level in homes and _home_named(homes[level], named_names) else None
        if home is not None and not doc.occupied(m.start(2), m.end(2)):
            _add_body(doc, m.start(2), m.end(2), home, "公安厅" if home.prop("level") == "province" else "公安局", "local")
    leveled: list[tuple[Mention, lexicon.Entry]] = []
    for m in data["home"].finditer(doc.norm):
        if doc.occupied(m.start(), m.end()) or _EVERY_BEFORE.search(doc.norm[max(0, m.start() - 4):m.start()]):
            continue  # 各县(市)区公安局: every county's, no one body
        if m.group(2):
            level = {"省": "province", "市": "city", "县": "county", "区": "county"}[m.group(1)[-1]]
            # 全区各级法院 in a text about an autonomous region: the region's, with the levels under it
            # (a district has no courts of other levels), whatever district the text names.
            if m.group(1)[-1] == "区" and "province" in homes and "自治区" in homes["province"].name and (
                    "county" not in homes or m.group(1) == "全区" and m.group(2).startswith("各级")):
                level = "province"
            # 市公安机关 (not 全市…) in a county bulletin: the city's only when the text names it
            if level in homes and (m.group(1)[0] == "全" or homes[level].name in named_names):
                _add_collective(doc, m.start(), m.end(), homes[level], m.group(2))
        elif m.group(5):
            level = {"省": "province", "市": "city", "自治区": "province"}.get(m.group(3), "county")
            if m.group(3) == "自治区" and not ("province" in homes and homes["province"].name.endswith("自治区")):
                continue  # 自治区公安厅 in a text about a province: no body of its
            if level == "county" and m.start() < first_county:
                continue
            if m.group(5).endswith("政府") and (_LEADERSHIP_BEFORE.search(doc.norm, max(0, m.start() - 4), m.start())
                                                 or _LEADERSHIP_AFTER.match(doc.norm, m.end()) or _GOVERNMENT_NAME_GOES_ON.match(doc.norm, m.end())):
                continue  # 在市委、市政府的领导下: the place's leadership; 市政府新闻办: a longer name
            # 市公安局 in a county bulletin: the county's city only when the text names it
            if level in homes and _home_named(homes[level], named_names):
                added = _add_home_body(doc, m.start(), m.end(), homes[level], m.group(5), m.group(4) or "")
                if added.start == m.start():
                    leveled.append((added, homes[level]))
                    _levels_listed(doc, m.start(), m.group(5), homes, named_names)
        elif "city" in homes:
            _branch(doc, m, homes["city"], by_name)
    for body, home in leveled:
        _listed_bare(doc, body, home)


def _add_home_body(doc: Doc, start: int, end: int, home: lexicon.Entry, word: str, infix: str = "", role: str = "local") -> Mention:
    """The body `word` (bodies.yaml) of the text's own place `home`."""
    suffix, kind = _data()["bodies"][word]
    if kind == "court" and word in ("法院", "人民法院"):
        suffix = _COURT_BY_LEVEL[home.prop("level")]
    name = home.name + infix + suffix
    props = {"kind": kind, "level": _LEVEL_OF[home.prop("level")], "aliases": shorter_names(name, home.name)}
    return doc.add(Mention("Agency", name, start, end, props, role))


_LIST_JOINERS = "、和及与"


_LEVEL_WORDS = {"省": "province", "市": "city", "县": "county", "区": "county"}


def _levels_listed(doc: Doc, start: int, word: str, homes: dict, named: set[str]) -> None:
    """在省、市反诈骗中心的配合下: levels listed with 、 before a body written once are each level's
    body of the text's places (省反诈骗中心 and 市反诈骗中心)."""
    text = doc.norm
    pos = start
    while pos >= 2 and text[pos - 1] == "、" and text[pos - 2] in _LEVEL_WORDS and (pos == 2 or not "\u4e00" <= text[pos - 3] <= "\u9fff" or text.endswith(_data()["home_after"], 0, pos - 2)):
        level = _LEVEL_WORDS[text[pos - 2]]
        if level not in homes or not _home_named(homes[level], named) or doc.occupied(pos - 2, pos - 1):
            return
        # the level alone is written: the body's name with it is its alias (role listed: no surface alias)
        added = _add_home_body(doc, pos - 2, pos - 1, homes[level], word, role="listed")
        added.props.setdefault("aliases", []).append(text[pos - 2] + word)
        pos -= 2


def _listed_bare(doc: Doc, body: Mention, home: lexicon.Entry) -> None:
    """县公安局、教育局、发改局等单位; 联合教育局、市委老干部局: bodies of a place's government listed
    with 、 beside one written with its level (县, 市) are that place's too, the level written once
    for the list. An item must be a body's name alone, from a joiner to the next (or 等)."""
    data = _data()
    text = doc.norm
    pos = body.end
    while pos < len(text) and text[pos] in _LIST_JOINERS:
        m = data["home_item"].match(text, pos + 1)
        if m is None or doc.occupied(m.start(), m.end()):
            break
        _add_home_body(doc, m.start(), m.end(), home, m.group())
        pos = m.end()
    pos = body.start
    while pos > 0 and text[pos - 1] == "、":
        word = next((w for w in data["home_words"] if text.endswith(w, 0, pos - 1)), None)
        start = pos - 1 - len(word) if word else -1
        if word is None or doc.occupied(start, pos - 1) or not (
                start == 0 or text[start - 1] in _LIST_JOINERS or not "\u4e00" <= text[start - 1] <= "\u9fff" or text.endswith(data["home_after"], 0, start)):
            break
        _add_home_body(doc, start, pos - 1, home, word)
        pos = start


# A government written after its party committee (市委、市政府, 县委县政府) is the place's leadership,
# not a body that acts; one that heads a longer name (市政府新闻办, 市政府办公室) is no body alone.
_LEADERSHIP_BEFORE = re.compile(r"[省市县区]委[,，、和与及\s]{0,2}$")
_GOVERNMENT_NAME_GOES_ON = re.compile(r"新闻|办")
# 在市政府、市政协和社会各界关心支持下, 市政府和市人大: a government listed with the place's congress or
# political consultative conference is the formula of support, no body that acts.
_LEADERSHIP_AFTER = re.compile(r"[,，、和与及]{1,2}[省市县区](?:政协|人大|委)")


# A deputy head of a government who heads its police too (副市长、公安局局长; 副省长、公安厅厅长): the
# bureau written bare is that government's.
_CONCURRENT_REACH = 40
_CONCURRENT = re.compile(r"副(省|市|县|区)长[,，、\s]+(公安厅|公安局)(?=局长|厅长|党委书记|政委)")


def _home_named(home: lexicon.Entry, named: set[str]) -> bool:
    """Whether a body written by its level alone (市局, 省高院) may be `home`'s: a city or county
    the text names itself (市局 in a county bulletin may be a county-level 市's own); a province
    also when it holds a place the text names (本报太原…讯 … 省高院: 山西's), as no 省 is anything
    else."""
    return home.name in named or home.prop("level") == "province"


def _branch(doc: Doc, m: re.Match, city: lexicon.Entry, by_name: dict) -> None:
    """五华分局 in a text about 昆明: 昆明市公安局五华分局, a unit of the city's bureau."""
    if not any(city.name + m.group(6) + suffix in by_name for suffix in ("区", "县")):
        return
    name, parent = _branch_of(city.name, m.group(6))
    doc.add(Mention("Agency", name, m.start(), m.end(), {"kind": "public_security", "level": "district", "parent": parent}, "local"))


def _branch_of(city: str, district_short: str) -> tuple[str, str]:
    """A district's police branch as the city's bureau names it, and that bureau."""
    parent = city + "公安局"
    return parent + district_short + "分局", parent


_NATIONAL_SECTOR = {"公安机关": "公安部", "检察机关": "最高人民检察院", "法院": "最高人民法院"}


def find_sector_partners(doc: Doc, markers: re.Pattern[str]) -> None:
    """会同检察、法院、通信、金融等部门: the sectors a body acts with are the bodies of those
    sectors at its level (national: 最高人民检察院, 最高人民法院; 江苏省人民检察院会同公安、
    法院: 江苏省公安厅, 江苏省高级人民法院). Other sectors (通信, 金融) name no body."""
    sectors = _data()["sectors"]
    word = re.compile("|".join(sorted(map(re.escape, sectors), key=len, reverse=True)))
    _, by_name = lexicon.locations()
    national = lexicon.agencies()[1]
    for marker in markers.finditer(doc.norm):
        if not word.match(doc.norm, marker.end()):
            continue
        index = doc.sentence_index(marker.start())
        actors = [m for m in doc.mentions if m.type == "Agency" and m.end <= marker.start() and doc.sentence_index(m.start) == index]
        end = min([p for p in (doc.norm.find(c, marker.end()) for c in ",，。;；") if p >= 0] + [len(doc.norm)])
        if not actors:
            continue
        actor, pos = actors[-1], marker.end()
        items = re.split(r"[、和及]", doc.norm[pos:end])
        for n, item in enumerate(items):
            m = word.match(item)
            if m and (m.end() == len(item) or n == len(items) - 1 or item[m.end():].startswith("等")) and not doc.occupied(pos, pos + m.end()):
                collective = sectors[m.group()]
                place = by_name.get(actor.props.get("place", ""))
                if actor.props.get("level") == "national":
                    entry = national[_NATIONAL_SECTOR[collective]]
                    doc.add(Mention("Agency", entry.name, pos, pos + m.end(), dict(entry.props), "sector"))
                elif place is not None:
                    _add_collective(doc, pos, pos + m.end(), place, collective, "sector")
            pos += len(item) + 1


def find_stray_units(doc: Doc) -> None:
    """刑庭庭长缪月娟 in a court's report: a unit named alone before a post is a unit of the
    last body of its kind named before it. In a local report, a police unit needs no post
    (刑侦支队牵头制定方案), nor does a station named by its place (通贤派出所接到预警):
    they are units of the last local police body named before them."""
    data = _data()
    for kind, pattern in data["unit_patterns"].items():
        _stray(doc, pattern, kind, local_only=False)
    for kind, pattern in data["units_alone"].items():
        # a committee that discusses a case (审判委员会讨论) is no body that handles it
        _stray(doc, pattern, kind, local_only=False, deliberative=True)
    _stray(doc, data["police_units"], "public_security", local_only=True)


def _stray(doc: Doc, pattern: re.Pattern[str], kind: str, local_only: bool, deliberative: bool = False) -> None:
    parents = sorted((a for a in doc.mentions if a.type == "Agency" and a.props.get("kind") == kind and a.role not in ("unit", "collective" if local_only else "")
                      and not (local_only and a.props.get("level") in (None, "national"))), key=lambda a: a.end)
    if not parents:
        return  # no body to be a unit of
    ends = [a.end for a in parents]
    by_name: dict[str, list[int]] = {}
    for j, a in enumerate(parents):
        by_name.setdefault(a.name, []).append(j)
    local = [j for j, a in enumerate(parents) if a.props.get("level") not in ("provincial", "national")]
    for m in pattern.finditer(doc.norm):
        i = bisect.bisect_right(ends, m.start(1))
        if i == 0 or doc.occupied(m.start(1), m.end(1)):
            continue
        start, unit = m.start(1), m.group(1)
        parent = _stray_parent(doc, parents, i, by_name, local, unit, start)
        if parent is None or (doc.norm.endswith("院", 0, start) and parent.end != start):
            continue  # a unit glued to a court's name is that court's, or none (三中院刑一庭, 三中院 not read)
        if _same_centre(parent, unit):
            # 衡水市反电信网络诈骗中心…向反诈中心赠送锦旗: the centre written short, no unit of itself.
            doc.add(Mention("Agency", parent.name, start, m.end(1), {k: v for k, v in parent.props.items() if k != "aliases"}, "anaphor"))
            continue
        number = _NUMBER_BEFORE.search(doc.norm, max(0, start - 5), start)
        if number:
            # 110指挥中心 alone: the unit of a body the text named it with (县公安局110指挥中心),
            # else the service of the number, of no body the text names.
            start, unit = number.start(), number.group() + unit
            if not any(a.role == "unit" and a.name == parent.name + unit for a in doc.mentions if a.type == "Agency"):
                continue
        props = {**{k: v for k, v in parent.props.items() if k != "aliases"}, "parent": parent.name}
        props["aliases"] = [a + unit for a in parent.props.get("aliases", [])]
        if deliberative:
            props["deliberative"] = True
        doc.add(Mention("Agency", parent.name + unit, start, m.end(1), props, "unit"))


def _same_centre(parent: Mention, unit: str) -> bool:
    """反诈中心 after an anti-fraud centre (X反电信网络诈骗中心): the short form of that centre's name
    (cues.yaml anaphors short_units), not a unit of it."""
    ending = lexicon.cues()["anaphors"]["short_units"].get(unit)
    return ending is not None and anti_fraud_centre(parent.name, ending)


def anti_fraud_centre(name: str, ending: str) -> bool:
    """Whether a body's name is an anti-fraud centre's (…反电信网络诈骗中心, …反诈骗中心) ending so."""
    return name.endswith(ending) and "反" in name and "诈" in name[name.find("反"):]


_NUMBER_BEFORE = re.compile(r"(?<!\d)\d{3,5}$")
# Units of a county's or a district's bureau (a city's 分局 is one): no provincial or national
# body has a 大队, a 中队 or a 派出所 of its own.
_COUNTY_UNITS = ("大队", "中队", "派出所")


def _stray_parent(doc: Doc, parents: list[Mention], i: int, by_name: dict[str, list[int]], local: list[int],
                  unit: str, start: int) -> Mention | None:
    """The body a unit named alone at `start` belongs to, of the first `i` bodies (`parents`,
    in the order they end; `by_name` and `local` index them by name and list the local ones):
    that of the unit it is joined to, else the last one named that can have it (黄口派出所在刑警
    大队的协助下 after 新疆警方: the county's 刑警大队, not the province's). A unit the text named
    in full with its body before is that unit again (agencies._unit_repeats, run first)."""
    # 黄口派出所联合刑警大队, 派出所在刑警大队的协助下: a unit joined to a unit named just before
    # it is a unit of the same body.
    joins = _joins()
    mate = next((u for u in doc.mentions_in(max(0, start - 40), start, "Agency") if u.role == "unit" and u.props.get("parent")
                 and start - u.end <= 2 and joins.fullmatch(doc.norm[u.end:start])), None)
    if mate is not None:
        found = _last_before(by_name.get(mate.props["parent"], []), i)
        if found is not None:
            return parents[found]
    if unit.endswith(_COUNTY_UNITS):
        # (县反诈中心主任李明介绍…新安镇派出所: a station or a brigade is the bureau's, not a centre's.)
        bureaus = [j for j in local if parents[j].name.endswith(_BUREAU_ENDS)]
        found = _last_before(bureaus, i)
        found = _last_before(local, i) if found is None else found
        return None if found is None else parents[found]
    return parents[i - 1]


# The bodies that have 大队, 中队 and 派出所: a county's or district's bureau (公安局, 公安分局;
# 警察局 in Taiwan), not a centre of it.
_BUREAU_ENDS = ("公安局", "分局", "警察局")


def _last_before(indices: list[int], i: int) -> int | None:
    """The greatest of the sorted `indices` below `i`, if any."""
    at = bisect.bisect_left(indices, i)
    return indices[at - 1] if at else None


@lru_cache(maxsize=1)
def _joins() -> re.Pattern[str]:
    """What joins two units of one body: a conjunction, 在 (在…的协助下), a partner marker
    (cues.yaml partner_markers: 联合, 会同…) or 配合."""
    return re.compile(rf"[与和及在、]|{lexicon.alternation('partner_markers')}|配合")


def merge_synonym_units(doc: Doc) -> None:
    """淮北市公安局相山分局刑侦大队 … 相山分局刑警大队: one body's unit named by two of its names
    (bodies.yaml unit_synonyms) is one unit, named as the text first writes it."""
    synonyms = _data()["unit_synonyms"]
    first: dict[tuple[str, int], str] = {}
    for m in sorted((m for m in doc.mentions if m.type == "Agency" and m.role == "unit" and m.props.get("parent")), key=lambda m: m.start):
        tail = m.name[len(m.props["parent"]):] if m.name.startswith(m.props["parent"]) else ""
        if tail not in synonyms:
            continue
        name = first.setdefault((m.props["parent"], synonyms[tail]), m.name)
        if name != m.name:
            m.props = {**m.props, "aliases": [*m.props.get("aliases", []), m.name]}
            m.name = name
    # 人民银行深圳分行 … 人民银行深圳市分行: a branch named by its place's short and full form is one
    # branch, by the full form.
    branches = [m for m in doc.mentions if m.type == "Agency" and m.role == "unit" and m.props.get("parent") and _BRANCH_PLACE.search(m.name)]
    fullest: dict[tuple[str, str], str] = {}
    for m in branches:
        key = (m.props["parent"], _BRANCH_PLACE.sub("", m.name))
        if len(m.name) > len(fullest.get(key, "")):
            fullest[key] = m.name
    for m in branches:
        name = fullest[(m.props["parent"], _BRANCH_PLACE.sub("", m.name))]
        if name != m.name:
            m.props = {**m.props, "aliases": [*m.props.get("aliases", []), m.name]}
            m.name = name


# The division word before a bank branch's word (深圳市分行, 清水县支行): left out, the branch's
# key by which its short and full forms are one.
_BRANCH_PLACE = re.compile(r"[市县区]?(?=(?:中心)?(?:分行|支行)$)")
