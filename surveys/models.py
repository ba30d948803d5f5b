"""Survey definitions, responses and answers, stored in rows that SQL can count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel, PageChooserPanel


class Survey(ClusterableModel):
    """An awareness questionnaire. Once answered, its meaning is frozen: changes that
    would alter earlier answers create a new version instead."""

    title = models.CharField(_("标题"), max_length=200)
    intro = models.TextField(_("说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("知晓合格分"), default=9, help_text=_("答对的知识题数达到该值即视为“知晓”。")
    )
    allow_replace = models.BooleanField(
        _("允许重新作答"), default=False, help_text=_("允许同一企业重新作答并替换之前的答卷（旧答卷保留备查）。")
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous_version = models.ForeignKey(
        "self", verbose_name=_("上一版本"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Changes with every save; part of the cache key of the answering form's definition.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("调查问卷")
        verbose_name_plural = _("调查问卷")

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("开放时间")),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("allow_replace")]),
        HelpPanel(
            content=_("每份问卷都固定包含企业身份信息：统一社会信用代码、企业名称、所在乡镇"
                      "（由二维码渠道确定，答题人不可修改）。"),
            heading=_("企业身份信息"),
        ),
        InlinePanel("questions", heading=_("题目"), label=_("题目")),
    ]

    def __str__(self):
        return f"{self.title}（第{self.version}版）" if self.version > 1 else self.title


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        YES_NO = "yes_no", _("是/否/不确定")
        NUMBER = "number", _("数字")
        SHORT_TEXT = "short_text", _("简短文字")
        LONG_TEXT = "long_text", _("较长文字")

    class Role(models.TextChoices):
        GENERAL = "general", _("一般问题")
        KNOWLEDGE = "knowledge", _("知识题（计分）")
        COVERAGE = "coverage", _("参保情况")

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("题型"), max_length=12, choices=Kind.choices)
    role = models.CharField(_("用途"), max_length=12, choices=Role.choices, default=Role.GENERAL)
    text = models.CharField(_("题目"), max_length=300)
    help_text = models.CharField(_("提示"), max_length=300, blank=True)
    required = models.BooleanField(_("必答"), default=True)
    explanation = models.TextField(_("答案解析"), blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    policy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("相关政策文章"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    fact_code = models.CharField(_("知识点编号"), max_length=10, blank=True)
    # Both apply to knowledge questions only (see surveys.option_order and surveys.answering).
    shuffle_options = models.BooleanField(
        _("随机排列选项"), default=True,
        help_text=_("知识题：每份问卷的选项顺序随机（同一份问卷重新显示时不变），避免“都选第一项”也能得分。"),
    )
    offer_unsure = models.BooleanField(
        _("提供“不清楚”选项"), default=True,
        help_text=_("知识题：在选项最后加一项“不清楚”，选择它计为不知晓（不得分）。"),
    )

    panels = [
        FieldRowPanel([FieldPanel("position"), FieldPanel("kind"), FieldPanel("role"), FieldPanel("required")]),
        FieldPanel("text"),
        FieldPanel("help_text"),
        InlinePanel("options", heading=_("选项（单选、多选题）"), label=_("选项")),
        FieldRowPanel([FieldPanel("shuffle_options"), FieldPanel("offer_unsure")], heading=_("知识题选项")),
        MultiFieldPanel(
            [FieldPanel("explanation"), FieldPanel("source"), PageChooserPanel("policy_page")],
            heading=_("知识题：解析与依据"),
        ),
    ]

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("题目")
        verbose_name_plural = _("题目")

    def __str__(self):
        return self.text


class Option(models.Model):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    label = models.CharField(_("选项"), max_length=200)
    is_correct = models.BooleanField(_("正确答案"), default=False)

    panels = [FieldRowPanel([FieldPanel("position"), FieldPanel("label"), FieldPanel("is_correct")])]

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("选项")
        verbose_name_plural = _("选项")

    def __str__(self):
        return self.label


class FormToken(models.Model):
    """Issued with a rendered form (a survey "start", once per browser, form and day:
    surveys.starts); spent by exactly one response. Token values are signed
    (surveys.tokens). first_submitted_at: the form was first sent and reached validation
    (the funnel's "submitted", with errors or not)."""

    token = models.CharField(max_length=43, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey("campaigns.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)


class Response(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", _("有效")
        REPLACED = "replaced", _("已被替换")

    class Insured(models.TextChoices):
        YES = "yes", _("已参保")
        NO = "no", _("未参保")
        UNSURE = "unsure", _("不清楚")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    channel = models.ForeignKey(
        "campaigns.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    township = models.ForeignKey("campaigns.Township", on_delete=models.PROTECT, related_name="responses")
    # Indexed together with the survey (Meta.indexes), not alone: see there.
    enterprise = models.ForeignKey(
        "campaigns.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="responses",
        db_index=False,
    )
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    score = models.PositiveSmallIntegerField(_("得分"), default=0)
    max_score = models.PositiveSmallIntegerField(_("满分"), default=0)
    passed = models.BooleanField(_("达到知晓标准"), default=False)
    insured = models.CharField(_("参保情况"), max_length=8, choices=Insured.choices, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CURRENT)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    form_token = models.CharField(max_length=43, unique=True)
    started_at = models.DateTimeField(_("开始作答"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "uscc"], condition=Q(status="current"), name="one_current_response_per_enterprise"
            )
        ]
        indexes = [
            models.Index(fields=["survey", "township", "status"]),
            # "Has this firm answered this survey?" (the dashboard asks it for every registered firm)
            # by one index lookup, whatever the planner statistics say: with statistics older than
            # the responses, SQLite otherwise walks the survey's whole index once per firm.
            models.Index(fields=["enterprise", "survey"], name="response_enterprise_survey"),
        ]

    def __str__(self):
        return f"{self.enterprise_name}（{self.submitted_at:%Y-%m-%d}）"


class Answer(models.Model):
    """One answered question of one response. Chosen options are rows of AnswerChoice;
    township and survey are copied here so reports group without joins. A knowledge
    question answered "不清楚" has no chosen option, text_value "unsure" and is_correct
    False: answered, not known."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    township = models.ForeignKey("campaigns.Township", on_delete=models.PROTECT, related_name="+")
    is_correct = models.BooleanField(null=True)
    number_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text_value = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]
        indexes = [models.Index(fields=["question", "township", "is_correct"])]


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "option"], name="one_row_per_chosen_option")]


class ConsultationRequest(models.Model):
    """A respondent's request to be called back. The phone number lives only here,
    apart from the answers, and is erased after the retention period."""

    class Status(models.TextChoices):
        OPEN = "open", _("待跟进")
        CLOSED = "closed", _("已办结")

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="consultation")
    township = models.ForeignKey("campaigns.Township", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    preferred_time = models.CharField(_("方便联系时间"), max_length=50, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("跟进记录"), blank=True)
    phone_erased_at = models.DateTimeField(_("号码删除时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("咨询跟进")
        verbose_name_plural = _("咨询跟进")


class SurveyDraft(models.Model):
    """The answers of a form not yet stored, kept by its token (surveys.drafts) so a reload,
    an app switch or re-opening the same QR code within a day gives them back."""

    token = models.CharField(max_length=43, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
