"""Muscle lines of action: loading ``annotations/motion.yaml``, posing paths, wrapping, length.

Each fibre part is a polyline from its origin through via points to its insertion,
each point fixed to the pelvis, the femur, the tibia or a lumbar vertebra. Where a muscle
runs over bone the segment is replaced by the shortest path over a cylinder (a helix in
closed form). All functions take leg angles (hip, and knee as a fourth column; see
:data:`~viewer.model.kinematics.LEG_DOFS`) with any leading shape, so one call poses a
path for every frame of a clip or every angle of a plot. Two more columns (:data:`PATH_DOFS`)
give the bend of the lumbar spine: the pelvis's tilt and obliquity that the spine takes back
when the trunk stays upright (:mod:`viewer.model.lumbar`), which moves the vertebrae's points.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from viewer.model.atlas import Atlas, Side
from viewer.model.checks import Loc
from viewer.model.errors import AnnotationError
from viewer.model.kinematics import (
    LEG_DOFS,
    MIRROR,
    MIRROR_4,
    AngleRange,
    HipRanges,
    KneeModel,
    Skeleton,
    axis_rotation,
    knee_angles,
    side_point,
)
from viewer.model.landmarks import Landmarks
from viewer.model.loader import problem_at, validated
from viewer.model.lumbar import LumbarChain, chain_from
from viewer.model.motion_schema import (
    Citation,
    Knee,
    MotionFile,
    PathPoint,
    Quadrant,
    WrapCylinder,
)
from viewer.model.schema import WHOLE_MUSCLE
from viewer.model.yaml_source import read_yaml

PartKey = tuple[str, str]
"""(muscle id, part id), as in the annotation file; ``all`` for an undivided muscle."""

_QUADRANT_AXIS = {"+x": (0, 1.0), "-x": (0, -1.0), "+y": (1, 1.0), "-y": (1, -1.0)}
BODIES = ("pelvis", "femur", "tibia")
"""The bodies of the leg a path point or wrap surface is fixed to, from the trunk down the leg;
the vertebrae a model's points are fixed to follow them (:attr:`MotionModel.vertebrae`)."""
PATH_DOFS = (*LEG_DOFS, "lumbar_tilt", "lumbar_obliquity")
"""The angles a path is posed by: one leg's, then the pelvis's tilt and obliquity that the
lumbar spine takes back (on the path's side: + obliquity drops the other side), degrees."""
_SPINE_RANK = -1
"""Where the vertebrae stand in a path's order of bodies: above the pelvis."""


@dataclass(frozen=True)
class Cylinder:
    """A wrap cylinder fixed to a body; its local z axis is the cylinder axis."""

    id: str
    body: str
    centre: np.ndarray
    """Centre in the pelvis frame at the neutral pose (right side), mm."""
    axes: np.ndarray
    """Columns: the cylinder's x, y, z axes in the pelvis frame."""
    radius: float
    quadrant: Quadrant


@dataclass(frozen=True)
class MusclePath:
    """One fibre part's path: its points at the neutral pose (right side) and its wraps."""

    muscle: str
    part: str
    source: str
    points: np.ndarray
    """(N, 3) positions in the pelvis frame at the neutral pose, mm."""
    bodies: np.ndarray
    """(N,) the body each point is fixed to: an index into :data:`BODIES`."""
    wraps: tuple[tuple[Cylinder, int], ...]
    """Each wrap cylinder with the index of the point its segment starts at."""
    citations: tuple[str, ...]

    @property
    def key(self) -> PartKey:
        return (self.muscle, self.part)

    @property
    def on_leg(self) -> np.ndarray:
        """(N,) which points are fixed to the femur or the tibia (given from the hip centre)."""
        return _on_leg(self.bodies)

    @property
    def crosses_hip(self) -> bool:
        leg = self.on_leg
        return bool(leg.any() and (~leg).any())

    @property
    def crosses_spine(self) -> bool:
        """Whether a point is fixed to a vertebra, so the path changes as the spine bends."""
        return bool((self.bodies >= len(BODIES)).any())

    @property
    def crosses_knee(self) -> bool:
        return bool((self.bodies == BODIES.index("tibia")).any())


