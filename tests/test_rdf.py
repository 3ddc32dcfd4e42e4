"""kg.writers.rdf: kg.ttl and kg.jsonld are the same graph, byte-stable, and round-trip to kg.json."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.model import Graph

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GRAPHS = ["mini_kg.json", "rdf/rich_kg.json"]
HOSTILE = "<script>alert(1)</script> O'Brien \"q\" \\ {x} `b`"


def _graph(name: str) -> Graph:
    return Graph.from_dict(json.loads((DATA / name).read_text(encoding="utf-8")))


def _assert_isomorphic(a, b) -> None:
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    if not isomorphic(a, b):
        _both, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"graphs differ\nonly in first:\n{only_a.serialize(format='nt')}\nonly in second:\n{only_b.serialize(format='nt')}")


@pytest.mark.parametrize("name", GRAPHS)
def test_turtle_and_jsonld_hold_the_same_graph(name, tmp_path):
    import rdflib

    from kg.writers.rdf import graph_to_rdf, write_rdf

    graph = _graph(name)
    paths = write_rdf(graph, tmp_path)
    assert [p.name for p in paths] == ["kg.ttl", "kg.jsonld"]
    expected = graph_to_rdf(graph)
    _assert_isomorphic(expected, rdflib.Graph().parse(tmp_path / "kg.ttl"))
    _assert_isomorphic(expected, rdflib.Graph().parse(tmp_path / "kg.jsonld", format="json-ld"))
    assert "@context" in json.loads((tmp_path / "kg.jsonld").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", GRAPHS)
def test_rdflib_and_pyoxigraph_count_the_same_triples(name, tmp_path):
    import pyoxigraph as ox
    import rdflib

    from kg.writers.rdf import write_rdf

    write_rdf(_graph(name), tmp_path)
    for file, rdflib_format, ox_format in (
        ("kg.ttl", "turtle", ox.RdfFormat.TURTLE),
        ("kg.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ):
        n_rdflib = len(rdflib.Graph().parse(tmp_path / file, format=rdflib_format))
        n_ox = len(list(ox.parse(path=str(tmp_path / file), format=ox_format)))
        assert n_rdflib == n_ox > 100, file


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("file", ["kg.ttl", "kg.jsonld"])
def test_round_trip_gives_back_nodes_relations_and_evidence(name, file, tmp_path):
    from kg.writers.rdf import rdf_to_graph, write_rdf

    graph = _graph(name)
    write_rdf(graph, tmp_path)
    back = rdf_to_graph(tmp_path / file).to_dict()
    original = graph.to_dict()
    for key in ("documents", "entities", "relations"):
        assert back[key] == original[key], key


def test_output_is_byte_stable_whatever_the_input_order(tmp_path):
    from kg.writers.rdf import write_rdf

    graph = _graph("rdf/rich_kg.json")
    write_rdf(graph, tmp_path / "a")
    rng = random.Random(7)
    for items in (graph.documents, graph.entities, graph.relations):
        rng.shuffle(items)
    for rel in graph.relations:
        rng.shuffle(rel.evidence)
    write_rdf(graph, tmp_path / "b")
    for file in ("kg.ttl", "kg.jsonld"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_output_is_byte_stable_across_processes(tmp_path):
    """Python salts str hashes per process: sets must never decide the order."""
    script = (
        "import json, sys; from pathlib import Path; from kg.model import Graph; "
        "from kg.writers.rdf import write_rdf; "
        "write_rdf(Graph.from_dict(json.loads(Path(sys.argv[1]).read_text('utf-8'))), Path(sys.argv[2]))"
    )
    for seed in ("1", "2"):
        subprocess.run(
            [sys.executable, "-c", script, str(DATA / "rdf/rich_kg.json"), str(tmp_path / seed)],
            check=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        )
    for file in ("kg.ttl", "kg.jsonld"):
        assert (tmp_path / "1" / file).read_bytes() == (tmp_path / "2" / file).read_bytes()


def test_hostile_text_stays_a_literal(tmp_path):
    from rdflib import Literal, URIRef

    from kg.rdf.vocab import SKOS
    from kg.writers.rdf import graph_to_rdf, rdf_to_graph, write_rdf

    graph = _graph("mini_kg.json")
    rdf = graph_to_rdf(graph)
    assert (None, SKOS.prefLabel, Literal(HOSTILE, lang="zh")) in rdf
    for term in {t for triple in rdf for t in triple if isinstance(t, URIRef)}:
        assert not set("<>\"{}|\\^` ") & set(str(term)), term
    write_rdf(graph, tmp_path)
    names = {e.name for e in rdf_to_graph(tmp_path / "kg.ttl").entities}
    assert HOSTILE in names


def test_ids_become_iris_under_a_configurable_base():
    from rdflib import URIRef

    from kg.writers.rdf import graph_to_rdf

    base = "http://example.org/kg/"
    rdf = graph_to_rdf(_graph("mini_kg.json"), base=base)
    assert (URIRef(base + "agency-dfc0dcd0627e25c8"), None, None) in rdf
    with pytest.raises(KgError, match="base IRI"):
        graph_to_rdf(_graph("mini_kg.json"), base="not a base")


def test_names_aliases_documents_and_figures_are_typed_as_promised():
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from kg.rdf.vocab import KGO, SCHEMA, SKOS
    from kg.writers.rdf import DEFAULT_BASE, graph_to_rdf

    rdf = graph_to_rdf(_graph("mini_kg.json"))
    agency = URIRef(DEFAULT_BASE + "agency-740671fd4e924e3b")
    assert rdf.value(agency, SKOS.prefLabel) == Literal("最高人民检察院", lang="zh")
    assert rdf.value(agency, SKOS.altLabel) == Literal("最高检", lang="zh")
    doc = URIRef(DEFAULT_BASE + "document-a0ce1bb1380c08cd")
    assert (doc, None, SCHEMA.NewsArticle) in rdf
    assert rdf.value(doc, SCHEMA.datePublished) == Literal("2022-04-15", datatype=XSD.date)
    assert rdf.value(doc, SCHEMA.headline).startswith("打好反诈人民战争")
    figure = URIRef(DEFAULT_BASE + "figure-0bd352379fa35aa7")
    assert rdf.value(figure, KGO.value).datatype == XSD.decimal
    assert rdf.value(figure, KGO.periodStart) == Literal("2021-04-01", datatype=XSD.date)


def test_each_relation_is_a_triple_and_an_assertion_with_evidence():
    from kg.writers.rdf import graph_to_rdf

    rdf = graph_to_rdf(_graph("mini_kg.json"))
    rows = list(
        rdf.query(
            """
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX kgo: <https://w3id.org/antifraud-kg/ontology#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?id ?doc ?start ?end ?sentence WHERE {
              ?s ?p ?o .
              ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; dcterms:identifier ?id ;
                 kgo:evidence [ kgo:document/dcterms:identifier ?doc ; kgo:beginIndex ?start ;
                                kgo:endIndex ?end ; kgo:text ?sentence ] .
            }"""
        )
    )
    graph = _graph("mini_kg.json")
    assert {str(r[0]) for r in rows} == {r.id for r in graph.relations}
    assert {(str(r[1]), int(r[2]), int(r[3])) for r in rows} == {("document-a0ce1bb1380c08cd", 400, 545)}


def test_holds_position_is_written_as_a_w3c_org_post_too():
    from rdflib.namespace import SKOS

    from kg.rdf.vocab import ORG
    from kg.writers.rdf import graph_to_rdf

    rdf = graph_to_rdf(_graph("rdf/rich_kg.json"))
    titles = {str(rdf.value(post, SKOS.prefLabel)) for post in rdf.subjects(None, ORG.Post)}
    assert titles == {"负责人", "副部长"}
    assert len(set(rdf.subject_objects(ORG.subOrganizationOf))) == 1


def test_props_without_a_property_survive_as_json(tmp_path):
    from kg.writers.rdf import rdf_to_graph, write_rdf

    graph = _graph("mini_kg.json")
    graph.entities[0].props["note"] = {"surface": ["全国公安机关"], "n": 2}
    graph.entities[0].props["level"] = ["not", "a", "string"]
    write_rdf(graph, tmp_path)
    back = {e.id: e for e in rdf_to_graph(tmp_path / "kg.ttl").entities}
    assert back[graph.entities[0].id].props == graph.entities[0].props


def test_unknown_relation_type_is_a_user_error(tmp_path):
    from kg.writers.rdf import write_rdf

    graph = _graph("mini_kg.json")
    graph.relations[0].type = "INVENTED"
    with pytest.raises(KgError, match="INVENTED"):
        write_rdf(graph, tmp_path)


def test_default_base_is_spelled_once():
    from kg.rdf.vocab import DEFAULT_BASE as vocab_base
    from kg.writers.rdf import DEFAULT_BASE

    assert DEFAULT_BASE == vocab_base


def test_importing_the_writer_and_the_cli_stays_light():
    code = (
        "import sys, kg.writers.rdf, kg.cli.rdf; "
        "heavy = {'rdflib', 'pyoxigraph', 'pyshacl'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("text", ["a\nb\tc\r", "ctl \x01\x7f end", "back\\slash \"quoted\" 'single'", "\u2028分隔\u2029"])
def test_any_text_survives_both_serializations(text, tmp_path):
    from kg.writers.rdf import rdf_to_graph, write_rdf

    graph = _graph("mini_kg.json")
    graph.entities[0].name = text
    graph.entities[0].id = "agency-odd id/中文"  # not a Turtle local name: written as <IRI>
    for rel in graph.relations:
        if rel.source == "agency-4bb46431b7727c7c":
            rel.source = graph.entities[0].id
    write_rdf(graph, tmp_path)
    for file in ("kg.ttl", "kg.jsonld"):
        back = {e.id: e.name for e in rdf_to_graph(tmp_path / file).entities}
        assert back["agency-odd id/中文"] == text, file


def test_seeds_graph_turtle_and_jsonld_agree(tmp_path, seeds_kg_json):
    import rdflib

    from kg.writers.rdf import write_rdf

    graph = Graph.from_dict(json.loads(seeds_kg_json.read_text(encoding="utf-8")))
    write_rdf(graph, tmp_path)
    _assert_isomorphic(
        rdflib.Graph().parse(tmp_path / "kg.ttl"), rdflib.Graph().parse(tmp_path / "kg.jsonld", format="json-ld")
    )


def _spans_graph() -> Graph:
    """mini_kg with the cases span nodes meet: a span that is a mention and evidence, a
    span given two texts (inconsistent offsets), and a document id that is no Turtle local."""
    from kg.model import Evidence, Mention

    graph = _graph("mini_kg.json")
    ent, rel = graph.entities[0], graph.relations[0]
    ev = rel.evidence[0]
    ent.mentions.append(Mention(ev.doc, ev.start, ev.end, ev.sentence))  # a mention and evidence
    ent.mentions.append(Mention(ev.doc, 1, 3, "甲乙"))
    ent.mentions.append(Mention(ev.doc, 1, 3, "庚辛"))  # two texts in the block that writes the span
    rel.evidence.append(Evidence(ev.doc, 1, 3, "丙丁"))  # another text for the same span
    graph.relations[1].evidence.append(Evidence(ev.doc, 1, 3, "甲乙"))
    odd = "document-odd id."
    graph.entities[1].mentions.append(Mention(odd, 0, 2, "戊己"))
    graph.relations[2].evidence.append(Evidence(odd, 0, 2, "戊己"))
    return graph


@pytest.mark.parametrize("base", ["https://w3id.org/antifraud-kg/id/", "https://w3id.org/antifraud-kg/", "http://schema.org/"])
@pytest.mark.parametrize("name", [*GRAPHS, "spans"])
def test_span_nodes_written_whole_are_the_bytes_of_their_triples(name, base, tmp_path):
    """write_rdf prints a new span node in one piece; the triple-by-triple path must agree
    byte for byte, under bases where instance IRIs are compacted on the fast path or not."""
    import io

    from kg.rdf.mapping import iter_blocks
    from kg.rdf.serialize import JsonLdWriter, TurtleWriter
    from kg.writers.rdf import write_rdf

    graph = _spans_graph() if name == "spans" else _graph(name)
    write_rdf(graph, tmp_path, base)
    ttl, jsonld = io.BytesIO(), io.BytesIO()
    turtle, jsonld_writer = TurtleWriter(ttl, base), JsonLdWriter(jsonld, base)
    for block in iter_blocks(graph, base):
        turtle.write(block)
        jsonld_writer.write(block)
    jsonld_writer.close()
    assert (tmp_path / "kg.ttl").read_bytes() == ttl.getvalue()
    assert (tmp_path / "kg.jsonld").read_bytes() == jsonld.getvalue()


@pytest.mark.parametrize("base", ["https://w3id.org/antifraud-kg/id/", "https://w3id.org/antifraud-kg/", "http://schema.org/", "urn:x:"])
def test_iris_are_compacted_by_the_longest_namespace_that_fits(base):
    from kg.rdf.serialize import _LOCAL, _Compactor, prefixes_for

    prefixes = prefixes_for(base)
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def naive(value: str, valid) -> str | None:
        return next((f"{p}:{value[len(ns):]}" for p, ns in ordered if value.startswith(ns) and valid(value[len(ns):])), None)

    values = [ns + local for ns in prefixes.values() for local in ("", "agency-0f", "document-0f-1-2", "x.", "odd id", "ontology#Agency")]
    for valid in (_LOCAL.fullmatch, bool):
        compact = _Compactor(prefixes, valid)
        for value in values + values:  # twice: the cached answers too
            assert compact(value) == naive(value, valid), (value, valid)


def _changed(graph: Graph) -> Graph:
    """The graph with one entity renamed, one relation gone and one evidence sentence moved."""
    data = graph.to_dict()
    data["entities"][0]["name"] += "（新）"
    data["relations"] = data["relations"][1:]
    for rel in data["relations"]:
        if rel.get("evidence"):
            rel["evidence"] = rel["evidence"][1:] or rel["evidence"]
            break
    return Graph.from_dict(data)


@pytest.mark.parametrize("name", GRAPHS)
def test_blocks_of_an_earlier_build_are_copied_and_give_the_bytes_of_a_fresh_write(name, tmp_path, monkeypatch):
    import kg.rdf.mapping as mapping
    from kg.writers.rdf import write_rdf

    graph = _graph(name)
    made = []
    real = mapping._made
    monkeypatch.setattr(mapping, "_made", lambda triples: made.append(1) or real(triples))
    write_rdf(graph, tmp_path / "first")
    fresh = len(made)
    assert (tmp_path / "first" / ".kg.ttl.blocks").is_file() and (tmp_path / "first" / ".kg.jsonld.blocks").is_file()

    write_rdf(graph, tmp_path / "same", previous=tmp_path / "first")
    assert len(made) == fresh, "an unchanged graph makes no block again"
    changed = _changed(graph)
    write_rdf(changed, tmp_path / "again", previous=tmp_path / "same")
    assert 0 < len(made) - fresh < fresh / 2, "only the changed blocks are made again"
    write_rdf(changed, tmp_path / "fresh")
    for file in ("kg.ttl", "kg.jsonld"):
        assert (tmp_path / "same" / file).read_bytes() == (tmp_path / "first" / file).read_bytes()
        assert (tmp_path / "again" / file).read_bytes() == (tmp_path / "fresh" / file).read_bytes()
    json.loads((tmp_path / "again" / "kg.jsonld").read_text("utf-8"))


@pytest.mark.parametrize("name", GRAPHS)
def test_runs_written_by_forked_processes_join_to_the_bytes_of_one_run(name, tmp_path):
    from kg.writers.rdf import _runs, write_rdf

    graph = _graph(name)
    assert len(_runs(graph, 3)) == 3, "the graph is cut into as many runs as asked"
    write_rdf(graph, tmp_path / "one")
    changed = _changed(graph)
    write_rdf(changed, tmp_path / "one-changed")
    for parts in (2, 3, 7):
        out = tmp_path / f"parts-{parts}"
        write_rdf(graph, out, parts=parts)
        assert sorted(p.name for p in out.iterdir()) == [".kg.jsonld.blocks", ".kg.ttl.blocks", "kg.jsonld", "kg.ttl"], "no run file is left"
        for file in ("kg.ttl", "kg.jsonld"):
            assert (out / file).read_bytes() == (tmp_path / "one" / file).read_bytes()
            # the block index: the same keys and places (its head stamps the file's size and time)
            assert (out / f".{file}.blocks").read_bytes()[28:] == (tmp_path / "one" / f".{file}.blocks").read_bytes()[28:]
        # runs copy unchanged blocks from an earlier build too
        again = tmp_path / f"again-{parts}"
        write_rdf(changed, again, previous=out, parts=parts)
        for file in ("kg.ttl", "kg.jsonld"):
            assert (again / file).read_bytes() == (tmp_path / "one-changed" / file).read_bytes()
    json.loads((tmp_path / "parts-3" / "kg.jsonld").read_text("utf-8"))


def test_a_first_run_that_fails_after_the_others_finished_leaves_no_file(tmp_path, monkeypatch):
    import kg.writers.rdf as rdf

    real = rdf._write_run

    def failing(graph, base, handles, names, previous, run, first, last):
        indexes = real(graph, base, handles, names, previous, run, first, last)
        if first:  # the forked runs have written their files and indexes by now, or soon
            import time

            time.sleep(0.5)
            raise OSError(28, "No space left on device")
        return indexes

    monkeypatch.setattr(rdf, "_write_run", failing)
    with pytest.raises(OSError):
        rdf.write_rdf(_graph("rdf/rich_kg.json"), tmp_path, parts=3)
    assert list(tmp_path.iterdir()) == []


def test_a_run_that_fails_leaves_no_file_and_raises(tmp_path, monkeypatch):
    import kg.writers.rdf as rdf

    real = rdf._write_run

    def failing(graph, base, handles, names, previous, run, first, last):
        if not first:  # a forked run: its failure reaches the process that joins the runs
            raise OSError(28, "No space left on device")
        return real(graph, base, handles, names, previous, run, first, last)

    monkeypatch.setattr(rdf, "_write_run", failing)
    with pytest.raises(OSError) as caught:
        rdf.write_rdf(_graph("rdf/rich_kg.json"), tmp_path, parts=2)
    assert caught.value.errno == 28
    assert list(tmp_path.iterdir()) == []


def test_an_earlier_file_changed_by_hand_is_not_copied_from(tmp_path):
    import os

    from kg.writers.rdf import write_rdf

    graph = _graph("rdf/rich_kg.json")
    write_rdf(graph, tmp_path / "first")
    ttl = tmp_path / "first" / "kg.ttl"
    text = ttl.read_bytes()
    st = ttl.stat()
    ttl.write_bytes(text.replace(b"@zh", b"@en", 1))  # same size: only its time tells
    os.utime(ttl, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    write_rdf(graph, tmp_path / "again", previous=tmp_path / "first")
    assert (tmp_path / "again" / "kg.ttl").read_bytes() == text
    (tmp_path / "first" / ".kg.jsonld.blocks").write_bytes(b"kg-blocks 1\n" + b"\0" * 5)  # damaged
    write_rdf(graph, tmp_path / "third", previous=tmp_path / "first")
    assert (tmp_path / "third" / "kg.jsonld").read_bytes() == (tmp_path / "again" / "kg.jsonld").read_bytes()
