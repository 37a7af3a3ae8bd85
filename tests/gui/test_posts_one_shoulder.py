"""The 一肩挑 tab end to end: a director changed through the village's posts dialog makes the
village one-shoulder and the status, the township rate and the chart follow; "as of" shows the
past; the election helper on one township; plans; the chart saved as PNG; no matplotlib until a
chart is shown."""

from __future__ import annotations

from tests.today import TEST_TODAY
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from vcadre.services import persons, posts
from vcadre.store.models import Region, VillagePost
from vcadre.ui import posts_rates as rates_ui
from vcadre.ui.forms import PersonSearchDialog, RecordDialog
from vcadre.ui.posts_election import COL_NEW_DIR, COL_NEW_SEC, COL_OTHERS, ElectionDialog, OtherPostsDialog
from vcadre.ui.region_tree import RegionIdRole
from vcadre.ui.tabs.posts import VillagePostsDialog

from .conftest import type_text

TODAY = TEST_TODAY


def show_posts(qtbot, window):
    tab = window.posts
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.is_loaded() and tab.rates_panel.rates is not None)
    return tab


def row_of(tab, village: str) -> int:
    col = tab.model.listing.column_index("village")
    return next(r for r in range(tab.model.rowCount()) if tab.model.index(r, col).data() == village)


def cell(tab, village: str, key: str) -> str:
    return tab.model.index(row_of(tab, village), tab.model.listing.column_index(key)).data()


def hit(db, name: str):
    with db.session() as s:
        return persons.search(s, name)[0]


def region_id(db, name: str) -> str:
    with db.session() as s:
        return s.scalar(select(Region.id).where(Region.name == name))


def select_township(qtbot, window, name: str) -> None:
    tree = window.region_tree
    model = tree.model()
    county = model.index(0, 0)
    tree.expand(county)
    township = next(model.index(r, 0, county) for r in range(model.rowCount(county))
                    if model.index(r, 0, county).data() == name)
    with qtbot.waitSignal(tree.regionChanged):
        tree.setCurrentIndex(township)
    assert tree.current_region() == township.data(RegionIdRole)


def bar_heights(panel) -> dict[str, float]:
    ax = panel.bar_page.figure.axes[0]
    names = [t.get_text() for t in ax.get_xticklabels()]
    return dict(zip(names, [round(p.get_height(), 4) for p in ax.patches]))


