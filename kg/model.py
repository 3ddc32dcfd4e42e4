"""The one data model every stage and writer shares; kg.json is its serialisation.

Node and relation type names are the domain model's contract. Ids are derived from
content (type + canonical key), never from counters, so the same input gives the
same ids on every run and in every order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from kg import SCHEMA_VERSION

NODE_TYPES = ("Agency", "Campaign", "Case", "Figure", "Person", "Law", "Crime", "Location", "Document")
RELATION_TYPES = (
    "LEADS",
    "YIELDS",
    "HANDLED_BY",
    "PARTICIPATES_IN",
    "COOPERATES_WITH",
    "PART_OF",
    "REPORTS",
    "HOLDS_POSITION",
    "ISSUED_BY",
    "SUPERVISES",
    "CHARGED_WITH",
    "ABOUT",
    "LOCATED_IN",
    "MENTIONED_IN",
)
# Which node types may stand at each end of a relation (the domain model's table).
RELATION_ENDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "LEADS": (("Agency",), ("Campaign",)),
    "YIELDS": (("Campaign", "Agency", "Case"), ("Figure",)),
    "HANDLED_BY": (("Case",), ("Agency",)),
    "PARTICIPATES_IN": (("Agency",), ("Campaign",)),
    "COOPERATES_WITH": (("Agency",), ("Agency",)),
    "PART_OF": (("Agency", "Campaign"), ("Agency", "Campaign")),
    "REPORTS": (("Person", "Agency"), ("Figure",)),
    "HOLDS_POSITION": (("Person",), ("Agency",)),
    "ISSUED_BY": (("Law",), ("Agency",)),
    "SUPERVISES": (("Agency",), ("Case",)),
    "CHARGED_WITH": (("Case",), ("Crime",)),
    "ABOUT": (("Figure",), ("Crime",)),
    "LOCATED_IN": (("Case", "Agency"), ("Location",)),
    "MENTIONED_IN": (NODE_TYPES[:-1], ("Document",)),
}
AGENCY_KINDS = (
    "public_security",
    "procuratorate",
    "court",
    "ministry",
    "regulator",
    "central_office",
    "bank",
    "enterprise",
    "other",
)
APPROX = ("exact", "about", "over", "under")


def stable_id(kind: str, *key: object) -> str:
    """An id from content: `<kind>-<16 hex>` of the key, identical on every run."""
    digest = hashlib.sha1("\x1f".join(str(k) for k in key).encode("utf-8")).hexdigest()
    return f"{kind.lower()}-{digest[:16]}"


# Mentions and evidence are the most numerous objects of a graph (millions on large
# corpora): named tuples are built faster and take less than half the memory of
# dataclass instances, and they compare, hash and sort field by field all the same.
class Mention(NamedTuple):
    """Where a node is named: a span of a document's cleaned text."""

    doc: str
    start: int
    end: int
    text: str


class Evidence(NamedTuple):
    """The sentence a relation was read from, with its offsets in the cleaned text."""

    doc: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Document:
    """A source text as read: metadata from front matter, and where it came from."""

    id: str
    path: str
    title: str = ""
    date: str | None = None
    url: str | None = None
    author: str | None = None
    format: str = "text"
    encoding: str = "utf-8"
    chars: int = 0
    sha1: str = ""


