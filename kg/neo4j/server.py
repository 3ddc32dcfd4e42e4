"""The project's own Neo4j 5.26 LTS community server, run from jars that Maven resolved.

No Docker and no tarball: `neo4j/pom.xml` copies neo4j-server, its dependencies and
neo4j-browser into `neo4j/lib/`, and we start `org.neo4j.server.CommunityEntryPoint`
with Java 17 on that classpath. Everything the server writes (conf, data, logs, the
generated password) lives in one folder: `--home`, else $KG_NEO4J_HOME, else
`<project>/.neo4j/`. The server listens on 127.0.0.1 only and has authentication on.

The password is generated on first start, kept in `<home>/password` (mode 0600) and
handed to neo4j-admin as a picocli @-file, so it never shows on a command line.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
USER = "neo4j"
# JVM flags from Neo4j's own default neo4j.conf that matter for a small server.
JVM_FLAGS = ("-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+DisableExplicitGC",
             "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
             "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
             "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
# Flags every JVM we start gets, the server and neo4j-admin alike.
BASE_FLAGS = ("-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8")
_STATE = "run/kg-server.json"
_children: dict[int, subprocess.Popen] = {}  # servers this process started, to reap them


@dataclass(frozen=True)
class ServerInfo:
    """What `status` knows about the local server; `pid` is None when it is not running."""

    home: Path
    pid: int | None
    bolt_port: int
    http_port: int

    @property
    def running(self) -> bool:
        return self.pid is not None

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def password_file(self) -> Path:
        return self.home / "password"


def project_root() -> Path:
    """The checkout this package runs from (it holds neo4j/pom.xml), else the current folder."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "neo4j" / "pom.xml").exists() else Path.cwd()


def neo4j_home(home: str | Path | None = None) -> Path:
    """The folder for conf, data, logs and password: argument, $KG_NEO4J_HOME, <project>/.neo4j."""
    chosen = home or os.environ.get("KG_NEO4J_HOME") or project_root() / ".neo4j"
    return Path(chosen).expanduser().resolve()


def lib_dir() -> Path:
    """Where the server's jars are: $KG_NEO4J_LIB, else <project>/neo4j/lib."""
    return Path(os.environ.get("KG_NEO4J_LIB") or project_root() / "neo4j" / "lib").resolve()


def read_password(home: str | Path | None = None) -> str:
    """The generated password of the local server (never printed by any command)."""
    path = neo4j_home(home) / "password"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise KgError(f"no password file at {path}: start the server with `kg neo4j start`") from None


