"""In the real window: a clinical scenario plays, captions follow it, and the pelvis drops."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt, QUrl

from viewer.model.kinematics import transform_points
from viewer.scene.palette import rgb
from viewer.scene.posing import SHORTENING_COLOUR, UNCHANGED_COLOUR

pytestmark = pytest.mark.window

WEAK_HOLD_S = 8.5
"""Inside the Trendelenburg scenario's weak-abductor hold (7 to 9.5 s)."""


def test_playing_from_the_dock_advances_the_pose_and_captions_in_the_audiences_words(
    make_window, project_paths, qtbot
):
    window = make_window(project_paths)
    panel, player = window.scenario_panel, window.motion.player
    panel.choose("anterior_pelvic_tilt")
    panel.play_button.click()
    assert player.playing and player.clip is window.scenarios.clip
    qtbot.waitUntil(lambda: player.time > 0.2, timeout=20000)  # it advances on its own
    player.pause()
    player.seek(2.0)  # the first frame's skin weights take seconds: go to a known moment
    assert player.pose.pelvis.tilt == pytest.approx(6)
    assert panel.caption.text().startswith("The pelvis tilts anteriorly")
    assert window.statusBar().currentMessage() == panel.caption.text()
    assert window.motion.bar.caption.text() == panel.caption.text()
    window.audience.set("patient")
    assert panel.caption.text() == "The pelvis tips forwards; the thighs stay upright."
    assert panel.list.currentItem().text() == "The pelvis tipping forwards"


def test_trendelenburg_drops_the_left_pelvis_and_colours_the_stance_gluteus_medius(
    make_window, project_paths, qtbot
):
    window = make_window(project_paths)
    scenario_action = next(
        a
        for a in window.findChildren(type(window.clear_action))
        if a.text().startswith("Trendelenburg")
    )
    assert scenario_action.shortcut().toString() == "Ctrl+1"
    scenario_action.trigger()
    player = window.motion.player
    assert window.scenario_dock.isVisible()
    pelvis = window.scene.actor("hip_bone_l")
    centre_l = window.motion.model.skeleton.hip_centre_of("left")
    player.pause()
    player.seek(3.0)  # normal: the left foot lifted, the pelvis level
    level = transform_points(np.asarray(pelvis.user_matrix), centre_l[None])[0]
    assert level[1] == pytest.approx(centre_l[1], abs=0.5)
    player.seek(WEAK_HOLD_S)
    qtbot.wait(50)
    dropped = transform_points(np.asarray(pelvis.user_matrix), centre_l[None])[0]
    assert dropped[1] < level[1] - 8  # 8 degrees about the hip axis: about 11 mm lower
    assert window.scenario_panel.caption.text().startswith("Weak (positive Trendelenburg sign)")

    gmed = window.scene.actor("gluteus_medius_r").mapper
    assert gmed.GetScalarVisibility()
    colours = np.asarray(gmed.dataset.point_data["vertex_colours"], dtype=int)
    bluer = colours[:, 2] - colours[:, 0]
    unchanged = np.array(rgb(UNCHANGED_COLOUR))
    assert bluer.mean() > (unchanged[2] - unchanged[0]) + 10  # stretched as the pelvis drops
    assert window.scene.actor("gluteus_maximus_r").prop.opacity < 0.5  # not listed: faded


