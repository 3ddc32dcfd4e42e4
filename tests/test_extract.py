"""Extraction on sentences written for the tests (tests/data/extract_cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.clean import clean
from kg.extract import extract
from kg.extract.doc import Doc
from kg.text import normalize

CASES = yaml.safe_load((Path(__file__).parent / "data" / "extract_cases.yaml").read_text("utf-8"))


def _run(case: dict) -> Doc:
    text = case.get("text_prefix", "") + case["text"] if case.get("text_prefix") else case["text"]
    if case.get("clean"):
        text = clean(text, "text")[0]
    return extract(Doc(id="d", text=text, date=str(case["date"]), title=""))


def _fig_ref(value, unit) -> str:
    value = float(value)
    return f"FIG:{int(value) if value == int(value) else value}:{unit}"


def _found(doc: Doc):
    entities = {(m.type, m.name) for m in doc.mentions if m.role != "prefix"}  # a prefix is no entity
    figs = {f.start: f for f in doc.figures}

    def end(key):
        return _fig_ref(figs[int(key[1])].value, figs[int(key[1])].unit) if key[0] == "Figure" else key[1]

    relations = {(f.type, end(f.source), end(f.target)) for f in doc.facts}
    return entities, relations


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_case(case):
    doc = _run(case)
    entities, relations = _found(doc)
    for etype, name in case.get("entities", []):
        assert (etype, normalize(name)) in entities, f"missing {etype} {name}; found {sorted(entities)}"
    for etype, name, alias in case.get("aliases", []):
        found = [m.props.get("aliases", []) for m in doc.mentions if (m.type, m.name) == (etype, normalize(name))]
        assert any(normalize(alias) in a for a in found), f"{etype} {name} lacks the alias {alias}; has {found}"
    for rtype, source, target in case.get("relations", []):
        key = (rtype, normalize(source), normalize(target))
        assert key in relations, f"missing {key}; found {sorted(relations)}"
    for item in case.get("absent", []):
        if len(item) == 2:
            assert (item[0], normalize(item[1])) not in entities
        else:
            assert (item[0], normalize(item[1]), normalize(item[2])) not in relations
    got = {(f.value, f.unit): f for f in doc.figures}
    for value, unit, approx, change, *period in case.get("figures", []):
        fig = got.get((value, unit))
        assert fig is not None, f"missing figure {value} {unit}; found {sorted(got)}"
        assert fig.approx == approx
        assert fig.change == change
        if period:
            assert (fig.period_start, fig.period_end) == (str(period[0]), str(period[1]))
    for value, unit, label in case.get("labels", []):
        assert got[(value, unit)].label == normalize(label), got[(value, unit)].label
    refs = {f"{f.value}:{f.unit}" for f in doc.figures}
    for ref in case.get("no_figures", []):
        assert ref not in refs
    if "figures_count" in case:
        assert len(doc.figures) == case["figures_count"], [f.raw for f in doc.figures]


def test_evidence_keeps_the_original_traditional_text():
    doc = _run(next(c for c in CASES if c["name"].startswith("traditional")))
    person = next(m for m in doc.mentions if m.type == "Person")
    assert doc.text[person.start:person.end] == "程雷"
    sentence = doc.sentence_at(person.start)
    assert "檢察機關" in doc.text[sentence.start:sentence.end]


def test_a_sentence_of_thousands_of_numbers_is_read_in_part_and_said(tmp_path):
    from kg.build import process_file
    from kg.extract.figures import MAX_FIGURES_PER_SENTENCE

    path = tmp_path / "line.txt"
    path.write_text("公安部通报：" + "打掉团伙4.2万个" * 5000, "utf-8")
    document, doc, warnings = process_file(path, "line.txt")
    assert document is not None and len(doc.figures) == MAX_FIGURES_PER_SENTENCE == 1000
    assert warnings == ["line.txt: a sentence of 45,006 characters at 0 holds more than 1,000 numbers: the first 1,000 were read"]


def test_a_selective_charge_written_with_some_of_its_acts_is_that_charge_as_written():
    # 走私、贩卖、运输、制造毒品罪 is one charge; a court names the acts of its case, in the law's order.
    text = "法院以贩卖、制造毒品罪判处被告人张某有期徒刑十年，以走私、运输毒品罪判处被告人李某有期徒刑八年。"
    doc = extract(Doc(id="d", text=text, date="2024-01-01", title=""))
    written = sorted(doc.norm[m.start:m.end] for m in doc.mentions if m.type == "Crime")
    assert written == sorted(["走私、运输毒品罪", "贩卖、制造毒品罪"])
    assert {m.name for m in doc.mentions if m.type == "Crime"} == {"走私、贩卖、运输、制造毒品罪"}
