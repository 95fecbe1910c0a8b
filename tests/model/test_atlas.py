"""The structure model without Qt: instances, relations, facts, search and selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.model.facts import facts_for
from viewer.model.loader import load_atlas
from viewer.model.search import StructureSearch
from viewer.model.selection import SelectionModel


@pytest.fixture
def atlas(write_yaml, mini_text):
    return load_atlas(write_yaml(mini_text))


def test_bilateral_structures_have_left_and_right_instances(atlas):
    assert "gluteus_medius_l" in atlas.instances and "gluteus_medius_r" in atlas.instances
    right = atlas.instances["gluteus_medius_r"]
    assert right.side == "right" and right.mesh_stem == "gluteus_medius_r"
    assert right.label == "Gluteus medius (right)"


def test_instances_are_grouped_in_system_order(atlas):
    kinds = [i.structure.kind for i in atlas.instances.values()]
    assert kinds == ["bone", "bone", "muscle", "muscle", "nerve", "nerve", "artery", "artery"]


def test_relations_stay_on_the_same_side(atlas):
    relations = atlas.relations("gluteus_medius_l")
    assert relations.nerves == ("superior_gluteal_nerve_l",)
    assert relations.arteries == ("superior_gluteal_artery_l",)
    (site,) = relations.sites
    assert (site.role, site.target) == ("origin", "hip_bone_l")


def test_nerve_relations_list_what_it_supplies(atlas):
    assert atlas.relations("superior_gluteal_nerve_r").supplies == ("gluteus_medius_r",)
    assert atlas.relations("superior_gluteal_artery_r").supplies == ("gluteus_medius_r",)


def test_facts_carry_roots_actions_and_sources(atlas):
    facts = facts_for(atlas, "gluteus_medius")
    sections = {s.heading: s.lines for s in facts.sections}
    assert sections["Nerve"] == ["Superior gluteal nerve (L4, L5, S1)"]
    assert sections["Actions"][1] == "Flexion (anterior fibres, assists). brings the thigh forward"
    assert sections["Clinical notes"][0].startswith("Trendelenburg sign")
    assert facts.sources == ["Standring S, editor. Gray's Anatomy. 42nd ed. Elsevier; 2021."]
    assert "Gluteus medius (Musculus gluteus medius)" in facts.as_text()


@pytest.mark.parametrize(
    "query",
    [
        "glute med",
        "gluteus medius",
        "G. medius",
        "musculus gluteus medius",
        "22315",
        "MEDIUS",
        "gluteus medus",
    ],
)
def test_search_forgives_the_way_people_type(atlas, query):
    assert StructureSearch(atlas)(query)[0] == "gluteus_medius"


def test_search_ranks_name_matches_first_and_rejects_nonsense(atlas):
    search = StructureSearch(atlas)
    assert search("superior gluteal")[:2] == ["superior_gluteal_nerve", "superior_gluteal_artery"]
    assert search("xylophone") == []
    assert search("iliac crest") == ["hip_bone"]
    assert len(search("")) == len(atlas.structures)


def test_selection_emits_once_per_change(atlas):
    selection = SelectionModel(atlas)
    seen = []
    selection.changed.connect(seen.append)
    selection.select("gluteus_medius_r")
    selection.select("gluteus_medius_r")
    selection.clear()
    assert seen == ["gluteus_medius_r", None]
    with pytest.raises(KeyError):
        selection.select("gluteus_maximus_r")


def test_plain_words_inside_a_sentence_start_in_lower_case():
    from viewer.model.facts import lower_first

    assert lower_first("A rough strip on the back") == "a rough strip on the back"
    assert lower_first("The outer surface") == "the outer surface"
    assert lower_first("IT band") == "IT band" and lower_first("L5 vertebra") == "L5 vertebra"


def test_a_query_that_is_a_whole_alias_ranks_that_structure_first():
    # "L3" is also a word of the names of the L2-L3 and L3-L4 discs
    atlas = load_atlas(Path(__file__).parents[2] / "annotations" / "atlas.yaml")
    search = StructureSearch(atlas)
    for level in range(1, 6):
        assert search(f"L{level}")[0] == f"l{level}_vertebra"
    assert search("L4-L5 disc")[0] == "disc_l4_l5"
    assert search("lumbosacral disc")[0] == "disc_l5_s1"


def test_a_plain_gloss_reads_inside_the_sentence(project_paths):
    """The clinician's origin line carries the plain words after the anatomy, in lower case
    where they start with an ordinary word, keeping the capitals of "L5" or "IT band"."""
    atlas = load_atlas(project_paths.annotations)
    origin = {s.heading: s.lines for s in facts_for(atlas, "psoas_major").sections}["Origin"]
    assert "(in plain words: the side of the first (highest) vertebra" in origin[0]
    lines = [
        line
        for structure in atlas.data.structures
        for section in facts_for(atlas, structure.id).sections
        for line in section.lines
        if "(in plain words: " in line
    ]
    glosses = [line.split("(in plain words: ", 1)[1] for line in lines]
    assert glosses and not [g for g in glosses if g[0].isupper() and g[1].islower()]


def test_a_muscle_with_two_nerves_lights_both_and_says_which_part_each_supplies(project_paths):
    """Adductor magnus: the obturator nerve for its adductor part, the sciatic nerve for its
    hamstring part; selecting it lights both, and each nerve lists it among what it supplies."""
    atlas = load_atlas(project_paths.annotations)
    assert atlas.relations("adductor_magnus_l").nerves == ("obturator_nerve_l", "sciatic_nerve_l")
    for nerve in ("obturator_nerve_r", "sciatic_nerve_r"):
        assert "adductor_magnus_r" in atlas.relations(nerve).supplies
    (nerve,) = [s for s in facts_for(atlas, "adductor_magnus").sections if s.heading == "Nerve"]
    assert nerve.lines == [
        "Obturator nerve (L2, L3, L4) for its adductor part",
        "Sciatic nerve (L4) for its hamstring part",
    ]
