"""Loading the graph's RDF into an embedded store and asking it SPARQL questions.

The default store is pyoxigraph: on bench/build.py's 10,000 documents, bench/rdf.py
measured it loading kg.ttl about 8x faster than rdflib's memory store and answering
every query in queries/ faster, most by 10x to over 100x (README). rdflib stays
available as `engine="rdflib"` for comparison and for pySHACL.
Parse errors in the data and in queries become KgErrors naming line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import fsutil
from kg.errors import KgError

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"
_FORMATS = {".ttl": "TURTLE", ".jsonld": "JSON_LD", ".nt": "N_TRIPLES"}


@dataclass
class Answer:
    """A query's answer: variables and rows of cells for SELECT, `boolean` for ASK,
    `triples` (Turtle bytes) for CONSTRUCT/DESCRIBE. A cell is None (unbound) or a
    dict in the shape of SPARQL 1.1 JSON results: {"type", "value", "datatype"?, "xml:lang"?}.
    """

    variables: list[str] = field(default_factory=list)
    rows: list[list[dict[str, str] | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: bytes | None = None


def rdf_file(graph_dir: Path) -> Path:
    """The RDF file a graph folder is read from: DIR/kg.ttl, or the file itself."""
    if graph_dir.is_file():
        return graph_dir
    path = graph_dir / "kg.ttl"
    if not path.exists():
        raise KgError(f"no kg.ttl in {graph_dir}: run `kg build` first, or pass --graph DIR", exit_code=2)
    return path


def _syntax_error(path: Path, exc: SyntaxError) -> KgError:
    message = re.sub(r"^Parser error at line \d+ column \d+: ", "", str(exc))
    where = f"line {exc.lineno}, column {exc.offset}" if exc.lineno else "somewhere"
    return KgError(f"{path} is not valid RDF ({where}): {message}", exit_code=2)


def parse_triples(path: Path) -> list[pyoxigraph.Triple]:
    """The triples of an RDF file (format from its suffix), or a KgError naming the line."""
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, _FORMATS.get(path.suffix.lower(), "TURTLE"))
    try:
        return [q.triple for q in ox.parse(path=str(path), format=fmt)]
    except SyntaxError as exc:
        raise _syntax_error(path, exc) from None
    except OSError as exc:
        raise KgError(f"cannot read {path}: {exc.strerror}", exit_code=2) from None


def to_rdflib_graph(triples: list[pyoxigraph.Triple]) -> rdflib.Graph:
    """pyoxigraph triples as an rdflib memory Graph (pySHACL and the benchmark need one)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    def term(t):
        kind = type(t).__name__
        if kind == "NamedNode":
            return URIRef(t.value)
        if kind == "BlankNode":
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        datatype = t.datatype.value
        plain = datatype in (str(XSD.string), str(RDF.langString))
        return Literal(t.value, datatype=None if plain else URIRef(datatype))

    graph = Graph()
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph


def _triples_from_json(path: Path) -> list[pyoxigraph.Triple]:
    import json

    from kg.model import Graph
    from kg.rdf.mapping import iter_triples
    from kg.rdf.serialize import to_oxigraph_triples
    from kg.rdf.vocab import DEFAULT_BASE

    try:
        graph = Graph.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KgError(f"cannot read {path}: {type(exc).__name__}: {exc}", exit_code=2) from None
    return to_oxigraph_triples(iter_triples(graph, DEFAULT_BASE))


def read_graph(graph_dir: Path) -> list[pyoxigraph.Triple]:
    """The triples of a graph: DIR/kg.ttl, else DIR/kg.json converted on the fly,
    or the file itself (an RDF file, or a kg.json)."""
    graph_dir = Path(graph_dir)
    if graph_dir.is_file() and graph_dir.suffix == ".json":
        return _triples_from_json(graph_dir)
    if graph_dir.is_dir() and not (graph_dir / "kg.ttl").exists() and (graph_dir / "kg.json").exists():
        return _triples_from_json(graph_dir / "kg.json")
    return parse_triples(rdf_file(graph_dir))


def _load_oxigraph_file(path: Path) -> pyoxigraph.Store:
    """An RDF file straight into a Store: its own parser, 4x faster than going through Python."""
    import pyoxigraph as ox

    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _FORMATS.get(path.suffix.lower(), "TURTLE")))
    except SyntaxError as exc:
        raise _syntax_error(path, exc) from None
    except OSError as exc:
        raise KgError(f"cannot read {path}: {exc.strerror}", exit_code=2) from None
    return store


