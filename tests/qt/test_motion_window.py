"""In the real window: an action from the Facts panel moves the femur and colours the muscle."""

from __future__ import annotations

import numpy as np
import pytest

from tests.qt.conftest import view_pixel
from viewer.model.kinematics import transform_points
from viewer.scene.palette import rgb
from viewer.scene.posing import UNCHANGED_COLOUR

pytestmark = pytest.mark.window


def test_playing_abduction_moves_the_femur_and_colours_gluteus_medius(
    make_window, project_paths, qtbot
):
    window = make_window(project_paths)
    window.selection.select("gluteus_medius_r")
    window.scene.set_view("posterior")
    html = window.info_panel.toHtml()
    # pelvic stabilisation is no hip movement: its link plays the Trendelenburg sign instead
    assert "play:abduction" in html and "scenario:trendelenburg" in html
    gmed = window.scene.actor("gluteus_medius_r").mapper.dataset
    # a point on its back surface, above gluteus maximus and below the outline of its origin
    # (drawn over the muscle's upper edge in the origin colour, which does not change)
    points = np.asarray(gmed.points)
    band = points[np.abs(points[:, 1] - (points[:, 1].max() - 45)) < 10]
    muscle_point = band[np.argmin(band[:, 0])]
    # the femur's upper shaft in plain view: gluteus maximus covers it from behind, the vasti
    # wrap it (and move with it)
    for cover in ("gluteus_maximus_r", "vastus_lateralis_r", "vastus_intermedius_r"):
        window.visibility.set_visible(cover, False)
    femur = window.scene.actor("femur_r").mapper.dataset
    shaft = np.asarray(femur.points)
    knee_end = shaft[np.argmin(np.abs(shaft[:, 1] + 200) - shaft[:, 2] / 10)]  # upper shaft
    before_muscle = view_pixel(window, muscle_point)
    before_knee = view_pixel(window, knee_end)

    window.info_panel.play_requested.emit("abduction")
    player = window.motion.player
    assert player.playing
    qtbot.waitUntil(lambda: player.time > 0.2, timeout=20000)
    player.pause()
    player.seek(player.duration / 2)  # the peak: 40 degrees of abduction
    qtbot.wait(50)

    placed = np.asarray(window.scene.actor("femur_r").user_matrix)
    assert not np.allclose(placed, np.eye(4))
    moved_knee = transform_points(placed, knee_end)
    assert np.linalg.norm(moved_knee - knee_end) > 50
    assert np.abs(view_pixel(window, knee_end) - before_knee).sum() > 60  # the femur left
    after = view_pixel(window, muscle_point)
    # Recoloured: its vertices carry the shortening colour, and the view shows it. (The
    # selected muscle is drawn opaque in its own red-brown, so the pixel changes less
    # than the colours do.)
    colours = np.asarray(
        window.scene.actor("gluteus_medius_r").mapper.dataset.point_data["vertex_colours"], int
    )
    unchanged = np.array(rgb(UNCHANGED_COLOUR))
    assert (colours[:, 0] - colours[:, 1]).mean() > (unchanged[0] - unchanged[1]) + 60
    redness = after[0] - after[1], before_muscle[0] - before_muscle[1]
    assert redness[0] > redness[1] + 10, (before_muscle, after)  # redder on screen
    assert after[0] > after[1] + 60 and after[0] > after[2] + 60  # red: it shortens
    window.motion.set_pose(window.motion.player.pose.__class__())
    assert np.allclose(np.asarray(window.scene.actor("femur_r").user_matrix), np.eye(4))


def test_knee_extension_straightens_the_bent_knee_and_says_when_it_goes_back(
    make_window, project_paths, qtbot
):
    """The caption gives how far the knee is still bent, and on the way back says so: there
    the quadriceps are still red (shorter than at the start) though they lengthen again."""
    window = make_window(project_paths)
    window.selection.select("vastus_lateralis_r")
    assert "play:knee_extension" in window.info_panel.toHtml()
    window.info_panel.play_requested.emit("knee_extension")
    player = window.motion.player
    qtbot.waitUntil(lambda: player.time > 0.2, timeout=20000)
    player.pause()
    player.seek(player.duration / 4)
    assert window.motion.bar.caption.text() == "Knee extension: right knee bent 45°"
    player.seek(player.duration * 3 / 4)
    assert window.motion.bar.caption.text() == (
        "Knee extension, back to the start: right knee bent 45°"
    )


def test_the_pose_dialog_refuses_a_pose_beyond_the_range(make_window, project_paths, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    window = make_window(project_paths)
    typed = iter([("flexion=170", True), ("flexion=90", True)])
    prompts: list[str] = []
    warnings: list[str] = []

    def get_text(parent, title, label, **kwargs):
        prompts.append(label)
        return next(typed)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window.motion.ask_pose()
    assert (
        len(warnings) == 1 and "flexion 170° is outside the hip's range, -30 to 120°" in warnings[0]
    )
    assert "Normal range: flexion -30 to 120" in prompts[0]
    assert len(prompts) == 2, "the dialog comes back to correct the angle"
    assert window.scene.pose.right.flexion == 90


def test_a_left_muscle_is_plotted_for_the_left_hip(make_window, project_paths):
    window = make_window(project_paths)
    window.selection.select("piriformis_l")
    assert "Piriformis, left hip" in window.motion.plot.note.text()
    window.selection.select("piriformis_r")
    assert "Piriformis, right hip" in window.motion.plot.note.text()


def _answer_pose_dialog(monkeypatch, answers: list[tuple[str, bool]]) -> list[str]:
    """Answer the pose dialog with ``answers`` in turn; returns the texts it was filled with."""
    from PySide6.QtWidgets import QInputDialog

    typed = iter(answers)
    filled: list[str] = []

    def get_text(parent, title, label, text="", **kwargs):
        filled.append(text)
        return next(typed)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return filled


def test_the_pose_dialog_starts_from_the_current_pose_and_reads_abduction(
    make_window, project_paths, monkeypatch
):
    window = make_window(project_paths)
    filled = _answer_pose_dialog(
        monkeypatch, [("abduction=40", True), ("abduction=40,knee=60", True), ("", False)]
    )
    window.motion.ask_pose()
    assert window.scene.pose.right.adduction == -40
    window.motion.ask_pose()
    assert window.scene.pose.right.knee == 60
    tibia = np.asarray(window.scene.actor("tibia_r").user_matrix)
    assert not np.allclose(tibia, np.asarray(window.scene.actor("femur_r").user_matrix))
    window.motion.ask_pose()
    assert filled == [
        "flexion=0,adduction=0,rotation=0,knee=0",
        "flexion=0,adduction=-40,rotation=0,knee=0",
        "flexion=0,adduction=-40,rotation=0,knee=60",
    ]


def test_the_pose_dialog_fills_in_angles_to_a_tenth_of_a_degree(
    make_window, project_paths, monkeypatch
):
    """A pose stopped part-way through an animation is offered as a person would type it."""
    window = make_window(project_paths)
    filled = _answer_pose_dialog(monkeypatch, [("flexion=30.04,knee=89.826", True), ("", False)])
    window.motion.ask_pose()
    assert window.scene.pose.right.knee == pytest.approx(89.826)
    window.motion.ask_pose()
    assert filled[1] == "flexion=30,adduction=0,rotation=0,knee=89.8"
