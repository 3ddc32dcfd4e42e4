"""A generated hostile corpus: every kind of bad input we know, and good documents
with hostile parts, built as a user would build them.

    python bench/hostile.py                  # 1,000 documents in bench/data/hostile-1000/
    python bench/hostile.py --docs 300       # a smaller one
    python bench/hostile.py --keep-going     # report, exit 0 even when a check fails

Each document has an expectation: `graph` (it must be in the graph, possibly with a
warning) or `skip` (it must be skipped with a reason). The script then

1. extracts every document alone, in a fresh forked process each (`kg.build.process_file`,
   two at a time), and records its seconds and the process's peak RSS;
2. runs `kg build` on the whole folder as a subprocess (`--max-size 2`, `--json`);

and prints the counts by kind, the slowest five documents, and the checks: no
traceback anywhere, every `skip` document skipped with a reason, every `graph`
document in kg.json, no document over 2 s or 500 MB. Exit 1 when a check fails.

Generation is deterministic (a fixed seed; document i depends only on the seed and i).
The good text in each document is sentences of the seeds (as bench/corpus.py draws them).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DATA, ROOT, _seed_material  # noqa: E402

from kg.read import _text_name  # noqa: E402

SEED = 20261130
VERSION = 1
MAX_MB = 2  # the build's --max-size: the "too large" kind is just over it
LIMIT_S = 2.0
LIMIT_MB = 500


def _article(rng: random.Random, pool: list[str], n: int = 4) -> str:
    return "\n".join(rng.choice(pool) for _ in range(n))


def _front(title: str, date: str = "2023-05-06", extra: str = "") -> str:
    return f"---\ntitle: '{title}'\ndate: {date}\n{extra}---\n"


# Each kind: (name, expectation, weight, make(rng, pool) -> (suffix, bytes)).
def _kinds() -> list[tuple[str, str, int, object]]:
    def text(body: str, suffix: str = ".txt", encoding: str = "utf-8") -> tuple[str, bytes]:
        return suffix, body.encode(encoding)

    def html_doc(inner: str) -> str:
        return f"<!DOCTYPE html><html><head><title>反诈通报</title></head><body>{inner}</body></html>"

    kinds = [
        ("plain", "graph", 6, lambda r, p: text(_front("反诈通报") + _article(r, p))),
        ("crlf", "graph", 2, lambda r, p: text((_front("通报") + _article(r, p)).replace("\n", "\r\n"))),
        ("cr-only", "graph", 1, lambda r, p: text((_front("通报") + _article(r, p)).replace("\n", "\r"))),
        ("bom", "graph", 1, lambda r, p: text("\ufeff" + _front("通报") + _article(r, p))),
        ("gb18030", "graph", 2, lambda r, p: text(_front("通报") + _article(r, p, 6), encoding="gb18030")),
        ("big5-traditional", "graph", 2, lambda r, p: (".txt", _big5(_article(r, p, 6)))),
        ("bad-bytes", "graph", 3, lambda r, p: (".txt", _with_bad_bytes(r, (_front("通报") + _article(r, p, 12)).encode()))),
        ("cesu-surrogates", "graph", 1, lambda r, p: (".txt", _article(r, p, 12).encode() + b"\xed\xa0\x80\xed\xb0\x80" + _article(r, p, 12).encode())),
        ("terminal-escapes", "graph", 3, lambda r, p: text(_front("通报\x1b]0;PWNED\x07") + "公安部\x1b[2J“断卡\x07”行动\x1b[31m打掉团伙300个。\n" + _article(r, p))),
        ("bidi-zero-width", "graph", 2, lambda r, p: text(_front("通报") + "公\u200b安\u200d部\u202e开展\u2066“断卡”\u2069行动，打掉团伙\ufeff300个。\n" + _article(r, p))),
        ("invalid-date", "graph", 2, lambda r, p: text(_front("通报", r.choice(["2022-13-45", "2023-02-30", "0000-00-00", "9999-99-99", "昨天", "[1, 2]"])) + _article(r, p))),
        ("yaml-alias-bomb", "graph", 2, lambda r, p: text(_yaml_bomb() + _article(r, p))),
        ("yaml-huge", "graph", 1, lambda r, p: text("---\ntitle: '" + "长" * 70000 + "'\n---\n" + _article(r, p))),
        ("yaml-broken", "graph", 2, lambda r, p: text(r.choice(["---\ntitle: [unclosed\ndate: {\n---\n", "---\n: : :\n\t- x\n---\n", "---\n!!python/object:os.system ls\n---\n", "---\ntitle: !!binary AAAA\n---\n"]) + _article(r, p))),
        ("yaml-unterminated", "graph", 1, lambda r, p: text("---\ntitle: 通报\n" + _article(r, p))),
        ("numerals-rejected", "graph", 3, lambda r, p: text(_front("通报") + r.choice(["打掉团伙百百万个。", "抓获嫌疑人万万千人。", "涉案金额1.2.3亿元。", "挽回损失" + "9" * 21 + "亿元。", "冻结资金" + "7" * 400 + "元。", "破案一两千起。", "涉案金额1e308亿元。", "打掉团伙零点零零零零零一个。"]) + "\n" + _article(r, p))),
        ("long-line", "graph", 1, lambda r, p: text(_front("通报") + "打掉团伙4.2万个" * r.choice([5000, 20000, 60000, 90000]))),
        ("many-figures", "graph", 1, lambda r, p: text(_front("通报") + "".join(f"公安部开展“断卡”行动，打掉团伙{i}个，抓获嫌疑人{i * 3}名。\n" for i in range(1, 3000)))),
        ("many-lines", "graph", 1, lambda r, p: text(_front("通报") + _article(r, p) + "\n" + "。\n" * 200000)),
        ("deep-html", "graph", 2, lambda r, p: (".html", html_doc("<div>" * r.choice([300, 3000, 20000]) + "<p>" + _article(r, p) + "</p>" + "</div>" * 10).encode())),
        ("html-injection", "graph", 3, lambda r, p: (".html", html_doc(_injections(r) + "<p>" + _article(r, p) + "</p>").encode())),
        ("html-malformed", "graph", 2, lambda r, p: (".html", ("<p>" + _article(r, p) + "<p><b><i>未闭合<table><tr><td>公安部<![CDATA[x]]><!-- 注释 --><scr<script>ipt>").encode())),
        ("html-control-chars", "graph", 1, lambda r, p: (".html", html_doc("<p>" + _article(r, p) + "\x0b\x0c\x01</p>").encode())),
        ("markdown-wechat", "graph", 2, lambda r, p: (".md", ("# 反诈通报\n\n> 来源：公众号\n\n" + "\n\n".join(f"**{s}**" for s in _article(r, p).split("\n")) + "\n\n![图片](http://x/a.png)\n").encode())),
        ("injection-text", "graph", 2, lambda r, p: text(_front("'}) DETACH DELETE n //") + _injections(r) + "\n" + _article(r, p))),
        ("astral-and-emoji", "graph", 2, lambda r, p: text(_front("通报🚨") + "𠀀𪚥公安部🚔开展“断卡”行动，打掉团伙３００个，涉案金额４．２万元。\n" + _article(r, p))),
        ("odd-file-name", "graph", 2, lambda r, p: text(_front("通报") + _article(r, p))),
        ("non-utf8-file-name", "graph", 1, lambda r, p: text(_front("通报") + _article(r, p))),
        ("pinyin-glosses", "graph", 1, lambda r, p: text(_front("通報") + "網(wǎng)絡(luò)詐(zhà)騙(piàn)案件，公安部破獲2.1萬起。\n" + _article(r, p))),
        ("empty", "skip", 2, lambda r, p: text(r.choice(["", "   \n\t\n", "\n" * 100]))),
        ("binary", "skip", 2, lambda r, p: (".txt", r.choice([b"\x89PNG\r\n\x1a\n" + r.randbytes(3000), b"\x00" * 50 + "公安部".encode(), r.randbytes(5000)]))),
        ("no-chinese", "skip", 2, lambda r, p: text(r.choice(["The police arrested 300 people.\n" * 20, "---\ntitle: 公安部\n---\nOnly English here.", "1234567890\n" * 50, "。，、！？" * 100]))),
        ("undecodable", "skip", 1, lambda r, p: (".txt", bytes(r.choice([0x80, 0x81, 0xfe, 0xff]) for _ in range(4000)))),
        ("too-large", "skip", 1, lambda r, p: text("公安部开展“断卡”行动。\n" * (MAX_MB * 1024 * 1024 // 30 + 10))),
        ("front-matter-only", "skip", 1, lambda r, p: text(_front("通报"))),
    ]
    return kinds


def _big5(text: str) -> bytes:
    import opencc

    return opencc.OpenCC("s2t").convert(text).encode("big5", errors="ignore")


def _with_bad_bytes(r: random.Random, raw: bytes) -> bytes:
    out = bytearray(raw)
    for _ in range(r.randint(1, 3)):
        out.insert(r.randrange(len(out)), r.choice([0xff, 0xfe, 0xc0]))
    return bytes(out)


def _yaml_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "---\n" + "\n".join(lines) + "\ntitle: *i\n---\n"


def _injections(r: random.Random) -> str:
    return r.choice([
        "<script>alert(1)</script>公安部开展“<img src=x onerror=alert(1)>”行动，打掉团伙12个。",
        "最高人民检察院办理的'}) MATCH (n) DETACH DELETE n //诈骗案。",
        "公安部开展“断卡\"}]}; DROP TABLE docs; --”行动。",
        "公安部开展“{{7*7}}${7*7}”行动，打掉团伙5个。",
        "公安部开展“</script><script>alert(document.cookie)</script>”行动。",
        "公安部开展“断卡> } ; INSERT DATA { <x> <y> <z> }”行动。",
    ])


def generate(n: int, folder: Path) -> dict[str, tuple[str, str]]:
    """Write n documents into `folder`; {file name: (kind, expectation)}."""
    _, pool = _seed_material()
    kinds = _kinds()
    weighted = [k for k in kinds for _ in range(k[2])]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    manifest: dict[str, tuple[str, str]] = {}
    for i in range(n):
        rng = random.Random(f"{SEED}:{i}")
        name, expect, _, make = kinds[i] if i < len(kinds) else rng.choice(weighted)
        suffix, data = make(rng, pool)
        stem = f"{i:05d}-{name}"
        if name == "odd-file-name":
            stem += rng.choice([" 空格 ", "\n换行", "\x1b[31m", "'\";--", "‮txt.exe"])
        filename = os.fsencode(stem + suffix)
        if name == "non-utf8-file-name":
            filename = os.fsencode(stem) + b"\xff\xfe" + suffix.encode()
        (folder / os.fsdecode(filename)).write_bytes(data)
        manifest[_text_name(os.fsdecode(filename))] = (name, expect)  # the name it goes by in the graph
    return manifest


def _one(path: str) -> tuple[str, float, float, str]:
    from kg.build import process_file

    started = time.perf_counter()
    document, doc, _ = process_file(Path(path), Path(path).name, MAX_MB * 1024 * 1024)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return path, seconds, peak_mb, "read" if document is not None else f"skipped: {doc.reason}"


def per_document(folder: Path) -> list[tuple[str, float, float, str]]:
    from kg.build import process_file

    # Lexicons, gazetteer and patterns load once, before the forks: each child times its
    # document only.
    seed = next(p for p in sorted((ROOT / "seeds").iterdir()) if p.is_file())
    process_file(seed, seed.name)
    paths = sorted(str(p) for p in folder.iterdir())
    with multiprocessing.get_context("fork").Pool(2, maxtasksperchild=1) as pool:
        return list(pool.imap_unordered(_one, paths))


def whole_build(folder: Path, out: Path) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(out), "--max-size", str(MAX_MB), "--json"],
                          capture_output=True, cwd=ROOT)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), time.perf_counter() - started


def check(manifest: dict[str, tuple[str, str]], code: int, stdout: str, stderr: str, out: Path) -> tuple[list[tuple[str, bool, str]], dict]:
    """The checks on a whole build of the corpus: (label, passed, detail) each, and the
    build's --json summary."""
    checks: list[tuple[str, bool, str]] = []
    checks.append(("no traceback", "Traceback" not in stdout + stderr, stderr[-2000:] if "Traceback" in stderr else ""))
    try:
        summary = json.loads(stdout)
    except json.JSONDecodeError:
        summary = {"skipped": [], "warnings": []}
        checks.append(("--json output parses", False, stdout[:500]))
    graph = json.loads((out / "kg.json").read_text("utf-8")) if code == 0 else {"documents": []}
    in_graph = {d["path"] for d in graph["documents"]}
    skipped = {s["path"]: s["reason"] for s in summary["skipped"]}
    want_graph = {name for name, (_, expect) in manifest.items() if expect == "graph"}
    want_skip = {name for name, (_, expect) in manifest.items() if expect == "skip"}
    lost = sorted(want_graph - in_graph)
    not_skipped = sorted(want_skip - set(skipped))
    checks.append((f"every good document in the graph ({len(want_graph & in_graph)}/{len(want_graph)})", not lost,
                   ", ".join(f"{ascii(n)} ({manifest[n][0]}: {skipped.get(n, 'not skipped')})" for n in lost[:10])))
    checks.append((f"every bad document skipped with a reason ({len(want_skip & set(skipped))}/{len(want_skip)})",
                   not not_skipped and all(skipped[n].strip() for n in want_skip & set(skipped)),
                   ", ".join(f"{ascii(n)} ({manifest[n][0]})" for n in not_skipped[:10])))
    return checks, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--keep-going", action="store_true", help="exit 0 even when a check fails")
    args = parser.parse_args(argv)
    folder = DATA / f"hostile-{args.docs}"
    out = ROOT / "bench" / "out" / f"hostile-{args.docs}"
    t0 = time.perf_counter()
    manifest = generate(args.docs, folder)
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"generated {len(manifest)} documents ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s: {folder}")
    by_kind = Counter(kind for kind, _ in manifest.values())
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))

    t0 = time.perf_counter()
    rows = per_document(folder)
    print(f"\neach document alone, in its own process: {time.perf_counter() - t0:.1f} s")
    print("slowest five:")
    print(f"  {'seconds':>8} {'peak MB':>8}  document")
    for path, seconds, peak, outcome in sorted(rows, key=lambda r: -r[1])[:5]:
        print(f"  {seconds:8.2f} {peak:8.0f}  {ascii(Path(path).name)[1:-1]}  ({outcome[:60]})")
    heaviest = max(rows, key=lambda r: r[2])
    print(f"largest peak: {heaviest[2]:.0f} MB, {ascii(Path(heaviest[0]).name)[1:-1]}")

    code, stdout, stderr, seconds = whole_build(folder, out)
    print(f"\nkg build {folder.name} --max-size {MAX_MB}: exit {code} in {seconds:.1f} s")
    checks, summary = check(manifest, code, stdout, stderr, out)
    slow = [r for r in rows if r[1] > LIMIT_S or r[2] > LIMIT_MB]
    checks.append((f"no document over {LIMIT_S:g} s or {LIMIT_MB} MB", not slow,
                   ", ".join(f"{ascii(Path(r[0]).name)} {r[1]:.1f} s {r[2]:.0f} MB" for r in slow[:10])))
    reasons = Counter(s["reason"].split(" (")[0].split(":")[0] for s in summary["skipped"])
    print("skipped, by reason: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    print(f"warnings: {len(summary.get('warnings', []))}")
    failed = 0
    for label, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {label}" + (f": {detail}" if detail and not ok else ""))
        failed += not ok
    return 0 if args.keep_going or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
