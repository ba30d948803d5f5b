"""Print-ready A4 posters (reportlab) with the channel's QR code drawn as vector squares,
and the one PDF holding every poster of a campaign."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .qr import QUIET_ZONE, channel_url, dark_runs, qr_matrix

# Binary (Flate) streams without the ASCII85 layer: smaller files, ~15% faster to write.
rl_config.useA85 = 0

FONT = "CanbaoCJK"
QR_SIDE = 11 * cm  # large enough to scan from about a metre (rule of thumb: distance / 10)
INSTRUCTIONS = (
    "用微信或手机相机扫描二维码，参加工伤保险政策知晓度调查",
    "约3分钟，仅收集企业信息，不收集个人信息；联系电话仅在您申请回访时填写",
)


@cache
def register_font() -> str:
    """Register the CJK font shipped with the project (settings.CANBAO_CJK_FONT)."""
    pdfmetrics.registerFont(TTFont(FONT, str(settings.CANBAO_CJK_FONT), subfontIndex=0))
    return FONT


def _fit_size(text: str, max_width: float, size: float) -> float:
    width = pdfmetrics.stringWidth(text, FONT, size)
    return size if width <= max_width else size * max_width / width


def draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, side: float) -> None:
    """Draw the matrix (with its quiet zone) as filled vector rectangles. The page is
    scaled so one module is one unit, and y runs downwards like the matrix rows."""
    modules = len(matrix) + 2 * QUIET_ZONE
    unit = side / modules
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.saveState()
    canvas.transform(unit, 0, 0, -unit, x, y + side)
    canvas.setFillColorRGB(0, 0, 0)
    runs = "\n".join(f"{mx + QUIET_ZONE} {my + QUIET_ZONE} {width} 1 re" for mx, my, width in dark_runs(matrix))
    canvas.addLiteral(runs + "\nf")
    canvas.restoreState()


def draw_poster(canvas: Canvas, channel, matrix: list[list[bool]] | None = None, url: str | None = None) -> None:
    """One A4 page: campaign title, township, the QR code, instructions, short URL."""
    register_font()
    url = url or channel_url(channel)
    matrix = matrix or qr_matrix(url)
    width, height = A4
    usable = width - 30 * mm
    canvas.setFillColorRGB(0.72, 0.11, 0.11)
    canvas.rect(0, height - 62 * mm, width, 62 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    title = channel.campaign.name
    canvas.setFont(FONT, _fit_size(title, usable, 26))
    canvas.drawCentredString(width / 2, height - 28 * mm, title)
    township = channel.township_label  # 全县通用 for a county-wide channel
    canvas.setFont(FONT, _fit_size(township, usable, 34))
    canvas.drawCentredString(width / 2, height - 50 * mm, township)

    qr_y = height - 72 * mm - QR_SIDE
    draw_qr(canvas, matrix, (width - QR_SIDE) / 2, qr_y, QR_SIDE)

    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    line_y = qr_y - 14 * mm
    for line in INSTRUCTIONS:
        canvas.setFont(FONT, _fit_size(line, usable, 17))
        canvas.drawCentredString(width / 2, line_y, line)
        line_y -= 10 * mm
    canvas.setFont(FONT, _fit_size(url, usable, 15))
    canvas.drawCentredString(width / 2, line_y - 4 * mm, url)
    canvas.setFont(FONT, 11)
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    footer = _("东至县人力资源和社会保障局 · 渠道：%(kind)s %(label)s") % {
        "kind": channel.get_kind_display(), "label": channel.label,
    }
    canvas.drawCentredString(width / 2, 15 * mm, footer.strip())
    canvas.showPage()


def _new_canvas(buffer: io.BytesIO, title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("canbao")
    return canvas


def poster_pdf(channel, matrix: list[list[bool]] | None = None, url: str | None = None) -> bytes:
    """The poster of one channel as a PDF document."""
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, f"{channel.campaign.name} · {channel.township_label}")
    draw_poster(canvas, channel, matrix, url)
    canvas.save()
    return buffer.getvalue()


def campaign_posters_pdf(campaign, channels=None, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Every poster of a campaign's active channels (or of the given channels), one page each."""
    if channels is None:
        channels = campaign.channels.filter(is_active=True).select_related("campaign", "township")
    channels = list(channels)
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, campaign.name)
    for index, channel in enumerate(channels):
        draw_poster(canvas, channel)
        if progress and index % 10 == 0:
            progress(index, len(channels))
    canvas.save()
    return buffer.getvalue()


def save_campaign_bundle(bundle) -> None:
    """Build the campaign's poster PDF into bundle.file, recording progress."""
    from .models import PosterBundle

    def progress(done: int, total: int) -> None:
        PosterBundle.beat(bundle.pk, progress=int(95 * done / max(total, 1)))

    pdf = campaign_posters_pdf(bundle.campaign, progress=progress)
    bundle.file.save(f"campaign-{bundle.campaign_id}-posters.pdf", ContentFile(pdf), save=False)
    bundle.status = PosterBundle.Status.DONE
    bundle.progress = 100
    bundle.error = ""
    bundle.save(update_fields=["file", "status", "progress", "error"])
