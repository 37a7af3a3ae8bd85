"""A layout that wraps its widgets onto more lines when the window is narrow (Qt's "Flow Layout"
example), so a tab's filter row and button row never force the window wider than a 1366×768
laptop screen.

It reads like ``QHBoxLayout`` (``addWidget``, ``insertWidget``, ``addStretch``, ``indexOf``,
``count``), so the tabs that insert their own buttons keep working. A stretch pushes what
follows it to the right end of its line, as in a box layout, when the line has room.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: Optional[QWidget] = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # ------------------------------------------------------------------ QHBoxLayout-like API

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)
        self.invalidate()

    def insertWidget(self, index: int, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        self.addChildWidget(widget)
        if index < 0 or index > len(self._items):
            index = len(self._items)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def addStretch(self, stretch: int = 1) -> None:  # noqa: N802
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    def addSpacing(self, size: int) -> None:  # noqa: N802
        self.addItem(QSpacerItem(size, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))

    def insertSpacing(self, index: int, size: int) -> None:  # noqa: N802
        if index < 0 or index > len(self._items):
            index = len(self._items)
        self._items.insert(index, QSpacerItem(size, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))
        self.invalidate()

    def insertStretch(self, index: int, stretch: int = 1) -> None:  # noqa: N802
        if index < 0 or index > len(self._items):
            index = len(self._items)
        self._items.insert(index, QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> Optional[QLayoutItem]:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> Optional[QLayoutItem]:  # noqa: N802
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self.invalidate()
            return item
        return None

    # ------------------------------------------------------------------ geometry

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line (what the layout prefers when there is room)."""
        visible = [i for i in self._items if not _hidden(i) and not _is_stretch(i)]
        width = sum(i.sizeHint().width() for i in visible) + self.spacing() * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: anything wider wraps."""
        size = QSize()
        for item in self._items:
            if not _hidden(item):
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self.spacing()
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            if _hidden(item):
                continue
            w = 0 if _is_stretch(item) else item.sizeHint().width()
            line = lines[-1]
            needed = w if not line else used + gap + w
            if line and needed > area.width() and not _is_stretch(item):
                lines.append([item])
                used = w
            else:
                line.append(item)
                used = needed
        y = area.y()
        for line in lines:
            if not line:
                continue
            real = [i for i in line if not _is_stretch(i)]
            stretches = [i for i in line if _is_stretch(i)]
            height = max((i.sizeHint().height() for i in real), default=0)
            if apply:
                used = sum(i.sizeHint().width() for i in real) + gap * max(0, len(line) - 1)
                extra = max(0, area.width() - used)
                x = area.x()
                for item in line:
                    if _is_stretch(item):
                        x += extra // len(stretches) + gap
                        continue
                    hint = item.sizeHint()
                    # Never wider than the line (a search box on a very narrow window).
                    w = min(hint.width(), area.width())
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), QSize(w, hint.height())))
                    x += w + gap
            y += height + gap
        return y - gap - rect.y() + m.bottom() if y > area.y() else m.top() + m.bottom()


def _is_stretch(item: QLayoutItem) -> bool:
    spacer = item.spacerItem()
    return spacer is not None and spacer.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Expanding


def _hidden(item: QLayoutItem) -> bool:
    """A hidden widget (spacers report themselves empty too, but take their place)."""
    return item.spacerItem() is None and item.isEmpty()
