"""Persons: officials with their titles and bodies, defendants named X某, and the
later bare mentions of a name already introduced."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, Mention
from kg.extract.names import left_trim

_CJK = "\u4e00-\u9fff"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cues = lexicon.cues()
    titles = "|".join(sorted(map(re.escape, cues["titles"]), key=len, reverse=True))
    follow = sorted(set(cues["speech_verbs"]) | set(cues["after_person"]), key=len, reverse=True)
    # 大队长马三全的手机: a name before a possessive 的.
    # 副处长叶云龙指，: a verb the Hong Kong press clips (cues.yaml speech_verbs_clipped) before a break.
    clipped = rf"|(?:{lexicon.alternation('speech_verbs_clipped')})(?=[,，:：])"
    after = "|".join(map(re.escape, follow)) + clipped + r"|[,，。、;；:：!?！？(（”\"\s\d的]|$"
    # A chain of titles (副厅长、新闻发言人) between the body and the name.
    # 愛新覺羅·啟騁, 哈拉哈提·木拉提汗: a name of two parts joined by a middle dot.
    # 温州市人民检察院检察长  柴峥涛: the signature line of a report, the name alone after spaces at
    # the line's end.
    # 副处长(行动)叶云龙, 一级巡视员(正局长级)周少清: a portfolio or rank in brackets after the title.
    title_then_name = re.compile(rf"((?:(?:{titles})[、,，])*(?:{titles}))(?:[(（][{_CJK}]{{1,6}}[)）])?(?:[ \u3000]{{1,4}}(?=[{_CJK}]{{2,3}}[ \u3000]*(?:\n|$)))?([{_CJK}]{{2,4}}?|[{_CJK}]{{2,6}}[·•][{_CJK}]{{2,8}}?)(?={after})")
    name_then_title = re.compile(rf"([{_CJK}]{{2,3}}?)({titles})")
    # 张某, 张某某, and 张某华 (某 and one given-name character, followed by a break; 以黄某明为首的
    # 团伙: the head of a gang).
    defendant = re.compile(
        rf"((?:(?!某)[{_CJK}]){{1,2}})(某某|某(?:(?!{lexicon.alternation('mou_following_words')})(?![{cues['not_given_name']}])[{_CJK}](?=[、,，。;；:：(（\s]|等|被|在|因|于|系|将|和|与|及|为首|$))?)"
        rf"(?![{_CJK}]*(?:公司|平台|机构|单位|集团))(?!{lexicon.alternation('mou_places')})"
    )
    return title_then_name, name_then_title, defendant


def find_persons(doc: Doc) -> None:
    """Add Person mentions (title and body in props when the text gives them)."""
    title_then_name, name_then_title, defendant = _patterns()
    names = lexicon.surnames()
    # The patterns are tried only where a title or 某 stands: a linear scan finds those.
    titles = _title_matcher().find(doc.norm)
    for start in sorted({_chain_start(doc.norm, s) for s, _e, _surface, _entries in titles}):
        m = title_then_name.match(doc.norm, start)
        if m is None:
            continue
        name = m.group(2)
        if not is_name(name, names, doc.norm[m.end(2):m.end(2) + 1]) or _is_cue(name) or doc.occupied(m.start(2), m.end(2)) or _set_phrase(doc, m.start(2)):
            continue
        body = _body_before(doc, m.start(), m.group(1))
        props = {"title": re.split(r"[、,，]", m.group(1))[-1]}
        body = body or _body_named_before(doc, m.start(), props["title"])
        if body is not None:
            props["body"] = body.name
            # 市联席会议召集人、市政府副市长、市公安局局长X: each body whose posts open the chain is his.
            also: list[str] = []
            government = _government_before(doc, body)
            while government is not None and government.name not in also and len(also) < 3:
                also.append(government.name)
                government = _government_before(doc, government)
            if also:
                props["also_body"] = also
        doc.add(Mention("Person", name, m.start(2), m.end(2), props, "titled"))
    for title_start, _e, _surface, _entries in titles:
        # (the name before a title is read in two or three characters, as name_then_title takes it)
        m = next((m for m in (name_then_title.match(doc.norm, title_start - n) for n in (3, 2) if title_start >= n) if m and m.start(2) == title_start), None)
        if m is None or doc.norm.endswith(_title_roles(), 0, title_start):
            continue
        name = m.group(1)
        # 习近平总书记, 张军检察长: a name right before a title, after a non-name character.
        for cut in (0, 1):
            candidate = name[cut:]
            start = m.start(1) + cut
            if len(candidate) >= 2 and is_name(candidate, names) and not doc.occupied(start, m.end(1)) and not _set_phrase(doc, start):
                # 新闻发言人许绍田副院长: a name between two posts, the first closing the word before it;
                # the post's body is the one named before (天津二中院召开新闻发布会，…).
                spokesman = doc.norm.endswith(_spokesman_titles(), 0, start)
                if start == 0 or not _glued(doc.norm[start - 1]) or doc.norm.endswith(_verbs_before_name(), 0, start) or spokesman:
                    props = {"title": m.group(2)}
                    body = _body_named_before(doc, start, m.group(2)) if spokesman else None
                    if body is not None:
                        props["body"] = body.name
                    doc.add(Mention("Person", candidate, start, m.end(1), props, "titled"))
                    break
    _bracketed_posts(doc, titles, names)
    _defendants_named(doc, names)
    _also_named(doc, names)
    _role_heads(doc, names)
    _police_named(doc, names)
    _said_to_serve(doc, names)
    _named_groups(doc, names)
    _listed_heads(doc, names)
    found = []
    for mou in re.finditer("某", doc.norm):
        m = next((m for m in (defendant.match(doc.norm, mou.start() - n) for n in (2, 1) if mou.start() >= n) if m and m.start(2) == mou.start()), None)
        if m is not None:
            surname = m.group(1)[-2:] if m.group(1)[-2:] in names and len(m.group(1)) == 2 else m.group(1)[-1]
            found.append((m.end(1) - len(surname), m.end(), surname + m.group(2)))
    # 南某乙帮助…一案 beside 南某甲、南某乙等人: a given name glued to the next word is read as
    # the name the text writes elsewhere with a break after it.
    given = {name for _s, _e, name in found if len(name) >= 3 and name[-1] != "某"}
    seen = -1
    for start, end, name in found:
        if start <= seen:
            continue
        if name.endswith("某") and (name + doc.norm[end:end + 1] in given or _glued_given(doc, name, end)):
            name, end = name + doc.norm[end], end + 1
        seen = end - 1
        if name[:-1].rstrip("某") in names and not doc.occupied(start, end) and not _victim(doc, name) and not _persona(doc, start, end):
            doc.add(Mention("Person", name, start, end, {}, "defendant"))
    _noted_elsewhere(doc, names)
    _repeats(doc)


@lru_cache(maxsize=1)
def _verbs_before_name() -> tuple[str, ...]:
    return tuple(lexicon.cues()["verbs_before_name"])


@lru_cache(maxsize=1)
def _spokesman_titles() -> tuple[str, ...]:
    """Posts a name may follow and another post follow it (新闻发言人X副院长)."""
    return tuple(t for t in lexicon.cues()["titles"] if t.endswith("发言人"))


@lru_cache(maxsize=1)
def _title_roles() -> tuple[str, ...]:
    return tuple(lexicon.cues()["title_roles"])


def _glued_given(doc: Doc, name: str, end: int) -> bool:
    """许某胜为…, 将许某胜抓获: a given name glued to the next word everywhere is still read
    where the text writes 许某 twice or more and always with the same character after it."""
    given = doc.norm[end:end + 1]
    if len(name) != 2 or not given or not re.match(f"[{_CJK}]", given) or given in lexicon.cues()["not_given_name"] + "以对让使向":
        return False
    after = {doc.norm[m.end():m.end() + 1] for m in re.finditer(re.escape(name), doc.norm)}
    return after == {given} and doc.norm.count(name + given) >= 2


def _bracketed_posts(doc: Doc, titles: list, names: frozenset[str]) -> None:
    """王明（南京市公安局局长）: a name, then its body and title in brackets."""
    text = doc.norm
    for _start, end, _surface, _entries in titles:
        if text[end:end + 1] not in ")）":
            continue
        opening = max(text.rfind("（", max(0, end - 40), end), text.rfind("(", max(0, end - 40), end))
        if opening < 2:
            continue
        chain_start = _chain_start(text, _start)
        body = _body_before(doc, chain_start, text[chain_start:end])
        if body is None or body.start != opening + 1:
            continue
        for size in _NAME_SIZES:
            begin = opening - size
            candidate = text[begin:opening]
            if begin >= 0 and is_name(candidate, names) and not _is_cue(candidate) and not doc.occupied(begin, opening) \
                    and (begin == 0 or not _glued(text[begin - 1])):
                title = re.split(r"[、,，]", text[chain_start:end])[-1]
                doc.add(Mention("Person", candidate, begin, opening, {"title": title, "body": body.name}, "titled"))
                break


# Posts and an internal department written between a body and a chain of titles
# (青海省公安厅党委委员、政治部主任、新闻发言人X): the person holds his post in the body.
_POSTS_BETWEEN = 24


@lru_cache(maxsize=1)
def _posts_re() -> re.Pattern[str]:
    titles = "|".join(sorted(map(re.escape, lexicon.cues()["titles"]), key=len, reverse=True))
    return re.compile(rf"(?:(?:{titles})、)*(?:(?:{titles})、|[{_CJK}]{{1,4}}(?:部|处|室|科))$")


def _body_before(doc: Doc, pos: int, chain: str) -> Mention | None:
    """The body a chain of titles at `pos` follows: right before it; or ending inside its first
    title (屏东县警局长X, 台东县警察局长X: the body's 局 is the title's); or before the posts
    and department named between them (…公安厅党委委员、政治部主任X)."""
    near = doc.mentions_in(max(0, pos - 40), pos + 2, "Agency")
    for a in reversed(near):
        # 县警局长X: the body's 局 is the title's; 督察大队长X: the unit's 大队 is the title's.
        if a.end == pos or (pos < a.end <= pos + 2 and chain.startswith(doc.norm[pos:a.end])):
            return a
        # 第四检察厅主办检察官X, 刑庭承办法官X: the role of the post (cues.yaml title_roles) between.
        if a.end < pos and doc.norm[a.end:pos] in _title_roles():
            return a
    for a in reversed(near):
        if a.end < pos and pos - a.end <= _POSTS_BETWEEN and a.role != "collective":
            return a if _posts_re().fullmatch(doc.norm, a.end, pos) else None
    return None


# 县政府副县长、公安局局长X: a deputy head of a government written with it before the bureau he heads.
_GOVERNMENT_POST = re.compile(r"(?:常务)?副?(?:省|市|县|区|州)长[、,，]$")


def _government_before(doc: Doc, body: Mention) -> Mention | None:
    post = _GOVERNMENT_POST.search(doc.norm, max(0, body.start - 8), body.start)
    government = None if post is None else next((a for a in doc.mentions_in(max(0, post.start() - 20), post.start(), "Agency")
                                                 if a.end == post.start() and a.name.endswith("政府")), None)
    if government is not None:
        return government
    # 雷州市打电诈联席会议总召集人、副市长、公安局局长X: a body whose posts open the chain before
    # the body he heads is his too.
    return next((a for a in doc.mentions_in(max(0, body.start - _POSTS_BETWEEN - 40), body.start, "Agency")
                 if a.name != body.name and a.role != "collective" and _post_chain().fullmatch(doc.norm, a.end, body.start)), None)


@lru_cache(maxsize=1)
def _post_chain() -> re.Pattern[str]:
    """Posts joined by 、 (总召集人、副市长、): the chain between two bodies a person serves in."""
    cues = lexicon.cues()
    titles = "|".join(sorted(map(re.escape, cues["titles"] + cues["member_posts"]), key=len, reverse=True))
    return re.compile(rf"(?:(?:{titles})[、,，])+")


_BODY_BACK = 160  # how far back in its paragraph a post's body may have been named


def _body_named_before(doc: Doc, pos: int, title: str) -> Mention | None:
    """怀化市中级人民法院举行发布会。党组成员、副院长王宏刚…; 武乡县公安局…，局党委书记、局长X:
    a post written without its body is held in the nearest body before it in the paragraph
    whose name ends as the post's body does (副院长 → …院, 支队长 → …支队; cues.yaml title_bodies)."""
    endings = _title_bodies().get(title)
    if not endings:
        return None
    para = doc.paragraphs[doc.paragraph_index(pos)] if doc.paragraphs else None
    start = max(para.start if para else 0, pos - _BODY_BACK)
    for agency in reversed(doc.mentions_in(start, pos, "Agency")):
        if agency.role != "collective" and agency.name.endswith(endings):
            return agency
    return None


