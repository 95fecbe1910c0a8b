"""Cross-checks of the clinical scenarios and exercises that the schema alone cannot express.

Keyframe times must run from 0 and increase; ids must exist; a hip angle
must lie inside the normal range of ``motion.yaml`` (beside the annotation
file) where that file gives one, so a scenario or an exercise's picture never
shows an impossible hip; an exercise shown by a scenario is shown at a moment
of it; a clinical note suggests only exercises that are defined.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from viewer.model.checks import Loc, duplicates
from viewer.model.errors import AtlasDataError
from viewer.model.kinematics import HIP_DOFS, LEG_DOFS
from viewer.model.motion_schema import HipRanges, KneeRange
from viewer.model.paths import MOTION_FILE
from viewer.model.schema import AnnotationFile, Keyframe
from viewer.model.yaml_source import read_yaml

Ranges = dict[str, tuple[float, float]]
"""Each leg angle's normal range, degrees: the hip's three and the knee's."""


def hip_ranges_beside(atlas_path: Path) -> Ranges | None:
    """The hip and knee ranges of ``motion.yaml`` beside the annotation file, or None.

    An absent or broken motion file is reported where it is loaded for motion;
    here it only means there is no range to check against.
    """
    motion = atlas_path.with_name(MOTION_FILE)
    if not motion.is_file():
        return None
    try:
        data = read_yaml(motion).data
        hip = HipRanges.model_validate(data["hip"]["ranges"])
        knee = KneeRange.model_validate(data["knee"]["range"])
    except (AtlasDataError, OSError, ValidationError, KeyError, TypeError):
        return None
    return {
        **{dof: (getattr(hip, dof).min, getattr(hip, dof).max) for dof in HIP_DOFS},
        "knee": (knee.min, knee.max),
    }


def scenario_problems(data: AnnotationFile, ranges: Ranges | None) -> Iterator[tuple[Loc, str]]:
    """Every problem of ``data.scenarios``, at its location in the file."""
    structures = {s.id for s in data.structures}
    citations = {c.id for c in data.citations}
    notes = {n.id for n in data.clinical_notes}
    yield from duplicates(
        ((("scenarios", i, "id"), s.id) for i, s in enumerate(data.scenarios)), "scenario id"
    )
    for i, scenario in enumerate(data.scenarios):
        at: Loc = ("scenarios", i)
        for j, sid in enumerate(scenario.structures):
            if sid not in structures:
                yield at + ("structures", j), f"no structure with id {sid!r}"
        for j, ref in enumerate(scenario.citations):
            if ref not in citations:
                yield at + ("citations", j), f"no citation with id {ref!r}"
        if scenario.clinical_note is not None and scenario.clinical_note not in notes:
            yield at + ("clinical_note",), f"no clinical note with id {scenario.clinical_note!r}"
        yield from _keyframe_problems(at, scenario.keyframes, ranges)


def _keyframe_problems(
    at: Loc, keyframes: list[Keyframe], ranges: Ranges | None
) -> Iterator[tuple[Loc, str]]:
    if keyframes[0].t != 0:
        first = keyframes[0].t
        yield at + ("keyframes", 0, "t"), f"the first keyframe must be at t: 0, not {first}"
    for j in range(1, len(keyframes)):
        before, now = keyframes[j - 1].t, keyframes[j].t
        if now <= before:
            yield (
                at + ("keyframes", j, "t"),
                f"times must increase: {now} s does not come after {before} s",
            )
    for j, keyframe in enumerate(keyframes):
        yield from _range_problems(at + ("keyframes", j), keyframe, ranges)


def _range_problems(at: Loc, posed, ranges: Ranges | None) -> Iterator[tuple[Loc, str]]:
    """Leg angles of a keyframe or an exercise outside the hip's or the knee's normal range."""
    if ranges is None:
        return
    for side in ("right", "left"):
        hip = getattr(posed, side)
        if hip is None:
            continue
        for dof in LEG_DOFS:
            (low, high), angle = ranges[dof], getattr(hip, dof)
            if not low <= angle <= high:
                joint = "knee's flexion" if dof == "knee" else f"hip's {dof}"
                yield (
                    at + (side, dof),
                    f"{angle:g} degrees is outside the {joint} range "
                    f"({low:g} to {high:g}, {MOTION_FILE})",
                )


def exercise_problems(data: AnnotationFile, ranges: Ranges | None) -> Iterator[tuple[Loc, str]]:
    """Every problem of ``data.exercises`` and of the clinical notes' references to them."""
    scenarios = {s.id: s for s in data.scenarios}
    yield from duplicates(
        ((("exercises", i, "id"), e.id) for i, e in enumerate(data.exercises)), "exercise id"
    )
    for i, exercise in enumerate(data.exercises):
        at: Loc = ("exercises", i)
        if exercise.scenario is not None:
            scenario = scenarios.get(exercise.scenario)
            if scenario is None:
                yield at + ("scenario",), f"no scenario with id {exercise.scenario!r}"
            elif exercise.at > scenario.keyframes[-1].t:
                end = scenario.keyframes[-1].t
                yield at + ("at",), f"{exercise.at:g} s is after the scenario's end ({end:g} s)"
        yield from _range_problems(at, exercise, ranges)
    defined = {e.id for e in data.exercises}
    for i, note in enumerate(data.clinical_notes):
        for j, ref in enumerate(note.exercises):
            if ref not in defined:
                yield ("clinical_notes", i, "exercises", j), f"no exercise with id {ref!r}"
