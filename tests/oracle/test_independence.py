"""The reference must not lean on the code it checks."""

from __future__ import annotations

import ast
from pathlib import Path


def test_reference_imports_no_project_code():
    tree = ast.parse(Path(__file__).with_name("reference.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0] if node.level == 0 else "<relative>")
    assert imported <= {"__future__", "calendar", "sqlite3", "collections", "datetime", "typing"}, imported
