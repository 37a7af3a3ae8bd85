#!/usr/bin/env python3
"""Developer entry point (stdlib only; Linux and Windows, Python 3.11+).

    python3 dev.py run  [args...]   # set up, then start vcadre (demo database on first run)
    python3 dev.py test [args...]   # set up, then run pytest (args passed through)
    python3 dev.py test-dates [args...]  # the suite three times, the machine's clock moved to
                                    # 2020-03-01, 2029-02-28 and 2035-12-31 (VCADRE_TEST_WALL)
    python3 dev.py mutate [target...] [--again]  # mutation testing (mutmut) of the rule modules; no
                                    # target: list them (docs/mutation.md). Slow: not part of CI.
    python3 dev.py setup [--test]   # only set up

On Windows use ``py dev.py run``. Setup installs the Debian/Ubuntu packages Qt and our tools need
(only when running as root and something is missing), creates ``.venv`` and installs the project
into it in editable mode; pip is skipped while pyproject.toml is unchanged.
Set VCADRE_SKIP_SYSTEM=1 to skip the system packages step.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

if sys.version_info < (3, 11):
    sys.exit(f"vcadre needs Python 3.11 or newer; this is {sys.version.split()[0]}")

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "vcadre-install.json"
WINDOWS = sys.platform == "win32"

# Runtime libraries of PySide6's Qt (QtCore/QtGui/QtDBus, the offscreen and xcb platform plugins,
# read from their ELF NEEDED entries) and the tools the tests use; their other dependencies
# come in through apt. libxcb-xinerama0 is not listed: Qt 6 no longer links it.
APT_PACKAGES = [
    "fonts-wqy-microhei",  # CJK font (also bundled under resources/fonts)
    "poppler-utils",  # pdftotext/pdftoppm to inspect generated PDFs in tests
    "zbar-tools",  # zbarimg: tests decode certificate QR codes with a second, independent decoder
    "nsis",  # makensis: tests compile installer/vcadre.nsi (installer/check-linux.sh too)
    "postgresql",  # initdb/pg_ctl: the tests run the store, services and CLI on a throw-away cluster
    "libglib2.0-0",  # QtCore
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libfontconfig1",
    "libdbus-1-3",  # QtGui/QtDBus
    "libxcb-icccm4",  # xcb platform plugin (real windows, Xvfb) from here down
    "libxcb-keysyms1",
    "libxcb-cursor0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libxkbcommon-x11-0",
]


def step(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_script(name: str) -> Path:
    return VENV / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


def _is_debian_like() -> bool:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return False
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    ids = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".replace('"', "").split()
    return "debian" in ids or "ubuntu" in ids


def _missing_debs() -> list[str]:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", *APT_PACKAGES],
        capture_output=True, text=True,
    )
    installed = {
        line.split()[0].split(":")[0]
        for line in result.stdout.splitlines()
        if len(line.split()) >= 2 and line.split()[1].startswith("ii")
    }
    return [p for p in APT_PACKAGES if p not in installed]


def setup_system() -> None:
    if os.environ.get("VCADRE_SKIP_SYSTEM") or not sys.platform.startswith("linux"):
        return
    if not _is_debian_like() or not shutil.which("dpkg-query"):
        step("system packages: not Debian/Ubuntu, skipped")
        return
    missing = _missing_debs()
    if not missing:
        step("system packages: all present")
        return
    if os.geteuid() != 0:
        step(f"system packages missing (not root, skipped): sudo apt-get install {' '.join(missing)}")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    step(f"apt-get update (missing: {' '.join(missing)})")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    step(f"apt-get install {' '.join(missing)}")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                   check=True, env=env)


def _wanted_stamp(extras: list[str]) -> dict[str, object]:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return {"pyproject_sha256": digest, "python": sys.version.split()[0], "extras": extras}


def _stamp_ok(extras: list[str]) -> bool:
    try:
        have = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    want = _wanted_stamp(extras)
    return (
        have.get("pyproject_sha256") == want["pyproject_sha256"]
        and have.get("python") == want["python"]
        and set(extras) <= set(have.get("extras", []))
        and venv_script("vcadre").exists()
    )


def _venv_debs() -> list[str]:
    """Debian's venv module comes apart from python3: python3-venv and python3.X-venv."""
    return ["python3-venv", f"python{sys.version_info.major}.{sys.version_info.minor}-venv"]


