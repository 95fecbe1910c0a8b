"""Loading the annotation file together with the landmarks it refers to."""

from __future__ import annotations

from viewer.model.atlas import Atlas
from viewer.model.errors import AtlasDataError
from viewer.model.landmarks import Landmarks, load_landmarks
from viewer.model.loader import load_atlas
from viewer.model.paths import AtlasPaths


def load_data(paths: AtlasPaths) -> tuple[Atlas, Landmarks | None, list[str]]:
    """The validated atlas, its landmarks if readable, and warnings about what is missing.

    Without landmarks the atlas still works; only the painted attachment
    areas are lost, and the warning says so.
    """
    warnings: list[str] = []
    try:
        landmarks: Landmarks | None = load_landmarks(paths.landmarks)
    except AtlasDataError as exc:
        landmarks = None
        warnings.append(f"attachment areas cannot be drawn: {exc}")
    atlas = load_atlas(paths.annotations, landmarks=landmarks, meshes=paths.meshes)
    return atlas, landmarks, warnings
