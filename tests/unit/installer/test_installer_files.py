"""The Windows delivery files, checked without building anything (fast; every run).

The full check — PyInstaller bundle, the frozen program on Chinese paths, makensis against the
real bundle — is ``installer/check-linux.sh``, which ``.ci/run`` runs after the tests.
"""

from __future__ import annotations

import re
import shutil
import sys
import subprocess
from pathlib import Path

import pytest

from vcadre import __version__

ROOT = Path(__file__).resolve().parents[3]
INSTALLER = ROOT / "installer"
NSI = INSTALLER / "vcadre.nsi"
SPEC = INSTALLER / "vcadre.spec"


def nsi_text() -> str:
    return NSI.read_text(encoding="utf-8-sig")


def test_nsi_is_utf8_with_bom_so_windows_makensis_reads_chinese() -> None:
    raw = NSI.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")
    assert re.search(r"^Unicode true$", nsi_text(), re.M)
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in nsi_text()


def test_nsi_installs_per_user_without_admin() -> None:
    text = nsi_text()
    assert re.search(r"^RequestExecutionLevel user$", text, re.M)
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_ID}"' in text
    # Every registry write goes to the current user's hive.
    writes = re.findall(r"^\s*(?:WriteReg\w+|DeleteRegKey|ReadRegStr\s+\$\d)\s+(\w+)", text, re.M)
    assert writes and set(writes) == {"HKCU"}
    assert "SetShellVarContext all" not in text


def test_nsi_shortcut_name_and_sync_extension_are_one_define_each() -> None:
    text = nsi_text()
    assert re.findall(r'^!define APP_NAME\s+"(.+)"$', text, re.M) == ["村干部档案管理"]
    assert len(re.findall(r"^!define SYNC_EXT\s", text, re.M)) == 1
    assert "vcsync" not in text.replace('!define SYNC_EXT       "vcsync"', "")
    assert '"$SMPROGRAMS\\${APP_NAME}.lnk"' in text and '"$DESKTOP\\${APP_NAME}.lnk"' in text


def test_uninstaller_keeps_data_unless_ticked() -> None:
    text = nsi_text()
    section = re.search(r'^Section /o "un\.同时删除我的数据.*?^SectionEnd', text, re.M | re.S)
    assert section, "the data-removal section must be unticked (/o) by default"
    assert 'RMDir /r "${DATA_DIR}"' in section.group(0)
    assert "MB_DEFBUTTON2" in section.group(0)  # the confirmation defaults to No
    # Nothing else removes the data dir, and the program folder is only removed when empty.
    assert text.count('RMDir /r "${DATA_DIR}"') == 1
    assert 'RMDir /r "$INSTDIR"' not in text
    assert '!define DATA_DIR    "$LOCALAPPDATA\\vcadre"' in text


def test_data_dir_in_the_installer_is_where_the_program_keeps_data(monkeypatch) -> None:
    import platformdirs

    monkeypatch.delenv("VCADRE_DATA_DIR", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir",
                        lambda app, appauthor=None, roaming=False: rf"C:\Users\张三\AppData\Local\{app}")
    from vcadre import paths

    assert str(paths.user_data_dir()).endswith(r"AppData\Local\vcadre")


# dev.py installs nsis on Debian (a missing makensis fails there); Windows runners build the real
# installer in the workflow instead.
@pytest.mark.skipif(sys.platform == "win32" and not shutil.which("makensis"),
                    reason="makensis not installed on this Windows machine")
def test_nsi_compiles_against_a_stub_bundle(tmp_path: Path) -> None:
    """The script compiles, warnings being errors, against a stub of the bundle's layout."""
    bundle = tmp_path / "打包 目录" / "vcadre"
    for name in ("vcadre.exe", "vcadre-cli.exe", "_internal/resources/fonts/wqy-microhei.ttc",
                 "_internal/vcadre/store/migrations/env.py"):
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_bytes(b"stub")
    out = tmp_path / "安装 程序" / "vcadre 安装.exe"  # plain "setup.exe" draws warning 9000
    out.parent.mkdir()
    result = subprocess.run(
        ["makensis", "-V2", "-WX", "-DNO_COMPRESS", f"-DVERSION={__version__}",
         f"-DBUNDLE_DIR={bundle}", f"-DOUTFILE={out}", str(NSI)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > 50_000


def test_spec_collects_every_resource_folder_and_all_vcadre_modules() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert 'collect_submodules("vcadre")' in text
    for folder in sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir()):
        assert f'(str(ROOT / "resources" / "{folder}"), "resources/{folder}")' in text, folder
    assert '"vcadre/store/migrations"' in text
    assert "console=False" in text and "console=True" in text


def test_packaging_extra_pins_pyinstaller() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = extras["project"]["optional-dependencies"]["packaging"]
    assert any(re.fullmatch(r"pyinstaller>=\d+\.\d+,<\d+", r) for r in reqs), reqs


def test_icon_has_the_sizes_windows_asks_for() -> None:
    from PIL import Image

    with Image.open(ROOT / "resources" / "icons" / "vcadre.ico") as ico:
        sizes = {w for w, _h in ico.info["sizes"]}
    assert {16, 24, 32, 48, 256} <= sizes
    with Image.open(ROOT / "resources" / "icons" / "vcadre.png") as png:
        assert png.size == (256, 256)


def test_ci_runs_the_linux_check_after_the_tests() -> None:
    lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert lines.index("python3 dev.py test") < lines.index("bash installer/check-linux.sh")
