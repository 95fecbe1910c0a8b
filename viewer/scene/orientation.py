"""An anatomical orientation cube: its faces read A/P, S/I and R/L as the atlas turns."""

from __future__ import annotations

from vtkmodules.vtkRenderingAnnotation import vtkAnnotatedCubeActor

FACES = {"X": ("A", "P"), "Y": ("S", "I"), "Z": ("R", "L")}
"""Atlas frame: +X anterior, +Y superior, +Z right."""

TEXT_ROTATION = {"X": -90.0, "Y": 90.0, "Z": 90.0}
"""Turns each face's letter upright when that face is seen in its standard view."""


def orientation_cube() -> vtkAnnotatedCubeActor:
    cube = vtkAnnotatedCubeActor()
    for axis, (plus, minus) in FACES.items():
        getattr(cube, f"Set{axis}PlusFaceText")(plus)
        getattr(cube, f"Set{axis}MinusFaceText")(minus)
        getattr(cube, f"Set{axis}FaceTextRotation")(TEXT_ROTATION[axis])
    cube.SetFaceTextScale(0.55)
    cube.GetCubeProperty().SetColor(0.93, 0.93, 0.90)
    cube.GetTextEdgesProperty().SetColor(0.4, 0.4, 0.4)
    cube.GetTextEdgesProperty().SetLineWidth(1)
    for face in ("XPlus", "XMinus", "YPlus", "YMinus", "ZPlus", "ZMinus"):
        getattr(cube, f"Get{face}FaceProperty")().SetColor(0.15, 0.25, 0.45)
    cube.PickableOff()
    return cube
