"""Shared fixtures: the seeds' graph, built once per test session with the real pipeline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
DATA = ROOT / "tests" / "data"
ARTIFACTS = ROOT / "tests" / "artifacts"


def in_ci() -> bool:
    """CI=true turns a missing server or browser into a failure instead of a skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding every output of `kg build seeds/`."""
    from kg.build import build, write_outputs

    out = tmp_path_factory.mktemp("seeds-out")
    write_outputs(build([SEEDS]), out)
    return out


@pytest.fixture(scope="session")
def seeds_graph(seeds_out: Path) -> dict:
    """The seeds' kg.json as a dict, each piece of evidence with its sentence (the
    shape `kg.model.upgrade` gives both schema versions)."""
    from kg.model import upgrade

    return upgrade(json.loads((seeds_out / "kg.json").read_text("utf-8")))


@pytest.fixture(scope="session")
def seeds_kg_json(seeds_out: Path) -> Path:
    """Path of the seeds' kg.json."""
    return seeds_out / "kg.json"
