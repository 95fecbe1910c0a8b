"""Loading and validating the annotation file, with errors that say file, line and field."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from viewer.model.atlas import Atlas
from viewer.model.checks import Loc, duplicates
from viewer.model.errors import AnnotationError, DataPathError, Problem
from viewer.model.landmarks import Landmarks
from viewer.model.paths import resolve_inside
from viewer.model.scenario_checks import exercise_problems, hip_ranges_beside, scenario_problems
from viewer.model.schema import WHOLE_MUSCLE, AnnotationFile
from viewer.model.yaml_source import YamlDocument, read_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)

MUSCLE_LIKE = ("muscle", "fascia")


def load_atlas(path: Path, landmarks: Landmarks | None = None, meshes: Path | None = None) -> Atlas:
    """Read, validate and cross-check ``path``; raise AnnotationError listing every problem.

    With ``landmarks``, attachment areas must name landmarks that exist; with
    ``meshes``, every mesh reference must stay inside that folder.
    """
    doc = read_yaml(path)
    data = validated(doc, AnnotationFile)
    problems = [
        problem_at(doc, loc, message)
        for loc, message in _reference_problems(data, landmarks, meshes)
    ]
    ranges = hip_ranges_beside(path)
    problems += [
        problem_at(doc, loc, message)
        for loc, message in chain(scenario_problems(data, ranges), exercise_problems(data, ranges))
    ]
    if problems:
        raise AnnotationError(problems)
    return Atlas(data, source=path)


def validated(doc: YamlDocument, schema: type[ModelT]) -> ModelT:
    """``doc`` as an instance of ``schema``, or AnnotationError locating every schema error."""
    try:
        return schema.model_validate(doc.data)
    except ValidationError as exc:
        raise AnnotationError(
            [
                problem_at(doc, tuple(err["loc"]), validation_message(err))
                for err in exc.errors(include_url=False)
            ]
        ) from None


def validation_message(err: dict) -> str:
    """A pydantic error in words a person editing the file understands."""
    if err["type"] == "extra_forbidden":
        return "unknown key (check its spelling against the schema)"
    if err["type"] == "missing":
        return "required field is missing"
    return str(err["msg"])


def problem_at(doc: YamlDocument, loc: Loc, message: str) -> Problem:
    """The problem at ``loc`` of ``doc``, with its line and a readable field path."""
    return Problem(
        file=doc.path, line=doc.line_of(loc), field=_field_name(doc, loc), message=message
    )


def _field_name(doc: YamlDocument, loc: Loc) -> str:
    """``structures[3](gluteus_medius).nerve.id``: the path, with the entry's id for context."""
    parts: list[str] = []
    node = doc.data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            item = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f"({item['id']})"
            parts.append(label)
            node = item
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def _reference_problems(
    data: AnnotationFile, landmarks: Landmarks | None, meshes: Path | None
) -> Iterator[tuple[Loc, str]]:
    """Every cross-reference and kind rule the schema alone cannot express."""
    structures = {s.id: s for s in data.structures}
    citations = {c.id for c in data.citations}

    yield from duplicates(
        ((("systems", i, "id"), s.id) for i, s in enumerate(data.systems)), "system id"
    )
    yield from duplicates(
        ((("citations", i, "id"), c.id) for i, c in enumerate(data.citations)), "citation id"
    )
    yield from duplicates(
        ((("structures", i, "id"), s.id) for i, s in enumerate(data.structures)), "structure id"
    )
    yield from duplicates(
        ((("clinical_notes", i, "id"), n.id) for i, n in enumerate(data.clinical_notes)),
        "clinical note id",
    )

    yield from duplicates(
        ((("motions", i, "id"), m.id) for i, m in enumerate(data.motions)), "motion"
    )
    motions = {m.id for m in data.motions}
    plexuses = {s.joins_plexus for s in data.structures if s.joins_plexus}
    scenarios = {s.id for s in data.scenarios}
    for i, m in enumerate(data.motions):
        if m.scenario is not None and m.scenario not in scenarios:
            yield ("motions", i, "scenario"), f"no scenario with id {m.scenario!r}"

    for i, s in enumerate(data.structures):
        at: Loc = ("structures", i)
        if not any(s.kind in system.kinds for system in data.systems):
            yield at + ("kind",), f"kind {s.kind!r} belongs to no system"
        yield from _cited(at, s.citations, citations)
        yield from duplicates(
            ((at + ("parts", j, "id"), p.id) for j, p in enumerate(s.parts)), "part id"
        )
        yield from duplicates(
            ((at + ("features", j, "id"), f.id) for j, f in enumerate(s.features)), "feature id"
        )
        if s.nerve is not None:
            yield from _refers(at + ("nerve", "id"), s.nerve.id, "nerve", structures)
        parts = {p.id for p in s.parts}
        for j, supply in enumerate(s.part_nerves):
            yield from _refers(at + ("part_nerves", j, "id"), supply.id, "nerve", structures)
        for where, supply in [(("nerve",), s.nerve)] + [
            (("part_nerves", j), n) for j, n in enumerate(s.part_nerves)
        ]:
            if supply is not None and supply.part is not None and supply.part not in parts:
                yield at + where + ("part",), f"{s.id} has no part {supply.part!r}"
        if s.part_nerves and any(n.part is None for n in s.supplies):
            yield at + ("part_nerves",), "with part_nerves, every nerve names the part it supplies"
        for j, artery in enumerate(s.arteries):
            yield from _refers(at + ("arteries", j), artery, "artery", structures)
        for j, passage in enumerate(s.passes):
            yield from _refers(
                at + ("passes", j, "through"), passage.through, "foramen", structures
            )
            if passage.of is not None and passage.of not in structures:
                yield at + ("passes", j, "of"), f"no structure with id {passage.of!r}"
        yield from duplicates(
            ((at + ("passes", j, "through"), p.through) for j, p in enumerate(s.passes)),
            "opening passed through",
        )
        for j, rim in enumerate(s.bounded_by):
            if rim not in structures:
                yield at + ("bounded_by", j), f"no structure with id {rim!r}"
        if s.bounded_by and s.kind != "foramen":
            yield at + ("bounded_by",), f"only foramina are bounded by structures, not a {s.kind}"
        if s.branch_of is not None:
            if s.kind not in ("nerve", "artery"):
                yield at + ("branch_of",), f"only a nerve or an artery branches, not a {s.kind}"
            else:
                yield from _refers(at + ("branch_of",), s.branch_of, s.kind, structures)
        if s.joins_plexus and (s.kind != "nerve" or not s.roots):
            yield at + ("joins_plexus",), "only a nerve with its roots listed joins a plexus"
        if s.plexus is not None and s.plexus not in plexuses:
            known = ", ".join(sorted(plexuses)) or "none"
            yield at + ("plexus",), f"no rami join a plexus {s.plexus!r} (joined: {known})"
        part_ids = {p.id for p in s.parts} | {WHOLE_MUSCLE}
        for j, action in enumerate(s.actions):
            if action.motion not in motions:
                yield (
                    at + ("actions", j, "motion"),
                    f"motion {action.motion!r} is not defined under motions",
                )
            if action.part not in part_ids:
                yield (
                    at + ("actions", j, "part"),
                    (
                        f"part {action.part!r} is not one of this structure's parts "
                        f"({', '.join(sorted(part_ids))})"
                    ),
                )
        yield from _kind_rules(at, s)
        for role in ("origin", "insertion"):
            for j, attachment in enumerate(getattr(s, role)):
                if attachment.area is None:
                    continue
                area_at = at + (role, j, "area")
                target = structures.get(attachment.area.on)
                if target is None:
                    yield area_at + ("on",), f"no structure with id {attachment.area.on!r}"
                    continue
                if landmarks is not None:
                    for k, name in enumerate(attachment.area.landmarks):
                        if not landmarks.has(target.id, name):
                            yield (
                                area_at + ("landmarks", k),
                                f"{target.id} has no landmark {name!r}",
                            )
        if landmarks is not None:
            for j, feature in enumerate(s.features):
                if feature.landmark and not landmarks.has(s.id, feature.landmark):
                    yield (
                        at + ("features", j, "landmark"),
                        f"{s.id} has no landmark {feature.landmark!r}",
                    )
        if meshes is not None:
            suffixes = ("",) if s.sides == "midline" else ("_l", "_r")
            for suffix in suffixes:
                try:
                    resolve_inside(meshes, f"{s.mesh}{suffix}.ply")
                except DataPathError:
                    yield at + ("mesh",), f"mesh {s.mesh!r} points outside the meshes folder"
                    break

    yield from duplicates(
        ((("surface_sites", i, "id"), x.id) for i, x in enumerate(data.surface_sites)),
        "surface site id",
    )
    for i, site in enumerate(data.surface_sites):
        at = ("surface_sites", i)
        yield from _cited(at, site.citations, citations)
        for j, nerve in enumerate(site.nerves_beneath):
            yield from _refers(at + ("nerves_beneath", j), nerve, "nerve", structures)
        if site.landmark and landmarks is not None and not landmarks.has("skin", site.landmark):
            yield at + ("landmark",), f"the skin has no landmark {site.landmark!r}"

    for i, note in enumerate(data.clinical_notes):
        at = ("clinical_notes", i)
        yield from _cited(at, note.citations, citations)
        for j, sid in enumerate(note.structures):
            if sid not in structures:
                yield at + ("structures", j), f"no structure with id {sid!r}"


def _kind_rules(at: Loc, s) -> Iterator[tuple[Loc, str]]:
    if s.kind not in MUSCLE_LIKE:
        for key in ("nerve", "actions", "parts"):
            if getattr(s, key):
                yield at + (key,), f"only muscles and fasciae have {key}, not a {s.kind}"
    if s.kind != "nerve" and s.roots:
        yield at + ("roots",), f"only nerves have roots, not a {s.kind}"
    if s.kind not in ("bone", "skin") and s.features:
        yield at + ("features",), f"only bones and the skin have features, not a {s.kind}"


def _cited(at: Loc, refs: Sequence[str], citations: set[str]) -> Iterator[tuple[Loc, str]]:
    for j, ref in enumerate(refs):
        if ref not in citations:
            yield at + ("citations", j), f"no citation with id {ref!r}"


def _refers(loc: Loc, ref: str, kind: str, structures: dict) -> Iterator[tuple[Loc, str]]:
    target = structures.get(ref)
    if target is None:
        yield loc, f"no structure with id {ref!r}"
    elif target.kind != kind:
        yield loc, f"{ref!r} is a {target.kind}, not a {kind}"