def test_reset_after_the_glute_bridge_stands_up_and_clears_the_caption(
    make_window, project_paths, qtbot
):
    from PySide6.QtCore import Qt

    from viewer.qt.animation_bar import IDLE_TEXT

    window = make_window(project_paths)
    window.scenarios.play("glute_bridge")
    player = window.motion.player
    player.pause()
    player.seek(0.0)
    assert window.scenario_panel.caption.text().startswith("Start")
    femur = window.scene.actor("femur_r")
    assert not np.allclose(np.asarray(femur.user_matrix), np.eye(4)), "lying, hips bent"
    faded = window.scene.actor("piriformis_r").prop.opacity

    qtbot.mouseClick(window.motion.bar.reset_button, Qt.MouseButton.LeftButton)
    assert np.allclose(np.asarray(femur.user_matrix), np.eye(4)), "standing again"
    assert np.allclose(np.asarray(window.scene.actor("hip_bone_r").user_matrix), np.eye(4))
    assert window.motion.bar.caption.text() == IDLE_TEXT
    assert window.scenario_panel.caption.text() == ""
    assert window.scene.actor("piriformis_r").prop.opacity > faded, "nothing faded"
    assert window.motion.bar.play_button.isEnabled(), "Play shows the bridge again"
    qtbot.mouseClick(window.motion.bar.play_button, Qt.MouseButton.LeftButton)
    player.pause()
    assert window.scenario_panel.caption.text().startswith("Start")
    assert window.scene.actor("piriformis_r").prop.opacity == faded


def test_the_trendelenburg_sign_can_be_shown_on_the_patients_left(
    make_window, project_paths, qtbot
):
    from PySide6.QtCore import Qt

    window = make_window(project_paths)
    panel = window.scenario_panel
    panel.choose("glute_bridge")
    assert not panel.mirror.isEnabled(), "a two-sided exercise has no other side"
    panel.choose("trendelenburg")
    assert panel.mirror.isEnabled()
    window.scenario_dock.show()
    window.scenario_dock.raise_()
    qtbot.waitExposed(panel.mirror)
    qtbot.mouseClick(panel.mirror, Qt.MouseButton.LeftButton)
    assert panel.mirrored
    assert "Single-leg stance on the left leg" in panel.text.toPlainText()
    panel.play_button.click()
    player = window.motion.player
    player.pause()
    player.seek(WEAK_HOLD_S)
    qtbot.wait(50)
    pelvis = window.scene.actor("hip_bone_r")
    centre_r = window.motion.model.skeleton.hip_centre_of("right")
    dropped = transform_points(np.asarray(pelvis.user_matrix), centre_r[None])[0]
    assert dropped[1] < centre_r[1] - 8, "the right (lifted) side drops"
    assert "as the right foot lifts" in panel.caption.text()


def test_the_scenarios_panel_saves_a_handout_of_the_scenario_shown(
    make_window, project_paths, qtbot, tmp_path, monkeypatch
):
    import subprocess

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = make_window(project_paths)
    out = tmp_path / "hip_drop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    saved: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: saved.append(a[2]) or a[4])
    window.scenario_dock.show()
    window.scenario_dock.raise_()
    panel = window.scenario_panel
    panel.choose("trendelenburg")
    panel.mirror.setChecked(True)
    window.audience.set("patient")
    qtbot.waitExposed(panel.handout_button)
    qtbot.mouseClick(panel.handout_button, Qt.MouseButton.LeftButton)
    assert saved == [f"Saved hip_drop.pdf in {tmp_path}."]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Standing on your left leg" in " ".join(text.split())


def test_anterior_tilt_arches_the_lower_back_and_shows_iliopsoas_shortened(
    make_window, project_paths, qtbot
):
    """At the tilted moment the pelvis is tipped 12 degrees, L1 is still upright in the room
    (the lumbar curve has taken the tilt up) and in view, and psoas and iliacus are plainly
    red: each muscle reaches its full colour at its largest change in the scenario."""
    window = make_window(project_paths)
    window.scenarios.play("anterior_pelvic_tilt")
    player = window.motion.player
    player.pause()
    player.seek(4.0)  # held at 12 degrees from 3 s to 5 s
    qtbot.wait(50)
    pelvis = np.asarray(window.scene.actor("sacrum").user_matrix)[:3, :3]
    l1 = np.asarray(window.scene.actor("l1_vertebra").user_matrix)[:3, :3]
    assert np.degrees(np.arccos((np.trace(pelvis) - 1) / 2)) == pytest.approx(12.0, abs=0.1)
    np.testing.assert_allclose(l1, np.eye(3), atol=1e-6)
    top = np.array(window.scene.actor("l1_vertebra").GetCenter())  # the lumbar spine in view
    x, y = window.scene.display_position(top)
    width, height = window.scene.plotter.window_size
    assert 0 < x < width and 0 < y < height
    shortening = np.array(rgb(SHORTENING_COLOUR))
    for muscle in ("psoas_major_r", "iliacus_r"):
        mapper = window.scene.actor(muscle).mapper
        assert mapper.GetScalarVisibility(), muscle
        colours = np.asarray(mapper.dataset.point_data["vertex_colours"], dtype=float)
        assert np.abs(colours.mean(axis=0) - shortening).max() < 25, (muscle, colours.mean(0))


