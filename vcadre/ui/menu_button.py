"""Push buttons that open a menu: room for the menu arrow.

Some styles (Fusion, Windows) draw a QPushButton's menu indicator inside the text's width, so the
arrow covers the last character (“打印/导出” showed its arrow over “出”). Widening the button by
the indicator keeps the text clear.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QPushButton, QStyle


def set_menu(button: QPushButton, menu: QMenu) -> None:
    button.setMenu(menu)
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    button.setMinimumWidth(button.sizeHint().width() + arrow + 6)
