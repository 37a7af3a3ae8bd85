"""User management (用户管理, administrators): list, add, reset password, disable/enable, role."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui import messages
from vcadre.ui.security.dialogs import ChangePasswordDialog, NewPasswordForm

ROLES = ("管理员", "录入员", "查阅员")


class UsersModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.tr("User"), self.tr("Role"), self.tr("State"), self.tr("Last login")]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        col = index.column()
        if col == 0:
            return r.name
        if col == 1:
            return r.role
        if col == 2:
            return self.tr("Disabled") if r.disabled else self.tr("Active")
        return r.last_login_at.strftime("%Y-%m-%d %H:%M") if r.last_login_at else self.tr("Never")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self.headers()[section]
        return None


class AddUserDialog(QDialog):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(self.tr("Add user"))
        lay = QVBoxLayout(self)
        self.form = NewPasswordForm(self, with_name=True)
        lay.addWidget(self.form)
        row = QFormLayout()
        self.role = QComboBox(self)
        self.role.setObjectName("newRole")
        for r, text in zip(ROLES, (self.tr("Administrator (users, settings, sync enrollment)"),
                                   self.tr("Clerk (edit, print, import)"),
                                   self.tr("Reader (read only, ID numbers masked)"))):
            self.role.addItem(f"{r} — {text}", r)
        self.role.setCurrentIndex(1)
        row.addRow(self.tr("Role:"), self.role)
        lay.addLayout(row)
        self.error = QLabel(self)
        self.error.setObjectName("addUserError")
        self.error.setStyleSheet("color: #b00020;")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    @Slot()
    def _accept(self) -> None:
        problem = self.form.problem()
        self.error.setText(problem)
        if not problem:
            self.accept()


class UsersDialog(QDialog):
    def __init__(self, parent: Optional[QWidget], db: Any) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.db = db
        self.setWindowTitle(self.tr("Users"))
        lay = QVBoxLayout(self)
        self.model = UsersModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("usersTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        lay.addWidget(self.view)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add user…"), self)
        self.add_button.clicked.connect(self.add_user)
        self.reset_button = QPushButton(self.tr("Reset password…"), self)
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button = QPushButton(self.tr("Disable / enable"), self)
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.role_box = QComboBox(self)
        self.role_box.addItems(ROLES)
        self.role_button = QPushButton(self.tr("Set role"), self)
        self.role_button.clicked.connect(self.set_role)
        for w in (self.add_button, self.reset_button, self.disable_button, self.role_box, self.role_button):
            bar.addWidget(w)
        bar.addStretch(1)
        lay.addLayout(bar)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.resize(720, 380)
        self.reload()

    def reload(self) -> None:
        from vcadre.services.security import accounts

        self.model.set_rows(accounts.list_users(self.db))
        self.view.resizeColumnsToContents()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _run(self, fn) -> None:
        from vcadre.domain.roles import PermissionDenied
        from vcadre.services.errors import ValidationError

        try:
            fn()
        except (ValidationError, PermissionDenied) as exc:
            messages.error(self, str(exc))
        self.reload()

    @Slot()
    def add_user(self) -> None:
        from vcadre.services.security import accounts

        dlg = AddUserDialog(self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: accounts.add_user(self.db, dlg.form.name.text(), dlg.role.currentData(),
                                                dlg.form.password.text()))

    @Slot()
    def reset_password(self) -> None:
        row = self.selected()
        if row is not None:
            ChangePasswordDialog(self, self.db, reset_user=row.name).exec()
            self.reload()

    @Slot()
    def toggle_disabled(self) -> None:
        from vcadre.services.security import accounts

        row = self.selected()
        if row is not None:
            self._run(lambda: accounts.set_disabled(self.db, row.name, not row.disabled))

    @Slot()
    def set_role(self) -> None:
        from vcadre.services.security import accounts

        row = self.selected()
        if row is not None:
            self._run(lambda: accounts.set_role(self.db, row.name, self.role_box.currentText()))
