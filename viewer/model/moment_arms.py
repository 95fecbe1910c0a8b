"""Hip and knee moment arms by tendon excursion: r = -dL/dq, from the muscle path geometry.

The sign follows the joint's: a positive moment arm means the muscle pulls
the hip towards + flexion, + adduction or + internal rotation, or bends the knee;
a negative one towards extension, abduction, external rotation or knee extension.
Lengths are in mm and the angle in radians, so the moment arm comes out in mm. The derivative is a
central difference, which is accurate to well under 0.01 mm here because the
path length (wrapping included) is smooth in the angles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from viewer.model.atlas import Atlas, Side
from viewer.model.kinematics import HIP_DOFS, LEG_DOFS
from viewer.model.muscle_paths import MotionModel, MusclePath
from viewer.model.schema import WHOLE_MUSCLE

STEP_DEG = 0.01
"""Half-width of the central difference, in degrees."""

CSV_COLUMNS = ("muscle", "part", "hip_flexion_deg", "knee_flexion_deg", "dof", "moment_arm_mm")
KNEE_DOF = "knee_flexion"
"""The knee's degree of freedom in the table (+ = the muscle bends the knee)."""


ACTION_DOF: dict[str, tuple[str, int]] = {
    "flexion": ("flexion", 1),
    "extension": ("flexion", -1),
    "adduction": ("adduction", 1),
    "abduction": ("adduction", -1),
    "internal_rotation": ("rotation", 1),
    "external_rotation": ("rotation", -1),
    "knee_flexion": (KNEE_DOF, 1),
    "knee_extension": (KNEE_DOF, -1),
}
"""Annotation motions that are hip rotations: the degree of freedom and the sign they need."""

POSITION_DEPENDENT = "position-dependent"
"""Words in an action's note saying that the action changes with the hip's position."""


def moment_arms(
    model: MotionModel, path: MusclePath, hip_deg: np.ndarray, side: Side = "right"
) -> np.ndarray:
    """Moment arms (..., 3) in mm about hip flexion, adduction and rotation, at leg angles
    (..., 3) or (..., 4) (the fourth the knee's flexion)."""
    return _excursion(model, path, hip_deg, side)[..., :3]


def knee_moment_arm(
    model: MotionModel, path: MusclePath, leg_deg: np.ndarray, side: Side = "right"
) -> np.ndarray:
    """Knee flexion moment arm (...) in mm at leg angles (..., 4); + bends the knee."""
    return _excursion(model, path, leg_deg, side)[..., 3]


def _excursion(model: MotionModel, path: MusclePath, leg_deg: np.ndarray, side: Side) -> np.ndarray:
    """-dL/dq (..., 4) for the hip's three angles and the knee's, by central differences."""
    leg = np.asarray(leg_deg, dtype=float)
    if leg.shape[-1] == len(HIP_DOFS):
        leg = np.concatenate([leg, np.zeros(leg.shape[:-1] + (1,))], axis=-1)
    n = len(LEG_DOFS)
    # the knee cannot be straighter than straight: there a one-sided difference
    ahead = np.where(leg[..., 3:] < STEP_DEG, STEP_DEG, 0.0)
    offsets = np.concatenate([np.eye(n), -np.eye(n)]) * STEP_DEG
    at = leg[..., None, :] + offsets
    at[..., 3] += ahead
    lengths = model.length(path, at, side)
    dl_dq = (lengths[..., :n] - lengths[..., n:]) / np.radians(2 * STEP_DEG)
    return -dl_dq


@dataclass(frozen=True)
class MomentArmRow:
    """One line of the moment-arm table (the columns of :data:`CSV_COLUMNS`)."""

    muscle: str
    part: str
    hip_flexion_deg: float
    knee_flexion_deg: float
    dof: str
    moment_arm_mm: float

    def as_csv(self) -> list[str]:
        return [
            self.muscle,
            self.part,
            f"{self.hip_flexion_deg:g}",
            f"{self.knee_flexion_deg:g}",
            self.dof,
            f"{self.moment_arm_mm:.2f}",
        ]


