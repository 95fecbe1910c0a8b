"""Hip moment arms by tendon excursion: r = -dL/dq, from the muscle path geometry.

The sign follows the joint's: a positive moment arm means the muscle pulls
the hip towards + flexion, + adduction or + internal rotation; a negative one
towards extension, abduction or external rotation. Lengths are in mm and the
angle in radians, so the moment arm comes out in mm. The derivative is a
central difference, which is accurate to well under 0.01 mm here because the
path length (wrapping included) is smooth in the angles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from viewer.model.atlas import Atlas, Side
from viewer.model.kinematics import HIP_DOFS
from viewer.model.muscle_paths import MotionModel, MusclePath
from viewer.model.schema import WHOLE_MUSCLE

STEP_DEG = 0.01
"""Half-width of the central difference, in degrees."""

CSV_COLUMNS = ("muscle", "part", "hip_flexion_deg", "dof", "moment_arm_mm")

ACTION_DOF: dict[str, tuple[str, int]] = {
    "flexion": ("flexion", 1),
    "extension": ("flexion", -1),
    "adduction": ("adduction", 1),
    "abduction": ("adduction", -1),
    "internal_rotation": ("rotation", 1),
    "external_rotation": ("rotation", -1),
}
"""Annotation motions that are hip rotations: the degree of freedom and the sign they need."""

POSITION_DEPENDENT = "position-dependent"
"""Words in an action's note saying that the action changes with the hip's position."""


def moment_arms(
    model: MotionModel, path: MusclePath, hip_deg: np.ndarray, side: Side = "right"
) -> np.ndarray:
    """Moment arms (..., 3) in mm about flexion, adduction and rotation at hip angles (..., 3)."""
    hip = np.asarray(hip_deg, dtype=float)
    offsets = np.concatenate([np.eye(3), -np.eye(3)]) * STEP_DEG
    lengths = model.length(path, hip[..., None, :] + offsets, side)
    dl_dq = (lengths[..., :3] - lengths[..., 3:]) / np.radians(2 * STEP_DEG)
    return -dl_dq


@dataclass(frozen=True)
class MomentArmRow:
    """One line of the moment-arm table (the columns of :data:`CSV_COLUMNS`)."""

    muscle: str
    part: str
    hip_flexion_deg: float
    dof: str
    moment_arm_mm: float

    def as_csv(self) -> list[str]:
        return [
            self.muscle,
            self.part,
            f"{self.hip_flexion_deg:g}",
            self.dof,
            f"{self.moment_arm_mm:.2f}",
        ]


def moment_arm_table(
    model: MotionModel, flexions_deg: Sequence[float], muscle: str | None = None
) -> list[MomentArmRow]:
    """Right-side moment arms of every part (or one muscle's), through a flexion sweep.

    Adduction and rotation are held at 0; one row per part, angle and degree of freedom.
    """
    hip = np.zeros((len(flexions_deg), 3))
    hip[:, 0] = flexions_deg
    rows: list[MomentArmRow] = []
    for path in model.paths.values():
        if muscle is not None and path.muscle != muscle:
            continue
        arms = moment_arms(model, path, hip)
        for flexion, at_angle in zip(flexions_deg, arms, strict=True):
            rows.extend(
                MomentArmRow(path.muscle, path.part, float(flexion), dof, float(arm))
                for dof, arm in zip(HIP_DOFS, at_angle, strict=True)
            )
    return rows


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
    """Every hip action of every modelled muscle part, with the geometry's moment arm.

    An action of the whole muscle (part ``all``) is checked on each modelled part.
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
                arm = moment_arms(model, path, hip)[HIP_DOFS.index(dof)]
                checks.append(
                    ActionCheck(path.muscle, path.part, action.motion, dof, float(arm), dependent)
                )
    return checks
