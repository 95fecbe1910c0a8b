"""Command line: open the window (default), print facts, check a file, export a picture."""

from __future__ import annotations

import argparse
import json
import logging
import os
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
    parser.add_argument(
        "--annotations",
        type=Path,
        metavar="FILE",
        help="use your own annotation file (e.g. an edited copy of atlas.yaml) with the "
        "atlas's meshes; motion.yaml is taken from beside it if there is one",
    )
    commands = parser.add_subparsers(dest="command")

    listing = commands.add_parser(
        "list", help="list every structure: its id (for info and export), kind and name"
    )
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    info = commands.add_parser("info", help="print the facts of a structure")
    info.add_argument(
        "id", help="structure id, e.g. gluteus_medius (or gluteus_medius_r); see 'list'"
    )
    info.add_argument("--json", action="store_true", help="print JSON instead of text")

    check = commands.add_parser("check", help="validate an annotation file")
    check.add_argument("file", nargs="?", type=Path, help="default: the atlas's own file")

    export = commands.add_parser(
        "export",
        help="write a picture (.png), handout (.pdf) or 3D scene (.glb) without a window",
        description="The file type follows the extension of --out. A selected structure is "
        "shown close up, with its origin, insertion, nerve and artery highlighted.",
    )
    export.add_argument(
        "--structure",
        action="append",
        default=[],
        help="structure or instance id to highlight; repeat it for one file each in --out",
    )
    export.add_argument(
        "--all-muscles", action="store_true", help="one file per muscle in the folder --out"
    )
    export.add_argument(
        "--scenario",
        help="a clinical scenario's handout (.pdf): its key moments side by side with what "
        "they mean, e.g. trendelenburg",
    )
    export.add_argument(
        "--mirror",
        action="store_true",
        help="show a one-sided scenario on the other side (the patient's left, say)",
    )
    export.add_argument(
        "--view",
        action="append",
        default=[],
        choices=list(VIEWS),
        help=f"camera view (default {DEFAULT_VIEW}); a handout takes several",
    )
    export.add_argument(
        "--pose",
        help="hip and knee angles in degrees, e.g. flexion=90,knee=60 or abduction=40 (the same as "
        "adduction=-40)",
    )
    export.add_argument("--size", default="1920x1080", help="picture WIDTHxHEIGHT in pixels")
    export.add_argument("--labels", action="store_true", help="name what is highlighted")
    export.add_argument("--no-legend", action="store_true", help="leave out the colour legend")
    export.add_argument("--background", default="white", choices=["white", "black", "transparent"])
    export.add_argument(
        "--audience",
        default="clinician",
        choices=["clinician", "patient"],
        help="who the words are for, the same in the labels, the legend and a handout's text: "
        "clinician (anatomical terms; the default) or patient (everyday words, larger legend)",
    )
    export.add_argument(
        "--skin",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show the see-through skin over the structures (default: for a patient audience)",
    )
    export.add_argument("--paper", default="A4", choices=["A4", "Letter"], help="handout paper")
    export.add_argument(
        "--no-exercises", action="store_true", help="leave exercises out of handouts"
    )
    export.add_argument(
        "--format",
        default="png",
        choices=["png", "pdf", "glb"],
        help="file type written into a folder (several structures)",
    )
    export.add_argument("--force", action="store_true", help="replace existing files")
    export.add_argument(
        "--out", required=True, type=Path, help="output file, or folder for several structures"
    )

    arms = commands.add_parser(
        "moment-arms", help="write hip and knee moment arms (right side) as CSV"
    )
    arms.add_argument("--muscle", help="one muscle id, e.g. gluteus_medius (default: all)")
    arms.add_argument(
        "--flexion", default="0:90:15", help="hip flexion START:STOP:STEP in degrees, STOP included"
    )
    arms.add_argument(
        "--knee",
        default="0:0:1",
        help="knee flexion START:STOP:STEP in degrees, STOP included (default: straight, 0)",
    )
    arms.add_argument("--csv", required=True, type=Path, help="output .csv file")
    arms.add_argument("--force", action="store_true", help="replace an existing file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        paths = (
            AtlasPaths(args.data, args.annotations)
            if args.data
            else AtlasPaths.default(args.annotations)
        )
        if args.command == "list":
            return _list(paths, args.json)
        if args.command == "info":
            return _info(paths, args.id, args.json)
        if args.command == "check":
            return _check(paths, args.file)
        if args.command == "export":
            return _export(paths, args)
        if args.command == "moment-arms":
            return _moment_arms(paths, args)
    except AtlasDataError as exc:
        print(f"error: the atlas data cannot be used:\n{exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``gluteal-atlas info … | head``): stop quietly, as cat does,
        # and keep Python from complaining again when it flushes standard output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    from viewer.qt.app import run_window  # Qt only when a window is wanted

    return run_window(paths)


def _structure_id(atlas, given: str) -> str | None:
    if given in atlas.structures:
        return given
    if given in atlas.instances:
        return atlas.instances[given].structure.id
    return None


def _list(paths: AtlasPaths, as_json: bool) -> int:
    """Every structure, in the annotation file's order, with what the other commands take."""
    from viewer.model.loader import load_atlas

    atlas = load_atlas(paths.annotations)
    rows = [
        {
            "id": s.id,
            "kind": s.kind,
            "name": s.name,
            "plain_name": s.plain_name,
            "instances": [i.id for i in atlas.instances.values() if i.structure.id == s.id],
        }
        for s in atlas.data.structures
    ]
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(row["id"]) for row in rows)
    kinds = max(len(row["kind"]) for row in rows)
    print(f"{'id':<{width}}  {'kind':<{kinds}}  name")
    for row in rows:
        print(f"{row['id']:<{width}}  {row['kind']:<{kinds}}  {row['name']}")
    return 0


