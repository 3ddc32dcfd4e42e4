"""One graph across documents: mentions to canonical nodes, figures merged, conflicts found.

Entities are keyed by (type, canonical name); a figure by value, unit and period,
so the same statistic reported by several documents is one node with several
pieces of evidence; two values for one measure and period are a conflict.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from kg.extract.doc import Doc, FigureMention
from kg.merge import doc_records, finish, fold
from kg.model import Document, Entity, Graph, Relation, stable_id


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


def _figure_name(fig: FigureMention) -> str:
    return fig.label or fig.raw


class Merger:
    """Folds documents into one graph as they are extracted, so that no document's
    working state outlives its own extraction: each document's part becomes keyed
    records (kg.merge), folded into one table by key. The fold is associative and
    commutative, so the graph does not depend on the order documents arrive in;
    where documents disagree, the one of lower rank (the order of `add_part` calls, by
    default: kg.read sorts the files) wins.

    A document arrives as its `part` (see `doc_part`): plain data that a worker
    process computes from the extracted `Doc` and sends back cheaply; `add` takes
    the `Doc` itself.
    """

    def __init__(self) -> None:
        self.table: dict[tuple, list] = {}
        self.rank = 0

    def add(self, document: Document, doc: Doc) -> None:
        """Merge one extracted document."""
        self.add_part(document, doc_part(doc))

    def add_part(self, document: Document, part: tuple, rank: int | None = None) -> None:
        """Merge one document's part; `rank` (default: one more than the last) orders it
        among the documents where they disagree."""
        if rank is None:
            rank = self.rank
        self.rank = rank + 1
        fold(doc_records(rank, document, part), self.table)

    def graph(self) -> Graph:
        """The merged graph, every list in id order, with its conflicts."""
        return graph_of(finish(record) for record in self.table.values())


def graph_of(items: Iterable[Document | Entity | Relation]) -> Graph:
    """A graph of finished documents, entities and relations (any order), with its conflicts."""
    graph = Graph()
    for item in items:
        (graph.documents if isinstance(item, Document) else graph.entities if isinstance(item, Entity) else graph.relations).append(item)
    graph.documents.sort(key=lambda d: d.id)
    graph.entities.sort(key=lambda e: e.id)
    graph.relations.sort(key=lambda r: r.id)
    graph.conflicts = find_conflicts(graph)
    return graph


_ALIAS_ROLES = frozenset(("alias", "name", "local", "collective", "unit", "statute", "lexicon", "issuer", "gazetteer"))


def doc_part(doc: Doc) -> tuple:
    """What the merge needs from one extracted document, as plain data (tuples, strings,
    numbers): cheap to send from a worker process, and free of the document's text.

    `(nodes, figs, ments, facts, sentences, mentioned)`:
    - nodes: `(type, name, figure key or None, props or None)` in the order the merge
      first meets them (figures, then mentions, then the ends of facts), so that new
      nodes enter the graph in that order; a figure's name and props come with its
      first occurrence in the document; in the place of props, an entity has the names
      it is written by where it has no mention of its own (a prefix), or None;
    - figs: `(node, change, start, end, text)` per figure mention;
    - ments: `(node, start, end, text, aliases, ((prop, value), ...))` per mention;
    - facts: `(type, source node, target node, props, sentence)`, self-loops left out;
    - sentences: `(start, end, text)`, each quoted once however many facts cite it;
    - mentioned: `(node, sentence)` of each node's first mention (MENTIONED_IN).
    """
    local = _local_aliases(doc)
    text, norm = doc.text, doc.norm
    index: dict = {}
    nodes: list[tuple] = []

    def node(key: tuple, figure: tuple[str, dict] | None = None) -> int:
        i = index.get(key)
        if i is None:
            i = index[key] = len(nodes)
            nodes.append(("Figure", figure[0], key, figure[1]) if figure else (key[0], key[1], None, None))
        return i

    # A repeat of a value and unit without a period (a headline, a lead-in) is the
    # same statistic as the mention that has one.
    dated: dict[tuple, FigureMention] = {}
    for fig in doc.figures:
        if fig.period_start is not None:
            dated.setdefault((fig.value, fig.unit), fig)
    figs, at = [], {}
    for fig in doc.figures:
        rep = fig if fig.period_start is not None else dated.get((fig.value, fig.unit), fig)
        key = _figure_key(rep)
        i = index.get(key)
        if i is None:
            props = {
                "value": rep.value, "unit": rep.unit, "approx": rep.approx, "measure": rep.measure,
                "period_start": rep.period_start, "period_end": rep.period_end,
                "change": rep.change, "raw": rep.raw,
            }
            i = node(key, (_figure_name(rep), props))
        figs.append((i, fig.change, fig.start, fig.end, text[fig.start:fig.end]))
        at[fig.start] = i

    def ref(key: tuple[str, str]) -> int:
        if key[0] == "Figure":
            return at[int(key[1])]
        return node(local.get(key, key))

    first: dict[int, int] = {}
    for fig in doc.figures:
        i = at[fig.start]
        first[i] = min(first.get(i, fig.start), fig.start)
    ments = []
    for m in doc.mentions:
        i = ref(m.key)
        if m.role == "prefix":
            # A bureau named only as its units' prefix: their derived parent, no mention of
            # its own, known by the prefix as written too (淮北市公安局 of 安徽省淮北市公安局).
            surface = norm[m.start:m.end]
            kind, name, _, written = nodes[i]
            if surface != name and surface not in (written or ()):
                nodes[i] = (kind, name, None, (*(written or ()), surface))
            continue
        first[i] = min(first.get(i, m.start), m.start)
        name = nodes[i][1]
        surface = norm[m.start:m.end]
        aliases = [surface] if m.role in _ALIAS_ROLES and surface != name else []
        aliases.extend(m.props.get("aliases", []))
        props = tuple((p, m.props[p]) for p in ("kind", "level") if m.props.get(p))
        ments.append((i, m.start, m.end, text[m.start:m.end], aliases, props))
    sentences: list[tuple[int, int, str]] = []
    quoted: dict[tuple[int, int], int] = {}

    def quote(start: int, end: int) -> int:
        s = quoted.get((start, end))
        if s is None:
            s = quoted[(start, end)] = len(sentences)
            sentences.append((start, end, text[start:end]))
        return s

    facts = []
    for fact in doc.facts:
        i, j = ref(fact.source), ref(fact.target)
        if i != j:
            facts.append((fact.type, i, j, fact.props or None, quote(fact.sentence.start, fact.sentence.end)))
    mentioned = []
    for i, start in first.items():
        s = doc.sentence_at(start)
        mentioned.append((i, quote(s.start, s.end)))
    return nodes, figs, ments, facts, sentences, mentioned


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
