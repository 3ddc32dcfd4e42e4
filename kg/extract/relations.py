"""Relations read sentence by sentence from the mentions and figures of a document.

Within a sentence the actors are tracked in order: the subject (an agency that
acts), partners (bodies after 会同/联合/与), the last campaign and case named. A
figure is yielded by the campaign of its clause chain, else the case the sentence
is about, else the subject (of the sentence, of the paragraph, of the document).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from kg import lexicon
from kg.extract.agencies import WHOLE_PLACE_LEVELS
from kg.extract.campaigns import charge_named, listed_with_others
from kg.extract.doc import Doc, Fact, FigureMention, Mention, clause_opening
from kg.extract.speakers import (
    article_end,
    article_sources,
    list_opener,
    only_titles,
    own_report,
    speaker_at,
    speaker_spans,
)
from kg.text import Span, cjk_count

_ABOUT_MAX_CHARGES = 2  # a figure counts the charges of its clause up to this many
_HEADING_MAX_CJK = 30  # a line this short with no sentence end is a heading


@lru_cache(maxsize=1)
def _object_before() -> tuple[str, ...]:
    return tuple(lexicon.cues()["object_before"])


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern[str]]:
    keys = ("lead_verbs", "join_verbs", "partner_markers", "place_subjects", "issue_verbs", "handle_verbs", "supervise_verbs", "direction_words",
            "incidence_words", "result_verbs", "target_words", "incidence_after", "police_words", "case_title_words",
            "suspect_words", "intake_verbs", "work_verbs", "trial_verbs", "spend_verbs")
    return {k: re.compile(lexicon.alternation(k)) for k in keys}


@lru_cache(maxsize=1)
def _passed_on() -> re.Pattern[str]:
    """X通报的, X推送的 right after a body: what it passed on, the head noun of the phrase
    (cues.yaml passed_on_verbs)."""
    return re.compile(rf"(?:{lexicon.alternation('passed_on_verbs')})的")


@lru_cache(maxsize=1)
def _action_verbs() -> re.Pattern[str]:
    cues = lexicon.cues()
    words = cues["lead_verbs"] + cues["issue_verbs"] + cues["handle_verbs"] + cues["speech_verbs"]
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


@dataclass
class _State:
    subject: Mention | None = None
    co_subjects: list[Mention] = field(default_factory=list)  # 中宣部、公安部、教育部组织开展…
    partners: list[Mention] = field(default_factory=list)
    campaign: Mention | None = None
    case: Mention | None = None
    supervisors: list[Mention] = field(default_factory=list)


def find_relations(doc: Doc) -> None:
    """Add Facts for every relation type the sentences state."""
    speakers = speaker_spans(doc)
    default = _document_subject(doc)
    para_subject: dict[int, Mention] = {}
    cases = {m.name: m for m in doc.mentions if m.type == "Case"}
    # A bulletin about one case: its results are the case's, wherever they stand.
    # (A title about a case with one case in the text: that case, wherever the text first names it.)
    only_case = next(iter(cases.values())) if len(cases) == 1 and _title_about_case(doc) else None
    if only_case is None and len(cases) == 1 and next(iter(cases.values())).props.get("told"):
        # 某某报案…案发后，县局成立专案组…: a text that tells one case from the fraud on is about it;
        # so is one whose lead tells a body solving one case (kg.extract.campaigns.find_bulletin_cases).
        only_case = next(iter(cases.values()))
    if only_case is None and _title_about_case(doc):
        # 凉州公安“3·18”…案专案组押解…归来: the one case a title names is the bulletin's, where the
        # text names no other case at that point.
        titled = {m.name for m in doc.mentions if m.type == "Case" and m.end <= doc.paragraphs[0].end}
        only_case = next((cases[n] for n in titled), None) if len(titled) == 1 else None
    if only_case is None and len(cases) == 1 and len(doc.lead()) > 1:
        # 浙江舟山：“5·14”特大诈骗案93人被批捕 as a subtitle between the title and the article: the
        # text is about the one case it names.
        subtitled = [m for m in doc.mentions if m.type == "Case" and doc.paragraphs[0].end < m.start < doc.lead()[1].start
                     and _in_heading(doc, m.start)]
        only_case = cases[subtitled[0].name] if subtitled else None
    para_case: dict[int, Mention] = {}
    # 案例一：X案 as a heading: the sections under it, up to the next such heading, tell that case.
    for case in sorted((m for m in doc.mentions if m.type == "Case" and m.props.get("headed")), key=lambda m: m.start):
        first = doc.paragraph_index(case.start)
        for i in range(first, len(doc.paragraphs)):
            if i > first and any(m.props.get("headed") for m in doc.mentions_in(doc.paragraphs[i].start, doc.paragraphs[i].end, "Case")):
                break
            para_case[i] = case
    # A tried case is its defendant's: what the text says of the defendant is the case's.
    tried = {d: m for m in doc.mentions if m.type == "Case" and m.props.get("defendant")
             for d in m.props.get("defendants", [m.props["defendant"]])}
    # A tried case of several defendants (周某、周某某、邝某…案), by their number.
    several = list({id(m): m for m in tried.values() if len(m.props.get("defendants", ())) > 1}.values())
    counts = Counter(len(m.props["defendants"]) for m in several)
    groups = {len(m.props["defendants"]): m for m in several if counts[len(m.props["defendants"])] == 1}
    # A paragraph that tells one case (宁津县居民高某报警称…。…该局将这件…诈骗案成功侦破): the
    # sentences before it names the case, with no body acting, are that case's story.
    story: dict[int, Mention] = {}
    for m in sorted((m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"), key=lambda m: m.start):
        story.setdefault(doc.paragraph_index(m.start), m)
    for para in list(story):
        p = doc.paragraphs[para]
        if len({m.name for m in doc.mentions_in(p.start, p.end, "Case")}) != 1:
            del story[para]
    everything = sorted([(m.start, 0, i, m) for i, m in enumerate(doc.mentions)] + [(f.start, 1, i, f) for i, f in enumerate(doc.figures)],
                        key=lambda t: (t[0], t[1], t[2]))
    starts = [t[0] for t in everything]
    # The headline restates the body: its figures take the producer the body gives them.
    for sentence in sorted(doc.sentences, key=lambda s: _in_heading(doc, s.start)):
        para = doc.paragraph_index(sentence.start)
        state = _State(subject=None, case=para_case.get(para) or only_case)
        if state.case is only_case and only_case is not None and (_whole_place_told(doc, sentence) or _tells_case_counts(doc, sentence)):
            # 据省公安厅统计，…全省公安机关共接处警情…；全省共抓获…: in a one-case bulletin, the
            # totals of the whole province or city are its bodies' work, not the case's.
            state.case = None
        items = everything[bisect.bisect_left(starts, sentence.start):bisect.bisect_left(starts, sentence.end)]
        if groups:
            # 3名被告人共计…: the defendants counted as many as a tried case has are that case's.
            state.case = next((groups[f.value] for _, _, _, f in items if isinstance(f, FigureMention) and f.value in groups
                               and f.unit in ("名", "人") and doc.norm.startswith(_DEFENDANTS, f.end)), state.case)
        pending: list[FigureMention] = []
        intake = False  # the sentence has counted reports the police took in (受理…1933起)
        for _, _, _, item in items:
            if isinstance(item, FigureMention):
                # “2016·5·3”涉案价值1000多万元的…案: a figure written inside a case's name tells of that case.
                within = next((c for c in doc.mentions_in(max(sentence.start, item.start - 40), min(sentence.end, item.end + 40), "Case")
                               if c.start <= item.start and item.end <= c.end), None)
                if within is not None:
                    _report(doc, sentence, item, speakers)
                    _yield(doc, sentence, within, item)
                    continue
                if state.case is None:
                    actor = state.subject or para_subject.get(para) or default
                    taken_in = _police_intake(doc, item, actor)
                    intake = intake or taken_in
                    taken_in = taken_in or (intake and _amount_involved(doc, item))
                    # …以提供贷款为由进行诈骗，涉案金额100余万元: the money the gang's deeds involve,
                    # no body's work in the clause before, is no body's result.
                    taken_in = taken_in or (_amount_involved(doc, item) and not _worked_before(doc, sentence, item))
                else:
                    taken_in = False
                if taken_in or _incidence(doc, item) and (state.case is None or item.of_change):
                    _report(doc, sentence, item, speakers)
                elif _produce(doc, sentence, state, item, speakers) is None:
                    pending.append(item)
                continue
            if item.type == "Person" and item.name in tried:
                state.case = tried[item.name]
            _on_mention(doc, sentence, state, item, speakers)
            if state.subject is not None and pending:
                for fig in pending:
                    # 全市已累计止付冻结711.44万元，其中邮储银行止付…: a figure whose clause has
                    # a place as its actor is no later body's.
                    if not (_place_actor(doc, sentence, fig) or _unnamed_actor(doc, sentence, fig)):
                        _yield(doc, sentence, _first_actor(doc, state, fig), fig)
                pending = []
        fallback = (_first_actor(doc, state, pending[0]) if state.subject and pending else None) or para_subject.get(para)
        if fallback is None and pending and _continues(doc, para):
            fallback = para_subject.get(para - 1)
        if fallback is None and pending:
            # 主要做了三个方面的工作：¶一是…全年共起诉…: the items of a list a paragraph opens with
            # its colon go on with that paragraph's body.
            opener = list_opener(doc, para)
            fallback = para_subject.get(opener) if opener is not None else None
        # A paragraph naming no body carries no body to its figures (tests/gold/README.md, YIELDS:
        # an elided subject is that of the last sentence of the paragraph that names one): the
        # text's body stays their source (REPORTS), not their producer.
        textwide = fallback is None
        # (不久前，一男子申请取款50万元。…贺兰县公安局反诈中心民警…: before the paragraph names its
        # body, the body it goes on to name, on the same terms.)
        # (A national body's report, 立案办理…160余件。…，江苏省南通市检察院督促…: a local body named
        # after the figures is an example of the work, not its body.)
        later = _later_subject(doc, sentence) if pending and (default is None or default.props.get("level") != "national") else None
        fallback = fallback or later or default
        if state.subject is None and para not in para_subject and _continues_place(doc, para):
            # 据悉，内蒙古积极构建…。¶同时，会同…推进“断卡”行动，…共抓获…: a paragraph going on
            # (同时, 此外) from one whose actor is a place goes on with the place: no producer.
            fallback = None
        whole = _whole_place_carried(doc, sentence, pending[0], para_subject.get(para)) if state.subject is None and pending else None
        if state.subject is None and pending and (_unnamed_actor(doc, sentence, pending[0]) or _place_actor(doc, sentence, pending[0])
                                                  or _in_heading(doc, sentence.start)):
            # 抓获嫌犯1179人 止损8000余万元: a heading restates the body; with no actor of its
            # own, its figures take no producer from the text around it.
            # (全省公安机关共接处…。全省共抓获…: the whole place that acts right after its
            # collective was the subject is that collective, its body elided.)
            fallback = whole
        for fig in pending:
            # 被骗66万余元，其中3万余元转入了陈某名下…: the case the sentence turns out to be about.
            told = story.get(para)
            # (…有41人是在校学生。例如某学生沈某…: a case given as an example tells no one's story.)
            if state.case is None and told is not None and sentence.end <= told.start and not _EXAMPLE_WORDS.search(doc.norm, fig.end, told.start):
                state.case = told
            own = fallback
            if (state.subject is None and own is not None and own is not whole and fig is not pending[0]
                    and (_place_actor(doc, sentence, fig) or _unnamed_actor(doc, sentence, fig))):
                # …收缴银行卡4755张；…，全省共打掉窝点566个: a later clause whose actor is a
                # place takes no producer, whatever the clauses before it had.
                own = None
            if state.subject is None and own is not None and _suspect_acts(doc, sentence, fig):
                own = None
            producer = state.case if state.case is not None and state.subject is None and _case_result(doc, fig) else own
            # (…；警方破获案件40起: the police written bare in a local text are its own body, named.)
            if producer is fallback and textwide and not _own_police_act(doc, sentence, fig, fallback):
                # (公安部刑侦局副局长X介绍，…全国共破获…: the nation acting, where the paragraph names a
                # national body, is that body: 全国公安机关, 公安部.)
                producer = _nation_acts(doc, sentence, fig) or _own_document(doc, fallback)
                if producer is not None and para not in para_subject:
                    para_subject[para] = producer  # (…全国共破获…。成功劝阻…: the sentences after go on with it.)
            if producer is not None:
                _yield(doc, sentence, producer, fig)
        if state.subject is not None:
            # 最高检与公安部联合督办…。批准逮捕…: joint subjects carry the first named (one producer).
            para_subject[para] = (state.co_subjects or [state.subject])[0]
        if state.case is not None and state.case is not only_case:
            para_case[para] = state.case
    _static_facts(doc)
    _locate_cases(doc)
    _acting_in(doc)
    _opening_frame(doc)
    _tier_supervised(doc)
    _supervised_within(doc)
    _deployed(doc)
    _national_lead(doc)


@lru_cache(maxsize=1)
def _whole_place_re() -> re.Pattern[str]:
    """The whole of the text's place (cues.yaml whole_places: 全省, 全市…), opening its clause."""
    return re.compile(rf"(?:^|[,，;；:：。])\s*(?:{lexicon.alternation('whole_places')})")


_CASES_COUNTED = re.compile(r"(?:共|累计|共计|总计)(?:办理|受理|起诉|审结|审理|判决|批捕)[^,，。;；]{0,20}?案件?[\d一二三四五六七八九十两百千万.]+(?:余|多)?(?:件|起|宗)")


def _tells_case_counts(doc: Doc, sentence: Span) -> bool:
    """Whether a sentence counts the cases a body handled in all (该院共办理利用网络实施诈骗案件46件249人):
    the work of a body over many cases, none of it the one case a text tells (its own linked
    cases, 串并案件30起, are the case's)."""
    return _CASES_COUNTED.search(doc.norm, sentence.start, sentence.end) is not None


def _whole_place_told(doc: Doc, sentence: Span) -> bool:
    """Whether a sentence tells the totals of the whole place (…，全省公安机关共…; 全市共破获…):
    a clause opening with the whole place, before the sentence's first figure."""
    starts = _figure_starts(doc)
    i = bisect.bisect_left(starts, sentence.start)
    if i == len(starts) or starts[i] >= sentence.end:
        return False
    end = starts[i]
    # (a literal pre-check: most sentences name no whole place)
    if not any(w in doc.norm[sentence.start:end] for w in lexicon.cues()["whole_places"]):
        return False
    return _whole_place_re().search(doc.norm[sentence.start:end]) is not None


def _whole_place_carried(doc: Doc, sentence: Span, fig: FigureMention, carried: Mention | None) -> Mention | None:
    """全省公安机关共接处警情…。全省共抓获…3454人: a whole place (全省) that opens a sentence as
    its actor, right after a sentence of the paragraph whose subject was that place's collective
    (全省公安机关, or the place named: 潍坊公安机关…。全市共接收…), is that collective with its
    body word elided: the carried body."""
    if carried is None or carried.role != "collective":
        return None
    opening = clause_opening().match(doc.norm, sentence.start)
    start = opening.end() if opening else sentence.start
    word = next((w for w in lexicon.cues()["whole_places"] if doc.norm.startswith(w, start)), None)
    if word is None or not _place_acts_re().match(doc.norm, start + len(word)):
        return None
    para = doc.paragraphs[doc.paragraph_index(sentence.start)]
    before = doc.mentions_in(para.start, sentence.start, "Agency")
    last = before[-1] if before else None
    if last is None or last.name != carried.name or last.role != "collective":
        return None
    if not doc.norm.startswith(word, last.start) and (doc.norm.startswith(tuple(lexicon.cues()["whole_places"]), last.start)
                                                      or carried.props.get("level") != WHOLE_PLACE_LEVELS.get(word[-1])):
        return None
    return carried


def _unnamed_actor(doc: Doc, sentence: Span, fig: FigureMention) -> bool:
    """The sentence's actor is the police of several places (三地公安机关一举摧毁…), or a body
    named by its function only (县财政), no one body: its figures have no producer."""
    for m in _group_actors().finditer(doc.norm, sentence.start, fig.start):
        if not doc.occupied(m.start(), m.end()):
            return True
    # 县财政将…纳入预算，…投入6000多万元: a body of the place named by its function only
    # (cues.yaml unnamed_bodies), opening the sentence, is no body of the graph.
    found = _unnamed_body_re().match(doc.norm, sentence.start)
    return found is not None and not doc.occupied(found.start(1), found.end(1))


@lru_cache(maxsize=1)
def _unnamed_body_re() -> re.Pattern[str]:
    return re.compile(rf"\s*({lexicon.alternation('unnamed_bodies')})")


@lru_cache(maxsize=1)
def _place_acts_re() -> re.Pattern[str]:
    """What follows a place that acts: a time (8月份) and an adverb of totals (共, 累计) or a
    verb of results (破获, 打掉); not a body or a thing of the place (全省反诈中心, 番禺区电诈警情)."""
    return re.compile(rf"(?:\d{{1,2}}月份?|今年|去年)?(?:共|累计|已|先后|连续|一共|总共|{lexicon.alternation('result_verbs')})")


