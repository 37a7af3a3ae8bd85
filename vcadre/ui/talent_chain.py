"""Chain-move dialog (培养链条变动): promote, move back, exit, re-enter one reserve cadre."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.domain.codes import EXIT_REASON, STAGE, VILLAGE_POST, stage_index
from vcadre.services import talent_chain
from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.store.models import ReserveEntry
from vcadre.ui import labels
from vcadre.ui.forms import ERROR_STYLE, DateField
from vcadre.ui.unsaved import AsksBeforeDiscarding

ACTIONS = ("promote", "back", "exit", "reenter")


class ChainMoveDialog(AsksBeforeDiscarding, QDialog):
    """One move of one entry; on OK the service records it (and the post, if asked)."""

    def __init__(self, db: Any, entry_id: str, action: str, english: bool = False,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        assert action in ACTIONS
        self._db = db
        self._entry_id = entry_id
        self._action = action
        self._english = english
        self.result_move: Optional[talent_chain.MoveResult] = None
        self.created_post_id: Optional[str] = None
        with db.session() as s:
            e = s.get(ReserveEntry, entry_id)
            if e is None or e.deleted:
                raise NotFoundError("该后备干部记录不存在或已删除。")
            self._name, self._stage, self._status = e.person.name, e.stage, e.status
        titles = {"promote": self.tr("Promote"), "back": self.tr("Move back"),
                  "exit": self.tr("Exit the pool"), "reenter": self.tr("Re-enter the pool")}
        self.setWindowTitle(titles[action] + " — " + self._name)
        self.setMinimumWidth(520)

        self.current = QLabel(self.tr("Current stage: {stage}; status: {status}").format(
            stage=labels.code_label("stage", self._stage, english),
            status=labels.code_label("reserve_status", self._status, english)), self)
        form = QFormLayout()
        self.stage_combo = QComboBox(self)
        self.stage_combo.setObjectName("to_stage")
        here = stage_index(self._stage)
        for item in STAGE:
            i = stage_index(item.code)
            if (action == "promote" and i > here) or (action == "back" and i < here) or action == "reenter":
                self.stage_combo.addItem(item.label_en if english else item.label, item.code)
        if action == "reenter":
            self.stage_combo.setCurrentIndex(self.stage_combo.findData(self._stage))
        self.exit_combo = QComboBox(self)
        self.exit_combo.setObjectName("exit_reason")
        self.exit_combo.addItem(self.tr("(choose)"), None)
        for item in EXIT_REASON:
            self.exit_combo.addItem(item.label_en if english else item.label, item.code)
        self.date = DateField(self)
        self.date.setObjectName("change_date")
        self.date.set_value(clock.today())
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setFixedHeight(70)
        self.post_box = QCheckBox(self.tr("Also record the village post"), self)
        self.post_box.setObjectName("create_post")
        self.post_combo = QComboBox(self)
        self.post_combo.setObjectName("post")
        for item in VILLAGE_POST:
            self.post_combo.addItem(item.label_en if english else item.label, item.code)
        if action in ("promote", "back", "reenter"):
            form.addRow(self.tr("To stage:"), self.stage_combo)
        if action == "exit":
            form.addRow(self.tr("Reason for leaving:"), self.exit_combo)
        form.addRow(self.tr("Date:"), self.date)
        form.addRow(self.tr("Reason:") if action != "exit" else self.tr("Note:"), self.reason)
        if action == "promote":
            form.addRow("", self.post_box)
            form.addRow(self.tr("Post:"), self.post_combo)
        else:
            self.post_box.hide()
            self.post_combo.hide()
        if action == "exit":
            self.stage_combo.hide()
        else:
            self.exit_combo.hide()
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(titles[action])
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.current)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.stage_combo.currentIndexChanged.connect(self._update)
        self.post_box.toggled.connect(self._update)
        self._update()
        self.remember_inputs()

    @Slot()
    def _update(self) -> None:
        to = self.stage_combo.currentData()
        hint = ""
        if self._action == "promote" and to:
            if stage_index(to) - stage_index(self._stage) > 1:
                hint = self.tr("This promotion skips a stage: a reason is required.")
            post = talent_chain.STAGE_POSTS.get(to)
            self.post_box.setEnabled(post is not None)
            self.post_combo.setEnabled(post is not None and self.post_box.isChecked())
            if post is not None:
                self.post_combo.setCurrentIndex(self.post_combo.findData(post))
                if not self.post_box.property("touched"):
                    self.post_box.blockSignals(True)
                    self.post_box.setChecked(True)
                    self.post_box.blockSignals(False)
                    self.post_combo.setEnabled(True)
            else:
                self.post_box.blockSignals(True)
                self.post_box.setChecked(False)
                self.post_box.blockSignals(False)
        elif self._action in ("back", "reenter"):
            hint = self.tr("A reason is required.")
        elif self._action == "exit":
            hint = self.tr("If the reason is 'Other', explain it in the note.")
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def accept(self) -> None:
        self.error.hide()
        when = self.date.value()
        if isinstance(when, str):
            self._show_error(self.tr("The date “{text}” is not a date (use YYYY-MM-DD).").format(text=when))
            return
        reason = self.reason.toPlainText()
        to = self.stage_combo.currentData()
        try:
            with self._db.session() as s, s.begin():
                if self._action == "promote":
                    res = talent_chain.promote(s, self._entry_id, to, when, reason)
                    if self.post_box.isChecked() and self.post_box.isEnabled():
                        self.created_post_id = talent_chain.create_post(
                            s, self._entry_id, self.post_combo.currentData(), when)
                elif self._action == "back":
                    res = talent_chain.move_back(s, self._entry_id, to, when, reason)
                elif self._action == "exit":
                    res = talent_chain.exit_pool(s, self._entry_id, self.exit_combo.currentData(), when, reason)
                else:
                    res = talent_chain.reenter(s, self._entry_id, when, reason, to)
        except (ValidationError, NotFoundError) as exc:
            self._show_error(str(exc))
            return
        self.result_move = res
        super().accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() else ""


def available_actions(stage: str, status: str) -> set[str]:
    """Which moves make sense for an entry at ``stage`` with ``status``."""
    if status == "exited":
        return {"reenter"}
    out = {"exit"}
    if stage_index(stage) < len(STAGE.items) - 1:
        out.add("promote")
    if stage_index(stage) > 0:
        out.add("back")
    return out


__all__ = ["ChainMoveDialog", "available_actions", "ACTIONS"]
