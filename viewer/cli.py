"""Command line: open the window (default), print facts, check a file, export a picture."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from viewer.model.errors import AtlasDataError
from viewer.model.paths import AtlasPaths
from viewer.scene.views import DEFAULT_VIEW, VIEWS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gluteal-atlas", description="Interactive 3D atlas of the buttock and hip."
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["debug", "info", "warning", "error"],
        help="how much to log to standard error (info logs each selection)",
    )
    parser.add_argument("--data", type=Path, help="data folder holding annotations/ and meshes/")
    commands = parser.add_subparsers(dest="command")

    info = commands.add_parser("info", help="print the facts of a structure")
    info.add_argument("id", help="structure id, e.g. gluteus_medius (or gluteus_medius_r)")
    info.add_argument("--json", action="store_true", help="print JSON instead of text")

    check = commands.add_parser("check", help="validate an annotation file")
    check.add_argument("file", nargs="?", type=Path, help="default: the atlas's own file")

    export = commands.add_parser("export", help="render a picture without a window")
    export.add_argument("--structure", help="structure or instance id to highlight")
    export.add_argument("--view", default=DEFAULT_VIEW, choices=list(VIEWS))
    export.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels")
    export.add_argument("--background", default="white", choices=["white", "transparent"])
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument("--out", required=True, type=Path, help="output .png file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    paths = AtlasPaths(args.data) if args.data else AtlasPaths.default()
    try:
        if args.command == "info":
            return _info(paths, args.id, args.json)
        if args.command == "check":
            return _check(paths, args.file)
        if args.command == "export":
            return _export(paths, args)
    except AtlasDataError as exc:
        print(f"error: the atlas data cannot be used:\n{exc}", file=sys.stderr)
        return 1
    from viewer.qt.app import run_window  # Qt only when a window is wanted

    return run_window(paths)


def _structure_id(atlas, given: str) -> str | None:
    if given in atlas.structures:
        return given
    if given in atlas.instances:
        return atlas.instances[given].structure.id
    return None


def _info(paths: AtlasPaths, given: str, as_json: bool) -> int:
    from viewer.model.data import load_data
    from viewer.model.facts import facts_for
    from viewer.model.search import StructureSearch

    atlas, _, _ = load_data(paths)
    structure_id = _structure_id(atlas, given)
    if structure_id is None:
        guesses = StructureSearch(atlas)(given.replace("_", " "))[:3]
        hint = f"; did you mean {', '.join(guesses)}?" if guesses else ""
        print(f"error: no structure {given!r}{hint}", file=sys.stderr)
        return 2
    facts = facts_for(atlas, structure_id)
    print(json.dumps(facts.as_dict(), indent=2, ensure_ascii=False) if as_json else facts.as_text())
    return 0


def _check(paths: AtlasPaths, file: Path | None) -> int:
    from viewer.model.landmarks import load_landmarks
    from viewer.model.loader import load_atlas

    target = file or paths.annotations
    try:
        landmarks = load_landmarks(paths.landmarks)
    except AtlasDataError as exc:
        print(f"warning: landmarks not checked: {exc}", file=sys.stderr)
        landmarks = None
    try:
        atlas = load_atlas(target, landmarks=landmarks, meshes=paths.meshes)
    except AtlasDataError as exc:
        print(f"{target}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    print(
        f"{target}: OK ({len(atlas.structures)} structures, "
        f"{len(atlas.data.clinical_notes)} clinical notes, {len(atlas.citations)} sources)"
    )
    return 0


def _export(paths: AtlasPaths, args: argparse.Namespace) -> int:
    from viewer.model.data import load_data
    from viewer.scene.mesh_library import MeshLibrary
    from viewer.scene.offscreen import ExportError, render_png

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"error: --size must look like 1920x1080, not {args.size!r}", file=sys.stderr)
        return 2
    if args.out.suffix.lower() != ".png":
        print("error: only .png pictures can be exported so far", file=sys.stderr)
        return 2
    atlas, landmarks, _ = load_data(paths)
    selected = None
    if args.structure:
        if args.structure in atlas.instances:
            selected = args.structure
        elif args.structure in atlas.structures:
            selected = atlas.instance_of(args.structure, "right")
        else:
            print(f"error: no structure {args.structure!r}", file=sys.stderr)
            return 2
    library = MeshLibrary.load(atlas, paths)
    try:
        out = render_png(
            atlas,
            library,
            landmarks,
            args.out,
            selected=selected,
            view=args.view,
            size=(width, height),
            transparent=args.background == "transparent",
            overwrite=args.force,
        )
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(out)
    return 0
