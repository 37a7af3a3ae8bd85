"""The edit-conflict dialog (保存冲突): another officer saved the record after this form opened it
(``services.edit_lock.EditConflict``). It lists the differing fields side by side — 字段 / 我的修改
/ 对方已保存 — with a choice per field, and three ways out: keep mine, take theirs, or merge by
the choices. Nothing is saved here; the form takes the chosen values and saves again against the
version shown (a further change by someone else meanwhile is shown the same way).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.services.edit_lock import EditConflict
from vcadre.services.forms import FormField
from vcadre.ui import labels

MINE, THEIRS = "mine", "theirs"


class EditConflictDialog(QDialog):
    """Choose, field by field, between this user's edit and the other officer's saved value."""

    def __init__(self, conflict: EditConflict, kind: str, fields: tuple[FormField, ...],
                 english: bool = False, parent: Optional[QWidget] = None,
                 field_labels: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self._fields = {f.key: f for f in fields}
        self._english = english
        self._groups: dict[str, QButtonGroup] = {}
        # After OK: the choice per conflicting field key.
        self.choices: dict[str, str] = {}
        self.setWindowTitle(self.tr("Someone else saved this record"))
        self.setSizeGripEnabled(True)

        intro = QLabel(self.tr(
            "Another officer changed and saved this record after you opened it. Nothing of yours has "
            "been saved yet. For each field below, choose which value to keep."), self)
        intro.setWordWrap(True)

        self.table = QTableWidget(len(conflict.fields), 3, self)
        self.table.setObjectName("conflicts")
        self.table.setHorizontalHeaderLabels([
            self.tr("Field"), self.tr("My change"), self.tr("Saved by the other officer")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, c in enumerate(conflict.fields):
            name = (field_labels or {}).get(c.key) or labels.label(kind, c.key)
            self.table.setItem(row, 0, QTableWidgetItem(name))
            mine_text = self.shown(c.key, c.mine)
            if not c.mine_changed:
                mine_text = self.tr("{value} (not changed by you)").format(value=mine_text)
            group = QButtonGroup(self)
            for col, (which, text) in enumerate(((MINE, mine_text), (THEIRS, self.shown(c.key, c.theirs))), 1):
                button = QRadioButton(text, self.table)
                button.setObjectName(f"{c.key}:{which}")
                button.setProperty("choice", which)
                group.addButton(button, col)
                self.table.setCellWidget(row, col, button)
            # What the user most likely wants: their own edit; the other's value where they
            # changed nothing (saving the old value would only undo the other officer's work).
            group.button(1 if c.mine_changed else 2).setChecked(True)
            self._groups[c.key] = group
        self.table.resizeRowsToContents()

        self.buttons = QDialogButtonBox(self)
        self.keep_mine = self.buttons.addButton(self.tr("Keep mine"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_theirs = self.buttons.addButton(self.tr("Take theirs"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge = self.buttons.addButton(self.tr("Merge as chosen"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.merge.setDefault(True)
        self.keep_mine.setToolTip(self.tr("Save the form as you filled it in, over the other officer's values"))
        self.take_theirs.setToolTip(self.tr("Drop your changes to these fields and keep what was saved"))
        self.merge.setToolTip(self.tr("Save the value chosen in each row"))
        self.keep_mine.clicked.connect(lambda: self._finish(MINE))
        self.take_theirs.clicked.connect(lambda: self._finish(THEIRS))
        self.merge.clicked.connect(lambda: self._finish(None))
        cancel.clicked.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.buttons)
        self.resize(720, min(160 + 36 * len(conflict.fields), 560))

    def shown(self, key: str, value: Any) -> str:
        """A field value as the form shows it (labels for codes, names for villages and people)."""
        f = self._fields.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.tr("(empty)")
        kind = f.kind if f is not None else "text"
        if kind == "code":
            return labels.code_label(f.codes or "", value, self._english)
        if kind in ("village", "person"):
            return self.conflict.names.get(value, str(value))
        if kind == "bool":
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def choice(self, key: str) -> str:
        button = self._groups[key].checkedButton()
        return button.property("choice") if button is not None else MINE

    def set_choice(self, key: str, which: str) -> None:
        self._groups[key].button(1 if which == MINE else 2).setChecked(True)

    @Slot()
    def _finish(self, every: Optional[str]) -> None:
        for c in self.conflict.fields:
            if every is not None:
                self.set_choice(c.key, every)
            self.choices[c.key] = self.choice(c.key)
        self.accept()

    def taken(self) -> dict[str, Any]:
        """The other officer's values for the fields where theirs was chosen."""
        return {c.key: c.theirs for c in self.conflict.fields if self.choices.get(c.key) == THEIRS}

    @classmethod
    def ask(cls, parent: Optional[QWidget], conflict: EditConflict, kind: str,
            fields: tuple[FormField, ...], english: bool = False,
            field_labels: Optional[Mapping[str, str]] = None) -> Optional[dict[str, Any]]:
        """Run modally; the values to put into the form (theirs where chosen), or None if cancelled.
        ``field_labels``: the form's own words for fields ``labels`` has none for."""
        dlg = cls(conflict, kind, fields, english, parent, field_labels)
        return dlg.taken() if dlg.exec() == QDialog.DialogCode.Accepted else None

