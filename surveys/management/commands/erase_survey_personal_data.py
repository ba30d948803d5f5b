from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from surveys.erasure import erase_survey_personal_data


class Command(BaseCommand):
    help = "按企业申请删除其问卷中的个人信息（企业名称、文字回答、回访电话），统计数字保留。"

    def add_arguments(self, parser):
        parser.add_argument("uscc", help="统一社会信用代码")
        parser.add_argument("--by", required=True, help="经办人的登录邮箱（记入操作记录）")
        parser.add_argument("--reason", default="", help="申请说明，如：2026-12-01 电话申请")

    def handle(self, *args, uscc, by, reason, **options):
        user = get_user_model().objects.filter(email__iexact=by).first()
        if user is None:
            raise CommandError(f"no user with e-mail {by}")
        result = erase_survey_personal_data(uscc, user=user, reason=reason)
        self.stdout.write(f"responses: {result.responses}, text answers: {result.texts}, "
                          f"consultations: {result.consultations}")
