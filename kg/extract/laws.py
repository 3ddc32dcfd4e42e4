"""Laws: 《》 titles of laws, opinions and policy documents, and statutes cited bare."""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import Doc, Mention

_TITLE = re.compile(r"《([^《》\n]{2,80})》")
# What a title of a legal or policy document ends with (an agreement bodies sign, a 工作提示 courts
# and procuratorates issue to their staff, among them; a notice to the public, 通告 or 公告, and a
# proposal put to a body, 建议) (before any (二) / (2022) / (试行)).
_LAW_END = re.compile(
    r"(法|法典|条例|规定|办法|意见|决定|通知|解释|纪要|白皮书|规则|指引|指南|纲要|方案|细则|批复|公约|章程|规划|答复|函|报告|工作情况|工作提示|协议|备忘录|通告|公告|建议)$"
)
_TAIL = re.compile(r"(\s*[(（][^()（）]{1,10}[)）])+$")
# A title marked inside a title (《刑法〈修正案(九)〉》) is one name: the inner marks go.
_INNER_MARKS = re.compile(r"[<>〈〉]")
# A short line that names a law alone: an entry of a portal's list of laws.
_LAW_LINE = re.compile(r"^\s*[^,，。；;:：\s]{2,30}(法|法典|条例|规定|办法|修正案\s*[(（][^()（）]{1,4}[)）])\s*$")


@lru_cache(maxsize=1)
def _short_for() -> re.Pattern[str]:
    """《…白皮书(2021—2023)》（简称：《白皮书》）, 《…意见》（以下简称“意见”）: the short form a title
    defines in brackets after it (cues.yaml short_form_markers)."""
    words = lexicon.alternation("short_form_markers")
    return re.compile(rf"《([^《》\n]{{2,80}})》\s*[(（]\s*(?:{words})\s*[:：]?\s*[《“\"]([^》”\"]{{1,20}})[》”\"]\s*[)）]")


def find_laws(doc: Doc) -> None:
    """Add Law mentions, with the issuers that head a title kept in props."""
    shorts = {m.group(2): m.group(1) for m in _short_for().finditer(doc.norm)}
    titles = [m.group(1) for m in _TITLE.finditer(doc.norm)]
    for m in _TITLE.finditer(doc.norm):
        content = m.group(1).strip()
        full = shorts.get(content) or _expand_short(content, titles)
        issuers, name = _split_issuers(full)
        name = _INNER_MARKS.sub("", name)
        if not _LAW_END.search(_TAIL.sub("", name)) and not lexicon.laws().forms.get(name):
            continue
        law = doc.add(Mention("Law", name, m.start(), m.end(), {"issuers": issuers} if issuers else {}, "title"))
        if law.name == name:
            _issuer_mentions(doc, m.start(1), m.group(1))
    for start, end, _surface, entries in lexicon.laws().find(doc.norm):
        if not doc.occupied(start, end) and not _inside_word(doc.norm, start) and not _in_law_list(doc, start):
            doc.add(Mention("Law", entries[0].name, start, end, {}, "statute"))


def _issuer_mentions(doc: Doc, offset: int, title: str) -> None:
    """The bodies heading a title are named there too."""
    matcher, _ = lexicon.agencies()
    for start, end, _surface, entries in matcher.find(title):
        if title[:start].strip(" 、,") and not _split_issuers(title[:end] + "关于")[0]:
            break
        entry = entries[0]
        doc.mentions.append(Mention("Agency", entry.name, offset + start, offset + end, dict(entry.props), "issuer"))


def _expand_short(content: str, titles: list[str]) -> str:
    # 《意见》 after 《关于…的意见》 in the same text is that document.
    if len(content) <= 4:
        for title in titles:
            if title != content and title.endswith(content):
                return title
    return content


def _split_issuers(title: str) -> tuple[list[str], str]:
    """《最高人民法院 最高人民检察院 公安部关于…》 → ([three bodies], '关于…')."""
    matcher, _ = lexicon.agencies()
    issuers: list[str] = []
    pos = 0
    for start, end, _surface, entries in matcher.find(title):
        if title[pos:start].strip(" 、,") or start < pos:
            break
        issuers.append(entries[0].name)
        pos = end
    rest = title[pos:].strip(" 、,")
    if issuers and rest.startswith("关于"):
        return issuers, rest
    return [], title


def _in_law_list(doc: Doc, pos: int) -> bool:
    """A statute on a line of its own beside another such line: a list of links to
    laws (a portal's menu), not a law the text cites."""
    index = doc.paragraph_index(pos)
    paras = doc.paragraphs
    if not paras or not _LAW_LINE.match(doc.norm[paras[index].start:paras[index].end]):
        return False
    return any(0 <= i < len(paras) and _LAW_LINE.match(doc.norm[paras[i].start:paras[i].end]) for i in (index - 1, index + 1))


def _inside_word(text: str, start: int) -> bool:
    # 刑法 inside 民刑法学 or 宪法 inside other words: a statute starts a word.
    return start > 0 and text[start - 1] in "之民行宪"
