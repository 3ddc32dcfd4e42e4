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