def _place_actor(doc: Doc, sentence: Span, fig: FigureMention) -> bool:
    """The clause's actor is a place, no body (全市共破获…; 太康县8月份连续端掉…；商水县共打掉…):
    its figures have no producer. A place opens a clause of the sentence before the figure and
    no body is named between it and the figure."""
    places = [(m.start(), m.end()) for m in _words()["place_subjects"].finditer(doc.norm, sentence.start, fig.start)]
    places += [(m.start, m.end) for m in doc.mentions_in(sentence.start, fig.start, "Location")]
    for start, end in places:
        if doc.occupied(start, end) and not doc.mentions_in(start, end, "Location"):
            continue
        if doc.mentions_in(end, fig.start, "Agency") or not clause_opening().fullmatch(doc.norm, max(sentence.start, doc.clause_start(start)), start):
            continue
        if _place_acts_re().match(doc.norm, end):
            return True
        # 今年以来，我市电诈案件发案数下降3.69%，打处…436人: a place that is the topic of the
        # sentence, with no body named before the figure, is its actor all along.
        # (延吉市“金钟罩”注册用户…: a named thing of the place; 番禺区电诈警情下降，警方…破获: a
        # body of it acts later; 全市有3件案件入选…: what the place has is its body's work.)
        # (记者从儋州市政府获悉，该市…共打掉: the source before the place does not act.)
        # (屏东县警局长甘炎民表示，屏东县今年迄今…守住…: the speaker's body does not act.)
        acting = [a for a in doc.mentions_in(sentence.start, fig.start, "Agency")
                  if a.start >= start or (_role(doc, sentence, a) not in ("object", "speaker_body") and doc.norm[max(0, a.start - 1):a.start] != "从")]
        if (not acting and not _place_body_re().match(doc.norm, end)
                and doc.norm[end:end + 1] not in "“\"「『有" and not _place_body_re().search(doc.norm, end, fig.start)):
            return True
    return False


@lru_cache(maxsize=2)
def _place_body_re(near: bool = False) -> re.Pattern[str]:
    """A body or people of the place written after it (全省反诈中心, 全市各单位): not the place;
    `near`: right after it."""
    gap = "" if near else r"[^,，。;；:：]{0,6}?"
    return re.compile(rf"{gap}(?:{lexicon.alternation('place_body_words')})")


@lru_cache(maxsize=1)
def _group_actors() -> re.Pattern[str]:
    return re.compile(f"(?:{lexicon.cues()['group_prefix']})(?:{lexicon.alternation('group_bodies')})")


def _document_subject(doc: Doc) -> Mention | None:
    """The body a text is about: the first one its title names, else the most named. A
    body named only as the head of its unit's name (屏东县政府|警察局) is not: the unit is.
    (Read once a document: the mentions are complete by the relations step.)"""
    if "document_subject" not in doc.cache:
        doc.cache["document_subject"] = _find_document_subject(doc)
    return doc.cache["document_subject"]


def _find_document_subject(doc: Doc) -> Mention | None:
    agencies = [m for m in doc.mentions if m.type == "Agency" and not _has_unit(doc, m)]
    if not agencies:
        return None
    first_line = doc.paragraphs[0] if doc.paragraphs else Span(0, 0)
    in_title = [m for m in agencies if m.end <= first_line.end]
    if in_title:
        return in_title[0]
    counts = Counter(m.name for m in agencies)
    top = max(counts.items(), key=lambda kv: (kv[1], -min(m.start for m in agencies if m.name == kv[0])))[0]
    return next(m for m in agencies if m.name == top)


def _fact(doc: Doc, kind: str, source: Mention | FigureMention, target: Mention | FigureMention, sentence: Span, **props) -> None:
    doc.facts.append(Fact(kind, source.key, target.key, sentence, {k: v for k, v in props.items() if v}))


def _yield(doc: Doc, sentence: Span, producer: Mention, fig: FigureMention) -> None:
    if producer.name.endswith(tuple(lexicon.cues()["not_producers"])):
        return
    # One producer per statistic: a repeat of a figure in the same text (the lead
    # and the quotation) keeps the producer of its first mention.
    same = _same_figures(doc)[(fig.value, fig.unit)]
    first = next((f for f in same if not _in_heading(doc, f.start)), same[0])
    # 滨州市公安局：今年…破获…604起 over 全市共破获…604起: a headline restating a figure of the
    # body takes the body's producer, none where the body gives none.
    if first is not fig and _in_heading(doc, fig.start) and not _in_heading(doc, first.start):
        return
    if first is fig or first.key not in _yielded(doc):
        _fact(doc, "YIELDS", producer, fig, sentence)


def _same_figures(doc: Doc) -> dict[tuple[float | int, str], list[FigureMention]]:
    """The document's figures by (value, unit), each list in the order found."""
    count, groups = doc.cache.get("same_figures", (-1, {}))
    if count != len(doc.figures):
        groups = {}
        for f in doc.figures:
            groups.setdefault((f.value, f.unit), []).append(f)
        doc.cache["same_figures"] = (len(doc.figures), groups)
    return groups


def _yielded(doc: Doc) -> set:
    """Targets of the YIELDS facts so far (read incrementally: facts are only appended)."""
    seen, targets = doc.cache.setdefault("yielded", [0, set()])
    for fact in doc.facts[seen:]:
        if fact.type == "YIELDS":
            targets.add(fact.target)
    doc.cache["yielded"][0] = len(doc.facts)
    return targets


def _in_heading(doc: Doc, pos: int) -> bool:
    """Whether `pos` is in a heading: the title, or a short line with no sentence end
    (案例：1200元换来8个月有期徒刑), which restates what the body says."""
    if "headings" not in doc.cache:
        doc.cache["headings"] = {
            i for i, p in enumerate(doc.paragraphs)
            if len(doc.paragraphs) > 1 and (i == 0 or cjk_count(doc.norm[p.start:p.end]) < _HEADING_MAX_CJK
                                            and not doc.norm[p.start:p.end].rstrip().endswith(("。", "！", "？", "!", "?", "”")))
        }
    return doc.paragraph_index(pos) in doc.cache["headings"]


def _role(doc: Doc, sentence: Span, m: Mention) -> str:
    """'partner', 'object', 'speaker_body' or 'subject' for an agency in its sentence."""
    clause_start = max(sentence.start, doc.clause_start(m.start))
    clause = doc.norm[clause_start:m.start]
    markers = list(_words()["partner_markers"].finditer(clause))
    if markers and not _action_verbs().search(clause[markers[-1].end():]):
        return "partner"
    if clause.strip() in ("与", "同", "和") or clause.endswith(("并与", "还与")):
        return "partner"
    if clause.endswith(_object_before()) or _directs(doc, clause, m) or _passed_on().match(doc.norm, m.end):
        return "object"
    persons = _starts(doc, "Person")
    i = bisect.bisect_left(persons, m.end)
    # (屏东县警局|长甘炎民: a title that shares the body's last character, 局长, 院长.)
    if i < len(persons) and persons[i] - m.end <= 16 and (only_titles(doc.norm[m.end:persons[i]]) or only_titles(doc.norm[m.end - 1:persons[i]])):
        return "speaker_body"
    if _has_unit(doc, m):
        return "speaker_body"
    return "subject"


def _starts(doc: Doc, kind: str) -> list[int]:
    """Sorted starts of the mentions of one type (the mentions are complete by now)."""
    key = "starts:" + kind
    if key not in doc.cache:
        doc.cache[key] = sorted(m.start for m in doc.mentions if m.type == kind)
    return doc.cache[key]


def _directs(doc: Doc, clause: str, m: Mention) -> bool:
    """在公安部统一部署下, 在周口银监局、人民银行周口分行和省反诈中心的大力支持下: the body
    (alone or listed with others) directs or backs the actor of the clause, it does not act."""
    if "在" not in clause:
        return False
    return bool(_direction_after().match(doc.norm, m.end))


@lru_cache(maxsize=1)
def _direction_after() -> re.Pattern[str]:
    """What closes a 在…下 frame after a body: the bodies listed with it, then the word of
    direction or backing and 下."""
    listed = r"(?:(?:、|和|及|与|以及)[^,，。;；:：、和及与]{1,16}?)*"
    return re.compile(rf"{listed}的?(?:{lexicon.alternation('direction_words')})[^,，。;；]{{0,6}}?下")


def _incidence(doc: Doc, fig: FigureMention) -> bool:
    """Figures no body produces: counts of what happened to victims (发案下降, 接报警情…起),
    changes reported on their own (立案数同比下降12.8%), shares (占91.36%, 占比达86%) and
    targets (力争…达90%)."""
    clause = doc.norm[doc.clause_start(fig.start):fig.start]
    if fig.of_change or (fig.unit == "%" and _SHARE.search(clause) and not _sentenced_share(doc, fig, clause)):
        return True
    # 所有已结案件中24.6%的案件涉及…: a percentage of the things it goes on to name is a share.
    if fig.unit == "%" and doc.norm.startswith("的", fig.end):
        return True
    # 17.15%网络诈骗犯罪案件为群体性犯罪: a percentage heading the things it counts, which the
    # clause then says what they are, is a share of them.
    if fig.unit == "%" and _share_heads_re().match(doc.norm, fig.end):
        return True
    # 破案率上升164.7%, 立案下降30.7%: a percentage that is itself a rise or fall measures a
    # change, with or without 同比; nobody yields a change.
    if fig.unit in ("%", "个百分点") and _change_before().search(clause):
        return True
    # 力争实现劝返率达90%, 确保完成年内案件数下降90%: a target is no result yet.
    # (…，力争止损于未然，截至目前，直接避免损失资金436万元: a clause of its own telling a result
    # is no target, though one was set before it.)
    target = _words()["target_words"].search(doc.norm, doc.sentence_at(fig.start).start, fig.start)
    if target is not None and (target.start() >= doc.clause_start(fig.start) or not _words()["result_verbs"].search(clause)):
        return True
    # 环比今年2月份21起, 同比去年同期42起: the earlier value a figure is compared with; 本月发案较高地区为
    # 隽水镇，发20起: cases that occurred.
    if _compared_re().match(clause) or fig.unit in ("起", "宗", "件") and _occurred_re().fullmatch(clause):
        return True
    difference, level, exists, traits = _plain_change_re()
    # 较2017年多1281宗, 减少了1.6亿元或73%: a difference from an earlier time is a change too.
    if difference.search(clause):
        return True
    after = doc.norm[fig.end:doc.clause_end(fig.end)]
    # 其中18至25周岁71人, 有41人…时是在校学生: who the accused are, by a trait.
    if fig.unit in ("人", "名") and (traits[0].search(clause) or traits[1].match(after)):
        return True
    if _words()["result_verbs"].search(clause):
        return False
    # 下跌至15宗, 宗数增29%至894宗: the level a count rose or fell to.
    if level.search(clause):
        return True
    # 去年有212宗, 录得8372宗诈骗案, 共有299名受害人: how many there were, no body's work told.
    # (全省有2件案件入选…: what the counted cases went on to do is no mere count.)
    counted = fig.unit in ("宗", "起", "件") and re.fullmatch(r"(?:[^,，。;；]{0,12}?案件?)?\s*", after)
    if exists.search(clause) and (counted or fig.unit in ("人", "名") and _words()["incidence_words"].match(after)):
        if not _work_around(doc, fig):
            return True
    # 投入专项经费30余万元, 投入经费100多万元购买设备: what a body spends on its own work is its
    # work, not a budget it was given.
    if _words()["spend_verbs"].search(clause):
        return False
    return bool(_words()["incidence_words"].search(clause)) or bool(_words()["incidence_after"].search(after))


@lru_cache(maxsize=1)
def _compared_re() -> re.Pattern[str]:
    """A clause that opens with a marker of comparison and then names only a time (环比今年2月份,
    同比去年同期)."""
    time = r"[今去前上本]年|同期|\d{1,4}年|[\d一二三四五六七八九十]{1,2}月份?|年|月|份|的"
    return re.compile(rf"\s*(?:{lexicon.alternation('change_markers')})(?:{time})*$")


@lru_cache(maxsize=1)
def _occurred_re() -> re.Pattern[str]:
    """A clause whose verb is one of occurring (cues.yaml occurrence_verbs: 发20起, 共发生…)."""
    return re.compile(rf"\s*(?:共|累计)?(?:{lexicon.alternation('occurrence_verbs')})(?:了)?")


@lru_cache(maxsize=1)
def _share_heads_re() -> re.Pattern[str]:
    """What a percentage written before it counts (cues.yaml share_heads), then 为/是/系."""
    return re.compile(rf"[^\d,，。;；:：]{{0,16}}?(?:{lexicon.alternation('share_heads')})(?:均|都)?(?:为|是|系|属于)")


@lru_cache(maxsize=1)
def _sentenced_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """占比X% standing alone (no whole named), and a clause in which a court sentences a count
    of persons (判处10年以上有期徒刑56人; cues.yaml sentence_verbs), the count its object."""
    verbs = lexicon.alternation("sentence_verbs")
    return (re.compile(r"\s*占比(?:达到?|为)?(?:近|约|逾|超过?)?"),
            re.compile(rf"(?:{verbs})(?![^,，。;；]*?的有)[^,，。;；]{{0,30}}?[\d.]+(?:人|名)\s*[,，]\s*\Z"))


def _sentenced_share(doc: Doc, fig: FigureMention, clause: str) -> bool:
    """判处10年以上有期徒刑56人，占比10.93%: the share of the persons a court sentenced, in the
    clause after them, is part of its sentencing outcome, as the count is: no mere share. (判处
    …的有28人，占…总判决人数的54.90%: those there were, the whole named, are a share.)"""
    alone, sentenced = _sentenced_re()
    if not alone.fullmatch(clause):
        return False
    start = doc.clause_start(fig.start)
    sentence = doc.sentence_at(fig.start)
    before = max(sentence.start, doc.clause_start(start - 1))
    return sentenced.search(doc.norm, before, start) is not None


@lru_cache(maxsize=1)
def _plain_change_re() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], re.Pattern[str]]]:
    """Changes in plain numbers and counts of what there was (cues.yaml difference_verbs,
    exist_words, person_traits): the difference (较…多N, its percentage after 或), the level
    reached (…至N), a count after 有/录得, and persons counted by a trait."""
    verbs = f"(?:{lexicon.alternation('change_verbs')}|{lexicon.alternation('difference_verbs')})"
    approx = r"(?:约|近|逾|超过?|达)?"
    difference = re.compile(rf"(?:(?:较|比|与)[^,，。;；]{{1,15}}?(?:相比)?{verbs}了?{approx}|{verbs}了?[^,，。;；]{{1,12}}或{approx})$")
    level = re.compile(rf"{verbs}[^,，。;；]{{0,8}}?至{approx}$")
    exists = re.compile(rf"(?:{lexicon.alternation('exist_words')}){approx}$")
    traits = lexicon.alternation("person_traits")
    return difference, level, exists, (re.compile(rf"(?:{traits})$"), re.compile(rf"[^,，。;；]{{0,20}}?(?:是|系|为)(?:{traits})"))


def _sentence_part(doc: Doc, fig: FigureMention) -> str:
    """The figure's sentence part: from the start of its sentence or its last ； before it to
    the end of its clause."""
    sentence = doc.sentence_at(fig.start)
    start = max((m.end() for m in re.finditer(r"[;；]", doc.norm[sentence.start:fig.start])), default=0) + sentence.start
    return doc.norm[start:doc.clause_end(fig.end)]


def _tells_work(text: str) -> bool:
    """A verb of results, handling or work in `text`."""
    words = _words()
    return any(words[key].search(text) for key in ("result_verbs", "handle_verbs", "work_verbs"))


def _work_around(doc: Doc, fig: FigureMention) -> bool:
    """Whether a body's work is told in the figure's sentence part: a verb of results,
    handling or work, or a passive."""
    text = _sentence_part(doc, fig)
    return _tells_work(text) or re.search(r"被|受到", text) is not None


def _police_intake(doc: Doc, fig: FigureMention, actor: Mention | None) -> bool:
    """拉萨市公安局反诈骗中心共受理电信网络诈骗案件1933起: the reports the police take in count
    what victims suffered, as 接报 does; no body produces them. (A procuratorate's or court's
    受理审查起诉…人 counts its own work.)"""
    if actor is None or actor.props.get("kind") != "public_security" or fig.unit not in ("起", "件", "宗"):
        return False
    clause = doc.norm[doc.clause_start(fig.start):fig.start]
    return bool(_words()["intake_verbs"].search(clause)) and not _words()["result_verbs"].search(clause)


def _amount_involved(doc: Doc, fig: FigureMention) -> bool:
    """…受理…1933起，涉及资金额高达8529万元: the amount the counted cases involve, in the
    clause after them."""
    clause = doc.norm[doc.clause_start(fig.start):fig.start]
    # (所结案件中涉案金额达550万元: the amount of the cases named before it.)
    return bool(_amount_involved_re().match(clause)) and not _words()["result_verbs"].search(clause)


@lru_cache(maxsize=1)
def _amount_involved_re() -> re.Pattern[str]:
    return re.compile(rf"(?:[^,，。;；]{{0,8}}?案件?中)?(?:{lexicon.alternation('amount_involved')})")


def _worked_before(doc: Doc, sentence: Span, fig: FigureMention) -> bool:
    """Whether the clause before the figure's (in its sentence) tells a body's work: a verb
    of results or of handling (抓获…17人，涉案资金…; 侦办…案件, 涉案金额…); a court's trying of
    the cases (审结…88件，涉案金额…) only counts them."""
    start = doc.clause_start(fig.start)
    if start <= sentence.start:
        return False
    before = doc.norm[max(sentence.start, doc.clause_start(start - 1)):start]
    if _words()["result_verbs"].search(before) or _words()["work_verbs"].search(before):
        return True
    # 审结…88件，涉案金额…: the cases a court tried, which the amount describes.
    before = _words()["trial_verbs"].sub("", before)
    # (…等帮助实施电信网络诈骗犯罪，涉案金额…: what the offenders carried out is no body's work.)
    before = _OFFENCE_DONE.sub("", before)
    return bool(_words()["handle_verbs"].search(before) or _action_verbs().search(before))


_OFFENCE_DONE = re.compile(r"实施[^,，。;；]{0,12}?(?:诈骗|犯罪)")


@lru_cache(maxsize=1)
def _change_before() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('change_verbs')})(?:了)?(?:达到|达|为)?(?:近|约|超过?)?$")


# A share: 占91.36%, 占比达86%, 分别占…同期受理人数的24.79%、25.21%, 占整体43.67%.
# A rate (结案率99.07%, 上诉率为8.49%, 成功率均为100%) measures the work, it is not a result of it.
# 当中逾65%受害机构…: the share of a whole named before.
_SHARE = re.compile(r"(?:占[^,，。;；]{0,40}?|率(?:均|都|也|仍)?|^(?:其中|当中))(?:达|为)?(?:近|约|逾|超过?)?(?:[\d.]+%[、和])*$")


