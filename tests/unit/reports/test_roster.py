"""Rosters (花名册): PDF pages checked with pdftotext, Excel with openpyxl, the CLI end to end."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.markers import needs_pdftotext
from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.reports.roster import Cancelled, Roster, RosterColumn, write_pdf, write_xlsx
from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.store.db import open_database


def pdf_pages(path: Path) -> list[str]:
    """Text of each page (pdftotext separates pages with form feeds)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = out.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="module")
def county_file(tmp_path_factory) -> Path:
    from tests.gui.conftest import _build_small_county

    path = tmp_path_factory.mktemp("roster") / "county.db"
    _build_small_county(path)
    return path


@pytest.fixture
def county(county_file: Path, tmp_path: Path):
    dest = tmp_path / "county.db"
    shutil.copyfile(county_file, dest)
    db = open_database(dest)
    yield db
    db.close()


def _ids(db) -> dict[str, str]:
    from sqlalchemy import select

    from vcadre.store.models import Person, Region

    with db.session() as s:
        names = {n: i for i, n in s.execute(select(Region.id, Region.name))}
        names.update({n: (i, num) for i, n, num in s.execute(select(Person.id, Person.name, Person.id_number))})
    return names


# ------------------------------------------------------------------ the engine


def _long_roster(n: int = 130) -> Roster:
    cols = [RosterColumn("name", "姓名"), RosterColumn("village", "村（社区）"),
            RosterColumn("d", "入库时间", "date", "center"), RosterColumn("note", "备注", max_em=8)]
    rows = [(f"张{i:03d}", "青山村", date(2023, 3, 1), "这是一段很长的备注文字需要在单元格内换行显示" if i % 9 == 0 else "")
            for i in range(n)]
    return Roster("测试县村级后备干部花名册", cols, rows, filter_line="筛选条件：范围：全部　共 130 人",
                  unit="测试县委组织部", printed=date(2026, 11, 27), signature=True)


@needs_pdftotext
def test_every_page_has_title_header_and_page_x_of_y(tmp_path: Path) -> None:
    out = tmp_path / "名册.pdf"
    pages = write_pdf(_long_roster(), out)
    assert pages > 3
    texts = pdf_pages(out)
    assert len(texts) == pages
    for i, text in enumerate(texts, start=1):
        assert "测试县村级后备干部花名册" in text
        assert "序号" in text and "姓名" in text and "入库时间" in text  # the header row repeats
        assert f"第{i}页/共{pages}页" in "".join(text.split())
        assert "筛选条件：范围：全部" in text
        assert "制表单位：测试县委组织部" in text and "打印日期：2026年11月27日" in text
        assert "制表人：" in text and "审核人：" in text
    # Every row once, numbered 1..n, in order.
    flat = "".join(texts)
    positions = [flat.index(f"张{i:03d}") for i in range(130)]
    assert positions == sorted(positions)


@needs_pdftotext
def test_the_print_date_is_the_apps_today_not_the_machines(tmp_path: Path) -> None:
    """Run as of another day (VCADRE_TODAY, or a test's frozen day), a roster prints that day."""
    from vcadre import clock

    with clock.frozen(date(2031, 5, 4)):
        roster = Roster("名册", [RosterColumn("name", "姓名")], [("张三",)], unit="测试县委组织部")
    out = tmp_path / "dated.pdf"
    write_pdf(roster, out)
    assert "打印日期：2031年5月4日" in pdf_pages(out)[0]


@needs_pdftotext
def test_long_text_wraps_inside_its_cell(tmp_path: Path) -> None:
    out = tmp_path / "wrap.pdf"
    write_pdf(_long_roster(10), out)
    raw = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in raw.splitlines() if "备注文字" in line or "单元格" in line]
    assert len(lines) >= 2, raw  # broken over lines
    joined = "".join(raw.split())
    assert "这是一段很长的备注文字需要在单元格内换行显示" in joined


