"""培训 tab: training courses, and for the selected one its trainees, attendance and certificates."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from vcadre.services import training
from vcadre.ui.tabs.base import FilterSpec, ListTab


class TrainingTab(ListTab):
    import_kind = "training"  # Excel: template and import of a past class's roll
    kind = "training"
    service = training

    def __init__(self, db: Any, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(db, english, parent)
        self.class_dialog: Optional[QDialog] = None  # the open class window (tests drive it)
        self.details_action = QAction(self.tr("&Trainees, attendance and certificates…"), self)
        self.details_action.setShortcut(QKeySequence("Ctrl+T"))
        self.details_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.details_action.triggered.connect(self.open_class)
        self.addAction(self.details_action)
        self.table.addAction(self.details_action)
        self.details_button = QPushButton(self.tr("Trainees, attendance, certificates…"), self)
        self.details_button.setObjectName("details")
        self.details_button.setToolTip(self.tr("Open the selected course (Ctrl+T)"))
        self.details_button.clicked.connect(self.open_class)
        self.short_button = QPushButton(self.tr("Hours report…"), self)
        self.short_button.setObjectName("short_hours")
        self.short_button.setToolTip(self.tr("People with fewer training hours this year than required"))
        self.short_button.clicked.connect(self.open_short_hours)
        self.verify_button = QPushButton(self.tr("Verify certificates…"), self)
        self.verify_button.setObjectName("verify_certificates")
        self.verify_button.setToolTip(self.tr("Check a certificate by its number or from a scan of its QR code"))
        self.verify_button.clicked.connect(self.open_verify)
        self.settings_button = QPushButton(self.tr("Training settings…"), self)
        self.settings_button.setObjectName("training_settings")
        self.settings_button.clicked.connect(self.open_settings)
        buttons = self.layout().itemAt(self.layout().count() - 1).layout()
        buttons.insertWidget(3, self.details_button)
        buttons.addWidget(self.short_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.settings_button)
        # Titles differ at the end (“…培训班（第三期）”, “…（第四期）”): cut them in the middle.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._update_buttons()

    def filters(self) -> list[FilterSpec]:
        return [FilterSpec("kind", "training_kind")]

    def search_hint(self) -> str:
        return self.tr("Search by course title")

    def dialog_title(self, new: bool) -> str:
        return self.tr("New training course") if new else self.tr("Edit training course")

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if hasattr(self, "details_button"):
            has = self.current_row() >= 0
            self.details_button.setEnabled(has)
            self.details_action.setEnabled(has)

    @Slot()
    def open_class(self) -> None:
        class_id = self.current_id()
        if class_id is None:
            return
        from vcadre.ui.training_class import TrainingClassDialog

        dlg = TrainingClassDialog(self._db, class_id, self._english, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda _r: self._class_closed(dlg.changed))
        self.class_dialog = dlg
        dlg.open()

    def _class_closed(self, changed: bool) -> None:
        self.class_dialog = None
        if changed:
            self.refresh()

    @Slot()
    def open_short_hours(self) -> None:
        from vcadre.ui.training_people import ShortHoursDialog

        ShortHoursDialog(self._db, self.region(), self._english, self).exec()

    @Slot()
    def open_verify(self) -> None:
        from vcadre.ui.documents.verify import CertificateVerifyDialog

        self.verify_dialog = CertificateVerifyDialog(self._db, self)
        self.verify_dialog.open()

    @Slot()
    def open_settings(self) -> None:
        from vcadre.ui.training_people import TrainingSettingsDialog

        TrainingSettingsDialog(self._db, self).exec()
