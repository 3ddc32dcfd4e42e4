"""Who says what: the speaker governing each position of a document.

A speaker is a person (or body) followed by a speech verb (杜航伟介绍, 程雷表示,
公安部：). They govern the rest of their paragraph; a quotation closed right before
them (“…”杜航伟说) is theirs too; a paragraph that ends in a colon hands its speaker
to the enumerated paragraphs after it (一是…二是…).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.doc import _LEAD_MIN_CJK, Doc, Mention, clause_opening
from kg.text import Span, cjk_count, finditer_led

# An item of a list opening its paragraph (一是…, 第二，…, 其次，…), and the first item of one.
_ENUM = re.compile(r"[ \u3000]*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[,，、]|(?:首先|其次|再次|最后)[,，])")
_FIRST_ITEM = re.compile(r"[ \u3000]*(?:一是|第一[,，、]|首先[,，])")


# When and where a speaker speaks, between the speaker and the verb: 刘忠义在新闻发布会上介绍,
# 该局负责人近日通报, 最高检18日发布.
# 今(17)日: the day written in brackets after 今/昨, as the Taiwan and Hong Kong press do, or after
# the weekday (周三(4日)).
# X当日召开新闻发布会: the day the dateline gave (当日, 当天, 同日, 次日).
# 公安部昨在北京举行, 最高检前天公布, 张某周日表示: the Hong Kong press writes 今/昨 bare, and the
# day before yesterday or a weekday; a place before the meeting held there (在北京举行).
_WHEN_WHERE = (r"(?:在|于)[^,，。;；:：“”\"]{1,15}?(?:上|中|时)|近日|日前|当日|当天|同日|次日|[今昨]日\(\d{1,2}日\)|今天|今日|昨天|昨日|[今昨]\(\d{1,2}\)日"
               r"|\d{1,2}月\d{1,2}日|\d{1,2}日|前天|前日|昨晚|今晨|[今昨](?=[在于])|(?:周|星期)[一二三四五六日天](?:\(\d{1,2}日\))?"
               r"|在[^,，。;；:：“”\"]{1,10}?(?=举行|召开)"
               r"|[上下]午|会上|受访时|接受[^,，。;；:：“”\"]{0,12}?(?:采访|访谈)时|时")


@lru_cache(maxsize=1)
def _when_where() -> str:
    """_WHEN_WHERE, and the occasion, the audience and the channel of the cues: 出席活动时表示,
    接受传媒访问时称 (cues.yaml occasion_verbs); 向与会媒体记者通报, 对记者说, 向传媒表示 (cues.yaml
    audiences); 通过官方微信公众号通报, 在官方微博发布消息称 (cues.yaml channels)."""
    occasion = lexicon.alternation("occasion_verbs")
    audience = lexicon.alternation("audiences")
    channels = lexicon.alternation("channels")
    # 在X召开的“…”系列发布的第六场专场发布会上: the conference a body holds, however long its name.
    held = rf"|在[^,，。;；:：“”\"]{{1,30}}?(?:{_hold()})的(?:[^,，。;；:：“”\"]|[“\"][^,，。;；:：“”\"]{{1,30}}[”\"]){{0,40}}?(?:{_CONFERENCE})上"
    return (_WHEN_WHERE + held + rf"|(?:{occasion})[^,，。;；:：“”\"]{{0,12}}?时"
            rf"|[向对][^,，。;；:：“”\"]{{0,10}}?(?:{audience})"
            rf"|(?:通过|在)[^,，。;；:：“”\"]{{0,10}}?(?:{channels})上?|官方(?:{channels})")
# 杜航伟又指, 张某还表示: an adverb of going on between the speaker and the verb.
# 王某如是介绍道: 如是 (thus) refers back to the quotation before the speaker.
_GOING_ON = r"(?:又|还|也|再|并|进一步|同时|最后|如是)?"


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern[str]:
    # 杜学毅在接受访谈时，介绍了…; 最高检举行新闻发布会，通报…: also after a comma.
    # 重庆市通信管理局组织召开反诈工作专题研讨会，会议通报了…: the meeting a body holds speaks for it.
    meeting = rf"(?:组织)?(?:{_hold()})[^,，。;；]{{0,16}}?会[,，](?:会议|会上)"
    adverbial = rf"(?:(?:{_when_where()}|(?:{_hold()})[^,，。;；]{{0,12}}?发布会|{meeting})[,，]?){{0,3}}"
    verbs = lexicon.alternation("speech_verbs")
    # 杜航伟指，…: a verb the Hong Kong press clips (指 for 指出), only right before a break.
    clipped = lexicon.alternation("speech_verbs_clipped")
    tails = lexicon.alternation("speech_verb_tails")
    return re.compile(adverbial + _GOING_ON + rf"(?:(?:{verbs})(?:了(?=[\w“\"])|(?:{tails})?(?=[,，:：。\s“\"]|$))|(?:{clipped})(?=[,，:：]))|[:：](?!\s*$)")


@lru_cache(maxsize=1)
def _account_re() -> re.Pattern[str]:
    """史跃文就银川公安反电诈工作进行详细通报, 对六个典型案例进行详细介绍: a speech made
    of a topic and a verb of giving an account."""
    verbs = lexicon.alternation("speech_verbs")
    # 杭州公安还将反诈骗中心一年来取得的成绩，向广大市民做了一次现场汇报: the topic put before
    # the audience (将…向…), a comma allowed in between.
    topic = r"(?:就|对)[^,，。;；:：“”\"]{1,40}?|将[^。;；:：“”\"]{1,40}?"
    return re.compile(rf"(?:{_when_where()})*{_GOING_ON}(?:{topic})(?:进行|作|做)了?(?:一次|一个)?(?:详细|全面|专题|简要|现场)?(?:的)?(?:{verbs})(?!批评|表扬)")


@lru_cache(maxsize=1)
def _hold() -> str:
    """召开, 举行, 举办 (cues.yaml hold_verbs): a body holding a meeting."""
    return lexicon.alternation("hold_verbs")


@lru_cache(maxsize=1)
def _source_re() -> re.Pattern[str]:
    """记者从X获悉 / 从X了解到 / 从X召开的新闻发布会上获悉 / 从X微信公众号获悉: X is the source of
    the rest of the paragraph. 记者从X在儋州召开的推进会上获悉: the meeting X holds."""
    # 记者从X以及Y采访获悉, 从X和Y了解到: X a source beside the sources joined after it (cues.yaml
    # source_joiners), by interview or inquiry (cues.yaml inquiry_verbs).
    joined = rf"(?:(?:{lexicon.alternation('source_joiners')})[^,，。;；:：“”\"]{{1,20}}?)?"
    inquiry = rf"(?:{lexicon.alternation('inquiry_verbs')})?"
    # 从公安部刑侦局微信公众号了解到: the body's own channel (cues.yaml source_channels).
    channel = rf"(?:的?(?:{lexicon.alternation('source_channels')}))?"
    return re.compile(rf"{joined}{channel}(?:(?:{_when_where()})*(?:在[^,，。;；:：]{{1,8}}?)?(?:{_hold()})的?[^,，。;；:：]{{0,40}}?(?:发布会|通报会|推进会|会议|会)上?)?{inquiry}(?:获悉|了解到|得知)")


@lru_cache(maxsize=1)
def _from_re() -> re.Pattern[str]:
    """从13日召开的X新闻发布会上获悉: the body whose press conference it was. 从2025年度X表彰大会上
    获悉: the year of the body's meeting before it. 从近日X举行的…发布会上获悉: the day the body
    held it (cues.yaml recent_days)."""
    days = lexicon.alternation("recent_days")
    return re.compile(rf"从(?:[^,，。;；:：]{{0,10}}?(?:{_hold()})的|(?:19|20)\d{{2}}年度?|{days}|\d{{1,2}}日)?$")


# 从X新闻发布会上获悉, 从X…资金集中返还暨先进表彰大会上获悉: the body's own meeting.
# 从X打击电信网络诈骗“蓝天二号”新闻发布会上了解到: its topic, a quoted name in it, before the
# conference.
_OWN_CONFERENCE = re.compile(r"(?:[^,，。;；:：“”\"]|[“\"][^,，。;；:：“”\"]{1,12}[”\"]){0,30}?(?:大会|会议|(?:新闻)?(?:发布会|通报会))上?(?:获悉|了解到|得知)")
# 从公安机关通报看, 从X的数据来看: what the reporter reads in the body's bulletin or data is the
# body's statement, for the rest of the paragraph (as 据X通报).
_READ_FROM = re.compile(r"的?(?:通报|数据|统计|报告)来?看[,，]?")
# 据X介绍 / 据X新闻发布会消息 / 据X统计 / 据X检察院指控: X is the source of the rest of the
# paragraph (cues.yaml according_words).
_CONTINUED = re.compile(r"据介绍")


@lru_cache(maxsize=1)
def _according_re() -> re.Pattern[str]:
    # 据省公安厅2025年12月26日统计, 据市公安局截至6月底统计: the day the record was taken, between
    # the body and the word.
    day = r"(?:(?:截至|截止)?(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|初)?)?"
    return re.compile(rf"{day}[^,，。;；]{{0,8}}?(?:{lexicon.alternation('according_words')})")


@lru_cache(maxsize=1)
def _issued_re() -> re.Pattern[str]:
    """龙岩市公安局发布通报称, 在官方微博发布消息称, 官方微博消息: a statement the body issues
    (cues.yaml statement_nouns), the words after it its own."""
    nouns = lexicon.alternation("statement_nouns")
    return re.compile(rf"(?:{_when_where()})*(?:(?:发布|发出|公布)了?[^,，。;；:：“”\"]{{0,10}}?)?(?:{nouns})(?:称|说)?(?=[,，:：])")


@lru_cache(maxsize=1)
def _shows_re() -> re.Pattern[str]:
    """市公安局数据显示, 最高检工作报告显示, 省法院发布的白皮书表明: what a body's data or report
    shows is the body's statement (as 据X统计 is), for the rest of the paragraph
    (cues.yaml record_nouns, show_verbs)."""
    nouns = lexicon.alternation("record_nouns")
    return re.compile(rf"(?:{_when_where()})*(?:(?:发布|公布)的)?[^,，。;；:：“”\"]{{0,10}}?(?:{nouns})(?:{lexicon.alternation('show_verbs')})")


# 记者近日采访了本案公诉人之一、X检察院…副主任孙晴: the person the reporter interviewed for the
# article, named in the lead, is its source (as 记者从X获悉 names one).
_INTERVIEWED = re.compile(r"记者[^,，。;；“”\"]{0,8}?采访了?([^。;；!！?？“”\"]{0,40})$")
# In the lead (the title and the first paragraphs of the article), a body that releases
# results (X通报…, X发布…情况, X召开新闻发布会) is the source of the whole article.
# 贵阳市警方近日报告称: a body's report, as much as its bulletin (cues.yaml release_verbs).


@lru_cache(maxsize=1)
def _release_re() -> re.Pattern[str]:
    verbs = lexicon.alternation("release_verbs")
    # 公安部刑侦局13日公开通报: a word of manner (cues.yaml release_manners) before the verb.
    # (从公安机关通报看: the reporter reads the bulletin for one point, no release of the text.)
    # (举行“新时代工业和信息化发展”系列主题新闻发布会: a few words of the series after its quoted name.)
    manners = lexicon.alternation("release_manners")
    return re.compile(rf"(?:{_when_where()})*(?:(?:联合|共同)(?:{verbs})(?!《)|(?:{manners})?(?:{verbs})(?!来?看|了?《)|(?:{_hold()})(?!的)[^,，。;；“]{{0,40}}?(?:“[^”]{{1,60}}”[^,，。;；“]{{0,8}}?)?(?:{_CONFERENCE}))")


# A press conference: 新闻发布会, 通报会, and 记者会 as the Taiwan and Hong Kong press call it.
_CONFERENCE = r"(?:新闻)?发布会|通报会|记者会|记者招待会"
# 来源：X above the article (X ends the name: a space, the line's end or the next field).
_BYLINE = re.compile(r"(?:稿件)?来源[:：]\s*")
_BYLINE_END = re.compile(r"\s|$|作者|编辑|发布|时间|\|")


def article_sources(doc: Doc) -> list[Mention]:
    """The bodies the whole article is the statement of: the issuer of a title `X发布《…》`,
    the body of a byline (来源：X), or the source the lead names (X通报, X召开新闻发布会,
    记者从X获悉), with the bodies that release with it (X与Y联合通报) and the body whose
    conference a host holds (X举行Y…新闻发布会). They report every figure, besides any
    speaker of the figure's paragraph."""
    if "article_source" not in doc.cache:
        single = _document_reporter(doc) or _byline(doc)
        delivered = None if single else (_delivered_report(doc) or _replying_body(doc))
        if delivered:
            doc.cache["article_source"] = delivered
        else:
            # (“两高一部”发布…: every body of an abbreviation of several, each a mention at its span.)
            group = [m for m in doc.mentions_in(single.start, single.end, "Agency") if (m.start, m.end) == (single.start, single.end)
                     and m.name != single.name] if single else []
            doc.cache["article_source"] = [single, *group, *_presenters(doc, _lead(doc))] if single else _lead_releasers(doc)
    return doc.cache["article_source"]


