from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What canbao knows about a staff user beyond Django's User: the township an
    officer (乡镇专干) is bound to, the region (county, city or province) a reviewer is."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    township = models.ForeignKey(
        "campaigns.Township",
        verbose_name=_("所属乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("乡镇专干只能查看和管理本乡镇的数据。"),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("审核人只能查看该县（市、区）、市或省及其下属乡镇的数据；留空则为整个系统。"),
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self):
        return self.display_name or self.user.get_username()


class AuditEntry(models.Model):
    """One access to or change of personal data that the law asks us to be able to account
    for: a phone number revealed, a target list downloaded, a firm's survey data erased on
    request. Exports have their own log (reports.ExportLog)."""

    class Action(models.TextChoices):
        REVEAL_PHONE = "reveal_phone", _("显示号码")
        TARGET_LIST_DOWNLOAD = "target_list_download", _("下载扩面对象名单")
        ERASE_ON_REQUEST = "erase_on_request", _("按申请删除个人信息")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=30, choices=Action.choices)
    township = models.ForeignKey("campaigns.Township", verbose_name=_("乡镇"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("个人信息操作记录")
        verbose_name_plural = _("个人信息操作记录")

    def __str__(self):
        return f"{self.get_action_display()} · {self.subject}"