@dataclass(frozen=True)
class MotionModel:
    """The validated motion file: the skeleton, the hip's ranges and every muscle path."""

    skeleton: Skeleton
    ranges: HipRanges
    paths: dict[PartKey, MusclePath]
    citations: dict[str, Citation]
    source: Path
    vertebrae: tuple[str, ...] = ()
    """The vertebrae path points are fixed to; body index ``len(BODIES) + k`` is the k-th."""
    lumbar: LumbarChain | None = None
    """How the vertebrae turn as the spine bends; None: they stay fixed to the pelvis."""

    def path(self, muscle: str, part: str = WHOLE_MUSCLE) -> MusclePath:
        return self.paths[(muscle, part)]

    def body_transforms(self, leg_deg: np.ndarray, side: Side) -> np.ndarray:
        """4x4 transforms (..., B, 4, 4) of :data:`BODIES` and then :attr:`vertebrae` relative
        to the pelvis, for angles (..., 3, 4 or 6) in degrees (:data:`PATH_DOFS`)."""
        leg = np.asarray(leg_deg, dtype=float)
        femur = self.skeleton.hip_transform(leg[..., :3], side)
        tibia = femur @ self.skeleton.knee_transform(knee_angles(leg), side, "paths")
        pelvis = np.broadcast_to(np.eye(4), femur.shape)
        return np.stack([pelvis, femur, tibia, *self._vertebra_transforms(leg, side)], axis=-3)

    def _vertebra_transforms(self, leg: np.ndarray, side: Side) -> list[np.ndarray]:
        """Each of :attr:`vertebrae`'s transforms (..., 4, 4) for the bend in ``leg[..., 4:6]``."""
        still = np.broadcast_to(np.eye(4), leg.shape[:-1] + (4, 4))
        if self.lumbar is None or leg.shape[-1] < len(PATH_DOFS):
            return [still] * len(self.vertebrae)
        placed = self.lumbar.placements(leg[..., len(LEG_DOFS) :])
        if side == "left":  # the angles are the side's own, as the hip's are
            placed = {v: MIRROR_4 @ t @ MIRROR_4 for v, t in placed.items()}
        return [placed.get(v, still) for v in self.vertebrae]

    def points(self, path: MusclePath, hip_deg: np.ndarray, side: Side = "right") -> np.ndarray:
        """The path's fixed points (..., N, 3) in the pelvis frame for leg angles (..., 3|4)."""
        moves = self.body_transforms(hip_deg, side)[..., path.bodies, :, :]
        rest = side_point(path.points, side)
        return np.einsum("...nij,nj->...ni", moves[..., :3, :3], rest) + moves[..., :3, 3]

    def length(self, path: MusclePath, hip_deg: np.ndarray, side: Side = "right") -> np.ndarray:
        """Musculotendon path length (...) in mm for leg angles (..., 3 or 4) in degrees."""
        pts = self.points(path, hip_deg, side)
        seg = np.linalg.norm(np.diff(pts, axis=-2), axis=-1)
        for cylinder, k in path.wraps:
            local_p, local_s = self._local(
                cylinder, pts[..., k, :], pts[..., k + 1, :], hip_deg, side
            )
            seg[..., k] = _wrap(local_p, local_s, cylinder.radius, cylinder.quadrant).length
        return seg.sum(axis=-1)

    def polyline(
        self, path: MusclePath, hip_deg: np.ndarray, side: Side = "right", arc_samples: int = 12
    ) -> np.ndarray:
        """The path as drawn for one pose: (K, 3) points in the pelvis frame, wraps sampled.

        Apply the pelvis transform from :class:`Skeleton` to place it in the scene.
        """
        hip_deg = np.asarray(hip_deg, dtype=float).reshape(-1)
        pts = self.points(path, hip_deg, side)
        wraps = {k: c for c, k in path.wraps}
        out: list[np.ndarray] = []
        for k in range(len(pts)):
            out.append(pts[k : k + 1])
            cylinder = wraps.get(k)
            if cylinder is None:
                continue
            p, s = self._local(cylinder, pts[k], pts[k + 1], hip_deg, side)
            result = _wrap(p, s, cylinder.radius, cylinder.quadrant)
            if result.wrapped:
                centre, axes = self._placed(cylinder, hip_deg, side)
                out.append(result.samples(arc_samples) @ axes.T + centre)
        return np.concatenate(out)

    def _placed(
        self, cylinder: Cylinder, hip_deg: np.ndarray, side: Side
    ) -> tuple[np.ndarray, np.ndarray]:
        """The cylinder's centre (..., 3) and axes (..., 3, 3) for the pose and side."""
        centre = side_point(cylinder.centre, side)
        # The mirrored frame is left-handed, which keeps every local coordinate,
        # and so the wrap and its quadrant, exactly those of the right side.
        axes = MIRROR @ cylinder.axes if side == "left" else cylinder.axes
        if cylinder.body == "pelvis":
            return centre, axes
        move = self.body_transforms(hip_deg, side)[..., BODIES.index(cylinder.body), :, :]
        return (
            np.einsum("...ij,j->...i", move[..., :3, :3], centre) + move[..., :3, 3],
            move[..., :3, :3] @ axes,
        )

    def _local(
        self, cylinder: Cylinder, p: np.ndarray, s: np.ndarray, hip_deg: np.ndarray, side: Side
    ) -> tuple[np.ndarray, np.ndarray]:
        centre, axes = self._placed(cylinder, hip_deg, side)
        to_local = np.swapaxes(axes, -1, -2)
        return (
            np.einsum("...ij,...j->...i", to_local, p - centre),
            np.einsum("...ij,...j->...i", to_local, s - centre),
        )


