"""Safe YAML reading that remembers where every value came from.

Validation errors must name the line of the offending field, so the file is
composed into YAML nodes (which carry their positions) before being turned
into plain Python data. Only the safe loader is used: tags never build objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from viewer.model.errors import AnnotationError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
"""An annotation file is hand-written text; anything larger is a mistake."""

MAX_DEPTH = 32
"""The schema nests about six levels; deeper input is rejected before validation."""


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's C parser where PyYAML was built with it (the wheels are): it composes the
annotation file about seven times faster than the pure-Python one, which matters at start-up.
The size limit is checked before parsing and the nesting limit before any Python object is
built, with either."""


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with YAML 1.2 booleans: only true/false.

    YAML 1.1 also reads on/off/yes/no as booleans, which would turn the key
    ``on:`` or a plain answer ``no`` into True/False behind the author's back.
    """


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its Python data and the node tree for line look-ups."""

    path: Path
    data: Any
    root: yaml.Node

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the value at ``loc``, or of its nearest existing parent."""
        node = self.root
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    elif (
        isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value)
    ):
        return node.value[key]
    return None


def read_yaml(path: Path) -> YamlDocument:
    """Read ``path`` as one YAML document, or raise AnnotationError saying why not."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _error(path, None, f"cannot read the file: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise _error(path, None, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a folder, or no permission to read
        raise _error(path, None, f"cannot read the file: {exc.strerror or exc}") from exc
    if b"\x00" in raw:
        raise _error(path, None, "this is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(path, None, f"not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise _error(path, None, "the file is empty")

    try:
        loader = _SafeLoader(text)  # checks for characters YAML forbids
    except yaml.YAMLError as exc:
        raise _error(path, None, f"YAML: {exc}") from exc
    try:
        root = loader.get_single_node()
        if root is None:
            raise _error(path, None, "the file holds no YAML document")
        _check_structure(path, root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, far beyond ours
            raise _error(path, line, f"nested more than {MAX_DEPTH} levels deep") from exc
        raise _error(path, line, f"YAML syntax: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise _error(path, None, f"YAML: {exc}") from exc
    except RecursionError as exc:
        raise _error(path, None, "YAML nested too deeply") from exc
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. 2020-13-45, !!int abc
        raise _error(path, None, f"YAML value cannot be read: {exc}") from exc
    finally:
        loader.dispose()
    return YamlDocument(path=path, data=data, root=root)


def _check_structure(path: Path, root: yaml.Node) -> None:
    """Reject duplicate or non-text keys, aliases and deep nesting, which YAML itself allows."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise _error(path, line, "anchors and aliases (&, *) are not supported")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _error(path, line, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _error(
                        path,
                        key_node.start_mark.line + 1,
                        "a key must be plain text, not a list or mapping",
                    )
                if key_node.value in keys:
                    raise _error(
                        path,
                        key_node.start_mark.line + 1,
                        f"duplicate key {key_node.value!r} (first on line {keys[key_node.value]})",
                    )
                keys[key_node.value] = key_node.start_mark.line + 1
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def _error(path: Path, line: int | None, message: str) -> AnnotationError:
    return AnnotationError([Problem(file=path, line=line, field="", message=message)])
