"""This database's office name (站点名称): what rosters print as 制表单位 and what other offices
see as the sender of this site's sync packages.

Renaming changes the label only: the site's id and signing key, by which other offices know it,
stay; they learn the new name from the next package this site sends.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from vcadre.services.errors import FieldError, ValidationError
from vcadre.store.db import local_site

MAX_LENGTH = 100
#: The placeholder a database made without a name carried ("this machine").
PLACEHOLDER = "本机"


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(FieldError("site_name", "请填写本单位名称（如“龙场镇组织办”），它将打印在花名册的“制表单位”上。"))
    if len(name) > MAX_LENGTH:
        raise ValidationError(FieldError("site_name", f"单位名称过长：最多 {MAX_LENGTH} 个字。"))
    if name == PLACEHOLDER:
        raise ValidationError(FieldError("site_name", "“本机”不是单位名称：请填写本单位的名称，如“龙场镇组织办”。"))
    return name


def rename(session: Session, name: str) -> str:
    """Set the local site's name (checked); returns the name stored."""
    name = check_name(name)
    local_site(session).name = name
    session.flush()
    return name
