"""Visibility choices without Qt: systems, isolation, X-ray, peeling and their saved form."""

from __future__ import annotations

import pytest

from viewer.model.loader import load_atlas
from viewer.model.visibility import XRAY_OPACITY, VisibilityModel


@pytest.fixture(scope="module")
def atlas(project_paths):
    return load_atlas(project_paths.annotations)


@pytest.fixture
def vis(atlas):
    return VisibilityModel(atlas)


def shown(vis, atlas):
    return {i for i in atlas.instances if vis.style(i).visible}


def everything_but_the_skin(atlas):
    """What the program shows at first, in clinician mode: all but the skin, which covers it."""
    return {i for i, inst in atlas.instances.items() if inst.structure.kind != "skin"}


def test_everything_but_the_skin_is_shown_at_first(vis, atlas):
    assert shown(vis, atlas) == everything_but_the_skin(atlas)
    assert all(vis.style(i).opacity is None for i in atlas.instances)


def test_patient_mode_shows_the_skin_and_hides_what_only_specialists_need(vis, atlas):
    vis.use_audience("patient")
    kinds = {atlas.instances[i].structure.kind for i in shown(vis, atlas)}
    assert "skin" in kinds and not kinds & {"ligament", "bursa", "foramen"}
    vis.reset()  # showing everything again keeps the patient's skin
    assert "skin" in shown(vis, atlas)
    vis.use_audience("clinician")
    assert shown(vis, atlas) == everything_but_the_skin(atlas)


def test_the_skin_can_be_shown_in_clinician_mode_too(vis, atlas):
    vis.set_system_visible("skin", True)
    assert shown(vis, atlas) == set(atlas.instances)


def test_hiding_a_system_hides_its_instances_only(vis, atlas):
    vis.set_system_visible("nerves", False)
    hidden = everything_but_the_skin(atlas) - shown(vis, atlas)
    assert hidden == {i for i, inst in atlas.instances.items() if inst.structure.kind == "nerve"}
    assert not vis.is_system_visible("nerves") and vis.is_system_visible("bones")
    vis.set_system_visible("nerves", True)
    assert shown(vis, atlas) == everything_but_the_skin(atlas)


def test_peeling_goes_from_superficial_to_deep_and_back(vis, atlas):
    assert vis.max_peel == 3
    vis.peel()
    assert "gluteus_maximus_r" not in shown(vis, atlas)
    assert "gluteus_medius_r" in shown(vis, atlas)
    vis.peel()
    assert "gluteus_medius_r" not in shown(vis, atlas)
    assert {"gluteus_minimus_r", "piriformis_r"} <= shown(vis, atlas)
    vis.peel()
    vis.peel()  # nothing deeper to peel
    assert vis.peeled == 3
    assert "piriformis_r" not in shown(vis, atlas) and "femur_r" in shown(vis, atlas)
    vis.unpeel()
    assert {"gluteus_minimus_r", "piriformis_r"} <= shown(vis, atlas)


def test_isolating_keeps_the_structure_and_its_relations(vis, atlas):
    vis.isolate("gluteus_medius_r")
    assert shown(vis, atlas) == {
        "gluteus_medius_r",
        "superior_gluteal_nerve_r",
        "superior_gluteal_artery_r",
        "hip_bone_r",
        "femur_r",
    }
    vis.isolate(None)
    assert shown(vis, atlas) == everything_but_the_skin(atlas)


def test_xray_fades_soft_tissue_not_bone(vis):
    seen = []
    vis.changed.connect(lambda: seen.append(1))
    vis.set_xray(True)
    assert vis.style("gluteus_maximus_r").opacity == XRAY_OPACITY
    assert vis.style("femur_r").opacity is None
    assert seen == [1]


def test_state_round_trips_and_ignores_unknown_ids(vis, atlas):
    vis.set_visible("sacrum", False)
    vis.set_opacity("gluteus_maximus_l", 0.4)
    vis.peel()
    saved = vis.to_dict()
    fresh = VisibilityModel(atlas)
    fresh.load_dict({**saved, "hidden": [*saved["hidden"], "no_such_thing"], "peeled": 99})
    assert fresh.hidden == {"sacrum", "skin"}
    assert fresh.opacity == {"gluteus_maximus_l": 0.4}
    assert fresh.peeled == fresh.max_peel


def test_xray_tells_the_layers_apart(atlas):
    vis = VisibilityModel(atlas)
    assert vis.style("gluteus_maximus_r").layer is None
    vis.set_xray(True)
    layers = {i: vis.style(f"{i}_r").layer for i in ("gluteus_maximus", "gluteus_medius")}
    layers["gluteus_minimus"] = vis.style("gluteus_minimus_r").layer
    assert layers == {"gluteus_maximus": 0.0, "gluteus_medius": 0.5, "gluteus_minimus": 1.0}
    assert vis.style("femur_r").layer is None
