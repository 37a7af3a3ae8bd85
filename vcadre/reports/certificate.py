"""Training certificates (结业证书) as a PDF: A4 landscape, one certificate per page.

Each page: a double frame, the title 结业证书, the body (name, masked ID number, class, dates,
hours), the organizer and date with a box where the official seal goes, and a verification line
with the certificate number. Drawn straight on the reportlab canvas with the embedded CJK font
(``fonts.pdf_font``); the body is wrapped by :func:`wrap_cjk`. reportlab is imported inside the
functions, never at start-up.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Callable, Optional, Sequence

from vcadre.services.training_certificates import CertificateData

_CN_DIGITS = "〇一二三四五六七八九"

#: Frame and title colour: the deep red of official certificates.
RED = (0.62, 0.09, 0.09)
BODY_SIZE = 20
BODY_LEADING = 40


def chinese_date(d: date) -> str:
    """二〇二四年五月十日 — how an official document writes its date."""
    def small(n: int) -> str:
        if n < 10:
            return _CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("十" if tens == 1 else _CN_DIGITS[tens] + "十") + (_CN_DIGITS[ones] if ones else "")
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{small(d.month)}月{small(d.day)}日"


def _hours(h: float) -> str:
    return f"{h:g}"


def write_certificates(certs: Sequence[CertificateData], out: Path | str,
                       progress: Optional[Callable[[int, int], bool]] = None) -> int:
    """Write one page per certificate to ``out`` (via a temporary file, then renamed).

    Returns the number of pages. ``progress(done, total)`` returning False cancels (nothing is
    written). An empty list is an error: a PDF with no certificate helps nobody.
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from vcadre.reports.fonts import pdf_font
    from vcadre.services.errors import ValidationError

    if not certs:
        raise ValidationError("没有可打印的结业证书（本班尚无已颁发且未撤销的证书）。")
    on_written = getattr(certs, "on_written", None)
    font = pdf_font()
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    width, height = landscape(A4)
    # initialFontName: otherwise an unused, unembedded Helvetica lands in the file.
    canvas = Canvas(str(tmp), pagesize=(width, height), pageCompression=1, initialFontName=font)
    canvas.setTitle("结业证书")
    canvas.setAuthor(certs[0].organizer or "vcadre")
    canvas.setCreator("vcadre")
    total = len(certs)
    for i, c in enumerate(certs):
        if progress is not None and not progress(i, total):
            tmp.unlink(missing_ok=True)
            from vcadre.services.demo import Cancelled

            raise Cancelled()
        _page(canvas, c, width, height, font)
        canvas.showPage()
    try:
        canvas.save()
        tmp.replace(out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    if on_written is not None:
        on_written(out)
    if progress is not None:
        progress(total, total)
    return total


def _organizer_lines(canvas, organizer: str, font: str, max_width: float = 300) -> list[str]:
    """The organizer's units, one per line (split at spaces), each wrapped to ``max_width`` at 15 pt."""
    out: list[str] = []
    for unit in organizer.split() or [""]:
        line = ""
        for ch in unit:
            if line and canvas.stringWidth(line + ch, font, 15) > max_width:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out[:4]


#: Characters that may not begin a line (避头) or end one (避尾), as Chinese typesetting has it.
_NO_START = set("，。、；：！？）》」』】〕”’…%·,.;:!?)]")
_NO_END = set("（《「『【〔“‘([")
_TOKEN = re.compile(r"[A-Za-z0-9.\-/%]+|\s+|.", re.S)


def wrap_cjk(text: str, font: str, size: float, width: float, first_indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first ``first_indent`` narrower).

    Between any two Chinese characters a line may break; runs of Latin letters and digits (years,
    hours such as 37.5) stay whole; closing punctuation never starts a line and opening punctuation
    never ends one. Much faster than a platypus Paragraph, which matters for hundreds of pages.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    line = ""
    used = 0.0
    limit = width - first_indent
    for token in _TOKEN.findall(text):
        w = stringWidth(token, font, size)
        if line and used + w > limit and not token.isspace():
            if token[0] in _NO_START:  # pull the previous character down with it
                carry = line[-1]
                line = line[:-1]
            else:
                carry = ""
            while line and line[-1] in _NO_END:
                carry = line[-1] + carry
                line = line[:-1]
            lines.append(line.rstrip())
            line = carry
            used = stringWidth(line, font, size)
            limit = width
        if not line and token.isspace():
            continue
        line += token
        used += w
    if line:
        lines.append(line.rstrip())
    return lines


def _page(canvas, c: CertificateData, width: float, height: float, font: str) -> None:
    # Frames: a thick outer line and a thin inner one, in red.
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(5)
    canvas.rect(28, 28, width - 56, height - 56)
    canvas.setLineWidth(1.2)
    canvas.rect(38, 38, width - 76, height - 76)
    # Title, spaced out.
    canvas.setFillColorRGB(*RED)
    canvas.setFont(font, 46)
    canvas.drawCentredString(width / 2, height - 122, "结  业  证  书")
    canvas.setFillColorRGB(0, 0, 0)
    # Number at the top right, as printed certificates carry it.
    canvas.setFont(font, 12)
    canvas.drawRightString(width - 70, height - 70, f"编号：{c.number}")
    # Body: the name line, then the text with a two-character indent.
    left, right = 90, width - 90
    top = height - 180
    id_part = f"（身份证号码：{c.id_number}）" if c.id_number else ""
    canvas.setFont(font, 26)
    canvas.drawString(left, top, c.name)
    name_w = canvas.stringWidth(c.name, font, 26)
    canvas.setLineWidth(0.8)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.line(left - 6, top - 6, left + name_w + 6, top - 6)
    canvas.setFont(font, BODY_SIZE)
    canvas.drawString(left + name_w + 10, top, f"同志{id_part}：")
    text = (
        f"于 {c.start_date.year} 年 {c.start_date.month} 月 {c.start_date.day} 日至 "
        f"{c.end_date.year} 年 {c.end_date.month} 月 {c.end_date.day} 日参加"
        f"“{c.class_title}”学习，完成 {_hours(c.hours)} 学时，经考核合格，准予结业。"
    )
    y = top - 22 - BODY_LEADING + (BODY_LEADING - BODY_SIZE) / 2
    canvas.setFont(font, BODY_SIZE)
    indent = 2 * BODY_SIZE
    for part in (text, "特发此证。"):
        for i, line in enumerate(wrap_cjk(part, font, BODY_SIZE, right - left, first_indent=indent)):
            canvas.drawString(left + (indent if i == 0 else 0), y, line)
            y -= BODY_LEADING

    # Organizer (one line per unit when several run the class jointly), date, and the box where
    # the official seal goes over them — kept inside the frame however long the names are.
    lines = _organizer_lines(canvas, c.organizer or "", font)
    size = 18 if len(lines) == 1 and canvas.stringWidth(lines[0], font, 18) <= 300 else 15
    block_w = max([canvas.stringWidth(t, font, size) for t in lines] + [canvas.stringWidth("二〇二四年十二月三十日", font, 16)])
    centre = min(width - 100 - 89, width - 64 - block_w / 2)
    step = size * 1.5
    date_y = 118
    y = date_y + 34 + step * (len(lines) - 1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, size)
    for t in lines:
        canvas.drawCentredString(centre, y, t)
        y -= step
    canvas.setFont(font, 16)
    canvas.drawCentredString(centre, date_y, chinese_date(c.issue_date))
    seal = 118
    seal_x, seal_y = centre - seal / 2, date_y - 34
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.8)
    canvas.setDash(4, 3)
    canvas.rect(seal_x, seal_y, seal, seal)
    canvas.setDash()
    canvas.setFillColorRGB(0.55, 0.55, 0.55)
    canvas.setFont(font, 10)
    canvas.drawCentredString(centre, seal_y + 8, "（盖章）")
    # Verification line at the bottom left.
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    who = (c.organizer or "").split()[0] if (c.organizer or "").split() else "颁发单位"
    line = f"证书编号：{c.number}　　本证书可凭编号向{who}核验真伪。"
    size = 10.5
    while size > 6 and canvas.stringWidth(line, font, size) > width - 140:
        size -= 0.5
    canvas.setFont(font, size)
    canvas.drawString(70, 56, line)
    canvas.setFillColorRGB(0, 0, 0)
