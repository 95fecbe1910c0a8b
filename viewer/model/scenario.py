"""A clinical scenario as an animation: the keyframes of the annotation file, eased.

Between two keyframes every angle follows half a cosine, so the model slows
into and out of each keyframe and holds it still when two keyframes agree.
Angles are relative to the pelvis (the hips) or to the room (the pelvis), as
in :mod:`viewer.model.kinematics`: a femur that should stay upright under a
tilting pelvis must be given the compensating hip angle in the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from viewer.model.animation import Pose
from viewer.model.atlas import Atlas, Side
from viewer.model.facts import Audience
from viewer.model.kinematics import LEG_DOFS, PELVIS_DOFS, HipPose, PelvisPose
from viewer.model.schema import Exercise, Keyframe, Scenario

PARTS = ("right", "left", "pelvis")
"""The order of the angle groups in :meth:`ScenarioClip.angles`: each leg's four
(:data:`LEG_DOFS`), then the pelvis's three."""
_SLICES = {"right": slice(0, 4), "left": slice(4, 8), "pelvis": slice(8, 11)}
ANGLES = 11

MIRROR_ORDER = [4, 5, 6, 7, 0, 1, 2, 3, 8, 9, 10]
"""The angles of the other side: the legs swap, the pelvis stays in place."""
MIRROR_SIGNS = np.array([1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1], dtype=float)
"""Mirrored, the pelvis drops and turns the other way (obliquity and rotation change sign)."""
MIRRORED_VIEW = {"right": "left", "left": "right"}
"""A scenario seen from one side is seen from the other when it is mirrored."""
_SIDE_WORDS = re.compile(r"\b(right|left|Right|Left)\b")
_OTHER_SIDE = {"right": "left", "left": "right", "Right": "Left", "Left": "Right"}


def mirror_words(text: str) -> str:
    """``text`` about the other side: right and left swapped, as whole words."""
    return _SIDE_WORDS.sub(lambda m: _OTHER_SIDE[m.group(0)], text)


def _angles(keyframe: Keyframe) -> np.ndarray:
    """The keyframe's angles in :data:`PARTS` order; a part left out is neutral."""
    out = np.zeros(ANGLES)
    for part, dofs in zip(PARTS, (LEG_DOFS, LEG_DOFS, PELVIS_DOFS), strict=True):
        given = getattr(keyframe, part)
        if given is not None:
            out[_SLICES[part]] = [getattr(given, dof) for dof in dofs]
    return out