@dataclass(slots=True)  # slots: no per-instance __dict__ (hundreds of thousands on large graphs)
class Entity:
    """A node of the graph (every type but Document)."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Relation:
    """A directed, typed edge; it exists only with at least one piece of evidence."""

    id: str
    type: str
    source: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def document_dict(d: Document) -> dict[str, Any]:
    """One document as kg.json writes it."""
    return asdict(d)


def entity_dict(e: Entity) -> dict[str, Any]:
    """One entity as kg.json writes it: aliases, props and mentions sorted."""
    return {
        "id": e.id,
        "type": e.type,
        "name": e.name,
        "aliases": sorted(set(e.aliases) - {e.name}),
        "props": dict(sorted(e.props.items())),
        "mentions": [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text} for m in sorted(set(e.mentions))],
    }


def relation_dict(r: Relation) -> dict[str, Any]:
    """One relation with its evidence sentences written out (kg.json version 1's shape,
    and what the lookup index and `kg lookup --json` show): props and evidence sorted."""
    return _relation_head(r) | {
        "evidence": [
            {"doc": ev.doc, "sentence": ev.sentence, "start": ev.start, "end": ev.end} for ev in sorted(set(r.evidence))
        ],
    }


def _relation_head(r: Relation) -> dict[str, Any]:
    return {"id": r.id, "type": r.type, "source": r.source, "target": r.target, "props": dict(sorted(r.props.items()))}


@dataclass
class Graph:
    """The whole knowledge graph: what kg.json holds."""

    documents: list[Document] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The kg.json shape, every list sorted so that output is byte-stable."""
        return {key: list(value) if isinstance(value, Iterator) else value for key, value in self.iter_dict().items()}

    def iter_dict(self) -> dict[str, Any]:
        """`to_dict` with its long lists as iterators that make one item at a time: what
        kg.json is written from, so that a large graph is never held twice in memory.

        Version 2 of the contract: a relation's evidence is a list of sentence keys
        `[doc, start, end]`, and each sentence's text is written once, in `sentences`
        (`[doc, start, end, text]`, sorted), however many relations cite it."""
        return {
            "schema_version": SCHEMA_VERSION,
            "documents": map(document_dict, sorted(self.documents, key=lambda d: d.id)),
            "entities": map(entity_dict, sorted(self.entities, key=lambda e: e.id)),
            "relations": map(relation_json, sorted(self.relations, key=lambda r: r.id)),
            "sentences": iter(sorted({(ev.doc, ev.start, ev.end, ev.sentence) for r in self.relations for ev in r.evidence})),
            "conflicts": sorted(self.conflicts, key=lambda c: json.dumps(c, ensure_ascii=False, sort_keys=True)),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        """Read the kg.json shape back (the inverse of `to_dict`), of either version."""
        data = upgrade(data)
        return cls(
            documents=[Document(**d) for d in data.get("documents", [])],
            entities=[
                Entity(
                    id=e["id"],
                    type=e["type"],
                    name=e["name"],
                    aliases=list(e.get("aliases", [])),
                    props=dict(e.get("props", {})),
                    mentions=[Mention(**m) for m in e.get("mentions", [])],
                )
                for e in data.get("entities", [])
            ],
            relations=[
                Relation(
                    id=r["id"],
                    type=r["type"],
                    source=r["source"],
                    target=r["target"],
                    props=dict(r.get("props", {})),
                    evidence=[Evidence(**ev) for ev in r.get("evidence", [])],
                )
                for r in data.get("relations", [])
            ],
            conflicts=list(data.get("conflicts", [])),
        )


def relation_json(r: Relation) -> dict[str, Any]:
    """One relation as kg.json (version 2) writes it: evidence as sorted sentence keys."""
    return _relation_head(r) | {"evidence": sorted({(ev.doc, ev.start, ev.end) for ev in r.evidence})}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """kg.json's dict of either version in version 1's shape, the one the readers use:
    each piece of evidence `{"doc", "sentence", "start", "end"}` with its text. A version 2
    file's `sentences` are looked up by key and dropped. Raises KeyError or TypeError (or
    ValueError) on a file of neither shape."""
    version = data.get("schema_version", 2 if "sentences" in data else 1)
    if version == 1:
        return data
    if version != 2:
        raise ValueError(f"schema_version {version!r} is not one this kg reads (1 or 2)")
    text = {(doc, start, end): sentence for doc, start, end, sentence in data.get("sentences", [])}
    for r in data.get("relations", []):
        evidence = []
        for doc, start, end in r.get("evidence", []):
            sentence = text.get((doc, start, end))
            if sentence is None:
                raise ValueError(f"evidence {[doc, start, end]} of relation {r.get('id')} has no sentence in 'sentences'")
            evidence.append({"doc": doc, "sentence": sentence, "start": start, "end": end})
        r["evidence"] = evidence
    data.pop("sentences", None)
    data["schema_version"] = 1
    return data


def iter_json(data: dict[str, Any]) -> Iterator[bytes]:
    """kg.json bytes piece by piece: one list item per line (compact JSON, UTF-8 kept),
    so that line tools (grep, head, diff) work on it and its size stays close to the
    text it holds; a trailing newline.

    Each list item is encoded on its own, and a list may be an iterator (see
    `Graph.iter_dict`), so writing a large graph never holds the whole text, nor
    the whole graph as dicts, in memory.
    """
    import orjson

    yield b"{\n"
    keys = list(data)
    for i, key in enumerate(keys):
        value = data[key]
        comma = b"," if i < len(keys) - 1 else b""
        head = orjson.dumps(key) + b": "
        if isinstance(value, list | Iterator):
            items = iter(value)
            item = next(items, _END)
            if item is not _END:
                yield head + b"[\n"
                sep = b""
                while item is not _END:
                    yield sep + orjson.dumps(item)
                    sep = b",\n"
                    item = next(items, _END)
                yield b"\n]" + comma + b"\n"
                continue
            value = []
        yield head + orjson.dumps(value) + comma + b"\n"
    yield b"}\n"


_END = object()


def dumps(graph: Graph) -> str:
    """kg.json text of `graph` (see `iter_json`)."""
    return b"".join(iter_json(graph.iter_dict())).decode("utf-8")
