"""文件 → 本单位名称…: the office name, asked when a database is made and editable later."""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from vcadre.services import site
from vcadre.services.errors import ValidationError
from vcadre.ui.forms import ERROR_STYLE
from vcadre.ui.unsaved import AsksBeforeDiscarding


def explanation() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "site_name",
        "The office name is printed on rosters as 制表单位 and sent with every sync package: other "
        "offices see this database's packages and changes as coming from it. Renaming changes only "
        "the name: the site keeps its identity and signing key, so offices that already exchange "
        "packages with it still recognise it, and they see the new name after its next package.")


class SiteNameDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setWindowTitle(self.tr("Office name"))
        self.name = QLineEdit(self)
        self.name.setObjectName("siteName")
        self.name.setMaxLength(site.MAX_LENGTH)
        self.name.setPlaceholderText(self.tr("e.g. 龙场镇组织办"))
        current = db.site()[1]
        self.name.setText("" if current == site.PLACEHOLDER else current)
        text = QLabel(explanation(), self)
        text.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Office name:"), self))
        lay.addWidget(self.name)
        lay.addWidget(text)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(480, self.sizeHint().height())
        self.remember_inputs()

    def accept(self) -> None:
        try:
            with self._db.session() as s, s.begin():
                site.rename(s, self.name.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
