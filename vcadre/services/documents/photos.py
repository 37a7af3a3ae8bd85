"""ID photos (证件照): import from a file or a folder, crop to the 2-inch ratio, store small.

A photo is cropped to the 2-inch (二寸) ratio 35 × 49 mm (5:7), centred horizontally and a
little above centre vertically (a head-and-shoulders photo has the face in its upper half),
scaled down to at most 300 × 420 pixels (≈ 218 dpi at 35 × 49 mm — sharp on a printed form)
and saved as a baseline JPEG of at most 60 KB (quality lowered step by step if needed; a
typical photo is 15–30 KB). It is kept in ``person_photo`` as base64 text so it syncs like any
other field. A person's photo is the newest live row; setting a new one tombstones the old.

A folder import matches each image to a person by its file name: an 18-character ID number
(``520524199001011234.jpg``), or a name that only one live person has (``张三.jpg``; a name
shared by several people is refused, with the reason). :func:`plan_folder` shows what would
happen; :func:`apply_plan` writes it in the caller's transaction.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain import idnumber
from vcadre.services.errors import NotFoundError, ValidationError
from vcadre.store import ioerrors
from vcadre.store.models import Person, PersonPhoto

RATIO = (5, 7)  #: width : height of a 2-inch photo (35 × 49 mm)
MAX_SIZE = (300, 420)
MIN_SIZE = (100, 140)  #: below this a printed photo is a blur: refused
MAX_BYTES = 60 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")
#: Largest file read (a camera's JPEG is 5–15 MB; anything far bigger is not a photo).
MAX_FILE_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True)
class PreparedPhoto:
    jpeg: bytes
    width: int
    height: int


def prepare(data: bytes, what: str = "照片") -> PreparedPhoto:
    """Crop, scale and compress an image (bytes of any format Pillow reads)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)  # phone photos are often stored sideways
            img = img.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(f"{what}不是可以识别的图片（支持 JPEG、PNG、BMP、TIFF）。") from None
    w, h = img.size
    rw, rh = RATIO
    if w * rh > h * rw:  # too wide: keep full height
        cw, ch = h * rw // rh, h
    else:  # too tall: keep full width
        cw, ch = w, w * rh // rw
    if cw < MIN_SIZE[0] or ch < MIN_SIZE[1]:
        raise ValidationError(f"{what}太小（{w}×{h} 像素），至少需要 {MIN_SIZE[0]}×{MIN_SIZE[1]} 像素。")
    left = (w - cw) // 2
    top = max(0, min(h - ch, int((h - ch) * 0.4)))
    img = img.crop((left, top, left + cw, top + ch))
    if cw > MAX_SIZE[0]:
        img = img.resize(MAX_SIZE, Image.LANCZOS)
    for quality in (88, 82, 76, 70, 62, 55, 45, 35):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
        if buf.tell() <= MAX_BYTES:
            return PreparedPhoto(buf.getvalue(), img.width, img.height)
    raise ValidationError(f"{what}压缩后仍超过 {MAX_BYTES // 1024} KB。")  # pragma: no cover - 300×420 never is


def read_file(path: Path | str) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(f"文件“{path.name}”太大（{size // 1024 // 1024} MB），不像是一张证件照。")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{path.name}”：{ioerrors.reason(exc)}。") from None


def _live_person(session: Session, person_id: str) -> Person:
    p = session.get(Person, person_id)
    if p is None or p.deleted:
        raise NotFoundError("该人员不存在或已删除。")
    return p


def set_photo(session: Session, person_id: str, photo: PreparedPhoto, source: str = "") -> None:
    """Make ``photo`` the person's photo (the old one is tombstoned)."""
    _live_person(session, person_id)
    for old in session.scalars(select(PersonPhoto).where(PersonPhoto.person_id == person_id,
                                                         PersonPhoto.deleted.is_(False))):
        old.deleted = True
    session.add(PersonPhoto(person_id=person_id, jpeg_b64=base64.b64encode(photo.jpeg).decode("ascii"),
                            width=photo.width, height=photo.height, source=(source or "")[:120]))
    session.flush()


def set_photo_from_file(session: Session, person_id: str, path: Path | str) -> PreparedPhoto:
    path = Path(path)
    prepared = prepare(read_file(path), f"文件“{path.name}”")
    set_photo(session, person_id, prepared, path.name)
    return prepared


