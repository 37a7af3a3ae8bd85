"""The person card's documents (人员材料): 人员信息表 (preview / PDF), 干部任免审批表 PDF, .lrmx
export and import (with a preview of what changes), and the ID photo."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vcadre.services.documents import lrmx, person_form, photos
from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.ui import messages
from vcadre.ui.qtcompat import emit



def _table(parent: QWidget, headers: list[str], rows: list[list[str]]) -> QTableWidget:
    t = QTableWidget(len(rows), len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(value))
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def write_record_form_pdf(db: Any, person_id: str, out: Path, show_id: bool = False) -> Path:
    from vcadre.reports.person_forms import write_record_form
    from vcadre.services import person_card

    from vcadre.services.security import Permission, audit, require

    with db.session() as s:
        require(s, Permission.EXPORT)
        card = person_card.card(s, person_id, show_id=show_id)
        form = person_form.form_of(s, person_id, show_id=show_id)
    path = write_record_form(card, form, out, unit=db.site()[1])
    audit.exported(db, "人员信息表", 1, out, kind="person", unmasked=show_id)
    return path


def write_appointment_pdf(db: Any, person_id: str, out: Path) -> Path:
    from vcadre.reports.person_forms import write_appointment_form

    from vcadre.services.security import Permission, audit, require

    with db.session() as s:
        require(s, Permission.EXPORT)
        form = person_form.form_of(s, person_id, show_id=True)
    path = write_appointment_form(form, out)
    audit.exported(db, "干部任免审批表", 1, out, kind="person", unmasked=True)
    return path


class LrmxImportDialog(QDialog):
    """What importing a .lrmx file changes; 导入 writes it in one transaction."""

    def __init__(self, db: Any, person_id: Optional[str], path: Path, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self.imported_id: Optional[str] = None
        self.setWindowTitle(self.tr("Import appointment form — {name}").format(name=path.name))
        record = lrmx.read_lrmx(path)
        with db.session() as s:
            self.plan = lrmx.plan_import(s, record, person_id)
        p = self.plan
        who = (self.tr("New person: {name}") if p.new_person else self.tr("Person: {name}")).format(name=p.name)
        head = QLabel(who, self)
        head.setObjectName("who")
        self.table = _table(self, [self.tr("Field"), self.tr("Now"), self.tr("From the file")],
                            [[c.label, c.old, c.new] for c in p.changes])
        self.table.setObjectName("changes")
        notes = [self.tr("Error: {text}").format(text=e) for e in p.errors]
        notes += [self.tr("Note: {text}").format(text=w) for w in p.warnings]
        if p.ignored:
            notes.append(self.tr("Fields not imported: {fields}").format(fields="、".join(p.ignored)))
        if not p.changes and not p.errors:
            notes.append(self.tr("The file agrees with the database: nothing to import."))
        self.notes = QLabel("\n".join(notes), self)
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Import"))
        self.ok.setEnabled(p.has_changes and not p.errors)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.notes)
        lay.addWidget(buttons)
        self.resize(720, 420)

    def accept(self) -> None:
        try:
            with self._db.session() as s, s.begin():
                self.imported_id = lrmx.apply_import(s, self.plan)
        except (ValidationError, NotFoundError) as exc:
            messages.error(self, str(exc))
            return
        super().accept()


class PhotoFolderDialog(QDialog):
    """批量导入照片: every image of a folder matched to a person by ID number or name."""

    def __init__(self, db: Any, folder: Path, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self.imported = 0
        self.setWindowTitle(self.tr("Import photos from {folder}").format(folder=folder.name))
        with db.session() as s:
            self.plan = photos.plan_folder(s, folder)
        ok = [m for m in self.plan if m.status == photos.OK]
        rows = [[m.file.name, m.name, m.masked_id,
                 (self.tr("Replaces the photo") if m.replaces else self.tr("New photo")) if m.status == photos.OK
                 else m.reason] for m in self.plan]
        self.table = _table(self, [self.tr("File"), self.tr("Person"), self.tr("ID number"), self.tr("Result")], rows)
        self.table.setObjectName("photos")
        self.summary = QLabel(self.tr("{files} files: {ok} photos can be imported, {skipped} are skipped.").format(
            files=len(self.plan), ok=len(ok), skipped=len(self.plan) - len(ok)), self)
        self.summary.setObjectName("summary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Import {n} photos").format(n=len(ok)))
        self.ok.setEnabled(bool(ok))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)
        self.resize(760, 480)

    @classmethod
    def ask_folder(cls, parent: QWidget) -> Optional[Path]:
        """The folder to import; None if cancelled. Tests monkeypatch this."""
        path = QFileDialog.getExistingDirectory(parent, QCoreApplication.translate("PhotoFolderDialog", "Folder of photos named by ID number or name"))
        return Path(path) if path else None

    def accept(self) -> None:
        with self._db.session() as s, s.begin():
            self.imported = photos.apply_plan(s, self.plan)
        super().accept()


class PersonDocumentsBar(QWidget):
    """Buttons under the person card; ``changed`` fires after an import or a photo change."""

    changed = Signal()

    def __init__(self, db: Any, person_id: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._person = person_id
        self._tmp = Path(tempfile.mkdtemp(prefix="vcadre-person-"))
        self._previews = 0
        self.dialog: Optional[QDialog] = None  # the open sub-dialog (tests drive it)
        self.preview_dialog: Optional[QDialog] = None
        self.show_id = QCheckBox(self.tr("Full ID number"), self)
        self.show_id.setObjectName("show_id")
        self.show_id.setToolTip(self.tr("Print the full ID number on the record form (masked by default)"))
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.print_button = self._button(self.tr("Print record form…"), "print_form", self.preview_form, row1)
        self.form_pdf_button = self._button(self.tr("Record form PDF…"), "form_pdf", self.save_form_pdf, row1)
        row1.addWidget(self.show_id)
        row1.addStretch(1)
        self.rmb_button = self._button(self.tr("Appointment form PDF…"), "rmb_pdf", self.save_appointment_pdf, row2)
        self.lrmx_export_button = self._button(self.tr("Export .lrmx…"), "lrmx_export", self.export_lrmx, row2)
        self.lrmx_import_button = self._button(self.tr("Import .lrmx…"), "lrmx_import", self.import_lrmx, row2)
        self.photo_button = self._button(self.tr("Photo…"), "photo", self.set_photo, row2)
        self.remove_photo_button = self._button(self.tr("Remove photo"), "remove_photo", self.remove_photo, row2)
        row2.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row1)
        lay.addLayout(row2)
        self.destroyed.connect(lambda *_: shutil.rmtree(self._tmp, ignore_errors=True))
        self._follow_role(db)

    def _follow_role(self, db: Any) -> None:
        """Only what the user's role may do is enabled (the services refuse the rest anyway)."""
        from vcadre.services.security import Permission, may

        export, unmask = may(db, Permission.EXPORT), may(db, Permission.UNMASK)
        edit, imp = may(db, Permission.EDIT), may(db, Permission.IMPORT)
        self.show_id.setEnabled(unmask)
        for b in (self.print_button, self.form_pdf_button):
            b.setEnabled(export)
        for b in (self.rmb_button, self.lrmx_export_button):  # these always carry the full ID number
            b.setEnabled(export and unmask)
        self.lrmx_import_button.setEnabled(edit and imp)
        for b in (self.photo_button, self.remove_photo_button):
            b.setEnabled(edit)

    def _button(self, text: str, name: str, slot, layout: QHBoxLayout) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        layout.addWidget(b)
        return b

    # -- paths (tests monkeypatch these)

    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: str, pattern: str) -> Optional[Path]:
        path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("PersonDocumentsBar", "Save as"), suggested, pattern)
        if not path:
            return None
        suffix = pattern[pattern.index("*") + 1:pattern.index(")")]
        return Path(path if path.lower().endswith(suffix) else path + suffix)

    @classmethod
    def ask_open_path(cls, parent: QWidget, pattern: str) -> Optional[Path]:
        path, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("PersonDocumentsBar", "Open"), "", pattern)
        return Path(path) if path else None

    def _name(self) -> str:
        with self._db.session() as s:
            return person_form.form_of(s, self._person, show_id=False).get("XingMing")

    def _guard(self, fn, *args) -> Any:
        try:
            return fn(*args)
        except (ValidationError, NotFoundError, OSError) as exc:
            messages.error(self, str(exc))
            return None

    # -- actions

    def _pdf_job(self, write, out: Path, then) -> None:
        """Write a PDF on a worker (fonts load, pages draw: a few hundred ms), then ``then(out)``."""
        from vcadre.ui.jobs import run_job

        run_job(self, lambda db, _progress: write(db, out), then, label=self.tr("Writing the PDF…"), db=self._db)

    @Slot()
    def preview_form(self) -> None:
        from vcadre.ui.pdf_print import preview_pdf

        self._previews += 1
        show_id, person = self.show_id.isChecked(), self._person

        def show(path: Path) -> None:
            self.preview_dialog = preview_pdf(self, path, self.tr("Record form — print preview"))
            self.preview_dialog.open()

        self._pdf_job(lambda db, out: write_record_form_pdf(db, person, out, show_id),
                      self._tmp / f"record-{self._previews}.pdf", show)

    def _saved(self, path: Path) -> None:
        messages.info(self, self.tr("Saved: {path}").format(path=str(path)))

    @Slot()
    def save_form_pdf(self) -> None:
        path = self.ask_save_path(self, str(Path.home() / f"{self._name()}-人员信息表.pdf"), "PDF (*.pdf)")
        if path is not None:
            show_id, person = self.show_id.isChecked(), self._person
            self._pdf_job(lambda db, out: write_record_form_pdf(db, person, out, show_id), path, self._saved)

    @Slot()
    def save_appointment_pdf(self) -> None:
        path = self.ask_save_path(self, str(Path.home() / f"{self._name()}-干部任免审批表.pdf"), "PDF (*.pdf)")
        if path is not None:
            person = self._person
            self._pdf_job(lambda db, out: write_appointment_pdf(db, person, out), path, self._saved)

    @Slot()
    def export_lrmx(self) -> None:
        path = self.ask_save_path(self, str(Path.home() / f"{self._name()}.lrmx"), "任免审批表 (*.lrmx)")
        if path is None:
            return

        def write() -> Path:
            with self._db.session() as s:
                return lrmx.export_person(s, self._person, path)

        if self._guard(write) is not None:
            messages.info(self, self.tr("Saved: {path}. It holds the full ID number: keep it safe.").format(
                path=str(path)))

    @Slot()
    def import_lrmx(self) -> None:
        path = self.ask_open_path(self, "任免审批表 (*.lrmx *.xml)")
        if path is None:
            return
        dlg = self._guard(LrmxImportDialog, self._db, self._person, path, self)
        if dlg is None:
            return
        self.dialog = dlg
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                emit(self.changed)
        finally:
            self.dialog = None

    @Slot()
    def set_photo(self) -> None:
        path = self.ask_open_path(self, "照片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)")
        if path is None:
            return

        def store() -> photos.PreparedPhoto:
            with self._db.session() as s, s.begin():
                return photos.set_photo_from_file(s, self._person, path)

        if self._guard(store) is not None:
            emit(self.changed)

    @Slot()
    def remove_photo(self) -> None:
        if not messages.confirm(self, self.tr("Remove this person's photo?")):
            return
        with self._db.session() as s, s.begin():
            photos.remove_photo(s, self._person)
        emit(self.changed)