def own_report(doc: Doc) -> Mention | None:
    """The body whose own statement the text is (X发布《…工作情况》, X就…答记者问, a work report
    given on its behalf), or None; asked once a text."""
    if "own_report" not in doc.cache:
        doc.cache["own_report"] = _document_reporter(doc) or next(iter(_delivered_report(doc)), None)
    return doc.cache["own_report"]


# 市公安局有关负责人, 相关负责人, 主要负责人, 新闻发言人: the unnamed official speaks for the body.
_SPOKESMAN = re.compile(r"(?:有关|相关|主要)?(?:负责人|新闻发言人|发言人|负责同志)")


@lru_cache(maxsize=1)
def _short_form_re() -> re.Pattern[str]:
    """上海市静安区人民检察院（以下简称“静安区检察院”）发布…: the short form a body is given in
    brackets right after its name stands between the body and its verb."""
    markers = lexicon.alternation("short_form_markers")
    return re.compile(rf"\s?[(（](?:{markers})[^()（）,，。;；]{{1,20}}[)）]")


def _past_short_form(doc: Doc, end: int) -> int:
    """Where the words after a name start, past the short form defined in brackets after it."""
    if end < len(doc.norm) and doc.norm[end] not in "(（ ":
        return end
    short = _short_form_re().match(doc.norm, end)
    return short.end() if short else end