@dataclass(frozen=True)
class _Wrapped:
    """The shortest path from p to s over a cylinder, in the cylinder's frame."""

    length: np.ndarray
    wrapped: np.ndarray
    start_angle: np.ndarray
    arc: np.ndarray
    """Signed angle swept over the surface (+ counter-clockwise about z)."""
    z_start: np.ndarray
    z_end: np.ndarray
    radius: np.ndarray
    """The radius wrapped over: the cylinder's, or less where an end point lies inside it."""

    def samples(self, count: int) -> np.ndarray:
        """Points along the helix (count, 3), from the first tangent point to the last."""
        t = np.linspace(0.0, 1.0, count)
        angle = self.start_angle + t * self.arc
        z = self.z_start + t * (self.z_end - self.z_start)
        return np.stack([self.radius * np.cos(angle), self.radius * np.sin(angle), z], axis=-1)


def _wrap(p: np.ndarray, s: np.ndarray, radius: float, quadrant: Quadrant) -> _Wrapped:
    """Shortest path p -> s (..., 3) around an infinite cylinder of ``radius`` about z.

    The path wraps only where the straight segment would cut into the cylinder,
    so the length is continuous as wrapping starts and stops. In the plane
    across the axis the path is tangent, arc, tangent; unrolled, the axial
    rise is spread evenly along it, which makes the curve a geodesic (helix).
    With a quadrant the arc goes round that side of the cylinder (see the comment
    below for when neither or both arcs do).
    """
    # Where an end point lies inside the cylinder (an insertion under the muscle, or a
    # point beyond the end of the finite cylinder of the source model), the path wraps
    # over a thinner cylinder through that point instead: the length then tends to the
    # straight line as the point nears the axis, and stays continuous as it sinks in.
    a, b = p[..., :2], s[..., :2]
    ra, rb = np.linalg.norm(a, axis=-1), np.linalg.norm(b, axis=-1)
    radius = np.minimum(np.minimum(ra, rb), radius)
    d = b - a
    t = np.clip(-(a * d).sum(-1) / np.maximum((d * d).sum(-1), 1e-12), 0.0, 1.0)
    gap = np.linalg.norm(a + t[..., None] * d, axis=-1)
    wrapped = (gap < radius * (1.0 - 1e-9)) & (radius > 1e-9)

    beta_a = np.arccos(np.clip(radius / ra, -1.0, 1.0))
    beta_b = np.arccos(np.clip(radius / rb, -1.0, 1.0))
    alpha_a, alpha_b = np.arctan2(a[..., 1], a[..., 0]), np.arctan2(b[..., 1], b[..., 0])
    start_ccw, start_cw = alpha_a + beta_a, alpha_a - beta_a
    arc_ccw = np.mod(alpha_b - beta_b - start_ccw, 2 * np.pi)
    arc_cw = -np.mod(start_cw - (alpha_b + beta_b), 2 * np.pi)
    ccw = np.abs(arc_ccw) <= np.abs(arc_cw)
    if quadrant != "all":
        axis, sign = _QUADRANT_AXIS[quadrant]
        trig = np.cos if axis == 0 else np.sin
        # How far each arc's middle lies on the allowed side: the arc on that side is taken;
        # if both are, the shorter; if neither, the one nearer to it, so that the choice
        # changes only where the two arcs are equally long or equally far off side.
        ccw_side = sign * trig(start_ccw + arc_ccw / 2)
        cw_side = sign * trig(start_cw + arc_cw / 2)
        both = (ccw_side > 0) & (cw_side > 0)
        ccw = np.where(both, ccw, ccw_side >= cw_side)
    start = np.where(ccw, start_ccw, start_cw)
    arc = np.where(ccw, arc_ccw, arc_cw)

    tangent_a = np.sqrt(np.maximum(ra**2 - radius**2, 0.0))
    tangent_b = np.sqrt(np.maximum(rb**2 - radius**2, 0.0))
    around = tangent_a + radius * np.abs(arc) + tangent_b
    rise = s[..., 2] - p[..., 2]
    over = np.sqrt(around**2 + rise**2)
    straight = np.linalg.norm(s - p, axis=-1)
    share = np.divide(tangent_a, around, out=np.zeros_like(around), where=around > 0)
    share_end = np.divide(
        tangent_a + radius * np.abs(arc), around, out=np.zeros_like(around), where=around > 0
    )
    return _Wrapped(
        length=np.where(wrapped, over, straight),
        wrapped=wrapped,
        start_angle=start,
        arc=arc,
        z_start=p[..., 2] + rise * share,
        z_end=p[..., 2] + rise * share_end,
        radius=radius,
    )


