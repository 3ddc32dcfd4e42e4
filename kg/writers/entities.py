"""Entity pages: one static HTML page per Agency, Campaign and Case, under entities/.

Each page shows the entity's names and properties, every relation grouped by type and
direction with its evidence sentences and source documents, and its figures as a table
and over time (an inline SVG sparkline per measure). The pages are offline (no script,
no request: a Content-Security-Policy forbids both), every piece of document text is
escaped with html.escape, and file names come from entity ids, never from names.

Relations are grouped by entity in one pass over the graph, then each page is written:
time linear in the graph. Very large groups are cut to their best-attested items and the
page says how many are left out (all of them are in kg.json).
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import sha1
from html import escape
from pathlib import Path

from kg.fsutil import write_atomic
from kg.model import RELATION_TYPES, Document, Entity, Evidence, Graph, Relation
from kg.writers.labels import TYPE_STYLE, doc_label, format_value, period_text, quote

__all__ = ["PAGE_TYPES", "ENTITY_DIR", "page_name", "page_href", "write_entity_pages"]

PAGE_TYPES = ("Agency", "Campaign", "Case")
ENTITY_DIR = "entities"
# Caps that keep a hub's page small on a 10,000-document graph (公安部 is named in every
# document there): items beyond them are counted, not shown.
MAX_RELATIONS, MAX_EVIDENCE, MAX_FIGURES, MAX_SOURCES = 100, 3, 300, 5
MAX_MEASURES, MAX_POINTS = 12, 40
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def page_name(entity_id: str) -> str:
    """The file name of an entity's page: its id when the id is a safe file name (ids
    are `<type>-<16 hex>`), else a hash of it; never the entity's name."""
    if _SAFE_ID.fullmatch(entity_id):
        return f"{entity_id}.html"
    return f"entity-{sha1(entity_id.encode('utf-8')).hexdigest()[:16]}.html"


def page_href(entity_id: str) -> str:
    """The page's address relative to the output folder (where index.html and graph.html are)."""
    return f"{ENTITY_DIR}/{page_name(entity_id)}"


@functools.cache
def _style() -> str:
    return (_TEMPLATES / "entity.css").read_text(encoding="utf-8")


@dataclass
class _Site:
    """Lookups shared by every page."""

    docs: dict[str, Document]
    entities: dict[str, Entity]

    def has_page(self, node_id: str) -> bool:
        entity = self.entities.get(node_id)
        return entity is not None and entity.type in PAGE_TYPES

    def label(self, node_id: str) -> str:
        """A node's name; a figure's value, unit and measure; a document's title and date.
        Kept per node: the documents naming a hub are listed on every hub's page."""
        if node_id not in self._labels:
            self._labels[node_id] = self._label(node_id)
        return self._labels[node_id]

    def _label(self, node_id: str) -> str:
        entity = self.entities.get(node_id)
        if entity is None:
            doc = self.docs.get(node_id)
            return doc_label(doc) if doc else node_id
        if entity.type == "Figure":
            p = entity.props
            value = format_value(p.get("value"), p.get("unit") or "", p.get("approx"))
            return f"{value} {p.get('measure') or ''}".strip()
        return entity.name

    def kind(self, node_id: str) -> str:
        entity = self.entities.get(node_id)
        return entity.type if entity else "Document" if node_id in self.docs else ""

    def end(self, node_id: str) -> str:
        """The other end of a relation: a link when it has a page, its type beside it."""
        text = escape(self.label(node_id))
        if self.has_page(node_id):
            text = f'<a href="{page_name(node_id)}">{text}</a>'
        return f"{text} {_badge(self.kind(node_id))}"

    def source(self, doc_id: str) -> str:
        """A source document: title (date), path and url, escaped."""
        doc = self.docs.get(doc_id)
        if doc is None:
            return escape(doc_id)
        parts = [escape(doc_label(doc)), f"<code>{escape(doc.path)}</code>"]
        if doc.url:
            url = escape(doc.url)
            # Only web addresses become links; anything else (javascript:, data:) stays text.
            parts.append(f'<a href="{url}">{url}</a>' if doc.url.startswith(("http://", "https://")) else url)
        return " · ".join(parts)

    def __post_init__(self) -> None:
        ordered = sorted(self.docs.values(), key=lambda d: (d.date or "", d.title, d.id))
        self._rank = {d.id: i for i, d in enumerate(ordered)}
        self._cited: dict[str, tuple[int, list[str]]] = {}
        self._labels: dict[str, str] = {}

    def cited(self, entity: Entity) -> tuple[int, list[str]]:
        """How many documents name an entity, and the oldest MAX_SOURCES of them (ids).

        Kept per entity: a figure is on the page of each body that yields or reports it."""
        if entity.id not in self._cited:
            found = {m.doc for m in entity.mentions if m.doc in self._rank}
            self._cited[entity.id] = (len(found), heapq.nsmallest(MAX_SOURCES, found, key=self._rank.__getitem__))
        return self._cited[entity.id]