def _on_mention(doc: Doc, sentence: Span, state: _State, m: Mention, speakers) -> None:
    if m.type == "Agency" and _has_unit(doc, m):
        return  # 中国人民银行杭州中心支行: the unit acts, not its parent
    if m.type == "Agency" and _in_case_description(doc, m):
        return  # …，至此X警方侦办的…案全部到案: the body describes the case, it does not act
    if m.type == "Agency":
        role = _role(doc, sentence, m)
        if role == "partner":
            clause = doc.clause_start(m.start)
            if state.partners and doc.clause_start(state.partners[-1].start) != clause:
                state.partners = []
            state.partners.append(m)
            if state.subject is None:
                state.subject = _carried_subject(doc, sentence)
        elif role == "subject" and not _is_list_continuation(doc, state, m):
            if state.subject is not None and state.subject.name != m.name:
                state.partners = []
                # (最高人民检察院“与公安部…: a quotation mark opening after the first body joins nothing.)
                # (公安部工作组与柬埔寨警方联合…: the body's working group, cues.yaml body_groups, joins.)
                joined = _joined_re().fullmatch(doc.norm[state.subject.end:m.start].strip(_QUOTES)) is not None
                state.co_subjects = [*state.co_subjects, state.subject] if joined else []
            state.subject = m
        elif role == "subject" and state.partners:
            state.partners.append(m)
    elif m.type == "Campaign":
        if not _names_event(doc, m):
            state.campaign = m
        _lead(doc, sentence, state, m)
    elif m.type == "Case":
        # 相继侦破A案、B案等一批案件，打掉团伙14个: cases named as examples of the body's work
        # are not what the sentence's figures count.
        # (张某等116人、罗某等108人…案: cases sharing a description are each what their count counts.)
        # (省督“5·03”、部督“12·21”“2·03”特大…案: numbered cases listed before one description
        # are not what the sentence's figures count either.)
        if (not _LISTED_AFTER.match(doc.norm, m.end) or m.props.get("shared_tail")) and not m.props.get("in_list"):
            state.case = m if m.props.get("shared_tail") else _list_head(doc, m)
        _supervise(doc, sentence, state, m)
    elif m.type == "Law":
        _issue(doc, sentence, state, m)
    elif m.type == "Location" and state.case is not None:
        _based_at(doc, sentence, state.case, m)


@lru_cache(maxsize=1)
def _joined_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('body_groups')})?(?:、|和|及|与|以及)")


def _in_case_description(doc: Doc, m: Mention) -> bool:
    """X侦办的…案 (a described case, named from its handler): the body is written inside the
    case's description, as its handler, not as the actor of the sentence."""
    if "described_spans" not in doc.cache:
        doc.cache["described_spans"] = [(c.start, c.end) for c in doc.mentions if c.type == "Case" and c.role == "described"]
    return any(start <= m.start and m.end < end for start, end in doc.cache["described_spans"])


def _list_head(doc: Doc, case: Mention) -> Mention:
    """明家、白家两大犯罪集团案已完成审理，39人被判处…: the last of cases listed with 、 (no 等,
    no examples) closes a list whose figures count them together; one producer, the first named."""
    head = case
    while True:
        before = [c for c in doc.mentions_in(max(0, head.start - 40), head.start, "Case") if doc.norm[c.end:head.start] in ("、", "和", "及")]
        if not before:
            return head
        head = before[-1]


def _names_event(doc: Doc, campaign: Mention) -> bool:
    """“百日行动”新闻发布会上, 举行“砺剑”行动返赃仪式, 举办全民反诈专项行动涉案资金返还活动: the
    drive's name qualifies an event (a meeting, a ceremony, another activity after the drive's own
    行动); the event frames no figure of the sentence as the drive's."""
    after = doc.norm[campaign.end:campaign.end + 16]
    if _event_re().match(after):
        return True
    own = doc.norm[max(0, campaign.end - 2):campaign.end] == "行动" or re.match(r"[”\"」]?(?:专项|集中)?行动", after)
    return bool(own) and re.match(r"[”\"」]?(?:(?:专项|集中)?行动)?[^,，。;；:：“”\"、]{2,10}?活动", after) is not None


@lru_cache(maxsize=1)
def _event_re() -> re.Pattern[str]:
    return re.compile(rf"[”\"」]?(?:(?:专项|集中)?(?:行动|活动))?[^,，。;；:：“”\"、]{{0,8}}?(?:{lexicon.alternation('event_nouns')})")


@lru_cache(maxsize=1)
def _base_re() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    before = re.compile(rf"(?:{lexicon.alternation('base_before')})(?:[^,，。;；:：]{{0,8}}?(?:的|位于))?(?:[^,，。;；:：]{{0,4}}?(?:、|和))?$")
    works = re.compile(lexicon.alternation("base_work"))
    happened = re.compile(r"(?:先后)?发生(?:了)?一起")
    return before, works, happened


@lru_cache(maxsize=1)
def _spread_re() -> tuple[re.Pattern[str], ...]:
    """A place in an open list (、四川等地), one of places taken in turn (分别在A、B), an arrest,
    and a verb of going heading the place's list (前往A、B等国)."""
    open_list = re.compile(rf"(?:[、和及与][^,，。;；:：、和及与]{{1,12}})*(?:{lexicon.alternation('base_open_list')})")
    in_turn = re.compile(rf"(?:{lexicon.alternation('base_in_turn')})(?:[^,，。;；:：]{{0,20}}?[、和])?$")
    going = re.compile(rf"(?:{lexicon.alternation('base_going')})(?:[^,，。;；:：]{{0,20}}?[、和])?$")
    return open_list, in_turn, re.compile(lexicon.alternation("base_arrest")), going


@lru_cache(maxsize=1)
def _den_re() -> re.Pattern[str]:
    """A den or the acts sitting in the place right after (窝点设在, 作案地主要集中在)."""
    return re.compile(rf"(?:{lexicon.alternation('base_den_nouns')})(?:主要|均|都)?(?:{lexicon.alternation('base_den_verbs')})$")


@lru_cache(maxsize=1)
def _dwell_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('base_dwell')})$")


def _based_at(doc: Doc, sentence: Span, case: Mention, place: Mention) -> None:
    """梁定维与他人在印度尼西亚巴厘岛一别墅内，设立…犯罪组织; 前往菲律宾、缅甸等国，以实施诈骗为目的;
    武乡县发生一起网络电信诈骗案件: the place where the gang of the sentence's case set up, joined
    or worked (a verb of being or going before it, the gang's work in its clause or the next), or
    where the case happened, is where the case is. A place in the case's own name wins."""
    if "location" in case.props:
        return
    before, works, happened = _base_re()
    # 武乡县发生一起…案件: where the case happened. 该案系泸定县首例…罪案件, (宣判了)泸定县首例…罪:
    # the place of which the case is the first of its kind, the case named in the clause (the
    # bulletin's case: the verb acting on it right before the place).
    clause = doc.clause_start(place.start)
    first = lexicon.cue_re("base_first").match(doc.norm, place.end) and (
        doc.mentions_in(max(sentence.start, clause), place.start, "Case")
        or case.props.get("bulletin") and _case_verb_before().search(doc.norm, max(clause, place.start - 8), place.start))
    if happened.match(doc.norm, place.end) or first:
        doc.cache.setdefault("based_at", []).append((case, place, sentence))
        return
    if not before.search(doc.norm, max(sentence.start, place.start - 12), place.start):
        return
    end = doc.clause_end(place.end)
    open_list, in_turn, arrest, going = _spread_re()
    window = max(sentence.start, place.start - 24)
    # 民警远赴广东落地侦查, 专案组奔赴江苏开展抓捕: where the police went is no place of the gang's.
    clause = max(sentence.start, doc.clause_start(place.start))
    if going.search(doc.norm, clause, place.start) and (_words()["police_words"].search(doc.norm, clause, place.start)
                                                       or lexicon.cue_re("police_teams").search(doc.norm, clause, place.start)):
        return
    if open_list.match(doc.norm, place.end) and not going.search(doc.norm, window, place.start) \
            or in_turn.search(doc.norm, window, place.start):
        # 在福建、四川等地; 分别在广东惠州、福建福州. Where the gang committed its crimes over several
        # places (在贵州、湖南、云南等地作案42起), no place it was formed in elsewhere is where the case is.
        if lexicon.cue_re("base_spread_work").search(doc.norm, place.end, min(end, sentence.end)):
            doc.cache.setdefault("spread", set()).add(case.key)
        return
    if arrest.search(doc.norm, place.end, end):
        return  # 在湖北恩施市将嫌疑人抓获
    end = doc.clause_end(end + 1) if end < sentence.end else end
    # 从安顺市窜至贵阳市辖区内，其利用…设备，…沿途发送诈骗短信: after a verb of roving there (窜, said
    # of criminals only, not 赴 of the police too), the gang's work anywhere in the sentence was done there.
    if lexicon.cue_re("base_roving").search(doc.norm, max(sentence.start, place.start - 4), place.start):
        end = sentence.end
    # 加入电信网络诈骗组织，按安排居住于菲律宾X市: where the gang's members lived, its work told in
    # the clause before.
    start = doc.clause_start(place.start)
    start = max(sentence.start, doc.clause_start(start - 1) if start > sentence.start else start)
    dwelt = _dwell_re().search(doc.norm, max(sentence.start, place.start - 4), place.start)
    if works.search(doc.norm, place.end, min(end, sentence.end)) or dwelt and works.search(doc.norm, start, place.start):
        doc.cache.setdefault("based_at", []).append((case, place, sentence))


def _den_places(doc: Doc) -> list[tuple[Mention, Mention, Span]]:
    """经查，犯罪窝点位于柬埔寨境内; 确定作案地点在云南省普洱市: where the den or the acts were found
    to be is where the case is: the last case named before it in its paragraph, or the text's one
    case. A place in an open list (作案地在A、B等地) is none."""
    cases = [m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"]
    open_list, *_ = _spread_re()
    places = []
    for place in doc.mentions:
        if place.type != "Location" or not _den_re().search(doc.norm, max(0, place.start - 10), place.start) \
                or open_list.match(doc.norm, place.end):
            continue
        para = doc.paragraphs[doc.paragraph_index(place.start)]
        before = [c for c in cases if para.start <= c.start < place.start]
        case = before[-1] if before else cases[0] if len({c.name for c in cases}) == 1 else None
        if case is not None:
            places.append((case, place, doc.sentence_at(place.start)))
    return places


def _locate_cases(doc: Doc) -> None:
    """LOCATED_IN for the places where a case's gang was based: the most precise of them
    (菲律宾巴拉望省公主港市, not also 菲律宾)."""
    found = doc.cache.get("based_at", []) + _den_places(doc)
    spread = doc.cache.get("spread", set())
    for case, place, sentence in found:
        if case.key in spread:
            continue
        if any(o is case and o_place.name != place.name and o_place.name.startswith(place.name) for o, o_place, _ in found):
            continue
        _fact(doc, "LOCATED_IN", case, place, sentence)


_QUOTES = " “”\"「」‘’'"  # quotation marks a scraped text may leave between two bodies
# (…打掉窝点566个。其中，X侦办的…案，…: a sentence opening with 其中 names one of the things
# counted before it, a part, not the story of the sentences before.)
_EXAMPLE_WORDS = re.compile(r"例如|比如|譬如|以.{0,20}?为例|[。！？!?]\s*其中[,，]")
_LISTED_AFTER = re.compile(r"\s*(?:、|等)")
_DEFENDANTS = ("被告人", "名被告人")  # after a count of persons


def _has_unit(doc: Doc, m: Mention) -> bool:
    """Whether the body is written only as the head of its unit's or branch's name
    (株洲市公安局|荷塘分局, 中国人民银行|杭州中心支行): the unit acts, not its parent."""
    if "unit_starts" not in doc.cache:
        doc.cache["unit_starts"] = {u.start: u for u in doc.mentions if u.type == "Agency" and u.role == "unit"}
        doc.cache["branch_starts"] = {u.start: u for u in doc.mentions if u.type == "Agency" and u.props.get("parent")}
    if m.end in doc.cache["unit_starts"]:
        return True
    branch = doc.cache["branch_starts"].get(m.end)
    return branch is not None and branch.props["parent"] == m.name


def _is_list_continuation(doc: Doc, state: _State, m: Mention) -> bool:
    if not state.partners:
        return False
    last = state.partners[-1]
    return doc.norm[last.end:m.start].strip() in ("、", "和", "及", ",", "，", "与", "以及")


def _suspect_acts(doc: Doc, sentence: Span, fig: FigureMention) -> bool:
    """到案后，胡某某对其犯罪行为供认不讳，并主动退赔5万元: a suspect or defendant opening a clause
    before the figure, no body named after it, is the figure's actor: no body's result (a case's,
    where the text names one)."""
    persons = [p for p in doc.mentions_in(sentence.start, fig.start, "Person") if p.role == "defendant"]
    if not persons or doc.mentions_in(persons[-1].end, fig.start, "Agency"):
        return False
    head = persons[-1]
    return clause_opening().fullmatch(doc.norm, max(sentence.start, doc.clause_start(head.start)), head.start) is not None


def _nation_acts(doc: Doc, sentence: Span, fig: FigureMention) -> Mention | None:
    """The national body a clause opened by 全国 (全国共破获…) stands for: the one its paragraph
    names (a unit of it, as a speaker's: 公安部刑事侦查局), where it names one."""
    # The clause of the figure, or one before it in the sentence with no body named since
    # (全国共破获…，打掉…，抓获…: one actor for the clauses that go on).
    clause = max(sentence.start, doc.clause_start(fig.start))
    while not doc.norm.startswith("全国", clause):
        if clause <= sentence.start or doc.mentions_in(clause, fig.start, "Agency"):
            return None
        clause = max(sentence.start, doc.clause_start(clause - 1))
    if doc.mentions_in(clause, fig.start, "Agency"):
        return None
    para = doc.paragraphs[doc.paragraph_index(fig.start)]
    for m in doc.mentions_in(para.start, para.end, "Agency"):
        if m.props.get("level") == "national":
            parent = m.props.get("parent")
            return _parent_mention(doc, m, parent) if parent else m
    return None


def _parent_mention(doc: Doc, m: Mention, parent: str, by_name: dict[str, Mention] | None = None) -> Mention:
    """The body a unit's name is headed by: its mention where the text names it, else one derived
    at the unit's span (公安部 of 公安部刑事侦查局)."""
    named = by_name.get(parent) if by_name is not None else next((a for a in doc.mentions if a.type == m.type and a.name == parent), None)
    return named or Mention(m.type, parent, m.start, m.end, {}, "derived")


def _own_document(doc: Doc, body: Mention | None) -> Mention | None:
    """The text is the body's own statement (X发布《…工作情况》, its work report given on its
    behalf): the writer of each paragraph is the body, named by the text itself."""
    own = own_report(doc)
    return body if body is not None and own is not None and own.name == body.name else None


def _own_police_act(doc: Doc, sentence: Span, fig: FigureMention, body: Mention | None) -> bool:
    """An unnamed actor of the body's own kind (cues.yaml part_actors: 警方, 民警, 检察机关) opens a
    clause of the figure's sentence before it, in a local text: the text's body acting, named so."""
    if body is None or body.props.get("level") == "national":
        return False
    kinds = lexicon.cues()["part_actors"]
    for m in lexicon.cue_re("part_actors").finditer(doc.norm, sentence.start, fig.start):
        if kinds[m.group()] == body.props.get("kind") and not doc.occupied(m.start(), m.end()) and \
                clause_opening().fullmatch(doc.norm, max(sentence.start, doc.clause_start(m.start())), m.start()):
            return True
    return False


def _continues(doc: Doc, para: int) -> bool:
    """…受理审查起诉案件502件839人。¶其中，帮助信息网络犯罪活动罪405件539人…: a paragraph opening
    with 其中 breaks down the count of the paragraph before; it goes on with that paragraph's body."""
    p = doc.paragraphs[para]
    return para > 0 and _breakdown_re()[1].match(doc.norm, p.start, p.start + 8) is not None


def _continues_place(doc: Doc, para: int) -> bool:
    """同时，会同…推进…: a paragraph opening with a connective (cues.yaml clause_connectives), with
    no body of its own before the connective's clause, goes on from the paragraph before; where
    that one names no body and a place opens one of its clauses as the actor (据悉，内蒙古积极构建…),
    the place acts here too."""
    key = "continues_place"
    if key not in doc.cache:
        doc.cache[key] = {}
    if para not in doc.cache[key]:
        doc.cache[key][para] = para > 0 and _opens_going_on(doc, para) and _place_led(doc, para - 1)
    return doc.cache[key][para]


@lru_cache(maxsize=1)
def _going_on_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{lexicon.alternation('clause_connectives')})[,，]")


def _opens_going_on(doc: Doc, para: int) -> bool:
    p = doc.paragraphs[para]
    return _going_on_re().match(doc.norm, p.start, p.end) is not None


def _place_led(doc: Doc, para: int) -> bool:
    """The paragraph names no body, and a place opens one of its clauses before what it does
    (not before a body or people of it: 全区民警)."""
    p = doc.paragraphs[para]
    if doc.mentions_in(p.start, p.end, "Agency"):
        return False
    places = [(m.start(), m.end()) for m in _words()["place_subjects"].finditer(doc.norm, p.start, p.end)]
    places += [(m.start, m.end) for m in doc.mentions_in(p.start, p.end, "Location")]
    return any(clause_opening().fullmatch(doc.norm, max(p.start, doc.clause_start(start)), start)
               and not _place_body_re(near=True).match(doc.norm, end) and doc.norm[end:end + 1] not in "的、和与及"
               for start, end in places)


def _later_subject(doc: Doc, sentence: Span) -> Mention | None:
    """The first body a later sentence of the paragraph names as its subject, where no earlier
    one did: 不久前，在贺兰县，一男子申请取款50万元。…贺兰县公安局反诈中心民警…: the paragraph's body."""
    para = doc.paragraphs[doc.paragraph_index(sentence.start)]
    for m in doc.mentions_in(sentence.end, para.end, "Agency"):
        later = doc.sentence_at(m.start)
        # (贺兰县公安局|反诈中心: a unit opens its clause where the body heading its name does.)
        start = next((h.start for h in doc.mentions_in(max(later.start, m.start - 30), m.start, "Agency") if h.end == m.start), m.start)
        if (not _has_unit(doc, m) and _role(doc, later, m) == "subject"
                and clause_opening().fullmatch(doc.norm, max(later.start, doc.clause_start(start)), start)):
            return m
    return None


