"""Hypothesis profiles (the root conftest loads one).

- ``ci`` (when ``CI`` is set, as ``.ci/run`` runs): derandomized: every property test draws from
  one fixed seed, ``VCADRE_HYPOTHESIS_SEED`` or ``CI_SEED``, printed in the pytest header. Failing
  examples are saved in ``.hypothesis/examples`` and printed as a ``@reproduce_failure`` blob, so
  a red CI run can be replayed here. (Hypothesis' own ``derandomize=True``,
  ``--hypothesis-seed`` and ``@seed`` all switch the example database off; ``seeded`` does not.)
- ``dev`` (otherwise): new random examples each run, failures saved in the same database and
  tried first on the next run.

``VCADRE_HYPOTHESIS_PROFILE=ci`` runs the CI profile on a developer machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

#: The seed of the ``ci`` profile (any fixed number would do).
CI_SEED = 20261127
EXAMPLES_DIR = Path(os.environ.get("VCADRE_HYPOTHESIS_DB")
                    or Path(__file__).resolve().parent.parent / ".hypothesis" / "examples")


def _database():
    from hypothesis.database import DirectoryBasedExampleDatabase

    return DirectoryBasedExampleDatabase(EXAMPLES_DIR)


settings.register_profile("ci", database=_database(), print_blob=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", database=_database(), deadline=None)

PROFILE = os.environ.get("VCADRE_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


def hypothesis_seed() -> int | None:
    """The seed property tests draw from: fixed in ``ci`` (or when set), ``None`` (random) in ``dev``."""
    text = os.environ.get("VCADRE_HYPOTHESIS_SEED", "").strip()
    if text:
        return int(text)
    return CI_SEED if PROFILE == "ci" else None


def seeded(target):
    """``target`` (a @given test or a state machine class) drawing from the profile's seed, if any.

    Not ``hypothesis.seed``: that decorator also switches the example database off, and a failing
    example saved for replay is half the point of the ``ci`` profile.
    """
    value = hypothesis_seed()
    if value is not None:
        target._hypothesis_internal_use_seed = value
    return target
