"""The personal record form (人员信息表) and the 干部任免审批表 as PDFs, in Song (AR PL UMing).

Both are ruled forms drawn on the reportlab canvas the way organization departments lay them
out: label cells on a light ground, values beside them, the 2-inch photo at the top right, and
text that wraps inside its cell, shrinking a step when a cell would overflow (and cut with "…"
only below 7 pt). Values come from one mapping (``services.documents.person_form``), so the
printout, the .lrmx file and the screen agree.

- 人员信息表: one A4 page — basic data, education, posts now, then the histories: village
  posts, reserve-pool cultivation, annual assessments, training with hours (and the yearly
  totals), postings to villages, family members where kept, notes.
- 干部任免审批表: two A4 pages as the national form has them (front: basic data and 简历;
  back: 奖惩, 考核, 任免理由, family, 呈报单位 and the approval boxes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional, Sequence

from vcadre import clock
from vcadre.domain import codes
from vcadre.services.documents.person_form import CadreForm
from vcadre.services.person_card import PersonCard

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.28, 841.89
LABEL_BG = (0.95, 0.95, 0.95)


@dataclass
class _Ctx:
    canvas: object
    font: str


def _fit_lines(ctx: _Ctx, text: str, width: float, height: float, size: float, min_size: float = 7.0,
               leading: float = 1.35) -> tuple[list[str], float]:
    """Wrapped lines of ``text`` at the largest size ≤ ``size`` that fits the box."""
    from vcadre.reports.certificate import wrap_cjk
    from vcadre.reports.fonts import face_for

    font = face_for(text, ctx.font)
    s = size
    while True:
        lines = [ln for para in (text or "").split("\n") for ln in (wrap_cjk(para, font, s, width) or [""])]
        if len(lines) * s * leading <= height or s <= min_size:
            break
        s -= 0.5
    fit = max(1, int(height // (s * leading)))
    if len(lines) > fit:
        lines = lines[:fit]
        lines[-1] = lines[-1][:-1] + "…" if lines[-1] else "…"
    return lines, s


def _cell(ctx: _Ctx, x: float, y: float, w: float, h: float, text: str = "", *, label: bool = False,
          size: float = 10.5, align: str = "center", pad: float = 3) -> None:
    """A ruled cell with its top-left corner at (x, y) (y measured from the page top)."""
    from vcadre.reports.fonts import face_for

    c = ctx.canvas
    bottom = PAGE_H - y - h
    if label:
        c.setFillColorRGB(*LABEL_BG)
        c.rect(x, bottom, w, h, stroke=0, fill=1)
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.6)
    c.rect(x, bottom, w, h, stroke=1, fill=0)
    if not text:
        return
    lines, s = _fit_lines(ctx, text, w - 2 * pad, h - 2 * pad, size)
    lead = s * 1.35
    block = len(lines) * lead
    top = PAGE_H - y - (h - block) / 2 if align != "top" else PAGE_H - y - pad
    c.setFillColorRGB(0, 0, 0)
    font = face_for(text, ctx.font)
    for i, line in enumerate(lines):
        baseline = top - (i + 1) * lead + (lead - s) / 2 + s * 0.12
        c.setFont(font, s)
        if align == "center":
            c.drawCentredString(x + w / 2, baseline, line)
        else:
            c.drawString(x + pad, baseline, line)


def _photo(ctx: _Ctx, x: float, y: float, w: float, h: float, photo: Optional[bytes]) -> None:
    _cell(ctx, x, y, w, h, "" if photo else "照片", size=10)
    if photo:
        from reportlab.lib.utils import ImageReader

        # 2-inch photo (5:7) centred in the cell.
        pw = min(w - 6, (h - 6) * 5 / 7)
        ph = pw * 7 / 5
        ctx.canvas.drawImage(ImageReader(io.BytesIO(photo)), x + (w - pw) / 2, PAGE_H - y - h + (h - ph) / 2, pw, ph)


def _vertical(text: str) -> str:
    """A row label written one character per line (简\n历), as the forms print it."""
    return "\n".join(text)


def _canvas(out: Path, title: str):
    from reportlab.pdfgen.canvas import Canvas

    from vcadre.reports.fonts import song_font

    font = song_font()
    c = Canvas(str(out), pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=font)
    c.setTitle(title)
    c.setCreator("vcadre")
    return c, _Ctx(c, font)


def _save(c, tmp: Path, out: Path) -> None:
    try:
        c.save()
        tmp.replace(out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _title(ctx: _Ctx, text: str, y: float, size: float = 22) -> None:
    ctx.canvas.setFont(ctx.font, size)
    ctx.canvas.setFillColorRGB(0, 0, 0)
    ctx.canvas.drawCentredString(PAGE_W / 2, PAGE_H - y, text)


def _birth_with_age(form: CadreForm, today: date) -> str:
    ym = form.get("ChuShengNianYue")
    if not ym:
        return ""
    text = f"{ym[:4]}.{ym[4:6]}"
    age = form.age(today)
    return f"{text}\n（{age}岁）" if age else text


def _ym(text: str) -> str:
    return f"{text[:4]}.{text[4:6]}" if len(text) >= 6 and text[:6].isdigit() else text


# ------------------------------------------------------------------ 人员信息表

def _d(d: Optional[date]) -> str:
    return f"{d:%Y.%m.%d}" if d else ""


def _history_sections(card: PersonCard) -> list[tuple[str, list[str]]]:
    label = codes
    posts = [f"{_d(p.start)}—{_d(p.end) or '至今'}　{p.village}　{label.VILLAGE_POST.display(p.post, p.post)}"
             for p in card.posts]
    reserve = []
    assessments = []
    for e in card.entries:
        reserve.append(f"{_d(e.entry_date)} 入库　{e.village}　来源：{label.TALENT_SOURCE.display(e.source, e.source)}"
                       f"　现阶段：{label.STAGE.display(e.stage, e.stage)}（{label.RESERVE_STATUS.display(e.status, e.status)}）"
                       + (f"　培养联系人：{e.mentor}" if e.mentor else ""))
        for ev in e.timeline:
            if ev.from_stage and ev.from_stage != ev.to_stage:
                reserve.append(f"{_d(ev.when)}　{label.STAGE.display(ev.from_stage, ev.from_stage)} → "
                               f"{label.STAGE.display(ev.to_stage, ev.to_stage)}" + (f"（{ev.reason}）" if ev.reason else ""))
        assessments += [f"{y}年度：{label.ASSESSMENT.display(r, r)}" for y, r in e.assessments]
    training = [f"{_d(t.start)}—{_d(t.end)}　{t.title}　{t.hours:g} 学时　"
                f"{label.ENROLMENT_RESULT.display(t.result, t.result)}" + (f"　证书 {t.certificate_no}" if t.certificate_no else "")
                for t in card.training]
    if card.hours_by_year:
        training.append("年度学时合计：" + "；".join(f"{y} 年 {h:g} 学时" for y, h in card.hours_by_year.items()))
    dispatches = [f"{_d(x.start)}—{_d(x.end) or '至今'}　{x.unit} 派驻 {x.village}　"
                  f"{label.DISPATCH_ROLE.display(x.role, x.role)}（{label.DISPATCH_STATUS.display(x.status, x.status)}）"
                  for x in card.dispatches]
    return [("任职经历", posts), ("培养经历", reserve), ("年度考核", ["　".join(assessments)] if assessments else []),
            ("培训情况", training), ("驻村经历", dispatches)]


def write_record_form(card: PersonCard, form: CadreForm, out: Path | str, unit: str = "",
                      today: Optional[date] = None) -> Path:
    """人员信息表 of one person on one A4 page."""
    today = today or clock.today()
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    c, ctx = _canvas(tmp, f"人员信息表 — {card.name}")
    _title(ctx, "人 员 信 息 表", 52)
    c.setFont(ctx.font, 9)
    c.drawString(40, PAGE_H - 74, f"填表单位：{unit}" if unit else "")
    c.drawRightString(PAGE_W - 40, PAGE_H - 74, f"打印日期：{today:%Y年%m月%d日}")
    x0, y, w = 40.0, 80.0, PAGE_W - 80
    lw, vw = 62.0, 86.0  # label and value widths of the first three column pairs
    pw = w - 3 * (lw + vw)
    rh = 28.0
    p = card.personal
    v = form.get
    grid = [
        [("姓名", v("XingMing")), ("性别", v("XingBie")), ("出生年月", _birth_with_age(form, today))],
        [("民族", v("MinZu")), ("籍贯", v("JiGuan")), ("出生地", v("ChuShengDi"))],
        [("政治面貌", v("ZhengZhiMianMao")), ("入党时间", _ym(v("RuDangShiJian"))),
         ("参加工作时间", _ym(v("CanJiaGongZuoShiJian")))],
        [("健康状况", v("JianKangZhuangKuang")), ("联系电话", p.get("phone") or ""), ("所在村", card.village)],
    ]
    for r, row in enumerate(grid):
        for i, (label, value) in enumerate(row):
            _cell(ctx, x0 + i * (lw + vw), y + r * rh, lw, rh, label, label=True, size=10)
            _cell(ctx, x0 + i * (lw + vw) + lw, y + r * rh, vw, rh, value, size=10)
    _photo(ctx, x0 + 3 * (lw + vw), y, pw, 5 * rh, form.photo)
    y += 4 * rh
    _cell(ctx, x0, y, lw, rh, "身份证号码", label=True, size=10)
    _cell(ctx, x0 + lw, y, 2 * vw + lw, rh, v("ShenFenZheng"), size=10.5)
    _cell(ctx, x0 + 2 * lw + 2 * vw, y, lw, rh, "专业技术职务", label=True, size=9)
    _cell(ctx, x0 + 3 * lw + 2 * vw, y, vw, rh, v("ZhuanYeJiShuZhiWu"), size=10)
    y += rh
    # Education: two rows of (kind | degree | school).
    ew = w - lw
    for kind, a, b, school in (("全日制\n教  育", "QuanRiZhiJiaoYu_XueLi", "QuanRiZhiJiaoYu_XueWei",
                                "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi"),
                               ("在  职\n教  育", "ZaiZhiJiaoYu_XueLi", "ZaiZhiJiaoYu_XueWei",
                                "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi")):
        eh = rh * 1.15
        _cell(ctx, x0, y, lw, eh, kind, label=True, size=9.5)
        _cell(ctx, x0 + lw, y, vw + 20, eh, "\n".join(t for t in (v(a), v(b)) if t), size=9.5)
        _cell(ctx, x0 + lw + vw + 20, y, 60, eh, "毕业院校\n系及专业", label=True, size=9)
        _cell(ctx, x0 + lw + vw + 80, y, ew - vw - 80, eh, v(school), size=9.5, align="left")
        y += eh
    _cell(ctx, x0, y, lw, rh * 1.2, "现任职务", label=True, size=10)
    _cell(ctx, x0 + lw, y, w - lw, rh * 1.2, v("XianRenZhiWu"), size=10, align="left")
    y += rh * 1.2
    # Histories share what is left of the page, each at least two lines high.
    sections = _history_sections(card)
    if form.family:
        sections.append(("家庭成员", [f"{m.relation}　{m.name}　{_ym(m.birth)}　{m.political_status}　{m.work}"
                                     for m in form.family]))
    if p.get("notes"):
        sections.append(("备注", [p["notes"]]))
    bottom = PAGE_H - 60
    room = bottom - y
    weights = [max(2, len(lines)) + 0.6 for _, lines in sections]
    scale = room / sum(weights)
    for (label, lines), weight in zip(sections, weights):
        h = weight * scale
        _cell(ctx, x0, y, lw, h, _vertical(label) if h > 60 else label, label=True, size=10)
        _cell(ctx, x0 + lw, y, w - lw, h, "\n".join(lines) or "无", size=9, align="left" if lines else "center")
        y += h
    c.setFont(ctx.font, 8)
    c.setFillColorRGB(0.35, 0.35, 0.35)
    c.drawString(40, 40, "身份证号码已脱敏。" if "*" in v("ShenFenZheng") else "本表含完整身份证号码，请妥善保管。")
    c.drawRightString(PAGE_W - 40, 40, "vcadre 村干部档案管理")
    c.showPage()
    _save(c, tmp, out)
    return out


# ------------------------------------------------------------------ 干部任免审批表

def write_appointment_form(form: CadreForm, out: Path | str, today: Optional[date] = None) -> Path:
    """干部任免审批表 of one person: two A4 pages."""
    today = today or clock.today()
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    c, ctx = _canvas(tmp, f"干部任免审批表 — {form.get('XingMing')}")
    v = form.get
    x0, w = 45.0, PAGE_W - 90
    _title(ctx, "干 部 任 免 审 批 表", 58, 22)
    y = 80.0
    lw, vw = 58.0, 84.0
    pw = w - 3 * (lw + vw)
    rh = 38.0
    grid = [
        [("姓  名", v("XingMing")), ("性  别", v("XingBie")), ("出生年月\n（  岁）", _birth_with_age(form, today))],
        [("民  族", v("MinZu")), ("籍  贯", v("JiGuan")), ("出 生 地", v("ChuShengDi"))],
        [("入  党\n时  间", _ym(v("RuDangShiJian"))), ("参加工\n作时间", _ym(v("CanJiaGongZuoShiJian"))),
         ("健康状况", v("JianKangZhuangKuang"))],
    ]
    for r, row in enumerate(grid):
        for i, (label, value) in enumerate(row):
            _cell(ctx, x0 + i * (lw + vw), y + r * rh, lw, rh, label, label=True, size=10.5)
            _cell(ctx, x0 + i * (lw + vw) + lw, y + r * rh, vw, rh, value, size=10.5)
    _photo(ctx, x0 + 3 * (lw + vw), y, pw, 4 * rh, form.photo)
    y += 3 * rh
    _cell(ctx, x0, y, lw, rh, "专业技\n术职务", label=True, size=10.5)
    _cell(ctx, x0 + lw, y, vw + lw, rh, v("ZhuanYeJiShuZhiWu"), size=10)
    _cell(ctx, x0 + 2 * lw + vw, y, vw * 0.7, rh, "熟悉专业\n有何专长", label=True, size=10)
    _cell(ctx, x0 + 2 * lw + vw * 1.7, y, 3 * (lw + vw) - 2 * lw - vw * 1.7, rh, v("ShuXiZhuanYeYouHeZhuanChang"), size=10)
    y += rh
    for kind, a, b, school, degree_school in (
            ("全日制\n教  育", "QuanRiZhiJiaoYu_XueLi", "QuanRiZhiJiaoYu_XueWei",
             "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi"),
            ("在  职\n教  育", "ZaiZhiJiaoYu_XueLi", "ZaiZhiJiaoYu_XueWei",
             "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi")):
        if kind.startswith("全"):
            _cell(ctx, x0, y, lw, 2 * rh, "学  历\n学  位", label=True, size=10.5)
        _cell(ctx, x0 + lw, y, lw, rh, kind, label=True, size=10)
        _cell(ctx, x0 + 2 * lw, y, vw + 10, rh, "\n".join(t for t in (v(a), v(b)) if t), size=10)
        _cell(ctx, x0 + 2 * lw + vw + 10, y, lw + 8, rh, "毕业院校\n系及专业", label=True, size=10)
        _cell(ctx, x0 + 3 * lw + vw + 18, y, w - 3 * lw - vw - 18, rh,
              "\n".join(t for t in (v(school), v(degree_school)) if t), size=10, align="left")
        y += rh
    for label, tag in (("现 任 职 务", "XianRenZhiWu"), ("拟 任 职 务", "NiRenZhiWu"), ("拟 免 职 务", "NiMianZhiWu")):
        _cell(ctx, x0, y, 2 * lw, rh * 0.8, label, label=True, size=10.5)
        _cell(ctx, x0 + 2 * lw, y, w - 2 * lw, rh * 0.8, v(tag), size=10.5, align="left")
        y += rh * 0.8
    bottom = PAGE_H - 50
    _cell(ctx, x0, y, lw, bottom - y, _vertical("简历"), label=True, size=12)
    _cell(ctx, x0 + lw, y, w - lw, bottom - y, v("JianLi"), size=10.5, align="top", pad=8)
    c.showPage()
    # Back page.
    y = 50.0
    for label, tag, h in (("奖惩情况", "JiangChengQingKuang", 95), ("年度考核结果", "NianDuKaoHeJieGuo", 60),
                          ("任免理由", "RenMianLiYou", 70)):
        _cell(ctx, x0, y, lw, h, _vertical(label) if h > 80 else label, label=True, size=10.5)
        _cell(ctx, x0 + lw, y, w - lw, h, v(tag), size=10.5, align="left" if len(v(tag)) > 20 else "center")
        y += h
    rows = max(7, len(form.family))
    fh = 24.0
    cols = (("称 谓", 52), ("姓  名", 62), ("年龄", 40), ("政治面貌", 62), ("工作单位及职务", w - lw - 216))
    _cell(ctx, x0, y, lw, fh * (rows + 1), _vertical("家庭主要成员及重要社会关系")[:60], label=True, size=9)
    xx = x0 + lw
    for label, cw in cols:
        _cell(ctx, xx, y, cw, fh, label, label=True, size=10)
        xx += cw
    for r in range(rows):
        m = form.family[r] if r < len(form.family) else None
        age = ""
        if m and m.birth[:4].isdigit():
            age = str(today.year - int(m.birth[:4]) - (1 if len(m.birth) >= 6 and m.birth[4:6].isdigit()
                                                       and today.month < int(m.birth[4:6]) else 0))
        values = (m.relation, m.name, age, m.political_status, m.work) if m else ("",) * 5
        xx = x0 + lw
        for (_, cw), value in zip(cols, values):
            _cell(ctx, xx, y + (r + 1) * fh, cw, fh, value, size=9.5, align="left" if cw > 100 else "center")
            xx += cw
    y += fh * (rows + 1)
    h = 70.0
    unit = v("ChengBaoDanWei")
    _cell(ctx, x0, y, lw, h, "呈报\n单位", label=True, size=10.5)
    _cell(ctx, x0 + lw, y, w - lw, h, "")
    c.setFont(ctx.font, 10.5)
    c.drawString(x0 + lw + 10, PAGE_H - y - 24, unit)
    c.drawRightString(x0 + w - 20, PAGE_H - y - h + 14, "（盖章）　　年　　月　　日")
    y += h
    half = (w - lw) / 2
    box = PAGE_H - 70 - y
    _cell(ctx, x0, y, lw, box, "审批机关意见", label=True, size=10)
    _cell(ctx, x0 + lw, y, half - lw / 2, box, "")
    _cell(ctx, x0 + lw + half - lw / 2, y, lw, box, "行政机关任免意见", label=True, size=10)
    _cell(ctx, x0 + 2 * lw + half - lw / 2, y, w - (2 * lw + half - lw / 2), box, "")
    c.setFont(ctx.font, 10)
    for right in (x0 + lw + half - lw / 2 - 10, x0 + w - 10):
        c.drawRightString(right, PAGE_H - y - box + 30, "（盖章）")
        c.drawRightString(right, PAGE_H - y - box + 14, "年　　月　　日")
    y += box
    c.setFont(ctx.font, 10)
    filler = v("TianBiaoRen")
    c.drawString(x0, PAGE_H - y - 20, f"填表人：{filler}")
    filled = v("TianBiaoShiJian")
    c.drawRightString(x0 + w, PAGE_H - y - 20, f"填表时间：{_ym(filled) if filled else f'{today:%Y.%m.%d}'}")
    c.showPage()
    _save(c, tmp, out)
    return out
