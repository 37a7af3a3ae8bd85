"""The certificate PDF: one A4-landscape page per certificate, CJK font embedded, text correct."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from vcadre.reports.certificate import chinese_date, wrap_cjk, write_certificates
from vcadre.reports.fonts import pdf_font
from vcadre.services.errors import ValidationError
from vcadre.services.training_certificates import CertificateData


def cert(n: int, **over) -> CertificateData:
    values = dict(number=f"织金培〔2024〕001-{n:04d}号", name="杨媛雪", id_number="520524********6906",
                  class_title="2024年织金县村（社区）党组织书记培训班", start_date=date(2024, 5, 6),
                  end_date=date(2024, 5, 10), hours=40.0, organizer="中共织金县委组织部",
                  issue_date=date(2024, 5, 10))
    values.update(over)
    return CertificateData(**values)


def test_one_page_each_font_embedded_text_extracts(tmp_path: Path) -> None:
    out = tmp_path / "证书.pdf"
    assert write_certificates([cert(1), cert(2, name="阿依古丽·买买提", id_number="")], out) == 2
    for tool in ("pdffonts", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} (poppler-utils) is missing: dev.py setup installs it")
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in r for r in rows), fonts  # every font embedded and subset
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           2" in info and "841.89 x 595.28" in info.replace("595.276", "595.28")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("结", "杨媛雪", "520524********6906", "织金培〔2024〕001-0002号", "二〇二四年五月十日",
                     "中共织金县委组织部", "40 学时", "特发此证"):
        assert expected in text, expected
    assert "阿依古丽·买买提" in text


def test_no_certificate_is_an_error_and_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="没有可打印的结业证书"):
        write_certificates([], tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


def test_wrap_keeps_numbers_whole_and_punctuation_off_line_starts() -> None:
    font = pdf_font()
    text = "于 2024 年 5 月 6 日参加“2024年织金县村（社区）党组织书记培训班”学习，完成 37.5 学时，经考核合格，准予结业。"
    for width in range(120, 700, 7):
        lines = wrap_cjk(text, font, 20, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line[:1] in "，。、）”" for line in lines[1:])
        assert not any(line[-1:] in "（“" for line in lines)
        assert all("37.5" in line or "37" not in line for line in lines)


def test_chinese_dates() -> None:
    assert chinese_date(date(2024, 5, 10)) == "二〇二四年五月十日"
    assert chinese_date(date(2021, 12, 31)) == "二〇二一年十二月三十一日"
    assert chinese_date(date(2020, 10, 20)) == "二〇二〇年十月二十日"
