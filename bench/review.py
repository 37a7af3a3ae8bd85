"""年度考核 sheet at county scope, driven through the real dialog offscreen (not a test): medians.

    python bench/review.py [--db PATH] [--runs 5]

``--db`` is copied first (never written); without it the county demo is built in a temporary
directory. Each run opens the sheet for the whole county and times, on the GUI thread:

- floor: the bare ids of the pool read with sqlite3 (what any sheet must at least read);
- open: ``ReviewDialog`` made, shown, first screen painted;
- filter: ticking 只显示未考核 (and painting);
- year: the year box moved one year down (and painting);
- set: 全选 then 设为所选人员 on every row;
- save: the click (the GUI thread's part) and, separately, the wall time until the worker's one
  transaction has committed; plus the longest event-loop stall seen while it ran.

Target (issue 17): open, filter, year, set, save each ≤ 300 ms on the GUI thread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from vcadre import clock
    from vcadre.services.demo import build_demo
    from vcadre.store.db import open_database
    from vcadre.ui import messages
    from vcadre.ui.app import install_font, make_app
    from vcadre.ui.talent_review import ReviewDialog

    app = make_app()
    install_font(app)
    messages.confirm = lambda *a, **k: True  # "discard?" answered yes: no modal box offscreen
    work = Path(tempfile.mkdtemp(prefix="vcadre-bench-review-"))
    src = args.db
    if src is None:
        src = work / "demo.db"
        db = open_database(src, create=True)
        build_demo(db, "county", seed=0)
        db.close()
    year = clock.today().year
    times: dict[str, list[float]] = {k: [] for k in ("floor", "open", "filter", "year", "set", "save click",
                                                     "save wall", "save stall")}
    rows = 0
    for run in range(args.runs):
        path = work / f"run{run}.db"
        shutil.copyfile(src, path)
        t = time.perf_counter()
        con = sqlite3.connect(path)
        con.execute("SELECT id FROM reserve_entry WHERE deleted = 0 AND status IN ('active', 'inspecting')").fetchall()
        con.close()
        times["floor"].append(time.perf_counter() - t)
        db = open_database(path)

        def timed(key: str, action) -> None:
            t0 = time.perf_counter()
            action()
            app.processEvents()  # the repaint is part of what the user waits for
            times[key].append(time.perf_counter() - t0)

        holder: dict = {}
        timed("open", lambda: holder.setdefault("d", ReviewDialog(db, None)).show())
        dlg = holder["d"]
        rows = dlg.model.rowCount()
        timed("filter", dlg.only_missing.click)
        timed("year", lambda: dlg.year.setValue(year - 1))
        dlg.only_missing.click()
        dlg.year.setValue(year)
        app.processEvents()

        def set_all() -> None:
            dlg.select_all.click()
            dlg.result_combo.setCurrentIndex(dlg.result_combo.findData("competent"))
            dlg.apply_button.click()
        timed("set", set_all)
        assert len(dlg.pending()) == rows

        # Save: the click returns at once; the worker commits; a 10 ms timer records stalls.
        last = [time.perf_counter()]
        stall = [0.0]

        def tick() -> None:
            now = time.perf_counter()
            stall[0] = max(stall[0], now - last[0] - 0.010)
            last[0] = now
        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(10)
        t0 = time.perf_counter()
        dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
        times["save click"].append(time.perf_counter() - t0)
        while dlg.isVisible():
            app.processEvents()
            time.sleep(0.002)
        times["save wall"].append(time.perf_counter() - t0)
        timer.stop()
        times["save stall"].append(stall[0])
        assert dlg.saved == rows, (dlg.saved, rows)
        dlg.deleteLater()
        app.processEvents()
        db.close()
    floor = statistics.median(times["floor"])
    print(f"年度考核 sheet, whole county: {rows} rows, {args.runs} runs, medians "
          f"(machine shared and loaded: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for key, values in times.items():
        med = statistics.median(values)
        mark = "" if key in ("floor", "save wall") else ("  ok ≤ 300 ms" if med <= 0.3 else "  OVER 300 ms")
        print(f"  {key:<11} {med * 1000:8.1f} ms  ×{med / floor:6.1f} floor{mark}")
    shutil.rmtree(work, ignore_errors=True)
    QApplication.processEvents()


if __name__ == "__main__":
    main()
