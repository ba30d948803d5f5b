"""Print-ready posters (reportlab) with the channel's QR code drawn as vector squares: A4 and
A3 portrait for walls and service halls, a folded table tent for counters; and the one PDF
holding every poster of a campaign. Text only: the bureau mark is a drawn ring with 人社."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

from reportlab import rl_config
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from regions.agencies import bureau_name

from .hotlines import hotline
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


REASONS = (
    "职工受了工伤，医疗费、停工期间工资和伤残待遇由工伤保险基金支付",
    "按行业费率缴费，负担小，把一次事故可能压垮企业的赔偿风险交给社会保险",
    "参加工伤保险是用人单位的法定义务，未参保的工伤待遇全部由单位自己承担",
)
LAYOUTS = {"a4": "A4 竖版", "a3": "A3 竖版", "tent": "桌牌（A4 横版对折）"}
RED = (0.72, 0.11, 0.11)


def hotline_for(channel) -> str:
    """The township office's number when known, else the county's (campaigns.hotlines); for
    a channel without a township, the agency of the county it serves (its own region, else
    its campaign's) when that has a number."""
    if channel.township_id is None:
        served = channel.region if channel.region_id else channel.campaign.region if channel.campaign.region_id else None
        if served is not None and served.office_phone:
            return served.office_phone
    return hotline(channel.township if channel.township_id else None)


def issuer(channel) -> str:
    """The bureau that runs the campaign: its region's (regions.agencies.bureau_name)."""
    return bureau_name(channel.campaign.region if channel.campaign.region_id else None)


def draw_mark(canvas: Canvas, x: float, y: float, r: float, on_red: bool = True) -> None:
    """The bureau mark, text only (no emblem artwork): a ring with 人社 inside."""
    fg = (1, 1, 1) if on_red else RED
    canvas.setStrokeColorRGB(*fg)
    canvas.setFillColorRGB(*fg)
    canvas.setLineWidth(r * 0.12)
    canvas.circle(x, y, r, stroke=1, fill=0)
    canvas.setFont(FONT, r * 0.8)
    canvas.drawCentredString(x, y - r * 0.28, "人社")


def _lines(canvas: Canvas, lines, x: float, y: float, width: float, size: float, gap: float, centred=True) -> float:
    for line in lines:
        canvas.setFont(FONT, _fit_size(line, width, size))
        (canvas.drawCentredString if centred else canvas.drawString)(x, y, line)
        y -= gap
    return y


def _deadline(channel) -> str:
    deadline = channel.campaign.deadline
    return _("请于 %(date)s 前扫码参加") % {"date": f"{deadline.year}年{deadline.month}月{deadline.day}日"} if deadline else ""


def draw_portrait(canvas: Canvas, channel, matrix, url: str, pagesize) -> None:
    """A4 or A3 portrait: band with the bureau mark, title and township; the QR large; how to
    scan; the short URL; three reasons to join; deadline and hotline; the footer."""
    width, height = pagesize
    k = width / A4[0]  # A3 is the A4 design scaled by √2
    usable = width - 30 * mm * k
    canvas.setFillColorRGB(*RED)
    canvas.rect(0, height - 62 * mm * k, width, 62 * mm * k, stroke=0, fill=1)
    draw_mark(canvas, 22 * mm * k, height - 16 * mm * k, 9 * mm * k)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(FONT, 11 * k)
    canvas.drawString(34 * mm * k, height - 18 * mm * k, issuer(channel))
    _lines(canvas, [channel.campaign.name], width / 2, height - 36 * mm * k, usable, 26 * k, 0)
    _lines(canvas, [channel.township_label], width / 2, height - 54 * mm * k, usable, 34 * k, 0)  # 全县通用 if county-wide

    side = QR_SIDE * k
    qr_y = height - 70 * mm * k - side
    draw_qr(canvas, matrix, (width - side) / 2, qr_y, side)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    y = _lines(canvas, INSTRUCTIONS, width / 2, qr_y - 10 * mm * k, usable, 16 * k, 8 * mm * k)
    y = _lines(canvas, [url], width / 2, y - 1 * mm * k, usable, 15 * k, 12 * mm * k)

    box_h = 44 * mm * k
    canvas.setFillColorRGB(0.98, 0.94, 0.93)
    canvas.roundRect(15 * mm * k, y - box_h + 6 * mm * k, usable, box_h, 3 * mm * k, stroke=0, fill=1)
    canvas.setFillColorRGB(*RED)
    y = _lines(canvas, [_("为什么要参加工伤保险")], 20 * mm * k, y - 1 * mm * k, usable, 15 * k, 10 * mm * k, centred=False)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    numbered = [f"{n}. {reason}" for n, reason in enumerate(REASONS, start=1)]
    y = _lines(canvas, numbered, 20 * mm * k, y, usable - 10 * mm * k, 12.5 * k, 9 * mm * k, centred=False)

    canvas.setFillColorRGB(*RED)
    notice = "　".join(part for part in (_deadline(channel), _("咨询电话：%(phone)s") % {"phone": hotline_for(channel)}) if part)
    _lines(canvas, [notice], width / 2, y - 6 * mm * k, usable, 16 * k, 0)
    _footer(canvas, channel, width, 12 * mm * k, 10 * k)
    canvas.showPage()


def _footer(canvas: Canvas, channel, width: float, y: float, size: float) -> None:
    canvas.setFont(FONT, size)
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    footer = _("%(bureau)s · 渠道：%(kind)s %(label)s") % {
        "bureau": issuer(channel), "kind": channel.get_kind_display(), "label": channel.label,
    }
    canvas.drawCentredString(width / 2, y, footer.strip())


def draw_tent_panel(canvas: Canvas, channel, matrix, url: str, width: float, height: float) -> None:
    """One face of the table tent (A4 landscape, folded in half): QR left, text right."""
    side = height - 20 * mm
    draw_qr(canvas, matrix, 12 * mm, 10 * mm, side)
    x = 20 * mm + side
    usable = width - x - 10 * mm
    draw_mark(canvas, x + 6 * mm, height - 14 * mm, 6 * mm, on_red=False)
    canvas.setFillColorRGB(*RED)
    canvas.setFont(FONT, 10)
    canvas.drawString(x + 15 * mm, height - 16 * mm, issuer(channel))
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    y = _lines(canvas, [channel.township_label, _("扫码3分钟 · 了解工伤保险")], x, height - 32 * mm, usable, 20, 11 * mm,
               centred=False)
    y = _lines(canvas, [REASONS[0]], x, y, usable, 11, 8 * mm, centred=False)
    canvas.setFillColorRGB(*RED)
    lines = [_deadline(channel), _("咨询电话：%(phone)s") % {"phone": hotline_for(channel)}]
    y = _lines(canvas, [line for line in lines if line], x, y, usable, 13, 8 * mm, centred=False)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    _lines(canvas, [url], x, y, usable, 11, 0, centred=False)


def draw_tent(canvas: Canvas, channel, matrix, url: str) -> None:
    """Both faces on one A4 landscape sheet; the upper face is turned so it reads upright
    once the sheet is folded along the dashed line."""
    width, height = landscape(A4)
    half = height / 2
    draw_tent_panel(canvas, channel, matrix, url, width, half)
    canvas.saveState()
    canvas.translate(width, height)
    canvas.rotate(180)
    draw_tent_panel(canvas, channel, matrix, url, width, half)
    canvas.restoreState()
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setDash(4, 4)
    canvas.line(0, half, width, half)
    canvas.showPage()


def draw_poster(canvas: Canvas, channel, matrix: list[list[bool]] | None = None, url: str | None = None,
                layout: str = "a4") -> None:
    """One page of the given layout (LAYOUTS) for the channel."""
    register_font()
    url = url or channel_url(channel)
    matrix = matrix or qr_matrix(url)
    if layout == "tent":
        draw_tent(canvas, channel, matrix, url)
    else:
        draw_portrait(canvas, channel, matrix, url, A3 if layout == "a3" else A4)


def _new_canvas(buffer: io.BytesIO, title: str, layout: str = "a4") -> Canvas:
    pagesize = {"a3": A3, "tent": landscape(A4)}.get(layout, A4)
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("canbao")
    return canvas


def poster_pdf(channel, matrix: list[list[bool]] | None = None, url: str | None = None, layout: str = "a4") -> bytes:
    """The poster of one channel as a PDF document, in one of LAYOUTS."""
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, f"{channel.campaign.name} · {channel.township_label}", layout)
    draw_poster(canvas, channel, matrix, url, layout)
    canvas.save()
    return buffer.getvalue()


def campaign_posters_pdf(campaign, channels=None, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Every poster of a campaign's active channels (or of the given channels), one page each."""
    if channels is None:
        channels = campaign.channels.filter(is_active=True).select_related("campaign__region", "township__county", "region")
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
