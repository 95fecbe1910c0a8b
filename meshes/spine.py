"""Lumbar vertebrae as signed-distance fields, one generic builder for every level.

A level is a data entry in ``lumbar_vertebrae`` of the parameter file: the disc below it,
how far forwards and how steeply its body sits on the bone below, the body's height, depth
and width, and how far its transverse and spinous processes reach. Each vertebra is placed
on the one below it (the lowest on the sacrum's S1 endplate), so that adding a level is an
entry, not code. The posterior elements keep the proportions of the lumbar pattern [GRAY]:
short, thick pedicles; plates for the laminae and the articular processes; a flat,
hatchet-shaped spinous process.
"""

from __future__ import annotations

import numpy as np

from .points import ParameterError
from .sdf import ellipsoid, gen_cylinder, round_cone, smin, ssub, unit

FIELDS = {
    "disc": 1,
    "forward": 1,
    "tilt": 1,
    "height": 1,
    "lean": 1,
    "depth": 3,
    "width": 3,
    "transverse_reach": 1,
    "spinous_reach": 1,
    "budget": 1,
}
"""A level's fields and how many numbers each holds."""


def check_level(name: str, spec) -> None:
    """A ParameterError naming the entry and field, for an entry that cannot be built."""
    where = f"lumbar_vertebrae.{name}"
    if not isinstance(spec, dict):
        raise ParameterError(f"{where}: a level is a mapping of its fields, not {spec!r}")
    for field, count in FIELDS.items():
        if field not in spec:
            raise ParameterError(f"{where}: missing '{field}'")
        value = np.asarray(spec[field])
        if value.dtype.kind not in "if" or value.size != count:
            raise ParameterError(f"{where}.{field}: {count} number(s), not {spec[field]!r}")
    unknown = set(spec) - set(FIELDS)
    if unknown:
        raise ParameterError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")


class LumbarVertebra:
    """One lumbar vertebra above an endplate (``below_centre``, facing ``below_normal``)."""

    def __init__(self, name, spec, below_centre, below_normal):
        check_level(name, spec)
        self.spec = spec
        tilt = np.radians(spec["tilt"])
        # the body's axis, tilted forwards in the sagittal plane by the endplate's angle
        self.axis = np.array([np.sin(tilt), np.cos(tilt), 0.0])
        forward = np.array([1.0, 0.0, 0.0])
        self.c_low = (
            np.asarray(below_centre, float)
            + spec["disc"] * np.asarray(below_normal, float)
            + spec["forward"] * forward
        )
        self.c_up = self.c_low + spec["height"] * self.axis + spec["lean"] * forward
        self.centre = 0.5 * (self.c_low + self.c_up)
        back = unit(np.cross(self.axis, [0, 0, 1.0]))
        if back[0] > 0:
            back = -back
        self.back = back

    def field(self, P):
        """Processes are plates, as on the bone, a little thicker and their blends rounder
        than a bare skeleton would give, so that the surface stays smooth (no creases)."""
        s = self.spec
        c, b, n = self.centre, self.back, self.axis
        depth, width = np.asarray(s["depth"], float), np.asarray(s["width"], float)
        body = gen_cylinder(
            P,
            self.c_low,
            self.c_up,
            hint=(1, 0, 0),
            t_st=[0, 0.5, 1],
            r1_st=depth / 2,
            r2_st=width / 2,
        )
        # the body is kidney-shaped: its back is hollowed where it faces the canal [ZHOU]
        d = ssub(body, ellipsoid(P, c + b * 27.0, (9.0, 30.0, 13.0)), 6.0)
        arch = c + b * 30.0 + n * 4.0
        R = np.array([b, n, [0, 0, 1.0]])
        reach = s["transverse_reach"]
        for side in (-1, 1):
            z = np.array([0, 0, side * 1.0])
            # pedicles: short, thick bars from the back of the body to the arch
            ped = round_cone(P, c + b * 12 + [0, 4, 0] + 15 * z, arch + 14 * z, 7.0, 7.0)
            d = smin(d, ped, 6.0)
            # transverse process: from the pedicle out and slightly up and back [GRAY]
            tp = round_cone(P, arch - b * 6 + 14 * z, arch - b * 2 + n * 6 + reach * z, 8.5, 5.5)
            d = smin(d, tp, 7.0)
            # articular processes: plates bearing the facets, the superior ones facing the
            # midline and backwards, the inferior ones forwards and outwards [GRAY]
            for centre in (arch + b * 4 + n * 10 + 16 * z, arch + b * 9 - n * 11 + 11 * z):
                d = smin(d, ellipsoid(P, centre, (6.5, 10.0, 5.0), R), 6.0)
        # laminae: a broad plate sloping back between the articular processes
        d = smin(d, ellipsoid(P, arch + b * 3, (6.5, 10.0, 16.0), R), 6.0)
        # spinous process: a flat, hatchet-shaped plate, deep from top to bottom and thin
        # from side to side, broadest at its free end [GRAY]
        tip = s["spinous_reach"]
        d = smin(d, ellipsoid(P, arch + b * (tip - 11) - n * 3, (14.0, 9.5, 5.5), R), 6.0)
        d = smin(d, ellipsoid(P, arch + b * tip - n * 5, (5.0, 11.0, 6.0), R), 5.0)
        # vertebral foramen
        canal = gen_cylinder(
            P,
            c + b * 30 - n * 30,
            c + b * 30 + n * 30,
            hint=(1, 0, 0),
            t_st=[0, 1],
            r1_st=[8.0, 8.0],
            r2_st=[11.0, 11.0],
        )
        return ssub(d, canal, 3.5)

    def bounds(self):
        c = self.centre
        return c - [70, 45, 60], c + [40, 45, 60]


