"""Importing the sheets officers already keep (导入): one engine, one small spec per record kind.

    from vcadre.services import imports
    spec = imports.spec("posts")
    preview, result = imports.import_file(db, path, spec, only_valid=False)

See ``engine`` for the pipeline, ``layout`` for header detection and column mapping, ``places``
for township/village matching, ``people`` for persons, ``template`` for the .xlsx templates, and
``kinds/`` for the kinds: regions, talent, posts, dispatch, training, review.
"""

from __future__ import annotations

from typing import Any

from vcadre.services.imports.engine import (  # noqa: F401 - the package's API
    Cancelled,
    ColumnInfo,
    Field,
    ImportRejected,
    ImportResult,
    MappingError,
    Preview,
    RowError,
    Spec,
    apply,
    import_file,
    preview_file,
    write_preview,
)
from vcadre.services.imports.reader import FileUnreadable  # noqa: F401

#: Kind name → (module, class), in the order a new county loads them.
KINDS = {
    "regions": ("regions", "RegionsSpec"),
    "posts": ("posts", "PostsSpec"),
    "talent": ("talent", "TalentSpec"),
    "dispatch": ("dispatch", "DispatchSpec"),
    "training": ("training", "TrainingSpec"),
    "review": ("review", "ReviewSpec"),
}


def spec(kind: str, **options: Any) -> Spec:
    import importlib

    module, cls = KINDS[kind]
    return getattr(importlib.import_module(f"vcadre.services.imports.kinds.{module}"), cls)(**options)
