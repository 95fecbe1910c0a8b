"""What a handout says, in clinician or patient wording, before any layout.

Clinicians get the same facts as the Facts panel (:func:`facts_for`), so a
handout never disagrees with the program. Patients get the annotation file's
plain fields: the everyday name first, then what the muscle does in everyday
words, and each clinical note's plain text, with the medical names kept in
brackets so the patient can follow what their clinician says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from viewer.model.atlas import Atlas
from viewer.model.facts import Audience, facts_for
from viewer.model.schema import Exercise
from viewer.scene.palette import LEGEND

SOURCES_FOR_PATIENTS = (
    "Where this comes from: the facts in this leaflet are taken from {count} published "
    "anatomy, physiotherapy and medical sources. Your clinician can give you the full list "
    "(it is printed in the clinician's version of this handout)."
)
EXERCISE_CAUTION = (
    "Do these only as shown by your physiotherapist or doctor, and stop if they cause "
    "sharp or increasing pain."
)
KEY_WORDS: dict[Audience, dict[str, str]] = {
    "clinician": {
        "Origin": "Origin",
        "Insertion": "Insertion",
        "Nerve": "Nerve supply",
        "Artery": "Arterial supply",
    },
    "patient": {
        "Origin": "Orange: where it starts",
        "Insertion": "Blue: where it attaches",
        "Nerve": "Yellow: its nerve",
        "Artery": "Red: its artery",
    },
}


@dataclass(frozen=True)
class Block:
    """A headed part of the handout: paragraphs and/or a bulleted list."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HandoutContent:
    title: str
    subtitle: str
    intro: str
    key: list[tuple[str, str]]
    """(#colour, words) for each highlight colour in the pictures."""
    blocks: list[Block]
    exercises: list[Exercise]
    sources: list[str]
    """The full references (clinicians); a patient's handout says where they are instead."""


def handout_content(atlas: Atlas, structure_id: str, audience: Audience) -> HandoutContent:
    """The title, facts, notes, exercises and sources of one structure for ``audience``."""
    builder = _for_patient if audience == "patient" else _for_clinician
    return builder(atlas, structure_id)


def _key(atlas: Atlas, structure_id: str, audience: Audience) -> list[tuple[str, str]]:
    s = atlas.structures[structure_id]
    present = {
        "Origin": any(a.area for a in s.origin),
        "Insertion": any(a.area for a in s.insertion),
        "Nerve": s.nerve is not None,
        "Artery": bool(s.arteries),
    }
    return [(colour, KEY_WORDS[audience][label]) for label, colour in LEGEND if present[label]]


def _for_clinician(atlas: Atlas, structure_id: str) -> HandoutContent:
    facts = facts_for(atlas, structure_id)
    ids = ", ".join(f"{k.upper()} {v}" for k, v in facts.identifiers.items() if v)
    blocks = [
        Block(section.heading, paragraphs=section.lines)
        if section.heading in ("Description", "Course", "Arises from")
        else Block(section.heading, bullets=section.lines)
        for section in facts.sections
    ]
    return HandoutContent(
        title=facts.name,
        subtitle=" · ".join(part for part in (facts.latin, ids) if part),
        intro=facts.summary,
        key=_key(atlas, structure_id, "clinician"),
        blocks=blocks,
        exercises=atlas.exercises_for(structure_id),
        sources=facts.sources,
    )


def _for_patient(atlas: Atlas, structure_id: str) -> HandoutContent:
    facts = facts_for(atlas, structure_id, "patient")
    return HandoutContent(
        title=facts.name,
        subtitle=f"Medical name: {facts.plain_name}",
        intro=facts.summary,
        key=_key(atlas, structure_id, "patient"),
        blocks=[
            Block(section.heading, bullets=section.lines)
            if section.heading in ("Where it is", "What it does", "What keeps it working")
            else Block(section.heading, paragraphs=section.lines)
            for section in facts.sections
        ],
        exercises=atlas.exercises_for(structure_id),
        sources=facts.sources,
    )
