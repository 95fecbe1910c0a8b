"""Hand-made bad annotation files: each is refused with the file, and where it can, line and field."""

from __future__ import annotations

import pytest

from tests.conftest import DATA
from viewer.model.errors import AnnotationError
from viewer.model.landmarks import Landmarks
from viewer.model.loader import load_atlas

MINI = (DATA / "mini_atlas.yaml").read_text(encoding="utf-8")
LANDMARKS = Landmarks(points={"hip_bone": {"crest": (-65.0, 40.0, 100.0)}})


def edit(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


# (case, file text, text expected in a problem, field expected in that problem or None)
CASES = [
    (
        "duplicate structure id",
        edit("id: superior_gluteal_artery", "id: hip_bone"),
        "duplicate structure id",
        "structures[3](hip_bone).id",
    ),
    (
        "duplicate YAML key",
        edit("    latin: Os coxae\n", "    latin: Os coxae\n    latin: Os\n"),
        "duplicate key",
        None,
    ),
    (
        "dangling nerve",
        edit("nerve: {id: superior_gluteal_nerve", "nerve: {id: nerv"),
        "no structure with id 'nerv'",
        "structures[1](gluteus_medius).nerve.id",
    ),
    (
        "dangling artery",
        edit("arteries: [superior_gluteal_artery]", "arteries: [aorta]"),
        "no structure with id 'aorta'",
        "structures[1](gluteus_medius).arteries[0]",
    ),
    (
        "dangling citation",
        edit("    citations: [gray42]\n  - id: gluteus", "    citations: [x]\n  - id: gluteus"),
        "no citation with id 'x'",
        "structures[0](hip_bone).citations[0]",
    ),
    (
        "dangling landmark",
        edit("landmarks: [crest]", "landmarks: [spine]"),
        "has no landmark 'spine'",
        "structures[1](gluteus_medius).origin[0].area.landmarks[0]",
    ),
    (
        "wrong type: text for number",
        edit("radius: 20", "radius: wide"),
        "valid number",
        "structures[1](gluteus_medius).origin[0].area.radius",
    ),
    (
        "wrong type: mapping for list",
        edit("aliases: [glute med]", "aliases: {a: b}"),
        "valid list",
        "structures[1](gluteus_medius).aliases",
    ),
    ("wrong type: bad timestamp", edit('ta2: "2601"', "ta2: 2020-13-45"), "YAML value", None),
    ("wrong type: bad !!int", edit("radius: 20", "radius: !!int twenty"), "YAML value", None),
    (
        "wrong kind",
        edit("kind: artery", "kind: vein"),
        "Input should be",
        "structures[3](superior_gluteal_artery).kind",
    ),
    (
        "unknown key",
        edit("    latin: Os coxae\n", "    latin: Os coxae\n    colour: red\n"),
        "unknown key",
        "structures[0](hip_bone).colour",
    ),
    (
        "missing field",
        edit("    name: Hip bone\n", ""),
        "required field is missing",
        "structures[0](hip_bone).name",
    ),
    (
        "list or mapping as a key",
        edit("schema_version: 1", "? [a, b]\n: 1\nschema_version: 1"),
        "key must be plain text",
        None,
    ),
    (
        "object-building tag",
        "schema_version: !!python/object/apply:os.system ['echo hacked']\n",
        "YAML",
        None,
    ),
    (
        "alias",
        edit(
            "citations: [gray42]\n  - id: gluteus_medius",
            "citations: &c [gray42]\n  - id: gluteus_medius",
        ).replace(
            "    citations: [gray42]\n  - id: superior_gluteal_nerve",
            "    citations: *c\n  - id: superior_gluteal_nerve",
        ),
        "aliases",
        None,
    ),
    (
        "mesh path with ..",
        edit("mesh: gluteus_medius", "mesh: ../../etc/passwd"),
        "outside the meshes folder",
        "structures[1](gluteus_medius).mesh",
    ),
    (
        "absolute mesh path",
        edit("mesh: gluteus_medius", "mesh: /etc/passwd"),
        "outside the meshes folder",
        "structures[1](gluteus_medius).mesh",
    ),
    ("syntax error", edit("    name: Hip bone", "    name: [Hip bone"), "YAML syntax", None),
    ("tab indentation", edit("    name: Hip bone", "\tname: Hip bone"), "YAML syntax", None),
    ("a list, not a mapping", "- just\n- a list\n", "valid dictionary", None),
    ("deeply nested (60)", "a: " + "[" * 60 + "]" * 60 + "\n", "nested more than", None),
    ("deeply nested (100,000)", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested", None),
]


@pytest.mark.parametrize(
    ("text", "message", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_annotation_text_is_refused_with_its_place(tmp_path, text, message, field):
    path = tmp_path / "atlas.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        load_atlas(path, landmarks=LANDMARKS, meshes=tmp_path / "meshes")
    problems = caught.value.problems
    assert all(p.file == path for p in problems)
    hits = [p for p in problems if message in p.message]
    assert hits, [str(p) for p in problems]
    if field is not None:
        assert any(p.field == field and p.line is not None for p in hits), [str(p) for p in hits]


BYTES = [
    ("empty", b"", "empty"),
    ("only blanks", b" \n\t\n", "empty"),
    ("binary (PNG)", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("not UTF-8", b"name: caf\xe9\n", "UTF-8"),
    ("control characters", b"name: \x07bell\n", "YAML"),
    ("only a comment", b"# nothing here\n", "no YAML document"),
]


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in BYTES], ids=[c[0] for c in BYTES])
def test_unreadable_annotation_files_are_refused(tmp_path, content, message):
    path = tmp_path / "atlas.yaml"
    path.write_bytes(content)
    with pytest.raises(AnnotationError, match=message) as caught:
        load_atlas(path)
    assert caught.value.problems[0].file == path


def test_enormous_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "atlas.yaml"
    with path.open("w", encoding="utf-8") as out:
        line = "- a note that goes on and on about the gluteus medius\n"
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(AnnotationError, match="the limit is"):
        load_atlas(path)


def test_missing_or_unreadable_path_is_refused(tmp_path):
    with pytest.raises(AnnotationError, match="cannot read"):
        load_atlas(tmp_path / "nowhere.yaml")
    with pytest.raises(AnnotationError, match="cannot read|Is a directory"):
        load_atlas(tmp_path)