@lru_cache(maxsize=1)
def _title_bodies() -> dict[str, tuple[str, ...]]:
    return {title: tuple(endings) for title, endings in lexicon.cues()["title_bodies"].items()}


def _victim(doc: Doc, name: str) -> bool:
    """Whether a 某-name is a victim's (no Person): a resident or victim by role (辖区居民王某,
    被害人李某, 被骗人：倪某) or one who was cheated or reported (高某被骗30万元, 魏某报案称)
    somewhere in the text, and never a defendant or suspect (被告人, 犯罪嫌疑人, 张某等人)."""
    cache = doc.cache.setdefault("victims", {})
    if name not in cache:
        words = _victim_words()
        victim = False
        pos = doc.norm.find(name)
        while pos >= 0:
            before = doc.norm[max(0, pos - 8):pos].rstrip(":： ")
            after = doc.norm[pos + len(name):pos + len(name) + 8]
            # (被害人孟某某等人: a victim's role before the name outweighs the list's 等人 after it.)
            resident = _ROLE_THEN_RESIDENCE.search(doc.norm, max(0, pos - 16), pos)
            role = before.endswith(words["victims"]) and not resident
            if not role and (before.endswith(words["defendant_before"]) or after.startswith(words["defendant_after"]) or resident):
                cache[name] = False
                return False
            if role or after.startswith(words["victim_after"]) or _CHEATED_IN_CLAUSE.match(doc.norm, pos + len(name)) \
                    or _VICTIMS_LISTED.match(doc.norm, pos + len(name)):
                victim = True
            pos = doc.norm.find(name, pos + len(name))
        cache[name] = victim
    return cache[name]


