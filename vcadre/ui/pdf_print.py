"""Print preview and printing of a generated PDF (rosters, certificates) through Qt.

PySide6-Essentials has no QtPdf, so pages are rasterised with pypdfium2 (PDFium, the renderer
Chrome uses) and painted onto the printer: what the officer previews and prints is exactly the
PDF that "save as PDF" writes, drawn by one engine (reportlab) only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

#: Rasterising at the printer's full 1200 dpi would make A4 pages of ~140 MB each.
MAX_DPI = 300


def page_count(pdf_path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(doc)
    finally:
        doc.close()


def _page_image(page, dpi: int) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB byte order
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888)
    return image.copy()  # detach from PDFium's buffer before the bitmap is freed


def match_page_layout(printer: QPrinter, pdf_path: Path) -> None:
    """Give the printer the PDF's paper size and orientation (A4 landscape rosters, etc.)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        width, height = doc[0].get_size() if len(doc) else (595.0, 842.0)
    finally:
        doc.close()
    landscape = width > height
    size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point,
                     "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Landscape if landscape
                                      else QPageLayout.Orientation.Portrait,
                                      QPageLayout().margins()))
    printer.setFullPage(True)  # the PDF carries its own margins


def paint_pdf(printer: QPrinter, pdf_path: Path) -> int:
    """Paint every page of ``pdf_path`` onto ``printer``; returns the number of pages."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf_path))
    painter = QPainter()
    if not painter.begin(printer):
        doc.close()
        raise OSError("无法开始打印（打印机不可用）。")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(len(doc)):
            if index:
                printer.newPage()
            image = _page_image(doc[index], dpi)
            target = QRectF(painter.viewport())
            scaled = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), scaled), image)
        return len(doc)
    finally:
        painter.end()
        doc.close()


def preview_pdf(parent: Optional[QWidget], pdf_path: Path, title: str = "") -> QPrintPreviewDialog:
    """Open Qt's print preview of a PDF (modal); returns the dialog (tests inspect it)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or Path(pdf_path).stem)
    match_page_layout(printer, Path(pdf_path))
    dialog = QPrintPreviewDialog(printer, parent)
    # The dialog keeps only a C++ pointer to the printer: keep the Python object alive with it.
    dialog._printer = printer  # type: ignore[attr-defined]
    if title:
        dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda p: paint_pdf(p, Path(pdf_path)))
    return dialog
