"""Policy articles (政策解读) and their index."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..sharing import needs_short_slug, short_slug
from .search import SearchablePageMixin


class PolicyIndexPage(Page):
    """Lists the policy articles beneath it, newest first, optionally by tag."""

    intro = models.TextField(_("导语"), blank=True)

    subpage_types = ["cms.PolicyArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "cms/policy_index_page.html"

    class Meta:
        verbose_name = _("政策栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            PolicyArticlePage.objects.live().public().child_of(self)
            .order_by("-issued_on", "-first_published_at").prefetch_related("tags")
        )
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag)
        context["articles"] = articles
        context["tag"] = tag
        return context


class PolicyArticleTag(TaggedItemBase):
    content_object = ParentalKey("cms.PolicyArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class PolicyArticlePage(SearchablePageMixin, Page):
    """One policy explanation, with the issuing body and document number of its source."""

    summary = models.TextField(_("摘要"), max_length=300)
    issuing_body = models.CharField(_("发文单位"), max_length=100, blank=True)
    document_number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("如：东人社秘〔2023〕14号")
    )
    issued_on = models.DateField(_("发布日期"))
    tags = ClusterTaggableManager(through=PolicyArticleTag, blank=True, verbose_name=_("主题标签"))
    body = StreamField(BodyBlock(), verbose_name=_("正文"))
    share_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("分享图片"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("在微信等处分享时显示的图片，建议横版；不选则用正文第一张图片或网站默认图片。"),
    )

    parent_page_types = ["cms.PolicyIndexPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("issuing_body"), FieldPanel("document_number"), FieldPanel("issued_on"), FieldPanel("tags")],
            heading=_("来源与分类"),
        ),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("share_image")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("document_number"), index.SearchField("body"),
    ]
    template = "cms/policy_article_page.html"

    class Meta:
        verbose_name = _("政策文章")
        verbose_name_plural = _("政策文章")

    def full_clean(self, *args, **kwargs):
        if needs_short_slug(self):  # a Chinese title: article-<date>, not 140 percent-encoded characters
            self.slug = short_slug(self)
        super().full_clean(*args, **kwargs)

    def search_text_parts(self) -> list[str]:
        return [self.summary, self.issuing_body, self.document_number, " ".join(t.name for t in self.tags.all()),
                *self.stream_text(self.body)]
