"""Teaching features in the real atlas: layers, X-ray, peeling, isolation, labels,
patient mode, quiz and bookmarks, each reached through its menu shortcut."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from viewer.model.quiz import generate_questions
from viewer.model.visibility import XRAY_OPACITY
from viewer.qt.teaching import open_bookmark, save_bookmark


@pytest.fixture
def window(make_window, project_paths):
    return make_window(project_paths)


def visible(window, instance_id: str) -> bool:
    return bool(window.scene.actor(instance_id).GetVisibility())


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.view, key, modifier)


def test_unticking_a_system_hides_it_in_the_view(window):
    group = window.layers_dock.widget()._groups["nerves"]
    group.setCheckState(0, Qt.CheckState.Unchecked)
    assert not visible(window, "sciatic_nerve_r")
    assert visible(window, "femur_r")
    group.setCheckState(0, Qt.CheckState.Checked)
    assert visible(window, "sciatic_nerve_r")


def test_xray_peel_and_restore_by_keyboard(window, qtbot):
    press(qtbot, window, "x")
    assert window.scene.actor("gluteus_maximus_r").prop.opacity <= XRAY_OPACITY
    assert window.scene.actor("femur_r").prop.opacity == 1.0
    press(qtbot, window, "x")
    assert window.scene.actor("gluteus_maximus_r").prop.opacity == 1.0
    press(qtbot, window, "p")
    assert not visible(window, "gluteus_maximus_r") and visible(window, "gluteus_medius_r")
    press(qtbot, window, "p")
    assert not visible(window, "gluteus_medius_r") and visible(window, "gluteus_minimus_r")
    press(qtbot, window, "P", Qt.KeyboardModifier.ShiftModifier)
    assert visible(window, "gluteus_medius_r")


def test_isolate_shows_only_the_selection_and_its_relations(window, qtbot):
    window.selection.select("gluteus_medius_r")
    press(qtbot, window, "i")
    shown = {i for i in window.scene.instance_ids if visible(window, i)}
    assert shown == {
        "gluteus_medius_r",
        "superior_gluteal_nerve_r",
        "superior_gluteal_artery_r",
        "hip_bone_r",
        "femur_r",
    }
    press(qtbot, window, "i")
    assert all(visible(window, i) for i in window.scene.instance_ids if i != "skin")
    assert not visible(window, "skin")  # the skin is for patient mode


def test_labels_name_the_selection(window, qtbot):
    window.selection.select("gluteus_medius_r")
    press(qtbot, window, "l")
    texts = window.scene.label_texts
    assert any("Gluteus medius" in t for t in texts)
    assert any("Superior gluteal nerve" in t for t in texts)


def test_patient_mode_uses_plain_words_and_fewer_structures(window, qtbot):
    window.selection.select("gluteus_medius_r")
    size = window.info_panel.font().pointSizeF()
    press(
        qtbot, window, "P", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.audience.is_patient
    text = window.info_panel.toPlainText()
    assert "Medical name: Gluteus medius" in text
    assert "TA2" not in text
    assert window.info_panel.font().pointSizeF() > size
    assert not visible(window, "sacrotuberous_ligament_r")
    assert not visible(window, "trochanteric_bursa_r")
    item = window.structure_list._items["gluteus_medius_r"]
    assert item.text(0) == "Middle buttock muscle (right)"
    assert "Where it starts" in window.scene._legend.GetEntryString(0)
    assert visible(window, "skin")  # where it all lies on the body
    press(
        qtbot, window, "P", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert "TA2" in window.info_panel.toPlainText()
    assert visible(window, "sacrotuberous_ligament_r")
    assert not visible(window, "skin")


def test_patient_names_in_the_list_are_shown_whole(window, qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    window.audience.set("patient")
    tree = window.structure_list.tree
    window.structure_dock.show()
    window.structure_dock.raise_()
    qtbot.wait(100)
    metrics = QFontMetrics(tree.font())
    cut = []
    for item in window.structure_list._items.values():
        if item.isHidden() or item.parent().isHidden():
            continue
        tree.scrollToItem(item)
        shown = tree.visualItemRect(item)
        room = min(shown.width(), tree.viewport().width() - shown.x()) - 8  # text margins
        needed = metrics.boundingRect(
            QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, item.text(0)
        ).height()
        if shown.height() < needed:
            cut.append(item.text(0))
    assert cut == [], f"cut off in a {tree.viewport().width()} px list: {cut}"


def test_quiz_marks_choices_and_clicks(window, qtbot):
    qtbot.keyClick(
        window, "Q", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    quiz = window.quiz_panel
    assert quiz.isVisible()
    # a quiz with a click question (any quiz has choice questions)
    seed = next(
        s
        for s in range(11, 200)
        if any(q.kind == "find_structure" for q in generate_questions(window.atlas, s))
    )
    quiz.seed.setValue(seed)
    quiz.start()
    answered = set()
    while quiz.session.current is not None and len(answered) < 2:
        question = quiz.session.current
        if question.choices and "choice" not in answered:
            for sid, box in quiz._choice_widgets:
                box.setChecked(sid in question.answer)
            quiz.submit_button.click()
            assert quiz.session.score == 1
            answered.add("choice")
        elif question.kind == "find_structure" and "click" not in answered:
            before = quiz.session.score
            target = window.atlas.instance_of(question.structure_id, "left")
            window._view_clicked(target)  # a click in the view, routed to the quiz
            assert quiz.session.score == before + 1
            assert "Correct" in quiz.feedback.text()
            assert window.selection.current is not None, "the answer is shown in the view"
            answered.add("click")
        quiz.next_button.click() if quiz.next_button.isEnabled() else quiz.session.next()
    assert answered == {"choice", "click"}


def test_bookmark_round_trip_and_corrupt_file(window, qtbot, tmp_path, monkeypatch):
    window.selection.select("piriformis_l")
    window.visibility.set_xray(True)
    window.audience.set("patient")
    window.scene.set_view("right")
    camera = window.scene.camera_state()
    path = save_bookmark(window, tmp_path / "lesson.atlasview.json")
    assert json.loads(path.read_text())["selection"] == "piriformis_l"

    window.selection.clear()
    window.visibility.reset()
    window.audience.set("clinician")
    window.scene.set_view("anterior")
    assert open_bookmark(window, path)
    assert window.selection.current == "piriformis_l"
    assert window.visibility.xray and window.audience.is_patient
    assert np.allclose(window.scene.camera_state()["position"], camera["position"])

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    broken = tmp_path / "broken.atlasview.json"
    broken.write_text('{"format": "gluteal-atlas-bookmark", "camera": ')
    assert not open_bookmark(window, broken)
    assert "not JSON" in warnings[0]
    assert window.selection.current == "piriformis_l", "a bad file changes nothing"


def test_focus_on_selection_closes_in(window, qtbot):
    window.selection.select("piriformis_r")

    def distance(state):
        return np.linalg.norm(np.subtract(state["position"], state["focal_point"]))

    before = distance(window.scene.camera_state())
    press(qtbot, window, "f")
    after = window.scene.camera_state()
    assert distance(after) < before / 2
    centre = np.asarray(window.scene._points("piriformis_r")).mean(axis=0)
    assert np.linalg.norm(np.subtract(after["focal_point"], centre)) < 40

    # Close, but with the neighbours that say where it is: the sacrum it arises from
    # and the top of the femur it inserts on are both in the picture.
    width, height = window.scene.plotter.renderer.GetSize()
    femur = np.asarray(window.scene._points("femur_r"))
    for name, point in (
        ("sacrum", np.asarray(window.scene._points("sacrum")).mean(axis=0)),
        ("greater trochanter", femur[np.argmax(femur[:, 1] + 0.5 * femur[:, 2])]),
    ):
        x, y = window.scene.display_position(point)
        assert 0 <= x < width and 0 <= y < height, f"the {name} is out of the picture"


def first_seed(window, test):
    return next(s for s in range(300) if test(generate_questions(window.atlas, s)[0]))


def test_way_out_question_is_marked_and_shows_the_opening(window, qtbot, monkeypatch):
    """Its answers are openings in words, not structure ids: checking one raised a KeyError
    in the window and froze the quiz."""
    errors = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: errors.append(args))
    qtbot.keyClick(
        window, "Q", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    quiz = window.quiz_panel
    quiz.seed.setValue(
        first_seed(
            window,
            lambda q: q.kind == "passes_through" and q.structure_id == "inferior_gluteal_nerve",
        )
    )
    quiz.start()
    question = quiz.session.current
    for key, box in quiz._choice_widgets:
        box.setChecked(key in question.answer)
    quiz.submit_button.click()
    qtbot.wait(50)
    assert errors == []
    assert quiz.session.score == 1
    assert window.selection.current == "greater_sciatic_foramen_r"
    quiz.next_button.click()
    assert window.selection.current is None, "the last answer stays hidden for the next question"


def test_a_one_answer_question_takes_one_choice(window, qtbot):
    qtbot.keyClick(
        window, "Q", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    quiz = window.quiz_panel
    quiz.seed.setValue(first_seed(window, lambda q: q.kind == "nerve_of"))
    quiz.start()
    boxes = [box for _, box in quiz._choice_widgets]
    boxes[0].click()
    boxes[1].click()
    assert [box.isChecked() for box in boxes[:2]] == [False, True]
