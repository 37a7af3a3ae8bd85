"""Printing a generated PDF through Qt: every page arrives, in the PDF's orientation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
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


def test_preview_renders_only_the_pages_shown_and_keeps_few(qtbot, tmp_path: Path) -> None:
    from vcadre.ui.pdf_preview import CACHE_PAGES

    src = make_pdf(tmp_path / "c.pdf", 60)
    dialog = preview_pdf(None, src, "预览")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.pages.rendered > 0)
    assert dialog.windowTitle() == "预览" and dialog.page_count() == 60
    assert dialog.pages.rendered < 10  # what is on screen, not the document
    assert dialog.page_label.text() == "Page 1 of 60"
    dialog.show_page(60)
    qtbot.waitUntil(lambda: dialog.current_page() == 60)
    dialog._update_page_label()
    assert dialog.page_label.text() == "Page 60 of 60"
    for page in range(1, 61, 3):
        dialog.show_page(page)
        dialog.view.viewport().repaint()
    assert dialog.pages.cached() <= CACHE_PAGES
    first = dialog.pages.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert first.width() == dialog.pages.width() and first.height() > first.width() * 0.6  # landscape A4
    dialog.close()


def test_preview_prints_every_page(qtbot, tmp_path: Path, monkeypatch) -> None:
    from vcadre.ui.pdf_preview import PdfPreviewDialog

    src = make_pdf(tmp_path / "c.pdf", 3)
    out = tmp_path / "printed.pdf"

    def to_file(cls, parent, printer) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(PdfPreviewDialog, "ask_printer", classmethod(to_file))
    dialog = preview_pdf(None, src, "预览")
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    assert dialog.print_job.finished and page_count(out) == 3
