"""The program's own error types for bad data, with the place the problem was found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file: where (file, line, field) and what."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class AtlasDataError(Exception):
    """A data file (annotations, landmarks, meshes) cannot be used as it is.

    Carries every problem found, so a person can fix them all in one pass
    instead of one per run.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class AnnotationError(AtlasDataError):
    """The annotation file is unreadable or breaks the schema."""


class DataPathError(AtlasDataError):
    """A data path points outside the folder the atlas reads from."""
