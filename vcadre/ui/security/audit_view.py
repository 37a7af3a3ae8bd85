"""The audit trail for administrators (审计日志): filter by user, action, dates; verify; export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui import messages

PAGE = 500


class AuditModel(QAbstractTableModel):
    """A page of entries at a time (``canFetchMore``/``fetchMore``); the filter runs in SQL."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        from vcadre.services.security import audit

        self.db = db
        self.filter = audit.AuditFilter()
        self.rows: list = []
        self.total = 0

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("Action"), self.tr("Kind"),
                self.tr("Object"), self.tr("Details")]

    def set_filter(self, f: Any) -> None:
        from vcadre.services.security import audit

        self.beginResetModel()
        self.filter = f
        with self.db.session() as s:
            self.total = audit.count(s, f)
            self.rows = audit.entries(s, f, limit=PAGE)
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802
        from vcadre.services.security import audit

        if parent.isValid():
            return
        with self.db.session() as s:
            more = audit.entries(s, self.filter, offset=len(self.rows), limit=PAGE)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 7

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.rows[index.row()]
        return (e.seq, e.at, e.user or "—", e.action_label, e.kind_label, e.target, e.summary())[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return self.headers()[section]
        return None


class AuditDialog(QDialog):
    def __init__(self, parent: Optional[QWidget], db: Any) -> None:
        super().__init__(parent)
        from vcadre.services.security import audit

        self.setObjectName("auditDialog")
        self.db = db
        self.setWindowTitle(self.tr("Audit trail"))
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.user.addItem(self.tr("All users"), "")
        with db.session() as s:
            for u in audit.users(s):
                self.user.addItem(u, u)
        self.action = QComboBox(self)
        self.action.setObjectName("auditAction")
        self.action.addItem(self.tr("All actions"), "")
        for code, label in (("login", None), ("login.failed", None), ("record.", "记录的增删改"),
                            ("export", None), ("unmask", None), ("import", None), ("sync.", "同步"),
                            ("user.", "用户管理"), ("lock", None), ("unlock", None), ("backup", None)):
            self.action.addItem(label or audit.ACTIONS.get(code, code), code)
        self.since = QDateEdit(self)
        self.since.setObjectName("auditSince")
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setSpecialValueText(self.tr("(any)"))
        self.since.setMinimumDate(QDate(2000, 1, 1))
        self.since.setDate(self.since.minimumDate())
        self.until = QDateEdit(self)
        self.until.setObjectName("auditUntil")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setSpecialValueText(self.tr("(any)"))
        self.until.setMinimumDate(QDate(2000, 1, 1))
        self.until.setDate(self.until.minimumDate())
        for label, w in ((self.tr("User:"), self.user), (self.tr("Action:"), self.action),
                         (self.tr("From:"), self.since), (self.tr("To:"), self.until)):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(w)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.model = AuditModel(db, self)
        self.view = QTableView(self)
        self.view.setObjectName("auditTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.view, 1)
        self.status = QLabel(self)
        self.status.setObjectName("auditStatus")
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.verify_button = QPushButton(self.tr("Verify chain"), self)
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        for combo in (self.user, self.action):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.refresh)
        self.resize(1000, 560)
        self.refresh()

    def current_filter(self) -> Any:
        from vcadre.services.security import audit

        def day(edit: QDateEdit) -> Optional[date]:
            d = edit.date()
            return None if d == edit.minimumDate() else date(d.year(), d.month(), d.day())

        return audit.AuditFilter(user=self.user.currentData() or "", action=self.action.currentData() or "",
                                 since=day(self.since), until=day(self.until))

    @Slot()
    def refresh(self) -> None:
        self.model.set_filter(self.current_filter())
        self.view.resizeColumnsToContents()
        self.status.setText(self.tr("{n} entries").format(n=self.model.total))

    @Slot()
    def verify(self) -> None:
        from vcadre.services.security import audit

        with self.db.session() as s:
            res = audit.verify(s)
        self.status.setText(res.message())
        (messages.info if res.ok else messages.error)(self, res.message())

    @Slot()
    def export(self) -> None:
        from vcadre.services.security import audit

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit trail"), "审计日志.csv", "CSV (*.csv)")
        if not path:
            return
        n = audit.export_csv(self.db, Path(path), self.current_filter())
        messages.info(self, self.tr("{n} entries written to {path}.").format(n=n, path=path))
