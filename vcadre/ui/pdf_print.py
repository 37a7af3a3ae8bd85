"""Print preview and printing of a generated PDF (rosters, certificates) through Qt.

PySide6-Essentials has no QtPdf, so pages are rasterised with pypdfium2 (PDFium, the renderer
Chrome uses) and painted onto the printer: what the officer previews and prints is exactly the
PDF that "save as PDF" writes, drawn by one engine (reportlab) only. The preview
(``ui/pdf_preview.py``) renders only the pages on screen; printing goes one page at a time, so
memory stays at one page whatever the document's length.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
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


class Cancelled(Exception):
    """Printing stopped by the user."""


def paint_pdf(printer: QPrinter, pdf_path: Path,
              progress: Optional[Callable[[int, int], bool]] = None) -> int:
    """Paint every page of ``pdf_path`` onto ``printer``; returns the number of pages.

    ``progress(done, total)`` returning False stops (the printer job is aborted). Safe on a
    worker thread: painting on a QPrinter is reentrant, PDFium is taken in turns.
    """
    import pypdfium2 as pdfium

    from vcadre.ui.pdf_preview import PDFIUM_LOCK

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(str(pdf_path))
        total = len(doc)
    painter = QPainter()
    if not painter.begin(printer):
        with PDFIUM_LOCK:
            doc.close()
        raise OSError("无法开始打印（打印机不可用）。")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(total):
            if progress is not None and not progress(index, total):
                printer.abort()
                raise Cancelled()
            if index:
                printer.newPage()
            with PDFIUM_LOCK:
                page = doc[index]
                try:
                    image = _page_image(page, dpi)
                finally:
                    page.close()
            target = QRectF(painter.viewport())
            scaled = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), scaled), image)
            del image  # one page in memory at a time
        return total
    finally:
        if painter.isActive():
            painter.end()
        with PDFIUM_LOCK:
            doc.close()


def preview_pdf(parent: Optional[QWidget], pdf_path: Path, title: str = ""):
    """The print preview of a PDF (pages rendered as they are shown); the caller opens it."""
    from vcadre.ui.pdf_preview import PdfPreviewDialog

    return PdfPreviewDialog(Path(pdf_path), title, parent)
