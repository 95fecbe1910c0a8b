"""Bookmarks: a small JSON file holding an exact view, so a teacher can share it.

A bookmark keeps the camera, the selection, the visibility choices, the hip
pose and the audience. Reading one never trusts it: a damaged or foreign file
is reported as an AtlasDataError and the program keeps its current view.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from viewer.model.errors import AtlasDataError, Problem

BOOKMARK_FORMAT = "gluteal-atlas-bookmark"
MAX_BOOKMARK_BYTES = 1_000_000

Vector = tuple[float, float, float]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameraState(_Strict):
    position: Vector
    focal_point: Vector
    view_up: Vector
    view_angle: float = Field(default=30.0, gt=0, lt=180)


class Bookmark(_Strict):
    format: Literal["gluteal-atlas-bookmark"] = BOOKMARK_FORMAT
    version: Literal[1] = 1
    name: str = ""
    camera: CameraState
    selection: str | None = None
    visibility: dict = Field(default_factory=dict)
    pose: dict[str, float] = Field(default_factory=dict)
    audience: Literal["clinician", "patient"] = "clinician"

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def read_bookmark(path: Path) -> Bookmark:
    """Parse ``path``; AtlasDataError with the file and the failing field otherwise."""
    try:
        if path.stat().st_size > MAX_BOOKMARK_BYTES:
            raise _error(path, "", "too large for a bookmark")
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(path, "", f"cannot read the file: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise AtlasDataError(
            [Problem(file=path, line=exc.lineno, field="", message=f"not JSON: {exc.msg}")]
        ) from exc
    try:
        return Bookmark.model_validate(raw)
    except ValidationError as exc:
        raise AtlasDataError(
            [
                Problem(
                    file=path,
                    line=None,
                    field=".".join(str(p) for p in err["loc"]),
                    message=str(err["msg"]),
                )
                for err in exc.errors(include_url=False)
            ]
        ) from None


def _error(path: Path, field: str, message: str) -> AtlasDataError:
    return AtlasDataError([Problem(file=path, line=None, field=field, message=message)])
