"""Work-injury insurance risk classes and the industry mapping (staff-editable data)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel


class RiskClass(models.Model):
    """One of the eight industry risk classes (人社部发〔2015〕71号) with its base rate."""

    number = models.PositiveSmallIntegerField(
        _("风险类别"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    base_rate_percent = models.DecimalField(
        _("基准费率（%）"), max_digits=5, decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("10"))],
        help_text=_("占工资总额的百分比，如 0.4 表示 0.4%"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("number"), FieldPanel("base_rate_percent"), FieldPanel("note")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("行业风险类别")
        verbose_name_plural = _("行业风险类别")

    def __str__(self):
        return f"{self.number}类（{self.base_rate_percent.normalize()}%）"


class Industry(models.Model):
    """An industry an employer can pick in the estimator, mapped to its risk class."""

    name = models.CharField(_("行业名称"), max_length=100, unique=True)
    risk_class = models.ForeignKey(
        RiskClass, verbose_name=_("风险类别"), on_delete=models.PROTECT, related_name="industries"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("risk_class"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("行业")
        verbose_name_plural = _("行业与风险类别")

    def __str__(self):
        return self.name