def _badge(node_type: str) -> str:
    colour = TYPE_STYLE.get(node_type, ("#999", ""))[0]
    return f'<span class="type" style="background:{colour}">{escape(node_type)}</span>'


def _props(props: dict) -> str:
    rows = [
        f"<tr><th>{escape(str(k))}</th><td>{escape(', '.join(map(str, v)) if isinstance(v, list) else str(v))}</td></tr>"
        for k, v in sorted(props.items())
        if v not in (None, "", [], {})
    ]
    return f"<table class=\"props\">{''.join(rows)}</table>" if rows else ""


def _evidence(site: _Site, evidence: list[Evidence]) -> str:
    distinct = set(evidence)
    shown = heapq.nsmallest(MAX_EVIDENCE, distinct)
    items = [
        f"<li>{escape(quote(ev.sentence))}<br><cite>{site.source(ev.doc)} · chars {ev.start}–{ev.end}</cite></li>"
        for ev in shown
    ]
    if len(distinct) > MAX_EVIDENCE:
        items.append(f'<li class="note">… and {len(distinct) - MAX_EVIDENCE:,} more sentences</li>')
    return f"<ol class=\"evidence\">{''.join(items)}</ol>"


def _relations(site: _Site, entity: Entity, rels: list[Relation]) -> list[str]:
    """Relations grouped by (type, direction) in the domain model's order, outgoing first."""
    groups: dict[tuple[int, str, bool], list[tuple[str, Relation]]] = defaultdict(list)
    order = {t: i for i, t in enumerate(RELATION_TYPES)}
    for r in rels:
        rank = order.get(r.type, len(order))
        if r.source == entity.id:
            groups[(rank, r.type, False)].append((r.target, r))
        if r.target == entity.id and r.source != entity.id:
            groups[(rank, r.type, True)].append((r.source, r))
    out = ['<section id="relations"><h2>Relations <small>关系</small></h2>']
    if not groups:
        out.append('<p class="note">No relation.</p>')
    for (_, rtype, incoming), items in sorted(groups.items()):
        # Best attested first; only the shown ones are sorted (a hub has 10,000 documents).
        shown = heapq.nsmallest(MAX_RELATIONS, items, key=lambda it: (-len(it[1].evidence), site.label(it[0]), it[1].id))
        arrow = f"← {rtype}" if incoming else f"{rtype} →"
        direction = "in" if incoming else "out"
        out.append(
            f'<h3 id="{escape(rtype)}-{direction}">{escape(arrow)} <small>({len(items):,})</small></h3><ul class="rels">'
        )
        for other, r in shown:
            out.append(f"<li>{site.end(other)}{_props(r.props)}{_evidence(site, r.evidence)}</li>")
        out.append("</ul>")
        if len(items) > MAX_RELATIONS:
            out.append(f'<p class="note">… and {len(items) - MAX_RELATIONS:,} more (all in kg.json)</p>')
    out.append("</section>")
    return out


