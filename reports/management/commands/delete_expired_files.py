from django.core.management.base import BaseCommand

from reports.retention import delete_expired_private_files


class Command(BaseCommand):
    help = "删除超过保存期限的导入文件和导出文件（PRIVATE_FILE_RETENTION_DAYS，默认30天）。"

    def handle(self, *args, **options):
        counts = delete_expired_private_files()
        self.stdout.write(f"deleted import files: {counts['imports']}, export files: {counts['exports']}")
