"""Bar charts as geometry for an inline SVG made at build time (partials/bar_chart.html draws it).

No chart library and no script: a chart is a few rectangles, grid lines and labels, so it shows
on a phone, a kiosk and paper alike, offline. Values stay exact in the data table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from . import formatting

WIDTH, HEIGHT = 720, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 34, 56  # room for the unit above the top tick, tick labels
# and two-line category labels


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # colour class: cwgk-chart__bar--<css>
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str  # what a pointer or a screen reader gets: 2026年上半年 实际支出 168,740.36元


@dataclass(frozen=True)
class BarChart:
    title: str
    axis_unit: str  # 元 or 万元
    categories: tuple[tuple[str, str], ...]  # two label lines each
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, label)
    label_x: tuple[float, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    baseline: float = HEIGHT - BOTTOM


def _nice_step(top: float, steps: int = 4) -> float:
    raw = top / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def bar_chart(title: str, categories: list[tuple[str, str]], series: list[Series]) -> BarChart:
    """Grouped bars: one group per category, one bar per series; values in 元."""
    values = [float(v) for s in series for v in s.values if v is not None]
    top = max(values, default=0.0) or 1.0
    scale, unit = (10_000.0, "万元") if top >= 100_000 else (1.0, "元")
    step = _nice_step(top / scale)
    ceiling = step * math.ceil(top / scale / step)
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.76 / max(len(series), 1)
    bars = []
    for c, (line1, line2) in enumerate(categories):
        for n, s in enumerate(series):
            value = s.values[c]
            if value is None:
                continue
            h = float(value) / scale / ceiling * plot_h
            x = LEFT + c * group_w + group_w * 0.12 + n * bar_w
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(TOP + plot_h - h, 1),
                    width=round(bar_w * 0.92, 1),
                    height=round(h, 1),
                    css=s.css,
                    title=f"{line1}{line2} {s.name} {formatting.money(value)}元",
                )
            )
    ticks = []
    count = round(ceiling / step)
    for i in range(count + 1):
        amount = step * i
        label = formatting.number(Decimal(str(round(amount, 2))))
        ticks.append((round(TOP + plot_h - amount / ceiling * plot_h, 1), label))
    return BarChart(
        title=title,
        axis_unit=unit,
        categories=tuple(categories),
        series=tuple(series),
        bars=tuple(bars),
        ticks=tuple(ticks),
        label_x=tuple(round(LEFT + (c + 0.5) * group_w, 1) for c in range(len(categories))),
    )
