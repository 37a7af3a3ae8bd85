"""概览 dashboard benchmark (not a test): first open and later refreshes, medians over fresh processes.

    python bench/dashboard.py [--runs 5] [--db bench/.data/county.db]

Each run is a new Python process (so the matplotlib import is paid, as on a real first open):
the window opens on the 后备干部 tab; then the clock starts and the 概览 tab is selected, and
stops when its charts are built and painted (``chartsReady``) — the first open, including the
matplotlib import and the deferred-build delay. Then, in the same process, the region tree
selects a township and then the county again, each timed until the charts are rebuilt
(“afterwards”). Also reported, as a reference floor: ``import matplotlib.backends.backend_qtagg``
alone in a fresh process.

Targets (issue 7): first open ≤ 1.5 s including the matplotlib import; afterwards ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from vcadre.store.db import open_database
from vcadre.ui.app import install_font, make_app
from vcadre.ui.i18n import install_translators
from vcadre.ui.main_window import MainWindow
from vcadre.ui.settings import Settings

app = make_app([sys.argv[0]]); install_font(app); install_translators(app, "zh_CN")
db = open_database(sys.argv[1])
w = MainWindow(Settings(), "zh_CN"); w.resize(1366, 800); w.set_database(db)
w.tabs.setCurrentWidget(w.talent)
w.show()

def wait(signal=None, ms=10000):
    loop = QEventLoop()
    if signal is not None:
        signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    if signal is not None:
        signal.disconnect(loop.quit)

wait(ms=300)
assert "matplotlib" not in sys.modules
ov = w.overview
t0 = time.perf_counter()
w.tabs.setCurrentWidget(ov)
wait(ov.chartsReady)
app.processEvents()  # the canvases paint
first = time.perf_counter() - t0
assert len(ov.charts) == 4
tree = w.region_tree
county = tree.model().index(0, 0)
township = tree.model().index(3, 0, county)
later = []
for index in (township, county, township, county):
    t0 = time.perf_counter()
    tree.setCurrentIndex(index)
    wait(ov.chartsReady)
    app.processEvents()
    later.append(time.perf_counter() - t0)
print("RESULT " + json.dumps({"first": first, "later": later}))
w.close(); db.close()
"""

FLOOR = "import time; t=time.perf_counter(); import matplotlib.backends.backend_qtagg; print(time.perf_counter()-t)"


def ensure_county(path: Path) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "vcadre", "demo", "--db", str(path), "--quiet"], cwd=ROOT,
                       check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / ".data" / "county.db")
    args = ap.parse_args()
    src = ensure_county(args.db)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    firsts, laters, floors = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        env["VCADRE_DATA_DIR"] = tmp
        db = Path(tmp) / "county.db"
        import shutil

        shutil.copyfile(src, db)
        for i in range(args.runs + 1):  # the first run warms the OS file cache; not counted
            out = subprocess.run([sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True,
                                 env=env, cwd=ROOT, timeout=120)
            line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
            if line is None:
                print(out.stderr[-3000:])
                return 2
            floor = float(subprocess.run([sys.executable, "-c", FLOOR], capture_output=True, text=True,
                                         env=env, cwd=ROOT, check=True).stdout)
            if i:
                data = json.loads(line[7:])
                firsts.append(data["first"])
                laters.extend(data["later"])
                floors.append(floor)
    f, l, fl = statistics.median(firsts), statistics.median(laters), statistics.median(floors)
    print(f"floor: import matplotlib.backends.backend_qtagg alone: median {fl:.2f} s")
    print(f"first open of 概览 (incl. matplotlib import): median {f:.2f} s  (runs: "
          f"{', '.join(f'{x:.2f}' for x in firsts)})  target ≤ 1.5 s: {'OK' if f <= 1.5 else 'MISSED'}")
    print(f"afterwards (region change → charts rebuilt): median {l * 1000:.0f} ms  (max {max(laters) * 1000:.0f} ms)"
          f"  target ≤ 200 ms: {'OK' if l <= 0.2 else 'MISSED'}")
    return 0 if f <= 1.5 and l <= 0.2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
