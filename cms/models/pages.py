"""The home page, plain standard pages and the FAQ page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock, FAQListBlock
from .search import SearchablePageMixin


def default_bureau_name() -> str:
    """The deployment's bureau (settings.CANBAO_BUREAU_NAME) as a new home page's 单位名称."""
    return settings.CANBAO_BUREAU_NAME


class HomePage(Page):
    """The site's front page: current campaign, latest articles, survey call, contacts."""

    intro = models.TextField(_("导语"), blank=True)
    survey_call = models.CharField(
        _("问卷号召语"), max_length=200, blank=True, default="花 3 分钟参加工伤保险政策知晓度调查"
    )
    bureau_name = models.CharField(_("单位名称"), max_length=100, default=default_bureau_name)
    bureau_address = models.CharField(_("地址"), max_length=200, blank=True)
    bureau_phone = models.CharField(_("咨询电话"), max_length=50, blank=True)
    bureau_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("首页活动"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("“立即参加调查”按钮和“当前活动”所指的活动。一个站点服务几个地区时请选定；留空则取最近开始的活动。"),
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("survey_call"),
        FieldPanel("campaign"),
        MultiFieldPanel(
            [FieldPanel("bureau_name"), FieldPanel("bureau_address"), FieldPanel("bureau_phone"),
             FieldPanel("bureau_hours")],
            heading=_("联系方式"),
        ),
    ]

    class Meta:
        verbose_name = _("首页")

    @property
    def bureau_phone_digits(self) -> str:
        return "".join(ch for ch in self.bureau_phone if ch.isdigit() or ch == "-")[:20]

    def get_context(self, request, *args, **kwargs):
        from ..services import current_campaign_links, latest_articles, latest_publicity_month

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = latest_articles(limit=5)
        context["publicity_month"] = latest_publicity_month()
        context.update(current_campaign_links(self.campaign if self.campaign_id else None))
        return context


class StandardPage(SearchablePageMixin, Page):
    """A plain page, e.g. 关于我们 or 办事指南."""

    summary = models.TextField(_("摘要"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("普通页面")

    def search_text_parts(self) -> list[str]:
        return [self.summary, *self.stream_text(self.body)]


class FAQPage(SearchablePageMixin, Page):
    """Questions employers ask, grouped in lists."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField([("faq", FAQListBlock())], verbose_name=_("问答"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    template = "cms/faq_page.html"

    class Meta:
        verbose_name = _("常见问题页")

    def search_text_parts(self) -> list[str]:
        return [self.intro, *self.stream_text(self.body)]
