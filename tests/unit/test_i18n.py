"""Translations: every tr() string has a finished zh_CN translation, and the committed .qm is
a fresh compile of the committed .ts. Fix failures with ``python tools/i18n.py update``,
translating, then ``python tools/i18n.py release``."""

import importlib.util
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_tool():
    spec = importlib.util.spec_from_file_location("vcadre_tools_i18n", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


i18n_tool = _load_tool()


def test_every_source_string_has_a_finished_translation():
    missing = i18n_tool.unfinished_messages("zh_CN")
    assert not missing, "untranslated strings (run tools/i18n.py update, translate, release):\n" + (
        "\n".join(f"  [{context}] {source!r}" for context, source in missing)
    )


def test_committed_qm_matches_the_ts():
    assert i18n_tool.qm_is_fresh("zh_CN"), "run: python tools/i18n.py release"


def test_check_does_not_touch_the_committed_ts():
    ts = i18n_tool.ts_path("zh_CN")
    before = ts.read_bytes()
    i18n_tool.unfinished_messages("zh_CN")
    assert ts.read_bytes() == before


def test_unfinished_detection(tmp_path):
    ts = tmp_path / "x.ts"
    ts.write_text(
        textwrap.dedent(
            """\
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE TS>
            <TS version="2.1" language="zh_CN" sourcelanguage="en">
            <context>
                <name>MainWindow</name>
                <message><source>Done</source><translation>完成</translation></message>
                <message><source>Todo</source><translation type="unfinished"></translation></message>
                <message><source>Draft</source><translation type="unfinished">草稿</translation></message>
                <message><source>Empty</source><translation></translation></message>
                <message><source>Gone</source><translation type="vanished">旧</translation></message>
                <message numerus="yes"><source>%n people</source>
                    <translation><numerusform>%n 人</numerusform></translation></message>
                <message numerus="yes"><source>%n rows</source>
                    <translation><numerusform></numerusform></translation></message>
            </context>
            </TS>
            """
        ),
        encoding="utf-8",
    )
    assert i18n_tool.unfinished(ts) == [
        ("MainWindow", "Todo"),
        ("MainWindow", "Draft"),
        ("MainWindow", "Empty"),
        ("MainWindow", "%n rows"),
    ]


def test_lupdate_extracts_python_tr_calls(tmp_path, monkeypatch):
    i18n_tool.find_tool("pyside6-lupdate")  # part of PySide6-Essentials: missing is a failure
    package = tmp_path / "vcadre"
    package.mkdir()
    (package / "w.py").write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "class W(QWidget):\n"
        "    def f(self):\n"
        "        return self.tr('Open database')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n_tool, "ROOT", tmp_path)
    monkeypatch.setattr(i18n_tool, "PACKAGE_DIR", package)
    ts = tmp_path / "t.ts"
    shutil.copyfile(ROOT / "resources" / "i18n" / "vcadre_zh_CN.ts", ts)
    i18n_tool.lupdate(ts)
    assert i18n_tool.unfinished(ts) == [("W", "Open database")]


def test_translators_load(qapp):
    from PySide6.QtWidgets import QApplication

    from vcadre.ui.i18n import install_translators, remove_translators

    try:
        translators = install_translators(qapp)  # zh_CN by default
        assert len(translators) == 2
        assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert install_translators(qapp, "en") == []
        assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        remove_translators(qapp)
