"""Training certificates (结业证书) as a PDF, one certificate per page.

Two layouts (培训设置 → 证书版式): A4 landscape on plain paper, or the inner sheet (内芯) of a
pre-printed certificate cover, whose size is set in millimetres (``CertificateLayout``); the
drawing scales with the page. Each page: a double red frame, the title 结业证书 in Song (AR PL
UMing), the body in Kai (AR PL UKai) — name, masked ID number, class, dates, hours — the
organizer and date with the seal area (盖章处) over them, an optional 2-inch photo, and the QR
code with the signed payload (``documents.certificate_code``) beside the verification line.
Drawn straight on the reportlab canvas; the body is wrapped by :func:`wrap_cjk`. reportlab is
imported inside the functions, never at start-up.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Optional, Sequence

from vcadre.services.training_certificates import CertificateData

_CN_DIGITS = "〇一二三四五六七八九"

#: Frame and title colour: the deep red of official certificates.
RED = (0.62, 0.09, 0.09)
BODY_SIZE = 20
BODY_LEADING = 40
MM = 72 / 25.4
#: Printed size of the QR code on an A4 page (≈ 0.5 mm per module for a version-10 code).
QR_SIZE_MM = 30


@dataclass(frozen=True)
class CertificateLayout:
    """Page size in millimetres (landscape: width > height)."""

    width_mm: float = 297.0
    height_mm: float = 210.0
    name: str = "a4"

    @classmethod
    def from_settings(cls, cfg) -> "CertificateLayout":
        if getattr(cfg, "certificate_layout", "a4") == "insert":
            return cls(float(cfg.insert_width_mm), float(cfg.insert_height_mm), "insert")
        return cls()


A4_LANDSCAPE = CertificateLayout()


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


@dataclass(frozen=True)
class _Fonts:
    title: str
    body: str
    small: str


def write_certificates(certs: Sequence[CertificateData], out: Path | str,
                       progress: Optional[Callable[[int, int], bool]] = None,
                       layout: CertificateLayout = A4_LANDSCAPE) -> int:
    """Write one page per certificate to ``out`` (via a temporary file, then renamed).

    Returns the number of pages. ``progress(done, total)`` returning False cancels (nothing is
    written). An empty list is an error: a PDF with no certificate helps nobody.
    """
    from reportlab.pdfgen.canvas import Canvas

    from vcadre.reports.fonts import kai_font, song_font
    from vcadre.services.errors import ValidationError

    if not certs:
        raise ValidationError("没有可打印的结业证书（本班尚无已颁发且未撤销的证书）。")
    on_written = getattr(certs, "on_written", None)  # the audit trail's export entry
    fonts = _Fonts(song_font(), kai_font(), song_font())
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    width, height = layout.width_mm * MM, layout.height_mm * MM
    # initialFontName: otherwise an unused, unembedded Helvetica lands in the file.
    canvas = Canvas(str(tmp), pagesize=(width, height), pageCompression=1, initialFontName=fonts.body)
    canvas.setTitle("结业证书")
    canvas.setAuthor(certs[0].organizer or "vcadre")
    canvas.setCreator("vcadre")
    total = len(certs)
    for i, c in enumerate(certs):
        if progress is not None and not progress(i, total):
            tmp.unlink(missing_ok=True)
            from vcadre.services.demo import Cancelled

            raise Cancelled()
        _page(canvas, c, width, height, fonts)
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


def _organizer_lines(canvas, organizer: str, font: str, max_width: float = 300, size: float = 15) -> list[str]:
    """The organizer's units, one per line (split at spaces), each wrapped to ``max_width`` at ``size``."""
    out: list[str] = []
    for unit in organizer.split() or [""]:
        line = ""
        for ch in unit:
            if line and canvas.stringWidth(line + ch, font, size) > max_width:
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


