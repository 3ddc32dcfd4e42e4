"""Agencies: local bodies (kg.extract.local), national bodies from the lexicon, and
internal units (PART_OF their parent)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.extract.local import (
    find_local_bodies,
    find_sector_partners,
    find_stray_units,
    merge_synonym_units,
    names_site,
    place_body,
    zone_prefix,
)
from kg.text import finditer_led

_CJK = "\u4e00-\u9fff"
# A collective after a level (中级人民法院, 县人民法院, 市公安机关) is a local body, not the national system.
_LEVEL_BEFORE = frozenset("省市县区州旗盟级")
_THIS = frozenset("该本我此其")
# 中心 of 杭州中心支行, 局 of 公安局刑侦支队: a unit name goes on to its longer form.
_UNIT_TAIL = re.compile(rf"[{_CJK}]{{0,3}}?(分行|支行|分局|支队|大队|中队)")
# A body's name at the head of a meeting's name (国务院部际联席会议) names the meeting.
_MEETING = re.compile(r"(部际)?(联席会议|常务会议|全体会议)")
# 公安局110指挥中心, 公安局96110预警劝阻中心: a unit named by the service number it answers (not a
# year or a count: 2023年, 300名).
_SERVICE_NUMBER = r"(?:\d{3,5}(?![\d年月日号名人起万元次件个]))"
_UNIT = re.compile(
    # (高效处置, 依法处理: 处 of a verb ends no unit; 某公司, 物流公司: 司 of 公司 ends a firm's name, no department)
    rf"(第[一二三四五六七八九十]+[{_CJK}]{{0,4}}?(?:厅|庭|局|处|室|部)|{_SERVICE_NUMBER}?[{_CJK}]{{2,9}}?(?:总队|支队|大队|中队|派出所|工作委员会|委员会|办公室|联席办|办案组|团队|中心|分行|支行|分院|分局|检察部|局|(?<!公)司|厅|庭|处(?![置理罚])|室)"
    # 刑警大队反诈专班, 打击治理“两卡”违法犯罪工作专班: a task force of the body or of its unit.
    rf"|(?![各全每])[{_CJK}“”]{{2,16}}?(?:专班|专业队))"
)


@lru_cache(maxsize=1)
def _pairs() -> tuple[tuple[re.Pattern[str], tuple[str, str]], ...]:
    pairs = []
    for (first, first_name), (second, second_name) in lexicon.cues()["paired_short_forms"]:
        pairs.append((re.compile(f"({re.escape(first)})、?({re.escape(second)})"), (first_name, second_name)))
    return tuple(pairs)


def _paired_short_forms(doc: Doc) -> None:
    """中办国办《关于…的意见》, 中办、国办: short forms read only as a pair (cues.yaml paired_short_forms)."""
    _, by_name = lexicon.agencies()
    for pattern, names in _pairs():
        for m in pattern.finditer(doc.norm):
            for group, name in zip((1, 2), names, strict=True):
                entry = by_name[name]
                if not doc.occupied(m.start(group), m.end(group)):
                    doc.add(Mention("Agency", entry.name, m.start(group), m.end(group), dict(entry.props), "alias"))


@lru_cache(maxsize=1)
def _groups() -> tuple[re.Pattern[str] | None, dict[str, list[str]]]:
    groups = lexicon.cues()["group_short_forms"]
    # 两高 of 两高院 (the two high courts of a region) or 两高校 names no national body.
    pattern = re.compile(rf"(?:{'|'.join(map(re.escape, sorted(groups, key=len, reverse=True)))})(?![院校层级档端新效温速铁])") if groups else None
    return pattern, groups


def _group_short_forms(doc: Doc) -> None:
    """“两高一部”发布…: an abbreviation of several national bodies (cues.yaml group_short_forms)
    names each of them: a mention of each, all at its span (the first in the document's index,
    the others beside it), so that each takes what the abbreviation's clause gives."""
    pattern, groups = _groups()
    if pattern is None or "两高" not in doc.norm:
        return
    _, by_name = lexicon.agencies()
    for m in pattern.finditer(doc.norm):
        if doc.occupied(m.start(), m.end()):
            continue
        members = [by_name[name] for name in groups[m.group()]]
        doc.add(Mention("Agency", members[0].name, m.start(), m.end(), dict(members[0].props), "alias"))
        for entry in members[1:]:
            doc.mentions.append(Mention("Agency", entry.name, m.start(), m.end(), dict(entry.props), "alias"))


