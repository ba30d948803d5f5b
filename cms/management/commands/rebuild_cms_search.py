"""Re-segment every live page into the Chinese search index (after an upgrade or a
change to the segmenter's domain words)."""

from django.core.management.base import BaseCommand

from cms.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the jieba search index of the public site"

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(f"indexed {count} pages")
