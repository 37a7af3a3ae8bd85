"""The one-shoulder tab's per-village post records, the person search, and the start-up imports."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from vcadre.services import persons
from vcadre.ui import forms
from vcadre.ui.forms import PersonSearchDialog, RecordDialog
from vcadre.ui.tabs.posts import VillagePostsDialog

from .conftest import type_text


def village_id(db, name: str) -> str:
    from vcadre.services import regions

    with db.session() as s:
        return next(rid for rid, text in regions.village_choices(s, name) if text.endswith(name))


def test_person_search_dialog_finds_by_initials_and_name(qtbot, county_db, chinese):
    dlg = PersonSearchDialog(county_db)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.search, "wjg")
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 0).text() == "王建国"
    assert "*" in dlg.table.item(0, 4).text()  # ID numbers are masked
    dlg.search.clear()
    type_text(qtbot, dlg.search, "李")
    assert dlg.selected().name == "李红梅"


def test_add_a_post_from_the_village_dialog(qtbot, county_db, chinese, monkeypatch):
    shiqiao = village_id(county_db, "石桥村")
    with county_db.session() as s:
        hit = persons.search(s, "周明")[0]

    def fake_ask(cls, parent, db, service, kind, record_id=None, **kwargs):
        dlg = cls(db, service, kind, record_id, parent=parent, **kwargs)
        qtbot.addWidget(dlg)
        assert dlg.widgets["village_id"].value() == shiqiao  # preset to the row's village
        dlg.widgets["person_id"].set_hit(hit)
        post = dlg.widgets["post"]
        post.setCurrentIndex(post.findData("director"))
        qtbot.keyClicks(dlg.widgets["start_date"].edit, "2024-10-01")
        dlg.accept()
        assert dlg.error_text() == ""
        return dlg.saved_id

    monkeypatch.setattr(RecordDialog, "ask", classmethod(fake_ask))
    dlg = VillagePostsDialog(county_db, shiqiao)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1
    qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
    assert dlg.changed
    assert dlg.table.rowCount() == 2
    assert {dlg.table.item(r, 0).text() for r in range(2)} == {"王建国", "周明"}


def test_a_second_secretary_is_refused_with_the_reason(qtbot, county_db, chinese):
    qingshan = village_id(county_db, "青山社区")
    with county_db.session() as s:
        hit = persons.search(s, "赵丽")[0]
    dlg = RecordDialog(county_db, __import__("vcadre.services.posts", fromlist=["x"]), "posts",
                       defaults={"village_id": qingshan})
    qtbot.addWidget(dlg)
    dlg.widgets["person_id"].set_hit(hit)
    dlg.widgets["post"].setCurrentIndex(dlg.widgets["post"].findData("secretary"))
    dlg.widgets["start_date"].set_value(date(2024, 1, 1))
    assert not dlg.save()
    assert "陈文" in dlg.error_labels["post"].text()


def test_delete_a_post_asks_first(qtbot, county_db, chinese, messages):
    """Deleting 陈文's director post tombstones that row only, after a yes, and 青山社区 is no
    longer one-shoulder; a no leaves everything as it was."""
    from sqlalchemy import select

    from tests.today import TEST_TODAY
    from vcadre.services.stats import headline, one_shoulder_condition
    from vcadre.store.models import Region, VillagePost

    qingshan = village_id(county_db, "青山社区")

    def state():
        with county_db.session() as s:
            rows = s.execute(select(VillagePost.post, VillagePost.deleted)
                             .where(VillagePost.village_id == qingshan).order_by(VillagePost.post)).all()
            one = s.scalar(select(Region.id).where(Region.id == qingshan, one_shoulder_condition(TEST_TODAY)))
            return [tuple(r) for r in rows], one is not None, headline(s, as_of=TEST_TODAY).one_shoulder_villages

    assert state() == ([("director", False), ("secretary", False)], True, 1)
    dlg = VillagePostsDialog(county_db, qingshan)
    qtbot.addWidget(dlg)
    rows = {dlg.table.item(r, 1).text(): r for r in range(dlg.table.rowCount())}
    assert set(rows) == {"村党组织书记", "村（居）民委员会主任"}
    dlg.table.selectRow(rows["村（居）民委员会主任"])
    messages.confirm_answer = False
    qtbot.mouseClick(dlg.delete_button, Qt.MouseButton.LeftButton)
    assert messages.texts("confirm") and "陈文 村（居）民委员会主任" in messages.texts("confirm")[-1]
    assert dlg.table.rowCount() == 2 and not dlg.changed
    assert state() == ([("director", False), ("secretary", False)], True, 1)
    messages.confirm_answer = True
    qtbot.mouseClick(dlg.delete_button, Qt.MouseButton.LeftButton)
    assert dlg.changed and dlg.table.rowCount() == 1
    assert (dlg.table.item(0, 0).text(), dlg.table.item(0, 1).text()) == ("陈文", "村党组织书记")
    assert state() == ([("director", True), ("secretary", False)], False, 0)


def test_dates_parse_loosely():
    assert forms.parse_date("2024/3/5") == date(2024, 3, 5)
    assert forms.parse_date("2024年3月5日") == date(2024, 3, 5)
    assert forms.parse_date("20240305") == date(2024, 3, 5)
    assert forms.parse_date(" ") is None


def test_start_up_imports_no_plotting_or_pdf(tmp_path):
    """The window opens without importing matplotlib or reportlab (they cost ~1 s)."""
    code = (
        "import sys\n"
        "from vcadre.store.db import open_database\n"
        "from vcadre.ui.app import make_app, install_font\n"
        "app = make_app(); install_font(app)\n"
        "from vcadre.ui.main_window import MainWindow\n"
        "from vcadre.ui.settings import Settings\n"
        f"db = open_database({str(tmp_path / 'x.db')!r}, create=True)\n"
        "w = MainWindow(Settings()); w.set_database(db); w.show(); app.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'reportlab', 'openpyxl')))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("kind", ["choose-one", "trainees"])
def test_person_search_says_when_more_persons_match_than_it_shows(qtbot, qtmodeltester, county_db, chinese,
                                                                 monkeypatch, kind):
    """A broad search shows its first hits in name order (read off an index, never all of them)
    and says that more match; narrowed to fewer than it shows, the notice goes."""
    from vcadre.ui.training_people import PeoplePickerDialog

    cls = PersonSearchDialog if kind == "choose-one" else PeoplePickerDialog
    monkeypatch.setattr(cls, "LIMIT", 2)
    dlg = cls(county_db)
    qtbot.addWidget(dlg)
    table = dlg.table if kind == "choose-one" else dlg.results
    with county_db.session() as s:
        first = [h.name for h in persons.search(s, "1", 3)]
        one = persons.search(s, "wjg", 3)
    assert len(first) == 3 and len(one) == 1
    type_text(qtbot, dlg.search, "1")
    model = table.model()
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == first[:2]
    assert dlg.more.text() == "只显示了前 2 个结果，还有更多人符合：请再多输入几个字缩小范围。"
    dlg.search.clear()
    type_text(qtbot, dlg.search, "wjg")
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["王建国"]
    assert dlg.more.text() == ""
