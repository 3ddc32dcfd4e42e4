"""A synthetic corpus made from the seeds, and the graph built from it, shared by the benchmarks.

    python bench/corpus.py 1000              # bench/data/corpus-1000/ (generated once)
    python bench/corpus.py 10000 --graph     # ... and bench/data/graph-10000/kg.json

    from corpus import ensure_corpus, ensure_graph   # with bench/ on sys.path
    kg_json = ensure_graph()                  # the 10,000-document graph, built once

Each generated document keeps the shape of one seed (rotating over the five): its front
matter, its page furniture before and after the article (navigation, QR-code blurbs,
editor lines, the law firm's contact block) and its paragraph markup (`<p cms-style>`
HTML, one-line `<p style>` HTML, WeChat Markdown lines, blank-line plain text). The
article itself is new: paragraphs of 1-5 whole sentences drawn from the cleaned
sentences of all five seeds (so agencies, campaigns, laws and figures occur in new
combinations), a title drawn from the short sentences, and a front-matter date drawn
uniformly from 2019-01-01..2025-12-31 in the seed's date style, so that relative periods
(今年1至5月, 全年) resolve to different years. The law-firm seed has no front matter; its
documents get one (title and a 2023年5月6日-style date) so that they are dated too.

Sizes: the whole file is ~9 KB on average (uniform 5.5-12.5 KB), so 10,000 documents
are ~90 MB. Generation is deterministic: document i depends only on (SEED, i), so the
N-document corpus is the first N documents of any larger one.

Everything is written under bench/data/ (gitignored), each folder with a manifest;
a folder whose manifest matches is reused, anything else is regenerated.
"""

from __future__ import annotations

import argparse
import email.utils
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = ROOT / "bench" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # usable from a checkout whether kg is installed or not

SEED = 20240521
VERSION = 1  # bump when the generator's output changes; cached corpora are then regenerated
MEAN_BYTES = 9000
SPREAD_BYTES = 3500  # document size uniform in MEAN ± SPREAD
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2025, 12, 31)
MIN_SENTENCE = 8  # characters; shorter cleaned "sentences" are headings and furniture
TITLE_MAX = 45

