"""Reading documents: files to decoded text, front matter to metadata.

`read_paths` walks the user's paths and yields one `Loaded` per readable document
and one `Skipped` (with a reason a person understands) per file that cannot be read;
one bad file never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass
class Loaded:
    """A decoded document: its metadata and the body text after the front matter."""

    path: Path
    rel: str
    body: str
    meta: dict = field(default_factory=dict)
    encoding: str = "utf-8"
    sha1: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A file that was not read, and why; `transient` when trying again may do better (the
    file could not be read, its extraction failed), so no build that skipped it is final."""

    rel: str
    reason: str
    transient: bool = False


def discover(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """The files to read under `paths`, each with the name it goes by in the graph,
    and the paths that hold nothing to read.

    Folders are walked for known suffixes (hidden entries skipped); files named
    explicitly are read whatever their suffix. Sorted, so order never depends on
    the file system.
    """
    found: list[tuple[Path, str]] = []
    missing: list[Skipped] = []
    for root in paths:
        if not root.exists():
            missing.append(Skipped(str(root), "no such file or folder"))
            continue
        if root.is_file():
            found.append((root, _text_name(root.name)))
            continue
        entries = list(root.rglob("*"))
        # kg build's output folders (they hold its lock file) are never read: building
        # into a folder inside the input reads none of its own pages.
        outputs = [p.parent for p in entries if p.name == ".kg.lock"]
        files = sorted(
            p
            for p in entries
            if p.is_file()
            and p.suffix.lower() in SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and not any(folder in p.parents for folder in outputs)
        )
        # Links to folders are not walked (a link back up would walk forever): said, not silent.
        missing.extend(
            Skipped(str(p), "a link to a folder, not followed: give the folder itself as a PATH")
            for p in sorted(entries)
            if p.is_symlink() and p.is_dir() and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and not any(folder in p.parents for folder in outputs)
        )
        if not files:
            missing.append(Skipped(str(root), f"empty folder: no {', '.join(sorted(SUFFIXES))} files in it"))
        found.extend((p, _text_name(p.relative_to(root).as_posix())) for p in files)
    # Two PATHS may hold files of one name (a/x.txt, b/x.txt): those go by their path as
    # given, so that no two documents share a name (and an id); every name in one order,
    # whatever the order of PATHS.
    names = Counter(rel for _, rel in found)
    found = sorted({(rel if names[rel] == 1 else _text_name(path.as_posix()), str(path)): path for path, rel in found}.items())
    return [(path, rel) for (rel, _), path in found], missing



def human_size(n: int) -> str:
    """Bytes as a person reads them: 1.5 KB, 50.0 MB, 20 MB (whole numbers without a decimal)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def _text_name(name: str) -> str:
    """A file name as text: names that are not UTF-8 (the OS hands them over with lone
    surrogates) are read as GB18030, as archives made on Chinese Windows name files,
    else their bad bytes are written \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def read_file(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded | Skipped:
    """Decode one file and split off its front matter, or say why it is skipped."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(rel, f"too large ({human_size(size)}; the limit is {human_size(max_bytes)}, see --max-size)")
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(rel, f"cannot be read ({exc.strerror or exc})", transient=True)
    if not raw.strip():
        return Skipped(rel, "empty file")
    if _looks_binary(raw):
        return Skipped(rel, "binary file, not text")
    text, encoding, replaced = decode(raw)
    if text is None:
        return Skipped(rel, "undecodable: not UTF-8, GB18030 or Big5 text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, warnings = split_front_matter(text)
    if replaced:
        warnings.append(f"{replaced} byte(s) not valid UTF-8, read as \ufffd")
    return Loaded(
        path=path,
        rel=rel,
        body=body,
        meta=meta,
        encoding=encoding,
        sha1=hashlib.sha1(raw).hexdigest(),
        warnings=warnings,
    )


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def decode(raw: bytes) -> tuple[str | None, str, int]:
    """Bytes to text, the encoding, and how many bad bytes were replaced: UTF-8 (with or
    without BOM) first, also with a few damaged bytes; then a detected CJK encoding."""
    try:
        return raw.decode("utf-8-sig"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    text, bad = _utf8_with_replacement(raw)
    if text is not None:
        return text, "utf-8", bad
    for encoding in ("gb18030", "big5"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_sane(text):
            return text, encoding, 0
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or not _readable(str(best)):
        return None, "", 0
    return str(best), best.encoding, 0


# A few damaged bytes, not another encoding: one stray byte inside a character costs up
# to four U+FFFD, text in GBK or Big5 read as UTF-8 nearly one per byte.
_MAX_BAD_SHARE = 0.02  # of the bytes
_MAX_BAD_FLOOR = 16


def _utf8_with_replacement(raw: bytes) -> tuple[str | None, int]:
    """UTF-8 text with a few bad bytes (a truncated character, a stray 0xFF) decoded with
    U+FFFD in their place, so that one bad byte loses one character, not the document."""
    text = raw.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - raw.decode("utf-8-sig", errors="ignore").count("\ufffd")
    if bad > max(_MAX_BAD_FLOOR, len(raw) * _MAX_BAD_SHARE):
        return None, 0
    return text, bad


def _mostly_sane(text: str) -> bool:
    # A wrong legacy decoding yields private-use and rare characters; real text doesn't.
    odd = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd")
    return odd <= len(text) * 0.001


def _readable(text: str) -> bool:
    # A guess that yields mostly rare ideographs or symbols is noise, not text.
    common = sum(1 for ch in text if ch.isascii() or "\u4e00" <= ch <= "\u9fa5" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return _mostly_sane(text) and common >= len(text) * 0.9


_FRONT_MATTER_MAX = 64 * 1024  # characters; a title, a date and a few tags need far less
# A YAML anchor or alias (&a, *a): expanding them can turn a few bytes into gigabytes.
_YAML_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]")


def split_front_matter(text: str) -> tuple[dict, str, list[str]]:
    """YAML front matter (between --- lines at the top) as a dict, and the rest.

    Bounded work: front matter over 64 K characters or with YAML anchors/aliases is
    ignored with a warning, and dates stay text (parse_date reads them), so that a
    date that does not exist (2022-13-45) is a warning, not a failure."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    front, body = match.group(1), text[match.end():]
    if len(front) > _FRONT_MATTER_MAX:
        return {}, body, [f"front matter over {_FRONT_MATTER_MAX // 1024} K characters: ignored, body read without it"]
    if _YAML_ALIAS.search(front):
        return {}, body, ["front matter uses YAML anchors or aliases: ignored, body read without it"]
    import yaml

    try:
        meta = yaml.load(front, Loader=_front_matter_loader())
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" at line {line + 2}" if line is not None else ""
        return {}, body, [f"broken front matter{where}: ignored, body read without it"]
    if not isinstance(meta, dict):
        return {}, text[match.end():], ["front matter is not a mapping: ignored"]
    return meta, text[match.end():], []


@lru_cache(maxsize=1)
def _front_matter_loader() -> type:
    """libyaml's safe loader when present (10x faster), with dates left as text."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    return FrontMatterLoader


def parse_date(value: object) -> str | None:
    """A front-matter date (ISO, RFC 2822, YAML date, 2022年4月14日) as YYYY-MM-DD."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    m = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
