"""Server-rendered SVG chart of awareness by township with 95% interval bars: no
JavaScript, no CDN, legible on a projector (large type, high contrast). Readable without
sight too: the SVG is an image named by its <title> and described by its <desc>, and the
template shows the same figures as a table (reports/includes/chart_data.html)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import statistics as st

ROW = 40
LABEL_W = 190
BAR_W = 560
VALUE_W = 180
TOP = 40
FONT = "font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def chart_description(rows: list[dict]) -> str:
    """The chart's figures in words, for its <desc>: each township's awareness rate with its
    95% interval and number of answers, in the chart's order."""
    parts = []
    for row in rows:
        rate = row.get("awareness")
        if rate is None:
            parts.append(_("%(name)s：无答卷") % {"name": row["name"]})
            continue
        lo, hi = row.get("awareness_low"), row.get("awareness_high")
        interval = _("，95%%置信区间 %(low)s–%(high)s") % {"low": _pct(lo), "high": _pct(hi)} if lo is not None and hi is not None else ""
        small = _("，样本过少") if row.get("too_small") else ""
        parts.append(_("%(name)s：%(rate)s%(interval)s（n=%(n)s）%(small)s") % {
            "name": row["name"], "rate": _pct(rate), "interval": interval, "n": row["responses"], "small": small})
    return _("条形图，每行一个乡镇的政策知晓率。") + "；".join(parts) + "。"


def awareness_chart_svg(rows: list[dict], title: str = "各乡镇政策知晓率（95%置信区间）",
                        chart_id: str = "awareness-chart") -> SafeString:
    """rows: dicts with name, responses, awareness, awareness_low, awareness_high, too_small."""
    height = TOP + ROW * max(1, len(rows)) + 30
    width = LABEL_W + BAR_W + VALUE_W
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title {chart_id}-desc" class="reports-chart" '
        f'style="{FONT};max-width:{width}px">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(chart_description(rows))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        x = LABEL_W + BAR_W * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{height - 30}" stroke="#ccc" stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP - 14}" font-size="16" text-anchor="middle" fill="#333">{tick}%</text>')
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        mid = y + ROW / 2
        parts.append(f'<text x="{LABEL_W - 10}" y="{mid + 7:.1f}" font-size="20" text-anchor="end" fill="#111">'
                     f'{escape(row["name"])}</text>')
        rate = row.get("awareness")
        if rate is None:
            parts.append(f'<text x="{LABEL_W + 8}" y="{mid + 7:.1f}" font-size="18" fill="#666">无答卷</text>')
            continue
        colour = "#9bb7d4" if row.get("too_small") else "#1f5f99"
        parts.append(f'<rect x="{LABEL_W}" y="{y + 8}" width="{BAR_W * rate:.1f}" height="{ROW - 16}" fill="{colour}">'
                     f'<title>{escape(row["name"])} {_pct(rate)}</title></rect>')
        lo, hi = row.get("awareness_low"), row.get("awareness_high")
        if lo is not None and hi is not None:
            x1, x2 = LABEL_W + BAR_W * lo, LABEL_W + BAR_W * hi
            parts.append(f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{x2:.1f}" y2="{mid:.1f}" stroke="#000" stroke-width="2.5"/>')
            for x in (x1, x2):
                parts.append(f'<line x1="{x:.1f}" y1="{mid - 9:.1f}" x2="{x:.1f}" y2="{mid + 9:.1f}" stroke="#000" stroke-width="2.5"/>')
        label = f'{_pct(rate)}（n={row["responses"]}）' + ("*" if row.get("too_small") else "")
        parts.append(f'<text x="{LABEL_W + BAR_W + 8}" y="{mid + 7:.1f}" font-size="18" fill="#111">{escape(label)}</text>')
    caption = _("黑线为95%% Wilson 置信区间；浅色及 * 表示样本过少（少于%(n)d份）。") % {"n": st.MIN_RESPONSES}
    parts.append(f'<text x="0" y="{height - 6}" font-size="15" fill="#444">{escape(caption)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