def test_a_new_director_makes_the_village_one_shoulder_and_rates_and_chart_follow(
        qtbot, window, county_db, monkeypatch):
    shiqiao = region_id(county_db, "石桥村")
    # 石桥村: 王建国 is secretary; 张龙敏 has been director since 2021.
    with county_db.session() as s, s.begin():
        posts.save(s, None, {"person_id": hit(county_db, "张龙敏").id, "village_id": shiqiao,
                             "post": "director", "start_date": "2021-05-20", "origin": "election"})
    tab = show_posts(qtbot, window)
    panel = tab.rates_panel
    assert (cell(tab, "石桥村", "director"), cell(tab, "石桥村", "one_shoulder")) == ("张龙敏", "否")
    assert panel.township_row("龙场镇") == (2, 0, "0.0%")
    assert panel.total_label.text() == f"截至 {TODAY}，“一肩挑”村 1 个，共 4 个村（社区），比例 25.0%"
    panel.tabs.setCurrentWidget(panel.bar_page)
    qtbot.waitUntil(lambda: panel.bar_page.canvas is not None)
    assert bar_heights(panel) == {"龙场镇": 0.0, "金凤街道": 0.5}

    # In the village's posts dialog: 张龙敏 leaves on 2024-09-30, 王建国 is elected director.
    def edit_old(cls, parent, db, service, kind, record_id=None, **kwargs):
        dlg = cls(db, service, kind, record_id, parent=parent, **kwargs)
        qtbot.addWidget(dlg)
        if record_id is None:  # the new post
            dlg.widgets["person_id"].set_hit(hit(db, "王建国"))
            dlg.widgets["post"].setCurrentIndex(dlg.widgets["post"].findData("director"))
            qtbot.keyClicks(dlg.widgets["start_date"].edit, "2024-10-01")
        else:
            qtbot.keyClicks(dlg.widgets["end_date"].edit, "2024-09-30")
        dlg.accept()
        assert dlg.error_text() == ""
        return dlg.saved_id

    def drive(dlg):
        director = next(r for r in range(dlg.table.rowCount()) if dlg.table.item(r, 0).text() == "张龙敏")
        dlg.table.selectRow(director)
        qtbot.mouseClick(dlg.edit_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
        assert dlg.table.rowCount() == 3
        return QDialog.DialogCode.Rejected  # closed with the Close button

    monkeypatch.setattr(RecordDialog, "ask", classmethod(edit_old))
    monkeypatch.setattr(VillagePostsDialog, "exec", drive)
    tab.table.selectRow(row_of(tab, "石桥村"))
    with qtbot.waitSignal(panel.updated):
        qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)

    assert (cell(tab, "石桥村", "director"), cell(tab, "石桥村", "one_shoulder"),
            cell(tab, "石桥村", "since")) == ("王建国", "是", "2024-10-01")
    assert panel.township_row("龙场镇") == (2, 1, "50.0%")
    assert panel.township_row("合计") == (4, 2, "50.0%")
    assert bar_heights(panel) == {"龙场镇": 0.5, "金凤街道": 0.5}  # the chart was redrawn
    # The timeline has the new step.
    assert [(p.day, p.one_shoulder) for p in panel.timeline][-2:] == [(date(2024, 10, 1), 2), (TODAY, 2)]

    # As of a day before the change, everything shows the past.
    with qtbot.waitSignal(panel.updated):
        tab.set_as_of(date(2024, 9, 1))
    assert (cell(tab, "石桥村", "director"), cell(tab, "石桥村", "one_shoulder")) == ("张龙敏", "否")
    assert panel.township_row("龙场镇") == (2, 0, "0.0%")
    assert panel.total_label.text().startswith("截至 2024-09-01")
    qtbot.mouseClick(tab.today_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.township_row("龙场镇") == (2, 1, "50.0%"))


def test_the_model_passes_the_tester_on_another_day(qtbot, qtmodeltester, window):
    tab = show_posts(qtbot, window)
    tab.set_as_of(date(2020, 1, 1))
    qtbot.waitUntil(lambda: tab.model.query().as_of == date(2020, 1, 1))
    assert cell(tab, "青山社区", "one_shoulder") == "否"
    qtmodeltester.check(tab.model)


def test_election_helper_on_one_township(qtbot, window, county_db, messages, monkeypatch):
    tab = show_posts(qtbot, window)
    select_township(qtbot, window, "龙场镇")
    assert tab.model.total() == 2

    def drive(dlg: ElectionDialog):
        assert [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())] == ["青山村", "石桥村"]
        dlg.set_election_date(date(2026, 12, 1))
        qingshan, shiqiao = 0, 1
        assert dlg.table.item(shiqiao, COL_NEW_SEC).text() == "王建国"  # re-elected unless changed
        # 青山村 elects 张龙敏 secretary (chosen through the person search) and ticks "one person".
        monkeypatch.setattr(PersonSearchDialog, "ask", classmethod(lambda cls, *a, **k: hit(county_db, "张龙敏")))
        dlg.table.selectRow(qingshan)
        qtbot.mouseClick(dlg.choose_sec, Qt.MouseButton.LeftButton)
        dlg.set_one_person(qingshan, True)
        assert dlg.table.item(qingshan, COL_NEW_DIR).text() == "张龙敏"
        assert dlg.table.item(qingshan, COL_NEW_DIR).font().bold()  # a change, shown as one
        dlg.accept()
        assert dlg.error_label.isHidden(), dlg.error_label.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ElectionDialog, "exec", drive)
    with qtbot.waitSignal(tab.rates_panel.updated):
        qtbot.mouseClick(tab.election_button, Qt.MouseButton.LeftButton)
    assert any("换届结果已保存" in t and "结束原任职 1 条" in t for t in messages.texts("info"))
    assert any("2026-12-01" in t for t in messages.texts("confirm"))
    with qtbot.waitSignal(tab.rates_panel.updated):
        tab.set_as_of(date(2026, 12, 1))
    assert (cell(tab, "青山村", "secretary"), cell(tab, "青山村", "one_shoulder"),
            cell(tab, "青山村", "since")) == ("张龙敏", "是", "2026-12-01")
    assert cell(tab, "石桥村", "secretary") == "王建国"
    assert tab.rates_panel.township_row("龙场镇") == (2, 1, "50.0%")
    with county_db.session() as s:
        wang = s.execute(select(VillagePost.start_date, VillagePost.end_date, VillagePost.origin)
                         .where(VillagePost.village_id == region_id(county_db, "石桥村"))
                         .order_by(VillagePost.start_date)).all()
        assert wang == [(date(2021, 5, 1), date(2026, 11, 30), "election"), (date(2026, 12, 1), None, "election")]
        # The other township is untouched: 陈文 still holds both posts of 青山社区, open-ended.
        chen = s.scalars(select(VillagePost.end_date).where(
            VillagePost.village_id == region_id(county_db, "青山社区"))).all()
        assert chen == [None, None]