# 被告人马来西亚居民梁某, 犯罪嫌疑人台湾居民林某: a defendant's role, then where he lives; his
# residence (居民, a victim's word alone) does not make him a victim.
_ROLE_THEN_RESIDENCE = re.compile(r"(?:被告人|犯罪嫌疑人|嫌疑人)[\u4e00-\u9fff]{1,8}?(?:居民|公民|籍人员|籍)$")


# A 某-name as a list writes it (孟某某, 欧阳某, 张某华): no context, unlike the pattern persons are found by.
MOU_NAME = r"[\u4e00-\u9fff]{1,2}某{1,2}[\u4e00-\u9fff]?"
# 骗取孟某某、秦某某等41名被害人: names listed before a count of victims are victims'.
_VICTIMS_LISTED = re.compile(rf"(?:、{MOU_NAME})*等[\d一二三四五六七八九十两百千多余]*(?:名|位|个)?(?:被害人|受害人|被害群众|受害群众|受骗群众)")


# 卢某在上网办理网络贷款时被诈骗28888元, 李某一步步被骗了6000元: one who was cheated later in his
# clause is a victim as much as one 被骗 right after his name.
# (not 张某以投资为名使多人被骗: one who makes others cheated is no victim)
_CHEATED_IN_CLAUSE = re.compile(r"[^,，。;；:：!?！？\n使让致令]{1,20}?(?:被骗|被诈骗|上当受骗)")


