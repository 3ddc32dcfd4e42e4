"""Property tests: whatever the bytes or text, the reader, the cleaner, the number and
period parsers and the whole extraction never raise, and stay within their contracts.

Bounded to well under a minute in all (examples per test below); hypothesis keeps the
failing example it finds in .hypothesis/ so that a failure is replayed first next time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import process_file
from kg.clean import clean
from kg.extract import extract
from kg.extract.doc import Doc
from kg.extract.figures import _value
from kg.extract.periods import find_periods
from kg.read import read_file

# Text like the domain's: Chinese of fraud reports, numerals, units, punctuation, quotes,
# markup and junk, mixed with anything at all.
PIECES = ["公安部", "最高人民检察院", "县公安局", "镇平县", "“断卡”", "行动", "专案", "打掉", "团伙", "抓获", "犯罪嫌疑人",
          "4.2", "万", "亿", "余", "近", "个", "名", "起", "%", "同比上升", "今年1至5月", "2022年", "以来", "去年",
          "，", "。", "、", "：", "“", "”", "《", "》", "（", "）", "\n", " ", "<p>", "</div>", "---\n", "某", "等人", "诈骗罪",
          "網(wǎng)絡(luò)", "一两千", "百百万", "12·30", "\x1b[2J", "\ufffd", "\u202e"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_reading_any_bytes_gives_a_document_or_a_reason(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("read") / "doc.txt"
    path.write_bytes(data)
    item = read_file(path, "doc.txt")
    assert hasattr(item, "body") or item.reason


@FAST
@given(TEXT)
def test_cleaning_any_text_gives_text_without_its_pinyin_glosses(text):
    cleaned, fmt = clean(text)
    assert isinstance(cleaned, str) and fmt in ("html", "markdown", "text")
    assert "(wǎng)" not in cleaned


@FAST
@given(st.text(alphabet="0123456789.,零〇两一二三四五六七八九十百千万亿", min_size=1, max_size=30),
       st.text(alphabet="十百千万亿", max_size=3))
def test_a_numeral_is_a_finite_number_or_none(num, mags):
    value = _value(num, mags)
    assert value is None or (value == value and abs(value) < 1e18)


@FAST
@given(TEXT, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)) | st.none())
def test_periods_are_ordered_iso_dates_inside_the_text(text, day):
    for p in find_periods(text, day.isoformat() if day else None):
        assert 0 <= p.start <= p.end <= len(text)
        for bound in (p.first, p.last):
            assert bound is None or dt.date.fromisoformat(bound)
        if p.first and p.last:
            assert p.first <= p.last


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([None, "2021-06-22", "2024-02-29"]))
def test_extraction_of_any_text_never_fails_and_keeps_spans_inside_it(text, day):
    doc = extract(Doc(id="p", text=text, date=day))
    for m in doc.mentions:
        assert 0 <= m.start <= m.end <= len(text)
    for f in doc.figures:
        assert 0 <= f.start < f.end <= len(text) and f.value == f.value
    for fact in doc.facts:
        assert 0 <= fact.sentence.start <= fact.sentence.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_a_whole_document_is_read_and_extracted_without_an_exception(tmp_path, text):
    path = Path(tmp_path) / "doc.md"
    path.write_text(text, "utf-8", errors="surrogatepass")
    process_file(path, "doc.md", strict=True)  # strict: any failure raises here
