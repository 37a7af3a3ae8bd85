"""Readers (.xlsx, real .xls, CSV in UTF-8 with/without BOM and GB18030) and header detection."""

from __future__ import annotations

import pytest

from tests.unit.services.imports.sheets import csv_bytes, xls, xlsx
from vcadre.services import imports
from vcadre.services.imports.engine import read_layout
from vcadre.services.imports.layout import auto_map
from vcadre.services.imports.reader import FileUnreadable, read_sheet, sniff

HEAD = ["序号", "乡镇", "村", "姓名", "身份证号", "职务", "任职时间"]
ROW = [1, "龙场镇", "青山村", "张三", "520524198005060011", "书记", "2021.05"]


def mapped(path, kind="posts"):
    spec = imports.spec(kind)
    sheet, lay = read_layout(path, spec)
    return sheet, lay, auto_map(lay.headers, spec)


def test_title_rows_blank_rows_and_serial_column(tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [["织金县村“两委”成员花名册"], ["填报单位：龙场镇", None, None, "2024年3月"], [],
                                      HEAD, ROW], merged=["A1:G1"])
    sheet, lay, cmap = mapped(path)
    assert lay.header_row == 3 and lay.data_start == 4
    assert [cmap.fields[j] for j in range(7)] == [None, "township", "village", "name", "id_number", "post", "start_date"]
    assert cmap.notes == []  # 序号 is ignored silently


def test_two_row_merged_header(tmp_path):
    rows = [["龙场镇后备干部名册"],
            ["序号", "姓名", "基本情况", None, None, "所在村", "来源"],
            [None, None, "性别", "出生年月", "身份证号码", None, None],
            [1, "张三", "男", "1990.03", "520524199003150011", "青山村", "退役军人"]]
    path = xlsx(tmp_path / "b.xlsx", rows, merged=["A1:G1", "C2:E2", "A2:A3", "B2:B3", "F2:F3", "G2:G3"])
    sheet, lay, cmap = mapped(path, "talent")
    assert lay.header_rows == (1, 2) and lay.data_start == 3
    assert {lay.headers[j]: cmap.fields[j] for j in range(1, 7)} == {
        "姓名": "name", "性别": "gender", "出生年月": "birth_date", "身份证号码": "id_number", "所在村": "village",
        "来源": "source"}


def test_row_of_column_numbers_under_the_header_is_skipped(tmp_path):
    path = xlsx(tmp_path / "c.xlsx", [HEAD, [1, 2, 3, 4, 5, 6, 7], ROW])
    _sheet, lay, _ = mapped(path)
    assert lay.data_start == 2


def test_unknown_and_duplicate_columns_are_notes(tmp_path):
    path = xlsx(tmp_path / "d.xlsx", [[*HEAD, "籍贯（身份证）", "姓名"], ROW])
    _sheet, _lay, cmap = mapped(path)
    assert cmap.notes == ["第 H 列“籍贯（身份证）”不是本表的字段，已忽略。",
                          "第 I 列“姓名”与第 D 列都是“姓名”，只读取前一列。"]


def test_real_xls_with_numbers_as_numbers(tmp_path):
    path = xls(tmp_path / "old.xls", [["织金县村干部名册"], HEAD, [1, "龙场镇", "青山村", "张三", 520524198005060011.0,
                                                                   "书记", 2021.05]], merged=[(0, 0, 0, 6)])
    assert sniff(path) == "xls"
    sheet, lay, cmap = mapped(path)
    assert lay.header_row == 1 and sheet.rows[2][4] == pytest.approx(5.2052419800506e17)


def test_xlsx_renamed_xls_and_xls_renamed_xlsx_are_read_by_their_bytes(tmp_path):
    a = xlsx(tmp_path / "a.xlsx", [HEAD, ROW])
    renamed = tmp_path / "a.xls"
    renamed.write_bytes(a.read_bytes())
    assert read_sheet(renamed).rows[1][3] == "张三"
    b = xls(tmp_path / "b.xls", [HEAD, ROW])
    renamed = tmp_path / "b.xlsx"
    renamed.write_bytes(b.read_bytes())
    assert read_sheet(renamed).rows[1][3] == "张三"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    path = csv_bytes(tmp_path / "x.csv", [["织金县村干部名册"], HEAD, ROW], encoding)
    sheet, lay, cmap = mapped(path)
    assert sheet.rows[2][3] == "张三" and lay.header_row == 1 and cmap.fields[3] == "name"


def test_unreadable_files(tmp_path):
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(FileUnreadable, match="不是有效的 Excel 工作簿"):
        read_sheet(broken)
    ole = tmp_path / "y.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(FileUnreadable, match="密码"):
        read_sheet(ole)
    empty = tmp_path / "z.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileUnreadable, match="空的"):
        read_sheet(empty)
    binary = tmp_path / "w.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(FileUnreadable, match="不是 Excel 工作簿，也不是 CSV"):
        read_sheet(binary)
