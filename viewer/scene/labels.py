"""Labels with leader lines naming the selected structure and what lights up with it.

Labels sit in two columns beside the selected structure, never on it, and are
spread vertically so they never overlap each other or the legend; each has a
leader line to a visible point of what it names. The layout is redone before
every render, so labels follow the camera in the window and come out right at
any picture size: text, lines and dots scale with the height of the view.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pyvista as pv
from vtkmodules.vtkRenderingCore import (
    vtkActor2D,
    vtkPolyDataMapper2D,
    vtkRenderer,
    vtkTextActor,
    vtkTextProperty,
    vtkTextRenderer,
)

from viewer.model.atlas import Atlas
from viewer.model.facts import Audience
from viewer.scene import palette

Role = Literal[
    "structure", "origin", "insertion", "nerve", "artery", "supplied", "passing", "feature"
]
Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in display pixels (VTK's origin: bottom left)."""
Point = tuple[float, float]

ROLE_COLOURS: dict[str, str] = {
    "origin": palette.ORIGIN_COLOUR,
    "insertion": palette.INSERTION_COLOUR,
    "nerve": palette.KIND_COLOURS["nerve"],
    "artery": palette.KIND_COLOURS["artery"],
    "feature": palette.FEATURE_COLOUR,
}
TEXT_COLOUR = "#1a1a1a"
LINE_COLOUR = "#262626"
HALO_COLOUR = "#ffffff"
FONT_PX_PER_HEIGHT = 0.026
"""Label text height as a share of the view height: 28 px at 1080, about 3 mm in print."""
MAX_CANDIDATES = 3000
WRAP_CHARS = 34
"""A longer label (a patient's words) takes two lines rather than half the picture's width."""


@dataclass(frozen=True)
class Anchor:
    """Where a label may point: candidate world points on what it names."""

    role: Role
    instance_id: str
    points: np.ndarray
    name: str | None = None
    """What the label says, where it is not the structure's name (a bone's feature)."""


@dataclass(frozen=True)
class Label:
    text: str
    colour: str
    points: np.ndarray
    """Candidate world points; the one in front, near the middle of them, is pointed at."""


def label_text(atlas: Atlas, anchor: Anchor, audience: Audience) -> str:
    """What a label says: anatomical names for clinicians, everyday words for patients."""
    if anchor.name is not None:
        return anchor.name
    structure = atlas.instances[anchor.instance_id].structure
    plain = audience == "patient"
    name = structure.plain_name.split(" (")[0] if plain else structure.name  # short on a picture
    if anchor.role == "origin":
        return f"Starts here: {name}" if plain else f"Origin: {name}"
    if anchor.role == "insertion":
        return f"Attaches here: {name}" if plain else f"Insertion: {name}"
    return name[0].upper() + name[1:]


def make_labels(atlas: Atlas, anchors: Sequence[Anchor], audience: Audience) -> list[Label]:
    """One label per anchor, coloured like the highlight it explains."""
    labels = []
    for anchor in anchors:
        kind = atlas.instances[anchor.instance_id].structure.kind
        colour = ROLE_COLOURS.get(anchor.role, palette.KIND_COLOURS[kind])
        labels.append(Label(label_text(atlas, anchor, audience), colour, anchor.points))
    return labels


# --- layout (pure geometry, display pixels) ----------------------------------


def place_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    view: tuple[int, int],
    avoid: Box,
    obstacles: Sequence[Box] = (),
) -> list[Box]:
    """Boxes for labels of ``sizes`` in columns left and right of ``avoid``, not overlapping.

    A label goes to the side of ``avoid`` its anchor is on; a column starts in
    the anchors' top-to-bottom order, then two labels whose leader lines cross
    (or whose line runs through the other's box) swap places until none do.
    Columns stay clear of ``obstacles`` (the legend) that share their span. A label
    that would sit on the very point it names (an anchor at the picture's edge, with no
    room beside it) goes to the other column instead.
    """
    boxes = _place(anchors, sizes, view, avoid, obstacles, set())
    covering = {i for i, j in tangles(anchors, boxes) if i == j}
    if covering:
        moved = _place(anchors, sizes, view, avoid, obstacles, covering)
        if len(tangles(anchors, moved)) < len(tangles(anchors, boxes)):
            return moved
    return boxes


