"""The annotation file's schema: what each object may hold, and of what type.

Every object forbids unknown keys, so a misspelt field is reported instead of
silently ignored. Cross-references (a nerve id that must exist) are checked
after this, in :mod:`viewer.model.loader`, where the whole file is known.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SnakeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
SpinalRoot = Annotated[str, StringConstraints(pattern=r"^(T12|L[1-5]|S[1-5]|Co1)$")]
DigitsId = Annotated[str, StringConstraints(pattern=r"^[0-9]+$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
MeshStem = Annotated[str, StringConstraints(min_length=1, max_length=200)]

Kind = Literal[
    "bone", "muscle", "fascia", "nerve", "artery", "ligament", "bursa", "foramen", "disc", "skin"
]
Motion = Literal[
    "flexion",
    "extension",
    "abduction",
    "adduction",
    "internal_rotation",
    "external_rotation",
    "pelvic_stabilisation",
    "knee_stabilisation",
    "knee_flexion",
    "knee_extension",
    "knee_internal_rotation",
    "knee_external_rotation",
    "lumbar_extension",
    "lumbar_lateral_flexion",
    "anterior_pelvic_tilt",
    "posterior_pelvic_tilt",
    "pelvic_elevation",
    "pelvic_floor_support",
]
Role = Literal["prime_mover", "assistant", "stabiliser"]
Body = Literal["pelvis", "femur", "tibia", "patella", "spine"]
"""The rigid bodies of the hip and knee: what a bone moves with when the leg is posed
(``spine``: a lumbar vertebra, which turns on the discs below it as the pelvis tilts)."""
HipDof = Literal["flexion", "adduction", "rotation", "knee", "none"]
"""The angle a motion drives (hip: + flexion, + adduction, + internal rotation; knee:
+ flexion), or none."""
Sides = Literal["bilateral", "midline"]

WHOLE_MUSCLE = "all"
"""The ``part`` of an action performed by every fibre of the muscle."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class System(_Strict):
    """A group of the structure tree (bones, muscles, ...) and the kinds it holds."""

    id: SnakeId
    name: Text
    plain_name: Text
    kinds: list[Kind] = Field(min_length=1)
    shown_to_patients: bool = True
    """Patient mode hides systems that only matter to specialists, to keep the picture simple."""
    shown_to_clinicians: bool = True
    """Clinician mode, the program's start, hides systems that are for patients (the skin,
    which shows where things lie on the body but covers them); either mode can show any
    system again from the Layers panel."""


class MotionTerm(_Strict):
    """A movement word with its plain-language meaning, so no action is shown as bare jargon.

    ``dof``, ``direction`` and ``amplitude`` say how the motion is animated: which hip
    angle turns, which way and how far (degrees); ``dof: none`` marks a motion, such as
    holding the pelvis level, that is no movement of the hip and so cannot be played.
    """

    id: Motion
    name: Text
    plain: Text
    dof: HipDof | None = None
    direction: Literal[-1, 1] | None = None
    amplitude: float | None = Field(default=None, gt=0, le=180, description="degrees")
    start: float = Field(default=0, ge=-180, le=180, description="degrees")
    """The angle the clip starts and ends at: knee extension straightens a bent knee, as no
    knee bends backwards from straight; adduction starts from abduction (negative), as
    standing thighs meet within a few degrees. The clip clamps it to the joint's range."""
    scenario: SnakeId | None = None
    """A clinical scenario that shows the motion, for one that no single hip angle plays (a
    pelvic tilt, the lumbar spine arching, the pelvis held level)."""

    @model_validator(mode="after")
    def _animation_complete(self) -> MotionTerm:
        moves = self.dof not in (None, "none")
        given = (self.direction is not None, self.amplitude is not None)
        if moves and not all(given):
            raise ValueError(f"a motion of the hip's {self.dof} needs direction and amplitude")
        if not moves and (any(given) or self.start):
            raise ValueError(
                "direction, amplitude and start need a dof (flexion, adduction, rotation, knee)"
            )
        return self

    @property
    def playable(self) -> bool:
        """Whether the motion is a movement of the hip that can be animated."""
        return self.dof not in (None, "none")


class Citation(_Strict):
    id: SnakeId
    text: Text
    url: str | None = None


class Area(_Strict):
    """Where an attachment is painted: around named landmarks of a structure's mesh."""

    on: SnakeId
    landmarks: list[Text] = Field(min_length=1)
    radius: float = Field(gt=0, le=100, description="millimetres around each landmark")


class Attachment(_Strict):
    """An origin or insertion: the words for it, and the area to draw."""

    text: Text
    plain: Text | None = None
    area: Area | None = None


class NerveSupply(_Strict):
    id: SnakeId
    roots: list[SpinalRoot] = Field(min_length=1)
    part: SnakeId | None = None
    """For a muscle whose parts have nerves of their own: the part this nerve supplies."""