@dataclass(frozen=True)
class ScenarioClip:
    """A scenario's poses and captions over time; played by :class:`~animation.Player`."""

    scenario: Scenario
    times: np.ndarray
    """Keyframe times (K,), seconds, from 0 and increasing (the loader checks)."""
    keys: np.ndarray
    """Keyframe angles (K, 11), degrees, in :data:`PARTS` order."""
    mirrored: bool = False
    """Shown on the other side of the body: a patient's left, where the file says right."""

    @classmethod
    def of(cls, scenario: Scenario, mirrored: bool = False) -> ScenarioClip:
        times = np.array([k.t for k in scenario.keyframes], dtype=float)
        keys = np.stack([_angles(k) for k in scenario.keyframes])
        if mirrored:
            keys = keys[:, MIRROR_ORDER] * MIRROR_SIGNS
        return cls(scenario, times, keys, mirrored)

    @staticmethod
    def one_sided(scenario: Scenario) -> bool:
        """Whether the scenario looks different mirrored (the Trendelenburg sign; not a bridge)."""
        keys = np.stack([_angles(k) for k in scenario.keyframes])
        return not np.allclose(keys, keys[:, MIRROR_ORDER] * MIRROR_SIGNS)

    @property
    def duration(self) -> float:
        return float(self.times[-1])

    @property
    def view(self) -> str:
        """The named view the scenario is seen from (from the other side when mirrored)."""
        view = self.scenario.view
        return MIRRORED_VIEW.get(view, view) if self.mirrored else view

    @property
    def framed_poses(self) -> list[Pose]:
        """The poses the view must hold: each keyframe's, for a scenario framed on the legs
        (``frame: legs``); none for one framed on the hips, which the standard frame holds."""
        if self.scenario.frame != "legs":
            return []
        return [self.pose_at(float(t)) for t in self.times]

    def angles(self, t: float | np.ndarray) -> np.ndarray:
        """All the angles (..., 11) at times ``t`` (s), clamped to the clip, eased between keys."""
        t = np.clip(np.asarray(t, dtype=float), 0.0, self.duration)
        i = np.clip(np.searchsorted(self.times, t, side="right") - 1, 0, len(self.times) - 2)
        span = self.times[i + 1] - self.times[i]
        ease = (1 - np.cos(np.pi * (t - self.times[i]) / span)) / 2
        return self.keys[i] + (self.keys[i + 1] - self.keys[i]) * ease[..., None]

    def hip_angles(self, t: float | np.ndarray, side: Side) -> np.ndarray:
        """One leg's angles (..., 4) in :data:`LEG_DOFS` order at times ``t``."""
        return self.angles(t)[..., _SLICES[side]]

    def path_angles(self, t: float | np.ndarray, side: Side) -> np.ndarray:
        """What poses one side's muscle paths (..., 6) at times ``t``: the leg's angles, then
        the pelvis's tilt and obliquity that the lumbar spine takes back (on that side's
        terms, + obliquity dropping the other side) where the trunk stays upright, else 0."""
        angles = self.angles(t)
        pelvis = angles[..., _SLICES["pelvis"]][..., :2]
        if self.scenario.trunk != "upright":
            pelvis = np.zeros_like(pelvis)
        elif side == "left":
            pelvis = pelvis * np.array([1.0, -1.0])
        return np.concatenate([angles[..., _SLICES[side]], pelvis], axis=-1)

    def pose_at(self, t: float) -> Pose:
        a = [float(v) for v in self.angles(t)]
        return Pose(
            right=HipPose(*a[_SLICES["right"]]),
            left=HipPose(*a[_SLICES["left"]]),
            pelvis=PelvisPose(*a[_SLICES["pelvis"]]),
            trunk_upright=self.scenario.trunk == "upright",
        )

    def caption_at(self, t: float, audience: Audience = "clinician") -> str | None:
        """The caption of the latest keyframe at or before ``t`` that has one, in the words
        for ``audience``; None before the first caption."""
        caption = None
        for keyframe in self.scenario.keyframes:
            if keyframe.t > t:
                break
            if keyframe.caption is not None:
                caption = keyframe.plain_caption if audience == "patient" else keyframe.caption
        return mirror_words(caption) if caption is not None and self.mirrored else caption

    def title(self, audience: Audience = "clinician") -> str:
        title = self.scenario.plain_title if audience == "patient" else self.scenario.title
        return mirror_words(title) if self.mirrored else title


@dataclass(frozen=True)
class Frame:
    """One still of a scenario: the pose at ``time`` and what its caption says there."""

    time: float
    pose: Pose
    caption: str


def key_frames(clip: ScenarioClip, audience: Audience = "clinician") -> list[Frame]:
    """The moments a printed page shows: the end of each captioned phase's hold.

    A caption starts a phase; its pose is the one reached just before the next
    caption (or the end), where the model holds still. A phase that only
    returns to an earlier pose is left out (the Trendelenburg sign: the level
    pelvis, then the dropped one).
    """
    keyframes = clip.scenario.keyframes
    starts = [k.t for k in keyframes if k.caption is not None] + [clip.duration + 1]
    frames: list[Frame] = []
    for start, end in zip(starts, starts[1:], strict=False):
        times = [k.t for k in keyframes if start <= k.t < end]
        holds = [b for a, b in zip(times, times[1:], strict=False) if _same(clip, a, b)]
        moved = max(times, key=lambda t: np.abs(clip.angles(t) - clip.angles(start)).sum())
        held = holds[-1] if holds else moved
        if any(_same(clip, held, f.time) for f in frames):
            continue
        frames.append(Frame(held, clip.pose_at(held), clip.caption_at(start, audience) or ""))
    return frames


def _same(clip: ScenarioClip, a: float, b: float) -> bool:
    return bool(np.allclose(clip.angles(a), clip.angles(b)))


def exercise_picture(atlas: Atlas, exercise: Exercise) -> tuple[Pose, str]:
    """The pose and the named view of an exercise's picture."""
    if exercise.scenario is not None:
        scenario = atlas.scenarios[exercise.scenario]
        pose = ScenarioClip.of(scenario).pose_at(exercise.at or 0.0)
        return pose, exercise.view or scenario.view
    hips = [HipPose(**(h.model_dump() if h else {})) for h in (exercise.right, exercise.left)]
    pelvis = PelvisPose(**(exercise.pelvis.model_dump() if exercise.pelvis else {}))
    return Pose(right=hips[0], left=hips[1], pelvis=pelvis), exercise.view
