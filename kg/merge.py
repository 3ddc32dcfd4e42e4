"""The merge as a keyed reduce: one document's part → keyed records → one graph.

Every engine merges the same way. A document's part (`kg.resolve.doc_part`) becomes
records keyed by what they describe: a document by its id, an entity by (type, name)
or a figure by its identity (value, unit, period), a relation by (type, source,
target). `combine` folds two records of one key into one, and it is associative and
commutative, so records may be folded in any order and any grouping (a local loop, a
Spark `reduceByKey` over partitions) and give the same graph:

- sets (mentions, aliases, evidence) are unions, sorted when finished;
- where documents disagree (a figure's name and props, a relation's props, an
  agency's kind), the earliest wins, by the document's rank (its place in the sorted
  list of files) and the record's place in the document: a minimum, not an order of
  arrival.

`finish` turns a folded record into the model's Entity, Relation or Document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from kg.model import Document, Entity, Evidence, Mention, Relation, stable_id

# Record layouts (lists: a worker pickles them cheaply, combine updates them in place).
# entity:   ["E", id, type, (rank, name, props) created, {prop: (pos, value)}, mentions set, aliases set]
# relation: ["R", id, type, source, target, {prop: (pos, value)}, evidence set]
# document: ["D", rank, document dict]


@lru_cache(maxsize=1 << 16)
def _node_id(kind: str, name: str) -> str:
    # Nodes recur in document after document (公安部 in most of them): hash each once.
    return stable_id(kind, name)


@lru_cache(maxsize=1 << 16)
def _figure_id(fig_key: tuple) -> str:
    return stable_id("Figure", *fig_key)


@lru_cache(maxsize=1 << 18)
def _relation_id(kind: str, source: str, target: str) -> str:
    return stable_id("rel", kind, source, target)


def doc_records(rank: int, document: Document, part: tuple) -> Iterator[tuple[tuple, list]]:
    """The keyed records of one document (of rank `rank` in the build's sorted files)."""
    nodes, figs, ments, facts, sentences, mentioned = part
    doc_id = document.id
    yield ("D", doc_id), ["D", rank, asdict(document)]
    found: list[list] = []
    keys: list[tuple] = []
    for kind, name, fig_key, props in nodes:
        if fig_key is None:  # an entity: in the place of props, the names it is written by, if any
            keys.append(("E", kind, name))
            found.append(["E", _node_id(kind, name), kind, (rank, name, {}), {}, set(), set(props or ())])
        else:
            keys.append(("F", *fig_key))
            found.append(["E", _figure_id(tuple(fig_key)), kind, (rank, name, props or {}), {}, set(), set()])
    seq = 0
    for i, change, start, end, text in figs:
        record = found[i]
        if change and "change" not in record[4]:
            record[4]["change"] = ((rank, seq), change)
        record[5].add(Mention(doc_id, start, end, text))
        seq += 1
    for i, start, end, text, aliases, props in ments:
        record = found[i]
        record[5].add(Mention(doc_id, start, end, text))
        if aliases:
            record[6].update(aliases)
        for prop, value in props or ():
            if prop not in record[4]:
                record[4][prop] = ((rank, seq), value)
        seq += 1
    relations: dict[tuple, list] = {}
    for kind, i, j, props, s in facts:
        source, target = found[i][1], found[j][1]
        key = ("R", kind, source, target)
        record = relations.get(key)
        if record is None:
            record = relations[key] = ["R", _relation_id(kind, source, target), kind, source, target, {}, set()]
        for prop, value in (props or {}).items():
            if prop not in record[5]:
                record[5][prop] = ((rank, seq), value)
        start, end, sentence = sentences[s]
        record[6].add(Evidence(doc_id, start, end, sentence))
        seq += 1
    for i, s in mentioned:
        eid = found[i][1]
        key = ("R", "MENTIONED_IN", eid, doc_id)
        record = relations.get(key)
        if record is None:
            record = relations[key] = ["R", stable_id("rel", "MENTIONED_IN", eid, doc_id), "MENTIONED_IN", eid, doc_id, {}, set()]
        start, end, sentence = sentences[s]
        record[6].add(Evidence(doc_id, start, end, sentence))
    yield from zip(keys, found, strict=True)
    yield from relations.items()


def combine(a: list, b: list) -> list:
    """Two records of one key as one (`a` is updated and returned). Associative and
    commutative: unions, and minimums by (document rank, place in the document)."""
    if a[0] == "E":
        if b[3][0] < a[3][0]:
            a[3] = b[3]
        _earliest(a[4], b[4])
        a[5] |= b[5]
        a[6] |= b[6]
    elif a[0] == "R":
        _earliest(a[5], b[5])
        a[6] |= b[6]
    elif b[1] < a[1]:  # one document named twice: the first of its files
        a[1:] = b[1:]
    return a


def _earliest(mine: dict, theirs: dict) -> None:
    for prop, (pos, value) in theirs.items():
        held = mine.get(prop)
        if held is None or pos < held[0]:
            mine[prop] = (pos, value)


def finish(record: list) -> Document | Entity | Relation:
    """The model's object of a folded record."""
    if record[0] == "D":
        return Document(**record[2])
    if record[0] == "E":
        _, eid, kind, (_, name, created), updates, mentions, aliases = record
        props = dict(created)
        for prop, (_, value) in updates.items():
            # A figure's change is taken from a later mention only while it has none; any
            # other prop (an agency's kind, level) from the first mention that gives it.
            if prop == "change" and props.get("change") is None or prop not in props:
                props[prop] = value
        return Entity(id=eid, type=kind, name=name, aliases=sorted(aliases - {name}), props=props, mentions=sorted(mentions))
    _, rid, kind, source, target, updates, evidence = record
    return Relation(id=rid, type=kind, source=source, target=target,
                    props={prop: value for prop, (_, value) in updates.items()}, evidence=sorted(evidence))


def fold(records: Iterable[tuple[tuple, list]], table: dict[tuple, list] | None = None) -> dict[tuple, list]:
    """Records folded by key into `table` (a new one by default): the local engine's reduce."""
    table = {} if table is None else table
    for key, record in records:
        held = table.get(key)
        table[key] = record if held is None else combine(held, record)
    return table


def sort_key(record: list) -> Any:
    """Where a finished record goes in the outputs: by id."""
    return record[2]["id"] if record[0] == "D" else record[1]
