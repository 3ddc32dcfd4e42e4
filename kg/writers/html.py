"""The HTML pages: graph.html (pyvis / vis-network) and index.html, offline and escaped.

The graph page is rendered by pyvis with our own template (kg/templates/graph.html),
which inlines vis-network from pyvis's bundled copy: no CDN, no fonts, no request at
all (a Content-Security-Policy forbids them). Node and edge lists are built directly
rather than through `add_node`/`add_edge`, which scan every existing item on each call.
Positions come from kg.writers.layout (deterministic, near-linear) and physics stays off,
so large views are drawn at once instead of after minutes of simulation.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.fsutil import write_atomic
from kg.model import NODE_TYPES, Graph, Relation
from kg.writers.entities import ENTITY_DIR, PAGE_TYPES, page_href, write_entity_pages
from kg.writers.labels import TYPE_STYLE, GraphText
from kg.writers.layout import layout
from kg.writers.site import index_context

__all__ = [
    "DEFAULT_MAX_NODES",
    "View",
    "select_view",
    "render_graph_page",
    "write_graph_page",
    "write_site",
]

# bench/viz.py: on two busy cores headless Chromium draws 5k nodes / 12.5k edges in ~2 s and
# 8k / 17.5k in 3.5-5.5 s; 5,000 keeps the default view inside the 5 s budget with margin.
DEFAULT_MAX_NODES = 5000
# Edges cost as much to draw as nodes; a view keeps at most 2.5 per node allowed (12,500).
_EDGES_PER_NODE = 2.5
# Views above these sizes drop curved edges and hover tooltips, which cost a redraw each.
_SMOOTH_EDGES_LIMIT, _HOVER_LIMIT = 2000, 3000
# Labels kept readable at any zoom: agencies, campaigns and cases, by relations in the view.
_HUB_TYPES = frozenset({"Agency", "Campaign", "Case"})
_TOP_HUBS, _MAX_LABELLED, _HUB_PX, _LABEL_PX = 10, 30, 14, 11
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class View:
    """What one graph page shows: node ids, relations, and what was left out."""

    node_ids: list[str]
    edges: list[Relation]
    total_nodes: int
    focus: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def truncated(self) -> bool:
        """True when the view holds fewer nodes than match its filters."""
        return len(self.node_ids) < self.total_nodes


def select_view(
    graph: Graph,
    focus: str | None = None,
    depth: int = 1,
    types: list[str] | None = None,
    relations: list[str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> View:
    """The nodes and relations of one view: filtered by type, around a focus, capped in size.

    By default every type but Document is shown (documents are the sources listed in
    every tooltip; as nodes they would tie everything to everything). `focus` is a
    name, alias or id; its neighbourhood to `depth` hops is kept. Above `max_nodes` the
    most connected nodes are kept, and no more than 2.5 relations per allowed node; the
    page says so. With `relations` (and no focus), only the nodes those relations join
    are shown.
    """
    from kg.analysis import find_node

    kinds = {e.id: e.type for e in graph.entities} | {d.id: "Document" for d in graph.documents}
    wanted = set(types or [t for t in NODE_TYPES if t != "Document"])
    focus_id = find_node(graph, focus) if focus else None
    allowed = {n for n, t in kinds.items() if t in wanted or n == focus_id}
    edges = [
        r
        for r in sorted(graph.relations, key=lambda r: r.id)
        if r.source in allowed and r.target in allowed and (not relations or r.type in relations)
    ]
    if focus_id:
        adj: dict[str, set[str]] = {}
        for r in edges:
            adj.setdefault(r.source, set()).add(r.target)
            adj.setdefault(r.target, set()).add(r.source)
        seen, frontier = {focus_id}, [focus_id]
        for _ in range(max(depth, 0)):
            frontier = sorted({m for n in frontier for m in adj.get(n, ())} - seen)
            seen.update(frontier)
        allowed = seen
    elif relations:
        # Asked for some relations: the nodes they join (an isolated node says nothing of them).
        allowed = {n for r in edges for n in (r.source, r.target)}
    degree: dict[str, int] = dict.fromkeys(allowed, 0)
    for r in edges:
        if r.source in allowed and r.target in allowed:
            degree[r.source] += 1
            degree[r.target] += 1
    type_rank = {t: i for i, t in enumerate(NODE_TYPES)}
    ranked = sorted(allowed, key=lambda n: (n != focus_id, -degree[n], type_rank[kinds[n]], n))
    keep = set(
        ranked[: _prefix(ranked, edges, max(max_nodes, 1), int(max_nodes * _EDGES_PER_NODE))]
    )
    return View(
        node_ids=sorted(keep, key=lambda n: (type_rank[kinds[n]], n)),
        edges=[r for r in edges if r.source in keep and r.target in keep],
        total_nodes=len(allowed),
        focus=focus_id,
        depth=depth,
        types=tuple(t for t in NODE_TYPES if t in wanted),
    )


def _prefix(ranked: list[str], edges: list[Relation], max_nodes: int, max_edges: int) -> int:
    """How many of the `ranked` nodes to keep so that neither budget is exceeded.

    An edge enters the view with the later-ranked of its two ends; cutting the ranking
    just before the edge that would pass `max_edges` keeps whole neighbourhoods of
    the kept nodes rather than dropping relations between nodes that are shown.
    """
    rank = {n: i for i, n in enumerate(ranked)}
    entry = sorted(
        max(rank[r.source], rank[r.target]) for r in edges if r.source in rank and r.target in rank
    )
    cut = entry[max_edges] if len(entry) > max_edges else len(ranked)
    return max(1, min(max_nodes, cut))


def _script_json(value: Any) -> Any:
    """JSON that is inert inside <script>: no `</script>`, `<!--` or line separators survive."""
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from pyvis's bundled copy (the one its in_line mode uses).

    The trailing sourceMappingURL comment is dropped: with developer tools open the
    browser would otherwise try to fetch the .map file.
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    script = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", script)
    return script, (lib / "vis-network.css").read_text(encoding="utf-8")


def _environment() -> Any:
    """Jinja over kg/templates with autoescape on and the script-safe JSON filter."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup

    env = Environment(
        loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True, keep_trailing_newline=True
    )
    env.filters["script_json"] = _script_json
    script, style = _vis_assets()
    env.globals["vis_assets"] = {"script": Markup(script), "style": Markup(style)}
    return env