@lru_cache(maxsize=1)
def _unit_stop() -> re.Pattern[str]:
    cues = lexicon.cues()
    words = set(cues["lead_verbs"] + cues["issue_verbs"] + cues["speech_verbs"] + cues["handle_verbs"])
    words |= set(cues["partner_markers"] + cues["titles"] + cues["not_in_unit_name"])
    words |= set("的在对将向和与及等是了为把从由被给共已也还要并")
    words |= {"举行", "召开", "建成", "推出", "开发", "督促", "认真", "依法", "相关", "有关", "会上", "新闻", "记者",
              "分别", "公开", "开庭", "深入", "贯彻", "落实", "按照", "挂点", "成员", "带领", "联合",
              # 以诈骗罪判处…: a sentence's words after a court, no unit of it
              "以", "判处", "作出", "认定",
              # 刑侦大队副大队长 (cut before 长): 副 opens a post, never a unit's name
              "副",
              # 专案组各工作专班: the task forces of each, no one unit
              "各"}
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _operator_not_before() -> tuple[str, ...]:
    return tuple(lexicon.cues()["operator_not_before"])


def find_agencies(doc: Doc) -> None:
    """Add Agency mentions: local bodies first (they contain national-looking words)."""
    find_local_bodies(doc)
    matcher, _ = lexicon.agencies()
    not_after = tuple(lexicon.cues()["not_agency_after"])
    deferred: list[Mention] = []
    for start, end, surface, entries in matcher.find(doc.norm):
        # “国家反诈中心”APP: an app named by the body, its quotes closed before the word.
        after = end + len(doc.norm[end:end + 2]) - len(doc.norm[end:end + 2].lstrip("”\"’'」』"))
        if doc.occupied(start, end) or _MEETING.match(doc.norm, end) or doc.norm.startswith(not_after, after) or _product_quoted(doc, start) or names_site(doc, end):
            continue
        entry = entries[0]
        operator = entry.name in lexicon.cues()["operator_agencies"]
        if entry.prop("kind") in lexicon.cues()["not_agency_kinds"] and not operator:
            continue
        if operator and doc.norm.startswith(_operator_not_before(), end):
            continue  # 中国电信网络诈骗: the country's fraud, no operator
        if surface.endswith("部") and doc.norm.startswith("门", end):
            continue  # 教育部门, 民政部门: the sector's bodies at any level, no ministry
        if surface in lexicon.collective_forms() and _group_prefix().search(doc.norm, max(0, start - 2), start):
            continue  # 三地公安机关: the police of several places, no one body
        if surface in lexicon.collective_forms() and start > 0 and doc.norm[start - 1] in _LEVEL_BEFORE and doc.norm[start - 2:start - 1] not in _THIS:
            continue  # 市中级人民法院, 县人民法院 of a place the text does not name: no national body (该市公安机关 is the text's own)
        if surface in lexicon.collective_forms() and _elsewhere_before().search(doc.norm, max(0, start - 4), start):
            continue  # 当地公安机关, 涉案地公安机关: the police of another place, unnamed
        role = "name" if surface == entry.name else "alias"
        mention = Mention("Agency", entry.name, start, end, dict(entry.props), role)
        if surface in lexicon.collective_forms() and not surface.startswith(("全国", "各级")):
            deferred.append(mention)  # 公安机关, 检察机关: whose they are is read below
        else:
            doc.add(mention)
    _bare_collectives(doc, deferred)
    _bank_short_forms(doc)
    _paired_short_forms(doc)
    _group_short_forms(doc)
    _local_collectives(doc)
    find_sector_partners(doc, lexicon.cue_re("partner_markers"))
    _units(doc)
    _chained_units(doc)
    _unit_repeats(doc)  # (before the units named alone: 黄口派出所 again is the station named in full)
    find_stray_units(doc)
    _sibling_units(doc)
    _centres_of_bureaus(doc)
    _defined_short_forms(doc)
    _press_police(doc)
    _branch_press_forms(doc)
    merge_synonym_units(doc)
    _byline_accounts(doc)


_PRESS_POLICE = ("警方", "公安")

