#!/usr/bin/env python3
"""Translation workflow (stdlib only; runs Qt's tools from the current venv).

    python tools/i18n.py update    # extract tr() strings from vcadre/**/*.py into the .ts
    python tools/i18n.py release   # compile the .ts into the .qm the app loads
    python tools/i18n.py check     # fail if a string lacks a finished translation or the .qm is stale
    python tools/i18n.py adopt OTHER.ts ...   # fill unfinished strings from other .ts files

Workflow: write English source strings in ``self.tr()`` (whole sentences, named placeholders,
translate before formatting); run ``update``; translate in Qt Linguist
(``pyside6-linguist resources/i18n/vcadre_zh_CN.ts``) or by editing the XML (remove
``type="unfinished"`` when done); run ``release``; commit the .ts and the .qm.

``check`` runs lupdate into a temporary copy of the .ts, so it never touches the committed file.
TS files are written without source locations (``-locations none``) so that editing code does
not churn the .ts and cause merge conflicts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "vcadre"
I18N_DIR = ROOT / "resources" / "i18n"
LANGUAGES = ["zh_CN"]
SOURCE_LANGUAGE = "en"


def ts_path(lang: str = "zh_CN") -> Path:
    return I18N_DIR / f"vcadre_{lang}.ts"


def qm_path(lang: str = "zh_CN") -> Path:
    return I18N_DIR / f"vcadre_{lang}.qm"


def find_tool(name: str) -> str:
    """``pyside6-lupdate`` etc. from this interpreter's venv (bin/ or Scripts/), else PATH."""
    exe = ".exe" if sys.platform == "win32" else ""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / f"{name}{exe}"
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(f"{name} not found; install PySide6 in this venv (python dev.py test)")


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _run(args: list[str]) -> None:
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed ({result.returncode}):\n"
                           f"{result.stdout}{result.stderr}")


def lupdate(ts: Path, lang: str = "zh_CN") -> None:
    """Merge the tr() strings of all sources into ``ts`` (kept translations, no obsolete ones)."""
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    _run([find_tool("pyside6-lupdate"), "-silent", *files, "-ts", str(ts), "-no-obsolete",
          "-locations", "none", "-source-language", SOURCE_LANGUAGE, "-target-language", lang])


def lrelease(ts: Path, qm: Path) -> None:
    _run([find_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)])


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message in ``ts`` without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source", "")
            if translation is None:
                missing.append((name, source))
                continue
            kind = translation.get("type")
            if kind in ("obsolete", "vanished"):
                continue
            forms = translation.findall("numerusform")
            texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
            if kind == "unfinished" or not all(t.strip() for t in texts):
                missing.append((name, source))
    return missing


def unfinished_messages(lang: str = "zh_CN") -> list[tuple[str, str]]:
    """Source strings lacking a finished translation, as lupdate would see them *now*
    (lupdate runs on a temporary copy of the committed .ts)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / ts_path(lang).name
        shutil.copyfile(ts_path(lang), work)
        lupdate(work, lang)
        return unfinished(work)


def qm_is_fresh(lang: str = "zh_CN") -> bool:
    """True if the committed .qm is byte-identical to a fresh compile of the committed .ts."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / qm_path(lang).name
        lrelease(ts_path(lang), fresh)
        return qm_path(lang).exists() and fresh.read_bytes() == qm_path(lang).read_bytes()


def adopt(ts: Path, others: list[Path]) -> int:
    """Fill ``ts``'s unfinished messages with the finished translations of ``others`` (same context
    and source first, else the same source anywhere). For merging branches: resolve the .ts to
    either side, ``update``, then ``adopt`` the other side's .ts (``git show BRANCH:path > f``)."""
    by_context: dict[tuple[str, str], ET.Element] = {}
    by_source: dict[str, ET.Element] = {}
    for other in others:
        for context in ET.parse(other).getroot().iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                tr = message.find("translation")
                if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                source = message.findtext("source", "")
                by_context.setdefault((name, source), tr)
                by_source.setdefault(source, tr)
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is None or tr.get("type") != "unfinished":
                continue
            source = message.findtext("source", "")
            found = by_context.get((name, source)) or by_source.get(source)
            if found is None:
                continue
            message.remove(tr)
            copy = ET.fromstring(ET.tostring(found))
            copy.tail = tr.tail
            message.append(copy)
            filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    # lupdate rewrites the file in its own layout (doctype, quoting), so the diff stays small.
    lupdate(ts)
    return filled


def main(argv: list[str]) -> int:
    if argv[:1] == ["adopt"] and len(argv) > 1:
        filled = adopt(ts_path(), [Path(a) for a in argv[1:]])
        print(f"adopted {filled} translation(s); {len(unfinished(ts_path()))} string(s) left to translate")
        return 0
    if len(argv) != 1 or argv[0] not in ("update", "release", "check"):
        print(__doc__.strip().split("\n\n")[1])
        return 2
    command = argv[0]
    for lang in LANGUAGES:
        if command == "update":
            lupdate(ts_path(lang), lang)
            left = unfinished(ts_path(lang))
            print(f"updated {ts_path(lang).relative_to(ROOT)}: {len(left)} string(s) to translate")
        elif command == "release":
            lrelease(ts_path(lang), qm_path(lang))
            print(f"compiled {qm_path(lang).relative_to(ROOT)}")
        else:
            problems = 0
            for context, source in unfinished_messages(lang):
                print(f"{lang}: untranslated [{context}] {source!r}")
                problems += 1
            if not qm_is_fresh(lang):
                print(f"{lang}: {qm_path(lang).relative_to(ROOT)} is out of date; "
                      "run: python tools/i18n.py release")
                problems += 1
            if problems:
                print("run: python tools/i18n.py update, translate, then release")
                return 1
            print(f"{lang}: all strings translated, .qm up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