def _place(
    anchors: Sequence[Point],
    sizes: Sequence[tuple[float, float]],
    view: tuple[int, int],
    avoid: Box,
    obstacles: Sequence[Box],
    flipped: set[int],
) -> list[Box]:
    """:func:`place_labels`' columns, with the labels in ``flipped`` on the far side."""
    width, height = view
    margin = 0.02 * min(width, height)
    gap = 0.012 * height
    centre = (avoid[0] + avoid[2]) / 2
    boxes: list[Box | None] = [None] * len(anchors)
    for side in ("left", "right"):
        members = [
            i
            for i, (x, _) in enumerate(anchors)
            if ((x < centre) == (side == "left")) != (i in flipped)
        ]
        if not members:
            continue
        column_w = max(sizes[i][0] for i in members)
        if side == "left":
            x1 = max(avoid[0] - 2 * gap, margin + column_w)
            x0 = x1 - column_w
        else:
            x0 = min(avoid[2] + 2 * gap, width - margin - min(sizes[i][0] for i in members))
            x1 = x0 + column_w
        floor = max([margin] + [o[3] + gap for o in obstacles if o[0] < x1 and o[2] > x0])
        members.sort(key=lambda i: anchors[i][1])

        def column(order: list[int], side=side, x0=x0, x1=x1, floor=floor) -> list[Box]:
            """Boxes for the labels in ``order``, bottom to top, spread to fit."""
            heights = [sizes[i][1] for i in order]
            wanted = [anchors[i][1] - sizes[i][1] / 2 for i in order]
            bottoms = _spread(wanted, heights, gap, floor, height - margin)
            placed = []
            for i, bottom in zip(order, bottoms, strict=True):
                w = sizes[i][0]
                if side == "left":  # right-aligned, and clear of its own anchor if there is room
                    left = max(margin, min(x1, anchors[i][0] - 2 * gap) - w)
                else:
                    left = min(max(x0, anchors[i][0] + 2 * gap), width - margin - w)
                placed.append((left, bottom, left + w, bottom + sizes[i][1]))
            return placed

        order = _untangle(members, column, anchors)
        for i, box in zip(order, column(order), strict=True):
            boxes[i] = box
    return [b for b in boxes if b is not None]


def _untangle(order: list[int], column, anchors: Sequence[Point]) -> list[int]:
    """Swap labels of one column until no leader crosses another or another's box.

    Each swap removes the crossing it was made for; a column of n labels needs
    at most n * n of them, and the order seen before is never tried again.
    """
    order = list(order)
    seen = {tuple(order)}
    best, fewest = order, None
    for _ in range(len(order) ** 2 + 1):
        found = tangles([anchors[i] for i in order], column(order))
        if fewest is None or len(found) < fewest:
            best, fewest = order, len(found)
        if not found:
            break
        swaps = [_swapped(order, a, b) for a, b in found if a != b]
        fresh = [trial for trial in swaps if tuple(trial) not in seen]
        if not fresh:
            break  # every swap leads back: keep the least tangled order seen
        order = fresh[0]
        seen.add(tuple(order))
    return best


def _swapped(order: list[int], a: int, b: int) -> list[int]:
    trial = list(order)
    trial[a], trial[b] = trial[b], trial[a]
    return trial


def _spread(
    bottoms: list[float], heights: list[float], gap: float, low: float, high: float
) -> list[float]:
    """Move boxes (sorted bottom up) the least so none overlap and all fit in [low, high]."""
    out = list(bottoms)
    out[0] = max(out[0], low)
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + heights[i - 1] + gap)
    out[-1] = min(out[-1], high - heights[-1])
    for i in range(len(out) - 2, -1, -1):
        out[i] = min(out[i], out[i + 1] - gap - heights[i])
    out[0] = max(out[0], low)  # too many labels for the height: overflow at the top
    for i in range(1, len(out)):
        out[i] = max(out[i], out[i - 1] + heights[i - 1] + gap)
    return out


