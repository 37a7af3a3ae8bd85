"""打印/导出 on the list tabs and the 概览 charts, driven through the real widgets."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.markers import needs_pdftotext
from vcadre.ui import roster_export
from vcadre.ui.tabs import overview as overview_mod


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture
def save_to(monkeypatch, tmp_path: Path):
    """Answer the save dialog with a file under tmp_path (the suffix asked for)."""
    asked = []

    def ask(parent, title, name, suffix):
        asked.append(name)
        return tmp_path / f"out{suffix}"

    monkeypatch.setattr(roster_export, "ask_save_path", ask)
    return asked


def _set_combo(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


@needs_pdftotext
def test_export_pdf_is_the_current_view(window, qtbot, tmp_path: Path, save_to, messages) -> None:
    window.tabs.setCurrentWidget(window.talent)
    tab = window.talent
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    _set_combo(tab.filter_combos["source"], "veteran")
    qtbot.waitUntil(lambda: tab.model.total() == 1)
    assert tab.roster.button.text() == "打印/导出"
    tab.roster.pdf_action.trigger()
    out = tmp_path / "out.pdf"
    assert out.exists() and save_to[0].startswith("后备干部花名册")
    text = pdf_text(out)
    assert "织金县村级后备干部花名册" in text and "来源：复退军人" in text
    assert "张龙敏" in text and "李红梅" not in text
    assert "520524********" in text  # masked by default
    assert any("已保存" in t or "out.pdf" in t for t in messages.texts("info"))


def test_export_excel_with_full_ids_when_asked(window, qtbot, tmp_path: Path, save_to) -> None:
    from openpyxl import load_workbook

    window.tabs.setCurrentWidget(window.talent)
    tab = window.talent
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    tab.roster.full_id_action.setChecked(True)
    tab.roster.xlsx_action.trigger()
    ws = load_workbook(tmp_path / "out.xlsx").active
    headers = [c.value for c in ws[3]]
    ids = [row[headers.index("身份证号")] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert len(ids) == 5 and all(len(i) == 18 and "*" not in i for i in ids)


@needs_pdftotext
def test_print_preview_opens_on_the_rendered_pdf(window, qtbot, tmp_path: Path, monkeypatch) -> None:
    """The preview shows the posts roster's pages (the PDF's text and the pages' ink), and the
    temporary PDF goes when it closes."""
    from PySide6.QtGui import QImage

    from vcadre.ui.pdf_print import page_count

    folder = tmp_path / "preview"
    monkeypatch.setattr(roster_export.tempfile, "mkdtemp", lambda prefix="": (folder.mkdir(), str(folder))[1])
    window.tabs.setCurrentWidget(window.posts)
    tab = window.posts
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    tab.roster.preview_action.trigger()
    dialog = tab.roster.preview_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "织金县村党组织书记、村（居）委会主任“一肩挑”情况表"
    (pdf,) = folder.glob("*.pdf")
    words = pdf_text(pdf).split()
    assert {"青山村", "石桥村", "化垮社区", "青山社区", "王建国", "陈文"} <= set(words)
    assert dialog.page_count() == page_count(pdf) == 1
    page = dialog.pages.index(0).data(Qt.ItemDataRole.DecorationRole)
    image = page.toImage() if not isinstance(page, QImage) else page
    dark = sum(image.pixelColor(x, y).lightness() < 100
               for y in range(0, image.height(), 3) for x in range(0, image.width(), 3))
    assert dark / ((image.width() // 3) * (image.height() // 3)) > 0.002  # text and rules, not a blank sheet
    dialog.close()
    qtbot.waitUntil(lambda: not folder.exists())


@needs_pdftotext
def test_training_tab_prints_sign_in_sheet_of_selected_class(window, qtbot, tmp_path: Path, save_to) -> None:
    window.tabs.setCurrentWidget(window.training)
    tab = window.training
    qtbot.waitUntil(lambda: tab.model.is_loaded() and tab.model.rowCount() > 0)
    tab.table.selectRow(0)
    tab.roster.menu.aboutToShow.emit()
    signin = tab.roster.class_actions[1]
    assert signin.isEnabled()
    signin.trigger()
    text = pdf_text(tmp_path / "out.pdf")
    assert "签到表" in text and "5月6日" in text and "5月10日" in text


# ------------------------------------------------------------------ dashboard


def _charts(window, qtbot):
    ov = window.overview
    qtbot.waitUntil(lambda: len(ov.charts) == 4, timeout=15000)
    return ov


def _click_bar(qtbot, panel, gid: str) -> None:
    panel.canvas.draw()
    bar = next(p for ax in panel.figure.axes for p in ax.patches if p.get_gid() == gid)
    box = bar.get_window_extent()
    ratio = panel.canvas.device_pixel_ratio or 1
    x = (box.x0 + box.x1) / 2 / ratio
    y = panel.canvas.height() - (box.y0 + box.y1) / 2 / ratio
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))


def bar_values(ov, chart: str) -> dict[str, float]:
    """Each bar's length (horizontal bars: the width) by its key, as drawn."""
    fig = ov.charts[chart].figure
    return {p.get_gid(): float(p.get_width()) for ax in fig.axes for p in ax.patches if p.get_gid()}


