"""The graph as RDF: kg.ttl (Turtle) and kg.jsonld (JSON-LD with an @context).

Vocabulary: ontology/kg.ttl. Each node is an IRI `<base><id>`, named with
skos:prefLabel / skos:altLabel @zh; each relation is a plain triple and a reified
kgo:Assertion (rdf:Statement) whose kgo:evidence spans carry the sentence, the
document and the offsets; documents are schema:NewsArticle. The output is in id
order and has no blank nodes, so the same kg.json gives the same bytes.

rdflib and pyoxigraph are imported inside the functions, so importing this module
(as `kg build` does) costs nothing until RDF is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.fsutil import atomic_file
from kg.model import Graph

if TYPE_CHECKING:
    import rdflib

__all__ = ["DEFAULT_BASE", "graph_to_rdf", "rdf_to_graph", "write_rdf"]

# Kept equal to kg.rdf.vocab.DEFAULT_BASE (a test checks), spelled here so that
# importing this module does not import rdflib.
DEFAULT_BASE = "https://w3id.org/antifraud-kg/id/"


def graph_to_rdf(graph: Graph, base: str = DEFAULT_BASE, store: str = "default") -> rdflib.Graph:
    """The graph as an rdflib Graph (for pySHACL, rdflib.compare and Python users).

    `store="Oxigraph"` puts it in an oxrdflib store, whose SPARQL runs in pyoxigraph.
    """
    from kg.rdf.mapping import iter_triples
    from kg.rdf.serialize import to_rdflib

    return to_rdflib(iter_triples(graph, base), base, store=store)


def write_rdf(graph: Graph, out_dir: Path, base: str = DEFAULT_BASE, formats: tuple[str, ...] = ("ttl", "jsonld")) -> list[Path]:
    """Write out_dir/kg.ttl and out_dir/kg.jsonld (or those of `formats`) atomically;
    return their paths.

    Both files are written in one pass over the blocks of kg.rdf.mapping, so memory
    stays bounded (bench/rdf.py); each appears whole or not at all.
    """
    from contextlib import ExitStack

    from kg.rdf.mapping import check_base, iter_node_blocks
    from kg.rdf.serialize import JsonLdWriter, TurtleWriter, subject_groups

    check_base(base)
    out_dir = Path(out_dir)
    paths = [out_dir / f"kg.{fmt}" for fmt in ("ttl", "jsonld") if fmt in formats]
    if not paths:
        return []
    with ExitStack() as stack:
        writers = [
            (TurtleWriter if path.suffix == ".ttl" else JsonLdWriter)(stack.enter_context(atomic_file(path)), base)
            for path in paths
        ]
        for block, spans in iter_node_blocks(graph, base):
            groups = subject_groups(block, spans)
            for writer in writers:
                writer.write_groups(groups)
        for writer in writers:
            if isinstance(writer, JsonLdWriter):
                writer.close()
    return paths


def rdf_to_graph(source: rdflib.Graph | str | Path, base: str = DEFAULT_BASE) -> Graph:
    """Read the data model back from RDF written here: an rdflib Graph or a kg.ttl/kg.jsonld path.

    The inverse of `graph_to_rdf` for documents, entities (with props and mentions)
    and relations (with props and evidence); kg.json's `conflicts` are not in RDF,
    and props that were None come back absent.
    """
    from kg.rdf.reverse import graph_from_rdf

    if isinstance(source, str | Path):
        from kg.rdf.store import parse_triples, to_rdflib_graph

        source = to_rdflib_graph(parse_triples(Path(source)))
    return graph_from_rdf(source, base)
