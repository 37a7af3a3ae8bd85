"""Dialogs around a training class's people: pick several people (search by name, pinyin or ID),
enrol a whole filter, enter a new person inline, a person's training record, the hours report,
and the training settings (certificate number pattern, completion rule, yearly hours).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre import clock
from vcadre.services import persons, training_enrol, training_records, training_settings
from vcadre.services.errors import ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.forms import CodeCombo, VillagePicker, more_hits_text
from vcadre.ui.unsaved import AsksBeforeDiscarding


def ask_text(parent: Optional[QWidget], title: str, label: str, text: str = "") -> Optional[str]:
    """One line of text (a reason); None if cancelled. Tests monkeypatch this."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def _table(parent: QWidget, headers: list[str], multi: bool = False) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    # Sized once after filling: with ResizeToContents on, every setItem re-measured the whole
    # column (a 585-trainee class's certificate tab took minutes to appear).
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setUpdatesEnabled(False)
    try:
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        header.setResizeContentsPrecision(200)
        table.resizeColumnsToContents()
    finally:
        table.setUpdatesEnabled(True)


class PeoplePickerDialog(QDialog):
    """Search (name, pinyin initials, part of the ID number) and collect several people.

    Enter in the search box or on a result adds the selected results to the list below; OK
    returns the list's person ids.
    """

    #: Hits shown; when more match the dialog says so (``forms.more_hits_text``).
    LIMIT = 200

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add trainees"))
        self._db = db
        self._english = english
        self._hits: list[persons.PersonHit] = []
        self.chosen: dict[str, persons.PersonHit] = {}
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Name, pinyin initials or part of the ID number"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._run)
        self.search.returnPressed.connect(self.add_selected)
        headers = [self.tr("Name"), self.tr("Gender"), self.tr("Date of birth"),
                   self.tr("Village (community)"), self.tr("ID number")]
        self.results = _table(self, headers, multi=True)
        self.results.setObjectName("results")
        self.results.doubleClicked.connect(self.add_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.results, self.add_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.add_button = QPushButton(self.tr("Add selected ↓"), self)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button = QPushButton(self.tr("Remove from list"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.chosen_table = _table(self, headers, multi=True)
        self.chosen_table.setObjectName("chosen")
        self.count = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        mid = QHBoxLayout()
        mid.addWidget(self.add_button)
        mid.addWidget(self.remove_button)
        mid.addStretch(1)
        mid.addWidget(self.count)
        self.more = QLabel(self)
        self.more.setObjectName("more")
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.results, 3)
        lay.addWidget(self.more)
        lay.addLayout(mid)
        lay.addWidget(self.chosen_table, 2)
        lay.addWidget(self.buttons)
        self.resize(720, 560)
        self._update()

    def _cells(self, h: persons.PersonHit) -> list[str]:
        return [h.name, labels.code_label("gender", h.gender, self._english),
                h.birth_date.isoformat() if h.birth_date else "", h.village, h.masked_id]

    @Slot(str)
    def _run(self, text: str) -> None:
        with self._db.session() as s:
            found = persons.search_hits(s, text, limit=self.LIMIT)
        self._hits = found.hits
        self.more.setText(more_hits_text(found))
        _fill(self.results, [self._cells(h) for h in self._hits])
        if self._hits:
            self.results.selectRow(0)

    @Slot()
    def add_selected(self) -> None:
        rows = sorted({i.row() for i in self.results.selectionModel().selectedRows()})
        for r in rows:
            h = self._hits[r]
            self.chosen.setdefault(h.id, h)
        self._update()

    @Slot()
    def remove_selected(self) -> None:
        ids = list(self.chosen)
        for r in sorted({i.row() for i in self.chosen_table.selectionModel().selectedRows()}, reverse=True):
            self.chosen.pop(ids[r], None)
        self._update()

    def _update(self) -> None:
        _fill(self.chosen_table, [self._cells(h) for h in self.chosen.values()])
        self.count.setText(self.tr("{n} chosen").format(n=len(self.chosen)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen))

    def person_ids(self) -> list[str]:
        return list(self.chosen)


class FilterEnrolDialog(QDialog):
    """Enrol everyone a filter selects: e.g. every 村党组织书记 of a township."""

    def __init__(self, db: Any, class_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enrol a whole group"))
        self._db = db
        self._class = class_id
        self._english = english
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.addItem(self.tr("Current village cadres, by post"), "post")
        self.kind.addItem(self.tr("Reserve pool, by stage"), "reserve")
        self.kind.addItem(self.tr("Cadres stationed in villages, by role"), "dispatch")
        self.code = QComboBox(self)
        self.code.setObjectName("code")
        self.region = QComboBox(self)
        self.region.setObjectName("region")
        self.region.addItem(self.tr("Whole county"), None)
        from vcadre.services import regions

        with db.session() as s:
            for node in regions.children(s, None):
                for t in regions.children(s, node.id):
                    self.region.addItem(t.name, t.id)
        self.preview = QLabel(self)
        self.preview.setObjectName("preview")
        form = QFormLayout()
        form.addRow(self.tr("Who"), self.kind)
        form.addRow(self.tr("Post, stage or role"), self.code)
        form.addRow(self.tr("Township (subdistrict)"), self.region)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.preview)
        lay.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._fill_codes)
        self.code.currentIndexChanged.connect(self._preview)
        self.region.currentIndexChanged.connect(self._preview)
        self._fill_codes()

    @Slot()
    def _fill_codes(self) -> None:
        kind = self.kind.currentData()
        self.code.blockSignals(True)
        self.code.clear()
        self.code.addItem(self.tr("(any)"), None)
        table = {"post": "village_post", "reserve": "stage", "dispatch": "dispatch_role"}[kind]
        for code, _label in training_enrol.code_choices(kind):
            self.code.addItem(labels.code_label(table, code, self._english), code)
        self.code.blockSignals(False)
        self._preview()

    @Slot()
    def _preview(self) -> None:
        with self._db.session() as s:
            n, already = training_enrol.preview_filter(s, self._class, *self.choice())
        self.preview.setText(self.tr("{n} people match; {already} of them are enrolled already.")
                             .format(n=n, already=already))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(n > already)

    def choice(self) -> tuple[str, Optional[str], Optional[str]]:
        return self.kind.currentData(), self.code.currentData(), self.region.currentData()


class NewPersonDialog(AsksBeforeDiscarding, QDialog):
    """A person not yet on record: name, gender, ID number, village, phone — enrolled on OK."""

    def __init__(self, db: Any, class_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New person"))
        self._db = db
        self._class = class_id
        self.person_id: Optional[str] = None
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.gender = CodeCombo("gender", True, english, self)
        self.id_number = QLineEdit(self)
        self.id_number.setObjectName("id_number")
        self.village = VillagePicker(db, self)
        self.phone = QLineEdit(self)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(labels.label("person", "name"), self.name)
        form.addRow(labels.label("person", "gender"), self.gender)
        form.addRow(labels.label("person", "id_number"), self.id_number)
        form.addRow(labels.label("person", "home_village_id"), self.village)
        form.addRow(labels.label("person", "phone"), self.phone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.remember_inputs()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "gender": self.gender.value(), "id_number": self.id_number.text(),
                "home_village_id": self.village.value() or None, "phone": self.phone.text()}

    def accept(self) -> None:
        try:
            with self._db.session() as s, s.begin():
                self.person_id = training_enrol.enrol_new_person(s, self._class, self.values())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class PersonRecordDialog(QDialog):
    """A person's training record (培训档案): classes and hours per year."""

    def __init__(self, db: Any, person_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        with db.session() as s:
            rec = training_records.person_record(s, person_id)
        self.record = rec
        self.setWindowTitle(self.tr("Training record — {name}").format(name=rec.name))
        years = "；".join(self.tr("{year}: {classes} courses, {hours} hours").format(
            year=y, classes=rec.classes_by_year[y], hours=f"{rec.hours_by_year[y]:g}")
            for y in sorted(rec.hours_by_year, reverse=True)) or self.tr("No training on record.")
        summary = QLabel(years, self)
        summary.setObjectName("summary")
        summary.setWordWrap(True)
        table = _table(self, [self.tr("Year"), self.tr("Course title"), self.tr("Dates"), self.tr("Hours"),
                              self.tr("Result"), self.tr("Certificate number")])
        _fill(table, [[str(r.year), r.title, f"{r.start_date} — {r.end_date}", f"{r.hours:g}",
                       labels.code_label("enrolment_result", r.result, english),
                       (r.certificate_no or "") + (self.tr(" (revoked)") if r.revoked else "")]
                      for r in rec.rows])
        self.table = table
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(summary)
        lay.addWidget(table, 1)
        lay.addWidget(close)
        self.resize(760, 360)


class ShortHoursDialog(QDialog):
    """People short of the yearly training hours (village cadres, reserve pool, stationed cadres)."""

    def __init__(self, db: Any, region_id: Optional[str] = None, english: bool = False,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Training hours short of the yearly target"))
        self._db = db
        self._region = region_id
        with db.session() as s:
            target = training_settings.load(s).yearly_hours
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 1000)
        self.hours.setValue(target)
        self.hours.setSuffix(self.tr(" hours"))
        run = QPushButton(self.tr("Show"), self)
        run.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year"), self))
        top.addWidget(self.year)
        top.addWidget(QLabel(self.tr("Fewer than"), self))
        top.addWidget(self.hours)
        top.addWidget(run)
        top.addStretch(1)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.table = _table(self, [self.tr("Name"), self.tr("Township (subdistrict)"),
                                   self.tr("Village (community)"), self.tr("ID number"), self.tr("Hours")])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.count)
        lay.addWidget(self.table, 1)
        lay.addWidget(close)
        self.resize(720, 520)
        self.refresh()

    #: Rows shown at most (the count says how many there are).
    LIMIT = 5000

    @Slot()
    def refresh(self) -> None:
        with self._db.session() as s:
            rows = training_records.short_of_hours(s, self.year.value(), self.hours.value(), self._region)
        shown = rows[: self.LIMIT]
        _fill(self.table, [[r.name, r.township, r.village, r.masked_id, f"{r.hours:g}"] for r in shown])
        self.count.setText(self.tr("{n} people have fewer than {hours} hours in {year}.").format(
            n=f"{len(rows):,}", hours=f"{self.hours.value():g}", year=self.year.value()))


class TrainingSettingsDialog(AsksBeforeDiscarding, QDialog):
    """Certificate number pattern, county short name, completion rule and yearly hours target."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Training settings"))
        self._db = db
        with db.session() as s:
            cfg = training_settings.load(s)
        self._loaded = cfg.as_dict()  # the version a save is checked against
        self.pattern = QLineEdit(cfg.certificate_pattern, self)
        self.pattern.setObjectName("pattern")
        self.county = QLineEdit(cfg.county, self)
        self.percent = QDoubleSpinBox(self)
        self.percent.setRange(1, 100)
        self.percent.setSuffix(" %")
        self.percent.setValue(cfg.completion_percent)
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 1000)
        self.hours.setValue(cfg.yearly_hours)
        # Certificate layout (证书版式): A4 landscape, or the inner sheet of a pre-printed cover.
        self.layout_choice = QComboBox(self)
        self.layout_choice.setObjectName("certificate_layout")
        self.layout_choice.addItem(self.tr("A4 landscape (plain paper)"), "a4")
        self.layout_choice.addItem(self.tr("Certificate insert (for a pre-printed cover)"), "insert")
        self.layout_choice.setCurrentIndex(max(0, self.layout_choice.findData(cfg.certificate_layout)))
        (w_low, w_high), (h_low, h_high) = training_settings.INSERT_RANGE_MM
        self.insert_width = QDoubleSpinBox(self)
        self.insert_width.setObjectName("insert_width")
        self.insert_width.setRange(w_low, w_high)
        self.insert_width.setSuffix(" mm")
        self.insert_width.setValue(cfg.insert_width_mm)
        self.insert_height = QDoubleSpinBox(self)
        self.insert_height.setObjectName("insert_height")
        self.insert_height.setRange(h_low, h_high)
        self.insert_height.setSuffix(" mm")
        self.insert_height.setValue(cfg.insert_height_mm)
        self.photo = QCheckBox(self.tr("Print the holder's photo on certificates"), self)
        self.photo.setObjectName("certificate_photo")
        self.photo.setChecked(cfg.certificate_photo)
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)
        self._layout_changed()
        self.sample = QLabel(self)
        self.sample.setObjectName("sample")
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        hint = QLabel(self.tr("Placeholders: {county} county short name, {year} year, {class} course number "
                              "in the year, {seq} certificate number in the course; e.g. {class:03d} pads to 3 digits."), self)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Certificate number pattern"), self.pattern)
        form.addRow("", hint)
        form.addRow(self.tr("Example"), self.sample)
        form.addRow(self.tr("County short name"), self.county)
        form.addRow(self.tr("Completion needs at least"), self.percent)
        form.addRow(self.tr("Yearly hours target"), self.hours)
        form.addRow(self.tr("Certificate layout"), self.layout_choice)
        size = QHBoxLayout()
        size.addWidget(self.insert_width)
        size.addWidget(QLabel("×", self))
        size.addWidget(self.insert_height)
        size.addStretch(1)
        form.addRow(self.tr("Insert size (width × height)"), size)
        form.addRow("", self.photo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.pattern.textChanged.connect(self._sample)
        self.county.textChanged.connect(self._sample)
        self._sample()
        self.resize(560, 380)
        self.remember_inputs()

    @Slot()
    def _layout_changed(self) -> None:
        insert = self.layout_choice.currentData() == "insert"
        self.insert_width.setEnabled(insert)
        self.insert_height.setEnabled(insert)

    @Slot()
    def _sample(self) -> None:
        try:
            training_settings.check_pattern(self.pattern.text().strip())
            self.sample.setText(training_settings.format_number(
                self.pattern.text().strip(), self.county.text().strip(), clock.today().year, 1, 1))
            self.error.clear()
        except ValidationError as exc:
            self.sample.clear()
            self.error.setText(str(exc))

    def values(self) -> dict[str, Any]:
        return {
            "certificate_pattern": self.pattern.text(), "county": self.county.text(),
            "completion_percent": self.percent.value(), "yearly_hours": self.hours.value(),
            "certificate_layout": self.layout_choice.currentData(),
            "insert_width_mm": self.insert_width.value(), "insert_height_mm": self.insert_height.value(),
            "certificate_photo": self.photo.isChecked()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        for key, value in values.items():
            if key in ("certificate_pattern", "county"):
                (self.pattern if key == "certificate_pattern" else self.county).setText(value or "")
            elif key == "certificate_layout":
                self.layout_choice.setCurrentIndex(max(0, self.layout_choice.findData(value)))
            elif key == "certificate_photo":
                self.photo.setChecked(bool(value))
            else:
                {"completion_percent": self.percent, "yearly_hours": self.hours,
                 "insert_width_mm": self.insert_width, "insert_height_mm": self.insert_height}[key].setValue(value)

    def accept(self) -> None:
        from vcadre.services.edit_lock import EditConflict

        try:
            with self._db.session() as s, s.begin():
                training_settings.save(s, self.values(), loaded=self._loaded)
        except EditConflict as conflict:
            self._settle(conflict)
            return
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    def _settle(self, conflict: Any) -> None:
        """Another officer saved settings since this dialog showed them: choose per setting."""
        from vcadre.ui.edit_conflict import EditConflictDialog

        taken = EditConflictDialog.ask(self, conflict, "training_settings", training_settings.FIELDS,
                                       False, training_settings.LABELS)
        if taken is None:
            self.error.setText(str(conflict))
            return
        self._loaded = dict(conflict.theirs)
        self.set_values(taken)
        self.accept()
