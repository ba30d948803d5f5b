from django import template

from ..exports.tables import STATUS_LABELS

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
    return STATUS_LABELS.get(value, value)