def leader_end(box: Box, anchor: tuple[float, float]) -> tuple[float, float]:
    """Where a leader line meets its label: the middle of the side facing the anchor.

    An anchor above or below the box (within its width) is met on the top or
    bottom edge, so the line never runs through the label's own text.
    """
    y = (box[1] + box[3]) / 2
    if anchor[0] > box[2]:
        return box[2], y
    if anchor[0] < box[0]:
        return box[0], y
    return (box[0] + box[2]) / 2, box[3] if anchor[1] > y else box[1]


def _orientation(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether segments pq and rs cross (touching at an end does not count)."""
    d1, d2 = _orientation(r, s, p), _orientation(r, s, q)
    d3, d4 = _orientation(p, q, r), _orientation(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def segment_hits_box(p: Point, q: Point, box: Box, inset: float = 1.0) -> bool:
    """Whether segment pq passes through ``box`` (shrunk by ``inset`` so an edge may be met)."""
    x0, y0, x1, y1 = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    if x0 >= x1 or y0 >= y1:
        return False
    if any(x0 < pt[0] < x1 and y0 < pt[1] < y1 for pt in (p, q)):
        return True
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return any(
        segments_cross(p, q, a, b) for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
    )


def tangles(anchors: Sequence[Point], boxes: Sequence[Box]) -> list[tuple[int, int]]:
    """Pairs (i, j): label i's leader crosses label j's box, or (i < j) leader j, or label
    j's box covers the point label i names (label i's own box included: (i, i))."""
    leaders = [(leader_end(b, a), a) for a, b in zip(anchors, boxes, strict=True)]
    found = []
    for i, (p, q) in enumerate(leaders):
        for j, box in enumerate(boxes):
            if i != j and segment_hits_box(p, q, box):
                found.append((i, j))
            if box[0] < q[0] < box[2] and box[1] < q[1] < box[3]:
                found.append((i, j))
        for j in range(i + 1, len(leaders)):
            if segments_cross(p, q, *leaders[j]):
                found.append((i, j))
    return found


# --- drawing ------------------------------------------------------------------


class LabelLayer:
    """The 2D actors of the labels in one renderer, laid out again before each render."""

    def __init__(self, renderer: vtkRenderer):
        self.renderer = renderer
        self._labels: list[Label] = []
        self._avoid = np.empty((0, 3))
        self._obstacles: list[vtkActor2D] = []
        self._texts: list[vtkTextActor] = []
        self._halo = _line_actor(HALO_COLOUR)
        self._fills = _line_actor(None)
        self._strokes = _line_actor(None)
        self._fixed = [self._halo, self._fills, self._strokes]
        self._observer: int | None = None
        self._boxes: list[Box] = []
        self._anchors_px: list[Point] = []
        self.text_scale = 1.0
        """Text size relative to the default (larger where a picture is printed small)."""

    def set_labels(
        self, labels: list[Label], avoid: np.ndarray, obstacles: Sequence[vtkActor2D] = ()
    ) -> None:
        """Show ``labels`` beside the world points ``avoid``, clear of 2D ``obstacles``."""
        self.clear()
        if not labels:
            return
        self._labels = [Label(lb.text, lb.colour, _subsample(lb.points)) for lb in labels]
        self._avoid = _subsample(avoid)
        self._obstacles = list(obstacles)
        for label in labels:
            text = vtkTextActor()
            text.SetInput(textwrap.fill(label.text, WRAP_CHARS))
            text.PickableOff()
            self._texts.append(text)
        for actor in [*self._fixed, *self._texts]:
            self.renderer.AddViewProp(actor)
        self._observer = self.renderer.AddObserver("StartEvent", lambda *_: self.layout())

    def clear(self) -> None:
        if self._observer is not None:
            self.renderer.RemoveObserver(self._observer)
            self._observer = None
        for actor in [*self._fixed, *self._texts]:
            self.renderer.RemoveViewProp(actor)
        self._texts = []
        self._labels = []
        self._boxes = []
        self._anchors_px = []

    @property
    def texts(self) -> list[str]:
        return [label.text for label in self._labels]

    def boxes(self) -> list[Box]:
        """The label boxes of the last layout, in display pixels (for tests)."""
        return list(self._boxes)

    def anchors(self) -> list[Point]:
        """Where the leaders of the last layout end, in display pixels (for tests)."""
        return list(self._anchors_px)

    def layout(self) -> None:
        """Place every label for the current camera and view size."""
        width, height = self.renderer.GetSize()
        if not self._labels or width < 2 or height < 2:
            return
        scale = height / 1000
        font_px = max(12, round(FONT_PX_PER_HEIGHT * height * self.text_scale))
        pad = 0.35 * font_px
        anchors = [self._anchor_px(label.points) for label in self._labels]
        sizes = []
        for text in self._texts:
            _style(text.GetTextProperty(), font_px)
            w, h = _text_size(text.GetTextProperty(), text.GetInput())
            sizes.append((w + 2 * pad, h + 2 * pad))
        avoid = self._screen_box(self._avoid)
        obstacles = [_actor_box(o, (width, height)) for o in self._obstacles if o.GetVisibility()]
        self._boxes = place_labels(anchors, sizes, (width, height), avoid, obstacles)
        self._anchors_px = anchors
        line_w = max(1.5, 2.2 * scale)
        for text, box in zip(self._texts, self._boxes, strict=True):
            text.SetDisplayPosition(round(box[0] + pad), round(box[1] + pad))
        self._draw(anchors, line_w, max(3.0, 6.0 * scale))

    def _draw(self, anchors: list[tuple[float, float]], line_w: float, dot_r: float) -> None:
        leaders, frames, fills = _Shapes(), _Shapes(), _Shapes()
        for label, box, anchor in zip(self._labels, self._boxes, anchors, strict=True):
            leaders.line([anchor, leader_end(box, anchor)], LINE_COLOUR)
            fills.polygon(_rect(box), "#ffffff")
            frames.line([*_rect(box), _rect(box)[0]], label.colour)
            fills.polygon(_circle(anchor, dot_r), label.colour)
            frames.line([*_circle(anchor, dot_r), _circle(anchor, dot_r)[0]], LINE_COLOUR)
        halo = leaders.poly()
        self._halo.GetMapper().SetInputData(halo)
        self._halo.GetProperty().SetLineWidth(line_w * 2.5)
        self._fills.GetMapper().SetInputData(fills.poly())
        strokes = leaders.merged(frames)
        self._strokes.GetMapper().SetInputData(strokes.poly())
        self._strokes.GetProperty().SetLineWidth(line_w)

    def _anchor_px(self, points: np.ndarray) -> tuple[float, float]:
        """The display point of the candidate nearest the camera, among the central ones."""
        xy, depth = self._project(points)
        centre = np.median(xy, axis=0)
        distance = np.linalg.norm(xy - centre, axis=1)
        central = distance <= np.quantile(distance, 0.35)
        best = np.flatnonzero(central)[np.argmin(depth[central])]
        return float(xy[best, 0]), float(xy[best, 1])

    def _screen_box(self, points: np.ndarray) -> Box:
        if len(points) == 0:
            width, height = self.renderer.GetSize()
            return (width / 2, height / 2, width / 2, height / 2)
        xy, _ = self._project(points)
        return (*xy.min(axis=0), *xy.max(axis=0))

    def _project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Display x, y and depth (0 near, 1 far) of world points, with the renderer's camera."""
        width, height = self.renderer.GetSize()
        aspect = width / height
        matrix = self.renderer.GetActiveCamera().GetCompositeProjectionTransformMatrix(
            aspect, -1, 1
        )
        m = np.array([[matrix.GetElement(r, c) for c in range(4)] for r in range(4)])
        homogeneous = np.c_[points, np.ones(len(points))] @ m.T
        ndc = homogeneous[:, :3] / homogeneous[:, 3:4]
        x0, y0 = self.renderer.GetOrigin()
        xy = np.c_[(ndc[:, 0] + 1) / 2 * width + x0, (ndc[:, 1] + 1) / 2 * height + y0]
        return xy, ndc[:, 2]