def moment_arm_table(
    model: MotionModel,
    flexions_deg: Sequence[float],
    muscle: str | None = None,
    knees_deg: Sequence[float] = (0.0,),
) -> list[MomentArmRow]:
    """Right-side moment arms of every part (or one muscle's), through hip and knee sweeps.

    Adduction and rotation are held at 0; one row per part, pair of angles and degree of
    freedom the part crosses (the hip's three, the knee's flexion).
    """
    grid = np.array([(h, k) for h in flexions_deg for k in knees_deg], dtype=float)
    leg = np.zeros((len(grid), len(LEG_DOFS)))
    leg[:, 0], leg[:, 3] = grid[:, 0], grid[:, 1]
    rows: list[MomentArmRow] = []
    for path in model.paths.values():
        if muscle is not None and path.muscle != muscle:
            continue
        dofs = [dof for dof in (*HIP_DOFS, KNEE_DOF) if _crosses(path, dof)]
        arms = _excursion(model, path, leg, "right")
        for (flexion, knee), at_angle in zip(grid, arms, strict=True):
            rows.extend(
                MomentArmRow(
                    path.muscle,
                    path.part,
                    float(flexion),
                    float(knee),
                    dof,
                    float(at_angle[_column(dof)]),
                )
                for dof in dofs
            )
    return rows


def sweep_curve(
    model: MotionModel, path: MusclePath, dof: str, angles_deg: np.ndarray
) -> np.ndarray:
    """Moment arms (n,) about ``dof`` through a sweep of its joint: hip flexion for the hip's
    degrees of freedom (knee straight), knee flexion for :data:`KNEE_DOF` (hip at 0); zero
    where the part does not cross that joint."""
    leg = np.zeros((len(angles_deg), len(LEG_DOFS)))
    leg[:, 3 if dof == KNEE_DOF else 0] = angles_deg
    if not _crosses(path, dof):
        return np.zeros(len(angles_deg))
    return _excursion(model, path, leg, "right")[:, _column(dof)]


def _column(dof: str) -> int:
    """Where a degree of freedom's moment arm is in :func:`_excursion`'s result."""
    return 3 if dof == KNEE_DOF else HIP_DOFS.index(dof)


def _crosses(path: MusclePath, dof: str) -> bool:
    """Whether the path crosses the joint that ``dof`` turns (a moment arm would be 0)."""
    return path.crosses_knee if dof == KNEE_DOF else path.crosses_hip


def parse_sweep(spec: str) -> list[float]:
    """``START:STOP:STEP`` in degrees, STOP included, e.g. ``0:90:15``; ValueError if malformed."""
    try:
        start, stop, step = (float(v) for v in spec.split(":"))
    except ValueError:
        raise ValueError(
            f"expected START:STOP:STEP in degrees, like 0:90:15, not {spec!r}"
        ) from None
    if step <= 0 or stop < start:
        raise ValueError(f"{spec!r} needs a positive STEP and STOP >= START")
    count = int(np.floor((stop - start) / step + 1e-9)) + 1
    if count > 10_000:
        raise ValueError(f"{spec!r} gives {count} angles; 10000 is the most")
    return [round(start + i * step, 9) for i in range(count)]


@dataclass(frozen=True)
class ActionCheck:
    """An action claimed in the annotation file, set against the geometry at one pose."""

    muscle: str
    part: str
    motion: str
    dof: str
    moment_arm_mm: float
    position_dependent: bool

    @property
    def agrees(self) -> bool:
        return np.sign(self.moment_arm_mm) == ACTION_DOF[self.motion][1]


def action_checks(
    atlas: Atlas, model: MotionModel, hip_deg: Iterable[float] = (0.0, 0.0, 0.0)
) -> list[ActionCheck]:
    """Every hip or knee action of every modelled muscle part, with the geometry's moment arm.

    An action of the whole muscle (part ``all``) is checked on each modelled part, at the
    leg angles ``hip_deg`` (the hip's three, and the knee's if given: straight if not).
    """
    hip = np.asarray(list(hip_deg), dtype=float)
    checks: list[ActionCheck] = []
    for structure in atlas.data.structures:
        modelled = [p for p in model.paths.values() if p.muscle == structure.id]
        for action in structure.actions:
            if action.motion not in ACTION_DOF:
                continue
            dof, _ = ACTION_DOF[action.motion]
            dependent = POSITION_DEPENDENT in (action.note or "").lower()
            for path in modelled:
                if action.part not in (WHOLE_MUSCLE, path.part):
                    continue
                if not _crosses(path, dof):
                    continue
                arm = _excursion(model, path, hip, "right")[_column(dof)]
                checks.append(
                    ActionCheck(path.muscle, path.part, action.motion, dof, float(arm), dependent)
                )
    return checks
