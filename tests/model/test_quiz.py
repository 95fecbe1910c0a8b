"""Quiz questions come from the annotation file, repeat with a seed, and are marked fairly."""

from __future__ import annotations

import pytest

from viewer.model.landmarks import load_landmarks
from viewer.model.loader import load_atlas
from viewer.model.quiz import QuizSession, generate_questions


@pytest.fixture(scope="module")
def atlas(project_paths):
    return load_atlas(project_paths.annotations)


@pytest.fixture(scope="module")
def landmarks(project_paths):
    return load_landmarks(project_paths.landmarks)


def test_same_seed_same_quiz_and_other_seed_differs(atlas):
    first = [q.prompt for q in generate_questions(atlas, seed=7, count=12)]
    assert first == [q.prompt for q in generate_questions(atlas, seed=7, count=12)]
    assert first != [q.prompt for q in generate_questions(atlas, seed=8, count=12)]
    assert len(set(first)) == 12


def test_every_kind_of_question_appears(atlas):
    kinds = {q.kind for q in generate_questions(atlas, seed=1, count=30)}
    assert kinds == {"find_structure", "find_attachment", "nerve_of", "muscles_for_motion"}


def test_nerve_question_is_answered_from_the_annotation(atlas):
    question = next(
        q
        for seed in range(50)
        for q in generate_questions(atlas, seed, 10)
        if q.kind == "nerve_of" and q.structure_id == "gluteus_maximus"
    )
    assert question.answer == {"inferior_gluteal_nerve"}
    assert "L5, S1, S2" in question.explanation


def test_abduction_question_lists_the_abductors(atlas):
    question = next(
        q
        for seed in range(80)
        for q in generate_questions(atlas, seed, 10)
        if q.kind == "muscles_for_motion" and "abduction" in q.prompt
    )
    assert {"gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae"} <= question.answer
    assert "gluteus_maximus" in question.answer  # its cranial part abducts


def test_click_answers_and_score(atlas, landmarks):
    quiz = QuizSession(atlas, landmarks, seed=3, count=30)
    while quiz.current.kind != "find_structure":
        quiz.next()
    target = quiz.current.structure_id
    wrong = next(i for i in atlas.instances if atlas.instances[i].structure.id != target)
    assert not quiz.answer_click(wrong).correct
    assert quiz.answer_click(atlas.instance_of(target, "left")).correct
    assert quiz.score == 0, "a second try does not score"
    quiz.next()
    while quiz.current.kind != "find_structure":
        quiz.next()
    assert quiz.answer_click(atlas.instance_of(quiz.current.structure_id, "right")).correct
    assert quiz.score == 1


def test_attachment_click_must_land_in_the_area(atlas, landmarks):
    quiz = QuizSession(atlas, landmarks, seed=0, count=40)
    while not (
        quiz.current.kind == "find_attachment" and quiz.current.structure_id == "gluteus_medius"
    ):
        if quiz.next() is None:
            pytest.skip("no gluteus medius attachment question in this seed range")
    question = quiz.current
    area = next(a.area for a in getattr(atlas.structures["gluteus_medius"], question.role))
    inside = landmarks.point(area.on, area.landmarks[0], "right")
    bone = atlas.instance_of(area.on, "right")
    assert quiz.answer_click(bone, inside).correct
    far = inside + [0.0, 200.0, 0.0]
    assert not quiz.answer_click(bone, far).correct