# 。(完) closing the article, 相关链接 / 相关阅读 / 相关新闻 heading the page's other articles.
_ARTICLE_END = re.compile(r"[(（]完[)）]|^[ \u3000]*(?:相关链接|相关阅读|延伸阅读|相关新闻|推荐阅读)[ \u3000]*[:：]?[ \u3000]*$", re.M)


# Where a match of _ARTICLE_END may have its core (a heading after at most 8 spaces).
_ARTICLE_END_HINT = re.compile("完|相关链接|相关阅读|延伸阅读|相关新闻|推荐阅读")


def article_end(doc: Doc) -> int:
    """Where the article ends: at its closing (完) or the heading of the related articles a
    page lists after it (相关链接). The article's source says nothing after it."""
    if "article_end" not in doc.cache:
        lead = _lead(doc)
        found = next(finditer_led(_ARTICLE_END, _ARTICLE_END_HINT, doc.norm, 8, lead[-1].end if lead else 0), None)
        doc.cache["article_end"] = found.start() if found else len(doc.norm)
    return doc.cache["article_end"]


def speaker_spans(doc: Doc) -> list[tuple[int, int, Mention]]:
    """(start, end, speaker) spans: every position inside is said by that speaker."""
    spans: list[tuple[int, int, Mention]] = []
    accounts: list[tuple[int, Mention]] = []  # speakers giving an account of the situation
    opened: set[int] = set()
    told: set[int] = set()  # speakers whose verb gives an account (介绍, 通报), not a view (表示)
    shows = lexicon.cue_re("show_verbs").search(doc.norm) is not None  # (a text that shows nothing skips _shows_re)
    for m in sorted(doc.mentions, key=lambda m: m.start):
        if m.type not in ("Person", "Agency"):
            continue
        head_end = _past_short_form(doc, m.end)
        if m.type == "Agency":
            spokesman = _SPOKESMAN.match(doc.norm, head_end)
            # 邀请公安部、最高检、人民银行相关负责人介绍…: the officials of a list of bodies speak
            # for none of them alone.
            if spokesman and not doc.norm.endswith(("、", "和", "及"), 0, m.start):
                head_end = spokesman.end()
        if m.type == "Person":
            # 蔡燕明局长指出: the post written after the name, before the verb.
            # (许绍田副院长通报近年来…情况: an account of the situation after the post too.)
            post = _titles_re().match(doc.norm, head_end)
            if post and (_verb_re().match(doc.norm, post.end()) or _situation_re().match(doc.norm, post.end())) \
                    and not doc.norm.startswith((":", "："), post.end()):
                head_end = post.end()
        verb = (_verb_re().match(doc.norm, head_end) or _account_re().match(doc.norm, head_end)
                or _situation_re().match(doc.norm, head_end) or (shows and _shows_re().match(doc.norm, head_end)) or _issued_re().match(doc.norm, head_end))
        if not verb and _from_re().search(doc.norm, max(0, m.start - 16), m.start):
            verb = _source_re().match(doc.norm, head_end) or _OWN_CONFERENCE.match(doc.norm, head_end) or _READ_FROM.match(doc.norm, head_end)
        # 根据区公安厅大数据平台统计: the body written by its level alone (区/省/市/县 of the text's place).
        if not verb and re.search(r"据(?:中国|我国|[省市县区])?$", doc.norm[max(0, m.start - 3):m.start]):
            verb = _according_re().match(doc.norm, head_end)
        answer = _answer_span(doc, m, head_end) if verb and verb.group()[:1] in ":：" else None
        if answer is not None:
            spans.append((*answer, m))
            continue
        if not verb:
            quoted = _QUOTED_STATEMENT.match(doc.norm, m.end)
            if quoted and (m.start == 0 or doc.norm[m.start - 1] in _CLAUSE_OPENERS):
                spans.append((quoted.start() + 1, quoted.end() - 1, m))
            continue
        if verb.group().startswith((":", "：")) and not _heads_sentence(doc, m):
            continue
        if m.type == "Agency" and _titled_person_follows(doc, m):
            continue
        if _addressed(doc, m):
            continue
        para_index = doc.paragraph_index(m.start)
        para = doc.paragraphs[para_index]
        start = verb.end()
        if para_index not in opened:
            # The first speaker of a paragraph is its source from the start: the
            # figures that lead into a quotation are the speaker's. 据X介绍 and 从X通报看
            # speak only for what follows them (and the quotation closed right before).
            opened.add(para_index)
            if not doc.norm.endswith("据", 0, m.start) and not _QUOTE_OPENS.match(doc.norm, verb.end()) and verb.re is not _READ_FROM:
                spans.append((_joined_start(doc, para.start, m.start), m.start, m))
        quote_start = _quote_before(doc, m)
        if quote_start is not None:
            spans.append((quote_start + 1, m.start, m))
        end = max(_governed_end(doc, doc.paragraph_index(m.start)), para.end)
        # “…。”杨凯说。近期，…: a verb closing the sentence of a quotation closes the speech quoted; the
        # reporter goes on.
        if quote_start is None or doc.sentence_at(m.start).end > start + 1:
            spans.append((start, _reporter_resumes(doc, start, end), m))
        if _situation_re().match(doc.norm, head_end):
            accounts.append((para_index, m))
        if _ACCOUNT_VERB.search(verb.group()):
            told.add(id(m))
    spans.extend(_heard_reports(doc))
    _continued(doc, spans, told)
    _sections(doc, spans, accounts)
    return sorted(spans, key=lambda s: (s[0], s[1]))


