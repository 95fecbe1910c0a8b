"""The atlas: structures from the annotation file, their mesh instances and relations.

A bilateral structure is described once and drawn twice (``<id>_l`` and
``<id>_r``); a midline structure is one instance named by its id. Everything
the viewer shows about an instance (what it attaches to, its nerve, its
artery) is derived here from the annotation data, not written in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from viewer.model.schema import (
    AnnotationFile,
    Attachment,
    Citation,
    ClinicalNote,
    Exercise,
    MotionTerm,
    Passage,
    Scenario,
    Structure,
    SurfaceSite,
    System,
)

Side = Literal["left", "right"]
SIDE_SUFFIX: dict[Side, str] = {"left": "_l", "right": "_r"}


@dataclass(frozen=True)
class Instance:
    """One drawn copy of a structure: the left or right one, or the midline one."""

    id: str
    structure: Structure
    side: Side | None

    @property
    def label(self) -> str:
        """The name a person reads, e.g. ``Gluteus medius (right)``."""
        return f"{self.structure.name} ({self.side})" if self.side else self.structure.name

    @property
    def plain_label(self) -> str:
        """The everyday name, for patient mode, e.g. ``Middle buttock muscle (right)``."""
        plain = self.structure.plain_name
        name = plain[:1].upper() + plain[1:]
        if not self.side:
            return name
        # "Hip bone (one half of the pelvis), left": no second pair of brackets
        return f"{name}, {self.side}" if name.endswith(")") else f"{name} ({self.side})"

    @property
    def mesh_stem(self) -> str:
        suffix = SIDE_SUFFIX[self.side] if self.side else ""
        return f"{self.structure.mesh}{suffix}"


@dataclass(frozen=True)
class AttachmentSite:
    """An origin or insertion placed on a particular instance (same side as the muscle)."""

    role: Literal["origin", "insertion"]
    attachment: Attachment
    target: str
    """Instance id of the structure the area is drawn on."""
    side: Side | None = None
    """The muscle's side: on a midline bone (the sacrum) the area lies on this half."""


@dataclass(frozen=True)
class Relations:
    """What lights up with a selected instance."""

    sites: tuple[AttachmentSite, ...]
    nerves: tuple[str, ...]
    arteries: tuple[str, ...]
    supplies: tuple[str, ...]
    """For a nerve or artery: the instances of the muscles it serves, same side."""
    openings: tuple[str, ...] = ()
    """The foramina the instance passes through, same side."""
    passing: tuple[str, ...] = ()
    """For a foramen: the instances that pass through it, same side."""
    rim: tuple[str, ...] = ()
    """For a foramen: the instances that bound it, same side (the sacrum for both)."""
    roots: tuple[str, ...] = ()
    """The ventral rami and trunks that carry the roots of the instance's nerve (or of the
    nerve itself), same side: a nerve's roots shown on the model, not only named."""
    source: tuple[str, ...] = ()
    """For a nerve or artery: the one it branches from, same side (where it comes from)."""


