"""The administrative divisions above the townships: province → city → county.

Townships (campaigns.Township) are the leaves of the tree, each under one county. Every
region is keyed by its 12-digit 统计用区划代码 (国家统计局): a province's code keeps its first
2 digits, a city's its first 4, a county's its first 6, the rest zeros; a child's code
starts with its parent's prefix (regions.codes checks it on every import)."""

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
