"""Printable handouts: a PDF with the title, labelled views, colour key, facts and sources.

Qt lays the text out (QTextDocument) and writes the PDF (QPdfWriter), so the
text is real, selectable and searchable, with fonts embedded, and no extra
library is needed. The document is laid out in points (1/72 inch) and drawn
scaled to the writer's resolution, so sizes mean the same on paper whatever
the screen; the pictures are rendered at the print resolution of the space
they fill. Only QtGui is used: it runs headless with the offscreen platform.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from viewer import __version__
from viewer.export.atomic import ExportError, atomic_path, check_target
from viewer.export.handout_content import (
    EXERCISE_CAUTION,
    SOURCES_FOR_PATIENTS,
    HandoutContent,
    handout_content,
)
from viewer.export.picture import MM_PER_INCH, PictureOptions, render_image, to_qimage
from viewer.model.facts import Audience
from viewer.model.scenario import exercise_picture
from viewer.scene.atlas_scene import AtlasScene
from viewer.scene.views import VIEWS

Paper = Literal["A4", "Letter"]
PAPER_SIZES: dict[Paper, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
PT_PER_MM = 72 / MM_PER_INCH
MARGIN_MM = 15.0
FOOTER_MM = 8.0
PICTURE_RATIO = 0.48
"""Height of each view over its width: two views and the title fit on the first page."""
EXERCISE_PICTURE_MM = (58.0, 40.0)
"""An exercise's picture, beside its name and one-line instruction."""
LABEL_SCALE = 1.45
"""Labels about 9 pt high on paper, the size of the handout's own text."""
PAGE_EDGE_PT = 0.5
KEEP_WITH_HEADING_PT = 40
"""A heading needs this much room below it (about three lines) to stay on its page."""
PROGRAM = "Gluteal Atlas"
FONT = "DejaVu Sans"
PATIENT_VIEW_WORDS = {
    "posterior": "From behind",
    "anterior": "From the front",
    "right": "From the right side",
    "left": "From the left side",
    "superior": "From above",
    "inferior": "From below",
    "posterolateral": "From behind and to the side",
    "supine": "Lying on the back, from the side",
    "prone": "Lying face down, from the side",
    "side_lying": "Lying on the side, from behind",
}


@dataclass(frozen=True)
class HandoutOptions:
    paper: Paper = "A4"
    audience: Audience = "patient"
    views: tuple[str, ...] = ()
    """Named views to show; empty: from behind and from the structure's side."""
    exercises: bool = True
    dpi: int = 300
    date: dt.date | None = None
    """The date in the footer (today unless given, for reproducible files)."""


def default_views(scene: AtlasScene) -> tuple[str, ...]:
    """From behind and from the selected structure's own side."""
    side = scene.atlas.instances[scene.selected].side if scene.selected else None
    return ("posterior", "left" if side == "left" else "right")


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a headless one: fonts and PDF need one, not a display."""
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["gluteal-atlas", "-platform", "offscreen"])
    return app


def export_handout(
    scene: AtlasScene, out: Path, options: HandoutOptions, overwrite: bool = False
) -> Path:
    """Write a handout about the scene's selected structure to ``out`` (.pdf), atomically."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ExportError(f"{out}: a handout is written as .pdf")
    if scene.selected is None:
        raise ExportError("a handout needs a selected structure")
    check_target(out.absolute(), overwrite)
    ensure_gui_application()
    structure_id = scene.atlas.instances[scene.selected].structure.id
    content = handout_content(scene.atlas, structure_id, options.audience)
    page = QPageSize(PAPER_SIZES[options.paper])
    width_mm = page.size(QPageSize.Unit.Millimeter).width() - 2 * MARGIN_MM
    size_px = px_for(width_mm, options.dpi), px_for(width_mm * PICTURE_RATIO, options.dpi)
    picture = PictureOptions(
        size=size_px,
        labels=True,
        legend=False,  # the key is text under the pictures
        audience=options.audience,
        label_scale=LABEL_SCALE,
    )
    views = options.views or default_views(scene)
    images = {
        f"view-{name}": render_image(scene, picture, name, focus=True, plain=True) for name in views
    }
    captions = [_caption(name, options.audience) for name in views]
    if options.exercises:
        images |= _exercise_images(scene, content, options)
    html_text = _html(content, images, captions, options, width_mm * PT_PER_MM)
    date = options.date or dt.date.today()
    write_document(html_text, images, out, options, content.title, date, overwrite)
    return out


