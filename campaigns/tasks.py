"""Background tasks (django-tasks): import preview/apply and the campaign poster PDF.

Each task records progress on its own row so the admin page can show it (renewing the row's
lease, see core.jobs), and retries a few times when the database hiccups (locked SQLite file,
dropped connection). A task whose worker was killed is marked failed by core.jobs and restarted
from its page (restart_import)."""

from __future__ import annotations

import logging
import time

from django_tasks import task

from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils.translation import gettext as _

from .imports import ImportFileError, apply_batch, preview_batch
from .models import ImportBatch, PosterBundle

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 1.0


def run_with_retry(func, *, on_attempt, on_failure):
    """Call func(); retry transient database errors up to MAX_ATTEMPTS times."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        on_attempt(attempt)
        try:
            return func()
        except (OperationalError, InterfaceError) as exc:
            logger.warning("attempt %s failed: %s", attempt, exc)
            if not connection.in_atomic_block:  # drop a broken connection; a fresh one is opened on retry
                close_old_connections()
            if attempt == MAX_ATTEMPTS:
                on_failure(_("数据库暂时不可用，已重试%(n)d次仍失败，请稍后再试。") % {"n": MAX_ATTEMPTS})
                raise
            time.sleep(RETRY_DELAY_SECONDS * attempt)
        except ImportFileError as exc:
            on_failure(str(exc))
            return None
        except Exception as exc:
            logger.exception("task failed")
            on_failure(_("处理失败：%(error)s") % {"error": exc})
            raise
    return None


def _batch_runner(batch_id: int, running_status: str, step):
    def attempt(n):
        ImportBatch.beat(batch_id, status=running_status, attempts=n, progress=5)

    def failure(message):
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED, error=message)

    return run_with_retry(lambda: step(ImportBatch.objects.get(pk=batch_id)), on_attempt=attempt, on_failure=failure)


@task()
def preview_import(batch_id: int) -> None:
    _batch_runner(batch_id, ImportBatch.Status.PREVIEWING, preview_batch)


@task()
def apply_import(batch_id: int) -> None:
    _batch_runner(batch_id, ImportBatch.Status.APPLYING, apply_batch)


@task()
def build_poster_bundle(bundle_id: int) -> None:
    from .posters import save_campaign_bundle

    def attempt(n):
        PosterBundle.beat(bundle_id, status=PosterBundle.Status.RUNNING, progress=0)

    def failure(message):
        PosterBundle.objects.filter(pk=bundle_id).update(status=PosterBundle.Status.FAILED, error=message)

    run_with_retry(
        lambda: save_campaign_bundle(PosterBundle.objects.get(pk=bundle_id)), on_attempt=attempt, on_failure=failure
    )
