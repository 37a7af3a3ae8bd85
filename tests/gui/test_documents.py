"""Documents in the window: 证书核验 (number and scan), the person card's documents bar (record
form PDF, .lrmx export and import with preview, photo), 培训设置 layout, 文件 → 导入照片."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from vcadre.services import training_attendance, training_certificates, training_enrol, training_settings
from vcadre.services.documents import photos
from vcadre.services.documents.site_keys import ensure_local_key
from vcadre.store.models import Person, TrainingSession
from vcadre.ui.documents.person_docs import LrmxImportDialog, PersonDocumentsBar, PhotoFolderDialog
from vcadre.ui.documents.verify import CertificateVerifyDialog
from vcadre.ui.person_card import PersonCardDialog


def picture() -> bytes:
    img = Image.new("RGB", (700, 980), (60, 100, 190))
    ImageDraw.Draw(img).ellipse((200, 150, 500, 500), fill=(230, 190, 160))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def person_id(db, name: str) -> str:
    with db.session() as s:
        return s.scalar(select(Person.id).where(Person.name == name))


@pytest.fixture
def issued(county_db, tmp_path: Path) -> dict:
    """Three completers of the 2024 class with certificates, printed to a PDF and rendered."""
    db = county_db
    with db.session() as s:
        cid = s.scalar(select(TrainingSession.id).where(TrainingSession.title == "2024年村干部示范培训班"))
    people = [person_id(db, n) for n in ("张龙敏", "李红梅", "王建国")]
    with db.session() as s, s.begin():
        training_enrol.enrol(s, cid, people)
    with db.session() as s, s.begin():
        grid = training_attendance.grid(s, cid)
        ids = [r.id for r in training_enrol.roster(s, cid)]
        training_attendance.mark(s, cid, ids, grid.days, "present")
        numbers = training_certificates.issue(s, cid)
    ensure_local_key(db)
    from vcadre.reports.certificate import write_certificates

    pdf = tmp_path / "certs.pdf"
    with db.session() as s:
        write_certificates(training_certificates.certificates(s, cid), pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "scan")],
                   check=True)
    return {"class": cid, "numbers": numbers, "scan": next(tmp_path.glob("scan*.png")), "pdf": pdf}


def test_verify_dialog_by_number_and_by_scan(qtbot, window, issued, monkeypatch, tmp_path: Path) -> None:
    tab = window.training
    window.tabs.setCurrentWidget(tab)
    tab.verify_button.click()
    dlg = tab.verify_dialog
    assert isinstance(dlg, CertificateVerifyDialog)
    qtbot.waitExposed(dlg)
    dlg.number.setText(issued["numbers"][0].replace("〔", "[").replace("〕", "]"))
    dlg.verify_button.click()
    text = dlg.result.toPlainText()
    assert "核验结果：有效" in text and "2024年村干部示范培训班" in text and "测试县组织部" in text
    dlg.number.setText("织培〔1999〕001-0001号")
    dlg.verify_button.click()
    assert "核验结果：未找到" in dlg.result.toPlainText()
    monkeypatch.setattr(CertificateVerifyDialog, "ask_scan_path", classmethod(lambda cls, parent: issued["scan"]))
    dlg.scan_button.click()
    qtbot.waitUntil(lambda: bool(dlg.results))
    r = dlg.results[0]
    assert r.verdict == "valid" and r.source == "code" and r.number in issued["numbers"]
    assert "核验结果：有效" in dlg.result.toPlainText()
    blank = tmp_path / "blank.png"
    Image.new("L", (300, 300), 255).save(blank)
    monkeypatch.setattr(CertificateVerifyDialog, "ask_scan_path", classmethod(lambda cls, parent: blank))
    dlg.scan_button.click()
    qtbot.waitUntil(lambda: "没有找到二维码" in dlg.result.toPlainText())
    assert dlg.results == []


def test_verify_dialog_shows_revocation(qtbot, county_db, issued) -> None:
    with county_db.session() as s, s.begin():
        training_certificates.revoke_number(s, issued["numbers"][1], "重复颁发", date(2024, 6, 1))
    dlg = CertificateVerifyDialog(county_db)
    qtbot.addWidget(dlg)
    dlg.number.setText(issued["numbers"][1])
    qtbot.keyClick(dlg.number, "\r")
    text = dlg.result.toPlainText()
    assert "核验结果：已撤销" in text and "撤销理由：重复颁发" in text and "2024年06月01日" in text


def test_person_card_prints_record_form_and_shows_photo(qtbot, county_db, messages, monkeypatch, tmp_path) -> None:
    pid = person_id(county_db, "陈文")
    dlg = PersonCardDialog(county_db, pid)
    qtbot.addWidget(dlg)
    bar = dlg.documents
    assert isinstance(bar, PersonDocumentsBar) and dlg.photo is None
    photo_file = tmp_path / "陈文.jpg"
    photo_file.write_bytes(picture())
    monkeypatch.setattr(PersonDocumentsBar, "ask_open_path", classmethod(lambda cls, parent, pattern: photo_file))
    bar.photo_button.click()
    assert dlg.photo is not None and "photo:person" in dlg.html()
    out = tmp_path / "陈文-人员信息表.pdf"
    monkeypatch.setattr(PersonDocumentsBar, "ask_save_path", classmethod(lambda cls, parent, s, p: out))
    bar.form_pdf_button.click()
    assert messages.texts("info") and out.exists()
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "陈文" in text and "19650730" not in text and "青山社区" in text
    bar.show_id.setChecked(True)
    bar.form_pdf_button.click()
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "19650730" in text
    bar.print_button.click()
    preview = bar.preview_dialog
    assert preview is not None and preview.isVisible()
    preview.close()
    bar.remove_photo_button.click()
    assert dlg.photo is None and "photo:person" not in dlg.html()


def test_lrmx_export_then_import_with_preview(qtbot, county_db, messages, monkeypatch, tmp_path) -> None:
    pid = person_id(county_db, "王建国")
    dlg = PersonCardDialog(county_db, pid)
    qtbot.addWidget(dlg)
    bar = dlg.documents
    out = tmp_path / "王建国.lrmx"
    monkeypatch.setattr(PersonDocumentsBar, "ask_save_path", classmethod(lambda cls, parent, s, p: out))
    bar.lrmx_export_button.click()
    xml = out.read_text("utf-8")
    assert "<XingMing>王建国</XingMing>" in xml and "石桥村党组织书记" in xml
    out.write_text(xml.replace("<ChuShengDi />", "<ChuShengDi>贵州织金</ChuShengDi>")
                   .replace("<JianKangZhuangKuang />", "<JianKangZhuangKuang>健康</JianKangZhuangKuang>"), "utf-8")
    monkeypatch.setattr(PersonDocumentsBar, "ask_open_path", classmethod(lambda cls, parent, pattern: out))
    seen = {}

    def review() -> None:
        preview = bar.dialog
        assert isinstance(preview, LrmxImportDialog)
        table = preview.table
        seen["rows"] = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        seen["enabled"] = preview.ok.isEnabled()
        preview.ok.click()

    QTimer.singleShot(0, review)
    bar.lrmx_import_button.click()
    assert seen["rows"] == [["出生地", "", "贵州织金"], ["健康状况", "", "健康"]] and seen["enabled"]
    from vcadre.services.documents import person_form

    with county_db.session() as s:
        f = person_form.form_of(s, pid)
    assert (f.get("ChuShengDi"), f.get("JianKangZhuangKuang")) == ("贵州织金", "健康")


def test_training_settings_choose_the_insert_layout(qtbot, county_db) -> None:
    from vcadre.ui.training_people import TrainingSettingsDialog

    dlg = TrainingSettingsDialog(county_db)
    qtbot.addWidget(dlg)
    assert not dlg.insert_width.isEnabled()
    dlg.layout_choice.setCurrentIndex(dlg.layout_choice.findData("insert"))
    assert dlg.insert_width.isEnabled()
    dlg.insert_width.setValue(260)
    dlg.insert_height.setValue(185)
    dlg.photo.setChecked(True)
    dlg.accept()
    with county_db.session() as s:
        cfg = training_settings.load(s)
    assert (cfg.certificate_layout, cfg.insert_width_mm, cfg.insert_height_mm, cfg.certificate_photo) == (
        "insert", 260.0, 185.0, True)


def test_import_photos_from_a_folder(qtbot, window, messages, monkeypatch, tmp_path) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    (folder / "赵丽.jpg").write_bytes(picture())
    (folder / "无名氏.jpg").write_bytes(picture())
    monkeypatch.setattr(PhotoFolderDialog, "ask_folder", classmethod(lambda cls, parent: folder))
    seen = {}

    def review() -> None:
        dlg = next(w for w in window.findChildren(PhotoFolderDialog) if w.isVisible())
        seen["summary"] = dlg.summary.text()
        seen["ok"] = dlg.ok.text()
        dlg.ok.click()

    QTimer.singleShot(0, review)
    window.import_photos_action.trigger()
    assert "2" in seen["summary"] and "1" in seen["ok"]
    with window.db.session() as s:
        assert photos.photo_of(s, person_id(window.db, "赵丽")) is not None
    assert messages.texts("info")
