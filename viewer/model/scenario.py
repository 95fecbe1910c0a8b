"""A clinical scenario as an animation: the keyframes of the annotation file, eased.

Between two keyframes every angle follows half a cosine, so the model slows
into and out of each keyframe and holds it still when two keyframes agree.
Angles are relative to the pelvis (the hips) or to the room (the pelvis), as
in :mod:`viewer.model.kinematics`: a femur that should stay upright under a
tilting pelvis must be given the compensating hip angle in the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.model.animation import Pose
from viewer.model.atlas import Side
from viewer.model.facts import Audience
from viewer.model.kinematics import HIP_DOFS, PELVIS_DOFS, HipPose, PelvisPose
from viewer.model.schema import Keyframe, Scenario

PARTS = ("right", "left", "pelvis")
"""The order of the three angle triples in :meth:`ScenarioClip.angles`."""


def _angles(keyframe: Keyframe) -> np.ndarray:
    """The keyframe's nine angles in :data:`PARTS` order; a part left out is neutral."""
    out = np.zeros(9)
    for k, (part, dofs) in enumerate(zip(PARTS, (HIP_DOFS, HIP_DOFS, PELVIS_DOFS), strict=True)):
        given = getattr(keyframe, part)
        if given is not None:
            out[3 * k : 3 * k + 3] = [getattr(given, dof) for dof in dofs]
    return out


@dataclass(frozen=True)
class ScenarioClip:
    """A scenario's poses and captions over time; played by :class:`~animation.Player`."""

    scenario: Scenario
    times: np.ndarray
    """Keyframe times (K,), seconds, from 0 and increasing (the loader checks)."""
    keys: np.ndarray
    """Keyframe angles (K, 9), degrees, in :data:`PARTS` order."""

    @classmethod
    def of(cls, scenario: Scenario) -> ScenarioClip:
        times = np.array([k.t for k in scenario.keyframes], dtype=float)
        keys = np.stack([_angles(k) for k in scenario.keyframes])
        return cls(scenario, times, keys)

    @property
    def duration(self) -> float:
        return float(self.times[-1])

    def angles(self, t: float | np.ndarray) -> np.ndarray:
        """All nine angles (..., 9) at times ``t`` (s), clamped to the clip, eased between keys."""
        t = np.clip(np.asarray(t, dtype=float), 0.0, self.duration)
        i = np.clip(np.searchsorted(self.times, t, side="right") - 1, 0, len(self.times) - 2)
        span = self.times[i + 1] - self.times[i]
        ease = (1 - np.cos(np.pi * (t - self.times[i]) / span)) / 2
        return self.keys[i] + (self.keys[i + 1] - self.keys[i]) * ease[..., None]

    def hip_angles(self, t: float | np.ndarray, side: Side) -> np.ndarray:
        """One hip's angles (..., 3) in :data:`HIP_DOFS` order at times ``t``."""
        k = PARTS.index(side)
        return self.angles(t)[..., 3 * k : 3 * k + 3]

    def pose_at(self, t: float) -> Pose:
        a = [float(v) for v in self.angles(t)]
        return Pose(right=HipPose(*a[0:3]), left=HipPose(*a[3:6]), pelvis=PelvisPose(*a[6:9]))

    def caption_at(self, t: float, audience: Audience = "clinician") -> str | None:
        """The caption of the latest keyframe at or before ``t`` that has one, in the words
        for ``audience``; None before the first caption."""
        caption = None
        for keyframe in self.scenario.keyframes:
            if keyframe.t > t:
                break
            if keyframe.caption is not None:
                caption = keyframe.plain_caption if audience == "patient" else keyframe.caption
        return caption

    def title(self, audience: Audience = "clinician") -> str:
        return self.scenario.plain_title if audience == "patient" else self.scenario.title
