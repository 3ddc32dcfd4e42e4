"""The README stays true: every command is documented, CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command):
    assert re.search(rf"kg {command}\b", README), f"`kg {command}` is not documented in README.md"


def test_ci_runs_exactly_the_readme_test_command():
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", README, re.S).group(1)
    lines = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert len(lines) == 2
    test_command = lines[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert f"exec {test_command}" in ci


def test_the_readme_build_command_builds_the_seeds():
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", README, re.S).group(1)
    assert block.strip().splitlines()[0].split("#")[0].strip().endswith("kg build")
    assert (ROOT / "seeds").is_dir() and len(list((ROOT / "seeds").iterdir())) == 5


def test_the_readme_eval_table_is_what_kg_eval_measures_today(seeds_kg_json):
    """README's F1 table (seeds, dev, test) is today's: a rule that moves a score moves it."""
    import json

    from kg.evaluate import evaluate, load_gold, split_graph

    table = re.search(r"\| \| seeds \((\d+)\) \| dev \((\d+)\) \| test \((\d+)\) \|\n\|[-:| ]+\|\n((?:\|.*\|\n){4})", README)
    assert table, "README has no eval table"
    rows = {line.split("|")[1].strip().split(" (")[0]: [float(v) for v in line.split("|")[2:5]] for line in table.group(4).splitlines()}
    corpus = ROOT / "tests" / "corpus"
    scores = [evaluate(json.loads(seeds_kg_json.read_text("utf-8")), load_gold(ROOT / "tests" / "gold"))["scores"]]
    for split in ("dev", "test"):
        golds = load_gold(corpus / split / "gold")
        scores.append(evaluate(split_graph(corpus / split, golds), golds)["scores"])
    counts = [int(table.group(i)) for i in (1, 2, 3)]
    assert counts == [5, len(list((corpus / "dev").glob("*.txt"))), len(list((corpus / "test").glob("*.txt")))]
    for key in ("entities", "figures", "relations", "core"):
        assert rows[key] == [round(s[key]["f1"], 3) for s in scores], f"README's {key} row is stale"
