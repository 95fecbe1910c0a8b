"""Where the atlas keeps its data, and the rule that data paths stay inside it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from viewer.model.errors import DataPathError, Problem

DATA_ENV = "GLUTEAL_ATLAS_DATA"


def resolve_inside(folder: Path, relative: str) -> Path:
    """Resolve ``relative`` under ``folder``, refusing anything that lands outside it.

    Absolute paths, ``..`` and symbolic links pointing elsewhere are all caught
    by comparing fully resolved paths, so a hand-edited file cannot make the
    program read (or later write) outside its data folder.
    """
    base = folder.resolve()
    candidate = (base / relative).resolve()
    if Path(relative).is_absolute() or not candidate.is_relative_to(base):
        raise DataPathError(
            [Problem(file=base, line=None, field="", message=f"{relative!r} is outside {base}")]
        )
    return candidate


@dataclass(frozen=True)
class AtlasPaths:
    """The data folder: ``annotations/atlas.yaml`` and the ``meshes/`` beside it."""

    root: Path

    @classmethod
    def default(cls) -> AtlasPaths:
        """The folder named by $GLUTEAL_ATLAS_DATA, else the project folder."""
        env = os.environ.get(DATA_ENV)
        return cls(Path(env) if env else Path(__file__).resolve().parents[2])

    @property
    def annotations(self) -> Path:
        return self.root / "annotations" / "atlas.yaml"

    @property
    def meshes(self) -> Path:
        return self.root / "meshes"

    @property
    def landmarks(self) -> Path:
        return self.meshes / "landmarks.json"

    def mesh_file(self, stem: str) -> Path:
        return resolve_inside(self.meshes, f"{stem}.ply")
