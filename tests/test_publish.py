"""The output folder changes as one unit: a second build, a full disk, a kill."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SMALL = "公安部深入推进“断卡”行动，打掉犯罪团伙300个，抓获犯罪嫌疑人12名。"


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _documents(out: Path) -> set[int]:
    """Document counts as each output states them: they agree for a whole set."""
    counts = {len(json.loads((out / "kg.json").read_text("utf-8"))["documents"])}
    with sqlite3.connect(out / "kg.index.sqlite") as con:
        counts.add(con.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
    counts.add((out / "kg.ttl").read_text("utf-8").count("a schema:NewsArticle"))
    return counts


def _leftovers(out: Path) -> list[str]:
    """Hidden entries beyond the lock, the `.current` link, the generation it names and the extraction cache."""
    current = os.readlink(out / ".current")
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (".kg.lock", ".current", ".cache", current))


def _small_corpus(tmp_path: Path) -> Path:
    docs = tmp_path / "small"
    docs.mkdir()
    (docs / "one.txt").write_text(SMALL, "utf-8")
    return docs


def test_a_second_build_into_a_folder_being_written_is_refused_in_one_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".kg.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: another kg build is writing {out}: wait for it to finish, or build into another --out")
    assert not [p for p in out.iterdir() if p.name != ".kg.lock"]


def test_a_full_disk_is_one_line_and_the_previous_outputs_stay(tmp_path):
    small = tmp_path / "disk"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(small)], capture_output=True)
    if mounted.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs to fill: {mounted.stderr.decode().strip()}")
        pytest.skip("mounting a tmpfs needs root")
    try:
        out = small / "out"
        first = CliRunner().invoke(cli, ["build", str(_small_corpus(tmp_path)), "--out", str(out), "-q"])
        assert first.exit_code == 0, first.output
        before = _snapshot(out)
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(out), "-q"])
        assert result.exit_code == 1
        assert result.output.strip().splitlines()[-1] == (
            f"Error: no space left on device writing {out}: the previous outputs are unchanged")
        assert "Traceback" not in result.output
        assert _snapshot(out) == before
        assert _leftovers(out) == []
    finally:
        subprocess.run(["umount", str(small)], check=False)


@pytest.mark.parametrize("delay", [0.6, 1.2, 1.8, 2.4, 3.0])
def test_a_build_killed_at_any_point_leaves_a_whole_set_and_the_next_build_cleans_up(tmp_path, delay):
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(_small_corpus(tmp_path)), "--out", str(out), "-q"])
    assert first.exit_code == 0, first.output
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _documents(out) in ({1}, {5})  # the old set or the new one, never a mix
    again = CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(out), "-q"])
    assert again.exit_code == 0, again.output
    assert _documents(out) == {5}
    assert _leftovers(out) == []


@pytest.mark.parametrize("delay", [0.0, 0.0, 0.05, 0.2])
def test_sigterm_ends_a_build_without_leaving_its_staging_folder(tmp_path, delay):
    """Whenever the signal comes, as the staging folder is made, as the RDF writer is
    forked, or while the outputs are written, nothing is left behind: the writer is stopped
    before the folder is removed."""
    out, docs = tmp_path / "out", tmp_path / "docs"
    docs.mkdir()
    for i in range(12):  # a corpus whose outputs take long enough to write that the signal finds the build writing
        for seed in sorted(SEEDS.iterdir()):
            (docs / f"{i:02d}-{seed.name}").write_bytes(seed.read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(docs), "--out", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline and not any(p.name.startswith(".staging-") for p in (out.iterdir() if out.exists() else [])):
        time.sleep(0.02)
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) != 0
    time.sleep(0.5)  # a writer left running would go on writing into the folder
    assert [p.name for p in out.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".tmp")] == []


def test_every_output_is_a_link_into_the_current_generation_and_old_ones_go(tmp_path):
    out = tmp_path / "out"
    (out).mkdir()
    (out / "kg.json").write_text("{}", "utf-8")  # a folder written the old way, file by file
    for corpus in (_small_corpus(tmp_path), SEEDS):
        result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "-q"])
        assert result.exit_code == 0, result.output
    generation = os.readlink(out / ".current")
    assert generation.startswith(".gen-") and (out / generation).is_dir()
    outputs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    # Hidden files of a generation (the lookup index's stamp) are its own, not outputs.
    assert outputs == sorted(p.name for p in (out / generation).iterdir() if not p.name.startswith("."))
    assert {"kg.json", "kg.ttl", "index.html", "graph.html"} <= set(outputs)
    assert all(os.readlink(out / name) == f".current/{name}" for name in outputs)
    assert [p.name for p in out.iterdir() if p.name.startswith(".gen-")] == [generation]
    assert _documents(out) == {5}
    mask = os.umask(0)
    os.umask(mask)
    assert (out / generation).stat().st_mode & 0o777 == 0o777 & ~mask


def test_a_reader_holding_the_old_set_keeps_reading_it_whole(tmp_path):
    """A reader that opened the outputs before a build reads the old set to its end;
    one that opens them after reads the new set."""
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(_small_corpus(tmp_path)), "--out", str(out), "-q"]).exit_code == 0
    old_json, old_ttl = open(out / "kg.json", "rb"), open(out / "kg.ttl", "rb")
    with old_json, old_ttl:
        assert CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(out), "-q"]).exit_code == 0
        assert len(json.loads(old_json.read())["documents"]) == 1
        assert old_ttl.read().decode("utf-8").count("a schema:NewsArticle") == 1
    assert _documents(out) == {5}


@pytest.mark.parametrize("offset", [0.0, 0.3, 0.9, 1.5])
def test_two_builds_at_once_end_in_one_whole_set_or_a_one_line_refusal(tmp_path, offset):
    out = tmp_path / "out"
    small = _small_corpus(tmp_path)
    procs = []
    for corpus in (SEEDS, small):
        procs.append(subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q"],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        time.sleep(offset)
    ends = [(proc.wait(timeout=120), proc.stdout.read()) for proc in procs]
    for code, output in ends:
        assert "Traceback" not in output
        if code != 0:
            assert code == 1
            assert output.strip() == f"Error: another kg build is writing {out}: wait for it to finish, or build into another --out"
    assert any(code == 0 for code, _ in ends)
    assert _documents(out) in ({1}, {5})
    assert _leftovers(out) == []


def test_the_sigterm_handler_of_a_build_is_put_back_and_never_reaches_workers(tmp_path):
    """A build run inside another program leaves that program's SIGTERM handling as it
    was, and pool workers end on SIGTERM whatever the parent's handler."""
    before = signal.getsignal(signal.SIGTERM)
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"{i}.txt").write_text(SMALL.replace("300", str(300 + i)), "utf-8")
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(tmp_path / "out"), "-q", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGTERM) is before
    probe = subprocess.run([sys.executable, "-c", "import signal, kg.build; signal.signal(signal.SIGTERM, lambda *a: None); "
                            "kg.build._worker_signals(); print(signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)"],
                           capture_output=True, text=True)
    assert probe.stdout.strip() == "True"


