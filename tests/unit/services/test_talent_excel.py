"""Excel template, import preview (every bad row, in Chinese), all-or-nothing / only-valid, export."""

from __future__ import annotations

from tests.today import TEST_TODAY
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from vcadre.domain.idnumber import make_id_number
from vcadre.services import talent, talent_excel
from vcadre.services.listing import ListQuery
from vcadre.store.models import Person, ReserveEntry

TODAY = TEST_TODAY


def row(name="张龙敏", gender="男", idn=None, township="龙场镇", village="青山村", source="复退军人",
        stage="优秀人才", status="在库", entry="2024-03-01", **extra):
    values = dict(zip(talent_excel.HEADERS, [""] * len(talent_excel.HEADERS)))
    values.update({"姓名": name, "性别": gender, "身份证号码": idn or "", "乡镇（街道）": township,
                   "村（社区）": village, "来源": source, "当前阶段": stage, "状态": status, "入库时间": entry})
    values.update(extra)
    return [values[h] for h in talent_excel.HEADERS]


def idn(seq, birth=date(1990, 1, 1)):
    return make_id_number("520524", birth, seq)


def write(path: Path, rows, headers=None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "后备干部"
    ws.append(headers or talent_excel.HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def counts(db):
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Person)),
                s.scalar(select(func.count()).select_from(ReserveEntry)))


def test_template_has_dropdowns_and_instructions(tmp_path):
    path = talent_excel.write_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["后备干部", "代码", "填写说明"]
    ws = wb["后备干部"]
    assert [c.value for c in ws[1]] == talent_excel.HEADERS
    ranges = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "B2" in ranges and "代码" in ranges["B2"]  # 性别
    assert "O2" in ranges  # 来源
    assert wb["代码"].sheet_state == "hidden"
    assert "身份证号码" in "".join(str(c.value) for c in wb["填写说明"]["A"])


def test_preview_lists_every_bad_row_in_chinese(db, small_county, tmp_path):
    good = idn(11)
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        row("张龙敏", "男", good),                                       # 2 ok
        row("李四", "男", bad_check),                                    # 3 checksum
        row("王五", "女", idn(13)),                                      # 4 gender mismatch (odd seq → male)
        row("赵六", "男", idn(15), 出生年月="1991-01-01"),                 # 5 birth mismatch
        row("钱七", "男", idn(17), village="不存在村"),                    # 6 unknown village
        row("孙八", "男", good),                                         # 7 twice in file
        row("", "男", idn(19)),                                          # 8 missing name
        row("周九", "男", idn(21), source="外星人"),                      # 9 unknown code
        row("吴十", "男", idn(23), 入库时间="明年"),                        # 10 bad date
    ]
    path = write(tmp_path / "a.xlsx", rows)
    with db.session() as s:
        p = talent_excel.preview_file(s, path, today=TODAY)
    assert p.total == 9 and len(p.valid) == 1
    by_row = {e.row: (e.field, e.reason) for e in p.errors}
    assert by_row[3][0] == "身份证号码" and "校验位" in by_row[3][1]
    assert "性别与身份证号码不符" in by_row[4][1]
    assert "出生日期与身份证号码不符" in by_row[5][1]
    assert by_row[6][0] == "村（社区）" and by_row[6][1].startswith("系统中没有“龙场镇 不存在村”这个村（社区）。")
    assert "与第 2 行的身份证号码重复" in by_row[7][1]
    assert by_row[8] == ("姓名", "“姓名”不能为空。")
    assert by_row[9][0] == "来源" and "外星人" in by_row[9][1]
    assert by_row[10][0] == "入库时间"
    assert "第 3 行 C 列【身份证号码】" in p.report()