def _carried_subject(doc: Doc, sentence: Span, in_paragraph: bool = False) -> Mention | None:
    """The subject of the nearest earlier sentence of the paragraph, else (unless `in_paragraph`)
    of the document."""
    para = doc.paragraphs[doc.paragraph_index(sentence.start)]
    index = doc.sentences.index(sentence)
    for prev in reversed(doc.sentences[:index]):
        if prev.start < para.start:
            break
        subjects = [m for m in doc.mentions_in(prev.start, prev.end, "Agency") if _role(doc, prev, m) == "subject"]
        if subjects:
            return subjects[-1]
    return None if in_paragraph else _document_subject(doc)


def _lead(doc: Doc, sentence: Span, state: _State, campaign: Mention) -> None:
    anchor = max([a.end for a in state.partners] + ([state.subject.end] if state.subject else []), default=sentence.start)
    between = doc.norm[anchor:campaign.start]
    if re.search(r"[;；。]", between):
        # …刑拘…5514人；警方先后开展了…行动: a part after ； opened by an unnamed actor of the
        # subject's own kind (cues.yaml part_actors) is the subject acting again.
        part = max(between.rfind(";"), between.rfind("；"))
        actor = _part_actor_re().match(doc.norm, anchor + part) if part >= 0 and "。" not in between else None
        if actor is None or state.subject is None or lexicon.cues()["part_actors"][actor.group(1)] != state.subject.props.get("kind"):
            return
        anchor, between = actor.end(), doc.norm[actor.end():campaign.start]
    # 积极参与“断卡”行动: the body takes part in a drive that others lead.
    joins = _words()["join_verbs"].search(between[-8:]) or _within(doc, between, campaign)
    # 昆明市公安局“长风2024”行动: a body's own drive, named right after it.
    owned = state.subject is not None and between.strip() in ("", "的") and anchor == state.subject.end
    # “打、防、管、控”一体推进，“扫楼”“断卡”等专项行动同步发力: a lead verb whose clause ended
    # before the drive had another object.
    clause = re.split(r"[,，:：]", between)[-1]
    leads = _words()["lead_verbs"].search(clause)
    # 举办全民反诈专项行动涉案资金返还活动, 举行“砺剑-2023”行动返赃仪式, 召开的“净网2021”新闻发布会:
    # a body holding an event of a drive acts in it; an event that launches it (启动仪式) is
    # the body's lead.
    hosts = not leads and _hosts_re().search(clause.rstrip(_QUOTES)) is not None and _names_event(doc, campaign)
    if not joins and not owned and not leads and not hosts:
        return
    # 指导推动各主管部门深入开展“断卡”行动: the body has others carry out the drive; it takes part.
    joins = joins or _guides_others(clause) or (hosts and not _launches(doc, campaign))
    if state.subject is None and _place_acts(doc, sentence.start, campaign.start):
        return
    if state.subject is None and _continues_place(doc, doc.paragraph_index(sentence.start)):
        return
    subject = state.subject or _carried_subject(doc, sentence)
    if subject is None:
        return
    _fact(doc, "PARTICIPATES_IN" if joins else "LEADS", subject, campaign, sentence)
    for co in state.co_subjects if subject is state.subject else []:
        if co.name != subject.name:
            _fact(doc, "PARTICIPATES_IN" if joins else "LEADS", co, campaign, sentence)
    for partner in state.partners:
        if partner.name != subject.name and not re.search(r"[,，;；]", doc.norm[partner.end:campaign.start]):
            _fact(doc, "PARTICIPATES_IN", partner, campaign, sentence)


@lru_cache(maxsize=1)
def _hosts_re() -> re.Pattern[str]:
    """A verb of holding or attending an event (cues.yaml meeting_verbs) closing the clause
    before a drive, a place (西昌市) or 的 between them."""
    return re.compile(rf"(?:{lexicon.alternation('meeting_verbs')})的?[^,，。;；:：“”\"]{{0,6}}$")


_LEADING_EVENTS = ("启动", "部署", "推进", "动员")


def _launches(doc: Doc, campaign: Mention) -> bool:
    """“共建杯”征文比赛活动启动仪式, “断卡”行动推进会: the event after the drive launches or
    drives it (its holder leads it)."""
    event = _event_re().match(doc.norm, campaign.end)
    return event is not None and any(w in event.group() for w in _LEADING_EVENTS)


@lru_cache(maxsize=1)
def _guide_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('guide_verbs')})[^,，。;；:：]+?(?:{lexicon.alternation('lead_verbs')})")


def _guides_others(clause: str) -> bool:
    return bool(_guide_re().search(clause))


def _national_lead(doc: Doc) -> None:
    """A drive a national body leads (公安部部署的“云剑”行动; “云剑”行动是公安部作出的重要工作部署)
    is that body's: the local bodies that carry it out take part in it (PARTICIPATES_IN)."""
    bodies = {m.key: m for m in doc.mentions if m.type == "Agency"}
    for campaign in [m for m in doc.mentions if m.type == "Campaign"]:
        deployed = _DEPLOYED_BY.match(doc.norm, campaign.end)
        if deployed is None:
            continue
        body = next((a for a in doc.mentions_in(deployed.end(), deployed.end() + 30, "Agency") if a.start == deployed.end()), None)
        if body is not None and _DEPLOYS.match(doc.norm, body.end):
            _fact(doc, "LEADS", body, campaign, doc.sentence_at(campaign.start))
    national = {f.target for f in doc.facts if f.type == "LEADS" and bodies.get(f.source) is not None
                and bodies[f.source].props.get("level") == "national"}
    # 深入推进“断卡”行动 by a district court: a nation-wide drive (cues.yaml national_campaigns)
    # is the nation's even where the text never names its leader.
    # A version (净网2023, its parent), the national name with a duration (夏季治安打击整治百日行动)
    # and a drive quoted right after the national name (夏季治安打击整治“百日行动”) are the
    # nation's too; a series of its own (清源一号) is not.
    known = tuple(lexicon.cues()["national_campaigns"])
    durations = tuple(lexicon.cues()["campaign_duration_words"])
    national |= {m.key for m in doc.mentions if m.type == "Campaign"
                 and (m.name in known or m.props.get("parent") in known or doc.norm[max(0, m.start - 12):m.start].endswith(known)
                      or any(m.name.startswith(k) and m.name[len(k):].startswith(durations + _PART_MARKS) for k in known))}
    for i, fact in enumerate(doc.facts):
        body = bodies.get(fact.source)
        if fact.type == "LEADS" and fact.target in national and body is not None and body.props.get("level") not in (None, "national"):
            doc.facts[i] = Fact("PARTICIPATES_IN", fact.source, fact.target, fact.sentence, fact.props)


# 断卡·猎鼠, 云剑-2022: a national drive's name, a mark, the name of its part or round.
_PART_MARKS = ("·", "•", "-", "—")


@lru_cache(maxsize=1)
def _frame_in() -> tuple[re.Pattern[str], re.Pattern[str]]:
    after = re.compile(rf"[”\"」]?(?:{lexicon.alternation('campaign_cues')})?(?:{lexicon.alternation('campaign_frame_after')})[,，]?")
    return after, re.compile(r"在[^,，。;；:：!?！？]{0,40}$")


def _acting_in(doc: Doc) -> None:
    """在…“云剑-2021”行动中，青海警方共破获…: the body that acts within a drive, named right
    after the frame, takes part in it (PARTICIPATES_IN), unless the text says it leads it."""
    after, before = _frame_in()
    led = {(f.source, f.target) for f in doc.facts if f.type in ("LEADS", "PARTICIPATES_IN")}
    for campaign in [m for m in doc.mentions if m.type == "Campaign"]:
        frame = after.match(doc.norm, campaign.end)
        if frame is None or not before.search(doc.norm, max(0, campaign.start - 40), campaign.start):
            continue
        body = next((a for a in doc.mentions_in(frame.end(), frame.end() + 30, "Agency") if a.start == frame.end()), None)
        if body is None:
            # 滁州市公安局在“云剑”行动中共抓获…: the body opening the clause before 在.
            at = doc.norm.rfind("在", max(0, campaign.start - 40), campaign.start)
            clause = doc.clause_start(at)
            body = next((a for a in doc.mentions_in(clause, at, "Agency") if a.end == at and a.start == clause), None)
        # 兰州市公安局七里河分局: the unit written right after the bureau is the body that acts.
        while body is not None:
            unit = next((a for a in doc.mentions_in(body.end, body.end + 12, "Agency")
                         if a.start == body.end and a.name.startswith(body.name) and a.name != body.name), None)
            if unit is None:
                break
            body = unit
        if body is not None and (body.key, campaign.key) not in led:
            _fact(doc, "PARTICIPATES_IN", body, campaign, doc.sentence_at(campaign.start))


# 自“断卡”行动开展以来，X…; 随着“断卡”行动的深入推进，X…; 为推动“云剑”行动深入开展，X…: a
# drive framing the sentence's opening clause, the body that acts opening the next.
_OPENING_BEFORE = re.compile(r"(?:自|从|随着|伴随着?|为(?:全力|进一步|持续)?(?:推动|推进|确保|保障|深化))[“\"「]?$")
_OPENING_AFTER = re.compile(r"[”\"」]?(?:专项行动|集中行动|行动|活动)?(?:的)?(?:深入|全面|持续|顺利|扎实)?(?:开展|启动|实施|推进|部署)(?:以来|深入开展|顺利开展|取得实效|落地见效)?[,，]")


def _opening_frame(doc: Doc) -> None:
    led = {(f.source, f.target) for f in doc.facts if f.type in ("LEADS", "PARTICIPATES_IN")}
    for campaign in [m for m in doc.mentions if m.type == "Campaign"]:
        sentence = doc.sentence_at(campaign.start)
        before = _OPENING_BEFORE.search(doc.norm, max(sentence.start, campaign.start - 12), campaign.start)
        opens = doc.norm[sentence.start:campaign.start].strip("“\"「 \n") == ""  # “断卡”行动开展以来，…
        if not opens and (before is None or not re.fullmatch(r"[^,，。;；:：]{0,20}", doc.norm[sentence.start:before.start()])):
            continue
        after = _OPENING_AFTER.match(doc.norm, campaign.end)
        if after is None:
            continue
        body = next((a for a in doc.mentions_in(after.end(), after.end() + 30, "Agency") if a.start == after.end()), None)
        if body is not None and (body.key, campaign.key) not in led:
            _fact(doc, "PARTICIPATES_IN", body, campaign, sentence)


def _deployed(doc: Doc) -> None:
    """在公安部、云南省公安厅的统一部署下，昆明市公安局成立“清源”行动专案组; 根据全国公安机关
    夏季治安打击整治行动部署，番禺警方…: the bodies that deploy or command a drive lead it
    (a local body in a national drive takes part, _national_lead); the body that acts under
    a deployment naming the drive takes part in it."""
    had = {(f.source, f.target) for f in doc.facts if f.type in ("LEADS", "PARTICIPATES_IN")}
    # (在公安部统一部署下，岳池县公安局开展“雷霆”专项行动: a body whose own verb leads the drive
    # in the sentence is its leader; the frame only backs it.)
    led = {(f.target, f.sentence.start) for f in doc.facts if f.type == "LEADS"}
    frame, followed, named = _deploy_re()
    follow = _frames()["follow"]

    def add(kind: str, body: Mention, campaign: Mention) -> None:
        if (body.key, campaign.key) not in had:
            had.add((body.key, campaign.key))
            _fact(doc, kind, body, campaign, doc.sentence_at(campaign.start))

    for sentence in doc.sentences:
        campaigns = doc.mentions_in(sentence.start, sentence.end, "Campaign")
        if not campaigns:
            continue
        agencies = [a for a in doc.mentions_in(sentence.start, sentence.end, "Agency") if not _has_unit(doc, a)]
        for a in agencies:
            # 在X(、Y)的统一部署下: the drive is the first one the sentence names after the frame.
            found = frame.match(doc.norm, a.end)
            if found is not None and "在" in doc.norm[doc.clause_start(a.start):a.start]:
                campaign = next((c for c in campaigns if c.start >= found.end()), None)
                if campaign is not None and (campaign.key, sentence.start) not in led:
                    add("LEADS", a, campaign)
                continue
            # 按照X(、Y)统一部署，Z开展“W”行动: the first drive named after the deployment (a
            # national body's deployment is of its drive, whoever carries it out; another's only
            # where the body carrying it out does not lead it).
            found = followed.match(doc.norm, a.end)
            if found is not None and follow.search(doc.norm, max(sentence.start, a.start - 4), a.start):
                campaign = next((c for c in campaigns if c.start >= found.end()), None)
                if campaign is not None and (a.props.get("level") == "national" or (campaign.key, sentence.start) not in led):
                    add("LEADS", a, campaign)
                continue
            # 根据X“Y”行动部署: the drive is named right after the body, the deployment after it.
            campaign = next((c for c in campaigns if c.start - a.end in (0, 1) and doc.norm[a.end:c.start] in ("", "的", "“", "\"", "「")), None)
            if campaign is None or not named.match(doc.norm, campaign.end):
                continue
            if not follow.search(doc.norm, max(sentence.start, a.start - 4), a.start):
                continue
            add("LEADS", a, campaign)
            after = named.match(doc.norm, campaign.end).end()
            actor = next((b for b in agencies if b.start > after and _role(doc, sentence, b) == "subject"), None)
            if actor is not None and actor.name != a.name:
                add("PARTICIPATES_IN", actor, campaign)


@lru_cache(maxsize=1)
def _deploy_re() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The close of a 在…下 frame of command after a body (its listed peers, the word of command
    or deployment, 下; cues.yaml deploy_words), the close of a deployment followed (按照X统一部署),
    and a deployment written after a drive's name."""
    listed = r"(?:(?:、|和|及|与|以及)[^,，。;；:：、和及与]{1,16}?)*"
    words = lexicon.alternation("deploy_words")
    return (re.compile(rf"{listed}的?(?:{words})[^,，。;；]{{0,6}}?下[,，]?"),
            # 按照公安部(、省公安厅)(的)统一部署，…开展“云剑”行动: a deployment followed, no 下.
            re.compile(rf"{listed}的?(?:{words})(?![^,，。;；]{{0,6}}?下)(?=[,，和及与])"),
            # 公安部“云剑”行动的具体部署: a word of the deployment's kind between 的 and it.
            re.compile(rf"[”\"」]?(?:{lexicon.alternation('campaign_cues')})?的?(?:统一|具体|总体|工作|重要)?(?:{words})"))


# “云剑”行动是公安部作出的重要工作部署 / 是公安部统一部署的: the drive's leader named after it.
_DEPLOYED_BY = re.compile(r"[”\"」]?(?:专项行动|行动|活动)?(?:是|系|为|由)")
_DEPLOYS = re.compile(r"(?:统一)?(?:作出|部署|组织|发起|牵头)")


def _within(doc: Doc, between: str, campaign: Mention) -> bool:
    """以“云剑”“长城2号”等专项行动为载体, 按照“X”工作部署: the body works within the drive."""
    frames = _frames()
    if frames["frame"].search(between.rstrip("“\"「 ")):
        return True
    drive = frames["drive_after"]
    if frames["frame_drive"].search(between.rstrip("“\"「 ")) and (drive.match(doc.norm, campaign.end) or drive.search(doc.norm[campaign.start:campaign.end])):
        return True
    if re.match(r"\s*以", between) and not re.search(r"[,，:：]", between):
        return bool(frames["carrier"].match(doc.norm, campaign.end))
    return bool(frames["follow"].search(between.rstrip("“\"「 "))) and bool(frames["follow_after"].match(doc.norm, campaign.end))


@lru_cache(maxsize=1)
def _frames() -> dict[str, re.Pattern[str]]:
    tail = r"[”\"」]?(?:等|等系列)?(?:专项)?(?:行动|工作|活动)?(?:的)?(?:工作)?"
    return {"carrier": re.compile(rf"[^,，。;；:：]{{0,30}}?为(?:{lexicon.alternation('carrier_words')})"),
            "follow": re.compile(rf"(?:{lexicon.alternation('follow_verbs')})$"),
            "frame": re.compile(rf"(?<!相)(?:{lexicon.alternation('frame_verbs')})$"),
            "frame_drive": re.compile(rf"(?:{lexicon.alternation('frame_verbs_drive')})$"),
            "drive_after": re.compile(rf"[”\"」]?(?:{lexicon.alternation('campaign_cues')})"),  # after the name or in it
            "follow_after": re.compile(rf"{tail}(?:{lexicon.alternation('follow_words')})")}


def _place_acts(doc: Doc, start: int, end: int) -> bool:
    """该市将持续开展…: a place (not inside a body's name) is the actor of the clause chain;
    so is a named place opening the sentence (湘乡将…作为“一把手”工程，…开展“敲门”行动)."""
    for m in _words()["place_subjects"].finditer(doc.norm, start, end):
        if not doc.occupied(m.start(), m.end()):
            return True
    return any(p.start < end and not doc.mentions_in(p.end, end, "Agency") and not _place_body_re(near=True).match(doc.norm, p.end)
               and clause_opening().fullmatch(doc.norm, _after_speech(doc, start, p.start), p.start) for p in doc.mentions_in(start, end, "Location"))


@lru_cache(maxsize=1)
def _speech_break() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('speech_verbs')})[,，:：]")


def _after_speech(doc: Doc, start: int, pos: int) -> int:
    """Where the words a speaker says open, if a verb of speech (cues.yaml speech_verbs) and its
    break stand between `start` and `pos` (戚思宇表示，今年以来，山东深入开展…: the place opens
    what he says); else `start`."""
    ends = [m.end() for m in _speech_break().finditer(doc.norm, start, pos)]
    return ends[-1] if ends else start