# 听取了X关于…的报告 / 审议了X…的工作报告: a report read out to a body (a congress, its standing
# committee) is its giver's; 报告显示 / 报告指出 after it go on in the giver's name.
_HEARD = re.compile(r"(?:听取|审议)了?")
_HEARD_REPORT = re.compile(r"[^。;；]{0,80}?的(?:专项|工作)?报告")
_REPORT_SAYS = re.compile(r"报告(?:显示|指出|称|认为|提到|表明|强调)[,，:：]?")


def _heard_reports(doc: Doc) -> list[tuple[int, int, Mention]]:
    """(start, end, giver) for each 报告显示 / 报告指出 after a body heard a report of another body:
    the rest of its paragraph is the giver's statement."""
    spans: list[tuple[int, int, Mention]] = []
    for heard in _HEARD.finditer(doc.norm):
        givers = [a for a in doc.mentions_in(heard.end(), min(len(doc.norm), heard.end() + 40), "Agency")
                  if not re.search(r"[,，。;；]", doc.norm[heard.end():a.start])]
        report = _HEARD_REPORT.match(doc.norm, givers[0].end) if givers else None
        if report is None:
            continue
        for says in _REPORT_SAYS.finditer(doc.norm, report.end()):
            para = doc.paragraphs[doc.paragraph_index(says.start())]
            spans.append((says.end(), para.end, givers[0]))
        break
    return spans


# 韩如龙解释说：“…”: the speaker's own words are the quotation his verb opens; the figures the
# reporter gave before it are not his.
_QUOTE_OPENS = re.compile(r"\s*[:：]?\s*[“\"]")
# 。 今年1月15日…: a sentence end and a space inside a line, where a page joined its paragraphs.
_JOINED_LINE = re.compile(r"[。!！?？][ \u3000\t]+(?=\S)")


def _joined_start(doc: Doc, start: int, end: int) -> int:
    """Where the paragraph holding `end` starts in a line that joins paragraphs with spaces
    (…缩影。 今年1月15日…。 民警X介绍说): the speaker's paragraph is the last of them."""
    return max((j.end() for j in _JOINED_LINE.finditer(doc.norm, start, end)), default=start)


# 。据了解，… / 。据悉，…: the reporter takes up the account again in his own name.
_REPORTER_OWN = re.compile(r"[。!！?？]\s*(?:据了解|据悉)")


def _reporter_resumes(doc: Doc, start: int, end: int) -> int:
    """Where a speaker's words end: at the sentence in which the reporter speaks again of what
    he learned (据了解, 据悉), naming nobody, or at `end`."""
    again = _REPORTER_OWN.search(doc.norm, start, end)
    return again.start() + 1 if again else end


# 刘忠义： / 主持人 寿小丽： / 中国日报记者： as a line of its own: who speaks next in a transcript.
_LABEL_END = re.compile(r"[ \u3000]*[:：][ \u3000]*$")
_LABEL_MAX_CJK = 20
# 问：…, 记者：…, 主持人：…: a question or the host's words open a paragraph.
_ASKS = re.compile(r"[ \u3000]*(?:问|提问|记者|主持人)[^,，。;；:：]{0,12}[:：]")


def _answer_span(doc: Doc, m: Mention, head_end: int) -> tuple[int, int] | None:
    """刘忠义：written as a line of its own in a press conference's transcript: the paragraphs
    after it are his answer, up to the next such line or question (问：, 中国日报记者：)."""
    index = doc.paragraph_index(m.start)
    para = doc.paragraphs[index]
    if not _LABEL_END.match(doc.norm, head_end, para.end) or not _heads_sentence(doc, m):
        return None
    end = start = para.end
    for nxt in doc.paragraphs[index + 1:]:
        if _is_label(doc, nxt) or _ASKS.match(doc.norm, nxt.start, nxt.end):
            break
        end = nxt.end
    return (start, end) if end > start else None


def _is_label(doc: Doc, para: Span) -> bool:
    return _LABEL_END.search(doc.norm, para.start, para.end) is not None and cjk_count(doc.norm[para.start:para.end]) <= _LABEL_MAX_CJK


# The verbs of giving an account that 据介绍 refers back to (介绍, 通报, 交代, 说明…; 记者从X获悉:
# X's account).
_ACCOUNT_VERB = re.compile(r"介绍|通报|交代|说明|总结|公布|发布|披露|透露|获悉|了解到|得知")


# 向X汇报, 并向市公安局、省公安厅反电信诈骗中心汇报: the body after 向/对/给 in its clause, alone
# or ending a list of bodies.
_ADDRESSED = re.compile(r"(?<![针面相应])[向对给][^,，。;；:：!！?？“”\"\s向对给]{0,20}\Z")


def _addressed(doc: Doc, m: Mention) -> bool:
    """The body a report is made to (向X汇报) is its audience, not its speaker."""
    return _ADDRESSED.search(doc.norm, max(0, m.start - 22), m.start) is not None


def _continued(doc: Doc, spans: list[tuple[int, int, Mention]], told: set[int]) -> None:
    """A paragraph opening with 据介绍 after a paragraph in which someone gives an account
    (X介绍了…成效。) goes on with that speaker's account; after a view (X表示…) it names nobody,
    as 据悉 / 据了解, which tell what the reporter learned."""
    for index in range(1, len(doc.paragraphs)):
        para = doc.paragraphs[index]
        if not _CONTINUED.match(doc.norm, para.start):
            continue
        prev = doc.paragraphs[index - 1]
        own = [s for s in spans if prev.start <= s[2].start < prev.end and s[2].start > 0 and s[0] >= prev.start and id(s[2]) in told]
        if own:
            spans.append((para.start, para.end, own[-1][2]))


_HEADING_MAX_CJK = 12  # a line this short with no sentence end heads a section


def _sections(doc: Doc, spans: list[tuple[int, int, Mention]], accounts: list[tuple[int, Mention]]) -> None:
    """副局长X向记者通报…工作情况。 / 工作成效 / 今年以来…: an account of the situation whose
    paragraph is followed by a section heading goes on in the sections after it, until a
    paragraph in which someone else speaks."""
    for index, m in accounts:
        if index + 1 >= len(doc.paragraphs) or not _is_heading(doc, doc.paragraphs[index + 1]):
            continue
        for para in doc.paragraphs[index + 1:]:
            if any(para.start <= s[2].start < para.end and s[2].name != m.name for s in spans):
                break
            spans.append((para.start, para.end, m))


def _is_heading(doc: Doc, para: Span) -> bool:
    text = doc.norm[para.start:para.end].strip()
    return 0 < cjk_count(text) <= _HEADING_MAX_CJK and not text.endswith(("。", "！", "？", "!", "?", "”", ":", "："))


