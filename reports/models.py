"""Sign-offs of township reports (with the figures frozen at that moment) and the log
of every export."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob


class SignOff(models.Model):
    """One step of the sign-off chain, in the spirit of DHIS2's data approval levels: a
    township officer confirms the township's figures (level "township"), then a reviewer
    approves the county (level "county", `region` the county), which needs every township
    confirmed or a recorded `override_reason`; a city campaign's city reviewer then approves
    the city (level "city") once every county is approved. `figures` is the roll-up exactly as shown
    when signing, so later responses never change what was signed."""

    class Level(models.TextChoices):
        TOWNSHIP = "township", _("乡镇确认")
        COUNTY = "county", _("县级审核")
        CITY = "city", _("市级审核")

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("扩面行动"), on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices, default=Level.TOWNSHIP)
    township = models.ForeignKey("campaigns.Township", verbose_name=_("乡镇"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("区域"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               help_text=_("县级、市级审核：所审核的县（市、区）或市。"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("审核时间"), auto_now_add=True)
    comment = models.TextField(_("审核意见"))
    override_reason = models.TextField(_("未经乡镇确认即审核的理由"), blank=True)
    figures = models.JSONField(_("审核时的统计数据"))

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("报表审核")
        verbose_name_plural = _("报表审核")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(level__in=["county", "city"], township__isnull=True)
                           | models.Q(level="township", township__isnull=False)),
                name="signoff_level_matches_township",
            ),
        ]

    def __str__(self):
        return f"{self.township or self.get_level_display()} · {self.signed_at:%Y-%m-%d %H:%M}"


class ExportLog(BackgroundJob):
    """One export: who asked for what, with which filters and when. Large exports run as
    background tasks; `progress` (0–100) and `status` follow them."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    RUNNING_STATUSES = (Status.RUNNING,)
    TASK_PATHS = ("reports.tasks.run_export",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("扩面行动"), on_delete=models.CASCADE, related_name="+")
    township = models.ForeignKey(
        "campaigns.Township", verbose_name=_("限定乡镇"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("乡镇专干的导出只含本乡镇。"),
    )
    format = models.CharField(_("格式"), max_length=4, choices=Format.choices)
    table = models.CharField(_("内容"), max_length=20, blank=True)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    include_personal = models.BooleanField(_("含企业身份信息"), default=False)
    created_at = models.DateTimeField(_("导出时间"), auto_now_add=True, db_index=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(blank=True)
    content = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导出记录")
        verbose_name_plural = _("导出记录")

    def __str__(self):
        return f"{self.get_format_display()} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def filename(self) -> str:
        # Local time, as the pages show it (the stored time is UTC).
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M") if self.created_at else "export"
        table = f"-{self.table}" if self.table else ""
        return f"canbao-report{table}-{stamp}.{self.format}"


class Bulletin(models.Model):
    """A 通报: the bureau's numbered progress bulletin. A draft shows the figures as they
    are; issuing freezes them in `figures`, after which the bulletin never changes, so
    the next one can state the change since this one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已签发")

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("扩面行动"), on_delete=models.CASCADE, related_name="+")
    number = models.CharField(_("文号"), max_length=60)
    bureau = models.CharField(_("发文单位"), max_length=100)
    title = models.CharField(_("标题"), max_length=200)
    period_start = models.DateField(_("统计期间起"))
    period_end = models.DateField(_("统计期间止"))
    issue_date = models.DateField(_("印发日期"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("签发时的统计数据"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=models.Q(status="issued"), name="bulletin_issued_number_unique"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk and Bulletin.objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            raise IssuedBulletinError(self.number)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_issued:
            raise IssuedBulletinError(self.number)
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class IssuedBulletinError(Exception):
    """An issued bulletin is a record: it may not be changed or deleted."""
