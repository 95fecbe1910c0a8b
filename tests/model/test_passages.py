"""What passes through a foramen is stated once, on what passes, and derived everywhere else:
the foramen's facts, the relations that light up, the quiz."""

from __future__ import annotations

import pytest

from viewer.model.errors import AnnotationError
from viewer.model.facts import facts_for
from viewer.model.loader import load_atlas
from viewer.model.quiz import QuizSession, generate_questions


@pytest.fixture(scope="module")
def atlas(project_paths):
    return load_atlas(project_paths.annotations)


def section(facts, heading):
    return next(s.lines for s in facts.sections if s.heading == heading)


def test_the_greater_sciatic_foramen_lists_what_passes_above_and_below_piriformis(atlas):
    lines = section(facts_for(atlas, "greater_sciatic_foramen"), "What passes through")
    above = next(
        line for line in lines if line.startswith("Above piriformis, leaving the pelvis: ")
    )
    below = next(
        line for line in lines if line.startswith("Below piriformis, leaving the pelvis: ")
    )
    assert "superior gluteal nerve" in above and "superior gluteal artery" in above
    assert "sciatic nerve" in below and "inferior gluteal nerve" in below
    assert "inferior gluteal artery" in below
    assert "superior gluteal" not in below and "inferior gluteal" not in above
    assert lines.index(above) < lines.index(below)
    assert any("piriformis" in line for line in lines if line.startswith("Through it"))


def test_a_nerve_names_the_opening_it_passes_through(atlas):
    lines = section(facts_for(atlas, "superior_gluteal_nerve"), "Passes through")
    assert lines == ["Greater sciatic foramen, above piriformis (leaves the pelvis)"]
    patient = facts_for(atlas, "sciatic_nerve", "patient")
    where = section(patient, "Where it is")
    assert "It passes through the large opening at the back of the pelvis" in where


def test_relations_pair_a_foramen_with_what_passes_on_the_same_side(atlas):
    foramen = atlas.relations("greater_sciatic_foramen_l")
    assert {"sciatic_nerve_l", "superior_gluteal_artery_l", "piriformis_l"} <= set(foramen.passing)
    assert not any(i.endswith("_r") for i in foramen.passing)
    assert atlas.relations("sciatic_nerve_r").openings == ("greater_sciatic_foramen_r",)


def test_quiz_asks_what_passes_through_and_marks_it(atlas):
    questions = [
        q
        for seed in range(60)
        for q in generate_questions(atlas, seed, 10)
        if q.kind == "passes_through"
    ]
    above = next(q for q in questions if "above piriformis" in q.prompt)
    assert above.answer == {"superior_gluteal_nerve", "superior_gluteal_artery"}
    assert ("sciatic_nerve", "Sciatic nerve") in above.choices
    way = next(q for q in questions if q.structure_id == "inferior_gluteal_nerve")
    assert way.answer == {"Greater sciatic foramen, below piriformis"}
    assert "Greater sciatic foramen, above piriformis" in dict(way.choices)
    quiz = QuizSession(atlas, None, seed=0)
    quiz.questions = [above, above]
    assert not quiz.answer_choice({"superior_gluteal_nerve", "sciatic_nerve"}).correct
    quiz.next()
    assert quiz.answer_choice({"superior_gluteal_nerve", "superior_gluteal_artery"}).correct


PASSING_NERVE = """\
    passes:
      - {through: WHERE, position: above, of: gluteus_medius}
    citations: [gray42]
  - id: superior_gluteal_artery"""


@pytest.mark.parametrize(
    ("where", "field", "message"),
    [
        ("lesser_sciatic_foramen", "passes[0].through", "no structure with id"),
        ("gluteus_medius", "passes[0].through", "is a muscle, not a foramen"),
    ],
)
def test_a_passage_must_name_a_foramen(write_yaml, mini_text, where, field, message):
    text = mini_text.replace(
        "    citations: [gray42]\n  - id: superior_gluteal_artery",
        PASSING_NERVE.replace("WHERE", where),
    )
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(text))
    (problem,) = caught.value.problems
    assert problem.field == f"structures[2](superior_gluteal_nerve).{field}"
    assert message in problem.message
    assert (
        problem.line
        == text.splitlines().index(
            "      - {through: " + where + ", position: above, of: gluteus_medius}"
        )
        + 1
    )


def test_a_position_needs_what_it_is_above(write_yaml, mini_text):
    text = mini_text.replace(
        "    citations: [gray42]\n  - id: superior_gluteal_artery",
        PASSING_NERVE.replace(", of: gluteus_medius", "").replace("WHERE", "an_opening"),
    )
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(text))
    (problem,) = caught.value.problems
    assert "give both 'position'" in problem.message


def passage_questions(atlas, seeds=range(120)):
    return [
        q
        for seed in seeds
        for q in generate_questions(atlas, seed, 10)
        if q.kind == "passes_through"
    ]


def test_way_out_questions_are_never_half_right(atlas):
    """The greater sciatic foramen is offered only above or below piriformis: a student who
    ticked both it and 'below piriformis' for the sciatic nerve was marked wrong."""
    ways = [q for q in passage_questions(atlas) if q.structure_id]
    assert {q.structure_id for q in ways} >= {"sciatic_nerve", "pudendal_nerve"}
    for q in ways:
        assert "Greater sciatic foramen" not in dict(q.choices), q.prompt
        assert q.structure_id != "piriformis"
        assert q.shows and all(atlas.structures[i].kind == "foramen" for i in q.shows)
    pudendal = next(q for q in ways if q.structure_id == "pudendal_nerve")
    assert pudendal.answer == {
        "Greater sciatic foramen, below piriformis",
        "Lesser sciatic foramen",
    }
    assert pudendal.shows == {"greater_sciatic_foramen", "lesser_sciatic_foramen"}


def test_what_passes_questions_always_have_a_wrong_choice(atlas):
    for q in passage_questions(atlas):
        if not q.structure_id:
            assert q.answer < {sid for sid, _ in q.choices}, q.prompt
    lesser = next(
        q for q in passage_questions(atlas) if "through the lesser sciatic foramen?" in q.prompt
    )
    assert {"obturator_internus", "pudendal_nerve", "nerve_to_obturator_internus"} <= lesser.answer


def test_a_foramen_names_its_rim_and_keeps_it_in_view(atlas):
    facts = facts_for(atlas, "greater_sciatic_foramen")
    assert section(facts, "Bounded by") == [
        "Hip bone, sacrum, sacrotuberous ligament, sacrospinous ligament"
    ]
    rim = atlas.relations("greater_sciatic_foramen_l").rim
    assert rim == ("hip_bone_l", "sacrum", "sacrotuberous_ligament_l", "sacrospinous_ligament_l")


def test_patient_words_name_a_nerve_once(atlas):
    """The plain name that already says "sciatic nerve" is not followed by it again."""
    lines = section(facts_for(atlas, "semitendinosus", "patient"), "What keeps it working")
    nerve = next(line for line in lines if line.startswith("Nerve: "))
    assert nerve.count("sciatic nerve") == 1, nerve
    gmax = section(facts_for(atlas, "gluteus_maximus", "patient"), "What keeps it working")
    assert any("(inferior gluteal nerve)" in line for line in gmax)