class IntervertebralDisc:
    """The disc between two stacked bodies: it fills the space between the lower body's
    upper endplate and the upper body's lower endplate, its outline theirs with the anulus
    bulging ~1 mm beyond the rims [GRAY]. Derived from the levels, so it has no entry."""

    def __init__(self, lower_centre, lower_depth, lower_width, upper: LumbarVertebra):
        self.c_low = np.asarray(lower_centre, float)
        self.c_up = upper.c_low
        self.depth = [lower_depth, 0.5 * (lower_depth + upper.spec["depth"][0]) + 2.0]
        self.depth.append(upper.spec["depth"][0])
        self.width = [lower_width, 0.5 * (lower_width + upper.spec["width"][0]) + 2.0]
        self.width.append(upper.spec["width"][0])
        self.centre = 0.5 * (self.c_low + self.c_up)

    def field(self, P):
        # a little inside both endplates, so that the disc meets the bone without a gap
        axis = unit(self.c_up - self.c_low)
        return gen_cylinder(
            P,
            self.c_low - 1.0 * axis,
            self.c_up + 1.0 * axis,
            hint=(1, 0, 0),
            t_st=[0, 0.5, 1],
            r1_st=np.asarray(self.depth) / 2 - 1.0,
            r2_st=np.asarray(self.width) / 2 - 1.0,
        )

    def bounds(self):
        c = self.centre
        return c - [40, 25, 40], c + [40, 25, 40]


def stack(levels: dict, sacrum) -> list[tuple[str, LumbarVertebra, str, IntervertebralDisc]]:
    """Each level of ``lumbar_vertebrae`` (lowest first) placed on the endplate of the bone
    below it, the lowest on the sacrum's S1 endplate, with the disc between them: the one
    place the column is stacked, for the build and for the tests that measure it."""
    below, centre, normal = "sacrum", sacrum.c1, sacrum.n1
    size = (sacrum.S1_DEPTH, sacrum.S1_WIDTH)
    out = []
    for name, spec in levels.items():
        vertebra = LumbarVertebra(name, spec, centre, normal)
        out.append(
            (name, vertebra, disc_name(name, below), IntervertebralDisc(centre, *size, vertebra))
        )
        below, centre, normal = name, vertebra.c_up, vertebra.axis
        size = (spec["depth"][2], spec["width"][2])
    return out


def disc_name(upper: str, lower: str) -> str:
    """``disc_l4_l5`` for the disc between l4_vertebra and l5_vertebra (``s1``: the
    sacrum's first segment)."""
    short = {"sacrum": "s1"}
    return f"disc_{upper.split('_')[0]}_{short.get(lower, lower.split('_')[0])}"
