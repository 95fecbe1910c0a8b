"""Help menu pages: the keyboard shortcuts (read from the window's own actions) and a first tour.

The shortcut sheet is built from the actions the window really has, so it
cannot fall out of step with the menus when a feature adds or changes one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QTextBrowser, QVBoxLayout

MOUSE = (
    ("Left-drag", "Rotate the view"),
    ("Right-drag or wheel", "Zoom"),
    ("Middle-drag or Shift + left-drag", "Pan"),
    ("Click a structure", "Select it (click empty space to clear)"),
)

GETTING_STARTED = """
<h2>Getting started</h2>
<ol>
<li><b>Look around.</b> Drag with the left mouse button to turn the model, use the wheel to
zoom. The number keys <b>1</b> to <b>9</b> jump to standard views (2: from behind,
3: from the front; 8 and 9: lying on the back and face down).</li>
<li><b>Choose a structure.</b> Click it in the view, pick it in the <i>Structures</i> list, or
press <b>Ctrl+F</b> and type a name (<i>glute med</i>, <i>sciatic</i>) and Enter. Its origin is
painted orange on the bone, its insertion blue; its nerve is yellow and its artery red. The
<i>Facts</i> panel says what it is, what it does and what supplies it.</li>
<li><b>See it work.</b> Press ▶ beside an action in the <i>Facts</i> panel: the hip moves and
the muscle turns red as it shortens. <b>Space</b> pauses, <b>Home</b> stands the model up
again.</li>
<li><b>Take it apart.</b> <b>X</b> makes the muscles see-through, <b>P</b> peels the outer
layer away (Shift+P puts it back), <b>I</b> shows only the selection and what it attaches
to, <b>L</b> names things with labels.</li>
<li><b>Explain it.</b> <b>Ctrl+Shift+P</b> switches to everyday words and larger text for a
patient; the <i>Scenarios</i> panel (<b>Ctrl+Shift+E</b>) plays the Trendelenburg sign, pelvic
tilt and exercises.</li>
<li><b>Test yourself.</b> <b>Ctrl+Shift+Q</b> opens the quiz; the same quiz number gives the
same questions to a whole class.</li>
<li><b>Take it with you.</b> <b>Ctrl+Shift+S</b> saves a picture, <b>Ctrl+P</b> a printable
handout, <b>Ctrl+B</b> a bookmark of this exact view.</li>
</ol>
<p>Every panel can be closed and brought back from the <i>View</i> menu. The full list of
keys is under <i>Help → Keyboard shortcuts</i>.</p>
"""


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command that has a shortcut, in menu order."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for title, action in _commands(menu):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                rows.append((title, action.text().replace("&", ""), keys))
    return rows


def _commands(menu, prefix: str = ""):
    title = prefix + menu.title().replace("&", "")
    for action in menu.actions():
        if action.menu() is not None:
            yield from _commands(action.menu(), f"{title} → ")
        elif not action.isSeparator():
            yield title, action


def shortcuts_html(window: QMainWindow) -> str:
    rows = [f"<tr><td><b>{escape(k)}</b></td><td>{escape(c)}</td></tr>" for k, c in MOUSE]
    menu = None
    for title, command, keys in shortcut_rows(window):
        if title != menu:
            rows.append(f"<tr><td colspan='2'><br/><i>{escape(title)}</i></td></tr>")
            menu = title
        rows.append(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(command)}</td></tr>")
    return (
        "<h2>Keyboard and mouse</h2><table cellspacing='4'>"
        "<tr><td colspan='2'><i>Mouse, in the 3D view</i></td></tr>" + "".join(rows) + "</table>"
    )


def show_page(window: QMainWindow, title: str, html: str) -> QDialog:
    """A non-modal page beside the window (it can stay open while the keys are tried)."""
    dialog = QDialog(window)
    dialog.setWindowTitle(title)
    dialog.resize(560, 640)
    text = QTextBrowser()
    text.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.show()
    return dialog
