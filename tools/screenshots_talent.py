#!/usr/bin/env python3
"""Screenshots of the 后备干部 workflows, offscreen (for reviewing the layout).

    python tools/screenshots_talent.py --db COPY_OF_A_DEMO_COUNTY.db [--out out/screenshots/talent]

Saves: the tab with combined filters and a pinyin search, the chain-move dialog, the person card,
the annual review sheet, the gap-alerts panel, 概览 with the alerts, and an import preview with
bad rows. The database is written to (a review, an import): pass a copy.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import shots  # noqa: E402
from shots import start_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots" / "talent")
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="vcadre-shots-")
    os.environ.setdefault("VCADRE_DATA_DIR", tmp.name)

    from openpyxl import Workbook
    from vcadre.services.talent_excel import HEADERS
    from vcadre.store.db import open_database
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    app = start_app("zh_CN")
    db = open_database(args.db)

    def settle(ms: int = 200) -> None:
        shots.settle(ms)

    args.out.mkdir(parents=True, exist_ok=True)

    def shot(widget, name: str) -> None:
        settle()
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    window = MainWindow(Settings(), "zh_CN")
    window.resize(1500, 820)
    window.set_database(db)
    window.show()
    settle(300)
    tab = window.talent
    window.tabs.setCurrentWidget(tab)
    settle(300)
    tab.filter_combos["stage"].setCurrentIndex(tab.filter_combos["stage"].findText("村后备干部"))
    tab.party_combo.setCurrentIndex(1)
    tab.age_max.setValue(40)
    tab.search.setText("zh")
    tab.refresh()
    shot(window, "1-talent-filters-search")
    tab.search.setText("")
    tab.party_combo.setCurrentIndex(0)
    tab.age_max.setValue(0)
    tab.refresh()
    tab.table.selectRow(0)
    tab.chain_move("promote")
    dlg = tab.dialog_extra
    dlg.stage_combo.setCurrentIndex(dlg.stage_combo.count() - 1)
    dlg.accept()  # no reason: the skip-a-stage error shows
    shot(dlg, "2-chain-promote-error")
    dlg.reject()
    tab.show_card()
    shot(tab.dialog_extra, "3-person-card")
    tab.dialog_extra.reject()
    tab.open_review()
    rv = tab.dialog_extra
    rv.table.selectRow(0)
    rv.table.selectRow(1)
    rv.result_combo.setCurrentIndex(1)
    rv.apply_to_selected()
    shot(rv, "4-annual-review")
    rv.reject()
    tab.open_alerts()
    shot(tab.dialog_extra, "5-gap-alerts")
    tab.dialog_extra.reject()
    window.tabs.setCurrentWidget(window.overview)
    settle(500)
    shot(window, "6-overview-alerts")
    window.tabs.setCurrentWidget(tab)
    # An import file with bad rows.
    from vcadre.domain.idnumber import make_id_number

    good = make_id_number("520524", date(1993, 4, 5), 951)
    wb = Workbook()
    ws = wb.active
    ws.title = "后备干部"
    ws.append(HEADERS)
    with db.session() as s:
        from sqlalchemy import select
        from sqlalchemy.orm import aliased

        from vcadre.store.models import Region

        t = aliased(Region)
        tname, vname = s.execute(select(t.name, Region.name).join(t, t.id == Region.parent_id)
                                 .where(Region.level == "village")).first()
    base = {"性别": "男", "乡镇（街道）": tname, "村（社区）": vname, "来源": "创业青年", "当前阶段": "优秀人才",
            "状态": "在库", "入库时间": "2025-02-01"}
    rows = [
        {**base, "姓名": "孙新", "身份证号码": good},
        {**base, "姓名": "钱错", "身份证号码": good[:17] + ("0" if good[17] != "0" else "1")},
        {**base, "姓名": "周无村", "村（社区）": "火星村"},
        {**base, "姓名": "吴重", "身份证号码": good},
        {**base, "姓名": "", "来源": "外星人"},
        {**base, "姓名": "郑女", "性别": "女", "身份证号码": make_id_number("520524", date(1990, 2, 3), 953)},
    ]
    for r in rows:
        ws.append([r.get(h, "") for h in HEADERS])
    xlsx = Path(tmp.name) / "导入示例.xlsx"
    wb.save(xlsx)
    tab.import_excel(xlsx)
    shot(tab.dialog_extra, "7-import-preview")
    tab.dialog_extra.reject()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
