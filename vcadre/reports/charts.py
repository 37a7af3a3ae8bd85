"""Charts for the 概览 dashboard and reports: matplotlib ``Figure`` objects, no pyplot, no Qt.

Every bar carries a ``gid`` naming what it counts (``"source:veteran"``, ``"stage:reserve"``,
``"township:<region id>"``, ``"year:2024"``) and is pickable, so the GUI can turn a click into a
filter; ``figure.savefig(path)`` writes a PNG. Text is in the bundled CJK font
(``fonts.chart_family()``). Callers pass translated titles and labels.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

#: (gid, label, value) of one bar.
Bar = tuple[str, str, float]

COLOR = "#b8352e"  # the red of the dashboard's figures, a little softer
COLOR_LIGHT = "#e7b3ad"


def _setup() -> str:
    import matplotlib

    family = _family()
    matplotlib.rcParams["font.family"] = [family, "sans-serif"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def _family() -> str:
    from vcadre.reports.fonts import chart_family

    return chart_family()


def new_figure(width: float = 5.2, height: float = 3.2) -> Any:
    from matplotlib.figure import Figure

    _setup()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def _style(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)


def bar_figure(title: str, bars: Sequence[Bar], *, horizontal: bool = True, value_format: str = "{:,.0f}",
               labels: Optional[Sequence[str]] = None, xlabel: str = "", limit: Optional[float] = None,
               height: Optional[float] = None) -> Any:
    """A bar chart of ``bars``; ``labels`` (same length) override the text printed at each bar."""
    n = max(len(bars), 1)
    fig = new_figure(height=height or (max(2.4, 0.55 + 0.3 * n) if horizontal else 3.2))
    ax = fig.add_subplot()
    _style(ax)
    ax.set_title(title, fontsize=11, loc="left")
    names = [b[1] for b in bars]
    values = [b[2] for b in bars]
    texts = list(labels) if labels is not None else [value_format.format(v) for v in values]
    positions = list(range(len(bars)))
    if horizontal:
        artists = ax.barh(positions, values, color=COLOR, height=0.62)
        ax.set_yticks(positions, names)
        ax.set_ylim(len(bars) - 0.5, -0.5)  # first item on top, no empty margin
        ax.xaxis.grid(True, color="#dddddd", linewidth=0.6)
        top = limit if limit is not None else (max(values) if values and max(values) > 0 else 1)
        ax.set_xlim(0, top * 1.18)
        for rect, text in zip(artists, texts):
            ax.text(rect.get_width() + top * 0.01, rect.get_y() + rect.get_height() / 2, text,
                    va="center", ha="left", fontsize=8.5)
        if xlabel:
            ax.set_xlabel(xlabel, fontsize=9)
    else:
        artists = ax.bar(positions, values, color=COLOR, width=0.62)
        ax.set_xticks(positions, names)
        if len(bars) < 6:  # a few bars keep a bar's width instead of filling the chart
            pad = (6 - len(bars)) / 2
            ax.set_xlim(-0.5 - pad, len(bars) - 0.5 + pad)
        ax.yaxis.grid(True, color="#dddddd", linewidth=0.6)
        top = limit if limit is not None else (max(values) if values and max(values) > 0 else 1)
        ax.set_ylim(0, top * 1.15)
        for rect, text in zip(artists, texts):
            ax.text(rect.get_x() + rect.get_width() / 2, rect.get_height() + top * 0.01, text,
                    ha="center", va="bottom", fontsize=8.5)
        if xlabel:
            ax.set_ylabel(xlabel, fontsize=9)
    ax.set_axisbelow(True)
    for rect, (gid, _label, _value) in zip(artists, bars):
        rect.set_gid(gid)
        rect.set_picker(True)
    if not bars:
        ax.text(0.5, 0.5, "（无数据）", transform=ax.transAxes, ha="center", va="center", color="#888888")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def reserve_by_source(counts: dict[str, int], names: dict[str, str], title: str = "后备干部来源构成") -> Any:
    """Reserve pool by source: ``counts`` code → number, ``names`` code → label."""
    bars = [(f"source:{code}", names.get(code, code), n) for code, n in counts.items()]
    return bar_figure(title, bars)


def reserve_by_stage(counts: dict[str, int], names: dict[str, str], title: str = "后备干部培养阶段") -> Any:
    bars = [(f"stage:{code}", names.get(code, code), n) for code, n in counts.items()]
    return bar_figure(title, bars)


def one_shoulder_by_township(rows: Sequence[Any], title: str = "各乡镇（街道）“一肩挑”比例") -> Any:
    """``rows``: objects with ``id``, ``name``, ``villages``, ``one_shoulder`` (and ``rate``)."""
    bars = [(f"township:{r.id}", r.name, 100.0 * r.one_shoulder / r.villages if r.villages else 0.0) for r in rows]
    labels = [f"{b[2]:.0f}%（{r.one_shoulder}/{r.villages}）" for b, r in zip(bars, rows)]
    return bar_figure(title, bars, labels=labels, limit=100.0, xlabel="%")


def trainees_per_year(rows: Sequence[tuple[int, int]], title: str = "历年参训人数") -> Any:
    bars = [(f"year:{year}", str(year), n) for year, n in rows]
    return bar_figure(title, bars, horizontal=False)


def bar_keys(fig: Any) -> list[str]:
    """The gids of a figure's bars, in drawing order (tests and the GUI's hit lists)."""
    return [p.get_gid() for ax in fig.axes for p in ax.patches if p.get_gid()]
