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


def test_preview_dialog_renders_pages(qtbot, tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "c.pdf", 2)
    dialog = preview_pdf(None, src, "预览")
    qtbot.addWidget(dialog)
    painted = []
    dialog.paintRequested.connect(lambda p: painted.append(p))
    dialog.show()
    qtbot.waitUntil(lambda: len(painted) > 0, timeout=10000)
    assert dialog.windowTitle() == "预览"
    dialog.close()
