"""Precision, recall and F1 of a graph against hand-written gold annotations.

Per document: entities match on type and any shared name or alias; figures on
(value, unit) as a multiset; relations on (type, source, target) with the same
name matching and FIG:<value>:<unit> for figures; a described case (X办理的…案) also by
the body as written before 办理的. Names are compared folded (full-width → half-width,
Traditional → Simplified).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.text import normalize

CORE = ("LEADS", "YIELDS", "HANDLED_BY")
FIGURE_ATTRIBUTES = ("approx", "period_start", "period_end", "change")


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, and the misses."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def split_graph(split_dir: Path, golds: list[dict[str, Any]]) -> dict[str, Any]:
    """The graph of a corpus split: its documents named by the gold files, built in memory."""
    from kg.build import build

    paths = []
    for gold in golds:
        path = split_dir / Path(gold["doc"]).name
        if not path.is_file():
            raise KgError(f"{path}: the document of gold file {gold['doc']} is missing")
        paths.append(path)
    result = build(paths, jobs=1)
    if result.skipped:
        first = result.skipped[0]
        raise KgError(f"{first.rel}: could not be read ({first.reason})")
    return result.graph.to_dict()


def _fold(name: str) -> str:
    return normalize(name).replace(" ", "")


def _fig_ref(value: Any, unit: str) -> str:
    value = float(value)
    text = str(int(value)) if value == int(value) else repr(value)
    return f"FIG:{text}:{_fold(unit)}"


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every gold file of `gold_dir`, checked for the keys evaluation needs."""
    if not gold_dir.is_dir():
        raise KgError(f"{gold_dir}: not a folder of gold annotations")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise KgError(f"{gold_dir}: no gold files (*.json) here")
    golds = []
    for path in files:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KgError(f"{path}: not a readable gold file ({exc})") from None
        if not isinstance(data, dict) or "doc" not in data:
            raise KgError(f"{path}: a gold file needs a 'doc' key naming its document")
        golds.append(data)
    return golds


def _all_names(entity: dict) -> set[str]:
    """An entity's name and aliases, folded."""
    return {_fold(entity["name"]), *map(_fold, entity.get("aliases", []))}


class _Names:
    """Name matching: each gold entity is a set of folded names; graph entities too."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        self.sets = [(_fold(e["name"]), _all_names(e)) for e in entities]

    def canonical(self, name: str) -> str:
        """The gold entity's name for any of its names; the folded name itself otherwise."""
        folded = _fold(name)
        for canonical, names in self.sets:
            if folded in names:
                return canonical
        return folded


