"""Password-protected Excel files (打开密码): ECMA-376 agile encryption with msoffcrypto-tool.

The workbook is written to memory and encrypted straight into the target file: the plaintext
never touches the disk. Excel and WPS ask for the password when the file is opened.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any


def save_workbook(wb: Any, path: os.PathLike | str, password: str = "") -> None:
    """Save an openpyxl workbook to ``path``; with ``password`` encrypted (temp file + rename)."""
    path = Path(path)
    if not password:
        wb.save(path)
        return
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    os.replace(tmp, path)


def open_workbook_bytes(path: os.PathLike | str, password: str) -> bytes:
    """The decrypted .xlsx bytes of a protected file (for tests and re-import)."""
    import msoffcrypto

    out = io.BytesIO()
    with open(path, "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password=password)
        office.decrypt(out)
    return out.getvalue()
