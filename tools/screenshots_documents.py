"""Screenshots of the documents GUI (证书核验, the person card's documents bar, 培训设置).

    python tools/screenshots_documents.py --db COPY_OF_A_DEMO.db --out DIR [--scan SCAN.png]

Works on a copy: it adds a photo to one person (the database is changed).
"""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--scan", type=Path, help="a scan to verify in the dialog")
    args = ap.parse_args()
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tools.shots import settle, start_app

    app = start_app("zh_CN")
    from PIL import Image, ImageDraw
    from sqlalchemy import select

    from vcadre.services.documents import photos
    from vcadre.store.db import open_database
    from vcadre.store.models import Enrolment, Person, VillagePost
    from vcadre.ui.documents.verify import CertificateVerifyDialog
    from vcadre.ui.person_card import PersonCardDialog
    from vcadre.ui.training_people import TrainingSettingsDialog

    args.out.mkdir(parents=True, exist_ok=True)
    db = open_database(args.db)
    with db.session() as s:
        pid = s.scalar(select(Person.id).join(VillagePost, VillagePost.person_id == Person.id)
                       .where(VillagePost.post == "secretary", Person.deleted.is_(False)).limit(1))
        number = s.scalar(select(Enrolment.certificate_no).where(Enrolment.certificate_no.is_not(None)).limit(1))
    img = Image.new("RGB", (600, 840), (70, 110, 200))
    d = ImageDraw.Draw(img)
    d.ellipse((170, 140, 430, 470), fill=(235, 200, 170))
    d.rectangle((100, 560, 500, 840), fill=(30, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    with db.session() as s, s.begin():
        photos.set_photo(s, pid, photos.prepare(buf.getvalue()), "demo.jpg")
    card = PersonCardDialog(db, pid)
    card.resize(900, 760)
    card.show()
    settle(200)
    card.grab().save(str(args.out / "person-card.png"))
    dlg = CertificateVerifyDialog(db)
    dlg.show()
    if args.scan:
        dlg.verify_scan(args.scan)
    else:
        dlg.number.setText(number or "")
        dlg.verify_number()
    settle(200)
    dlg.grab().save(str(args.out / "verify.png"))
    st = TrainingSettingsDialog(db)
    st.show()
    settle(100)
    st.grab().save(str(args.out / "training-settings.png"))
    db.close()
    app.quit()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