def write_document(
    html_text: str,
    images: dict[str, np.ndarray],
    out: Path,
    options: HandoutOptions,
    title: str,
    date: dt.date,
    overwrite: bool,
) -> None:
    """Lay out ``html_text`` with its ``images`` on pages and write the PDF atomically."""
    page = QPageSize(PAPER_SIZES[options.paper])
    document = QTextDocument()
    document.setDocumentMargin(0)
    font = QFont(FONT)
    font.setPixelSize(10)  # one document pixel is one point on paper
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_STYLE)
    for name, pixels in images.items():
        opaque = to_qimage(pixels).convertToFormat(QImage.Format.Format_RGB888)  # no PDF alpha
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), opaque)
    document.setHtml(html_text)
    document.setPageSize(_body_size(page))
    _keep_headings_with_text(document)
    _keep_tables_whole(document)
    with atomic_path(out, overwrite) as tmp:
        _write_pdf(document, tmp, page, options.dpi, title, date)


def _exercise_images(
    scene: AtlasScene, content: HandoutContent, options: HandoutOptions
) -> dict[str, np.ndarray]:
    """A picture of each exercise: the atlas posed as in it, the structure highlighted.

    Without hip motion (no skeleton) the exercises are listed without pictures.
    """
    if scene.skeleton is None or not content.exercises:
        return {}
    scene.set_pose(scene.pose, render=False)  # the skin weights once, shared by every picture
    size = tuple(px_for(mm, options.dpi) for mm in EXERCISE_PICTURE_MM)
    picture = PictureOptions(size=size, legend=False, audience=options.audience, orientation=False)
    images = {}
    for exercise in content.exercises:
        pose, view = exercise_picture(scene.atlas, exercise)
        images[f"exercise-{exercise.id}"] = render_image(
            scene, picture, view, pose=pose, plain=True
        )
    return images


def px_for(mm: float, dpi: int) -> int:
    """Pixels for ``mm`` printed at ``dpi``."""
    return round(mm / MM_PER_INCH * dpi)


def _caption(view: str, audience: Audience) -> str:
    if audience == "patient":
        return PATIENT_VIEW_WORDS[view]
    return f"{VIEWS[view].label} view"


_STYLE = """
h1 { font-size: 22px; margin: 0; color: #7a2a1d; }
h2 { font-size: 13px; margin-top: 10px; margin-bottom: 3px; color: #7a2a1d; }
p, li { font-size: 10.5px; }
p.subtitle { font-size: 11px; color: #555555; margin-top: 2px; }
p.intro { font-size: 11.5px; margin-top: 6px; }
p.caption { font-size: 9.5px; color: #444444; margin-top: 1px; margin-bottom: 6px; }
p.sources, li.sources { font-size: 8.5px; color: #333333; }
p.caution { font-size: 10px; font-style: italic; }
td.key { font-size: 10px; padding-right: 10px; }
td.exercise { font-size: 10.5px; padding-left: 8px; vertical-align: middle; }
td.frame { font-size: 9.5px; color: #444444; padding-right: 6px; vertical-align: top; }
"""


def _html(
    content: HandoutContent,
    images: dict[str, np.ndarray],
    captions: list[str],
    options: HandoutOptions,
    width_pt: float,
) -> str:
    e = html.escape
    parts = [
        f"<h1>{e(content.title)}</h1>",
        f'<p class="subtitle">{e(content.subtitle)}</p>',
        f'<p class="intro">{e(content.intro)}</p>',
    ]
    views = [name for name in images if name.startswith("view-")]
    for name, caption in zip(views, captions, strict=True):
        parts.append(f'<p><img src="{name}" width="{width_pt:.1f}"></p>')
        parts.append(f'<p class="caption">{e(caption)}</p>')
    if content.key:
        cells = "".join(
            f'<td class="key"><span style="color:{colour}; font-size:14px">&#9632;</span> '
            f"{e(words)}</td>"
            for colour, words in content.key
        )
        parts.append(f'<table cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>')
    for number, block in enumerate(content.blocks):
        page_break = ' style="page-break-before: always"' if number == 0 else ""
        parts.append(f"<h2{page_break}>{e(block.heading)}</h2>")
        parts += [f"<p>{e(text)}</p>" for text in block.paragraphs]
        if block.bullets:
            parts.append("<ul>" + "".join(f"<li>{e(b)}</li>" for b in block.bullets) + "</ul>")
    if options.exercises and content.exercises:
        heading = (
            "Exercises your therapist may suggest"
            if options.audience == "patient"
            else "Exercises from the clinical notes"
        )
        parts.append(f"<h2>{heading}</h2>")
        if options.audience == "patient":
            parts.append(f'<p class="caution">{e(EXERCISE_CAUTION)}</p>')
        picture_pt = EXERCISE_PICTURE_MM[0] * PT_PER_MM
        for exercise in content.exercises:  # a table each, so a page break falls between
            name = f"exercise-{exercise.id}"
            picture = f'<img src="{name}" width="{picture_pt:.1f}">' if name in images else ""
            parts.append(
                f'<table cellspacing="0" cellpadding="3"><tr><td>{picture}</td>'
                f"<td class='exercise'><b>{e(exercise.name)}</b><br/>"
                f"{e(exercise.instruction)}</td></tr></table>"
            )
    parts.append(sources_html(content.sources, options.audience))
    return "\n".join(parts)


