"""Answers as text: an aligned table for people, SPARQL 1.1 CSV and JSON for programs."""

from __future__ import annotations

import csv
import io
import json

from kg.rdf.store import Answer
from kg.text import MAX_CELL, render_table

__all__ = ["FORMATS", "MAX_CELL", "render_table", "compact", "cell_text", "format_answer"]

FORMATS = ("table", "csv", "json")


def compact(value: str, prefixes: dict[str, str]) -> str:
    """An IRI as prefix:local when a prefix covers it (longest namespace wins)."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(namespace) and len(value) > len(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def cell_text(cell: dict[str, str] | None, prefixes: dict[str, str] | None = None) -> str:
    """A cell as a person reads it: IRIs compacted when prefixes are given, literals bare."""
    if cell is None:
        return ""
    if cell["type"] == "uri":
        return compact(cell["value"], prefixes) if prefixes else cell["value"]
    if cell["type"] == "bnode":
        return "_:" + cell["value"]
    return cell["value"]


def format_answer(answer: Answer, fmt: str, prefixes: dict[str, str]) -> str:
    """The answer in `fmt` (table, csv or json); CONSTRUCT answers are Turtle in any format."""
    if answer.triples is not None:
        return answer.triples.decode("utf-8")
    if fmt == "json":
        if answer.boolean is not None:
            doc: dict = {"head": {}, "boolean": answer.boolean}
        else:
            bindings = [{v: c for v, c in zip(answer.variables, row, strict=True) if c is not None} for row in answer.rows]
            doc = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if answer.boolean is not None:
        return ("true" if answer.boolean else "false") + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(answer.variables)
        writer.writerows([cell_text(c) for c in row] for row in answer.rows)
        return buffer.getvalue()
    rows = [[cell_text(c, prefixes) for c in row] for row in answer.rows]
    table = render_table(answer.variables, rows)
    return table + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
