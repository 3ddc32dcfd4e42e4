"""Run Cypher (a file or text) with parameters and format the rows as a table, CSV or JSON.

Values come back as plain Python: nodes as {"labels", "properties"}, relationships as
{"type", "start", "end", "properties"}, paths as lists of those, dates as ISO text,
so the same rows print in every format and compare in tests.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.text import render_table

FORMATS = ("table", "csv", "json")


def read_cypher(file_or_text: str) -> str:
    """The Cypher of a file when the argument names one (or ends in .cypher), else the text itself."""
    path = Path(file_or_text)
    looks_like_file = file_or_text.endswith((".cypher", ".cql")) and "\n" not in file_or_text
    if looks_like_file or (len(file_or_text) < 4096 and "\n" not in file_or_text and _is_file(path)):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KgError(f"no Cypher file {file_or_text}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"cannot read {file_or_text}: {exc}") from None
    else:
        text = file_or_text
    # Browser and cypher-shell want a closing ';', a single driver statement does not.
    text = text.strip().removesuffix(";").strip()
    if not _strip_comments(text):
        raise KgError("no Cypher to run: the query is empty")
    return text


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """`k=v` pairs as parameters: v as JSON when it parses (numbers, lists, quoted text), else text."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise KgError(f"bad --param {pair!r}: write it as name=value", exit_code=2)
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        params[key.strip()] = value
    return params


def run_query(driver: Any, cypher: str, params: dict[str, Any] | None = None,
              database: str = "neo4j") -> tuple[list[str], list[list[Any]]]:
    """Run one statement; its column names and rows of plain values."""
    with driver.session(database=database) as session:
        result = session.run(cypher, params or {})
        columns = list(result.keys())
        rows = [[plain(value) for value in record.values()] for record in result]
    return columns, rows


def plain(value: Any) -> Any:
    """A driver value as JSON-ready Python (graph objects as dicts, temporals as ISO text)."""
    from kg.neo4j import driver_module

    g = driver_module().graph

    if isinstance(value, g.Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, g.Relationship):
        return {"type": value.type, "start": value.start_node.get("id"), "end": value.end_node.get("id"),
                "properties": plain(dict(value))}
    if isinstance(value, g.Path):
        return [plain(x) for pair in zip(value.nodes, [*value.relationships, None], strict=True)
                for x in pair if x is not None]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def format_rows(columns: list[str], rows: list[list[Any]], fmt: str = "table") -> str:
    """Rows as an aligned text table, CSV (header first) or a JSON list of objects."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buf.getvalue()
    if fmt != "table":
        raise KgError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", exit_code=2)
    table = render_table(columns, [[_cell(v) for v in row] for row in rows])
    return table + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def _cell(value: Any) -> str:
    """One cell's text: strings bare, numbers as written, anything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//")).strip()