def sources_html(sources: list[str], audience: Audience) -> str:
    """The full references for clinicians; for patients, one line on where they are."""
    e = html.escape
    if audience == "patient":
        return f'<p class="sources">{e(SOURCES_FOR_PATIENTS.format(count=len(sources)))}</p>'
    items = "".join(f'<li class="sources">{e(s)}</li>' for s in sources)
    return f"<h2>Sources</h2><ol>{items}</ol>"


def _write_pdf(
    document: QTextDocument, path: Path, page: QPageSize, dpi: int, title: str, date: dt.date
) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageSize(page)
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(dpi)
    writer.setTitle(title)
    writer.setCreator(f"{PROGRAM} {__version__}")
    paper = page.size(QPageSize.Unit.Point)
    margin = MARGIN_MM * PT_PER_MM
    body = document.pageSize()
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"cannot write a PDF at {path}")
    try:
        painter.scale(dpi / 72, dpi / 72)
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(margin, margin - number * body.height())
            # A line that starts exactly at the page break belongs to the next page only; the
            # inset keeps it from being written here too, hidden by the clip but found by
            # anything that reads the PDF's text (a search, a screen reader, pdftotext).
            top = number * body.height() + PAGE_EDGE_PT
            visible = QRectF(0, top, body.width(), body.height() - 2 * PAGE_EDGE_PT)
            painter.setClipRect(QRectF(QPointF(0, number * body.height()), body))
            document.drawContents(painter, visible)
            painter.restore()
            _footer(painter, paper, margin, f"{number + 1} of {pages}", date)
    finally:
        painter.end()


def _body_size(page: QPageSize) -> QSizeF:
    """The text area of a page, in points: inside the margins, above the footer."""
    paper = page.size(QPageSize.Unit.Point)
    margin = MARGIN_MM * PT_PER_MM
    return QSizeF(paper.width() - 2 * margin, paper.height() - 2 * margin - FOOTER_MM * PT_PER_MM)


def _keep_tables_whole(document: QTextDocument) -> None:
    """Start a new page at a table (an exercise, a row of pictures) that would be cut in two.

    Each move pushes what follows down, so the tables are looked at again from the
    top after every move, until none is cut.
    """
    page_height = document.pageSize().height()
    moved: set[int] = set()
    changed = True
    while changed:
        changed = False
        layout = document.documentLayout()
        for frame in document.rootFrame().childFrames():
            rect = layout.frameBoundingRect(frame)
            first = int(rect.top() // page_height)
            last = int((rect.bottom() - 1) // page_height)
            if first != last and rect.height() < page_height and frame.firstPosition() not in moved:
                format_ = frame.frameFormat()
                format_.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                frame.setFrameFormat(format_)
                moved.add(frame.firstPosition())
                document.markContentsDirty(0, document.characterCount())
                changed = True
                break


def _keep_headings_with_text(document: QTextDocument) -> None:
    """Start a new page at a heading that would otherwise end a page on its own."""
    page_height = document.pageSize().height()
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            rect = layout.blockBoundingRect(block)
            room = page_height - rect.top() % page_height
            if room < rect.height() + KEEP_WITH_HEADING_PT:
                format_ = block.blockFormat()
                format_.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(format_)
        block = block.next()
    document.markContentsDirty(0, document.characterCount())  # lay out again, whole


def _footer(painter: QPainter, paper: QSizeF, margin: float, page: str, date: dt.date) -> None:
    font = QFont(FONT)
    font.setPixelSize(8)
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    top = paper.height() - margin - 4
    box = QRectF(margin, top, paper.width() - 2 * margin, 12)
    painter.drawLine(QPointF(margin, top - 2), QPointF(paper.width() - margin, top - 2))
    left = f"{PROGRAM} {__version__} · {date.isoformat()}"
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
    right = f"Page {page}"
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)