def _period_key(figure: Entity) -> tuple[str, str]:
    """(end, start) of a figure's period: a period that ends later is newer; ("", "") when unknown."""
    start, end = figure.props.get("period_start") or "", figure.props.get("period_end") or ""
    return (end or start, start or end)


def _figures(site: _Site, entity: Entity, rels: list[Relation]) -> list[str]:
    """The figures the entity yields or reports: a table, newest period first."""
    how: dict[str, set[str]] = defaultdict(set)
    for r in rels:
        if r.source == entity.id and r.type in ("YIELDS", "REPORTS") and site.kind(r.target) == "Figure":
            how[r.target].add(r.type)
    if not how:
        return []
    figures = [site.entities[f] for f in sorted(how)]
    total = len(figures)
    if total > MAX_FIGURES:
        figures = heapq.nsmallest(MAX_FIGURES, figures, key=lambda f: (-site.cited(f)[0], f.id))
    figures.sort(key=lambda f: (_period_key(f), f.id), reverse=True)  # newest period first
    figures.sort(key=lambda f: not _period_key(f)[0])  # stable: undated ones last
    out = ['<section id="figures"><h2>Figures <small>数据</small></h2>']
    if total > len(figures):
        out.append(f'<p class="note">The {len(figures):,} most reported of {total:,} figures.</p>')
    out.append(
        '<table id="figure-table"><thead><tr><th class="num">Value</th><th>Unit</th><th>Approx</th>'
        "<th>Measure</th><th>Period</th><th>Change</th><th>Relation</th><th>Sources</th></tr></thead><tbody>"
    )
    for f in figures:
        p, (count, docs) = f.props, site.cited(f)
        cited = "".join(f"<div>{site.source(d)}</div>" for d in docs)
        if count > len(docs):
            cited += f'<div class="note">… and {count - len(docs):,} more</div>'
        cells = (
            format_value(p.get("value")),
            p.get("unit") or "",
            p.get("approx") or "",
            p.get("measure") or "",
            period_text(p),
            p.get("change") or "",
            ", ".join(sorted(how[f.id])),
        )
        tds = '<td class="num">' + "</td><td>".join(escape(str(c)) for c in cells) + "</td>"
        out.append(f'<tr id="{escape(f.id)}" title="{escape(p.get("raw") or "")}">{tds}<td>{cited}</td></tr>')
    out.append("</tbody></table>")
    out += _over_time(figures)
    out.append("</section>")
    return out


def _over_time(figures: Iterable[Entity]) -> list[str]:
    """Per measure and unit with two dated values or more: the values by period, as a
    sparkline and as text."""
    series: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for f in figures:
        value = f.props.get("value")
        if _period_key(f)[0] and isinstance(value, int | float) and not isinstance(value, bool):
            series[(f.props.get("measure") or f.name, f.props.get("unit") or "")].append(f)
    kept = sorted(((k, v) for k, v in series.items() if len(v) > 1), key=lambda kv: (-len(kv[1]), kv[0]))
    if not kept:
        return []
    out = ['<h3 id="over-time">Over time <small>时间序列</small></h3><table id="over-time-table">'
           "<thead><tr><th>Measure</th><th>Unit</th><th>Trend</th><th>Values by period</th></tr></thead><tbody>"]  # fmt: skip
    for (measure, unit), points in kept[:MAX_MEASURES]:
        points = sorted(points, key=lambda f: (_period_key(f), f.id))[-MAX_POINTS:]
        steps = " → ".join(
            f"{period_text(f.props)}: {format_value(f.props['value'], '', f.props.get('approx'))}" for f in points
        )
        out.append(
            f"<tr><td>{escape(measure)}</td><td>{escape(unit)}</td>"
            f"<td>{_sparkline([f.props['value'] for f in points])}</td><td>{escape(steps)}</td></tr>"
        )
    out.append("</tbody></table>")
    if len(kept) > MAX_MEASURES:
        out.append(f'<p class="note">… and {len(kept) - MAX_MEASURES:,} more measures</p>')
    return out


