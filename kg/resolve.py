"""One graph across documents: mentions to canonical nodes, figures merged, conflicts found.

Entities are keyed by (type, canonical name); a figure by value, unit and period,
so the same statistic reported by several documents is one node with several
pieces of evidence; two values for one measure and period are a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict

from kg.extract.doc import Doc, FigureMention
from kg.model import Document, Entity, Evidence, Graph, Mention, Relation, stable_id


def _local_aliases(doc: Doc) -> dict[tuple[str, str], tuple[str, str]]:
    """Short names of one document that stand for a longer name in it (西秀区人民检察院)."""
    names = {m.name for m in doc.mentions if m.type == "Agency"}
    mapping = {}
    for name in names:
        longer = sorted(n for n in names if n != name and n.endswith(name) and len(name) >= 5)
        if len(longer) == 1:
            mapping[("Agency", name)] = ("Agency", longer[0])
    return mapping


def _figure_key(fig: FigureMention) -> tuple:
    return (fig.value, fig.unit, fig.period_start, fig.period_end)


class Merger:
    """Folds documents into one graph as they are extracted, so that no document's
    working state outlives its own extraction. Feed documents in a fixed order
    (kg.read sorts them) and the result is the same on every run."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.entities: dict[tuple[str, str], Entity] = {}
        self.relations: dict[tuple[str, str, str], Relation] = {}
        self.figures: dict[tuple, str] = {}

    def add(self, document: Document, doc: Doc) -> None:
        """Merge one extracted document."""
        self.documents.append(document)
        _merge_doc(document, doc, self.entities, self.relations, self.figures)

    def graph(self) -> Graph:
        """The merged graph, with its conflicts."""
        graph = Graph(
            documents=list(self.documents),
            entities=[_finish(e) for e in self.entities.values()],
            relations=list(self.relations.values()),
        )
        graph.conflicts = find_conflicts(graph)
        return graph


def _merge_doc(document: Document, doc: Doc, entities: dict, relations: dict, figures: dict) -> None:
    """Fold one document's mentions, figures and facts into the growing graph."""
    local = _local_aliases(doc)
    fig_ids = _doc_figures(document, doc, figures, entities)

    def node_id(key: tuple[str, str]) -> str:
        if key[0] == "Figure":
            return fig_ids[int(key[1])]
        key = local.get(key, key)
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = Entity(id=stable_id(key[0], key[1]), type=key[0], name=key[1])
        return entity.id

    first: dict[str, int] = {}
    for fig in doc.figures:
        fid = fig_ids[fig.start]
        first[fid] = min(first.get(fid, fig.start), fig.start)
    for m in doc.mentions:
        eid = node_id(m.key)
        first[eid] = min(first.get(eid, m.start), m.start)
        entity = entities[local.get(m.key, m.key)]
        entity.mentions.append(Mention(document.id, m.start, m.end, doc.text[m.start:m.end]))
        surface = doc.norm[m.start:m.end]
        if m.role in ("alias", "name", "local", "collective", "unit", "statute", "lexicon", "issuer", "gazetteer") and surface != entity.name:
            entity.aliases.append(surface)
        entity.aliases.extend(m.props.get("aliases", []))
        for prop in ("kind", "level"):
            if m.props.get(prop) and prop not in entity.props:
                entity.props[prop] = m.props[prop]
    sentences: dict[tuple[int, int], str] = {}

    def quote(start: int, end: int) -> str:
        # One string per sentence, however many relations cite it.
        return sentences.setdefault((start, end), doc.text[start:end])

    for fact in doc.facts:
        source, target = node_id(fact.source), node_id(fact.target)
        if source == target:
            continue
        rel = relations.get((fact.type, source, target))
        if rel is None:  # ids are hashed once per relation, not once per piece of evidence
            rel = relations[(fact.type, source, target)] = Relation(
                id=stable_id("rel", fact.type, source, target), type=fact.type, source=source, target=target)
        for k, v in fact.props.items():
            rel.props.setdefault(k, v)
        s = fact.sentence
        rel.evidence.append(Evidence(document.id, s.start, s.end, quote(s.start, s.end)))
    _mentioned_in(document, doc, first, relations, quote)


