"""The hash chain of the audit trail: each entry's hash covers its fields and the previous hash."""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

GENESIS = "0" * 64
FIELDS = ("seq", "at", "user_name", "role", "action", "kind", "target", "detail")


def entry_hash(values: Sequence, prev_hash: str) -> str:
    """sha256 of the canonical JSON of ``values`` (in ``FIELDS`` order) and ``prev_hash``."""
    payload = json.dumps([list(values), prev_hash], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
