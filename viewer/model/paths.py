"""Where the atlas keeps its data, and the rule that data paths stay inside it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from viewer.model.errors import DataPathError, Problem

DATA_ENV = "GLUTEAL_ATLAS_DATA"
PACKAGED_DATA = "atlas_data"
"""The folder inside the installed ``viewer`` package that holds a wheel's
``annotations/`` and ``meshes/`` (the build puts them there: see pyproject.toml)."""
ANNOTATION_FILE = Path("annotations", "atlas.yaml")
MOTION_FILE = "motion.yaml"


def installed_data() -> Path:
    """The data the program came with.

    An installed wheel carries it inside the package, found through
    :mod:`importlib.resources`, whatever the current folder. A source
    checkout (an editable install, or ``python main.py``) is the one case
    where the package has no copy: its ``annotations/`` and ``meshes/`` stand
    beside ``viewer/`` and are used from there. Anything else is a broken
    installation, and says so.
    """
    package = resources.files("viewer")
    packaged = package / PACKAGED_DATA
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(str(package)).parent
    if (checkout / "pyproject.toml").is_file() and (checkout / ANNOTATION_FILE).is_file():
        return checkout
    raise DataPathError(
        [
            Problem(
                file=Path(str(packaged)),
                line=None,
                field="",
                message="this installation of Gluteal Atlas has no atlas data; reinstall it",
            )
        ]
    )


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
    """The data folder: ``annotations/atlas.yaml`` and the ``meshes/`` beside it.

    ``annotation_file`` replaces the folder's annotation file with a user's
    own (an edited copy, say), read with the folder's meshes and landmarks.
    """

    root: Path
    annotation_file: Path | None = None

    @classmethod
    def default(cls, annotation_file: Path | None = None) -> AtlasPaths:
        """The folder named by $GLUTEAL_ATLAS_DATA, else the data the program came with."""
        env = os.environ.get(DATA_ENV)
        return cls(Path(env) if env else installed_data(), annotation_file)

    @property
    def annotations(self) -> Path:
        return self.annotation_file or self.root / ANNOTATION_FILE

    @property
    def motion(self) -> Path:
        """``motion.yaml`` beside the annotation file, else the data folder's own.

        Muscle paths and joint ranges rarely change with an edited annotation
        file, so a user's file alone still animates.
        """
        beside = self.annotations.with_name(MOTION_FILE)
        return beside if beside.is_file() else self.root / ANNOTATION_FILE.parent / MOTION_FILE

    @property
    def meshes(self) -> Path:
        return self.root / "meshes"

    @property
    def landmarks(self) -> Path:
        return self.meshes / "landmarks.json"

    def mesh_file(self, stem: str) -> Path:
        return resolve_inside(self.meshes, f"{stem}.ply")
