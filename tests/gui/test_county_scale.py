"""Desk workflows on the whole demo county, wrapped in the heartbeat: no step may hold the GUI
thread more than ``heartbeat.LIMIT_S`` (issue 17 item 2: 年度考核 at county scope froze for
minutes; a certificate preview held the window 36 s)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from tests.today import TEST_TODAY
from vcadre.store.models import Assessment, Enrolment, TrainingSession
from vcadre.ui import jobs

from .heartbeat import Heartbeat


def test_annual_review_of_the_whole_county(qtbot, qtmodeltester, demo_window, demo_db, messages):
    jobs.set_pool(None)  # the real thread pool: saving runs on a worker as it does for users
    window = demo_window
    tab = window.talent
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    year = TEST_TODAY.year
    with Heartbeat(qtbot) as hb:
        hb.step("open")
        tab.review_button.click()
        dlg = tab.dialog_extra
        qtbot.waitExposed(dlg)
        total = dlg.model.rowCount()
        assert total > 3000
        hb.step("scroll to the end")
        dlg.table.scrollToBottom()
        hb.step("only not yet reviewed")
        dlg.only_missing.click()
        hb.step("change year")
        qtbot.keyClick(dlg.year, Qt.Key.Key_Down)
        assert dlg.year.value() == year - 1
        hb.step("back to this year, everyone")
        dlg.only_missing.click()
        dlg.year.setValue(year)
        assert dlg.model.rowCount() == total
        hb.step("set all")
        dlg.select_all.click()
        dlg.result_combo.setCurrentIndex(dlg.result_combo.findData("competent"))
        dlg.apply_button.click()
        assert len(dlg.pending()) == total
        hb.step("save")
        with qtbot.waitSignal(dlg.finished, timeout=120_000):
            dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    assert dlg.saved > 0 and messages.texts("error") == []
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assessment).where(
            Assessment.year == year, Assessment.result == "competent", Assessment.deleted.is_(False))) == total
    qtmodeltester.check(dlg.model)


def test_certificate_preview_of_a_large_class(qtbot, demo_window, demo_db, messages):
    jobs.set_pool(None)
    with demo_db.session() as s:
        big = s.execute(select(TrainingSession.id, func.count()).join(Enrolment, Enrolment.session_id == TrainingSession.id)
                        .where(Enrolment.certificate_no.is_not(None), Enrolment.deleted.is_(False))
                        .group_by(TrainingSession.id).order_by(func.count().desc()).limit(1)).one()
    window = demo_window
    tab = window.training
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.is_loaded())
    with Heartbeat(qtbot) as hb:
        hb.step("open the class")
        from vcadre.ui.training_class import TrainingClassDialog
        dlg = TrainingClassDialog(demo_db, big.id, False, window)
        qtbot.addWidget(dlg)
        dlg.show()
        hb.step("certificates tab")
        cert = dlg.certificates
        dlg.tabs.setCurrentWidget(cert)
        hb.step("preview")
        qtbot.mouseClick(cert.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: cert.preview_dialog is not None, timeout=600_000)
        preview = cert.preview_dialog
        qtbot.waitExposed(preview)
        qtbot.waitUntil(lambda: preview.pages.rendered > 0)
        hb.step("to the last page")
        preview.show_page(preview.page_count())
        qtbot.waitUntil(lambda: preview.current_page() == preview.page_count())
    assert preview.page_count() == big[1]
    assert preview.pages.rendered < 20
    preview.close()
    dlg.close()
