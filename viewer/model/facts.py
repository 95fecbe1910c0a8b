"""The facts shown for a structure, assembled once for every way of showing them.

The info panel (HTML), ``main.py info`` (text or JSON) and, later, handouts all
read the same :class:`Facts`, so they never disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from viewer.model.atlas import Atlas
from viewer.model.schema import Action, Structure

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
        ids = ", ".join(f"{k.upper()} {v or 'not assigned'}" for k, v in self.identifiers.items())
        out = [f"{self.name} ({self.latin})", f"  also called: {self.plain_name}", f"  {ids}", ""]
        out += [self.summary, ""]
        for section in self.sections:
            out.append(f"{section.heading}:")
            out += [f"  - {line}" for line in section.lines]
        out.append("Sources:")
        out += [f"  [{i}] {src}" for i, src in enumerate(self.sources, 1)]
        return "\n".join(out)


def facts_for(atlas: Atlas, structure_id: str) -> Facts:
    """Everything the annotation file says about one structure, in reading order."""
    s = atlas.structures[structure_id]
    sections = [Section("Description", [s.description])]
    for heading, attachments in (("Origin", s.origin), ("Insertion", s.insertion)):
        if attachments:
            sections.append(
                Section(heading, [_attachment_line(a.text, a.plain) for a in attachments])
            )
    if s.nerve:
        nerve = atlas.structures[s.nerve.id]
        sections.append(Section("Nerve", [f"{nerve.name} ({', '.join(s.nerve.roots)})"]))
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
    served = _served_by(atlas, s)
    if served:
        sections.append(Section("Supplies", served))
    if s.features:
        sections.append(Section("Features", [f"{f.name}: {f.text}" for f in s.features]))
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
    return f"{text} (in plain words: {plain})" if plain else text


def _action_line(atlas: Atlas, s: Structure, action: Action) -> str:
    part = "whole muscle"
    if action.part != "all":
        part = next(p.name for p in s.parts if p.id == action.part)
    motion = atlas.motions[action.motion]
    line = f"{motion.name} ({part}, {ROLE_WORDS[action.role]}). {motion.plain}"
    return f"{line} {action.note}" if action.note else line


def _served_by(atlas: Atlas, s: Structure) -> list[str]:
    if s.kind == "nerve":
        return [o.name for o in atlas.data.structures if o.nerve and o.nerve.id == s.id]
    if s.kind == "artery":
        return [o.name for o in atlas.data.structures if s.id in o.arteries]
    return []
