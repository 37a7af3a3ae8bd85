"""Root pytest configuration (applies to every test in the repository).

- Qt runs offscreen unless QT_QPA_PLATFORM is already set (e.g. ``xcb`` under Xvfb to watch).
- Every test gets its own user data dir: ``VCADRE_DATA_DIR`` points into the test's tmp dir
  (not created, as on a fresh install); the ``user_data_dir`` fixture returns that path.
- "Today" is pinned for every test to ``TEST_TODAY`` through ``VCADRE_TODAY`` (``vcadre.clock``),
  which the CLI subprocesses the tests start inherit: no test depends on the real date. A test
  that needs another day uses ``vcadre.clock.frozen(day)``.
- ``VCADRE_TEST_WALL=YYYY-MM-DD`` moves the real wall clock too (time-machine, ticking), to prove
  the suite passes whatever the machine's date: ``python3 dev.py test-dates`` runs it at three.
- Tests that use ``qtbot`` or ``qapp`` (directly or through other fixtures) are marked ``gui``,
  so ``pytest -m "not gui"`` runs the core tests alone.
- Test order is shuffled (pytest-randomly; the header prints ``--randomly-seed=N`` to repeat an
  order, ``-p no:randomly`` turns it off).
- Hypothesis: profile ``ci`` when ``CI`` is set (``.ci/run``), else ``dev``: see
  ``tests/hypothesis_profiles.py`` (fixed, printed seed and saved failing examples in CI).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything creates a QApplication

from tests.today import TEST_TODAY  # noqa: E402  (the demo county, ages, terms, alerts follow it)

os.environ["VCADRE_TODAY"] = TEST_TODAY.isoformat()

from tests.wall import travel_from_env  # noqa: E402

# The machine's clock moved for the whole run (helper processes the tests start move it too).
_traveller = travel_from_env()

import pytest  # noqa: E402
from tests.hypothesis_profiles import PROFILE as HYPOTHESIS_PROFILE, hypothesis_seed, seeded  # noqa: E402

GUI_FIXTURES = frozenset({"qtbot", "qapp"})


#: The shuffled order CI runs in (pytest-randomly's seed when ``CI`` is set): a red CI run is
#: replayed here exactly with ``CI=1 python3 dev.py test``; developers get a new order every run.
CI_ORDER_SEED = 20261206


@pytest.hookimpl(tryfirst=True)  # before pytest-randomly's own pytest_configure reads the option
def pytest_configure(config: pytest.Config) -> None:
    if (os.environ.get("CI") and config.pluginmanager.hasplugin("randomly")
            and config.getoption("randomly_seed", "default") == "default"):
        config.option.randomly_seed = CI_ORDER_SEED


def pytest_report_header(config: pytest.Config) -> str:
    seed = hypothesis_seed()
    how = f"seed {seed} (repeat: VCADRE_HYPOTHESIS_SEED={seed})" if seed is not None else "random examples"
    return f"vcadre: today pinned to {TEST_TODAY}; hypothesis profile {HYPOTHESIS_PROFILE}, {how}"


@pytest.fixture(autouse=True)
def _root_logger_restored():
    """Handlers a test installs on the root logger (the app's start-up does) go with the test,
    so no later test logs into a removed temp dir or counts them (order independence)."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's private user data dir (``vcadre.paths.user_data_dir()`` returns it)."""
    path = tmp_path / "user-data"
    monkeypatch.setenv("VCADRE_DATA_DIR", str(path))
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep = []
    for item in items:
        if GUI_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
        test = getattr(item, "obj", None)
        if hasattr(getattr(test, "hypothesis", None), "inner_test"):  # a @given test
            seeded(test)
        # A test about SQLite itself (a query plan) has no PostgreSQL case to run.
        params = getattr(getattr(item, "callspec", None), "params", {})
        if params.get("backend") == "postgresql" and item.get_closest_marker("sqlite_only"):
            continue
        if params.get("backend") == "sqlite" and item.get_closest_marker("postgresql_only"):
            continue
        keep.append(item)
    items[:] = keep
