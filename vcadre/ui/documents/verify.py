"""证书核验: type a certificate number, or open a scan (image or PDF) of the certificate."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vcadre.services.documents import verification

#: Verdict colours: green valid, red revoked / forged, grey not found / unknown.
COLOURS = {verification.VALID: "#1b7a2a", verification.REVOKED: "#b00020", verification.BAD_SIGNATURE: "#b00020",
           verification.NOT_FOUND: "#666666", verification.UNKNOWN_SIGNER: "#a06000"}


class CertificateVerifyDialog(QDialog):
    """Verify certificates by number or from a scan; the result shows holder, class and verdict."""

    def __init__(self, db: Any, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._db = db
        self.results: list[verification.VerifyResult] = []
        self.setWindowTitle(self.tr("Verify certificates"))
        self.number = QLineEdit(self)
        self.number.setObjectName("number")
        self.number.setPlaceholderText(self.tr("Certificate number, e.g. 织金培〔2024〕001-0001号"))
        self.number.returnPressed.connect(self.verify_number)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setObjectName("verify")
        self.verify_button.clicked.connect(self.verify_number)
        self.scan_button = QPushButton(self.tr("Open a scan…"), self)
        self.scan_button.setObjectName("scan")
        self.scan_button.setToolTip(self.tr("A scan or photo of the certificate (PNG, JPEG, TIFF or PDF): "
                                            "its QR code is read and its signature checked"))
        self.scan_button.clicked.connect(self.open_scan)
        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        row.addWidget(self.verify_button)
        row.addWidget(self.scan_button)
        hint = QLabel(self.tr("The QR code on a certificate is signed by the office that printed it; it is "
                              "checked with that office's key, which arrives with its sync packages. "
                              "Works without a network."), self)
        hint.setWordWrap(True)
        self.result = QTextBrowser(self)
        self.result.setObjectName("result")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(hint)
        lay.addWidget(self.result, 1)
        lay.addWidget(buttons)
        self.resize(640, 460)

    @classmethod
    def ask_scan_path(cls, parent: QWidget) -> Optional[Path]:
        """The scan to read; None if cancelled. Tests monkeypatch this."""
        title = QCoreApplication.translate("CertificateVerifyDialog", "Open a scan of the certificate")
        path, _ = QFileDialog.getOpenFileName(parent, title, "", "图片或 PDF (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)")
        return Path(path) if path else None

    def _show(self, results: list[verification.VerifyResult]) -> None:
        self.results = results
        parts = []
        for r in results:
            lines = r.lines()
            head = (f"<p style='font-size:20pt; font-weight:bold; color:{COLOURS[r.verdict]}'>"
                    f"{escape(lines[0])}</p>")
            parts.append(head + "".join(f"<p>{escape(t)}</p>" for t in lines[1:]))
        self.result.setHtml("<hr/>".join(parts))

    def _error(self, text: str) -> None:
        self.results = []
        self.result.setHtml(f"<p style='color:#b00020'>{escape(text)}</p>")

    @Slot()
    def verify_number(self) -> None:
        text = self.number.text().strip()
        if not text:
            self._error(self.tr("Type a certificate number first."))
            return
        with self._db.session() as s:
            self._show([verification.verify_number(s, text)])

    @Slot()
    def open_scan(self) -> None:
        path = self.ask_scan_path(self)
        if path is not None:
            self.verify_scan(path)

    def verify_scan(self, path: Path) -> None:
        """Read and verify on a worker (a 300-dpi page or a PDF takes a few hundred ms)."""
        from vcadre.services.documents.certificate_code import BadCode
        from vcadre.services.documents.scan import ScanError
        from vcadre.ui.jobs import run_job

        def op(db: Any, _progress: Any) -> list[verification.VerifyResult]:
            with db.session() as s:
                return verification.verify_scan(s, path)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, (ScanError, BadCode)):
                self._error(str(exc))
            else:
                from vcadre.ui.jobs import default_failure

                default_failure(exc, self)

        run_job(self, op, self._show, failed, label=self.tr("Reading the scan…"), db=self._db)