def find_java() -> str:
    """A java of version 17 or later ($JAVA_HOME first), or a KgError saying how to get one."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise KgError("Java 17 is needed for the local Neo4j: install it (apt-get install openjdk-17-jre-headless)")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(match.group(1)) if match else 0
    major = int(match.group(2) or 0) if major == 1 else major  # "1.8" style
    if major < 17:
        raise KgError(f"Neo4j 5.26 needs Java 17 or later; {java} is version {major or 'unknown'}")
    return java


POM_STAMP = ".pom.sha256"  # the hash of the pom the jars were resolved from (scripts/install-neo4j reads it too)


def ensure_jars(lib: Path | None = None) -> Path:
    """Resolve the jars with Maven when `lib` has none yet, or they were resolved from
    another neo4j/pom.xml; return the folder."""
    import hashlib

    lib = lib or lib_dir()
    pom = project_root() / "neo4j" / "pom.xml"
    want = hashlib.sha256(pom.read_bytes()).hexdigest() if pom.exists() else None
    stamp = lib / POM_STAMP
    have = stamp.read_text().strip() if stamp.exists() else None
    if any(lib.glob("neo4j-server-*.jar")) and any(lib.glob("neo4j-browser-*.jar")) and have in (None, want):
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise KgError(f"no Neo4j jars in {lib} and Maven (mvn) is missing: install it "
                      "(apt-get install maven) and run scripts/install-neo4j")
    if not pom.exists():
        raise KgError(f"no Neo4j jars in {lib} and no {pom} to resolve them with")
    if have is not None and have != want:
        for old in lib.glob("*.jar"):  # resolved from another pom: not to be mixed in
            old.unlink()
    print(f"Resolving Neo4j jars with Maven into {lib} (first start only)...", flush=True)
    cmd = [mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(pom), "dependency:copy-dependencies",
           f"-Dkg.neo4j.lib={lib}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        raise KgError(f"Maven could not resolve the Neo4j jars: {' | '.join(tail)}")
    stamp.write_text(f"{want}\n")
    return lib


def run_admin(args: list[str], home: str | Path | None = None, cwd: str | Path | None = None,
              timeout: float | None = 600) -> str:
    """Run neo4j-admin (org.neo4j.cli.AdminTool) on the server's home; its output, or a KgError.

    `cwd` matters for @-files and the relative paths inside them (see export.import.args);
    `timeout` None waits as long as it takes (a big import).
    """
    home = neo4j_home(home)
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env.update(NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    cmd = [find_java(), "-cp", f"{ensure_jars()}/*", *BASE_FLAGS, ADMIN_CLASS, *args]
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr + done.stdout).splitlines() if ln.strip()]
        raise KgError(f"neo4j-admin {' '.join(args[:3])} failed: {lines[-1] if lines else done.returncode}")
    return done.stdout


def status(home: str | Path | None = None) -> ServerInfo:
    """The local server's ports and pid (None when not running); cheap, starts nothing."""
    home = neo4j_home(home)
    state = _read_state(home)
    pid = state.get("pid")
    if pid is not None and not _is_our_server(pid, home):
        pid = None
    env = os.environ.get
    bolt = state.get("bolt_port") or env("KG_NEO4J_BOLT_PORT") or DEFAULT_BOLT_PORT
    http = state.get("http_port") or env("KG_NEO4J_HTTP_PORT") or DEFAULT_HTTP_PORT
    return ServerInfo(home=home, pid=pid, bolt_port=int(bolt), http_port=int(http))


def start(home: str | Path | None = None, bolt_port: int | None = None, http_port: int | None = None,
          heap: str = "1g", pagecache: str = "256m", timeout: float = 180) -> ServerInfo:
    """Start the local server (or find it running) and wait until Bolt answers.

    A port of 0 picks a free one. Ports not given are kept from the last start.
    """
    current = status(home)
    if current.running:
        return current
    home = current.home
    java = find_java()
    lib = ensure_jars()
    bolt_port = _choose_port(bolt_port, current.bolt_port)
    http_port = _choose_port(http_port, current.http_port)
    _prepare_home(home, bolt_port, http_port, pagecache)
    log = (home / "logs" / "console.log").open("ab")
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, *BASE_FLAGS, "-cp", f"{lib}/*", MAIN_CLASS,
           f"--home-dir={home}", f"--config-dir={home / 'conf'}"]
    # A session of its own: Ctrl-C in the terminal that started it does not stop the server.
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=env, cwd=home, start_new_session=True)
    log.close()
    _children[proc.pid] = proc
    _write_state(home, {"pid": proc.pid, "bolt_port": bolt_port, "http_port": http_port, "heap": heap,
                        "pagecache": pagecache})
    info = ServerInfo(home=home, pid=proc.pid, bolt_port=bolt_port, http_port=http_port)
    _wait_until_ready(info, proc, timeout)
    return info


def start_options(home: str | Path | None = None) -> dict[str, str]:
    """The heap and page cache of the last start, to start the server again as it was."""
    state = _read_state(neo4j_home(home))
    return {key: state[key] for key in ("heap", "pagecache") if isinstance(state.get(key), str)}


def stop(home: str | Path | None = None, timeout: float = 60) -> bool:
    """Stop the local server (SIGTERM, then SIGKILL after `timeout`); False if it was not running."""
    info = status(home)
    if info.pid is None:
        return False
    os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(info.pid):
        os.kill(info.pid, signal.SIGKILL)
        while _alive(info.pid):
            time.sleep(0.1)
    state = _read_state(info.home)
    state.pop("pid", None)
    _write_state(info.home, state)
    return True