# 来源：安康刑侦 in a page's head: the credit label, then the account's name up to a space, the
# line's end or the next field.
_BYLINE_LABEL = re.compile(r"(?:稿件)?来源[:：]\s*([\u4e00-\u9fff]{3,10}?)(?=\s|$|作者|编辑|发布|时间|\|)", re.M)
_LEVEL_OF_PLACE = {"province": "provincial", "city": "municipal", "county": "district"}


def _byline_accounts(doc: Doc) -> None:
    """来源：安康刑侦 above the article: a police account named by its place (a province's, a city's,
    or a county's, in full or short) and a branch of the police (cues.yaml byline_police_accounts)
    is an Agency as written, the publisher of the text; 来源：法治日报 or 来源：安康新闻网 is none."""
    head = doc.norm[:doc.lead()[1].start if len(doc.lead()) > 1 else min(len(doc.norm), 400)]
    if "来源" not in head:
        return
    words = tuple(lexicon.cues()["byline_police_accounts"])
    matcher = lexicon.locations()[0]
    withheld = lexicon.withheld_city_forms()
    for found in _BYLINE_LABEL.finditer(head):
        name = found.group(1)
        if not name.endswith(words) or doc.occupied(found.start(1), found.end(1)):
            continue
        place = next(name[:-len(w)] for w in words if name.endswith(w))
        entries = matcher.forms.get(place) or ([withheld[place]] if place in withheld else [])
        if not entries:
            continue
        level = _LEVEL_OF_PLACE.get(entries[0].prop("level") or "", "municipal")
        doc.add(Mention("Agency", name, found.start(1), found.end(1),
                        {"kind": "public_security", "level": level, "place": entries[0].name, "aliases": []}, "byline"))


def _press_police(doc: Doc) -> None:
    """One district, one police body in a text: 黄浦警方, 渝北公安, 渝北区公安分局 and 重庆市渝北区公安分局
    are the police body of that district the text names in full first (上海市公安局黄浦分局,
    西宁市公安局城西公安分局), whatever its form (a city bureau's branch, or a 区公安局 of its own)."""
    by_name = lexicon.locations()[1]
    police = [m for m in doc.mentions if m.type == "Agency" and m.role == "local" and m.props.get("kind") == "public_security"
              and (place := by_name.get(m.props.get("place", ""))) is not None and place.prop("level") == "county"]
    if len(police) < 2:
        return
    full = [m for m in doc.mentions if m.type == "Agency" and m.props.get("kind") == "public_security" and m.role in ("local", "unit")
            and not doc.norm.endswith(_PRESS_POLICE, m.start, m.end)]
    for m in police:
        place = by_name[m.props["place"]]
        city, short = place.prop("parent") or "", place.prop("short")
        stem = short[:-1] if short.endswith("区") and len(short) > 2 else short
        branches = {f"{city}公安局{d}{p}分局" for d in (short, stem) for p in ("", "公安")}
        if not (m.name in branches or m.name == place.name + "公安局"):
            continue  # a station or a unit of the district's police
        same = next((o for o in full if o.name in branches or o.props.get("place") == place.name and o.name == place.name + "公安局"), None)
        if same is not None and same.name != m.name:
            m.name = same.name
            m.props = {**{k: v for k, v in same.props.items() if k != "aliases"}, "aliases": m.props.get("aliases", [])}


def _branch_press_forms(doc: Doc) -> None:
    """新城警方, 新城公安 in a text that names 西安市公安局新城分局: a district's short name, too
    common a word to be read alone (新城, 城关), before 警方/公安 is the police branch of that district
    the text names in full. (Read here, once the units are found: the branch is written only as a
    unit of the city's bureau, after local._county_short_hits has looked for counties.)"""
    by_name = lexicon.locations()[1]
    forms: dict[str, Mention] = {}
    for m in doc.mentions:
        parent = m.props.get("parent") or ""
        if m.type != "Agency" or m.props.get("kind") != "public_security" or not parent.endswith("公安局") or m.role not in ("local", "unit"):
            continue
        branch = re.fullmatch(r"([\u4e00-\u9fff]{2,3}?)(?:区|县)?(?:公安)?分局", m.name[len(parent):]) if m.name.startswith(parent) else None
        city = parent[:-len("公安局")]
        if branch and any(city + branch.group(1) + suffix in by_name for suffix in ("区", "县")):
            forms.setdefault(branch.group(1), m)
    for stem, body in forms.items():
        for found in re.finditer(re.escape(stem) + f"(?:{'|'.join(_PRESS_POLICE)})(?![局厅分机])", doc.norm):
            if not doc.occupied(found.start(), found.end()):
                doc.add(Mention("Agency", body.name, found.start(), found.end(), {k: v for k, v in body.props.items() if k != "aliases"}, "local"))


