"""The text both pages show: labels, tooltips, sources, producers and conflicts.

Everything here returns plain text; escaping happens once, where text meets HTML or
JavaScript (Jinja autoescape in the templates, a script-safe JSON encoder for data).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.model import Document, Graph, Relation

__all__ = ["TYPE_STYLE", "GraphText", "doc_label", "format_value", "period_text", "quote"]

# One colour and shape per node type; the legend, the graph page and the chart share it.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Agency": ("#1f77b4", "dot"),
    "Campaign": ("#d62728", "diamond"),
    "Figure": ("#2ca02c", "square"),
    "Case": ("#9467bd", "triangle"),
    "Person": ("#ff7f0e", "star"),
    "Law": ("#8c564b", "triangleDown"),
    "Crime": ("#e377c2", "hexagon"),
    "Location": ("#17becf", "ellipse"),
    "Document": ("#7f7f7f", "box"),
}
APPROX_MARK = {"under": "近", "about": "约", "over": "超"}
_MAX_SOURCES, _MAX_EVIDENCE, _MAX_SENTENCE = 5, 3, 220


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_value(value: Any, unit: str = "", approx: str | None = None) -> str:
    """A figure's value the way the press writes it: 近4万人, 19.5亿元, 28.5%."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"{value if value is not None else ''}{unit}"
    number = f"{value:g}"
    if unit != "%":
        for base, suffix in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
            if abs(value) >= base:
                scaled = value / base
                number = f"{scaled:.4g}{suffix}" if abs(scaled) < 1e4 else f"{scaled:.0f}{suffix}"
                break
    return f"{APPROX_MARK.get(approx or '', '')}{number}{unit}"


def quote(sentence: str) -> str:
    """A sentence in Chinese quotation marks, unless the text already opens with one."""
    return sentence if sentence[:1] in '“"「『' else f"“{sentence}”"


def doc_label(doc: Document) -> str:
    """A document as readers cite it: its title (or file) and date."""
    name = doc.title or doc.path
    return f"{name} ({doc.date})" if doc.date else name


def period_text(props: dict[str, Any]) -> str:
    """A figure's period as `start – end`, one date when both are the same."""
    start, end = props.get("period_start"), props.get("period_end")
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end or ""


