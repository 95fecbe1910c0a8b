"""A handout for a clinical scenario: its key moments side by side, with what they mean.

The Trendelenburg sign on paper is the level pelvis beside the dropped one:
each captioned phase of the scenario gives one picture (the pose it holds),
with its caption under it, then the scenario's explanation and, where the
scenario has one, its clinical note, in the handout's audience's words. The
pictures use the scenario's own colours when a colouring is given (red for a
muscle that shortens, blue for one that lengthens) and fade what it does not
list, as the window does.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import numpy as np
from PySide6.QtGui import QPageSize

from viewer.export.atomic import ExportError, check_target
from viewer.export.handout import (
    MARGIN_MM,
    PAPER_SIZES,
    PT_PER_MM,
    HandoutOptions,
    ensure_gui_application,
    px_for,
    sources_html,
    write_document,
)
from viewer.export.picture import PictureOptions, render_image
from viewer.model.scenario import Frame, ScenarioClip, key_frames, mirror_words
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.posing import CONTRACTION_LEGEND
from viewer.scene.scenario_colours import ScenarioColours, fade_others, scenario_instances

FRAME_RATIO = 1.25
"""Height over width of each picture: the standing model is taller than wide."""
GAP_MM = 4.0
FRAME_MARGIN = 1.1
"""The pictures frame the standing model's box this much enlarged, room for a moved leg."""


def export_scenario_handout(
    scene: AtlasScene,
    scenario_id: str,
    out: Path,
    options: HandoutOptions,
    mirrored: bool = False,
    colouring: ScenarioColours | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the handout of scenario ``scenario_id`` to ``out`` (.pdf), atomically.

    ``mirrored`` shows it on the other side of the body; the scene needs a
    skeleton (hip motion) to pose the pictures.
    """
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ExportError(f"{out}: a handout is written as .pdf")
    scenario = scene.atlas.scenarios.get(scenario_id)
    if scenario is None:
        known = ", ".join(scene.atlas.scenarios)
        raise ExportError(f"no scenario {scenario_id!r} (the scenarios are: {known})")
    if scene.skeleton is None:
        raise ExportError("a scenario handout needs the hip-motion data (motion.yaml)")
    check_target(out.absolute(), overwrite)
    ensure_gui_application()
    clip = ScenarioClip.of(scenario, mirrored)
    if colouring is not None:
        colouring.load(clip)
    frames = key_frames(clip, options.audience)
    page = QPageSize(PAPER_SIZES[options.paper])
    width_mm = page.size(QPageSize.Unit.Millimeter).width() - 2 * MARGIN_MM
    frame_mm = (width_mm - GAP_MM * (len(frames) - 1)) / len(frames)
    size = (px_for(frame_mm, options.dpi), px_for(frame_mm * FRAME_RATIO, options.dpi))
    picture = PictureOptions(size=size, legend=False, audience=options.audience, orientation=False)
    keep = scenario_instances(scene, scenario.structures)
    scene.set_pose(scene.pose, render=False)  # the skin weights once, for every picture

    def dressed(frame: Frame):
        def dress(twin: AtlasScene) -> None:
            twin.show_selection(None, render=False)
            fade_others(twin, keep, render=False)
            if colouring is not None:
                for instance_id, colours in colouring.colours_at(frame.time).items():
                    twin.set_vertex_colours(instance_id, colours)

        return dress

    # One frame for every picture, so the pelvis is the same size in each and a drop shows.
    bounds = scene.framing_bounds(
        with_spine=clip.scenario.trunk == "upright", poses=clip.framed_poses
    )
    centre, half = bounds.mean(axis=1), np.ptp(bounds, axis=1) / 2 * FRAME_MARGIN
    box = np.array(np.meshgrid(*zip(centre - half, centre + half, strict=True))).reshape(3, -1).T
    images = {
        f"frame-{n}": render_image(
            scene, picture, clip.view, pose=f.pose, dress=dressed(f), frame=box
        )
        for n, f in enumerate(frames)
    }
    html_text = _html(scene, clip, frames, options, frame_mm * PT_PER_MM, colouring is not None)
    title = clip.title(options.audience)
    date = options.date or dt.date.today()
    write_document(html_text, images, out, options, title, date, overwrite)
    return out


def _html(
    scene: AtlasScene,
    clip: ScenarioClip,
    frames: list[Frame],
    options: HandoutOptions,
    frame_pt: float,
    coloured: bool,
) -> str:
    e = html.escape
    atlas, scenario = scene.atlas, clip.scenario
    patient = options.audience == "patient"

    def words(text: str) -> str:
        return mirror_words(text) if clip.mirrored else text

    cells = "".join(
        f'<td class="frame" width="{frame_pt:.1f}"><img src="frame-{n}" width="{frame_pt:.1f}">'
        f"<br/>{e(frame.caption)}</td>"
        for n, frame in enumerate(frames)
    )
    parts = [
        f"<h1>{e(clip.title(options.audience))}</h1>",
        f'<p class="intro">{e(words(scenario.plain if patient else scenario.text))}</p>',
        f'<table cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>',
    ]
    if coloured:
        key = "".join(
            f'<td class="key"><span style="color:{colour}; font-size:14px">&#9632;</span> '
            f"{e(label)}</td>"
            for label, colour in CONTRACTION_LEGEND
        )
        parts.append(f'<table cellspacing="0" cellpadding="0"><tr>{key}</tr></table>')
    note = next((n for n in atlas.data.clinical_notes if n.id == scenario.clinical_note), None)
    if note:
        parts.append(f"<h2>{e(note.plain_title if patient else note.title)}</h2>")
        parts.append(f"<p>{e(words(note.plain if patient else note.text))}</p>")
    sources = [atlas.citations[ref].text for ref in scenario.citations]
    parts.append(sources_html(sources, options.audience))
    return "\n".join(parts)
