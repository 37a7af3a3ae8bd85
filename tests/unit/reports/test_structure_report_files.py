"""The team-structure report's Excel (openpyxl round trip: merged headers, totals, title, date,
unit) and PDF (every table, Chinese as text), and the ``vcadre report structure`` command."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.unit.services.test_demo import county_demo, demo_db  # noqa: F401
from vcadre.cli import EXIT_USER_ERROR, main
from vcadre.reports import structure as writer
from vcadre.services.structure import compare, report

DAY = date(2021, 9, 14)


def _merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_excel_round_trip_keeps_the_office_layout(demo_db, tmp_path: Path) -> None:  # noqa: F811
    with demo_db.session() as s:
        rep = report.build(s, DAY)
    out = tmp_path / "结构.xlsx"
    writer.write_xlsx(writer.report_sheets(rep), out, unit="织金县委组织部")
    wb = load_workbook(out)
    assert wb.sheetnames == ["村党组织书记", "村（居）民委员会主任", "村两委成员", "换届目标核查", "未达标村名单"]
    ws = wb["村两委成员"]
    ncols = 1 + len(rep.group("members").columns)
    merged = _merged(ws)
    last = get_column_letter(ncols)
    assert f"A1:{last}1" in merged and ws["A1"].value.endswith("村“两委”成员队伍结构统计表")
    assert ws["A2"].value == "制表单位：织金县委组织部"
    assert "截至 2021年9月14日" in [c.value for c in ws[2]]
    # Two header rows: 乡镇 and the single figures merged down, 年龄 and 学历 merged across.
    assert "A3:A4" in merged and ws["A3"].value == "乡镇（街道）"
    headers3 = {ws.cell(3, c).value: c for c in range(1, ncols + 1) if ws.cell(3, c).value}
    age = headers3["年龄"]
    assert f"{get_column_letter(age)}3:{get_column_letter(age + 4)}3" in merged
    assert [ws.cell(4, age + i).value for i in range(5)] == ["35岁及以下", "36—45岁", "46—55岁", "56—60岁", "60岁以上"]
    edu = headers3["学历"]
    assert [ws.cell(4, edu + i).value for i in range(5)] == ["研究生", "大学本科", "大学专科", "中专/高中", "初中及以下"]
    # One row per township, then 合计 with the totals, as numbers.
    table = rep.group("members")
    for i, row in enumerate(table.rows):
        assert ws.cell(5 + i, 1).value == row.name
    total_row = 5 + len(table.rows)
    assert ws.cell(total_row, 1).value == "合计" and ws.cell(total_row, 1).font.b
    keys = [c.key for c in table.columns]
    for c, key in enumerate(keys, start=2):
        assert ws.cell(total_row, c).value == table.total.values[key], key
    assert ws.cell(total_row, keys.index("count") + 2).value == sum(r.values["count"] for r in table.rows)
    # The village list names villages and what they miss, never a person.
    misses = wb["未达标村名单"]
    assert misses.cell(3, 3).value == "村（社区）" and misses.cell(4, 3).value == rep.targets.misses[0].village
    assert misses.max_row >= 4 + len(rep.targets.misses)


def test_comparison_excel_has_both_days_and_the_change(demo_db, tmp_path: Path) -> None:  # noqa: F811
    with demo_db.session() as s:
        cmp = compare.compare(s, date(2021, 1, 1), DAY)
    out = tmp_path / "对比.xlsx"
    writer.write_xlsx([writer.comparison_summary(cmp)] + writer.comparison_sheets(cmp), out)
    wb = load_workbook(out)
    ws = wb["村两委成员对比"]
    merged = _merged(ws)
    assert "A3:A5" in merged  # three header rows: group, figure, day
    heads = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(3, c).value}
    age = heads["年龄"]
    assert f"{get_column_letter(age)}3:{get_column_letter(age + 14)}3" in merged
    assert [ws.cell(5, age + i).value for i in range(3)] == ["2021-01-01", "2021-09-14", "增减"]
    members = next(t for t in cmp.tables if t.key == "members")
    total_row = 6 + len(members.rows)
    count_col = heads["人数"]
    assert ws.cell(total_row, 1).value == "合计"
    a, b, d = (ws.cell(total_row, count_col + i).value for i in range(3))
    assert (a, b, d) == (members.total.before["count"], members.total.after["count"], b - a)


def test_pdf_holds_every_table_with_chinese_text(demo_db, tmp_path: Path) -> None:  # noqa: F811
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDF back")
    with demo_db.session() as s:
        rep = report.build(s, DAY)
    out = tmp_path / "结构.pdf"
    pages = writer.write_pdf(writer.report_sheets(rep), out, unit="织金县委组织部")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") == pages
    for title in ("村党组织书记队伍结构统计表", "村（居）民委员会主任队伍结构统计表", "村“两委”成员队伍结构统计表",
                  "换届目标核查表", "年龄", "研究生", "大学本科", "交叉任职", "一肩挑", "截至 2021年9月14日", "合计"):
        assert title in text, title
    assert f"第 {pages} 页 / 共 {pages} 页" in text


def test_cli_writes_excel_and_pdf_and_refuses_bad_input(county_demo, tmp_path: Path, capsys) -> None:  # noqa: F811
    db = tmp_path / "c.db"
    shutil.copyfile(county_demo.path, db)
    out = tmp_path / "s.xlsx"
    assert main(["report", "structure", "--db", str(db), "--as-of", "2021-09-14", "--out", str(out)]) == 0
    assert load_workbook(out)["村党组织书记"]["A1"].value == "织金县村党组织书记队伍结构统计表"
    pdf = tmp_path / "c.pdf"
    assert main(["report", "structure", "--db", str(db), "--as-of", "2021-09-14", "--compare", "2021-01-01",
                 "--township", "龙场镇", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["report", "structure", "--db", str(db), "--out", str(tmp_path / "s.docx")]) == EXIT_USER_ERROR
    assert "不支持" in capsys.readouterr().err
    assert main(["report", "structure", "--db", str(db), "--as-of", "2021-13-01", "--out", str(out)]) == EXIT_USER_ERROR
    assert "日期“2021-13-01”格式不正确" in capsys.readouterr().err
    assert main(["report", "structure", "--db", str(db), "--township", "无此镇", "--out", str(out)]) == EXIT_USER_ERROR
    assert "找不到乡镇" in capsys.readouterr().err
    assert main(["report", "structure-settings", "--db", str(db), "--age-bands", "40,30"]) == EXIT_USER_ERROR
    assert "年龄段分界" in capsys.readouterr().err
