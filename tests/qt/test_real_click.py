"""A person's click: xdotool moves the X pointer and clicks the real window under Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from tests.qt.conftest import global_point, view_pixel
from tests.scene.conftest import CREST
from viewer.model.visibility import XRAY_OPACITY

pytestmark = pytest.mark.window

XDOTOOL = shutil.which("xdotool")


def click(qtbot, point) -> None:
    assert XDOTOOL, "xdotool is needed for real-window tests (apt-get install xdotool)"
    subprocess.run(
        [XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y()), "click", "1"],
        check=True,
        env=os.environ,
    )
    qtbot.wait(200)


def is_orange(rgb: np.ndarray) -> bool:
    r, g, b = rgb
    return r > 120 and r - b > 80 and r > g > b


def test_clicking_a_muscle_selects_it_and_paints_its_origin(make_window, mini_paths, qtbot):
    window = make_window(mini_paths)
    window.scene.set_view("posterior")
    assert not is_orange(view_pixel(window, CREST))

    click(qtbot, global_point(window, (-102.0, -20.0, 140.0)))
    qtbot.waitUntil(lambda: window.selection.current == "gluteus_medius_r", timeout=5000)

    assert window.structure_list.tree.currentItem().text(0) == "Gluteus medius (right)"
    assert "Outer surface of the ilium" in window.info_panel.toPlainText()
    assert is_orange(view_pixel(window, CREST))

    qtbot.wait(QApplication.doubleClickInterval() + 100)  # a separate click, not a double click
    click(qtbot, window.view.mapToGlobal(QPoint(10, 10)))  # empty background
    qtbot.waitUntil(lambda: window.selection.current is None, timeout=5000)
    assert not is_orange(view_pixel(window, CREST))


def test_hovering_names_the_structure_in_the_status_bar(make_window, mini_paths, qtbot):
    window = make_window(mini_paths)
    window.scene.set_view("posterior")
    point = global_point(window, (-102.0, -20.0, 140.0))
    subprocess.run([XDOTOOL, "mousemove", "--sync", str(point.x() + 3), str(point.y())], check=True)
    subprocess.run([XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y())], check=True)
    qtbot.waitUntil(
        lambda: window.hover_label.text().startswith("Gluteus medius (right)"), timeout=5000
    )


def test_keyboard_shortcut_from_the_x_server_turns_on_xray(make_window, mini_paths, qtbot):
    window = make_window(mini_paths)
    point = global_point(window, (-102.0, -20.0, 140.0))
    subprocess.run([XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y())], check=True)
    subprocess.run([XDOTOOL, "key", "x"], check=True)
    qtbot.waitUntil(lambda: window.visibility.xray, timeout=5000)
    assert window.scene.actor("gluteus_medius_r").prop.opacity <= XRAY_OPACITY


def test_after_a_search_the_keyboard_acts_on_the_view_and_esc_leaves_the_box_first(
    make_window, mini_paths, qtbot
):
    window = make_window(mini_paths)
    box = window.structure_list.search_box
    centre = box.mapToGlobal(box.rect().center())
    click(qtbot, centre)
    qtbot.waitUntil(box.hasFocus, timeout=5000)
    subprocess.run([XDOTOOL, "type", "--delay", "20", "glute med"], check=True)
    qtbot.waitUntil(lambda: box.text() == "glute med", timeout=5000)
    distance = np.linalg.norm(np.subtract(*window.view.camera_position[:2]))
    subprocess.run([XDOTOOL, "key", "Return"], check=True)
    qtbot.waitUntil(lambda: window.selection.current == "gluteus_medius_r", timeout=5000)
    subprocess.run([XDOTOOL, "key", "f"], check=True)  # focus on the selection
    qtbot.wait(300)
    assert box.text() == "glute med", "F typed into the search box"
    closer = np.linalg.norm(np.subtract(*window.view.camera_position[:2]))
    assert closer < distance * 0.8, "F did not focus the view on the selection"

    qtbot.wait(QApplication.doubleClickInterval() + 100)
    click(qtbot, centre)
    qtbot.waitUntil(box.hasFocus, timeout=5000)
    subprocess.run([XDOTOOL, "key", "Escape"], check=True)
    qtbot.waitUntil(lambda: not box.hasFocus(), timeout=5000)
    assert window.selection.current == "gluteus_medius_r", "the first Esc only leaves the box"
    subprocess.run([XDOTOOL, "key", "Escape"], check=True)
    qtbot.waitUntil(lambda: window.selection.current is None, timeout=5000)


def test_a_selected_bone_shows_its_features_and_a_click_names_one(
    make_window, project_paths, qtbot
):
    window = make_window(project_paths)
    window.selection.select("hip_bone_r")
    window.scene.set_view("posterior")
    names = [p.feature.name for p in window.scene.features_of("hip_bone_r")]
    assert {"Ischial tuberosity", "Ischial spine", "Posterior superior iliac spine"} <= set(names)
    tuberosity = next(
        p for p in window.scene.features_of("hip_bone_r") if p.feature.id == "ischial_tuberosity"
    )
    x, y = window.scene.display_position(tuberosity.point)
    ratio = window.view.devicePixelRatioF()
    local = QPoint(round(x / ratio), round(window.view.height() - 1 - y / ratio))
    point = window.view.mapToGlobal(local)
    subprocess.run([XDOTOOL, "mousemove", "--sync", str(point.x() + 1), str(point.y())], check=True)
    subprocess.run([XDOTOOL, "mousemove", "--sync", str(point.x()), str(point.y())], check=True)
    qtbot.waitUntil(lambda: "Ischial tuberosity" in window.hover_label.text(), timeout=5000)
    click(qtbot, point)
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Ischial tuberosity:"), timeout=5000
    )
    assert window.selection.current == "hip_bone_r", "naming a feature keeps the bone selected"


def test_a_click_goes_through_the_skin_to_the_muscle_beneath(make_window, project_paths, qtbot):
    """In patient mode the skin is a veil over everything: clicking the buttock in the real
    window selects gluteus maximus, not the skin; the Layers panel's box hides the skin."""
    from PySide6.QtCore import Qt

    window = make_window(project_paths)
    window.audience.set("patient")
    window.scene.set_view("posterior")
    assert window.scene.actor("skin").GetVisibility()
    click(qtbot, global_point(window, (-160.0, -60.0, 90.0)))  # the middle of the buttock
    qtbot.waitUntil(lambda: window.selection.current is not None, timeout=5000)
    assert window.selection.current == "gluteus_maximus_r"
    group = window.layers_dock.widget()._groups["skin"]
    group.setCheckState(0, Qt.CheckState.Unchecked)
    assert not window.scene.actor("skin").GetVisibility()
