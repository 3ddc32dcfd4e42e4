"""Every example in README.md and in every command's --help runs, as written, against
the seeds' graph: it exits as the docs say, and where the docs show output, prints it.

Examples are the `kg …` lines of README's bash blocks and of each --help text (after
`$ ` or alone, comments dropped, continued lines joined). They run in a scratch folder
that holds the project's seeds/, queries/, tests/ and ontology/ and an out/ built from
the seeds, with the session's Neo4j server for the `kg neo4j` ones.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from neo4j_fixtures import neo4j_server

from kg.cli import cli

__all__ = ["neo4j_server"]  # fixture, imported for pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
# Examples not run here, each with the test that covers it instead.
NOT_RUN = {
    "kg neo4j stop": "would stop the session's server; tests/test_neo4j_server.py stops one of its own",
    "kg neo4j query queries/10_campaign_network.cypher --uri bolt://localhost:7687 --password":
        "a server of the reader's own, password typed at the prompt; tests/test_neo4j_queries.py runs the query",
}
# What the docs say an example exits with, where it is not 0.
EXIT = {"kg validate tests/data/rdf/broken/figure_without_value.ttl": 1}
# Placeholders of the examples, made real in the scratch folder.
PLACEHOLDERS = {"~/press": "press"}


def _help_texts() -> list[tuple[str, str]]:
    def walk(command: click.Command, path: list[str]):
        yield path, command
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), [*path, name])

    texts = []
    for path, _command in walk(cli, []):
        result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
        texts.append((" ".join(["kg", *path, "--help"]), result.output))
    return texts


def _uncommented(line: str) -> str:
    return re.sub(r"\s+#\s.*$", "", line).strip()


def _examples(text: str, where: str) -> list[tuple[str, str, list[str]]]:
    """(where, command, the output lines shown after it) of each example in `text`."""
    found: list[tuple[str, str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        shown = line.startswith("$ kg ")
        if not (line.startswith("kg ") or shown):
            i += 1
            continue
        command = _uncommented(line[2:] if shown else line)
        while (command.endswith("\\") or command.count("'") % 2) and i + 1 < len(lines):
            i += 1
            command = command.rstrip("\\").rstrip() + (" " if command.endswith("\\") else "\n") + _uncommented(lines[i].strip())
        output: list[str] = []
        if shown:
            while i + 1 < len(lines) and lines[i + 1].strip() and not lines[i + 1].strip().startswith("$ "):
                i += 1
                output.append(lines[i].strip())
        if not re.search(r"\[(--|[A-Z])|\b(NAME|FILE\|TEXT)\b", command):  # synopses, not examples
            found.append((where, command, output))
        i += 1
    return found


def _all_examples() -> list[tuple[str, str, list[str]]]:
    examples = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        examples += _examples(block, "README.md")
    for where, text in _help_texts():
        examples += _examples(text, where)
    seen, unique = set(NOT_RUN), []
    for where, command, output in examples:
        if command not in seen:
            seen.add(command)
            unique.append((where, command, output))
    return unique


EXAMPLES = _all_examples()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, neo4j_server) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("docs")
    for name in ("seeds", "queries", "tests", "ontology"):
        (folder / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "seeds", folder / "press")
    seeds = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    shutil.copy(next(p for p in seeds if "<p" in p.read_text("utf-8")), folder / "a.html")
    shutil.copy(seeds[0], folder / "b.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update({k: v for k, v in neo4j_server.env().items() if v is not None})
    env["COLUMNS"] = "200"
    built = subprocess.run([sys.executable, "-m", "kg", "build", "-q"], cwd=folder, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    loaded = subprocess.run([sys.executable, "-m", "kg", "neo4j", "load"], cwd=folder, env=env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    return folder, env


def test_the_docs_have_examples_of_every_command():
    from kg.cli import COMMANDS

    shown = {command.split()[1] for _, command, _ in EXAMPLES} | {c.split()[1] for c in NOT_RUN}
    assert set(COMMANDS) <= shown, f"commands without an example: {sorted(set(COMMANDS) - shown)}"


@pytest.mark.parametrize(("where", "command", "output"), EXAMPLES, ids=[c.split("\n")[0][:60] for _, c, _ in EXAMPLES])
def test_every_documented_example_runs_as_the_docs_say(scratch, where, command, output):
    folder, env = scratch
    for placeholder, real in PLACEHOLDERS.items():
        command = command.replace(placeholder, real)
    for part in command.split(" && "):
        part, _, jq = part.partition(" | jq ")
        argv = shlex.split(part)
        if argv[0] != "kg":
            continue  # another tool after &&: cypher-shell is not part of kg
        run = subprocess.run([sys.executable, "-m", "kg", *argv[1:]], cwd=folder, env=env, capture_output=True, text=True, timeout=600)
        expected = EXIT.get(command, 0)
        assert run.returncode == expected, f"{where}: `{part}` exited {run.returncode}:\n{run.stdout[-1500:]}\n{run.stderr[-1500:]}"
        assert "Traceback" not in run.stdout + run.stderr
        if argv[1] == "build":  # the examples after it read the seeds' graph in out/
            subprocess.run([sys.executable, "-m", "kg", "build", "-q"], cwd=folder, env=env, check=True, capture_output=True)
        assert run.stdout.strip() or run.stderr.strip(), f"{where}: `{part}` printed nothing"
        if jq:
            filtered = subprocess.run(["jq", *shlex.split(jq)], input=run.stdout, capture_output=True, text=True)
            assert filtered.returncode == 0 and filtered.stdout.strip() not in ("", "null"), f"{where}: `{command}`: jq says {filtered.stderr}"
        printed = " ".join(run.stdout.split())
        for line in output:
            if line in ("...", "…") or line.startswith(("$ ", "echo")) or re.fullmatch(r"-[- ]*", line):
                continue
            if line.endswith("…"):
                line = line[:-1]
            assert " ".join(line.split()) in printed or line.isdigit(), f"{where}: `{part}` did not print {line!r}"
