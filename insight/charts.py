"""Charts drawn on the server as SVG: geometry here (plain values in, numbers out), the
markup in templates/insight/includes/chart.svg.html.

Why templates and not a chart library: the SVG must carry a title and a description
that assistive technology reads (role="img", aria-labelledby), scale down to a 320 px
screen (a viewBox, no fixed width), need no script and no inline ``<style>`` (the
Content-Security-Policy's ``style-src 'self'`` refuses inline styles). pygal, the best
kept Python SVG chart library, styles every chart with an embedded ``<style>`` element
(and by default loads a tooltip script), so pages would need their CSP relaxed; two chart
shapes drawn from a template need neither, and no new dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 400  # viewBox units; the SVG scales to its container
_BAR_HEIGHT = 18
_ROW_GAP = 14
_LABEL_HEIGHT = 18
_LEFT = 36
_TOP = 12
_BOTTOM = 42
_HEIGHT = 220


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as people read it ("85%", "1,204")
    label_y: float
    bar_y: float
    width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    shown: str
    x: float
    y: float | None
    show_label: bool


@dataclass
class Chart:
    """One chart: ``kind`` "bar" (horizontal bars, one per row) or "line" (a series in time)."""

    uid: str
    title: str
    description: str
    kind: str
    width: int = WIDTH
    height: float = 0
    bars: list[Bar] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    path: str = ""
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    axis_y: float = 0
    left: float = _LEFT
    right: float = WIDTH - 8
    target_y: float | None = None
    target_label: str = ""

    @property
    def empty(self) -> bool:
        return not self.bars and not any(point.value is not None for point in self.points)


def _nice_max(value: float) -> float:
    """A round number at or above ``value`` for the top of an axis."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def bar_chart(
    *, uid: str, title: str, description: str, items: list[tuple[str, float, str]], top=None
) -> Chart:
    """Horizontal bars, each with its label above it and its value at its end.

    ``items``: (label, value, value as shown). ``top``: the axis' end (100 for shares).
    """
    top = top or _nice_max(max((value for _l, value, _s in items), default=0))
    usable = WIDTH - 70  # room after the longest bar for its value
    bars = []
    y = 4.0
    for label, value, shown in items:
        width = max(0.0, usable * (value / top)) if top else 0.0
        bars.append(
            Bar(
                label=_clip(label),
                value=value,
                shown=shown,
                label_y=y + 13,
                bar_y=y + _LABEL_HEIGHT,
                width=round(width, 1),
                value_x=round(width + 6, 1),
                value_y=y + _LABEL_HEIGHT + 14,
            )
        )
        y += _LABEL_HEIGHT + _BAR_HEIGHT + _ROW_GAP
    return Chart(uid=uid, title=title, description=description, kind="bar", bars=bars, height=y)


def line_chart(
    *,
    uid: str,
    title: str,
    description: str,
    items: list[tuple[str, float | None, str]],
    top: float | None = None,
    target: float | None = None,
    target_label: str = "",
    suffix: str = "",
) -> Chart:
    """A line through the values in order (months, say); a gap where a value is None.

    ``target``: a dashed line across the chart at that value (a standard's target)."""
    values = [value for _l, value, _s in items if value is not None]
    top = top or _nice_max(max(values, default=0))
    plot_height = _HEIGHT - _TOP - _BOTTOM
    axis_y = _TOP + plot_height
    count = len(items)
    span = WIDTH - 35 - (_LEFT + 5)  # room at the right for the last label
    step = span / max(count - 1, 1)
    every = max(1, math.ceil(count / 6))  # at most about six labels along the bottom

    def y_of(value: float) -> float:
        return round(axis_y - plot_height * (value / top), 1)

    points = []
    commands = []
    pen_down = False
    for index, (label, value, shown) in enumerate(items):
        x = round(_LEFT + 5 + index * step, 1)
        y = y_of(value) if value is not None else None
        points.append(
            Point(
                label=label,
                value=value,
                shown=shown,
                x=x,
                y=y,
                show_label=index % every == 0 or index == count - 1,
            )
        )
        if y is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{x} {y}")
        pen_down = True
    ticks = [(y_of(top * share), f"{_short(top * share)}{suffix}") for share in (0, 0.5, 1)]
    return Chart(
        uid=uid,
        title=title,
        description=description,
        kind="line",
        height=_HEIGHT,
        points=points,
        path=" ".join(commands),
        ticks=ticks,
        axis_y=axis_y,
        target_y=y_of(target) if target is not None else None,
        target_label=target_label,
    )


def _short(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _clip(label: str, length: int = 48) -> str:
    """A bar's label fits the chart's width; the table beside it has the whole of it."""
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"
