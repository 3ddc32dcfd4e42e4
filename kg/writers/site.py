"""The overview page, index.html: counts, the figures table and chart, agencies and campaigns.

`index_context` gathers plain values; kg/templates/index.html lays them out with
autoescape on, and write_site (kg.writers.html) writes the file.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from kg.model import NODE_TYPES, RELATION_TYPES, Entity, Graph
from kg.writers.entities import page_href
from kg.writers.labels import TYPE_STYLE, GraphText, doc_label, format_value, period_text

# A table of 3,000 rows with their sources parses in about a second in headless Chromium.
MAX_FIGURES = 3000
_UNIT_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _sources(text: GraphText, node_id: str, limit: int = 5) -> list[str]:
    """The first documents citing a node; a figure repeated by a thousand reposts stays one line."""
    docs = text.sources(node_id)
    more = [f"… and {len(docs) - limit} more"] if len(docs) > limit else []
    return [doc_label(d) for d in docs[:limit]] + more


def _shown_figures(text: GraphText, limit: int) -> list[Entity]:
    """The figures the page lists: all of them, or the `limit` most reported (most sources)."""
    figures = sorted((e for e in text.graph.entities if e.type == "Figure"), key=lambda e: e.id)
    if len(figures) > limit:
        figures = sorted(figures, key=lambda e: (-len({m.doc for m in e.mentions}), e.id))[:limit]
    return figures


def _figure_rows(text: GraphText, figures: list[Entity]) -> list[dict[str, Any]]:
    rows = []
    for e in figures:
        p = e.props
        value = p.get("value")
        rows.append(
            {
                "id": e.id,
                "measure": p.get("measure") or e.name,
                "value": format_value(value, "", p.get("approx")),
                "sort_value": value if isinstance(value, int | float) else "",
                "unit": p.get("unit") or "",
                "period": period_text(p),
                "sort_period": p.get("period_start") or p.get("period_end") or "",
                "change": p.get("change") or "",
                "producers": ", ".join(text.producers.get(e.id, [])),
                "sources": _sources(text, e.id),
                "conflicts": text.conflicts.get(e.id, []),
                "raw": p.get("raw") or "",
            }
        )
    rows.sort(key=_figure_order(text))
    return rows


def _figure_order(text: GraphText):
    """What a reader wants first: national figures with a period, the newest period first,
    then the others with a period, newest first, then those without; within these, with a
    change before without."""
    national = {e.name for e in text.graph.entities if e.type == "Agency" and e.props.get("level") == "national"}

    def key(row: dict[str, Any]) -> tuple:
        figure = text.entities[row["id"]]
        end = figure.props.get("period_end") or figure.props.get("period_start") or ""
        is_national = any(name in national for name in text.producers.get(row["id"], []))
        newest_first = tuple(-ord(ch) for ch in end)
        return (not end, not (end and is_national), newest_first, not row["change"], row["measure"], row["id"])

    return key


def _chart_marks(figures: list[Entity]) -> list[tuple[int, int, float, str, str]]:
    """(first day, last day, log10 value, unit, id) of every figure the chart can place."""
    marks = []
    for e in figures:
        p, value = e.props, e.props.get("value")
        if e.type != "Figure" or p.get("unit") == "%" or not isinstance(value, int | float):
            continue
        try:
            days = [
                date.fromisoformat(d).toordinal()
                for d in (p.get("period_start"), p.get("period_end"))
                if d
            ]
        except ValueError:
            continue
        if days and value > 0:
            marks.append((min(days), max(days), math.log10(value), p.get("unit") or "", e.id))
    return marks


def _chart(
    text: GraphText, figures: list[Entity], width: int = 900, height: int = 340
) -> dict[str, Any]:
    """Figures over time: each a bar over its period at the height of log10(value).

    Percentages have no common scale with counts and amounts, so they stay in the table.
    """
    marks = _chart_marks(figures)
    frame = {
        "width": width,
        "height": height,
        "left": 70,
        "right": width - 20,
        "top": 20,
        "bottom": height - 40,
    }
    if not marks:
        return {**frame, "marks": []}
    t0, t1 = min(m[0] for m in marks), max(max(m[1] for m in marks), min(m[0] for m in marks) + 1)
    y0, y1 = math.floor(min(m[2] for m in marks)), math.ceil(max(m[2] for m in marks))
    y1 = max(y1, y0 + 1)

    def sx(t: float) -> float:
        return round(frame["left"] + (t - t0) / (t1 - t0) * (frame["right"] - frame["left"]), 1)

    def sy(v: float) -> float:
        return round(frame["bottom"] - (v - y0) / (y1 - y0) * (frame["bottom"] - frame["top"]), 1)

    units = [u for u, _ in Counter(m[3] for m in marks).most_common(len(_UNIT_COLOURS))]
    colour = dict(zip(units, _UNIT_COLOURS, strict=False))
    years = range(date.fromordinal(t0).year, date.fromordinal(t1).year + 2)
    tip = "{} · {}".format
    return {
        **frame,
        "marks": [
            {
                "x1": sx(a),
                "x2": max(sx(b), sx(a) + 2),
                "y": sy(v),
                "colour": colour.get(u, "#999"),
                "tip": tip(text.label(fid), period_text(text.entities[fid].props)),
            }
            for a, b, v, u, fid in marks
        ],
        "yticks": [{"y": sy(k), "text": format_value(10**k)} for k in range(y0, y1 + 1)],
        "xticks": [
            {"x": sx(t), "text": str(y)}
            for y in years
            if t0 <= (t := date(y, 1, 1).toordinal()) <= t1
        ],
        "legend": [{"unit": u or "—", "colour": colour[u]} for u in units],
    }


def _links(text: GraphText, ids: Iterable[str]) -> list[dict[str, str]]:
    """Entities as {name, href} to their pages (entities/), by name."""
    return sorted(
        ({"name": text.entities[i].name, "href": page_href(i)} for i in set(ids)),
        key=lambda link: (link["name"], link["href"]),
    )


def _agency_rows(text: GraphText) -> list[dict[str, Any]]:
    led: dict[str, list[str]] = defaultdict(list)
    joined: dict[str, list[str]] = defaultdict(list)
    for r in text.graph.relations:
        if r.type in ("LEADS", "PARTICIPATES_IN") and r.target in text.entities:
            (led if r.type == "LEADS" else joined)[r.source].append(r.target)
    rows = [
        {
            "name": e.name,
            "href": page_href(e.id),
            "kind": e.props.get("kind") or "",
            "level": e.props.get("level") or "",
            "leads": _links(text, led[e.id]),
            "joins": _links(text, joined[e.id]),
        }
        for e in text.graph.entities
        if e.type == "Agency"
    ]
    rows.sort(key=lambda r: (-len(r["leads"]), -len(r["joins"]), r["name"]))
    return rows


def index_context(graph: Graph, max_figures: int = MAX_FIGURES) -> dict[str, Any]:
    """Everything index.html shows, as plain values for the template to escape.

    Above `max_figures` the table and chart keep the most reported figures, so that the
    page of a 10,000-document graph still opens in seconds; the page says how many.
    """
    text = GraphText(graph)
    figures = _shown_figures(text, max_figures)
    entity_counts = Counter(e.type for e in graph.entities)
    relation_counts = Counter(r.type for r in graph.relations)
    return {
        "counts": [
            (t, entity_counts.get(t, 0), TYPE_STYLE[t][0]) for t in NODE_TYPES if t != "Document"
        ]
        + [("Document", len(graph.documents), TYPE_STYLE["Document"][0])],
        "relation_counts": [
            (t, relation_counts[t]) for t in RELATION_TYPES if relation_counts.get(t)
        ],
        "figures": _figure_rows(text, figures),
        "figures_total": entity_counts.get("Figure", 0),
        "chart": _chart(text, figures),
        "agencies": _agency_rows(text),
        "campaigns": _links(text, (e.id for e in graph.entities if e.type == "Campaign")),
        "cases": _links(text, (e.id for e in graph.entities if e.type == "Case")),
        "conflicts": sorted(set(text.conflict_lines) - {""}),
        "documents": [
            {"label": doc_label(d), "path": d.path}
            for d in sorted(graph.documents, key=lambda d: (d.date or "", d.title, d.id))
        ],
        "totals": {
            "entities": len(graph.entities),
            "relations": len(graph.relations),
            "documents": len(graph.documents),
        },
    }
