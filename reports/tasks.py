"""Background tasks of the reports app (django-tasks)."""

from django_tasks import task

from .exports.jobs import build_export


@task()
def run_export(export_id: str) -> None:
    """Build one export file; progress is written to its ExportLog row."""
    build_export(export_id)
