"""Soft tissue that crosses the hip and knee: skin weights from geometry, and posing by them.

Every vertex of a muscle, nerve or vessel gets a weight from 0 (moves with the
pelvis) to 1 (moves with the femur). The weight comes from where the vertex
lies between the bones: a vertex touching the pelvis, or inside an origin area
on a pelvic bone, is held at 0; one touching the femur, or inside an insertion
area on it, at 1; in between it is the vertex's share of the way from the
pelvis to the femur, smoothed over the mesh so that neighbouring triangles turn
together. The weights are computed once; posing a frame is a few vectorised
array operations.

Posing blends the pelvis and femur transforms per vertex. Both turn about the
hip centre, so the blend of the two is the femur's rotation scaled by the
weight: the same axis, a fraction of the angle (what dual-quaternion skinning
gives for two transforms about one centre). Unlike a linear blend of the two
matrices, it keeps lengths, so tissue across a flexed hip does not collapse.

Tissue that reaches the knee also bends there, before the hip turns it: its vertices'
knee weights rise from 0 above the joint to 1 below it (:func:`knee_weights`), and a
vertex turns about the knee's pivot by that share of the knee's rotation and glides by
that share of its translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from viewer.model.atlas import SIDE_SUFFIX, Atlas, Instance
from viewer.model.kinematics import axis_angle, rodrigues
from viewer.model.landmarks import Landmarks
from viewer.model.lumbar import LumbarChain

CONTACT_MM = 4.0
"""A vertex this close to a bone is held by it (weight exactly 0 or 1)."""

ATTACHED_MM = 6.0
"""Vertices of an attachment area this close to its bone are the attachment itself."""

THIGH_SHARE = 0.9
"""In tissue with no attachment on the thigh, a vertex this far along from the pelvis to
the femur is held by the femur, so a nerve still follows the thigh."""

FASCIA_THIGH_SHARE = 0.7
"""The same for fascia, which wraps the thigh (the iliotibial tract is the fascia lata's
lateral band): held by the femur where more than twice as near it as the pelvis. At 0.9 the
tract was held only below mid-thigh: at 40 degrees of abduction its upper half, and gluteus
maximus inserting into it, lagged up to 12 degrees behind the femur and stood off the thigh."""

LEG_BODIES = ("femur", "tibia", "patella")
"""The bodies of a leg; every other body (the pelvis, each vertebra) lies above the hip."""

BED_MM = 3.0
"""A nerve or vessel with no attachment of its own that lies this close to a muscle, or inside
it, starts from that muscle's weight there (see :meth:`Rig.weights`)."""

COVERINGS = ("skin",)
"""Kinds drawn over the whole body and not weighted here: a covering 10-30 mm out from the
muscles, weighted like them, let the femur and hamstrings through it at 90 degrees of
flexion; it is carried by the structures beneath it instead (:mod:`viewer.model.covering`)."""

BEDDED_KINDS = ("nerve", "artery")
"""The kinds of tissue that lie on or in the muscles round them."""

SCREENING = 0.002
"""How strongly free vertices keep their distance-based weight against smoothing."""

PATH_SHARE = 0.3
"""The part of a muscle's weight taken from its share of the way from origin to insertion,
measured over the mesh in the hip's angular metric (the rest is the smoothed field)."""

REFERENCE_MM = 60.0
"""A typical distance of soft tissue from the hip centre, to scale the smoothing's edges."""

MIN_REACH_MM = 10.0
"""Distances from the hip centre are taken as at least this, in the angular metric."""

FOLD_FREE_ANGLE = np.radians(150.0)
"""The hip turn that tissue without both attachments is kept from folding at: its weight
may change by at most one over this angle per radian seen from the hip centre (see
:func:`_limit_slope`). The bound is first-order, so it is set a quarter above full
flexion (120 deg): at exactly 120 deg, long thin triangles of the iliotibial tract in the
thigh, where its weight runs from 0.9 to 1, still flipped (1.9 % of them)."""