class Atlas:
    """Read-only view of a validated annotation file, indexed for the program."""

    def __init__(self, data: AnnotationFile, source: Path):
        self.data = data
        self.source = source
        self.structures: dict[str, Structure] = {s.id: s for s in data.structures}
        self.citations: dict[str, Citation] = {c.id: c for c in data.citations}
        self.motions: dict[str, MotionTerm] = {m.id: m for m in data.motions}
        self.exercises: dict[str, Exercise] = {e.id: e for e in data.exercises}
        self.scenarios: dict[str, Scenario] = {s.id: s for s in data.scenarios}
        self.systems: list[System] = list(data.systems)
        self.instances: dict[str, Instance] = {}
        for system in self.systems:
            for structure in data.structures:
                if structure.kind in system.kinds:
                    for instance in _instances_of(structure):
                        self.instances[instance.id] = instance

    def system_of(self, structure: Structure) -> System:
        return next(s for s in self.systems if structure.kind in s.kinds)

    def instances_in(self, system: System) -> list[Instance]:
        return [i for i in self.instances.values() if i.structure.kind in system.kinds]

    def instance_of(self, structure_id: str, side: Side | None) -> str:
        """The instance id of ``structure_id`` on ``side`` (midline ones have no side)."""
        structure = self.structures[structure_id]
        if structure.sides == "midline" or side is None:
            return structure.id if structure.sides == "midline" else f"{structure.id}_r"
        return f"{structure.id}{SIDE_SUFFIX[side]}"

    def sites_over(self, nerve_id: str) -> list[SurfaceSite]:
        """The places on the body's surface that a nerve lies beneath (derived from the
        sites' own lists)."""
        return [x for x in self.data.surface_sites if nerve_id in x.nerves_beneath]

    def notes_for(self, structure_id: str) -> list[ClinicalNote]:
        return [n for n in self.data.clinical_notes if structure_id in n.structures]

    def exercises_for(self, structure_id: str) -> list[Exercise]:
        """The exercises the structure's clinical notes suggest, each once, in note order."""
        ids = (e for note in self.notes_for(structure_id) for e in note.exercises)
        return [self.exercises[e] for e in dict.fromkeys(ids)]

    def relations(self, instance_id: str) -> Relations:
        instance = self.instances[instance_id]
        s, side = instance.structure, instance.side
        sites = tuple(
            AttachmentSite(role, attachment, self.instance_of(attachment.area.on, side), side)
            for role, attachments in (("origin", s.origin), ("insertion", s.insertion))
            for attachment in attachments
            if attachment.area is not None
        )
        nerves = tuple(self.instance_of(n.id, side) for n in s.supplies)
        arteries = tuple(self.instance_of(a, side) for a in s.arteries)
        supplies = tuple(
            self.instance_of(other.id, side)
            for other in self.data.structures
            if any(n.id == s.id for n in other.supplies) or s.id in other.arteries
        )
        openings = tuple(self.instance_of(p.through, side) for p in s.passes)
        passing = tuple(self.instance_of(other.id, side) for other, _ in self.passing(s.id))
        rim = tuple(self.instance_of(r, side) for r in s.bounded_by)
        source = (self.instance_of(s.branch_of, side),) if s.branch_of else ()
        return Relations(
            sites,
            nerves,
            arteries,
            supplies,
            openings,
            passing,
            rim,
            self._roots_of(s, side),
            source,
        )

    def _roots_of(self, s: Structure, side: Side | None) -> tuple[str, ...]:
        """The rami joining a plexus that carry the spinal roots of ``s``'s nerve supply (a
        muscle's as annotated on it, a nerve's own), from the plexus that nerve arises from:
        gluteus maximus (L5, S1, S2, by the inferior gluteal nerve of the sacral plexus)
        lights up the lumbosacral trunk and the S1 and S2 ventral rami; the back muscles,
        supplied by dorsal rami, light up none."""
        if s.joins_plexus:
            return ()
        supplies = [(self.structures.get(n.id), set(n.roots)) for n in s.supplies]
        rami: list[str] = []
        for nerve, wanted in supplies or [(s, set(s.roots))]:
            plexus = self._plexus_of(nerve)
            if plexus is None:
                continue
            rami += [
                self.instance_of(other.id, side)
                for other in self.data.structures
                if other.joins_plexus == plexus and wanted & set(other.roots) and other.id != s.id
            ]
        return tuple(dict.fromkeys(rami))

    def _plexus_of(self, nerve: Structure | None) -> str | None:
        """The plexus a nerve arises from: its own, or that of the nerve it branches from."""
        seen: set[str] = set()
        while nerve is not None and nerve.id not in seen:
            if nerve.plexus is not None:
                return nerve.plexus
            seen.add(nerve.id)
            nerve = self.structures.get(nerve.branch_of) if nerve.branch_of else None
        return None

    def passing(self, foramen_id: str) -> list[tuple[Structure, Passage]]:
        """What passes through a foramen, and how, in the order of the annotation file."""
        return [(s, p) for s in self.data.structures for p in s.passes if p.through == foramen_id]


def _instances_of(structure: Structure) -> list[Instance]:
    if structure.sides == "midline":
        return [Instance(structure.id, structure, None)]
    return [
        Instance(f"{structure.id}{SIDE_SUFFIX[side]}", structure, side)
        for side in ("left", "right")
    ]
