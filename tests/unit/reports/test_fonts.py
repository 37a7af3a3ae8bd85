"""The CJK font registers with reportlab and matplotlib and renders Chinese as text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from vcadre.reports.fonts import chart_family, pdf_font


def test_pdf_font_embeds_and_chinese_extracts_as_text(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    out = tmp_path / "t.pdf"
    c = Canvas(str(out))
    c.setFont(pdf_font(), 14)
    c.drawString(72, 720, "织金县村级后备干部花名册 2021")
    c.save()
    data = out.read_bytes()
    assert b"FontFile2" in data  # an embedded TrueType font program
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is missing: dev.py setup installs it")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "织金县村级后备干部花名册 2021" in text


def test_chart_family_is_known_to_matplotlib() -> None:
    from matplotlib import font_manager

    family = chart_family()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(path).name == "wqy-microhei.ttc"