def _has_venv_module() -> bool:
    # Debian's python3 without python3-venv has ``venv`` but not ``ensurepip``: venv then fails.
    result = subprocess.run([sys.executable, "-c", "import ensurepip, venv"], capture_output=True)
    return result.returncode == 0


def setup_venv_module() -> None:
    """Install python3-venv when missing, on Debian/Ubuntu as root (a minimal image lacks it)."""
    if WINDOWS or _has_venv_module():
        return
    if os.environ.get("VCADRE_SKIP_SYSTEM") or not _is_debian_like() or not shutil.which("apt-get"):
        return
    if os.geteuid() != 0:
        step(f"python venv module missing (not root, skipped): sudo apt-get install {' '.join(_venv_debs())}")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    step(f"apt-get install {' '.join(_venv_debs())} (python's venv module is missing)")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    wanted = [p for p in _venv_debs()
              if subprocess.run(["apt-cache", "show", p], capture_output=True).returncode == 0]
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *wanted], check=True, env=env)


def setup_venv(extras: list[str]) -> None:
    if not venv_python().exists():
        setup_venv_module()
        step(f"creating virtual environment {VENV.name}")
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        except subprocess.CalledProcessError:
            shutil.rmtree(VENV, ignore_errors=True)  # a half-made venv would be taken as made next time
            sys.exit("[dev] could not create .venv (on Debian/Ubuntu: apt-get install python3-venv)")
    if _stamp_ok(extras):
        step("python packages: up to date")
        return
    target = f".[{','.join(extras)}]" if extras else "."
    step(f"pip install -e {target}")
    subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet", "-e", target],
                   check=True, cwd=ROOT)
    STAMP.write_text(json.dumps(_wanted_stamp(extras), indent=2), encoding="utf-8")


def setup(extras: list[str]) -> None:
    setup_system()
    setup_venv(extras)


def run(args: list[str]) -> int:
    setup([])
    exe = venv_script("vcadre")
    step(f"starting {exe.relative_to(ROOT)} --demo-if-new {' '.join(args)}".rstrip())
    return subprocess.call([str(exe), "--demo-if-new", *args], cwd=ROOT)


def test(args: list[str]) -> int:
    setup(["test"])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    step(f"pytest {' '.join(args)}".rstrip())
    return subprocess.call([str(venv_python()), "-m", "pytest", *args], cwd=ROOT, env=env)


#: Far-apart days for ``test-dates``: the suite must not care what the machine's clock says.
TEST_WALL_DATES = ("2020-03-01", "2029-02-28", "2035-12-31")


def test_dates(args: list[str]) -> int:
    worst = 0
    for day in TEST_WALL_DATES:
        step(f"machine clock moved to {day}")
        os.environ["VCADRE_TEST_WALL"] = day
        rc = test(args)
        step(f"{day}: {'passed' if rc == 0 else f'FAILED ({rc})'}")
        worst = worst or rc
    os.environ.pop("VCADRE_TEST_WALL", None)
    return worst


class MutateTarget(NamedTuple):
    """One mutation target: the file mutmut mutates, the tests that state its rules, the functions
    mutated (None: the whole file; else ``func`` or ``Class.method`` names of the rule code), and
    a pytest ``-k`` expression of tests to leave out."""

    file: str
    tests: list[str]
    functions: list[str] | None = None
    deselect: str = "demo"


