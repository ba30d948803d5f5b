from django.core.management.base import BaseCommand

from surveys import conf
from surveys.consultations import erase_expired_phones


class Command(BaseCommand):
    help = "Erase the phone numbers of consultation requests older than the retention period (default 180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="retention in days (SURVEYS_PHONE_RETENTION_DAYS)")

    def handle(self, *args, days=None, **options):
        days = conf.phone_retention_days() if days is None else days
        erased = erase_expired_phones(days)
        self.stdout.write(f"erased {erased} phone numbers older than {days} days")
