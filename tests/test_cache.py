"""Incremental builds: a grown, edited or shrunk corpus built again from the cache gives
the same bytes as a build from nothing, extracting only what is new or changed."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cache import fingerprint
from kg.cli import cli

sys.path.insert(0, str(Path(__file__).parent))
from same_outputs import assert_same_outputs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def build(docs: Path, out: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(out), "--json", "-q", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/corpus.py's first 240 documents (the seeds' shapes, new articles)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus
    spec.loader.exec_module(corpus)
    return corpus.ensure_corpus(240, tmp_path_factory.mktemp("data"))


def test_seeds_grown_edited_and_shrunk_give_the_bytes_of_a_build_from_nothing(tmp_path: Path) -> None:
    docs, out, fresh = tmp_path / "docs", tmp_path / "out", tmp_path / "fresh"
    shutil.copytree(ROOT / "seeds", docs)
    names = sorted(p.name for p in docs.iterdir())
    (docs / names[4]).rename(tmp_path / names[4])  # held back, added later
    first = build(docs, out)
    assert (first["extracted"], first["from_cache"]) == (4, 0)
    again = build(docs, out)
    assert (again["extracted"], again["from_cache"]) == (0, 4)
    assert_same_outputs(out, _fresh(docs, fresh))

    (tmp_path / names[4]).rename(docs / names[4])  # added
    grown = build(docs, out)
    assert (grown["extracted"], grown["from_cache"]) == (1, 4)
    assert_same_outputs(out, _fresh(docs, fresh))

    edited = docs / names[0]  # changed: a paragraph dropped
    text = edited.read_text("utf-8")
    cut = text.index("\n", len(text) // 2)
    edited.write_text(text[:cut] + text[text.index("\n", cut + 1):], "utf-8")
    (docs / names[1]).unlink()  # removed
    changed = build(docs, out)
    assert (changed["extracted"], changed["from_cache"]) == (1, 3)
    assert_same_outputs(out, _fresh(docs, fresh))
    removed = json.loads((out / "kg.json").read_text("utf-8"))["documents"]
    assert names[1] not in {Path(d["path"]).name for d in removed}


def _fresh(docs: Path, fresh: Path) -> Path:
    shutil.rmtree(fresh, ignore_errors=True)
    summary = build(docs, fresh, "--no-cache")
    assert summary["from_cache"] == 0
    assert not (fresh / ".cache").exists(), "--no-cache neither reads nor writes the cache"
    return fresh


def test_a_generated_corpus_with_documents_added_changed_and_removed(generated: Path, tmp_path: Path) -> None:
    docs, out, fresh = tmp_path / "docs", tmp_path / "out", tmp_path / "fresh"
    files = sorted(generated.iterdir())
    docs.mkdir()
    for path in files[:200]:
        shutil.copy(path, docs / path.name)
    build(docs, out)
    for path in files[200:]:  # 40 added
        shutil.copy(path, docs / path.name)
    for path in files[:200:20]:  # 10 changed: another document's article appended
        with (docs / path.name).open("a", encoding="utf-8") as fh:
            fh.write("\n\n" + files[-1].read_text("utf-8").split("---", 2)[-1])
    for path in files[5:200:40]:  # 5 removed
        (docs / path.name).unlink()
    summary = build(docs, out, "-j", "2")
    assert summary["documents_read"] == 235
    assert (summary["extracted"], summary["from_cache"]) == (50, 185)
    assert_same_outputs(out, _fresh(docs, fresh))


def test_a_damaged_entry_is_extracted_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(ROOT / "seeds", out)
    entries = sorted((out / ".cache").glob("*/*/*.json"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:40])  # cut short
    entries[1].write_bytes(b"\xff\xfe not json")
    (out / "kg.json").unlink()  # an output gone: the build runs (with all in place it keeps them)
    summary = build(ROOT / "seeds", out)
    assert (summary["extracted"], summary["from_cache"]) == (2, 3)
    assert_same_outputs(out, _fresh(ROOT / "seeds", tmp_path / "fresh"))


def _generation(out: Path) -> str:
    return os.readlink(out / ".current")


def test_a_corpus_built_again_unchanged_keeps_its_outputs_and_says_so(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "seeds", docs)
    first = build(docs, out)
    generation = _generation(out)
    files = {p: p.read_bytes() for p in (out / ".current").rglob("*") if p.is_file() and ".kg." not in p.name}
    again = build(docs, out)
    assert again["up_to_date"] is True and first["up_to_date"] is False
    assert (again["extracted"], again["from_cache"], again["documents_read"]) == (0, 5, 5)
    assert {k: v for k, v in again.items() if k not in ("extracted", "from_cache", "up_to_date", "seconds")} == \
        {k: v for k, v in first.items() if k not in ("extracted", "from_cache", "up_to_date", "seconds")}
    assert _generation(out) == generation, "nothing was written"
    assert {p: p.read_bytes() for p in files} == files
    text = CliRunner().invoke(cli, ["build", str(docs), "--out", str(out), "-q"])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Up to date: 5 document(s) and kg (code, lexicons, libraries) unchanged since the last build")
    assert "Nodes:" in text.output and "Outputs:" in text.output and str(out / "kg.json") in text.output


@pytest.mark.parametrize("change", ["document", "outputs", "base", "strict", "output edited", "page edited", "output removed", "no cache",
                                    "folder moved"])
def test_anything_that_may_change_the_outputs_makes_the_build_run(tmp_path: Path, change: str) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "seeds", docs)
    build(docs, out)
    generation = _generation(out)
    args: list[str] = []
    if change == "document":
        first = sorted(docs.iterdir())[0]
        first.write_text(first.read_text("utf-8") + "\n\n公安部近日部署开展“净网2026”专项行动。\n", "utf-8")
    elif change == "outputs":
        args = ["--outputs", "index,ttl"]
    elif change == "base":
        args = ["--base", "https://example.org/id/"]
    elif change == "strict":
        args = ["--strict"]
    elif change == "output edited":
        with (out / "kg.json").open("a", encoding="utf-8") as fh:
            fh.write(" ")
    elif change == "page edited":  # a file inside an output folder (entities/)
        page = sorted((out / "entities").iterdir())[0]
        with page.open("a", encoding="utf-8") as fh:
            fh.write(" ")
    elif change == "output removed":
        (out / "graph.html").unlink()
    elif change == "folder moved":  # the summary it keeps names the outputs by the folder
        out = out.rename(tmp_path / "moved")
    else:
        args = ["--no-cache"]
    summary = build(docs, out, *args)
    assert summary["up_to_date"] is False
    assert _generation(out) != generation
    assert summary["outputs"][0].startswith(str(out))
    if change in ("output edited", "page edited", "output removed"):
        assert_same_outputs(out, _fresh(docs, tmp_path / "fresh"))


def test_a_build_that_skipped_a_failed_document_is_never_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.build

    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "seeds", docs)
    real = kg.build.extract
    first = sorted(docs.iterdir())[0].name

    def flaky(doc):
        if doc.id == kg.build.stable_id("document", first):
            raise MemoryError("out of memory for the moment")
        return real(doc)

    with monkeypatch.context() as patch:
        patch.setattr(kg.build, "extract", flaky)
        failed = build(docs, out)
    assert failed["documents_read"] == 4 and "extraction failed" in failed["skipped"][0]["reason"]
    again = build(docs, out)  # the document is tried again, and now it reads
    assert again["up_to_date"] is False and again["documents_read"] == 5


def test_entries_of_removed_documents_and_other_extractors_are_dropped(tmp_path: Path) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    shutil.copytree(ROOT / "seeds", docs)
    build(docs, out)
    stale = out / ".cache" / "0123456789abcdef0123"
    (stale / "ab").mkdir(parents=True)
    (stale / "ab" / "ab.json").write_text("[]")
    sorted(docs.iterdir())[0].unlink()
    build(docs, out)
    assert not stale.exists()
    assert len(list((out / ".cache").glob("*/*/*.json"))) == 4


def test_outputs_in_place_are_not_taken_as_current_after_the_writers_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest an up-to-date build compares holds the whole package's fingerprint: a new
    writer (or merge, or template) writes other outputs from the same documents."""
    import kg.cache

    package = tmp_path / "kg"
    shutil.copytree(ROOT / "kg", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kg.cache, "__file__", str(package / "cache.py"))

    def now() -> str:
        kg.cache.fingerprint.cache_clear()
        kg.cache.package_fingerprint.cache_clear()
        return kg.cache.package_fingerprint()

    try:
        base = now()
        writer = package / "writers" / "html.py"
        writer.write_text(writer.read_text("utf-8") + "\n# a writer changed\n", "utf-8")
        assert now() != base
    finally:
        kg.cache.fingerprint.cache_clear()
        kg.cache.package_fingerprint.cache_clear()


