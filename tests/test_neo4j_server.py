"""`kg neo4j start|stop|status` and kg.neo4j.server, on real Neo4j processes."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j_fixtures import fail_or_skip, neo4j_server

from kg.cli import cli
from kg.neo4j import server

pytestmark = pytest.mark.neo4j
__all__ = ["neo4j_server"]  # fixture, imported for pytest


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, read from /proc/net/tcp{,6}."""
    found = set()
    for name, size in (("tcp", 8), ("tcp6", 32)):
        table = Path(f"/proc/net/{name}")
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:
                raw = bytes.fromhex(addr)
                # /proc prints each 32-bit word little-endian.
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, size // 2, 4))
                family = socket.AF_INET if size == 8 else socket.AF_INET6
                found.add(socket.inet_ntop(family, words))
    return found


def test_server_listens_on_loopback_only(neo4j_server):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    for port in (neo4j_server.info.bolt_port, neo4j_server.info.http_port):
        addresses = listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        assert addresses <= {"127.0.0.1", "::ffff:127.0.0.1", "::1"}, addresses


def test_password_file_is_private_and_never_on_a_command_line(neo4j_server):
    mode = stat.S_IMODE(neo4j_server.info.password_file.stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(neo4j_server.home.stat().st_mode) == 0o700
    password = neo4j_server.conn.password
    assert len(password) >= 24
    cmdline = Path(f"/proc/{neo4j_server.info.pid}/cmdline")
    if cmdline.exists():
        assert password.encode() not in cmdline.read_bytes()
        assert password.encode() not in Path(f"/proc/{neo4j_server.info.pid}/environ").read_bytes()


def test_status_and_start_on_a_running_server(neo4j_server):
    runner = CliRunner()
    env = neo4j_server.env()
    status = runner.invoke(cli, ["neo4j", "status"], env=env)
    assert status.exit_code == 0, status.output
    assert f"Bolt:     {neo4j_server.info.bolt_uri}" in status.output
    assert f"Browser:  {neo4j_server.info.browser_url}" in status.output
    again = runner.invoke(cli, ["neo4j", "start"], env=env)
    assert again.exit_code == 0 and "already running" in again.output
    for output in (status.output, again.output):
        assert neo4j_server.conn.password not in output


@pytest.mark.slow
def test_cli_start_status_stop_on_a_fresh_home(tmp_path, monkeypatch):
    """The whole life of a server through the CLI; every child's argv is recorded on the way."""
    argvs: list[list[str]] = []
    real_run, real_popen = subprocess.run, subprocess.Popen

    def run(cmd, *args, **kwargs):
        argvs.append(list(cmd))
        return real_run(cmd, *args, **kwargs)

    class Popen(real_popen):
        def __init__(self, cmd, *args, **kwargs):
            argvs.append(list(cmd))
            super().__init__(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(subprocess, "Popen", Popen)
    home = tmp_path / "home"
    runner = CliRunner()
    env = {"KG_NEO4J_HOME": str(home), "NEO4J_PASSWORD": None, "NEO4J_URI": None}
    started = runner.invoke(cli, ["neo4j", "start", "--bolt-port", "0", "--http-port", "0", "--heap", "512m"],
                            env=env)
    if started.exit_code != 0:
        fail_or_skip(f"cannot start a local Neo4j: {started.output.strip()}")
    try:
        info = server.status(home)
        assert "Neo4j is running" in started.output
        assert info.bolt_uri in started.output and info.browser_url in started.output
        password = server.read_password(home)
        assert password not in started.output
        assert argvs and all(password not in " ".join(argv) for argv in argvs)
        assert any(a.startswith("@") and a.endswith("password") for argv in argvs for a in argv)
        status = runner.invoke(cli, ["neo4j", "status"], env=env)
        assert status.exit_code == 0 and f"pid {info.pid}" in status.output
    finally:
        stopped = runner.invoke(cli, ["neo4j", "stop"], env=env)
    assert stopped.output.strip() == "Neo4j stopped"
    after = runner.invoke(cli, ["neo4j", "status"], env=env)
    assert after.exit_code == 3 and "not running" in after.output
    assert runner.invoke(cli, ["neo4j", "stop"], env=env).output.strip() == "Neo4j was not running"
    # Started again at once on the same ports, whose sockets are still in TIME_WAIT.
    again = runner.invoke(cli, ["neo4j", "start", "--heap", "512m"], env=env)
    try:
        assert again.exit_code == 0, again.output
        assert server.status(home).bolt_uri == info.bolt_uri
    finally:
        runner.invoke(cli, ["neo4j", "stop"], env=env)


def test_a_server_killed_with_sigkill_starts_again_at_once(tmp_path):
    """kill -9 leaves a pid file, a store lock and connections in TIME_WAIT: none of them
    may keep `kg neo4j start` from starting the server again, on the same port."""
    import signal
    import time

    env = {"KG_NEO4J_HOME": str(tmp_path / "home"), "NEO4J_PASSWORD": None, "NEO4J_URI": None}
    runner = CliRunner()
    started = runner.invoke(cli, ["neo4j", "start", "--bolt-port", "0", "--http-port", "0", "--heap", "512m"], env=env)
    if started.exit_code != 0:
        fail_or_skip(f"cannot start a local Neo4j: {started.output.strip()}")
    try:
        for _ in range(2):
            info = server.status(tmp_path / "home")
            os.kill(info.pid, signal.SIGKILL)
            deadline = time.time() + 10
            while time.time() < deadline and server.status(tmp_path / "home").pid is not None:
                time.sleep(0.1)
            again = runner.invoke(cli, ["neo4j", "start", "--heap", "512m"], env=env)
            assert again.exit_code == 0, again.output
            assert server.status(tmp_path / "home").bolt_uri == info.bolt_uri
    finally:
        runner.invoke(cli, ["neo4j", "stop"], env=env)


def test_a_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = CliRunner().invoke(cli, ["neo4j", "start", "--home", str(tmp_path), "--bolt-port", str(port),
                                          "--http-port", "0"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: port {port} on 127.0.0.1 is in use: pick another with "
                                     "--bolt-port/--http-port (0 picks a free one)")


def test_the_servers_own_port_held_a_moment_longer_is_waited_for():
    """A server just killed may hold its port until its last thread exits: a start on the
    port kept from last time waits for it (a port asked for is refused at once, above)."""
    import threading

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    threading.Timer(1.0, sock.close).start()
    started = time.monotonic()
    assert server._choose_port(None, port) == port
    assert 0.9 < time.monotonic() - started < server._PORT_GRACE


def test_missing_java_is_a_clear_error(tmp_path):
    env = {"JAVA_HOME": str(tmp_path / "no-java"), "PATH": str(tmp_path)}
    result = CliRunner().invoke(cli, ["neo4j", "start", "--home", str(tmp_path / "home")], env=env)
    assert result.exit_code == 1
    assert result.output.startswith("Error: Java 17 is needed for the local Neo4j")


def test_missing_maven_is_a_clear_error(tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java here")
    java_home = Path(os.path.realpath(java)).parents[1]
    env = {"JAVA_HOME": str(java_home), "PATH": str(tmp_path), "KG_NEO4J_LIB": str(tmp_path / "lib")}
    result = CliRunner().invoke(cli, ["neo4j", "start", "--home", str(tmp_path / "home")], env=env)
    assert result.exit_code == 1
    assert "Maven (mvn) is missing" in result.output and "scripts/install-neo4j" in result.output


@pytest.mark.parametrize("command", ["start", "stop", "status", "load", "query"])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, ["neo4j", command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"kg neo4j {command}" in result.output


def test_a_port_left_in_time_wait_by_a_stopped_server_is_free_again():
    """A server stopped or killed leaves its connections in TIME_WAIT for a minute; a
    restart on the same port must not be refused for that."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        conn, _ = listener.accept()
        conn.close()  # the server side closes first: its end of the connection waits
    client.close()
    assert server._choose_port(port, 0) == port


def test_a_server_that_dies_mid_load_is_one_line_within_seconds(tmp_path, seeds_kg_json):
    """kill -9 of the server during `kg neo4j load`: one line soon after, no driver log."""
    import signal
    import sys
    import time

    from neo4j_fixtures import start_server

    local = start_server(tmp_path / "home")
    env = {**os.environ, **{k: v for k, v in local.env().items() if v is not None}}
    for key in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USERNAME", "NEO4J_DATABASE"):
        env.pop(key, None)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "kg", "neo4j", "load", "--graph", str(seeds_kg_json)],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.5)
        if proc.poll() is not None:
            pytest.fail("the load finished before the server could be killed: " + proc.stdout.read())
        os.kill(local.info.pid, signal.SIGKILL)
        killed = time.monotonic()
        out, err = proc.communicate(timeout=60)
        waited = time.monotonic() - killed
    finally:
        server.stop(local.home)
    assert proc.returncode == 1, out + err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in err and "neo4j" not in err.lower().replace("neo4j at", "").replace("kg neo4j", "")
    assert waited < 8, f"reported {waited:.1f} s after the server died"


def test_jars_resolved_by_kg_are_stamped_as_the_install_script_stamps_them(tmp_path, monkeypatch):
    """`kg neo4j start` resolving the jars leaves the pom's hash where scripts/install-neo4j
    looks for it, so neither resolves them again; a changed pom resolves them once more."""
    import hashlib

    bin_dir, lib, calls = tmp_path / "bin", tmp_path / "lib", tmp_path / "calls"
    bin_dir.mkdir()
    fake = bin_dir / "mvn"
    fake.write_text(f'#!/bin/sh\necho x >> "{calls}"\n'
                    'for a in "$@"; do case "$a" in -Dkg.neo4j.lib=*) d="${a#-Dkg.neo4j.lib=}";; esac; done\n'
                    'mkdir -p "$d" && touch "$d/neo4j-server-5.26.0.jar" "$d/neo4j-browser-5.26.0.jar"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    assert server.ensure_jars(lib) == lib
    pom = Path(server.__file__).resolve().parents[2] / "neo4j" / "pom.xml"
    assert (lib / ".pom.sha256").read_text().strip() == hashlib.sha256(pom.read_bytes()).hexdigest()
    server.ensure_jars(lib)
    assert calls.read_text().count("x") == 1
    script = (Path(server.__file__).resolve().parents[2] / "scripts" / "install-neo4j").read_text()
    assert 'stamp="$lib/.pom.sha256"' in script and server.POM_STAMP == ".pom.sha256"
    (lib / ".pom.sha256").write_text("another pom\n")
    server.ensure_jars(lib)
    assert calls.read_text().count("x") == 2
