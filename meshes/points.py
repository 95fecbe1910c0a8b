"""Points of the parameter file's data entries, resolved on the bones as built.

A structure's attachments and via points are written relative to named parts of the
skeleton, so that a change to a bone's parameters carries the muscles on it along. A point
is a plain ``[x, y, z]`` (pelvis frame, as built) or a mapping with exactly one of these
keys (and optionally ``offset: [dx, dy, dz]``, added last):

``femur: [dx, dy, dz]``
    from the hip joint centre.
``thigh: [x, y, z]`` (``share: s``, default 1)
    drawn for the template hip centre and carried with the femur to the built one
    (``share`` < 1: part-way, for a point between pelvis and thigh).
``pelvis: [x, y, z]``
    drawn around the template hip centre and placed on the built hip bone.
``landmark: NAME``
    a pelvic landmark of ``pelvis:`` where it lies on the built hip bone.
``wing: [u, v, lift]``
    on the outer (gluteal) surface of the iliac wing: ``u`` 0 front to 1 back, ``v`` 0 crest
    to 1 above the acetabulum, ``lift`` mm off the surface.
``sacrum: pelvic | dorsal | lateral | lateral_back``, ``at: f`` (and ``z: mm``)
    on the sacrum's pelvic or dorsal surface ``z`` mm from the midline, or on its lateral
    margin, from its front or its back; ``at`` from the base (0) to the apex (1).
``surface: MESH``, ``near: POINT``
    the nearest point of a built mesh's surface.
``snap: POINT``, ``onto: [MESH, ...]``, ``gap: mm``
    a point moved until it lies ``gap`` mm outside the union of built structures.
``mix: [[w, POINT], ...]``
    a weighted sum of points (a via point part-way between two others).

Points used twice (a fibre's origin and a via point between it and the insertion) are
written once with a YAML anchor and repeated with an alias.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyvista as pv

from meshes.meshing import closest_point
from meshes.soft import snap

KINDS = ("femur", "thigh", "pelvis", "landmark", "wing", "sacrum", "surface", "snap", "mix")
EXTRA_KEYS = {
    "thigh": {"share"},
    "sacrum": {"at", "z"},
    "surface": {"near"},
    "snap": {"onto", "gap"},
}
SACRUM_SIDES = ("pelvic", "dorsal", "lateral", "lateral_back")


class ParameterError(ValueError):
    """A data entry of ``parameters.yaml`` that cannot be built, with where it is."""


def kind_of(spec, where: str) -> str | None:
    """The kind of a point (None for a plain ``[x, y, z]``), or a ParameterError."""
    if not isinstance(spec, dict):
        if np.shape(spec) != (3,):
            raise ParameterError(f"{where}: a point is [x, y, z] or a mapping, not {spec!r}")
        return None
    kinds = [k for k in KINDS if k in spec]
    if len(kinds) != 1:
        raise ParameterError(f"{where}: a point needs exactly one of {', '.join(KINDS)}")
    kind = kinds[0]
    unknown = set(spec) - {kind, "offset"} - EXTRA_KEYS.get(kind, set())
    if unknown:
        raise ParameterError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} for {kind}")
    return kind


def inner_points(spec) -> Iterator:
    """The points a point is made from (for ``mix``, ``snap`` and ``surface``)."""
    if isinstance(spec, dict):
        if "mix" in spec:
            yield from (q for _, q in spec["mix"])
        if "snap" in spec:
            yield spec["snap"]
        if "near" in spec:
            yield spec["near"]


def structures_named(spec) -> Iterator[str]:
    """The built structures a point lies on (they must be built before it is resolved)."""
    if isinstance(spec, dict):
        if "surface" in spec:
            yield spec["surface"]
        yield from spec.get("onto", ())
    for q in inner_points(spec):
        yield from structures_named(q)


class PointResolver:
    """Resolves points against a scene's built bones, meshes and fields."""

    def __init__(self, scene):
        self.scene = scene
        self._landmarks = None

    def __call__(self, spec, where: str = "point") -> np.ndarray:
        kind = kind_of(spec, where)
        if kind is None:
            return np.asarray(spec, float)
        p = getattr(self, f"_{kind}")(spec, where)
        if "offset" in spec:
            p = p + np.asarray(spec["offset"], float)
        return p

    def _femur(self, spec, where):
        return self.scene.femur_pt(spec["femur"])

    def _thigh(self, spec, where):
        return self.scene.with_thigh(spec["thigh"], spec.get("share", 1.0))

    def _pelvis(self, spec, where):
        return self.scene.models["hip_bone"].place(np.array(spec["pelvis"], float))

    def _landmark(self, spec, where):
        if self._landmarks is None:
            self._landmarks = self.scene.models["hip_bone"].placed_landmarks()
        name = spec["landmark"]
        if name not in self._landmarks:
            known = ", ".join(sorted(self._landmarks))
            raise ParameterError(f"{where}: no pelvic landmark {name!r} (known: {known})")
        return self._landmarks[name]

    def _wing(self, spec, where):
        u, v, lift = spec["wing"]
        return self.scene.models["hip_bone"].wing_point(u, v, +1, lift)[0]

    def _sacrum(self, spec, where):
        side = spec["sacrum"]
        if side not in SACRUM_SIDES:
            raise ParameterError(f"{where}: sacrum is one of {', '.join(SACRUM_SIDES)}")
        return self.scene.sacrum_point(side, spec["at"], spec.get("z", 0.0))

    def _surface(self, spec, where):
        tm = self._built(spec["surface"], where)
        pd = pv.PolyData(
            np.asarray(tm.vertices, float),
            np.hstack([np.full((len(tm.faces), 1), 3), tm.faces]).ravel(),
        )
        return closest_point(pd, self(spec["near"], where))

    def _snap(self, spec, where):
        for name in spec["onto"]:
            self._built(name, where)
        onto = self.scene.deeper(spec["onto"])
        return snap([self(spec["snap"], where)], onto, spec["gap"])[0]

    def _mix(self, spec, where):
        total = None
        for weight, q in spec["mix"]:
            term = weight * self(q, where)
            total = term if total is None else total + term
        return total

    def _built(self, name, where):
        if name not in self.scene.meshes:
            raise ParameterError(f"{where}: {name!r} is not built before this point")
        return self.scene.meshes[name]