def speaker_at(spans: list[tuple[int, int, Mention]], pos: int) -> Mention | None:
    """The innermost, latest-starting speaker span holding `pos`."""
    best = None
    for start, end, m in spans:
        if start <= pos < end and (best is None or start >= best[0]):
            best = (start, end, m)
    return best[2] if best else None


def _document_reporter(doc: Doc) -> Mention | None:
    """The body a text is the statement of: `X发布《…》`, `X(负责人)就…答记者问` or `X…通报` as title."""
    if not doc.paragraphs:
        return None
    title = doc.paragraphs[0]
    # (“两高一部”发布…: the body's name may be quoted.)
    opens = title.start + (doc.norm[title.start:title.start + 1] in ("“", "\"", "「"))
    heads = [m for m in doc.mentions_in(title.start, title.end, "Agency") if m.start == opens]
    if not heads:
        return None
    head = max(heads, key=lambda m: m.end)
    rest = doc.norm[head.end + (opens > title.start and doc.norm[head.end:head.end + 1] in ("”", "\"", "」")):title.end]
    if re.match(r"(?:联合)?(?:发布|印发)《", rest) or re.match(r"[^,，。]{0,8}就.{2,60}答记者问", rest) or _CASES_RELEASED.match(rest) \
            or _OWN_BULLETIN.fullmatch(rest):
        return head
    return None


# 通城县公安局3月反电信网络诈骗警情通报(2024年3月), X关于…情况的通报: a title that is the body's bulletin
# by name (the body heading it, 通报 closing it, its period in brackets at most).
_OWN_BULLETIN = re.compile(r"[^,，。;；:：!?！？]{0,40}?(?:的)?通报\s*(?:[(（][^()（）]{1,20}[)）])?\s*")


# 最高检发布第十批指导性案例, “两高一部”发布…典型案例: a release of cases as the title is its body's statement.
_CASES_RELEASED = re.compile(r"(?:联合)?(?:发布|公布)[^,，。;；:：]{0,40}?(?:典型案例|指导性案例)")


# 现在，我代表市人民检察院向大会报告工作; 我代表省政府作政府工作报告: a work report given by the head
# of a body on its behalf (not 我代表省公安厅感谢各位: a thanks).
_ON_BEHALF = re.compile(r"我代表")
_REPORT_GIVEN = re.compile(r"(?:向[^,，。;；]{1,16}?)?(?:报告工作|作[^,，。;；]{0,10}?工作报告)")
_REPORT_HEAD_PARAGRAPHS = 10  # the words of delivery open the report


def _delivered_report(doc: Doc) -> list[Mention]:
    """A work report delivered on a body's behalf (我代表X向大会报告工作) is the body's
    statement: X reports every figure, and so does the official the report's heading
    names as giving it (X检察长 Y above the words), who holds a post in X."""
    for para in doc.paragraphs[:_REPORT_HEAD_PARAGRAPHS]:
        for on in _ON_BEHALF.finditer(doc.norm, para.start, para.end):
            body = max((a for a in doc.mentions_in(on.end(), min(para.end, on.end() + 30), "Agency") if a.start == on.end()),
                       key=lambda a: a.end, default=None)
            if body is None or not _REPORT_GIVEN.match(doc.norm, body.end):
                continue
            giver = next((p for p in doc.mentions_in(0, on.start(), "Person") if p.props.get("body") == body.name), None)
            return [body, *([giver] if giver else [])]
    return []


# 您提出的《…》收悉，现答复如下: a body's reply to a proposal or a letter.
_REPLY = re.compile(r"(?:现|特)?(?:答复|回复)如下")
# 全市公安机关, 市公安局, 我局: the body written by its level alone, as a body writes of itself.
_OWN_LEVEL = re.compile(r"(?:全|我|本)?[省市县区]")
_LEVEL_RANK = {"区": 0, "县": 0, "市": 1, "省": 2}


def _replying_body(doc: Doc) -> list[Mention]:
    """A reply to a proposal (…收悉，现答复如下) is the statement of the body that replies: the
    body the reply writes by its level alone (全市公安机关, 市公安局), as one writes of one's
    own; of several, the most local (在省公安厅的领导下: the one above it), the first written."""
    head = doc.paragraphs[:4]
    if not any(_REPLY.search(doc.norm, p.start, p.end) for p in head):
        return []
    own = [(_LEVEL_RANK[level.group()[-1]], m.start, m) for m in doc.mentions
           if m.type == "Agency" and m.role in ("collective", "local") and (level := _OWN_LEVEL.match(doc.norm, m.start))]
    return [min(own, key=lambda o: o[:2])[2]] if own else []


def _lead_releasers(doc: Doc) -> list[Mention]:
    """The bodies whose release the article is: X通报 / X发布…情况 / X召开新闻发布会 /
    记者从X获悉 / 在X召开的新闻发布会上 in the first article paragraphs (or the title);
    X与Y联合通报 names two, and X举行Y…新闻发布会 names the host and the body whose conference
    it is. The official who gives the account of the situation in the lead (副厅长X介绍了…
    情况, 庭长X在发布会上向社会各界发布…工作情况) is a source beside them."""
    lead = _lead(doc)
    bodies = _lead_bodies(doc, lead)
    if bodies:
        return [*bodies, *_presenters(doc, lead)]
    for para in lead:
        for person in doc.mentions_in(para.start, para.end, "Person"):
            if _situation_re().match(doc.norm, person.end) or _interviewed(doc, para, person) or _briefs(doc, person):
                return [person]
    return _bare_police(doc, lead)


_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]")  # 上海警方, 该案警方: police named or owned by the words before


def _bare_police(doc: Doc, lead: list[Span]) -> list[Mention]:
    """香港警务处…近年致力打击骗案；警方指，…: the bare police speaking in the lead (cues.yaml
    speech_verbs) are the one police body the lead names before them, the article's source."""
    for para in lead[1:]:
        for m in lexicon.cue_re("bare_police").finditer(doc.norm, para.start, para.end):
            # (警方向媒体通报案情: the audience is among the adverbials both patterns allow.)
            if doc.occupied(m.start(), m.end()) or _CJK_BEFORE.match(doc.norm, m.start() - 1) or not (
                    _verb_re().match(doc.norm, m.end()) or _situation_re().match(doc.norm, m.end())):
                continue
            bodies = {a.name: a for a in doc.mentions_in(lead[0].start, m.start(), "Agency") if a.props.get("kind") == "public_security"}
            return list(bodies.values()) if len(bodies) == 1 else []
    return []


_AT_CONFERENCE = re.compile(rf"(?:{_CONFERENCE})上")


