"""Benchmark the RDF side on a large graph: rdflib's memory store against pyoxigraph.

    python bench/rdf.py --graph bench/data/graph-10000/kg.json   # bench/build.py's 10,000 documents
    python bench/rdf.py --graph out/kg.json      # any kg.json
    python bench/rdf.py --docs 1000              # mini_kg.json replicated (no bench/build.py needed)

Side by side, in one run: the time to write kg.ttl + kg.jsonld (an rdflib Graph and
its serializers, against kg.writers.rdf, which streams its own), the time to load
kg.ttl (rdflib's parser and memory store, against pyoxigraph's), and the time of
every queries/*.rq on each store, with the row counts (which must agree). rdflib's
writing and every query run in forked children with deadlines (--write-timeout,
--timeout), since rdflib can take hours. Rows go to stderr as they are measured;
the Markdown table for the README to stdout at the end.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, installed or not

import rdflib  # noqa: E402

from kg.model import Graph  # noqa: E402
from kg.rdf.store import ask, load  # noqa: E402
from kg.writers.rdf import graph_to_rdf, write_rdf  # noqa: E402


def synthesise(docs: int, pool: int = 100) -> Graph:
    """mini_kg.json replicated `docs` times with renamed ids. Agencies and campaigns
    are shared by the copies in `pool` groups (real corpora have hubs: 公安部 is in
    thousands of documents), so relations between them gather evidence from many
    documents; group 0 keeps the original names, so 09_relation_evidence has answers.
    Figure measures repeat every 500 copies and values vary, so conflicts exist;
    every tenth figure is also mentioned in the previous document (multi-source)."""
    data = json.loads((ROOT / "tests/data/mini_kg.json").read_text(encoding="utf-8"))
    types = {e["id"]: e["type"] for e in data["entities"]}
    shared = {i for i, t in types.items() if t in ("Agency", "Campaign")}
    entities: dict[str, dict] = {}
    relations: dict[str, dict] = {}
    documents = []
    for i in range(docs):
        group = i % pool

        def rename(node_id: str, i: int = i, group: int = group) -> str:
            return f"{node_id}-g{group}" if node_id in shared else f"{node_id}-{i}"

        doc_ids = {d["id"]: rename(d["id"]) for d in data["documents"]}
        for d in data["documents"]:
            documents.append({**d, "id": doc_ids[d["id"]], "title": f"{d['title']} #{i}"})
        for e in data["entities"]:
            new_id = rename(e["id"])
            mentions = [{**m, "doc": doc_ids[m["doc"]]} for m in e["mentions"]]
            if new_id in entities:
                entities[new_id]["mentions"] += mentions
                continue
            name = e["name"] if (e["id"] in shared and group == 0) else f"{e['name']}#{group if e['id'] in shared else i}"
            props = dict(e["props"])
            if e["type"] == "Figure":
                props["measure"] = f"{props['measure']}#{i % 500}"
                props["value"] = props["value"] + (i % 7)
            entities[new_id] = {**e, "id": new_id, "name": name, "props": props, "mentions": mentions}
        for r in data["relations"]:
            src, tgt = rename(r["source"]), rename(r["target"])
            evidence = [{**ev, "doc": doc_ids[ev["doc"]]} for ev in r["evidence"]]
            rid = f"{r['id']}-{src}-{tgt}"
            if rid in relations:
                relations[rid]["evidence"] += evidence
            else:
                relations[rid] = {**r, "id": rid, "source": src, "target": tgt, "evidence": evidence}
            if r["type"] == "MENTIONED_IN" and types[r["source"]] == "Figure" and i % 10 == 1:
                prev = f"{r['target']}-{i - 1}"
                relations[f"{rid}-prev"] = {**r, "id": f"{rid}-prev", "source": src, "target": prev,
                                            "evidence": [{**ev, "doc": prev} for ev in r["evidence"]]}
    return Graph.from_dict({"documents": documents, "entities": list(entities.values()), "relations": list(relations.values())})


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _child(fn, conn) -> None:
    try:
        seconds, result = _timed(fn)
    except MemoryError:
        conn.send((None, "out of memory"))
        return
    conn.send((seconds, result))


def in_child(fn, timeout: float) -> tuple[float | None, object]:
    """Seconds and result of `fn()` run in a forked child (which shares the parent's
    graphs and stores); (None, None) past the deadline, (None, why) if it failed."""
    parent, child = mp.Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_child, args=(fn, child))
    proc.start()
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        if parent.poll(1.0):
            seconds, result = parent.recv()
            proc.join()
            return seconds, result
        if not proc.is_alive() and not parent.poll(0):
            return None, f"failed after {time.monotonic() - start:.0f} s (exit {proc.exitcode})"
    proc.kill()
    proc.join()
    return None, None


def run_query(store, query: str, timeout: float) -> tuple[float | None, int | None]:
    """Seconds and row count of one query, in a child with a deadline."""

    def count() -> int:
        answer = ask(store, query)
        return len(answer.rows) if answer.boolean is None else int(answer.boolean)

    return in_child(count, timeout)


def _fmt(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f"> {timeout:.0f} s"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _ratio(a: float | None, b: float | None, timeout: float) -> str:
    if b is None:
        return ""
    if a is None:  # rdflib passed the deadline: the ratio is at least this
        return f"> {timeout / max(b, 1e-3):.0f}×"
    return f"{a / b:.0f}×" if a / b >= 10 else f"{a / b:.1f}×"


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, help="a kg.json to use instead of the synthetic graph")
    parser.add_argument("--docs", type=int, default=10_000, help="documents to synthesise (default 10000)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one query may take (default 120)")
    parser.add_argument("--write-timeout", type=float, default=900.0, help="seconds rdflib may take to write (default 900)")
    args = parser.parse_args()

    if args.graph:
        graph = Graph.from_dict(json.loads(args.graph.read_text(encoding="utf-8")))
    else:
        graph = synthesise(args.docs)
    out = Path(tempfile.mkdtemp(prefix="kg-bench-rdf-"))
    rows: list[tuple[str, str, str, str, str]] = []

    def progress(row: tuple[str, ...]) -> None:
        """Each row on stderr as soon as it is measured: a full run takes half an hour."""
        rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)

    def rdflib_write() -> None:
        rdf = graph_to_rdf(graph)
        (out / "rdflib.ttl").write_bytes(rdf.serialize(format="turtle", encoding="utf-8"))
        (out / "rdflib.jsonld").write_bytes(rdf.serialize(format="json-ld", encoding="utf-8"))

    t_rdflib_write, failure = in_child(rdflib_write, args.write_timeout)
    t_ox_write, _ = _timed(lambda: write_rdf(graph, out))
    progress(("write kg.ttl + kg.jsonld", failure if isinstance(failure, str) else _fmt(t_rdflib_write, args.write_timeout), _fmt(t_ox_write, 0), "" if isinstance(failure, str) else _ratio(t_rdflib_write, t_ox_write, args.write_timeout), ""))
    # Each library parses kg.ttl with its own parser into its own store.
    t_ox_load, ox_store = _timed(lambda: load(out, engine="oxigraph"))
    triples = len(ox_store)
    try:
        t_rdflib_load, rdflib_store = _timed(lambda: rdflib.Graph().parse(out / "kg.ttl", format="turtle"))
        rdflib_load = _fmt(t_rdflib_load, 0)
    except MemoryError:  # the rdflib memory store needs several times the file's size
        t_rdflib_load, rdflib_store, rdflib_load = None, None, "out of memory"
    progress(("load kg.ttl", rdflib_load, _fmt(t_ox_load, 0), _ratio(t_rdflib_load, t_ox_load, 0), ""))

    for path in sorted((ROOT / "queries").glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        t_ox, n_ox = run_query(ox_store, query, args.timeout)
        t_rdflib, n_rdflib = run_query(rdflib_store, query, args.timeout) if rdflib_store is not None else (None, "not loaded")
        if isinstance(n_rdflib, str):  # failed or never loaded: no time, no ratio
            progress((path.stem, n_rdflib, _fmt(t_ox, args.timeout), "", str(n_ox)))
            continue
        agree = "" if n_rdflib is None or n_rdflib == n_ox else f" (rdflib: {n_rdflib}!)"
        ratio = _ratio(t_rdflib, t_ox, args.timeout)
        progress((path.stem, _fmt(t_rdflib, args.timeout), _fmt(t_ox, args.timeout), ratio, f"{n_ox}{agree}"))

    print(f"\n{len(graph.documents)} documents, {len(graph.entities)} entities, {len(graph.relations)} relations, "
          f"{triples} triples; kg.ttl {(out / 'kg.ttl').stat().st_size / 1e6:.1f} MB, "
          f"kg.jsonld {(out / 'kg.jsonld').stat().st_size / 1e6:.1f} MB\n")
    print("| step | rdflib | kg (pyoxigraph) | rdflib / kg | rows |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
