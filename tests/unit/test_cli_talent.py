"""``vcadre talent template|import|export``."""

from __future__ import annotations

import pytest

from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from vcadre.cli import main
from vcadre.commands.talent import EXIT_BAD_ROWS
from vcadre.domain.idnumber import make_id_number
from vcadre.store.models import ReserveEntry

pytestmark = pytest.mark.both_backends  # --db is a file or a server URL


def _count(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ReserveEntry))


def test_template_import_export(db, small_county, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", str(tmp_path / "data"))
    tpl = tmp_path / "模板.xlsx"
    assert main(["talent", "template", "--out", str(tpl)]) == 0
    wb = load_workbook(tpl)
    ws = wb["后备干部"]
    good = make_id_number("520524", date(1990, 1, 1), 11)
    ws["A2"], ws["B2"], ws["C2"] = "张龙敏", "男", good
    ws["M2"], ws["N2"], ws["O2"], ws["Q2"], ws["R2"], ws["S2"] = "龙场镇", "青山村", "复退军人", "村后备干部", "在库", "2024-03-01"
    ws["A3"], ws["B3"], ws["C3"] = "李四", "男", good[:17] + ("1" if good[17] != "1" else "2")
    ws["M3"], ws["N3"], ws["O3"], ws["Q3"], ws["R3"], ws["S3"] = "龙场镇", "青山村", "复退军人", "优秀人才", "在库", "2024-03-01"
    wb.save(tpl)
    db.close()
    capsys.readouterr()
    assert main(["talent", "import", str(tpl), "--db", db.location]) == EXIT_BAD_ROWS
    err = capsys.readouterr().err
    assert "第 3 行 C 列【身份证号码】身份证号码校验位错误" in err and "未导入任何数据" in err
    assert _count(db) == 0
    assert main(["talent", "import", str(tpl), "--db", db.location, "--only-valid"]) == 0
    out = capsys.readouterr().out
    assert "新增 1 条，更新 0 条，未变 0 条，跳过 1 行" in out and "已备份" in out
    assert _count(db) == 1
    xlsx = tmp_path / "导出.xlsx"
    assert main(["talent", "export", "--db", db.location, "--out", str(xlsx), "--township", "龙场镇",
                 "--source", "复退军人", "--stage", "村后备干部"]) == 0
    assert "已导出 1 人" in capsys.readouterr().out
    assert main(["talent", "export", "--db", db.location, "--out", str(xlsx), "--stage", "优秀人才"]) == 0
    assert "已导出 0 人" in capsys.readouterr().out
    assert main(["talent", "export", "--db", db.location, "--out", str(xlsx), "--stage", "火星"]) != 0
    assert "未知的培养阶段" in capsys.readouterr().err
    bogus = tmp_path / "x.xlsx"
    bogus.write_text("not excel")
    assert main(["talent", "import", str(bogus), "--db", db.location]) != 0
    assert "找不到可识别的列名" in capsys.readouterr().err