@lru_cache(maxsize=1)
def _victim_words() -> dict[str, tuple[str, ...]]:
    cues = lexicon.cues()
    return {"defendant_before": (*cues["defendant_roles"], *cues["defendant_before"]), "defendant_after": tuple(cues["defendant_after"]),
            "victims": tuple(cues["victim_roles"]), "victim_after": tuple(cues["victim_after"])}


def _defendants_named(doc: Doc, names: frozenset[str]) -> None:
    """被告人梁定维, 犯罪嫌疑人陈文辉: full names after a defendant's role word; 梁定维等22名
    被告人: the name heading a group of defendants."""
    roles = "|".join(sorted(map(re.escape, lexicon.cues()["defendant_roles"]), key=len, reverse=True))
    # 犯罪嫌疑人范德民账户: the suspect's name before his account.
    told = lexicon.alternation("defendant_name_after")
    follow = rf"(?=[,，。、;；:：(（\s]|等|被|在|因|于|系|将|和|与|及|犯|以|账户|账号|银行卡|{told}|$)"
    # 被告人王某某、李某某犯…: the names listed after the first with 、 are defendants too.
    listed = re.compile(rf"、([{_CJK}]{{2,4}}?){follow}")
    for m in re.finditer(rf"(?:{roles})([{_CJK}]{{2,4}}?){follow}", doc.norm):
        while m is not None:
            name = m.group(1)
            if "某" in name or not is_name(name, names) or _is_cue(name):
                break
            if not doc.occupied(m.start(1), m.end(1)):
                doc.add(Mention("Person", name, m.start(1), m.end(1), {}, "defendant"))
            m = listed.match(doc.norm, m.end(1))
    for m in re.finditer(rf"等[\d一二三四五六七八九十两]+名?(?:{roles})", doc.norm):
        for n in _NAME_SIZES:
            start = m.start() - n
            name = doc.norm[start:m.start()] if start >= 0 else ""
            if ("某" not in name and is_name(name, names) and not _is_cue(name) and left_trim(name) == 0
                    and not doc.occupied(start, m.start())):
                doc.add(Mention("Person", name, start, m.start(), {}, "defendant"))
                break


def _persona(doc: Doc, start: int, end: int) -> bool:
    """自称“朱某”、“李某”, 自称是总行的“张某”: a 某-name alone in quotes is a name someone went by, the
    persona of a fraud, no person the text tells of."""
    return doc.norm[start - 1:start] in ("“", "\"", "‘", "「") and doc.norm[end:end + 1] in ("”", "\"", "’", "」")