def persistent_store(ttl: Path) -> pyoxigraph.Store | None:
    """An on-disk oxigraph store of `ttl`, beside the file it was loaded from (in the output
    folder's current generation, so a new build never meets an old store), opened read-only.
    Made on first use, again when kg.ttl changes (its size and mtime are kept with it);
    None where it cannot be written (a read-only folder): then the caller loads in memory."""
    import os
    import shutil
    import tempfile

    import pyoxigraph as ox

    ttl = ttl.resolve()
    folder = ttl.parent / f".{ttl.name}.oxigraph"
    stamp_file = ttl.parent / f".{ttl.name}.oxigraph.stamp"
    stamp = fsutil.stamp(ttl)
    if folder.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        try:
            return ox.Store.read_only(str(folder))
        except OSError:
            pass
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{ttl.name}.oxigraph.", suffix=".tmp", dir=ttl.parent))
    except OSError:
        return None
    try:
        store = ox.Store(str(tmp))
        try:
            store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            raise _syntax_error(ttl, exc) from None
        store.optimize()  # compacts what bulk loading wrote: queries on disk 7x faster after it
        del store
        stamp_file.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
        stamp_file.write_text(stamp)
    except OSError:
        return None  # another kg sparql got there first, or the disk is full: read it in memory
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        return ox.Store.read_only(str(folder))
    except OSError:
        return None


def load(graph_dir: Path, engine: str = DEFAULT_ENGINE) -> Any:
    """The graph of `read_graph` in the chosen engine: a pyoxigraph Store or an rdflib Graph.
    A folder's kg.ttl is read through its persistent store (`persistent_store`)."""
    graph_dir = Path(graph_dir)
    if engine != "rdflib" and (graph_dir / "kg.ttl").is_file():
        return persistent_store(graph_dir / "kg.ttl") or _load_oxigraph_file(graph_dir / "kg.ttl")
    if engine != "rdflib" and graph_dir.is_file() and graph_dir.suffix.lower() in _FORMATS:
        return _load_oxigraph_file(graph_dir)
    triples = read_graph(graph_dir)
    if engine == "rdflib":
        return to_rdflib_graph(triples)
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def _caret(query: str, line: int, column: int) -> str:
    lines = query.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    return f"\n  {lines[line - 1]}\n  {' ' * max(column - 1, 0)}^"


def query_error(query: str, message: str, line: int | None, column: int | None) -> KgError:
    """A malformed query as a KgError with line, column and the line itself."""
    if line is None:
        return KgError(f"malformed SPARQL query: {message}")
    return KgError(f"malformed SPARQL query at line {line}, column {column}: {message}{_caret(query, line, column or 1)}")


def ask(store: Any, query: str) -> Answer:
    """Run a SPARQL query on a store made by `load` (either engine)."""
    if type(store).__name__ == "Store":
        return _ask_oxigraph(store, query)
    return _ask_rdflib(store, query)


def _cell_ox(term) -> dict[str, str] | None:
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        cell["datatype"] = term.datatype.value
    return cell


def _ask_oxigraph(store: pyoxigraph.Store, query: str) -> Answer:
    import pyoxigraph as ox

    try:
        result = store.query(query)
    except SyntaxError as exc:
        match = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.S)
        if match:
            raise query_error(query, match[3], int(match[1]), int(match[2])) from None
        raise query_error(query, str(exc), None, None) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise KgError(f"the query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return Answer(triples=ox.serialize(list(result), format=ox.RdfFormat.TURTLE))
    variables = [v.value for v in result.variables]
    # Answers repeat their terms (units, dates, names): each is made a cell once, the
    # same (read-only) dict standing for it in every row.
    cells: dict = {}

    def cell(term):
        made = cells.get(term, cells)
        if made is cells:
            made = cells[term] = _cell_ox(term)
        return made

    rows = [[cell(solution[v]) for v in variables] for solution in result]
    return Answer(variables=variables, rows=rows)


def _cell_rdflib(term) -> dict[str, str] | None:
    from rdflib import BNode, URIRef
    from rdflib.namespace import XSD

    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    cell = {"type": "literal", "value": str(term)}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        cell["datatype"] = str(term.datatype)
    return cell


def _ask_rdflib(graph: rdflib.Graph, query: str) -> Answer:
    from pyparsing import ParseException

    try:
        result = graph.query(query)
    except ParseException as exc:
        raise query_error(query, exc.msg, exc.lineno, exc.col) from None
    except Exception as exc:  # rdflib raises bare Exceptions from its algebra
        raise KgError(f"the query failed: {exc}") from None
    if result.type == "ASK":
        return Answer(boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer(triples=result.graph.serialize(format="turtle", encoding="utf-8"))
    variables = [str(v) for v in result.vars]
    return Answer(variables=variables, rows=[[_cell_rdflib(row[v]) for v in variables] for row in result])