def _sparkline(values: list[float], width: int = 160, height: int = 32, pad: int = 4) -> str:
    """An inline SVG line through `values`, evenly spaced, scaled to their own range."""
    low, high = min(values), max(values)
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [
        (
            round(pad + i * step, 1),
            round(height / 2 if high == low else height - pad - (v - low) / (high - low) * (height - 2 * pad), 1),
        )
        for i, v in enumerate(values)
    ]
    line = " ".join(f"{x:g},{y:g}" for x, y in points)
    dots = "".join(f'<circle cx="{x:g}" cy="{y:g}" r="2"/>' for x, y in points)
    return f'<svg class="spark" width="{width}" height="{height}" role="img" aria-label="trend"><polyline points="{line}"/>{dots}</svg>'


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{escape(title)}</title>\n<style>{_style()}</style>\n</head>\n<body>\n"
        '<nav><a href="../index.html">Overview 概况</a><a href="../graph.html">Graph 图谱</a>'
        '<a href="index.html">All entities 实体</a></nav>\n'
    )


def _page(site: _Site, entity: Entity, rels: list[Relation]) -> str:
    aliases = sorted(set(entity.aliases) - {entity.name})
    count = site.cited(entity)[0]
    body = [
        _head(f"{entity.name} · {entity.type}"),
        f'<header><h1 id="name">{escape(entity.name)}</h1><p>{_badge(entity.type)} <code>{escape(entity.id)}</code></p>',
        f'<p id="aliases">Also called: {escape("、".join(aliases))}</p>' if aliases else "",
        _props(entity.props),
        f'<p class="note">Named in {count:,} document{"s" if count != 1 else ""}.</p></header>\n',
        *_relations(site, entity, rels),
        *_figures(site, entity, rels),
        "\n</body>\n</html>\n",
    ]
    return "".join(body)


def _listing(entities: list[Entity]) -> str:
    """entities/index.html: every page, by type then name."""
    out = [_head("Entities · Telecom-fraud knowledge graph"), "<h1>Entities <small>实体</small></h1>"]
    for node_type in PAGE_TYPES:
        of_type = [e for e in entities if e.type == node_type]
        if of_type:
            out.append(f'<h2 id="{node_type}">{_badge(node_type)} {len(of_type):,}</h2><ul>')
            out += [f'<li><a href="{page_name(e.id)}">{escape(e.name)}</a></li>' for e in of_type]
            out.append("</ul>")
    out.append("\n</body>\n</html>\n")
    return "".join(out)


def write_entity_pages(graph: Graph, out_dir: str | Path) -> list[Path]:
    """Write out_dir/entities/<id>.html for every Agency, Campaign and Case, and
    out_dir/entities/index.html listing them; returns the paths, sorted.

    Same graph, same bytes. Pages of entities no longer in the graph are removed.
    """
    folder = Path(out_dir) / ENTITY_DIR
    site = _Site(docs={d.id: d for d in graph.documents}, entities={e.id: e for e in graph.entities})
    pages = sorted((e for e in graph.entities if e.type in PAGE_TYPES), key=lambda e: (e.type, e.name, e.id))
    by_entity: dict[str, list[Relation]] = {e.id: [] for e in pages}
    for r in graph.relations:  # the one pass over the relations
        if r.source in by_entity:
            by_entity[r.source].append(r)
        if r.target in by_entity and r.target != r.source:
            by_entity[r.target].append(r)
    written = [write_atomic(folder / "index.html", _listing(pages))]
    for entity in pages:
        written.append(write_atomic(folder / page_name(entity.id), _page(site, entity, by_entity[entity.id])))
    keep = {p.name for p in written}
    for stale in folder.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    return sorted(written)