def _noted_elsewhere(doc: Doc, names: frozenset[str]) -> None:
    """卢明福、罗某甲(均另案处理), 梁显行(另案处理): the names a bracketed note of a separate case
    (cues.yaml separate_case_notes) follows, listed back with 、, are suspects."""
    if "另" not in doc.norm:
        return
    notes = lexicon.alternation("separate_case_notes")
    text = doc.norm
    for note in re.finditer(rf"[(（]均?(?:{notes})[)）]", text):
        pos = note.start()
        while pos > 0:
            known = next((p for p in doc.mentions_in(max(0, pos - 4), pos, "Person") if p.end == pos), None)
            if known is not None:
                start = known.start
            else:
                cut = next((n for n in _NAME_SIZES if pos - n >= 0 and _group_member(text, pos - n, pos, names)), None)
                if cut is None or doc.occupied(pos - cut, pos):
                    break
                start = pos - cut
                doc.add(Mention("Person", text[start:pos], start, pos, {}, "defendant"))
            if start == 0 or text[start - 1] != "、":
                break
            pos = start - 1


# 蔡秉喨(又名蔡可名, …): a full name with the other name it goes by in brackets (又名, 别名, 曾用名,
# 绰号: said of suspects; not 化名, the press's cover name for a victim or witness).
# Found from the bracket's words (a few a text), then read backwards: not tried at every character.
_ALSO_NAMED_MARK = re.compile(rf"[(（](?:又名|别名|曾用名|绰号)[:：]?([{_CJK}]{{2,3}})(?=[,，、;；)）])")
_ALSO_NAMED_HEAD = re.compile(rf"[{_CJK}]{{2,3}}$")


def _also_named(doc: Doc, names: frozenset[str]) -> None:
    for mark in _ALSO_NAMED_MARK.finditer(doc.norm):
        head = _ALSO_NAMED_HEAD.search(doc.norm, max(0, mark.start() - 3), mark.start())
        if head is None:
            continue
        for cut in (0, 1):
            name, start = head.group()[cut:], head.start() + cut
            if len(name) >= 2 and is_name(name, names) and not _is_cue(name) and (start == 0 or not _glued(doc.norm[start - 1])):
                if not doc.occupied(start, head.end()):
                    props = {"aliases": [mark.group(1)]} if is_name(mark.group(1), names) else {}
                    doc.add(Mention("Person", name, start, head.end(), props, "defendant"))
                break


# 其中，梁定维负责制定管理制度，叶信治作为“电脑手”…: a full name of three characters opening a clause
# before the part he plays (负责, 担任, 作为); not a word ending in a role or an organisation's
# character (管理员负责, 公司负责).
_ROLE_VERB = re.compile(r"负责|担任|作为")
_ROLE_HEAD = re.compile(rf"(?:^|(?<=[,，;；。:：、\n]))([{_CJK}]{{3}})$")
_NOT_NAME_END = frozenset("员者人方司台行门位处组部家商户理长师生士总官警")  # (王经理, 李队长, 张老师)


def _role_heads(doc: Doc, names: frozenset[str]) -> None:
    for verb in _ROLE_VERB.finditer(doc.norm):
        m = _ROLE_HEAD.search(doc.norm, max(0, verb.start() - 3), verb.start()) if verb.start() >= 3 else None
        if m is None or m.start() != verb.start() - 3:
            continue
        name = m.group(1)
        if name[-1] not in _NOT_NAME_END and is_name(name, names) and not _is_cue(name) and not doc.occupied(m.start(1), m.end(1)):
            doc.add(Mention("Person", name, m.start(1), m.end(1), {}, "defendant"))


_GROUP_NOT_AFTER = ("被害", "受害", "被骗", "受骗", "报案", "报警")


def _named_groups(doc: Doc, names: frozenset[str]) -> None:
    """许文龙、黄凯培、袁丽等人加入该组织, 张凯闵、林金德等85人…案, 杨正喜、傅成志等5名被告: two
    or more full names joined by 、 before 等人 / 等N人 / 等N名被告 are the members of a gang (not
    its victims: 等人被骗); so are those listed after a verb of pursuit and closed by 等 (悬赏通缉
    明学昌、明国平、明菊兰等, cues.yaml group_lead_verbs)."""
    text = doc.norm
    group_end, bare_end, pursued, _verbs = _group_res()
    ends = [m for m in group_end.finditer(text)
            if not (text.startswith(_GROUP_NOT_AFTER, m.end()) or text.startswith(_GROUP_NOT_AFTER, m.end() - 1))]
    ends += [m for m in bare_end.finditer(text) if pursued.search(text, max(0, m.start() - 40), m.start())]
    for end_m in ends:
        found: list[tuple[int, int]] = []
        pos = end_m.start()
        while True:
            cut = next((n for n in _NAME_SIZES if pos - n >= 0 and _group_member(text, pos - n, pos, names)), None)
            if cut is None:
                found = []
                break
            found.append((pos - cut, pos))
            pos -= cut
            if pos == 0 or text[pos - 1] != "、":
                break
            pos -= 1
        if len(found) >= 2:
            for start, end in reversed(found):
                if not doc.occupied(start, end):
                    doc.add(Mention("Person", text[start:end], start, end, {}, "defendant"))


