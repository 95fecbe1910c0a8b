"""The command line's list and info: ids to copy from, and errors that say where to look."""

from __future__ import annotations

import json

from viewer.cli import build_parser, main


def test_list_gives_every_structure_with_its_id_kind_and_name(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "kind", "name"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert "gluteus_medius" in rows and "Gluteus medius" in rows["gluteus_medius"]
    assert rows["sciatic_nerve"].split()[1] == "nerve"


def test_list_as_json_names_the_instances_of_each_side(capsys):
    assert main(["list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["piriformis"]["instances"] == ["piriformis_l", "piriformis_r"]
    assert rows["sacrum"]["instances"] == ["sacrum"]
    assert rows["gluteus_maximus"]["kind"] == "muscle"


def test_an_unknown_structure_points_to_the_list(capsys):
    assert main(["info", "gluteus_med"]) == 2
    error = capsys.readouterr().err
    assert "did you mean gluteus_medius?" in error and "'gluteal-atlas list'" in error


def test_export_has_one_audience_and_says_which_by_default():
    export = build_parser()._subparsers._group_actions[0].choices["export"]
    audience = next(a for a in export._actions if a.dest == "audience")
    assert audience.default == "clinician"
    assert (
        "the default" in audience.help and "legend" in audience.help and "labels" in audience.help
    )
