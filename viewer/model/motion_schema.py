"""The schema of ``annotations/motion.yaml``: the hip and knee joints, ranges and muscle paths.

Like the atlas schema, every object forbids unknown keys so that a misspelt
field is reported, not ignored. Cross-references (a muscle or part that must
exist in the atlas, a wrap surface that must be defined) are checked after
this, in :mod:`viewer.model.muscle_paths`, where both files are known.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from viewer.model.schema import SnakeId, Text

Body = Literal["pelvis", "femur", "tibia"]
PointBody = Literal["pelvis", "femur", "tibia", "spine"]
"""What a path point is fixed to: the leg's bodies, or a lumbar vertebra (``spine``)."""
Quadrant = Literal["all", "+x", "-x", "+y", "-y"]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Vector = Annotated[list[Finite], Field(min_length=3, max_length=3)]
SourceName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    id: SnakeId
    text: Text
    url: str | None = None


class Range(_Strict):
    """The normal range of one degree of freedom, in degrees, with its sources."""

    min: Finite = Field(ge=-180)
    max: Finite = Field(le=180)
    citations: list[SnakeId] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.min < 0 < self.max:
            raise ValueError(
                f"the range must run from below 0 to above 0, not {self.min}..{self.max}"
            )
        return self


class HipRanges(_Strict):
    flexion: Range
    adduction: Range
    rotation: Range


class Hip(_Strict):
    """The right hip joint: its centre in the pelvis frame (mm) and its ranges of motion."""

    centre: Vector
    centre_citations: list[SnakeId] = Field(min_length=1)
    ranges: HipRanges


Knots = Annotated[list[Finite], Field(min_length=4, max_length=40)]


class KneeRange(_Strict):
    """The knee's normal range, in degrees of flexion from straight (0)."""

    min: Literal[0]
    max: Finite = Field(gt=0, le=160)
    citations: list[SnakeId] = Field(min_length=1)


class Knee(_Strict):
    """The right knee: the published knee motion as functions of the knee angle, placed on
    the atlas femur, and how the patella turns in the trochlea (see the file's comments)."""

    pivot: Vector
    path_pivot: Vector
    pivot_citations: list[SnakeId] = Field(min_length=1)
    frame_xyz_body_rotation_rad: Vector
    translation_scale: Finite = Field(gt=0.5, le=2.0)
    knots_rad: Knots
    rotation_z_rad: Knots
    rotation_y_rad: Knots
    translation_y_mm: Knots
    translation_z_mm: Knots
    citations: list[SnakeId] = Field(min_length=1)
    range: KneeRange
    patella_pivot: Vector
    patella_rotation_z_rad: Knots

    @model_validator(mode="after")
    def _same_knots(self) -> Knee:
        n = len(self.knots_rad)
        if any(b <= a for a, b in zip(self.knots_rad, self.knots_rad[1:], strict=False)):
            raise ValueError("knots_rad must increase")
        for name in (
            "rotation_z_rad",
            "rotation_y_rad",
            "translation_y_mm",
            "translation_z_mm",
            "patella_rotation_z_rad",
        ):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} needs one value per knot ({n})")
        return self


class WrapCylinder(_Strict):
    """A cylinder the path slides over where a muscle runs around bone.

    Placed as in OpenSim: ``centre`` (mm) and body-fixed x-y-z rotations (rad)
    of its own frame, whose z axis is the cylinder axis; ``quadrant`` is the side
    of that frame the path must pass.
    """

    id: SnakeId
    body: Body
    centre: Vector
    xyz_body_rotation_rad: Vector
    radius: Finite = Field(gt=0, le=200)
    length: Finite = Field(gt=0, le=1000)
    quadrant: Quadrant
    represents: Text
    citations: list[SnakeId] = Field(min_length=1)


class PathPoint(_Strict):
    """A point of a muscle path, mm: on the pelvis or a lumbar vertebra (pelvis frame, the spine
    at rest), or on the femur or tibia (from the hip centre, with the hip and knee at 0
    degrees)."""

    body: PointBody
    at: Vector
    vertebra: SnakeId | None = None
    """For a point on the spine: the vertebra (an atlas bone that moves with the spine)."""
    name: Text | None = None

    @model_validator(mode="after")
    def _vertebra_for_spine_points(self) -> PathPoint:
        if (self.body == "spine") != (self.vertebra is not None):
            raise ValueError("a point on the spine names its vertebra, and only such a point")
        return self


class Wrap(_Strict):
    """A wrap surface acting on the segment that starts at point ``after_point`` (0-based)."""

    surface: SnakeId
    after_point: int = Field(ge=0)


class PartPath(_Strict):
    """One fibre part's line of action, from origin through via points to insertion."""

    id: SnakeId
    source: SourceName
    points: list[PathPoint] = Field(min_length=2)
    wraps: list[Wrap] = Field(default_factory=list)
    citations: list[SnakeId] = Field(min_length=1)
    note: Text | None = None


class MusclePaths(_Strict):
    id: SnakeId
    parts: list[PartPath] = Field(min_length=1)


class Lumbar(_Strict):
    """How the lumbar spine takes up the pelvis's tilt and obliquity: each disc's share, from
    the lumbosacral disc up (see :mod:`viewer.model.lumbar`)."""

    shares: dict[SnakeId, Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = Field(
        min_length=1
    )
    citations: list[SnakeId] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares_add_up_to_one(self) -> Lumbar:
        total = sum(self.shares.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"the discs' shares add up to {total:g}, not 1 (L1 would turn)")
        return self


class MotionFile(_Strict):
    """The whole motion file."""

    schema_version: Literal[1]
    units: Literal["mm, degrees"]
    citations: list[Citation] = Field(min_length=1)
    hip: Hip
    knee: Knee
    lumbar: Lumbar | None = None
    wrap_surfaces: list[WrapCylinder] = Field(default_factory=list)
    muscles: list[MusclePaths] = Field(min_length=1)
