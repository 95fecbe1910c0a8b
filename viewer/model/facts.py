"""The facts shown for a structure, assembled once for every way of showing them.

The info panel (HTML), ``main.py info`` (text or JSON) and handouts all read
the same :class:`Facts`, so they never disagree. There are two wordings from
the same annotation data: the clinician's (full terminology) and the
patient's (the plain fields, everyday name first, medical names in brackets).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from viewer.model.atlas import Atlas
from viewer.model.schema import Action, NerveSupply, Passage, Structure

Audience = Literal["clinician", "patient"]

ROLE_WORDS = {"prime_mover": "prime mover", "assistant": "assists", "stabiliser": "stabiliser"}


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[str]


@dataclass(frozen=True)
class Facts:
    id: str
    kind: str
    name: str
    latin: str
    plain_name: str
    identifiers: dict[str, str | None]
    summary: str
    sections: list[Section] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def as_text(self) -> str:
        ids = ", ".join(
            f"{k.upper()} {v or 'not yet recorded'}" for k, v in self.identifiers.items()
        )
        out = [f"{self.name} ({self.latin})", f"  also called: {self.plain_name}", f"  {ids}", ""]
        out += [self.summary, ""]
        for section in self.sections:
            out.append(f"{section.heading}:")
            out += [f"  - {line}" for line in section.lines]
        out.append("Sources:")
        out += [f"  [{i}] {src}" for i, src in enumerate(self.sources, 1)]
        return "\n".join(out)


def facts_for(atlas: Atlas, structure_id: str, audience: Audience = "clinician") -> Facts:
    """Everything the annotation file says about one structure, in reading order."""
    if audience == "patient":
        return _patient_facts(atlas, structure_id)
    s = atlas.structures[structure_id]
    sections = [Section("Description", [s.description])]
    for heading, attachments in (("Origin", s.origin), ("Insertion", s.insertion)):
        if attachments:
            sections.append(
                Section(heading, [_attachment_line(a.text, a.plain) for a in attachments])
            )
    if s.supplies:
        sections.append(
            Section(
                "Nerve",
                [
                    f"{atlas.structures[n.id].name} ({', '.join(n.roots)}){_for_part(s, n)}"
                    for n in s.supplies
                ],
            )
        )
    if s.arteries:
        sections.append(Section("Arteries", [atlas.structures[a].name for a in s.arteries]))
    if s.actions:
        sections.append(Section("Actions", [_action_line(atlas, s, a) for a in s.actions]))
    if s.roots:
        sections.append(Section("Spinal roots", [", ".join(s.roots)]))
    if s.arises_from:
        sections.append(Section("Arises from", [s.arises_from]))
    if s.course:
        sections.append(Section("Course", [s.course]))
    if s.passes:
        sections.append(Section("Passes through", [_passage_line(atlas, p) for p in s.passes]))
    if s.bounded_by:
        rim = ", ".join(atlas.structures[r].name.lower() for r in s.bounded_by)
        sections.append(Section("Bounded by", [sentence_case(rim)]))
    through = passing_lines(atlas, s.id)
    if through:
        sections.append(Section("What passes through", through))
    served = _served_by(atlas, s)
    if served:
        sections.append(Section("Supplies", served))
    if s.features:
        sections.append(Section("Features", [f"{f.name}: {f.text}" for f in s.features]))
    if s.kind == "skin" and atlas.data.surface_sites:
        sections.append(Section("Injection sites", _site_lines(atlas, plain=False)))
    over = atlas.sites_over(s.id)
    if over:
        sections.append(Section("Lies beneath", [x.name for x in over]))
    notes = atlas.notes_for(s.id)
    if notes:
        sections.append(Section("Clinical notes", [f"{n.title}: {n.text}" for n in notes]))
    cited = list(dict.fromkeys([*s.citations, *(c for n in notes for c in n.citations)]))
    return Facts(
        id=s.id,
        kind=s.kind,
        name=s.name,
        latin=s.latin,
        plain_name=s.plain_name,
        identifiers={"ta2": s.ta2, "fma": s.fma},
        summary=s.summary,
        sections=sections,
        sources=[atlas.citations[c].text for c in cited],
    )


def _attachment_line(text: str, plain: str | None) -> str:
    return f"{text} (in plain words: {_mid_sentence(plain)})" if plain else text


def _mid_sentence(text: str) -> str:
    """A plain gloss as it reads inside a sentence: "The side of ..." becomes "the side of
    ...", while "L5 ..." or "IT band ..." keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _action_line(atlas: Atlas, s: Structure, action: Action) -> str:
    part = "whole muscle"
    if action.part != "all":
        part = next(p.name for p in s.parts if p.id == action.part)
    motion = atlas.motions[action.motion]
    line = f"{motion.name} ({part}, {ROLE_WORDS[action.role]}). {motion.plain}"
    return f"{line} {action.note}" if action.note else line


def _passage_line(atlas: Atlas, passage: Passage) -> str:
    line = atlas.structures[passage.through].name
    if passage.position:
        line += f", {passage.position} {atlas.structures[passage.of].name.lower()}"
    return f"{line} ({passage.direction})" if passage.direction else line


GOING = {
    "leaves the pelvis": "leaving the pelvis",
    "enters the pelvis": "entering the pelvis",
    "enters the perineum": "entering the perineum",
}


