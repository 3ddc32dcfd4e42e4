"""Agencies: national bodies from the lexicon, local bodies from their place names,
provincial collectives, and internal units (PART_OF their parent)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.extract.names import left_trim, place_hits

_CJK = "\u4e00-\u9fff"
# Body types of local agencies, longest first; value: (canonical suffix, kind).
_BODIES = {
    "高级人民法院": ("高级人民法院", "court"),
    "中级人民法院": ("中级人民法院", "court"),
    "中院": ("中级人民法院", "court"),
    "人民法院": ("人民法院", "court"),
    "法院": ("人民法院", "court"),
    "人民检察院": ("人民检察院", "procuratorate"),
    "检察院": ("人民检察院", "procuratorate"),
    "公安厅": ("公安厅", "public_security"),
    "公安分局": ("公安分局", "public_security"),
    "公安局": ("公安局", "public_security"),
    "反电信网络诈骗中心": ("反电信网络诈骗中心", "public_security"),
    "反诈骗中心": ("反诈骗中心", "public_security"),
    "反诈中心": ("反诈中心", "public_security"),
    "派出所": ("派出所", "public_security"),
    "出入境边防检查总站": ("出入境边防检查总站", "public_security"),
    "出入境边防检查站": ("出入境边防检查站", "public_security"),
    "警方": ("警方", "public_security"),
    "通信管理局": ("通信管理局", "regulator"),
    "市场监督管理局": ("市场监督管理局", "regulator"),
}
_BODY_ALT = "|".join(sorted(_BODIES, key=len, reverse=True))
_AFTER_PLACE = re.compile(
    rf"((?:[{_CJK}]{{1,5}}?(?:自治县|自治州|自治旗|地区|市|区|县|旗|盟))*)(?:(?!人民|中级|高级)([{_CJK}]{{2}}))?({_BODY_ALT})"
)
_BARE_LOCAL = re.compile(rf"([{_CJK}]{{2,4}}(?:区|县|市))({_BODY_ALT})")
# Collective subjects of a province: 全省公安机关, 贵州法院, 北京市检察机关.
_HOME_COLLECTIVE = re.compile(r"(全省|全区)(检察机关|公安机关|各级人民法院|各级法院|法院)")
_COLLECTIVE = re.compile(r"(全省|全市|全区|各级)?(检察机关|公安机关|各级人民法院|各级法院|人民法院|法院)")
# 中心 of 杭州中心支行, 局 of 公安局刑侦支队: a unit name goes on to its longer form.
_UNIT_TAIL = re.compile(rf"[{_CJK}]{{0,3}}?(分行|支行|分局|支队|大队|中队)")
# A body's name at the head of a meeting's name (国务院部际联席会议) names the meeting.
_MEETING = re.compile(r"(部际)?(联席会议|常务会议|全体会议)")
_UNIT = re.compile(
    rf"(第[一二三四五六七八九十]+[{_CJK}]{{0,4}}?(?:厅|庭|局|处|室|部)|[{_CJK}]{{2,9}}?(?:总队|支队|大队|工作委员会|委员会|办公室|中心|分行|支行|分局|局|司|厅|庭|处|室))"
)


@lru_cache(maxsize=1)
def _unit_stop() -> re.Pattern[str]:
    cues = lexicon.cues()
    words = set(cues["lead_verbs"] + cues["issue_verbs"] + cues["speech_verbs"] + cues["handle_verbs"])
    words |= set(cues["partner_markers"] + cues["titles"])
    words |= set("的在对将向和与及等是了为把从由被给共已也还要并")
    words |= {"举行", "召开", "建成", "推出", "开发", "督促", "认真", "依法", "相关", "有关", "会上", "新闻", "记者"}
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def find_agencies(doc: Doc) -> None:
    """Add Agency mentions: local bodies first (they contain national-looking words)."""
    _local_bodies(doc)
    _provincial_collectives(doc)
    matcher, _ = lexicon.agencies()
    for start, end, surface, entries in matcher.find(doc.norm):
        if doc.occupied(start, end) or _MEETING.match(doc.norm, end):
            continue
        entry = entries[0]
        role = "name" if surface == entry.name else "alias"
        doc.add(Mention("Agency", entry.name, start, end, dict(entry.props), role))
    _units(doc)


def _local_bodies(doc: Doc) -> None:
    for start, end, entry in place_hits(doc):
        if entry.prop("level") not in ("province", "city", "county"):
            continue
        m = _AFTER_PLACE.match(doc.norm, end)
        if not m or m.end() - start > 40:
            continue
        admin, bare, body = m.group(1), m.group(2) or "", m.group(3)
        if bare and body not in ("公安分局", "派出所", "警方"):
            continue
        if not admin and not bare and body in ("法院", "人民法院") and entry.prop("level") == "province":
            continue  # 贵州法院: the province's courts, resolved as a collective
        tail = bare or admin or {"city": "市", "county": "县"}.get(entry.prop("level"), "省")
        place = entry.name + admin + bare
        _add_local(doc, start, m.end(), place, body, _level(tail, bool(bare)))
    for m in _BARE_LOCAL.finditer(doc.norm):
        # An unknown place is read from the body's left: words before it are cut off.
        cut = left_trim(m.group(1))
        place = m.group(1)[cut:]
        if len(place) >= 3 and not doc.occupied(m.start() + cut, m.end()):
            _add_local(doc, m.start() + cut, m.end(), place, m.group(2), _level(place, False))


def _level(tail: str, bare_district: bool) -> str:
    if bare_district or tail[-1] in "区县旗":
        return "district"
    if tail[-1] in "市州盟" or tail.endswith("地区"):
        return "municipal"
    return "provincial"


def _add_local(doc: Doc, start: int, end: int, place: str, body: str, level: str) -> None:
    suffix, kind = _BODIES[body]
    doc.add(Mention("Agency", place + suffix, start, end, {"kind": kind, "level": level}, "local"))


def _provincial_collectives(doc: Doc) -> None:
    """贵州法院, 北京市检察机关, and 全省公安机关 in a text about one province."""
    provinces = [(start, end, entry) for start, end, entry in place_hits(doc) if entry.prop("level") == "province"]
    for start, end, entry in provinces:
        m = _COLLECTIVE.match(doc.norm, end)
        if m and not doc.occupied(start, m.end()):
            _add_collective(doc, start, m.end(), entry.name, m.group(2))
    if not provinces:
        return
    home = provinces[0][2].name  # the province a text is about is the first it names
    for m in _HOME_COLLECTIVE.finditer(doc.norm):
        if not doc.occupied(m.start(), m.end()):
            _add_collective(doc, m.start(), m.end(), home, m.group(2))


def _add_collective(doc: Doc, start: int, end: int, province: str, body: str) -> None:
    if "检察" in body:
        full, kind = province + "人民检察院", "procuratorate"
    elif "公安" in body:
        full, kind = province + ("公安局" if province.endswith("市") else "公安厅"), "public_security"
    else:
        full, kind = province + "高级人民法院", "court"
    doc.add(Mention("Agency", full, start, end, {"kind": kind, "level": "provincial"}, "collective"))


def _units(doc: Doc) -> None:
    stop = _unit_stop()
    agency_forms = lexicon.agencies()[0]
    for parent in [m for m in doc.mentions if m.type == "Agency" and m.role != "collective"]:
        m = _UNIT.match(doc.norm, parent.end)
        if not m:
            continue
        unit = m.group(1)
        longer = _UNIT_TAIL.match(doc.norm, m.end())
        if longer:
            unit += longer.group()
        if stop.search(unit) or agency_forms.find(unit) or doc.occupied(m.start(), m.end()):
            continue
        props = dict(parent.props)
        props["parent"] = parent.name
        doc.add(Mention("Agency", parent.name + unit, m.start(), m.start() + len(unit), props, "unit"))
