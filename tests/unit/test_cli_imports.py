"""``vcadre <kind> template|import``: exit codes (0 imported, 3 bad rows, 2 unreadable or missing
a required column) and nothing written on a refusal. Imports run on a file and on the server."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.unit.services.imports.sheets import xlsx
from tests.unit.test_cli import fresh  # noqa: F401 - the fixture
from vcadre.cli import main

pytestmark = pytest.mark.both_backends  # tests taking ``fresh`` (through ``backend``) run twice


@pytest.mark.parametrize("kind", ["regions", "posts", "talent", "dispatch", "training", "review"])
def test_every_kind_has_a_template(tmp_path, capsys, kind):
    out = tmp_path / f"{kind}.xlsx"
    assert main([kind, "template", "--out", str(out)]) == 0
    assert "填写说明" in load_workbook(out).sheetnames
    assert main([kind, "template", "--out", str(tmp_path / "x.csv")]) == 2


def test_import_exit_codes(fresh, tmp_path, capsys, user_data_dir):  # noqa: F811
    db = fresh
    assert main(["init", "--db", str(db), "--site-name", "x"]) == 0
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    assert main(["posts", "import", str(broken), "--db", str(db)]) == 2
    assert "不是有效的 Excel 工作簿" in capsys.readouterr().err
    no_post = xlsx(tmp_path / "缺列.xlsx", [["村", "姓名", "任职时间"], ["青山村", "张三", "2021-05-01"]])
    assert main(["posts", "import", str(no_post), "--db", str(db)]) == 2
    assert "找不到必填的列：职务" in capsys.readouterr().err
    assert main(["posts", "import", str(tmp_path / "没有.xlsx"), "--db", str(db)]) == 2
    regions = xlsx(tmp_path / "区划.xlsx", [["统计用区划代码", "名称"], ["520524000000", "织金县"],
                                            ["520524100000", "龙场镇"], ["520524100201", "青山村委会"]])
    assert main(["regions", "import", str(regions), "--db", str(db)]) == 0
    capsys.readouterr()
    bad = xlsx(tmp_path / "两委.xlsx", [["村", "姓名", "职务", "任职时间"], ["青山村", "张三", "书记", "2021-05-01"],
                                         ["火星村", "李四", "主任", "2021-05-01"]])
    assert main(["posts", "import", str(bad), "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert "第 3 行 A 列【村】系统中没有“火星村”这个村（社区）" in err and "未导入任何数据" in err
    main(["posts", "one-shoulder", "--db", str(db), "--json"])
    assert '"one_shoulder": 0' in capsys.readouterr().out
    assert main(["posts", "import", str(bad), "--db", str(db), "--only-valid"]) == 0
    out = capsys.readouterr()
    assert "新增 1 条" in out.out and "跳过 1 行" in out.out and "火星村" in out.err
