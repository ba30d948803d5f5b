"""StreamField blocks shared by every page type of the public site."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

from .subtitles import webvtt_error


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"), choices=[("h2", _("二级标题")), ("h3", _("三级标题"))], default="h2"
    )
    facts = blocks.CharBlock(
        label=_("本节讲解的知识点"), required=False, max_length=60,
        help_text=_("问卷知识点编号，空格分隔，如 F07 F08：答题结果页“依据”链接会直接跳到本节。"),
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "cms/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    alt_text = blocks.CharBlock(
        label=_("替代文字"), max_length=200, help_text=_("为视障读者描述图片内容（必填）。")
    )
    caption = blocks.CharBlock(label=_("图片说明"), max_length=200, required=False)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "cms/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(label=_("视频"))
    caption = blocks.CharBlock(label=_("视频说明"), max_length=200, required=False)
    subtitles = DocumentChooserBlock(
        label=_("字幕"), required=False, help_text=_("字幕文件（WebVTT，.vtt）")
    )

    def clean(self, value):
        value = super().clean(value)
        document = value.get("subtitles")
        if document is not None:
            error = webvtt_error(document)
            if error:
                raise StructBlockValidationError(block_errors={"subtitles": ValidationError(error)})
        return value

    class Meta:
        icon = "media"
        label = _("视频")
        template = "cms/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), max_length=120, required=False)

    class Meta:
        icon = "doc-full"
        label = _("文件下载")
        template = "cms/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("类型"), choices=[("note", _("提示")), ("warning", _("注意"))], default="note"
    )
    title = blocks.CharBlock(label=_("标题"), max_length=80, required=False)
    text = blocks.RichTextBlock(label=_("内容"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("提示框")
        template = "cms/blocks/callout.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("解答"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("问答")


class FAQListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=80, required=False)
    items = blocks.ListBlock(QuestionAnswerBlock(), label=_("问答"))

    class Meta:
        icon = "list-ul"
        label = _("常见问题列表")
        template = "cms/blocks/faq_list.html"


class BodyBlock(blocks.StreamBlock):
    """The body of articles and standard pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("正文"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        template="cms/blocks/paragraph.html",
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    faq = FAQListBlock()
    table = TableBlock(label=_("表格"), template="cms/blocks/table.html")


class MaterialsBlock(blocks.StreamBlock):
    """Videos and leaflets of a publicity month."""

    video = VideoBlock()
    leaflet = DocumentBlock(label=_("宣传单"))