def test_election_refused_for_a_deleted_person_writes_nothing(qtbot, county_db, chinese, messages):
    with county_db.session() as s, s.begin():
        from vcadre.store.models import Person

        s.scalar(select(Person).where(Person.name == "张龙敏")).deleted = True
        gone = s.scalar(select(Person.id).where(Person.name == "张龙敏"))
    dlg = ElectionDialog(county_db, region_id(county_db, "龙场镇"))
    qtbot.addWidget(dlg)
    dlg.set_election_date(date(2026, 12, 1))
    dlg.set_pick(0, "secretary", (gone, "张龙敏"))
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert "青山村的村党组织书记人选“张龙敏”已被删除，不能任职。" in dlg.error_label.text()
    assert not dlg.error_label.isHidden()
    with county_db.session() as s:
        assert s.scalars(select(VillagePost.end_date)).all() == [None, None, None]


def test_plan_for_a_village_that_is_not_one_shoulder(qtbot, window, county_db, monkeypatch):
    tab = show_posts(qtbot, window)
    answers = iter(["周明", "赵丽"])  # 周明 is a dispatched cadre, not in the reserve pool

    def fill(cls, parent, db, service, kind, record_id=None, **kwargs):
        dlg = cls(db, service, kind, record_id, parent=parent, **kwargs)
        qtbot.addWidget(dlg)
        type_text(qtbot, dlg.widgets["reason"], "主任非党员")
        type_text(qtbot, dlg.widgets["plan"], "发展入党，换届时推选")
        qtbot.keyClicks(dlg.widgets["target_date"].edit, "2026-12-31")
        dlg.widgets["candidate_id"].set_hit(hit(db, next(answers)))
        assert not dlg.save()
        assert "不在村级后备力量库中" in dlg.error_labels["candidate_id"].text()
        dlg.widgets["candidate_id"].set_hit(hit(db, next(answers)))
        dlg.accept()
        assert dlg.saved_id is not None
        return dlg.saved_id

    monkeypatch.setattr(RecordDialog, "ask", classmethod(fill))
    tab.table.selectRow(row_of(tab, "化垮社区"))
    assert tab.plan_button.isEnabled()
    qtbot.mouseClick(tab.plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(tab, "化垮社区", "candidate") == "赵丽")
    assert (cell(tab, "化垮社区", "reason"), cell(tab, "化垮社区", "target_date")) == ("主任非党员", "2026-12-31")
    assert tab.model.headerData(tab.model.listing.column_index("reason"), Qt.Orientation.Horizontal) == "未实现原因"