def test_the_fingerprint_follows_the_extractor_and_its_lexicons_not_the_writers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.cache

    package = tmp_path / "kg"
    shutil.copytree(ROOT / "kg", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kg.cache, "__file__", str(package / "cache.py"))

    def now() -> str:
        fingerprint.cache_clear()
        return fingerprint()

    try:
        base = now()
        (package / "writers" / "html.py").write_text((package / "writers" / "html.py").read_text("utf-8") + "\n# a writer changed\n", "utf-8")
        assert now() == base, "the writers do not touch what a document gives"
        cues = package / "data" / "cues.yaml"
        cues.write_text(cues.read_text("utf-8") + "\n# a lexicon changed\n", "utf-8")
        after_lexicon = now()
        assert after_lexicon != base
        rule = package / "extract" / "figures.py"
        rule.write_text(rule.read_text("utf-8") + "\n# a rule changed\n", "utf-8")
        assert now() not in (base, after_lexicon)
    finally:
        fingerprint.cache_clear()


def test_outputs_left_out_are_gone_and_kg_json_stays(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(ROOT / "seeds", out)
    assert (out / "kg.jsonld").exists() and (out / "graph.html").exists()
    summary = build(ROOT / "seeds", out, "--outputs", "index,ttl")
    assert sorted(Path(p).name for p in summary["outputs"]) == ["kg.index.sqlite", "kg.json", "kg.ttl"]
    assert not (out / "kg.jsonld").exists() and not (out / "graph.html").exists() and not (out / "entities").exists()
    bad = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "--out", str(out), "--outputs", "ttl,pdf"])
    assert bad.exit_code == 2 and "pdf" in bad.output and "Traceback" not in bad.output


