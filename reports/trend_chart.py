"""Server-rendered SVG line chart of one weekly trend (reports.trend.Series): coverage and
awareness as lines on a 0–100% scale, new responses per week as light bars on their own
scale. No JavaScript, no CDN. An image named by its <title> and described by its <desc>
(every week's figures in words); the template shows the same figures as a table
(reports/includes/trend.html)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .charts import FONT, _pct

WIDTH, HEIGHT = 900, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 48, 70
LINES = (("coverage", "#1f5f99", ""), ("awareness", "#b34700", "8 5"))


def _rate(value) -> str:
    return _("无") if value is None else _pct(value)


def trend_description(series) -> str:
    """The chart's figures in words: for each week its start date, new and cumulative
    responses, coverage and awareness at the week's end."""
    parts = [_("%(week)s起一周：新增%(n)s份，累计%(total)s份，覆盖率%(coverage)s，知晓率%(awareness)s") % {
        "week": p["week"].strftime("%m-%d"), "n": p["responses"], "total": p["cumulative"],
        "coverage": _rate(p["coverage"]), "awareness": _rate(p["awareness"])} for p in series.points]
    head = _("折线图，%(name)s每周累计覆盖率（实线）和知晓率（虚线），柱为每周新增答卷。") % {"name": series.name}
    return head + "；".join(parts) + "。"


def trend_chart_svg(series, chart_id: str = "trend-chart") -> SafeString:
    points = series.points
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(points))
    peak = max([p["responses"] for p in points] + [1])
    title = _("%(name)s每周趋势：覆盖率与知晓率") % {"name": series.name}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title {chart_id}-desc" class="reports-chart" '
        f'style="{FONT};max-width:{WIDTH}px">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(trend_description(series))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = TOP + plot_h * (1 - tick / 100)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ccc" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + 5:.1f}" font-size="15" text-anchor="end" fill="#333">{tick}%</text>')
    every = max(1, (len(points) + 9) // 10)  # at most ten date labels
    for i, p in enumerate(points):
        x = LEFT + step * i
        height = plot_h * 0.35 * p["responses"] / peak
        if p["responses"]:
            parts.append(f'<rect x="{x + step * 0.2:.1f}" y="{TOP + plot_h - height:.1f}" width="{step * 0.6:.1f}" '
                         f'height="{height:.1f}" fill="#dde3ea"><title>{escape(_("新增%(n)s份") % {"n": p["responses"]})}'
                         f'</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{TOP + plot_h + 22}" font-size="14" text-anchor="middle" '
                         f'fill="#333">{p["week"].strftime("%m-%d")}</text>')
    for key, colour, dash in LINES:
        coords = [(LEFT + step * (i + 0.5), TOP + plot_h * (1 - p[key])) for i, p in enumerate(points)
                  if p[key] is not None]
        if coords:
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dashed}/>')
            for x, y in coords:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    legend = _("实线：累计覆盖率；虚线：累计知晓率；灰柱：每周新增答卷（最高一周%(peak)s份）。横轴为每周起始日（周一）。") % {
        "peak": max(p["responses"] for p in points) if points else 0}
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 14}" font-size="14" fill="#444">{escape(legend)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
