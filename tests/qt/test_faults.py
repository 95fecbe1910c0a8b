"""Missing meshes and closing the window: the atlas degrades gracefully and leaks nothing."""

from __future__ import annotations

import gc
import shutil
import weakref

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pyvista.plotting import plotter as pv_plotter

from viewer.model.paths import AtlasPaths
from viewer.qt.app import create_window
from viewer.qt.main_window import MainWindow


def test_missing_mesh_is_listed_as_unavailable(make_window, mini_paths, tmp_path):
    root = tmp_path / "atlas"
    shutil.copytree(mini_paths.root, root)
    (root / "meshes" / "gluteus_medius_l.ply").unlink()
    (root / "meshes" / "hip_bone_r.ply").write_bytes(b"ply\nnot really")
    window = make_window(AtlasPaths(root))
    unavailable = window.scene.instance_ids
    assert "gluteus_medius_l" not in unavailable and "hip_bone_r" not in unavailable
    assert "gluteus_medius_r" in unavailable
    item = window.structure_list._items["gluteus_medius_l"]
    assert "does not exist" in item.toolTip(0)
    assert "gluteus_medius_l.ply" in item.toolTip(0)
    assert "Hip bone (right)" in window.structure_list._items["hip_bone_r"].toolTip(0)
    window.selection.select("gluteus_medius_l")  # facts still readable without a mesh
    assert "Gluteus medius (left)" in window.info_panel.toPlainText()


def test_closing_the_window_releases_it(qtbot, mini_paths, settings):
    plotters_before = len(pv_plotter._ALL_PLOTTERS)
    window = create_window(mini_paths, settings)
    window.show()
    qtbot.waitExposed(window)
    window.selection.select("gluteus_medius_r")
    ref = weakref.ref(window)
    window.close()
    window.deleteLater()
    del window
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()
    gc.collect()
    assert ref() is None, "the closed window is still referenced"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert len(pv_plotter._ALL_PLOTTERS) == plotters_before