def _briefs(doc: Doc, person: Mention) -> bool:
    """王某在X召开的新闻发布会上介绍: an official giving an account (介绍, 通报, 公布) at a press
    conference in the lead briefs the press for the whole article; a view he gives there
    (表示, 强调) is his own paragraph's."""
    verb = _verb_re().match(doc.norm, person.end)
    if verb is None:
        return False
    said = verb.group()
    at = max((c.end() for c in _AT_CONFERENCE.finditer(said)), default=None)
    return at is not None and _ACCOUNT_VERB.search(said, at) is not None


_KEYNOTE = re.compile(r"作(?:主旨|新闻|情况)(?:发布|通报|发言)(?=[,，。;；\s])")


def _presenters(doc: Doc, lead: list[Span]) -> list[Mention]:
    """X召开新闻发布会，副厅长Y向媒体公布…情况: the official who gives the account of the
    situation in the very sentence that tells of a body's release or conference presents it,
    and is a source beside the body; named in a later sentence he is a speaker of his own."""
    for para in lead:
        for person in doc.mentions_in(para.start, para.end, "Person"):
            keynote = _KEYNOTE.match(doc.norm, person.end) is not None
            sentence = doc.sentence_at(person.start)
            if not keynote and not _situation_re().match(doc.norm, person.end) and not _briefs_at_conference(doc, sentence.start, person):
                continue
            # 省法院召开新闻发布会，通报…。副院长X作主旨发布: the keynote of the conference the
            # paragraph opened with presents it.
            for m in doc.mentions_in(para.start if keynote else sentence.start, person.start, "Agency"):
                if _hosted_at(doc, m) is not None or _release_re().match(doc.norm, _past_short_form(doc, m.end)):
                    return [person]
    return []


def _briefs_at_conference(doc: Doc, sentence_start: int, person: Mention) -> bool:
    """X召开…新闻发布会，会上，副总队长Y介绍，…: an official giving an account (介绍, 通报, 公布)
    in the sentence that tells of the conference briefs the press for it, as one who gives
    the account of the situation does; a view he gives there (表示, 强调) is his own."""
    verb = _verb_re().match(doc.norm, person.end)
    if verb is None or not _ACCOUNT_VERB.search(verb.group()):
        return False
    return re.search(rf"(?:{_CONFERENCE})|会上", doc.norm[sentence_start:person.start]) is not None


def _lead_bodies(doc: Doc, lead: list[Span]) -> list[Mention]:
    for para in lead:
        agencies = doc.mentions_in(para.start, para.end, "Agency")
        ends = {a.start: a for a in agencies}
        for m in agencies:
            if m.end in ends:
                continue  # 淮北市公安局|相山分局: the head of a longer name
            hosted = _hosted_at(doc, m)
            if hosted is not None and _presenters(doc, [doc.sentence_at(m.start)]):
                # 在辽宁省政府新闻办召开的新闻发布会上，辽宁省公安厅副厅长潘春吉介绍了…情况: the host
                # gives the floor to another body's official, who is the source.
                if hosted is m and _guest_speaks(doc, m):
                    continue
                return [m, *([hosted] if hosted is not m else [])]
            release = _release_re().match(doc.norm, _past_short_form(doc, m.end))
            if release and _modifies_object(doc, m, release):
                release = None
            owner = _conference_owner(doc, m, release) if release else None
            if release and re.search(_CONFERENCE, release.group()) and owner is None and _guest_speaks(doc, m):
                continue
            if release or _own_conference(doc, m):
                return [*_joint_before(doc, m), m, *([owner] if owner else [])]
            if _lead_source(doc, m):
                return [*_joint_before(doc, m), m, *_sources_joined(doc, m)]
    return []


def _modifies_object(doc: Doc, m: Mention, release: re.Match[str]) -> bool:
    """首批依法关停公安机关通报的涉案电话卡: a body whose release verb is followed by 的, written
    after words of the clause that act on what it released (the object's modifier), is no
    source of the text; X发布的典型案例 opening its clause still is."""
    if not doc.norm.startswith("的", release.end()):
        return False
    start = max(doc.sentence_at(m.start).start, doc.clause_start(m.start))
    return clause_opening().fullmatch(doc.norm, start, m.start) is None


# A press conference named after the words that say what it is on (…夏季治安打击整治行动新闻发布会).
_TOPIC_CONFERENCE = rf"[^,，。;；:：]{{0,40}}?(?:{_CONFERENCE})"


@lru_cache(maxsize=1)
def _owned_re() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (re.compile(rf"(?:{_hold()})的\Z"),
            re.compile(rf"{_TOPIC_CONFERENCE}上"),
            re.compile(r"在(?!\d)[^,，。;；:：\s]{1,15}\Z"))


def _own_conference(doc: Doc, m: Mention) -> bool:
    """8月26日召开的全市公安机关…新闻发布会上，支队长Y介绍: the body named right after 召开的 /
    举行的, no host named before the verb (在市政府新闻办召开的…, X召开的…), is the one whose press
    conference the lead reports from (as in 从13日召开的X新闻发布会上获悉)."""
    held, conference, host = _owned_re()
    if _held_after_re().match(doc.norm, m.end) and clause_opening().fullmatch(
            doc.norm, max(doc.sentence_at(m.start).start, doc.clause_start(m.start)), m.start):
        return True  # 10月16日，云南省公安机关…新闻发布会召开，会上获悉: the body's conference, named by it
    found = held.search(doc.norm, max(0, m.start - 3), m.start)
    if found is None or not conference.match(doc.norm, m.end):
        return False
    if host.search(doc.norm, max(0, found.start() - 16), found.start()):
        return False
    return not any(a.end == found.start() for a in doc.mentions_in(max(0, found.start() - 30), found.start(), "Agency"))


@lru_cache(maxsize=1)
def _held_after_re() -> re.Pattern[str]:
    """What follows a body that names the press conference held (云南省公安机关|夏季治安打击整治行动
    新闻发布会召开): its topic, the conference word, then a verb of holding it (cues.yaml hold_verbs)."""
    return re.compile(rf"{_TOPIC_CONFERENCE}(?:在[^,，。;；]{{1,12}})?(?:{_hold()})")


@lru_cache(maxsize=1)
def _hosted_re() -> re.Pattern[str]:
    """在X召开的新闻发布会上, 在X举行的Y…新闻发布会上, 在X27日召开的…: X hosts the conference
    the lead reports from."""
    return re.compile(rf"(?:{_when_where()})*(?:{_hold()})的([^,，。;；“”]{{0,40}}?)(?:{_CONFERENCE})上")


