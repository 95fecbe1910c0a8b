"""Corrupt settings and bookmark files: reported, replaced by defaults, never a crash."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMessageBox

from viewer.qt.teaching import open_bookmark, save_bookmark

SETTINGS = {
    "garbage bytes": b"\x00\xff\xfe[[[\n=\n\x89PNG",
    "geometry as text": b"[window]\ngeometry=not a layout\nstate=@ByteArray(garbage)\n",
    "state as a number": b"[window]\nstate=12\n",
    "geometry as a list": b"[window]\ngeometry=a, b, c\n",
    "broken byte array": b"[window]\ngeometry=@ByteArray(\\x01\\x02\nstate=@ByteArray()\n",
}


@pytest.fixture
def settings(tmp_path, request) -> QSettings:
    """The window fixture's settings, from a damaged file where the test gives one."""
    path = tmp_path / "settings.ini"
    if hasattr(request, "param"):
        path.write_bytes(request.param)
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.mark.parametrize("settings", SETTINGS.values(), ids=SETTINGS, indirect=True)
def test_corrupt_settings_give_a_default_window(make_window, mini_paths, settings):
    window = make_window(mini_paths)
    assert window.isVisible() and window.scene.instance_ids
    window.close()  # writes a good layout over the damage
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert isinstance(again.value("window/geometry"), QByteArray)
    assert isinstance(again.value("window/state"), QByteArray)


@pytest.mark.parametrize("settings", [SETTINGS["geometry as text"]], indirect=True)
def test_corrupt_settings_are_reported(make_window, mini_paths, settings, caplog):
    window = make_window(mini_paths)
    assert "window/geometry holds a str" in caplog.text
    assert "window/geometry" in window.statusBar().currentMessage()


CAMERA = {"position": [0, 0, 500], "focal_point": [0, 0, 0], "view_up": [0, 1, 0]}
BOOKMARKS = {
    "empty": b"",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
    "not UTF-8": b'{"name": "caf\xe9"}',
    "truncated JSON": b'{"format": "gluteal-atlas-bookmark", "camera": ',
    "a list": b"[1, 2, 3]",
    "deeply nested": b"[" * 200_000 + b"]" * 200_000,
    "too large": b" " * 1_100_000 + b"{}",
    "foreign format": json.dumps({"format": "something-else", "camera": CAMERA}).encode(),
    "no camera": json.dumps({"selection": "hip_bone_r"}).encode(),
    "camera as text": json.dumps({"camera": "behind"}).encode(),
    "NaN in camera": b'{"camera": {"position": [NaN, 0, 1], "focal_point": [0, 0, 0], "view_up": [0, 1, 0]}}',
    "camera on its focal point": json.dumps({"camera": {**CAMERA, "position": [0, 0, 0]}}).encode(),
    "view up along the view": json.dumps({"camera": {**CAMERA, "view_up": [0, 0, 1]}}).encode(),
    "visibility wrong types": json.dumps(
        {"camera": CAMERA, "visibility": {"hidden": 5, "peeled": "x"}}
    ).encode(),
    "visibility unknown key": json.dumps({"camera": CAMERA, "visibility": {"glow": True}}).encode(),
    "unknown audience": json.dumps({"camera": CAMERA, "audience": "student"}).encode(),
    "pose as a list": json.dumps({"camera": CAMERA, "pose": [1, 2]}).encode(),
}


def test_corrupt_bookmarks_are_reported_and_change_nothing(
    make_window, mini_paths, tmp_path, monkeypatch
):
    """One window for all the cases: a window costs seconds under software OpenGL."""
    window = make_window(mini_paths)
    window.selection.select("gluteus_medius_r")
    window.visibility.set_xray(True)
    before = (window.scene.camera_state(), window.visibility.to_dict(), window.audience.audience)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    for case, content in BOOKMARKS.items():
        warnings.clear()
        path = tmp_path / f"{case}.atlasview.json"
        path.write_bytes(content)
        assert not open_bookmark(window, path), case
        assert len(warnings) == 1 and str(path) in warnings[0], case
        assert window.selection.current == "gluteus_medius_r", case
        after = (window.scene.camera_state(), window.visibility.to_dict(), window.audience.audience)
        assert after == before, case


def test_a_good_bookmark_with_unknown_names_still_opens(make_window, mini_paths, tmp_path):
    window = make_window(mini_paths)
    path = save_bookmark(window, tmp_path / "ok.atlasview.json")
    data = json.loads(path.read_text())
    data["selection"] = "no_such_structure"
    data["visibility"]["hidden"] = ["no_such_structure", "hip_bone_l"]
    path.write_text(json.dumps(data))
    assert open_bookmark(window, path)
    assert window.selection.current is None and window.visibility.hidden == {"hip_bone_l"}
