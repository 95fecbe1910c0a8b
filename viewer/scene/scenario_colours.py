"""How a clinical scenario looks: its muscles coloured by length change, the rest faded.

The colours are those of an action (:func:`viewer.scene.posing.strain_colours`),
but a scenario moves both hips and the pelvis, so each listed muscle is
coloured on both sides, and the length change is measured from the
scenario's first pose: an exercise that starts in flexion shows its working
muscle shortening (red) as it extends the hip, not merely returning to neutral.
Each muscle reaches its full colour at its largest change in the scenario (at least
:data:`SCENARIO_FULL_SCALE`): a 12-degree pelvic tilt shortens iliopsoas by 2-3 %, which on
an action's scale (a quarter) stays all but grey, though the caption says it shortens.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from viewer.model.contraction import modelled_parts, nearest_part
from viewer.model.scenario import ScenarioClip
from viewer.scene import palette
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.posing import ContractionColours

SCENARIO_FULL_SCALE = 0.02
"""The least length change that gets the full colour in a scenario: a muscle that changes by
less (a part that barely moves) stays paler in proportion."""


class ScenarioColours(ContractionColours):
    """Per-vertex colours of a scenario's listed muscles, both sides, through the clip."""

    def load(self, clip: ScenarioClip) -> None:  # type: ignore[override]
        """Prepare the colours of every modelled muscle the scenario lists, on both sides."""
        self._times = np.linspace(0.0, clip.duration, self.SAMPLES)
        self._strains = {}
        self._full_scale = {}
        for muscle in clip.scenario.structures:
            parts = modelled_parts(self._model, muscle)
            for side in ("right", "left"):
                instance_id = self._atlas.instance_of(muscle, side)
                if not parts or instance_id not in self._meshes:
                    continue
                if instance_id not in self._part_of:
                    points = np.asarray(self._meshes[instance_id].points)
                    self._part_of[instance_id] = nearest_part(self._model, parts, points, side)
                angles = clip.path_angles(self._times, side)
                lengths = np.stack([self._model.length(p, angles, side) for p in parts], axis=1)
                strains = lengths / lengths[0] - 1.0
                self._strains[instance_id] = strains
                peak = float(np.abs(strains).max(initial=0.0))
                self._full_scale[instance_id] = max(peak, SCENARIO_FULL_SCALE)


def scenario_instances(scene: AtlasScene, structures: Iterable[str]) -> set[str]:
    """The drawn instances (both sides) of the structures a scenario lists."""
    wanted = set(structures)
    return {i for i in scene.instance_ids if scene.atlas.instances[i].structure.id in wanted}


def fade_others(scene: AtlasScene, keep: set[str], render: bool = True) -> None:
    """Fade the soft tissue outside ``keep``, as a selection fades what is unrelated to it.

    The next :meth:`AtlasScene.show_selection` (any selection) restores the plain look.
    """
    for instance_id in scene.instance_ids:
        kind = scene.atlas.instances[instance_id].structure.kind
        if kind == "bone" or instance_id in keep:
            continue
        vessel = kind in ("nerve", "artery")
        faded = palette.FADED_VESSEL_OPACITY if vessel else palette.FADED_OPACITY
        prop = scene.actor(instance_id).prop
        prop.opacity = min(prop.opacity, faded)
    if render:
        scene.plotter.render()
