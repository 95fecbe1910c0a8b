"""Quiz questions generated from the annotation file, with a seed for a repeatable quiz.

Seven kinds of question, all derived from data so a new muscle or nerve in the
file brings new questions with it:

- find a structure in the 3D view ("Click the gluteus minimus");
- find an attachment on the bone ("Click the insertion of gluteus medius");
- name a muscle's nerve (multiple choice);
- name every muscle that performs a motion (choose all that apply);
- name the spinal roots of a nerve (choose all that apply);
- what passes through a foramen, above or below piriformis, or which way a nerve or
  vessel takes out of the pelvis (choose all that apply);
- which nerves lie beneath a quadrant of the buttock (choose all that apply), or which
  injection site has none beneath it (one choice).

A session keeps what was answered to each question, for the review at the end.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from viewer.model.atlas import Atlas
from viewer.model.landmarks import Landmarks

QuestionKind = Literal[
    "find_structure",
    "find_attachment",
    "nerve_of",
    "muscles_for_motion",
    "roots_of",
    "passes_through",
    "beneath_site",
]

AREA_TOLERANCE_MM = 5.0
"""A click this far outside a painted area still counts: the areas have soft edges."""


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    prompt: str
    structure_id: str | None = None
    """The structure the question is about (the one to find, or whose nerve to name)."""
    choices: tuple[tuple[str, str], ...] = ()
    """(id, label) pairs for choice questions; empty for click questions."""
    answer: frozenset[str] = frozenset()
    """Ids of the right answer (choice and find-structure questions): all must be chosen."""
    also_right: frozenset[str] = frozenset()
    """Choices that are not required but not wrong either (a muscle that only assists)."""
    role: Literal["origin", "insertion"] | None = None
    explanation: str = ""
    shows: frozenset[str] = frozenset()
    """Structure ids the view shows as the answer, where the answer is not itself structures
    (the openings a nerve passes through); empty: the answer."""
    single: bool = False
    """Exactly one choice is right (a nerve's name): one may be picked, not several."""


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str
    answer: frozenset[str]
    """Structure ids to highlight as the right answer."""
    side: str | None = None
    """The side of the structure clicked, so the answer is shown on the side the student chose."""


@dataclass(frozen=True)
class Review:
    """One question of a finished quiz: what was asked, what was given, what is right."""

    number: int
    prompt: str
    given: str
    """The answer given, in words ("" if the question was skipped)."""
    right: str
    """The right answer, in words."""
    correct: bool


def _muscles(atlas: Atlas) -> list:
    return [s for s in atlas.data.structures if s.kind == "muscle"]


def generate_questions(atlas: Atlas, seed: int, count: int = 10) -> list[Question]:
    """``count`` questions drawn with ``random.Random(seed)``: the same seed, the same quiz."""
    rng = random.Random(seed)
    makers: list[Callable[[random.Random], Question | None]] = [
        lambda r: _find_structure(atlas, r),
        lambda r: _find_attachment(atlas, r),
        lambda r: _nerve_of(atlas, r),
        lambda r: _muscles_for_motion(atlas, r),
        lambda r: _roots_of(atlas, r),
        lambda r: _passes_through(atlas, r),
        lambda r: _beneath_site(atlas, r),
    ]
    questions: list[Question] = []
    seen: set[str] = set()
    attempts = 0
    while len(questions) < count and attempts < count * 20:
        attempts += 1
        question = rng.choice(makers)(rng)
        if question is not None and question.prompt not in seen:
            seen.add(question.prompt)
            questions.append(question)
    return questions


def _find_structure(atlas: Atlas, rng: random.Random) -> Question:
    structure = rng.choice(_muscles(atlas) + [s for s in atlas.data.structures if s.kind == "bone"])
    return Question(
        kind="find_structure",
        prompt=f"Click the {structure.name.lower()} in the 3D view.",
        structure_id=structure.id,
        answer=frozenset({structure.id}),
        explanation=structure.summary,
    )


def _find_attachment(atlas: Atlas, rng: random.Random) -> Question | None:
    options = [
        (s, role, a)
        for s in _muscles(atlas)
        for role in ("origin", "insertion")
        for a in getattr(s, role)
        if a.area is not None and atlas.structures[a.area.on].kind == "bone"
    ]
    if not options:
        return None
    structure, role, attachment = rng.choice(options)
    bone = atlas.structures[attachment.area.on]
    return Question(
        kind="find_attachment",
        prompt=(
            f"Click the {role} of {structure.name.lower()} on the {bone.name.lower()}. "
            "Clicks go through the muscles to the bone; X-ray (X) or peeling (P) shows it."
        ),
        structure_id=structure.id,
        answer=frozenset({bone.id}),
        role=role,
        explanation=f"{role.capitalize()}: {attachment.text}.",
    )


def _nerve_of(atlas: Atlas, rng: random.Random) -> Question | None:
    # a muscle whose parts have nerves of their own is not asked: one answer is half right
    supplied = [s for s in _muscles(atlas) if s.nerve is not None and not s.part_nerves]
    nerves = [s for s in atlas.data.structures if s.kind == "nerve"]
    if not supplied or len(nerves) < 2:
        return None
    muscle = rng.choice(supplied)
    nerve = atlas.structures[muscle.nerve.id]
    # not the answer's own branches or trunk (the tibial nerve for semimembranosus, whose
    # fibres it carries within the sciatic nerve), nor a root of the plexus
    kin = {n.id for n in nerves if n.branch_of == nerve.id} | {nerve.branch_of}
    choices = [(n.id, n.name) for n in nerves if n.id not in kin and not n.joins_plexus]
    rng.shuffle(choices)
    return Question(
        kind="nerve_of",
        prompt=f"Which nerve supplies {muscle.name.lower()}?",
        structure_id=muscle.id,
        choices=tuple(choices),
        answer=frozenset({nerve.id}),
        explanation=f"{nerve.name} ({', '.join(muscle.nerve.roots)}).",
        single=True,
    )


def _muscles_for_motion(atlas: Atlas, rng: random.Random) -> Question | None:
    """The prime movers must be chosen; a muscle that only assists may be, or not.

    A motion whose prime movers are not in the atlas (hip adduction, before the
    adductors are added) is not asked: its answer would teach the wrong muscles.
    """
    hip_motions = [m for m in atlas.data.motions if m.playable]
    if not hip_motions:
        return None
    motion = rng.choice(hip_motions)
    roles = {
        s.id: {a.role for a in s.actions if a.motion == motion.id}
        for s in _muscles(atlas)
        if any(a.motion == motion.id for a in s.actions)
    }
    prime = {sid for sid, r in roles.items() if "prime_mover" in r}
    if not prime:
        return None
    helpers = set(roles) - prime
    choices = [(s.id, s.name) for s in _muscles(atlas)]
    explanation = f"{motion.name} ({motion.plain.rstrip('.').lower()}): "
    explanation += _names(atlas, prime).capitalize()
    if helpers:
        explanation += f"; helped by {_names(atlas, helpers)}, which you may also choose"
    joint = "" if motion.dof == "knee" else " of the hip"  # "knee flexion" names its joint
    return Question(
        kind="muscles_for_motion",
        prompt=f"Which muscles are the main movers in {motion.name.lower()}{joint}? "
        "Choose all that apply.",
        choices=tuple(choices),
        answer=frozenset(prime),
        also_right=frozenset(helpers),
        explanation=explanation + ".",
    )


ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4")
"""The choices of a roots question: the lumbar and sacral ventral rami, in order."""


def _roots_of(atlas: Atlas, rng: random.Random) -> Question | None:
    # a ventral ramus is its one root: no question in that
    nerves = [s for s in atlas.data.structures if s.kind == "nerve" and len(s.roots) > 1]
    if not nerves:
        return None
    nerve = rng.choice(nerves)
    return Question(
        kind="roots_of",
        prompt=f"Which spinal nerve roots form the {nerve.name.lower()}? Choose all that apply.",
        structure_id=nerve.id,
        choices=tuple((root, root) for root in ROOTS),
        answer=frozenset(nerve.roots),
        explanation=f"{nerve.name}: {', '.join(nerve.roots)}.",
    )


def _passes_through(atlas: Atlas, rng: random.Random) -> Question | None:
    """What passes through a foramen (or one part of it, above or below piriformis), or
    which openings a structure passes through: both from the structures' ``passes``."""
    passers = [s for s in atlas.data.structures if s.passes]
    if not passers:
        return None
    if rng.random() < 0.5:
        return _way_out(atlas, rng, passers)
    places: dict[str, set[str]] = {}
    for s in passers:
        for p in s.passes:
            foramen = atlas.structures[p.through].name.lower()
            places.setdefault(f"the {foramen}", set()).add(s.id)
            if p.position:
                where = f"the {foramen} {p.position} {atlas.structures[p.of].name.lower()}"
                places.setdefault(where, set()).add(s.id)
    # what passes through none of them (the obturator nerve) is a fair wrong choice too, but
    # not a branch of one that does (the tibial nerve leaves within the sciatic nerve)
    passing = {s.id for s in passers}
    others = [
        s
        for s in atlas.data.structures
        if s.kind in ("nerve", "artery")
        and not s.passes
        and s.branch_of not in passing
        and not s.joins_plexus
    ]
    choices = [(s.id, s.name) for s in passers + others]
    fair = [w for w in sorted(places) if len(places[w]) < len(choices)]
    if not fair:
        return None
    where = rng.choice(fair)
    answer = places[where]
    rng.shuffle(choices)
    return Question(
        kind="passes_through",
        prompt=f"Which of these pass through {where}? Choose all that apply.",
        choices=tuple(choices),
        answer=frozenset(answer),
        explanation=f"Through {where}: {_names(atlas, answer)}.",
    )


def _way_out(atlas: Atlas, rng: random.Random, passers: list) -> Question | None:
    """Through which openings (and where in them) a structure passes. An opening that
    piriformis divides is offered only as its parts, above and below, so that a right
    answer is never half-right; piriformis itself, which fills it, is not asked."""
    divided = {p.through for s in passers for p in s.passes if p.position}

    def words(p) -> str:
        line = atlas.structures[p.through].name
        return f"{line}, {p.position} {atlas.structures[p.of].name.lower()}" if p.position else line

    askable = [s for s in passers if all(p.position or p.through not in divided for p in s.passes)]
    if not askable:
        return None
    structure = rng.choice(askable)
    lines = sorted({words(p) for s in askable for p in s.passes})
    answer = {words(p) for p in structure.passes}
    return Question(
        kind="passes_through",
        prompt=f"Through which openings does the {structure.name.lower()} pass? "
        "Choose all that apply.",
        structure_id=structure.id,
        choices=tuple((line, line) for line in lines),
        answer=frozenset(answer),
        explanation=f"{structure.name}: {'; '.join(sorted(answer))}.",
        shows=frozenset(p.through for p in structure.passes),
    )


def _beneath_site(atlas: Atlas, rng: random.Random) -> Question | None:
    """A site of the buttock's surface: the nerves beneath it, or, for a site with none, which
    of the sites it is (the safe place for an injection); derived from the sites' own lists."""
    sites = atlas.data.surface_sites
    if len(sites) < 2:
        return None
    site = rng.choice(sites)
    if not site.nerves_beneath:
        clear = frozenset(s.id for s in sites if not s.nerves_beneath)
        return Question(
            kind="beneath_site",
            prompt="Which of these places for an injection into the buttock has no major "
            "nerve beneath it?",
            choices=tuple((s.id, s.name) for s in sites),
            answer=clear,
            explanation=f"{site.name}: {site.plain}",
            shows=frozenset({"skin"}),
            single=len(clear) == 1,
        )
    # the nerves the teaching is about (any other would be a matter of depth, not of place)
    named = sorted({n for s in sites for n in s.nerves_beneath})
    return Question(
        kind="beneath_site",
        prompt=f"An injection into the {site.name[0].lower()}{site.name[1:]}: which of these "
        "nerves lie beneath it? Choose all that apply.",
        choices=tuple((n, atlas.structures[n].name) for n in named),
        answer=frozenset(site.nerves_beneath),
        explanation=f"{site.name}: {_names(atlas, set(site.nerves_beneath))}. {site.plain}",
    )


def _names(atlas: Atlas, ids: set[str]) -> str:
    return ", ".join(sorted(atlas.structures[i].name.lower() for i in ids))


@dataclass
class QuizSession:
    """A quiz in progress: the questions, where we are, and the score."""

    atlas: Atlas
    landmarks: Landmarks | None
    seed: int
    count: int = 10
    questions: list[Question] = field(init=False)
    index: int = 0
    score: int = 0
    answered: bool = False
    given: dict[int, tuple[str, bool]] = field(default_factory=dict)
    """Question number -> (the first answer given, in words; whether it was right)."""

    def __post_init__(self) -> None:
        self.questions = generate_questions(self.atlas, self.seed, self.count)

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    def next(self) -> Question | None:
        if self.current is not None:
            self.index += 1
        self.answered = False
        return self.current

    def answer_choice(self, chosen: set[str]) -> Feedback:
        """Check a multiple-choice or choose-all answer: every required choice, nothing wrong."""
        question = self._open_question()
        chosen = frozenset(chosen)
        correct = question.answer <= chosen <= question.answer | question.also_right
        labels = dict(question.choices)
        words = ", ".join(labels[c] for c, _ in question.choices if c in chosen) or "nothing"
        return self._feedback(question, correct, words)

    def answer_click(self, instance_id: str | None, point: np.ndarray | None = None) -> Feedback:
        """Check a click in the 3D view: on which instance, and where (for attachments)."""
        question = self._open_question()
        if instance_id is None:
            return self._feedback(question, False, "a click on empty space")
        instance = self.atlas.instances[instance_id]
        right_structure = instance.structure.id in question.answer
        words = f"a click on the {instance.label[0].lower()}{instance.label[1:]}"
        if question.kind != "find_attachment" or not right_structure:
            return self._feedback(question, right_structure, words, instance.side)
        inside = self._inside_area(question, instance.side, point)
        where = "inside" if inside else "outside"
        return self._feedback(
            question, inside, f"{words}, {where} the {question.role} area", instance.side
        )

    def _inside_area(self, question: Question, side: str | None, point: np.ndarray | None) -> bool:
        if point is None or self.landmarks is None:
            return False
        muscle = self.atlas.structures[question.structure_id]
        for attachment in getattr(muscle, question.role):
            area = attachment.area
            if area is None or area.on not in question.answer:
                continue
            halves = (side,) if side else ("right", "left")  # a midline bone: either muscle's
            for name in area.landmarks:
                for half in halves:
                    centre = self.landmarks.point(area.on, name, half)
                    distance = np.linalg.norm(np.asarray(point) - centre)
                    if distance <= area.radius + AREA_TOLERANCE_MM:
                        return True
        return False

    def _open_question(self) -> Question:
        question = self.current
        if question is None:
            raise RuntimeError("the quiz is finished")
        return question

    def _feedback(
        self, question: Question, correct: bool, given: str, side: str | None = None
    ) -> Feedback:
        if not self.answered:
            self.given[self.index] = (given, correct)
            if correct:
                self.score += 1
        self.answered = True
        verdict = "Correct." if correct else "Not quite."
        shown = question.shows or question.answer
        return Feedback(correct, f"{verdict} {question.explanation}", shown, side)

    def review(self) -> list[Review]:
        """Every question with the first answer given to it and the right one, for the end."""
        rows = []
        for number, question in enumerate(self.questions):
            given, correct = self.given.get(number, ("", False))
            right = question.explanation
            if question.kind == "find_structure":  # the name first, then what it is
                right = f"{self.atlas.structures[question.structure_id].name}: {right}"
            rows.append(Review(number + 1, question.prompt, given, right, correct))
        return rows