@lru_cache(maxsize=1)
def _short_form_def() -> re.Pattern[str]:
    words = lexicon.alternation("short_form_markers")
    # (the short form quoted or not: （以下简称市反诈骗中心）)
    return re.compile(rf"\s?[(（]\s?(?:{words})\s?[:：]?\s?(?:[“\"「]([^”\"」()（）\n]{{2,12}})[”\"」]|([^”\"」“「()（）,，。\n]{{2,12}}))\s?[)）]")


def _defined_short_forms(doc: Doc) -> None:
    """廊坊市反诈骗中心（以下简称“反诈中心”）: the short form defined in brackets right after a
    body is that body wherever the text writes it alone (not a unit of some bureau)."""
    agencies = [m for m in doc.mentions if m.type == "Agency"]
    for body in agencies:
        found = _short_form_def().match(doc.norm, body.end)
        if found is None:
            continue
        short = found.group(1) or found.group(2)
        for m in agencies:
            # (the short form read as a body inside the brackets too: 简称市反诈骗中心)
            inside = found.start() <= m.start and m.end <= found.end()
            if m is not body and m.start > body.start and (doc.norm[m.start:m.end] == short or inside):
                m.name, m.props = body.name, dict(body.props)
                if inside:
                    doc.move_start(m, max(m.start, found.start(1) if found.group(1) else found.start(2)))


# A place's anti-fraud centre written short (县反诈中心) is its police bureau's centre when the
# text names that (上杭县公安局反诈中心): one body, by the bureau's name.
_CENTRES = ("反电信网络诈骗中心", "反诈骗中心", "反诈中心")


def _centres_of_bureaus(doc: Doc) -> None:
    names = {m.name for m in doc.mentions if m.type == "Agency"}
    for m in doc.mentions:
        if m.type != "Agency" or m.role != "local" or not m.name.endswith(_CENTRES):
            continue
        centre = next(c for c in _CENTRES if m.name.endswith(c))
        place = m.name[: -len(centre)]
        for bureau in (place + "公安局", place + "公安分局"):
            if bureau + centre in names:
                m.name = bureau + centre
                m.props = {**m.props, "parent": bureau}
                break


_QUOTE_CLOSE = re.compile(r"[^“”\"「」,，。;；\n]{0,20}?[”\"」]")


def _product_quoted(doc: Doc, start: int) -> bool:
    """“公安部电信诈骗案件侦破平台”: a body opening a quoted name of a platform or a system."""
    if doc.norm[start - 1:start] not in ("“", "\"", "「"):
        return False
    m = _QUOTE_CLOSE.match(doc.norm, start)
    return m is not None and m.group()[:-1].endswith(tuple(lexicon.cues()["product_heads"]))