def _info(paths: AtlasPaths, given: str, as_json: bool) -> int:
    from viewer.model.data import load_data
    from viewer.model.facts import facts_for
    from viewer.model.search import StructureSearch

    atlas, _, _ = load_data(paths)
    structure_id = _structure_id(atlas, given)
    if structure_id is None:
        guesses = StructureSearch(atlas)(given.replace("_", " "))[:3]
        hint = f"; did you mean {', '.join(guesses)}?" if guesses else ""
        print(
            f"error: no structure {given!r}{hint} ('gluteal-atlas list' lists them)",
            file=sys.stderr,
        )
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
    from viewer.export.atomic import ExportError
    from viewer.export.batch import BatchRequest, run_batch, run_scenario_handout
    from viewer.export.handout import HandoutOptions
    from viewer.export.picture import PictureOptions, parse_size
    from viewer.export.pose import parse_pose

    try:
        size = parse_size(args.size)
        pose = parse_pose(args.pose) if args.pose is not None else None
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    request = BatchRequest(
        out=args.out,
        structures=tuple(args.structure),
        all_muscles=args.all_muscles,
        file_type=f".{args.format}",
        views=tuple(args.view),
        picture=PictureOptions(
            size=size,
            background=args.background,
            labels=args.labels,
            legend=not args.no_legend,
            audience=args.audience,
        ),
        handout=HandoutOptions(
            paper=args.paper, audience=args.audience, exercises=not args.no_exercises
        ),
        pose=pose,
        overwrite=args.force,
        skin=args.skin,
    )
    try:
        if args.scenario is not None:
            print(
                run_scenario_handout(
                    paths,
                    args.scenario,
                    args.out,
                    request.handout,
                    args.mirror,
                    args.force,
                    args.skin,
                )
            )
        else:
            run_batch(paths, request, progress=print)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _moment_arms(paths: AtlasPaths, args: argparse.Namespace) -> int:
    """Write the moment-arm table; the file appears whole or not at all."""
    import csv
    import io
    import os
    import tempfile

    from viewer.model.loader import load_atlas
    from viewer.model.moment_arms import CSV_COLUMNS, moment_arm_table, parse_sweep
    from viewer.model.muscle_paths import load_motion

    sweeps = {}
    for option in ("flexion", "knee"):
        try:
            sweeps[option] = parse_sweep(getattr(args, option))
        except ValueError as exc:
            print(f"error: --{option}: {exc}", file=sys.stderr)
            return 2
    model = load_motion(paths.motion, load_atlas(paths.annotations))
    knee = model.ranges.knee
    outside = [k for k in sweeps["knee"] if k not in knee]
    if outside:
        print(
            f"error: --knee: {outside[0]:g} is outside the knee's range, "
            f"{knee.minimum:g} to {knee.maximum:g} degrees",
            file=sys.stderr,
        )
        return 2
    if args.muscle is not None and args.muscle not in {m for m, _ in model.paths}:
        known = ", ".join(sorted({m for m, _ in model.paths}))
        print(f"error: no muscle path for {args.muscle!r} (known: {known})", file=sys.stderr)
        return 2
    out: Path = args.csv
    if out.exists() and not args.force:
        print(f"error: {out} exists; add --force to replace it", file=sys.stderr)
        return 1
    if not out.parent.is_dir():
        print(f"error: the folder {out.parent} does not exist", file=sys.stderr)
        return 1
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    table = moment_arm_table(model, sweeps["flexion"], args.muscle, sweeps["knee"])
    writer.writerows(row.as_csv() for row in table)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        print(f"error: cannot write in {out.parent}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text.getvalue())
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(out)
    return 0
