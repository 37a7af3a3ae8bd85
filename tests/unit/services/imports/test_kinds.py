"""Each kind on the engine: natural keys (re-import changes nothing), place matching, its rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.today import TEST_TODAY
from tests.unit.services.imports.sheets import xlsx
from vcadre.domain.idnumber import make_id_number
from vcadre.services import imports
from vcadre.services.imports import ImportRejected, import_file, preview_file
from vcadre.store.models import (
    Assessment,
    CertificateEvent,
    Dispatch,
    Enrolment,
    Person,
    Region,
    ReserveEntry,
    RotationBatch,
    TrainingSession,
    VillagePost,
)


@pytest.fixture(autouse=True)
def _data_dir(user_data_dir):
    return user_data_dir


def ids(n: int) -> str:
    return make_id_number("520524", date(1980 + n % 20, 1 + n % 12, 1 + n % 28), 11 + 2 * n)


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False)))


def preview(db, path, kind, **opts):
    with db.session() as s:
        return preview_file(s, path, imports.spec(kind, **opts), today=TEST_TODAY)


# ---------------------------------------------------------------- regions

def test_nbs_codes_meet_9_digit_townships_without_a_second_township(db, small_county, tmp_path):
    # small_county has 龙场镇 as 520524001 and 青山村 as 520524001001.
    path = xlsx(tmp_path / "r.xlsx", [["统计用区划代码", "城乡分类代码", "名称"],
                                      ["520000000000", None, "贵州省"],
                                      ["520524000000", None, "织金县"],
                                      ["520524001000", None, "龙场镇"],
                                      ["520524001001", "220", "青山村委会"],
                                      ["520524001003", "220", "新寨村委会"]])
    p = preview(db, path, "regions")
    assert not p.errors
    notes = [n.text() for n in p.notes]
    assert "第 2 行 A 列【统计用区划代码】省、市级的行不导入，已跳过。" in notes
    assert any("名称将由“青山村”改为“青山村委会”" in n for n in notes)
    before = count(db, Region)
    _, result = import_file(db, path, imports.spec("regions"), today=TEST_TODAY)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 2)
    assert count(db, Region) == before + 1
    with db.session() as s:
        assert s.scalars(select(Region.code).where(Region.name == "龙场镇")).all() == ["520524001"]
        village = s.scalars(select(Region).where(Region.name == "新寨村委会")).one()
        assert village.parent.name == "龙场镇" and village.kind == "village"
    # Same file again: nothing changes.
    _, result = import_file(db, path, imports.spec("regions"), today=TEST_TODAY)
    assert (result.added, result.updated) == (0, 0)


def test_a_known_place_under_a_new_code_is_never_a_silent_duplicate(db, small_county, tmp_path):
    path = xlsx(tmp_path / "r.xlsx", [["代码", "名称", "上级代码"], ["520524009000", "龙场镇", "520524"]])
    p = preview(db, path, "regions")
    assert "系统中已有乡镇（街道）“龙场镇”（代码 520524001）" in p.errors[0].reason


def test_regions_without_parent_column_or_county_row_need_the_county(db, tmp_path):
    path = xlsx(tmp_path / "r.xlsx", [["统计用区划代码", "名称"], ["520524100000", "龙场镇"],
                                      ["520524100201", "青山村委会"]])
    p = preview(db, path, "regions")
    assert "文件和系统中都没有县级行" in p.errors[0].reason
    with_title = xlsx(tmp_path / "t.xlsx", [["织金县统计用区划代码"], ["统计用区划代码", "名称"],
                                            ["520524100000", "龙场镇"], ["520524100201", "青山村委会"]])
    _, result = import_file(db, with_title, imports.spec("regions"), today=TEST_TODAY)
    assert result.added == 3
    with db.session() as s:
        assert s.scalar(select(Region.name).where(Region.level == "county")) == "织金县"


# ---------------------------------------------------------------- place names

def test_village_names_with_and_without_suffixes_and_candidates(db, small_county, tmp_path):
    head = ["乡镇", "村", "职务", "姓名", "任职时间"]
    path = xlsx(tmp_path / "p.xlsx", [head,
                                      ["龙场", "青山村委会", "委员", "甲", "2021-05-01"],       # 2 ok
                                      [None, "石桥", "委员", "乙", "2021-05-01"],                # 3 ok (unique)
                                      [None, "青山", "委员", "丙", "2021-05-01"],                # 4 ambiguous
                                      ["金凤街道", "青山村", "委员", "丁", "2021-05-01"],         # 5 other township
                                      [None, "龙场镇石桥村", "委员", "戊", "2021-05-01"],          # 6 one column
                                      ["火星镇", "青山村", "委员", "己", "2021-05-01"]])         # 7 unknown township
    p = preview(db, path, "posts")
    errors = {e.row: e for e in p.errors}
    assert sorted(errors) == [4, 5, 7]
    assert "“青山”对应多个村（社区）：青山村（龙场镇）、青山社区（金凤街道）。请填写乡镇（街道）。" == errors[4].reason
    # 青山村 is not taken for 青山社区 (a village is not a community): the candidates are named.
    assert errors[5].reason == "系统中金凤街道 没有“青山村”。可能是：青山村（龙场镇）、青山社区（金凤街道）。"
    assert errors[7].field == "乡镇" and "没有乡镇（街道）“火星镇”" in errors[7].reason


# ---------------------------------------------------------------- posts

def test_posts_one_shoulder_cell_reimport_and_overlaps(db, small_county, tmp_path):
    head = ["村", "姓名", "身份证号码", "职务", "任职时间", "离任时间"]
    path = xlsx(tmp_path / "p.xlsx", [head,
                                      ["青山村", "张三", ids(1), "村党支部书记、村委会主任", "2021.05", None],
                                      ["石桥村", "李四", ids(2), "书记", "2018-01-01", "2021-04-30"],
                                      ["石桥村", "王五", ids(3), "书记", "2021-05-01", None],
                                      ["石桥村", "赵六", ids(4), "书记", "2021-06-01", None]])  # overlaps 王五
    p = preview(db, path, "posts")
    assert [(e.row, e.field) for e in p.errors] == [(5, "职务")] and "与第 4 行“王五”的任职时间重叠" in p.errors[0].reason
    with pytest.raises(ImportRejected):
        import_file(db, path, imports.spec("posts"), today=TEST_TODAY)
    assert count(db, VillagePost) == 0
    _, result = import_file(db, path, imports.spec("posts"), only_valid=True, today=TEST_TODAY)
    assert result.added == 4 and result.details["新建人员"] == 3
    _, result = import_file(db, path, imports.spec("posts"), only_valid=True, today=TEST_TODAY)
    assert (result.added, result.unchanged) == (0, 4) and count(db, VillagePost) == 4 and count(db, Person) == 3
    # Against the database: a second secretary at the same time is refused.
    clash = xlsx(tmp_path / "q.xlsx", [head, ["青山村", "孙七", ids(5), "书记", "2022-01-01", None]])
    assert "已由“张三”担任（2021-05-01 起）" in preview(db, clash, "posts").errors[0].reason


# ---------------------------------------------------------------- talent

def test_reserve_reimport_keeps_people_who_left_single(db, small_county, tmp_path):
    head = ["姓名", "身份证号码", "乡镇（街道）", "村（社区）", "来源", "当前阶段", "状态", "入库时间"]
    path = xlsx(tmp_path / "t.xlsx", [head, ["张三", ids(1), "龙场镇", "青山村", "乡村能人", "优秀人才", "退出", "2023-01-01"],
                                      ["李四", ids(2), "龙场镇", "石桥村", "退役军人", None, None, "2024.3"]])
    _, result = import_file(db, path, imports.spec("talent"), today=TEST_TODAY)
    assert result.added == 2
    _, result = import_file(db, path, imports.spec("talent"), today=TEST_TODAY)
    assert (result.added, result.unchanged) == (0, 2) and count(db, ReserveEntry) == 2
    with db.session() as s:
        e = s.scalars(select(ReserveEntry).join(Person).where(Person.name == "李四")).one()
        assert (e.stage, e.status, e.entry_date, e.source) == ("reserve", "active", date(2024, 3, 1), "veteran")
    # Without a 入库时间 column (entered today), a later re-import still finds the entry.
    undated = xlsx(tmp_path / "u.xlsx", [["姓名", "身份证号码", "村（社区）", "来源"], ["王五", ids(3), "石桥村", "其他"]])
    import_file(db, undated, imports.spec("talent"), today=TEST_TODAY)
    _, result = import_file(db, undated, imports.spec("talent"), today=date(2027, 1, 5))
    assert (result.added, result.unchanged) == (0, 1) and count(db, ReserveEntry) == 3


# ---------------------------------------------------------------- dispatch

def test_dispatch_natural_key_batches_and_status(db, small_county, tmp_path):
    head = ["姓名", "身份证号码", "派出单位", "驻村职务", "村", "派驻时间", "离岗时间", "批次"]
    path = xlsx(tmp_path / "d.xlsx", [head,
                                      ["孙八", ids(6), "县农业农村局", "第一书记", "石桥村", "2022.3.1", "2024.2.29", "2022年轮换"],
                                      ["孙八", ids(6), "县农业农村局", "第一书记", "石桥村", "2024.3.1", None, "2024年轮换"],
                                      ["周九", ids(7), "县教育局", "队员", "石桥村", "2024.3.1", None, "2024年轮换"],
                                      ["周九", ids(7), "县教育局", "队员", "青山村", "2024.5.1", None, None]])
    p = preview(db, path, "dispatch")
    assert [(e.row, e.reason) for e in p.errors] == [(5, "与第 4 行的派驻时间重叠（同一人不能同时派驻两处）。")]
    _, result = import_file(db, path, imports.spec("dispatch"), only_valid=True, today=TEST_TODAY)
    assert result.added == 3 and result.details["新建批次"] == 2
    with db.session() as s:
        statuses = sorted(s.scalars(select(Dispatch.status)))
        assert statuses == ["on_post", "on_post", "rotated"]
        assert s.scalar(select(RotationBatch.batch_date).where(RotationBatch.name == "2024年轮换")) == date(2024, 3, 1)
    _, result = import_file(db, path, imports.spec("dispatch"), only_valid=True, today=TEST_TODAY)
    assert (result.added, result.unchanged) == (0, 3) and count(db, Dispatch) == 3


# ---------------------------------------------------------------- training

def test_training_roll_keeps_paper_certificates_and_never_reissues(db, small_county, tmp_path):
    from vcadre.services import training_certificates as certs

    head = ["培训班名称", "培训时间", "姓名", "身份证号码", "学时", "结业情况", "证书编号"]
    path = xlsx(tmp_path / "t.xlsx", [head,
                                      ["示范班", "2023.5.8-2023.5.12", "张三", ids(1), 40, "结业", "纸001"],
                                      ["示范班", "2023.5.8-2023.5.12", "李四", ids(2), 40, "结业", None],
                                      ["示范班", "2023.5.8-2023.5.12", "王五", ids(3), 40, "结业", "纸001"]])
    p = preview(db, path, "training")
    assert [(e.row, e.reason) for e in p.errors] == [(4, "证书编号与第 2 行重复。")]
    _, result = import_file(db, path, imports.spec("training"), only_valid=True, today=TEST_TODAY)
    assert result.added == 2 and count(db, TrainingSession) == 1
    with db.session() as s:
        t = s.scalars(select(TrainingSession)).one()
        assert (t.start_date, t.end_date, t.planned_hours, t.year) == (date(2023, 5, 8), date(2023, 5, 12), 40, 2023)
        assert s.scalar(select(CertificateEvent.certificate_no)) == "纸001"
    with db.session() as s, s.begin():
        issued = certs.issue(s, t.id)  # only 李四 is waiting: 张三 keeps his paper number
    with db.session() as s:
        by_name = {n: c for n, c in s.execute(select(Person.name, Enrolment.certificate_no).join(Enrolment))}
    assert len(issued) == 1 and by_name["张三"] == "纸001" and by_name["李四"] == issued[0] != "纸001"
    _, result = import_file(db, path, imports.spec("training"), only_valid=True, today=TEST_TODAY)
    assert (result.added, result.unchanged) == (0, 2) and count(db, Enrolment) == 2


def test_training_class_from_options_when_the_sheet_has_none(db, small_county, tmp_path):
    path = xlsx(tmp_path / "t.xlsx", [["姓名", "身份证号码", "学时"], ["张三", ids(1), 16]])
    assert "没有培训班名称" in preview(db, path, "training").errors[0].reason
    spec = imports.spec("training", title="后备干部轮训", start=date(2024, 6, 1), end=date(2024, 6, 2))
    _, result = import_file(db, path, spec, today=TEST_TODAY)
    with db.session() as s:
        t = s.scalars(select(TrainingSession)).one()
        assert (t.title, t.kind, t.planned_hours) == ("后备干部轮训", "reserve", 16)


# ---------------------------------------------------------------- review

def test_review_results_for_the_pool(db, small_county, tmp_path):
    head = ["姓名", "性别", "身份证号码", "乡镇（街道）", "村（社区）", "来源", "入库时间"]
    import_file(db, xlsx(tmp_path / "t.xlsx", [head, ["张三", None, ids(1), "龙场镇", "青山村", "乡村能人", "2020-01-01"],
                                               ["李四", "男", None, "龙场镇", "石桥村", "乡村能人", "2020-01-01"]]),
                imports.spec("talent"), today=TEST_TODAY)
    path = xlsx(tmp_path / "r.xlsx", [["姓名", "身份证号码", "考核年度", "考核等次"],
                                      ["张三", ids(1), "2024年度", "合格"],
                                      ["李四", None, 2024, "优秀"],
                                      ["王五", ids(3), 2024, "优秀"],
                                      ["张三", ids(1), 2030, "优秀"]])
    p = preview(db, path, "review")
    assert [(e.row, e.field) for e in p.errors] == [(4, "姓名"), (5, "考核年度")]
    assert "不在后备干部库中" in p.errors[0].reason
    _, result = import_file(db, path, imports.spec("review"), only_valid=True, today=TEST_TODAY)
    assert result.added == 2
    with db.session() as s:
        assert sorted(s.scalars(select(Assessment.result))) == ["competent", "excellent"]
    changed = xlsx(tmp_path / "r2.xlsx", [["姓名", "身份证号码", "考核年度", "考核结果"], ["张三", ids(1), 2024, "优秀"]])
    p = preview(db, changed, "review")
    assert "将改为“优秀”" in p.notes[0].reason
    _, result = import_file(db, changed, imports.spec("review"), today=TEST_TODAY)
    assert (result.added, result.updated) == (0, 1) and count(db, Assessment) == 2


def test_templates_open_in_the_engine(tmp_path):
    from openpyxl import load_workbook

    from vcadre.services.imports.template import write_template

    for kind in imports.KINDS:
        spec = imports.spec(kind)
        path = write_template(spec, tmp_path / f"{kind}.xlsx")
        wb = load_workbook(path)
        assert [c.value for c in wb.worksheets[0][1]] == [f.label for f in spec.fields]
        assert "1992年3月15日" in "".join(str(c.value) for c in wb["填写说明"]["A"])
        from vcadre.services.imports.engine import read_layout

        _sheet, lay = read_layout(path, spec)
        assert lay.header_row == 0
