"""Reloading the annotation file in a running window (File ▸ Reload annotations, F5).

Students add notes to ``annotations/atlas.yaml`` while the program runs. A
reload validates the file against the meshes and landmarks already loaded; on
any problem the window keeps the data it has and lists what is wrong. Text
(names, facts, notes, areas) changes in place; adding, removing or re-meshing
structures changes the 3D scene, which needs a restart, so it is reported and
not applied.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox

from viewer.model.atlas import Atlas
from viewer.model.errors import AtlasDataError
from viewer.model.loader import load_atlas
from viewer.model.paths import AtlasPaths
from viewer.model.search import StructureSearch

log = logging.getLogger(__name__)

MAX_LISTED = 20
"""Problems listed in the dialog; the log has them all."""


def install_reload(window: QMainWindow, paths: AtlasPaths) -> QAction:
    """Add *Reload annotations* (F5) to the File menu of ``window``."""
    action = window.make_action(
        "&Reload annotations",
        "F5",
        lambda: reload_annotations(window, paths),
        "Read annotations/atlas.yaml again, keeping the current data if it has errors",
    )
    file_menu = window.menus["file"]
    file_menu.insertAction(file_menu.actions()[-1], action)  # above Quit
    return action


def reload_annotations(window: QMainWindow, paths: AtlasPaths) -> bool:
    """Re-read the annotation file into ``window``; False (and a dialog) if it was not applied."""
    old: Atlas = window.atlas
    try:
        new = load_atlas(paths.annotations, landmarks=window.scene.landmarks, meshes=paths.meshes)
    except AtlasDataError as exc:
        log.error("annotations not reloaded:\n%s", str(exc))  # no traceback kept alive
        _refuse(window, f"{paths.annotations} has errors; the atlas keeps its current data.", exc)
        return False
    if _scene_layout(new) != _scene_layout(old):
        _refuse(
            window,
            f"{paths.annotations} is valid, but it adds, removes or re-meshes structures. "
            "Restart Gluteal Atlas to see those changes; until then the current data stays.",
        )
        return False
    _rebind(window, old, new)
    current = window.selection.current
    window.scene.show_selection(current)
    window.info_panel.show_instance(current)
    window.statusBar().showMessage(f"Annotations reloaded from {paths.annotations}", 5000)
    log.info("annotations reloaded from %s", paths.annotations)
    return True


def _scene_layout(atlas: Atlas) -> list[tuple]:
    """What the 3D scene and the lists were built from: instances, meshes, kinds, systems."""
    instances = [(i.id, i.mesh_stem, i.structure.kind) for i in atlas.instances.values()]
    systems = [(s.id, tuple(s.kinds)) for s in atlas.systems]
    return [*instances, *systems]


def _rebind(window: QMainWindow, old: Atlas, new: Atlas) -> None:
    """Point every holder of the old atlas at the new one.

    The instances are unchanged, so swapping the reference is enough; holders
    are found by walking the window's objects, which covers panels added later.
    """
    holders: list[object] = [window, window.scene, window.selection, window.visibility]
    holders += window.findChildren(QObject)
    for holder in holders:
        for name in ("atlas", "_atlas"):
            if getattr(holder, name, None) is old:
                setattr(holder, name, new)
    tree = window.structure_list
    tree._search = StructureSearch(new)
    for instance_id, item in tree._items.items():
        item.setText(0, new.instances[instance_id].label)


def _refuse(window: QMainWindow, summary: str, error: AtlasDataError | None = None) -> None:
    lines = [str(p) for p in error.problems] if error else []
    if len(lines) > MAX_LISTED:
        lines = lines[:MAX_LISTED] + [f"… and {len(lines) - MAX_LISTED} more (all in the log)"]
    QMessageBox.warning(window, "Annotations not reloaded", "\n".join([summary, "", *lines]))