def _hosted_at(doc: Doc, m: Mention) -> Mention | None:
    """在X召开的新闻发布会上: X, the host, is a source when the official after it presents the
    situation (副厅长Y介绍了…有关情况), not when he only makes a statement of his own (Y表示，…);
    in 在X举行的Y…新闻发布会上 so is Y, the body whose conference it is (returned; X itself when
    no other body is named)."""
    if not doc.norm.endswith("在", 0, m.start):
        return None
    hosted = _hosted_re().match(doc.norm, m.end)
    if hosted is None:
        return None
    at = hosted.start(1)
    owner = next((a for a in doc.mentions_in(at, hosted.end(1), "Agency") if a.start == at and a.name != m.name), None)
    return owner or m


def _interviewed(doc: Doc, para: Span, person: Mention) -> bool:
    """记者采访了X: the reporter's interviewee, the words between only who he is (本案公诉人之一、
    X检察院…副主任); a comma or a verb of his own between would make him someone else."""
    found = _INTERVIEWED.search(doc.norm, max(para.start, person.start - 60), person.start)
    return found is not None and not re.search(r"[,，]", found.group(1))


_JOINED = ("与", "和", "、", "及", "会同")


def _joint_before(doc: Doc, m: Mention) -> list[Mention]:
    """广东省公安厅与广东省通信管理局联合通报, 北京三中院、通州法院发布: the bodies listed right
    before a releasing body release with it. 北京市第三中级人民法院联合北京市通州区人民法院召开…新闻通报会:
    the body that holds the release together with the releasing one (cues.yaml partner_markers
    right before it) releases too, with the bodies listed before it."""
    partners = lexicon.cues()["partner_markers"]
    found: list[Mention] = []
    head = m.start
    for a in reversed(doc.mentions_in(max(0, m.start - 60), m.start, "Agency")):
        if a.end > head or a.name == m.name:
            continue
        between = doc.norm[a.end:head]
        if between in _JOINED or not found and head == m.start and between in partners:
            found.insert(0, a)
            head = a.start
    return found


def _conference_owner(doc: Doc, host: Mention, release: re.Match[str]) -> Mention | None:
    """甘肃省政府新闻办举行甘肃省公安厅…新闻发布会: the body named right after 举行/召开 is the one
    whose conference the host holds."""
    held = lexicon.cue_re("hold_verbs").search(release.group())
    if held is None or not re.search(_CONFERENCE, release.group()):
        return None
    at = release.start() + held.end()
    return next((a for a in doc.mentions_in(at, release.end(), "Agency")
                 if a.start == at and a.name != host.name), None)


# Where the article starts: 【本报综合报道】, 本报太原7月8日讯, 中新网兰州1月7日电.
_DATELINE = re.compile(r"【[^】]{0,12}(?:报道|讯)】|本报[^,，。;；]{0,10}讯|\d{1,2}月\d{1,2}日(?:电|讯)")
_DATELINE_PARAGRAPHS = 12
_TITLE_HEAD = 12  # a line holding the title's first characters restates the title
# A photo caption closed by its photographer's credit (…召开新闻发布会。 杨志雄 摄): it tells
# the event the article reports, before the dateline.
_CREDITED = re.compile(r"[。)）]\s*[\u4e00-\u9fff]{2,4}\s?摄\s*$")


def _lead(doc: Doc) -> list[Span]:
    """The lead of the article: the title, the paragraph a dateline opens (本报讯, X月X日电;
    photo captions and page furniture may stand before it) and the next; the title and the
    first paragraphs when no dateline opens one."""
    lead = doc.lead()
    for index, para in enumerate(doc.paragraphs[1:_DATELINE_PARAGRAPHS], 1):
        if _DATELINE.search(doc.norm, para.start, min(para.end, para.start + 40)):
            after = doc.article_after(para.start)
            captions = [p for p in doc.paragraphs[1:index] if _CREDITED.search(doc.norm, p.start, p.end)]
            return [doc.paragraphs[0], *captions, para, *after[:1]]
    # 上海静安检方：… as the title and “…”上海静安检方：… as a teaser line of the page: a line
    # restating the title is page furniture, and the article starts after it
    # (its head, the page may add words further on).
    # A paragraph that goes on at length after the title's words is the article's own.
    title = doc.norm[lead[0].start:lead[0].end].strip()
    head, most = title[:_TITLE_HEAD], cjk_count(title) + _LEAD_MIN_CJK

    def restates(p: Span) -> bool:
        return head in doc.norm[p.start:p.end] and cjk_count(doc.norm[p.start:p.end]) < most

    if len(lead) > 1 and cjk_count(head) >= _TITLE_HEAD - 2 and any(restates(p) for p in lead[1:]):
        article = [p for p in doc.paragraphs[1:] if doc.is_article(p) and not restates(p)]
        return [lead[0], *article[:len(lead) - 1]]
    return lead


@lru_cache(maxsize=1)
def _situation_re() -> re.Pattern[str]:
    """处长王某今日(29日)交代2018年的治安情况, 最高检举行新闻发布会，通报…工作情况: an
    account of the situation, by an official or a body."""
    adverbial = rf"(?:{_when_where()}|(?:{_hold()})[^,，。;；]{{0,12}}?发布会[,，]?)*"
    return re.compile(rf"{adverbial}(?:{lexicon.alternation('situation_verbs')})了?[^。;；:：“”\"]{{0,60}}?(?:{lexicon.alternation('situation_objects')})")


def _guest_speaks(doc: Doc, host: Mention) -> bool:
    """最高人民法院举行新闻发布会…公安部刑事侦查局副局长姜国利会上介绍: at a press conference
    where an official of another body speaks in the lead, the host only gives the floor."""
    for para in _lead(doc):
        for m in doc.mentions_in(para.start, para.end, "Agency"):
            if m.name.startswith(host.name) or host.name.startswith(m.name):
                continue
            for person in doc.mentions_in(m.end, min(m.end + 12, para.end), "Person"):
                if only_titles(doc.norm[m.end:person.start]) and _verb_re().match(doc.norm, person.end):
                    return True
    return False


def _lead_source(doc: Doc, m: Mention) -> bool:
    """记者从X获悉, 记者从X召开的新闻发布会上获悉, 从13日召开的X新闻发布会上了解到: the
    reporter's source in the lead is the source of the article."""
    head = m.start
    while (outer := next((a for a in doc.mentions_in(max(0, head - 30), head, "Agency") if a.end == head), None)) is not None:
        head = outer.start
    after = _past_short_form(doc, m.end)
    if not _from_re().search(doc.norm, max(0, head - 16), head):
        # 记者从我市打击治理电信网络新型违法犯罪中心（简称“市反诈骗中心”）了解到: the body known
        # by the short form its full name is given in brackets.
        short = _short_form_opening().search(doc.norm, max(0, head - 8), head)
        if short is None or not _from_name().search(doc.norm, max(0, short.start() - 40), short.start()):
            return False
        closing = re.match(r"[”\"]?[)）]", doc.norm[m.end:m.end + 2])
        if closing is None:
            return False
        after = m.end + closing.end()
    return bool(_source_re().match(doc.norm, after) or _OWN_CONFERENCE.match(doc.norm, after))


