"""Subcommands of ``vcadre``, one module per area (talent, training, dispatch, posts, roster, sync…).

Each module defines ``register(subparsers, common)`` adding its subcommands; ``vcadre.cli`` finds
the modules here by name, so a new area needs no edit to the CLI's core. ``common`` offers the
shared helpers (``db_arg``, ``open_db``, ``UserError``, ``township_id``, ``parse_date``).
Modules import heavy libraries inside their command functions, never at import time.
"""
