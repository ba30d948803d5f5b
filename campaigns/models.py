"""Townships, the enterprise registry, campaigns and their QR channels."""

import datetime
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Township(models.Model):
    """A reporting unit of a county, the leaf of the region tree (regions.Region): a
    subdistrict (街道), town (镇), township (乡) or development zone, keyed by its 12-digit
    统计用区划代码."""

    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", _("街道")
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        DEVELOPMENT_ZONE = "development_zone", _("开发区")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("所属县（市、区）"), on_delete=models.PROTECT, related_name="townships",
        limit_choices_to={"level": "county"},
    )
    is_placeholder = models.BooleanField(
        _("演示占位"), default=False, help_text=_("演示数据中名称不详的乡镇：正式使用前请导入本地的区划名单。")
    )
    office_phone = models.CharField(
        _("参保咨询电话"), max_length=40, blank=True, help_text=_("印在参保登记通知书上；留空则用县社保经办机构电话。")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("乡镇")
        verbose_name_plural = _("乡镇")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.county_id is None and self.code:
            from regions.tree import county_for_township_code

            self.county = county_for_township_code(self.code)
        super().save(*args, **kwargs)


class SizeClass(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")
    UNDETERMINED = "undetermined", _("无法判定")


SMALL_OR_MICRO = (SizeClass.SMALL, SizeClass.MICRO)


class Enterprise(models.Model):
    """A registered firm, as sent by market regulation and updated by the insurance agency."""

    name = models.CharField(_("企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    uscc_needs_review = models.BooleanField(
        _("信用代码待核"), default=False, help_text=_("校验位未通过，导入时保留并标记待核。")
    )
    township = models.ForeignKey(Township, verbose_name=_("所属乡镇"), on_delete=models.PROTECT, related_name="enterprises")
    industry_section = models.CharField(_("行业门类"), max_length=1, blank=True)
    industry_code = models.CharField(_("行业代码"), max_length=5, blank=True, help_text=_("GB/T 4754 门类或大类/中类代码"))
    industry_name = models.CharField(_("行业名称"), max_length=100, blank=True)
    employees = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    assets = models.DecimalField(_("资产总额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    registered_on = models.DateField(_("成立日期"), null=True, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    size_class = models.CharField(
        _("企业规模"), max_length=12, choices=SizeClass.choices, default=SizeClass.UNDETERMINED, db_index=True
    )
    insured = models.BooleanField(_("已参加工伤保险"), default=False, db_index=True)
    insured_source = models.CharField(_("参保信息来源"), max_length=100, blank=True)
    insured_on = models.DateField(_("参保信息日期"), null=True, blank=True)
    new_registration_on = models.DateField(
        _("新登记（月报日期）"), null=True, blank=True, db_index=True,
        help_text=_("由市场监管新登记企业月报导入新增的企业：该月报的日期。留空表示不是月报新增。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["township", "name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [models.Index(fields=["township", "size_class", "insured"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The size class is derived data: recompute it on every save (imports use
        # bulk writes and classify explicitly).
        from .classification import classify, parse_industry

        industry = parse_industry(self.industry_code or self.industry_section)
        if industry is not None:
            self.industry_section = industry.section
        self.size_class = classify(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "size_class", "industry_section"}
        super().save(*args, **kwargs)

    @property
    def is_small_or_micro(self) -> bool:
        return self.size_class in SMALL_OR_MICRO


def default_deadline():
    return datetime.date(timezone.localdate().year, 6, 30)


class Campaign(models.Model):
    """A publicity-and-survey drive with a deadline, e.g. 2024年小微企业参保扩面行动."""

    name = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    publicity_starts_on = models.DateField(_("宣传月开始"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("宣传月结束"), null=True, blank=True)
    survey = models.ForeignKey(
        "surveys.Survey", verbose_name=_("知晓度调查问卷"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaigns",
    )
    deadline = models.DateField(_("报送截止日期"), blank=True, help_text=_("留空则为开始日期当年的6月30日"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_("开展行动的县（市、区）、市或省：统计其下所有乡镇。市级行动为各县设定目标，各县添加本县乡镇的渠道。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("扩面行动")
        verbose_name_plural = _("扩面行动")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.deadline and self.starts_on:
            self.deadline = datetime.date(self.starts_on.year, 6, 30)
        super().save(*args, **kwargs)


class TownshipTarget(models.Model):
    """The response target of one township in one campaign. A blank target means the
    sample size for ±5 points at 95% confidence over the township's small/micro firms."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    township = models.ForeignKey(Township, on_delete=models.PROTECT, related_name="+")
    target_responses = models.PositiveIntegerField(_("目标回收份数"), null=True, blank=True)

    class Meta:
        verbose_name = _("乡镇目标")
        verbose_name_plural = _("乡镇目标")
        constraints = [models.UniqueConstraint(fields=["campaign", "township"], name="unique_target_per_township")]


class RegionTarget(models.Model):
    """The response target a city (or provincial) campaign sets for one of its counties (or
    cities). A county without one is held to the sum of its townships' targets."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="region_targets")
    region = models.ForeignKey("regions.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    target_responses = models.PositiveIntegerField(_("目标回收份数"))

    class Meta:
        verbose_name = _("区域目标")
        verbose_name_plural = _("区域目标")
        constraints = [models.UniqueConstraint(fields=["campaign", "region"], name="unique_target_per_region")]


def new_channel_code() -> str:
    # 8 characters from a 32-symbol alphabet without look-alikes: 2^40 codes.
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Channel(models.Model):
    """One place a QR code or link is shown: campaign × township × kind, with a short code.
    A channel without a township is county-wide (website, WeChat article, SMS…): its
    respondents pick their township on the form."""

    class Kind(models.TextChoices):
        POSTER = "poster", _("海报")
        SERVICE_HALL = "service_hall", _("服务大厅")
        TOWNSHIP_OFFICE = "township_office", _("乡镇办事处")
        WECHAT = "wechat", _("微信文章")
        WEBSITE = "website", _("网站")
        SMS = "sms", _("短信")
        VISIT = "visit", _("上门走访")
        BROADCAST = "broadcast", _("广播电视")
        NOTICE = "notice", _("参保登记通知书")
        OTHER = "other", _("其他")

    campaign = models.ForeignKey(Campaign, verbose_name=_("扩面行动"), on_delete=models.CASCADE, related_name="channels")
    township = models.ForeignKey(
        Township, verbose_name=_("乡镇"), null=True, blank=True, on_delete=models.PROTECT, related_name="channels",
        help_text=_("留空表示全县通用（网站、微信文章、短信等），答题人须在问卷中选择所在乡镇。"),
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("通用范围"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("不限乡镇的渠道适用的县（市、区）；留空则为整个行动区域。"),
    )
    kind = models.CharField(_("渠道类型"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：镇政府一楼便民服务大厅"))
    code = models.CharField(_("短码"), max_length=16, unique=True, default=new_channel_code, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    expires_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "township", "kind"]
        verbose_name = _("二维码渠道")
        verbose_name_plural = _("二维码渠道")

    def __str__(self):
        return f"{self.township_label} · {self.get_kind_display()} · {self.code}"

    @property
    def is_county_wide(self) -> bool:
        return self.township_id is None

    @property
    def township_label(self) -> str:
        """The township's name, else what the channel serves: 方城县通用, 全县通用, 全市通用
        (regions.agencies.served_label)."""
        from regions.agencies import served_label

        return served_label(self)


class Scan(models.Model):
    """One QR scan: when and through which channel. No personal data."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="scans")
    scanned_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("扫码记录")
        verbose_name_plural = _("扫码记录")


# The background batches (imports, insured-status history, poster PDFs) live in
# campaigns/batches.py; imported here so that Django finds them with the app's models.
from .batches import ImportBatch, InsuredChange, PosterBundle  # noqa: E402,F401
