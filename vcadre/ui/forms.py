"""One add/edit dialog for every record kind, built from the service's ``FIELDS``.

The service owns the schema (``FormField``: key, kind, code table, required) and the rules
(``save`` raises ``ValidationError`` with per-field Chinese messages and writes nothing); this
module owns the widgets and the translated labels (``vcadre.ui.labels``).
"""

from __future__ import annotations

import logging
from datetime import date
from types import ModuleType
from typing import Any, Callable, Optional

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from vcadre import clock
from vcadre.domain.codes import TABLES
from vcadre.services import edit_lock, persons, regions
from vcadre.services.errors import ValidationError
from vcadre.services.forms import FormField
from vcadre.ui import labels, messages
from vcadre.ui.qtcompat import emit
from vcadre.ui.unsaved import AsksBeforeDiscarding

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b3261e;"


def parse_date(text: str) -> Optional[date]:
    """A typed date, by the one parser every import uses (``vcadre.domain.normalise``):
    ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``20240305``, ``2024年3月5日``; '' → None.

    Raises ``ValueError`` for anything else (including impossible dates and a year and month
    alone, which the service then accepts or refuses by field, with its message).
    """
    from vcadre.domain.normalise import parse_date as parse

    return parse(text)


# ---------------------------------------------------------------------- field widgets



def qtoday() -> QDate:
    """Today (``vcadre.clock``) as a QDate, for date widgets' defaults."""
    d = clock.today()
    return QDate(d.year, d.month, d.day)


