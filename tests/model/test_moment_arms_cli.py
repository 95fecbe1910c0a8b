"""``moment-arms`` on the command line: the columns, the sweep, and never a half-written file."""

from __future__ import annotations

import csv

import pytest

from viewer.cli import main
from viewer.model.loader import load_atlas
from viewer.model.muscle_paths import load_motion


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_the_table(tmp_path, capsys):
    out = tmp_path / "arms.csv"
    assert (
        main(["moment-arms", "--muscle", "piriformis", "--flexion", "0:90:45", "--csv", str(out)])
        == 0
    )
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "muscle,part,hip_flexion_deg,knee_flexion_deg,dof,moment_arm_mm"
    rows = read_rows(out)
    assert [(r["hip_flexion_deg"], r["dof"]) for r in rows] == [
        (f, d) for f in ("0", "45", "90") for d in ("flexion", "adduction", "rotation")
    ]
    assert {(r["muscle"], r["part"]) for r in rows} == {("piriformis", "all")}
    rotation = {
        r["hip_flexion_deg"]: float(r["moment_arm_mm"]) for r in rows if r["dof"] == "rotation"
    }
    assert rotation["0"] < 0 < rotation["90"]
    assert str(out) in capsys.readouterr().out


def test_all_muscles_by_default(tmp_path, project_paths):
    out = tmp_path / "arms.csv"
    assert main(["moment-arms", "--flexion", "0:30:15", "--csv", str(out)]) == 0
    parts = load_motion(project_paths.motion, load_atlas(project_paths.annotations)).paths
    rows = read_rows(out)
    crossed = sum(3 * p.crosses_hip + p.crosses_knee for p in parts.values())
    assert len(rows) == crossed * 3
    crossing = {k for k, p in parts.items() if p.crosses_hip or p.crosses_knee}
    assert {(r["muscle"], r["part"]) for r in rows} == crossing
    assert {"obturator_internus", "quadratus_femoris"} <= {r["muscle"] for r in rows}
    assert "erector_spinae" not in {r["muscle"] for r in rows}  # it crosses no hip or knee


def test_knee_sweep_adds_a_column_and_knee_rows(tmp_path):
    out = tmp_path / "arms.csv"
    args = ["moment-arms", "--muscle", "semitendinosus", "--flexion", "0:0:1", "--knee", "0:90:45"]
    assert main([*args, "--csv", str(out)]) == 0
    rows = read_rows(out)
    knee = {
        r["knee_flexion_deg"]: float(r["moment_arm_mm"]) for r in rows if r["dof"] == "knee_flexion"
    }
    assert set(knee) == {"0", "45", "90"}
    assert all(arm > 0 for arm in knee.values())  # semitendinosus bends the knee


def test_a_knee_angle_beyond_its_range_is_refused(tmp_path, capsys):
    out = tmp_path / "arms.csv"
    assert main(["moment-arms", "--knee", "0:150:50", "--csv", str(out)]) == 2
    assert "knee's range" in capsys.readouterr().err
    assert not out.exists()


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "arms.csv"
    out.write_text("keep me", encoding="utf-8")
    assert main(["moment-arms", "--csv", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "--force" in capsys.readouterr().err
    assert main(["moment-arms", "--csv", str(out), "--force"]) == 0
    assert read_rows(out)
    assert [p.name for p in tmp_path.iterdir()] == ["arms.csv"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--flexion", "0:90"], 2, "START:STOP:STEP"),
        (["--muscle", "gluteus_maximum"], 2, "no muscle path"),
    ],
)
def test_rejects_bad_arguments(tmp_path, capsys, args, code, says):
    out = tmp_path / "arms.csv"
    assert main(["moment-arms", *args, "--csv", str(out)]) == code
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["moment-arms", "--csv", str(tmp_path / "nowhere" / "arms.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_unwritable_folder_is_a_clear_error(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if _can_write(locked):
            pytest.skip("running with permissions that ignore the folder mode")
        assert main(["moment-arms", "--csv", str(locked / "arms.csv")]) == 1
        assert "cannot write" in capsys.readouterr().err
    finally:
        locked.chmod(0o700)


def _can_write(folder) -> bool:
    try:
        (folder / "probe").write_text("", encoding="utf-8")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True
