#!/usr/bin/env python3
"""Screenshots of the 一肩挑 tab: the list with the rates, the bar chart, the timeline, a township
on another day, the plan dialog, the election dialog and a village's posts (offscreen).

    python tools/screenshots_posts.py [--out out/screenshots/posts] [--db PATH] [--lang zh_CN|en]

``--db`` is copied first (the election dialog is opened, never saved). Without it a demo county
is built in a temporary directory.
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
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots" / "posts")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--size", default="1366x860")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="vcadre-shots-")
    os.environ.setdefault("VCADRE_DATA_DIR", tmp.name)

    from vcadre.store.db import open_database
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    app = start_app(args.lang)

    path = Path(tmp.name) / "demo.db"
    if args.db:
        shutil.copyfile(args.db, path)
        db = open_database(path)
    else:
        from vcadre.services.demo import build_demo

        db = open_database(path, create=True, site_name="演示县组织部")
        build_demo(db, scale="county", seed=0)


    def shot(widget, name: str) -> None:
        settle(200)
        p = args.out / name
        widget.grab().save(str(p))
        print(p)

    args.out.mkdir(parents=True, exist_ok=True)
    width, height = (int(x) for x in args.size.split("x"))
    window = MainWindow(Settings(), args.lang)
    window.resize(width, height)
    window.set_database(db)
    window.show()
    window.tabs.setCurrentWidget(window.posts)
    settle(300)
    tab = window.posts
    shot(window, "1-posts-county.png")
    tab.rates_panel.tabs.setCurrentIndex(1)
    shot(window, "2-posts-chart.png")
    tab.rates_panel.tabs.setCurrentIndex(2)
    shot(window, "3-posts-timeline.png")

    # The first township, as of a day before the 2021 elections.
    tree = window.region_tree
    county = tree.model().index(0, 0)
    township = tree.model().index(7, 0, county)
    tree.setCurrentIndex(township)
    tab.set_as_of(date(2021, 3, 1))
    tab.rates_panel.tabs.setCurrentIndex(0)
    shot(window, "4-posts-township-2021.png")
    tab.rates_panel.tabs.setCurrentIndex(1)
    shot(window, "4b-posts-township-chart.png")
    tab.rates_panel.tabs.setCurrentIndex(0)
    tab.set_as_of(date.today())

    # The plan dialog of the first village that is not one-shoulder.
    from vcadre.services import posts_plans
    from vcadre.ui.forms import RecordDialog

    model = tab.model
    row = next(r for r in range(model.rowCount()) if not model.raw_value(r, "one_shoulder"))
    tab.table.selectRow(row)
    village = tab.current_id()
    with db.session() as s:
        plan_id = posts_plans.plan_for_village(s, village)
        display = posts_plans.candidate_display(s, plan_id) if plan_id else {}
    dlg = RecordDialog(db, posts_plans, "one_shoulder_plan", plan_id, defaults={"village_id": village},
                       display=display, title=tab.tr("One-shoulder plan"), parent=window)
    dlg.show()
    shot(dlg, "5-plan-dialog.png")
    dlg.reject()

    from vcadre.ui.posts_election import ElectionDialog

    edlg = ElectionDialog(db, tab.region(), parent=window)
    edlg.set_election_date(date(2026, 12, 1))
    edlg.show()
    shot(edlg, "6-election-dialog.png")
    edlg.reject()

    from vcadre.ui.tabs.posts import VillagePostsDialog

    vdlg = VillagePostsDialog(db, village, parent=window)
    vdlg.show()
    shot(vdlg, "7-village-posts.png")
    vdlg.reject()

    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
