"""Person card (人员卡片): one read-only view of everything about a person across the app."""

from __future__ import annotations

from html import escape
from typing import Any, Optional

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from vcadre.services import person_card
from vcadre.ui import labels

_CSS = """
h2 { margin: 0 0 4px 0; }
h3 { margin: 14px 0 4px 0; color: #a61b1b; }
table.kv td { padding: 2px 12px 2px 0; }
table.kv td.k { color: #555; }
table.grid { border-collapse: collapse; }
table.grid th { background: #f2e6e6; padding: 3px 8px; text-align: left; }
table.grid td { border-bottom: 1px solid #ddd; padding: 3px 8px; }
p.none { color: #888; }
"""


class PersonCardDialog(QDialog):
    def __init__(self, db: Any, person_id: str, english: bool = False, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._english = english
        self._db = db
        self._person_id = person_id
        self.photo: Optional[bytes] = None
        self._show_full = False  #: 显示 pressed: ID number and phone in full (audited at each read)
        self.setWindowTitle("")
        self.resize(860, 660)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("card")
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(_CSS)
        self.reload()
        # 人员信息表 / 任免审批表 / .lrmx / photo (vcadre.ui.documents, issue 18).
        from vcadre.ui.documents.person_docs import PersonDocumentsBar

        self.documents = PersonDocumentsBar(db, person_id, self)
        self.documents.changed.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        from vcadre.services.security import Permission, may

        # 显示: the ID number and phone in full, for 录入员 and 管理员 only (written to the audit trail).
        self.show_button = QPushButton(self.tr("Show ID number and phone"), self)
        self.show_button.setObjectName("showFullId")
        self.show_button.setEnabled(may(db, Permission.UNMASK))
        self.show_button.clicked.connect(self.show_full)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        # 打印: the card as shown (ID number and phone masked unless 显示 was pressed).
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("printCard")
        self.print_button.setEnabled(may(db, Permission.EXPORT))
        self.print_button.clicked.connect(self.print_card)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(self.documents)
        lay.addWidget(buttons)

    @classmethod
    def ask_printer(cls, parent: QWidget, printer: Any) -> bool:
        """The system's print dialog; tests monkeypatch this."""
        from PySide6.QtPrintSupport import QPrintDialog

        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted

    @Slot()
    def print_card(self) -> bool:
        """Print the card (A4, as shown); True if it went to the printer."""
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.windowTitle())
        if not self.ask_printer(self, printer):
            return False
        self.browser.document().print_(printer)
        return True

    @Slot()
    def show_full(self) -> None:
        self._show_full = True
        self.reload()
        self.show_button.setEnabled(False)

    def reload(self) -> None:
        """Read the person again (after an import or a photo change) and show it."""
        from vcadre.services.documents.photos import photo_of

        with self._db.session() as s:
            self.card = person_card.card(s, self._person_id, show_id=self._show_full)
            self.photo = photo_of(s, self._person_id)
        self.setWindowTitle(self.tr("Person card — {name}").format(name=self.card.name))
        if self.photo:
            self.browser.document().addResource(QTextDocument.ResourceType.ImageResource, QUrl("photo:person"),
                                                QImage.fromData(self.photo))
        self.browser.setHtml(self.html())

    # ------------------------------------------------------------------ html

    def _code(self, table: str, code: Optional[str]) -> str:
        return escape(labels.code_label(table, code, self._english)) if code else ""

    @staticmethod
    def _d(value: Any) -> str:
        return value.isoformat() if value else ""

    def _grid(self, headers: list[str], rows: list[list[str]]) -> str:
        if not rows:
            none = self.tr("None on record.")
            return f"<p class='none'>{escape(none)}</p>"
        head = "".join(f"<th>{escape(h)}</th>" for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        return f"<table class='grid' cellspacing='0' width='100%'><tr>{head}</tr>{body}</table>"

    def html(self) -> str:
        c = self.card
        t_history = escape(self.tr("Reserve pool and cultivation history"))
        t_not_in_pool = escape(self.tr("Not in the reserve pool."))
        t_assessments = escape(self.tr("Annual assessments"))
        t_training = escape(self.tr("Training"))
        t_posts = escape(self.tr("Village posts"))
        t_dispatch = escape(self.tr("Village postings"))
        t_hours = escape(self.tr("Hours per year"))
        p = c.personal
        lab = lambda key: escape(labels.label("talent", key))  # noqa: E731
        kv = [
            (lab("gender"), self._code("gender", p["gender"])), (lab("birth_date"), self._d(p["birth_date"])),
            (lab("ethnicity"), self._code("ethnicity", p["ethnicity"])), (lab("native_place"), escape(p["native_place"] or "")),
            (lab("id_number"), escape(p["id_number"] or "")), (lab("phone"), escape(p["phone"] or "")),
            (lab("education"), self._code("education", p["education"])),
            (lab("education_inservice"), self._code("education", p["education_inservice"])),
            (lab("political_status"), self._code("political_status", p["political_status"])),
            (lab("party_join_date"), self._d(p["party_join_date"])),
            (lab("work_start_date"), self._d(p["work_start_date"])), (lab("home_village_id"), escape(c.village)),
        ]
        rows = "".join(
            f"<tr><td class='k'>{kv[i][0]}</td><td>{kv[i][1]}</td>"
            + (f"<td class='k'>{kv[i + 1][0]}</td><td>{kv[i + 1][1]}</td>" if i + 1 < len(kv) else "") + "</tr>"
            for i in range(0, len(kv), 2)
        )
        photo = "<img src='photo:person' width='100' height='140' align='right'/>" if self.photo else ""
        parts = [f"{photo}<h2>{escape(c.name)}</h2><table class='kv'>{rows}</table>"]
        if p.get("notes"):
            parts.append(f"<p>{escape(p['notes'])}</p>")
        parts.append(f"<h3>{t_history}</h3>")
        if not c.entries:
            parts.append(f"<p class='none'>{t_not_in_pool}</p>")
        for e in c.entries:
            parts.append("<p><b>{village}</b> · {source} · {stage} · {status} · {entered} {date}{mentor}</p>".format(
                village=escape(e.village), source=self._code("talent_source", e.source),
                stage=self._code("stage", e.stage), status=self._code("reserve_status", e.status),
                entered=escape(self.tr("entered")), date=self._d(e.entry_date),
                mentor=(" · " + escape(self.tr("mentor: {name}").format(name=e.mentor))) if e.mentor else ""))
            timeline = []
            for ev in e.timeline:
                move = self._code("stage", ev.to_stage) if not ev.from_stage else (
                    f"{self._code('stage', ev.from_stage)} → {self._code('stage', ev.to_stage)}")
                if ev.from_status and ev.from_status != ev.to_status:
                    move += f"（{self._code('reserve_status', ev.from_status)} → {self._code('reserve_status', ev.to_status)}）"
                timeline.append([f"● {self._d(ev.when)}", move, escape(ev.reason)])
            parts.append(self._grid([self.tr("Date"), self.tr("Move"), self.tr("Reason")], timeline))
            parts.append(f"<p><b>{t_assessments}：</b>" + (
                "；".join(f"{y} {self._code('assessment', r)}" for y, r in e.assessments)
                or escape(self.tr("none yet"))) + "</p>")
        parts.append(f"<h3>{t_training}</h3>")
        parts.append(self._grid(
            [self.tr("Course"), self.tr("Dates"), self.tr("Hours"), self.tr("Result"), self.tr("Certificate")],
            [[escape(t.title), f"{self._d(t.start)} – {self._d(t.end)}", f"{t.hours:g}",
              self._code("enrolment_result", t.result), escape(t.certificate_no)] for t in c.training]))
        if c.hours_by_year:
            parts.append("<p><b>{}：</b>{}</p>".format(
                t_hours,
                "；".join(escape(self.tr("{year}: {hours} h").format(year=y, hours=f"{h:g}"))
                          for y, h in c.hours_by_year.items())))
        parts.append(f"<h3>{t_posts}</h3>")
        parts.append(self._grid(
            [self.tr("Village"), self.tr("Post"), self.tr("From"), self.tr("To")],
            [[escape(x.village), self._code("village_post", x.post), self._d(x.start),
              self._d(x.end) or escape(self.tr("in office"))] for x in c.posts]))
        parts.append(f"<h3>{t_dispatch}</h3>")
        parts.append(self._grid(
            [self.tr("Village"), self.tr("Dispatching unit"), self.tr("Role"), self.tr("From"), self.tr("To"),
             self.tr("Status")],
            [[escape(x.village), escape(x.unit), self._code("dispatch_role", x.role), self._d(x.start),
              self._d(x.end), self._code("dispatch_status", x.status)] for x in c.dispatches]))
        return "".join(parts)

    @classmethod
    def show_for(cls, parent: Optional[QWidget], db: Any, person_id: str, english: bool = False) -> "PersonCardDialog":
        dlg = cls(db, person_id, english, parent)
        dlg.open()
        return dlg