def _report(doc: Doc, sentence: Span, fig: FigureMention, speakers) -> None:
    """REPORTS from the speaker of the figure's place, and ABOUT to the charges its clause counts."""
    speaker = speaker_at(speakers, fig.start)
    if speaker is not None:
        _fact(doc, "REPORTS", speaker, fig, sentence)
    # The article's source reports it too, unless the speaker is of the same body
    # (最高检第四检察厅's statement, in which 最高检发布10件典型案例).
    # (Not after the article's end: 相关链接 and the other articles a page lists are no one's.)
    for source in article_sources(doc) if fig.start < article_end(doc) else ():
        if speaker is None or not (source.name.startswith(speaker.name) or speaker.name.startswith(source.name)):
            _fact(doc, "REPORTS", source, fig, sentence)
    clause = doc.clause_start(fig.start)
    crimes = _own_charges(doc, clause, fig, doc.mentions_in(clause, fig.start, "Crime"))
    crimes = (_listed_before(doc, clause, crimes) or _respectively(doc, clause, fig) or _counted_after(doc, fig) or _framed(doc, sentence, fig)
              or _cases_named_before(doc, clause, fig) or _share_of(doc, sentence, clause, fig) or _found_guilty(doc, sentence, fig)
              or _same_count_on(doc, sentence, clause, fig) or _series_on(doc, clause, fig) or _paired_count(doc, fig))
    # 以诈骗罪、帮信罪、…及掩饰、隐瞒犯罪所得罪对79名被告人定罪处罚: a count over a long list of
    # charges counts no one of them.
    # 审结A罪、B罪、C罪、D罪等关联犯罪案3551件: a list closed by 等 and the cases it heads,
    # right before the count, is what the count counts, however long.
    if len(crimes) > _ABOUT_MAX_CHARGES and not _LISTED_CASES.fullmatch(doc.norm, crimes[-1].end, _counts_start(doc, crimes[-1], fig)):
        crimes = []
    # 电信网络诈骗罪被告人: a phenomenon written with 罪 is no statutory charge to count.
    crimes = [c for c in crimes if not _phenomenon(doc, c)]
    for crime in crimes:
        _fact(doc, "ABOUT", fig, crime, sentence)


# 等关联犯罪案, 等犯罪案件, 等案件: what closes a list of charges to head the count after it.
_LISTED_CASES = re.compile(r"等[^,，。;；:：、“”\"\d]{0,6}?(?:案件|案)")


def _counts_start(doc: Doc, last: Mention, fig: FigureMention) -> int:
    """Where the count after a list of charges starts: the figure itself, or the first of the
    counts run together before it (3551件7272人)."""
    counts = [f for f in doc.figures if last.end <= f.start <= fig.start]
    start = fig.start
    for f in reversed(counts):
        if f.end == start or f is fig:
            start = f.start
    return start


_OTHER_KIND = re.compile(r"(?:犯罪|案件)$")


def _own_charges(doc: Doc, clause: int, fig: FigureMention, crimes: list[Mention]) -> list[Mention]:
    """The charges of the clause that count `fig`, in a list of counts:
    - 起诉帮信罪1.2万人、掩隐罪3000余人: each count takes the charges after the count before
      it (a count with none of its own shares them: 审结帮信罪案件1.1万件、1.5万人);
    - 诈骗罪、帮信罪案件分别为210件、356件: after 分别, as many counts as charges pair in order."""
    if not crimes:
        return crimes
    before = [f for f in doc.figures if clause <= f.start and f.end <= fig.start and f.start > crimes[0].start]
    if before:
        own = [c for c in crimes if c.start >= before[-1].end]
        if own:
            return own
        # 起诉帮信犯罪14.7万人、网络赌博犯罪1.9万人: words of its own between the counts name
        # another kind (no charge), not the charges before.
        if _OTHER_KIND.search(doc.norm, before[-1].end, fig.start):
            return []
    between = doc.norm[crimes[-1].end:fig.start]
    if "分别" in between and len(crimes) > 1:
        listed = [f for f in doc.figures if f.start > crimes[-1].end and f.start >= between.index("分别") + crimes[-1].end
                  and doc.clause_start(f.start) == clause]
        return _in_order(crimes, listed, fig) or crimes
    return crimes


def _in_order(crimes: list[Mention], listed: list[FigureMention], fig: FigureMention) -> list[Mention]:
    """After 分别, as many counts as charges: the charge of `fig`'s place among the counts, else none."""
    return [crimes[listed.index(fig)]] if len(listed) == len(crimes) and fig in listed else []


_RESPECTIVELY = re.compile(r"\s*分别(?:为|是|有|达|占)?")


def _respectively(doc: Doc, clause: int, fig: FigureMention) -> list[Mention]:
    """起诉人数最多的罪名是诈骗罪、帮信罪和掩隐罪，分别为1.2万人、8000人、3000人: a clause opening
    with 分别 after one that closes on a list of charges pairs its counts with them in order,
    as many counts as charges."""
    if clause == 0 or not _RESPECTIVELY.match(doc.norm, clause) or doc.norm[clause - 1] not in ",，":
        return []
    crimes = doc.mentions_in(doc.clause_start(clause - 1), clause - 1, "Crime")
    if len(crimes) < 2 or crimes[-1].end != clause - 1:
        return []
    return _in_order(crimes, [f for f in doc.figures if clause <= f.start and doc.clause_start(f.start) == clause], fig)


def _phenomenon(doc: Doc, crime: Mention) -> bool:
    written = doc.norm[crime.start:crime.end].removesuffix("罪")
    return written + "罪" != crime.name and written in lexicon.cues()["crime_phenomena"]


def _listed_before(doc: Doc, clause: int, crimes: list[Mention]) -> list[Mention]:
    """帮助信息网络犯罪活动罪，收买、非法提供信用卡信息罪22件51人: charges whose names hold a 、
    are listed with commas; a clause opening with a charge continues the charge that ends
    the clause before it."""
    while crimes and crimes[0].start == clause and len(crimes) <= _ABOUT_MAX_CHARGES:
        before = [c for c in doc.mentions_in(max(0, clause - 40), clause - 1, "Crime") if c.end == clause - 1]
        if not before or doc.norm[clause - 1] not in ",，":
            break
        crimes = [before[-1], *crimes]
        clause = doc.clause_start(before[-1].start)
        if before[-1].start != clause:
            break
    return crimes


@lru_cache(maxsize=1)
def _frame_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    heads = lexicon.alternation("charge_scope_heads")
    return (re.compile(rf"(?:(?:犯罪)?(?:{heads})){{0,2}}中[,，]|为例[,，]"), re.compile(lexicon.alternation("breakdown_words")))


def _framed(doc: Doc, sentence: Span, fig: FigureMention) -> list[Mention]:
    """以帮助信息网络犯罪活动罪为例，共审结131件190人; 起诉的帮信罪被告人中，35周岁以下的占81.69%:
    a charge set as the frame of a sentence's part (up to ；) is what its later figures count,
    until a breakdown (其中) starts."""
    start = max(sentence.start, doc.norm.rfind("；", sentence.start, fig.start) + 1, doc.norm.rfind(";", sentence.start, fig.start) + 1)
    crimes = doc.mentions_in(start, fig.start, "Crime")
    if not crimes:
        return _punished(doc, start, fig)
    frame, breakdown = _frame_re()
    crime = crimes[-1]
    found = frame.match(doc.norm, crime.end)
    if found is None or breakdown.search(doc.norm, crime.end, fig.start):
        return []
    if found.group().startswith("为例") and doc.norm[crime.start - 1:crime.start] != "以":
        return []  # 以X罪为例
    return _joined_before(doc, crime)  # 帮信罪和掩隐罪案件被告人中，…


@lru_cache(maxsize=1)
def _punish_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('punish_verbs')})([^,，。;；:：、“”\"]{{2,20}}?)[,，]")


def _punished(doc: Doc, start: int, fig: FigureMention) -> list[Mention]:
    """依法从严惩治帮助信息网络犯罪活动，批准逮捕13件66人: a charge named without 罪 as what a
    body punishes, in a clause of its own, is what the counts of cases and persons after it
    in the sentence's part count, until a breakdown (其中) starts."""
    if fig.unit not in lexicon.cues()["charge_count_units"]:
        return []
    for m in _punish_re().finditer(doc.norm, start, fig.start):
        charge = charge_named(m.group(1))
        if charge and not _frame_re()[1].search(doc.norm, m.end(), fig.start):
            return [Mention("Crime", charge, m.start(1), m.end(1))]
    return []


# What a count of defendants or cases is charged with, right after it: 22名被告人因犯诈骗罪,
# 18人涉嫌帮助信息网络犯罪活动罪, 三起“帮信罪”典型案例, 两起帮助信息网络犯罪活动案件.
# 326名被告人以帮信罪, 3万人涉及帮信罪名, 20名罪犯均因犯诈骗罪.
_BEFORE_CHARGE = re.compile(r"[“\"]?(?:名?被告人|名?犯罪嫌疑人|名?罪犯)?(?:因|均|依法|被)*(?:犯|涉嫌|涉及|以)?[“\"]?")
_CHARGE_CASES = re.compile(r"([^,，。;；:：“”\"]{2,20}?)(?:典型)?(?:案件|案例|案)")


# 受理帮助信息网络犯罪活动案件46件: a charge's name written without 罪, heading the cases counted.
_CASES_BEFORE = re.compile(r"([^\d,，。;；:：、“”\"]{2,24}?)(?:犯罪)?案件(?:数)?(?:共|达|为|共计|合计)?$")
_CHANNEL_BEFORE = re.compile(r"(?:网络|线上)$")
_SHORT_CHARGE_MIN = 4  # 帮信案件 is any case near the charge (e02); 帮助信息网络犯罪活动案件 names it


def _cases_named_before(doc: Doc, clause: int, fig: FigureMention) -> list[Mention]:
    if fig.unit not in ("件", "起"):
        return []
    found = _CASES_BEFORE.search(doc.norm, max(clause, fig.start - 40), fig.start)
    if found is None:
        return []
    words = found.group(1)
    for i in range(len(words) - 1):
        candidate = words[i:]
        if _CHANNEL_BEFORE.search(words, 0, i):
            return []  # 跨境网络赌博案件: a kind of crime, no charge
        charge = charge_named(candidate)
        if charge and (charge == candidate + "罪" or len(candidate) >= _SHORT_CHARGE_MIN):
            crime = Mention("Crime", charge, found.start(1) + i, found.end(1))
            doc.add(crime)  # the charge is named there, a mention of it as any other
            return [crime]
    return []


# 审结帮助信息网络犯罪活动案件15.6万件24.3万人, 起诉…13件66人: the persons of the cases counted
# right before them, glued to that count, are of the same charges.
_PAIRED = re.compile(r"[,，、]?(?:涉及|涉案|共|计)?")


def _paired_count(doc: Doc, fig: FigureMention) -> list[Mention]:
    if fig.unit not in ("人", "名"):
        return []
    before = [f for f in doc.figures if f.end <= fig.start and f.end > fig.start - 6 and f.unit in ("件", "起")]
    if not before or not _PAIRED.fullmatch(doc.norm, before[-1].end, fig.start):
        return []
    return _same_charges(doc, before[-1], fig)


def _same_charges(doc: Doc, counted: FigureMention, fig: FigureMention) -> list[Mention]:
    """The charges an earlier figure counts (its ABOUT), for `fig` that counts the same."""
    keys = {f.target for f in doc.facts if f.type == "ABOUT" and f.source == counted.key}
    return [Mention("Crime", key[1], fig.start, fig.end) for key in sorted(keys)]


# 占案件被告人总数的87.6%: the whole a share is taken of, before it.
_SHARE_OF = re.compile(r"占(?:全部|所有|同期)?([^,，。;；:：\d]{0,12}?)(?:总数|总人数|总量|总判决人数|人数|数)?的?(?:比例为|比重为|比例|比重)?$")
_SHARE_HEADS = ("被告人", "犯罪嫌疑人", "罪犯", "案件")


def _share_of(doc: Doc, sentence: Span, clause: int, fig: FigureMention) -> list[Mention]:
    """该市帮信罪和掩隐罪案件被告人呈…态势，18岁至40岁的青年占案件被告人总数的87.6%: a share
    of a whole (被告人, 案件) that an earlier clause of the sentence heads with its charges
    counts those charges."""
    if fig.unit != "%":
        return []
    found = _SHARE_OF.search(doc.norm, max(clause, fig.start - 24), fig.start)
    if found is None:
        return []
    # 初中文化的案件被告人占总数的59.5%: the whole named before 占.
    whole = found.group(1) or doc.norm[max(clause, found.start() - 8):found.start()]
    head = next((h for h in _SHARE_HEADS if whole.endswith(h)), None)
    if head is None:
        return []
    for crime in reversed(doc.mentions_in(sentence.start, clause, "Crime")):
        after = re.match(rf"(?:犯罪)?(?:案件)?{head}", doc.norm[crime.end:crime.end + 12])
        if after is not None:
            return _joined_before(doc, crime)
    return []


# 审结侵犯公民个人信息犯罪案件219件，判处犯罪分子294人: a clause that only goes on to the
# persons of the cases the clause before counted counts the same charges.
_GOES_ON = re.compile(r"(?:共|依法|已|并)?(?:判处|判决|起诉|提起公诉|批准逮捕|批捕|涉及)(?:了)?(?:犯罪分子|被告人|罪犯|犯罪嫌疑人)?(?:共|达)?")


def _same_count_on(doc: Doc, sentence: Span, clause: int, fig: FigureMention) -> list[Mention]:
    if fig.unit not in ("人", "名") or clause <= sentence.start or not _GOES_ON.fullmatch(doc.norm, clause, fig.start):
        return []
    before = doc.clause_start(clause - 1)
    counted = [f for f in doc.figures if before <= f.start and f.end <= clause - 1 and f.unit in ("件", "起")]
    if not counted:
        return []
    return _same_charges(doc, counted[-1], fig)


# 2018年，起诉帮信罪137人；2019年，起诉499人；2020年，起诉13673人: counts in a series, one per
# period, each right after the verb of the first, count the charge the first names.
_SERIES_VERB = re.compile(r"判处|判决|提起公诉|起诉|批准逮捕|批捕")
_SERIES_GAP = re.compile(r"[^。！？!?\n]{1,20}")


def _series_on(doc: Doc, clause: int, fig: FigureMention) -> list[Mention]:
    said = _GOES_ON.fullmatch(doc.norm, clause, fig.start)
    verb = _SERIES_VERB.search(said.group()) if said else None
    if verb is None:
        return []
    before = [f for f in doc.figures if f.end <= clause and f.unit == fig.unit and f.end > clause - 24]
    if not before or not _SERIES_GAP.fullmatch(doc.norm, before[-1].end, clause):
        return []
    prev = before[-1]
    if verb.group() not in doc.norm[doc.clause_start(prev.start):prev.start]:
        return []
    return _same_charges(doc, prev, fig)


def _joined_before(doc: Doc, last: Mention) -> list[Mention]:
    """帮信罪和掩隐罪: the charges joined to the last one (和, 、, 及)."""
    crimes = [last]
    while True:
        before = [c for c in doc.mentions_in(max(0, crimes[0].start - 40), crimes[0].start, "Crime")
                  if doc.norm[c.end:crimes[0].start] in ("、", "和", "及", "以及")]
        if not before or len(crimes) >= _ABOUT_MAX_CHARGES:
            return crimes
        crimes.insert(0, before[-1])


# 被告人李某等9人…，其行为均已构成诈骗罪; …，应当以诈骗罪追究其刑事责任: the defendants a sentence
# opens with are found guilty of the charge in a later clause.
_DEFENDANTS_COUNT = re.compile(r"等$")
# 其余9名股东、高管以开设赌场罪被判处…: the rest of the defendants, counted in the clause of their finding.
_REST_COUNT = re.compile(r"(?:其余|其他|另有|另)$")
_FINDING = re.compile(r"(?:构成|(?:应当?|均|依法|一并)*以)$")
_FINDING_AFTER = re.compile(r"[“\"]?(?:追究|定罪|判处|提起公诉|起诉|批准逮捕|被判)")


def _found_guilty(doc: Doc, sentence: Span, fig: FigureMention) -> list[Mention]:
    if fig.unit not in ("人", "名"):
        return []
    rest = _REST_COUNT.search(doc.norm, max(sentence.start, fig.start - 2), fig.start) is not None
    if not rest and not _DEFENDANTS_COUNT.search(doc.norm, max(sentence.start, fig.start - 1), fig.start):
        return []
    for crime in doc.mentions_in(fig.end, doc.clause_end(fig.end) if rest else sentence.end, "Crime"):
        if any(f.unit in ("人", "名") for f in doc.figures if fig.end <= f.start < crime.start):
            return []
        if _FINDING.search(doc.norm, max(fig.end, crime.start - 5), crime.start) and (
                doc.norm[crime.start - 2:crime.start] == "构成" or _FINDING_AFTER.match(doc.norm, crime.end)):
            return [crime]
    return []


def _counted_after(doc: Doc, fig: FigureMention) -> list[Mention]:
    found: list[Mention] = []
    pos = fig.end
    for crime in doc.mentions_in(fig.end, min(len(doc.norm), fig.end + 40), "Crime"):
        if not _BEFORE_CHARGE.fullmatch(doc.norm, pos, crime.start) and not (found and doc.norm[pos:crime.start] in ("、", "和")):
            break
        found.append(crime)
        pos = crime.end
    if found or fig.unit not in ("起", "件"):
        return found
    cases = _CHARGE_CASES.match(doc.norm, fig.end)
    charge = charge_named(cases.group(1)) if cases else None
    return [Mention("Crime", charge, cases.start(1), cases.end(1))] if charge else []


def _produce(doc: Doc, sentence: Span, state: _State, fig: FigureMention, speakers) -> Mention | None:
    _report(doc, sentence, fig, speakers)
    campaign = state.campaign
    # 行动期间，全市公安机关共出动警力…: the drive frames the time, the body named after it sends
    # out its police; what the body wins in the drive (“云剑”行动开展以来，该县公安机关共侦破…)
    # is the drive's.
    acts_after = state.subject is not None and campaign is not None and state.subject.start >= campaign.end and _deploys(doc, fig)
    if (campaign is not None and campaign.props.get("listed", 1) == 1 and not acts_after and not listed_with_others(doc, campaign)
            and not re.search(r"[。;；]", doc.norm[campaign.end:fig.start])
            and (_frames_sentence(doc, campaign) or not _new_activity(doc, campaign.end, fig.start))
            and not _joined_then(doc, campaign, fig)):
        _yield(doc, sentence, campaign, fig)
        return campaign
    if state.case is not None and _case_result(doc, fig):
        _yield(doc, sentence, state.case, fig)
        return state.case
    if state.subject is not None:
        # 记者从儋州市政府获悉，该市…共打掉团伙77个: a place that acts after the body names the
        # actor of the figure's clause; the figure has no producer.
        if state.subject.end <= doc.clause_start(fig.start) and _place_actor(doc, sentence, fig):
            return state.subject
        if _breakdown_actor(doc, sentence, state.subject, fig):
            return state.subject
        kind = _new_part_actor(doc, state.subject, fig)
        if kind is not None:
            # (警方从两村收缴了…: the police the text is about, where it names them.)
            body = _body_of_kind(doc, sentence, kind) if kind else None
            if body is not None:
                _yield(doc, sentence, body, fig)
            return state.subject
        _yield(doc, sentence, _first_actor(doc, state, fig), fig)
        return state.subject
    return None


@lru_cache(maxsize=1)
def _breakdown_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A part opening with a word of breakdown (cues.yaml breakdown_words: 其中, 当中), and a
    paragraph opening with one."""
    words = lexicon.alternation("breakdown_words")
    return re.compile(rf"(?:^|[,，;；:：])\s*(?:{words})"), re.compile(rf"\s*(?:{words})")


def _breakdown_actor(doc: Doc, sentence: Span, subject: Mention, fig: FigureMention) -> bool:
    """全市已止付711.44万元，其中农行止付88.56万元，…邮储银行止付27.92万元，其他案件止付500多万元:
    a body that acts in a breakdown opened by 其中 acts in its own clause only; a later clause that
    names no body is not its."""
    if doc.clause_start(subject.start) == doc.clause_start(fig.start):
        return False
    found = _breakdown_re()[0].search(doc.norm, sentence.start, subject.start)
    # (全国检察机关起诉…6.2万人，其中，全国检察机关…批准逮捕…，起诉1.1万余人: the whole's own body.)
    return found is not None and not any(m.name == subject.name for m in doc.mentions_in(sentence.start, found.start(), "Agency"))


@lru_cache(maxsize=1)
def _part_actor_re() -> re.Pattern[str]:
    return re.compile(rf"[;；]{clause_opening().pattern}({lexicon.alternation('part_actors')})")


def _new_part_actor(doc: Doc, subject: Mention, fig: FigureMention) -> str | None:
    """上饶武警支队调派50名武警支援；警方从两村收缴了钢叉272支: a part of the sentence after ；
    opened by an unnamed actor of another kind than the body named before (cues.yaml
    part_actors) has its own actor; the body is carried no further. The actor's kind when it
    opens the figure's own part, "" when the figure stands in a later part, None for no such actor."""
    kinds = lexicon.cues()["part_actors"]
    own = max(doc.norm.rfind(";", subject.end, fig.start), doc.norm.rfind("；", subject.end, fig.start))
    for m in _part_actor_re().finditer(doc.norm, subject.end, fig.start):
        if not doc.occupied(m.start(1), m.end(1)) and kinds[m.group(1)] != subject.props.get("kind"):
            # (…；重点追逃的59名…: a later part with no actor of its own has none.)
            opening = _part_actor_re().match(doc.norm, own, fig.start) if own >= 0 else None
            return kinds[opening.group(1)] if opening else ""
    return None


def _body_of_kind(doc: Doc, sentence: Span, kind: str) -> Mention | None:
    """The body of a kind an unnamed actor (警方, 检察机关) stands for in a local text: the last
    one of that kind the paragraph named before the sentence, else the text's own body if it is
    of that kind; none where the text names no such body."""
    para = doc.paragraphs[doc.paragraph_index(sentence.start)]
    before = [m for m in doc.mentions_in(para.start, sentence.start, "Agency") if m.props.get("kind") == kind and not _has_unit(doc, m)]
    if before:
        return before[-1]
    default = _document_subject(doc)
    return default if default is not None and default.props.get("kind") == kind else None


def _frames_sentence(doc: Doc, campaign: Mention) -> bool:
    """在“云剑-2021”行动中，青海警方共破获…，开展预警10万余条: a drive set as the frame of the
    sentence (在…中, 在…期间) holds every clause after it; a new verb of work opens no activity
    of its own."""
    after, before = _frame_in()
    return after.match(doc.norm, campaign.end) is not None and before.search(doc.norm, max(0, campaign.start - 40), campaign.start) is not None


def _joined_then(doc: Doc, campaign: Mention, fig: FigureMention) -> bool:
    """积极参与打击…专项行动，深挖严打…，起诉…5.1万人: a drive the body takes part in (cues.yaml
    join_verbs right before it) counts only the figures of its own clause; a figure in a later
    clause is the body's own work."""
    joined = re.search(rf"(?:{lexicon.alternation('join_verbs')})[“\"]?$", doc.norm[max(0, campaign.start - 6):campaign.start])
    # 结合各级公安机关开展的“百日行动”专项工作，大理市公安局…抓获…16人: a clause that fits the
    # body's work into a drive (结合, 按照, 根据…) opens the sentence; the clauses after it tell
    # the body's own work.
    joined = joined or _fits_into().match(doc.norm, max(doc.sentence_at(campaign.start).start, doc.clause_start(campaign.start)), campaign.start)
    return joined is not None and re.search(r"[,，]", doc.norm[campaign.end:fig.start]) is not None


@lru_cache(maxsize=1)
def _fits_into() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{lexicon.alternation('frame_verbs')}|{lexicon.alternation('follow_verbs')})")


