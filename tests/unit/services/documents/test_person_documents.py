"""Photos, the person-to-form mapping, .lrmx round trip and import preview, the printed forms."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from vcadre.services import person_card, posts
from vcadre.services.documents import lrmx, person_form, photos
from vcadre.services.errors import ValidationError
from vcadre.store.models import FamilyMember, Person, PersonDetail, PersonPhoto


def picture(w: int = 900, h: int = 1200, fmt: str = "JPEG") -> bytes:
    img = Image.new("RGB", (w, h), (60, 100, 190))
    d = ImageDraw.Draw(img)
    d.ellipse((w * 0.3, h * 0.15, w * 0.7, h * 0.5), fill=(230, 190, 160))
    for i in range(0, w, 7):  # detail, so JPEG has something to compress
        d.line((i, h * 0.6, w - i, h), fill=((i * 37) % 255, (i * 91) % 255, (i * 13) % 255))
    buf = io.BytesIO()
    img.save(buf, fmt, quality=95)
    return buf.getvalue()


# ------------------------------------------------------------------ photos

@pytest.mark.parametrize("size", [(900, 1200), (1600, 900), (400, 2000), (300, 420)])
def test_photo_is_cropped_to_two_inch_and_small(size) -> None:
    p = photos.prepare(picture(*size))
    assert abs(p.width / p.height - 5 / 7) < 0.01
    assert p.width <= 300 and len(p.jpeg) <= 60 * 1024
    with Image.open(io.BytesIO(p.jpeg)) as img:
        assert img.format == "JPEG" and img.size == (p.width, p.height)


def test_photo_refuses_non_images_and_tiny_ones() -> None:
    with pytest.raises(ValidationError, match="不是可以识别的图片"):
        photos.prepare(b"not an image")
    with pytest.raises(ValidationError, match="太小"):
        photos.prepare(picture(60, 80))


def test_set_photo_replaces_and_syncs_as_one_live_row(db, county_class) -> None:
    pid = county_class["persons"]["杨媛雪"]
    with db.session() as s, s.begin():
        photos.set_photo(s, pid, photos.prepare(picture()), "a.jpg")
    with db.session() as s, s.begin():
        second = photos.prepare(picture(1000, 1400, "PNG"))
        photos.set_photo(s, pid, second, "b.png")
    with db.session() as s:
        assert photos.photo_of(s, pid) == second.jpeg
        assert s.scalar(select(func.count()).select_from(PersonPhoto).where(PersonPhoto.deleted.is_(False))) == 1
    with db.session() as s, s.begin():
        assert photos.remove_photo(s, pid) and not photos.remove_photo(s, pid)
    with db.session() as s:
        assert photos.photo_of(s, pid) is None


def test_folder_import_by_id_number_and_name(db, county_class, tmp_path: Path) -> None:
    folder = tmp_path / "照片"
    folder.mkdir()
    with db.session() as s:
        number = s.get(Person, county_class["persons"]["王建国"]).id_number
    (folder / f"{number}.jpg").write_bytes(picture())
    (folder / "杨媛雪.png").write_bytes(picture(fmt="PNG"))
    (folder / "无此人.jpg").write_bytes(picture())
    (folder / "阿依古丽·买买提.jpg").write_bytes(b"broken")
    (folder / "说明.txt").write_text("not a photo", encoding="utf-8")
    with db.session() as s:
        plan = photos.plan_folder(s, folder)
    by = {m.file.name: m for m in plan}
    assert len(plan) == 4  # the .txt is not looked at
    assert by[f"{number}.jpg"].status == photos.OK and by[f"{number}.jpg"].name == "王建国"
    assert by["杨媛雪.png"].status == photos.OK
    assert by["无此人.jpg"].status == photos.NO_MATCH
    assert by["阿依古丽·买买提.jpg"].status == photos.BAD_IMAGE
    with db.session() as s, s.begin():
        assert photos.apply_plan(s, plan) == 2
    with db.session() as s:
        assert set(photos.photos_of(s, county_class["persons"].values())) == {
            county_class["persons"]["王建国"], county_class["persons"]["杨媛雪"]}


def test_folder_import_refuses_a_shared_name(db, county_class, tmp_path: Path) -> None:
    with db.session() as s, s.begin():
        s.add(Person(name="杨媛雪", gender="2"))
    (tmp_path / "杨媛雪.jpg").write_bytes(picture())
    with db.session() as s:
        (m,) = photos.plan_folder(s, tmp_path)
    assert m.status == photos.AMBIGUOUS and "身份证号码" in m.reason


# ------------------------------------------------------------------ form mapping and .lrmx

def _with_post(db, county_class) -> str:
    pid = county_class["persons"]["王建国"]
    with db.session() as s, s.begin():
        posts.save(s, None, {"person_id": pid, "village_id": county_class["village"], "post": "secretary",
                             "start_date": date(2018, 1, 5), "end_date": date(2021, 1, 4)})
        posts.save(s, None, {"person_id": pid, "village_id": county_class["village"], "post": "secretary",
                             "start_date": date(2021, 1, 5)})
        posts.save(s, None, {"person_id": pid, "village_id": county_class["village"], "post": "director",
                             "start_date": date(2021, 1, 5)})
    return pid


def test_form_values_come_from_record_details_and_posts(db, county_class) -> None:
    pid = _with_post(db, county_class)
    with db.session() as s:
        f = person_form.form_of(s, pid)
        masked = person_form.form_of(s, pid, show_id=False)
    assert f.get("XingMing") == "王建国" and f.get("XingBie") == "男" and f.get("ChuShengNianYue") == "197909"
    assert f.get("XianRenZhiWu") == "龙场镇青山村党组织书记、龙场镇青山村民委员会主任"
    # Re-election continues one line; open posts end in blanks.
    assert f.get("JianLi").splitlines()[0].startswith("2018.01--         龙场镇青山村党组织书记")
    assert {"XianRenZhiWu", "JianLi"} <= f.derived
    assert len(f.get("ShenFenZheng")) == 18 and "*" in masked.get("ShenFenZheng")


def test_lrmx_round_trip_changes_nothing(db, county_class, tmp_path: Path) -> None:
    pid = _with_post(db, county_class)
    with db.session() as s, s.begin():
        photos.set_photo(s, pid, photos.prepare(picture()))
        s.add(PersonDetail(person_id=pid, field="ChuShengDi", value="贵州织金"))
        s.add(PersonDetail(person_id=pid, field="JiangChengQingKuang", value="2022年被评为优秀村党组织书记"))
        s.add(FamilyMember(person_id=pid, position=0, relation="妻子", name="李梅", birth="198205",
                           political_status="群众", work="务农"))
    out = tmp_path / "王建国.lrmx"
    with db.session() as s:
        lrmx.export_person(s, pid, out)
        before = person_form.form_of(s, pid)
    xml = out.read_text("utf-8")
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Person>')
    assert "<XingMing>王建国</XingMing>" in xml and "<ChengWei>妻子</ChengWei>" in xml and "<Version>" in xml
    record = lrmx.read_lrmx(out)
    with db.session() as s:
        plan = lrmx.plan_import(s, record, pid)
    assert plan.changes == [] and plan.errors == [] and not plan.new_person
    with db.session() as s:
        plan_by_number = lrmx.plan_import(s, record)
    assert plan_by_number.person_id == pid and plan_by_number.changes == []
    with db.session() as s, s.begin():
        lrmx.apply_import(s, plan)
    with db.session() as s:
        after = person_form.form_of(s, pid)
    assert after.values == before.values and after.family == before.family and after.photo == before.photo


def test_lrmx_import_preview_lists_changes_then_writes_them(db, county_class, tmp_path: Path) -> None:
    pid = county_class["persons"]["杨媛雪"]
    out = tmp_path / "a.lrmx"
    with db.session() as s:
        lrmx.export_person(s, pid, out)
    xml = out.read_text("utf-8")
    xml = xml.replace("<ChuShengDi />", "<ChuShengDi>贵州毕节</ChuShengDi>")
    xml = xml.replace("<JiGuan />", "<JiGuan>贵州织金</JiGuan>")
    xml = xml.replace("<QuanRiZhiJiaoYu_XueLi />", "<QuanRiZhiJiaoYu_XueLi>大学本科</QuanRiZhiJiaoYu_XueLi>")
    xml = xml.replace("<JiaTingChengYuan />", "<JiaTingChengYuan><Item><ChengWei>父亲</ChengWei><XingMing>杨大山"
                      "</XingMing><ChuShengRiQi>196003</ChuShengRiQi><ZhengZhiMianMao>中共党员</ZhengZhiMianMao>"
                      "<GongZuoDanWeiJiZhiWu>务农</GongZuoDanWeiJiZhiWu></Item></JiaTingChengYuan><Extra>x</Extra>")
    out.write_text(xml, "utf-8")
    with db.session() as s:
        plan = lrmx.plan_import(s, lrmx.read_lrmx(out), pid)
    assert [c.label for c in plan.changes] == ["籍贯", "全日制教育学历", "出生地", "家庭主要成员及重要社会关系"]
    assert plan.ignored == ["Extra"]
    with db.session() as s:  # preview wrote nothing
        assert person_form.form_of(s, pid).get("ChuShengDi") == ""
    with db.session() as s, s.begin():
        lrmx.apply_import(s, plan)
    with db.session() as s:
        f = person_form.form_of(s, pid)
        p = s.get(Person, pid)
    assert (f.get("ChuShengDi"), p.native_place, p.education) == ("贵州毕节", "贵州织金", "21")
    assert [m.name for m in f.family] == ["杨大山"]


def test_lrmx_import_errors_leave_the_database_untouched(db, county_class, tmp_path: Path) -> None:
    pid = county_class["persons"]["杨媛雪"]
    out = tmp_path / "b.lrmx"
    with db.session() as s:
        lrmx.export_person(s, pid, out)
    xml = out.read_text("utf-8")
    out.write_text(xml.replace("<ChuShengNianYue>198803", "<ChuShengNianYue>199907"), "utf-8")
    with db.session() as s:
        plan = lrmx.plan_import(s, lrmx.read_lrmx(out), pid)
    assert plan.errors and "身份证号码" in plan.errors[0]
    with pytest.raises(ValidationError):
        with db.session() as s, s.begin():
            lrmx.apply_import(s, plan)
    bad = tmp_path / "c.lrmx"
    bad.write_text("<Persons><XingMing>x</XingMing></Persons>", "utf-8")
    with pytest.raises(ValidationError, match="根元素"):
        lrmx.read_lrmx(bad)
    bad.write_text("<Person><XingMing>x</Person>", "utf-8")
    with pytest.raises(ValidationError, match="XML 格式错误"):
        lrmx.read_lrmx(bad)


def test_lrmx_in_gb2312_and_a_new_person(db, county_class, tmp_path: Path) -> None:
    from vcadre.domain.idnumber import make_id_number

    number = make_id_number("520524", date(1990, 1, 15), 21)
    xml = ('<?xml version="1.0" encoding="gb2312"?>\n<Person><XingMing>张 三</XingMing><XingBie>男</XingBie>'
           f'<ChuShengNianYue>199001</ChuShengNianYue><MinZu>汉族</MinZu><ShenFenZheng>{number}</ShenFenZheng>'
           '<RuDangShiJian>2012.05</RuDangShiJian><JianLi>2012.07--2016.06  某大学学习\n2016.07--         某村</JianLi>'
           '</Person>')
    path = tmp_path / "张三.lrmx"
    path.write_bytes(xml.encode("gb2312"))
    with db.session() as s, s.begin():
        plan = lrmx.plan_import(s, lrmx.read_lrmx(path))
        assert plan.new_person and plan.name == "张三" and not plan.errors
        pid = lrmx.apply_import(s, plan)
    with db.session() as s:
        p = s.get(Person, pid)
        f = person_form.form_of(s, pid)
    assert (p.birth_date, p.party_join_date) == (date(1990, 1, 15), date(2012, 5, 1))
    assert f.get("JianLi").startswith("2012.07--2016.06") and "JianLi" not in f.derived


# ------------------------------------------------------------------ printed forms

def _text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: dev.py setup installs it")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_record_form_one_page_masked_song_embedded(db, county_class, tmp_path: Path) -> None:
    from vcadre.reports.person_forms import write_appointment_form, write_record_form

    pid = _with_post(db, county_class)
    with db.session() as s, s.begin():
        photos.set_photo(s, pid, photos.prepare(picture()))
        s.add(FamilyMember(person_id=pid, position=0, relation="妻子", name="李梅", birth="198205",
                           political_status="群众", work="务农"))
    with db.session() as s:
        card = person_card.card(s, pid)
        form = person_form.form_of(s, pid, show_id=False)
        full = person_form.form_of(s, pid, show_id=True)
    out = write_record_form(card, form, tmp_path / "人员信息表.pdf", unit="织金县委组织部")
    text = _text(out)
    for want in ("人 员 信 息 表", "王建国", "龙场镇青山村党组织书记", "年度学时合计", "40 学时",
                 "李梅", "身份证号码已脱敏", "织金县委组织部"):
        assert want in text, want
    assert full.get("ShenFenZheng") not in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "UMingCN" in fonts and all(" yes yes " in r for r in fonts.splitlines()[2:])
    rmb = write_appointment_form(full, tmp_path / "任免审批表.pdf")
    text = _text(rmb)
    for want in ("干 部 任 免 审 批 表", "王建国", "工作单位及职务", "（盖章）", "李梅", "党组织书记"):
        assert want in text, want
    assert "Pages:           2" in subprocess.run(["pdfinfo", str(rmb)], capture_output=True, text=True).stdout