def evaluate(graph: dict[str, Any], golds: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores for entities, figures, relations (all but MENTIONED_IN), the three core
    relations together and each relation type; figure attributes; error kinds. `graph` is
    kg.json's dict, of either schema version."""
    from kg.model import upgrade

    graph = upgrade(graph)
    docs_by_path = {Path(d["path"]).name: d["id"] for d in graph["documents"]}
    entity_by_id = {e["id"]: e for e in graph["entities"]}
    scores: dict[str, Score] = {k: Score() for k in ("entities", "figures", "relations", "core", *CORE)}
    attributes: Counter = Counter()
    for gold in golds:
        doc_id = docs_by_path.get(Path(gold["doc"]).name)
        if doc_id is None:
            raise KgError(f"gold document {gold['doc']} is not in the graph (build it from the same folder)")
        ours = [e for e in graph["entities"] if any(m["doc"] == doc_id for m in e["mentions"])]
        described = _described_pairs(gold.get("entities", []), ours)
        _score_entities(gold, [e for e in ours if e["type"] != "Figure"], scores["entities"], described)
        _score_figures(gold, [e for e in ours if e["type"] == "Figure"], scores["figures"], attributes)
        rels = [r for r in graph["relations"] if r["type"] != "MENTIONED_IN" and any(ev["doc"] == doc_id for ev in r["evidence"])]
        _score_relations(gold, rels, entity_by_id, scores, described)
    order = ["entities", "figures", "relations", "core", *CORE]
    order += sorted(k for k in scores if k not in order)
    return {"scores": {k: scores[k].as_dict() for k in order}, "attributes": dict(attributes),
            "errors": error_kinds(scores),
            "details": {k: {"missed": scores[k].missed, "extra": scores[k].extra} for k in order}}


def error_kinds(scores: dict[str, Score]) -> list[tuple[str, int]]:
    """The kinds of error, most frequent first: a missed or extra entity or figure by
    type, a relation by type, and a relation whose other end was wrong (the same
    figure or target reached from another source counts once as `wrong source`)."""
    kinds: Counter = Counter()
    for label, items in (("missed", scores["entities"].missed), ("extra", scores["entities"].extra)):
        kinds.update(f"{label} {item.split(': ', 1)[1].split(' ', 1)[0]}" for item in items)
    kinds["missed Figure"] += scores["figures"].fn
    kinds["extra Figure"] += scores["figures"].fp
    for name, score in scores.items():
        if name in ("entities", "figures", "relations", "core"):
            continue
        missed = Counter(_rel_parts(item)[1:] for item in score.missed)
        extra = Counter(_rel_parts(item)[1:] for item in score.extra)
        wrong = sum(min(n, extra[key]) for key, n in missed.items())
        kinds[f"wrong source {name}"] += wrong
        kinds[f"missed {name}"] += score.fn - wrong
        kinds[f"extra {name}"] += score.fp - wrong
    return sorted(((k, v) for k, v in kinds.items() if v), key=lambda kv: (-kv[1], kv[0]))


def _rel_parts(item: str) -> tuple[str, str, str]:
    """(source, doc, target) of a relation detail line `doc: TYPE source -> target`."""
    doc, rest = item.split(": ", 1)
    _type, _, ends = rest.partition(" ")
    source, _, target = ends.partition(" -> ")
    return source, doc, target


def _handlers(entity: dict) -> set[str]:
    """The bodies as written of a case's described names (`<body>办理的<description>案`), folded,
    with 人民检察院 / 人民法院 written short (检察院, 法院)."""
    return {head.replace("人民检察院", "检察院").replace("人民法院", "法院")
            for name in _all_names(entity) if (head := name.partition("办理的")[0]) and head != name}


def _same_body(ours: set[str], gold: set[str]) -> bool:
    """Whether two described cases give the same body as written, up to the places written
    before it (上海市虹口区检察院 and 虹口区检察院; 四川绵阳三台警方 and 三台警方)."""
    return any(a.endswith(b) or b.endswith(a) for a in ours for b in gold if min(len(a), len(b)) >= 4)


def _described_pairs(gold_entities: list[dict], ours: list[dict]) -> dict[str, str]:
    """A described case is named by the body as written, 办理的, and a description in the
    annotator's words (tests/gold/README.md). A gold case that none of our names matches is
    matched by one of our cases of the document, unmatched too, whose described name gives the
    same body as written: one to one, in the order of the gold. Our folded name → the gold's."""
    gold_cases = [g for g in gold_entities if g["type"] == "Case"]
    ours = [o for o in ours if o["type"] == "Case"]
    free = [o for o in ours if not any(_all_names(o) & _all_names(g) for g in gold_cases)]
    pairs: dict[str, str] = {}
    for g in gold_cases:
        if any(_all_names(o) & _all_names(g) for o in ours) or not _handlers(g):
            continue
        hit = next((o for o in free if _fold(o["name"]) not in pairs and _same_body(_handlers(o), _handlers(g))), None)
        if hit is not None:
            pairs[_fold(hit["name"])] = _fold(g["name"])
    return pairs


def _score_entities(gold: dict, ours: list[dict], score: Score, described: dict[str, str] | None = None) -> None:
    described = described or {}
    gold_sets = [(e["type"], _all_names(e), e["name"]) for e in gold.get("entities", [])]
    our_sets = [(e["type"], _all_names(e) | ({described[_fold(e["name"])]} if _fold(e["name"]) in described else set()), e["name"]) for e in ours]
    used: set[int] = set()
    for gtype, gnames, gname in gold_sets:
        hit = next((i for i, (t, names, _) in enumerate(our_sets) if i not in used and t == gtype and names & gnames), None)
        if hit is None:
            score.fn += 1
            score.missed.append(f"{gold['doc']}: {gtype} {gname}")
        else:
            used.add(hit)
            score.tp += 1
    for i, (t, _names, name) in enumerate(our_sets):
        if i not in used:
            score.fp += 1
            score.extra.append(f"{gold['doc']}: {t} {name}")


def _score_figures(gold: dict, ours: list[dict], score: Score, attributes: Counter) -> None:
    pool: dict[str, list[dict]] = {}
    for e in ours:
        pool.setdefault(_fig_ref(e["props"]["value"], e["props"]["unit"]), []).append(e)
    for g in gold.get("figures", []):
        ref = _fig_ref(g["value"], g["unit"])
        if pool.get(ref):
            e = pool[ref].pop(0)
            score.tp += 1
            for attr in FIGURE_ATTRIBUTES:
                attributes[f"{attr}_total"] += 1
                attributes[f"{attr}_agree"] += int(_same(e["props"].get(attr), g.get(attr)))
        else:
            score.fn += 1
            score.missed.append(f"{gold['doc']}: {ref} {g.get('raw', '')}")
    for ref, rest in pool.items():
        for e in rest:
            score.fp += 1
            score.extra.append(f"{gold['doc']}: {ref} {e['props'].get('raw', '')}")


def _same(a: Any, b: Any) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    return a is not None and b is not None and _fold(str(a)) == _fold(str(b))


def _score_relations(gold: dict, rels: list[dict], entity_by_id: dict, scores: dict[str, Score],
                     described: dict[str, str] | None = None) -> None:
    names = _Names(gold.get("entities", []))
    described = described or {}

    def end(ref: str) -> str:
        if ref.startswith("FIG:"):
            _, value, unit = ref.split(":", 2)
            return _fig_ref(value, unit)
        return names.canonical(ref)

    def our_end(eid: str) -> str:
        e = entity_by_id.get(eid)
        if e is None:
            return eid
        if e["type"] == "Figure":
            return _fig_ref(e["props"]["value"], e["props"]["unit"])
        folded = [_fold(c) for c in (e["name"], *e.get("aliases", []))]
        if folded[0] in described:
            return described[folded[0]]
        for candidate in folded:
            canon = names.canonical(candidate)
            if canon != candidate or any(candidate in s for _, s in names.sets):
                return canon
        # A gold end that is no entity of the gold (a parent the text writes only as the prefix
        # of its units' names) matches any of our names for it, as entities match.
        return next((c for c in folded if c in bare_ends), folded[0])

    gold_keys = [(r["type"], end(r["source"]), end(r["target"])) for r in gold.get("relations", [])]
    bare_ends = {n for _, *ends in gold_keys for n in ends if not n.startswith("FIG:") and not any(n in s for _, s in names.sets)}
    gold_rels = Counter(gold_keys)
    our_rels = Counter((r["type"], our_end(r["source"]), our_end(r["target"])) for r in rels)
    for key in sorted(gold_rels | our_rels):
        tp = min(gold_rels[key], our_rels[key])
        fn, fp = gold_rels[key] - tp, our_rels[key] - tp
        buckets = ["relations", key[0]] + (["core"] if key[0] in CORE else [])
        for bucket in buckets:
            s = scores.setdefault(bucket, Score())
            s.tp += tp
            s.fn += fn
            s.fp += fp
            s.missed.extend([f"{gold['doc']}: {key[0]} {key[1]} -> {key[2]}"] * fn)
            s.extra.extend([f"{gold['doc']}: {key[0]} {key[1]} -> {key[2]}"] * fp)
