"""dev.py's set-up on a minimal Debian image: python3-venv installed when the venv module is missing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dev(monkeypatch):
    spec = importlib.util.spec_from_file_location("vcadre_dev_script", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv("VCADRE_SKIP_SYSTEM", raising=False)
    monkeypatch.setattr(module, "WINDOWS", False)
    monkeypatch.setattr(module, "_is_debian_like", lambda: True)
    monkeypatch.setattr(module.shutil, "which", lambda name: f"/usr/bin/{name}")
    return module


def _record(monkeypatch, dev, has_venv: bool, known: set[str]) -> list[list[str]]:
    ran: list[list[str]] = []

    def run(cmd, **kw):
        ran.append(list(cmd))
        if cmd[:2] == ["apt-cache", "show"]:
            return subprocess.CompletedProcess(cmd, 0 if cmd[2] in known else 100)
        if cmd[0] == sys.executable:
            return subprocess.CompletedProcess(cmd, 0 if has_venv else 1)
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(dev.subprocess, "run", run)
    return ran


def test_root_on_debian_installs_the_venv_packages_when_ensurepip_is_missing(dev, monkeypatch) -> None:
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
    ran = _record(monkeypatch, dev, has_venv=False, known={"python3-venv", minor})
    dev.setup_venv_module()
    assert ran[0] == [sys.executable, "-c", "import ensurepip, venv"]
    assert ["apt-get", "update", "-qq"] in ran
    assert ran[-1] == ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3-venv", minor]


def test_only_packages_the_archive_knows_are_asked_for(dev, monkeypatch) -> None:
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)
    ran = _record(monkeypatch, dev, has_venv=False, known={"python3-venv"})
    dev.setup_venv_module()
    assert ran[-1] == ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3-venv"]


@pytest.mark.parametrize("has_venv, uid", [(True, 0), (False, 1000)])
def test_nothing_installed_when_present_or_not_root(dev, monkeypatch, capsys, has_venv, uid) -> None:
    monkeypatch.setattr(dev.os, "geteuid", lambda: uid)
    ran = _record(monkeypatch, dev, has_venv=has_venv, known={"python3-venv"})
    dev.setup_venv_module()
    assert not any(cmd[0] == "apt-get" for cmd in ran)
    if not has_venv:
        assert "sudo apt-get install python3-venv" in capsys.readouterr().out


def test_ci_installs_python3_and_venv_before_dev_py() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    install = next(i for i, line in enumerate(lines) if "apt-get install" in line)
    assert "python3 python3-venv" in lines[install]
    assert install < lines.index("python3 dev.py test")