@lru_cache(maxsize=1)
def _bank_short() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern of a bank's press name standing as a word, and of the names alone (where its
    matches begin, for text.finditer_led: the lookbehinds before them hide that from the engine)."""
    cues = lexicon.cues()
    forms = "|".join(map(re.escape, cues["bank_short_forms"]))
    before = "|".join(f"(?<={re.escape(w)})" for w in cues["bank_short_before"])
    after = "|".join(sorted(map(re.escape, cues["bank_short_next"] + cues["result_verbs"]), key=len, reverse=True))
    return re.compile(rf"(?:(?<![{_CJK}])|{before})({forms})(?={after})"), re.compile(forms)


def _bank_short_forms(doc: Doc) -> None:
    """其中农行止付…，工行止付…: the large state banks by their press names (cues.yaml
    bank_short_forms), where they stand as words."""
    entries = lexicon.agencies()[1]
    for m in finditer_led(*_bank_short(), doc.norm, 0):
        entry = entries.get(lexicon.cues()["bank_short_forms"][m.group(1)])
        if entry is not None and not doc.occupied(m.start(1), m.end(1)):
            doc.add(Mention("Agency", entry.name, m.start(1), m.end(1), dict(entry.props), "alias"))


@lru_cache(maxsize=1)
def _elsewhere_before() -> re.Pattern[str]:
    return re.compile("(?:" + lexicon.alternation("elsewhere_before") + ")$")


# A bare court, procuratorate or police at the head of a sentence (。检察机关批准逮捕…, 。法院判决…).
_HEAD_COLLECTIVE = re.compile(r"(?:(?<=[。；;！？!?\n])|^)(?:公安机关|检察机关|人民法院|法院)")
_SECTOR_OF = {"public_security": "公安机关", "procuratorate": "检察机关", "court": "法院"}
_KIND_OF = {"公安机关": "public_security", "检察机关": "procuratorate", "人民法院": "court", "法院": "court"}


def _bare_collectives(doc: Doc, bare: list[Mention]) -> None:
    """公安机关, 检察机关, 法院 written bare in a local text (its first body is a local one, and
    it names neither the national body of that kind, but by a bare collective, nor a local one) are no national
    body: at the head of a sentence after a local body of its paragraph (湘乡市公安机关破获…。
    检察机关批准逮捕…。法院判决…) the body of that kind of the same place; elsewhere (市民到公安机关
    报案, 被公安机关抓获) the police or court of the case, which the text does not name: none."""
    agencies = sorted((m for m in doc.mentions if m.type == "Agency"), key=lambda m: m.start)
    first = agencies[0] if agencies else None
    if first is None or first.props.get("level") in (None, "national"):
        for m in bare:
            doc.add(m)
        return
    # a kind whose national body the text names, or whose local bodies it names (their
    # collectives are read by _local_collectives)
    named = {m.props.get("kind") for m in agencies if m.props.get("level") == "national" or m.role in ("local", "collective")}
    heads = [Mention("Agency", "", h.start(), h.end(), {"kind": _KIND_OF[h.group()]}, "head") for h in _HEAD_COLLECTIVE.finditer(doc.norm)]
    by_start = {m.start: m for m in bare}
    for h in heads:
        by_start.setdefault(h.start, h)
    local = [m for m in agencies if m.props.get("level") not in (None, "national") and m.props.get("place") and m.role in ("local", "collective")]
    for start in sorted(by_start):
        m = by_start[start]
        kind = m.props.get("kind")
        if kind in named or kind not in _SECTOR_OF:
            if m.role != "head":
                doc.add(m)
            continue
        para = doc.paragraph_index(m.start)
        before = [a for a in local if a.end <= m.start and doc.paragraph_index(a.start) == para]
        if before and any(m.start == h.start for h in heads) and not doc.occupied(m.start, m.end):
            place_body(doc, m.start, m.end, before[-1].props["place"], _SECTOR_OF[kind])


@lru_cache(maxsize=1)
def _group_prefix() -> re.Pattern[str]:
    return re.compile(lexicon.cues()["group_prefix"] + "$")


def _local_collectives(doc: Doc) -> None:
    """In a local report (a local body of that kind named, the national one never named
    but through a collective), 公安机关 / 检察机关 / 法院 are the local bodies, not the
    national system: they resolve to the first local body of their kind. In a text whose
    lead names a local body first, a bare collective after a local body of its paragraph
    is the first local body of that paragraph, even where the national one is named."""
    collectives = lexicon.collective_forms()
    agencies = [m for m in doc.mentions if m.type == "Agency"]
    # A local report: the first body its lead names is a local one.
    lead = next((m for p in doc.lead() for m in doc.mentions_in(p.start, p.end, "Agency")), None)
    local_report = lead is not None and lead.props.get("level") not in (None, "national")
    for kind in ("public_security", "procuratorate", "court"):
        local = [m for m in agencies if m.props.get("kind") == kind and m.props.get("level") != "national" and m.role in ("local", "collective")]
        national = [m for m in agencies if m.props.get("kind") == kind and m.props.get("level") == "national"]
        bare = [m for m in national if doc.norm[m.start:m.end] in collectives and not doc.norm[m.start:m.end].startswith("全国")]
        if not local or not bare:
            continue
        everywhere = len(bare) == len(national)
        first_in_para: dict[int, Mention] = {}
        if local_report:
            for m in local:
                first_in_para.setdefault(doc.paragraph_index(m.start), m)
        for m in bare:
            if _runs_national_drive(doc, m):
                continue
            # 广西公安厅工作组会同百色市公安机关…，公安部门一举摧毁…: after a local body of its
            # paragraph, the bare collective is that paragraph's local police.
            home = first_in_para.get(doc.paragraph_index(m.start))
            if home is None or home.start > m.start:
                home = local[0] if everywhere else _scoped_home(doc, m, local)
            if home is not None:
                m.name, m.props, m.role = home.name, dict(home.props), "collective"


def _runs_national_drive(doc: Doc, m: Mention) -> bool:
    """民警介绍了公安机关正在开展的“净网2018”专项行动: a bare collective that runs a nation-wide drive
    (cues.yaml national_campaigns, or a version of one) named right after its verb is the nation's
    system, even in a local report."""
    verb = _national_drive_verb().match(doc.norm, m.end)
    if verb is None:
        return False
    known = set(lexicon.cues()["national_campaigns"])
    return any(c.start - verb.end() in (0, 1) and (c.name in known or c.props.get("parent") in known)
               for c in doc.mentions_in(verb.end(), verb.end() + 20, "Campaign"))


@lru_cache(maxsize=1)
def _national_drive_verb() -> re.Pattern[str]:
    return re.compile(rf"(?:正在|正|一直|持续)?(?:{lexicon.alternation('lead_verbs')})(?:的)?")


# 公安机关在全市共抓获…: a collective acting over the whole of a place is that place's body.
_WHOLE_PLACE = re.compile(r"(?:在|于)?全(市|县|区|省)")
# The tier of a whole place (全市) and of the bodies whose collective it stands for.
WHOLE_PLACE_LEVELS = {"省": "provincial", "市": "municipal", "州": "municipal", "盟": "municipal", "县": "district", "区": "district"}


def _scoped_home(doc: Doc, m: Mention, local: list[Mention]) -> Mention | None:
    """公安机关在全市共抓获… in a text that names one city's bureau: the collective works over
    the whole city, so it is that city's bureau, not the national system."""
    whole = _WHOLE_PLACE.match(doc.norm, m.end)
    if whole is None:
        return None
    level = WHOLE_PLACE_LEVELS[whole.group(1)]
    homes = {a.name: a for a in local if a.props.get("level") == level}
    return next(iter(homes.values())) if len(homes) == 1 else None