def test_the_entity_pages_folder_is_replaced_with_or_without_links(tmp_path, monkeypatch):
    """entities/ is a folder: where links cannot be made it is moved into place as one, over
    the previous build's; a later build with links replaces that real folder by a link."""
    import errno

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "no symbolic links here")

    out, corpus = tmp_path / "out", _small_corpus(tmp_path)
    with monkeypatch.context() as patch:
        patch.setattr(os, "symlink", no_links)
        for _ in range(2):
            result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "-q"])
            assert result.exit_code == 0, result.output
        assert (out / "entities").is_dir() and not (out / "entities").is_symlink()
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert os.readlink(out / "entities") == ".current/entities" and (out / "entities" / "index.html").is_file()
    assert _leftovers(out) == []


def test_the_rdf_writer_in_its_own_process_fails_as_one_line_and_the_previous_outputs_stay(tmp_path, monkeypatch):
    import errno

    import kg.writers.rdf

    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["build", str(_small_corpus(tmp_path)), "--out", str(out), "-q"])
    assert first.exit_code == 0, first.output
    before = _snapshot(out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.writers.rdf, "write_rdf", full)  # the forked writer inherits it
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(out), "-q", "--no-cache"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: no space left on device writing {out}: the previous outputs are unchanged"
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_a_forked_child_does_not_keep_the_folder_locked_after_the_build_lets_go(tmp_path):
    """A worker or the RDF writer forked while the build holds the folder closes its copy of
    the lock: when the build ends (or is killed), the next one may start at once, even if the
    child has not exited yet."""
    from kg.publish import forget_locks, holding

    out = tmp_path / "out"
    ready, told = os.pipe()
    with holding(out):
        pid = os.fork()
        if pid == 0:
            forget_locks()
            os.write(told, b"1")
            time.sleep(3)
            os._exit(0)
        assert os.read(ready, 1) == b"1"  # the child runs on, past the point where it let go
    os.close(ready)
    os.close(told)
    try:
        with holding(out):  # the child is still alive, and holds no lock
            pass
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