#: The tests are the narrowest files that reach the mutated functions *in the pytest process*:
#: mutmut maps tests to functions by running them once and gives each mutant only the tests that
#: called its function, so code run in a helper process, or only at import time, is never
#: mapped (docs/mutation.md). A survivor means a rule no selected test states. Tests over the
#: county demo are left out (``demo``): the demo would be rebuilt in every mutant's pytest.
#: ``postgresql``: the figures are judged on SQLite; both backends run in the full suite.
MUTATE_TARGETS: dict[str, MutateTarget] = {
    "idnumber": MutateTarget("vcadre/domain/idnumber.py", ["tests/unit/domain/test_idnumber.py"]),
    "normalise": MutateTarget("vcadre/domain/normalise.py", ["tests/unit/domain/test_normalise.py",
                                                            "tests/unit/services/test_form_normalisers.py"]),
    "codes": MutateTarget("vcadre/domain/codes.py", ["tests/unit/domain"]),
    # Only the test that clears the keys' caches: other tests reach the rule through caches filled
    # before mutmut forks (by its mapping run), so they would pass whatever the mutant.
    "names": MutateTarget("vcadre/domain/names.py", ["tests/unit/domain/test_names.py"]),
    "roles": MutateTarget("vcadre/domain/roles.py", ["tests/unit/domain/test_roles.py",
                                                    "tests/unit/security/test_roles.py"]),
    # Masking only: the rest of the file is column titles and the queries of what each roster lists.
    "roster_kinds": MutateTarget("vcadre/reports/roster_kinds.py", ["tests/unit/reports/test_roster.py",
                                                                  "tests/unit/security/test_roles.py"],
                                 ["_id_text", "build_roster"], "demo or postgresql"),
    "certificates": MutateTarget("vcadre/services/training_certificates.py",
                                 ["tests/unit/services/test_training_classes.py", "tests/unit/services/documents",
                                  "tests/unit/reports/test_certificate.py",
                                  "tests/unit/reports/test_certificate_documents.py"],
                                 None, "demo or postgresql"),
    "stats": MutateTarget("vcadre/services/stats.py", ["tests/unit/services/test_stats.py",
                                                      "tests/unit/services/test_posts_one_shoulder.py",
                                                      "tests/unit/services/figures/test_issue_cases.py",
                                                      "tests/unit/services/test_headline_rules.py"],
                          None, "demo or postgresql or headline_county or scopes_add_up or unknown_region "
                                "or tombstones_are_ignored"),
    "figures": MutateTarget("vcadre/services/figures/live.py",
                            ["tests/unit/services/figures", "tests/unit/services/test_stats.py",
                             "tests/unit/services/test_posts_one_shoulder.py",
                             "tests/unit/services/test_headline_rules.py"],
                            None, "demo or postgresql or headline_county or scopes_add_up or unknown_region "
                                  "or tombstones_are_ignored"),
    # The merge rule: the greatest clock wins per field, conflicts are reported (module docstring).
    # Not here: the checks of received packages and the natural-key merge (``merge-keys``).
    "merge": MutateTarget("vcadre/sync/merge.py",
                          ["tests/unit/sync/test_merge.py", "tests/unit/sync/test_natural_keys.py",
                           "tests/unit/sync/test_undo_sync.py", "tests/unit/sync/test_identity.py",
                           "tests/unit/sync/test_forgery.py"],
                          ["_max_clock", "Merger._merge_one", "Merger._descends",
                           "Merger._check_delete", "Merger._check_edit_of_deleted", "Merger._conflict",
                           "Merger._close_conflicts"]),
    # The natural-key merge. test_natural_keys.py states its rules with chosen ids and order of
    # arrival; test_forgery.py reaches it only through the region rows it sends, and the
    # assessment test (5 s, random ids) states what the enrolment tests state exactly.
    "merge-keys": MutateTarget("vcadre/sync/merge.py", ["tests/unit/sync/test_natural_keys.py"],
                               ["Merger._keys_clash", "Merger._settle_keys", "Merger._drop", "Merger._give_up",
                                "Merger._insert_keyed", "Merger._record_conflict", "Merger._move_children"],
                               "demo or postgresql or same_years_assessment"),
}
MUTATE_DIR = ROOT / ".mutmut"


def _mutate_config(target: MutateTarget) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    # Random order off: mutmut picks the tests per mutant and runs them in its own order.
    args = ["-p", "no:randomly", "-p", "no:cacheprovider", "-q", "-k", f"not ({target.deselect})"
            if " " in target.deselect else f"not {target.deselect}"]
    return ("\n[tool.mutmut]\n"
            'source_paths = ["vcadre"]\n'
            f"only_mutate = {toml_list([target.file])}\n"
            'also_copy = ["conftest.py", "resources"]\n'
            f"pytest_add_cli_args = {toml_list(args)}\n"
            f"pytest_add_cli_args_test_selection = {toml_list(target.tests)}\n")


def _mutant_globs(file: str, functions: list[str] | None) -> list[str]:
    """mutmut's names for the mutants of ``functions`` (its mangling: ``x_f``, ``xǁClassǁm``)."""
    module = file.removesuffix(".py").replace("/", ".")
    if functions is None:
        return [f"{module}.*"]
    globs = []
    for f in functions:
        cls, _, name = f.rpartition(".")
        globs.append(f"{module}.x\u01c1{cls}\u01c1{name}__mutmut_*" if cls else f"{module}.x_{name}__mutmut_*")
    return globs


