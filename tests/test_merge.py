"""The merge's laws: combine is associative and commutative, so the order and grouping in
which documents are folded (a local loop, Spark partitions) never changes the graph."""

from __future__ import annotations

import copy
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build import process_file
from kg.merge import combine, doc_records, finish, fold
from kg.model import Evidence, Mention, dumps
from kg.read import discover
from kg.resolve import Merger, doc_part, graph_of

ROOT = Path(__file__).resolve().parents[1]

pos = st.tuples(st.integers(0, 5), st.integers(0, 5))
props = st.dictionaries(st.sampled_from(["kind", "level", "change"]), st.tuples(pos, st.sampled_from(["a", "b", None, "up"])), max_size=3)
mentions = st.sets(st.builds(Mention, st.sampled_from(["d1", "d2"]), st.integers(0, 9), st.integers(10, 19), st.just("x")), max_size=3)
entity = st.builds(
    lambda rank, name, created, updates, ments, aliases: ["E", "agency-1", "Agency", (rank, name, created), updates, ments, aliases],
    st.integers(0, 5), st.sampled_from(["公安部", "公安部2"]), st.dictionaries(st.sampled_from(["kind", "change"]), st.sampled_from(["x", None]), max_size=2),
    props, mentions, st.sets(st.sampled_from(["公安", "部"]), max_size=2))
relation = st.builds(
    lambda updates, evidence: ["R", "rel-1", "LEADS", "a", "b", updates, evidence],
    props, st.sets(st.builds(Evidence, st.sampled_from(["d1", "d2"]), st.integers(0, 9), st.integers(10, 19), st.just("s")), max_size=3))


def _same(a: list, b: list) -> bool:
    return finish(copy.deepcopy(a)) == finish(copy.deepcopy(b))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.tuples(entity, entity, entity), st.tuples(relation, relation, relation)))
def test_combine_is_commutative_and_associative(records: tuple[list, list, list]) -> None:
    a, b, c = records
    # Within a build, one document gives one record per key, and ranks differ between
    # documents: give the records the distinct ranks a build's have (in the generated
    # order, which is random), and their updates positions within their own document.
    ranks = sorted(range(3), key=lambda i: (records[i][3][0] if records[i][0] == "E" else 0, i))
    for rank, i in enumerate(ranks):
        r = records[i]
        updates = r[4] if r[0] == "E" else r[5]
        for prop, ((_, seq), value) in list(updates.items()):
            updates[prop] = ((rank, seq), value)
        if r[0] == "E":
            r[3] = (rank, *r[3][1:])

    def comb(x: list, y: list) -> list:
        return combine(copy.deepcopy(x), copy.deepcopy(y))

    assert _same(comb(a, b), comb(b, a))
    assert _same(comb(comb(a, b), c), comb(a, comb(b, c)))


def _parts() -> list[tuple]:
    files, _ = discover([ROOT / "seeds"])
    parts = []
    for path, rel in files:
        document, doc, _ = process_file(path, rel)
        parts.append((document, doc_part(doc)))
    return parts


def test_documents_folded_in_any_order_and_grouping_give_the_same_graph() -> None:
    parts = _parts()
    in_order = Merger()
    for document, part in parts:
        in_order.add_part(document, part)
    expected = dumps(in_order.graph())
    rng = random.Random(7)
    for _ in range(5):
        ranked = list(enumerate(parts))
        rng.shuffle(ranked)
        shuffled = Merger()
        for rank, (document, part) in ranked:
            shuffled.add_part(document, part, rank=rank)
        assert dumps(shuffled.graph()) == expected
        # as Spark would: records split across partitions, each folded, then the tables combined
        records = [r for rank, (document, part) in ranked for r in doc_records(rank, document, part)]
        cut = rng.randrange(len(records))
        left, right = fold(records[:cut]), fold(records[cut:])
        for key, record in right.items():
            left[key] = combine(left[key], record) if key in left else record
        assert dumps(graph_of(finish(r) for r in left.values())) == expected