def _new_activity(doc: Doc, start: int, end: int) -> bool:
    """组织“六进”宣传活动1.1万余场，开展专题反诈直播300余场: once the drive's clauses have
    counted its results, a clause opening with a verb that leads another activity ends its
    clause chain; the figures after it are the body's. (启动“断卡行动2.0”，组织集中排查…9700多万张:
    a verb right after the drive, before any figure, tells how the drive went.)"""
    breaks = doc.clause_breaks()
    figures = _figure_starts(doc)
    for i in range(bisect.bisect_left(breaks, start), bisect.bisect_left(breaks, end)):
        counted = bisect.bisect_left(figures, start) < bisect.bisect_left(figures, breaks[i])
        if counted and _opens_activity().match(doc.norm, breaks[i] + 1):
            return True
    return False


def _figure_starts(doc: Doc) -> list[int]:
    if "figure_starts" not in doc.cache:
        doc.cache["figure_starts"] = sorted(f.start for f in doc.figures)
    return doc.cache["figure_starts"]


@lru_cache(maxsize=1)
def _opens_activity() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{lexicon.alternation('adverbs_before_verb')})*(?:{lexicon.alternation('lead_verbs')})")


def _first_actor(doc: Doc, state: _State, fig: FigureMention) -> Mention | None:
    """The body that heads a list of joint subjects (A与B快速出击, 最高检和公安部联合…):
    one producer per figure, the first named; police sent out are the police body's
    (法院与公安分局协调联动，100余人次警力参与…)."""
    actors = [*state.co_subjects, state.subject]
    if len(actors) > 1 and _deploys(doc, fig):
        police = [a for a in actors if a is not None and a.props.get("kind") == "public_security"]
        if police:
            return police[0]
    return actors[0]


def _in_lead(doc: Doc, m: Mention) -> bool:
    """Whether the lead (the title and first paragraphs) names a node: what a text is about."""
    return any(o.type == m.type and o.name == m.name and any(p.start <= o.start < p.end for p in doc.lead()) for o in doc.mentions)


def _case_result(doc: Doc, fig: FigureMention) -> bool:
    """Whether a figure can be a case's result: not a count of cases, not police sent out
    (抽调精干警力40名, 增派42名警力: the body's deployment)."""
    return not _counts_cases(doc, fig) and not _deploys(doc, fig)


def _deploys(doc: Doc, fig: FigureMention) -> bool:
    police = _words()["police_words"]
    if _police_after().match(doc.norm, fig.end):
        return True
    # 专案组民警押解16名犯罪嫌疑人: the police before count the suspects they took, no police sent out;
    # 民警将17名…嫌疑人押解回: what the police take (将/把) is no police either.
    before = police.search(doc.norm[max(0, fig.start - 4):fig.start])
    if before is None or _words()["suspect_words"].match(doc.norm, fig.end):
        return False
    return not re.search(r"[将把]", doc.norm[max(0, fig.start - 4) + before.end():fig.start])


@lru_cache(maxsize=1)
def _police_after() -> re.Pattern[str]:
    """100余名精干警力, 30名骨干民警: police, a word of their quality before them."""
    return re.compile(rf"(?:{lexicon.alternation('police_qualities')})?(?:{lexicon.alternation('police_words')})")


def _title_about_case(doc: Doc) -> bool:
    """Whether the title names a case (侦破…案, 打掉…团伙): a bulletin about one case; a
    count of 案件 or 案例 (侦破诈骗案件404起) is about a body's statistics."""
    title = doc.paragraphs[0] if doc.paragraphs else Span(0, 0)
    return any(not doc.norm.startswith(("案件", "案例"), m.start())
               for m in _words()["case_title_words"].finditer(doc.norm, title.start, title.end))


def _counts_cases(doc: Doc, fig: FigureMention) -> bool:
    """等6起典型案例, 审结…案件12件: a count of cases is no case's result."""
    return fig.unit in ("起", "件") and bool(re.match(r"[^,，。;；]{0,10}?(案例|案件|案子|系列案)", doc.norm[fig.end:fig.end + 16]))


def _issue(doc: Doc, sentence: Span, state: _State, law: Mention) -> None:
    issuers = {name for name in law.props.get("issuers", [])}
    # 制定了《A》和《B》: titles listed after one verb are issued by the same bodies; the verb
    # stands before the first of them.
    titles = doc.mentions_in(sentence.start, law.start, "Law")
    head = law.start
    while titles and titles[-1].end <= head and doc.norm[titles[-1].end:head].strip() in _JOINED:
        head = titles.pop().start
    before = doc.norm[sentence.start:head]
    if _words()["issue_verbs"].search(before[-12:]) or re.search(r"(印发|制定出台|出台|发布|颁布)[^,，。;；]*$", before):
        # X联合Y制定《A》，与Z联合发布《B》: past an earlier title, its partners are done with;
        # the sentence's subject and the bodies written after that title issue the next one.
        since = max((t.end for t in titles if t.end <= head), default=sentence.start)
        actors = [a for a in doc.mentions_in(sentence.start, head, "Agency")
                  if (role := _role(doc, sentence, a)) == "subject" or role == "partner" and a.start >= since]
        issuers |= {a.name for a in actors}
    # 中办国办《关于…的意见》, 最高检、公安部《…规定》: the bodies written right before a title,
    # with no verb between, are whose document it is.
    pos = law.start
    for a in reversed(doc.mentions_in(max(sentence.start, law.start - 60), law.start, "Agency")):
        if a.end != pos and doc.norm[a.end:pos] not in _JOINED:
            break
        if not _has_unit(doc, a):
            issuers.add(a.name)
        pos = a.start
    by_name = {m.name: m for m in doc.mentions if m.type == "Agency"}
    for name in sorted(issuers):
        agency = by_name.get(name) or Mention("Agency", name, law.start, law.end, {}, "issuer")
        _fact(doc, "ISSUED_BY", law, agency, sentence)


def _supervise(doc: Doc, sentence: Span, state: _State, case: Mention) -> None:
    before = doc.norm[sentence.start:case.start]
    clause = before[doc.clause_start(case.start) - sentence.start:]
    after = doc.norm[case.end:case.end + 14]
    if not _words()["supervise_verbs"].search(clause):
        # 该案被公安部列为挂牌督办案件, “9·12”专案系公安部督办案件, 此案由最高检、公安部联合督办:
        # the supervisors after the case, before the verb.
        tail = doc.norm[case.end:doc.clause_end(case.end)]
        verb = _words()["supervise_verbs"].search(tail)
        if verb and _SUPERVISED_BY.match(tail):
            by = [a for a in doc.mentions_in(case.end, case.end + verb.start(), "Agency") if a.role != "anaphor"]
            for agency in by:
                _fact(doc, "SUPERVISES", agency, case, sentence)
            if by:
                return
        # 对该案挂牌督办, 将此案列为挂牌督办案件: the verb after the case.
        if not (clause.endswith(("对", "将", "把")) and _words()["supervise_verbs"].search(re.split(r"[,，。;；]", after)[0])):
            # 最高检和公安部联合挂牌督办的这批案件…如A案、B案: the cases of a supervised batch.
            batch = _supervised_batch().search(before)
            if batch is None:
                return
            verb = sentence.start + batch.start()
            joint = _joint_actors(doc, sentence, verb - len(re.search(r"(?:联合|共同)?$", doc.norm[max(0, verb - 2):verb]).group()))
            lone = [a for a in doc.mentions_in(sentence.start, verb, "Agency") if a.end == verb]
            for agency in joint or lone:
                _fact(doc, "SUPERVISES", agency, case, sentence)
            return
    if state.subject is None and not state.partners:
        state.subject = _carried_subject(doc, sentence)
    # 最高人民检察院与公安部联合挂牌督办…: the bodies listed with the subject supervise with it.
    supervisors = [m for m in [*state.co_subjects, state.subject, *state.partners] if m is not None] or state.supervisors
    state.supervisors = supervisors
    for agency in supervisors:
        _fact(doc, "SUPERVISES", agency, case, sentence)


# 部督“12·21”“2·03”案, 省督“5·03”案; 将该案列为部督案件: a case the Ministry (部督) or the
# province's department (省督) supervises, the body left unnamed.
# (部督涉电信网络诈骗犯罪“11.25”专案: the kind of crime between the tier and the number.)
_SUPERVISION_TIER = re.compile(r"(部督|省督)(?:的)?(?:[^，,。；;“”\"、]{2,14}?)?(?:[“\"][^”\"，,。；;]{1,12}[”\"]、?)*$")
_SUPERVISION_TIER_AFTER = re.compile(r"(?:也|已|先后)?(?:被|系|为|是)?(?:列为)?(部督|省督)(?:案件|案|专案)")