def test_cancel_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(Cancelled):
        write_pdf(_long_roster(3000), out, progress=lambda done, total: done == 0)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_xlsx_header_frozen_widths_and_dates(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "名册.xlsx"
    write_xlsx(_long_roster(20), out)
    ws = load_workbook(out).active
    assert ws["A1"].value == "测试县村级后备干部花名册"
    assert "筛选条件" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["序号", "姓名", "村（社区）", "入库时间", "备注"]
    assert ws["B3"].font.b and ws["B3"].fill.fgColor.rgb.endswith("DDDDDD")
    assert ws.freeze_panes == "B4"
    assert ws["A4"].value == 1 and ws["B4"].value == "张000"
    assert isinstance(ws["D4"].value, datetime) and ws["D4"].value.date() == date(2023, 3, 1)
    assert ws["D4"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width


# ------------------------------------------------------------------ the kinds


@needs_pdftotext
def test_talent_roster_is_the_listing_view_with_masked_ids(county, tmp_path: Path) -> None:
    from vcadre.reports.roster_kinds import build_roster

    ids = _ids(county)
    q = ListQuery(order_by="name", descending=True)
    with county.session() as s:
        roster = build_roster(s, "talent", q, unit="测试县组织部")
        listing = [r.values[0] for r in LISTINGS["talent"]().page(s, q, 0, 100)]
    assert [r[0] for r in roster.rows] == listing  # same rows, same order
    assert roster.title == "织金县村级后备干部花名册"
    assert "排序：姓名降序" in roster.filter_line and "共 5 人" in roster.filter_line
    out = tmp_path / "t.pdf"
    write_pdf(roster, out)
    text = "".join(pdf_pages(out))
    full = ids["张龙敏"][1]
    assert full not in text
    assert f"{full[:6]}********{full[-4:]}" in text
    assert "复退军人" in text and "刘书记" in text

    with county.session() as s:
        shown = build_roster(s, "talent", q, show_id=True)
    write_pdf(shown, out)
    assert full in "".join(pdf_pages(out))


def _enrol_everyone(db) -> None:
    from sqlalchemy import select

    from vcadre.store.models import Enrolment, Person, TrainingSession

    with db.session() as s, s.begin():
        t = s.scalar(select(TrainingSession).where(TrainingSession.title == "2024年村干部示范培训班"))
        for pid in s.scalars(select(Person.id)):
            s.add(Enrolment(session_id=t.id, person_id=pid, hours_completed=40, result="completed"))


def _give_dispatched_an_id(db) -> str:
    from sqlalchemy import select

    from vcadre.domain.idnumber import make_id_number
    from vcadre.store.models import Person

    number = make_id_number("520524", date(1985, 3, 12), 31)
    with db.session() as s, s.begin():
        s.scalar(select(Person).where(Person.name == "周明")).id_number = number
    return number


@pytest.mark.parametrize("kind", ["training", "dispatch"])
def test_class_list_and_dispatch_rosters_mask_id_numbers_unless_asked(county, tmp_path: Path, kind) -> None:
    """Printed rosters show 520524********123X by default; the full number only when asked for."""
    from vcadre.domain.idnumber import mask_id_number
    from vcadre.reports.roster_kinds import build_roster

    _enrol_everyone(county)
    _give_dispatched_an_id(county)
    people = {name: v[1] for name, v in _ids(county).items() if isinstance(v, tuple) and v[1]}
    if kind == "dispatch":
        people = {"周明": people["周明"]}
    class_ref = "2024年村干部示范培训班" if kind == "training" else None
    with county.session() as s:
        masked = build_roster(s, kind, class_ref=class_ref)
        full = build_roster(s, kind, class_ref=class_ref, show_id=True)
    col = [c.header for c in masked.columns].index("身份证号")
    by_name = {r[0]: r[col] for r in masked.rows}
    assert {n: by_name[n] for n in people} == {n: mask_id_number(v) for n, v in people.items()}
    assert all(len(v) == 18 and v[6:14] == "********" for v in by_name.values() if v)
    cells = " ".join(str(c) for r in masked.rows for c in r)
    assert not any(number in cells for number in people.values())
    assert {r[0]: r[col] for r in full.rows if r[0] in people} == people
    out = tmp_path / "masked.xlsx"
    write_xlsx(masked, out)
    from openpyxl import load_workbook

    text = " ".join(str(c) for row in load_workbook(out).active.iter_rows(values_only=True) for c in row)
    assert mask_id_number(people["周明"]) in text and not any(n in text for n in people.values())


def test_a_person_without_an_id_number_prints_a_blank_and_rosters_are_signed_without_a_unit_by_default(
        county) -> None:
    """No number: an empty cell, masked or not (nothing made up). Unless asked otherwise a roster
    carries the signature line (制表人/审核人) and no issuing unit."""
    from vcadre.reports.roster_kinds import build_roster

    _enrol_everyone(county)
    without = [name for name, v in _ids(county).items() if isinstance(v, tuple) and not v[1]]
    assert without  # the small county has people without a number
    with county.session() as s:
        masked = build_roster(s, "training", class_ref="2024年村干部示范培训班")
        full = build_roster(s, "training", class_ref="2024年村干部示范培训班", show_id=True)
    col = [c.header for c in masked.columns].index("身份证号")
    for roster in (masked, full):
        assert {r[0]: r[col] for r in roster.rows if r[0] in without} == {n: "" for n in without}
    assert (masked.signature, masked.unit) == (True, "")
    with county.session() as s:
        asked = build_roster(s, "training", class_ref="2024年村干部示范培训班", unit="某县委组织部",
                             printed=date(2025, 1, 2), signature=False)
    assert (asked.signature, asked.unit, asked.printed) == (False, "某县委组织部", date(2025, 1, 2))


def test_filters_and_region_narrow_the_roster(county) -> None:
    from vcadre.reports.roster_kinds import build_roster

    ids = _ids(county)
    with county.session() as s:
        veterans = build_roster(s, "talent", ListQuery(filters={"source": "veteran"}))
        town = build_roster(s, "talent", ListQuery(region_id=ids["龙场镇"]))
        posts = build_roster(s, "posts", ListQuery(filters={"one_shoulder": True}))
    assert [r[0] for r in veterans.rows] == ["张龙敏"]
    assert "来源：复退军人" in veterans.filter_line
    assert {r[0] for r in town.rows} == {"张龙敏", "李红梅", "王建国"}
    assert town.title == "织金县龙场镇村级后备干部花名册"
    assert "范围：织金县 / 龙场镇" in town.filter_line
    assert [(r[1], r[2], r[3], r[4]) for r in posts.rows] == [("青山社区", "陈文", "陈文", "是")]
    assert "一肩挑" in posts.filter_line


@needs_pdftotext
def test_signin_sheet_has_a_column_per_class_day(county, tmp_path: Path) -> None:
    from vcadre.reports.roster_kinds import build_roster
    from vcadre.services import training
    from vcadre.store.models import Person
    from sqlalchemy import select

    with county.session() as s, s.begin():
        from vcadre.store.models import Enrolment, TrainingSession

        t = s.scalar(select(TrainingSession).where(TrainingSession.title == "2024年村干部示范培训班"))
        for pid in s.scalars(select(Person.id)):
            s.add(Enrolment(session_id=t.id, person_id=pid, hours_completed=40, result="completed"))
    with county.session() as s:
        sheet = build_roster(s, "signin", class_ref="示范培训班")
        class_list = build_roster(s, "training", class_ref="2024年村干部示范培训班")
    assert [c.header for c in sheet.columns][-6:] == ["5月6日", "5月7日", "5月8日", "5月9日", "5月10日", "备注"]
    assert sheet.title == "2024年村干部示范培训班签到表" and len(sheet.rows) == 6
    assert class_list.title == "2024年村干部示范培训班学员花名册"
    assert "结业" in {r[6] for r in class_list.rows}
    out = tmp_path / "s.pdf"
    write_pdf(sheet, out)
    text = pdf_pages(out)[0]
    assert "5月10日" in text and "共6人" in "".join(text.split())
    _ = training


def test_unknown_class_is_a_clear_error(county) -> None:
    from vcadre.reports.roster_kinds import build_roster
    from vcadre.services.errors import NotFoundError

    with county.session() as s, pytest.raises(NotFoundError, match="找不到培训班“没有这个班”"):
        build_roster(s, "signin", class_ref="没有这个班")
    with county.session() as s, pytest.raises(NotFoundError, match="签到表需要指定培训班"):
        build_roster(s, "signin")


# ------------------------------------------------------------------ CLI


@needs_pdftotext
def test_cli_roster_pdf_and_xlsx(county, tmp_path: Path, capsys) -> None:
    path = str(county.path)
    county.close()
    out = tmp_path / "龙场镇.pdf"
    assert main(["roster", "talent", "--db", path, "--out", str(out), "--township", "龙场镇"]) == 0
    text = "".join(pdf_pages(out))
    assert "织金县龙场镇村级后备干部花名册" in text and "王建国" in text and "赵丽" not in text
    assert "第1页/共1页" in "".join(text.split())
    assert main(["roster", "dispatch", "--db", path, "--out", str(tmp_path / "d.xlsx")]) == 0
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "d.xlsx").active
    assert ws["B4"].value == "周明" and ws.freeze_panes == "B4"
    for kind in ("posts", "training"):
        assert main(["roster", kind, "--db", path, "--out", str(tmp_path / f"{kind}.pdf")]) == 0
    capsys.readouterr()
    assert main(["roster", "signin", "--db", path, "--out", str(tmp_path / "s.pdf")]) == EXIT_USER_ERROR
    assert "签到表需要指定培训班" in capsys.readouterr().err
    assert main(["roster", "talent", "--db", path, "--out", str(tmp_path / "x.docx")]) == EXIT_USER_ERROR
    assert "请用 .pdf 或 .xlsx" in capsys.readouterr().err
    assert main(["roster", "talent", "--db", path, "--out", str(tmp_path / "t.pdf"), "--township", "无此镇"]) \
        == EXIT_USER_ERROR
    assert "找不到乡镇" in capsys.readouterr().err
