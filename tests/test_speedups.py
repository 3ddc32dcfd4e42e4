"""The speed-ups of the extraction's hot paths give what the plain ways give."""

from __future__ import annotations

import random

from kg import lexicon
from kg.text import _WIDTH, fold_width


def _iter_long(matcher: lexicon.Matcher, text: str) -> list:
    return [(end + 1 - len(s), end + 1, s, matcher.forms[s]) for end, s in matcher._automaton.iter_long(text)]


def test_gazetteer_found_run_by_run_as_in_one_pass():
    matcher = lexicon.locations()[0]
    matcher.find("")
    assert matcher._regions is not None  # the gazetteer is large enough to be searched by runs
    forms = list(matcher.forms)
    chars = sorted({c for f in forms for c in f}) + list("的了，。 a1\n")
    rng = random.Random(20261130)
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.4:
                form = rng.choice(forms)
                i, j = sorted(rng.sample(range(len(form) + 1), 2)) if rng.random() < 0.4 else (0, len(form))
                parts.append(form[i:j])
            else:
                parts.append("".join(rng.choice(chars) for _ in range(rng.randint(1, 4))))
        text = "".join(parts)
        assert matcher.find(text) == _iter_long(matcher, text), text


def test_fold_width_as_translate():
    text = "".join(chr(i) for i in range(0x2F00, 0x10000) if not 0xD800 <= i < 0xE000) + "，全角　ＡＢＣ１２３"
    assert fold_width(text) == text.translate(_WIDTH)


def test_trigger_characters_found_as_by_the_set():
    from kg.text import _has_trigger_char, _t2s_triggers

    chars = sorted(_t2s_triggers()[0])
    rng = random.Random(7)
    plain = "公安部开展断卡行动，打掉团伙4.2万个。"
    for _ in range(500):
        text = "".join(rng.choice(plain) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.5:
            i = rng.randint(0, len(text))
            text = text[:i] + rng.choice(chars) + text[i:]
        if rng.random() < 0.2:
            text += "\U00020bb7"  # beyond the BMP, no trigger
        assert _has_trigger_char(text) == (not _t2s_triggers()[0].isdisjoint(text)), text
    assert all(_has_trigger_char(c) for c in chars)


def test_bare_bodies_found_in_windows_as_in_the_whole_text():
    from kg.extract import local

    pattern = local._data()["bare"]
    bodies = list(local._data()["bodies"])
    chars = list("南宁市区县省东西北京路公安局法院人民检察分中，。")
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(chars) if rng.random() < 0.8 else rng.choice(bodies) for _ in range(rng.randint(1, 25)))
        assert [(m.span(), m.groups()) for m in local._bare(text)] == [(m.span(), m.groups()) for m in pattern.finditer(text)], text


def test_lead_and_anchored_patterns():
    import re

    from kg.clean import _anchored, _junk
    from kg.rx import lead

    assert lead("(?<=x)[ab]c") == "(?=[ab])(?<=x)[ab]c"
    assert lead("abc") == "abc"  # the engine finds a literal itself
    assert lead("(?<=x)a|b") == "(?<=x)a|b"  # alternatives at the top
    assert lead(r"(?<=x)\d") == r"(?<=x)\d"  # a category
    assert lead("(?i)(?<=x)a") == "(?i)(?<=x)a"  # inline flags
    assert lead("(?<=x)(?:[ab]c)+") == "(?=[ab])(?<=x)(?:[ab]c)+"  # a group that must match opens it
    assert lead("(?<=x)(?:[ab]c)*d") == "(?<=x)(?:[ab]c)*d"  # one that may not, does not
    assert lead("(?<=x)(?:a?b)") == "(?<=x)(?:a?b)"
    assert _anchored("^ab") and not _anchored("^a|b") and not _anchored(r"^(a)\1") and not _anchored("a^")
    junk = _junk()
    lines = ["责任编辑：张三", "来源：新华社", "正文里的版权所有", "a 详细>> ", "【】", "公安部开展“断卡”行动。", "电话 12345678", "©2023"]
    for line in lines:
        plain = any(p.search(line) for p in junk["line"])
        fast = bool(junk["line_start"].match(line)) or any(p.search(line) for p in junk["line_other"])
        assert plain == fast, line
    import yaml

    from kg.lexicon import _data

    plain_gloss = re.compile(yaml.safe_load(_data("junk.yaml"))["pinyin_gloss"])
    text = "網(wǎng)絡(luò)和(he) (de)的(de)（ān）"
    assert junk["pinyin_gloss"].pattern != plain_gloss.pattern
    assert junk["pinyin_gloss"].sub("", text) == plain_gloss.sub("", text) == "網絡和 (de)的"  # 的(de)（ān）: a run of glosses goes


