"""``vcadre selftest``: a hidden end-to-end check of an installed or frozen vcadre.

    vcadre selftest --db PATH --out FILE.pdf [--qt]

Opens the database (creating it if missing), builds the demo county if it holds no regions,
writes a one-page A4 PDF of the headline figures in Chinese (reportlab with the bundled font,
embedded) and prints a JSON report on stdout: the paths, whether the program is frozen, the
SQLite version, the font and schema revision used, and the figures. ``--qt`` also starts a
QApplication (offscreen works) and reports whether the bundled font, our ``vcadre_zh_CN.qm`` and
Qt's ``qtbase_zh_CN.qm`` load, and whether the icon is there — with ``--strict`` a missing one
fails the command.

``installer/check-linux.sh`` runs it on the PyInstaller bundle: it touches the modules and
resources a bundle most easily misses (alembic migrations as files, reportlab, the font, Qt
translations) without depending on the roster and certificate commands. It is not listed in
``vcadre --help`` (no ``help=``), but it is safe to run anywhere: a database that holds regions
is only opened (and, like any open, migrated to the current schema) and read.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

PDF_TITLE = "vcadre 自检报告 — 村干部档案管理"


def register(sub: Any, common: Any) -> None:
    p = sub.add_parser("selftest", description="自检：打开或新建数据库，写一页中文 PDF（供安装包检查使用）")
    common.db_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    p.add_argument("--qt", action="store_true", help="同时检查 Qt 字体、翻译和图标")
    p.add_argument("--strict", action="store_true", help="任何一项检查未通过即返回错误")
    p.set_defaults(func=lambda args: run(args, common))


def run(args: argparse.Namespace, common: Any) -> int:
    from sqlalchemy import func, select

    from vcadre import __version__, paths
    from vcadre.services import stats
    from vcadre.services.demo import build_demo
    from vcadre.store.migrate import SCHEMA_HEAD
    from vcadre.store.models import Region

    db_path: Path = common.db_path(args)
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise common.UserError(f"输出文件“{out}”应以 .pdf 结尾。")
    if not out.parent.is_dir():
        raise common.UserError(f"输出文件夹“{out.parent}”不存在。")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    created = not (db_path.exists() and db_path.stat().st_size > 0)
    db = common.open_db(args, create=created, site_name="自检")
    try:
        with db.session() as s:
            empty = not s.scalar(select(func.count()).select_from(Region))
        demo = build_demo(db, "county", seed=0).as_dict() if empty else None
        with db.session() as s:
            head = stats.headline(s)
    finally:
        db.close()
    write_pdf(out, head, db_path)
    documents = documents_check(db_path, common, args, out.with_name(out.stem + "-证书.pdf"))
    report: dict[str, Any] = {
        "version": __version__,
        "frozen": paths.is_frozen(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "schema": SCHEMA_HEAD,
        "db": str(db_path),
        "created": created,
        "demo_built": demo is not None,
        "pdf": str(out),
        "pdf_bytes": out.stat().st_size,
        "font": str(paths.font_path()),
        "headline": head.as_dict(),
        "documents": documents,
    }
    report["encryption"] = encryption_check(out.parent)
    ok = documents["qr_roundtrip"] and report["encryption"].get("ok", False)
    if args.qt:
        report["qt"] = qt_checks()
        ok = ok and all(report["qt"][k] for k in ("font", "vcadre_qm", "qtbase_qm", "icon"))
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    if args.strict and not ok:
        print("错误：自检未通过（见上方 qt、documents、encryption 各项）。", file=sys.stderr)
        return 1
    return 0


def encryption_check(folder: Path) -> dict[str, Any]:
    """SQLCipher and argon2 work here (a frozen bundle that lost them opens no encrypted database):
    a throw-away encrypted database with an administrator, written, reopened with the password."""
    import tempfile

    from vcadre.services.security import accounts
    from vcadre.store.db import open_database
    from vcadre.store.protect.login import Login

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "加密 自检.db"
        try:
            db, _recovery = accounts.new_database(path, "自检管理员", "selftest-password")
            db.close()
            plain = path.read_bytes()[:16] == b"SQLite format 3\x00"
            db = open_database(path, login=Login("自检管理员", "selftest-password"))
            from vcadre.services.security import audit

            with db.session() as s:
                checked = audit.verify(s).checked
            cipher = db.engine.connect().exec_driver_sql("PRAGMA cipher_version").scalar()
            db.close()
            return {"ok": not plain and checked > 0, "cipher": cipher, "audit_entries": checked}
        except Exception as exc:  # noqa: BLE001 - reported, not raised: the report says what broke
            return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _rows(head: Any) -> list[tuple[str, str]]:
    from vcadre.domain.codes import STAGE, TALENT_SOURCE

    rows = [
        ("乡镇（街道）", f"{head.townships:,}"),
        ("村（社区）", f"{head.villages:,}"),
        ("在库人员", f"{head.persons:,}"),
        ("村级后备力量（在库）", f"{head.reserve_current:,}"),
    ]
    rows += [(f"　按来源：{TALENT_SOURCE.display(k, k)}", f"{v:,}")
             for k, v in head.reserve_by_source.items()]
    rows += [(f"　按阶段：{STAGE.display(k, k)}", f"{v:,}") for k, v in head.reserve_by_stage.items()]
    rows += [
        ("培训班", f"{head.training_sessions:,}"),
        ("参训人数", f"{head.trainees:,}"),
        ("完成学时", f"{head.training_hours:,.1f}"),
        ("在岗驻村干部", f"{head.active_dispatches:,}"),
        ("其中第一书记", f"{head.first_secretaries:,}"),
        ("“一肩挑”村", f"{head.one_shoulder_villages:,}（{head.one_shoulder_rate:.1%}）"),
    ]
    return rows


def write_pdf(out: Path, head: Any, db_path: Path) -> None:
    """One A4 page: title, database path, a two-column table of the headline figures."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from vcadre.reports.fonts import pdf_font

    font = pdf_font()
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
    small = ParagraphStyle("small", fontName=font, fontSize=9, leading=13)
    scope = head.region_name or "全部"
    table = Table([("项目", "数量"), *_rows(head)], colWidths=[100 * mm, 50 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 10.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#C8102E")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F5F5")]),
    ]))
    # Write next to the target, then rename: a half-written PDF never carries the final name.
    tmp = out.with_name(out.name + ".part")
    doc = SimpleDocTemplate(str(tmp), pagesize=A4, title=PDF_TITLE, author="vcadre", initialFontName=font,
                            leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm)
    from xml.sax.saxutils import escape

    doc.build([
        Paragraph(PDF_TITLE, title),
        Spacer(1, 6 * mm),
        Paragraph(escape(f"统计范围：{scope}　统计日期：{head.as_of:%Y年%m月%d日}"), small),
        Paragraph(escape(f"数据库：{db_path}"), small),
        Paragraph(escape(f"生成时间：{datetime.now():%Y-%m-%d %H:%M}"), small),
        Spacer(1, 6 * mm),
        table,
    ])
    tmp.replace(out)