def bolt_answers(info: ServerInfo, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections on the server's Bolt port."""
    return _port_answers(info.bolt_port, timeout)


def _port_answers(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _prepare_home(home: Path, bolt_port: int, http_port: int, pagecache: str) -> None:
    """conf from the template, folders, and on first start the generated password."""
    for sub in ("conf", "data", "logs", "run", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)  # data and password are the user's alone
    template = (project_root() / "neo4j" / "neo4j.conf.template").read_text(encoding="utf-8")
    conf = string.Template(template).substitute(bolt_port=bolt_port, http_port=http_port, pagecache=pagecache)
    (home / "conf" / "neo4j.conf").write_text(conf, encoding="utf-8")
    pw_file = home / "password"
    if pw_file.exists():
        return
    if (home / "data" / "databases" / "system").exists():
        raise KgError(f"{home} holds a database but no password file: remove {home / 'data'} to start afresh")
    # Letters and digits only, starting with a letter: picocli would read a leading
    # '-' as an option and '#' or quotes specially in the @-file.
    alphabet = string.ascii_letters + string.digits
    password = secrets.choice(string.ascii_letters) + "".join(secrets.choice(alphabet) for _ in range(31))
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password)
    try:
        run_admin(["dbms", "set-initial-password", f"@{pw_file}"], home)
    except BaseException:
        pw_file.unlink(missing_ok=True)
        raise


def _choose_port(asked: int | None, previous: int) -> int:
    """The asked port (0 = any free one), else the previous; KgError when it is taken."""
    if asked == 0:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    port = asked or previous
    # The server's own port, kept from its last start, may still be held for a moment by
    # a server just killed: its main thread is a zombie while the others still exit and
    # hold the socket. A port asked for is checked once.
    deadline = time.monotonic() + (0 if asked else _PORT_GRACE)
    while not _bindable(port):
        if time.monotonic() >= deadline:
            raise KgError(
                f"port {port} on 127.0.0.1 is in use: pick another with --bolt-port/--http-port "
                "(0 picks a free one)"
            )
        time.sleep(0.1)
    return port


_PORT_GRACE = 10.0  # seconds


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        # Sockets of a server just stopped or killed sit in TIME_WAIT for a minute; the
        # server reuses the address (as Neo4j does), so the check must too.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_until_ready(info: ServerInfo, proc: subprocess.Popen, timeout: float) -> None:
    """Poll until Bolt accepts a login and HTTP listens; on death or timeout, a KgError with the log."""
    from kg.neo4j import driver_module

    neo4j = driver_module()

    auth = (USER, read_password(info.home))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise KgError(f"Neo4j exited with code {proc.returncode} while starting: {_log_tail(info.home)}")
        # HTTP (Neo4j Browser) comes up a moment after Bolt: the printed URLs must both work.
        if bolt_answers(info, timeout=0.5) and _port_answers(info.http_port):
            try:
                with neo4j.GraphDatabase.driver(info.bolt_uri, auth=auth) as driver:
                    driver.verify_connectivity()
                return
            except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError):
                pass
        time.sleep(0.5)
    stop(info.home)
    raise KgError(f"Neo4j did not answer on {info.bolt_uri} within {timeout:.0f} s: {_log_tail(info.home)}")


def _log_tail(home: Path) -> str:
    """The last meaningful log line, and where the whole log is."""
    for name in ("neo4j.log", "console.log"):
        path = home / "logs" / name
        if path.exists():
            lines = [ln for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
            errors = [ln for ln in lines if "ERROR" in ln or "Exception" in ln]
            if errors or lines:
                return f"{(errors or lines)[-1].strip()} (see {path})"
    return f"no log written (see {home / 'logs'})"


def _read_state(home: Path) -> dict:
    try:
        return json.loads((home / _STATE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _write_state(home: Path, state: dict) -> None:
    from kg.fsutil import write_atomic

    write_atomic(home / _STATE, json.dumps(state, sort_keys=True) + "\n")


def _alive(pid: int) -> bool:
    """Running and not a zombie; reaps a server this process started once it has exited."""
    proc = _children.get(pid)
    if proc is not None:
        if proc.poll() is None:
            return True
        _children.pop(pid, None)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def _is_our_server(pid: int, home: Path) -> bool:
    """The pid is alive and is a Neo4j started on this home (pids get reused after reboots)."""
    if not _alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():  # no /proc (macOS): trust the pid
        return True
    args = cmdline.read_bytes().split(b"\0")
    return MAIN_CLASS.encode() in args and f"--home-dir={home}".encode() in args
