"""Exports for people who load Neo4j by hand, made from the same rows as the driver load.

- `export_cypher`: one script for cypher-shell (`-f`) or Neo4j Browser, one statement
  a line, every value written as an escaped Cypher literal (strings in single quotes
  with backslash escapes, property keys in backticks), so the script builds the same
  graph as `kg neo4j load` and no document text can end a string or a statement.
- `export_neo4j_csv`: the CSV layout of `neo4j-admin database import full`
  (https://neo4j.com/docs/operations-manual/5/import/): a node file per label set,
  a relationship file per type (two where a number column mixes integers and
  decimals), typed headers, and `import.args` with the options. `kg neo4j load
  --bulk` (kg.neo4j.bulk) imports it into the local server.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any

from kg.fsutil import write_atomic
from kg.model import Graph
from kg.neo4j.load import (
    DEFAULT_TAG,
    constraint_statements,
    node_groups,
    node_query,
    relationship_groups,
    relationship_query,
)

__all__ = ["cypher_literal", "export_cypher", "export_neo4j_csv"]

ROWS_PER_STATEMENT = 100
# Array delimiters to try, first one absent from every value wins (see _array_delimiter).
_DELIMITERS = ("\x1f", "\x1e", "\x1d", "\x1c", "|", "¦")
_KINDS = {bool: "boolean", int: "long", float: "double", dt.date: "date"}
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_literal(value: Any) -> str:
    """A Python value as a Cypher literal that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        return repr(value)
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, str):
        return "'" + "".join(_escape_char(ch) for ch in value) + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def export_cypher(graph: Graph, out_path: str | Path, tag: str = DEFAULT_TAG) -> Path:
    """Write a Cypher script that builds the graph (constraints, nodes, relationships)."""
    nodes = node_groups(graph)
    rels, skipped = relationship_groups(graph)
    n_nodes, n_rels = sum(map(len, nodes.values())), sum(map(len, rels.values()))
    lines = [
        "// Knowledge graph of the fight against telecom-network fraud, from kg.json.",
        f"// {n_nodes} nodes, {n_rels} relationships, graph tag {tag!r}"
        + (f", {skipped} relations with a missing end left out" if skipped else "") + ".",
        "// Run: cypher-shell -u neo4j -f kg.cypher   or paste into Neo4j Browser.",
        "// Re-running it changes nothing: every statement MERGEs on id.",
    ]
    lines += [s + ";" for s in constraint_statements()]
    for key, rows in sorted(nodes.items(), key=str):
        lines += _statements(node_query(*key), rows, tag)
    for key, rows in sorted(rels.items()):
        lines += _statements(relationship_query(*key), rows, tag)
    return write_atomic(out_path, "\n".join(lines) + "\n")


def export_neo4j_csv(graph: Graph, out_dir: str | Path, tag: str = DEFAULT_TAG) -> Path:
    """Write node and relationship CSV files, import.args and constraints.cypher into out_dir."""
    out_dir = Path(out_dir)
    nodes = node_groups(graph)
    rels, _ = relationship_groups(graph)
    delimiter = _array_delimiter(nodes, rels)
    args = ["--array-delimiter=" + f"U+{ord(delimiter):04X}", "--multiline-fields=true",
            "--overwrite-destination=true"]
    for (label, extra), rows in sorted(nodes.items(), key=str):
        name = f"nodes_{label}{'_' + extra if extra else ''}.csv"
        labels = [label] + ([extra] if extra else [])
        records = [dict(r["props"], kg_graphs=[tag]) for r in rows]
        for part in _write_csvs(out_dir, name, ["id:ID", ":LABEL"],
                                [[r["id"], delimiter.join(labels)] for r in rows], records, delimiter, skip={"id"}):
            args.append(f"--nodes={part}")
    by_type: dict[str, list[dict]] = {}
    for (rel_type, _src, _tgt), rows in sorted(rels.items()):
        by_type.setdefault(rel_type, []).extend(rows)
    for rel_type, rows in by_type.items():
        name = f"relationships_{rel_type}.csv"
        fixed = [[r["source"], r["target"], rel_type] for r in rows]
        records = [dict(r["props"], kg_graphs=[tag]) for r in rows]
        for part in _write_csvs(out_dir, name, [":START_ID", ":END_ID", ":TYPE"], fixed, records, delimiter):
            args.append(f"--relationships={part}")
    write_atomic(out_dir / "import.args", "\n".join(args) + "\n")
    write_atomic(out_dir / "constraints.cypher", "\n".join(s + ";" for s in constraint_statements()) + "\n")
    write_atomic(out_dir / "README.txt", _readme())
    return out_dir


