"""Survey statistics as plain functions: Wilson interval and margin of error, both with the
finite-population correction, default sample size, the deadline projection and the target
status before and after the deadline.

n is the number of answering firms of the population (registered small/micro firms of
a township, see reports.population) and N the number of those firms, so n ≤ N.
Interval and margin use the same method: the variance of a proportion sampled without
replacement from N firms is p(1−p)/n · f with f = (N − n)/(N − 1). A census (n = N)
has f = 0: margin 0 and an interval of width 0. N = 1 answered is a census; N = 2 with
one answer has f = 1, exactly as for any N with n = 1.

Every figure the dashboard, the exports and the sign-off snapshots show is computed
here, so the method note (templates/reports/method.html) describes exactly this code."""

from __future__ import annotations

import math
from datetime import date

Z_95 = 1.96
# n0 = z² · p(1−p) / e² with z=1.96, p=0.5 (worst case), e=0.05: 384.16 responses.
N0 = Z_95**2 * 0.25 / 0.05**2
# Below this many responses a township's rates are shown but flagged "样本过少".
MIN_RESPONSES = 30
RECENT_DAYS = 14

REACHED = "reached"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
NO_TARGET = "no_target"
# After the deadline the figures are final: reached, missed, or closed without a target.
MISSED = "missed"
CLOSED = "closed"


def wilson_interval(successes: int, n: int, z: float = Z_95,
                    population: int | None = None) -> tuple[float | None, float | None]:
    """The Wilson score interval for a proportion successes/n; (None, None) when n = 0.

    The interval is every p with (p̂ − p)² ≤ z² · p(1 − p)/n · f, f the finite-population
    factor (N − n)/(N − 1) of `population` N: Wilson's formula with z·√f in place of z,
    centre (p̂ + z²/2n) / (1 + z²/n), half-width z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
    Without a population f = 1 (the textbook Wilson interval); a census gives (p̂, p̂)."""
    if n <= 0:
        return None, None
    z = z * finite_population_correction(n, population)
    p = successes / n
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    # At p̂ = 0 (or 1) the bound is exactly 0 (or 1); floating point left 2.8e-17 in exports.
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return low, high


def finite_population_correction(n: int, population: int | None) -> float:
    """√f = sqrt((N − n)/(N − 1)); 0 when every firm answered (n = N, N = 1 included);
    1 when the population is unknown (None or 0) or nobody of a one-firm population
    answered. The roll-up never has n > N (reports.population); if a caller passes it,
    it is treated as a census."""
    if not population:
        return 1.0
    if n >= population:
        return 0.0
    if population == 1:
        return 1.0
    return math.sqrt((population - n) / (population - 1))


def margin_of_error(n: int, population: int | None, z: float = Z_95, p: float = 0.5) -> float | None:
    """Half-width of the 95% interval of a proportion, worst case p = 0.5, with the
    finite-population correction: z · √(p(1 − p)/n) · √f. None when there are no
    responses; 0 only for a census (every firm of the population answered)."""
    if n <= 0:
        return None
    return z * math.sqrt(p * (1 - p) / n) * finite_population_correction(n, population)


def default_sample_size(population: int | None, n0: float = N0) -> int | None:
    """Responses needed for ±5 points at 95% confidence: ceil(n0 / (1 + (n0 − 1)/N))."""
    if not population:
        return None
    return math.ceil(n0 / (1 + (n0 - 1) / population))


def is_too_small(n: int) -> bool:
    return n < MIN_RESPONSES


def days_left(deadline: date, today: date) -> int:
    """Whole days from today to the deadline (0 on the day, negative after it)."""
    return (deadline - today).days


def is_closed(deadline: date, today: date) -> bool:
    """The deadline has passed (the deadline day itself still counts as open)."""
    return days_left(deadline, today) < 0


def project_responses(responses: int, recent: int, deadline: date, today: date) -> float:
    """Responses expected by the deadline if the last RECENT_DAYS days' daily rate holds."""
    rate = recent / RECENT_DAYS
    return responses + rate * max(0, days_left(deadline, today))


def target_status(responses: int, target: int | None, projected: float | None, closed: bool = False) -> str:
    """Against the township's response target. Before the deadline: reached / on_track
    (projected ≥ target) / at_risk / no_target. After it (closed) the figures are final
    and nothing is projected: reached / missed / closed (no target)."""
    if closed:
        if not target:
            return CLOSED
        return REACHED if responses >= target else MISSED
    if not target:
        return NO_TARGET
    if responses >= target:
        return REACHED
    if projected is not None and projected >= target:
        return ON_TRACK
    return AT_RISK


def safe_ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None
