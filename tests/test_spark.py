"""The Spark engine (`kg build --engine spark`, local[2]) writes the local engine's bytes,
and its parts are a graph that other commands read."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

sys.path.insert(0, str(Path(__file__).parent))
from same_outputs import assert_same_files, output_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if os.environ.get("CI") != "true":  # on CI a missing PySpark fails the tests below, never skips them
    pytest.importorskip("pyspark", reason="the spark extra: pip install -e '.[spark]'")


def build(docs: Path, out: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["build", str(docs), "--out", str(out), "--json", "-q", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def local_and_spark(docs: Path, tmp: Path) -> tuple[Path, Path]:
    local, spark = tmp / "local", tmp / "spark"
    build(docs, local, "--no-cache")
    summary = build(docs, spark, "--engine", "spark", "--master", "local[2]")
    assert summary["extracted"] == summary["documents_read"] + len(summary["skipped"])
    return local, spark


@pytest.fixture(scope="module")
def seeds_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return local_and_spark(ROOT / "seeds", tmp_path_factory.mktemp("seeds"))


def _without_parts(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in output_files(out).items() if not name.startswith("parts/")}


def test_seeds_by_spark_are_the_bytes_of_the_local_engine(seeds_both: tuple[Path, Path]) -> None:
    local, spark = seeds_both
    assert_same_files(_without_parts(spark), output_files(local))
    assert not (local / "parts").exists()


def test_the_parts_are_json_lines_in_id_order_and_read_back_to_kg_json(seeds_both: tuple[Path, Path]) -> None:
    from kg.model import dumps
    from kg.spark import iter_lines, read_parts

    _, spark = seeds_both
    parts = spark / "parts"
    ids = [json.loads(line)["id"] for line in iter_lines(parts, "entities")]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) > 100
    keys = [tuple(json.loads(line)[:3]) for line in iter_lines(parts, "sentences")]
    assert keys == sorted(keys)
    assert dumps(read_parts(parts)) == (spark / "kg.json").read_text("utf-8")


def test_a_1000_document_corpus_by_spark_is_the_bytes_of_the_local_engine(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus
    spec.loader.exec_module(corpus)
    docs = corpus.ensure_corpus(1000)
    local, spark = local_and_spark(docs, tmp_path)
    assert_same_files(_without_parts(spark), output_files(local))


def test_master_without_the_spark_engine_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "o"), "--master", "local[2]"])
    assert result.exit_code == 2 and "--master is for --engine spark" in result.output


def test_spark_settings_are_checked_and_reach_the_session(tmp_path: Path) -> None:
    from kg.spark import local_driver_memory, session

    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "o"), "--spark-conf", "spark.driver.memory=2g"])
    assert result.exit_code == 2 and "--spark-conf is for --engine spark" in result.output
    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "o"), "-q", "--engine", "spark",
                                      "--spark-conf", "memory=2g"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: --spark-conf 'memory=2g' is not KEY=VALUE with a Spark setting as KEY "
                                     "(spark.executor.memory=8g)")
    assert 1 <= int(local_driver_memory().rstrip("g")) <= 8
    spark = session("local[1]", conf={"spark.driver.memory": "1500m", "spark.kg.probe": "yes"})
    try:
        conf = spark.sparkContext.getConf()
        assert (conf.get("spark.driver.memory"), conf.get("spark.kg.probe")) == ("1500m", "yes")
    finally:
        spark.stop()
    spark = session("local[1]")
    try:
        assert spark.sparkContext.getConf().get("spark.driver.memory") == local_driver_memory()
    finally:
        spark.stop()


def test_a_jvm_that_will_not_start_is_one_line_that_names_its_log(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "o"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(out), "-q", "--engine", "spark",
                           "--master", "local[1]", "--spark-conf", "spark.driver.memory=lots"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("Error: cannot start Spark with master local[1]") and f"(Spark's log: {out / '.spark.log'})" in proc.stderr
    assert "Invalid maximum heap size" in (out / ".spark.log").read_text("utf-8")
    assert not (out / "kg.json").exists()


def test_a_log_that_cannot_be_written_leaves_spark_on_the_terminal(tmp_path: Path) -> None:
    from kg.spark import session

    spark = session("local[1]", log=tmp_path / "no such folder" / ".spark.log")
    try:
        assert spark.sparkContext.getConf().get("spark.master") == "local[1]"
    finally:
        spark.stop()
    assert not (tmp_path / "no such folder").exists()


def test_a_master_spark_cannot_use_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "o"), "-q", "--engine", "spark", "--master", "nonsense://x"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: --master 'nonsense://x' is not a Spark master URL")
    assert "Traceback" not in result.output
    assert not (tmp_path / "o" / "kg.json").exists()


def test_neo4j_csv_export_reads_the_parts_as_it_reads_kg_json(seeds_both: tuple[Path, Path], tmp_path: Path) -> None:
    local, spark = seeds_both
    for name, graph in (("from-parts", spark / "parts"), ("from-json", local / "kg.json")):
        result = CliRunner().invoke(cli, ["export", "neo4j-csv", str(tmp_path / name), "--graph", str(graph)])
        assert result.exit_code == 0, result.output
    assert_same_files(output_files(tmp_path / "from-parts"), output_files(tmp_path / "from-json"))
    assert len(output_files(tmp_path / "from-parts")) >= 4


def test_kg_json_alone_is_streamed_from_the_parts_to_the_same_bytes(tmp_path: Path) -> None:
    """With --outputs none the driver writes kg.json from the parts line by line (conflicts
    included: the 1,000 documents have some) and never reads the graph back whole."""
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus
    spec.loader.exec_module(corpus)
    docs = corpus.ensure_corpus(1000)
    local = build(docs, tmp_path / "local", "--no-cache", "--outputs", "none")
    spark = build(docs, tmp_path / "spark", "--engine", "spark", "--master", "local[2]", "--outputs", "none")
    assert spark["conflicts"] and spark["conflicts"] == local["conflicts"]
    assert (spark["nodes"], spark["relations"]) == (local["nodes"], local["relations"])
    assert (tmp_path / "spark" / "kg.json").read_bytes() == (tmp_path / "local" / "kg.json").read_bytes()
    assert sorted(Path(p).name for p in spark["outputs"]) == ["kg.json", "parts"]


def test_no_readable_document_leaves_the_previous_outputs_as_they_were(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (bad / "empty.txt").write_text("")
    (bad / "english.txt").write_text("hello, no Chinese here\n")
    out = tmp_path / "out"
    build(ROOT / "seeds", out, "--outputs", "none")
    before = (out / "kg.json").read_bytes()
    result = CliRunner().invoke(cli, ["build", str(bad), "--out", str(out), "-q", "--engine", "spark", "--master", "local[2]", "--outputs", "none"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: no document could be read; nothing written"
    assert (out / "kg.json").read_bytes() == before
    assert not list(out.glob(".spark-*"))


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_an_interrupted_spark_build_says_little_and_keeps_the_outputs(tmp_path: Path, signum: str) -> None:
    """Ctrl-C or SIGTERM while the job runs: no py4j or JVM tracebacks on the terminal (the
    JVM's messages go to DIR/.spark.log), a non-zero exit, and the previous outputs stay."""
    import shutil
    import signal
    import subprocess

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(60):  # long enough to be stopped in the middle
        for seed in (ROOT / "seeds").glob("*.txt"):
            shutil.copy(seed, docs / f"{i:02d}_{seed.name}")
    out = tmp_path / "out"
    build(ROOT / "seeds", out, "--outputs", "none")
    before = (out / "kg.json").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(docs), "--out", str(out), "--engine", "spark",
                             "--master", "local[1]", "--outputs", "none"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Extracting"):
            break
    proc.send_signal(getattr(signal, signum))
    rest, _ = proc.communicate(timeout=120)
    output = "".join(lines) + rest
    assert proc.returncode != 0, output
    assert "Traceback" not in output and "ERROR" not in output and "py4j" not in output, output
    assert len(output.strip().splitlines()) <= 4, output
    assert (out / "kg.json").read_bytes() == before
    assert not list(out.glob(".spark-*"))
    assert (out / ".spark.log").read_text("utf-8").strip()