def _units(doc: Doc) -> None:
    # A collective is no body to have units (公安机关), but a place's court or procuratorate
    # written as one (昌图法院刑事审判庭) is.
    parents = [m for m in doc.mentions if m.type == "Agency" and (m.role != "collective" or _one_body(doc, m))]
    while parents:
        # A unit of a unit (刑侦支队情报信息大队, 相山分局南黎派出所) in a second round.
        parents = [unit for parent in parents if (unit := add_unit(doc, parent)) is not None]


def _one_body(doc: Doc, m: Mention) -> bool:
    """A local collective written with one body's word (昌图法院, 海淀检察院), not a system's (机关)."""
    return m.props.get("level") not in (None, "national") and doc.norm[m.start:m.end].endswith(("法院", "检察院"))


# 刑警二中队与六中队, 一大队、三大队: the level word and the head of a numbered unit are written
# once for the units joined to it.
_NUMBERED_UNIT = re.compile(r"([一二三四五六七八九十\d]{1,3})(中队|大队|支队|分队)$")
_SIBLING = re.compile(r"[、和与及]([一二三四五六七八九十\d]{1,3})(中队|大队|支队|分队)")


def _sibling_units(doc: Doc) -> None:
    for unit in [m for m in doc.mentions if m.type == "Agency" and m.role == "unit" and m.props.get("parent")]:
        numbered = _NUMBERED_UNIT.search(unit.name)
        pos = unit.end
        while numbered and (m := _SIBLING.match(doc.norm, pos)) and m.group(2) == numbered.group(2) and not doc.occupied(m.start(1), m.end()):
            name = unit.name[:numbered.start()] + m.group(1) + m.group(2)
            props = {**{k: v for k, v in unit.props.items() if k != "aliases"}, "aliases": [m.group(1) + m.group(2)]}
            doc.add(Mention("Agency", name, m.start(1), m.end(), props, "unit"))
            pos = m.end()


# A unit the text named with its body (县公安局刑警八中队), written again alone (刑警八中队队长X).
_REPEAT_UNIT_ENDS = ("队", "中心", "所", "室", "科", "庭", "团队", "联席办")


