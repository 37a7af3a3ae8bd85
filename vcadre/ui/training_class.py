"""A training class's own window (培训班详情): trainees, attendance and certificates.

Opened from the 培训 tab ("Trainees, attendance and certificates…"). Each action is one
transaction through the training services; bad input shows the service's Chinese message and
changes nothing. Certificates are written by ``reports.certificate`` on a worker (``run_job``),
then previewed with Qt's print preview (``pdf_print.preview_pdf``) or saved where the user says.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcadre.services import training_attendance, training_certificates, training_enrol, training_settings
from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.ui import labels, messages
from vcadre.ui.jobs import run_job
from vcadre.ui.qtcompat import emit
from vcadre.ui.training_attendance import AttendancePage
from vcadre.ui.training_people import (
    FilterEnrolDialog,
    NewPersonDialog,
    PeoplePickerDialog,
    PersonRecordDialog,
    TrainingSettingsDialog,
    _fill,
    _table,
    ask_text,
)


def _run(parent: QWidget, db: Any, op: Callable[[Any], Any]) -> Any:
    """``op(session)`` in one transaction; a known error is shown and None returned."""
    try:
        with db.session() as s, s.begin():
            result = op(s)
            return True if result is None else result
    except (ValidationError, NotFoundError) as exc:
        messages.error(parent, str(exc))
        return None


class EnrolmentPage(QWidget):
    """Trainees: add picked people, a whole group, a new person; remove; override the result."""

    changed = Signal()

    def __init__(self, db: Any, class_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._class = class_id
        self._english = english
        self.rows: list[training_enrol.EnrolmentRow] = []
        self.dialog: Optional[QDialog] = None  # the open sub-dialog (tests drive it)
        self.table = _table(self, [self.tr("Name"), self.tr("Gender"), self.tr("Village (community)"),
                                   self.tr("ID number"), self.tr("Hours"), self.tr("Result"),
                                   self.tr("Certificate number")], multi=True)
        self.table.setObjectName("trainees")
        self.table.doubleClicked.connect(self.show_record)
        self.count = QLabel(self)
        self.count.setObjectName("count")
        row1 = QHBoxLayout()
        self.add_button = self._button(self.tr("Add people…"), "add_people", self.add_people, row1)
        self.group_button = self._button(self.tr("Add a whole group…"), "add_group", self.add_group, row1)
        self.new_button = self._button(self.tr("New person…"), "new_person", self.new_person, row1)
        self.remove_button = self._button(self.tr("Remove"), "remove", self.remove_selected, row1)
        row1.addStretch(1)
        row1.addWidget(self.count)
        row2 = QHBoxLayout()
        self.override_button = self._button(self.tr("Set result by hand…"), "override", self.override, row2)
        self.clear_override_button = self._button(self.tr("Back to the rule"), "clear_override",
                                                  self.clear_override, row2)
        self.record_button = self._button(self.tr("Training record…"), "record", self.show_record, row2)
        row2.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row1)
        lay.addLayout(row2)
        self.reload()

    def _button(self, text: str, name: str, slot, layout: QHBoxLayout) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        layout.addWidget(b)
        return b

    def reload(self) -> None:
        with self._db.session() as s:
            self.rows = training_enrol.roster(s, self._class)
            info = training_enrol.class_info(s, self._class)
        _fill(self.table, [[r.name, labels.code_label("gender", r.gender, self._english), r.village,
                            r.masked_id, f"{r.hours:g}",
                            labels.code_label("enrolment_result", r.result, self._english)
                            + (f"（{r.override_reason}）" if r.override_reason else ""),
                            (r.certificate_no or "") + (self.tr(" (revoked)") if r.revoked else "")]
                           for r in self.rows])
        if info.capacity:
            self.count.setText(self.tr("{n} trainees (planned {capacity})").format(n=len(self.rows),
                                                                                    capacity=info.capacity))
        else:
            self.count.setText(self.tr("{n} trainees").format(n=len(self.rows)))

    def selected(self) -> list[training_enrol.EnrolmentRow]:
        return [self.rows[r] for r in sorted({i.row() for i in self.table.selectionModel().selectedRows()})]

    def _done(self) -> None:
        self.reload()
        emit(self.changed)

    def _exec(self, dlg: QDialog) -> bool:
        self.dialog = dlg
        try:
            return dlg.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None

    @Slot()
    def add_people(self) -> None:
        dlg = PeoplePickerDialog(self._db, self._english, self)
        if self._exec(dlg) and dlg.person_ids():
            if _run(self, self._db, lambda s: training_enrol.enrol(s, self._class, dlg.person_ids())):
                self._done()

    @Slot()
    def add_group(self) -> None:
        dlg = FilterEnrolDialog(self._db, self._class, self._english, self)
        if not self._exec(dlg):
            return
        result = _run(self, self._db, lambda s: training_enrol.enrol_filter(s, self._class, *dlg.choice()))
        if result is not None:
            messages.info(self, self.tr("{added} people enrolled; {already} were enrolled already.").format(
                added=result.added, already=result.already))
            self._done()

    @Slot()
    def new_person(self) -> None:
        if self._exec(NewPersonDialog(self._db, self._class, self._english, self)):
            self._done()

    @Slot()
    def remove_selected(self) -> None:
        rows = self.selected()
        if not rows:
            return
        names = "、".join(r.name for r in rows[:5]) + (self.tr(" and others") if len(rows) > 5 else "")
        if not messages.confirm(self, self.tr("Remove {names} from this course? Their sign-ins go too.")
                                .format(names=names)):
            return
        if _run(self, self._db, lambda s: training_enrol.remove(s, [r.id for r in rows])) is not None:
            from vcadre.ui.undo import notify_deleted

            notify_deleted(self)
            self._done()

    @Slot()
    def override(self) -> None:
        rows = self.selected()
        if len(rows) != 1:
            messages.info(self, self.tr("Select one trainee."))
            return
        row = rows[0]
        result = "not_completed" if row.result == "completed" else "completed"
        reason = ask_text(self, self.tr("Set result by hand"), self.tr(
            "Record {name} as “{result}”. Reason (required):").format(
            name=row.name, result=labels.code_label("enrolment_result", result, self._english)))
        if reason is None:
            return
        _run(self, self._db, lambda s: training_attendance.override(s, row.id, result, reason))
        self._done()

    @Slot()
    def clear_override(self) -> None:
        for row in self.selected():
            if row.override_reason:
                _run(self, self._db, lambda s, r=row: training_attendance.override(s, r.id, None))
        self._done()

    @Slot()
    def show_record(self) -> None:
        rows = self.selected()
        if rows:
            self._exec(PersonRecordDialog(self._db, rows[0].person_id, self._english, self))


class CertificatesPage(QWidget):
    """Certificates: issue numbers to completers, preview / print / save as PDF, revoke."""

    changed = Signal()

    def __init__(self, db: Any, class_id: str, english: bool = False, parent: Optional[QWidget] = None,
                 load: bool = True) -> None:
        super().__init__(parent)
        self._db = db
        self._class = class_id
        self._english = english
        self.rows: list[training_enrol.EnrolmentRow] = []
        self.preview_dialog: Optional[QDialog] = None
        self.last_pdf: Optional[Path] = None
        self._previews = 0
        self._tmp = Path(tempfile.mkdtemp(prefix="vcadre-cert-"))
        self.pattern = QLabel(self)
        self.pattern.setObjectName("pattern")
        self.table = _table(self, [self.tr("Name"), self.tr("ID number"), self.tr("Hours"), self.tr("Result"),
                                   self.tr("Certificate number"), self.tr("Certificate")], multi=True)
        self.table.setObjectName("certificates")
        self.count = QLabel(self)
        self.count.setObjectName("count")
        row1 = QHBoxLayout()
        self.issue_button = self._button(self.tr("Issue numbers to completers"), "issue", self.issue, row1)
        self.preview_button = self._button(self.tr("Print preview…"), "preview", self.preview, row1)
        self.save_button = self._button(self.tr("Save as PDF…"), "save_pdf", self.save_pdf, row1)
        self.revoke_button = self._button(self.tr("Revoke…"), "revoke", self.revoke, row1)
        self.settings_button = self._button(self.tr("Number pattern…"), "settings", self.settings, row1)
        row1.addStretch(1)
        hint = QLabel(self.tr("Preview and save print the selected trainees' certificates, or all valid "
                              "ones when none is selected. Reprints keep their numbers."), self)
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.pattern)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        lay.addWidget(hint)
        lay.addLayout(row1)
        if load:
            self.reload()

    def _button(self, text: str, name: str, slot, layout: QHBoxLayout) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        layout.addWidget(b)
        return b

    def _example_number(self, session: Any, cfg: Any) -> str:
        """This class's first number under the pattern (its series' number if it has one)."""
        from sqlalchemy import select

        from vcadre.store.models import CertificateSeries, TrainingSession

        t = session.get(TrainingSession, self._class)
        class_no = session.scalar(select(CertificateSeries.class_no).where(
            CertificateSeries.session_id == self._class)) or 1
        try:
            return training_settings.format_number(cfg.certificate_pattern, cfg.county,
                                                   t.start_date.year, class_no, 1)
        except (KeyError, ValueError, IndexError):
            return cfg.certificate_pattern

    def reload(self) -> None:
        with self._db.session() as s:
            rows = training_enrol.roster(s, self._class)
            cfg = training_settings.load(s)
            example = self._example_number(s, cfg)
        self.rows = [r for r in rows if r.result == "completed" or r.certificate_no]
        # The officer sees a number as it will print, not the pattern's {placeholders}.
        self.pattern.setText(self.tr("Certificate numbers look like: {example}").format(example=example))
        self.pattern.setToolTip(cfg.certificate_pattern)
        _fill(self.table, [[r.name, r.masked_id, f"{r.hours:g}",
                            labels.code_label("enrolment_result", r.result, self._english),
                            r.certificate_no or "",
                            "" if not r.certificate_no else (self.tr("Revoked") if r.revoked else self.tr("Valid"))]
                           for r in self.rows])
        valid = sum(1 for r in self.rows if r.certificate_no and not r.revoked)
        waiting = sum(1 for r in self.rows if r.result == "completed" and not r.certificate_no)
        self.count.setText(self.tr("{valid} valid certificates; {waiting} completers without a number.")
                           .format(valid=valid, waiting=waiting))
        self.issue_button.setEnabled(waiting > 0)

    def selected(self) -> list[training_enrol.EnrolmentRow]:
        return [self.rows[r] for r in sorted({i.row() for i in self.table.selectionModel().selectedRows()})]

    def cleanup(self) -> None:
        """Remove the preview files (the dialog calls this when it closes)."""
        shutil.rmtree(self._tmp, ignore_errors=True)

    @Slot()
    def issue(self) -> None:
        numbers = _run(self, self._db, lambda s: training_certificates.issue(s, self._class))
        if numbers:
            messages.info(self, self.tr("{n} certificates issued: {first} to {last}.").format(
                n=len(numbers), first=numbers[0], last=numbers[-1]))
        self.reload()
        emit(self.changed)

    @Slot()
    def revoke(self) -> None:
        rows = [r for r in self.selected() if r.certificate_no and not r.revoked]
        if len(rows) != 1:
            messages.info(self, self.tr("Select one trainee with a valid certificate."))
            return
        row = rows[0]
        reason = ask_text(self, self.tr("Revoke certificate"), self.tr(
            "Revoke certificate {number} of {name}? Its number will never be given again. Reason (required):")
            .format(number=row.certificate_no, name=row.name))
        if reason is None:
            return
        _run(self, self._db, lambda s: training_certificates.revoke(s, row.id, reason))
        self.reload()
        emit(self.changed)

    @Slot()
    def settings(self) -> None:
        if TrainingSettingsDialog(self._db, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def _write(self, out: Path, then: Callable[[Path], None]) -> None:
        ids = [r.id for r in self.selected() if r.certificate_no and not r.revoked] or None
        class_id = self._class

        def op(db: Any, progress: Any) -> Path:
            from vcadre.reports.certificate import CertificateLayout, write_certificates
            from vcadre.services.documents.site_keys import ensure_local_key

            ensure_local_key(db)
            with db.session() as s:
                certs = training_certificates.certificates(s, class_id, ids)
                layout = CertificateLayout.from_settings(training_settings.load(s))
            write_certificates(certs, out, progress=progress.update, layout=layout)
            return out

        def done(path: Path) -> None:
            self.last_pdf = path
            then(path)

        run_job(self, op, done, label=self.tr("Writing certificates…"), db=self._db)

    @Slot()
    def preview(self) -> None:
        self._previews += 1  # a new file each time: the previous preview may still read its own
        out = self._tmp / f"certificates-{self._previews}.pdf"

        def show(path: Path) -> None:
            from vcadre.ui.pdf_print import preview_pdf

            dlg = preview_pdf(self, path, self.tr("Certificates — print preview"))
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.finished.connect(lambda _r: setattr(self, "preview_dialog", None))
            self.preview_dialog = dlg
            dlg.open()

        self._write(out, show)

    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: str) -> Optional[Path]:
        """Where to save the PDF; None if cancelled. Tests monkeypatch this."""
        title = QCoreApplication.translate("CertificatesPage", "Save certificates as PDF")
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested,
                                              "PDF (*.pdf)")
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    @Slot()
    def save_pdf(self) -> None:
        with self._db.session() as s:
            title = training_enrol.class_info(s, self._class).title
        path = self.ask_save_path(self, str(Path.home() / f"{title}-结业证书.pdf"))
        if path is None:
            return
        self._write(path, lambda p: messages.info(self, self.tr("Saved: {path}").format(path=str(p))))


class TrainingClassDialog(QDialog):
    """One class: a heading with its facts, and the trainees / attendance / certificates tabs."""

    def __init__(self, db: Any, class_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self._class = class_id
        self.changed = False
        with db.session() as s:
            info = training_enrol.class_info(s, class_id)
        self.setWindowTitle(info.title)
        heading = QLabel(info.title, self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        facts = QLabel(self.tr("{kind} · {start} to {end} · {place} · {hours} hours · {organizer}").format(
            kind=labels.code_label("training_kind", info.kind, english), start=info.start_date.isoformat(),
            end=info.end_date.isoformat(), place=info.place or "—", hours=f"{info.planned_hours:g}",
            organizer=info.organizer or "—"), self)
        self.tabs = QTabWidget(self)
        self.enrolment = EnrolmentPage(db, class_id, english, self)
        # The other tabs load when shown (``_refresh_page``): a class of 585 opens at once.
        self.attendance = AttendancePage(db, class_id, english, self, load=False)
        self.certificates = CertificatesPage(db, class_id, english, self, load=False)
        self.tabs.addTab(self.enrolment, self.tr("Trainees"))
        self.tabs.addTab(self.attendance, self.tr("Attendance"))
        self.tabs.addTab(self.certificates, self.tr("Certificates"))
        for page in (self.enrolment, self.attendance, self.certificates):
            page.changed.connect(self._changed)
        self.tabs.currentChanged.connect(self._refresh_page)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(facts)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(close)
        self.resize(900, 620)

    def done(self, result: int) -> None:
        self.certificates.cleanup()
        super().done(result)

    @classmethod
    def ask(cls, parent: Optional[QWidget], db: Any, class_id: str, english: bool = False) -> bool:
        """Show the class modally; True if anything changed."""
        dlg = cls(db, class_id, english, parent)
        dlg.exec()
        return dlg.changed

    @Slot()
    def _changed(self) -> None:
        self.changed = True

    @Slot(int)
    def _refresh_page(self, index: int) -> None:
        page = self.tabs.widget(index)
        if hasattr(page, "reload"):
            page.reload()
