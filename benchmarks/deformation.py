"""How long posing the whole atlas takes per animation frame, without drawing it.

Plays every frame of an action clip (gluteus medius abduction by default) through
the scene's :meth:`set_pose` and the contraction colouring, as the window does,
but renders nothing: the figure is the CPU cost of the deformation alone,
as process CPU time (steadier than wall time on a shared machine; both are
written). Writes the median of several repeats as JSON::

    python -m benchmarks.deformation --out deformation.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pyvista as pv

from viewer.model.animation import NEUTRAL, action_clip
from viewer.model.data import load_data
from viewer.model.muscle_paths import load_motion
from viewer.model.paths import AtlasPaths
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.mesh_library import MeshLibrary
from viewer.scene.posing import ContractionColours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--motion", default="abduction")
    parser.add_argument("--muscle", default="gluteus_medius")
    parser.add_argument("--frames", type=int, default=60, help="frames per repeat")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    paths = AtlasPaths.default()
    atlas, landmarks, _ = load_data(paths)
    model = load_motion(paths.motion, atlas)
    library = MeshLibrary.load(atlas, paths)
    plotter = pv.Plotter(off_screen=True)
    try:
        scene = AtlasScene(plotter, atlas, library, landmarks)
        scene.skeleton = model.skeleton
        started = time.perf_counter()
        scene.set_pose(NEUTRAL, render=False)
        weights_s = time.perf_counter() - started
        meshes = {i: scene.actor(i).mapper.dataset for i in scene.instance_ids}
        colouring = ContractionColours(atlas, model, meshes)
        clip = action_clip(atlas, args.motion, "right", model.ranges)
        colouring.load(clip)
        times = np.linspace(0.0, clip.duration, args.frames, endpoint=False)
        pose_ms, colour_ms, wall_ms = [], [], []
        for _ in range(args.repeats):
            posing = colouring_s = 0.0
            wall = time.perf_counter()
            for t in times:
                pose = clip.pose_at(t)
                started = time.process_time()
                scene.set_pose(pose, render=False)
                posing += time.process_time() - started
                started = time.process_time()
                for instance_id, rgb in colouring.colours_at(t).items():
                    scene.set_vertex_colours(instance_id, rgb)
                colouring_s += time.process_time() - started
            wall_ms.append(1000 * (time.perf_counter() - wall) / len(times))
            pose_ms.append(1000 * posing / len(times))
            colour_ms.append(1000 * colouring_s / len(times))
    finally:
        plotter.close()
    result = {
        "what": f"{args.muscle} {args.motion}: pose + contraction colours per frame, no render",
        "pose_ms_per_frame": round(statistics.median(pose_ms), 3),
        "colour_ms_per_frame": round(statistics.median(colour_ms), 3),
        "total_ms_per_frame": round(statistics.median(np.add(pose_ms, colour_ms)), 3),
        "total_wall_ms_per_frame": round(statistics.median(wall_ms), 3),
        "skin_weights_s_once": round(weights_s, 3),
        "coloured_instances": colouring.instances,
        "frames": args.frames,
        "repeats": args.repeats,
        "machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
