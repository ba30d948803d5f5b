from django.core.management.base import BaseCommand

from surveys.drafts import erase_expired_drafts


class Command(BaseCommand):
    help = "Delete survey drafts (answers of unsent forms) untouched for 24 hours."

    def handle(self, *args, **options):
        self.stdout.write(f"erased {erase_expired_drafts()} expired drafts")
