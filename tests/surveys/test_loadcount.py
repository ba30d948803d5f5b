"""The load generator's counting can fail: a lost answer, a firm stored twice and an answer
stored while its phone was told it failed are each found in the database."""

from urllib.parse import urlsplit

import pytest

from django.db import connection

from campaigns.uscc import make_uscc
from surveys.loadcount import Fault, StoredResponse, account, count_run, failures, fault_figures
from surveys.loadgen import Attempt, Tally, run_phones
from surveys.models import Response

A, B, C = (make_uscc("91341721", f"{40_000_000 + i:08d}") for i in range(3))


def attempt(uscc, token, status, started, ended, kind="first"):
    acked = status == 302
    return Attempt(uscc, token, kind, started, ended, status, acked=acked, wall_started=started, wall_ended=ended)


def test_account_finds_a_loss_a_duplicate_and_an_answer_told_failed():
    attempts = [
        attempt(A, "ta", 302, 10, 11),  # acknowledged and stored
        attempt(B, "tb", 302, 10, 11),  # acknowledged, never stored: lost
        attempt(C, "tc", 500, 10, 11),  # stored during this POST, but the phone saw 500
        attempt(C, "tc", 302, 12, 13, kind="retry"),  # the retry's replay acknowledges it
        attempt(A, "ta2", 409, 20, 21, kind="rescan"),
    ]
    stored = [StoredResponse("ta", A, True, 10.5), StoredResponse("tc", C, True, 10.5)]
    counts = account(attempts, stored)
    assert (counts["acknowledged"], counts["acknowledged_and_stored"], counts["lost"]) == (3, 2, 1)
    assert counts["duplicated"] == 0 and counts["stored_but_told_failed"] == 1

    stored.append(StoredResponse("ta2", A, False, 20.5))  # the rescan stored a second row for firm A
    counts = account(attempts, stored)
    assert counts["duplicated"] == 1 and counts["responses_per_uscc_above_one"] == 1
    assert counts["stored_unacknowledged"] == 1
    assert account(attempts, stored, allow_replace=True)["duplicated"] == 0  # replacing is allowed then
    stored.append(StoredResponse("x", A, True, 30))  # two current rows of one firm: always a duplicate
    assert account(attempts, stored, allow_replace=True)["duplicated"] == 1


def test_fault_figures_time_the_recovery_and_count_failures_after_the_service_is_back():
    tally = Tally(attempts=[attempt(A, "t1", 500, 101, 101.5), attempt(A, "t1", 302, 103, 104, "retry")],
                  requests=[(101, "POST", 500, 101.2), (103, "POST", 302, 103.1), (110, "POST", 500, 110.1),
                            (110.5, "q", None, 115.5),
                            # In flight when the next fault began: that fault's casualty, not a failure to recover.
                            (119.9, "POST", 503, 120.1)])
    figures = fault_figures(tally, [Fault("pg", 100, back=102), Fault("redis", 120, back=125)])
    assert figures["recovery_seconds"] == {"pg": 4.0, "redis": None}
    assert figures["5xx_during_fault"] == {"pg": 1, "redis": 0}
    assert figures["failed_after_back"] == {"pg": 2, "redis": 0}


def test_fault_run_fails_on_loss_or_duplicate_and_strictly_on_broken_promises():
    clean = {"lost": 0, "duplicated": 0, "acknowledged": 10, "stored_but_told_failed": 0,
             "5xx_during_fault": {"postgres_restart_fast": 40, "redis_killed": 0},
             "recovery_seconds": {"postgres_restart_fast": 3.5, "redis_killed": 0.2},
             "failed_after_back": {"postgres_restart_fast": 0, "redis_killed": 0}}
    assert failures(clean) == [] and failures(clean, strict=True) == []
    assert failures(clean | {"lost": 1, "duplicated": 2}) == ["lost", "duplicated"]
    assert failures(clean | {"acknowledged": 0}) == ["nothing acknowledged"]
    broken = clean | {"stored_but_told_failed": 1, "5xx_during_fault": {"redis_killed": 3},
                      "recovery_seconds": {"postgres_restart_immediate": 20.0},
                      "failed_after_back": {"postgres_restart_fast": 2}}
    assert failures(broken) == []
    assert failures(broken, strict=True) == [
        "stored_but_told_failed", "5xx while redis_killed", "slow recovery after postgres_restart_immediate",
        "failures after postgres_restart_fast",
    ]


@pytest.mark.django_db(transaction=True)
def test_mixed_phones_are_counted_against_the_database(live_server, channel):
    address = urlsplit(live_server.url)
    codes = [make_uscc("91341721", f"{41_000_000 + i:08d}") for i in range(40)]
    # Django's live server shares one connection among its threads on in-memory SQLite, so two
    # requests at once (a double-click) interleave in one transaction there: a test-server
    # artefact (it failed CI once), not the product's. Double-clicks are counted on PostgreSQL.
    tally, _ = run_phones(address.hostname, address.port, f"/q/{channel.code}", codes, phones=1, seconds=1.5,
                          think=0.05, mix=True, double_clicks=connection.vendor != "sqlite")
    survey = channel.campaign.survey
    counts = count_run(tally, survey.pk, survey.allow_replace)
    assert counts["acknowledged"] >= 2 and counts["lost"] == 0 and counts["duplicated"] == 0
    assert counts["acknowledged_and_stored"] == counts["acknowledged"] == counts["stored"]

    first, second = Response.objects.filter(form_token__in=tally.acknowledged)[:2]
    Response.objects.filter(pk=first.pk).delete()
    second.pk, second.form_token, second.status = None, "dup" + second.form_token[3:], Response.Status.REPLACED
    second.save()
    counts = count_run(tally, survey.pk, survey.allow_replace)
    assert counts["lost"] == 1 and counts["duplicated"] == 1
