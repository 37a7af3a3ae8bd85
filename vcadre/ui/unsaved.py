"""Dialogs that hold typed input ask before it is thrown away — by Esc, 关闭/取消 or the title
bar's ×.

``QDialog`` routes all three through ``reject()`` (its ``closeEvent`` calls ``reject()``), so one
override covers them:

    class DaysDialog(AsksBeforeDiscarding, QDialog):
        def has_unsaved_input(self) -> bool:
            return bool(self.model.changed())

A form-like dialog calls ``remember_inputs()`` once its fields are filled (and again after a
save that keeps it open); by default "unsaved" means some line edit, text box, combo box, check
box or spin box now differs from that moment. The question is the generic one unless the dialog
overrides ``discard_question()``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from vcadre.ui import messages


def input_state(root: QWidget) -> tuple[Any, ...]:
    """What the user can have typed or chosen in ``root``'s input widgets, in a fixed order."""
    state: list[Any] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit):
            state.append(w.text())
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            state.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            state.append((w.currentIndex(), w.currentText()))
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            state.append(w.isChecked())
        elif isinstance(w, QAbstractSpinBox):
            state.append(w.text())
    return tuple(state)


class AsksBeforeDiscarding:
    """Mixin placed before ``QDialog`` in the bases."""

    _remembered_inputs: tuple[Any, ...] | None = None

    def remember_inputs(self) -> None:
        self._remembered_inputs = input_state(self)  # type: ignore[arg-type]

    def has_unsaved_input(self) -> bool:
        return self._remembered_inputs is not None and input_state(self) != self._remembered_inputs  # type: ignore[arg-type]

    def discard_question(self) -> str:
        return QCoreApplication.translate("unsaved", "What you entered here is not saved. Close and discard it?")

    def reject(self) -> None:
        if self.has_unsaved_input() and not messages.confirm(self, self.discard_question()):  # type: ignore[arg-type]
            return
        super().reject()  # type: ignore[misc]
