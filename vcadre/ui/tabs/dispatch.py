"""驻村 tab: first secretaries and work-team members stationed in villages."""

from __future__ import annotations

from vcadre.services import dispatch
from vcadre.ui.tabs.base import FilterSpec, ListTab


class DispatchTab(ListTab):
    kind = "dispatch"
    service = dispatch

    def filters(self) -> list[FilterSpec]:
        return [FilterSpec("role", "dispatch_role"), FilterSpec("status", "dispatch_status")]

    def dialog_title(self, new: bool) -> str:
        return self.tr("New village posting") if new else self.tr("Edit village posting")