def _tier_supervised(doc: Doc) -> None:
    """部督 is 公安部督办; 省督 the one provincial 公安厅 the text names (none where it names no
    province, or several)."""
    had = {(f.source, f.target) for f in doc.facts if f.type == "SUPERVISES"}
    for case in [m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"]:
        found = _SUPERVISION_TIER.search(doc.norm, max(0, case.start - 40), case.start) or _SUPERVISION_TIER_AFTER.match(doc.norm, case.end)
        if found is None:
            continue
        if found.group(1) == "部督":
            body = next((a for a in doc.mentions if a.type == "Agency" and a.name == "公安部"), None) or Mention("Agency", "公安部", case.start, case.end)
        else:
            departments = {a.name: a for a in doc.mentions if a.type == "Agency" and a.name.endswith("公安厅") and a.props.get("level") != "national"}
            if len(departments) != 1:
                continue
            body = next(iter(departments.values()))
        if (body.key, case.key) not in had:
            had.add((body.key, case.key))
            _fact(doc, "SUPERVISES", body, case, doc.sentence_at(case.start))


def _supervised_within(doc: Doc) -> None:
    """破获一起公安部督办特大电信诈骗案, 侦破省公安厅挂牌督办的…案: the bodies a described case's own
    words name right before a supervising verb (cues.yaml supervise_verbs; A、B联合督办 lists them)
    supervise it."""
    if "督办" not in doc.norm:
        return
    had = {(f.source, f.target) for f in doc.facts if f.type == "SUPERVISES"}
    verbs = _words()["supervise_verbs"]
    for case in [m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"]:
        verb = verbs.search(doc.norm, case.start, case.end)
        if verb is None:
            continue
        listed, _pos = _listed_supervisors(doc, case.start, verb.start())
        for agency in listed:
            if (agency.key, case.key) not in had:
                had.add((agency.key, case.key))
                _fact(doc, "SUPERVISES", agency, case, doc.sentence_at(case.start))

    _supervised_before(doc, had)
    _supervised_told(doc, had)
    _supervised_examples(doc, had)


_EXAMPLES = re.compile(r"(?:例如|比如|譬如)[,，:：]?")
_SUPERVISED_COUNT = re.compile(r"[^,，。;；]{0,8}?[\d一二三四五六七八九十两]+起")


def _supervised_examples(doc: Doc, had: set) -> None:
    """最高检、公安部已联合挂牌督办三批13起…案件…。例如，浙江“12·30”电信网络诈骗案…。四川南充“4·01”…案…:
    the cases a paragraph gives as examples (例如, 比如) after bodies supervise a count of cases are
    supervised by those bodies."""
    for verb in _words()["supervise_verbs"].finditer(doc.norm):
        if not _SUPERVISED_COUNT.match(doc.norm, verb.end()):
            continue
        sentence = doc.sentence_at(verb.start())
        listed, _pos = _listed_supervisors(doc, sentence.start, verb.start())
        para = doc.paragraphs[doc.paragraph_index(verb.start())]
        example = _EXAMPLES.search(doc.norm, sentence.end, para.end)
        if not listed or example is None or doc.sentence_at(example.start()).start != example.start():
            continue
        for case in doc.mentions_in(example.end(), para.end, "Case"):
            for agency in listed if case.role == "numbered" else ():
                if (agency.key, case.key) not in had:
                    had.add((agency.key, case.key))
                    _fact(doc, "SUPERVISES", agency, case, doc.sentence_at(case.start))


def _listed_supervisors(doc: Doc, start: int, verb: int) -> tuple[list[Mention], int]:
    """The bodies listed (A、B / A和B / A与B, 联合 or 共同 after them) right before the
    supervising verb at `verb`, none before `start`; and where the first of them begins."""
    pos = verb - len(_JOINT_BEFORE_VERB.search(doc.norm, max(start, verb - 10), verb).group())
    inside = [a for a in doc.mentions_in(start, pos, "Agency") if a.role != "anaphor"]
    listed: list[Mention] = []
    while inside and doc.norm[inside[-1].end:pos] in ("", *_JOINED, "与"):
        listed.insert(0, inside.pop())
        pos = listed[0].start
    return listed, pos


def _supervised_told(doc: Doc, had: set) -> None:
    """至此，这起由最高人民检察院、公安部联合挂牌督办的…案件尘埃落定: a case written with a
    demonstrative (cues.yaml bulletin_case_demonstratives) whose supervisors 由…督办 names is the
    case the paragraph told before; the bodies listed before the verb supervise it."""
    demonstratives = lexicon.alternation("bulletin_case_demonstratives")
    for verb in _words()["supervise_verbs"].finditer(doc.norm):
        if doc.norm[verb.end():verb.end() + 1] != "的":
            continue
        sentence = doc.sentence_at(verb.start())
        tail = re.match(r"的[^,，。;；!?！？]{0,30}?案", doc.norm[verb.end():sentence.end])
        if tail is None or doc.mentions_in(verb.end(), verb.end() + tail.end(), "Case"):
            continue
        listed, pos = _listed_supervisors(doc, sentence.start, verb.start())
        if not listed or not re.search(rf"(?:{demonstratives})由$", doc.norm[max(sentence.start, pos - 6):pos]):
            continue
        para = doc.paragraphs[doc.paragraph_index(verb.start())]
        told = [m for m in doc.mentions_in(para.start, pos, "Case") if m.role != "anaphor"]
        if not told:
            continue
        for agency in listed:
            if (agency.key, told[-1].key) not in had:
                had.add((agency.key, told[-1].key))
                _fact(doc, "SUPERVISES", agency, told[-1], sentence)


def _supervised_before(doc: Doc, had: set) -> None:
    """…依法办理缅北明家、白家…案件，依法提起公诉。最高检挂牌督办，全程指导督导: a body that 督办 with
    no object (the verb closing its clause) in a sentence naming no case supervises the cases of
    the sentence before, in its paragraph."""
    for verb in _words()["supervise_verbs"].finditer(doc.norm):
        sentence = doc.sentence_at(verb.start())
        if doc.norm[verb.end():verb.end() + 1] not in _CLAUSE_BREAKS or doc.mentions_in(sentence.start, sentence.end, "Case"):
            continue
        pos = verb.start() - len(_JOINT_BEFORE_VERB.search(doc.norm, max(sentence.start, verb.start() - 10), verb.start()).group())
        bodies = [a for a in doc.mentions_in(max(sentence.start, pos - 30), pos, "Agency") if a.end == pos and a.role != "anaphor"]
        before = doc.sentence_at(sentence.start - 1) if sentence.start > 0 else None
        if not bodies or before is None or before.start == sentence.start or doc.paragraph_index(before.start) != doc.paragraph_index(sentence.start):
            continue
        for case in doc.mentions_in(before.start, before.end, "Case"):
            if case.role != "anaphor" and (bodies[0].key, case.key) not in had:
                had.add((bodies[0].key, case.key))
                _fact(doc, "SUPERVISES", bodies[0], case, sentence)


_CLAUSE_BREAKS = ("，", ",", "。", "；", ";", "")
# (最高检、公安部已联合挂牌督办, 决定继续联合挂牌督办: the bodies' adverbs before the joint word.)
_JOINT_BEFORE_VERB = re.compile(r"(?:已经|已|先后|决定|继续|再次|又)*(?:联合|共同)?(?:挂牌)?$")
_SUPERVISED_BY = re.compile(r"(?:也|还|已|均|先后|一并)?(?:被|系|是|为|由|经|获)")


@lru_cache(maxsize=1)
def _supervised_batch() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('supervise_verbs')})的[^,，。;；]{{0,6}}?案件")


def _static_facts(doc: Doc) -> None:
    """Relations that a single mention states: PART_OF, HOLDS_POSITION, HANDLED_BY, LOCATED_IN, COOPERATES_WITH."""
    by_name = {m.name: m for m in doc.mentions if m.type in ("Agency", "Campaign")}
    for m in list(doc.mentions):
        sentence = doc.sentence_at(m.start)
        parent = m.props.get("parent")
        if parent and m.type in ("Agency", "Campaign") and parent != m.name and (parent in by_name or not _parent_unwritten(doc, m, parent)):
            target = _parent_mention(doc, m, parent, by_name)
            _fact(doc, "PART_OF", m, target, sentence)
        if m.type == "Person" and m.props.get("body"):
            body = by_name.get(m.props["body"]) or Mention("Agency", m.props["body"], m.start, m.end)
            _fact(doc, "HOLDS_POSITION", m, body, sentence, title=m.props.get("title"))
        for also in m.props.get("also_body", ()) if m.type == "Person" else ():
            _fact(doc, "HOLDS_POSITION", m, by_name.get(also) or Mention("Agency", also, m.start, m.end), sentence)
        if m.type == "Case" and m.props.get("handled_by"):
            _fact(doc, "HANDLED_BY", m, Mention("Agency", m.props["handled_by"], m.start, m.end), sentence)
        if m.type == "Case" and m.props.get("charge"):
            _fact(doc, "CHARGED_WITH", m, Mention("Crime", m.props["charge"], m.start, m.end), sentence)
        if m.type == "Case":
            # A bulletin's description (…洗钱犯罪团伙) tells what the gang did; it names no charge.
            for crime in () if m.props.get("bulletin") else doc.mentions_in(m.start, m.end, "Crime"):
                _fact(doc, "CHARGED_WITH", m, crime, sentence)
            after = doc.mentions_in(m.end, sentence.end, "Crime")
            charged: list[Mention] = []
            for crime in after:
                # 涉嫌帮信罪和盗窃罪: the charges joined to a charge the finding names are charged too.
                if re.search(r"(涉嫌|以|构成|犯有|犯|判处|认定为?)$", doc.norm[max(m.end, crime.start - 4):crime.start]) or (
                        charged and charged[-1] is not None and doc.norm[charged[-1].end:crime.start] in ("、", "和", "及", "以及")):
                    _fact(doc, "CHARGED_WITH", m, crime, sentence)
                    charged.append(crime)
                else:
                    charged.append(None)
        if m.type == "Case" and m.props.get("location"):
            _fact(doc, "LOCATED_IN", m, Mention("Location", m.props["location"], m.start, m.end), sentence)
    for case, crime in doc.cache.get("charged", []):
        _fact(doc, "CHARGED_WITH", case, crime, doc.sentence_at(crime.start))
    _prosecuted_charges(doc)
    _handled_before(doc)
    _handled_after(doc)
    _handled_in_story(doc)
    _handled_by_court(doc)
    _unit_handles(doc)
    _cooperation(doc)


_CITY = re.compile(r"([^省市州盟区县]{2,8}?)(?:市|州|盟|地区)")


def _parent_unwritten(doc: Doc, m: Mention, parent: str) -> bool:
    """临渭分局 in a text that never writes 渭南: the city bureau it would belong to is the
    gazetteer's guess, not the text's; no PART_OF. (湖里公安分局 in a text that names 厦门市
    keeps its parent, 福建省厦门市公安局.)"""
    if m.type != "Agency" or not m.props.get("place"):
        return False
    cities = _CITY.findall(parent)
    return bool(cities) and cities[-1] not in doc.norm


@lru_cache(maxsize=1)
def _charge_marker() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('charge_markers')})(?:{lexicon.alternation('charge_marker_fillers')})?$")


def _prosecuted_charges(doc: Doc) -> None:
    """In a text that names one case and gives it no charge by its name or a finding, the
    charges its suspects are arrested, prosecuted or convicted for (以涉嫌诈骗罪批准逮捕,
    分别因犯诈骗罪、帮助信息网络犯罪活动罪被判处, 涉嫌触犯包括A、B和C罪) are the case's:
    each charge of a list (、/和/及) whose first follows a marker (cues.yaml charge_markers)."""
    cases = [m for m in doc.mentions if m.type == "Case" and m.role != "anaphor"]
    if len({m.name for m in cases}) != 1 or any(f.type == "CHARGED_WITH" for f in doc.facts):
        return
    case = min(cases, key=lambda m: m.start)
    # 该局共抓获涉嫌…罪嫌疑人12名: a charge a body's count counts is its statistic, no case's.
    yielded_by = {f.target: f.source for f in doc.facts if f.type == "YIELDS"}
    counted = {(f.target, f.sentence.start) for f in doc.facts if f.type == "ABOUT" and yielded_by.get(f.source, case.key) != case.key}
    crimes = sorted((m for m in doc.mentions if m.type == "Crime" and (m.key, doc.sentence_at(m.start).start) not in counted),
                    key=lambda m: m.start)
    marker = _charge_marker()
    i = 0
    while i < len(crimes):
        charges = [crimes[i]]
        while i + 1 < len(crimes) and doc.norm[charges[-1].end:crimes[i + 1].start] in ("、", "和", "及", "以及"):
            i += 1
            charges.append(crimes[i])
        i += 1
        # 涉嫌诈骗、清洗黑钱和犯罪集团罪: the 罪 written at the list's end names them all.
        if not doc.norm[charges[-1].start:charges[-1].end].endswith("罪"):
            continue
        if marker.search(doc.norm, max(0, charges[0].start - 6), charges[0].start):
            for crime in charges:
                _fact(doc, "CHARGED_WITH", case, crime, doc.sentence_at(crime.start))


@lru_cache(maxsize=1)
def _supervised_re() -> re.Pattern[str]:
    """What stands between a body and a case it supervises (挂牌督办的, 督办的“11.28”、): cues.yaml
    supervise_verbs, 的, and the cases listed before this one."""
    return re.compile(rf"(?:{lexicon.alternation('supervise_verbs')})的?(?:[“\"「][^”\"」]{{1,12}}[”\"」][、和及]?)*$")


def _handled_before(doc: Doc) -> None:
    """X侦破/起诉/宣判…<case>, 由X提起公诉的<case>, X对<case>提起公诉, X成立<case>专案组:
    the body acting on a case named after it in the same clause chain."""
    kinds = set(lexicon.cues()["handler_kinds"])
    verbs = _words()["handle_verbs"]
    for case in [m for m in doc.mentions if m.type == "Case" and not m.props.get("handled_by")]:
        sentence = doc.sentence_at(case.start)
        start = max([doc.norm.rfind(c, sentence.start, case.start) for c in ";；"] + [sentence.start])
        after = doc.norm[case.end:case.end + 12]
        # “凤凰行动”专案收网, 对该案进行侦破: the case, then the verb that acts on it.
        acted_on = bool(lexicon.cue_re("case_verbs").match(_ACT_ON.sub("", after, count=1)))
        # (发起“11.11”“4.08”全国集群战役: the verb before a list of numbered cases acts on each.)
        head = _list_start(doc, case)
        verb_before = _case_verb_before().search(doc.norm, max(start, head - 8), head)
        partners: list[Mention] = []
        for agency in reversed(doc.mentions_in(start, case.start, "Agency")):
            if agency.props.get("kind") not in kinds:
                continue
            role = _role(doc, sentence, agency)
            between = doc.norm[agency.end:case.start]
            if case.props.get("group_listed") and "等" in doc.norm[max(0, agency.start - 1):agency.end]:
                # 浙江、广东、福建等检察机关依法办理缅北明家、白家、魏家…案件: several bodies, several
                # cases, and the text does not pair them (the last place's body holds 等 and the collective).
                break
            if _supervised_re().match(between):
                continue  # 公安部挂牌督办的“11.30”专案侦破: the body that supervises it does not handle it
            own = lexicon.cue_re("self_bodies").search(between)
            if own is not None and between[max(0, own.start() - 1):own.start()] not in _TO_BODY:
                break  # 经X法院指定管辖，本院…审理了本案: the writing court, unnamed, acts on the case
            if _directs_re().match(between) or doc.norm[max(0, agency.start - 1):agency.start] == "从":
                # 在公安部的组织协调和省公安厅的统一指挥下，…警方侦破X案: it directs, it does not
                # handle; 记者从X了解到: the reporter's source
                continue
            # 甘谷县公安局“8·21”诈骗案专案组: the body's own case, named right after it.
            owned = between == "" and agency.role != "anaphor"
            # 临洮县检察院依法将潘某某…一案向临洮县法院提起公诉: the body disposes of the case
            # (将/把), the verb of its clause after it.
            # 公安机关将该案移送检察院审查起诉: the prosecution is the receiver's act.
            disposes = _disposal_re().search(between) and not _HANDED_ON.match(doc.norm, case.end) and verbs.search(
                doc.norm, case.end, doc.clause_end(case.end))
            set_up = lexicon.cue_re("task_force_verbs").search(between) and (after.startswith("组") or case.name.endswith("专班"))
            acts = verbs.search(between) or (_to_case_re().match(between) and verbs.search(after)) or disposes or (
                set_up) or acted_on or owned or verb_before
            if role == "speaker_body" or not acts:
                continue
            if role == "partner":
                # 儋州市公安局联合湖北警方开展…专案收网: the partners work the case with the subject.
                partners.append(agency)
                continue
            _fact(doc, "HANDLED_BY", case, agency, sentence)
            for partner in partners:
                _fact(doc, "HANDLED_BY", case, partner, sentence)
            if owned and case.role != "anaphor":
                alias = doc.norm[agency.start:case.end]
                case.props.setdefault("aliases", [])
                if alias not in case.props["aliases"]:
                    case.props["aliases"].append(alias)
            break
        else:
            # …，侦办“11·07专案”抓获嫌疑人280人: a verb acting on the case with no body in its sentence
            # before it is the work of the subject the paragraph carries (the last sentence naming one).
            # 对最高检交办的X案，出庭指控…: the case brought before the verb of its clause chain (对X案…提起
            # 公诉) with no body named is the work of that subject too, or of the body the text is
            # about (a procuratorate's work report).
            brought = None if verb_before else _brought_before(doc, sentence, case)
            # (对最高检交办的X案: a body in what qualifies the case is no actor of the clause.)
            if (verb_before or brought is not None) and not doc.mentions_in(sentence.start, case.start if brought is None else brought, "Agency"):
                subject = _carried_subject(doc, sentence, in_paragraph=True)
                if subject is None and brought is not None:
                    subject = _document_subject(doc)
                if subject is not None and subject.props.get("kind") in kinds:
                    _fact(doc, "HANDLED_BY", case, subject, sentence)


_LIST_GAP = re.compile(r"(?:[、和及])?(?:部督|省督)?")


def _list_start(doc: Doc, case: Mention) -> int:
    """Where the list of numbered cases `case` ends begins (省督“5·03”、部督“12·21”“2·03”…案: at
    the first quote), or the case's own start."""
    start = case.start
    if not case.props.get("in_list"):
        return start
    while True:
        before = next((c for c in doc.mentions_in(max(0, start - 20), start, "Case") if c.props.get("in_list")
                       and _LIST_GAP.fullmatch(doc.norm, c.end, start)), None)
        if before is None:
            return start
        start = before.start


@lru_cache(maxsize=1)
def _brought_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('act_adverbs')})*(对)(?:[^,，。;；:：]{{1,12}}的)?")


def _brought_before(doc: Doc, sentence: Span, case: Mention) -> int | None:
    """对X案(，)提起公诉 / 对最高检交办的X案，出庭指控: the case after 对 opening its clause (what
    qualifies it, up to 的, between), the verb of a case's work (cues.yaml story_handle_verbs) in
    the clause after it: where 对 stands, else None."""
    start = max(sentence.start, doc.clause_start(case.start))
    brought = _brought_re().fullmatch(doc.norm, start, case.start)
    if brought is None:
        return None
    end = doc.clause_end(case.end)
    end = doc.clause_end(end + 1) if end < sentence.end and end - case.end <= 1 else end
    verb = lexicon.cue_re("story_handle_verbs").search(doc.norm, case.end, min(end, sentence.end))
    return brought.start(1) if verb else None


@lru_cache(maxsize=1)
def _directs_re() -> re.Pattern[str]:
    return re.compile(rf"[^,，。;；]{{0,20}}?(?:{lexicon.alternation('direction_words')})下")


@lru_cache(maxsize=1)
def _to_case_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('act_adverbs')})*对")


def _story_case(doc: Doc) -> Mention | None:
    """The one case a text tells: the only case it names, on trial (its defendant named),
    named by the title as a bulletin's case, or told as a body's case (…向永修县公安机关报案。
    这起看似单一的电诈案…, X发生一起…案: a case the text tells, with no name of its own; not
    one given as an example, 如X检察院办理的一起诈骗案)."""
    cases = [m for m in doc.mentions if m.type == "Case"]
    if len({m.name for m in cases}) != 1:
        return None
    first = min(cases, key=lambda m: m.start)
    if any(m.props.get("defendant") for m in cases) or (_title_about_case(doc) and _in_lead(doc, first)) or first.props.get("told"):
        return first
    return None