def _led_patterns():
    from kg.extract import agencies, campaigns, speakers

    return [
        (campaigns._patterns()[1], lexicon.cue_re("described_case_verbs"), 4),
        (campaigns._taken_up(), campaigns._taken_up_heads(), campaigns._TAKEN_UP_LEAD),
        (*agencies._bank_short(), 0),
        (speakers._ARTICLE_END, speakers._ARTICLE_END_HINT, 8),
    ]


def test_led_patterns_found_from_their_hints_as_by_finditer():
    from kg.text import finditer_led

    words = ["依法", "日前", "近日", "已", "对一起", "对一宗", "诈骗案件", "提起公诉", "受理", "移送审查起诉", "的一起",
             "电信诈骗案", "成功", "侦破", "破获", "的", "提前介入", "，", "。", "工行", "农行", "止付", "协助", "办理",
             "跟进", "调查", "审理", "了", "一批", "a", "案", "检察院", "县公安局", "张三", "王小明", "（又名", "(别名：",
             "）", "负责", "担任", "作为", "、", "\n", " ", "（完）", "完", "相关链接", "：", "断卡", "“", "断流", "线索", "集群"]
    rng = random.Random(20261201)
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    found = 0
    for full, hint, lead in _led_patterns():
        kind = 0
        for text in texts:
            pos = len(text) // 3
            for start in (0, pos):
                plain = [(m.span(), m.groups()) for m in full.finditer(text, start)]
                assert [(m.span(), m.groups()) for m in finditer_led(full, hint, text, lead, start)] == plain, text
                kind += len(plain)
        assert kind > 50, full.pattern  # the texts do hold matches of each kind
        found += kind
    assert found > 1000


def test_led_match_keeps_its_leading_words_and_lookbehinds():
    from kg.extract import agencies, campaigns
    from kg.text import finditer_led

    text = "县检察院日前跟进办理一起电信诈骗案，工行止付，某工行止付"
    [case] = finditer_led(campaigns._patterns()[1], lexicon.cue_re("described_case_verbs"), text, 4)
    assert case.group() == "日前跟进办理一起电信诈骗案"
    # the press name after a CJK character is no word (其中工行 would be, by bank_short_before)
    assert [m.span(1) for m in finditer_led(*agencies._bank_short(), text, 0)] == [(18, 20)]


def test_traditional_share_counted_as_character_by_character():
    from kg import lexicon
    from kg.extract import names
    from kg.extract.doc import Doc
    from kg.text import cjk_count

    texts = ["臺灣警方破獲電信詐騙集團，ＡＢＣ１２３　拘捕４５名大陸籍人士", "县公安局破获电信诈骗案，抓获ＡＢ嫌疑人", "網(wǎng)絡(luò)詐騙案件",
             "香港警方拘捕１２人（涉款３００萬元）", "国家反诈中心發布預警"]
    for text in texts:
        doc = Doc(id="d", text=text)
        plain = sum(1 for a, b in zip(doc.text, doc.norm, strict=True) if a != b and "\u4e00" <= b <= "\u9fff")
        expected = (plain >= names._TRADITIONAL_SHARE * max(1, cjk_count(doc.norm)) and not names._PINYIN_GLOSS.search(doc.text)
                    and lexicon.cue_re("written_abroad_words").search(doc.norm) is not None)
        assert names.written_abroad(doc) is expected, text
    assert names.written_abroad(Doc(id="d", text=texts[0])) and not names.written_abroad(Doc(id="d", text=texts[1]))
