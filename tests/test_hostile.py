"""A generated hostile corpus (bench/hostile.py: bad bytes, bad front matter, numerals
no parser takes, deep HTML, escapes, injection, odd file names, ...) built as a user
builds it: no traceback, every bad document skipped with a reason, every good one in
the graph."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _hostile():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_hostile", BENCH / "hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_hostile_corpus_builds_with_every_document_accounted_for(tmp_path):
    hostile = _hostile()
    kinds = len(hostile._kinds())
    manifest = hostile.generate(kinds + 20, tmp_path / "docs")  # every kind once, then drawn by weight
    assert {kind for kind, _ in manifest.values()} == {k[0] for k in hostile._kinds()}
    code, stdout, stderr, _ = hostile.whole_build(tmp_path / "docs", tmp_path / "out")
    assert code == 0, stderr[-2000:]
    checks, summary = hostile.check(manifest, code, stdout, stderr, tmp_path / "out")
    assert [(label, detail) for label, ok, detail in checks if not ok] == []
    assert summary["warnings"]  # bad dates, damaged bytes, front matter: each said
