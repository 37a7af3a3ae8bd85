"""Dashboard charts: pure matplotlib figures with pickable, keyed bars; in-place updates."""

from __future__ import annotations

import sys
from pathlib import Path

from vcadre.reports import charts
from vcadre.services.posts_rates import TownshipRate


def test_figures_have_keyed_bars_and_save_as_png(tmp_path: Path) -> None:
    fig = charts.reserve_by_source({"veteran": 3, "other": 1}, {"veteran": "复退军人", "other": "其他"})
    assert charts.bar_keys(fig) == ["source:veteran", "source:other"]
    assert all(p.get_picker() for p in fig.axes[0].patches)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["复退军人", "其他"]
    fig.savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert "matplotlib.pyplot" not in sys.modules  # no pyplot state anywhere


def test_one_shoulder_rate_and_years() -> None:
    rows = [TownshipRate("a", "520524001", "龙场镇", 18, 3), TownshipRate("b", "520524002", "金凤街道", 0, 0)]
    fig = charts.one_shoulder_by_township(rows)
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths == [100 * 3 / 18, 0.0]
    assert "17%（3/18）" in [t.get_text() for t in fig.axes[0].texts]
    years = charts.trainees_per_year([(2023, 10), (2024, 12)])
    assert charts.bar_keys(years) == ["year:2023", "year:2024"]
    empty = charts.trainees_per_year([])
    assert charts.bar_keys(empty) == []


def test_same_bars_update_in_place() -> None:
    names = {"veteran": "复退军人"}
    fig = charts.reserve_by_source({"veteran": 3}, names)
    again = charts.reserve_by_source({"veteran": 7}, names, reuse=fig)
    assert again is fig and fig.axes[0].patches[0].get_width() == 7
    assert "7" in [t.get_text() for t in fig.axes[0].texts]
    other = charts.reserve_by_source({"veteran": 7, "other": 1}, names, reuse=fig)
    assert other is not fig
