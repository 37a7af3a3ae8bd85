"""Undo, redo and the recycle bin (撤销、重做与回收站).

- ``revert``: the journal of user actions (``store.undo_log`` writes it at each commit) and
  undo/redo as new changes that sync; refused (``UndoConflict``) when a sync import or another
  edit changed the same fields since, unless forced.
- ``recycle``: tombstoned records of every kind, paged in SQL (``TrashListing``, listing kind
  ``"trash"``), and restoring them with their deleted parents.
- ``records``: names, field labels, links and rules per kind of record.

The GUI (``vcadre.ui.undo``) and the CLI (``vcadre trash``, ``vcadre undo``) use only this API.
"""

from vcadre.services.undo.records import RecordRef, describe, kind_label
from vcadre.services.undo.recycle import (
    TRASH_KINDS,
    RestorePlan,
    TrashListing,
    parse_key,
    plan_restore,
    restore,
    restore_many,
)
from vcadre.services.undo.revert import (
    Action,
    Conflict,
    UndoConflict,
    UndoError,
    label,
    mark,
    redo,
    redoable,
    undo,
    undoable,
)

__all__ = [
    "Action", "Conflict", "RecordRef", "RestorePlan", "TRASH_KINDS", "TrashListing", "UndoConflict",
    "UndoError", "describe", "kind_label", "label", "mark", "parse_key", "plan_restore", "redo",
    "redoable", "restore", "restore_many", "undo", "undoable",
]
