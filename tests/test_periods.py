"""Periods of time expressions (tests/data/period_cases.yaml), as a figure at the end of
each clause would take them: kg.extract.periods on the extractor's normalised text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.extract.periods import find_periods
from kg.text import normalize

CASES = yaml.safe_load((Path(__file__).parent / "data" / "period_cases.yaml").read_text("utf-8"))

# Cases the resolver still gets wrong, with why (strict: a fix must remove them here).
XFAIL: dict[str, str] = {
    "not_hotline_96110": "全年 is always read as a year (the project's 全年 rule), also in 全年无休 "
                         "(all year round), where it names no period",
}


def _iso(value) -> str | None:
    return None if value is None else str(value)


def _period(text: str, base: str | None) -> tuple[str | None, str | None]:
    found = find_periods(normalize(text), base)
    return (found[-1].first, found[-1].last) if found else (None, None)


def _param(case: dict):
    marks = [pytest.mark.xfail(reason=XFAIL[case["id"]], strict=True)] if case["id"] in XFAIL else []
    return pytest.param(case, id=case["id"], marks=marks)


def test_case_ids_are_unique_and_expressions_in_text():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert set(XFAIL) <= set(ids)
    for case in CASES:
        assert case["expr"] in case["text"], case["id"]


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_period(case):
    want = (_iso(case["start"]), _iso(case["end"]))
    assert _period(case["text"], _iso(case["base"])) == want


def test_spans_cover_the_expression_and_do_not_overlap():
    text = normalize("截至2022年底，累计处置账户200万个；2023年1月1日至6月30日，冻结账户1.5万个；自2020年10月行动开展以来，打掉团伙1万余个。")
    found = find_periods(text, "2023-07-10")
    assert [text[p.start:p.end] for p in found] == ["截至2022年底", "2023年1月1日至6月30日", "自2020年10月行动开展以来"]
    assert [(p.first, p.last) for p in found] == [
        (None, "2022-12-31"), ("2023-01-01", "2023-06-30"), ("2020-10-01", "2023-07-10")]


def test_full_year_takes_the_title_year_and_then_the_last_named():
    assert find_periods("全年共起诉4万人", "2022-04-14", title="2021年检察工作")[0].first == "2021-01-01"
    found = find_periods("今天（14日），发布会举行。全年共起诉4万人", "2022-04-14", title="2021年检察工作")
    assert (found[-1].first, found[-1].last) == ("2021-01-01", "2021-12-31")
    found = find_periods("去年以来，清理电话卡300万张。全年共起诉4万人", "2022-04-14")
    assert (found[-1].first, found[-1].last) == ("2021-01-01", "2021-12-31")


def test_unknown_date_leaves_relative_expressions_open():
    assert [(p.first, p.last) for p in find_periods("2021年以来，今年1至5月，一年来", None)] == [
        ("2021-01-01", None), (None, None), (None, None)]


def test_comparison_bases_are_not_periods():
    assert find_periods("与4月相比下降14.3%", "2021-06-22") == []
    assert find_periods("较上月下降3%，比去年同期下降21%", "2021-06-22") == []