class Passage(_Strict):
    """An opening a structure passes through, and where in it: stated once, on the
    structure that passes, so that the opening's own list is derived, never typed twice."""

    through: SnakeId
    """The foramen."""
    position: Literal["above", "below"] | None = None
    of: SnakeId | None = None
    """The structure it passes above or below (piriformis divides the greater sciatic foramen)."""
    direction: Literal["leaves the pelvis", "enters the pelvis", "enters the perineum"] | None = (
        None
    )

    @model_validator(mode="after")
    def _position_needs_a_landmark(self) -> Passage:
        if (self.position is None) != (self.of is None):
            raise ValueError("give both 'position' (above or below) and 'of' (which structure)")
        return self


class Part(_Strict):
    """A fibre part of a muscle whose actions differ from the rest."""

    id: SnakeId
    name: Text


class Action(_Strict):
    motion: Motion
    part: SnakeId = WHOLE_MUSCLE
    role: Role
    note: Text | None = None


class Feature(_Strict):
    """A named feature of a bone (a process, line, surface or notch)."""

    id: SnakeId
    name: Text
    latin: Text | None = None
    text: Text
    plain: Text | None = None
    landmark: Text | None = None


class Structure(_Strict):
    id: SnakeId
    kind: Kind
    name: Text
    latin: Text
    plain_name: Text
    aliases: list[Text] = Field(default_factory=list)
    ta2: DigitsId | None
    fma: DigitsId | None
    sides: Sides
    mesh: MeshStem
    body: Body | None = Field(
        default=None, description="for bones: the body it moves with (none: the pelvis)"
    )
    depth: int | None = Field(
        default=None, ge=1, le=9, description="soft-tissue layer from the surface, 1 = superficial"
    )
    summary: Text
    description: Text
    parts: list[Part] = Field(default_factory=list)
    origin: list[Attachment] = Field(default_factory=list)
    insertion: list[Attachment] = Field(default_factory=list)
    nerve: NerveSupply | None = None
    part_nerves: list[NerveSupply] = Field(
        default_factory=list,
        description=(
            "for a muscle whose parts have nerves of their own: the others' nerves, each with "
            "its part (adductor magnus: the obturator nerve, and the sciatic nerve for its "
            "hamstring part)"
        ),
    )
    arteries: list[SnakeId] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    roots: list[SpinalRoot] = Field(default_factory=list)
    course: Text | None = None
    arises_from: Text | None = None
    passes: list[Passage] = Field(default_factory=list)
    bounded_by: list[SnakeId] = Field(
        default_factory=list, description="for a foramen: the structures that form its rim"
    )
    branch_of: SnakeId | None = Field(
        default=None,
        description="for a nerve or artery: the nerve or artery of the atlas it branches from",
    )
    joins_plexus: Text | None = Field(
        default=None,
        description=(
            "for a spinal nerve's ventral ramus or a nerve trunk: the plexus it joins; "
            "the structures supplied from that plexus show it with their roots"
        ),
    )
    plexus: Text | None = Field(
        default=None,
        description=(
            "for a nerve: the plexus it arises from (its branches inherit it), so that the "
            "rami joining that plexus light up with it and the muscles it supplies; a nerve "
            "with none (a dorsal ramus) reaches its roots another way"
        ),
    )
    features: list[Feature] = Field(default_factory=list)
    citations: list[SnakeId] = Field(min_length=1)

    @property
    def supplies(self) -> list[NerveSupply]:
        """Every nerve supply of the structure: its nerve, then those of its other parts."""
        return ([self.nerve] if self.nerve else []) + self.part_nerves

    @model_validator(mode="after")
    def _body_of_bones_only(self) -> Structure:
        if self.body is not None and self.kind != "bone":
            raise ValueError(f"only bones have a body (soft tissue bends), not a {self.kind}")
        return self


class ClinicalNote(_Strict):
    id: SnakeId
    title: Text
    plain_title: Text
    structures: list[SnakeId] = Field(min_length=1)
    text: Text
    plain: Text
    exercises: list[SnakeId] = Field(
        default_factory=list, description="ids of entries under exercises"
    )
    citations: list[SnakeId] = Field(min_length=1)


ViewName = Literal[
    "posterolateral",
    "posterior",
    "anterior",
    "right",
    "left",
    "superior",
    "inferior",
    "supine",
    "prone",
    "side_lying",
]
"""The named camera views (``viewer.scene.views.VIEWS``; a test keeps the two in step)."""

Degrees = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class HipAngles(_Strict):
    """One leg's angles, degrees: the hip's relative to the pelvis (+ flexion, adduction,
    internal) and the knee's flexion (0 straight)."""

    flexion: Degrees = 0.0
    adduction: Degrees = 0.0
    rotation: Degrees = 0.0
    knee: Degrees = 0.0


