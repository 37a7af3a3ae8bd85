"""Sync in the window (文件 → 同步): 导出同步包 / 导入同步包 / 同步冲突 / 撤销最近一次导入.

The work is done by ``vcadre.sync`` on a worker (``run_job``); these dialogs only ask for a file,
a peer and the passphrase, and show the result: the counts, the open conflicts (base / ours / theirs / which site, keep one) and the "possible same person"
groups (merge). Undo restores the backup taken before the last import. An import checks the
package and its sender first (``sync.sites.check_package``, nothing written) and asks about a
sender whose key is new here *before* merging. The sites, join, enroll and revoke dialogs are in
``ui/sync_sites.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vcadre.store import ioerrors
from vcadre.ui import messages
from vcadre.ui.jobs import run_job

FILE_FILTER = "vcadre 同步包 (*.vcsync);;*"


#: Record kinds as the conflicts list names them.
TABLE_LABELS = {
    "region": QT_TRANSLATE_NOOP("SyncTables", "Region"),
    "person": QT_TRANSLATE_NOOP("SyncTables", "Person"),
    "reserve_entry": QT_TRANSLATE_NOOP("SyncTables", "Reserve entry"),
    "stage_change": QT_TRANSLATE_NOOP("SyncTables", "Stage change"),
    "assessment": QT_TRANSLATE_NOOP("SyncTables", "Yearly assessment"),
    "village_post": QT_TRANSLATE_NOOP("SyncTables", "Village post"),
    "training_session": QT_TRANSLATE_NOOP("SyncTables", "Training class"),
    "enrolment": QT_TRANSLATE_NOOP("SyncTables", "Enrolment"),
    "attendance": QT_TRANSLATE_NOOP("SyncTables", "Attendance"),
    "rotation_batch": QT_TRANSLATE_NOOP("SyncTables", "Rotation batch"),
    "dispatch": QT_TRANSLATE_NOOP("SyncTables", "Village posting"),
    "dispatch_month": QT_TRANSLATE_NOOP("SyncTables", "Days on post"),
    "visit": QT_TRANSLATE_NOOP("SyncTables", "Household visit"),
}


def export_phases() -> dict[str, str]:
    """Progress labels of the steps of an export (``sync.service`` reports them); a WELCOME
    package of an enrollment is an export too. ``{done}``/``{total}`` are filled in as counts,
    ``{done_mb}``/``{total_mb}`` as megabytes."""
    from vcadre.sync import service

    return {
        service.SIGN: QCoreApplication.translate("SyncProgress", "Signing this site's new changes: {done} of {total}…"),
        service.COLLECT: QCoreApplication.translate(
            "SyncProgress", "Choosing the changes to send: {done} of {total} looked at…"),
        service.WRITE: QCoreApplication.translate(
            "SyncProgress", "Writing the changes into the package: {done} of {total}…"),
        service.SAVE: QCoreApplication.translate("SyncProgress", "Saving the file: {done_mb} of {total_mb} MB…"),
    }


def _field_label(name: str) -> str:
    from vcadre.ui import labels

    return labels.label("", name) if labels.has_label("", name) else name


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "；".join(f"{_field_label(k)}：{_text(v)}" for k, v in value.items())
    return str(value)


class PassphraseDialog(QDialog):
    """Asks for the package passphrase (twice when exporting)."""

    def __init__(self, parent: Optional[QWidget], confirm: bool, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setWindowTitle(self.tr("Passphrase"))
        form = QFormLayout(self)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase:"), self.first)
        self.second: Optional[QLineEdit] = None
        if confirm:
            self.second = QLineEdit(self)
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(self.tr("Repeat:"), self.second)
        note = self.tr("Agree the passphrase with the other office in person or by phone, never on the USB stick.")
        if optional:
            # Packages are encrypted to the enrolled sites' own keys; a passphrase is an extra layer.
            note = self.tr("You may leave it empty: the package is encrypted to the keys of the sites it is for, "
                           "so no passphrase has to travel. A passphrase adds a second lock: agree it with the "
                           "other office in person or by phone, never on the USB stick.")
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot()
    def _accept(self) -> None:
        if not self.first.text() and not (self.optional and not (self.second and self.second.text())):
            messages.warning(self, self.tr("The passphrase must not be empty."))
            return
        if self.second is not None and self.second.text() != self.first.text():
            messages.warning(self, self.tr("The two passphrases differ."))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: Optional[QWidget], confirm: bool = False, optional: bool = False) -> Optional[str]:
        """The passphrase, or None when cancelled; "" when ``optional`` and left empty."""
        dlg = cls(parent, confirm, optional)
        return dlg.first.text() if dlg.exec() == QDialog.DialogCode.Accepted else None


class ExportChoice(tuple):
    """What the export window returns: unpacks as ``(peer, path)``; ``to`` holds the ids of the
    sites ticked to read the package ([]: none, the passphrase alone; None: the service's default)."""

    to: Optional[list[str]]

    def __new__(cls, peer: Optional[str], path: Path, to: Optional[list[str]] = None) -> "ExportChoice":
        self = super().__new__(cls, (peer, path))
        self.to = to
        return self


class ExportDialog(QDialog):
    """Which peer, who may read it, which file (the passphrase is asked next).

    ``peers`` as ``service.peers`` gives them. The readers list holds the sites the package can be
    encrypted to (``sync.sites.export_readers``), the default ones ticked; choosing other contents
    ticks that choice's default again."""

    def __init__(self, parent: Optional[QWidget], peers: list[dict], default_dir: Path) -> None:
        from vcadre.sync import sites

        super().__init__(parent)
        self.setWindowTitle(self.tr("Export sync package"))
        self._peers = peers
        self._enrolled = sites.enrolled_network(peers)
        form = QFormLayout(self)
        self.peer = QComboBox(self)
        self.peer.addItem(self.tr("Everything (full package, always safe)"), None)
        for p in peers:
            if p.get("revoked"):  # a lost laptop gets nothing more
                continue
            self.peer.addItem(self.tr("Changes not yet received by {name}").format(name=p["name"]), p["site_id"])
        form.addRow(self.tr("Contents:"), self.peer)

        self.readers = QListWidget(self)
        self.readers.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        missing = False
        for p in sites.export_readers(peers):
            name = p["name"]
            if p.get("is_root"):
                name = self.tr("{name} (root site)").format(name=name)
            item = QListWidgetItem(self.readers)
            item.setData(Qt.ItemDataRole.UserRole, p["site_id"])
            if p.get("has_key"):
                item.setText(name)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            else:
                missing = True
                item.setText(self.tr("{name} — encryption key not known yet").format(name=name))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = self.readers.count()
        form.addRow(self.tr("Who can read it:"), self.readers)
        if rows:
            self.readers.setFixedHeight(self.readers.sizeHintForRow(0) * min(rows, 6) + 2 * self.readers.frameWidth() + 4)
        else:
            form.setRowVisible(self.readers, False)
        self.readers_note = QLabel(self)
        self.readers_note.setWordWrap(True)
        notes = []
        if rows == 0:
            notes.append(self.tr("No other site's encryption key is known here yet: the package is protected by "
                                 "a passphrase alone (asked next)."))
        else:
            notes.append(self.tr("Only the ticked sites can open the package; it is encrypted to their keys."))
        if missing:
            notes.append(self.tr("A greyed-out site has not yet sent a join request or a package made with this "
                                 "version, so its encryption key is not known here: import a package from it "
                                 "first, or protect this package with a passphrase and tell it in person."))
        if rows and not self._enrolled:
            notes.append(self.tr("With no site ticked, the passphrase alone protects the package."))
        self.readers_note.setText("\n".join(notes))
        form.addRow(self.readers_note)

        row = QHBoxLayout()
        self.path = QLineEdit(str(default_dir / "同步包.vcsync"), self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("File:"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.peer.currentIndexChanged.connect(self._tick_default)
        self._tick_default()
        self.resize(560, self.sizeHint().height())

    def _items(self) -> list[QListWidgetItem]:
        return [self.readers.item(i) for i in range(self.readers.count())]

    @Slot()
    def _tick_default(self) -> None:
        from vcadre.sync import sites

        default = set(sites.default_readers(self._peers, self.peer.currentData()))
        for item in self._items():
            ticked = item.data(Qt.ItemDataRole.UserRole) in default
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        """Ids of the ticked sites."""
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    @Slot()
    def _accept(self) -> None:
        selectable = any(item.flags() & Qt.ItemFlag.ItemIsUserCheckable for item in self._items())
        if self.path.text().strip() and self._enrolled and selectable and not self.chosen():
            messages.warning(self, self.tr("Tick at least one site that may read the package."))
            return
        self.accept()

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export sync package"), self.path.text(), FILE_FILTER)
        if path:
            self.path.setText(path)

    @classmethod
    def ask(cls, parent: Optional[QWidget], peers: list[dict], default_dir: Path) -> Optional[ExportChoice]:
        dlg = cls(parent, peers, default_dir)
        if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.path.text().strip():
            return None
        return ExportChoice(dlg.peer.currentData(), Path(dlg.path.text().strip()), dlg.chosen())


class SyncActions(QWidget):
    """The File-menu sync actions of one main window (invisible helper widget)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.hide()

    def _db(self):
        return self.window_.db

    # ------------------------------------------------------------------ export
    @Slot()
    def export_package(self) -> None:
        from vcadre.sync import service

        db = self._db()
        if db is None:
            return
        choice = ExportDialog.ask(self.window_, service.peers(db), Path(db.path).parent)
        if choice is None:
            return
        peer, path = choice
        to = getattr(choice, "to", None)
        # No site ticked: the passphrase is the only lock, so it may not stay empty.
        passphrase = PassphraseDialog.ask(self.window_, confirm=True, optional=to is None or bool(to))
        if passphrase is None:
            return

        def op(db, progress):
            return service.export_package(db, path, passphrase or None, for_peer=peer, full=peer is None, to=to,
                                          progress=progress.update)

        def done(res) -> None:
            m = res.manifest
            text = self.tr("Sync package written: {path}\n{n} changes ({kind}).").format(
                path=res.path, n=m.changes, kind=self.tr("full") if m.full else self.tr("changes since the last acknowledgement"))
            if res.recipients:
                text += "\n" + self.tr("Only these sites can open it: {names}.").format(names="、".join(res.recipients))
            else:
                text += "\n" + self.tr("Only the passphrase protects it.")
            messages.info(self.window_, text)

        def failed(exc: BaseException) -> None:
            _failed(self.window_, exc, self.tr("The sync package {path} was not written:\n{reason}").format(
                path=path, reason=messages.reason(exc)))

        def cancelled_or_failed(exc: BaseException) -> None:
            if messages.is_cancel(exc):
                messages.info(self.window_, self.tr("Export cancelled: no sync package was written."))
                return
            failed(exc)

        self.last_job = run_job(self.window_, op, done, cancelled_or_failed, label=self.tr("Exporting sync package…"),
                                db=db, phases=export_phases())

    # ------------------------------------------------------------------ import
    @Slot()
    def import_package(self, path: Optional[Path] = None) -> None:
        """Check the package and its sender first (nothing written), ask about a sender whose
        key is new here, then merge. The checked bytes are a private copy of the file, so the
        package merged is the one whose fingerprint was confirmed."""
        db = self._db()
        if db is None:
            return
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self.window_, self.tr("Import sync package"), str(Path(db.path).parent), FILE_FILTER)
            if not name:
                return
            path = Path(name)
        self._check(db, Path(path), None)

    def _check(self, db, source: Path, passphrase: Optional[str]) -> None:
        """Check without a passphrase first: a package encrypted to this site's key needs none.
        Only a package with a passphrase layer (or made for a passphrase alone) asks for it."""
        from vcadre.sync import sites
        from vcadre.sync.errors import WrongPassphraseError

        work = _PrivateCopy(source)

        def check(db, _progress):
            work.make()
            return sites.check_package(db, work.path, passphrase)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WrongPassphraseError) and passphrase is None:
                work.remove()
                asked = PassphraseDialog.ask(self.window_)
                if asked is not None:
                    self._check(db, source, asked)
                return
            self._import_failed(exc, source, work)

        def checked(c: "sites.PackageCheck") -> None:
            if c.already_imported:
                work.remove()
                messages.info(self.window_, self.tr("This package from {site} was imported before; nothing changed.").format(site=c.site_name))
                return
            if c.needs_confirmation and not messages.confirm(self.window_, self.tr(
                    "First package from {site}. Its key fingerprint is\n\n{fp}\n\nHave the other office read its "
                    "fingerprint aloud (File → Sync → Sites and key fingerprints) and compare every group. Import only if they "
                    "match: nothing has been written yet.").format(site=c.site_name, fp=fingerprint_text(c.fingerprint))):
                work.remove()
                messages.info(self.window_, self.tr("Not imported: the package from {site} was not merged; nothing was written.").format(site=c.site_name))
                return
            self._merge(db, source, work, passphrase, c)

        self.last_job = run_job(self.window_, check, checked, failed,
                                label=self.tr("Checking the sync package…"), db=db)

    def _merge(self, db, source: Path, work: "_PrivateCopy", passphrase: Optional[str], c) -> None:
        from vcadre.sync import service

        def op(db, progress):
            return service.import_package(db, work.path, passphrase, progress=progress.update)

        def done(res) -> None:
            work.remove()
            m, s = res.manifest, res.stats
            if res.already_imported:
                messages.info(self.window_, self.tr("This package from {site} was imported before; nothing changed.").format(site=m.site_name))
                return
            if c.needs_confirmation:  # the user compared the fingerprint before the merge
                try:
                    service.confirm_peer(db, m.site_id)
                except PermissionError:
                    pass  # only an administrator records it; the next package asks again
            messages.info(self.window_, self.tr(
                "Imported the package from {site}: {added} records added, {updated} updated, "
                "{unchanged} changes already known, {conflicts} conflicts.").format(
                site=m.site_name, added=s.added, updated=s.updated, unchanged=s.unchanged, conflicts=s.conflicts))
            self.window_.set_database(self._db())  # reload the lists
            if s.conflicts:
                self.show_conflicts()

        self.last_job = run_job(self.window_, op, done, lambda exc: self._import_failed(exc, source, work),
                                label=self.tr("Importing sync package…"), db=db)

    def _import_failed(self, exc: BaseException, source: Path, work: "_PrivateCopy") -> None:
        work.remove()
        _failed(self.window_, exc, self.tr("The sync package {path} was not imported:\n{reason}").format(
            path=source, reason=messages.reason(exc)))

    # ------------------------------------------------------------------ conflicts
    @Slot()
    def show_conflicts(self) -> None:
        if self._db() is None:
            return
        ConflictsDialog(self._db(), self.window_).exec()
        self.window_.set_database(self._db())

    # ------------------------------------------------------------------ undo
    @Slot()
    def undo_import(self) -> None:
        from vcadre.sync import service

        db = self._db()
        if db is None:
            return
        last = service.last_import(db)
        if last is None:
            messages.info(self.window_, self.tr("No sync package has been imported into this database."))
            return
        _pid, site, _backup, when = last
        if not messages.confirm(self.window_, self.tr(
                "Undo the import of the package from {site} ({when})? The database goes back to the "
                "backup taken just before it; changes made here since then are lost too.").format(site=site, when=when)):
            return

        # Off the GUI thread: the restore waits (a few seconds at most) for another program's lock.
        def done(_res) -> None:
            self.window_.set_database(db)
            messages.info(self.window_, self.tr("The import was undone."))

        def failed(exc: BaseException) -> None:
            _failed(self.window_, exc, self.tr("The import of the package from {site} was not undone:\n{reason}").format(
                site=site, reason=messages.reason(exc)))

        self.last_job = run_job(self.window_, lambda db, _progress: service.undo_last_import(db), done, failed,
                                label=self.tr("Undoing the last import…"), db=db)


    # ------------------------------------------------------------------ sites (文件 → 同步)
    @Slot()
    def show_sites(self) -> Any:
        """本机指纹 and the known sites (window-modal, so the window keeps painting)."""
        from vcadre.ui.sync_sites import SitesDialog

        db = self._db()
        if db is None:
            return None
        self.sites_dialog = SitesDialog(db, self.window_)
        self.sites_dialog.open()
        return self.sites_dialog

    @Slot()
    def join(self) -> None:
        dlg = self.show_sites()
        if dlg is not None:
            dlg.open_join()

    @Slot()
    def enroll(self) -> None:
        dlg = self.show_sites()
        if dlg is None:
            return
        if not dlg.info.may_enroll:
            messages.info(dlg, self.tr(
                "Only the root site (the county organization department) and the sites it allowed to enroll "
                "others enroll new sites; this computer has joined {root} without that right.").format(
                root=dlg.info.root_name) if dlg.info.root_name else self.tr(
                "A copied database must apply to join as a new site first; it cannot enroll others."))
            return
        dlg.open_enroll()

    @Slot()
    def revoke(self) -> None:
        dlg = self.show_sites()
        if dlg is None:
            return
        if not dlg.info.is_root:
            messages.info(dlg, self.tr("Only the root site (the county organization department) can revoke a site."))
            return
        if not dlg.info.enrollable_peers:
            messages.info(dlg, self.tr("There is no enrolled site to revoke."))
            return
        dlg.open_revoke()


def _failed(parent: QWidget, exc: BaseException, text: str) -> None:
    """A known error as ``text`` (what, where, and the Chinese reason); a bug to the crash handler."""
    from vcadre.ui.jobs import default_failure

    if messages.is_known_error(exc):
        if not messages.is_cancel(exc):
            messages.error(parent, text)
        return
    default_failure(exc, parent)


def fingerprint_text(fp: str) -> str:
    from vcadre.ui.sync_sites import fingerprint_lines

    return fingerprint_lines(fp)


class _PrivateCopy:
    """The package copied to a private temporary folder (same file name): what was checked and
    confirmed is exactly what is merged, even if the USB stick's file changes meanwhile."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.path = source
        self._dir: Optional[str] = None

    def make(self) -> None:
        import shutil
        import tempfile

        from vcadre.sync.errors import SyncError

        from vcadre.sync import package as pkg

        try:
            with open(self.source, "rb") as f:
                # Not a package, or too large: the check refuses the file itself (no copy made).
                if f.read(len(pkg.MAGIC)) != pkg.MAGIC or self.source.stat().st_size > pkg.MAX_PACKAGE:
                    return
            self._dir = tempfile.mkdtemp(prefix="vcadre-import-")
            self.path = Path(self._dir) / self.source.name
            shutil.copyfile(self.source, self.path)
        except OSError as exc:
            self.remove()
            raise SyncError(f"无法读取文件“{self.source}”：{ioerrors.reason(exc)}。") from exc

    def remove(self) -> None:
        import shutil

        self.path = self.source
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


class ConflictsDialog(QDialog):
    """Open conflicts (keep one value) and possible same persons (merge)."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.resize(980, 520)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        lay.addWidget(self.tabs)

        page = QWidget(self)
        pl = QVBoxLayout(page)
        self.table = QTableWidget(0, 8, page)
        self.table.setHorizontalHeaderLabels([
            self.tr("Record"), self.tr("Field"), self.tr("Kind"), self.tr("Before"),
            self.tr("Kept for now"), self.tr("From"), self.tr("Other value"), self.tr("From")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        pl.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.keep_winner = QPushButton(self.tr("Keep the value kept for now"), page)
        self.keep_loser = QPushButton(self.tr("Keep the other value"), page)
        self.keep_winner.clicked.connect(lambda: self._resolve("winner"))
        self.keep_loser.clicked.connect(lambda: self._resolve("loser"))
        row.addStretch(1)
        row.addWidget(self.keep_winner)
        row.addWidget(self.keep_loser)
        pl.addLayout(row)
        self.tabs.addTab(page, self.tr("Conflicts"))

        page2 = QWidget(self)
        p2 = QVBoxLayout(page2)
        self.same = QTableWidget(0, 4, page2)
        self.same.setHorizontalHeaderLabels([self.tr("ID number"), self.tr("Name"), self.tr("Entered at"), self.tr("Record id")])
        self.same.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.same.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.same.horizontalHeader().setStretchLastSection(True)
        p2.addWidget(self.same, 1)
        row2 = QHBoxLayout()
        self.merge_button = QPushButton(self.tr("Merge the selected group (keep the first record)"), page2)
        self.merge_button.clicked.connect(self._merge)
        row2.addStretch(1)
        row2.addWidget(self.merge_button)
        p2.addLayout(row2)
        self.tabs.addTab(page2, self.tr("Possible same person"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        from vcadre.domain.idnumber import mask_id_number
        from vcadre.sync import conflicts

        with self.db.session() as s:
            self.rows = conflicts.list_conflicts(s)
            self.groups = conflicts.possible_same_persons(s)
        kinds = {"edit": self.tr("both edited"), "delete": self.tr("deleted / edited")}
        self.table.setRowCount(len(self.rows))
        for i, c in enumerate(self.rows):
            winner = self.tr("deleted") if c.kind == "delete" else _text(c.winner)
            table = QCoreApplication.translate("SyncTables", TABLE_LABELS.get(c.table, c.table))
            field = self.tr("whole record") if c.kind == "delete" else _field_label(c.field)
            values = [c.record, f"{table} · {field}", kinds.get(c.kind, c.kind), _text(c.base),
                      winner, c.winner_site, _text(c.loser), c.loser_site]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for j in range(self.table.columnCount()):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j), 220))
        self.tabs.setTabText(0, self.tr("Conflicts ({n})").format(n=len(self.rows)))
        self.same_rows: list[tuple[int, str]] = []
        total = sum(len(g.persons) for g in self.groups)
        self.same.setRowCount(total)
        r = 0
        for gi, g in enumerate(self.groups):
            for p in g.persons:
                for j, v in enumerate([mask_id_number(g.id_number), p.name, p.site, p.id]):
                    self.same.setItem(r, j, QTableWidgetItem(v))
                self.same_rows.append((gi, p.id))
                r += 1
        self.same.resizeColumnsToContents()
        self.tabs.setTabText(1, self.tr("Possible same person ({n})").format(n=len(self.groups)))

    def _selected_conflict(self) -> Optional[int]:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _resolve(self, keep: str) -> None:
        from vcadre.sync import conflicts

        cid = self._selected_conflict()
        if cid is None:
            messages.info(self, self.tr("Select a conflict first."))
            return
        with self.db.session() as s, s.begin():
            conflicts.resolve(s, cid, keep)
        self.reload()

    @Slot()
    def _merge(self) -> None:
        from vcadre.sync import conflicts

        rows = self.same.selectionModel().selectedRows()
        if not rows:
            messages.info(self, self.tr("Select a person of the group to merge first."))
            return
        group = self.groups[self.same_rows[rows[0].row()][0]]
        keep, *drops = [p.id for p in group.persons]
        if not messages.confirm(self, self.tr("Merge {n} records of {name} into one? Posts, reserve entries, "
                                              "training and postings move to the kept record.").format(
                n=len(group.persons), name=group.persons[0].name)):
            return
        with self.db.session() as s, s.begin():
            for drop in drops:
                conflicts.merge_persons(s, keep, drop)
        self.reload()
