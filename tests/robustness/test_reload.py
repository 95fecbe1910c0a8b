"""Reload annotations (F5): good edits show at once; a broken file keeps the last valid data."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def window(make_window, atlas_copy, monkeypatch):
    window = make_window(atlas_copy)
    window.dialogs = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: window.dialogs.append(args[2]))
    window.selection.select("gluteus_medius_r")
    return window


def edit(paths, old: str, new: str) -> None:
    text = paths.annotations.read_text(encoding="utf-8")
    assert old in text
    paths.annotations.write_text(text.replace(old, new), encoding="utf-8")


def reload(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F5)


def test_reload_shows_edited_facts_and_keeps_them_after_a_broken_edit(window, atlas_copy, qtbot):
    assert "Abducts the hip." in window.info_panel.toPlainText()
    edit(atlas_copy, "Abducts the hip.", "Abducts the hip; a student's note.")
    reload(qtbot, window)
    assert window.dialogs == []
    assert "a student's note" in window.info_panel.toPlainText()
    assert window.selection.current == "gluteus_medius_r"

    edit(atlas_copy, "nerve: {id: superior_gluteal_nerve", "nerve: {id: superior_gluteal_nerv")
    reload(qtbot, window)
    (message,) = window.dialogs
    assert "keeps its current data" in message
    assert "nerve.id] no structure with id 'superior_gluteal_nerv'" in message
    assert str(atlas_copy.annotations) in message
    assert "a student's note" in window.info_panel.toPlainText()
    window.selection.select("superior_gluteal_nerve_l")  # the old data still works
    assert "Superior gluteal nerve (left)" in window.info_panel.toPlainText()


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01binary", b"structures: [" * 50, b"schema_version: 1\n" * 3]
)
def test_reload_of_an_unreadable_file_keeps_the_data(window, atlas_copy, qtbot, content):
    before = window.atlas
    atlas_copy.annotations.write_bytes(content)
    reload(qtbot, window)
    assert len(window.dialogs) == 1 and window.atlas is before
    assert "Gluteus medius (right)" in window.info_panel.toPlainText()


def test_reload_refuses_changes_that_need_a_new_scene(window, atlas_copy, qtbot):
    before = window.atlas
    edit(atlas_copy, "mesh: superior_gluteal_artery", "mesh: superior_gluteal_nerve")
    reload(qtbot, window)
    (message,) = window.dialogs
    assert "Restart" in message and window.atlas is before
