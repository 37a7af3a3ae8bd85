"""Hybrid logical clock (混合逻辑时钟) for ordering changes made on different laptops.

Laptop wall clocks are wrong by hours or years, so a change is stamped with
``max(wall clock, last stamp seen)`` plus a counter: stamps never go backwards on a site and a
received stamp pushes the local clock past it. Stamps are fixed-width text so they compare with
plain string comparison in SQL; ties between sites are broken by site id by the merge code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

_WIDTH_MS = 13
_WIDTH_COUNTER = 6
_MAX_COUNTER = 10**_WIDTH_COUNTER - 1


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int

    def encode(self) -> str:
        return f"{self.millis:0{_WIDTH_MS}d}.{self.counter:0{_WIDTH_COUNTER}d}"

    @classmethod
    def decode(cls, text: str) -> "Stamp":
        if not text:
            return cls(0, 0)
        millis, _, counter = text.partition(".")
        return cls(int(millis), int(counter or 0))


class HybridClock:
    """Issues monotonically increasing stamps for one site."""

    def __init__(self, last: str = "", wall: Callable[[], float] | None = None) -> None:
        self._last = Stamp.decode(last)
        # None: look ``time.time`` up at each tick, so a test (or time-machine) that moves the
        # wall clock moves this clock too; a default bound at definition would ignore it.
        self._wall = wall

    @property
    def last(self) -> str:
        return self._last.encode()

    def tick(self) -> str:
        """A new stamp for a local change."""
        now = int((self._wall or time.time)() * 1000)
        if now > self._last.millis:
            self._last = Stamp(now, 0)
        elif self._last.counter < _MAX_COUNTER:
            self._last = Stamp(self._last.millis, self._last.counter + 1)
        else:
            # Keep the fixed width (text comparison!): borrow the next millisecond instead.
            self._last = Stamp(self._last.millis + 1, 0)
        return self._last.encode()

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another site, so later local stamps sort after it."""
        seen = Stamp.decode(remote)
        if seen > self._last:
            self._last = seen
