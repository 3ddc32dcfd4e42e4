"""The lookup index keeps each evidence sentence once, and one of an older layout is rebuilt."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from kg.index import INDEX_NAME, open_index
from kg.lookup import describe, find_nodes


def test_evidence_comes_back_with_its_sentence_stored_once(seeds_out: Path, tmp_path: Path) -> None:
    kg_json = tmp_path / "kg.json"
    shutil.copy(seeds_out / "kg.json", kg_json)
    con = open_index(kg_json)
    stored = con.execute("SELECT count(*) FROM sentences").fetchone()[0]
    cited = sum(json.loads(d)["evidence"].__len__() for (d,) in con.execute("SELECT data FROM rels"))
    assert 0 < stored < cited
    raw = json.loads(kg_json.read_text("utf-8"))
    text = {tuple(s[:3]): s[3] for s in raw["sentences"]}
    node = find_nodes(con, "公安部")[0]
    answer = describe(con, node, evidence=None)
    pieces = [ev for edge in answer.edges for ev in edge.relation["evidence"]]
    assert pieces and all(ev["sentence"] == text[(ev["doc"], ev["start"], ev["end"])] for ev in pieces)


def test_an_index_of_another_layout_is_rebuilt(seeds_out: Path, tmp_path: Path) -> None:
    kg_json = tmp_path / "kg.json"
    shutil.copy(seeds_out / "kg.json", kg_json)
    open_index(kg_json).close()
    con = sqlite3.connect(tmp_path / INDEX_NAME)
    con.execute("DROP TABLE sentences")
    con.execute("DELETE FROM meta WHERE key = 'format'")
    con.commit()
    con.close()
    con = open_index(kg_json)  # kg.json unchanged, layout old: rebuilt
    assert con.execute("SELECT count(*) FROM sentences").fetchone()[0] > 0