def _statements(template: str, rows: list[dict], tag: str) -> list[str]:
    """The load query with rows and tag written in as literals, one statement per line."""
    # The tag goes into the constant template first, then the rows: text from a row
    # that happens to read "$tag" is inside a string literal and is never replaced.
    head, _, tail = template.replace("$tag", cypher_literal(tag)).partition("$rows")
    out = []
    for i in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = [{"id": r["id"], "props": r["props"], **({"source": r["source"], "target": r["target"]}
                                                        if "source" in r else {})}
                 for r in rows[i:i + ROWS_PER_STATEMENT]]
        out.append((head + cypher_literal(chunk) + tail).replace("\n", " ") + ";")
    return out


def _escape_char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    # Control characters and Unicode line/paragraph separators as \uXXXX, so a
    # statement stays on one line in every editor and terminal.
    if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or code in (0x2028, 0x2029):
        return f"\\u{code:04x}"
    return ch


def _key(key: Any) -> str:
    """A property key in backticks (a backtick inside doubled), valid whatever its text."""
    return "`" + str(key).replace("`", "``") + "`"


def _array_delimiter(nodes: dict, rels: dict) -> str:
    """A delimiter that no list element and no label contains, so arrays split back exactly."""
    candidates = list(_DELIMITERS)
    for groups in (nodes, rels):
        for rows in groups.values():
            for row in rows:
                for value in row["props"].values():
                    if isinstance(value, list):
                        # One substring test per candidate and list, not a set of every
                        # character (a minute on the 10,000-document graph's evidence).
                        text = "\x00".join(v for v in value if isinstance(v, str))
                        if any(c in text for c in candidates):
                            candidates = [c for c in candidates if c not in text]
    if candidates:
        return candidates[0]
    raise ValueError("every candidate array delimiter occurs in the data")


def _column_type(values: list[Any]) -> str:
    """The neo4j-admin header type that holds every value of a column."""
    types: set[type] = set()
    is_array = False
    for v in values:
        if isinstance(v, list):
            is_array = True
            types.update(map(type, v))
        else:
            types.add(type(v))
    kinds = {_KINDS.get(t) or ("date" if issubclass(t, dt.date) else "string") for t in types}
    if kinds == {"long", "double"}:
        kinds = {"double"}
    base = kinds.pop() if len(kinds) == 1 else "string"
    return base + ("[]" if is_array else "")


def _write_csvs(out_dir: Path, name: str, fixed_header: list[str], fixed: list[list[str]], records: list[dict],
                delimiter: str, skip: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """One file for the rows, or one per mix of number kinds when a column holds both
    integers and decimals (a Figure's value: 42000 and 3291.5): the importer gives a
    column one type per file, and a double column would turn 42000 into 42000.0 where
    the driver load keeps an integer. The file names written."""
    def decimal(value: Any) -> bool:
        return any(isinstance(v, float) for v in (value if isinstance(value, list) else [value]))

    keys = sorted({k for r in records for k in r} - set(skip))
    mixed = [k for k in keys if _column_type([r[k] for r in records if k in r]) in ("double", "double[]")
             and not all(decimal(r[k]) for r in records if k in r)]
    parts: dict[tuple[bool, ...], list[int]] = {}
    for i, record in enumerate(records):
        parts.setdefault(tuple(decimal(record.get(k)) for k in mixed), []).append(i)
    names = []
    for n, rows in enumerate(parts.values(), start=1):
        part = name if n == 1 else name.replace(".csv", f"_{n}.csv")
        _write_csv(out_dir / part, fixed_header, [fixed[i] for i in rows], [records[i] for i in rows],
                   delimiter, skip)
        names.append(part)
    return names


def _write_csv(path: Path, fixed_header: list[str], fixed: list[list[str]], records: list[dict],
               delimiter: str, skip: frozenset[str] | set[str] = frozenset()) -> None:
    keys = sorted({k for r in records for k in r} - skip)
    types = {k: _column_type([r[k] for r in records if k in r]) for k in keys}
    header = fixed_header + [k if types[k] == "string" else f"{k}:{types[k]}" for k in keys]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for fix, rec in zip(fixed, records, strict=True):
        writer.writerow(fix + [_csv_value(rec.get(k), types[k], delimiter) for k in keys])
    write_atomic(path, buf.getvalue())


def _csv_value(value: Any, col_type: str, delimiter: str) -> Any:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    text = [v.isoformat() if isinstance(v, dt.date) else (json.dumps(v) if isinstance(v, bool) else str(v))
            for v in items]
    # None stays an empty unquoted field, which neo4j-admin reads as "no property".
    return delimiter.join(text)


def _readme() -> str:
    return (
        "CSV files for neo4j-admin database import full (Neo4j 5), written by `kg export neo4j-csv`.\n\n"
        "Stop the server, then from this folder:\n"
        "  neo4j-admin database import full neo4j @import.args\n"
        "Start the server and run constraints.cypher (e.g. cypher-shell -f constraints.cypher)\n"
        "so that later `kg neo4j load` runs MERGE on indexed ids.\n"
    )
