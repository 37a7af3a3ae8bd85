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
    fig = Figure(figsize=(width, height), dpi=100)
    fig.patch.set_facecolor("white")
    return fig


def _style(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)


def _text_px(text: str, size_pt: float, dpi: float = 100) -> float:
    """Rough width of ``text`` in pixels (CJK one em, others about half): for the margins."""
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text)
    return ems * size_pt * dpi / 72


#: Minimum canvas width the GUI gives a chart, in pixels (margins are set for it).
MIN_WIDTH_PX = 416


def _margins(fig: Any, names: Sequence[str], horizontal: bool, xlabel: str) -> None:
    """Fixed margins instead of constrained layout (which measures every text: ~5× slower)."""
    width_px, height_px = fig.get_size_inches() * fig.dpi
    label_px = max((_text_px(n, 9) for n in names), default=0) if horizontal else _text_px("0000", 9)
    left = (label_px + 16) / MIN_WIDTH_PX
    bottom = (26 + (16 if xlabel else 0)) / height_px
    fig.subplots_adjust(left=min(left, 0.5), right=0.96, top=1 - 34 / height_px, bottom=bottom)


def _place_texts(ax: Any, meta: dict[str, Any], values: Sequence[float], texts: Sequence[str]) -> None:
    if meta.get("values") == list(values) and meta.get("shown") == list(texts):
        return  # nothing changed: the canvas keeps its drawing
    meta["values"], meta["shown"] = list(values), list(texts)
    meta["version"] = meta.get("version", 0) + 1
    top = meta["limit"] if meta["limit"] is not None else (max(values) if values and max(values) > 0 else 1)
    for rect, label, value, text in zip(meta["artists"], meta["texts"], values, texts):
        if meta["horizontal"]:
            rect.set_width(value)
            label.set_position((value + top * 0.01, rect.get_y() + rect.get_height() / 2))
        else:
            rect.set_height(value)
            label.set_position((rect.get_x() + rect.get_width() / 2, value + top * 0.01))
        label.set_text(text)
    if meta["horizontal"]:
        ax.set_xlim(0, top * 1.18)
    else:
        ax.set_ylim(0, top * 1.15)


def bar_figure(title: str, bars: Sequence[Bar], *, horizontal: bool = True, value_format: str = "{:,.0f}",
               labels: Optional[Sequence[str]] = None, xlabel: str = "", limit: Optional[float] = None,
               height: Optional[float] = None, reuse: Any = None) -> Any:
    """A bar chart of ``bars``; ``labels`` (same length) override the text printed at each bar.

    ``reuse``: a figure made here before, or ``keys → figure or None``; when it has the same
    bars (keys) and title, its bars and numbers are updated in place and it is returned — much
    cheaper than a new figure (the dashboard does this when the region changes).
    """
    values = [b[2] for b in bars]
    texts = list(labels) if labels is not None else [value_format.format(v) for v in values]
    keys = tuple(b[0] for b in bars)
    old = reuse(keys) if callable(reuse) else reuse
    meta = getattr(old, "_vcadre_bars", None)
    if meta is not None and meta["keys"] == keys and meta["title"] == title and meta["horizontal"] == horizontal:
        _place_texts(old.axes[0], meta, values, texts)
        return old

    n = max(len(bars), 1)
    fig = new_figure(height=height or (max(2.4, 0.75 + 0.3 * n) if horizontal else 3.2))
    ax = fig.add_subplot()
    _style(ax)
    ax.set_title(title, fontsize=11, loc="left")
    names = [b[1] for b in bars]
    positions = list(range(len(bars)))
    if horizontal:
        artists = ax.barh(positions, values, color=COLOR, height=0.62)
        ax.set_yticks(positions, names)
        if bars:
            ax.set_ylim(len(bars) - 0.5, -0.5)  # first item on top, no empty margin
        ax.xaxis.grid(True, color="#dddddd", linewidth=0.6)
        if xlabel:
            ax.set_xlabel(xlabel, fontsize=9)
        label_args = dict(va="center", ha="left", fontsize=8.5)
    else:
        artists = ax.bar(positions, values, color=COLOR, width=0.62)
        ax.set_xticks(positions, names)
        if 0 < len(bars) < 6:  # a few bars keep a bar's width instead of filling the chart
            pad = (6 - len(bars)) / 2
            ax.set_xlim(-0.5 - pad, len(bars) - 0.5 + pad)
        ax.yaxis.grid(True, color="#dddddd", linewidth=0.6)
        if xlabel:
            ax.set_ylabel(xlabel, fontsize=9)
        label_args = dict(ha="center", va="bottom", fontsize=8.5)
    meta = {"keys": keys, "title": title, "horizontal": horizontal, "limit": limit, "artists": list(artists),
            "texts": [ax.text(0, 0, "", **label_args) for _ in bars]}
    fig._vcadre_bars = meta
    _place_texts(ax, meta, values, texts)
    _margins(fig, names, horizontal, xlabel)
    ax.set_axisbelow(True)
    for rect, (gid, _label, _value) in zip(artists, bars):
        rect.set_gid(gid)
        rect.set_picker(True)
    if not bars:
        ax.text(0.5, 0.5, "（无数据）", transform=ax.transAxes, ha="center", va="center", color="#888888")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def reserve_by_source(counts: dict[str, int], names: dict[str, str], title: str = "后备干部来源构成",
                      reuse: Any = None) -> Any:
    """Reserve pool by source: ``counts`` code → number, ``names`` code → label."""
    bars = [(f"source:{code}", names.get(code, code), n) for code, n in counts.items()]
    return bar_figure(title, bars, reuse=reuse)


def reserve_by_stage(counts: dict[str, int], names: dict[str, str], title: str = "后备干部培养阶段",
                     reuse: Any = None) -> Any:
    bars = [(f"stage:{code}", names.get(code, code), n) for code, n in counts.items()]
    return bar_figure(title, bars, reuse=reuse)


def one_shoulder_by_township(rows: Sequence[Any], title: str = "各乡镇（街道）“一肩挑”比例",
                             reuse: Any = None) -> Any:
    """``rows``: objects with ``id``, ``name``, ``villages``, ``one_shoulder`` (and ``rate``)."""
    bars = [(f"township:{r.id}", r.name, 100.0 * r.one_shoulder / r.villages if r.villages else 0.0) for r in rows]
    labels = [f"{b[2]:.0f}%（{r.one_shoulder}/{r.villages}）" for b, r in zip(bars, rows)]
    return bar_figure(title, bars, labels=labels, limit=100.0, xlabel="%", reuse=reuse)


def trainees_per_year(rows: Sequence[tuple[int, int]], title: str = "历年参训人数", reuse: Any = None) -> Any:
    bars = [(f"year:{year}", str(year), n) for year, n in rows]
    return bar_figure(title, bars, horizontal=False, reuse=reuse)


def bar_keys(fig: Any) -> list[str]:
    """The gids of a figure's bars, in drawing order (tests and the GUI's hit lists)."""
    return [p.get_gid() for ax in fig.axes for p in ax.patches if p.get_gid()]
