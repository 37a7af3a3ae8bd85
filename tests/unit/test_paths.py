import sys
from pathlib import Path

import platformdirs
import pytest

from vcadre import paths


def test_data_dir_follows_the_override(user_data_dir, tmp_path):
    assert paths.user_data_dir() == user_data_dir
    assert user_data_dir.is_relative_to(tmp_path)
    assert not user_data_dir.exists()  # a fresh install: nothing created until asked
    assert paths.default_db_path() == user_data_dir / "vcadre.db"
    assert paths.log_dir() == user_data_dir / "logs"
    assert paths.backup_dir() == user_data_dir / "backups"


def test_ensure_creates_the_directories(user_data_dir):
    assert paths.log_dir(ensure=True).is_dir()
    assert paths.backup_dir(ensure=True).is_dir()
    assert paths.user_data_dir(ensure=True) == user_data_dir


def test_without_override_platformdirs_decides(monkeypatch):
    monkeypatch.delenv("VCADRE_DATA_DIR")
    expected = Path(platformdirs.user_data_dir("vcadre", appauthor=False, roaming=False))
    assert paths.user_data_dir() == expected
    assert expected.name == "vcadre"
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_DATA_HOME", "/home/officer/.local/share")
        assert paths.user_data_dir() == Path("/home/officer/.local/share/vcadre")


def test_blank_override_is_ignored(monkeypatch):
    monkeypatch.setenv("VCADRE_DATA_DIR", "  ")
    assert paths.user_data_dir().name == "vcadre"


def test_resource_path_finds_the_font_from_source():
    font = paths.font_path()
    assert font == paths.resource_path("fonts", "wqy-microhei.ttc")
    assert font.is_file()
    assert font.read_bytes()[:4] == b"ttcf"  # a TrueType collection
    assert (paths.resources_dir() / "fonts" / "LICENSE-wqy-microhei.txt").is_file()
    assert (paths.translations_dir() / "vcadre_zh_CN.qm").is_file()


def test_resource_path_in_a_pyinstaller_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.is_frozen()
    assert paths.font_path() == tmp_path / "resources" / "fonts" / "wqy-microhei.ttc"


@pytest.mark.parametrize("module", ["vcadre.paths", "vcadre.logsetup"])
def test_path_and_log_helpers_import_no_qt(module):
    import subprocess

    code = f"import sys, {module}; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
