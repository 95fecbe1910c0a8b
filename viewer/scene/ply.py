"""Reading triangle meshes from PLY files with numpy alone.

The atlas reads about forty PLY files at start-up. A general mesh library
(trimesh pulls in scipy) took longer to import than the program needed to draw
its first frame; the PLY layout is simple enough to read as one numpy record
array per element, which takes a few milliseconds for the whole atlas. Binary
(either byte order) and ASCII files are read; faces must be triangles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TYPES = {
    "char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1",
    "short": "i2", "int16": "i2", "ushort": "u2", "uint16": "u2",
    "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
    "float": "f4", "float32": "f4", "double": "f8", "float64": "f8",
}  # fmt: skip
"""PLY property types (both spellings of the standard) as numpy type codes."""

FORMATS = {"ascii": None, "binary_little_endian": "<", "binary_big_endian": ">"}


class PlyError(ValueError):
    """The file is not a PLY triangle mesh this reader can use; the message says why."""


@dataclass(frozen=True)
class PlyMesh:
    vertices: np.ndarray
    """(N, 3) float32 positions."""
    faces: np.ndarray
    """(M, 3) int64 vertex indices (not checked against N here)."""
    normals: np.ndarray | None
    """(N, 3) float32 vertex normals if the file has ``nx ny nz``."""


@dataclass
class _Element:
    name: str
    count: int
    scalars: list[tuple[str, str]]
    """(name, numpy code) of the scalar properties, in file order."""
    lists: list[tuple[str, str, str]]
    """(name, count code, item code) of the list properties."""


def read_ply(raw: bytes) -> PlyMesh:
    """The vertices, triangles and normals in ``raw``, or PlyError saying what is wrong."""
    if not raw.startswith(b"ply"):
        raise PlyError("is not a PLY file")
    end = raw.find(b"end_header")
    if end < 0:
        raise PlyError("has an incomplete PLY header")
    body_start = raw.index(b"\n", end) + 1 if b"\n" in raw[end:] else len(raw)
    fmt, elements = _header(raw[:end].decode("ascii", errors="replace"))
    body = raw[body_start:]
    arrays = _read_ascii(body, elements) if fmt is None else _read_binary(body, elements, fmt)
    return _mesh(arrays)


def _header(text: str) -> tuple[str | None, list[_Element]]:
    fmt: str | None = None
    seen_format = False
    elements: list[_Element] = []
    for line in text.splitlines()[1:]:
        words = line.split()
        if not words or words[0] in ("comment", "obj_info"):
            continue
        try:
            if words[0] == "format":
                fmt, seen_format = FORMATS[words[1]], True
            elif words[0] == "element":
                elements.append(_Element(words[1], int(words[2]), [], []))
            elif words[0] == "property" and words[1] == "list":
                elements[-1].lists.append((words[4], TYPES[words[2]], TYPES[words[3]]))
            elif words[0] == "property":
                elements[-1].scalars.append((words[2], TYPES[words[1]]))
            else:
                raise PlyError(f"has an unknown header line {line!r}")
        except (IndexError, KeyError, ValueError) as exc:
            raise PlyError(f"has an unreadable header line {line!r}") from exc
    if not seen_format:
        raise PlyError("has no format line in its PLY header")
    if any(e.count < 0 for e in elements):
        raise PlyError("has a negative element count")
    return fmt, elements


def _record(element: _Element, byte_order: str) -> np.dtype:
    """The binary layout of one record, taking each list to hold three items."""
    fields: list[tuple] = [(name, byte_order + code) for name, code in element.scalars]
    if len(element.lists) > 1:
        raise PlyError(f"has {len(element.lists)} list properties in {element.name!r}")
    for name, count_code, item_code in element.lists:
        fields += [("_count", byte_order + count_code), (name, byte_order + item_code, 3)]
    return np.dtype(fields)


def _read_binary(body: bytes, elements: list[_Element], byte_order: str) -> dict:
    arrays, offset = {}, 0
    for element in elements:
        record = _record(element, byte_order)
        size = record.itemsize * element.count
        if offset + size > len(body):
            raise PlyError(f"is truncated (in its {element.name} data)")
        data = np.frombuffer(body, record, element.count, offset)
        if element.lists and (data["_count"] != 3).any():
            raise PlyError(f"has {element.name} entries that are not triangles")
        arrays[element.name] = data
        offset += size
    return arrays


def _read_ascii(body: bytes, elements: list[_Element]) -> dict:
    tokens = body.split()
    arrays, offset = {}, 0
    for element in elements:
        record = _record(element, "=")
        width = len(element.scalars) + 4 * len(element.lists)
        size = width * element.count
        if offset + size > len(tokens):
            raise PlyError(f"is truncated (in its {element.name} data)")
        try:
            table = np.array(tokens[offset : offset + size], dtype=float).reshape(-1, width)
        except ValueError as exc:
            raise PlyError(f"has a value that is not a number in its {element.name} data") from exc
        if element.lists and (table[:, len(element.scalars)] != 3).any():
            raise PlyError(f"has {element.name} entries that are not triangles")
        data = np.zeros(element.count, record)
        for column, name in enumerate(n for n, _ in element.scalars):
            data[name] = table[:, column]
        for name, *_ in element.lists:
            data[name] = table[:, len(element.scalars) + 1 :]
        arrays[element.name] = data
        offset += size
    return arrays


def _mesh(arrays: dict) -> PlyMesh:
    vertex, face = arrays.get("vertex"), arrays.get("face")
    if vertex is None or not {"x", "y", "z"} <= set(vertex.dtype.names or ()):
        raise PlyError("has no vertex coordinates")
    face_fields = set(face.dtype.names or ()) if face is not None else set()
    index_name = next((n for n in ("vertex_indices", "vertex_index") if n in face_fields), None)
    if index_name is None or len(face) == 0:
        raise PlyError("holds no triangles")
    vertices = np.column_stack([vertex[c] for c in "xyz"]).astype(np.float32)
    normals = None
    if {"nx", "ny", "nz"} <= set(vertex.dtype.names):
        normals = np.column_stack([vertex[c] for c in ("nx", "ny", "nz")]).astype(np.float32)
    return PlyMesh(vertices, face[index_name].astype(np.int64), normals)
