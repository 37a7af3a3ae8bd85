"""``vcadre trash list|restore`` and ``vcadre undo|redo``."""

from __future__ import annotations

import json

import pytest

from vcadre.cli import EXIT_USER_ERROR, main

from tests.unit.services.test_undo import _do, _row, _visit_create, ctx  # noqa: F401 - fixture
from vcadre.services import dispatch_visits, talent

pytestmark = pytest.mark.both_backends  # --db is a file or a server URL


def test_list_restore_undo_redo(db, ctx, capsys) -> None:  # noqa: F811
    path = db.location
    vid = _do(db, _visit_create, ctx)
    _do(db, lambda s, c: dispatch_visits.delete_visit(s, vid), ctx)
    _do(db, lambda s, c: talent.delete(s, c.entry), ctx)

    assert main(["trash", "list", "--db", path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 2
    assert [r["kind_label"] for r in listed["rows"]] == ["后备干部", "走访记录"]
    assert listed["rows"][0]["what"] == "王芳（村后备干部）" and listed["rows"][0]["place"] == "龙场镇 青山村"

    assert main(["trash", "list", "--db", path, "--kind", "走访记录"]) == 0
    out = capsys.readouterr().out
    assert "回收站共 1 条（走访记录）" in out and f"visit:{vid}" in out and "赵刚" in out
    assert main(["trash", "list", "--db", path, "--kind", "考勤"]) == EXIT_USER_ERROR
    assert "可选：人员、后备干部" in capsys.readouterr().err

    key = listed["rows"][0]["key"]
    assert main(["trash", "restore", key, "--db", path, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "恢复 后备干部“王芳”" in out and "一起删除的" in out  # its stage history
    assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 1  # a dry run writes nothing

    assert main(["trash", "restore", key, "--db", path]) == 0
    assert "已恢复" in capsys.readouterr().out
    assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 0
    assert main(["trash", "restore", key, "--db", path]) == EXIT_USER_ERROR
    assert "没有被删除" in capsys.readouterr().err

    assert main(["undo", "--db", path, "--list"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("恢复后备干部 王芳")
    assert main(["undo", "--db", path]) == 0
    assert "已撤销：恢复后备干部 王芳" in capsys.readouterr().out
    assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 1
    assert main(["redo", "--db", path]) == 0
    assert "已重做：恢复后备干部 王芳" in capsys.readouterr().out
    assert _row(db, "reserve_entry", ctx.entry)["deleted"] == 0
    assert main(["redo", "--db", path]) == EXIT_USER_ERROR
    assert "没有可以重做的操作" in capsys.readouterr().err
