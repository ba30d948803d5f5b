"""Background batches of the campaigns app: uploaded imports (previewed, then applied), the
insured-status history they write, and the poster PDFs built for a campaign."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob
from core.private_files import import_upload_to, private_storage


class ImportBatch(BackgroundJob):
    """One uploaded file from another department: previewed, then applied in one go."""

    class Kind(models.TextChoices):
        REGISTRY = "registry", _("企业名录（市场监管）")
        INSURED = "insured", _("参保单位名单（社保经办）")
        # The monthly list of newly registered firms: read like the registry; the firms it
        # creates are flagged 新登记 with the list's date (Enterprise.new_registration_on).
        NEW_REGISTRATIONS = "new_registrations", _("新登记企业名单（市场监管月报）")

    class Status(models.TextChoices):
        PENDING = "pending", _("等待预览")
        PREVIEWING = "previewing", _("正在预览")
        PREVIEWED = "previewed", _("待确认")
        APPLYING = "applying", _("正在导入")
        APPLIED = "applied", _("已导入")
        FAILED = "failed", _("失败")

    RUNNING_STATUSES = (Status.PREVIEWING, Status.APPLYING)
    TASK_PATHS = ("campaigns.tasks.preview_import", "campaigns.tasks.apply_import")

    kind = models.CharField(_("导入类型"), max_length=20, choices=Kind.choices)
    # Private storage under a random name: the file holds firms' names and phone numbers.
    file = models.FileField(_("文件"), storage=private_storage, upload_to=import_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    counts = models.JSONField(_("统计"), default=dict, blank=True)
    rows = models.JSONField(_("逐行结果"), default=list, blank=True, help_text=_("[行号, 结果, 信用代码, 名称, 说明]"))
    error = models.TextField(_("错误信息"), blank=True)
    column_mapping = models.JSONField(
        _("列对应"), default=dict, blank=True,
        help_text=_("表头各列与字段的对应：{labels, fields: {字段: 列}, header_rows, corrected}"),
    )
    list_date = models.DateField(
        _("名单日期"), null=True, blank=True, help_text=_("参保名单所反映的日期（参保状态变化以此为准）；留空则为上传日期。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("所属县（市、区）"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("名单所属的县：乡镇名称只在该县内识别，其他县的企业不会被修改；留空则不限。"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def effective_date(self) -> datetime.date:
        """The date an insured list or a monthly list of new registrations speaks for: the
        date staff gave, else the upload day."""
        if self.list_date:
            return self.list_date
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()


class InsuredChange(models.Model):
    """One change of a firm's insured status, as an import of the insurance agency's list
    found it: the history that shows which firms joined after a campaign began. Written
    only when the status flips; re-importing a list writes nothing."""

    enterprise = models.ForeignKey("campaigns.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="insured_changes")
    insured_from = models.BooleanField(_("原参保状态"))
    insured_to = models.BooleanField(_("新参保状态"))
    effective_on = models.DateField(_("生效日期"), db_index=True)
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("导入批次"), null=True, blank=True, on_delete=models.SET_NULL, related_name="insured_changes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("参保状态变化")
        verbose_name_plural = _("参保状态变化")
        indexes = [models.Index(fields=["enterprise", "effective_on"])]

    def __str__(self):
        return f"{self.enterprise_id}: {self.insured_from} → {self.insured_to} ({self.effective_on})"


class PosterBundle(BackgroundJob):
    """The PDF with every poster of a campaign, built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    RUNNING_STATUSES = (Status.RUNNING,)
    TASK_PATHS = ("campaigns.tasks.build_poster_bundle",)

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("扩面行动"), on_delete=models.CASCADE, related_name="poster_bundles")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    file = models.FileField(_("文件"), upload_to="posters/", blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("海报合集")
        verbose_name_plural = _("海报合集")