def test_patient_mode_while_paused_rewords_the_bar_and_keeps_the_scenarios_look(
    make_window, project_paths, qtbot
):
    """Switching to patient mode redraws the selection's look; a paused scenario keeps its
    fading and colours, and the Animation bar's caption changes wording with the dock's."""
    window = make_window(project_paths)
    window.scenarios.play("anterior_pelvic_tilt")
    player = window.motion.player
    player.pause()
    player.seek(4.0)
    window.audience.set("patient")
    qtbot.wait(50)
    clip = window.scenarios.clip
    assert window.motion.bar.caption.text() == clip.caption_at(4.0, "patient")
    assert window.scene.actor("gluteus_medius_r").prop.opacity < 0.5  # not listed: faded
    psoas = window.scene.actor("psoas_major_r").mapper
    assert psoas.GetScalarVisibility()
    colours = np.asarray(psoas.dataset.point_data["vertex_colours"], dtype=float)
    assert np.abs(colours.mean(axis=0) - np.array(rgb(SHORTENING_COLOUR))).max() < 25


def test_choosing_another_scenario_in_the_list_replaces_the_one_playing(
    make_window, project_paths, qtbot
):
    window = make_window(project_paths)
    panel, player = window.scenario_panel, window.motion.player
    window.scenarios.play("anterior_pelvic_tilt")
    row = next(
        r
        for r in range(panel.list.count())
        if panel.list.item(r).data(Qt.ItemDataRole.UserRole) == "posterior_pelvic_tilt"
    )
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scenarios.clip.scenario.id == "posterior_pelvic_tilt"
    assert player.clip is window.scenarios.clip and player.playing
    player.pause()
    player.seek(3.0)
    assert player.pose.pelvis.tilt == pytest.approx(-10)
    assert panel.caption.text().startswith("Posterior tilt of 10°")


def test_a_back_muscles_motion_links_to_the_scenario_that_shows_it(make_window, project_paths):
    window = make_window(project_paths)
    window.selection.select("multifidus_r")
    html = window.info_panel.toHtml()
    assert "scenario:glute_versus_lumbar_extension" in html  # arching the lower back
    assert "no movement to play" not in html
    window.info_panel.anchorClicked.emit(QUrl("scenario:glute_versus_lumbar_extension"))
    assert window.scenarios.clip.scenario.id == "glute_versus_lumbar_extension"
    assert window.motion.player.playing
    assert window.scenario_dock.isVisible()


def test_choosing_a_structure_ends_the_scenario_on_show(make_window, project_paths):
    """Otherwise red would mean both 'shortens' and 'selected', under a caption about other
    muscles: the model stands again, the caption and the colours go, the scenario stays
    ready to play."""
    window = make_window(project_paths)
    player = window.motion.player
    window.scenarios.play("glute_versus_lumbar_extension")
    player.pause()
    player.seek(7.0)
    assert window.scenario_panel.caption.text().startswith("Lumbar-driven")
    window.selection.select("gluteus_medius_r")
    assert not player.playing and player.standing
    assert player.pose.pelvis.tilt == 0
    assert window.scenario_panel.caption.text() == ""
    assert window.scene.actor("hip_bone_r").user_matrix is not None
    assert np.allclose(np.asarray(window.scene.actor("hip_bone_r").user_matrix), np.eye(4))
