"""Honest counting after a load or fault run: what the phones were told (surveys.loadgen
Attempts) against what the database holds, so a lost or duplicated answer cannot hide.

- acknowledged: form tokens some POST got a 302 to their result page for;
- lost: acknowledged tokens with no stored response of that firm;
- duplicated: responses beyond one per firm (USCC) among the run's firms — beyond one
  *current* response when the survey lets a firm replace its answer;
- stored_but_told_failed: a stored response written during a POST that answered 5xx (its
  submitted_at lies within that POST and within no acknowledged one): the phone was told
  "failed" about an answer that was saved;
- stored_unacknowledged: a stored response whose phone never got an acknowledgement at all;
- recovery_seconds: per fault, from the moment it was injected to the end of the first
  acknowledged POST sent after it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .loadgen import Attempt, Tally, percentile


@dataclass(frozen=True)
class StoredResponse:
    token: str
    uscc: str
    current: bool
    submitted_at: float = 0.0  # epoch seconds


@dataclass
class Fault:
    name: str
    started: float  # time.monotonic() when injected
    back: float | None = None  # when the service answered again


def account(attempts: list[Attempt], stored: Iterable[StoredResponse], allow_replace: bool = False) -> dict:
    """Compare the phones' ledger with the stored rows of the run's firms."""
    stored = list(stored)
    by_token = {row.token: row for row in stored}
    acked = {a.token: a.uscc for a in attempts if a.acked}
    acked_stored = sum(1 for token, uscc in acked.items() if token in by_token and by_token[token].uscc == uscc)
    windows: dict[str, list[Attempt]] = {}
    for a in attempts:
        windows.setdefault(a.token, []).append(a)
    per_firm = Counter(row.uscc for row in stored)
    current_per_firm = Counter(row.uscc for row in stored if row.current)
    extra_current = sum(n - 1 for n in current_per_firm.values() if n > 1)
    extra_rows = sum(n - 1 for n in per_firm.values() if n > 1)
    sent = {a.token for a in attempts}
    return {
        "acknowledged": len(acked),
        "acknowledged_and_stored": acked_stored,
        "lost": len(acked) - acked_stored,
        "duplicated": extra_current if allow_replace else max(extra_rows, extra_current),
        "duplicated_current": extra_current,
        "responses_per_uscc_above_one": extra_rows,
        "stored": len(stored),
        "stored_but_told_failed": sum(1 for row in stored if _told_failed(row, windows.get(row.token, []))),
        "stored_unacknowledged": sum(1 for token in by_token if token not in acked),
        "stored_never_sent": sum(1 for token in by_token if token not in sent),
    }


def _told_failed(row: StoredResponse, attempts: list[Attempt]) -> bool:
    def during(a: Attempt) -> bool:
        return a.wall_started <= row.submitted_at <= a.wall_ended

    return any(a.told_failed and during(a) for a in attempts) and not any(a.acked and during(a) for a in attempts)


def latency_figures(tally: Tally) -> dict:
    """p50/p95/p99 over every request, failed and timed-out ones included."""
    return {f"p{p}_ms": round(1000 * percentile(tally.latencies, p), 1) for p in (50, 95, 99)}


def error_kinds(tally: Tally) -> dict[str, int]:
    return dict(sorted(tally.errors.items()))


def fault_figures(tally: Tally, faults: list[Fault]) -> dict:
    """Per fault: seconds to recover, answering 5xx while it lasted, and 5xx after the
    service was back (requests sent more than a second after it answered again and answered
    before the next fault began: one still in flight when the next fault hit failed because of
    that fault, not for want of recovery, and is counted in neither figure).
    tally.requests holds (started, step, status, ended)."""
    recovery, during, after = {}, {}, {}
    bounds = [f.started for f in faults[1:]] + [float("inf")]
    for fault, next_start in zip(faults, bounds, strict=True):
        firsts = [a.ended for a in tally.attempts if a.acked and a.started >= fault.started]
        recovery[fault.name] = round(min(firsts) - fault.started, 2) if firsts else None
        back = fault.back if fault.back is not None else next_start
        during[fault.name] = sum(1 for t, _step, status, _ended in tally.requests
                                 if fault.started <= t < back and status is not None and status >= 500)
        after[fault.name] = sum(1 for t, _step, status, ended in tally.requests
                                if back + 1.0 <= t and ended < next_start and (status is None or status >= 500))
    return {"recovery_seconds": recovery, "5xx_during_fault": during, "failed_after_back": after}


def stored_responses(survey_id: int, usccs: Iterable[str]) -> list[StoredResponse]:
    """The stored responses of the run's firms (read in chunks: a run has thousands)."""
    from .models import Response

    usccs, rows = sorted(set(usccs)), []
    for i in range(0, len(usccs), 1000):
        chunk = Response.objects.filter(survey_id=survey_id, uscc__in=usccs[i:i + 1000])
        rows += [StoredResponse(t, u, s == Response.Status.CURRENT, when.timestamp()) for t, u, s, when in
                 chunk.values_list("form_token", "uscc", "status", "submitted_at")]
    return rows


def count_run(tally: Tally, survey_id: int, allow_replace: bool) -> dict:
    """The accounting of a finished run against the database."""
    usccs = {a.uscc for a in tally.attempts}
    return account(tally.attempts, stored_responses(survey_id, usccs), allow_replace)


RECOVERY_LIMIT_SECONDS = 15.0


def failures(result: dict, strict: bool = False) -> list[str]:
    """Why a fault run failed: any lost or duplicated answer, or nothing acknowledged at all.
    strict adds what the site promises through faults: no answer stored while its phone was
    told it failed, no 5xx while Redis is down, recovery within RECOVERY_LIMIT_SECONDS and
    no failure once the service is back."""
    reasons = [key for key in ("lost", "duplicated") if result[key]]
    if not result["acknowledged"]:
        reasons.append("nothing acknowledged")
    if not strict:
        return reasons
    if result["stored_but_told_failed"]:
        reasons.append("stored_but_told_failed")
    reasons += [f"5xx while {name}" for name, n in result["5xx_during_fault"].items() if n and name.startswith("redis")]
    reasons += [f"slow recovery after {name}" for name, sec in result["recovery_seconds"].items()
                if sec is None or sec > RECOVERY_LIMIT_SECONDS]
    reasons += [f"failures after {name}" for name, n in result["failed_after_back"].items() if n]
    return reasons
