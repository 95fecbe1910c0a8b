"""Labels on the atlas's own meshes: no leader line crosses a label or another leader."""

from __future__ import annotations

import pytest
import pyvista as pv

from viewer.model.data import load_data
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.labels import leader_end, segment_hits_box, segments_cross, tangles
from viewer.scene.mesh_library import MeshLibrary

CASES = [
    # (selection, view, audience): the ones seen going wrong, then every muscle from behind
    ("gluteus_maximus_r", "posterior", "clinician"),
    ("gluteus_maximus_r", "posterior", "patient"),
    ("superior_gluteal_nerve_r", "posterolateral", "clinician"),
    ("tensor_fasciae_latae_r", "posterolateral", "clinician"),
    ("gluteus_medius_r", "posterior", "clinician"),
    ("gluteus_minimus_r", "posterior", "clinician"),
    ("piriformis_r", "posterior", "clinician"),
    ("gluteus_medius_l", "posterolateral", "patient"),
    ("inferior_gluteal_nerve_r", "posterior", "clinician"),
    ("hip_bone_r", "posterior", "clinician"),  # a bone: its features are labelled
    ("femur_r", "posterior", "patient"),
]


@pytest.fixture(scope="module")
def scene(project_paths):
    atlas, landmarks, _ = load_data(project_paths)
    plotter = pv.Plotter(off_screen=True, window_size=[1920, 1080])
    scene = AtlasScene(plotter, atlas, MeshLibrary.load(atlas, project_paths), landmarks)
    yield scene
    scene.close()
    plotter.close()


def test_the_geometry_helpers_see_crossings():
    assert segments_cross((0, 0), (10, 10), (0, 10), (10, 0))
    assert not segments_cross((0, 0), (10, 0), (0, 5), (10, 5))
    assert segment_hits_box((0, 5), (20, 5), (5, 0, 10, 10))
    assert not segment_hits_box((0, 20), (20, 20), (5, 0, 10, 10))
    box = (0, 0, 100, 20)
    assert leader_end(box, (50, 300)) == (50, 20), "an anchor above: the top edge, not the text"
    assert tangles([(200, 10), (200, 50)], [(0, 40, 100, 60), (0, 0, 100, 20)]) == [(0, 1)]
    assert tangles([(50, 10)], [(0, 0, 100, 20)]) == [(0, 0)], "a label on what it names"


@pytest.mark.parametrize(("selection", "view", "audience"), CASES)
def test_no_leader_crosses_a_label_or_another_leader(scene, selection, view, audience):
    scene.show_selection(selection, render=False)
    scene.show_labels(True, audience, render=False)
    scene.frame(view, [a for anchor in scene.label_anchors() for a in anchor.points])
    scene.plotter.screenshot(return_img=True)  # the first frame shows the plotter
    scene.plotter.render()  # the labels are laid out as it renders
    layer = scene._labels
    boxes, anchors = layer.boxes(), layer.anchors()
    assert len(boxes) == len(scene.label_texts) >= 2
    texts = scene.label_texts
    problems = [(texts[i], texts[j]) for i, j in tangles(anchors, boxes)]
    assert problems == []
    for i, a in enumerate(boxes):  # and no two labels overlap
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_a_selected_bone_labels_its_features(scene):
    scene.show_selection("hip_bone_r", render=False)
    scene.show_labels(True, "clinician", render=False)
    texts = scene.label_texts
    for name in ("Ischial tuberosity", "Ischial spine", "Greater sciatic notch", "Iliac crest"):
        assert name in texts
    scene.show_selection("gluteus_medius_r", render=False)
    assert "Ischial tuberosity" not in scene.label_texts, "a muscle's labels are its own"


def test_a_label_that_would_cover_what_it_names_goes_to_the_other_column():
    from viewer.scene.labels import place_labels

    # The anchor lies near the right edge, inside the only place the right column can be.
    (box,) = place_labels([(900.0, 400.0)], [(200.0, 30.0)], (1000, 800), (600, 300, 980, 500))
    assert not (box[0] < 900 < box[2] and box[1] < 400 < box[3]), box
    assert box[2] < 600, "moved to the left column"
