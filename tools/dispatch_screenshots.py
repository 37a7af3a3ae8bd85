#!/usr/bin/env python3
"""Screenshots of the 驻村 features (tab with alerts, rotation wizard pages, days grid, visits,
village history, overview alerts), offscreen, for reviewing the layout.

    python tools/dispatch_screenshots.py [--out out/screenshots/dispatch] [--db PATH]

Without ``--db`` a demo county is built in a temporary directory first. The database given is
copied first: the screenshots type figures into it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from shots import settle, start_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots" / "dispatch")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="vcadre-shots-")
    os.environ.setdefault("VCADRE_DATA_DIR", tmp.name)

    from vcadre.store.db import open_database
    from vcadre.ui import messages
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    app = start_app(args.lang)
    for kind in ("error", "warning", "info"):
        setattr(messages, kind, lambda *a, **k: None)
    messages.confirm = lambda *a, **k: True

    path = Path(tmp.name) / "demo.db"
    if args.db:
        shutil.copyfile(args.db, path)
        db = open_database(path)
    else:
        from vcadre.services.demo import build_demo

        db = open_database(path, create=True, site_name="演示县组织部")
        build_demo(db, scale="county", seed=0)


    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    def shot(widget, name: str) -> None:
        settle(150)
        p = out / f"{name}.png"
        widget.grab().save(str(p))
        print(p)

    window = MainWindow(Settings(), args.lang)
    window.resize(1366, 800)
    window.set_database(db)
    window.show()
    settle(100)
    window.tabs.setCurrentWidget(window.dispatch)
    tab = window.dispatch
    shot(window, "1-dispatch-tab")

    # One township selected.
    tree = window.region_tree
    county = tree.model().index(0, 0)
    township = tree.model().index(2, 0, county)
    tree.setCurrentIndex(township)
    settle(200)

    tab.open_rotation()
    wiz = tab.wizard
    wiz.resize(1200, 680)
    shot(wiz, "2-rotation-batch")
    wiz.batch_page.batch_date.set_value(date(2027, 6, 20))
    wiz.next()
    shot(wiz, "3-rotation-ending")
    wiz.next()
    page = wiz.successor_page
    for r in range(page.row_count()):
        if page.table.cellWidget(r, page.COL_ROLE).value() == "first_secretary" and r % 3:
            page.set_successor(r, name=f"继任{r}", unit="县农业农村局", gender="1",
                               note="已移交村情民意台账、帮扶项目资料")
    shot(wiz, "4-rotation-successors")
    wiz.next()
    shot(wiz, "5-rotation-confirm")
    wiz.reject()

    tab.open_days()
    dlg = tab.days_dialog
    m = dlg.model
    for r in range(min(3, m.rowCount())):
        m.setData(m.index(r, m.DAYS), "15")
    shot(dlg, "6-days-grid")
    m.setData(m.index(0, m.DAYS), "45")
    dlg.save()
    shot(dlg, "7-days-error")
    dlg.tabs.setCurrentIndex(1)
    shot(dlg, "8-days-summary")
    dlg.model.set_rows([])
    dlg.reject()

    tab.table.selectRow(0)
    tab.open_visits()
    shot(tab.visit_dialog, "9-visits")
    tab.visit_dialog.reject()
    tab.open_history()
    shot(tab.history_dialog, "10-history")
    tab.history_dialog.reject()

    tree.setCurrentIndex(county)
    window.tabs.setCurrentWidget(window.overview)
    settle(300)
    shot(window, "11-overview")

    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
