"""The publicity month (参保宣传月): a campaign's microsite with events and materials."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import MaterialsBlock
from .search import SearchablePageMixin


class PublicityMonthPage(SearchablePageMixin, Page):
    """Dates, slogan, offline events down to township offices, posters, videos, leaflets."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("扩面行动"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    slogan = models.CharField(_("宣传口号"), max_length=120, blank=True)
    intro = RichTextField(_("活动介绍"), blank=True, features=["bold", "link", "ol", "ul"])
    materials = StreamField(MaterialsBlock(), verbose_name=_("视频与宣传单"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("起止日期")),
        FieldPanel("slogan"),
        FieldPanel("intro"),
        MultiFieldPanel([InlinePanel("events", label=_("活动"))], heading=_("线下活动安排")),
        MultiFieldPanel([InlinePanel("posters", label=_("海报"))], heading=_("统一海报")),
        FieldPanel("materials"),
    ]
    search_fields = Page.search_fields + [index.SearchField("slogan"), index.SearchField("intro")]
    template = "cms/publicity_month_page.html"

    class Meta:
        verbose_name = _("参保宣传月")
        verbose_name_plural = _("参保宣传月")

    def get_context(self, request, *args, **kwargs):
        from ..services import current_campaign_links

        context = super().get_context(request, *args, **kwargs)
        if self.campaign_id:
            context["survey_url"] = current_campaign_links(self.campaign)["survey_url"]
        context["events"] = self.events.select_related("township").order_by("date", "sort_order")
        from django.db.models import Prefetch

        from wagtail.images import get_image_model

        renditions = get_image_model().objects.prefetch_renditions("width-400")
        context["posters"] = (
            self.posters.select_related("print_document").prefetch_related(Prefetch("image", queryset=renditions))
            .order_by("sort_order")
        )
        return context

    def search_text_parts(self) -> list[str]:
        parts = [self.slogan, self.intro]
        for event in self.events.all():
            parts += [event.title, event.place, event.organiser, event.description]
        parts += [poster.title for poster in self.posters.all()]
        return parts + self.stream_text(self.materials)


class PublicityEvent(Orderable):
    """One offline event: when, where, in which township, organised by whom."""

    page = ParentalKey(PublicityMonthPage, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("日期"))
    time = models.CharField(_("时间"), max_length=40, blank=True, help_text=_("如：上午9:00—11:30"))
    title = models.CharField(_("活动名称"), max_length=120)
    township = models.ForeignKey(
        "campaigns.Township", verbose_name=_("乡镇"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("地点"), max_length=120)
    organiser = models.CharField(_("组织单位"), max_length=120)
    description = models.CharField(_("内容"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("time")]),
        FieldPanel("title"), FieldPanel("township"), FieldPanel("place"), FieldPanel("organiser"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("宣传活动")


class Poster(Orderable):
    """A uniform poster: a screen image and a print-ready PDF."""

    page = ParentalKey(PublicityMonthPage, on_delete=models.CASCADE, related_name="posters")
    title = models.CharField(_("海报名称"), max_length=120)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("海报图片"), on_delete=models.PROTECT, related_name="+"
    )
    alt_text = models.CharField(_("替代文字"), max_length=200, help_text=_("描述海报内容，供读屏软件朗读。"))
    print_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("印刷版 PDF"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("print_document")]

    class Meta(Orderable.Meta):
        verbose_name = _("海报")
