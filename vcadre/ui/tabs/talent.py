"""后备干部 tab: the reserve-cadre pool."""

from __future__ import annotations

from vcadre.services import talent
from vcadre.ui.tabs.base import FilterSpec, ListTab


class TalentTab(ListTab):
    kind = "talent"
    service = talent

    def filters(self) -> list[FilterSpec]:
        return [
            FilterSpec("source", "talent_source"),
            FilterSpec("stage", "stage"),
            FilterSpec("status", "reserve_status"),
        ]

    def dialog_title(self, new: bool) -> str:
        return self.tr("Add to the reserve pool") if new else self.tr("Edit reserve pool entry")