class PelvisAngles(_Strict):
    """The pelvis, degrees: + anterior tilt, + obliquity drops the left side, + rotation
    brings the right ASIS forward (as :class:`viewer.model.kinematics.PelvisPose`)."""

    tilt: Degrees = 0.0
    obliquity: Degrees = 0.0
    rotation: Degrees = 0.0


class Keyframe(_Strict):
    """The pose at time ``t``; an angle left out is 0 (neutral), not the previous one's."""

    t: float = Field(ge=0, allow_inf_nan=False, description="seconds from the start")
    right: HipAngles | None = None
    left: HipAngles | None = None
    pelvis: PelvisAngles | None = None
    caption: Text | None = None
    """Shown from this keyframe until the next keyframe with a caption."""
    plain_caption: Text | None = None

    @model_validator(mode="after")
    def _both_wordings(self) -> Keyframe:
        if (self.caption is None) != (self.plain_caption is None):
            raise ValueError("a caption needs both wordings: caption and plain_caption")
        return self


class Exercise(_Strict):
    """An exercise a clinical note suggests: its name, how to do it, and the picture of it.

    The picture is the atlas posed as in the exercise: a moment of a clinical
    scenario (``scenario`` and ``at``), or hip and pelvis angles seen from ``view``.
    """

    id: SnakeId
    name: Text
    instruction: Text = Field(description="one or two sentences in everyday words")
    scenario: SnakeId | None = None
    at: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="seconds")
    right: HipAngles | None = None
    left: HipAngles | None = None
    pelvis: PelvisAngles | None = None
    view: ViewName | None = None

    @model_validator(mode="after")
    def _one_picture(self) -> Exercise:
        posed = any(p is not None for p in (self.right, self.left, self.pelvis))
        if self.scenario is not None:
            if self.at is None:
                raise ValueError("an exercise shown by a scenario needs at: (seconds into it)")
            if posed:
                raise ValueError("give a scenario and at, or the angles, not both")
        elif self.view is None:
            raise ValueError("an exercise shown by its angles needs a view")
        elif self.at is not None:
            raise ValueError("at: belongs to a scenario")
        return self


class Scenario(_Strict):
    """A clinical scenario: an animation of the whole model with the structures involved."""

    id: SnakeId
    title: Text
    plain_title: Text
    text: Text
    plain: Text
    structures: list[SnakeId] = Field(min_length=1)
    view: ViewName
    keyframes: list[Keyframe] = Field(min_length=2)
    trunk: Literal["upright", "with_pelvis"] = Field(
        default="with_pelvis",
        description=(
            "upright: the trunk above L1 stays upright and the lumbar spine takes up the "
            "pelvis's tilt and obliquity (a deeper or flatter lordosis, a side bend); "
            "with_pelvis: the lower back stays as it is and moves with the pelvis (a hip hinge)"
        ),
    )
    frame: Literal["hips", "legs"] = Field(
        default="hips",
        description=(
            "hips: the pelvis and the upper thigh fill the view, as in the standard views; "
            "legs: the thighs and knees through every keyframe's pose too (an exercise in "
            "which the muscles of the knee work)"
        ),
    )
    clinical_note: SnakeId | None = None
    citations: list[SnakeId] = Field(min_length=1)


class SurfaceSite(_Strict):
    """A place on the body's surface that is taught with its surface anatomy: a quadrant of
    the buttock or an injection site, with the nerves that lie beneath it. Whether it is a
    safe place for an injection follows from those nerves (none: safe), never typed."""

    id: SnakeId
    name: Text
    plain_name: Text
    text: Text
    plain: Text
    quadrant: tuple[Literal["upper", "lower"], Literal["inner", "outer"]] | None = None
    """For a quadrant of the buttock: which one, between a line across halfway from the
    iliac crest to the gluteal fold and one down halfway from the gluteal cleft to the side
    of the hip."""
    landmark: Text | None = None
    """For a site: the skin's landmark at its centre."""
    nerves_beneath: list[SnakeId] = Field(default_factory=list)
    citations: list[SnakeId] = Field(min_length=1)

    @model_validator(mode="after")
    def _quadrant_or_site(self) -> SurfaceSite:
        if (self.quadrant is None) == (self.landmark is None):
            raise ValueError("give either 'quadrant' (a quarter of the buttock) or 'landmark'")
        return self


class AnnotationFile(_Strict):
    """The whole annotation file."""

    schema_version: Literal[1]
    systems: list[System] = Field(min_length=1)
    motions: list[MotionTerm] = Field(min_length=1)
    citations: list[Citation] = Field(min_length=1)
    structures: list[Structure] = Field(min_length=1)
    clinical_notes: list[ClinicalNote] = Field(default_factory=list)
    surface_sites: list[SurfaceSite] = Field(default_factory=list)
    exercises: list[Exercise] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
