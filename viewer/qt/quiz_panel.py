"""The quiz dock: one question at a time, immediate feedback, a running score."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from viewer.model.atlas import Atlas
from viewer.model.landmarks import Landmarks
from viewer.model.quiz import Feedback, QuizSession

CLICK_KINDS = ("find_structure", "find_attachment")


class QuizPanel(QWidget):
    """Starts a :class:`QuizSession` and shows it; clicks in the view arrive via :meth:`clicked`."""

    feedback_given = Signal(object)
    """Emitted with the :class:`Feedback`, so the window can highlight the right answer."""

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
        self.choices_box = QVBoxLayout()
        self.submit_button = QPushButton("Check answer")
        self.next_button = QPushButton("Next question")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("quiz_feedback")
        self.score = QLabel()
        self._choice_widgets: list[tuple[str, QCheckBox]] = []

        top = QHBoxLayout()
        top.addWidget(QLabel("Quiz number:"))
        top.addWidget(self.seed)
        top.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.question)
        layout.addLayout(self.choices_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        layout.addWidget(self.score)
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
        self._give(self.session.answer_choice(chosen))

    def _give(self, feedback: Feedback) -> None:
        self.feedback.setText(feedback.message)
        colour = "#1b7f3b" if feedback.correct else "#b3261e"
        self.feedback.setStyleSheet(f"color: {colour}; font-weight: bold")
        self._show(keep_feedback=True)
        self.feedback_given.emit(feedback)

    def _next(self) -> None:
        self.session.next()
        self._show()

    def _show(self, keep_feedback: bool = False) -> None:
        """Lay out the current question, its choices and the buttons that apply now."""
        for _, box in self._choice_widgets:
            box.deleteLater()
        self._choice_widgets = []
        if not keep_feedback:
            self.feedback.clear()
        session = self.session
        question = session.current if session else None
        if session is not None:
            self.score.setText(f"Score: {session.score} of {len(session.questions)}")
        if session is not None and question is None:
            self.question.setText(
                f"Finished: {session.score} of {len(session.questions)} right. "
                "Start again, or choose another quiz number."
            )
        elif question is not None:
            number = f"Question {session.index + 1} of {len(session.questions)}"
            self.question.setText(f"<b>{number}</b><br/>{question.prompt}")
            for sid, label in question.choices:
                box = QCheckBox(label)
                box.setChecked(False)
                box.setEnabled(not session.answered)
                self.choices_box.addWidget(box)
                self._choice_widgets.append((sid, box))
        answered = session is not None and session.answered
        choice_question = question is not None and bool(question.choices)
        self.submit_button.setVisible(choice_question)
        self.submit_button.setEnabled(choice_question and not answered)
        self.next_button.setEnabled(question is not None and answered)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
