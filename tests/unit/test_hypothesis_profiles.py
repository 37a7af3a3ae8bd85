"""The Hypothesis profiles do what docs/testing.md says: in CI the same examples from a printed
seed, a failing example saved and tried first on the next run; in dev new examples each run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = '''
from hypothesis import given, strategies as st

@given(st.integers())
def test_drawn(x):
    print("DRAWN", x)
    assert x < 10_000 or "{fail}" != "yes"
'''


def _run(tmp_path: Path, profile: str, fail: bool = False) -> tuple[str, list[int]]:
    # Inside the repository (so the root conftest applies), in the git-ignored .hypothesis folder.
    folder = ROOT / ".hypothesis" / f"probe-{tmp_path.name}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test_probe.py").write_text(PROBE.replace("{fail}", "yes" if fail else "no"))
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "VCADRE_HYPOTHESIS_SEED")}
    env.update(VCADRE_HYPOTHESIS_PROFILE=profile, VCADRE_HYPOTHESIS_DB=str(tmp_path / "examples"))
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-s", "-p", "no:randomly", "-p", "no:cacheprovider",
         f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), str(folder / "test_probe.py")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    shutil.rmtree(folder)
    drawn = [int(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("DRAWN")]
    return out.stdout, drawn


def test_ci_profile_is_derandomized_with_a_printed_seed(tmp_path: Path) -> None:
    header, first = _run(tmp_path, "ci")
    _, second = _run(tmp_path, "ci")
    assert "hypothesis profile ci, seed 20261127" in header
    assert len(first) > 50 and first == second


def test_dev_profile_draws_new_examples(tmp_path: Path) -> None:
    header, first = _run(tmp_path, "dev")
    _, second = _run(tmp_path, "dev")
    assert "hypothesis profile dev, random examples" in header
    assert first != second


def test_ci_failure_is_saved_and_replayed_first(tmp_path: Path) -> None:
    out, _ = _run(tmp_path, "ci", fail=True)
    assert "1 failed" in out and "@reproduce_failure(" in out
    assert any((tmp_path / "examples").rglob("*")), "the failing example was not saved"
    again, drawn = _run(tmp_path, "ci", fail=True)
    assert "1 failed" in again and drawn[0] == 10_000  # the saved, shrunk example comes first
