"""GUI test fixtures: a small county built once per session and copied per test, the window
over it, jobs run synchronously, and message boxes recorded instead of shown.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vcadre.store.db import Database, open_database

def _checkpoint(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


COUNTY_ROWS = [
    (2, "520524", "织金县", ""),
    (3, "520524001", "龙场镇", "520524"),
    (4, "520524001001", "青山村", "520524001"),
    (5, "520524001002", "石桥村", "520524001"),
    (6, "520524002", "金凤街道", "520524"),
    (7, "520524002001", "化垮社区", "520524002"),
    (8, "520524002002", "青山社区", "520524002"),
]

#: (name, gender, village, source, stage, status, entry date, birth date)
TALENT = [
    ("张龙敏", "1", "青山村", "veteran", "reserve", "active", date(2023, 3, 1), date(1988, 5, 2)),
    ("李红梅", "2", "青山村", "returned_graduate", "talent", "active", date(2024, 6, 10), date(1996, 1, 20)),
    ("王建国", "1", "石桥村", "rural_talent", "cadre", "inspecting", date(2022, 1, 15), date(1979, 9, 9)),
    ("赵丽", "2", "化垮社区", "young_entrepreneur", "reserve", "active", date(2021, 11, 5), date(1992, 12, 1)),
    ("陈文", "1", "青山社区", "retired_cadre", "secretary", "used", date(2020, 4, 8), date(1965, 7, 30)),
]


def _build_small_county(path: Path) -> None:
    from vcadre.domain.idnumber import make_id_number
    from vcadre.services import dispatch, posts, regions, talent, training

    db = open_database(path, create=True, site_name="测试县组织部")
    with db.session() as s, s.begin():
        regions.import_regions(s, COUNTY_ROWS)
    with db.session() as s:
        from sqlalchemy import select

        from vcadre.store.models import Region

        ids = {name: rid for rid, name in s.execute(select(Region.id, Region.name))}
    person_ids = {}
    for i, (name, gender, village, source, stage, status, entry, birth) in enumerate(TALENT):
        with db.session() as s, s.begin():
            talent.save(s, None, {
                "name": name, "gender": gender, "birth_date": birth,
                "id_number": make_id_number("520524", birth, 11 + i * 2 + (0 if gender == "1" else 1)),
                "village_id": ids[village], "source": source, "stage": stage, "status": status,
                "entry_date": entry, "mentor": "刘书记",
            })
    from sqlalchemy import select

    from vcadre.store.models import Person

    with db.session() as s:
        person_ids = {n: pid for pid, n in s.execute(select(Person.id, Person.name))}
    with db.session() as s, s.begin():
        training.save(s, None, {"title": "2024年村干部示范培训班", "kind": "village_cadre", "organizer": "县委组织部",
                                "start_date": date(2024, 5, 6), "end_date": date(2024, 5, 10),
                                "place": "县委党校", "planned_hours": 40})
        training.save(s, None, {"title": "后备干部能力提升班", "kind": "reserve", "organizer": "县委组织部",
                                "start_date": date(2025, 3, 3), "end_date": date(2025, 3, 5),
                                "place": "龙场镇党校", "planned_hours": 24})
    with db.session() as s, s.begin():
        dispatch.save(s, None, {"name": "周明", "gender": "1", "unit": "县财政局", "role": "first_secretary",
                                "village_id": ids["石桥村"], "start_date": date(2024, 9, 1), "status": "on_post"})
    with db.session() as s, s.begin():
        # 陈文 holds both posts of 青山社区: a one-shoulder village.
        for post in ("secretary", "director"):
            posts.save(s, None, {"person_id": person_ids["陈文"], "village_id": ids["青山社区"], "post": post,
                                 "start_date": date(2021, 5, 1), "origin": "election"})
        posts.save(s, None, {"person_id": person_ids["王建国"], "village_id": ids["石桥村"], "post": "secretary",
                             "start_date": date(2021, 5, 1), "origin": "election"})
    _checkpoint(db)
    db.close()


@pytest.fixture(scope="session")
def county_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gui-template") / "county.db"
    _build_small_county(path)
    return path


@pytest.fixture
def county_path(county_template: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "county.db"
    shutil.copyfile(county_template, dest)
    return dest


@pytest.fixture
def county_db(county_path: Path):
    db = open_database(county_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo county (built once: it takes seconds)."""
    from vcadre.services import demo
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    db = open_database(path, create=True, site_name="演示县组织部")
    demo.build_demo(db, scale="county", seed=0)
    _checkpoint(db)
    db.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path):
    dest = tmp_path / "demo.db"
    shutil.copyfile(demo_template, dest)
    db = open_database(dest)
    yield db
    db.close()


@pytest.fixture(autouse=True)
def no_modal_left_open(qapp):
    """A modal dialog left up fails its test (after 30 s of the watchdog's ticks) instead of
    blocking the whole run; the polls of ``modal.when_shown`` end with their test, and dialogs a
    test left on screen (a window's non-modal 站点 dialog) are closed, not seen by the next test."""
    from tests.gui.modal import ModalWatchdog, cancel_polls, close_left_dialogs

    dog = ModalWatchdog()
    dog.start()
    yield dog
    dog.stop()
    cancel_polls()
    dog.deleteLater()
    close_left_dialogs()
    if dog.closed:
        pytest.fail("a modal dialog was left open and closed by the watchdog: " + "; ".join(dog.closed))


@pytest.fixture(autouse=True)
def sync_jobs():
    """Jobs run at once on the GUI thread (tests of the real pool set their own)."""
    from vcadre.ui import jobs

    jobs.set_pool(jobs.SyncPool())
    yield
    jobs.set_pool(None)


class MessageLog:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.confirm_answer = True

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, t in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> MessageLog:
    """Message boxes recorded instead of shown (a modal box would hang an offscreen test)."""
    from vcadre.ui import messages as m

    log = MessageLog()
    for kind in ("error", "warning", "info"):
        monkeypatch.setattr(m, kind, lambda parent, text, title="", k=kind: log.shown.append((k, text)))

    def confirm(parent: Any, text: str, title: str = "") -> bool:
        log.shown.append(("confirm", text))
        return log.confirm_answer

    monkeypatch.setattr(m, "confirm", confirm)
    return log


@pytest.fixture
def chinese(qapp):
    """The zh_CN translators installed for this test (and removed after)."""
    from vcadre.ui.i18n import install_translators, remove_translators

    install_translators(qapp, "zh_CN")
    yield
    remove_translators(qapp)


@pytest.fixture
def window(qtbot, county_db, chinese):
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    w = MainWindow(Settings(), "zh_CN")
    qtbot.addWidget(w)
    w.set_database(county_db)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.db = None  # the fixture closes the database


@pytest.fixture
def demo_window(qtbot, demo_db, chinese):
    """The window over the whole demo county."""
    from vcadre.ui.main_window import MainWindow
    from vcadre.ui.settings import Settings

    w = MainWindow(Settings(), "zh_CN")
    qtbot.addWidget(w)
    w.set_database(demo_db)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.db = None


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` into ``widget``: ASCII as key presses, Chinese as an input method commits it
    (QTest cannot press keys for characters outside Latin-1)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        if ord(ch) < 128:
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
