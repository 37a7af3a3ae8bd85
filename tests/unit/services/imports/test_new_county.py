"""Done means: a new user starts from ``vcadre init``, loads the official 12-digit region list, a
posts roster, a reserve register, a dispatch list and two past training rolls made the way officers
make them, and gets the overview, the one-shoulder rates and the rosters right — or, for each bad
cell, a message that says what to change."""

from __future__ import annotations

import json
from datetime import date

from openpyxl import load_workbook

from tests.unit.services.imports.sheets import csv_bytes, xls, xlsx
from vcadre.cli import main
from vcadre.domain.idnumber import make_id_number

A = make_id_number("520524", date(1980, 5, 6), 11)    # 张三: secretary and director of 青山 (一肩挑)
B = make_id_number("520524", date(1985, 7, 8), 13)    # 李四: secretary of 龙场社区
C = make_id_number("520524", date(1979, 1, 2), 22)    # 王芳: director of 龙场社区
D = make_id_number("520524", date(1995, 8, 9), 33)    # 赵六: reserve cadre in 青山
E = make_id_number("520524", date(1998, 2, 3), 44)    # 钱七: reserve cadre in 石桥
F = make_id_number("520524", date(1988, 10, 1), 55)   # 孙八: first secretary from a county bureau
OLD15 = E[:6] + E[8:17]                               # 钱七's number in its 15-digit form


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_new_county_from_its_own_sheets(tmp_path, capsys, user_data_dir):
    db = tmp_path / "县.db"
    assert run(capsys, "init", "--db", db, "--site-name", "织金县委组织部")[0] == 0

    # 1. The NBS list: 12 digits at every level, no county row (the title names the county), 村委会 names.
    regions = xlsx(tmp_path / "区划.xlsx", [
        ["织金县2023年统计用区划代码和城乡划分代码"],
        ["统计用区划代码", "城乡分类代码", "名称"],
        ["520524100000", None, "龙场镇"],
        ["520524100201", "220", "青山村委会"],
        ["520524100202", "111", "龙场社区居委会"],
        ["520524100203", "220", "石桥村委会"],
        ["520524101000", None, "八步街道"],
        ["520524101201", "220", "红旗村委会"],
    ], merged=["A1:C1"])
    code, out, err = run(capsys, "regions", "import", regions, "--db", db)
    assert code == 0, err
    assert "新增 7 条" in out  # the county (from the title) + 2 townships + 4 villages

    # 2. The posts roster: title rows, 序号, one-shoulder written in one cell, dates in mixed styles,
    #    names without 委会, one ID typed as a number (refused, with what to do).
    posts = xlsx(tmp_path / "两委.xlsx", [
        ["织金县村（社区）“两委”成员花名册"],
        ["填报单位：织金县委组织部", None, None, None, None, "填报时间：2024年3月"],
        ["序号", "乡镇", "村（社区）", "姓名", "身份证号码", "职务", "任职时间", "文化程度", "联系电话"],
        [1, "龙场镇", "青山村", "张三", A, "村党支部书记、村委会主任", "2021.05", "高中", 13800000001],
        [2, "龙场镇", "龙场社区", "李四", B, "党支部书记", "2021年5月8日", "大专", None],
        [3, "龙场镇", "龙场社区", "王芳", C, "居委会主任", 20210508, "大学本科", None],
        [4, "龙场", "石桥", "周九", float(A[:17] + "0"), "委员", "2021/5/8", "初中", None],
    ], merged=["A1:I1"])
    code, out, err = run(capsys, "posts", "import", posts, "--db", db)
    assert code == 3 and "未导入任何数据" in err
    assert "第 7 行 E 列【身份证号码】Excel 把身份证号码存成了数字" in err and "文本" in err
    code, out, err = run(capsys, "posts", "import", posts, "--db", db, "--only-valid")
    assert code == 0 and "新增 4 条" in out and "新建人员 3" in out
    code, out, _ = run(capsys, "posts", "import", posts, "--db", db, "--only-valid")
    assert "新增 0 条" in out and "未变 4 条" in out  # the same file again changes nothing

    # 3. The reserve register as .xls from old Excel: a two-row merged header, 15-digit ID, 退役军人,
    #    month-only dates, empty 性别.
    reserve = xls(tmp_path / "后备.xls", [
        ["织金县村级后备干部花名册"],
        ["序号", "姓名", "基本情况", None, None, "乡镇", "村", "后备类型", "入库时间"],
        [None, None, "性别", "出生年月", "公民身份号码", None, None, None, None],
        [1, "赵六", None, "1995.08", D, "龙场镇", "青山村委会", "退役军人", "2024.3.1"],
        [2, "钱七", "女", "1998.02", OLD15, "龙场镇", "石桥村", "返乡大学生", "2024年3月"],
    ], merged=[(0, 0, 0, 8), (1, 1, 2, 4), (1, 2, 0, 0), (1, 2, 1, 1), (1, 2, 5, 5), (1, 2, 6, 6), (1, 2, 7, 7),
               (1, 2, 8, 8)])
    code, out, err = run(capsys, "talent", "import", reserve, "--db", db)
    assert code == 0, err
    assert "新增 2 条" in out and "15 位旧身份证号码已转换为 18 位" in err

    # 4. The dispatch list, a GB18030 CSV as Excel saves it on a Chinese Windows.
    dispatch = csv_bytes(tmp_path / "驻村.csv", [
        ["织金县驻村第一书记名册"],
        ["序号", "姓名", "身份证号码", "派出单位", "驻村职务", "乡镇", "所驻村", "派驻时间", "批次"],
        ["1", "孙八", F, "县农业农村局", "第一书记", "八步街道", "红旗村", "2024.3.1", "2024年轮换"],
    ], encoding="gb18030")
    code, out, err = run(capsys, "dispatch", "import", dispatch, "--db", db)
    assert code == 0 and "新增 1 条" in out, err

    # 5. Two past training rolls: class named in the title rows; hours as numbers; paper certificates.
    roll1 = xlsx(tmp_path / "培训1.xlsx", [
        ["2023年织金县村干部示范培训班学员名册"],
        ["培训时间：2023年5月8日至12日"],
        ["序号", "姓名", "身份证号码", "学时", "结业情况", "证书编号"],
        [1, "张三", A, 40, "结业", "织组培〔2023〕001号"],
        [2, "李四", B, 32, "结业", "织组培〔2023〕002号"],
        [3, "王芳", C, 8, "未结业", None],
    ])
    roll2 = xlsx(tmp_path / "培训2.xlsx", [
        ["2024年村级后备干部培训班花名册"],
        ["培训时间：2024.4.1-2024.4.3"],
        ["序号", "姓名", "公民身份号码", "培训学时", "是否结业"],
        [1, "赵六", D, 24, "是"],
        [2, "钱七", E, 24, "是"],
    ])
    for roll in (roll1, roll2):
        code, out, err = run(capsys, "training", "import", roll, "--db", db)
        assert code == 0 and "新建培训班 1" in out, err

    # The overview, the one-shoulder rates and the rosters.
    code, out, _ = run(capsys, "stats", "--db", db, "--json")
    head = json.loads(out)
    assert (head["townships"], head["villages"]) == (2, 4)
    assert head["persons"] == 6  # 张三 李四 王芳 赵六 钱七 孙八: nobody twice
    assert head["reserve_current"] == 2 and {k: v for k, v in head["reserve_by_source"].items() if v} == {
        "veteran": 1, "returned_graduate": 1}
    assert head["training_sessions"] == 2 and head["enrolments"] == 5 and head["training_hours"] == 128
    assert head["active_dispatches"] == 1 and head["first_secretaries"] == 1
    assert head["one_shoulder_villages"] == 1
    code, out, _ = run(capsys, "posts", "one-shoulder", "--db", db, "--json")
    rates = json.loads(out)
    assert rates["rate_text"] == "1/4"
    by_village = {v["village"]: v for v in rates["villages"]}
    assert by_village["青山村委会"]["secretary"] == "张三" and by_village["青山村委会"]["director"] == "张三"
    assert by_village["龙场社区居委会"]["secretary"] == "李四" and by_village["龙场社区居委会"]["director"] == "王芳"
    out_xlsx = tmp_path / "后备干部.xlsx"
    assert run(capsys, "roster", "talent", "--db", db, "--out", out_xlsx)[0] == 0
    names = [r[1] for r in load_workbook(out_xlsx).active.iter_rows(values_only=True)]
    assert "赵六" in names and "钱七" in names
    code, out, _ = run(capsys, "training", "list", "--db", db)
    assert "2023年织金县村干部示范培训班" in out and "2024年村级后备干部培训班" in out
