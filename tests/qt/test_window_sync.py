"""Widgets with pytest-qt: list, search, info panel and 3D view stay in sync both ways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget


@pytest.fixture
def window(make_window, mini_paths):
    return make_window(mini_paths)


def test_window_title_and_docks(window):
    assert window.windowTitle() == "Gluteal Atlas"
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {"structures_dock", "facts_dock", "layers_dock", "quiz_dock"} <= docks
    assert window.menuBar().actions()[0].text() == "&File"


def test_choosing_from_the_list_selects_in_the_view(window, qtbot):
    item = window.structure_list._items["gluteus_medius_r"]
    window.structure_list.tree.setCurrentItem(item)
    assert window.selection.current == "gluteus_medius_r"
    assert window.scene.selected == "gluteus_medius_r"
    assert "Gluteus medius (right)" in window.info_panel.toPlainText()
    assert "Superior gluteal nerve (L4, L5, S1)" in window.info_panel.toPlainText()


def test_long_names_stay_distinguishable_in_a_narrow_list(window):
    """Names that differ only at the end keep their ends when the dock is narrow."""
    tree = window.structure_list.tree
    assert tree.textElideMode() == Qt.TextElideMode.ElideMiddle
    item = window.structure_list._items["gluteus_medius_r"]
    shown = tree.fontMetrics().elidedText(item.text(0), tree.textElideMode(), 90)
    assert shown.endswith("right)") and "\u2026" in shown, shown
    assert item.toolTip(0).startswith("Gluteus medius (right): ")


def test_selection_in_the_view_moves_the_list(window):
    window.selection.select("superior_gluteal_nerve_l")
    current = window.structure_list.tree.currentItem()
    assert current.text(0) == "Superior gluteal nerve (left)"
    window.selection.clear()
    assert window.structure_list.tree.currentItem() is None
    assert "Nothing selected" in window.info_panel.toPlainText()


def test_search_filters_and_enter_selects(window, qtbot):
    box = window.structure_list.search_box
    qtbot.keyClicks(box, "glute med")
    assert window.structure_list.visible_ids() == ["gluteus_medius_l", "gluteus_medius_r"]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.selection.current == "gluteus_medius_r"
    box.clear()
    assert len(window.structure_list.visible_ids()) == 8


def test_escape_clears_the_selection(window, qtbot):
    window.selection.select("gluteus_medius_r")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.selection.current is None
    assert window.scene.selected is None


def test_view_shortcuts_move_the_camera(window, qtbot):
    before = window.view.camera_position
    qtbot.keyClick(window, Qt.Key.Key_3)  # anterior
    assert window.camera.running, "views change smoothly, not in one jump"
    qtbot.waitUntil(lambda: not window.camera.running, timeout=5000)
    after = window.view.camera_position
    assert after.position[0] > after.focal_point[0] > before.position[0]


def test_layout_is_remembered(make_window, mini_paths):
    first = make_window(mini_paths)
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.structure_dock)
    first.info_dock.hide()
    first.close()
    second = make_window(mini_paths)
    assert second.dockWidgetArea(second.structure_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert second.info_dock.isHidden()


def test_vtk_letter_keys_do_not_restyle_the_atlas(window, qtbot):
    window.view.setFocus()
    for key in "wp3":
        qtbot.keyClick(window.view, key)
    assert window.scene.actor("hip_bone_r").prop.representation.name == "SURFACE"
    assert not window.view.ren_win.GetStereoRender()


def test_choosing_a_structure_on_the_far_side_turns_the_camera_towards_it(window, qtbot):
    window.scene.set_view("posterolateral")  # from behind and to the right
    assert window.view.camera_position.position[2] > 0
    window.structure_list._items["gluteus_medius_l"].setSelected(True)
    window.structure_list.tree.setCurrentItem(window.structure_list._items["gluteus_medius_l"])
    assert window.selection.current == "gluteus_medius_l"
    assert window.camera.running
    qtbot.waitUntil(lambda: not window.camera.running, timeout=5000)
    assert window.view.camera_position.position[2] < 0, "now from behind and to the left"
    window.selection.select("gluteus_medius_l")  # already facing it: the camera stays
    assert not window.camera.running


def test_every_panel_is_in_the_view_menu_and_help_has_the_keys_and_a_tour(window, qtbot):
    from PySide6.QtWidgets import QDialog, QTextBrowser

    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    panels = next(a.menu() for a in view.actions() if a.text() == "&Panels")
    docks = {d.windowTitle() for d in window.findChildren(QDockWidget)}
    assert {a.text().replace("&", "") for a in panels.actions()} >= docks
    assert {"Structures", "Facts", "Layers", "Quiz"} <= docks

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    entries = {a.text(): a for a in help_menu.actions()}
    assert {"&Getting started", "&Keyboard shortcuts", "&About Gluteal Atlas"} <= set(entries)
    entries["&Keyboard shortcuts"].trigger()
    sheet = next(d for d in window.findChildren(QDialog) if d.windowTitle() == "Keyboard shortcuts")
    text = sheet.findChild(QTextBrowser).toPlainText()
    for keys, command in (("Ctrl+Shift+Q", "Quiz"), ("X", "X-ray"), ("Esc", "Clear selection")):
        assert keys in text and command in text
    assert "Left-drag" in text
    entries["&Getting started"].trigger()
    assert any(d.windowTitle() == "Getting started" for d in window.findChildren(QDialog))
    window.close()
    assert not any(d.isVisible() for d in window.findChildren(QDialog)), "closed with the window"
