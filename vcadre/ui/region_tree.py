"""The region tree on the left: county → townships → villages, loaded as the user expands.

``RegionTreeModel`` asks ``services.regions.children`` for one level at a time
(``canFetchMore``/``fetchMore`` per node), so a county of 300 villages — or a province — opens
instantly. ``RegionTree`` (the view) emits ``regionChanged(region_id | None)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from vcadre.ui.qtcompat import emit

if TYPE_CHECKING:  # the data layer loads after the window is shown (vcadre.ui.preload)
    from vcadre.services.regions import RegionNode

_Index = QModelIndex | QPersistentModelIndex

#: Role of the region id (str) in ``data()``.
RegionIdRole = Qt.ItemDataRole.UserRole
#: Role of the level ("county", "township", "village").
RegionLevelRole = Qt.ItemDataRole.UserRole + 1


class _Node:
    __slots__ = ("region", "parent", "row", "children")

    def __init__(self, region: Optional[RegionNode], parent: Optional[_Node], row: int) -> None:
        self.region = region
        self.parent = parent
        self.row = row
        #: None until fetched.
        self.children: Optional[list[_Node]] = None

    def expected_children(self) -> int:
        return self.region.child_count if self.region is not None else 0


class RegionTreeModel(QAbstractItemModel):
    def __init__(self, db: Any, parent=None) -> None:
        super().__init__(parent)
        self._db = db
        self._root = _Node(None, None, 0)
        self._root.children = self._load(None, self._root)

    def _load(self, parent_id: Optional[str], parent: _Node) -> list[_Node]:
        from vcadre.services import regions

        with self._db.session() as s:
            found = regions.children(s, parent_id)
        return [_Node(r, parent, i) for i, r in enumerate(found)]

    def _node(self, index: _Index) -> _Node:
        if not index.isValid():
            return self._root
        return index.internalPointer()

    # ------------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if node.children is None or row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return 0
        children = self._node(parent).children
        return len(children) if children is not None else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 1

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        if node.children is not None:
            return bool(node.children)
        return node.expected_children() > 0

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802
        if not parent.isValid():
            return False
        node = self._node(parent)
        return node.children is None and node.expected_children() > 0

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        node = self._node(parent)
        children = self._load(node.region.id, node)
        if not children:
            node.children = []
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = children
        self.endInsertRows()

    # ------------------------------------------------------------------ content

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        region = self._node(index).region
        if region is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return region.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{region.name}（{region.code}）"
        if role == RegionIdRole:
            return region.id
        if role == RegionLevelRole:
            return region.level
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and section == 0 and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Region")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def find(self, region_id: str) -> QModelIndex:
        """Index of an already-loaded region, or an invalid index."""
        stack = [(QModelIndex(), self._root)]
        while stack:
            parent_index, node = stack.pop()
            for child in node.children or ():
                idx = self.index(child.row, 0, parent_index)
                if child.region is not None and child.region.id == region_id:
                    return idx
                stack.append((idx, child))
        return QModelIndex()


class RegionTree(QTreeView):
    """Tree view of the regions; selecting a node emits ``regionChanged(id)``, clearing ``None``."""

    regionChanged = Signal(object)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._current: Optional[str] = None

    def set_database(self, db: Any) -> None:
        old = self.model()
        model = RegionTreeModel(db, self)
        self.setModel(model)
        if old is not None:
            old.deleteLater()
        self.selectionModel().currentChanged.connect(self._on_current)
        self._current = None
        # The county (top level) open at start: its townships are what people look for.
        if model.rowCount() == 1:
            self.expand(model.index(0, 0))

    def current_region(self) -> Optional[str]:
        return self._current

    def select_region(self, region_id: Optional[str]) -> None:
        """Select a loaded region (None: clear the selection)."""
        if region_id is None:
            self.selectionModel().clearSelection()
            self.setCurrentIndex(QModelIndex())
            self._set(None)
            return
        idx = self.model().find(region_id)
        if idx.isValid():
            self.setCurrentIndex(idx)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        region = current.data(RegionIdRole) if current.isValid() else None
        # The one top-level region (the county) means everything: no filter, so records kept
        # at county level (e.g. county-run training courses) are not left out.
        if current.isValid() and not current.parent().isValid() and self.model().rowCount() == 1:
            region = None
        self._set(region)

    def _set(self, region_id: Optional[str]) -> None:
        if region_id != self._current:
            self._current = region_id
            emit(self.regionChanged, region_id)
