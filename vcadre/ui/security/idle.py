"""Idle lock (空闲锁定): after N minutes without keyboard or mouse the windows are hidden and the
password is asked again. Nothing is closed: unsaved forms and running jobs stay as they were.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Optional

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class LockDialog(QDialog):
    """Locked: the user's password, or quit."""

    def __init__(self, db: Any, user: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.db = db
        self.setWindowTitle(self.tr("Locked"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("vcadre is locked. Enter the password of {user} to continue.").format(user=user), self))
        self.password = QLineEdit(self)
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        lay.addWidget(self.password)
        self.error = QLabel(self)
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #b00020;")
        lay.addWidget(self.error)
        button = QPushButton(self.tr("Unlock"), self)
        button.clicked.connect(self.try_unlock)
        lay.addWidget(button)
        self.resize(380, self.sizeHint().height())

    def reject(self) -> None:  # Esc does not unlock
        pass

    @Slot()
    def try_unlock(self) -> None:
        from vcadre.services.errors import ValidationError
        from vcadre.services.security import accounts

        try:
            ok = accounts.verify_password(self.db, self.password.text())
        except ValidationError as exc:  # too many failures: wait
            self.error.setText(str(exc))
            return
        if ok:
            self.accept()
        else:
            self.password.clear()
            self.error.setText(self.tr("Wrong password."))


class IdleLock(QObject):
    """Watches user input application-wide; ``lock()`` after ``minutes`` of none (0: never)."""

    def __init__(self, db: Any, minutes: int, parent: Optional[QObject] = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.db = db
        self.minutes = minutes
        self.clock = clock
        self.last = clock()
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setInterval(10_000)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if minutes > 0:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in ACTIVITY and not self.locked:
            self.last = self.clock()
        return False

    @Slot()
    def check(self) -> None:
        if not self.locked and self.minutes > 0 and self.clock() - self.last >= self.minutes * 60:
            self.lock()

    def lock(self) -> None:
        from vcadre.services.security import audit
        from vcadre.store.protect.context import context_of

        if self.locked:
            return
        self.locked = True
        actor = context_of(self.db).actor
        audit.log(self.db, "lock", minutes=self.minutes)
        hidden = [w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w) and w.isVisible()]
        for w in hidden:
            w.hide()
        dlg = LockDialog(self.db, actor.name if actor else "")
        self.dialog = dlg
        try:
            dlg.exec()
        finally:
            self.dialog = None
            for w in hidden:
                # A window hidden here may be gone by now (a dialog deleted on close, or
                # deleteLater run by the lock dialog's event loop): showing it would crash.
                if shiboken6.isValid(w):
                    w.show()
            self.locked = False
            self.last = self.clock()
        audit.log(self.db, "unlock")