def _page(canvas, c: CertificateData, width: float, height: float, fonts: _Fonts) -> None:
    from vcadre.reports.fonts import face_for

    # Everything is laid out for A4 landscape and scaled to the page (the 内芯 is smaller).
    k = min(width / 841.89, height / 595.28)
    # Frames: a thick outer line and a thin inner one, in red.
    canvas.setStrokeColorRGB(*RED)
    canvas.setLineWidth(5 * k)
    canvas.rect(28 * k, 28 * k, width - 56 * k, height - 56 * k)
    canvas.setLineWidth(1.2 * k)
    canvas.rect(38 * k, 38 * k, width - 76 * k, height - 76 * k)
    # Title in Song, spaced out.
    canvas.setFillColorRGB(*RED)
    canvas.setFont(fonts.title, 46 * k)
    canvas.drawCentredString(width / 2, height - 122 * k, "结  业  证  书")
    canvas.setFillColorRGB(0, 0, 0)
    # Number at the top right, as printed certificates carry it.
    canvas.setFont(fonts.small, 12 * k)
    canvas.drawRightString(width - 70 * k, height - 70 * k, f"编号：{c.number}")
    # Photo (2-inch, 35 × 49 mm at A4) at the left of the body, when printed.
    left, right = 90 * k, width - 90 * k
    top = height - 180 * k
    if c.photo:
        from reportlab.lib.utils import ImageReader

        pw, ph = 35 * MM * k * 0.8, 49 * MM * k * 0.8
        px, py = left, top + 26 * k - ph
        canvas.drawImage(ImageReader(io.BytesIO(c.photo)), px, py, pw, ph)
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.setLineWidth(0.5)
        canvas.rect(px, py, pw, ph)
        left = px + pw + 22 * k
    # Body in Kai: the name line, then the text with a two-character indent.
    size, leading = BODY_SIZE * k, BODY_LEADING * k
    id_part = f"（身份证号码：{c.id_number}）" if c.id_number else ""
    name_font = face_for(c.name, fonts.body)
    canvas.setFont(name_font, 26 * k)
    canvas.drawString(left, top, c.name)
    name_w = canvas.stringWidth(c.name, name_font, 26 * k)
    canvas.setLineWidth(0.8 * k)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.line(left - 6 * k, top - 6 * k, left + name_w + 6 * k, top - 6 * k)
    canvas.setFont(fonts.body, size)
    canvas.drawString(left + name_w + 10 * k, top, f"同志{id_part}：")
    text = (
        f"于 {c.start_date.year} 年 {c.start_date.month} 月 {c.start_date.day} 日至 "
        f"{c.end_date.year} 年 {c.end_date.month} 月 {c.end_date.day} 日参加"
        f"“{c.class_title}”学习，完成 {_hours(c.hours)} 学时，经考核合格，准予结业。"
    )
    body_font = face_for(text, fonts.body)
    y = top - 22 * k - leading + (leading - size) / 2
    indent = 2 * size
    for part in (text, "特发此证。"):
        canvas.setFont(body_font, size)
        for i, line in enumerate(wrap_cjk(part, body_font, size, right - left, first_indent=indent)):
            canvas.drawString(left + (indent if i == 0 else 0), y, line)
            y -= leading

    # Organizer (one line per unit when several run the class jointly), date, and the seal
    # area over them — kept inside the frame however long the names are.
    org_font = face_for(c.organizer or "", fonts.body)
    lines = _organizer_lines(canvas, c.organizer or "", org_font, 300 * k, 15 * k)
    osize = (18 if len(lines) == 1 and canvas.stringWidth(lines[0], org_font, 18 * k) <= 300 * k else 15) * k
    block_w = max([canvas.stringWidth(t, org_font, osize) for t in lines]
                  + [canvas.stringWidth("二〇二四年十二月三十日", fonts.body, 16 * k)])
    centre = min(width - (100 + 89) * k, width - 64 * k - block_w / 2)
    step = osize * 1.5
    date_y = 118 * k
    y = date_y + 34 * k + step * (len(lines) - 1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(org_font, osize)
    for t in lines:
        canvas.drawCentredString(centre, y, t)
        y -= step
    canvas.setFont(fonts.body, 16 * k)
    canvas.drawCentredString(centre, date_y, chinese_date(c.issue_date))
    seal = 118 * k
    seal_x, seal_y = centre - seal / 2, date_y - 34 * k
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.8 * k)
    canvas.setDash(4 * k, 3 * k)
    canvas.circle(centre, seal_y + seal / 2, seal / 2)
    canvas.setDash()
    canvas.setFillColorRGB(0.55, 0.55, 0.55)
    canvas.setFont(fonts.small, 10 * k)
    canvas.drawCentredString(centre, seal_y + 8 * k, "（盖章处）")
    # QR code at the bottom left, the verification line beside it.
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    who = (c.organizer or "").split()[0] if (c.organizer or "").split() else "颁发单位"
    text_x = 70 * k
    if c.code:
        from vcadre.reports.qr import QUIET_ZONE, draw_qr, qr_code

        code = qr_code(c.code)
        qr = max(QR_SIZE_MM * k, 26) * MM
        qx, qy = 70 * k - qr * QUIET_ZONE / (code.size + 2 * QUIET_ZONE), 50 * k
        draw_qr(canvas, code, qx, qy, qr)
        text_x = qx + qr + 4 * k
        line = f"证书编号：{c.number}"
        hint = f"扫描二维码或凭编号向{who}核验真伪"
        limit = min(centre - seal / 2 - 12 * k, width - 70 * k) - text_x
        for txt, ty in ((line, qy + qr * 0.55), (hint, qy + qr * 0.55 - 14 * k)):
            fsize = 10.5 * k
            while fsize > 6 and canvas.stringWidth(txt, fonts.small, fsize) > limit:
                fsize -= 0.5
            canvas.setFont(fonts.small, fsize)
            canvas.drawString(text_x, ty, txt)
    else:
        line = f"证书编号：{c.number}　　本证书可凭编号向{who}核验真伪。"
        fsize = 10.5 * k
        while fsize > 6 and canvas.stringWidth(line, fonts.small, fsize) > width - 140 * k:
            fsize -= 0.5
        canvas.setFont(fonts.small, fsize)
        canvas.drawString(text_x, 56 * k, line)
    canvas.setFillColorRGB(0, 0, 0)
