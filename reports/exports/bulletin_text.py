"""How the 通报 writes its figures: dates, rates and changes since the previous bulletin
(shared by the county body and a city's county ranking and annex)."""

from __future__ import annotations

import datetime


def date_text(value) -> str:
    d = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.year}年{d.month}月{d.day}日"


def pct(x) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def change_text(points, rank_change) -> str:
    """"+2.5，升2位" (percentage points and ranks); "—" without a figure to compare."""
    if points is None:
        return "—"
    text = f"{points:+.1f}"
    if rank_change:
        text += f"，{'升' if rank_change > 0 else '降'}{abs(rank_change)}位"
    elif rank_change == 0:
        text += "，持平"
    return text
