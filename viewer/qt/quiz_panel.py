"""The quiz dock: one question at a time, immediate feedback, a running score, a review."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.model.atlas import Atlas
from viewer.model.landmarks import Landmarks
from viewer.model.quiz import Feedback, QuizSession

RIGHT_COLOUR = "#1b7f3b"
WRONG_COLOUR = "#b3261e"

CLICK_KINDS = ("find_structure", "find_attachment")


class QuizPanel(QWidget):
    """Starts a :class:`QuizSession` and shows it; clicks in the view arrive via :meth:`clicked`."""

    feedback_given = Signal(object)
    """Emitted with the :class:`Feedback`, so the window can highlight the right answer."""
    question_shown = Signal()
    """Emitted when a new question is shown, so the window can clear the last answer."""

    def __init__(self, atlas: Atlas, landmarks: Landmarks | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quiz_panel")
        self._atlas = atlas
        self._landmarks = landmarks
        self.session: QuizSession | None = None

        self.seed = QSpinBox(minimum=0, maximum=999_999, value=1)
        self.seed.setToolTip("The same number gives the same questions: share it for a class quiz")
        self.start_button = QPushButton("Start quiz")
        self.question = QLabel("Press Start to be asked ten questions about the atlas.")
        self.question.setWordWrap(True)
        self.question.setObjectName("quiz_question")
        # A wrapped label asks for the height of its text at its real width, not one line.
        self.question.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.choices_box = QVBoxLayout()
        self.submit_button = QPushButton("Check answer")
        self.next_button = QPushButton("Next question")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("quiz_feedback")
        self.score = QLabel()
        self.review = QTextBrowser()
        self.review.setObjectName("quiz_review")
        self.review.hide()
        self._choice_widgets: list[tuple[str, QAbstractButton]] = []

        top = QHBoxLayout()
        top.addWidget(QLabel("Quiz number:"))
        top.addWidget(self.seed)
        top.addWidget(self.start_button)
        # The question, its choices and the feedback keep their natural height and
        # the panel scrolls, rather than a short dock squashing them into each other.
        page = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.question)
        layout.addLayout(self.choices_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        layout.addWidget(self.score)
        layout.addWidget(self.review, 1)
        layout.addStretch(1)

        self.start_button.clicked.connect(self.start)
        self.submit_button.clicked.connect(self._submit_choices)
        self.next_button.clicked.connect(self._next)
        self._show()

    @property
    def wants_clicks(self) -> bool:
        """True while the current question is answered by clicking in the 3D view."""
        current = self.session.current if self.session else None
        return current is not None and current.kind in CLICK_KINDS and not self.session.answered

    def start(self) -> None:
        self.session = QuizSession(self._atlas, self._landmarks, seed=self.seed.value())
        self._show()

    def clicked(self, instance_id: str | None, point) -> None:
        """A click in the view while :attr:`wants_clicks`."""
        self._give(self.session.answer_click(instance_id, point))

    def _submit_choices(self) -> None:
        chosen = {sid for sid, box in self._choice_widgets if box.isChecked()}
        if not chosen:  # a slip of the mouse is not an answer
            self.feedback.setText("Tick at least one answer, then Check answer.")
            self.feedback.setStyleSheet("")
            return
        self._give(self.session.answer_choice(chosen))

    def _give(self, feedback: Feedback) -> None:
        """Show the verdict; the choices keep their ticks and show which were right."""
        self.feedback.setText(feedback.message)
        self.score.setText(f"Score: {self.session.score} of {len(self.session.questions)}")
        colour = RIGHT_COLOUR if feedback.correct else WRONG_COLOUR
        self.feedback.setStyleSheet(f"color: {colour}; font-weight: bold")
        question = self.session.current
        for sid, box in self._choice_widgets:
            box.setEnabled(False)
            if sid in question.answer:
                box.setStyleSheet(f"color: {RIGHT_COLOUR}; font-weight: bold")
            elif box.isChecked() and sid not in question.also_right:
                box.setStyleSheet(f"color: {WRONG_COLOUR}; text-decoration: line-through")
        self._show_buttons()
        self.feedback_given.emit(feedback)

    def _next(self) -> None:
        self.session.next()
        self._show()

    def _show(self) -> None:
        """Lay out the current question and its choices (unticked), or the review at the end."""
        for _, box in self._choice_widgets:
            self.choices_box.removeWidget(box)
            box.hide()  # gone at once, not when the event loop comes round to deleting it
            box.deleteLater()
        self._choice_widgets = []
        self.feedback.clear()
        session = self.session
        question = session.current if session else None
        if session is not None:
            self.score.setText(f"Score: {session.score} of {len(session.questions)}")
        self.review.setVisible(session is not None and question is None)
        if session is not None and question is None:
            self.question.setText(
                f"<b>Finished: {session.score} of {len(session.questions)} right.</b> "
                "Your answers are below. Start again, or choose another quiz number."
            )
            self.review.setHtml(self._review_html())
        elif question is not None:
            number = f"Question {session.index + 1} of {len(session.questions)}"
            self.question.setText(f"<b>{number}</b><br/>{escape(question.prompt)}")
            group = QButtonGroup(self) if question.single else None
            for sid, label in question.choices:
                box = QRadioButton(label) if question.single else QCheckBox(label)
                if group is not None:
                    group.addButton(box)
                self.choices_box.addWidget(box)
                self._choice_widgets.append((sid, box))
            self.question_shown.emit()
        self._show_buttons()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _show_buttons(self) -> None:
        session = self.session
        question = session.current if session else None
        answered = session is not None and session.answered
        choice_question = question is not None and bool(question.choices)
        self.submit_button.setVisible(choice_question)
        self.submit_button.setEnabled(choice_question and not answered)
        self.next_button.setEnabled(question is not None and answered)
        last = session is not None and session.index == len(session.questions) - 1
        self.next_button.setText("See your results" if last else "Next question")

    def _review_html(self) -> str:
        rows = []
        for row in self.session.review():
            mark, colour = ("✓", RIGHT_COLOUR) if row.correct else ("✗", WRONG_COLOUR)
            given = escape(row.given) if row.given else "<i>not answered</i>"
            rows.append(
                f"<p><b style='color:{colour}'>{mark} {row.number}.</b> {escape(row.prompt)}"
                f"<br/>Your answer: {given}<br/>Right answer: {escape(row.right)}</p>"
            )
        return "".join(rows)
