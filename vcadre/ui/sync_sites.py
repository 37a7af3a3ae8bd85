"""文件 → 同步: this site's key fingerprint, the known sites, and enrollment (登记) by the county.

``SitesDialog`` shows this site's fingerprint (to read aloud by phone, in groups of four) and
the sites it knows (``PeersModel``: name, 根站点 / 已登记 / 已吊销 / 未登记, fingerprint, last
import). From it: ``JoinDialog`` writes this site's join request (REQ.vcjoin, ``sync join``);
``EnrollDialog`` (the county, the root, or a site it allowed to enroll) opens a request, shows
its fingerprint next to this site's own for comparing aloud, lets the root allow the new site to
enroll others, and writes the WELCOME package (``sync enroll``);
``RevokeDialog`` (the root) revokes a site after its name is typed. The work is done by
``vcadre.sync`` in jobs (``run_job``); the dialogs open window-modal (``open()``), so the
window keeps painting and tests drive them as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre.sync import sites as site_data
from vcadre.ui import messages
from vcadre.ui.jobs import run_job

JOIN_FILTER = "vcadre 加入申请 (*.vcjoin);;*"
SYNC_FILTER = "vcadre 同步包 (*.vcsync);;*"


def fingerprint_lines(fp: str) -> str:
    """The fingerprint in two lines of four groups (read aloud group by group)."""
    groups = fp.split()
    return "\n".join("  ".join(groups[i:i + 4]) for i in range(0, len(groups), 4))


def _mono(size_delta: int = 4) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(max(QFont().pointSize(), 9) + size_delta)
    font.setBold(True)
    return font


def _wrapped(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class FingerprintView(QWidget):
    """A key fingerprint, large and selectable, with a copy button."""

    def __init__(self, parent: Optional[QWidget] = None, fingerprint: str = "") -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setFont(_mono())
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for a whole fingerprint from the start (it is often set after the layout is made).
        sample = self.label.fontMetrics().boundingRect(0, 0, 2000, 200, 0, fingerprint_lines("0000 " * 8))
        self.label.setMinimumSize(sample.width() + 4, sample.height())
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setToolTip(self.tr("Copy the fingerprint (to paste it into a message)"))
        self.copy_button.clicked.connect(self.copy)
        lay.addWidget(self.label)
        lay.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addStretch(1)
        self.set_fingerprint(fingerprint)

    def set_fingerprint(self, fp: str) -> None:
        self.fingerprint = fp
        self.label.setText(fingerprint_lines(fp) if fp else "—")
        self.copy_button.setEnabled(bool(fp))

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.fingerprint)


class PeersModel(QAbstractTableModel):
    """The sites this database knows (a few dozen at most: a county and its townships)."""

    COLUMNS = ("name", "status", "fingerprint", "last_import", "enrolled_by")

    def __init__(self, parent: Optional[Any] = None) -> None:
        super().__init__(parent)
        self.rows: list[site_data.PeerRow] = []

    def status_text(self, row: site_data.PeerRow) -> str:
        if row.status == site_data.ROOT:
            return self.tr("Root site")
        if row.status == site_data.ENROLLED:
            return self.tr("Enrolled, may enroll others") if row.may_enroll else self.tr("Enrolled")
        if row.status == site_data.REVOKED:
            return self.tr("Revoked")
        return self.tr("Not enrolled (fingerprint checked)") if row.confirmed else self.tr("Not enrolled")

    def enrolled_by_text(self, row: site_data.PeerRow) -> str:
        if row.status == site_data.ROOT or row.enrolled_by is None:
            return "—"
        if row.enrolled_by is site_data.LOCAL:
            return self.tr("This site")
        return row.enrolled_by

    def set_rows(self, rows: list[site_data.PeerRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return row.name
            if col == "status":
                return self.status_text(row)
            if col == "fingerprint":
                return row.fingerprint
            if col == "enrolled_by":
                return self.enrolled_by_text(row)
            return row.last_import or self.tr("never")
        if role == Qt.ItemDataRole.FontRole and col == "fingerprint":
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == Qt.ItemDataRole.ToolTipRole and col == "name":
            return self.tr("Site id: {id}").format(id=row.site_id)
        if role == Qt.ItemDataRole.UserRole:
            return row.site_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Site"), self.tr("Status"), self.tr("Key fingerprint"), self.tr("Last import"),
                self.tr("Enrolled by"))[section]


class SitesDialog(QDialog):
    """本机指纹 and 站点列表, with join / enroll / revoke."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Sync sites and key fingerprints"))
        self.join_dialog: Optional[JoinDialog] = None
        self.enroll_dialog: Optional[EnrollDialog] = None
        self.revoke_dialog: Optional[RevokeDialog] = None
        lay = QVBoxLayout(self)

        own = QGroupBox(self.tr("This site"), self)
        ol = QFormLayout(own)
        self.name_label = QLabel(own)
        self.role_label = _wrapped("", own)
        self.own_fingerprint = FingerprintView(own)
        ol.addRow(self.tr("Name:"), self.name_label)
        ol.addRow(self.tr("Role:"), self.role_label)
        ol.addRow(self.tr("Key fingerprint:"), self.own_fingerprint)
        ol.addRow(_wrapped(self.tr(
            "Read the fingerprint aloud group by group (four characters each: digits 0–9 and letters A–F); "
            "the other office compares it with what its screen shows. Only a fingerprint compared this way "
            "proves that a file really comes from this computer."), own))
        lay.addWidget(own)

        peers_box = QGroupBox(self.tr("Known sites"), self)
        pl = QVBoxLayout(peers_box)
        self.model = PeersModel(self)
        self.table = QTableView(peers_box)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        pl.addWidget(self.table, 1)
        self.empty_label = _wrapped(self.tr(
            "No other site is known yet: sites appear here once enrolled or once a package of theirs was imported."),
            peers_box)
        pl.addWidget(self.empty_label)
        pl.addWidget(_wrapped(self.tr(
            "Root site: the county organization department, which enrolls the others. Enrolled: its packages "
            "are accepted; “may enroll others”: the root allowed it to enroll sites too (a township office enrolling "
            "its villages' computers). Revoked: its packages are refused everywhere the revocation has arrived."),
            peers_box))
        lay.addWidget(peers_box, 1)

        row = QHBoxLayout()
        self.join_button = QPushButton(self.tr("Apply to join…"), self)
        self.enroll_button = QPushButton(self.tr("Enroll a new site…"), self)
        self.revoke_button = QPushButton(self.tr("Revoke a site…"), self)
        self.join_button.clicked.connect(self.open_join)
        self.enroll_button.clicked.connect(self.open_enroll)
        self.revoke_button.clicked.connect(self.open_revoke)
        for b in (self.join_button, self.enroll_button, self.revoke_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        lay.addLayout(row)
        self.resize(880, 560)
        self.reload()

    def reload(self) -> None:
        info = site_data.overview(self.db)
        self.info = info
        self.name_label.setText(info.name)
        if info.is_copy:
            role = self.tr("This database was copied from another computer (or restored from an old backup): "
                           "it must apply to join as a new site before it can export.")
        elif info.is_root:
            role = self.tr("Root site: this computer enrolls the other sites and accepts packages only from them.")
        elif info.root_name and info.delegate:
            role = self.tr("Enrolled by {root}, which allowed this site to enroll other sites: packages are accepted "
                           "only from {root} and the sites enrolled by it or by a site it allowed to.").format(
                root=info.root_name)
        elif info.root_name:
            role = self.tr("Enrolled by {root}: packages are accepted only from {root} and the sites it enrolled.").format(
                root=info.root_name)
        else:
            role = self.tr("Not in an enrolled network yet. A township applies to join; the county enrolls "
                           "sites (its first enrollment makes it the root).")
        self.role_label.setText(role)
        self.own_fingerprint.set_fingerprint(info.fingerprint)
        self.model.set_rows(info.peers)
        self.empty_label.setVisible(not info.peers)
        self.join_button.setEnabled(not info.is_root and info.root_name is None or info.is_copy)
        self.enroll_button.setEnabled(info.may_enroll)
        self.revoke_button.setEnabled(info.is_root and bool(info.enrollable_peers))

    def _opened(self, dlg: QDialog) -> QDialog:
        dlg.finished.connect(lambda _result: self.reload())
        dlg.open()
        return dlg

    @Slot()
    def open_join(self) -> None:
        self.join_dialog = self._opened(JoinDialog(self.db, self))

    @Slot()
    def open_enroll(self) -> None:
        self.enroll_dialog = self._opened(EnrollDialog(self.db, self))

    @Slot()
    def open_revoke(self) -> None:
        self.revoke_dialog = self._opened(RevokeDialog(self.db, self))


def _path_row(parent: QWidget, edit: QLineEdit, browse, label: str) -> QHBoxLayout:
    row = QHBoxLayout()
    button = QPushButton(label, parent)
    button.clicked.connect(browse)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class JoinDialog(QDialog):
    """Write this site's join request (REQ.vcjoin) for the county to enroll."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: Any = None
        self.setWindowTitle(self.tr("Apply to join"))
        info = site_data.overview(db)
        lay = QVBoxLayout(self)
        lay.addWidget(_wrapped(self.tr(
            "Writes a join request with this site's name and public key. Take the file to the county "
            "organization department (USB stick); they enroll this site and give you a welcome package to "
            "import. Then read this site's key fingerprint to them by phone."), self))
        if info.is_copy:
            lay.addWidget(_wrapped(self.tr(
                "This database is a copy: apply under a new site name, not the original's “{name}”.").format(
                name=info.name), self))
        form = QFormLayout()
        self.name = QLineEdit(info.name, self)
        self.name.setMaxLength(100)
        form.addRow(self.tr("Site name:"), self.name)
        self.path = QLineEdit(str(Path(db.path).parent / f"加入申请-{info.name.strip()}.vcjoin"), self)
        form.addRow(self.tr("Request file:"), _path_row(self, self.path, self._browse, self.tr("Browse…")))
        self.fingerprint = FingerprintView(self, info.fingerprint)
        form.addRow(self.tr("Key fingerprint:"), self.fingerprint)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.write_button = buttons.addButton(self.tr("Write the join request"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, self.sizeHint().height())

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Apply to join"), self.path.text(), JOIN_FILTER)
        if path:
            self.path.setText(path)

    @Slot()
    def write(self) -> None:
        from vcadre.sync.service import join_request

        name, out = self.name.text().strip(), self.path.text().strip()
        if not name:
            messages.warning(self, self.tr("Enter the site name (for example 龙场镇组织办)."))
            return
        if not out:
            messages.warning(self, self.tr("Choose where to write the join request."))
            return
        path = Path(out)

        def done(me) -> None:
            messages.info(self, self.tr(
                "Join request written: {path}\nSite: {name}\nKey fingerprint: {fp}\n\nGive the file to the county "
                "organization department and read them the fingerprint by phone, group by group.").format(
                path=path, name=me.name, fp=me.fingerprint))
            self.accept()

        def failed(exc: BaseException) -> None:
            _report(self, exc, self.tr("Could not write the join request {path}:\n{reason}"), path)

        self.job = run_job(self, lambda db, _p: join_request(db, path, name), done, failed,
                           label=self.tr("Writing the join request…"), db=self.db)


def _report(parent: QWidget, exc: BaseException, template: str, path: Path) -> None:
    """A known error as '<what> <where>: <why>' in Chinese; a bug to the crash handler."""
    from vcadre.ui.jobs import default_failure

    if messages.is_known_error(exc):
        if not messages.is_cancel(exc):
            messages.error(parent, template.format(path=path, reason=messages.reason(exc)))
        return
    default_failure(exc, parent)


class EnrollDialog(QDialog):
    """The county enrolls a site: open its request, compare fingerprints aloud, write WELCOME."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: Any = None
        self.request: Any = None
        self._loaded_from: Optional[Path] = None
        self.setWindowTitle(self.tr("Enroll a new site"))
        self.info = site_data.overview(db)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.request_path = QLineEdit(self)
        self.request_path.setPlaceholderText(self.tr("The .vcjoin file the new site gave you"))
        self.request_path.editingFinished.connect(self.load_request)
        form.addRow(self.tr("Join request:"), _path_row(self, self.request_path, self._browse_request, self.tr("Browse…")))
        lay.addLayout(form)

        sides = QGridLayout()
        theirs = QGroupBox(self.tr("The site applying to join"), self)
        tl = QFormLayout(theirs)
        self.request_name = QLabel("—", theirs)
        self.request_name.setFont(_mono(2))
        self.request_fingerprint = FingerprintView(theirs)
        tl.addRow(self.tr("Name:"), self.request_name)
        tl.addRow(self.tr("Fingerprint:"), self.request_fingerprint)
        ours = QGroupBox(self.tr("This site (give it to them)"), self)
        ol = QFormLayout(ours)
        own_name = QLabel(self.info.name, ours)
        own_name.setFont(_mono(2))
        ol.addRow(self.tr("Name:"), own_name)
        ol.addRow(self.tr("Fingerprint:"), FingerprintView(ours, self.info.fingerprint))
        sides.addWidget(theirs, 0, 0)
        sides.addWidget(ours, 0, 1)
        lay.addLayout(sides)
        lay.addWidget(_wrapped(self.tr(
            "Call the site and have them read their fingerprint aloud, group by group; compare every group "
            "with the left side. Enroll only if all characters match: a file that differs may be forged. "
            "Then read them this site's fingerprint (right side): they compare it when importing the welcome "
            "package."), self))
        if not self.info.is_root and self.info.root_name is None:
            lay.addWidget(_wrapped(self.tr(
                "This computer becomes the root site (county organization department) with this first enrollment: "
                "from then on it accepts packages only from the sites it enrolled."), self))
        elif self.info.delegate:
            lay.addWidget(_wrapped(self.tr(
                "{root} allowed this site to enroll other sites: every site accepts the new site once it has checked "
                "the signatures {root} → this site → new site.").format(root=self.info.root_name), self))
        self.matches = QCheckBox(self.tr("The fingerprint read aloud matches the left side exactly"), self)
        self.matches.toggled.connect(self._update_button)
        lay.addWidget(self.matches)
        # Only the root lets a site enroll others (one level: a delegate cannot pass the right on).
        self.may_enroll = QCheckBox(self.tr("Allow this site to enroll other sites"), self)
        self.may_enroll.setToolTip(self.tr(
            "For a township office that enrolls its villages' computers itself. The right ends only when the "
            "site is revoked."))
        self.may_enroll.setVisible(self.info.may_grant)
        lay.addWidget(self.may_enroll)

        wform = QFormLayout()
        self.welcome_path = QLineEdit(self)
        wform.addRow(self.tr("Welcome package:"), _path_row(self, self.welcome_path, self._browse_welcome, self.tr("Browse…")))
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2 = QLineEdit(self)
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        wform.addRow(self.tr("Passphrase:"), self.passphrase)
        wform.addRow(self.tr("Repeat:"), self.passphrase2)
        wform.addRow(_wrapped(self.tr(
            "The passphrase may stay empty: the welcome package is encrypted to the new site's own key from its "
            "request. A passphrase adds a second lock (required for a request from an older vcadre): tell it in "
            "person or by phone, never on the USB stick with the package."), self))
        lay.addLayout(wform)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.enroll_button = buttons.addButton(self.tr("Enroll and write the welcome package"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.enroll)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._update_button()
        self.resize(900, self.sizeHint().height())

    @Slot()
    def _browse_request(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a join request"),
                                              str(Path(self.db.path).parent), JOIN_FILTER)
        if path:
            self.request_path.setText(path)
            self.load_request()

    @Slot()
    def _browse_welcome(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Welcome package"), self.welcome_path.text(), SYNC_FILTER)
        if path:
            self.welcome_path.setText(path)

    @Slot()
    def load_request(self) -> None:
        """Read the request file (a few hundred bytes: no job) and show who asks to join."""
        from vcadre.sync.enroll import read_request
        from vcadre.sync.errors import SyncError

        text = self.request_path.text().strip()
        if self.request is not None and text == str(self._loaded_from):
            return
        self.request = None
        self.matches.setChecked(False)
        self.request_name.setText("—")
        self.request_fingerprint.set_fingerprint("")
        if text:
            try:
                req = read_request(Path(text))
            except SyncError as exc:
                messages.error(self, str(exc))
            else:
                self.request, self._loaded_from = req, Path(text)
                self.request_name.setText(req.name.strip())
                self.request_fingerprint.set_fingerprint(req.fingerprint)
                if not self.welcome_path.text().strip():
                    self.welcome_path.setText(str(Path(text).parent / f"欢迎包-{req.name.strip()}.vcsync"))
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        self.enroll_button.setEnabled(self.request is not None and self.matches.isChecked())

    @Slot()
    def enroll(self) -> None:
        from vcadre.sync.enroll import enroll

        if self.request is None or not self.matches.isChecked():
            return
        out = self.welcome_path.text().strip()
        if not out:
            messages.warning(self, self.tr("Choose where to write the welcome package."))
            return
        if not self.passphrase.text() and getattr(self.request, "box_key", None) is None:
            messages.warning(self, self.tr("The passphrase must not be empty."))
            return
        if self.passphrase.text() != self.passphrase2.text():
            messages.warning(self, self.tr("The two passphrases differ."))
            return
        request, passphrase, path = self.request, self.passphrase.text() or None, Path(out)
        may_enroll = self.info.may_grant and self.may_enroll.isChecked()

        def done(res) -> None:
            text = self.tr(
                "Enrolled the site “{name}”. Welcome package written: {path} ({n} changes).\n\nGive it to the new "
                "site to import.").format(name=res.name, path=path, n=res.welcome.manifest.changes)
            if may_enroll:
                text += " " + self.tr("It may enroll other sites once it has imported the welcome package.")
            if passphrase:
                text += self.tr(" Tell them the passphrase in person or by phone.")
            if res.grandfathered:
                text += "\n\n" + self.tr("This computer is now the root site; the sites it exchanged packages "
                                         "with before were enrolled with it: {names}.").format(
                    names="、".join(res.grandfathered))
            messages.info(self, text)
            self.accept()

        def failed(exc: BaseException) -> None:
            if messages.is_cancel(exc):
                messages.info(self, self.tr("Cancelled: the site is enrolled, but no welcome package was written. "
                                            "Enroll it again to write one."))
                return
            _report(self, exc, self.tr("Could not enroll the site of the join request {path}:\n{reason}"),
                    self._loaded_from)

        from vcadre.ui.sync_dialogs import export_phases

        self.enroll_button.setEnabled(False)
        self.job = run_job(self, lambda db, p: enroll(db, request, path, passphrase, may_enroll=may_enroll,
                                                      progress=p.update),
                           done, failed,
                           label=self.tr("Enrolling the site and writing the welcome package…"), db=self.db,
                           phases=export_phases())
        self.job.done.connect(self._update_button)


class RevokeDialog(QDialog):
    """The root revokes a site (a lost or stolen laptop) after its name is typed."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: Any = None
        self.setWindowTitle(self.tr("Revoke a site"))
        info = site_data.overview(db)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.peer = QComboBox(self)
        for p in info.enrollable_peers:
            self.peer.addItem(p.name, p)
        self.peer.currentIndexChanged.connect(self._peer_changed)
        form.addRow(self.tr("Site:"), self.peer)
        self.fingerprint = FingerprintView(self)
        form.addRow(self.tr("Fingerprint:"), self.fingerprint)
        lay.addLayout(form)
        lay.addWidget(_wrapped(self.tr(
            "For a lost, stolen or retired computer. After revoking, this computer refuses every later package "
            "of the site; every package this computer exports carries the revocation, and each site that imports "
            "one refuses the revoked site's packages too. A revocation cannot be undone: if the computer is found, "
            "it starts a new database and applies to join again. Export packages to the other sites soon so that "
            "the revocation reaches them."), self))
        self.confirm_label = QLabel(self)
        lay.addWidget(self.confirm_label)
        self.confirm_name = QLineEdit(self)
        self.confirm_name.textChanged.connect(self._update_button)
        lay.addWidget(self.confirm_name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.revoke_button = buttons.addButton(self.tr("Revoke"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.revoke_button.clicked.connect(self.revoke)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._peer_changed()
        self.resize(620, self.sizeHint().height())

    def selected(self) -> Optional[site_data.PeerRow]:
        return self.peer.currentData()

    @Slot()
    def _peer_changed(self) -> None:
        p = self.selected()
        self.fingerprint.set_fingerprint(p.fingerprint if p else "")
        self.confirm_label.setText(self.tr("Type the site's name “{name}” to confirm:").format(name=p.name) if p
                                   else self.tr("There is no enrolled site to revoke."))
        self.confirm_name.clear()
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        p = self.selected()
        self.revoke_button.setEnabled(p is not None and self.confirm_name.text().strip() == p.name.strip())

    @Slot()
    def revoke(self) -> None:
        from vcadre.sync.enroll import revoke

        p = self.selected()
        if p is None or self.confirm_name.text().strip() != p.name.strip():
            return

        def done(res: dict) -> None:
            messages.info(self, self.tr(
                "Revoked the site “{name}” (key fingerprint {fp}). Its packages are refused here from now on, and "
                "at every site once a package exported from here has reached it.").format(
                name=res["name"], fp=res["fingerprint"]))
            self.accept()

        def failed(exc: BaseException) -> None:
            from vcadre.ui.jobs import default_failure

            if messages.is_known_error(exc):
                messages.error(self, self.tr("Could not revoke the site “{name}”:\n{reason}").format(
                    name=p.name, reason=messages.reason(exc)))
            else:
                default_failure(exc, self)

        self.job = run_job(self, lambda db, _p: revoke(db, p.site_id), done, failed,
                           label=self.tr("Revoking the site…"), db=self.db)
