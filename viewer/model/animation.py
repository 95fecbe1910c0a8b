"""Animated actions: a clip of leg poses over time, and a player to run it.

A clip turns one hip or knee angle from neutral out to the motion's amplitude and back,
as the annotation file's ``motions`` entries say (``dof``, ``direction``,
``amplitude``). The player holds the playback state (time, playing, speed,
loop) and is advanced by whoever owns a clock: a Qt timer in the window, a loop
in a test. Nothing here knows about Qt or the 3D scene.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from psygnal import Signal

from viewer.model.atlas import Atlas, Side
from viewer.model.kinematics import LEG_DOFS, HipPose, HipRanges, PelvisPose

SECONDS_PER_DEGREE = 1 / 45
"""Out-and-back time per degree of amplitude: 90 degrees of flexion take 4 s."""

MIN_DURATION_S = 2.0
"""Even a small motion lasts this long, so it can be followed by eye."""

SPEEDS = (0.25, 0.5, 1.0, 2.0)
"""The playback speeds offered, as multiples of real time."""


@dataclass(frozen=True)
class Pose:
    """The whole skeleton's pose: both hips and the pelvis."""

    right: HipPose = field(default_factory=HipPose)
    left: HipPose = field(default_factory=HipPose)
    pelvis: PelvisPose = field(default_factory=PelvisPose)
    trunk_upright: bool = False
    """Whether the trunk stays upright as the pelvis tilts, the lumbar spine bending to take
    the tilt up (:mod:`viewer.model.lumbar`); otherwise the spine moves with the pelvis."""

    def hip(self, side: Side) -> HipPose:
        return self.right if side == "right" else self.left

    @classmethod
    def of_hip(cls, side: Side, hip: HipPose) -> Pose:
        """One hip posed, the other and the pelvis neutral."""
        return cls(right=hip) if side == "right" else cls(left=hip)


NEUTRAL = Pose()


def pose_for(atlas: Atlas, instance_id: str | None, angles: Mapping[str, float]) -> Pose:
    """Leg ``angles`` (flexion, adduction, rotation, knee; degrees) on ``instance_id``'s side.

    A structure of no side, or none, poses the right hip; the other stays neutral.
    """
    instance = atlas.instances.get(instance_id) if instance_id else None
    side: Side = instance.side if instance and instance.side else "right"
    return Pose.of_hip(side, HipPose(**angles))


class NotPlayable(ValueError):
    """The motion is no movement of a joint (e.g. holding the pelvis level)."""


@dataclass(frozen=True)
class ActionClip:
    """One leg turning one angle from ``start`` to ``peak`` degrees and back, in ``duration`` s."""

    motion: str
    side: Side
    dof: str
    peak: float
    """Signed angle at the middle of the clip, degrees (+ flexion, adduction, internal)."""
    duration: float
    start: float = 0.0
    """The angle at the clip's start and end, degrees: 0 but for a knee straightening."""

    def angles(self, t: float | np.ndarray) -> np.ndarray:
        """Leg angles (..., 4) in :data:`LEG_DOFS` order at times ``t`` (s), clamped to the clip."""
        phase = np.clip(np.asarray(t, dtype=float) / self.duration, 0.0, 1.0)
        out = np.zeros(np.shape(phase) + (len(LEG_DOFS),))
        swing = (self.peak - self.start) * (1 - np.cos(2 * np.pi * phase)) / 2
        out[..., LEG_DOFS.index(self.dof)] = self.start + swing
        return out

    def pose_at(self, t: float) -> Pose:
        return Pose.of_hip(self.side, HipPose(*(float(a) for a in self.angles(t))))


def action_clip(atlas: Atlas, motion: str, side: Side, ranges: HipRanges) -> ActionClip:
    """The clip of an annotated motion; NotPlayable for one that does not move a joint.

    The peak is kept inside the joint's normal range, whatever the annotation says.
    """
    term = atlas.motions[motion]
    if not term.playable:
        raise NotPlayable(f"{term.name} is not animated in the atlas; it cannot be played")
    joint = getattr(ranges, term.dof)
    start = joint.clamp(term.start)
    peak = joint.clamp(start + term.direction * term.amplitude)
    duration = max(MIN_DURATION_S, 2 * abs(peak - start) * SECONDS_PER_DEGREE)
    return ActionClip(
        motion=motion, side=side, dof=term.dof, peak=peak, duration=duration, start=start
    )


class Clip(Protocol):
    """What a player plays: poses over ``duration`` seconds (an action, a clinical scenario)."""

    @property
    def duration(self) -> float: ...

    def pose_at(self, t: float) -> Pose: ...


class Player:
    """Playback of one clip: time, playing or paused, speed and loop. Emits on each change."""

    changed = Signal()
    """Emitted whenever the time, the clip or the playback state changes."""

    def __init__(self) -> None:
        self.clip: Clip | None = None
        self.time = 0.0
        self.playing = False
        self.speed = 1.0
        self.loop = True
        self.standing = False
        """Reset: the clip stays loaded (Play plays it again) but is not on show."""

    @property
    def shown_clip(self) -> Clip | None:
        """The clip whose pose, colours and caption are on show (None after Reset)."""
        return None if self.standing else self.clip

    @property
    def pose(self) -> Pose:
        clip = self.shown_clip
        return NEUTRAL if clip is None else clip.pose_at(self.time)

    @property
    def duration(self) -> float:
        return 0.0 if self.clip is None else self.clip.duration

    def load(self, clip: Clip, play: bool = True) -> None:
        """Start ``clip`` from its beginning (neutral)."""
        self.clip, self.time, self.playing, self.standing = clip, 0.0, play, False
        self.changed.emit()

    def play(self) -> None:
        if self.clip is not None and not self.playing:
            if not self.loop and self.time >= self.duration:
                self.time = 0.0  # a finished clip plays again from the start
            self.playing, self.standing = True, False
            self.changed.emit()

    def pause(self) -> None:
        if self.playing:
            self.playing = False
            self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def seek(self, t: float) -> None:
        """Jump to time ``t`` (s), clamped to the clip."""
        self.time = float(np.clip(t, 0.0, self.duration))
        self.standing = False
        self.changed.emit()

    def reset(self) -> None:
        """Stop and stand: the skeleton in the neutral pose, nothing of the clip on show.

        Not the clip's start: a scenario may start lying down (the glute bridge),
        and "Reset" means standing, with no caption left over. The clip stays
        loaded, so Play shows it again from its beginning.
        """
        self.playing = False
        self.time = 0.0
        self.standing = True
        self.changed.emit()

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, not {speed}")
        self.speed = speed
        self.changed.emit()

    def set_loop(self, loop: bool) -> None:
        self.loop = loop
        self.changed.emit()

    def advance(self, seconds: float) -> None:
        """Move on by ``seconds`` of real time (times the speed), if playing."""
        if not self.playing or self.clip is None:
            return
        t = self.time + seconds * self.speed
        if t >= self.duration:
            if self.loop:
                t %= self.duration
            else:
                t, self.playing = self.duration, False
        self.time = t
        self.changed.emit()