def test_a_document_changed_while_it_was_read_is_not_kept_under_the_old_bytes(tmp_path: Path) -> None:
    """The key is made from the bytes hashed before extraction; a worker that read other
    bytes (the file was edited or removed meanwhile) keeps nothing."""
    from kg.cache import put
    from kg.model import Document

    entry = tmp_path / "ab" / "abc.json"
    document = Document(id="document-1", path="a.txt", sha1="b" * 40)
    put(entry, (document, ([], [], [], [], [], []), []), "a" * 40)
    assert not entry.exists()
    put(entry, (None, __import__("kg.read").read.Skipped("a.txt", "cannot be read"), []), "a" * 40)
    assert not entry.exists(), "a skipped document is never kept: its reason may be of the moment"
    put(entry, (document, ([], [], [], [], [], []), []), "b" * 40)
    assert entry.exists()


@pytest.mark.parametrize("junk", [b"[1,2,3]", b"[null,5,[]]", b"[{},[],[]]", b'[null,["a"],[]]'])
def test_an_entry_of_valid_json_but_another_shape_or_checksum_is_a_miss(tmp_path: Path, junk: bytes) -> None:
    import hashlib

    out = tmp_path / "out"
    build(ROOT / "seeds", out)
    entries = sorted((out / ".cache").glob("*/*/*.json"))
    entries[0].write_bytes(hashlib.sha1(junk).hexdigest().encode() + b"\n" + junk)  # a right checksum, a wrong shape
    raw = entries[1].read_bytes()
    entries[1].write_bytes(raw.replace(b'"chars":', b'"chars":1', 1))  # a flipped value: the checksum fails
    (out / "kg.json").unlink()  # an output gone: the build runs
    summary = build(ROOT / "seeds", out)
    assert (summary["extracted"], summary["from_cache"]) == (2, 3)
    assert_same_outputs(out, _fresh(ROOT / "seeds", tmp_path / "fresh"))
