"""Generated publicity materials for the demo: poster images (Pillow), their print PDFs
(reportlab, CJK font) and the short video shipped in cms/data/.

cms/data/publicity_video.mp4 (6 s, 480×270, H.264 baseline + AAC, 35 KB) was made once with
ffmpeg from a colour source and two drawtext lines; it is committed so that nothing
needs ffmpeg at run time. Its Chinese subtitles, cms/data/publicity_video.zh.vtt (four cues),
are a Wagtail document attached to the video block."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtailmedia.models import Media

DATA_DIR = Path(__file__).resolve().parent / "data"
VIDEO_FILE = DATA_DIR / "publicity_video.mp4"
VIDEO_TITLE = "参保宣传短视频：工伤保险 人人有保障"
SUBTITLES_FILE = DATA_DIR / "publicity_video.zh.vtt"
SUBTITLES_TITLE = "参保宣传短视频字幕（中文）"

POSTERS = [
    {"key": "poster-1", "title": "工伤保险 应保尽保", "lines": ["小微企业也要参保", "职工个人不缴费", "一人受伤 全企安心"],
     "colour": (179, 38, 30)},
    {"key": "poster-2", "title": "工伤认定 30日内申请", "lines": ["单位30日内提出申请", "职工1年内可直接申请", "逾期费用由单位负担"],
     "colour": (29, 107, 53)},
    {"key": "poster-3", "title": "扫码参加知晓度调查", "lines": ["3分钟 了解工伤保险", "答题后查看政策解读", "东至县人社局"],
     "colour": (26, 86, 219)},
]


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(settings.CANBAO_CJK_FONT), size, index=0)


def poster_png(title: str, lines: list[str], colour: tuple[int, int, int], width: int = 600) -> bytes:
    """A simple poster: coloured band, big title, three lines, bureau name."""
    height = int(width * 1.414)
    img = PILImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width, int(height * 0.42)], fill=colour)
    draw.text((width // 2, int(height * 0.2)), title, font=_font(width // 12), fill="white", anchor="mm")
    draw.text((width // 2, int(height * 0.33)), "2023 参保宣传月", font=_font(width // 22), fill="white", anchor="mm")
    for i, line in enumerate(lines):
        draw.text((width // 2, int(height * (0.52 + 0.09 * i))), line, font=_font(width // 18), fill=(26, 26, 26),
                  anchor="mm")
    draw.text((width // 2, int(height * 0.93)), "东至县人力资源和社会保障局", font=_font(width // 26),
              fill=(85, 85, 85), anchor="mm")
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def video_poster_png(width: int = 480, height: int = 270) -> bytes:
    """The video's poster frame, matching its first frame (16:9)."""
    img = PILImage.new("RGB", (width, height), (179, 38, 30))
    draw = ImageDraw.Draw(img)
    draw.text((width // 2, height // 2 - 20), "工伤保险 人人有保障", font=_font(30), fill="white", anchor="mm")
    draw.text((width // 2, height // 2 + 30), "东至县人社局 参保宣传", font=_font(20), fill="white", anchor="mm")
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def poster_pdf(title: str, lines: list[str], png: bytes) -> bytes:
    """An A4 print-ready PDF: the poster image full width, the text as real (searchable) text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(settings.CANBAO_CJK_FONT), subfontIndex=0))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    page_w, page_h = A4
    pdf.setTitle(title)
    pdf.drawImage(ImageReader(io.BytesIO(png)), 0, 0, width=page_w, height=page_h)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont("WQY", 8)
    pdf.drawString(20, page_h - 16, f"{title}：" + "，".join(lines))  # extractable text for search and screen readers
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def ensure_posters() -> list[tuple[dict, Image, Document]]:
    """The three demo posters as Wagtail images with print PDFs. Idempotent (by title)."""
    result = []
    for spec in POSTERS:
        image = Image.objects.filter(title=spec["title"]).first()
        document = Document.objects.filter(title=f"{spec['title']}（印刷版）").first()
        if image is None or document is None:
            png = poster_png(spec["title"], spec["lines"], spec["colour"])
            if image is None:
                image = Image(title=spec["title"])
                image.file = ImageFile(io.BytesIO(png), name=f"{spec['key']}.png")
                image.save()
            if document is None:
                document = Document(title=f"{spec['title']}（印刷版）")
                document.file.save(f"{spec['key']}-a4.pdf", ContentFile(poster_pdf(spec["title"], spec["lines"], png)),
                                   save=False)
                document.save()
        result.append((spec, image, document))
    return result


def ensure_video() -> Media:
    """The short publicity video as a wagtailmedia item with a poster frame. Idempotent."""
    media = Media.objects.filter(title=VIDEO_TITLE).first()
    if media is not None:
        return media
    media = Media(title=VIDEO_TITLE, type="video", duration=6.0, width=480, height=270)
    media.file.save("publicity_video.mp4", ContentFile(VIDEO_FILE.read_bytes()), save=False)
    thumb = video_poster_png()
    media.thumbnail.save("publicity_video_poster.png", ContentFile(thumb), save=False)
    media.save()
    return media


def ensure_subtitles() -> Document:
    """The video's Chinese WebVTT subtitles as a Wagtail document. Idempotent."""
    document = Document.objects.filter(title=SUBTITLES_TITLE).first()
    if document is not None:
        return document
    document = Document(title=SUBTITLES_TITLE)
    document.file.save("publicity_video.zh.vtt", ContentFile(SUBTITLES_FILE.read_bytes()), save=False)
    document.save()
    return document
