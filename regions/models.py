"""The administrative divisions above the townships: province → city → county.

Townships (campaigns.Township) are the leaves of the tree, each under one county. Every
region is keyed by its 12-digit 统计用区划代码 (国家统计局): a province's code keeps its first
2 digits, a city's its first 4, a county's its first 6, the rest zeros; a child's code
starts with its parent's prefix (regions.codes checks it on every import)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    office_phone = models.CharField(
        _("社保经办机构电话"), max_length=40, blank=True, help_text=_("县级：印在参保登记通知书上，乡镇未填电话时使用。")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")

    def __str__(self):
        return self.name

    @property
    def prefix(self) -> str:
        """The digits every code below this region starts with."""
        from .codes import prefix_length

        return self.code[: prefix_length(self.level)]

    @property
    def is_county(self) -> bool:
        return self.level == self.Level.COUNTY


class RegionImport(models.Model):
    """One upload of the bureau's list of divisions: checked and previewed when uploaded,
    applied in one transaction when staff confirm. The file itself is not kept (codes and
    names only, as `entries`)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        REFUSED = "refused", _("有错误，未导入")
        APPLIED = "applied", _("已导入")

    original_name = models.CharField(_("原文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    entries = models.JSONField(_("区划"), default=list, blank=True,
                               help_text=_("[行号, 区划代码, 名称, 层级, 乡镇类型, 上级代码]"))
    counts = models.JSONField(_("统计"), default=dict, blank=True, help_text=_("{层级: {new, renamed, unchanged}}"))
    changes = models.JSONField(_("变化"), default=list, blank=True, help_text=_("[行号, 区划代码, 名称, 层级, 结果, 说明]"))
    errors = models.JSONField(_("错误"), default=list, blank=True, help_text=_("[行号, 原因]"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("区划导入")
        verbose_name_plural = _("区划导入")

    def __str__(self):
        return self.original_name
