"""Printing a generated PDF through Qt: every page arrives, in the PDF's orientation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from vcadre.ui.pdf_print import page_count, paint_pdf, preview_pdf


def make_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from vcadre.reports.fonts import pdf_font

    c = Canvas(str(path), pagesize=landscape(A4))
    for i in range(pages):
        c.setFont(pdf_font(), 20)
        c.drawString(72, 500, f"第 {i + 1} 页 花名册")
        c.showPage()
    c.save()
    return path


def test_paint_pdf_prints_every_page_to_a_pdf_printer(qapp, tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "名册 源.pdf", 3)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    from vcadre.ui.pdf_print import match_page_layout

    match_page_layout(printer, src)
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert paint_pdf(printer, src) == 3
    assert page_count(tmp_path / "printed.pdf") == 3


def make_marked_pdf(path: Path) -> Path:
    """Two landscape pages: a black block on the left third of page 1, on the right third of page 2."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    width, height = landscape(A4)
    c = Canvas(str(path), pagesize=(width, height))
    for x in (40, width * 2 / 3):
        c.setFillColorRGB(0, 0, 0)
        c.rect(x, 60, width / 3 - 40, height - 120, stroke=0, fill=1)
        c.showPage()
    c.save()
    return path


def page_ink(preview, page: int) -> tuple[float, float]:
    """(share of dark pixels, their mean x across the page 0..1) of ``page`` as the preview shows it."""
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    preview.setViewMode(QPrintPreviewWidget.ViewMode.SinglePageView)
    preview.fitInView()
    preview.setCurrentPage(page)
    image = preview.grab().toImage()
    white = [(x, y) for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
             if image.pixelColor(x, y).lightness() > 245]
    assert white, "no page drawn"
    left, right = min(x for x, _ in white), max(x for x, _ in white)
    top, bottom = min(y for _, y in white), max(y for _, y in white)
    dark = [x for y in range(top, bottom, 2) for x in range(left, right, 2)
            if image.pixelColor(x, y).lightness() < 60]
    cells = ((right - left) // 2) * ((bottom - top) // 2)
    return len(dark) / cells, (sum(dark) / len(dark) - left) / (right - left) if dark else -1.0


def test_preview_dialog_shows_the_pdfs_pages(qtbot, tmp_path: Path) -> None:
    """The preview shows every page of the PDF, each with its own content where the PDF has it."""
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dialog = preview_pdf(None, make_marked_pdf(tmp_path / "c.pdf"), "预览")
    qtbot.addWidget(dialog)
    dialog.resize(900, 700)
    dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 2, timeout=10000)
    assert dialog.windowTitle() == "预览"
    assert preview.orientation() == QPageLayout.Orientation.Landscape
    ink1, x1 = page_ink(preview, 1)
    ink2, x2 = page_ink(preview, 2)
    # Each block covers about a quarter of its page: on the left of page 1, the right of page 2.
    assert 0.15 < ink1 < 0.4 and 0.15 < ink2 < 0.4, (ink1, ink2)
    assert x1 < 0.35 and x2 > 0.65, (x1, x2)
    dialog.close()
