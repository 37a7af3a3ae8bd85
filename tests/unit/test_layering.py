"""The core layers never import Qt widgets (ARCHITECTURE.md): they are tested with plain pytest
and shared by the command line and the GUI."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ["domain", "store", "services", "sync", "reports"]
# Qt modules that need (or pull in) a GUI: QtGui, QtWidgets and the widget add-ons.
FORBIDDEN = {
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvgWidgets",
    "PySide6.QtOpenGLWidgets",
}
FORBIDDEN_PREFIXES = ("matplotlib.backends.backend_qt",)


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN) or module.startswith(
        FORBIDDEN_PREFIXES
    )


def _imports(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:  # from PySide6 import QtWidgets
                yield node.lineno, f"{node.module}.{alias.name}"


@pytest.mark.parametrize("layer", CORE)
def test_core_layer_imports_no_qt_widgets(layer):
    package = ROOT / "vcadre" / layer
    assert package.is_dir(), f"vcadre/{layer} is missing"
    bad = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_bytes(), filename=str(path))
        for lineno, module in _imports(tree):
            if _forbidden(module):
                bad.append(f"{path.relative_to(ROOT)}:{lineno}: imports {module}")
    assert not bad, "core layers must not import Qt GUI modules:\n" + "\n".join(bad)


def test_the_checker_catches_every_spelling():
    source = (
        "import PySide6.QtWidgets\n"
        "from PySide6 import QtGui\n"
        "from PySide6.QtWidgets import QWidget\n"
        "from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg\n"
        "import PySide6.QtCore\n"
        "from PySide6 import QtCore\n"
        "from . import QtWidgets\n"
    )
    hits = {m for _, m in _imports(ast.parse(source)) if _forbidden(m)}
    assert hits == {
        "PySide6.QtWidgets",
        "PySide6.QtGui",
        "PySide6.QtWidgets.QWidget",
        "matplotlib.backends.backend_qtagg",
        "matplotlib.backends.backend_qtagg.FigureCanvasQTAgg",
    }


def test_importing_the_core_loads_no_qt_gui_module():
    """Import every core module (migration scripts aside) in a fresh interpreter."""
    code = f"""
import importlib, pkgutil, sys
for layer in {CORE!r}:
    package = importlib.import_module("vcadre." + layer)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.startswith(("PySide6.QtGui", "PySide6.QtWidgets")))
print(",".join(loaded))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core import loaded {result.stdout.strip()}"
