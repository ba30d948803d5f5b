from django import template
from django.utils.translation import gettext

from ..exports.tables import STATUS_LABELS, status_text

register = template.Library()


@register.filter
def pct(value, digits=1):
    """0.5 → "50.0%"; None → "—"."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def num(value, digits=2):
    if value is None:
        return "—"
    return f"{float(value):.{int(digits)}f}"


@register.filter
def status_label(value):
    return gettext(STATUS_LABELS[value]) if value in STATUS_LABELS else value


@register.filter
def progress_label(row):
    """A figures row's judgement: "按进度", or after the deadline "已截止 · 未达标"."""
    return status_text(row.get("status"), bool(row.get("closed")), gettext)