def _doc_figures(document: Document, doc: Doc, figures: dict, entities: dict) -> dict[int, str]:
    """Figure ids for the figure mentions of one document, merging repeats."""
    # A repeat of a value and unit without a period (a headline, a lead-in) is the
    # same statistic as the mention that has one.
    dated: dict[tuple, FigureMention] = {}
    for fig in doc.figures:
        if fig.period_start is not None:
            dated.setdefault((fig.value, fig.unit), fig)
    ids: dict[int, str] = {}
    for fig in doc.figures:
        rep = fig if fig.period_start is not None else dated.get((fig.value, fig.unit), fig)
        key = _figure_key(rep)
        fid = figures.get(key)
        if fid is None:
            fid = figures[key] = stable_id("Figure", *key)
            props = {
                "value": rep.value, "unit": rep.unit, "approx": rep.approx, "measure": rep.measure,
                "period_start": rep.period_start, "period_end": rep.period_end,
                "change": rep.change, "raw": rep.raw,
            }
            entities[("Figure", fid)] = Entity(id=fid, type="Figure", name=_figure_name(rep), props=props)
        entity = entities[("Figure", fid)]
        if entity.props.get("change") is None and fig.change:
            entity.props["change"] = fig.change
        entity.mentions.append(Mention(document.id, fig.start, fig.end, doc.text[fig.start:fig.end]))
        ids[fig.start] = fid
    return ids


def _figure_name(fig: FigureMention) -> str:
    return fig.label or fig.raw


def _mentioned_in(document: Document, doc: Doc, first: dict[str, int], relations: dict, quote) -> None:
    """MENTIONED_IN from every node named in the document, evidenced by its first mention."""
    for eid, start in first.items():
        s = doc.sentence_at(start)
        rel = relations.get(("MENTIONED_IN", eid, document.id))
        if rel is None:
            rel = relations[("MENTIONED_IN", eid, document.id)] = Relation(
                id=stable_id("rel", "MENTIONED_IN", eid, document.id), type="MENTIONED_IN", source=eid, target=document.id)
        rel.evidence.append(Evidence(document.id, s.start, s.end, quote(s.start, s.end)))


def _finish(entity: Entity) -> Entity:
    entity.aliases = sorted(set(entity.aliases) - {entity.name})
    entity.mentions = sorted(set(entity.mentions))
    return entity


def _measure_key(measure: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff]", "", measure)


# How far a value with an approximation marker may be from the number written: 近4万 is
# below 40,000 and not far below it; 3.9万余 is above 39,000 and not far above it.
_SPREAD = {"exact": (1.0, 1.0), "about": (0.9, 1.1), "over": (1.0, 1.2), "under": (0.8, 1.0)}


def _interval(props: dict) -> tuple[float, float]:
    low, high = _SPREAD.get(props.get("approx") or "exact", (1.0, 1.0))
    value = float(props["value"])
    return value * low, value * high


def find_conflicts(graph: Graph) -> list[dict]:
    """Figures that cannot all be true: the same measure and unit, both periods known and
    equal, and values whose ranges under their approximation markers do not meet (近4万
    and 3.9万余 can both be true; 39.4万 and 44.1万 cannot). A figure with no period
    conflicts with nothing. Each conflicting figure gets its group's id as the prop
    `conflict`, which the RDF (kgo:conflictGroup) and Neo4j outputs carry, so that every
    output answers "which figures conflict" the same way."""
    groups: dict[tuple, list[Entity]] = defaultdict(list)
    for e in graph.entities:
        p = e.props
        if e.type == "Figure" and p.get("period_start") and p.get("period_end") and _measure_key(p.get("measure", "")):
            groups[(_measure_key(p["measure"]), p["unit"], p["period_start"], p["period_end"])].append(e)
    conflicts = []
    for (measure, unit, start, end), figs in sorted(groups.items()):
        ranges = {f.id: _interval(f.props) for f in figs}
        clash = sorted({f.id for f in figs for g in figs if ranges[f.id][1] < ranges[g.id][0] or ranges[g.id][1] < ranges[f.id][0]})
        if not clash:
            continue
        group = stable_id("conflict", measure, unit, start, end)
        members = [f for f in figs if f.id in clash]
        for f in members:
            f.props["conflict"] = group
        conflicts.append({
            "id": group, "measure": measure, "unit": unit, "period_start": start, "period_end": end,
            "figures": clash, "values": sorted({f.props["value"] for f in members}),
        })
    return conflicts