# 张某等116人、罗某等108人…案: groups listed with 、, each headed by a full name.
_LISTED_GROUPS = re.compile(r"(?:等[\d一二三四五六七八九十两百]{1,4}[人名]、[\u4e00-\u9fff]{2,4}?){1,8}等[\d一二三四五六七八九十两百]{1,4}[人名]")
_GROUP_COUNT = re.compile(r"等[\d一二三四五六七八九十两百]{1,4}[人名]")


def _listed_heads(doc: Doc, names: frozenset[str]) -> None:
    """批捕起诉张某等116人、罗某等108人、崔某等129人特大…案: the full names heading groups
    listed with 、 are defendants; the first may follow its verb (起诉张某)."""
    text = doc.norm
    for run in _LISTED_GROUPS.finditer(text):
        for count in _GROUP_COUNT.finditer(text, run.start(), run.end()):
            pos = count.start()
            if count.start() > run.start():
                cut = next((n for n in _NAME_SIZES if text[pos - n - 1:pos - n] == "、" and is_name(text[pos - n:pos], names)), None)
            else:
                cut = next((n for n in _NAME_SIZES if pos - n >= 0 and _group_member(text, pos - n, pos, names)), None)
                cut = cut or next((n for n in _NAME_SIZES if pos - n >= 0 and is_name(text[pos - n:pos], names) and not _is_cue(text[pos - n:pos])), None)
            if cut is not None and not doc.occupied(pos - cut, pos):
                doc.add(Mention("Person", text[pos - cut:pos], pos - cut, pos, {}, "defendant"))


def _group_member(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    name = text[start:end]
    before = text[start - 1] if start else ""
    # 将明国平、明菊兰等三人逮捕, 通缉A、B等: the verb before the first name is no part of it.
    return ("某" not in name and is_name(name, names) and not _is_cue(name)
            and (before in "、的" or not before or not _glued(before) or text.endswith(_group_res()[3], 0, start)))


@lru_cache(maxsize=1)
def _group_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    """The end of a group of names (等人, 等N人, 等N名被告: cues.yaml defendant_roles and 被告), a
    bare 等 closing a clause, the names listed with 、 after a verb of pursuit right before it
    (cues.yaml group_lead_verbs), and those verbs."""
    roles = "|".join(sorted(map(re.escape, [*lexicon.cues()["defendant_roles"], "被告", "人"]), key=len, reverse=True))
    verbs = lexicon.cues()["group_lead_verbs"]
    return (re.compile(rf"等(?:[\d一二三四五六七八九十百余多]+)?名?(?:{roles})"),
            re.compile(rf"(?<=[{_CJK}])等(?=[,，。;；])"),
            re.compile(rf"(?:{lexicon.alternation('group_lead_verbs')})(?:[{_CJK}]{{2,4}}、)+[{_CJK}]{{2,4}}$"),
            tuple(verbs))


_AT_BODY = re.compile(r"(?:里|内|中)?[,，]")


def _name_start(near: list[Mention], unit: Mention) -> int:
    """Where the name of a unit written after its body (阿勒泰地区公安局|反诈中心) begins."""
    start = unit.start
    while (head := next((a for a in near if a.end == start and a.start < start), None)) is not None:
        start = head.start
    return start


@lru_cache(maxsize=1)
def _police_re() -> re.Pattern[str]:
    cues = lexicon.cues()
    roles = lexicon.alternation("police_roles")
    follow = sorted(set(cues["speech_verbs"]) | set(cues["after_person"]), key=len, reverse=True)
    after = "|".join(map(re.escape, follow)) + r"|[,，。、;；:：(（”\"\s的]"
    # A full name of three characters, or of two parts joined by a middle dot: 民警成功…,
    # 民警雷霆出击 are the police at work, not a name.
    return re.compile(rf"(?:{roles})([{_CJK}]{{3}}|[{_CJK}]{{2,6}}[·•][{_CJK}]{{2,8}}?)(?={after})")


@lru_cache(maxsize=1)
def _long_follow() -> re.Pattern[str]:
    cues = lexicon.cues()
    words = {w for w in set(cues["speech_verbs"]) | set(cues["after_person"]) if len(w) >= 2}
    # 民警张刚说：: a one-character word of saying (cues.yaml speech_verb_tails) before a break.
    said = rf"(?:{lexicon.alternation('speech_verb_tails')})(?=[,，:：“\"。])"
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) + "|" + said)