def passing_lines(atlas: Atlas, foramen_id: str, plain: bool = False) -> list[str]:
    """What passes through a foramen, one line per place in it and way through ("Below
    piriformis, leaving the pelvis: ..."), derived from the ``passes`` of the structures
    that go through it."""
    groups: dict[tuple[int, str], list[str]] = {}
    for other, passage in atlas.passing(foramen_id):
        rank, where = 1, "Through it"
        if passage.position:
            of = atlas.structures[passage.of]
            rank = 0 if passage.position == "above" else 2
            where = f"{passage.position.capitalize()} {of.plain_name if plain else of.name.lower()}"
        if passage.direction:
            where += f", {GOING[passage.direction]}"
        groups.setdefault((rank, where), []).append(
            other.plain_name if plain else other.name.lower()
        )
    return [f"{where}: {'; '.join(names)}" for (_, where), names in sorted(groups.items())]


def _served_by(atlas: Atlas, s: Structure) -> list[str]:
    if s.kind == "nerve":
        return [o.name for o in atlas.data.structures if any(n.id == s.id for n in o.supplies)]
    if s.kind == "artery":
        return [o.name for o in atlas.data.structures if s.id in o.arteries]
    return []


def _patient_facts(atlas: Atlas, structure_id: str) -> Facts:
    """The plain-language facts: where it is, what it does, what keeps it working, notes."""
    s = atlas.structures[structure_id]
    sections: list[Section] = []
    where = [f"It starts at {lower_first(a.plain or a.text)}" for a in s.origin]
    where += [f"It attaches to {lower_first(a.plain or a.text)}" for a in s.insertion]
    where += [f"It passes through the {atlas.structures[p.through].plain_name}" for p in s.passes]
    if where:
        sections.append(Section("Where it is", where))
    through = passing_lines(atlas, s.id, plain=True)
    if through:
        sections.append(Section("What passes through it", through))
    does = list(dict.fromkeys(atlas.motions[a.motion].plain for a in s.actions))
    if does:
        sections.append(Section("What it does", does))
    supply = []
    for n in s.supplies:
        supply.append(
            f"Nerve{_for_part(s, n)}: the {_plain_and_name(atlas.structures[n.id])}, which "
            f"comes from the lower back ({', '.join(n.roots)})"
        )
    for artery_id in s.arteries:
        supply.append(f"Blood supply: the {_plain_and_name(atlas.structures[artery_id])}")
    if supply:
        sections.append(Section("What keeps it working", supply))
    if s.kind == "skin" and atlas.data.surface_sites:
        sections.append(Section("Where injections go", _site_lines(atlas, plain=True)))
        sections.append(Section("What you can feel", [f.plain or f.text for f in s.features]))
    over = atlas.sites_over(s.id)
    if over:
        sections.append(Section("Where it lies", [f"Under the {x.plain_name}" for x in over]))
    notes = atlas.notes_for(structure_id)
    sections += [Section(note.plain_title, [note.plain]) for note in notes]
    cited = dict.fromkeys([*s.citations, *(c for n in notes for c in n.citations)])
    return Facts(
        id=s.id,
        kind=s.kind,
        name=sentence_case(s.plain_name),
        latin=s.latin,
        plain_name=s.name,
        identifiers={},
        summary=s.summary,
        sections=sections,
        sources=[atlas.citations[c].text for c in cited],
    )


def _site_lines(atlas: Atlas, plain: bool) -> list[str]:
    """Each surface site, what it is, and whether a needle there is clear of the nerves:
    derived from the nerves each site lists as lying beneath it."""
    lines = []
    for x in atlas.data.surface_sites:
        nerves = [atlas.structures[n] for n in x.nerves_beneath]
        if plain:
            risk = " and the ".join(_plain_and_name(n) for n in nerves)
            verdict = f"Under it: the {risk}." if nerves else "No big nerve lies under it."
            lines.append(f"{sentence_case(x.plain_name)}: {x.plain} {verdict}")
        else:
            risk = ", ".join(n.name.lower() for n in nerves)
            verdict = f"Beneath it: {risk}." if nerves else "No major nerve beneath it."
            lines.append(f"{x.name}: {x.text} {verdict}")
    return lines


def _for_part(s: Structure, supply: NerveSupply) -> str:
    """`` for its hamstring part``, where the structure's parts have nerves of their own."""
    if supply.part is None:
        return ""
    return f" for its {next((p.name for p in s.parts if p.id == supply.part), supply.part)}"


def lower_first(text: str) -> str:
    """``The outer surface`` as ``the outer surface`` and ``A rough strip`` as ``a rough
    strip``, leaving ``IT band`` and ``L5`` alone."""
    first = text.split(" ", 1)[0]
    ordinary = first[1:].islower() or (first.isalpha() and len(first) == 1)
    return text[0].lower() + text[1:] if text and ordinary else text


def sentence_case(text: str) -> str:
    """Sentence case for a phrase that may start in lower case."""
    return text[0].upper() + text[1:] if text else text


def _plain_and_name(structure: Structure) -> str:
    """The everyday name with the anatomical one beside it, unless it already says it: "sciatic
    nerve (the main nerve of the leg)", not that followed by "(sciatic nerve)" again."""
    name = structure.name.lower()
    if name in structure.plain_name.lower():
        return structure.plain_name
    return f"{structure.plain_name} ({name})"