class _Shapes:
    """2D lines and polygons with a colour each, gathered into one PolyData."""

    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []
        self.lines: list[list[int]] = []
        self.polys: list[list[int]] = []
        self.line_colours: list[str] = []
        self.poly_colours: list[str] = []

    def _add(self, points) -> list[int]:
        start = len(self.points)
        self.points += [tuple(p) for p in points]
        return list(range(start, len(self.points)))

    def line(self, points, colour: str) -> None:
        self.lines.append(self._add(points))
        self.line_colours.append(colour)

    def polygon(self, points, colour: str) -> None:
        self.polys.append(self._add(points))
        self.poly_colours.append(colour)

    def merged(self, other: _Shapes) -> _Shapes:
        out = _Shapes()
        for shapes in (self, other):
            for ids, colour in zip(shapes.lines, shapes.line_colours, strict=True):
                out.line([shapes.points[i] for i in ids], colour)
        return out

    def poly(self) -> pv.PolyData:
        mesh = pv.PolyData()
        if self.points:
            mesh.points = np.c_[np.array(self.points, float), np.zeros(len(self.points))]
        if self.lines:
            mesh.lines = np.concatenate([[len(ids), *ids] for ids in self.lines])
        if self.polys:
            mesh.faces = np.concatenate([[len(ids), *ids] for ids in self.polys])
        colours = [*self.line_colours, *self.poly_colours]  # VTK orders cells: lines, then polys
        if colours:
            mesh.cell_data["colour"] = np.array([palette.rgb(c) for c in colours], np.uint8)
        return mesh


