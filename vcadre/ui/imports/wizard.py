"""Import wizard: choose a kind and a file → map the columns → preview → import.

1. *File* (only from 文件 → 导入…): what the sheet holds (行政区划, 村“两委”成员, 后备干部, 驻村干部,
   培训学员, 年度考核), the file, and a button that saves that kind's template.
2. *Columns*: each column of the sheet with its header, its first values and the field it maps
   to — changeable, or 忽略. Required fields without a column are named in red and block the next
   step. The mapping is remembered for the same header set (``Settings``), so next month's file
   from the same township maps itself. A training roll also gets the class's title and dates here
   when the sheet does not say them.
3. *Preview*: every bad row (row, column, reason in Chinese) and every note (15-digit IDs
   converted, names changed); 全部导入 (only when no row is bad) or 只导入正确的行.
4. The import backs the database up, then writes in one transaction, on a worker with progress
   and cancel (``run_job``); nothing is written on any refusal.

Reading the file and checking the rows run on workers too; no step touches the database from the
GUI thread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.store import ioerrors
from vcadre.ui import messages
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit

translate = QCoreApplication.translate
FILE_FILTER = "Excel / CSV (*.xlsx *.xls *.csv);;All files (*)"
#: Preview rows shown in the table (the summary counts them all).
MAX_SHOWN = 5000


def kind_titles() -> dict[str, str]:
    """Kind → its name in the UI (translated)."""
    return {
        "regions": translate("imports", "Regions (townships and villages)"),
        "posts": translate("imports", "Village committee members (posts)"),
        "talent": translate("imports", "Reserve cadres"),
        "dispatch": translate("imports", "Dispatched cadres (first secretaries, work teams)"),
        "training": translate("imports", "Training roll (trainees, hours, certificates)"),
        "review": translate("imports", "Annual review results"),
    }


def ask_open_path(parent: Optional[QWidget], title: str = "") -> Optional[Path]:
    name, _ = QFileDialog.getOpenFileName(parent, title or translate("imports", "Choose the file to import"), "",
                                          translate("imports", FILE_FILTER))
    return Path(name) if name else None


def ask_save_path(parent: Optional[QWidget], default: str) -> Optional[Path]:
    name, _ = QFileDialog.getSaveFileName(parent, translate("imports", "Save the import template"), default,
                                          "Excel (*.xlsx)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")


def save_template(parent: QWidget, kind: str) -> Optional[Path]:
    from vcadre.services import imports
    from vcadre.services.imports.template import write_template

    spec = imports.spec(kind)
    path = ask_save_path(parent, f"{spec.title}导入模板.xlsx")
    if path is None:
        return None
    try:
        write_template(spec, path)
    except OSError as exc:
        messages.error(parent, translate("imports", "Could not write “{path}”: {error}").format(
            path=str(path), error=ioerrors.reason(exc)))
        return None
    messages.info(parent, translate("imports", "Template saved: {path}").format(path=str(path)))
    return path


def _masked(value: str) -> str:
    """First values are shown on screen: ID numbers and mobile numbers masked, as everywhere."""
    import re

    from vcadre.domain.idnumber import mask_id_number

    v = value.strip()
    if re.fullmatch(r"\d{15}|\d{17}[\dXx]", v):
        return mask_id_number(v)
    if re.fullmatch(r"1\d{10}", v):
        return v[:3] + "****" + v[7:]
    return value


# ---------------------------------------------------------------- remembered mappings

def _settings():
    from vcadre.ui.settings import Settings

    return Settings()


def remembered_mapping(kind: str, signature: str) -> Optional[dict[int, Optional[str]]]:
    from vcadre.ui.settings import IMPORT_MAPPINGS

    try:
        stored = json.loads(_settings().get(IMPORT_MAPPINGS) or "{}")
    except ValueError:
        return None
    m = stored.get(f"{kind}/{signature}")
    return {int(k): v for k, v in m.items()} if isinstance(m, dict) else None


def remember_mapping(kind: str, signature: str, mapping: dict[int, Optional[str]]) -> None:
    from vcadre.ui.settings import IMPORT_MAPPINGS

    s = _settings()
    try:
        stored = json.loads(s.get(IMPORT_MAPPINGS) or "{}")
    except ValueError:
        stored = {}
    stored[f"{kind}/{signature}"] = {str(k): v for k, v in mapping.items()}
    if len(stored) > 200:  # keep the newest
        stored = dict(list(stored.items())[-200:])
    s.set(IMPORT_MAPPINGS, json.dumps(stored, ensure_ascii=False))
    s.sync()


# ---------------------------------------------------------------- the wizard

class ImportWizard(QDialog):
    """See the module docstring. ``kind``/``path`` given: starts at the column step."""

    imported = Signal()

    PAGE_FILE, PAGE_COLUMNS, PAGE_PREVIEW = range(3)

    def __init__(self, db: Any, kind: Optional[str] = None, path: Optional[Path] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self.kind = kind or "regions"
        self.path: Optional[Path] = Path(path) if path else None
        self.layout_info: Any = None  # (rows, Layout, sheet name) once read
        self.preview: Any = None
        self.result_: Any = None
        self.job: Any = None
        self.setWindowTitle(self.tr("Import from Excel"))
        self.resize(940, 600)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._columns_page())
        self.pages.addWidget(self._preview_page())
        lay = QVBoxLayout(self)
        lay.addWidget(self.pages, 1)

    # ------------------------------------------------------------ page 1: kind and file
    def _file_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.kind_combo = QComboBox(page)
        self.kind_combo.setObjectName("kind")
        for key, title in kind_titles().items():
            self.kind_combo.addItem(title, key)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self.kind)))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.file_edit = QLineEdit(page)
        self.file_edit.setObjectName("file")
        self.file_edit.setPlaceholderText(self.tr(".xlsx, .xls or .csv (UTF-8 or GB18030)"))
        browse = QPushButton(self.tr("Browse…"), page)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("What the sheet holds:"), self.kind_combo)
        form.addRow(self.tr("File:"), row)
        hint = QLabel(self.tr(
            "The sheet may have title rows above the header, a 序号 column and columns in any order; "
            "dates such as 2024.3.1 or 2024年3月1日 are understood. ID numbers must be stored as text: "
            "Excel keeps only 15 digits of a number."), page)
        hint.setWordWrap(True)
        self.template_button = QPushButton(self.tr("Save the template…"), page)
        self.template_button.setObjectName("template")
        self.template_button.clicked.connect(lambda: save_template(self, self.kind))
        self.file_next = QPushButton(self.tr("Next"), page)
        self.file_next.setObjectName("file_next")
        self.file_next.setDefault(True)
        self.file_next.clicked.connect(self._file_next)
        cancel = QPushButton(self.tr("Cancel"), page)
        cancel.clicked.connect(self.reject)
        self.file_message = QLabel("", page)
        self.file_message.setWordWrap(True)
        self.file_message.setStyleSheet("color: #b3261e;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.file_next)
        buttons.addWidget(cancel)
        v = QVBoxLayout(page)
        v.addLayout(form)
        v.addWidget(hint)
        v.addWidget(self.file_message)
        v.addStretch(1)
        v.addLayout(buttons)
        return page

    @Slot()
    def _kind_changed(self) -> None:
        self.kind = self.kind_combo.currentData()

    @Slot()
    def _browse(self) -> None:
        path = ask_open_path(self)
        if path is not None:
            self.file_edit.setText(str(path))

    @Slot()
    def _file_next(self) -> None:
        text = self.file_edit.text().strip()
        if not text:
            self.file_message.setText(self.tr("Choose a file first."))
            return
        self.path = Path(text)
        self.read_file()

    def start(self) -> None:
        """Open at the right step: the file step, or (kind and file known) read the file."""
        if self.path is None:
            self.pages.setCurrentIndex(self.PAGE_FILE)
        else:
            self.file_edit.setText(str(self.path))
            self.read_file()

    def spec(self) -> Any:
        from vcadre.services import imports

        if self.kind != "training":
            return imports.spec(self.kind)
        from vcadre.domain.normalise import ValueProblem, parse_date

        try:
            start = parse_date(self.class_start.text().strip() or None)
            end = parse_date(self.class_end.text().strip() or None)
        except ValueProblem:
            start = end = None
        return imports.spec("training", title=self.class_title.text().strip(), start=start, end=end)

    # ------------------------------------------------------------ reading
    def read_file(self) -> None:
        path, spec = self.path, self.spec()
        self.file_message.setText("")
        self.setWindowTitle(self.tr("Import {kind} — {file}").format(kind=kind_titles()[self.kind], file=path.name))

        def op(_db: Any, progress: Any):
            from vcadre.services.imports.engine import read_layout

            sheet, lay = read_layout(path, spec)
            return sheet.rows, lay, sheet.name

        self.job = run_job(self, op, self._show_columns, self._read_failed, label=self.tr("Reading the file…"),
                           db=self._db)

    def _read_failed(self, exc: BaseException) -> None:
        if messages.is_known_error(exc):
            self.pages.setCurrentIndex(self.PAGE_FILE)
            self.file_message.setText(str(exc))
            return
        from vcadre.ui.jobs import default_failure

        default_failure(exc, self)

    # ------------------------------------------------------------ page 2: columns
    def _columns_page(self) -> QWidget:
        page = QWidget(self)
        self.columns_summary = QLabel("", page)
        self.columns_summary.setObjectName("columns_summary")
        self.columns_summary.setWordWrap(True)
        self.columns = QTableWidget(0, 4, page)
        self.columns.setObjectName("columns")
        self.columns.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Header in the file"),
                                                self.tr("First values"), self.tr("Field")])
        self.columns.verticalHeader().setVisible(False)
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hh = self.columns.horizontalHeader()
        for i in (0, 1):
            hh.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.missing_label = QLabel("", page)
        self.missing_label.setObjectName("missing")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #b3261e;")
        # A training roll's class, when the sheet does not name it.
        self.class_box = QWidget(page)
        cf = QFormLayout(self.class_box)
        cf.setContentsMargins(0, 0, 0, 0)
        self.class_title = QLineEdit(self.class_box)
        self.class_title.setObjectName("class_title")
        self.class_start = QLineEdit(self.class_box)
        self.class_start.setObjectName("class_start")
        self.class_end = QLineEdit(self.class_box)
        self.class_end.setObjectName("class_end")
        for w in (self.class_start, self.class_end):
            w.setPlaceholderText("2023-05-08")
        cf.addRow(self.tr("Class title (if the sheet has none):"), self.class_title)
        cf.addRow(self.tr("Class start:"), self.class_start)
        cf.addRow(self.tr("Class end:"), self.class_end)
        back = QPushButton(self.tr("Back"), page)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_FILE))
        self.check_button = QPushButton(self.tr("Check the rows"), page)
        self.check_button.setObjectName("check")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.run_preview)
        cancel = QPushButton(self.tr("Cancel"), page)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(cancel)
        v = QVBoxLayout(page)
        v.addWidget(self.columns_summary)
        v.addWidget(self.columns, 1)
        v.addWidget(self.missing_label)
        v.addWidget(self.class_box)
        v.addLayout(buttons)
        return page

    def _show_columns(self, info: Any) -> None:
        from vcadre.services.imports.layout import auto_map, column_letter

        rows, lay, sheet_name = info
        self.layout_info = info
        spec = self.spec()
        mapping = remembered_mapping(self.kind, lay.signature)
        cmap = auto_map(lay.headers, spec, mapping)
        self.columns_summary.setText(self.tr(
            "Sheet “{sheet}”: the header is on row {row}; data starts on row {data}. Check what each column "
            "holds; choose “Ignore” for columns not to import.").format(
            sheet=sheet_name, row=lay.header_row + 1, data=lay.data_start + 1)
            + (" " + self.tr("(Mapping remembered from an earlier import of the same columns.)") if mapping else ""))
        data = rows[lay.data_start:]
        from vcadre.domain.normalise import cell_text

        self.columns.setRowCount(len(lay.headers))
        self.field_combos: list[QComboBox] = []
        for j, header in enumerate(lay.headers):
            samples = []
            for r in data:
                if j < len(r) and cell_text(r[j]):
                    samples.append(cell_text(r[j]))
                    if len(samples) == 3:
                        break
            self.columns.setItem(j, 0, QTableWidgetItem(column_letter(j)))
            self.columns.setItem(j, 1, QTableWidgetItem(header))
            self.columns.setItem(j, 2, QTableWidgetItem("；".join(_masked(v) for v in samples)))
            combo = QComboBox(self.columns)
            combo.addItem(self.tr("Ignore"), None)
            for f in spec.fields:
                combo.addItem(f.label + (" *" if f.required else ""), f.key)
            combo.setCurrentIndex(max(0, combo.findData(cmap.fields.get(j))))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.columns.setCellWidget(j, 3, combo)
            self.field_combos.append(combo)
        self.class_box.setVisible(self.kind == "training")
        self._mapping_changed()
        self.pages.setCurrentIndex(self.PAGE_COLUMNS)

    def mapping(self) -> dict[int, Optional[str]]:
        return {j: c.currentData() for j, c in enumerate(self.field_combos)}

    def set_field(self, column: int, key: Optional[str]) -> None:
        """Map ``column`` (0-based) to the field ``key`` (None: ignore), as the user would."""
        combo = self.field_combos[column]
        combo.setCurrentIndex(combo.findData(key))

    @Slot()
    def _mapping_changed(self) -> None:
        spec = self.spec()
        chosen = [k for k in self.mapping().values() if k]
        dup = sorted({spec.label(k) for k in chosen if chosen.count(k) > 1})
        missing = [f.label for f in spec.fields if f.required and f.key not in chosen]
        text = []
        if missing:
            text.append(self.tr("Required fields without a column: {fields}.").format(fields="、".join(missing)))
        if dup:
            text.append(self.tr("Several columns are mapped to: {fields}.").format(fields="、".join(dup)))
        self.missing_label.setText(" ".join(text))
        self.check_button.setEnabled(not missing and not dup)

    # ------------------------------------------------------------ page 3: preview
    def _preview_page(self) -> QWidget:
        page = QWidget(self)
        self.summary = QLabel(self.tr("Checking every row…"), page)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4, page)
        self.table.setObjectName("errors")
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Problem"), ""])
        self.table.setColumnHidden(3, True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.notes_label = QLabel("", page)
        self.notes_label.setObjectName("notes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(self.tr("The database is backed up before anything is written."), page)
        self.note.setStyleSheet("color: palette(mid);")
        back = QPushButton(self.tr("Back"), page)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_COLUMNS))
        self.all_button = QPushButton(self.tr("Import all"), page)
        self.all_button.setObjectName("import_all")
        self.valid_button = QPushButton(self.tr("Import only the valid rows"), page)
        self.valid_button.setObjectName("import_valid")
        self.cancel_button = QPushButton(self.tr("Cancel"), page)
        for b in (self.all_button, self.valid_button):
            b.setEnabled(False)
        self.all_button.clicked.connect(lambda: self.run_import(False))
        self.valid_button.clicked.connect(lambda: self.run_import(True))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.valid_button)
        buttons.addWidget(self.cancel_button)
        v = QVBoxLayout(page)
        v.addWidget(self.summary)
        v.addWidget(self.table, 1)
        v.addWidget(self.notes_label)
        v.addLayout(buttons)
        return page

    @Slot()
    def run_preview(self) -> None:
        rows, lay, sheet_name = self.layout_info
        mapping = self.mapping()
        remember_mapping(self.kind, lay.signature, mapping)
        spec = self.spec()
        path = self.path
        self.preview = None
        self.summary.setText(self.tr("Checking every row…"))
        self.summary.setStyleSheet("")
        self.table.setRowCount(0)
        self.pages.setCurrentIndex(self.PAGE_PREVIEW)

        def op(db: Any, progress: Any):
            from vcadre.services.imports.engine import preview_rows

            with db.session() as s:
                return spec, preview_rows(s, spec, rows, lay, mapping, progress=progress, path=str(path),
                                          sheet_name=sheet_name)

        self.job = run_job(self, op, self._show_preview, self._preview_failed, label=self.tr("Checking the rows…"),
                           db=self._db)

    def _preview_failed(self, exc: BaseException) -> None:
        if messages.is_known_error(exc) or messages.is_cancel(exc):
            self.summary.setText(str(exc) or self.tr("Cancelled."))
            self.summary.setStyleSheet("color: #b3261e;")
            return
        from vcadre.ui.jobs import default_failure

        default_failure(exc, self)

    def _show_preview(self, result: Any) -> None:
        self._spec, preview = result
        self.preview = preview
        bad = len(preview.bad_rows)
        self.summary.setText(self.tr(
            "{total} rows read: {valid} valid, {bad} with problems ({errors} problems in all).").format(
            total=preview.total, valid=len(preview.valid), bad=bad, errors=len(preview.errors)))
        shown = preview.errors[:MAX_SHOWN]
        self.table.setRowCount(len(shown))
        for r, e in enumerate(shown):
            self.table.setItem(r, 0, QTableWidgetItem(str(e.row)))
            header = QTableWidgetItem(e.field)
            if e.column:
                header.setToolTip(self.tr("Column {letter}").format(letter=e.column))
            self.table.setItem(r, 1, header)
            reason = QTableWidgetItem(e.reason)
            reason.setToolTip(e.reason)
            self.table.setItem(r, 2, reason)
            self.table.setItem(r, 3, QTableWidgetItem(e.column))
        if len(shown) <= 300:  # wrapped reasons in full (row heights cost time on long lists)
            self.table.resizeRowsToContents()
        notes = list(preview.file_notes) + [n.text() for n in preview.notes[:200]]
        if len(preview.notes) > 200:
            notes.append(self.tr("… and {n} more notes.").format(n=len(preview.notes) - 200))
        self.notes_label.setText("\n".join(notes))
        self.all_button.setEnabled(bool(preview.valid) and not preview.errors)
        self.valid_button.setEnabled(bool(preview.valid) and bool(preview.errors))
        if not preview.valid:
            self.note.setText(self.tr("No valid row: nothing can be imported."))

    # ------------------------------------------------------------ import
    @Slot()
    def run_import(self, only_valid: bool) -> None:
        preview, spec = self.preview, self._spec
        for b in (self.all_button, self.valid_button):
            b.setEnabled(False)

        def op(db: Any, _progress: Any):
            from vcadre.services.imports import write_preview

            return write_preview(db, spec, preview, only_valid)

        def ok(result: Any) -> None:
            self.result_ = result
            messages.info(self, result.text() + "\n" + self.tr("Backup taken before the import: {backup}").format(
                backup=result.backup or "—"))
            emit(self.imported)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.all_button.setEnabled(bool(preview.valid) and not preview.errors)
            self.valid_button.setEnabled(bool(preview.valid) and bool(preview.errors))
            if messages.is_known_error(exc):
                messages.error(self, str(exc))
                return
            from vcadre.ui.jobs import default_failure

            default_failure(exc, self)

        self.job = run_job(self, op, ok, failed, label=self.tr("Importing…"), db=self._db)


def open_wizard(parent: QWidget, db: Any, kind: Optional[str] = None, path: Optional[Path] = None,
                on_done=None) -> ImportWizard:
    """Open the wizard (at the file step, or — kind and file given — at the column step)."""
    dlg = ImportWizard(db, kind, path, parent)
    if on_done:
        dlg.imported.connect(on_done)
    dlg.open()
    dlg.start()
    return dlg


def import_kind(parent: QWidget, db: Any, kind: str, on_done=None, path: Optional[Path] = None) -> Optional[ImportWizard]:
    """A tab's 从 Excel 导入…: choose the file, then the wizard's column step."""
    path = path or ask_open_path(parent)
    if path is None:
        return None
    return open_wizard(parent, db, kind, path, on_done)
