"""Folders as users arrange them: the same file name under two PATHS, the output folder
inside the input, outputs copied with cp -rL, odd kg.json files given to the readers."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix == ".txt")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_one_name_under_two_paths_is_two_documents_in_either_order(tmp_path: Path) -> None:
    for folder, seed in (("a", SEEDS[0]), ("b", SEEDS[4])):
        (tmp_path / folder).mkdir()
        shutil.copy(seed, tmp_path / folder / "x.txt")
    code, out = run("build", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "ab"), "-q", "--json")
    assert code == 0, out
    assert json.loads(out)["documents_read"] == 2
    code, out = run("build", str(tmp_path / "b"), str(tmp_path / "a"), "--out", str(tmp_path / "ba"), "-q")
    assert code == 0, out
    assert (tmp_path / "ab" / "kg.json").read_bytes() == (tmp_path / "ba" / "kg.json").read_bytes()


def test_links_to_folders_are_named_as_not_followed_and_a_loop_ends(tmp_path: Path) -> None:
    docs, other = tmp_path / "docs", tmp_path / "other"
    (docs / "a").mkdir(parents=True)
    other.mkdir()
    shutil.copy(SEEDS[0], docs / "a" / "x.txt")
    shutil.copy(SEEDS[1], other / "y.txt")
    (docs / "linked").symlink_to(other)
    (docs / "a" / "loop").symlink_to(docs)
    code, out = run("build", str(docs), "--out", str(tmp_path / "o"), "-q", "--json", "--outputs", "none")
    assert code == 0, out
    summary = json.loads(out[out.index("{"):out.rindex("}") + 1])
    assert summary["documents_read"] == 1
    reason = "a link to a folder, not followed: give the folder itself as a PATH"
    assert summary["skipped"] == [{"path": str(docs / "a" / "loop"), "reason": reason}, {"path": str(docs / "linked"), "reason": reason}]


def test_an_output_folder_inside_the_input_is_not_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    for _ in range(2):
        code, out = run("build", str(docs), "--out", str(docs / "out"), "-q", "--json", "--no-cache")
        assert code == 0, out
        assert json.loads(out)["documents_read"] == 5


def test_outputs_copied_with_their_links_followed_can_be_built_into(tmp_path: Path) -> None:
    code, out = run("build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "-q", "--outputs", "none")
    assert code == 0, out
    subprocess.run(["cp", "-rL", str(tmp_path / "out"), str(tmp_path / "copy")], check=True)
    code, out = run("build", str(ROOT / "seeds"), "--out", str(tmp_path / "copy"), "-q", "--outputs", "none")
    assert code == 0, out
    assert (tmp_path / "copy" / ".current").is_symlink()
    assert (tmp_path / "copy" / "kg.json").read_bytes() == (tmp_path / "out" / "kg.json").read_bytes()


def test_an_index_made_after_a_build_belongs_to_its_generation(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("build", str(ROOT / "seeds"), "--out", str(out), "-q", "--outputs", "none")
    code, _ = run("lookup", "公安部", "--graph", str(out / "kg.json"))
    assert code == 0
    assert not (out / "kg.index.sqlite").exists(), "made beside the file kg.json links to"
    run("build", str(ROOT / "seeds"), "--out", str(out), "-q", "--outputs", "none", "--no-cache")
    assert not [p for p in out.iterdir() if p.name == "kg.index.sqlite"]


@pytest.mark.parametrize(("name", "change"), [
    ("no schema_version", lambda d: d.pop("schema_version")),
    ("v1 evidence without its sentence", lambda d: [ev.pop("sentence") for r in d["relations"] for ev in r["evidence"]]),
    ("a list", None),
])
def test_odd_kg_json_files_are_one_line_errors_in_every_reader(tmp_path: Path, seeds_kg_json: Path, name: str, change) -> None:
    if change is None:
        data = []
    else:
        data = json.loads(seeds_kg_json.read_text("utf-8"))
        if name.startswith("v1"):
            data = json.loads((ROOT / "tests" / "data" / "mini_kg.json").read_text("utf-8"))
        change(data)
    graph = tmp_path / "kg.json"
    graph.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    for args in (["lookup", "公安部"], ["stats"], ["export", "neo4j-csv", str(tmp_path / "csv")]):
        code, out = run(*args, "--graph", str(graph))
        if name == "no schema_version" and code == 0:
            continue  # read as version 2 from its sentences
        assert code != 0 and "Traceback" not in out and len(out.strip().splitlines()) == 1, (args, out)


def test_a_folder_given_as_the_graph_is_one_line(tmp_path: Path) -> None:
    code, out = run("lookup", "公安部", "--graph", str(tmp_path))
    assert code == 1 and "a folder, not a kg.json file" in out and "Traceback" not in out
