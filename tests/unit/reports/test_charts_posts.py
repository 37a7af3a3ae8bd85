"""One-shoulder charts: pure matplotlib figures in the CJK font, saved as PNG without Qt."""

from __future__ import annotations

from datetime import date

from matplotlib.colors import to_hex

from vcadre.reports.charts_posts import rate_by_township_figure, save_png, timeline_figure
from vcadre.reports.fonts import CHART_FAMILY
from vcadre.services.posts_rates import Rates, TimelinePoint, TownshipRate


def _rates() -> Rates:
    return Rates(date(2026, 11, 27), "", [
        TownshipRate("t1", "520524001", "龙场镇", 18, 3), TownshipRate("t2", "520524002", "金凤街道", 10, 8),
    ])


def test_bars_are_rates_and_the_highlighted_township_stands_out(tmp_path) -> None:
    fig = rate_by_township_figure(_rates(), highlight="t1")
    ax = fig.axes[0]
    assert [round(p.get_height(), 4) for p in ax.patches] == [round(3 / 18, 4), 0.8]
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == ["#1f5f99", "#c0392b"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["龙场镇", "金凤街道"]
    assert "全县 11/28" in ax.get_title() and "截至 2026-11-27" in ax.get_title()
    assert ax.title.get_fontfamily() == [CHART_FAMILY]
    assert all(t.get_fontfamily() == [CHART_FAMILY] for t in ax.get_xticklabels())
    out = save_png(fig, tmp_path / "bar.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_timeline_is_a_step_line_with_the_as_of_mark(tmp_path) -> None:
    points = [TimelinePoint(date(2017, 1, 1), 0, 4), TimelinePoint(date(2021, 6, 1), 2, 4),
              TimelinePoint(date(2026, 11, 27), 2, 4)]
    fig = timeline_figure(points, mark=date(2020, 1, 1), english=True)
    ax = fig.axes[0]
    assert list(ax.lines[0].get_ydata()) == [0.0, 0.5, 0.5]
    assert any("As of 2020-01-01: 0/4" in t.get_text() for t in ax.texts)
    assert save_png(fig, tmp_path / "t.png").stat().st_size > 5000


def test_empty_scopes_draw_a_note() -> None:
    fig = rate_by_township_figure(Rates(date(2026, 1, 1), "", []))
    assert fig.axes[0].texts[0].get_text() == "没有村（社区）"
