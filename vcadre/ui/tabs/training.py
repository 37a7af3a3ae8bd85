"""培训 tab: training courses."""

from __future__ import annotations

from vcadre.services import training
from vcadre.ui.tabs.base import FilterSpec, ListTab


class TrainingTab(ListTab):
    kind = "training"
    service = training

    def filters(self) -> list[FilterSpec]:
        return [FilterSpec("kind", "training_kind")]

    def search_hint(self) -> str:
        return self.tr("Search by course title")

    def dialog_title(self, new: bool) -> str:
        return self.tr("New training course") if new else self.tr("Edit training course")
