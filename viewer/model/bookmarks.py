"""Bookmarks: a small JSON file holding an exact view, so a teacher can share it.

A bookmark keeps the camera, the selection, the visibility choices, the hip
pose and the audience. Reading one never trusts it: a damaged or foreign file
is reported as an AtlasDataError and the program keeps its current view.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from viewer.model.errors import AtlasDataError, Problem

BOOKMARK_FORMAT = "gluteal-atlas-bookmark"
MAX_BOOKMARK_BYTES = 1_000_000

Vector = tuple[float, float, float]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class CameraState(_Strict):
    position: Vector
    focal_point: Vector
    view_up: Vector
    view_angle: float = Field(default=30.0, gt=0, lt=180)

    @model_validator(mode="after")
    def _not_degenerate(self) -> CameraState:
        """A camera on its own focal point, or looking along its up vector, draws nothing."""
        direction = np.subtract(self.focal_point, self.position)
        if not np.linalg.norm(direction):
            raise ValueError("position and focal_point are the same point")
        if not np.linalg.norm(np.cross(direction, self.view_up)):
            raise ValueError("view_up is zero or along the viewing direction")
        return self


class VisibilityState(_Strict):
    """The shape :meth:`VisibilityModel.load_dict` reads, checked before anything changes."""

    hidden: list[str] = Field(default_factory=list)
    opacity: dict[str, float] = Field(default_factory=dict)
    isolated: str | None = None
    xray: bool = False
    peeled: int = Field(default=0, ge=0)


class Bookmark(_Strict):
    format: Literal["gluteal-atlas-bookmark"] = BOOKMARK_FORMAT
    version: Literal[1] = 1
    name: str = ""
    camera: CameraState
    selection: str | None = None
    visibility: dict = Field(default_factory=dict)
    pose: dict[str, float] = Field(default_factory=dict)
    audience: Literal["clinician", "patient"] = "clinician"

    @field_validator("visibility")
    @classmethod
    def _visibility_shape(cls, value: dict) -> dict:
        return VisibilityState.model_validate(value).model_dump()

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
    except RecursionError as exc:
        raise _error(path, "", "not a bookmark: nested too deeply") from exc
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
