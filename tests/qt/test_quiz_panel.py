"""The quiz as a student meets it: readable questions, ticks that stay, no hints, a review."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from tests.qt.conftest import global_point

pytestmark = pytest.mark.window

XDOTOOL = shutil.which("xdotool")


@pytest.fixture
def quiz(make_window, project_paths, qtbot):
    window = make_window(project_paths)
    qtbot.keyClick(
        window, "Q", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    panel = window.quiz_panel
    assert panel.isVisible()
    return window, panel


def go_to(panel, kind: str) -> None:
    """Start the first quiz (by number) that asks a ``kind`` question, and go to it."""
    for seed in range(100):
        panel.seed.setValue(seed)
        panel.start()
        if any(q.kind == kind for q in panel.session.questions):
            break
    while panel.session.current.kind != kind:
        panel.session.next()
    panel._show()


def test_the_first_question_is_shown_whole(quiz, qtbot):
    window, panel = quiz
    panel.seed.setValue(1)
    panel.start_button.click()
    qtbot.wait(50)
    label = panel.question
    needed = label.heightForWidth(label.width())
    assert label.height() >= needed, f"{label.height()} px shown of {needed} px of text"
    assert panel.session.current.prompt.split()[0] in label.text()


def test_ticks_stay_after_checking_and_show_what_was_right(quiz, qtbot):
    window, panel = quiz
    go_to(panel, "muscles_for_motion")
    question = panel.session.current
    heights = {sid: box.height() for sid, box in panel._choice_widgets}
    wrong = next(sid for sid, _ in question.choices if sid not in question.answer)
    ticked = set(question.answer) | {wrong}
    for sid, box in panel._choice_widgets:
        box.setChecked(sid in ticked)
    qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)

    assert {sid for sid, box in panel._choice_widgets if box.isChecked()} == ticked
    assert all(not box.isEnabled() for _, box in panel._choice_widgets)
    for sid, box in panel._choice_widgets:
        assert box.height() >= min(heights[sid], box.sizeHint().height()), "squashed"
    styles = {sid: box.styleSheet() for sid, box in panel._choice_widgets}
    assert all("1b7f3b" in styles[sid] for sid in question.answer)  # right: green
    if wrong not in question.also_right:
        assert "line-through" in styles[wrong]


def test_the_status_bar_does_not_name_the_answer_during_a_click_question(quiz, qtbot):
    window, panel = quiz
    go_to(panel, "find_structure")
    window.scene.set_view("posterior")
    assert XDOTOOL, "xdotool is needed for real-window tests"
    femur = window.scene.actor("femur_r").mapper.dataset.center
    point = global_point(window, femur)
    subprocess.run(
        [XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y())], check=True, env=os.environ
    )
    subprocess.run(
        [XDOTOOL, "mousemove", "--sync", str(point.x() + 2), str(point.y())],
        check=True,
        env=os.environ,
    )
    qtbot.waitUntil(lambda: window.hover_label.text() != "", timeout=5000)
    shown = window.hover_label.text()
    assert "hidden" in shown
    assert not [i for i in window.atlas.instances.values() if i.structure.name in shown]

    window._view_clicked(None)  # answered: the names come back
    subprocess.run(
        [XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y())], check=True, env=os.environ
    )
    qtbot.waitUntil(lambda: "hidden" not in window.hover_label.text(), timeout=5000)
    named = window.hover_label.text()
    assert [i for i in window.atlas.instances.values() if named.startswith(i.label)], named


def test_the_end_of_the_quiz_reviews_every_answer(quiz, qtbot):
    window, panel = quiz
    panel.seed.setValue(2)
    panel.start()
    first = panel.session.current
    if first.choices:
        panel._choice_widgets[0][1].setChecked(True)
        panel.submit_button.click()
    else:
        window._view_clicked(None)
    while panel.session.current is not None:
        panel.session.next()
    panel._show()
    assert panel.review.isVisible()
    text = panel.review.toPlainText()
    assert text.count("Your answer:") == len(panel.session.questions)
    assert first.prompt in text and first.explanation in text
    assert "not answered" in text


def test_the_score_follows_each_answer_and_an_empty_answer_is_not_marked(quiz, qtbot):
    window, panel = quiz
    go_to(panel, "nerve_of")
    before = panel.session.score
    panel.submit_button.click()  # nothing ticked
    assert not panel.session.answered and "Tick at least one" in panel.feedback.text()
    question = panel.session.current
    for sid, box in panel._choice_widgets:
        box.setChecked(sid in question.answer)
    panel.submit_button.click()
    assert panel.session.score == before + 1
    assert panel.score.text().startswith(f"Score: {before + 1} of ")
    while panel.session.index < len(panel.session.questions) - 1:
        panel.session.next()
    panel._show()
    assert panel.next_button.text() == "See your results"