def documents_check(db_path: Path, common: Any, args: argparse.Namespace, cert_pdf: Path) -> dict[str, Any]:
    """A signed certificate in the Kai/Song faces, its page rendered (PDFium) and its QR code read
    back (zxing-cpp) and verified: the fonts, the QR encoder and decoder are in the bundle."""
    from datetime import date

    from vcadre import paths
    from vcadre.reports.certificate import write_certificates
    from vcadre.services.documents import certificate_code as cc
    from vcadre.services.documents import verification
    from vcadre.services.documents.scan import certificate_codes
    from vcadre.services.documents.site_keys import ensure_local_key, local_signer
    from vcadre.services.training_certificates import CertificateData

    db = common.open_db(args)
    try:
        ensure_local_key(db)
        with db.session() as s:
            signer = local_signer(s)
        day = date(2024, 5, 10)
        claim = cc.Claim(signer.site_id, "自检培〔2024〕001-0001号", "自检", "520524********0000",
                         "vcadre 自检培训班", day, day, day, 8.0)
        code = cc.make_code(claim, signer.private_key)
        write_certificates([CertificateData(claim.number, claim.name, claim.masked_id, claim.class_title, day, day,
                                            8.0, signer.name, day, code)], cert_pdf)
        read = certificate_codes(cert_pdf)
        with db.session() as s:
            result = verification.verify_code(s, read[0]) if read else None
    finally:
        db.close()
    return {
        "certificate_pdf": str(cert_pdf),
        "kai_font": str(paths.kai_font_path()), "song_font": str(paths.song_font_path()),
        "qr_roundtrip": bool(read == [code] and result is not None and result.verdict == verification.VALID),
    }


def qt_checks() -> dict[str, Any]:
    """Start Qt (offscreen works) and load what the GUI loads at start-up."""
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from vcadre.paths import resource_path
    from vcadre.ui.app import install_font
    from vcadre.ui.i18n import install_translators, remove_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    family = install_font(app)  # type: ignore[arg-type]
    loaded = {t.filePath().replace("\\", "/").rsplit("/", 1)[-1] for t in install_translators(app, "zh_CN")}
    # Qt's own strings: proof that qtbase_zh_CN.qm is used, not merely present.
    # (getattr: keeps pyside6-lupdate from collecting Qt's own string into our .ts)
    ok_zh = getattr(app, "translate")("QPlatformTheme", "OK")
    remove_translators(app)
    icon_path = resource_path("icons", "vcadre.png")
    return {
        "font": family,
        "vcadre_qm": "vcadre_zh_CN.qm" in loaded,
        "qtbase_qm": "qtbase_zh_CN.qm" in loaded,
        "qt_ok_button": ok_zh,
        "translations_path": QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        "icon": icon_path.exists() and not QIcon(str(icon_path)).isNull(),
    }
