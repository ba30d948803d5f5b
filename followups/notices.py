"""参保登记通知书: one A4 page per firm, merged from the registry, with a QR code that
opens the campaign's survey through the township's notice channel (so answers it brings
show in the channel funnel), and the sending written to the follow-up log."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.hotlines import hotline_and_owner
from campaigns.models import Campaign, Channel, Enterprise, Township
from campaigns.posters import FONT, draw_qr, register_font
from campaigns.qr import channel_url, qr_matrix
from regions.agencies import agency_name, bureau_name, online_service

from .models import FollowUp

QR_SIDE = 42 * mm
CLOSING = "，。；：、）》”！？"
LEGAL_BASIS = (
    "依据《工伤保险条例》第二条，中华人民共和国境内的各类企业应当依照本条例规定参加工伤保险，"
    "为本单位全部职工缴纳工伤保险费；第十条规定，用人单位应当按时缴纳工伤保险费，职工个人不缴纳。"
)
HOW_TO_REGISTER = (
    "请携带营业执照、法定代表人身份证件及职工名册，到{agency}或所在乡镇便民服务中心办理参保登记；"
    "也可登录{online}“社会保险单位参保登记”在线办理。",
    "办理后即可为全部职工（含试用期、临时用工）缴纳工伤保险费，职工发生工伤由基金按规定支付待遇。",
)


def how_to_register(county) -> list[str]:
    """Where the firm registers: its county's agency and its province's online hall
    (regions.agencies), not a county fixed in the code."""
    return [text.format(agency=agency_name(county), online=online_service(county)) for text in HOW_TO_REGISTER]


def notice_channel(campaign: Campaign, township: Township) -> Channel:
    """The campaign's notice channel for the township, created on first use."""
    channel = Channel.objects.filter(campaign=campaign, township=township, kind=Channel.Kind.NOTICE).order_by("id").first()
    if channel is None:
        channel = Channel.objects.create(campaign=campaign, township=township, kind=Channel.Kind.NOTICE,
                                         label=str(_("参保登记通知书")))
    return channel




def _wrap(text: str, size: float, width: float) -> list[str]:
    """Break Chinese text into lines that fit `width` (character by character); closing
    punctuation stays at the end of its line rather than opening the next."""
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, FONT, size) > width and char not in CLOSING:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def township_office(township: Township) -> str:
    """The township's government as it signs: 尧渡镇人民政府, 凤瑞街道办事处, a zone by its name."""
    if township.kind == Township.Kind.DEVELOPMENT_ZONE:
        return township.name
    if township.kind == Township.Kind.SUBDISTRICT:
        return _("%(township)s办事处") % {"township": township.name}
    return _("%(township)s人民政府") % {"township": township.name}


def draw_notice(canvas: Canvas, firm: Enterprise, channel: Channel, today) -> None:
    """One A4 page for one firm."""
    width, height = A4
    left, usable = 22 * mm, width - 44 * mm
    county = firm.township.county if firm.township.county_id else None
    phone, owner = hotline_and_owner(firm.township)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(FONT, 22)
    canvas.drawCentredString(width / 2, height - 30 * mm, _("工伤保险参保登记通知书"))
    y = height - 48 * mm
    canvas.setFont(FONT, 13)
    canvas.drawString(left, y, _("%(name)s：") % {"name": firm.name})
    y -= 7 * mm
    canvas.setFont(FONT, 10.5)
    canvas.drawString(left, y, _("统一社会信用代码：%(uscc)s") % {"uscc": firm.uscc})
    y -= 10 * mm
    paragraphs = [
        _("经核对，贵单位尚未参加工伤保险。") + LEGAL_BASIS,
        *how_to_register(county),
        _("咨询电话：%(phone)s（%(township)s）") % {"phone": phone, "township": owner},
        _("扫描右下方二维码，约3分钟可完成工伤保险政策知晓度调查，并查看参保办理指南。"),
    ]
    canvas.setFont(FONT, 12)
    for paragraph in paragraphs:
        for line in _wrap("　　" + paragraph, 12, usable):
            canvas.drawString(left, y, line)
            y -= 7 * mm
        y -= 3 * mm
    qr_y = 40 * mm
    url = channel_url(channel)
    draw_qr(canvas, qr_matrix(url), width - 22 * mm - QR_SIDE, qr_y, QR_SIDE)
    canvas.setFillColorRGB(0, 0, 0)  # draw_qr leaves the fill white
    canvas.setFont(FONT, 9)
    canvas.drawRightString(width - 22 * mm, qr_y - 5 * mm, url)
    canvas.setFont(FONT, 12)
    canvas.drawString(left, qr_y + 20 * mm, township_office(firm.township))
    canvas.drawString(left, qr_y + 12 * mm, bureau_name(county))
    canvas.drawString(left, qr_y + 4 * mm, today.strftime("%Y年%m月%d日"))
    canvas.showPage()


def notices_pdf(campaign: Campaign, firms: list[Enterprise]) -> bytes:
    """One PDF, one page per firm, in the given order."""
    register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("工伤保险参保登记通知书"))
    canvas.setAuthor("canbao")
    channels: dict[int, Channel] = {}
    today = timezone.localdate()
    for firm in firms:
        if firm.township_id not in channels:
            channels[firm.township_id] = notice_channel(campaign, firm.township)
        draw_notice(canvas, firm, channels[firm.township_id], today)
    canvas.save()
    return buffer.getvalue()


def send_notices(campaign: Campaign, firms: list[Enterprise], user) -> bytes:
    """The notices of the firms as one PDF, each sending logged as a follow-up
    (way 邮寄通知书) on today's date."""
    with transaction.atomic():
        pdf = notices_pdf(campaign, firms)
        FollowUp.objects.bulk_create([
            FollowUp(enterprise=firm, campaign=campaign, way=FollowUp.Way.NOTICE, created_by=user,
                     result=str(_("已生成参保登记通知书")), contacted_on=timezone.localdate())
            for firm in firms
        ])
    return pdf
