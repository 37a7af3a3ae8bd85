"""Charts of one-shoulder (一肩挑) rates: matplotlib ``Figure``s, no pyplot state, no Qt.

``rate_by_township_figure(rates)`` draws a bar per township (its rate, with "k/n" on the bar) and
a dashed line at the county rate; ``timeline_figure(points)`` draws the county rate over time as a
step line. The GUI embeds them with ``FigureCanvasQTAgg``; ``save_png`` writes either as a PNG
(the dashboard and the CLI reuse them). Text is Chinese by default, in the bundled CJK font.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from vcadre.reports.fonts import chart_family

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from vcadre.services.posts_rates import Rates, TimelinePoint

#: Chinese texts, with English for an English UI.
_TEXT = {
    "zh": {
        "title": "各乡镇（街道）村党组织书记、村委会主任“一肩挑”比例",
        "county": "全县 {k}/{n}（{rate:.1%}）",
        "all": "合计 {k}/{n}（{rate:.1%}）",
        "ylabel": "“一肩挑”比例",
        "as_of": "截至 {day}",
        "timeline": "“一肩挑”比例变化",
        "tl_ylabel": "“一肩挑”比例",
        "empty": "没有村（社区）",
        "average": "平均",
    },
    "en": {
        "title": "One-shoulder rate by township",
        "county": "County {k}/{n} ({rate:.1%})",
        "all": "Total {k}/{n} ({rate:.1%})",
        "ylabel": "One-shoulder rate",
        "as_of": "As of {day}",
        "timeline": "One-shoulder rate over time",
        "tl_ylabel": "One-shoulder rate",
        "empty": "No villages",
        "average": "average",
    },
}


def _figure(width: float, height: float) -> "Figure":
    from matplotlib.figure import Figure

    family = chart_family()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.set_facecolor("white")
    # Per-figure font: rcParams are global, so set the family on every text we draw instead.
    fig._vcadre_family = family  # type: ignore[attr-defined]
    return fig


def _percent_axis(ax, highest: float, room: float = 0.12) -> None:
    """0 % up to a little above ``highest`` (room for labels), at least 50 %, at most 100 % + room."""
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, min(1.0, max(0.5, highest * 1.2)) + room)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _fonts(fig: "Figure", size: float = 9) -> None:
    family = fig._vcadre_family  # type: ignore[attr-defined]
    for text in fig.findobj(lambda o: hasattr(o, "set_fontfamily")):
        text.set_fontfamily(family)


def rate_by_township_figure(rates: "Rates", english: bool = False, title: Optional[str] = None,
                            width: float = 10.0, height: float = 4.6,
                            highlight: Optional[str] = None) -> "Figure":
    """Bar chart: the one-shoulder rate of each township in ``rates``, and the total as a line.

    Bars at or above the total are dark red, below it light red; the township whose id is
    ``highlight`` is drawn in blue with its name in bold (a township compared with its county).
    """
    t = _TEXT["en" if english else "zh"]
    fig = _figure(width, height)
    ax = fig.add_subplot()
    rows = rates.townships
    if not rows:
        ax.text(0.5, 0.5, t["empty"], ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        _fonts(fig)
        return fig
    xs = range(len(rows))
    values = [r.rate for r in rows]
    colors = ["#1f5f99" if r.township_id == highlight else "#c0392b" if r.rate >= rates.rate else "#e6a19a"
              for r in rows]
    bars = ax.bar(xs, values, color=colors, width=0.7)
    small = len(rows) > 20
    for bar, r in zip(bars, rows):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.015, f"{r.one_shoulder}/{r.villages}",
                ha="center", va="bottom", fontsize=6.5 if small else 8, rotation=90 if small else 0)
    ax.set_xticks(list(xs))
    ax.set_xticklabels([r.name for r in rows], rotation=60 if small else 30, ha="right", fontsize=8 if small else 9)
    for tick, r in zip(ax.get_xticklabels(), rows):
        if r.township_id == highlight:
            tick.set_color("#1f5f99")  # (the CJK font has no bold face)
    if len(rows) < 6:  # a few bars stay bar-shaped
        ax.set_xlim(-0.6, 5.6)
    _percent_axis(ax, max(values), room=0.14)
    ax.set_ylabel(t["ylabel"])
    label = (t["county"] if not rates.scope or len(rows) > 1 else t["all"]).format(
        k=rates.one_shoulder, n=rates.villages, rate=rates.rate)
    # The county rate: a dashed line, named just outside the right edge (never over a bar).
    ax.axhline(rates.rate, color="#34495e", linestyle="--", linewidth=1)
    ax.annotate(t["average"], (1.0, rates.rate), xycoords=("axes fraction", "data"), xytext=(4, 0),
                textcoords="offset points", va="center", ha="left", fontsize=8, color="#34495e")
    heading = title or t["title"]
    if rates.scope:
        heading = f"{rates.scope} {heading}"
    day = t["as_of"].format(day=rates.as_of.isoformat())
    ax.set_title(f"{heading}（{day}，{label}）" if not english else f"{heading} ({day}; {label})", fontsize=11)
    _fonts(fig)
    return fig


def timeline_figure(points: Sequence["TimelinePoint"], english: bool = False, title: Optional[str] = None,
                    width: float = 10.0, height: float = 3.6, mark: Optional[date] = None) -> "Figure":
    """Step line of the one-shoulder rate over time (each point holds until the next); ``mark``
    draws a dotted line at that day with its rate (the "as of" day of the tab)."""
    t = _TEXT["en" if english else "zh"]
    fig = _figure(width, height)
    ax = fig.add_subplot()
    if not points:
        ax.text(0.5, 0.5, t["empty"], ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        _fonts(fig)
        return fig
    days = [p.day for p in points]
    rates = [p.rate for p in points]
    ax.step(days, rates, where="post", color="#c0392b", linewidth=1.6)
    ax.fill_between(days, rates, step="post", color="#c0392b", alpha=0.08)
    last = points[-1]
    ax.annotate(f"{last.one_shoulder}/{last.villages}（{last.rate:.1%}）" if not english
                else f"{last.one_shoulder}/{last.villages} ({last.rate:.1%})",
                (last.day, last.rate), textcoords="offset points", xytext=(-4, 6), ha="right", fontsize=9)
    if mark is not None and days[0] <= mark < last.day:
        at = max((p for p in points if p.day <= mark), key=lambda p: p.day)
        ax.axvline(mark, color="#34495e", linestyle=":", linewidth=1)
        ax.annotate(f"{t['as_of'].format(day=mark.isoformat())}: {at.one_shoulder}/{at.villages}",
                    (mark, at.rate), textcoords="offset points", xytext=(4, 14), fontsize=8, color="#34495e")
    _percent_axis(ax, max(rates), room=0.08)
    ax.set_ylabel(t["tl_ylabel"])
    ax.set_title(title or t["timeline"], fontsize=11)
    fig.autofmt_xdate(rotation=0, ha="center")
    _fonts(fig)
    return fig


def save_png(fig: "Figure", path: Path | str, dpi: int = 150) -> Path:
    """Write ``fig`` as a PNG (with an Agg canvas; no GUI needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    path = Path(path)
    if fig.canvas is None or not hasattr(fig.canvas, "print_png"):
        FigureCanvasAgg(fig)
    fig.savefig(path, format="png", dpi=dpi, facecolor="white")
    return path