def render_graph_page(
    graph: Graph, view: View, title: str = "Telecom-fraud knowledge graph", pages: bool = False
) -> str:
    """The graph page for `view` as one self-contained HTML string; with `pages`, the
    details panel of an Agency, Campaign or Case links to its entity page (entities/)."""
    from pyvis.network import Network

    text = GraphText(graph)
    positions = layout(view.node_ids, [(r.source, r.target) for r in view.edges])
    degree = dict.fromkeys(view.node_ids, 0)
    for r in view.edges:
        degree[r.source] += 1
        degree[r.target] += 1
    kinds = {e.id: e.type for e in graph.entities} | {d.id: "Document" for d in graph.documents}
    net = Network(
        height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title
    )
    # Tooltips travel as indexes into one table of distinct lines: a sentence or a source
    # shared by many relations is written once (the synthetic 8k-node page went from 16
    # to 6 MB); the page's script joins them back into `title` strings for vis-network.
    lines: dict[str, int] = {}

    def line_ids(tooltip: str) -> list[int]:
        return [lines.setdefault(line, len(lines)) for line in tooltip.split("\n")]

    px = _label_px(view.node_ids, degree, kinds)
    linked = {n for r in view.edges if r.source != r.target for n in (r.source, r.target)}
    alone = set(view.node_ids) - linked
    # Drawn in this order: the hubs last, so no figure's square covers their labels.
    order = sorted(view.node_ids, key=lambda n: (px.get(n, 0), degree[n], n))
    net.nodes = [
        {
            "id": n,
            "label": text.graph_label(n),
            "t": line_ids(text.node_title(n)),
            "group": kinds[n],
            "size": round(min(40, 10 + 3 * math.sqrt(degree[n])), 1),
            "x": positions[n][0],
            "y": positions[n][1],
        }
        | ({"px": px[n]} if n in px else {})
        | ({"alone": 1, "hidden": True} if n in alone else {})
        | (
            {"a": sorted(text.entities[n].aliases)}
            if n in text.entities and text.entities[n].aliases
            else {}
        )
        | ({"page": page_href(n)} if pages and kinds[n] in PAGE_TYPES else {})
        for n in order
    ]
    net.edges = [
        {
            "id": r.id,
            "from": r.source,
            "to": r.target,
            "label": r.type,
            "t": line_ids(text.edge_title(r)),
        }
        for r in view.edges
    ]
    small = len(view.edges) <= _SMOOTH_EDGES_LIMIT
    net.options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "groups": {t: {"color": c, "shape": shape} for t, (c, shape) in TYPE_STYLE.items()},
        "nodes": {
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a0a8b0", "highlight": "#333333", "hover": "#333333"},
            "font": {"size": 9, "align": "middle", "color": "#555555", "strokeWidth": 2},
            "smooth": {"enabled": small, "type": "continuous", "roundness": 0.3},
        },
        "interaction": {
            "hover": len(view.node_ids) <= _HOVER_LIMIT,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": not small,
            "hideEdgesOnZoom": not small,
        },
    }
    present = {kinds[n] for n in view.node_ids}
    counts = {t: sum(1 for n in view.node_ids if kinds[n] == t) for t in NODE_TYPES if t in present}
    env = _environment()
    env.globals["kg"] = {
        "legend": [
            {"type": t, "colour": TYPE_STYLE[t][0], "shape": TYPE_STYLE[t][1], "count": c}
            for t, c in counts.items()
        ],
        "focus": text.name(view.focus) if view.focus else "",
        "depth": view.depth,
        "lines": list(lines),
        "shown": len(view.node_ids),
        "total": view.total_nodes,
        "edges": len(view.edges),
        "documents_hidden": "Document" not in view.types,
        "alone": len(alone),
    }
    net.templateEnv, net.path = env, "graph.html"
    return net.generate_html()


