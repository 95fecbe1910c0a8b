"""A nerve's spinal roots shown on the model: the ventral rami and the lumbosacral trunk that
join the sacral plexus light up with the structures whose nerve carries their roots, derived
from the roots already listed (not typed twice)."""

from __future__ import annotations

import pytest

from viewer.model.errors import AnnotationError
from viewer.model.loader import load_atlas


@pytest.fixture(scope="module")
def atlas(project_paths):
    return load_atlas(project_paths.annotations)


def test_a_muscle_shows_the_roots_of_its_nerve(atlas):
    assert atlas.relations("gluteus_maximus_r").roots == (
        "lumbosacral_trunk_r",
        "ventral_ramus_s1_r",
        "ventral_ramus_s2_r",
    )
    assert atlas.relations("quadratus_femoris_l").roots == (
        "lumbosacral_trunk_l",
        "ventral_ramus_s1_l",
    )


def test_a_nerve_shows_its_own_roots(atlas):
    assert atlas.relations("pudendal_nerve_r").roots == (
        "ventral_ramus_s2_r",
        "ventral_ramus_s3_r",
        "ventral_ramus_s4_r",
    )
    superior = atlas.relations("superior_gluteal_nerve_r").roots
    assert superior == ("lumbosacral_trunk_r", "ventral_ramus_s1_r")


def test_only_the_rami_of_the_plexus_a_nerve_arises_from_light_up(atlas):
    """The back muscles' dorsal rami and the lumbar plexus's nerves do not run through the
    rami that join the sacral plexus, though they share spinal roots with them."""
    for instance_id in ("erector_spinae_r", "lumbar_dorsal_rami_r", "quadratus_lumborum_r"):
        assert atlas.relations(instance_id).roots == (), instance_id
    assert atlas.relations("tibial_nerve_r").roots[0] == "lumbosacral_trunk_r"  # by the sciatic


def test_a_root_does_not_light_up_the_others(atlas):
    assert atlas.relations("ventral_ramus_s2_r").roots == ()


def edited(project_paths, tmp_path, old: str, new: str):
    """A copy of the atlas's annotation file with ``old`` replaced once by ``new``."""
    text = project_paths.annotations.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "atlas.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_only_a_nerve_with_roots_joins_a_plexus(project_paths, tmp_path):
    old = "    mesh: piriformis\n"
    broken = edited(project_paths, tmp_path, old, old + "    joins_plexus: Sacral plexus\n")
    with pytest.raises(AnnotationError, match="joins_plexus"):
        load_atlas(broken)


def test_a_branch_shows_where_it_comes_from(atlas):
    assert atlas.relations("superior_gluteal_artery_l").source == ("internal_iliac_artery_l",)
    assert atlas.relations("tibial_nerve_r").source == ("sciatic_nerve_r",)
    assert atlas.relations("gluteus_medius_r").source == ()


def test_only_a_nerve_or_artery_branches(project_paths, tmp_path):
    parent = "    branch_of: internal_iliac_artery\n"
    broken = edited(project_paths, tmp_path, parent, "    branch_of: sciatic_nerve\n")
    with pytest.raises(AnnotationError, match="sciatic_nerve.* is a nerve"):
        load_atlas(broken)


def test_a_nerve_arising_from_an_unknown_plexus_is_reported(project_paths, tmp_path):
    old = "    plexus: Sacral plexus\n"
    broken = edited(project_paths, tmp_path, old, "    plexus: Sacral plexsu\n")
    with pytest.raises(AnnotationError, match="no rami join a plexus 'Sacral plexsu'"):
        load_atlas(broken)