class DateField(QWidget):
    """A date that may be empty: type it (YYYY-MM-DD) or pick it from a calendar.

    ``QDateEdit`` cannot be emptied by the user without tricks (a special minimum date that
    reads as blank), and office users type dates faster than they spin them.
    """

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaxLength(12)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(self.tr("Choose from a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self._menu = menu
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.setFocusProxy(self.edit)

    def set_value(self, value: Optional[date]) -> None:
        self.edit.setText(value.isoformat() if value else "")

    def value(self) -> date | str | None:
        """The date, None if empty, or the raw text if it is not a date (the service says so)."""
        try:
            return parse_date(self.edit.text())
        except ValueError:
            return self.edit.text().strip()

    @Slot()
    def _sync_calendar(self) -> None:
        v = self.value()
        self.calendar.setSelectedDate(QDate(v.year, v.month, v.day) if isinstance(v, date) else qtoday())

    @Slot(QDate)
    def _picked(self, d: QDate) -> None:
        self.edit.setText(d.toString("yyyy-MM-dd"))
        self._menu.hide()


class OptionalSpinBox(QSpinBox):
    """An integer that may be empty: the minimum (-1) reads as blank."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setRange(-1, 999_999)
        self.setSpecialValueText(" ")
        self.setValue(-1)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def set_value(self, value: Optional[int]) -> None:
        self.setValue(-1 if value is None else int(value))

    def optional_value(self) -> Optional[int]:
        return None if self.value() < 0 else self.value()


class OptionalDoubleSpinBox(QDoubleSpinBox):
    """A number that may be empty: the minimum (-1) reads as blank."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setDecimals(1)
        self.setRange(-1, 99_999)
        self.setSpecialValueText(" ")
        self.setValue(-1)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def set_value(self, value: Optional[float]) -> None:
        self.setValue(-1 if value is None else float(value))

    def optional_value(self) -> Optional[float]:
        return None if self.value() < 0 else self.value()


class CodeCombo(QComboBox):
    """A code table as a combo box: shows labels, holds codes; optional fields start blank."""

    def __init__(self, table: str, required: bool, english: bool, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        if not required:
            self.addItem("", None)
        for item in TABLES[table]:
            self.addItem(item.label_en if english else item.label, item.code)
        if required:
            self.setCurrentIndex(-1)

    def set_value(self, code: Optional[str]) -> None:
        if code is None:
            self.setCurrentIndex(0 if self.itemData(0) is None and self.count() else -1)
            return
        i = self.findData(code)
        if i < 0:  # a code this version does not know (synced from a newer one): keep it
            self.addItem(str(code), code)
            i = self.count() - 1
        self.setCurrentIndex(i)

    def value(self) -> Optional[str]:
        return self.currentData() if self.currentIndex() >= 0 else None


#: Item data of a village choice: its text with the pinyin of both names, for the completer.
PINYIN_ROLE = Qt.ItemDataRole.UserRole + 7


class _DisplayCompleter(QCompleter):
    """Matches on ``PINYIN_ROLE`` but puts the shown text (“乡镇 / 村”) in the box."""

    def pathFromIndex(self, index) -> str:  # noqa: N802
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class VillagePicker(QComboBox):
    """Pick a village: an editable combo of “乡镇 / 村” with a contains-completer that also takes
    pinyin (青山村: ``qsc`` or ``qingshan``; with the township: ``lczqsc``)."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        with db.session() as s:
            choices = regions.village_choices(s, "", limit=100_000)
        self.addItem("", None)
        for rid, text in choices:
            self.addItem(text, rid)
        completer = _DisplayCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(self.tr("Type part of the name"))
        self._pinyin = False
        self.lineEdit().textEdited.connect(self._maybe_pinyin)
        self.setMinimumContentsLength(16)

    def set_value(self, village_id: Optional[str]) -> None:
        i = self.findData(village_id) if village_id else 0
        self.setCurrentIndex(max(i, 0))

    @Slot(str)
    def _maybe_pinyin(self, text: str) -> None:
        """The first Latin letter typed gives every village its pinyin (a province has 16,000:
        worked out only when someone types pinyin, not each time a form opens)."""
        if self._pinyin or not any("a" <= ch.lower() <= "z" for ch in text):
            return
        self.add_pinyin()

    def add_pinyin(self) -> None:
        from vcadre.domain.names import place_search_keys

        self._pinyin = True
        for i in range(self.count()):
            text = self.itemText(i)
            town, _sep, village = text.partition(" / ")
            (tf, ti), (vf, vi) = place_search_keys(town), place_search_keys(village)
            self.setItemData(i, f"{text} {vf} {vi} {tf}{vf} {ti}{vi}", PINYIN_ROLE)
        self.completer().setCompletionRole(PINYIN_ROLE)

    def unknown_text(self) -> str:
        """What was typed when it names no village in the list ('' otherwise)."""
        text = self.currentText().strip()
        return text if text and self.findText(text, Qt.MatchFlag.MatchExactly) < 0 else ""

    def value(self) -> Optional[str]:
        text = self.currentText().strip()
        if not text:
            return None
        i = self.findText(text, Qt.MatchFlag.MatchExactly)
        if i < 0:  # typed text matching no village: the service says “请选择一个有效的村”
            return ""
        return self.itemData(i)


class PersonSearchDialog(QDialog):
    """Find a person by name, pinyin initials, or a fragment of the ID or phone number."""

    #: Hits shown; when more match the dialog says so (a broad search matches most of a province).
    LIMIT = 50

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a person"))
        self._db = db
        self._english = english
        self._hits: list[persons.PersonHit] = []
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, pinyin initials or part of the ID number"))
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Gender"), self.tr("Date of birth"),
            self.tr("Village (community)"), self.tr("ID number"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.accept)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.more = QLabel(self)
        self.more.setObjectName("more")
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.more)
        lay.addWidget(self.buttons)
        self.resize(640, 420)
        self.search.textChanged.connect(self._run)

    @Slot(str)
    def _run(self, text: str) -> None:
        with self._db.session() as s:
            found = persons.search_hits(s, text, limit=self.LIMIT)
        self._hits = found.hits
        self.more.setText(more_hits_text(found))
        self.table.setRowCount(len(self._hits))
        for r, h in enumerate(self._hits):
            cells = [
                h.name,
                labels.code_label("gender", h.gender, self._english),
                h.birth_date.isoformat() if h.birth_date else "",
                h.village,
                h.masked_id,
            ]
            for c, text_ in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text_))
        if self._hits:
            self.table.selectRow(0)

    def selected(self) -> Optional[persons.PersonHit]:
        row = self.table.currentRow()
        return self._hits[row] if 0 <= row < len(self._hits) else None

    @classmethod
    def ask(cls, parent: Optional[QWidget], db: Any, english: bool = False) -> Optional[persons.PersonHit]:
        dlg = cls(db, english, parent)
        return dlg.selected() if dlg.exec() == QDialog.DialogCode.Accepted else None


def more_hits_text(found: persons.SearchHits) -> str:
    """Under a person search's hits: that only the first are shown when more persons match."""
    if not found.more:
        return ""
    return QCoreApplication.translate(
        "PersonSearchDialog", "Only the first {n} matches are shown; more match: type more to narrow the search."
    ).format(n=len(found.hits))


class PersonPicker(QWidget):
    """The chosen person's name, with a button that opens :class:`PersonSearchDialog`."""

    changed = Signal()

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._english = english
        self._id: Optional[str] = None
        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setPlaceholderText(self.tr("No one chosen"))
        self.button = QPushButton(self.tr("Choose…"), self)
        self.button.clicked.connect(self._choose)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.button)
        self.setFocusProxy(self.button)

    def set_value(self, person_id: Optional[str], text: str = "") -> None:
        self._id = person_id
        self.edit.setText(text if person_id else "")
        emit(self.changed)

    def set_hit(self, hit: persons.PersonHit) -> None:
        extra = " ".join(x for x in (hit.village, hit.masked_id) if x)
        self.set_value(hit.id, f"{hit.name}（{extra}）" if extra else hit.name)

    def value(self) -> Optional[str]:
        return self._id

    @Slot()
    def _choose(self) -> None:
        hit = PersonSearchDialog.ask(self, self._db, self._english)
        if hit is not None:
            self.set_hit(hit)


# ---------------------------------------------------------------------- the dialog


class RecordDialog(AsksBeforeDiscarding, QDialog):
    """Add or edit one record of ``service`` (a module with ``FIELDS``, ``get``, ``save``).

    On OK the values go to ``service.save`` in one transaction. A ``ValidationError`` puts each
    message under its field and keeps the dialog open with the input intact; success closes it
    and leaves the record id in ``saved_id``.
    """

    def __init__(
        self,
        db: Any,
        service: ModuleType,
        kind: str,
        record_id: Optional[str] = None,
        *,
        english: bool = False,
        defaults: Optional[dict[str, Any]] = None,
        display: Optional[dict[str, str]] = None,
        title: str = "",
        parent: Optional[QWidget] = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._service = service
        self._kind = kind
        self._record_id = record_id
        self._english = english
        self.saved_id: Optional[str] = None
        self.fields: tuple[FormField, ...] = tuple(service.FIELDS)
        self.widgets: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.setWindowTitle(title or (self.tr("Edit record") if record_id else self.tr("New record")))
        self.setSizeGripEnabled(True)
        self.setMinimumWidth(760)

        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.hide()

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row = col = 0
        for f in self.fields:
            widget = self._make_widget(f)
            self.widgets[f.key] = widget
            text = labels.label(kind, f.key)
            lab = QLabel(("* " if f.required else "") + text + self.tr(":"), self)
            lab.setBuddy(widget)
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            lab.setContentsMargins(0, 4, 0, 0)
            err = QLabel(self)
            err.setWordWrap(True)
            err.setStyleSheet(ERROR_STYLE)
            err.hide()
            self.error_labels[f.key] = err
            cell = QVBoxLayout()
            cell.setSpacing(1)
            cell.addWidget(widget)
            cell.addWidget(err)
            wide = f.kind == "multiline"
            if wide and col == 2:
                row, col = row + 1, 0
            grid.addWidget(lab, row, col)
            if wide:
                grid.addLayout(cell, row, 1, 1, 3)
                row, col = row + 1, 0
            else:
                grid.addLayout(cell, row, col + 1)
                col += 2
                if col == 4:
                    row, col = row + 1, 0

        note = QLabel(self.tr("Fields marked * are required."), self)
        note.setStyleSheet("color: palette(mid);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.buttons)

        lay = QVBoxLayout(self)
        lay.addWidget(self.general_error)
        lay.addLayout(grid)
        lay.addStretch(1)
        lay.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)

        values: dict[str, Any] = dict(defaults or {})
        # The record as this form loaded it: the version its save is checked against
        # (``services.edit_lock``), moved on when the user settles a conflict.
        self.loaded: Optional[dict[str, Any]] = None
        if record_id is not None:
            with db.session() as s:
                self.loaded = dict(service.get(s, record_id))
            values.update(self.loaded)
        self.set_values(values, display or {})
        self.remember_inputs()

    # ------------------------------------------------------------------ widgets

    def _make_widget(self, f: FormField) -> QWidget:
        kind = f.kind
        if kind == "multiline":
            w: QWidget = QPlainTextEdit(self)
            w.setTabChangesFocus(True)
            w.setFixedHeight(64)
        elif kind == "date":
            w = DateField(self)
        elif kind == "int":
            w = OptionalSpinBox(self)
        elif kind == "float":
            w = OptionalDoubleSpinBox(self)
        elif kind == "code":
            w = CodeCombo(f.codes or "", f.required, self._english, self)
        elif kind == "village":
            w = VillagePicker(self._db, self)
        elif kind == "person":
            w = PersonPicker(self._db, self._english, self)
        elif kind == "bool":
            w = QCheckBox(self)
        else:
            w = QLineEdit(self)
            if f.max_length:
                # ID numbers and phones are cleaned (spaces, dashes) before their length is
                # checked, as in every import: let them be typed or pasted with those.
                w.setMaxLength(f.max_length + 8 if f.key in ("id_number", "phone") else f.max_length)
            if f.key == "id_number":
                w.setPlaceholderText(self.tr("18 characters; birth date and gender are filled in from it"))
        w.setObjectName(f.key)
        w.setMinimumWidth(220)
        return w

    def set_values(self, values: dict[str, Any], display: dict[str, str]) -> None:
        for f in self.fields:
            if f.key not in values:
                continue
            v = values[f.key]
            w = self.widgets[f.key]
            if isinstance(w, QPlainTextEdit):
                w.setPlainText(v or "")
            elif isinstance(w, QLineEdit):
                w.setText("" if v is None else str(v))
            elif isinstance(w, PersonPicker):
                w.set_value(v, display.get(f.key, ""))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(v))
            else:
                w.set_value(v)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if isinstance(w, QPlainTextEdit):
                out[f.key] = w.toPlainText().strip()
            elif isinstance(w, QLineEdit):
                out[f.key] = w.text().strip()
            elif isinstance(w, (OptionalSpinBox, OptionalDoubleSpinBox)):
                out[f.key] = w.optional_value()
            elif isinstance(w, QCheckBox):
                out[f.key] = w.isChecked()
            else:
                out[f.key] = w.value()  # type: ignore[attr-defined]
        return out

    # ------------------------------------------------------------------ saving

    def show_errors(self, err: ValidationError) -> None:
        self.clear_errors()
        general: list[str] = []
        first: Optional[QWidget] = None
        for e in err.errors:
            lab = self.error_labels.get(e.field)
            if lab is None:
                general.append(e.message)
                continue
            lab.setText("\n".join(filter(None, [lab.text(), e.message])))
            lab.show()
            if first is None:
                first = self.widgets[e.field]
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        self.general_error.clear()
        self.general_error.hide()
        for lab in self.error_labels.values():
            lab.clear()
            lab.hide()

    def error_text(self) -> str:
        """Every message shown now (for tests and screen readers)."""
        parts = [self.general_error.text()] + [lab.text() for lab in self.error_labels.values()]
        return "\n".join(p for p in parts if p)

    def save(self) -> bool:
        """Save in one transaction; show the errors and return False if the service refuses."""
        from vcadre.services.errors import FieldError

        # A village typed that is not in the list is "not found", not "empty" (the service only
        # sees that no village was chosen).
        unknown = [FieldError(key, QCoreApplication.translate(
                       "forms", "No village (community) “{text}” was found: choose one from the list (type part "
                       "of its name or its pinyin initials).").format(text=w.unknown_text()))
                   for key, w in self.widgets.items() if isinstance(w, VillagePicker) and w.unknown_text()]
        if unknown:
            self.show_errors(ValidationError(unknown))
            return False
        values = self.values()
        try:
            with self._db.session() as s, s.begin():
                record_id = edit_lock.save(s, self._service, self._record_id, values, self.loaded)
        except edit_lock.EditConflict as conflict:
            return self._settle(conflict)
        except ValidationError as err:
            self.show_errors(err)
            return False
        except Exception as exc:  # noqa: BLE001
            if not messages.is_known_error(exc):
                raise
            self.show_errors(ValidationError(str(exc)))
            return False
        self.saved_id = record_id
        return True

    def _settle(self, conflict: "edit_lock.EditConflict") -> bool:
        """Someone else saved the record since it was opened: let the user choose field by field,
        then save the result against the version shown (or keep the form open, unsaved)."""
        from vcadre.ui.edit_conflict import EditConflictDialog

        taken = EditConflictDialog.ask(self, conflict, self._kind, self.fields, self._english)
        if taken is None:
            self.show_errors(ValidationError(QCoreApplication.translate(
                "forms", "Not saved: someone else changed this record after you opened it. Your "
                "changes are still in the form; save again to choose what to keep.")))
            return False
        self.set_values(taken, {k: conflict.names.get(v, "") for k, v in taken.items() if isinstance(v, str)})
        self.loaded = dict(conflict.theirs)
        return self.save()

    def accept(self) -> None:
        if self.save():
            super().accept()

    @classmethod
    def ask(cls, parent: Optional[QWidget], db: Any, service: ModuleType, kind: str,
            record_id: Optional[str] = None, **kwargs: Any) -> Optional[str]:
        """Run the dialog modally; the saved record id, or None if cancelled."""
        dlg = cls(db, service, kind, record_id, parent=parent, **kwargs)
        return dlg.saved_id if dlg.exec() == QDialog.DialogCode.Accepted else None


def delete_record(parent: Optional[QWidget], db: Any, service: ModuleType, record_id: str,
                  what: str, on_done: Optional[Callable[[], None]] = None) -> bool:
    """Ask, then tombstone ``record_id``; True if deleted."""
    text = QCoreApplication.translate(
        "forms", "Delete “{what}”? It moves to the recycle bin (Edit → Recycle bin), where it can be restored."
    ).format(what=what)
    if not messages.confirm(parent, text):
        return False
    try:
        with db.session() as s, s.begin():
            service.delete(s, record_id)
    except Exception as exc:  # noqa: BLE001
        if not messages.is_known_error(exc):
            raise
        messages.error(parent, str(exc))
        return False
    from vcadre.ui.undo import notify_deleted

    notify_deleted(parent)
    if on_done is not None:
        on_done()
    return True

