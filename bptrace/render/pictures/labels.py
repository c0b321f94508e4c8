"""Where a weight's label goes on its edge: covering no node and no other label, and as few
other edges as possible, so that it reads as that edge's number (``bptrace.render.pictures.layout``)."""

from __future__ import annotations

import math

from bptrace.render.pictures.box import Box

_CANDIDATES = tuple(sorted((i / 50 for i in range(4, 47)), key=lambda t: abs(t - 0.3)))


def place(e, w: float, h: float, placed: list[Box], lines: list) -> Box:
    """A label box on its edge where it covers no node and no other label and as few other
    edges as possible (so that it reads as this edge's number); else where it covers least."""
    best, best_cost = None, math.inf
    near = [o for o in lines if o is not e and min(o.x1, o.x2) < max(e.x1, e.x2)
            and max(o.x1, o.x2) > min(e.x1, e.x2)]
    free, free_crossed = None, math.inf
    # a box away from the edge is covered by no candidate (its cost is 0 at each: leaving it
    # out changes no sum), so each candidate is weighed against the few boxes near the edge
    reach_x, reach_y = w / 2 + 5, h / 2 + 5
    left, right = min(e.x1, e.x2) - reach_x, max(e.x1, e.x2) + reach_x
    top, bottom = min(e.y1, e.y2) - reach_y, max(e.y1, e.y2) + reach_y
    near_boxes = [o for o in placed
                  if o.x < right and o.x + o.w > left and o.y < bottom and o.y + o.h > top]
    for t in _CANDIDATES:
        cx, cy = e.x1 + t * (e.x2 - e.x1), e.y1 + t * (e.y2 - e.y1)
        b = Box(f"label.{e.id}", "label", e.id, [], cx - w / 2, cy - h / 2, w, h)
        cost = sum(_area(b, o) * (1 if o.kind == "label" else 3) for o in near_boxes)
        if cost == 0:
            crossed = sum(_crosses(o, b) for o in near)
            if crossed < free_crossed:
                free, free_crossed = b, crossed
                if crossed == 0:
                    break
        elif cost < best_cost:
            best, best_cost = b, cost
    return free or best


def _crosses(e, b: Box) -> bool:
    """Whether the segment of edge ``e`` passes through box ``b`` (Liang–Barsky clipping)."""
    dx, dy = e.x2 - e.x1, e.y2 - e.y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, e.x1 - b.x), (dx, b.x + b.w - e.x1), (-dy, e.y1 - b.y), (dy, b.y + b.h - e.y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
    return True


def _area(a: Box, b: Box) -> float:
    dx = min(a.x + a.w, b.x + b.w) - max(a.x, b.x) + 4
    dy = min(a.y + a.h, b.y + b.h) - max(a.y, b.y) + 4
    return dx * dy if dx > 0 and dy > 0 else 0.0
