"""Root pytest configuration (applies to every test in the repository).

- Qt runs offscreen unless QT_QPA_PLATFORM is already set (e.g. ``xcb`` under Xvfb to watch).
- Every test gets its own user data dir: ``VCADRE_DATA_DIR`` points into the test's tmp dir
  (not created, as on a fresh install); the ``user_data_dir`` fixture returns that path.
- Tests that use ``qtbot`` or ``qapp`` (directly or through other fixtures) are marked ``gui``,
  so ``pytest -m "not gui"`` runs the core tests alone.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything creates a QApplication

import pytest  # noqa: E402

GUI_FIXTURES = frozenset({"qtbot", "qapp"})


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's private user data dir (``vcadre.paths.user_data_dir()`` returns it)."""
    path = tmp_path / "user-data"
    monkeypatch.setenv("VCADRE_DATA_DIR", str(path))
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