def _handled_in_story(doc: Doc) -> None:
    """一审宣判的…案: 被开阳县公安局刑事拘留, 开阳县人民检察院以…罪向开阳县人民法院提起公诉,
    开阳县人民法院经公开审理…: in a text that tells one case, each body that does the work of a
    case (detains, investigates, arrests, prosecutes, tries) in a clause chain of the story
    handles it, the case named there or not; a body the case goes to (向X提起公诉, 移送X) is
    the receiver, and the work is its own only where it acts itself."""
    case = _story_case(doc)
    if case is None:
        return
    kinds = set(lexicon.cues()["handler_kinds"])
    verbs = lexicon.cue_re("story_handle_verbs")
    handled = {f.target for f in doc.facts if f.type == "HANDLED_BY" and f.source == case.key}
    agencies = [a for a in doc.mentions if a.type == "Agency" and a.props.get("kind") in kinds and not _in_heading(doc, a.start)]
    heads = {a.start for a in doc.mentions if a.type == "Agency"}
    for agency in sorted(agencies, key=lambda a: a.start):
        # Not the head of a longer name (上海市公安局|黄浦公安分局), not the police or the
        # procuratorates of a whole place (全省公安机关), not the nation's body.
        if agency.key in handled or _has_unit(doc, agency) or agency.end in heads or agency.role == "collective" \
                or agency.props.get("level") == "national" or agency.props.get("deliberative"):
            continue
        if doc.norm[max(0, agency.start - 1):agency.start] in _TO_BODY + ("对", "与", "和", "同"):
            continue
        sentence = doc.sentence_at(agency.start)
        end = min([p for p in (doc.norm.find(c, agency.end, sentence.end) for c in ";；") if p >= 0] + [sentence.end])
        # The clause chain is the body's up to the next body that acts (not one it turns to).
        for other in doc.mentions_in(agency.end, end, "Agency"):
            if other.start > agency.end and doc.norm[max(0, other.start - 1):other.start] not in _TO_BODY:
                end = other.start
                break
        # 经X中级人民法院指定管辖，本院…审理了本案: the writing court acts after it, not X.
        own = lexicon.cue_re("self_bodies").search(doc.norm, agency.end, end)
        if own is not None and doc.norm[max(0, own.start() - 1):own.start()] not in _TO_BODY:
            end = own.start()
        verb = verbs.search(doc.norm, agency.end, end)
        while verb is not None and _not_a_case(doc, verb.end()):  # 办理多张银行卡: a card, not a case
            verb = verbs.search(doc.norm, verb.end(), end)
        if verb is None or _other_cases(doc, verb.end(), end) or _directs_re().match(doc.norm, agency.end, verb.start()):
            continue
        if doc.norm[max(agency.end, verb.start() - 4):verb.start()].endswith(tuple(lexicon.cues()["guide_words"])):
            continue  # 省公安厅挂牌督办，全程指导侦查: it guides the work, it does not do it
        _fact(doc, "HANDLED_BY", case, agency, sentence)
        handled.add(agency.key)


def _not_a_case(doc: Doc, pos: int) -> bool:
    """What the verb ending at `pos` handles, within a few characters, is no case (cues.yaml
    handle_not_objects: 办理多张银行卡, 办理贷款业务)."""
    window = re.split("[案件]", doc.norm[pos : pos + 6], maxsplit=1)[0]  # 办理一起银行卡诈骗案 is a case
    return lexicon.cue_re("handle_not_objects").search(window) is not None


def _other_cases(doc: Doc, start: int, end: int) -> bool:
    """起诉…案件1406件4364人, 破获一起特大系列电信诈骗案 (a teaser of another story): the work is
    counted over many cases, or is on a case other than the story's (一起…案 with no case named)."""
    clause_end = doc.clause_end(start)
    if any(_counts_cases(doc, f) or f.unit in ("件", "起", "宗") for f in doc.figures if start <= f.start < min(end, clause_end)):
        return True
    return bool(re.match(r"[^,，。;；]{0,4}?一[起宗个]", doc.norm[start:clause_end])) and not doc.mentions_in(start, clause_end, "Case")


_ACT_ON = re.compile(r"^(?:进行|开展|实施|成功|全面|全力|集中|迅速|立即)*")


@lru_cache(maxsize=1)
def _disposal_re() -> re.Pattern[str]:
    """将(被告人), 把: the body disposes of the case named next."""
    return re.compile(rf"[将把](?:{lexicon.alternation('defendant_roles')})?$")


_TO_BODY = ("向", "给", "至", "到")
_HANDED_ON = re.compile(r"(?:依法|陆续|及时|已)*(?:移送|移交|转交|转送)")


@lru_cache(maxsize=1)
def _case_verb_before() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('case_verbs')})(?:了)?(?:该案|此案)?$")


def _handled_by_court(doc: Doc) -> None:
    """A court's finding (…犯诈骗罪, 其行为构成…罪) is the court's: a tried case no body is
    said to act on is handled by the last court named before it in its paragraph, else
    by the first court the text names. The case is also `<body>办理的<case>` by the
    body that handles it."""
    # 《最高人民法院…关于…的意见》: a court heading a title it issued tries no case of the text.
    courts = [m for m in doc.mentions if m.type == "Agency" and m.props.get("kind") == "court" and m.role != "issuer"]
    handled = {f.source for f in doc.facts if f.type == "HANDLED_BY"}
    by_court = {f.source for f in doc.facts if f.type == "HANDLED_BY" and f.target in {c.key for c in courts}}
    # A named case on trial (see campaigns._tried_case) is the court's too, whoever else handled it.
    tried = {case.key for case, _crime in doc.cache.get("charged", [])}
    # A case named by its defendants (郝某富、樊某伟帮助信息网络犯罪活动罪一案) is named as courts name
    # the cases they try.
    named = {m.key for m in doc.mentions if m.type == "Case" and m.props.get("heads")}
    for case in [m for m in doc.mentions if m.type == "Case" and (m.role == "judged" or m.key in tried or m.key in named)]:
        # 检察院…提起公诉，江干法院以…罪判处被告人高某…: the court passing the sentence that names
        # the case handles it too, whoever else did.
        sentence = doc.sentence_at(case.start)
        passing = [c for c in courts if sentence.start <= c.start < case.start and c.role != "unit"] if case.role == "judged" else []
        if passing and case.key not in by_court and _passes_sentence(doc, passing[-1], case):
            _fact(doc, "HANDLED_BY", case, passing[-1], sentence)
            handled.add(case.key)
            by_court.add(case.key)
        if case.key not in (by_court if case.key in tried else handled):
            para = doc.paragraphs[doc.paragraph_index(case.start)]
            before = [c for c in courts if para.start <= c.start < case.start]
            # (Else the first court the text shows trying a case: 宣威市人民法院审结了一起…案件; not a
            # court that only publishes typical cases or holds a press conference.)
            # (A unit named glued to its court, 顺义法院刑庭副庭长X解释, is the court's unit speaking: the court tries.)
            court = before[-1] if before else next((c for c in sorted(courts, key=lambda c: c.start) if c.role != "unit" and _tries(doc, c)), None)
            if court is None:
                # 法院经审理认为… in a text of one basic court (a county's or district's: the courts that
                # try such cases, not the higher ones that publish others' typical cases) that publishes
                # no typical cases (of which the text need not say who tried them): that court.
                basic = {c.key for c in courts if c.props.get("level") == "district" and c.role != "unit"}
                if len(basic) == 1 and len({c.key for c in courts if c.role != "unit"}) == 1 and "典型案例" not in doc.norm:
                    court = next(c for c in courts if c.key in basic)
            if court is not None:
                _fact(doc, "HANDLED_BY", case, court, doc.sentence_at(case.start))
                handled.add(case.key)
                by_court.add(case.key)
        for fact in [f for f in doc.facts if f.type == "HANDLED_BY" and f.source == case.key and case.role == "judged"]:
            # The body as the sentence that handles the case writes it (经长宁区检察院提起公诉), else as first named.
            named = [a for a in doc.mentions if a.key == fact.target and a.role != "anaphor"]
            body = next((a for a in named if fact.sentence.start <= a.start < fact.sentence.end), named[0] if named else None)
            if body is not None:
                alias = doc.norm[body.start:body.end] + "办理的" + case.name
                case.props.setdefault("aliases", [])
                if alias not in case.props["aliases"]:
                    case.props["aliases"].append(alias)


def _passes_sentence(doc: Doc, court: Mention, case: Mention) -> bool:
    """The court's clause runs to the case's finding (江干法院以…罪判处被告人高某): no other body and
    no clause break between them."""
    return doc.clause_end(court.end) >= case.start and not doc.mentions_in(court.end, case.start, "Agency")


def _tries(doc: Doc, court: Mention) -> bool:
    """A trial verb in the court's clause after it (宣威市人民法院审结了一起…案件, 法院依法公开审理),
    not of cases counted (审结电信网络诈骗案件共计54件: the court's statistics)."""
    end = doc.clause_end(court.end)
    verb = _words()["trial_verbs"].search(doc.norm, court.end, end)
    return verb is not None and not any(f.unit in ("件", "起", "宗") for f in doc.figures if verb.end() <= f.start < end)


def _unit_handles(doc: Doc) -> None:
    """昌图法院公开审理…案 (title), 昌图法院刑事审判庭公开审理了…案: where a unit of a body handles a
    case and no sentence of the body's text that hands the case to the body names the body itself
    (not as the head of its unit's name), the headline wrote the unit short: the unit handles the
    case, not also the body."""
    handled = [f for f in doc.facts if f.type == "HANDLED_BY"]
    units = {m.key: m.props["parent"] for m in doc.mentions if m.type == "Agency" and m.role == "unit" and m.props.get("parent")}
    drop = set()
    for f in handled:
        parent = units.get(f.target)
        if parent is None or (f.source, ("Agency", parent)) in drop:
            continue
        by_parent = [g for g in handled if g.source == f.source and g.target == ("Agency", parent)]
        if by_parent and not any(m.name == parent and not _has_unit(doc, m) for g in by_parent if not _in_heading(doc, g.sentence.start)
                                 for m in doc.mentions_in(g.sentence.start, g.sentence.end, "Agency")):
            drop.add((f.source, ("Agency", parent)))
    if drop:
        doc.facts[:] = [f for f in doc.facts if not (f.type == "HANDLED_BY" and (f.source, f.target) in drop)]


def _handled_after(doc: Doc) -> None:
    """<case>, 检察机关已起诉… : the body that acts on a case right after naming it."""
    for case in [m for m in doc.mentions if m.type == "Case" and not m.props.get("handled_by")]:
        sentence = doc.sentence_at(case.start)
        segment_end = min([p for p in (doc.norm.find(c, case.end, sentence.end) for c in ";；") if p >= 0] + [sentence.end])
        framed = _framed_by_work(doc, sentence, case)
        if framed is not None:
            _fact(doc, "HANDLED_BY", case, framed, sentence)
            continue
        for agency in doc.mentions_in(case.end, segment_end, "Agency"):
            # 将此案向临洮县人民法院提起公诉: the court is whom the case goes to, not its handler.
            if doc.norm[max(0, agency.start - 1):agency.start] in _TO_BODY:
                continue
            # 该案主办单位三河市公安局刑警大队已…, 公诉机关临安区人民检察院: a role word before the body
            # makes it the case's handler.
            role = _handler_role().search(doc.norm, max(case.end, agency.start - 8), agency.start)
            if role and _has_unit(doc, agency):
                # (主办单位三河市公安局|刑警大队: the unit written on is the handler, not its head)
                unit = next((u for u in doc.mentions_in(agency.end, segment_end, "Agency") if u.start == agency.end), None)
                agency = unit or agency
            if role or _handles_next().match(doc.norm, agency.end, agency.end + 16):
                _fact(doc, "HANDLED_BY", case, agency, sentence)
                # 本案经A法院一审，B法院二审: each body the clauses after the case name with its
                # own handling verb handles it.
                if not _NEXT_HANDLER.match(doc.norm, doc.clause_end(agency.end)):
                    break


@lru_cache(maxsize=1)
def _work_frame_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """在(依法)办理/审理/侦办 … 时, 在审查起诉 … 过程中: the frame a case's work opens (cues.yaml
    handle_verbs, case_frame_ends)."""
    opens = re.compile(rf"在(?:{lexicon.alternation('act_adverbs')})*(?:{lexicon.alternation('handle_verbs')})$")
    closes = re.compile(rf"(?:{lexicon.alternation('case_frame_ends')})[,，]\s*")
    return opens, closes


def _framed_by_work(doc: Doc, sentence: Span, case: Mention) -> Mention | None:
    """在办理林某亮等11人诈骗案时，该院审查发现…: a case inside the frame of a body's work on it (在
    <handling verb><case>时/中/过程中，) is handled by the body that opens the clause after the frame."""
    opens, closes = _work_frame_re()
    if not opens.search(doc.norm, max(sentence.start, case.start - 8), case.start):
        return None
    after = closes.match(doc.norm, case.end)
    if after is None:
        return None
    kinds = lexicon.cues()["handler_kinds"]
    return next((a for a in doc.mentions_in(after.end(), after.end() + 12, "Agency")
                 if a.start == after.end() and a.props.get("kind") in kinds), None)


@lru_cache(maxsize=1)
def _handler_role() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.alternation('handler_roles')})(?:是|为|系)?[:：]?$")


_NEXT_HANDLER = re.compile(r"[,，、](?:再由|由|后由|经|又经)?")


@lru_cache(maxsize=1)
def _handles_next() -> re.Pattern[str]:
    """检察机关已起诉, 法院依法公开审理了此案, 由X检察院提起公诉: a handling verb a few words on."""
    return re.compile(rf"[^,，。;；:：]{{0,6}}?(?:{lexicon.alternation('handle_verbs')})")


def _cooperation(doc: Doc) -> None:
    """A会同B…: cooperation, unless the clause chain goes on to lead a campaign together."""
    led = {(f.source, f.sentence) for f in doc.facts if f.type == "PARTICIPATES_IN"}
    leading = led | {(f.source, f.sentence) for f in doc.facts if f.type == "LEADS"}
    for sentence in doc.sentences:
        for marker in _words()["partner_markers"].finditer(doc.norm, sentence.start, sentence.end):
            stop = min([p for p in (doc.norm.find(c, marker.end(), sentence.end) for c in ",，;；") if p >= 0] + [sentence.end])
            # (联合人民银行金普新区分行: the bank written as the head of its branch's name is no partner.)
            partners = [a for a in doc.mentions_in(marker.end(), stop, "Agency") if _role(doc, sentence, a) == "partner" and not _has_unit(doc, a)]
            if not partners:
                # 最高人民法院、最高人民检察院联合发布…: the bodies listed before 联合 act together.
                joint = _joint_actors(doc, sentence, marker.start())
                # 省公安厅…，与省高级人民法院、省人民检察院联合发布…: the bodies listed after 与
                # are the partners of the clause chain's subject, not of each other.
                if joint and doc.norm[doc.clause_start(joint[0].start):joint[0].start].strip(_QUOTES) in ("与", "同", "并与", "还与"):
                    acting = _acting_before(doc, sentence, joint[0].start)
                    subject = acting[-1] if acting else _carried_subject(doc, sentence)
                    if subject is not None and subject.name not in {a.name for a in joint} and (subject.key, sentence) not in leading:
                        for other in joint:
                            _fact(doc, "COOPERATES_WITH", subject, other, sentence)
                    continue
                if not any((a.key, sentence) in leading for a in joint):
                    for other in joint[1:]:
                        _fact(doc, "COOPERATES_WITH", joint[0], other, sentence)
                continue
            before = _acting_before(doc, sentence, marker.start())
            subject = before[-1] if before else _carried_subject(doc, sentence)
            if subject is None:
                continue
            # 二是深入推进“断卡”行动。全国公安机关将继续会同检察、法院…: the partners of a
            # paragraph about a campaign the subject leads take part in it.
            para = doc.paragraphs[doc.paragraph_index(sentence.start)]
            campaigns = {f.target for f in doc.facts if f.type == "LEADS" and f.source == subject.key
                         and para.start <= f.sentence.start < sentence.start}
            if doc.mentions_in(marker.end(), stop, "Case"):
                campaigns = set()  # 联合湖北警方开展“凤凰行动”专案收网: they work a case together
            for partner in partners:
                if partner.name == subject.name or (partner.key, sentence) in led:
                    continue
                for campaign in sorted(campaigns):
                    doc.facts.append(Fact("PARTICIPATES_IN", partner.key, campaign, sentence))
                if not campaigns:
                    _fact(doc, "COOPERATES_WITH", subject, partner, sentence)


_JOINED = ("、", "和", "及", "以及")


def _acting_before(doc: Doc, sentence: Span, pos: int) -> list[Mention]:
    """The bodies acting as subjects before `pos` in the sentence; not those written after
    与 (公安部与国家网信办、工业和信息化部等部门密切协作，会同…: the bodies after 与 and listed
    with them are the subject's partners, not the subject of what follows)."""
    acting: list[Mention] = []
    previous, partnered = None, False
    for a in doc.mentions_in(sentence.start, pos, "Agency"):
        gap = doc.norm[previous.end:a.start].strip(_QUOTES) if previous is not None else None
        partnered = gap is not None and (gap in ("与", "同") or (partnered and gap in _JOINED))
        previous = a
        if not partnered and _role(doc, sentence, a) == "subject":
            acting.append(a)
    return acting


@lru_cache(maxsize=1)
def _joint_day() -> re.Pattern[str]:
    return re.compile(rf"(?:\d{{1,2}}日|{lexicon.alternation('recent_days')})?(?:{lexicon.alternation('adverbs_before_verb')})*$")


_JOINT_REACH = 80  # characters: longer than any body's name with the word joining it


def _body_before(doc: Doc, start: int, pos: int) -> Mention | None:
    """The last body named in [start, pos), passing over a bureau written only as the head of
    its unit's name (菏泽市公安局|开发区分局联合…: no second actor)."""
    return next((a for a in reversed(doc.mentions_in(start, pos, "Agency")) if not _has_unit(doc, a)), None)


def _joint_actors(doc: Doc, sentence: Span, pos: int) -> list[Mention]:
    """The distinct bodies listed right before `pos` (A、B和C联合…), in text order."""
    found: list[Mention] = []
    # (广东省公安厅与省通信管理局14日联合通报: the day they act may stand before 联合.)
    pos -= len(_joint_day().search(doc.norm, max(0, pos - 8), pos).group())
    # Walked back body by body, each looked for just before the last (a sentence with no end may
    # hold thousands of bodies: never all of them for each 联合).
    while (last := _body_before(doc, max(sentence.start, pos - _JOINT_REACH), pos)) is not None \
            and doc.norm[last.end:pos].strip(_QUOTES) in ("", "、", "和", "与", "及", "以及"):
        found.insert(0, last)
        pos = last.start
    names: dict[str, Mention] = {}
    for a in found:
        names.setdefault(a.name, a)
    return list(names.values()) if len(names) > 1 else []