KNEE_BAND_MM = (40.0, 75.0)
"""Half-heights of the band round the knee's pivot (at rest) over which tissue goes over from
the thigh (knee weight 0) to the leg (1), eased: 40 mm for tissue in front of the pivot, on
the outside of the bend, widening to 75 mm for tissue 40 mm or more behind it, on the inside.
Behind the knee the tissue is squeezed as it bends: over a 45 mm half-height 4-9 % of
semitendinosus turned over at 120 degrees. In front it is stretched, and a 75 mm band there
swung the iliotibial tract round the front of the condyles in a sling (25 mm folded the
tendon of semitendinosus, which comes forwards to the pes anserinus, by 7 %). Above the band the
thigh's tissue does not move with the knee at all."""

BEHIND_MM = 40.0
"""How far behind the knee's pivot the band reaches its full half-height."""

KNEE_HOLD_MM = 20.0
"""Tissue within this distance of the tibia or fibula beyond attachment (and nearer them than
the femur) is drawn to the leg's full weight: an insertion inside the wide band still
moves with its bone."""

LEVELS = 4096
"""Weights are stored as this many steps, so a frame needs one sine and cosine per step."""


def skin_weights(
    faces: np.ndarray,
    to_pelvis: np.ndarray,
    to_femur: np.ndarray,
    on_pelvis: np.ndarray | None = None,
    on_femur: np.ndarray | None = None,
    points: np.ndarray | None = None,
    centre: np.ndarray | None = None,
    on_tissue: np.ndarray | None = None,
    thigh_share: float = THIGH_SHARE,
    wraps_thigh: bool = False,
    on_bed: np.ndarray | None = None,
) -> np.ndarray:
    """Weights (N,) in [0, 1] of the femur's motion, from each vertex's distances to the bones.

    ``to_pelvis`` and ``to_femur`` (N,) are in mm (``inf`` where there is no such
    bone); ``faces`` (M, 3) link the vertices for smoothing; ``on_pelvis`` and
    ``on_femur`` mark vertices inside annotated attachment areas, held to their bone.
    With the rest ``points`` (N, 3) and the hip ``centre`` (3,), the smoothing follows
    the mesh's geometry, and tissue with both an origin and an insertion area also
    takes :data:`PATH_SHARE` of its weight from its share of the way between them.
    ``on_tissue`` (N,) holds vertices attached to other soft tissue (gluteus maximus on
    the iliotibial tract) at that tissue's weight there; NaN where there is none. In a
    muscle with both bony attachments, such a vertex with a weight of one half or more
    also counts as an insertion in its share of the way. Tissue that ``wraps_thigh``
    (fascia) is held by the femur wherever it lies ``thigh_share`` of the way to it, even
    where it also has an attachment further down the leg. ``on_bed`` (N,): the weight of the
    muscle a vertex of a nerve or vessel lies on or in (NaN where none), which it starts from
    instead of its share of the way between the bones (it is smoothed, not held).
    """
    a = np.maximum(np.asarray(to_pelvis, dtype=float) - CONTACT_MM, 0.0)
    b = np.maximum(np.asarray(to_femur, dtype=float) - CONTACT_MM, 0.0)
    weights = np.divide(a, a + b, out=np.full(len(a), 0.5), where=a + b > 0)
    if on_bed is not None:  # a nerve or vessel starts from the weight of the muscle it lies in
        weights = np.where(np.isfinite(on_bed), on_bed, weights)
    tissue = np.full(len(a), np.nan) if on_tissue is None else np.asarray(on_tissue, float)
    held_tissue = np.isfinite(tissue)
    held_pelvis = np.zeros(len(a), bool) if on_pelvis is None else on_pelvis & ~held_tissue
    held_femur = np.zeros(len(a), bool) if on_femur is None else on_femur & ~held_pelvis
    held_femur &= ~held_tissue
    on_bone = held_femur.any()
    femur_end = held_femur | (held_tissue & (tissue >= 0.5))
    if wraps_thigh or not femur_end.any():  # what lies clearly in the thigh goes with it
        held_femur |= (weights >= thigh_share) & ~held_pelvis & ~held_tissue
    weights[held_pelvis] = 0.0
    weights[held_femur] = 1.0
    weights[held_tissue] = tissue[held_tissue]
    held = held_pelvis | held_femur | held_tissue
    if points is None or centre is None:
        return _smooth(weights, faces, held)
    points = np.asarray(points, dtype=float)
    centre = np.asarray(centre, dtype=float)
    smooth = _smooth(weights, faces, held, points, centre)
    if not held_pelvis.any() or not on_bone:
        return _limit_slope(smooth, faces, points, centre, held)
    share = _path_share(faces, points, centre, held_pelvis, femur_end)
    blend = np.clip(PATH_SHARE * share + (1.0 - PATH_SHARE) * smooth, 0.0, 1.0)
    return np.where(held, weights, blend)