_FRONT_MATTER = re.compile(r"\A(\ufeff?\s*---[ \t]*\n)(.*?)(\n---[ \t]*\n)", re.S)
_P_BLOCK = re.compile(r"<p\b[^>]*>.*?</p>", re.S | re.I)
_P_OPEN = re.compile(r"<p\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_YAML_KEY = re.compile(r"^(\s*)(title|date)(\s*:\s*)(.*)$")


@dataclass
class Shape:
    """The furniture of one seed, with holes for the title, the date and the paragraphs."""

    name: str
    kind: str  # "html", "markdown" or "text"
    suffix: str
    front: str  # front matter including its --- lines, with {title} / {date} holes
    date_style: str  # "rfc2822", "iso" or "zh"
    prefix: str  # page text before the article, with the seed's title replaced by {title}
    open: str  # paragraph markup: open + sentences + close, joined by sep
    close: str
    sep: str
    suffix_text: str  # page text after the article

    def render(self, title: str, day: datetime, paragraphs: list[str]) -> str:
        esc = html.escape if self.kind == "html" else (lambda s: s)
        body = self.sep.join(self.open + esc(p) + self.close for p in paragraphs)
        front = self.front.replace("{title}", _yaml_quote(title)).replace("{date}", _format_date(day, self.date_style))
        return front + self.prefix.replace("{title}", esc(title)) + body + self.suffix_text


def _yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _format_date(day: datetime, style: str) -> str:
    if style == "rfc2822":
        return email.utils.format_datetime(day, usegmt=True)
    if style == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.date().isoformat()


def _seed_material() -> tuple[list[Shape], list[str]]:
    """The five shapes and the pool of cleaned sentences, from seeds/ through kg's own cleaner."""
    from kg.build import prepare
    from kg.read import read_file

    shapes: list[Shape] = []
    pool: list[str] = []
    seen: set[str] = set()
    for path in sorted(SEEDS.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        prepared = prepare(read_file(path, path.name))
        if not isinstance(prepared, tuple):
            continue
        document, doc = prepared
        sentences = [doc.text[s.start:s.end].replace("\n", "").strip() for s in doc.sentences]
        for s in sentences:
            if len(s) >= MIN_SENTENCE and s not in seen:
                seen.add(s)
                pool.append(s)
        shapes.append(_shape(path, document.title, document.format, sentences))
    if not shapes or not pool:
        raise SystemExit(f"no seed documents under {SEEDS}")
    return shapes, pool


def _shape(path: Path, title: str, fmt: str, sentences: list[str]) -> Shape:
    raw = path.read_text("utf-8").replace("\r\n", "\n")
    fm = _FRONT_MATTER.match(raw)
    date_style = "zh"
    if fm:
        lines = []
        for line in fm.group(2).split("\n"):
            m = _YAML_KEY.match(line)
            if m and m[2] == "title":
                line = f"{m[1]}title{m[3]}{{title}}"
            elif m and m[2] == "date":
                date_style = "rfc2822" if "GMT" in m[4] or "," in m[4] else "iso"
                line = f"{m[1]}date{m[3]}{{date}}"
            lines.append(line)
        front = fm.group(1) + "\n".join(lines) + fm.group(3)
        body = raw[fm.end():]
    else:
        front = "---\ntitle: {title}\ndate: {date}\n---\n"
        body = raw
    # Article blocks: those holding one of the seed's long sentences (not its title).
    long = [s[:12] for s in sentences if len(s) >= 20 and s != title]
    if fmt == "html":
        blocks = [(m.start(), m.end(), m.group()) for m in _P_BLOCK.finditer(body)]
        text_of = lambda block: html.unescape(_TAG.sub("", block))  # noqa: E731
    else:
        blocks, pos = [], 0
        for line in body.split("\n"):
            blocks.append((pos, pos + len(line), line))
            pos += len(line) + 1
        text_of = lambda block: block  # noqa: E731
    article = [b for b in blocks if any(k in text_of(b[2]) for k in long)]
    first, last = article[0], article[-1]
    if fmt == "html":
        opening = _P_OPEN.match(first[2]).group()
        inner = first[2][len(opening):]
        lead = inner[: len(inner) - len(inner.lstrip(" \u3000"))]
        open_, close = opening + lead, "</p>"
        second = article[1] if len(article) > 1 else None
        gap = body[first[1]:second[0]] if second else "\n"
        sep = gap if not gap.strip() else "\n"
    else:
        open_, close = "", ""
        sep = "\n\n" if fmt == "text" else "\n"
    prefix = body[: first[0]]
    if title:
        prefix = prefix.replace(title, "{title}")
    return Shape(
        name=path.name,
        kind=fmt,
        suffix={"html": ".html", "markdown": ".md"}.get(fmt, ".txt"),
        front=front,
        date_style=date_style,
        prefix=prefix,
        open=open_,
        close=close,
        sep=sep,
        suffix_text=body[last[1]:],
    )


def generate_document(i: int, shapes: list[Shape], pool: list[str], titles: list[str]) -> tuple[str, str]:
    """Document number i: (file name, text). Depends only on SEED, i and the seeds."""
    rng = random.Random(f"{SEED}:{i}")
    shape = shapes[i % len(shapes)]
    span = (LAST_DAY - FIRST_DAY).days
    day = datetime.combine(FIRST_DAY + timedelta(days=rng.randrange(span + 1)), datetime.min.time(), UTC)
    day += timedelta(seconds=rng.randrange(86400))
    title = rng.choice(titles)
    target = rng.randint(MEAN_BYTES - SPREAD_BYTES, MEAN_BYTES + SPREAD_BYTES)
    paragraphs: list[str] = []
    size = len(shape.render(title, day, []).encode("utf-8"))
    while size < target:
        sentences = [rng.choice(pool) for _ in range(rng.randint(1, 5))]
        paragraph = "".join(sentences)
        paragraphs.append(paragraph)
        size += len((shape.open + paragraph + shape.close + shape.sep).encode("utf-8"))
    name = f"doc-{i:05d}{shape.suffix}"
    return name, shape.render(title, day, paragraphs)


def _manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def ensure_corpus(n: int, data_dir: Path = DATA) -> Path:
    """bench/data/corpus-<n>/ holding n generated documents (generated once, then reused)."""
    folder = data_dir / f"corpus-{n}"
    want = {"version": VERSION, "seed": SEED, "n": n}
    have = _manifest(folder / ".manifest.json")
    if have and all(have.get(k) == v for k, v in want.items()):
        return folder
    shapes, pool = _seed_material()
    titles = [s.rstrip("。") for s in pool if len(s) <= TITLE_MAX]
    tmp = data_dir / f".corpus-{n}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    total = 0
    for i in range(n):
        name, text = generate_document(i, shapes, pool, titles)
        payload = text.encode("utf-8")
        (tmp / name).write_bytes(payload)
        total += len(payload)
    # The manifest is hidden (kg build skips dot files) and written last.
    (tmp / ".manifest.json").write_text(
        json.dumps({**want, "bytes": total, "sentences": len(pool), "shapes": [s.name for s in shapes]}, indent=1),
        "utf-8",
    )
    shutil.rmtree(folder, ignore_errors=True)
    try:
        os.replace(tmp, folder)
    except OSError:  # another process generated it meanwhile: the same bytes, keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
        if _manifest(folder / ".manifest.json").get("version") != VERSION:
            raise
    return folder


def corpus_bytes(folder: Path) -> int:
    """Total size of a corpus's documents, from its manifest."""
    return int(_manifest(folder / ".manifest.json").get("bytes") or sum(p.stat().st_size for p in folder.iterdir() if not p.name.startswith(".")))


def ensure_graph(n: int = 10000, data_dir: Path = DATA, fresh: bool = False) -> Path:
    """bench/data/graph-<n>/kg.json: the graph of corpus-<n>, built once and then reused.

    Only kg.json is written (kg.build.build, then kg.model.dumps); the index, RDF and
    HTML are for the caller to make. The build runs in a subprocess so the caller's
    memory stays its own. `fresh=True`, or deleting bench/data/, rebuilds; the cache is
    otherwise reused even if kg/ has changed since (see the manifest's `built`).
    """
    corpus = ensure_corpus(n, data_dir)
    folder = data_dir / f"graph-{n}"
    kg_json = folder / "kg.json"
    corpus_manifest = _manifest(corpus / ".manifest.json")
    have = _manifest(folder / "manifest.json")
    if not fresh and kg_json.exists() and have.get("corpus") == corpus_manifest:
        return kg_json
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--_build", str(corpus), str(kg_json)], check=True)
    record_graph(kg_json, corpus_manifest, time.perf_counter() - started)
    return kg_json


def record_graph(kg_json: Path, corpus_manifest: dict, seconds: float) -> None:
    """Write the manifest that lets ensure_graph reuse `kg_json` (also used by bench/build.py)."""
    info = {"corpus": corpus_manifest, "built": datetime.now().isoformat(timespec="seconds"), "seconds": round(seconds, 1)}
    (kg_json.parent / "manifest.json").write_text(json.dumps(info, indent=1), "utf-8")


def _build_graph(corpus: Path, kg_json: Path) -> None:
    from kg.build import build
    from kg.fsutil import write_atomic
    from kg.model import dumps

    result = build([corpus])
    write_atomic(kg_json, dumps(result.graph))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_build"]:
        _build_graph(Path(argv[1]), Path(argv[2]))
        return
    parser = argparse.ArgumentParser(description="Generate the benchmark corpus (and its graph) under bench/data/.")
    parser.add_argument("n", type=int, nargs="?", default=10000, help="number of documents (default 10000)")
    parser.add_argument("--graph", action="store_true", help="also build bench/data/graph-N/kg.json")
    parser.add_argument("--fresh", action="store_true", help="rebuild the graph even if it is there")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folder = ensure_corpus(args.n)
    print(f"{folder}: {args.n} documents, {corpus_bytes(folder) / 1e6:.1f} MB ({time.perf_counter() - started:.1f} s)")
    if args.graph:
        print(ensure_graph(args.n, fresh=args.fresh))


if __name__ == "__main__":
    main()