def _line_actor(colour: str | None) -> vtkActor2D:
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(pv.PolyData())
    if colour is None:
        mapper.SetScalarModeToUseCellData()
        mapper.SetColorModeToDirectScalars()
    else:
        mapper.ScalarVisibilityOff()
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    if colour is not None:
        actor.GetProperty().SetColor(*(c / 255 for c in palette.rgb(colour)))
    actor.PickableOff()
    return actor


def _style(prop: vtkTextProperty, font_px: int) -> None:
    prop.SetFontSize(font_px)
    prop.SetColor(*(c / 255 for c in palette.rgb(TEXT_COLOUR)))
    prop.SetFontFamilyToArial()
    prop.BoldOff()
    prop.ShadowOff()
    prop.SetJustificationToLeft()
    prop.SetVerticalJustificationToBottom()


def _text_size(prop: vtkTextProperty, text: str) -> tuple[float, float]:
    bbox = [0, 0, 0, 0]
    vtkTextRenderer().GetBoundingBox(prop, text, bbox, 72)
    return float(bbox[1] - bbox[0]), float(bbox[3] - bbox[2])


def _actor_box(actor: vtkActor2D, view: tuple[int, int]) -> Box:
    """A 2D actor's box in display pixels, from its normalised viewport corners."""
    x, y = actor.GetPositionCoordinate().GetValue()[:2]
    w, h = actor.GetPosition2Coordinate().GetValue()[:2]
    return (x * view[0], y * view[1], (x + w) * view[0], (y + h) * view[1])


def _rect(box: Box) -> list[tuple[float, float]]:
    x0, y0, x1, y1 = box
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _circle(centre: tuple[float, float], radius: float, n: int = 20) -> list[tuple[float, float]]:
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return [(centre[0] + radius * np.cos(a), centre[1] + radius * np.sin(a)) for a in angles]


def _subsample(points: np.ndarray) -> np.ndarray:
    points = np.asarray(points, float).reshape(-1, 3)
    step = max(1, len(points) // MAX_CANDIDATES)
    return points[::step]