class Rig:
    """The atlas's bones sorted into the pelvis and the two femurs, to weight soft tissue by.

    Which body a bone belongs to is the ``body`` of its structure in the annotation
    file (a bone without one stays with the pelvis).
    """

    def __init__(self, atlas: Atlas, landmarks: Landmarks | None, bones: Mapping[str, np.ndarray]):
        """``bones``: rest vertices (n, 3) of each loaded bone instance, by instance id."""
        self._atlas = atlas
        self._landmarks = landmarks
        self._bodies = {i: body_of(atlas.instances[i]) for i in bones}
        on = {
            name: [
                np.asarray(v, dtype=float)
                for i, v in bones.items()
                if limb(self._bodies[i]) == name
            ]
            for name in ("pelvis", "femur_l", "femur_r")
        }
        from scipy.spatial import cKDTree  # scipy is imported on the first pose, not at start-up

        self._trees = {name: cKDTree(np.concatenate(pts)) for name, pts in on.items() if pts}
        # each body's own bones, for the knee (the tibia apart from the femur above it)
        own: dict[str, list[np.ndarray]] = {}
        for i, v in bones.items():
            own.setdefault(self._bodies[i], []).append(np.asarray(v, dtype=float))
        self._body_trees = {body: cKDTree(np.concatenate(pts)) for body, pts in own.items()}
        self._spine_trees: dict[tuple[str, ...], cKDTree] = {}
        """The vertebrae of a lumbar chain as one tree (one query, not one per vertebra)."""
        self._bed_surfaces: dict[str, tuple[cKDTree, np.ndarray]] = {}
        """Each muscle a nerve or vessel may lie on: its tree and vertex normals, built once
        for all the nerves and vessels that look at it."""

    def body(self, instance_id: str) -> str | None:
        """The rigid body of a bone (``pelvis``, ``femur_r``, ``tibia_l``, ...); None for soft
        tissue (skinned)."""
        return self._bodies.get(instance_id)

    def weights(
        self,
        instance_id: str,
        points: np.ndarray,
        faces: np.ndarray,
        tissue: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """Skin weights of one soft-tissue instance's vertices (see :func:`skin_weights`).

        ``tissue``: the rest points, weights and faces of soft tissue already weighted, by
        instance id; an attachment area on one of them holds this instance there, and a
        nerve or vessel with no attachment of its own starts from the weight of the muscle it
        lies on or in (:meth:`_bed`).
        """
        instance = self._atlas.instances[instance_id]
        femur = f"femur{SIDE_SUFFIX[instance.side]}" if instance.side else None
        points = np.asarray(points, dtype=float)
        sites = self._atlas.relations(instance_id).sites
        bodies = {self.body(s.target) for s in sites}
        if sites and None not in bodies and not any(b.startswith(LEG_BODIES) for b in bodies):
            # attached above the hip only (a pelvic ligament, the abdominal wall, the back
            # muscles): it does not cross the hip, however near the thigh it lies. Weighted
            # by distance, the top of the abdominal wall turned 120 mm with a flexed femur.
            return np.zeros(len(points))
        on_pelvis, on_femur = self._held_by_areas(instance_id, points)
        on_tissue = self._held_by_tissue(instance_id, points, tissue or {})
        bed = self._bed(instance_id, points, tissue or {}) if self._bedded(instance_id) else None
        return skin_weights(
            faces,
            self._distance("pelvis", points),
            self._distance(femur, points),
            on_pelvis,
            on_femur,
            points,
            self._hip_centre(instance.side),
            on_tissue,
            FASCIA_THIGH_SHARE if instance.structure.kind == "fascia" else THIGH_SHARE,
            wraps_thigh=instance.structure.kind == "fascia",
            on_bed=bed,
        )

    def all_weights(
        self, meshes: Mapping[str, tuple[np.ndarray, np.ndarray]]
    ) -> dict[str, np.ndarray]:
        """Skin weights of every soft-tissue instance of ``meshes`` (id: (points, faces)),
        each after the tissue it is attached to, so it can be held where it attaches."""
        from graphlib import TopologicalSorter

        soft = [i for i in meshes if i not in self._bodies]
        order = TopologicalSorter(
            {
                i: {s.target for s in self._atlas.relations(i).sites if s.target in meshes}
                | (set(self._beds(i, soft)) if self._bedded(i) else set())
                for i in soft
            }
        )
        out: dict[str, np.ndarray] = {}
        for i in order.static_order():
            if i in meshes and i not in self._bodies:
                points, faces = meshes[i]
                tissue = {
                    t: (np.asarray(meshes[t][0], float), out[t], np.asarray(meshes[t][1]))
                    for t in out
                }
                out[i] = self.weights(i, points, faces, tissue)
        return out

    def knee_distances(self, points: np.ndarray, side: str) -> tuple[np.ndarray, np.ndarray]:
        """Distances (N,) from ``points`` to the leg's bones below the knee (tibia, fibula)
        and to the femur, on ``side``: inf where there is no such bone."""
        suffix = SIDE_SUFFIX[side]
        to_leg, to_femur = (
            self._body_trees[body].query(points)[0]
            if body in self._body_trees
            else np.full(len(points), np.inf)
            for body in (f"tibia{suffix}", f"femur{suffix}")
        )
        return to_leg, to_femur

    def spine_levels(self, points: np.ndarray, chain: LumbarChain) -> np.ndarray:
        """Each point's level along the lumbar column (:meth:`LumbarChain.levels`), scaled by
        how near it lies to the vertebrae rather than to the pelvis's own bones: 1 on the
        spine, 0 on the hip bones and sacrum, its share of the way between them elsewhere
        (the contact margin as for the hip's weights). Psoas bends with the bodies it arises
        from; iliacus, on the ilium at the same height, does not."""
        from scipy.spatial import cKDTree

        names = tuple(d.vertebra for d in chain.discs if d.vertebra in self._body_trees)
        pelvis = self._body_trees.get("pelvis")
        if not names or pelvis is None:
            return np.zeros(len(points))
        spine = self._spine_trees.get(names)
        if spine is None:
            spine = cKDTree(np.concatenate([self._body_trees[n].data for n in names]))
            self._spine_trees[names] = spine
        points = np.asarray(points, dtype=float)
        a = np.maximum(pelvis.query(points)[0] - CONTACT_MM, 0.0)
        b = np.maximum(spine.query(points)[0] - CONTACT_MM, 0.0)
        near_spine = np.divide(a, a + b, out=np.full(len(a), 0.5), where=a + b > 0)
        return chain.levels(points) * near_spine

    def _hip_centre(self, side: str | None) -> np.ndarray | None:
        """The femoral head's centre on ``side`` (landmark ``femur.head_centre``), if known."""
        if self._landmarks is None or not self._landmarks.has("femur", "head_centre"):
            return None
        return self._landmarks.point("femur", "head_centre", side or "right")

    def _distance(self, body: str | None, points: np.ndarray) -> np.ndarray:
        tree = self._trees.get(body) if body else None
        return np.full(len(points), np.inf) if tree is None else tree.query(points)[0]

    def _held_by_areas(self, instance_id: str, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vertices within the annotated origin and insertion areas, by the body they lie on."""
        held = {"pelvis": np.zeros(len(points), bool), "femur": np.zeros(len(points), bool)}
        if self._landmarks is None:
            return held["pelvis"], held["femur"]
        for site in self._atlas.relations(instance_id).sites:
            area = site.attachment.area
            body = self._bodies.get(site.target)
            if area is None or body is None:
                continue
            side = self._atlas.instances[site.target].side or site.side  # midline: muscle's half
            centres = np.array([self._landmarks.point(area.on, n, side) for n in area.landmarks])
            near = np.linalg.norm(points[:, None, :] - centres[None], axis=-1).min(axis=1)
            touching = self._distance(limb(body), points) <= ATTACHED_MM
            end = "pelvis" if limb(body) == "pelvis" else "femur"
            held[end] |= (near <= area.radius) & touching
        return held["pelvis"], held["femur"]

    def _held_by_tissue(
        self,
        instance_id: str,
        points: np.ndarray,
        tissue: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    ) -> np.ndarray:
        """For vertices in an attachment area on weighted soft tissue and touching it, that
        tissue's weight at the nearest of its vertices; NaN elsewhere."""
        from scipy.spatial import cKDTree

        held = np.full(len(points), np.nan)
        if self._landmarks is None:
            return held
        for site in self._atlas.relations(instance_id).sites:
            area = site.attachment.area
            if area is None or site.target not in tissue:
                continue
            target_points, target_weights, _ = tissue[site.target]
            side = self._atlas.instances[site.target].side or site.side
            centres = np.array([self._landmarks.point(area.on, n, side) for n in area.landmarks])
            near = np.linalg.norm(points[:, None, :] - centres[None], axis=-1).min(axis=1)
            distance, nearest = cKDTree(target_points).query(points)
            inside = (near <= area.radius) & (distance <= ATTACHED_MM)
            held[inside] = target_weights[nearest[inside]]
        return held

    def _bedded(self, instance_id: str) -> bool:
        """A nerve or vessel with no attachment of its own, which lies on or in muscles."""
        instance = self._atlas.instances[instance_id]
        return (
            instance.structure.kind in BEDDED_KINDS and not self._atlas.relations(instance_id).sites
        )

    def _beds(self, instance_id: str, candidates: list[str]) -> list[str]:
        """The muscles on the same side that a bedded instance may lie on or in."""
        side = self._atlas.instances[instance_id].side
        return [
            i
            for i in candidates
            if self._atlas.instances[i].structure.kind == "muscle"
            and self._atlas.instances[i].side in (side, None)
        ]

    def _bed(
        self,
        instance_id: str,
        points: np.ndarray,
        tissue: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    ) -> np.ndarray:
        """The weight of the muscle each vertex lies on (within :data:`BED_MM` of its
        surface) or inside, at its nearest vertex; NaN where it lies on none. Weighted by its
        distances to the bones alone, the lumbar plexus inside psoas (10-20 mm from the
        vertebrae, 150-250 mm from the femur) took up to 0.15 of the hip's turn and folded at
        full flexion; from psoas's weights, at most 0.06. The smoothing that follows still
        evens a long nerve out: the femoral nerve in the iliac fossa keeps about a quarter of
        the hip's turn (docs/animation.md)."""
        from scipy.spatial import cKDTree

        held = np.full(len(points), np.nan)
        best = np.full(len(points), np.inf)
        for bed in self._beds(instance_id, list(tissue)):
            bed_points, bed_weights, bed_faces = tissue[bed]
            surface = self._bed_surfaces.get(bed)
            if surface is None:
                surface = (cKDTree(bed_points), _vertex_normals(bed_points, bed_faces))
                self._bed_surfaces[bed] = surface
            tree, normals = surface
            distance, nearest = tree.query(points)
            outward = np.einsum("ij,ij->i", points - bed_points[nearest], normals[nearest])
            lies = ((distance <= BED_MM) | (outward < 0.0)) & (distance < best)
            held[lies] = bed_weights[nearest[lies]]
            best[lies] = distance[lies]
        return held


def body_of(instance: Instance) -> str | None:
    """The rigid body a bone instance moves with; None for soft tissue, which is skinned."""
    structure = instance.structure
    if structure.kind != "bone":
        return None
    if structure.body == "spine":  # each vertebra turns on its own disc
        return instance.id
    if structure.body is not None and structure.body != "pelvis" and instance.side is not None:
        return f"{structure.body}{SIDE_SUFFIX[instance.side]}"
    return "pelvis"


def limb(body: str) -> str:
    """The side of the hip a body lies on, for the hip's weights: ``pelvis`` (the vertebrae
    too, which lie above it), or the femur of its leg (the tibia and patella lie below the
    femur, beyond the hip as it is)."""
    return f"femur{body[-2:]}" if body.split("_")[0] in LEG_BODIES else "pelvis"


def knee_weights(
    points: np.ndarray,
    pivot: np.ndarray,
    to_leg: np.ndarray | None = None,
    to_femur: np.ndarray | None = None,
) -> np.ndarray:
    """Knee weights (N,) of rest points (N, 3): 0 in the thigh, 1 in the leg, eased (a
    smoothstep) over the band of :data:`KNEE_BAND_MM` around the knee's ``pivot``; with the
    distances
    (N,) to the leg's bones and to the femur, tissue on the tibia or fibula is held by them
    (:data:`KNEE_HOLD_MM`)."""
    points = np.asarray(points, dtype=float)
    front, back = KNEE_BAND_MM
    behind = np.clip((pivot[0] - points[:, 0]) / BEHIND_MM, 0.0, 1.0)
    half = front + (back - front) * behind
    height = points[:, 1] - pivot[1]
    t = np.clip((half - height) / (2.0 * half), 0.0, 1.0)
    weights = t * t * (3.0 - 2.0 * t)
    if to_leg is None or to_femur is None:
        return weights
    reach = np.clip(1.0 - (np.asarray(to_leg) - ATTACHED_MM) / KNEE_HOLD_MM, 0.0, 1.0)
    held = np.where((to_leg < to_femur) & (weights > 0), reach, 0.0)
    return np.maximum(weights, held)


def _vertex_normals(points: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted outward vertex normals (N, 3) of a closed mesh."""
    corners = points[faces]
    face = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(points)
    for k in range(3):
        np.add.at(normals, faces[:, k], face)
    return normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)


def mesh_edges(faces: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The mesh's edges (i, j), each once in each direction."""
    faces = np.asarray(faces, dtype=np.int64)
    i = np.concatenate([faces[:, 0], faces[:, 1], faces[:, 2]])
    j = np.concatenate([faces[:, 1], faces[:, 2], faces[:, 0]])
    key = np.unique(np.r_[i * n + j, j * n + i])  # an edge shared by two faces counts once
    return key // n, key % n


def _smooth(
    weights: np.ndarray,
    faces: np.ndarray,
    held: np.ndarray,
    points: np.ndarray | None = None,
    centre: np.ndarray | None = None,
) -> np.ndarray:
    """The smoothest field over the mesh close to ``weights``, with held vertices kept.

    Solves the screened Poisson equation (L + s D) w = s D weights on the free
    vertices (L the mesh's Laplacian, D its degrees): held vertices are fixed
    values, and the rest follow them smoothly, varying along the tissue rather
    than through its thickness. With ``points`` and ``centre`` an edge counts by
    its inverse length, so the field does not crowd where the mesh is fine, and
    by the square of its distance from the hip centre, so it changes most near
    the joint, where turning moves the tissue least.
    """
    from scipy.sparse import coo_matrix, csr_matrix, diags  # on the first pose, not at start-up
    from scipy.sparse.linalg import spsolve

    n = len(weights)
    i, j = mesh_edges(faces, n)
    if points is None or centre is None:
        strength = np.ones(len(i))
    else:
        length = np.linalg.norm(points[i] - points[j], axis=1)
        reach = np.linalg.norm(0.5 * (points[i] + points[j]) - centre, axis=1)
        strength = (reach / REFERENCE_MM) ** 2 / np.maximum(length, 1e-6)
    adjacency = csr_matrix(coo_matrix((strength, (i, j)), (n, n)))
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    target = np.clip(np.nan_to_num(weights, posinf=1.0), 0.0, 1.0)
    free = np.flatnonzero(~held)
    fixed = np.flatnonzero(held)
    if len(free) == 0:
        return target
    system = diags(degree[free] * (1.0 + SCREENING)) - adjacency[free][:, free]
    rhs = SCREENING * degree[free] * target[free] + adjacency[free][:, fixed] @ target[fixed]
    out = target.copy()
    out[free] = spsolve(system.tocsc(), rhs)
    return np.clip(out, 0.0, 1.0)


def _limit_slope(
    weights: np.ndarray,
    faces: np.ndarray,
    points: np.ndarray,
    centre: np.ndarray,
    held: np.ndarray,
) -> np.ndarray:
    """``weights`` changed as little as needed so that none changes faster, per radian
    seen from the hip centre, than 1 / :data:`FOLD_FREE_ANGLE`; held vertices keep theirs.

    A triangle folds where its weight changes faster than one over the angle turned. The
    largest field below the weights with that slope, min_k (w_k + d(k, i)), and the
    smallest above them, max_k (w_k - d(k, i)), are both slope-limited; so is their mean,
    which is used (d: the way over the mesh in the hip's angular metric, scaled by the
    angle). Both are shortest paths from a source joined to every vertex. The mean is then
    kept between the slope-limited fields that the held vertices alone allow, so that it
    also meets them without a step (a free vertex at 0.96 beside one held at 1 folds).
    """
    from scipy.sparse import coo_matrix  # on the first pose, not at start-up
    from scipy.sparse.csgraph import dijkstra

    n = len(weights)
    i, j = mesh_edges(faces, n)
    reach = np.maximum(np.linalg.norm(0.5 * (points[i] + points[j]) - centre, axis=1), MIN_REACH_MM)
    cost = np.linalg.norm(points[i] - points[j], axis=1) / (reach * FOLD_FREE_ANGLE) + 1e-12

    def lowest_way(start: np.ndarray, sources: np.ndarray | None = None) -> np.ndarray:
        """min over k (of ``sources``, default all) of start_k + d(k, i), for every vertex i."""
        k = np.arange(n) if sources is None else np.flatnonzero(sources)
        graph = coo_matrix(
            (np.r_[cost, start[k] + 1e-12], (np.r_[i, np.full(len(k), n)], np.r_[j, k])),
            (n + 1, n + 1),
        ).tocsr()
        return dijkstra(graph, directed=True, indices=n)[:n]

    below = lowest_way(weights)
    above = 1.0 - lowest_way(1.0 - weights)
    limited = 0.5 * (below + above)
    if held.any():
        limited = np.clip(limited, 1.0 - lowest_way(1.0 - weights, held), lowest_way(weights, held))
    return np.where(held, weights, np.clip(limited, 0.0, 1.0))


def _path_share(
    faces: np.ndarray,
    points: np.ndarray,
    centre: np.ndarray,
    at_pelvis: np.ndarray,
    at_femur: np.ndarray,
) -> np.ndarray:
    """Each vertex's share of the way over the mesh from the pelvic to the femoral held vertices.

    The way is measured in the hip's angular metric (an edge's length over its distance
    from the hip centre): a turn of the femur moves tissue in proportion to that
    distance, and a triangle folds where its weight changes faster, per radian seen from
    the centre, than the inverse of the angle turned. Spreading the change evenly in that
    metric keeps the steepest change as small as the attachments allow.
    """
    from scipy.sparse import coo_matrix, csr_matrix  # on the first pose, not at start-up
    from scipy.sparse.csgraph import dijkstra

    n = len(points)
    i, j = mesh_edges(faces, n)
    reach = np.maximum(np.linalg.norm(0.5 * (points[i] + points[j]) - centre, axis=1), MIN_REACH_MM)
    cost = np.linalg.norm(points[i] - points[j], axis=1) / reach + 1e-12
    graph = csr_matrix(coo_matrix((cost, (i, j)), (n, n)))
    way = [
        dijkstra(graph, directed=False, indices=np.flatnonzero(held), min_only=True)
        for held in (at_pelvis, at_femur)
    ]
    total = way[0] + way[1]
    share = np.divide(way[0], total, out=np.full(n, 0.5), where=np.isfinite(total) & (total > 0))
    share[at_pelvis] = 0.0
    share[at_femur] = 1.0
    return share


@dataclass(frozen=True)
class Skin:
    """One mesh's precomputed posing data: which vertices move, how far, about which centre."""

    centre: np.ndarray
    """The hip centre (3,) the femur turns about, mm."""
    moving: np.ndarray
    """Indices of the vertices with a weight above 0."""
    flat: np.ndarray
    """Indices of their coordinates in the flattened (N * 3) arrays, for a fast scatter."""
    offsets: np.ndarray
    """(3, K) float32: the moving vertices' rest positions relative to the centre."""
    normals: np.ndarray
    """(3, K) float32: their rest normals."""
    level: np.ndarray
    """(K,) the weights in steps of 1 / (LEVELS - 1)."""

    @classmethod
    def build(
        cls, points: np.ndarray, normals: np.ndarray, weights: np.ndarray, centre: np.ndarray
    ) -> Skin:
        level = np.rint(np.asarray(weights) * (LEVELS - 1)).astype(np.intp)
        moving = np.flatnonzero(level > 0)
        centre = np.asarray(centre, dtype=np.float32)
        return cls(
            centre=centre,
            moving=moving,
            flat=(moving[:, None] * 3 + np.arange(3)).ravel(),
            offsets=np.ascontiguousarray((np.asarray(points, np.float32)[moving] - centre).T),
            normals=np.ascontiguousarray(np.asarray(normals, np.float32)[moving].T),
            level=level[moving],
        )

    def pose(
        self,
        turn: Turn,
        points: np.ndarray,
        normals: np.ndarray,
        bent: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """Write the posed moving vertices into flat (N * 3) ``points`` and ``normals``, in place.

        The vertices that do not move are left as they are (at rest). ``bent``: every
        vertex's points and normals (N, 3) after the knee has bent it, to turn instead of
        the rest shape.
        """
        cos, sin = np.take(turn.cos, self.level), np.take(turn.sin, self.level)
        offsets, normal = self.offsets, self.normals
        if bent is not None:
            offsets = np.ascontiguousarray((bent[0][self.moving] - self.centre).T, np.float32)
            normal = np.ascontiguousarray(bent[1][self.moving].T, np.float32)
        posed = rodrigues(offsets, turn.axis, cos, sin)
        posed += self.centre
        np.put(points, self.flat, posed)
        np.put(normals, self.flat, rodrigues(normal, turn.axis, cos, sin))


@dataclass(frozen=True)
class KneeSkin:
    """The vertices of one mesh that bend at the knee, with their weights and rest shape."""

    pivot: np.ndarray
    """The knee's pivot (3,) at rest, mm."""
    moving: np.ndarray
    """Indices of the vertices with a knee weight above 0."""
    weights: np.ndarray
    """(K,) their knee weights."""
    points: np.ndarray
    """(N, 3) float32: every vertex at rest."""
    normals: np.ndarray
    """(N, 3) float32: every rest normal."""

    @classmethod
    def build(
        cls,
        points: np.ndarray,
        normals: np.ndarray,
        pivot: np.ndarray,
        distances: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> KneeSkin:
        """``distances``: each vertex's distance to the leg's bones and to the femur."""
        weights = knee_weights(points, pivot, *(distances or (None, None)))
        moving = np.flatnonzero(weights > 0.0)
        return cls(
            pivot=np.asarray(pivot, dtype=np.float32),
            moving=moving,
            weights=weights[moving],
            points=np.array(points, dtype=np.float32),
            normals=np.array(normals, dtype=np.float32),
        )

    def bend(self, motion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points and normals (N, 3) with the knee's ``motion`` (4, 4; at rest, the pelvis
        frame) applied to each vertex in proportion to its weight: a share of the turn
        about the pivot and the same share of the glide."""
        axis, angle = axis_angle(motion[:3, :3])
        glide = motion[:3, :3] @ self.pivot + motion[:3, 3] - self.pivot
        angles = (self.weights * angle).astype(np.float32)
        cos, sin = np.cos(angles), np.sin(angles)
        k = axis.astype(np.float32)
        offsets = np.ascontiguousarray((self.points[self.moving] - self.pivot).T)
        points, normals = self.points.copy(), self.normals.copy()
        points[self.moving] = (
            rodrigues(offsets, k, cos, sin) + self.pivot + np.outer(self.weights, glide)
        )
        normals[self.moving] = rodrigues(
            np.ascontiguousarray(self.normals[self.moving].T), k, cos, sin
        )
        return points, normals


@dataclass(frozen=True)
class Turn:
    """A femur rotation, tabulated for every weight step: computed once per frame and side."""

    axis: np.ndarray
    cos: np.ndarray
    sin: np.ndarray

    @classmethod
    def of(cls, rotation: np.ndarray) -> Turn:
        """The turn of the femur's orientation (3, 3) relative to the pelvis."""
        axis, angle = axis_angle(rotation)
        steps = np.linspace(0.0, angle, LEVELS, dtype=np.float32)
        return cls(axis.astype(np.float32), np.cos(steps), np.sin(steps))