def _sources_joined(doc: Doc, m: Mention) -> list[Mention]:
    """记者从X和Y获悉: the bodies joined after the first source (和, 以及, 、) are sources too;
    a group the text names by no body (广州多家基层法院) is none."""
    found = _source_re().match(doc.norm, _past_short_form(doc, m.end))
    joiner = lexicon.cue_re("source_joiners")
    return [a for a in doc.mentions_in(m.end, found.end(), "Agency")
            if joiner.search(doc.norm, max(m.end, a.start - 3), a.start) and a.name != m.name] if found else []


@lru_cache(maxsize=1)
def _short_form_opening() -> re.Pattern[str]:
    return re.compile(rf"[(（](?:{lexicon.alternation('short_form_markers')})[“\"]?\Z")


@lru_cache(maxsize=1)
def _from_name() -> re.Pattern[str]:
    """从 and a name (no break, no quotation) right before a bracket."""
    return re.compile(r"从[^,，。;；:：“”\"()（）\s]{2,30}\Z")


def _byline(doc: Doc) -> Mention | None:
    """来源：通州区人民检察院 above the article: the body that published it (a medium's
    name, 人民法院报, is no body: the agency must end the source line's name)."""
    lead = doc.lead()
    end = lead[1].start if len(lead) > 1 else min(len(doc.norm), 400)
    for line in _BYLINE.finditer(doc.norm, 0, end):
        for m in doc.mentions_in(line.end(), end, "Agency"):
            if m.start == line.end() and _BYLINE_END.match(doc.norm, m.end):
                return m
            break
    return _dated_account(doc, end)


# 2016-11-04 最高人民检察院 on a line of its own above a post: a public account's date and name.
_DATED_LINE = re.compile(r"^[ \u3000]*(?:19|20)\d\d-\d\d?-\d\d?[ \u3000]+(?=\S)", re.M)


def _dated_account(doc: Doc, end: int) -> Mention | None:
    """A line holding only a date and a body's name (a WeChat post's header, 2016-11-04
    最高人民检察院): the account that posted the text. A time or any word after the body
    (2023-04-11 10:20, 2021-05-06 公安部发布…) makes it no such line."""
    if "-" not in doc.norm[:end]:
        return None
    for line in _DATED_LINE.finditer(doc.norm, 0, end):
        stop = doc.norm.find("\n", line.end())
        stop = len(doc.norm) if stop < 0 else stop
        found = [m for m in doc.mentions_in(line.end(), stop, "Agency")]
        if len(found) == 1 and found[0].start == line.end() and doc.norm[found[0].end:stop].strip() == "":
            return found[0]
    return None


def only_titles(text: str) -> bool:
    """Whether the words between a body and a person are only posts (副局长、新闻发言人)."""
    return _titles_re().sub("", text).strip(" 、,，") == ""


@lru_cache(maxsize=1)
def _titles_re() -> re.Pattern[str]:
    return re.compile(lexicon.alternation("titles") + "|党委|党组")


def _heads_sentence(doc: Doc, m: Mention) -> bool:
    sentence = doc.sentence_at(m.start)
    return doc.norm[sentence.start:m.start].strip(" “\"") == ""


def _titled_person_follows(doc: Doc, m: Mention) -> bool:
    """公安部副部长杜航伟介绍: the person after the body (only his posts between) speaks, not the
    body; 检方称，被告人赵某…: a person after the verb is what is said."""
    return any(0 <= p.start - m.end <= 8 and only_titles(doc.norm[m.end:p.start])
               for p in doc.mentions_in(m.end, m.end + 8, "Person"))


# 两高报告指出，最高人民法院“…审结相关案件1726件。…”: a body (or person) opening its clause with
# a quotation right after its name, the quotation holding a sentence (a clause break inside,
# which a quoted drive's name such as 公安部“净网”行动 never has), is its statement.
_QUOTED_STATEMENT = re.compile(r"“[^“”\n]{6,}?[,，。;；][^“”\n]*”")
_CLAUSE_OPENERS = ",，:：\n。;；"


# The close of a quotation, then the day it was said and a few words naming the speaker's post
# (“…。”6月7日，派出所副所长杨凯说): nothing else between it and the speaker.
_SAID_AFTER = re.compile(r"[”\"]\s*(?:(?:\d{1,2}月\d{1,2}日|近日|日前|昨日|昨天|今天|当天)[,，]?)?\s*[^,，。;；!?！？“”\"\s]{0,8}$")


def _quote_before(doc: Doc, m: Mention) -> int | None:
    """Start of a quotation that closes right before the speaker (or its body and title, or the
    day it was said: “…。”6月7日，X副所长杨凯说)."""
    head = m.start
    for a in sorted(doc.mentions_in(max(0, m.start - 30), m.start, "Agency"), key=lambda a: -a.end):
        if 0 <= head - a.end <= 6:
            head = a.start
    said = _SAID_AFTER.search(doc.norm, max(0, head - 30), head)
    if said is None:
        return None
    close = said.start()
    para = doc.paragraphs[doc.paragraph_index(m.start)]
    opening = max(doc.norm.rfind("“", para.start, close), doc.norm.rfind('"', para.start, close))
    return opening if opening >= 0 else para.start


def _governed_end(doc: Doc, para_index: int) -> int:
    para = doc.paragraphs[para_index]
    end = para.end
    following = doc.paragraphs[para_index + 1:]
    # X表示，…。 then 一是…。二是…: a list opened right after the speaker's paragraph is his.
    if not doc.norm[para.start:para.end].rstrip().endswith((":", "：")) and not (
            following and _FIRST_ITEM.match(doc.norm, following[0].start, following[0].end)):
        return end
    for nxt in following:
        if not _ENUM.match(doc.norm, nxt.start, nxt.end):
            break
        end = nxt.end
    return end


def list_opener(doc: Doc, para_index: int) -> int | None:
    """The paragraph ending with a colon (主要做了三个方面的工作：) whose list (一是…, 二是…) the
    paragraph `para_index` is an item of, or None: the paragraphs _governed_end joins, seen from an item."""
    i = para_index
    while i > 0 and _ENUM.match(doc.norm, doc.paragraphs[i].start, doc.paragraphs[i].end):
        i -= 1
        if doc.norm[doc.paragraphs[i].start:doc.paragraphs[i].end].rstrip().endswith((":", "：")):
            return i
    return None