def load_motion(
    path: Path,
    atlas: Atlas | None = None,
    hip_centre: np.ndarray | None = None,
    landmarks: Landmarks | None = None,
) -> MotionModel:
    """Read and validate ``motion.yaml``; raise AnnotationError listing every problem.

    With ``atlas``, every muscle and part must exist there. ``hip_centre``
    (right side, mm) overrides the file's, so the femur points follow the
    femoral head of the meshes (landmark ``femur.head_centre``) when it is known. With
    ``landmarks`` (of the built meshes) the vertebrae turn on their discs as the spine bends.
    """
    doc = read_yaml(path)
    data = validated(doc, MotionFile)
    problems = [problem_at(doc, loc, message) for loc, message in _reference_problems(data, atlas)]
    if problems:
        raise AnnotationError(problems)
    centre = np.asarray(data.hip.centre if hip_centre is None else hip_centre, dtype=float)
    model = _build(data, centre, path)
    if data.lumbar is None or not model.vertebrae:
        return model
    spine = [s.id for s in atlas.data.structures if s.body == "spine"] if atlas else []
    chain = chain_from(data.lumbar.shares, spine or model.vertebrae, landmarks)
    return model if chain is None else replace(model, lumbar=chain)


def _vertebrae(data: MotionFile) -> tuple[str, ...]:
    """The vertebrae the paths' points are fixed to, in the order the file first names them."""
    named = (p.vertebra for m in data.muscles for part in m.parts for p in part.points)
    return tuple(dict.fromkeys(v for v in named if v is not None))


def _on_leg(bodies: np.ndarray) -> np.ndarray:
    return (bodies > 0) & (bodies < len(BODIES))


