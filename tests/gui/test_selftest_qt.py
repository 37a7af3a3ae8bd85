"""``vcadre selftest --qt``: what the frozen check relies on to prove Qt resources are bundled."""

from __future__ import annotations

import json
from pathlib import Path

from vcadre.cli import main


def test_selftest_qt_checks_pass_from_source(qapp, tmp_path: Path, monkeypatch, capsys) -> None:
    class Summary:
        def as_dict(self):
            return {}

    monkeypatch.setattr("vcadre.services.demo.build_demo", lambda db, scale, seed=0: Summary())
    out = tmp_path / "自检 报告.pdf"
    assert main(["selftest", "--db", str(tmp_path / "新 库.db"), "--out", str(out), "--qt",
                 "--strict"]) == 0
    qt = json.loads(capsys.readouterr().out)["qt"]
    assert qt["font"] == "WenQuanYi Micro Hei"
    assert qt["vcadre_qm"] and qt["qtbase_qm"] and qt["icon"]
    assert qt["qt_ok_button"] == "确定"
    assert qapp.translate("QPlatformTheme", "OK") == "OK"  # translators removed again
