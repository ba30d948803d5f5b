"""Writes of the surveys app: issuing form tokens and storing a response exactly once
(consultation requests: surveys.consultations)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from campaigns.channels import ChannelInfo, township_name
from campaigns.models import Enterprise
from core.db import db_datetime, execute_statistic, single_statement
from core.errors import DATABASE_DOWN

from .answering import AnswerSheet
from .attribution import fallback_township
from .definition import SurveyDef
from .models import Answer, AnswerChoice, FormToken, Response
from .results import remember_new_result
from .tokens import new_form_token, token_issued_at

logger = logging.getLogger(__name__)


def issue_form_token(survey_id: int, channel_id: int | None) -> str:
    """A fresh one-time token for one rendered form, recorded as a FormToken row (a
    "start" for the funnel) by one INSERT statement in autocommit, as a statistic
    (core.db.execute_statistic). If the row were ever lost, the signed token still works:
    submit_response writes a missing row."""
    token = new_form_token(survey_id, channel_id)
    sql = (
        f"INSERT INTO {FormToken._meta.db_table} (token, survey_id, channel_id, issued_at) "  # noqa: S608 - model's table
        "VALUES (%s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        execute_statistic(cursor, sql, [token, survey_id, channel_id, db_datetime(timezone.now())])
    return token


def mark_submitted(token: str) -> None:
    """Record that the form of a token was sent and reached validation (the funnel's
    "submitted", errors or not): one UPDATE by primary key, as a statistic. A valid
    sheet that is stored records it in the store statement instead. Best effort: with the
    database gone the phone still gets its form back with the errors marked."""
    sql = (
        f"UPDATE {FormToken._meta.db_table} SET first_submitted_at = %s "  # noqa: S608 - model's table
        "WHERE token = %s AND first_submitted_at IS NULL"
    )
    try:
        with connection.cursor() as cursor:
            execute_statistic(cursor, sql, [db_datetime(timezone.now()), token[:43]])
    except DATABASE_DOWN as exc:
        logger.warning("database unavailable, submission not counted: %s", exc)


@dataclass(frozen=True)
class SubmitOutcome:
    """kind: "created", "replayed" (this token already made a response), "already_answered"
    (the enterprise has a current response and the survey does not allow replacing it)
    or "unknown_token"."""

    kind: str
    token: str = ""
    answered_at: datetime.datetime | None = None
    township_id: int | None = None  # where a created response counts


def find_response_token(token: str, uscc: str | None = None) -> str | None:
    """The token when a response was stored with it (by this enterprise, if `uscc` is given)."""
    found = Response.objects.filter(form_token=token).values_list("form_token", "uscc").first()
    if found is None or (uscc is not None and found[1] != uscc):
        return None
    return found[0]


def submit_response(survey: SurveyDef, channel: ChannelInfo, token: str, sheet: AnswerSheet) -> SubmitOutcome:
    """Store a valid answer sheet once, in the township surveys.attribution decides (the
    registry's when the USCC is registered, else the channel's or the picked one). The database decides: the token row is spent with
    a conditional UPDATE (row-locked on PostgreSQL; a spent or missing row is inserted,
    which a spent one refuses by primary key), Response.form_token is unique and only one
    current response per (survey, USCC) may exist. A lost race never raises: it is
    reported as "replayed" or "already_answered", and nothing of the losing attempt is kept."""
    issued = token_issued_at(token, survey.id, channel.id)
    if issued is None:
        return SubmitOutcome("replayed", token) if find_response_token(token) else SubmitOutcome("unknown_token")
    try:
        if connection.vendor == "postgresql" and not survey.allow_replace:
            with single_statement():
                outcome = _store_in_one_statement(survey, channel, token, issued, sheet)
        else:
            with transaction.atomic():
                outcome = _store_in_few_statements(survey, channel, token, issued, sheet)
    except IntegrityError:
        pass
    else:
        _remember_best_effort(survey, channel, token, sheet, outcome.township_id)
        return outcome
    if find_response_token(token, sheet.uscc):
        return SubmitOutcome("replayed", token)
    if find_response_token(token):
        # Spent by another firm's answers (two forms opened in one browser share its
        # unspent token, surveys.starts): these answers get a fresh form, not that result.
        return SubmitOutcome("unknown_token")
    prior = _current_response(survey.id, sheet.uscc)
    if prior is not None:
        return SubmitOutcome("already_answered", prior[1], prior[2])
    raise RuntimeError("integrity error without a conflicting response")  # pragma: no cover


def _remember_best_effort(
    survey: SurveyDef, channel: ChannelInfo, token: str, sheet: AnswerSheet, township_id: int | None
) -> None:
    """Keep the result page's snapshot in the cache. The response is committed: nothing may
    turn it into an error now, so a failure only costs the result page two queries."""
    try:
        name = channel.township_name if township_id == channel.township_id else township_name(township_id)
        remember_new_result(survey, name, token, sheet, township_id, channel.brand)
    except Exception:
        logger.exception("result snapshot not cached after commit (token %s…); the response is stored", token[:8])


def _current_response(survey_id: int, uscc: str):
    return (
        Response.objects.filter(survey_id=survey_id, uscc=uscc, status=Response.Status.CURRENT)
        .values_list("id", "form_token", "submitted_at")
        .first()
    )


def _store_in_one_statement(
    survey: SurveyDef, channel: ChannelInfo, token: str, issued, sheet: AnswerSheet
) -> SubmitOutcome:
    """The common case on PostgreSQL, as one statement (data-modifying CTEs): spend the
    token (or insert its row, which a spent token refuses by primary key), insert the
    response linked to the registry by USCC (and counted in the registered firm's
    township), its answers and their chosen options. One
    round trip and one commit; the same constraints decide every race as in
    _store_in_few_statements."""
    now = timezone.now()
    answers = sheet.answers
    choices = [(a.question.id, option_id) for a in answers for option_id in a.option_ids]
    tables = _tables()
    sql = """
        WITH spent AS (
            UPDATE {token} SET used_at = %(now)s, first_submitted_at = COALESCE(first_submitted_at, %(now)s)
            WHERE token = %(token)s AND used_at IS NULL RETURNING token
        ), missing_token AS (
            INSERT INTO {token} (token, survey_id, channel_id, issued_at, used_at, first_submitted_at)
            SELECT %(token)s, %(survey)s, %(channel)s, %(issued)s, %(now)s, %(now)s
            WHERE NOT EXISTS (SELECT 1 FROM spent)
        ), new_response AS (
            INSERT INTO {response} (survey_id, channel_id, township_id, enterprise_id, uscc, enterprise_name, score,
                max_score, passed, insured, status, form_token, started_at, submitted_at)
            VALUES (%(survey)s, %(channel)s,
                COALESCE((SELECT township_id FROM {enterprise} WHERE uscc = %(uscc)s LIMIT 1), %(township)s),
                (SELECT id FROM {enterprise} WHERE uscc = %(uscc)s LIMIT 1), %(uscc)s, %(name)s, %(score)s,
                %(max_score)s, %(passed)s, %(insured)s, %(status)s, %(token)s, %(issued)s, %(now)s)
            RETURNING id, township_id
        ), new_answers AS (
            INSERT INTO {answer} (response_id, question_id, township_id, is_correct, number_value, text_value)
            SELECT new_response.id, a.question_id, new_response.township_id, a.is_correct, a.number_value, a.text_value
            FROM new_response, unnest(%(questions)s::integer[], %(correct)s::boolean[], %(numbers)s::numeric[],
                %(texts)s::text[]) AS a(question_id, is_correct, number_value, text_value)
            RETURNING id, question_id
        ), new_choices AS (
            INSERT INTO {choice} (answer_id, option_id)
            SELECT new_answers.id, c.option_id
            FROM new_answers JOIN unnest(%(choice_questions)s::integer[], %(choice_options)s::integer[])
                AS c(question_id, option_id) USING (question_id)
        )
        SELECT township_id FROM new_response  -- the township the response counts in
    """.format(**tables)  # noqa: S608 - table names come from the models
    score = sheet.score
    params = {
        "now": now, "token": token, "survey": survey.id, "channel": channel.id, "issued": issued,
        "township": fallback_township(channel, sheet), "uscc": sheet.uscc, "name": sheet.enterprise_name, "score": score,
        "max_score": survey.max_score, "passed": score >= survey.pass_mark, "insured": sheet.insured(survey),
        "status": Response.Status.CURRENT.value,
        "questions": [a.question.id for a in answers], "correct": [a.is_correct for a in answers],
        "numbers": [a.number for a in answers], "texts": [a.text for a in answers],
        "choice_questions": [question for question, option in choices],
        "choice_options": [option for question, option in choices],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        township_id = cursor.fetchone()[0]
    return SubmitOutcome("created", token, township_id=township_id)


def _store_in_few_statements(
    survey: SurveyDef, channel: ChannelInfo, token: str, issued, sheet: AnswerSheet
) -> SubmitOutcome:
    """Store a response in plain SQL statements, inside the caller's transaction: on SQLite
    (3.35+ for RETURNING), and on every database when the survey lets an enterprise replace
    its answer (the replaced response stays, marked, for audit). Without replacement a
    second current response of the enterprise violates one_current_response_per_enterprise
    and the caller reports "already_answered"."""
    now = db_datetime(timezone.now())
    started = db_datetime(issued)
    tables = _tables()
    answers = sheet.answers
    score = sheet.score
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {tables['token']} SET used_at = %s, first_submitted_at = COALESCE(first_submitted_at, %s) "  # noqa: S608
            "WHERE token = %s AND used_at IS NULL",
            [now, now, token],
        )
        if cursor.rowcount == 0:  # spent already (refused by the primary key) or its row is gone
            cursor.execute(
                f"INSERT INTO {tables['token']} (token, survey_id, channel_id, issued_at, used_at, "  # noqa: S608
                "first_submitted_at) VALUES (%s, %s, %s, %s, %s, %s)",
                [token, survey.id, channel.id, started, now, now],
            )
        prior_id = None
        if survey.allow_replace:  # the row lock makes a concurrent replacement wait, then conflict
            cursor.execute(
                f"UPDATE {tables['response']} SET status = %s "  # noqa: S608
                "WHERE survey_id = %s AND uscc = %s AND status = %s RETURNING id",
                [Response.Status.REPLACED.value, survey.id, sheet.uscc, Response.Status.CURRENT.value],
            )
            row = cursor.fetchone()
            prior_id = row[0] if row else None
        cursor.execute(
            f"INSERT INTO {tables['response']} (survey_id, channel_id, township_id, enterprise_id, uscc, "  # noqa: S608
            "enterprise_name, score, max_score, passed, insured, status, form_token, started_at, submitted_at) "
            f"VALUES (%s, %s, COALESCE((SELECT township_id FROM {tables['enterprise']} WHERE uscc = %s LIMIT 1), %s), "
            f"(SELECT id FROM {tables['enterprise']} WHERE uscc = %s LIMIT 1), %s, %s, %s, %s, "
            "%s, %s, %s, %s, %s, %s) RETURNING id, township_id",
            [survey.id, channel.id, sheet.uscc, fallback_township(channel, sheet), sheet.uscc, sheet.uscc,
             sheet.enterprise_name, score, survey.max_score, score >= survey.pass_mark, sheet.insured(survey),
             Response.Status.CURRENT.value, token, started, now],
        )
        response_id, township_id = cursor.fetchone()
        if prior_id is not None:
            cursor.execute(
                f"UPDATE {tables['response']} SET replaced_by_id = %s WHERE id = %s",  # noqa: S608
                [response_id, prior_id],
            )
        if not answers:
            return SubmitOutcome("created", token, township_id=township_id)
        values = []
        for a in answers:
            values += [response_id, a.question.id, township_id, a.is_correct, a.number, a.text]
        cursor.execute(
            f"INSERT INTO {tables['answer']} (response_id, question_id, township_id, is_correct, "  # noqa: S608
            f"number_value, text_value) VALUES {', '.join(['(%s, %s, %s, %s, %s, %s)'] * len(answers))} "
            "RETURNING id, question_id",
            values,
        )
        answer_ids = {question_id: answer_id for answer_id, question_id in cursor.fetchall()}
        choices = [(answer_ids[a.question.id], option_id) for a in answers for option_id in a.option_ids]
        if choices:
            cursor.execute(
                f"INSERT INTO {tables['choice']} (answer_id, option_id) "  # noqa: S608
                f"VALUES {', '.join(['(%s, %s)'] * len(choices))}",
                [value for pair in choices for value in pair],
            )
    return SubmitOutcome("created", token, township_id=township_id)


def _tables() -> dict[str, str]:
    return {
        "token": FormToken._meta.db_table, "response": Response._meta.db_table, "answer": Answer._meta.db_table,
        "choice": AnswerChoice._meta.db_table, "enterprise": Enterprise._meta.db_table,
    }
