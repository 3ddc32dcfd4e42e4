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