def _label_px(node_ids: list[str], degree: dict[str, int], kinds: dict[str, str]) -> dict[str, int]:
    """Screen sizes (px) the page keeps the hubs' labels at, however far it zooms out.

    The most connected agencies, campaigns and cases are the story: the first
    `_TOP_HUBS` get `_HUB_PX`, the next up to `_MAX_LABELLED` `_LABEL_PX`. Other labels
    appear at vis-network's own size once the reader zooms in.
    """
    ranked = sorted(
        (n for n in node_ids if kinds[n] in _HUB_TYPES and degree[n]),
        key=lambda n: (-degree[n], n),
    )[:_MAX_LABELLED]
    return {n: _HUB_PX if i < _TOP_HUBS else _LABEL_PX for i, n in enumerate(ranked)}


def write_graph_page(
    graph: Graph,
    out_path: str | Path,
    focus: str | None = None,
    depth: int = 1,
    types: list[str] | None = None,
    relations: list[str] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    pages: bool = False,
) -> View:
    """Write one view of the graph to `out_path` atomically; returns the view (with `.path`).
    `pages`: entity pages are beside it (see `render_graph_page`)."""
    view = select_view(graph, focus, depth, types, relations, max_nodes)
    view.path = write_atomic(out_path, render_graph_page(graph, view, pages=pages))
    return view


def write_site(graph: Graph, out_dir: Path, with_ttl: bool = True) -> list[Path]:
    """Write out_dir/graph.html (the default view), out_dir/index.html (the overview) and
    out_dir/entities/ (a page per Agency, Campaign and Case, which both link to); returns
    the two pages and the folder. `with_ttl`: the overview links kg.ttl (written beside it)."""
    out_dir = Path(out_dir)
    page = write_graph_page(graph, out_dir / "graph.html", pages=True)
    index = (
        _environment().get_template("index.html").render(**index_context(graph), graph_view=page, with_ttl=with_ttl)
    )
    index_path = write_atomic(out_dir / "index.html", index)
    write_entity_pages(graph, out_dir)
    return [page.path, index_path, out_dir / ENTITY_DIR]
