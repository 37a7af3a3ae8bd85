"""Print preview of a generated PDF that renders only the pages on screen.

Qt's ``QPrintPreviewDialog`` asks for the whole document up front: 314 certificates painted
at printer resolution held the window 36 s and 10.7 GB of memory. Here the pages are a list
model whose images are rasterised with PDFium when the view first shows them, at screen
resolution, and only the last ``CACHE_PAGES`` are kept. Printing (``paint_pdf``) goes page by
page on a worker, with progress and cancel.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QColor, QImage, QKeySequence, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcadre.ui import messages

_Index = QModelIndex | QPersistentModelIndex

#: Rendered pages kept in memory (an A4 page 800 px wide is ~2.3 MB).
CACHE_PAGES = 12
#: PDFium is not thread-safe: the preview (GUI thread) and printing (worker) take turns.
PDFIUM_LOCK = threading.RLock()


class PdfPages(QAbstractListModel):
    """One row per page of a PDF; ``DecorationRole`` renders the page the first time it is asked."""

    def __init__(self, pdf_path: Path, width: int = 800, parent: Any = None) -> None:
        super().__init__(parent)
        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            self._doc = pdfium.PdfDocument(str(pdf_path))
            self._count = len(self._doc)
            w, h = self._doc.get_page_size(0) if self._count else (595.0, 842.0)
        self._ratio = h / w
        self._width = width
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()
        self.rendered = 0  #: pages rasterised so far (tests check that not all were)

    def close(self) -> None:
        with PDFIUM_LOCK:
            if self._doc is not None:
                self._doc.close()
                self._doc = None

    def page_size(self) -> QSize:
        return QSize(self._width, round(self._width * self._ratio))

    def set_width(self, width: int) -> None:
        self.beginResetModel()
        self._width = max(200, min(width, 2400))
        self._cache.clear()
        self.endResetModel()

    def width(self) -> int:
        return self._width

    def cached(self) -> int:
        return len(self._cache)

    def _render(self, row: int) -> QPixmap:
        pix = self._cache.get(row)
        if pix is not None:
            self._cache.move_to_end(row)
            return pix
        with PDFIUM_LOCK:
            page = self._doc[row]
            try:
                pw, _ph = page.get_size()
                bitmap = page.render(scale=self._width / pw, rev_byteorder=True)
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888).copy()
            finally:
                page.close()
        pix = QPixmap.fromImage(image)
        self.rendered += 1
        self._cache[row] = pix
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return pix

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self._doc is None else self._count

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._render(index.row())
        if role == Qt.ItemDataRole.SizeHintRole:
            return self.page_size()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Page {n}").format(n=index.row() + 1)
        return None


class PdfPreviewDialog(QDialog):
    """Pages one under another (scroll, or Page Up/Down), zoom, and 打印…"""

    def __init__(self, pdf_path: Path, title: str = "", parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._path = Path(pdf_path)
        self.print_job: Any = None
        self.setWindowTitle(title or self._path.stem)
        self.setSizeGripEnabled(True)
        self.pages = PdfPages(self._path, parent=self)
        self.view = QListView(self)
        self.view.setObjectName("pages")
        self.view.setModel(self.pages)
        self.view.setUniformItemSizes(True)  # no size query per page: 314 pages open at once
        self.view.setSpacing(8)
        self.view.setIconSize(self.pages.page_size())
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setStyleSheet("QListView { background: #8a8a8a; }")
        self.view.verticalScrollBar().setSingleStep(40)
        self.view.verticalScrollBar().valueChanged.connect(self._update_page_label)

        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        self.zoom_out = QPushButton(self.tr("Smaller"), self)
        self.zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_out.clicked.connect(lambda: self.set_page_width(self.pages.width() * 4 // 5))
        self.zoom_in = QPushButton(self.tr("Larger"), self)
        self.zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.zoom_in.clicked.connect(lambda: self.set_page_width(self.pages.width() * 5 // 4))
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("print")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self.resize(self.pages.page_size().width() + 80, 680)
        self.finished.connect(lambda _r: self.pages.close())
        self._update_page_label()

    def page_count(self) -> int:
        return self.pages.rowCount()

    def set_page_width(self, width: int) -> None:
        self.pages.set_width(width)
        self.view.setIconSize(self.pages.page_size())
        self._update_page_label()

    def current_page(self) -> int:
        """The page at the top of the view (1-based), 0 when there is none."""
        index = self.view.indexAt(self.view.viewport().rect().center())
        if not index.isValid():
            index = self.view.indexAt(self.view.viewport().rect().topLeft())
        return index.row() + 1 if index.isValid() else (1 if self.page_count() else 0)

    def show_page(self, page: int) -> None:
        self.view.scrollTo(self.pages.index(page - 1), QAbstractItemView.ScrollHint.PositionAtTop)

    @Slot()
    def _update_page_label(self) -> None:
        self.page_label.setText(self.tr("Page {page} of {pages}").format(
            page=self.current_page(), pages=self.page_count()))

    @classmethod
    def ask_printer(cls, parent: QWidget, printer: QPrinter) -> bool:
        """The system's print dialog; tests monkeypatch this."""
        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted

    @Slot()
    def print_(self) -> None:
        from vcadre.ui.jobs import run_job
        from vcadre.ui.pdf_print import match_page_layout, paint_pdf

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        match_page_layout(printer, self._path)
        if not self.ask_printer(self, printer):
            return
        path = self._path
        self.print_button.setEnabled(False)

        def op(_db: Any, progress: Any) -> int:
            return paint_pdf(printer, path, progress=progress.update)

        def done(_pages: int) -> None:
            self.print_button.setEnabled(True)

        def failed(exc: BaseException) -> None:
            self.print_button.setEnabled(True)
            if messages.is_cancel(exc):
                return
            if messages.is_known_error(exc):
                messages.error(self, str(exc))
                return
            import sys
            sys.excepthook(type(exc), exc, exc.__traceback__)

        self.print_job = run_job(self, op, done, failed, label=self.tr("Printing…"))
        self.print_job._printer = printer  # type: ignore[attr-defined]  # alive until the job ends


__all__ = ["PdfPages", "PdfPreviewDialog", "CACHE_PAGES", "PDFIUM_LOCK", "QColor"]
