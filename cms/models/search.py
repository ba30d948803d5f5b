"""A segmented copy of every live page's text, searched by cms.search."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.rich_text import RichText

NON_TEXT_KEYS = {"level", "kind"}  # choice keys of HeadingBlock and CalloutBlock, not reader-visible text


def block_text(value) -> list[str]:
    """Plain text of a StreamField value or any block value inside it."""
    if value is None:
        return []
    if isinstance(value, str):
        return [strip_tags(value)] if value.strip() else []
    if isinstance(value, RichText):
        return [strip_tags(value.source)]
    if isinstance(value, dict):  # StructValue, TableBlock data
        if "data" in value and isinstance(value.get("data"), list):
            return [" ".join(str(cell) for row in value["data"] for cell in row if cell)]
        return [text for key, item in value.items() if key not in NON_TEXT_KEYS for text in block_text(item)]
    if hasattr(value, "raw_data") or isinstance(value, list | tuple):  # StreamValue, ListValue
        parts = []
        for item in value:
            parts += block_text(getattr(item, "value", item))
        return parts
    return []


class SearchablePageMixin:
    """Pages that feed the public Chinese search."""

    def search_text_parts(self) -> list[str]:
        raise NotImplementedError

    @staticmethod
    def stream_text(stream) -> list[str]:
        return block_text(stream)

    def search_plain_text(self) -> str:
        return "\n".join(strip_tags(part) for part in self.search_text_parts() if part)


class SearchDocument(models.Model):
    """Title and body text of a live page with its jieba tokens (` tok tok `)."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("标题"), max_length=255)
    text = models.TextField(_("正文"))
    tokens = models.TextField(_("分词"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("搜索索引")
        verbose_name_plural = _("搜索索引")

    def __str__(self):
        return self.title
