"""The CLI as a user meets it: kg build, kg lookup, kg eval, and their errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_build_writes_every_output_and_a_summary(tmp_path):
    out = tmp_path / "out"
    result = run("build", str(SEEDS), "--out", str(out))
    assert "Read 5 document(s), skipped 0" in result.output
    assert "Agency" in result.output and "LEADS" in result.output and "Conflicts: none" in result.output
    for name in ("kg.json", "kg.ttl", "kg.jsonld", "graph.html", "index.html"):
        assert (out / name).stat().st_size > 0
        assert f"{out / name}" in result.output
    assert not list(out.glob("*.tmp"))


def test_build_is_byte_identical_from_run_to_run_and_in_any_order(tmp_path):
    run("build", str(SEEDS), "--out", str(tmp_path / "a"))
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for path in sorted(SEEDS.iterdir(), reverse=True):
        (shuffled / path.name).write_bytes(path.read_bytes())
    run("build", str(shuffled), "--out", str(tmp_path / "b"), "--jobs", "2")
    for name in ("kg.json", "kg.ttl", "kg.jsonld", "graph.html", "index.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    pages = sorted(p.name for p in (tmp_path / "a" / "entities").iterdir())
    assert len(pages) > 30 and pages == sorted(p.name for p in (tmp_path / "b" / "entities").iterdir())
    for name in pages:
        assert (tmp_path / "a" / "entities" / name).read_bytes() == (tmp_path / "b" / "entities" / name).read_bytes(), name


def test_build_json_summary(tmp_path):
    result = run("build", str(SEEDS), "--out", str(tmp_path), "--json")
    summary = json.loads(result.output)
    assert summary["documents_read"] == 5
    assert summary["nodes"]["Agency"] >= 20 and summary["relations"]["LEADS"] >= 8


def test_bad_documents_are_listed_and_the_others_still_read(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_bytes((SEEDS / "004_9ed6960d2a6aa374.txt").read_bytes())
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (docs / "english.md").write_text("Just some English words, no Chinese at all here.", "utf-8")
    (docs / "broken.md").write_text("---\ntitle: [x\n---\n公安部深入推进“断卡”行动，打掉犯罪团伙300个。", "utf-8")
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Read 2 document(s), skipped 3" in result.output
    for line in ("empty.txt: empty file", "binary.html: binary file", "english.md: no Chinese text"):
        assert line in result.output
    assert "broken.md: broken front matter" in result.output
    assert "Traceback" not in result.output


def test_nothing_readable_exits_non_zero_and_leaves_the_previous_graph(tmp_path):
    out = tmp_path / "out"
    run("build", str(SEEDS), "--out", str(out))
    before = (out / "kg.json").read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["build", str(empty), str(tmp_path / "missing"), "--out", str(out)])
    assert result.exit_code == 1
    assert "empty folder" in result.output and "no such file or folder" in result.output
    assert "Error: no document could be read" in result.output
    assert (out / "kg.json").read_bytes() == before


def test_lookup_shows_what_the_ministry_leads_with_evidence(seeds_kg_json):
    result = run("lookup", "公安部", "--graph", str(seeds_kg_json))
    for campaign in ("断卡", "断流", "云剑"):
        assert f"-[LEADS]-> {campaign} [Campaign]" in result.output
    assert "全国公安机关深入开展“云剑”“长城”“断卡”“断流”“5·10”等专项行动" in result.output
    assert "002_587dd7b4065cfb4b.txt" in result.output


def test_lookup_is_alias_aware_and_filters(seeds_kg_json):
    result = run("lookup", "最高检", "--graph", str(seeds_kg_json), "--relation", "HANDLED_BY", "--json")
    answer = json.loads(result.output)
    assert answer[0]["node"]["name"] == "最高人民检察院"
    assert answer[0]["edges"] and all(e["type"] == "HANDLED_BY" and e["direction"] == "in" for e in answer[0]["edges"])
    assert any("四川南充" in e["other"]["name"] for e in answer[0]["edges"])


def test_lookup_suggests_close_names(seeds_kg_json):
    result = CliRunner().invoke(cli, ["lookup", "断卡行动2", "--graph", str(seeds_kg_json)])
    assert result.exit_code == 1
    assert "did you mean 断卡行动2.0" in result.output


def test_lookup_without_a_graph_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["lookup", "公安部", "--graph", str(tmp_path / "kg.json")])
    assert result.exit_code == 1
    assert "run `kg build` first" in result.output


def test_eval_on_the_seeds_meets_the_quality_bar(seeds_kg_json):
    result = run("eval", str(ROOT / "tests" / "gold"), "--graph", str(seeds_kg_json), "--json")
    scores = json.loads(result.output)["scores"]
    assert scores["entities"]["f1"] >= 0.95
    assert scores["figures"]["f1"] >= 0.95
    assert scores["relations"]["f1"] >= 0.85
    for core in ("LEADS", "YIELDS", "HANDLED_BY"):
        assert scores[core]["f1"] >= 0.85


def test_eval_verbose_lists_misses_and_extras(seeds_kg_json):
    result = run("eval", str(ROOT / "tests" / "gold"), "--graph", str(seeds_kg_json), "--verbose")
    assert "precision" in result.output
    assert " missed: " in result.output or " extra: " in result.output


def test_eval_rejects_a_folder_without_gold(tmp_path, seeds_kg_json):
    result = CliRunner().invoke(cli, ["eval", str(tmp_path), "--graph", str(seeds_kg_json)])
    assert result.exit_code == 1 and "no gold files" in result.output


def _leaf_commands() -> list[tuple[str, ...]]:
    import click

    leaves = []
    for name in sorted(COMMANDS):
        command = cli.get_command(None, name)
        if isinstance(command, click.Group):
            leaves += [(name, sub) for sub in sorted(command.list_commands(None))]
        else:
            leaves.append((name,))
    return leaves


@pytest.mark.parametrize("command", _leaf_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert "Example" in result.output, result.output
    assert f"kg {' '.join(command)}" in result.output


def test_lookup_imports_none_of_the_heavy_libraries(seeds_kg_json):
    code = (
        "import sys; from click.testing import CliRunner; from kg.cli import cli;"
        f"r = CliRunner().invoke(cli, ['lookup', '公安部', '--graph', {str(seeds_kg_json)!r}]);"
        "assert r.exit_code == 0, r.output;"
        "print(','.join(m for m in ('rdflib', 'pyoxigraph', 'neo4j', 'networkx', 'pyvis', 'pyshacl', 'bs4', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_python_dash_m_kg_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=True)
    assert "kg build" in out.stdout


def test_a_50_mb_html_file_is_skipped_in_one_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("公安部深入推进“断卡”行动，打掉犯罪团伙300个，抓获犯罪嫌疑人500名。", "utf-8")
    with (docs / "huge.html").open("wb") as fh:
        fh.write(b"<html><body><p>")
        fh.write("诈骗".encode() * (50 * 1024 * 1024 // 6))
        fh.write(b"</p></body></html>")
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "huge.html" in line]
    assert lines and all("too large (50.0 MB; the limit is 20 MB, see --max-size)" in line for line in lines)


def test_a_long_run_shows_a_progress_bar(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(60):
        (docs / f"{i:02}.txt").write_text(f"公安部深入推进“断卡”行动，打掉犯罪团伙{i + 1}个。", "utf-8")
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "Reading" in result.output and "Read 60 document(s)" in result.output
    quiet = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out"), "--quiet"])
    assert "Reading" not in quiet.output


def test_eval_on_a_corpus_split_builds_it_and_lists_every_relation_type_and_error_kinds():
    result = run("eval", str(ROOT / "tests" / "corpus" / "dev"))
    lines = result.output.splitlines()
    assert lines[0] == f"{len(list((ROOT / 'tests' / 'corpus' / 'dev').glob('*.txt')))} documents"
    names = {line.split()[0] for line in lines[2:] if line and not line.startswith(("figure attributes", "most"))}
    assert {"entities", "figures", "relations", "core", "LEADS", "YIELDS", "HANDLED_BY", "REPORTS", "PART_OF"} <= names
    errors = next(line for line in lines if line.startswith("most frequent errors: "))
    assert "YIELDS" in errors


def test_eval_json_carries_the_error_kinds(seeds_kg_json):
    data = json.loads(run("eval", str(ROOT / "tests" / "gold"), "--graph", str(seeds_kg_json), "--json").output)
    assert set(data) == {"scores", "attributes", "errors"}
    assert all(isinstance(n, int) and n > 0 for _kind, n in data["errors"])


def test_a_document_that_fails_is_skipped_with_its_stage_and_strict_stops(tmp_path, monkeypatch):
    import kg.build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_bytes((SEEDS / "004_9ed6960d2a6aa374.txt").read_bytes())
    (docs / "bad.txt").write_text("公安部通报：此文会让提取出错。", "utf-8")
    real = kg.build.extract

    def failing(doc):
        if "提取出错" in doc.text:
            raise RuntimeError("boom\nsecond line")
        return real(doc)

    monkeypatch.setattr(kg.build, "extract", failing)
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "bad.txt: extraction failed (RuntimeError: boom second line); the other documents are built" in result.output
    assert "Read 1 document(s), skipped 1" in result.output
    assert "Traceback" not in result.output
    strict = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out2"), "-j", "1", "--strict"])
    assert strict.exit_code != 0 and isinstance(strict.exception, RuntimeError)
    assert not (tmp_path / "out2" / "kg.json").exists()


def test_front_matter_dates_that_do_not_exist_vague_numerals_and_yaml_aliases_stop_nothing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "baddate.md").write_text("---\ntitle: 测试\ndate: 2022-13-45\n---\n公安部深入推进“断卡”行动，打掉犯罪团伙300个。", "utf-8")
    (docs / "numerals.txt").write_text("公安部打掉团伙百百万个，获利一两千元，抓获嫌疑人12名。", "utf-8")
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n"
    (docs / "aliases.md").write_text(bomb + "公安部深入推进专项行动，打掉团伙5个。", "utf-8")
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Read 3 document(s), skipped 0" in result.output
    assert "baddate.md: front-matter date '2022-13-45' is not a date: read without one" in result.output
    assert "aliases.md: front matter uses YAML anchors or aliases: ignored" in result.output
    graph = json.loads((tmp_path / "out" / "kg.json").read_text("utf-8"))
    values = sorted(e["props"]["value"] for e in graph["entities"] if e["type"] == "Figure")
    assert values == [5, 12, 300]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_outputs_take_their_mode_from_the_umask(tmp_path, umask, mode):
    import os

    old = os.umask(umask)
    try:
        run("build", str(SEEDS), "--out", str(tmp_path / "out"), "-q")
    finally:
        os.umask(old)
    files = sorted(p for p in (tmp_path / "out").iterdir() if p.is_file())
    assert {p.name for p in files} >= {"kg.json", "kg.ttl", "kg.jsonld", "graph.html", "index.html", "kg.index.sqlite"}
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in files} == {p.name: oct(mode) for p in files}


def test_terminal_escapes_in_documents_never_reach_the_terminal(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    payload = "\x1b]0;PWNED\x07\x1b[2J"
    (docs / "evil.txt").write_text(f"公安部深入推进“断卡”行动{payload}，打掉犯罪团伙300个。", "utf-8")
    out = tmp_path / "out"
    run("build", str(docs), "--out", str(out), "-q")
    graph = str(out / "kg.json")
    for args in (("lookup", "断卡", "--graph", graph), ("stats", "--graph", graph), ("path", "公安部", "断卡", "--graph", graph),
                 ("sparql", "SELECT ?s WHERE { ?x <http://schema.org/headline> ?s }", "--graph", str(out))):
        text = run(*args).output
        assert "\x1b" not in text and "\x07" not in text, args
        assert "PWNED" in text or args[0] == "stats", args
    assert "\\x1b]0;PWNED\\x07" in run("lookup", "断卡", "--graph", graph).output
    raw = json.loads(run("lookup", "断卡", "--graph", graph, "--json").output)
    assert any(payload in ev["sentence"] for edge in raw[0]["edges"] for ev in edge["evidence"])


def test_neo4j_rows_are_terminal_safe_in_tables_and_raw_in_json():
    from kg.neo4j.query import format_rows

    rows = [["公安部\x1b[2J", 1]]
    assert "\x1b" not in format_rows(["name", "n"], rows, "table")
    assert "\\x1b[2J" in format_rows(["name", "n"], rows, "table")
    assert "\x1b[2J" in json.loads(format_rows(["name", "n"], rows, "json"))[0]["name"]


def test_every_command_names_nodes_the_same_way(seeds_kg_json, tmp_path):
    """lookup, path and viz take the same names (id, name, alias, folded, a figure's value
    text) and word the same mistake the same way."""
    graph = str(seeds_kg_json)
    figure = CliRunner().invoke(cli, ["lookup", "4.2万个", "--graph", graph, "--json"])
    assert figure.exit_code == 0, figure.output
    assert [a["node"]["name"] for a in json.loads(figure.output)] == ["打掉‘两卡’违法犯罪团伙4.2万个"]
    path = CliRunner().invoke(cli, ["path", "最高检", "4.2万个", "--graph", graph])
    assert path.exit_code == 0, path.output
    assert path.output.splitlines()[0].startswith("最高人民检察院 ") and path.output.splitlines()[0].endswith("4.2万个")
    exact = CliRunner().invoke(cli, ["lookup", "公安部", "--graph", graph, "--json"])
    assert [a["node"]["name"] for a in json.loads(exact.output)] == ["公安部"]  # not 公安部刑事侦查局
    messages = set()
    for args in (["lookup", "公按部"], ["path", "公按部", "断卡"], ["viz", "--focus", "公按部", "--out", str(tmp_path / "v.html")]):
        result = CliRunner().invoke(cli, [*args, "--graph", graph])
        assert result.exit_code == 1
        messages.add(result.output.strip().splitlines()[-1])
    assert messages == {f"Error: nothing named '公按部' in {graph} (did you mean 公安部?)"}
    typed = CliRunner().invoke(cli, ["lookup", "公安部", "--type", "Campaign", "--graph", graph])
    assert typed.exit_code == 1
    assert typed.output.strip() == f"Error: no Campaign named '公安部' in {graph} (there is an Agency: drop --type)"


def test_build_summary_points_at_its_own_outputs_and_says_each_skip_once(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("公安部深入推进“断卡”行动，打掉犯罪团伙300个，抓获犯罪嫌疑人1200名。", "utf-8")
    (docs / "empty.txt").write_bytes(b"")
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("empty.txt") == 1
    look = result.output.split("Look:\n", 1)[1].splitlines()
    assert look[0].startswith(f"  open {out / 'index.html'} ") and look[1].startswith(f"  open {out / 'graph.html'} ")
    assert look[2].startswith(f"  kg lookup 公安部 --graph {out / 'kg.json'} ")
    assert not any("kg eval tests/gold" in line for line in look)  # not the seeds
    lookup = CliRunner().invoke(cli, ["lookup", "公安部", "--graph", str(out / "kg.json")])
    assert lookup.exit_code == 0


def test_a_lone_digit_sign_or_unit_names_no_figure(seeds_kg_json):
    for text in ("%", "1", "万", "个"):
        result = CliRunner().invoke(cli, ["lookup", text, "--graph", str(seeds_kg_json)])
        assert result.exit_code == 1, text
        assert result.output.startswith(f"Error: nothing named '{text}'")
    wildcard = CliRunner().invoke(cli, ["lookup", "%", "--graph", str(seeds_kg_json)])
    assert "公安部" not in wildcard.output  # % is text here, not SQL's wildcard
