"""编辑 menu: 撤销 / 重做 (Ctrl+Z / Ctrl+Y) and 回收站 (the recycle bin), for the main window.

The services do the work (``vcadre.services.undo``); this is the menu, the shortcuts, the
messages and the refresh of the tabs afterwards. Undo goes back over the actions made since the
window opened its database (``mark`` taken in ``set_database``), newest first. An undo that
would overwrite a later change (a sync import, another window) is refused by the service; the
user is shown what changed and may undo all the same (the overwritten values go to 同步冲突).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from vcadre.ui import messages

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

#: How long the status bar shows "moved to the recycle bin …".
NOTICE_MS = 10_000


def notify_deleted(widget: Optional[QWidget]) -> None:
    """Tell the user where a deleted record went (in the main window's status bar)."""
    window = widget.window() if widget is not None else None
    while window is not None and not isinstance(window, QMainWindow):
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    text = translate("undo", "Moved to the recycle bin; press Ctrl+Z to undo.")
    if window is not None:
        window.statusBar().showMessage(text, NOTICE_MS)


class ForceQuestion:
    """Asks whether to undo over later changes (tests monkeypatch ``ask``)."""

    @classmethod
    def ask(cls, parent: Optional[QWidget], message: str, redo: bool) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning,
                          translate("undo", "Redo") if redo else translate("undo", "Undo"), message,
                          QMessageBox.StandardButton.Cancel, parent)
        force = box.addButton(translate("undo", "Redo anyway") if redo else translate("undo", "Undo anyway"),
                              QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is force


class UndoActions(QObject):
    """The 编辑 menu of ``window`` (a ``MainWindow``) and what its actions do."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._since = 0
        self._busy = False
        self.menu = QMenu(translate("undo", "&Edit"), window)
        self.menu.setObjectName("editMenu")
        self.undo_action = QAction(translate("undo", "&Undo"), window)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(translate("undo", "&Redo"), window)
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(self.redo)
        self.trash_action = QAction(translate("undo", "Recycle &bin…"), window)
        self.trash_action.setObjectName("trashAction")
        self.trash_action.triggered.connect(self.show_trash)
        self.menu.addAction(self.undo_action)
        self.menu.addAction(self.redo_action)
        self.menu.addSeparator()
        self.menu.addAction(self.trash_action)
        # Shortcuts work while the menu is closed: the actions belong to the window too.
        for act in (self.undo_action, self.redo_action):
            window.addAction(act)
        self.menu.aboutToShow.connect(self.update_texts)
        self.dialog: Any = None  # the open recycle bin (tests drive it)
        self.update_texts()

    def actions(self) -> list[QAction]:
        return [self.undo_action, self.redo_action, self.trash_action]

    # ------------------------------------------------------------------ state

    def set_database(self, db: Any) -> None:
        """A database was opened: its undo history starts now (nothing to undo yet, so the
        services are not even imported on the way to showing the window)."""
        from sqlalchemy import text

        with db.session() as s:
            self._since = s.scalar(text("SELECT coalesce(max(id), 0) FROM undo_action")) or 0
        if self.dialog is not None:
            self.dialog.close()
        self._set_texts(None, None)

    @property
    def since(self) -> int:
        return self._since

    def _db(self) -> Any:
        return self._window.db

    @Slot()
    def update_texts(self) -> None:
        """Name what Ctrl+Z and Ctrl+Y would do ("撤销：删除后备干部 张三")."""
        undo_label = redo_label = None
        db = self._db()
        if db is not None:
            from vcadre.services import undo as service

            try:
                with db.session() as s:
                    u = service.undoable(s, self._since, limit=1)
                    r = service.redoable(s, self._since, limit=1)
                undo_label = u[0].label if u else None
                redo_label = r[0].label if r else None
            except Exception:  # noqa: BLE001 - a label must never break the menu
                log.exception("reading the undo journal")
        self._set_texts(undo_label, redo_label)

    def _set_texts(self, undo_label: Optional[str], redo_label: Optional[str]) -> None:
        db = self._db()
        self.undo_action.setText(translate("undo", "&Undo: {what}").format(what=undo_label)
                                 if undo_label else translate("undo", "&Undo"))
        self.redo_action.setText(translate("undo", "&Redo: {what}").format(what=redo_label)
                                 if redo_label else translate("undo", "&Redo"))
        # Enabled even when there is nothing to undo, so that Ctrl+Z says why nothing happened.
        self.undo_action.setData(undo_label)
        self.redo_action.setData(redo_label)
        self.undo_action.setEnabled(db is not None and not self._busy)
        self.redo_action.setEnabled(db is not None and not self._busy)
        self.trash_action.setEnabled(db is not None)

    # ------------------------------------------------------------------ undo / redo

    @Slot()
    def undo(self) -> None:
        self._run(redo=False, force=False)

    @Slot()
    def redo(self) -> None:
        self._run(redo=True, force=False)

    def _run(self, redo: bool, force: bool) -> None:
        db = self._db()
        if db is None or self._busy:
            return
        from vcadre.services import undo as service
        from vcadre.ui.jobs import run_job

        since = self._since

        def op(db: Any, _progress: Any) -> Any:
            with db.session() as s, s.begin():
                return (service.redo if redo else service.undo)(s, since=since, force=force)

        self._busy = True
        self.update_texts()

        def done(action: Any) -> None:
            self._busy = False
            text = (translate("undo", "Redone: {what}") if redo else translate("undo", "Undone: {what}"))
            self._window.statusBar().showMessage(text.format(what=action.label), NOTICE_MS)
            self.refresh_window()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.update_texts()
            if isinstance(exc, service.UndoConflict):
                if ForceQuestion.ask(self._window, str(exc), redo):
                    self._run(redo, force=True)
                return
            if isinstance(exc, service.UndoError):
                self._window.statusBar().showMessage(str(exc), NOTICE_MS)
                if "没有可以" not in str(exc):
                    messages.warning(self._window, str(exc))
                return
            from vcadre.ui.jobs import default_failure

            default_failure(exc, self._window)

        run_job(self._window, op, done, failed,
                translate("undo", "Redoing…") if redo else translate("undo", "Undoing…"), db=db)

    def refresh_window(self) -> None:
        """Show the data as it now is: every built tab, the region tree's counts, the bin."""
        self.update_texts()
        window = self._window
        for tab in list(getattr(window, "_built", {}).values()):
            refresh: Optional[Callable[[], None]] = getattr(tab, "refresh", None)
            if refresh is not None:
                try:
                    refresh()
                except Exception:  # noqa: BLE001 - one tab must not stop the others
                    log.exception("refreshing %s after undo", type(tab).__name__)
        if self.dialog is not None:
            self.dialog.reload()

    # ------------------------------------------------------------------ recycle bin

    @Slot()
    def show_trash(self) -> None:
        db = self._db()
        if db is None:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        from vcadre.ui.undo.trash import RecycleBinDialog
        from PySide6.QtCore import Qt

        dlg = RecycleBinDialog(db, english=getattr(window := self._window, "_english", False), parent=window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.restored.connect(self.refresh_window)
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dlg
        dlg.show()