def _unit_repeats(doc: Doc) -> None:
    tails: dict[str, set[str]] = {}
    for m in doc.mentions:
        parent = m.props.get("parent", "")
        if m.type == "Agency" and m.role == "unit" and m.name.startswith(parent) and m.props.get("level") not in (None, "national"):
            tail = m.name[len(parent):]
            if len(tail) >= 4 and tail.endswith(_REPEAT_UNIT_ENDS):
                tails.setdefault(tail, set()).add(m.name)
    units = {m.name: m for m in doc.mentions if m.type == "Agency" and m.role == "unit"}
    for tail, names in tails.items():
        if len(names) != 1:
            continue  # the same unit of two bodies: whose it is, the text does not say
        unit = units[next(iter(names))]
        for m in re.finditer(re.escape(tail), doc.norm):
            if not doc.occupied(m.start(), m.end()) and not _glued_before(doc.norm, m.start()):
                props = {k: v for k, v in unit.props.items() if k != "aliases"}
                doc.add(Mention("Agency", unit.name, m.start(), m.end(), props, "unit"))


def _glued_before(text: str, pos: int) -> bool:
    """Whether the character before `pos` ends a word that would hold what follows (a name's head)."""
    return pos > 0 and "\u4e00" <= text[pos - 1] <= "\u9fff" and text[pos - 1] not in "的在由向对和与及、将把被经据了"


# 该局刑警队队长: a unit written short (刑警队) after a body of which the text names the unit in
# full (刑警大队), before a post or alone.
_SHORT_UNIT = re.compile(rf"([{_CJK}]{{2,4}}?)队")


def add_unit(doc: Doc, parent: Mention) -> Mention | None:
    """The internal unit named right after a body (公安部刑事侦查局, 县局刑警大队), PART_OF it;
    the body's words as written with the unit's are its alias. Returns the unit added."""
    m = _UNIT.match(doc.norm, parent.end)
    if not m:
        return _bracketed_branch(doc, parent) or _short_unit(doc, parent)
    unit = m.group(1)
    # 市公安局常务副局长X: a post written after the body, not a unit of it (常务副局).
    if any(doc.norm.startswith(t, m.start()) and len(t) >= len(unit) for t in lexicon.cues()["titles"]):
        return None
    if unit[-2] in _UNIT_ENDS and _post_at(doc.norm, m.end() - 1):
        unit = unit[:-1]  # 刑庭庭长X: the unit (刑庭) ends where the post (庭长) begins
    longer = _UNIT_TAIL.match(doc.norm, m.start() + len(unit))
    # 合成作战中心与刑警大队: the longer form stops at a word that joins two units.
    # 刑侦支队支队长X: the tail is the post's head (支队长), not a unit of the unit.
    if longer and not _unit_stop().search(unit + longer.group()) and not doc.norm.startswith("长", longer.end()):
        unit += longer.group()
    # 开发区分局: a zone's name (bodies.yaml infixes) holds no stop word.
    if _unit_stop().search(zone_prefix().sub("", unit)) or lexicon.agencies()[0].find(unit) or doc.occupied(m.start(), m.end()) \
            or _OTHER_BODY.search(unit):
        return None
    props = dict(parent.props)
    props["parent"] = parent.name
    props["aliases"] = [doc.norm[parent.start:parent.end] + unit] + [a + unit for a in parent.props.get("aliases", [])]
    added = doc.add(Mention("Agency", parent.name + unit, m.start(), m.start() + len(unit), props, "unit"))
    return added if added.role == "unit" and added.start == m.start() else None


_UNIT_ENDS = frozenset("局司厅庭处室队所部")
# 忻州警方接省公安厅下发的线索: a level's body inside the words after a body is another body, no unit;
# 人民法院一桩诈骗案庭前会议: a count of cases is no unit's name.
_OTHER_BODY = re.compile(r"[省市县区州](?:公安厅|公安局|人民检察院|检察院|人民法院|法院)|[一两二三四五六七八九十\d][桩起宗件]")
# 云南省反电信网络诈骗中心（昆明市分中心）: a branch named in brackets after its body.
_BRACKETED = re.compile(r"\s?[(（]\s?")
_BRANCH_WORDS = ("分中心", "分局", "分院", "分行")


def _bracketed_branch(doc: Doc, parent: Mention) -> Mention | None:
    opening = _BRACKETED.match(doc.norm, parent.end)
    m = _UNIT.match(doc.norm, opening.end()) if opening else None
    if m is None or not m.group(1).endswith(_BRANCH_WORDS) or doc.norm[m.end():m.end() + 1] not in (")", "）") \
            or _unit_stop().search(m.group(1)) or doc.occupied(m.start(), m.end()):
        return None
    props = {**dict(parent.props), "parent": parent.name, "aliases": [m.group(1)]}
    added = doc.add(Mention("Agency", parent.name + m.group(1), m.start(), m.end(), props, "unit"))
    return added if added.role == "unit" and added.start == m.start() else None


