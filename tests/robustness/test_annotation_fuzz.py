"""Thousands of mutated annotation files: each loads (and is usable) or raises AtlasDataError.

Two kinds of mutation: of the text (lines deleted, doubled, swapped, re-indented,
cut short, overwritten with arbitrary characters), which mostly breaks YAML
itself, and of the parsed data (keys dropped, renamed or added, values
replaced by arbitrary data), which mostly breaks the schema and references.
Set ANNOTATION_FUZZ_EXAMPLES to run more (the default keeps the suite quick).
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from viewer.model.atlas import Atlas
from viewer.model.errors import AtlasDataError
from viewer.model.facts import facts_for
from viewer.model.landmarks import Landmarks
from viewer.model.loader import load_atlas

EXAMPLES = int(os.environ.get("ANNOTATION_FUZZ_EXAMPLES", "600"))
MINI = (DATA / "mini_atlas.yaml").read_text(encoding="utf-8")
LINES = MINI.splitlines(keepends=True)
LANDMARKS = Landmarks(points={"hip_bone": {"crest": (-65.0, 40.0, 100.0)}})
FOLDER = Path(tempfile.mkdtemp(prefix="annotation-fuzz-"))
FUZZ = settings(
    max_examples=EXAMPLES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

YAML_TEXT = st.text(
    alphabet=st.sampled_from(list("abz019 -_:[]{},'\"#&*!|>%@`?\n\t\\.") + ["\x00", "é", "\x07"]),
    max_size=40,
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def check(text: str | bytes) -> None:
    """The program's contract: the file loads into a usable atlas, or AtlasDataError says why."""
    path = FOLDER / "atlas.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        atlas = load_atlas(path, landmarks=LANDMARKS, meshes=FOLDER / "meshes")
    except AtlasDataError as exc:
        assert exc.problems and all(p.file == path for p in exc.problems)
        assert all(p.message for p in exc.problems)
        return
    use(atlas)


def use(atlas: Atlas) -> None:
    """What the window does with a loaded atlas: facts for everyone, relations of every instance."""
    for structure_id in atlas.structures:
        for audience in ("clinician", "patient"):
            facts_for(atlas, structure_id, audience)
    for instance_id in atlas.instances:
        atlas.relations(instance_id)


@st.composite
def text_mutations(draw) -> str | bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(
                ["delete", "double", "swap", "indent", "replace", "insert", "cut", "byte"]
            )
        )
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            shift = draw(st.integers(-4, 4))
            lines[i] = " " * max(shift, 0) + lines[i][max(-shift, 0) :]
        elif op == "replace":
            lines[i] = draw(YAML_TEXT) + "\n"
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(YAML_TEXT) + lines[i][at:]
        elif op == "cut":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        elif op == "byte":
            raw = bytearray("".join(lines).encode())
            if raw:
                raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
            return bytes(raw)
    return "".join(lines)


def _paths(node, prefix=()):
    """Every (container, key) location in parsed YAML data."""
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield prefix + (key,)
        yield from _paths(value, prefix + (key,))


DATA_TREE = yaml.safe_load(MINI)
PATHS = list(_paths(DATA_TREE))


@st.composite
def data_mutations(draw) -> str:
    tree = copy.deepcopy(DATA_TREE)
    for _ in range(draw(st.integers(1, 3))):
        loc = draw(st.sampled_from(PATHS))
        parent = tree
        try:
            for key in loc[:-1]:
                parent = parent[key]
            key = loc[-1]
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this place
        op = draw(st.sampled_from(["delete", "value", "rename", "extra", "copy"]))
        if op == "delete":
            del parent[key]
        elif op == "value":
            parent[key] = draw(VALUES)
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(key)
        elif op == "extra" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(VALUES)
        elif op == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


@FUZZ
@given(text_mutations())
def test_mutated_text_loads_or_is_refused(text):
    check(text)


@FUZZ
@given(data_mutations())
def test_mutated_data_loads_or_is_refused(text):
    check(text)
