"""The ``--pose`` option: hip and knee angles in degrees, e.g. ``flexion=90,knee=60``."""

from __future__ import annotations

POSE_ANGLES = ("flexion", "adduction", "rotation", "knee")
"""The hip's degrees of freedom (+ flexion, + adduction, + internal rotation) and the knee's
flexion (0 straight)."""
OPPOSITES = {
    "extension": "flexion",
    "abduction": "adduction",
    "external_rotation": "rotation",
    "internal_rotation": "rotation",
    "knee_flexion": "knee",
}
"""Words people write for the other direction of an angle: abduction=40 is adduction=-40."""
SIGN = {"extension": -1.0, "abduction": -1.0, "external_rotation": -1.0}
LIMIT_DEG = 180.0


def parse_pose(text: str) -> dict[str, float]:
    """The angles named in ``text``; ValueError naming the first thing that is wrong."""
    angles: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        word, sep, value = (s.strip() for s in item.partition("="))
        word = word.lower().replace(" ", "_").replace("-", "_")
        name = OPPOSITES.get(word, word)
        if not sep or name not in POSE_ANGLES:
            raise ValueError(
                f"pose item {item!r}: write NAME=DEGREES with NAME one of "
                f"{', '.join(POSE_ANGLES)} (or extension, abduction, external_rotation, "
                "internal_rotation for their directions)"
            )
        if name in angles:
            raise ValueError(f"pose gives {name} twice")
        try:
            degrees = SIGN.get(word, 1.0) * float(value)
        except ValueError:
            raise ValueError(f"pose {word}: {value!r} is not a number of degrees") from None
        if not -LIMIT_DEG <= degrees <= LIMIT_DEG:
            raise ValueError(f"pose {name}: {degrees:g} is outside -180 to 180 degrees")
        angles[name] = degrees
    if not angles:
        raise ValueError("pose is empty; e.g. flexion=90,adduction=0,rotation=20")
    return angles
