"""Two output folders hold the same outputs, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path


def output_files(out: Path) -> dict[str, bytes]:
    """Every published output file under `out` (through its links), by relative path."""
    found = []
    for folder, dirs, names in os.walk(out, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder) / name for name in names if not name.startswith(".")]
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(found)}


def assert_same_outputs(a: Path, b: Path) -> None:
    assert_same_files(output_files(a), output_files(b))


def assert_same_files(left: dict[str, bytes], right: dict[str, bytes]) -> None:
    """The same names and bytes; on failure a short message naming the files (never a diff of
    hundreds of megabytes, which takes the test runner hours to print)."""
    assert sorted(left) == sorted(right), sorted(set(left) ^ set(right))[:10]
    different = [name for name in left if left[name] != right[name]]
    assert not different, f"{len(different)} outputs differ: {different[:10]}"