def _police_named(doc: Doc, names: frozenset[str]) -> None:
    """民警卢明辉介绍说, 辅警艾力·买买提和同事们: a police officer named after his role; 民警杨博翻出
    手机记录 … 杨博是…, 杨博说: a two-character name glued to the next word that the text writes
    again on its own (see _told_short)."""
    for m in _police_re().finditer(doc.norm):
        name = m.group(1)
        if len(name) == 3 and (_long_follow().match(doc.norm, m.end(1) - 1) or _told_short(doc, name[:2], name)):
            # 民警许峰赶赴长沙, 民警张刚说：: the third character opens the word after a two-character name.
            # 民警杨博接到… where the text goes on with 杨博是…, 杨博说…: the name it repeats.
            name = name[:2]
        _add_officer(doc, names, m, name)
    for m in _police_short_re().finditer(doc.norm):
        if _told_short(doc, m.group(1), m.group(1) + doc.norm[m.end(1)]):
            _add_officer(doc, names, m, m.group(1))


def _add_officer(doc: Doc, names: frozenset[str], m: re.Match[str], name: str) -> None:
    """The officer `name` at the start of group 1 of `m` (a police role, then the name), unless
    it is no name or is read already."""
    end = m.start(1) + len(name)
    if not is_name(name, names) or _is_cue(name) or name[1] in lexicon.cues()["not_given_name"] \
            or doc.occupied(m.start(1), end) or _set_phrase(doc, m.start(1)):
        return
    # 龙岩市反诈骗中心民警卢婷婷, 大渡口区分局民警许峰: the officer serves in the body
    # written right before his role.
    # (在阿勒泰地区公安局反诈中心，辅警X每天…: the body the clause before places him in.)
    near = doc.mentions_in(max(0, m.start() - 40), m.start(), "Agency")
    body = next((a for a in near if a.role != "collective" and (a.end == m.start() or _AT_BODY.fullmatch(doc.norm, a.end, m.start())
                                                                and doc.norm.endswith("在", 0, _name_start(near, a)))), None)
    props = {"title": m.group()[:m.start(1) - m.start()], "body": body.name} if body is not None else {}
    doc.add(Mention("Person", name, m.start(1), end, props, "titled"))


@lru_cache(maxsize=1)
def _police_short_re() -> re.Pattern[str]:
    """A police role and two characters glued to the next word (民警杨博翻出)."""
    return re.compile(rf"(?:{lexicon.alternation('police_roles')})([{_CJK}]{{2}})(?=[{_CJK}])")


def _told_short(doc: Doc, short: str, long: str) -> bool:
    """Whether the text goes on writing `short` (a two-character name) on its own, with other
    characters after it than `long`'s last, at least twice after a break."""
    # 杨博是…, 说起…,杨博语气中…: a subject, after a break; 成功 (民警成功劝阻) is no name there.
    alone = [m for m in re.finditer(re.escape(short), doc.norm) if doc.norm[m.end() : m.end() + 1] != long[-1]]
    after = {doc.norm[m.end() : m.end() + 1] for m in alone}
    return sum(1 for m in alone if m.start() == 0 or doc.norm[m.start() - 1] in _NAME_BREAK) >= 2 and len(after) >= 2


def _said_to_serve(doc: Doc, names: frozenset[str]) -> None:
    """杨博是资阳市公安局刑侦支队二大队的一位民警, 李明是该院的一名法官: a name said to hold a
    title (cues.yaml titles, police_roles) in the body written between 是 and 的."""
    pattern = _serves_re()
    agencies = doc.mentions_in(0, len(doc.norm), "Agency")
    ending = {a.end: a for a in agencies}
    for body in agencies:
        m = pattern.match(doc.norm, body.end) if body.role != "collective" else None
        if m is None:
            continue
        # 资阳市公安局 | 刑侦支队二大队: the body may be a unit written after its parent.
        first = body.start
        while not doc.norm.endswith("是", 0, first) and first in ending and ending[first].start < first:
            first = ending[first].start
        if not doc.norm.endswith("是", 0, first):
            continue
        for size in _NAME_SIZES:
            start = first - 1 - size
            name = doc.norm[start : first - 1]
            if start >= 0 and (start == 0 or doc.norm[start - 1] in _NAME_BREAK) and is_name(name, names) and not _is_cue(name) \
                    and not doc.occupied(start, start + size):
                doc.add(Mention("Person", name, start, start + size, {"title": m.group(1), "body": body.name}, "titled"))
                break


_NAME_BREAK = frozenset("，,。；;：:！!？?、“”\"\n (（")