def _body_index(point: PathPoint, vertebrae: tuple[str, ...]) -> int:
    if point.vertebra is None:
        return BODIES.index(point.body)
    return len(BODIES) + vertebrae.index(point.vertebra)


def _build(data: MotionFile, centre: np.ndarray, source: Path) -> MotionModel:
    cylinders = {c.id: _cylinder(c, centre) for c in data.wrap_surfaces}
    vertebrae = _vertebrae(data)
    paths: dict[PartKey, MusclePath] = {}
    for muscle in data.muscles:
        for part in muscle.parts:
            bodies = np.array([_body_index(p, vertebrae) for p in part.points])
            rest = np.array([p.at for p in part.points], dtype=float)
            rest[_on_leg(bodies)] += centre  # femur and tibia points: from the hip centre
            paths[(muscle.id, part.id)] = MusclePath(
                muscle=muscle.id,
                part=part.id,
                source=part.source,
                points=rest,
                bodies=bodies,
                wraps=tuple((cylinders[w.surface], w.after_point) for w in part.wraps),
                citations=tuple(part.citations),
            )
    r = data.hip.ranges
    k = data.knee
    ranges = HipRanges(
        flexion=AngleRange(r.flexion.min, r.flexion.max),
        adduction=AngleRange(r.adduction.min, r.adduction.max),
        rotation=AngleRange(r.rotation.min, r.rotation.max),
        knee=AngleRange(k.range.min, k.range.max),
    )
    return MotionModel(
        skeleton=Skeleton(
            hip_centre=centre,
            knee=_knee(k),
            lumbar=tuple(data.lumbar.shares.items()) if data.lumbar else (),
        ),
        ranges=ranges,
        paths=paths,
        citations={c.id: c for c in data.citations},
        source=source,
        vertebrae=vertebrae,
    )


def _knee(spec: Knee) -> KneeModel:
    """The knee of the motion file, its frame's axes from its body-fixed x-y-z rotation."""
    ax, ay, az = spec.frame_xyz_body_rotation_rad
    frame = axis_rotation(0, np.float64(ax)) @ axis_rotation(1, np.float64(ay))
    scale = spec.translation_scale
    return KneeModel(
        pivot=np.asarray(spec.pivot, dtype=float),
        path_pivot=np.asarray(spec.path_pivot, dtype=float),
        frame=frame @ axis_rotation(2, np.float64(az)),
        knots=np.asarray(spec.knots_rad, dtype=float),
        rotation_z=np.asarray(spec.rotation_z_rad, dtype=float),
        rotation_y=np.asarray(spec.rotation_y_rad, dtype=float),
        translation_y=scale * np.asarray(spec.translation_y_mm, dtype=float),
        translation_z=scale * np.asarray(spec.translation_z_mm, dtype=float),
        patella_pivot=np.asarray(spec.patella_pivot, dtype=float),
        patella_rotation=np.asarray(spec.patella_rotation_z_rad, dtype=float),
    )


def _cylinder(spec: WrapCylinder, hip_centre: np.ndarray) -> Cylinder:
    """OpenSim's body-fixed x-y-z rotation gives the cylinder's axes in its body's frame."""
    ax, ay, az = spec.xyz_body_rotation_rad
    axes = axis_rotation(0, np.float64(ax)) @ axis_rotation(1, np.float64(ay))
    axes = axes @ axis_rotation(2, np.float64(az))
    centre = np.asarray(spec.centre, dtype=float)
    return Cylinder(
        id=spec.id,
        body=spec.body,
        centre=centre if spec.body == "pelvis" else centre + hip_centre,
        axes=axes,
        radius=spec.radius,
        quadrant=spec.quadrant,
    )