def _copy_tracked(dest: Path) -> None:
    """The tracked files of the working tree (as they are now, edits included) into ``dest``."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        src = ROOT / name
        if not src.is_file():
            continue
        target = dest / name
        if target.exists() and target.stat().st_mtime >= src.stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)


#: mutmut's exit codes → our columns (mutmut.stats.status_by_exit_code).
_MUTANT_STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "not reached", 33: "not reached",
                  36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout", None: "not run"}


def mutate_results(work: Path, file: str, functions: list[str] | None) -> dict[str, list[str]]:
    """The selected mutants of one target by outcome, read from mutmut's record of the run."""
    import fnmatch

    meta = json.loads((work / "mutants" / (file + ".meta")).read_text(encoding="utf-8"))
    globs = _mutant_globs(file, functions)
    out: dict[str, list[str]] = {k: [] for k in ("killed", "survived", "timeout", "not reached", "not run",
                                                 "other")}
    for name, code in sorted(meta["exit_code_by_key"].items()):
        if any(fnmatch.fnmatchcase(name, g) for g in globs):
            out[_MUTANT_STATUS.get(code, "other")].append(name)
    return out


def mutate(args: list[str]) -> int:
    """Mutation testing of the rule modules, one work copy per target under ``.mutmut/``."""
    if WINDOWS:
        sys.exit("[dev] mutmut needs fork(): run mutate on Linux")
    if not args or args[0] in ("-h", "--help"):
        print("targets:", " ".join(MUTATE_TARGETS), "(or: all); --again: only the mutants of the last run "
              "not killed (after adding tests)")
        return 0 if args else 2
    again = "--again" in args
    args = [a for a in args if a != "--again"]
    names = list(MUTATE_TARGETS) if args == ["all"] else args
    unknown = [n for n in names if n not in MUTATE_TARGETS]
    if unknown:
        sys.exit(f"[dev] unknown target(s) {' '.join(unknown)}; targets: {' '.join(MUTATE_TARGETS)}")
    setup(["test", "mutate"])
    worst = 0
    for name in names:
        target = MUTATE_TARGETS[name]
        file, functions = target.file, target.functions
        work = MUTATE_DIR / name
        _copy_tracked(work)
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        (work / "pyproject.toml").write_text(pyproject + _mutate_config(target), encoding="utf-8")
        # The same Hypothesis examples for every mutant (the ci profile's fixed seed).
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VCADRE_HYPOTHESIS_PROFILE": "ci"}
        step(f"mutmut run: {name} ({file}{': ' + ', '.join(functions) if functions else ''}) "
             f"in {work.relative_to(ROOT)}")
        # nice 19 and one child: the machine is shared, and a mutant's tests should not time out
        # because another mutant's tests took the other core.
        # mutmut re-runs every mutant named on its command line: --again names only those the last
        # run did not kill (a changed function's mutants lose their verdict, so they are named too).
        chosen = _mutant_globs(file, functions)
        if again and (work / "mutants" / (file + ".meta")).exists():
            last = mutate_results(work, file, functions)
            chosen = last["survived"] + last["not reached"] + last["not run"] + last["other"]
            if not chosen:
                step(f"{name}: every mutant of the last run was killed")
                continue
        rc = subprocess.call(["nice", "-n", "19", str(venv_script("mutmut")), "run", "--max-children", "1",
                              *chosen], cwd=work, env=env)
        res = mutate_results(work, file, functions)
        for label in ("survived", "not reached", "other"):
            for mutant in res[label]:
                print(f"  {label}: {mutant}")
        n = {k: len(v) for k, v in res.items()}
        judged = n["killed"] + n["timeout"] + n["survived"] + n["not reached"] + n["other"]
        score = (n["killed"] + n["timeout"]) / judged if judged else 1.0
        step(f"{name}: {sum(n.values())} mutants: {n['killed']} killed, {n['timeout']} timed out, "
             f"{n['survived']} survived, {n['not reached']} not reached by its tests, {n['other']} other, "
             f"{n['not run']} not run: {score:.1%} killed (see `mutmut show <name>` in {work.relative_to(ROOT)})")
        worst = worst or rc
    return worst


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "test-dates", "setup", "mutate"):
        print(__doc__.strip().split("\n\n")[1])
        return 2
    command, rest = argv[0], argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    try:
        if command == "run":
            return run(rest)
        if command == "test":
            return test(rest)
        if command == "test-dates":
            return test_dates(rest)
        if command == "mutate":
            return mutate(rest)
        setup(["test"] if "--test" in rest else [])
        return 0
    except subprocess.CalledProcessError as err:
        step(f"failed ({err.returncode}): {' '.join(map(str, err.cmd))}")
        return err.returncode or 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