def test_charts_are_saved_as_png(qtbot, window, tmp_path, monkeypatch, messages):
    tab = show_posts(qtbot, window)
    panel = tab.rates_panel
    for page, name in ((panel.bar_page, "bar.png"), (panel.timeline_page, "timeline.png")):
        panel.tabs.setCurrentWidget(page)
        qtbot.waitUntil(lambda page=page: page.canvas is not None)
        monkeypatch.setattr(rates_ui, "ask_png_path", lambda parent, default, n=name: tmp_path / n)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        data = (tmp_path / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert len(messages.texts("info")) == 2
    # The chart is drawn in the bundled CJK font.
    title = panel.bar_page.figure.axes[0].get_title()
    assert "一肩挑" in title
    assert panel.bar_page.figure.axes[0].title.get_fontfamily() == ["WenQuanYi Micro Hei"]


def test_posts_tab_shown_without_loading_matplotlib(tmp_path):
    """The tab with its rates opens without matplotlib: only showing a chart page imports it."""
    code = (
        "import sys\n"
        "from vcadre.store.db import open_database\n"
        "from vcadre.ui.app import make_app, install_font\n"
        "from vcadre.ui import jobs\n"
        "app = make_app(); install_font(app); jobs.set_pool(jobs.SyncPool())\n"
        "from vcadre.ui.main_window import MainWindow\n"
        "from vcadre.ui.settings import Settings\n"
        f"db = open_database({str(tmp_path / 'x.db')!r}, create=True)\n"
        "w = MainWindow(Settings()); w.set_database(db); w.show()\n"
        "w.tabs.setCurrentWidget(w.posts); app.processEvents(); app.processEvents()\n"
        "assert w.posts.rates_panel.rates is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
        "w.posts.rates_panel.tabs.setCurrentIndex(1); app.processEvents()\n"
        "print('matplotlib' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root),
           "VCADRE_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-2:] == ["[]", "True"]


def test_election_re_enters_every_post_not_only_secretary_and_director(qtbot, county_db, chinese, messages,
                                                                         monkeypatch):
    """Issue 17 item 5: 换届 ended every post but re-entered only 书记 and 主任."""
    shiqiao = region_id(county_db, "石桥村")
    team = [("director", "李红梅"), ("deputy_secretary", "张龙敏"), ("committee_member", "张龙敏"),
            ("committee_member", "赵丽"), ("supervision_director", "周明")]
    with county_db.session() as s, s.begin():
        for post, name in team:
            posts.save(s, None, {"person_id": hit(county_db, name).id, "village_id": shiqiao, "post": post,
                                 "start_date": "2021-05-01", "origin": "election"})
        # A member who left before the election is not re-entered.
        posts.save(s, None, {"person_id": hit(county_db, "陈文").id, "village_id": shiqiao,
                             "post": "party_committee", "start_date": "2021-05-01", "end_date": "2023-01-01",
                             "origin": "election"})
    dlg = ElectionDialog(county_db, region_id(county_db, "龙场镇"))
    qtbot.addWidget(dlg)
    dlg.set_election_date(date(2026, 12, 1))
    row = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())].index("石桥村")
    others = dlg.table.item(row, COL_OTHERS).text()
    assert "赵丽" in others and "周明" in others and "陈文" not in others
    # In the village's list: 赵丽 is not re-elected; 陈文 joins the Party committee.
    def edit(other: OtherPostsDialog):
        zhao = next(i for i in range(other.list.count()) if other.list.item(i).text().endswith("赵丽"))
        other.list.item(zhao).setSelected(True)
        qtbot.mouseClick(other.remove_button, Qt.MouseButton.LeftButton)
        other.post_combo.setCurrentIndex(other.post_combo.findData("party_committee"))
        qtbot.mouseClick(other.add_button, Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OtherPostsDialog, "exec", edit)
    monkeypatch.setattr(PersonSearchDialog, "ask", classmethod(lambda cls, *a, **k: hit(county_db, "陈文")))
    dlg.table.selectRow(row)
    qtbot.mouseClick(dlg.others_button, Qt.MouseButton.LeftButton)
    assert "赵丽" not in dlg.table.item(row, COL_OTHERS).text()
    assert dlg.table.item(row, COL_OTHERS).font().bold()  # changed by this election
    dlg.accept()
    assert dlg.error_label.isHidden(), dlg.error_label.text()
    assert dlg.result() == QDialog.DialogCode.Accepted
    with county_db.session() as s:
        from vcadre.store.models import Person
        new = set(s.execute(select(VillagePost.post, Person.name).join(Person, Person.id == VillagePost.person_id)
                            .where(VillagePost.village_id == shiqiao,
                                   VillagePost.start_date == date(2026, 12, 1))).all())
    assert new == {("secretary", "王建国"), ("director", "李红梅"), ("deputy_secretary", "张龙敏"),
                   ("committee_member", "张龙敏"), ("supervision_director", "周明"), ("party_committee", "陈文")}
    assert dlg.summary.created == 6 + 0  # 青山村 had no posts
