"""The follow-up log: each call, visit, mailed notice or meeting with a target firm."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUp(models.Model):
    """One contact with a firm by township or bureau staff, with what came of it."""

    class Way(models.TextChoices):
        PHONE = "phone", _("电话")
        VISIT = "visit", _("上门")
        NOTICE = "notice", _("邮寄通知书")
        MEETING = "meeting", _("座谈会")

    enterprise = models.ForeignKey(
        "campaigns.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="followups"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("扩面行动"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="followups",
    )
    contacted_on = models.DateField(_("日期"), default=timezone.localdate, db_index=True)
    way = models.CharField(_("方式"), max_length=10, choices=Way.choices)
    result = models.CharField(_("结果"), max_length=200, blank=True)
    next_step = models.CharField(_("下一步"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("跟进人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        indexes = [models.Index(fields=["enterprise", "contacted_on"])]

    def __str__(self):
        return f"{self.enterprise_id} · {self.get_way_display()} · {self.contacted_on}"
