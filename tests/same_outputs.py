"""Two output folders hold the same outputs, byte for byte (the lookup index by content)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def output_files(out: Path) -> dict[str, bytes]:
    """Every published output file under `out` (through its links), by relative path;
    the lookup index is compared by its rows, since it records kg.json's mtime."""
    files = {}
    found = []
    for folder, dirs, names in os.walk(out, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder) / name for name in names if not name.startswith(".")]
    for path in sorted(found):
        rel = path.relative_to(out)
        if path.name == "kg.index.sqlite":
            con = sqlite3.connect(path)
            tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta' ORDER BY name")]
            rows = [repr(sorted(con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables]  # noqa: S608 (names from sqlite_master)
            con.close()
            files[str(rel)] = "\n".join(rows).encode()
        else:
            files[str(rel)] = path.read_bytes()
    return files


def assert_same_outputs(a: Path, b: Path) -> None:
    left, right = output_files(a), output_files(b)
    assert sorted(left) == sorted(right), sorted(set(left) ^ set(right))[:10]
    different = [name for name in left if left[name] != right[name]]
    assert not different, f"{len(different)} outputs differ: {different[:10]}"