def _reference_problems(data: MotionFile, atlas: Atlas | None) -> Iterator[tuple[Loc, str]]:
    """Cross-references and path rules the schema alone cannot express."""
    citations = {c.id for c in data.citations}
    surfaces = {c.id for c in data.wrap_surfaces}

    def cited(at: Loc, refs: list[str]) -> Iterator[tuple[Loc, str]]:
        for j, ref in enumerate(refs):
            if ref not in citations:
                yield at + (j,), f"no citation with id {ref!r}"

    yield from _duplicates([(("citations", i, "id"), c.id) for i, c in enumerate(data.citations)])
    yield from _duplicates(
        [(("wrap_surfaces", i, "id"), c.id) for i, c in enumerate(data.wrap_surfaces)]
    )
    yield from _duplicates([(("muscles", i, "id"), m.id) for i, m in enumerate(data.muscles)])
    yield from cited(("hip", "centre_citations"), data.hip.centre_citations)
    for dof in ("flexion", "adduction", "rotation"):
        yield from cited(
            ("hip", "ranges", dof, "citations"), getattr(data.hip.ranges, dof).citations
        )
    yield from cited(("knee", "citations"), data.knee.citations)
    yield from cited(("knee", "pivot_citations"), data.knee.pivot_citations)
    yield from cited(("knee", "range", "citations"), data.knee.range.citations)
    for i, surface in enumerate(data.wrap_surfaces):
        yield from cited(("wrap_surfaces", i, "citations"), surface.citations)
    if data.lumbar is not None:
        yield from cited(("lumbar", "citations"), data.lumbar.citations)
        for disc in data.lumbar.shares:
            structure = atlas.structures.get(disc) if atlas else None
            if atlas is not None and (structure is None or structure.kind != "disc"):
                yield ("lumbar", "shares", disc), f"no disc with id {disc!r} in {atlas.source.name}"

    for i, muscle in enumerate(data.muscles):
        at: Loc = ("muscles", i)
        structure = atlas.structures.get(muscle.id) if atlas else None
        if atlas is not None and structure is None:
            yield at + ("id",), f"no structure with id {muscle.id!r} in {atlas.source.name}"
        yield from _duplicates(
            [(at + ("parts", j, "id"), p.id) for j, p in enumerate(muscle.parts)]
        )
        known = {p.id for p in structure.parts} | {WHOLE_MUSCLE} if structure else None
        for j, part in enumerate(muscle.parts):
            part_at = at + ("parts", j)
            if known is not None and part.id not in known:
                yield (
                    part_at + ("id",),
                    (
                        f"part {part.id!r} is not one of {muscle.id}'s parts "
                        f"({', '.join(sorted(known))})"
                    ),
                )
            yield from cited(part_at + ("citations",), part.citations)
            order = [_SPINE_RANK if p.vertebra else BODIES.index(p.body) for p in part.points]
            bodies = {p.vertebra or p.body for p in part.points}
            if order not in (sorted(order), sorted(order, reverse=True)) or len(bodies) < 2:
                yield (
                    part_at + ("points",),
                    (
                        "a path runs along the body without turning back: spine, pelvis, "
                        "femur, tibia (or the other way), crossing at least one joint"
                    ),
                )
            for k, point in enumerate(part.points):
                if point.vertebra is None or atlas is None:
                    continue
                bone = atlas.structures.get(point.vertebra)
                if bone is None or bone.body != "spine":
                    yield (
                        part_at + ("points", k, "vertebra"),
                        f"no vertebra {point.vertebra!r} (a bone with body: spine) in "
                        f"{atlas.source.name}",
                    )
            segments: set[int] = set()
            for k, wrap in enumerate(part.wraps):
                if wrap.surface not in surfaces:
                    yield part_at + ("wraps", k, "surface"), f"no wrap surface {wrap.surface!r}"
                if wrap.after_point >= len(part.points) - 1:
                    yield (
                        part_at + ("wraps", k, "after_point"),
                        (f"the path has segments 0..{len(part.points) - 2} only"),
                    )
                if wrap.after_point in segments:
                    yield part_at + ("wraps", k, "after_point"), "one wrap per segment"
                segments.add(wrap.after_point)


def _duplicates(items: list[tuple[Loc, str]]) -> Iterator[tuple[Loc, str]]:
    seen: set[str] = set()
    for loc, value in items:
        if value in seen:
            yield loc, f"duplicate id {value!r}"
        seen.add(value)