class GraphText:
    """Lookups that both pages share: names, labels, sources, producers and conflicts."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.docs = {d.id: d for d in graph.documents}
        self.entities = {e.id: e for e in graph.entities}
        self.producers: dict[str, list[str]] = defaultdict(list)
        for r in sorted(graph.relations, key=lambda r: r.id):
            if r.type == "YIELDS" and r.source in self.entities:
                self.producers[r.target].append(self.entities[r.source].name)
        self.conflict_lines: list[str] = []
        self.conflicts = self._conflicts()

    def _conflicts(self) -> dict[str, list[str]]:
        """Figure id -> notes. The conflict record's shape is open, so every Figure id
        found anywhere inside a record is taken as part of it."""
        notes: dict[str, list[str]] = defaultdict(list)
        for conflict in self.graph.conflicts:
            found: list[str] = []
            stack: list[Any] = [conflict]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)
                elif (
                    isinstance(item, str)
                    and getattr(self.entities.get(item), "type", "") == "Figure"
                ):
                    found.append(item)
            reason = next(
                (str(conflict[k]) for k in ("reason", "message", "note") if conflict.get(k)), ""
            )
            labels = " / ".join(self.label(f) for f in sorted(set(found)))
            self.conflict_lines.append(
                f"{reason}: {labels}" if reason and labels else reason or labels
            )
            for fid in sorted(set(found)):
                others = "; ".join(self.label(o) for o in sorted(set(found)) if o != fid)
                text = reason or "another value for the same measure and period"
                notes[fid].append(f"{text}: {others}" if others else text)
        return notes

    def name(self, node_id: str) -> str:
        """The canonical name of an entity, the title of a document, else the id."""
        if node_id in self.entities:
            return self.entities[node_id].name
        doc = self.docs.get(node_id)
        return (doc.title or doc.path) if doc else node_id

    def label(self, node_id: str) -> str:
        """What a node shows on the graph: its name; a figure's value, unit and short measure."""
        e = self.entities.get(node_id)
        if e is None or e.type != "Figure":
            return _clip(self.name(node_id), 40)
        p = e.props
        value = format_value(p.get("value"), p.get("unit") or "", p.get("approx"))
        measure = _clip(p.get("measure") or "", 12)
        return f"{value} {measure}".strip()

    def graph_label(self, node_id: str) -> str:
        """A node's label on the graph page: a figure's value and unit first (4.2万个), its
        measure shortened on a second line (the tooltip has it whole); others as `label`."""
        e = self.entities.get(node_id)
        if e is None or e.type != "Figure":
            return self.label(node_id)
        p = e.props
        value = format_value(p.get("value"), p.get("unit") or "", p.get("approx"))
        measure = _clip(p.get("measure") or "", 10)
        return f"{value}\n{measure}" if measure else value

    def sources(self, node_id: str) -> list[Document]:
        """The documents that name a node, oldest first."""
        e = self.entities.get(node_id)
        if e is None:
            return [self.docs[node_id]] if node_id in self.docs else []
        found = {self.docs[m.doc] for m in e.mentions if m.doc in self.docs}
        return sorted(found, key=lambda d: (d.date or "", d.title, d.id))

    def node_title(self, node_id: str) -> str:
        """A node's tooltip: type, key properties, conflicts and sources, as plain text."""
        lines = [self.name(node_id)]
        e = self.entities.get(node_id)
        if e is None:
            doc = self.docs[node_id]
            lines += ["Document", *(x for x in (doc.date, doc.path, doc.url) if x)]
            return "\n".join(lines)
        p = e.props
        if e.type == "Agency":
            lines.append(" · ".join(x for x in ("Agency", p.get("kind"), p.get("level")) if x))
        elif e.type == "Figure":
            lines.append(
                f"Figure: {format_value(p.get('value'), p.get('unit') or '', p.get('approx'))}"
            )
            lines += [
                f"{k}: {v}"
                for k, v in (
                    ("measure", p.get("measure")),
                    ("period", period_text(p)),
                    ("change", p.get("change")),
                    ("raw", p.get("raw")),
                )
                if v
            ]
            if self.producers.get(node_id):
                lines.append("produced by: " + ", ".join(self.producers[node_id]))
            lines += [f"⚠ conflict: {note}" for note in self.conflicts.get(node_id, [])]
        else:
            lines.append(e.type)
            lines += [f"{k}: {v}" for k, v in sorted(p.items()) if v not in (None, "", [], {})]
        if e.aliases:
            lines.append("also: " + ", ".join(sorted(e.aliases)))
        docs = self.sources(node_id)
        if docs:
            lines.append(f"sources ({len(docs)}):")
            lines += [f"• {doc_label(d)}" for d in docs[:_MAX_SOURCES]]
            if len(docs) > _MAX_SOURCES:
                lines.append(f"… and {len(docs) - _MAX_SOURCES} more")
        return "\n".join(lines)

    def edge_title(self, rel: Relation) -> str:
        """An edge's tooltip: the relation, then each evidence sentence with its source."""
        lines = [f"{self.name(rel.source)} —{rel.type}→ {self.name(rel.target)}"]
        lines += [f"{k}: {v}" for k, v in sorted(rel.props.items()) if v not in (None, "", [], {})]
        evidence = sorted(rel.evidence)
        for ev in evidence[:_MAX_EVIDENCE]:
            doc = self.docs.get(ev.doc)
            lines.append(quote(_clip(ev.sentence, _MAX_SENTENCE)))
            lines.append(f"    — {doc_label(doc) if doc else ev.doc}")
        if len(evidence) > _MAX_EVIDENCE:
            lines.append(f"… and {len(evidence) - _MAX_EVIDENCE} more")
        return "\n".join(lines)
