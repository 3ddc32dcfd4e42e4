"""Positions for the graph page, computed in Python so the browser never runs physics.

networkx's spring_layout needs numpy (not a dependency) and ~40 s for 5k nodes; vis-network's
own physics needs minutes for a few thousand. This layout is deterministic and near-linear:
the hubs are placed by a small force simulation, every other node in a sunflower disc around
the hub (or the hub's neighbour) that reaches it first in a breadth-first walk. The most
connected node is pinned at the origin so the main hubs sit in the middle of the page, and
nodes without any link are gathered in one grid below the drawing instead of ringing it.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

__all__ = ["grid_below", "layout"]

_GOLDEN = math.pi * (3 - math.sqrt(5))
# Rounds of the hub simulation: pure Python costs ~core_size² / 2 pair updates per round.
_ROUNDS = 50
# How far (as a share of its disc's radius) a hub sits from its disc's centre towards the middle.
_INWARD = 0.6


def _ring(
    centre: tuple[float, float], r0: float, step: float, sizes: list[int], phase: float
) -> list[tuple[float, float]]:
    """Sunflower positions around `centre` from radius `r0`, each item given room for its size."""
    out, area = [], 0.0
    for k, size in enumerate(sizes):
        r = math.sqrt(r0 * r0 + step * step * (area + size / 2))
        area += size
        a = phase + k * _GOLDEN
        out.append((centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)))
    return out


def layout(
    nodes: list[str], links: list[tuple[str, str]], core_size: int = 80, gap: float = 110.0
) -> dict[str, tuple[int, int]]:
    """Integer positions for `nodes`, the same on every run and in any input order.

    O(nodes + edges + core_size²): about half a second for 10k nodes. `gap` is the
    distance between neighbours in a disc, in vis-network canvas pixels.
    """
    adj: dict[str, set[str]] = {n: set() for n in nodes}
    for u, v in links:
        if u != v:
            adj[u].add(v)
            adj[v].add(u)
    alone = sorted(n for n in nodes if not adj[n])
    order = sorted((n for n in nodes if adj[n]), key=lambda n: (-len(adj[n]), n))
    rank = {n: i for i, n in enumerate(order)}
    core = order[:core_size]
    children: dict[str, list[str]] = {n: [] for n in nodes}
    placed, bfs, roots = set(core), [], list(core)
    queue = deque(core)
    for start in order:
        if start not in placed:  # a component no hub reaches: it gets its own root
            placed.add(start)
            roots.append(start)
            queue.append(start)
        while queue:
            u = queue.popleft()
            bfs.append(u)
            for v in sorted(adj[u] - placed, key=rank.__getitem__):
                placed.add(v)
                children[u].append(v)
                queue.append(v)
    size = dict.fromkeys(nodes, 1)
    for u in reversed(bfs):
        size[u] += sum(size[c] for c in children[u])
    # The radius of the sunflower disc `_ring` lays a subtree out in (a leaf: its label's room).
    rad = {
        n: math.sqrt((0.9 * gap) ** 2 + (0.6 * gap) ** 2 * (size[n] - 1))
        if size[n] > 1
        else 0.3 * gap
        for n in core
    }
    pos = dict(
        zip(core, _ring((0.0, 0.0), 0.0, gap * 2, [size[n] for n in core], 0.0), strict=True)
    )
    _relax(core, adj, rad, pos, gap)
    outer = max((math.hypot(*pos[n]) + rad[n] for n in core), default=0.0)
    extra = roots[len(core) :]
    pos.update(
        zip(
            extra,
            _ring((0.0, 0.0), outer + gap, gap * 0.8, [size[n] for n in extra], 0.5),
            strict=True,
        )
    )
    # Each hub moves from the centre of its disc towards the middle of the page, so the hubs
    # meet in the middle and what hangs off them spreads outwards.
    centre = {n: pos[n] for n in core}
    for n in core[1:]:
        x, y = pos[n]
        d = math.hypot(x, y) or 1.0
        shift = _INWARD * (rad[n] - 0.3 * gap)
        pos[n] = (x - x / d * shift, y - y / d * shift)
    for u in bfs:
        kids = children[u]
        if kids:
            pos.update(
                zip(
                    kids,
                    _ring(
                        centre.get(u, pos[u]),
                        gap * 0.9,
                        gap * 0.6,
                        [size[c] for c in kids],
                        rank[u] * 1.3,
                    ),
                    strict=True,
                )
            )
    pos.update(grid_below(alone, pos.values(), gap))
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


def grid_below(items: list[str], taken: Any, gap: float) -> dict[str, tuple[float, float]]:
    """`items` in rows under the bounding box of the `taken` positions, left-aligned, in order."""
    taken = list(taken)
    left = min((x for x, _ in taken), default=0.0)
    bottom = max((y for _, y in taken), default=-2 * gap) + 2 * gap
    columns = max(1, math.ceil(math.sqrt(2 * len(items))))
    return {
        n: (left + (k % columns) * 1.6 * gap, bottom + (k // columns) * 0.8 * gap)
        for k, n in enumerate(items)
    }


def _relax(
    core: list[str],
    adj: dict[str, set[str]],
    rad: dict[str, float],
    pos: dict[str, Any],
    gap: float,
) -> None:
    """Fruchterman-Reingold on the hubs, each pair kept apart by the discs they carry."""
    if not core:  # a graph of one node (or none) has nothing to relax
        return
    core_set = set(core)
    p = [list(pos[n]) for n in core]
    index = {n: i for i, n in enumerate(core)}
    links = sorted(
        {
            (min(index[u], index[v]), max(index[u], index[v]))
            for u in core
            for v in adj[u] & core_set
        }
    )
    r = [rad[n] for n in core]
    temperature = max(r, default=gap) * 2
    for step in range(_ROUNDS):
        disp = [[-0.02 * x, -0.02 * y] for x, y in p]  # weak gravity keeps components together
        for i in range(len(p)):
            for j in range(i + 1, len(p)):
                dx, dy = p[i][0] - p[j][0], p[i][1] - p[j][1]
                d = math.hypot(dx, dy) or 0.01
                want = r[i] + r[j] + gap
                f = want * want / d / d if d < 3 * want else 0.0
                disp[i][0] += dx * f
                disp[i][1] += dy * f
                disp[j][0] -= dx * f
                disp[j][1] -= dy * f
        for i, j in links:
            dx, dy = p[i][0] - p[j][0], p[i][1] - p[j][1]
            d = math.hypot(dx, dy) or 0.01
            f = d / (r[i] + r[j] + gap)
            disp[i][0] -= dx * f
            disp[i][1] -= dy * f
            disp[j][0] += dx * f
            disp[j][1] += dy * f
        limit = temperature * (1 - step / _ROUNDS) + 1
        disp[0] = [-p[0][0], -p[0][1]]  # the most connected node stays in the middle
        for i, (dx, dy) in enumerate(disp):
            d = math.hypot(dx, dy) or 1.0
            p[i][0] += dx / d * min(d, limit)
            p[i][1] += dy / d * min(d, limit)
    pos.update({n: (p[i][0], p[i][1]) for i, n in enumerate(core)})