def test_all_or_nothing_then_only_valid(db, small_county, tmp_path, monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "data"))
    path = write(tmp_path / "b.xlsx", [row("张龙敏", "男", idn(11)), row("李四", "男", "123")])
    before = counts(db)
    with pytest.raises(talent_excel.ImportRejected) as err:
        talent_excel.import_file(db, path, today=TODAY)
    assert "有 1 行数据有误" in str(err.value) and err.value.preview.errors[0].row == 3
    assert counts(db) == before
    assert not (tmp_path / "data" / "backups").exists()  # nothing to back up: nothing written
    preview, result = talent_excel.import_file(db, path, only_valid=True, today=TODAY)
    assert (result.added, result.updated, result.skipped) == (1, 0, 1)
    if db.is_server:  # kept on the server, not copied to this machine (store.server_backup)
        from vcadre.store import server_backup

        assert result.backup.split()[-1] in {b.name for b in server_backup.backups(db)}
        assert not (tmp_path / "data" / "backups").exists()
    else:
        assert Path(result.backup).exists()
    assert counts(db) == (before[0] + 1, before[1] + 1)
    with db.session() as s:
        e = s.scalars(select(ReserveEntry)).one()
        assert (e.person.name, e.person.name_initials, e.source, e.stage) == ("张龙敏", "zlm", "veteran", "talent")
        assert e.hlc and e.site_id and e.person.hlc
    # Imported persons are in the search index, and the triggers are back for later writes.
    from vcadre.services import persons

    with db.session() as s:
        assert [h.name for h in persons.search(s, "龙敏")] == ["张龙敏"]
        assert [h.name for h in persons.search(s, idn(11)[-6:])] == ["张龙敏"]
        triggers = {r[0] for r in s.connection().exec_driver_sql(
            "SELECT tgname FROM pg_trigger" if db.is_server else "SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"person_search_ai", "person_search_au", "person_search_ad"} <= triggers


def test_existing_person_is_updated_and_pool_member_refused(db, small_county, tmp_path, monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "data"))
    from vcadre.services import persons

    with db.session() as s, s.begin():  # a villager known from elsewhere (no phone yet)
        persons.save_person(s, None, {"name": "陈文", "gender": "1", "id_number": idn(25)})
    with db.session() as s, s.begin():
        talent.save(s, None, {"name": "刘备", "gender": "1", "id_number": idn(27), "village_id": small_county["青山村"],
                              "source": "veteran", "stage": "talent", "status": "active",
                              "entry_date": date(2022, 1, 1)}, today=TODAY)
    path = write(tmp_path / "c.xlsx", [row("陈文", "男", idn(25), 联系电话="13812345678"),
                                       row("刘备", "男", idn(27)), row("关羽", "男", idn(25))])
    with db.session() as s:
        p = talent_excel.preview_file(s, path, today=TODAY)
    reasons = {e.row: e.reason for e in p.errors}
    assert "已在后备干部库中" in reasons[3]
    assert "已登记在“陈文”名下" in reasons[4]  # the ID number of row 2, under another name
    _, result = talent_excel.import_file(db, path, only_valid=True, today=TODAY)
    assert (result.added, result.updated, result.skipped) == (0, 1, 2)
    with db.session() as s:
        chen = s.scalars(select(Person).where(Person.name == "陈文")).one()
        assert chen.phone == "13812345678" and chen.home_village_id == small_county["青山村"]


@pytest.mark.parametrize("content,match", [
    (b"name,gender\n", "找不到可识别的列名"),  # read as CSV text, but not a reserve register
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "密码"),
    (b"PK\x03\x04garbage-not-a-real-zip", "不是"),
])
def test_unreadable_files_are_refused_clearly(db, tmp_path, content, match):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with db.session() as s, pytest.raises(talent_excel.ExcelError, match=match):
        talent_excel.preview_file(s, path)


def test_missing_or_renamed_columns(db, tmp_path):
    headers = [h for h in talent_excel.HEADERS if h != "来源"]
    path = write(tmp_path / "d.xlsx", [], headers)
    with db.session() as s, pytest.raises(talent_excel.ExcelError, match="找不到必填的列：来源"):
        talent_excel.preview_file(s, path)
    # An unknown column is ignored with a note, never an error.
    headers = ["序号", *("手机号码2" if h == "联系电话" else h for h in talent_excel.HEADERS)]
    path = write(tmp_path / "e.xlsx", [], headers)
    with db.session() as s:
        p = talent_excel.preview_file(s, path)
    assert p.file_notes == ["第 H 列“手机号码2”不是本表的字段，已忽略。"]
    # Common spellings are accepted.
    headers = ["手机" if h == "联系电话" else "身份证号" if h == "身份证号码" else h for h in talent_excel.HEADERS]
    path = write(tmp_path / "f.xlsx", [], headers)
    with db.session() as s:
        assert talent_excel.preview_file(s, path).total == 0


def test_too_many_rows_is_refused_before_writing(db, small_county, tmp_path, monkeypatch):
    from vcadre.services.imports import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    path = write(tmp_path / "g.xlsx", [row(f"人{i}", "男", idn(31 + 2 * i)) for i in range(8)])
    before = counts(db)
    with pytest.raises(talent_excel.ExcelError, match="超过单次导入上限"):
        talent_excel.import_file(db, path, only_valid=True)
    assert counts(db) == before


def test_export_the_filtered_view_round_trips(db, small_county, tmp_path, monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "data"))
    path = write(tmp_path / "h.xlsx", [row("张龙敏", "男", idn(11), stage="村后备干部"),
                                       row("李红", "女", idn(12), source="创业青年", village="化垮社区", township="金凤街道")])
    talent_excel.import_file(db, path, today=TODAY)
    out = tmp_path / "out.xlsx"
    with db.session() as s:
        n = talent_excel.export(s, out, ListQuery(filters={"stage": "reserve"}))
    assert n == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == tuple(talent_excel.HEADERS)
    assert rows[1][:3] == ("张龙敏", "男", idn(11)) and rows[1][16] == "村后备干部"
    # The export is a valid import file, and importing it changes nothing.
    with db.session() as s:
        p = talent_excel.preview_file(s, out, today=TODAY)
    assert p.total == 1 and not p.errors
    before = counts(db)
    _, result = talent_excel.import_file(db, out, today=TODAY)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1) and counts(db) == before
