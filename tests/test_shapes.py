"""ontology/shapes.ttl: good graphs conform, graphs broken by hand fail naming node and rule.

Broken cases are files: tests/data/rdf/broken/<case>.ttl with <case>.expected.json
listing the violations (focus id, rule, constraint). Adding a case is adding two files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Graph

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
BROKEN = sorted((DATA / "rdf" / "broken").glob("*.ttl"))


def _graph(path: Path) -> Graph:
    return Graph.from_dict(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["mini_kg.json", "rdf/rich_kg.json"])
def test_example_graphs_conform(name):
    from kg.rdf.validate import validate_graph
    from kg.writers.rdf import graph_to_rdf

    report = validate_graph(graph_to_rdf(_graph(DATA / name)))
    assert report.violations == []
    assert report.conforms


def test_seeds_graph_conforms(seeds_kg_json):
    from kg.rdf.validate import validate_graph
    from kg.writers.rdf import graph_to_rdf

    report = validate_graph(graph_to_rdf(_graph(seeds_kg_json)))
    assert report.violations == [], report.violations[:10]


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_graph_fails_naming_node_and_rule(path):
    from kg.rdf.validate import validate_dir

    report = validate_dir(path)
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert not report.conforms
    got = {(v.focus, v.rule, v.component) for v in report.violations}
    assert got == {(e["focus"], e["rule"], e["constraint"]) for e in expected}


def test_the_three_cases_of_the_issue_are_covered():
    assert {"figure_without_value", "leads_from_person", "relation_without_evidence"} <= {p.stem for p in BROKEN}


def test_every_broken_case_has_an_expected_report():
    for path in BROKEN:
        assert path.with_suffix(".expected.json").exists(), path


def test_every_relation_type_has_source_and_target_shapes():
    import rdflib
    from rdflib.namespace import SH

    from kg.rdf.vocab import RELATION_PROPERTY

    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    subjects = set(shapes.objects(None, SH.targetSubjectsOf))
    objects = set(shapes.objects(None, SH.targetObjectsOf))
    assert set(RELATION_PROPERTY.values()) <= subjects
    assert set(RELATION_PROPERTY.values()) <= objects


def test_validate_exit_codes(tmp_path):
    from kg.writers.rdf import write_rdf

    write_rdf(_graph(DATA / "mini_kg.json"), tmp_path / "good")
    runner = CliRunner()
    good = runner.invoke(cli, ["validate", str(tmp_path / "good")])
    assert good.exit_code == 0, good.output
    assert "conforms" in good.output

    bad = runner.invoke(cli, ["validate", str(DATA / "rdf/broken/leads_from_person.ttl")])
    assert bad.exit_code == 1
    assert "person-du" in bad.output and "kgs:LeadsSource" in bad.output

    missing = runner.invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "kg build" in missing.output


def test_validate_names_the_line_of_a_broken_kg_ttl(tmp_path):
    (tmp_path / "kg.ttl").write_text('@prefix a: <http://x/> .\n\na:b a:c "unterminated .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "line 3" in result.output and "kg.ttl" in result.output


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_validate_machine_formats(fmt):
    result = CliRunner().invoke(cli, ["validate", str(BROKEN[0]), "--format", fmt])
    assert result.exit_code == 1
    if fmt == "json":
        rows = json.loads(result.output)
        assert rows and {"focus", "rule", "message"} <= set(rows[0])
    else:
        assert result.output.startswith("focus,name,rule")


def test_validate_takes_graph_as_its_error_says_and_says_what_it_does(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    missing = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert missing.exit_code == 2 and "pass --graph DIR" in missing.output
    broken = ROOT / "tests" / "data" / "rdf" / "broken" / "figure_without_value.ttl"
    result = CliRunner().invoke(cli, ["validate", "--graph", str(broken)])
    assert result.exit_code == 1 and "kgs:FigureValue" in result.output
    assert f"Validating {broken} against the SHACL shapes" in result.output  # said before the work
    both = CliRunner().invoke(cli, ["validate", str(tmp_path), "--graph", str(broken)])
    assert both.exit_code == 2 and "give the graph once" in both.output
