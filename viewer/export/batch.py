"""Exports without a window: one or many structures to pictures, handouts or 3D scenes.

The type of file follows its extension (.png, .pdf, .glb). Every target is
checked before anything is rendered, so a batch of twenty handouts does not
stop at the seventh because a file exists or a folder is missing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyvista as pv

from viewer.export.atomic import ExportError, check_target
from viewer.export.gltf import export_glb
from viewer.export.handout import HandoutOptions, export_handout
from viewer.export.picture import PictureOptions, export_picture
from viewer.export.scenario_handout import export_scenario_handout
from viewer.model.animation import pose_for
from viewer.model.atlas import Atlas
from viewer.model.data import load_data
from viewer.model.errors import AtlasDataError
from viewer.model.facts import Audience
from viewer.model.kinematics import HipPose, Skeleton
from viewer.model.muscle_paths import load_motion
from viewer.model.paths import AtlasPaths
from viewer.model.visibility import VisibilityModel
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.scenario_colours import ScenarioColours
from viewer.scene.views import DEFAULT_VIEW

SUFFIXES = (".png", ".pdf", ".glb")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchRequest:
    out: Path
    """A file for one structure; a folder for several (``--all-muscles``, ``--structure`` twice)."""
    structures: tuple[str, ...] = ()
    all_muscles: bool = False
    file_type: str = ".png"
    """The type written into a folder (a single file's type follows its extension)."""
    views: tuple[str, ...] = ()
    """One view for a picture, any number for a handout; none: the usual ones."""
    picture: PictureOptions = field(default_factory=PictureOptions)
    handout: HandoutOptions = field(default_factory=HandoutOptions)
    pose: dict[str, float] | None = None
    overwrite: bool = False
    skin: bool | None = None
    """Show the skin; None: as the audience's mode starts (patients see it)."""


def prefer_headless_rendering() -> None:
    """With no display, let VTK go straight to EGL instead of failing on X first."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def run_batch(paths: AtlasPaths, request: BatchRequest, progress: Callable[[Path], None]) -> None:
    """Write every requested file, calling ``progress`` with each path written."""
    atlas, landmarks, _ = load_data(paths)
    jobs = _jobs(atlas, request)
    if request.pose is not None:
        skeleton = _skeleton(paths, atlas, request.pose)
    elif request.handout.exercises and any(out.suffix.lower() == ".pdf" for out, _ in jobs):
        skeleton = _exercise_skeleton(paths, atlas)
    else:
        skeleton = None
    if len(request.views) > 1 and any(out.suffix.lower() == ".png" for out, _ in jobs):
        raise ExportError("a picture shows one view; give --view once (a handout takes several)")
    for out, _ in jobs:
        check_target(out.absolute(), request.overwrite)
    prefer_headless_rendering()
    library = MeshLibrary.load(atlas, paths)
    plotter = pv.Plotter(off_screen=True, window_size=list(request.picture.size))
    try:
        scene = AtlasScene(plotter, atlas, library, landmarks)
        scene.skeleton = skeleton
        scene.set_visibility(shown_for(atlas, request.picture.audience, request.skin), False)
        for out, instance_id in jobs:
            scene.show_selection(instance_id, render=False)
            if request.pose is not None:
                scene.set_pose(pose_for(atlas, instance_id, request.pose), render=False)
            _write(scene, out, request)
            progress(out)
    finally:
        plotter.close()


def shown_for(atlas: Atlas, audience: Audience, skin: bool | None) -> VisibilityModel:
    """What an export shows: the systems of the audience's mode, the skin as asked."""
    visibility = VisibilityModel(atlas)
    visibility.use_audience(audience)
    if skin is not None:
        for system in atlas.systems:
            if "skin" in system.kinds:
                visibility.set_system_visible(system.id, skin)
    return visibility


def _skeleton(paths: AtlasPaths, atlas: Atlas, angles: dict[str, float]) -> Skeleton:
    """The hips for ``--pose``; ExportError if the angles lie outside the hip's range."""
    try:
        model = load_motion(paths.motion, atlas)
    except AtlasDataError as exc:
        raise ExportError(f"--pose needs the hip-motion data: {exc}") from None
    try:
        model.ranges.require(HipPose(**angles))
    except ValueError as exc:
        raise ExportError(f"--pose: {exc}") from None
    return model.skeleton


def _exercise_skeleton(paths: AtlasPaths, atlas: Atlas) -> Skeleton | None:
    """The hips that pose a handout's exercise pictures; without them, no pictures."""
    try:
        return load_motion(paths.motion, atlas).skeleton
    except AtlasDataError as exc:
        log.warning("exercise pictures left out: %s", str(exc))
        return None


def _jobs(atlas: Atlas, request: BatchRequest) -> list[tuple[Path, str | None]]:
    """(file, instance to select) for each export, or ExportError for a bad request."""
    ids = [_instance(atlas, given) for given in request.structures]
    if request.all_muscles:
        ids += [
            atlas.instance_of(s.id, "right") for s in atlas.data.structures if s.kind == "muscle"
        ]
    ids = list(dict.fromkeys(ids))
    if not request.all_muscles and len(ids) <= 1:
        if request.out.suffix.lower() not in SUFFIXES:
            raise ExportError(f"{request.out}: the file name must end in {', '.join(SUFFIXES)}")
        return [(request.out, ids[0] if ids else None)]
    if not request.out.is_dir():
        raise ExportError(f"{request.out} must be an existing folder for several structures")
    return [(request.out / f"{atlas.instances[i].structure.id}{request.file_type}", i) for i in ids]


def _instance(atlas: Atlas, given: str) -> str:
    if given in atlas.instances:
        return given
    if given in atlas.structures:
        return atlas.instance_of(given, "right")
    raise ExportError(f"no structure {given!r} ('gluteal-atlas list' lists them)")


def _write(scene: AtlasScene, out: Path, request: BatchRequest) -> None:
    suffix = out.suffix.lower()
    if suffix == ".png":
        view = request.views[0] if request.views else DEFAULT_VIEW
        focus = scene.selected is not None  # a selected structure is shown close up
        export_picture(
            scene, out, request.picture, view=view, focus=focus, overwrite=request.overwrite
        )
    elif suffix == ".pdf":
        options = replace(request.handout, views=request.views)
        export_handout(scene, out, options, request.overwrite)
    else:
        export_glb(scene, out, request.overwrite)


def run_scenario_handout(
    paths: AtlasPaths,
    scenario_id: str,
    out: Path,
    options: HandoutOptions,
    mirrored: bool = False,
    overwrite: bool = False,
    skin: bool | None = None,
) -> Path:
    """Write a scenario's handout (.pdf), its pictures in the scenario's colours."""
    atlas, landmarks, _ = load_data(paths)
    try:
        model = load_motion(paths.motion, atlas, landmarks=landmarks)
    except AtlasDataError as exc:
        raise ExportError(f"a scenario handout needs the hip-motion data: {exc}") from None
    check_target(out.absolute(), overwrite)
    prefer_headless_rendering()
    library = MeshLibrary.load(atlas, paths)
    plotter = pv.Plotter(off_screen=True, window_size=[640, 480])
    try:
        scene = AtlasScene(plotter, atlas, library, landmarks)
        scene.skeleton = model.skeleton
        scene.set_visibility(shown_for(atlas, options.audience, skin), False)
        meshes = {i: scene.actor(i).mapper.dataset for i in scene.instance_ids}
        colouring = ScenarioColours(atlas, model, meshes)
        return export_scenario_handout(
            scene, scenario_id, out, options, mirrored, colouring, overwrite
        )
    finally:
        plotter.close()