def _townships(db):
    from sqlalchemy import select

    from vcadre.store.models import Region

    with db.session() as s:
        return s.execute(select(Region.id, Region.name).where(Region.level == "township")).all()


def test_dashboard_charts_and_source_bar_filters_talent(window, qtbot) -> None:
    from vcadre.reports.charts import bar_keys

    ov = _charts(window, qtbot)
    assert set(ov.charts) == {"reserve_by_source", "reserve_by_stage", "trainees_per_year",
                              "one_shoulder_by_township"}
    # The bars say what the fixture holds: five entries from five sources, two of them 村后备干部,
    # no one enrolled in a class yet; 青山社区 (陈文 holds both posts) is 金凤街道's one village of two.
    assert bar_values(ov, "reserve_by_source") == {
        "source:rural_talent": 1, "source:veteran": 1, "source:retired_cadre": 1, "source:returned_graduate": 1,
        "source:young_entrepreneur": 1, "source:other": 0}
    assert bar_values(ov, "reserve_by_stage") == {"stage:talent": 1, "stage:reserve": 2, "stage:cadre": 1,
                                                 "stage:secretary": 1}
    assert bar_values(ov, "trainees_per_year") == {}
    towns = {t.name: f"township:{t.id}" for t in _townships(window.db)}
    assert bar_values(ov, "one_shoulder_by_township") == {towns["龙场镇"]: 0.0, towns["金凤街道"]: 50.0}
    assert "source:veteran" in bar_keys(ov.charts["reserve_by_source"].figure)
    assert ov.alerts_label.isVisible() and "村党组织书记空缺的村：2 个" in ov.alerts_label.text()
    _click_bar(qtbot, ov.charts["reserve_by_source"], "source:veteran")
    assert window.tabs.currentWidget() is window.talent
    assert window.talent.filter_combos["source"].currentData() == "veteran"
    qtbot.waitUntil(lambda: window.talent.model.total() == 1)


def test_township_bar_selects_it_in_the_tree_on_the_posts_tab(window, qtbot) -> None:
    ov = _charts(window, qtbot)
    panel = ov.charts["one_shoulder_by_township"]
    widest = max((p for p in panel.figure.axes[0].patches if p.get_gid()), key=lambda p: p.get_width())
    key = widest.get_gid()  # 青山社区's township: the one-shoulder village
    _click_bar(qtbot, panel, key)
    assert window.tabs.currentWidget() is window.posts
    assert window.region_tree.current_region() == key.split(":", 1)[1]


def test_year_bar_filters_training_and_the_filter_can_be_removed(window, qtbot) -> None:
    from sqlalchemy import select

    from vcadre.store.models import Enrolment, Person, TrainingSession

    ov = _charts(window, qtbot)
    with window.db.session() as s, s.begin():
        t = s.scalar(select(TrainingSession).where(TrainingSession.year == 2024))
        for pid in s.scalars(select(Person.id)):
            s.add(Enrolment(session_id=t.id, person_id=pid, hours_completed=40, result="completed"))
    with qtbot.waitSignal(ov.chartsReady, timeout=10000):
        ov.refresh()
    _click_bar(qtbot, ov.charts["trainees_per_year"], "year:2024")
    tab = window.training
    assert window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.model.is_loaded() and tab.model.total() == 1)
    assert tab.extra_button.isVisible() and "2024" in tab.extra_button.text()
    qtbot.mouseClick(tab.extra_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total() == 2)
    assert not tab.extra_button.isVisible()


def test_region_narrows_dashboard_and_chart_saves_as_png(window, qtbot, tmp_path: Path, monkeypatch) -> None:
    from vcadre.reports.charts import bar_keys

    ov = _charts(window, qtbot)
    with window.db.session() as s:
        from sqlalchemy import select

        from vcadre.store.models import Region

        town = s.scalar(select(Region.id).where(Region.name == "龙场镇"))
    with qtbot.waitSignal(ov.chartsReady, timeout=10000):
        window.region_tree.select_region(town) if window.region_tree.model().find(town).isValid() else \
            window.drill_down(f"township:{town}") or window.tabs.setCurrentWidget(ov)
    assert bar_keys(ov.charts["one_shoulder_by_township"].figure) == [f"township:{town}"]
    assert "龙场镇" in ov.heading.text()
    monkeypatch.setattr(overview_mod, "ask_png_path", lambda parent, name: str(tmp_path / f"{name}.png"))
    qtbot.mouseClick(ov.charts["reserve_by_stage"].save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "reserve_by_stage.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cancelled_export_writes_nothing_and_says_nothing(window, qtbot, tmp_path: Path, save_to, messages,
                                                          monkeypatch) -> None:
    from vcadre.ui import jobs

    def cancelled(self, done, total):  # the user pressed Cancel
        return False

    monkeypatch.setattr(jobs.Progress, "update", cancelled)
    monkeypatch.setattr(jobs.Progress, "__call__", cancelled)
    window.tabs.setCurrentWidget(window.talent)
    qtbot.waitUntil(lambda: window.talent.model.is_loaded())
    job = window.talent.roster.render(tmp_path / "out.pdf", "talent", None, lambda result: None)
    assert job.finished
    assert not (tmp_path / "out.pdf").exists() and not list(tmp_path.glob("*.part"))
    assert messages.shown == []
