"""The ``--pose`` option: hip angles in degrees, written ``flexion=90,adduction=0,rotation=20``."""

from __future__ import annotations

POSE_ANGLES = ("flexion", "adduction", "rotation")
"""The hip's degrees of freedom (+ flexion, + adduction, + internal rotation)."""
LIMIT_DEG = 180.0


def parse_pose(text: str) -> dict[str, float]:
    """The angles named in ``text``; ValueError naming the first thing that is wrong."""
    angles: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = (s.strip() for s in item.partition("="))
        if not sep or name not in POSE_ANGLES:
            raise ValueError(
                f"pose item {item!r}: write NAME=DEGREES with NAME one of {', '.join(POSE_ANGLES)}"
            )
        if name in angles:
            raise ValueError(f"pose gives {name} twice")
        try:
            degrees = float(value)
        except ValueError:
            raise ValueError(f"pose {name}: {value!r} is not a number of degrees") from None
        if not -LIMIT_DEG <= degrees <= LIMIT_DEG:
            raise ValueError(f"pose {name}: {degrees:g} is outside -180 to 180 degrees")
        angles[name] = degrees
    if not angles:
        raise ValueError("pose is empty; e.g. flexion=90,adduction=0,rotation=20")
    return angles