@lru_cache(maxsize=1)
def _serves_re() -> re.Pattern[str]:
    words = sorted({*lexicon.cues()["titles"], *lexicon.cues()["police_roles"]}, key=len, reverse=True)
    return re.compile("的(?:一名|一位|一个|名|位)?(" + "|".join(map(re.escape, words)) + f")(?![{_CJK}]?(?:们|队伍))")


@lru_cache(maxsize=1)
def _title_matcher() -> lexicon.Matcher:
    matcher = lexicon.Matcher()
    for title in lexicon.cues()["titles"]:
        matcher.add(title, lexicon.Entry("Title", title))
    return matcher


def _chain_start(text: str, pos: int) -> int:
    """Start of the chain of titles ending at the one at `pos` (副厅长、新闻发言人)."""
    while pos >= 2 and text[pos - 1] in "、,，":
        prev = next((t for t in lexicon.cues()["titles"] if text.endswith(t, 0, pos - 1)), None)
        if prev is None:
            break
        pos -= 1 + len(prev)
    return pos


_ONCE_NEXT = frozenset("多屡数几经任")
_NAME_CHARS = re.compile(rf"[{_CJK}·•]+")


def is_name(text: str, names: frozenset[str], after: str = "") -> bool:
    """Whether `text` reads as a person's full name: a family name of `names` (lexicon.surnames)
    first, no function word, no body's or place's name. `after`: the text right after it, where
    known."""
    # 曾 is a family name at the head of a name (局长曾尚策), the adverb 'once' elsewhere and
    # before a verb, an adverb or a count (局长曾指出, 曾多次, 曾经, 曾在; cues not_given_name).
    once = text.startswith("曾") and (_is_cue(text[1:]) or text[1:2] in _ONCE_NEXT or text[1:2] in lexicon.cues()["not_given_name"])
    rest = text[1:] if text.startswith("曾") and not once else text
    # 兰州市副市长: a place before a title is the body's, no name (兰 and 兰州市 share a character).
    # “卡农”等5名犯罪嫌疑人: a name holds no punctuation.
    if not _NAME_CHARS.fullmatch(text):
        return False
    # 上官伟科, 欧阳晓明: four characters only after a family name of two.
    if len(text) == 4 and "·" not in text and "•" not in text and text[:2] not in names:
        return False
    # 正 inside a name is a given name's (杨正喜); at the end of a longer one, or before 在/是/当
    # (局长王正在部署), it is the adverb of 正在; a two-character name may end in it (周正告诉笔者).
    return ((text[:1] in names or text[:2] in names or "·" in text or "•" in text) and not any(ch in "的是在和与及了等为被对将把都也均又已还就才仍曾" for ch in rest)
            and not (rest.endswith("正") and (len(rest) > 2 or not after or after[:1] in _ADVERB_AFTER_ZHENG))
            and not text.endswith(("局", "院", "厅", "部", "所", "队", "处", "科", "室", "委", "会", "办", "庭", "组", "者"))  # (负责人向记者介绍)
            and text not in lexicon.locations()[0].forms)


# The lengths of a full name, longest first: a family name of one or two characters (欧阳, 上官:
# kg/data/surnames.txt) and a given name of one or two.
_NAME_SIZES = (4, 3, 2)
_ADVERB_AFTER_ZHENG = "在是当好要值如"  # 正在, 正是, 正当, 正好, 正要, 正值, 正如


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    cues = lexicon.cues()
    return frozenset(cues["speech_verbs"] + cues["after_person"] + cues["lead_verbs"] + cues["handle_verbs"])


def _is_cue(text: str) -> bool:
    """强调 after 检察长 is a verb, not a name: a candidate that is or starts with a cue word."""
    return any(text.startswith(w) for w in _cue_words() if len(w) >= 2)


def _set_phrase(doc: Doc, start: int) -> bool:
    """检察官温馨提醒: a set phrase (cues.yaml not_name_phrases) at a candidate name's place."""
    return doc.norm.startswith(_not_name_phrases(), start)


@lru_cache(maxsize=1)
def _not_name_phrases() -> tuple[str, ...]:
    return tuple(lexicon.cues()["not_name_phrases"])


def _glued(char: str) -> bool:
    # A CJK character right before a candidate name means the name is the tail of a word.
    # 学习了习近平总书记…: 了 closes the verb before the name.
    return "\u4e00" <= char <= "\u9fff" and char not in "由据向对和与及请经了"


def _repeats(doc: Doc) -> None:
    known = {m.name for m in doc.mentions if m.type == "Person" and len(m.name) >= 2 and "某" not in m.name}
    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(re.escape(name), doc.norm):
            if not doc.occupied(m.start(), m.end()):
                doc.add(Mention("Person", name, m.start(), m.end(), {}, "repeat"))