def remove_photo(session: Session, person_id: str) -> bool:
    """Remove the person's photo; False if there was none."""
    found = False
    for old in session.scalars(select(PersonPhoto).where(PersonPhoto.person_id == person_id,
                                                         PersonPhoto.deleted.is_(False))):
        old.deleted = True
        found = True
    session.flush()
    return found


def photo_of(session: Session, person_id: str) -> Optional[bytes]:
    """The person's photo (JPEG bytes), or None."""
    return photos_of(session, [person_id]).get(person_id)


def photos_of(session: Session, person_ids: Iterable[str]) -> dict[str, bytes]:
    """person id → JPEG of the newest live photo, for many persons at once."""
    ids = list(dict.fromkeys(person_ids))
    out: dict[str, bytes] = {}
    for i in range(0, len(ids), 500):
        rows = session.execute(select(PersonPhoto.person_id, PersonPhoto.jpeg_b64).where(
            PersonPhoto.person_id.in_(ids[i:i + 500]), PersonPhoto.deleted.is_(False))
            .order_by(PersonPhoto.person_id, PersonPhoto.hlc))
        for pid, data in rows:
            out[pid] = data  # ordered by hlc: the newest wins
    return {pid: base64.b64decode(data) for pid, data in out.items()}


# ------------------------------------------------------------------ folder import

OK, NO_MATCH, AMBIGUOUS, BAD_IMAGE = "ok", "no_match", "ambiguous", "bad_image"


@dataclass
class PhotoMatch:
    file: Path
    status: str
    person_id: Optional[str] = None
    name: str = ""
    masked_id: str = ""
    reason: str = ""
    replaces: bool = False  #: the person already has a photo
    photo: Optional[PreparedPhoto] = None


def _by_id_number(session: Session, stem: str) -> list[Person]:
    try:
        number = idnumber.normalize_id_number(stem)
    except Exception:  # noqa: BLE001 - anything that is not an ID number
        return []
    if len(number) != 18:
        return []
    return list(session.scalars(select(Person).where(Person.id_number == number, Person.deleted.is_(False))))


def plan_folder(session: Session, folder: Path | str) -> list[PhotoMatch]:
    """What importing every image in ``folder`` would do (nothing is written)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(f"文件夹“{folder}”不存在。")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise ValidationError(f"文件夹“{folder.name}”中没有图片文件（.jpg、.png、.bmp、.tif）。")
    have = set(session.scalars(select(PersonPhoto.person_id).where(PersonPhoto.deleted.is_(False))))
    out: list[PhotoMatch] = []
    seen: dict[str, Path] = {}
    for f in files:
        stem = f.stem.strip()
        people = _by_id_number(session, stem)
        how = "身份证号码"
        if not people:
            people = list(session.scalars(select(Person).where(Person.name == stem, Person.deleted.is_(False))))
            how = "姓名"
        if not people:
            out.append(PhotoMatch(f, NO_MATCH, reason=f"没有{how}为“{stem if how == '姓名' else idnumber.mask_id_number(stem)}”的人员"))
            continue
        if len(people) > 1:
            out.append(PhotoMatch(f, AMBIGUOUS, reason=f"有 {len(people)} 人姓名为“{stem}”，请把文件名改为身份证号码"))
            continue
        p = people[0]
        if p.id in seen:
            out.append(PhotoMatch(f, AMBIGUOUS, p.id, p.name, idnumber.mask_id_number(p.id_number),
                                  reason=f"与“{seen[p.id].name}”是同一人的照片"))
            continue
        try:
            prepared = prepare(read_file(f), f"文件“{f.name}”")
        except ValidationError as exc:
            out.append(PhotoMatch(f, BAD_IMAGE, p.id, p.name, idnumber.mask_id_number(p.id_number), str(exc)))
            continue
        seen[p.id] = f
        out.append(PhotoMatch(f, OK, p.id, p.name, idnumber.mask_id_number(p.id_number),
                              replaces=p.id in have, photo=prepared))
    return out


def apply_plan(session: Session, plan: list[PhotoMatch]) -> int:
    """Store the matched photos of a plan (one transaction: the caller's); returns how many."""
    n = 0
    for m in plan:
        if m.status == OK and m.person_id and m.photo is not None:
            set_photo(session, m.person_id, m.photo, m.file.name)
            n += 1
    return n
