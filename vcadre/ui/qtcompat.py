"""Work-arounds for bugs in the Qt bindings, each with a test that shows it is still needed.

PySide6 6.12.0 on Python < 3.12: ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every emit from Python lowers the reference count of ``True`` by one and
the interpreter aborts after a few hundred emits (“bool_dealloc: deallocating True or False”).
6.11.3 is fine; on Python 3.12+ ``True`` is immortal and nothing happens. ``emit()`` below
detects the bug once and gives the reference back. Use it for every emit from Python code in
``vcadre.ui`` (signals Qt emits itself are not affected).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_loses_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):  # give back what the probe took
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= 4


EMIT_LOSES_REFERENCE: bool = _emit_loses_a_reference()


def emit(signal: Any, *args: Any) -> Any:
    """``signal.emit(*args)``, safe on bindings whose emit under-references its result."""
    result = signal.emit(*args)
    if EMIT_LOSES_REFERENCE and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return result
