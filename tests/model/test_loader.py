"""Loading the annotation file: valid input loads, and each kind of error names file, line, field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT
from viewer.model import yaml_source
from viewer.model.errors import AnnotationError
from viewer.model.landmarks import Landmarks
from viewer.model.loader import load_atlas


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def only_problem(path: Path):
    with pytest.raises(AnnotationError) as caught:
        load_atlas(path)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].file == path
    return problems[0]


def test_valid_file_loads(write_yaml, mini_text):
    atlas = load_atlas(write_yaml(mini_text))
    assert set(atlas.structures) == {
        "hip_bone",
        "gluteus_medius",
        "superior_gluteal_nerve",
        "superior_gluteal_artery",
    }
    assert atlas.structures["gluteus_medius"].nerve.roots == ["L4", "L5", "S1"]


def test_unknown_key_names_line_and_field(write_yaml, mini_text):
    text = mini_text.replace(
        "    aliases: [glute med]", "    aliases: [glute med]\n    colour: red"
    )
    problem = only_problem(write_yaml(text))
    assert problem.line == line_of(text, "colour: red")
    assert problem.field == "structures[1](gluteus_medius).colour"
    assert "unknown key" in problem.message


def test_missing_required_field(write_yaml, mini_text):
    text = mini_text.replace("    latin: Musculus gluteus medius\n", "")
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).latin"
    assert problem.line == line_of(text, "- id: gluteus_medius")
    assert "missing" in problem.message


def test_wrong_type(write_yaml, mini_text):
    text = mini_text.replace("radius: 20", "radius: wide")
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).origin[0].area.radius"
    assert problem.line == line_of(text, "radius: wide")


def test_bad_spinal_root(write_yaml, mini_text):
    text = mini_text.replace("roots: [L4, L5, S1]}", "roots: [L4, L9]}")
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).nerve.roots[1]"
    assert problem.line == line_of(text, "roots: [L4, L9]")


def test_id_must_be_snake_case(write_yaml, mini_text):
    text = mini_text.replace("- id: hip_bone", "- id: Hip-Bone")
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(text))
    fields = {p.field for p in caught.value.problems}
    assert "structures[0](Hip-Bone).id" in fields


def test_duplicate_structure_id(write_yaml, mini_text):
    text = mini_text.replace("- id: superior_gluteal_artery", "- id: superior_gluteal_nerve", 1)
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(text))
    duplicate = [p for p in caught.value.problems if "duplicate structure id" in p.message]
    assert len(duplicate) == 1
    assert duplicate[0].field == "structures[3](superior_gluteal_nerve).id"


def test_duplicate_yaml_key(write_yaml, mini_text):
    text = mini_text.replace(
        "    plain_name: hip bone\n", "    plain_name: hip bone\n    plain_name: pelvis\n"
    )
    problem = only_problem(write_yaml(text))
    assert problem.line == line_of(text, "plain_name: pelvis")
    assert "duplicate key 'plain_name'" in problem.message


def test_dangling_nerve_reference(write_yaml, mini_text):
    text = mini_text.replace(
        "nerve: {id: superior_gluteal_nerve", "nerve: {id: inferior_gluteal_nerve"
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).nerve.id"
    assert problem.line == line_of(text, "nerve: {id: inferior_gluteal_nerve")
    assert "no structure with id 'inferior_gluteal_nerve'" in problem.message


def test_reference_to_wrong_kind(write_yaml, mini_text):
    text = mini_text.replace(
        "arteries: [superior_gluteal_artery]", "arteries: [superior_gluteal_nerve]"
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).arteries[0]"
    assert "is a nerve, not a artery" in problem.message or "not an artery" in problem.message


def test_unknown_part(write_yaml, mini_text):
    text = mini_text.replace("part: anterior, role", "part: posterior, role")
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).actions[1].part"


def test_undefined_motion(write_yaml, mini_text):
    text = mini_text.replace(
        "  - {id: flexion, name: Flexion, plain: brings the thigh forward}\n", ""
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[1](gluteus_medius).actions[1].motion"


def test_a_motion_shown_by_an_unknown_scenario(write_yaml, mini_text):
    text = mini_text.replace(
        "  - {id: abduction, name: Abduction, plain: moves the thigh out to the side}\n",
        "  - {id: abduction, name: Abduction, plain: moves the thigh out, scenario: trendelenberg}\n",
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "motions[0](abduction).scenario"
    assert "no scenario with id 'trendelenberg'" in problem.message
    assert problem.line == line_of(text, "scenario: trendelenberg")


def test_unknown_citation(write_yaml, mini_text):
    text = mini_text.replace("    text: Weak abductors", "    text: Weak abductors").replace(
        "    citations: [gray42]\nclinical_notes", "    citations: [netter]\nclinical_notes"
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[3](superior_gluteal_artery).citations[0]"
    assert "no citation with id 'netter'" in problem.message


def test_clinical_note_dangling_structure(write_yaml, mini_text):
    text = mini_text.replace("structures: [gluteus_medius]", "structures: [gluteus_maximus]")
    problem = only_problem(write_yaml(text))
    assert problem.field == "clinical_notes[0](hip_drop).structures[0]"


def test_kind_rules(write_yaml, mini_text):
    text = mini_text.replace(
        "    mesh: superior_gluteal_artery\n",
        "    mesh: superior_gluteal_artery\n    roots: [L5]\n",
    )
    problem = only_problem(write_yaml(text))
    assert problem.field == "structures[3](superior_gluteal_artery).roots"
    assert "only nerves have roots" in problem.message


def test_unknown_landmark(write_yaml, mini_text):
    landmarks = Landmarks(points={"hip_bone": {"summit": (0.0, 0.0, 0.0)}})
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(mini_text), landmarks=landmarks)
    fields = sorted(p.field for p in caught.value.problems)
    assert fields == [
        "structures[0](hip_bone).features[0](iliac_crest).landmark",
        "structures[1](gluteus_medius).origin[0].area.landmarks[0]",
    ]


def test_mesh_path_escaping_meshes_folder(write_yaml, mini_text, tmp_path):
    text = mini_text.replace("mesh: gluteus_medius", "mesh: ../../etc/passwd")
    meshes = tmp_path / "meshes"
    meshes.mkdir()
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(text), meshes=meshes)
    (problem,) = caught.value.problems
    assert problem.field == "structures[1](gluteus_medius).mesh"
    assert "outside the meshes folder" in problem.message


def test_yaml_syntax_error_line(write_yaml, mini_text):
    text = mini_text.replace("    name: Hip bone", "    name: [Hip bone")
    problem = only_problem(write_yaml(text))
    assert problem.message.startswith("YAML syntax")
    assert problem.line is not None and problem.line >= line_of(text, "name: [Hip bone")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"\xff\xfe caf\xe9", "UTF-8"),
        (b"- just\n- a list\n", "Input should be a valid dictionary"),
    ],
)
def test_unusable_files(tmp_path, content, message):
    path = tmp_path / "atlas.yaml"
    path.write_bytes(content)
    problem = only_problem(path)
    assert message in problem.message


def test_tags_do_not_construct_objects(write_yaml):
    path = write_yaml("schema_version: !!python/object/apply:os.system ['echo hacked']\n")
    problem = only_problem(path)
    assert "YAML" in problem.message


def test_aliases_refused(write_yaml, mini_text):
    text = mini_text.replace(
        "citations: [gray42]\n  - id: gluteus_medius",
        "citations: &c [gray42]\n  - id: gluteus_medius",
    )
    text = text.replace(
        "    citations: [gray42]\n  - id: superior_gluteal_nerve",
        "    citations: *c\n  - id: superior_gluteal_nerve",
    )
    problem = only_problem(write_yaml(text))
    assert "aliases" in problem.message


def test_deep_nesting_refused(write_yaml):
    problem = only_problem(write_yaml("a: " + "[" * 60 + "]" * 60 + "\n"))
    assert "nested" in problem.message


def test_every_problem_reported_at_once(write_yaml, mini_text):
    text = mini_text.replace("radius: 20", "radius: -1").replace(
        "roots: [L4, L5, S1]}", "roots: []}"
    )
    with pytest.raises(AnnotationError) as caught:
        load_atlas(write_yaml(text))
    assert len(caught.value.problems) == 2
    assert all(str(p).startswith(f"{p.file}:{p.line}: [") for p in caught.value.problems)


def test_nerves_of_parts_name_parts_the_structure_has(write_yaml, mini_text):
    """A muscle whose parts have nerves of their own gives each nerve its part; a part it
    does not have is reported on the line of the nerve that names it."""
    good = mini_text.replace(
        "nerve: {id: superior_gluteal_nerve, roots: [L4, L5, S1]}",
        "nerve: {id: superior_gluteal_nerve, roots: [L4, L5, S1], part: anterior}\n"
        "    part_nerves:\n      - {id: superior_gluteal_nerve, roots: [L5], part: anterior}",
    )
    supplies = load_atlas(write_yaml(good)).structures["gluteus_medius"].supplies
    assert [(n.id, n.part) for n in supplies] == [
        ("superior_gluteal_nerve", "anterior"),
        ("superior_gluteal_nerve", "anterior"),
    ]
    bad = good.replace("roots: [L5], part: anterior}", "roots: [L5], part: posterior}")
    problem = only_problem(write_yaml(bad))
    assert (
        problem.field == "structures[1](gluteus_medius).part_nerves[0](superior_gluteal_nerve).part"
    )
    assert problem.line == line_of(bad, "part: posterior}")
    assert "no part 'posterior'" in problem.message
    unnamed = good.replace(", part: anterior}\n    part_nerves", "}\n    part_nerves")
    problem = only_problem(write_yaml(unnamed))
    assert "every nerve names the part it supplies" in problem.message


def test_the_annotation_file_is_parsed_by_libyaml_where_pyyaml_has_it():
    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    assert issubclass(yaml_source._SafeLoader, yaml.CSafeLoader)
    document = yaml_source.read_yaml(PROJECT / "annotations" / "atlas.yaml")
    assert document.line_of(("structures", 0, "id")) > 1  # positions still known