@lru_cache(maxsize=1)
def _chain_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A unit and its post closing a link of a chain of posts (检委会委员、), and the unit
    before the last post (经济犯罪检察厅|厅长)."""
    cues = lexicon.cues()
    posts = "|".join(sorted(map(re.escape, cues["titles"] + cues["member_posts"]), key=len, reverse=True))
    short = "|".join(sorted(map(re.escape, cues["unit_short_forms"]), key=len, reverse=True))
    unit = rf"{short}|[{_CJK}]{{2,9}}?(?:委员会|检察厅|检察部|厅|局|处|室|庭)"
    return re.compile(rf"({unit})(?:{posts})[、,，]"), re.compile(rf"({unit})(?={posts})")


def _chained_units(doc: Doc) -> None:
    """最高人民检察院检委会委员、经济犯罪检察厅厅长X: the units named in a chain of posts after
    a body, each with its post, are units of that body (a short committee name by its full one)."""
    link, last = _chain_res()
    shorts = lexicon.cues()["unit_short_forms"]
    for parent in [m for m in doc.mentions if m.type == "Agency" and m.role != "collective"]:
        found, pos = [], parent.end
        while (m := link.match(doc.norm, pos)) is not None:
            found.append((m.start(1), m.end(1)))
            pos = m.end()
        m = last.match(doc.norm, pos) if found else None
        if m is None:
            continue
        for start, end in [*found, (m.start(1), m.end(1))]:
            written = doc.norm[start:end]
            if doc.occupied(start, end) or _unit_stop().search(written):
                continue
            props = {**dict(parent.props), "parent": parent.name, "aliases": [written]}
            doc.add(Mention("Agency", parent.name + shorts.get(written, written), start, end, props, "unit"))


def _post_at(text: str, pos: int) -> bool:
    """Whether a post (cues.yaml titles: 庭长, 局长…) is written at `pos`."""
    return any(text.startswith(t, pos) for t in lexicon.cues()["titles"] if len(t) >= 2)


def _short_unit(doc: Doc, parent: Mention) -> Mention | None:
    """该局刑警队队长徐宇希 after 县局刑警大队: the unit written short is the unit the text named
    in full (X大队, X支队, X中队 of the same body), by that name."""
    m = _SHORT_UNIT.match(doc.norm, parent.end)
    if not m or doc.occupied(m.start(), m.end()):
        return None
    full = {parent.name + m.group(1) + level + "队" for level in "大支中"}
    unit = next((u for u in doc.mentions if u.type == "Agency" and u.role == "unit" and u.name in full and u.end <= parent.start), None)
    if unit is None:
        return None
    props = {k: v for k, v in unit.props.items() if k != "aliases"}
    added = doc.add(Mention("Agency", unit.name, m.start(), m.end(), props, "unit"))
    return added if added.role == "unit" and added.start == m.start() else None


# A branch is a body of its own under its parent (a district's police branch, a bank's branch).
# The office of a place's joint conference housed in its bureau (凉山州公安局反诈联席办) is one too.
_BRANCHES = ("分局", "支行", "分行", "联席办")


def mark_prefix_parents(doc: Doc) -> None:
    """淮北市公安局相山分局, 中国人民银行昆明支行 in a text that never names the bureau or the
    bank alone: the parent is only the prefix of its branches' names, the derived parent of
    their PART_OF, no entity of its own (role "prefix", which the graph keeps out of the
    document's mentions). An internal unit (白银市公安局网安支队, 乐都区人民法院刑庭) is no
    branch: its body stays an entity."""
    units = {(m.start, m.props["parent"]) for m in doc.mentions
             if m.type == "Agency" and m.props.get("parent") and m.name.endswith(_BRANCHES)}
    by_name: dict[str, list[Mention]] = {}
    for m in doc.mentions:
        if m.type == "Agency" and m.role != "derived":
            by_name.setdefault(m.name, []).append(m)
    for name, mentions in by_name.items():
        if all((m.end, name) in units for m in mentions):
            for m in mentions:
                m.role = "prefix"

