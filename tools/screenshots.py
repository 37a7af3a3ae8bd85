#!/usr/bin/env python3
"""Screenshots of the main window, one PNG per tab, offscreen (for reviewing the layout).

    python tools/screenshots.py [--out out/screenshots] [--db PATH] [--lang zh_CN|en]

Without ``--db`` a demo county is built in a temporary directory first (a few seconds).
Also saves the add dialog of the reserve-pool tab, with a validation error shown.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from shots import settle, start_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots")
    parser.add_argument("--db", type=Path, help="database to show (default: a fresh demo county)")
    parser.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--size", default="1366x800", help="window size, WxH")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="vcadre-shots-")
    os.environ.setdefault("VCADRE_DATA_DIR", tmp.name)  # leave the real settings alone

    from vcadre.store.db import open_database
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    app = start_app(args.lang)

    if args.db:
        db = open_database(args.db)
    else:
        from vcadre.services.demo import build_demo

        db = open_database(Path(tmp.name) / "demo.db", create=True, site_name="演示县组织部")
        build_demo(db, scale="county", seed=0)


    width, height = (int(x) for x in args.size.split("x"))
    window = MainWindow(Settings(), args.lang)
    window.resize(width, height)
    window.set_database(db)
    window.show()
    settle(100)
    args.out.mkdir(parents=True, exist_ok=True)
    names = ["overview", "talent", "training", "dispatch", "posts"]
    for i, name in enumerate(names):
        window.tabs.setCurrentIndex(i)
        settle(300)
        path = args.out / f"{i + 1}-{name}.png"
        window.grab().save(str(path))
        print(path)

    # A township selected in the tree, on the reserve-pool tab.
    tree = window.region_tree
    county = tree.model().index(0, 0)
    if tree.model().rowCount(county):
        township = tree.model().index(0, 0, county)
        tree.expand(township)
        tree.setCurrentIndex(township)
    window.tabs.setCurrentIndex(1)
    settle(300)
    path = args.out / "6-talent-township.png"
    window.grab().save(str(path))
    print(path)

    # The add dialog, refused for a bad ID number.
    tab = window.talent
    tab.add_record()
    dlg = tab.dialog
    dlg.widgets["name"].setText("张三")
    dlg.widgets["id_number"].setText("52052419900315123X")
    dlg.accept()
    settle(200)
    path = args.out / "7-talent-dialog-error.png"
    dlg.grab().save(str(path))
    print(path)
    dlg.reject()

    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
