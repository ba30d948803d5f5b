from django.core.management.base import BaseCommand

from core.jobs import sweep_stale_jobs


class Command(BaseCommand):
    help = "Mark failed the background jobs whose worker is gone (stale lease), so staff can restart them."

    def handle(self, *args, **options):
        marked = sweep_stale_jobs()
        if marked:
            self.stdout.write(f"marked {marked} interrupted background jobs as failed")
