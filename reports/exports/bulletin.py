"""The 通报 as an A4 PDF in the form of a bureau's official document: red header with the
issuing bureau and document number, title, addressee, numbered sections, the ranking table,
a signature and seal block and "第 X 页 共 Y 页" on every page. A county's ranks its
townships; a city's ranks its counties, with their townships in the 附件 (bulletin_city)."""

from __future__ import annotations

import datetime
import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from ..bulletin_outcomes import outcome_text
from ..bulletins import behind_target, figures_of, previous_issued, ranking, ranking_note
from .bulletin_city import ADDRESSEE, REQUIREMENTS, city_summary, county_ranking, township_annex
from .bulletin_text import change_text as _change
from .bulletin_text import date_text as _date
from .bulletin_text import pct as _pct
from .pdf import FONT, _register_font

RED = colors.HexColor("#c00000")
PAGE_W, PAGE_H = A4
MARGINS = {"leftMargin": 28 * mm, "rightMargin": 26 * mm, "topMargin": 30 * mm, "bottomMargin": 28 * mm}


class NumberedCanvas(canvas.Canvas):
    """Draws "第 X 页 共 Y 页" once the total is known (every page is kept until save)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_page_number(self._pageNumber, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        """第 X 页 共 Y 页, each word set apart so that text extraction keeps the spaces."""
        words, gap = ["第", str(number), "页", "共", str(total), "页"], 6
        widths = [self.stringWidth(w, FONT, 10) for w in words]
        x = PAGE_W / 2 - (sum(widths) + gap * (len(words) - 1)) / 2
        self.setFont(FONT, 10)
        for word, w in zip(words, widths, strict=True):
            self.drawString(x, 15 * mm, word)
            x += w + gap


class Seal(Flowable):
    """The signature block: bureau and date at the right, with the place of the seal."""

    def __init__(self, bureau: str, date: str, width: float):
        super().__init__()
        self.bureau, self.date, self.width, self.height = bureau, date, width, 42 * mm

    def draw(self):
        c = self.canv
        right = self.width - 4 * mm
        c.setFont(FONT, 14)
        c.drawRightString(right, 22 * mm, self.bureau)
        c.drawRightString(right - 8 * mm, 13 * mm, self.date)
        cx, cy = right - c.stringWidth(self.bureau, FONT, 14) / 2, 20 * mm
        c.setStrokeColor(RED)
        c.setFillColor(RED)
        c.setLineWidth(1.2)
        c.setDash(3, 2)
        c.circle(cx, cy, 19 * mm)
        c.setDash()
        c.setFont(FONT, 9)
        c.drawCentredString(cx, cy + 14 * mm, "（盖章）")
        c.setFillColor(colors.black)
        c.setFont(FONT, 10)
        c.drawString(0, 3 * mm, "签发人：______________")


def _styles() -> dict[str, ParagraphStyle]:
    base = {"fontName": FONT}
    return {
        "bureau": ParagraphStyle("bureau", **base, fontSize=26, leading=34, alignment=TA_CENTER, textColor=RED),
        "number": ParagraphStyle("number", **base, fontSize=12, leading=18, alignment=TA_CENTER),
        "title": ParagraphStyle("title", **base, fontSize=16, leading=26, alignment=TA_CENTER, spaceBefore=10, spaceAfter=10),
        "to": ParagraphStyle("to", **base, fontSize=12, leading=22),
        "h": ParagraphStyle("h", **base, fontSize=13, leading=22, spaceBefore=8, spaceAfter=2),
        "p": ParagraphStyle("p", **base, fontSize=12, leading=22, firstLineIndent=24, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", **base, fontSize=9, leading=12),
        "note": ParagraphStyle("note", **base, fontSize=9.5, leading=15, firstLineIndent=19, wordWrap="CJK"),
        "right": ParagraphStyle("right", **base, fontSize=10, leading=14, alignment=TA_RIGHT),
    }


def summary_text(bulletin, figures: dict, previous: dict | None) -> str:
    c = figures["county"]
    city = figures.get("level", "county") != "county"
    scope = "全市" if city else "全县"
    text = (f"截至{_date(figures['as_of'])}，{scope}名录内小微企业{c['firms']}家，已有{c['responses']}家完成问卷，"
            f"覆盖率{_pct(c['coverage'])}；其中达到知晓标准的{c['passed']}家，知晓率{_pct(c['awareness'])}")
    if c["awareness_low"] is not None:
        text += f"（95%置信区间{_pct(c['awareness_low'])}—{_pct(c['awareness_high'])}）"
    text += "。"
    if previous:
        before = previous["county"]
        cov = None if c["coverage"] is None or before["coverage"] is None else (c["coverage"] - before["coverage"]) * 100
        aw = None if c["awareness"] is None or before["awareness"] is None else (c["awareness"] - before["awareness"]) * 100
        text += (f"与上期通报（数据截至{_date(previous['as_of'])}）相比，覆盖率{_moved(cov)}，知晓率{_moved(aw)}。")
    if city:
        return text + city_summary(figures)
    rows = figures["townships"]
    reached = sum(1 for r in rows if r["status"] in ("reached", "on_track"))
    behind = behind_target(figures)
    confirmed = sum(1 for r in rows if r["signoff"] != "未确认")
    text += (f"全县{len(rows)}个乡镇中，{reached}个已达标或按进度推进，{len(behind)}个进度滞后；"
             f"{confirmed}个乡镇已确认本乡镇数据，全县报表{figures['approval']}。")
    return text


def _moved(points) -> str:
    if points is None:
        return "无可比数据"
    if abs(points) < 0.05:
        return "持平"
    return f"{'上升' if points > 0 else '下降'}{abs(points):.1f}个百分点"


def _ranking_table(rows: list[dict], styles, width: float) -> Table:
    data = [["覆盖率\n名次", "乡镇", "覆盖率", "较上期\n（百分点）", "知晓率", "知晓率\n名次", "较上期\n（百分点）", "数据确认"]]
    for r in rows:
        data.append([r["coverage_rank"] or "—", r["name"], _pct(r["coverage"]),
                     Paragraph(_change(r["coverage_change"], r["coverage_rank_change"]), styles["cell"]),
                     _pct(r["awareness"]) + ("*" if r["too_small"] and r["awareness"] is not None else ""),
                     r["awareness_rank"] or "—",
                     Paragraph(_change(r["awareness_change"], r["awareness_rank_change"]), styles["cell"]),
                     Paragraph(r["signoff"], styles["cell"])])
    widths = [0.07, 0.19, 0.09, 0.15, 0.09, 0.07, 0.15, 0.19]
    table = Table(data, colWidths=[w * width for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 11),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"), ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (5, 1), (5, -1), "CENTER"),
        ("ALIGN", (2, 1), (4, -1), "RIGHT"), ("ALIGN", (6, 1), (6, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _trend_story(trend: list[dict], styles, width: float, scope: str = "全县") -> list:
    """近期走势: the region's last weeks, one row a week (none for bulletins issued without it)."""
    if not trend:
        return []
    data = [["周起始日", "本周新增答卷", "累计答卷", "累计覆盖率", "累计知晓率"]]
    data += [[_date(p["week"]), p["responses"], p["cumulative"], _pct(p["coverage"]), _pct(p["awareness"])]
             for p in trend]
    table = Table(data, colWidths=[w * width for w in (0.28, 0.18, 0.18, 0.18, 0.18)], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 11),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]))
    return [Paragraph("近期走势", styles["h"]),
            Paragraph(f"{scope}最近{len(trend)}周答卷进度（按周一起算的自然周，覆盖率与知晓率为截至该周末的累计值）：", styles["p"]),
            Spacer(1, 2 * mm), table]


def _township_sections(figures: dict, previous: dict | None, styles, width: float) -> list:
    """二、各乡镇排名 and 三、进度滞后的乡镇 (a county's bulletin)."""
    behind = behind_target(figures)
    return [
        Paragraph("二、各乡镇排名", styles["h"]),
        Paragraph("按覆盖率由高到低排列，同时列出知晓率名次；“较上期”为与上期通报相比的变化"
                  + ("。" if previous else "（本期为首期通报，无上期数据）。"), styles["p"]),
        Spacer(1, 2 * mm), _ranking_table(ranking(figures, previous), styles, width),
        Paragraph(ranking_note(figures, "乡镇") + "。", styles["note"]),
        Paragraph("三、进度滞后的乡镇", styles["h"]),
        Paragraph(("以下乡镇答卷进度未达目标，请加快推进：" + "、".join(behind) + "。") if behind
                  else "各乡镇均已达标或按进度推进。", styles["p"]),
    ]


def build_bulletin(bulletin, today: datetime.date | None = None) -> bytes:
    """The bulletin's PDF: frozen figures when issued, current ones for a draft."""
    _register_font()
    styles = _styles()
    figures = figures_of(bulletin, today)
    prev = previous_issued(bulletin)
    previous = figures_of(prev) if prev else None
    width = PAGE_W - MARGINS["leftMargin"] - MARGINS["rightMargin"]
    city = figures.get("level", "county") != "county"
    story = [
        Paragraph(bulletin.bureau, styles["bureau"]), Spacer(1, 4 * mm), Paragraph(bulletin.number, styles["number"]),
        HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=2, spaceAfter=6),
        Paragraph(bulletin.title, styles["title"]),
        Paragraph(ADDRESSEE if city else "各乡镇人民政府，县直有关单位：", styles["to"]),
        Paragraph(f"现将{bulletin.campaign.name}小微企业工伤保险政策知晓度调查工作进展情况通报如下"
                  f"（统计期间：{_date(bulletin.period_start)}至{_date(bulletin.period_end)}）。", styles["p"]),
        Paragraph("一、总体情况", styles["h"]), Paragraph(summary_text(bulletin, figures, previous), styles["p"]),
        *([Paragraph("参保成效：" + outcome_text(figures["outcomes"], _pct), styles["p"])] if figures.get("outcomes") else []),
        *_trend_story(figures.get("trend"), styles, width, "全市" if city else "全县"),
        *(county_ranking(figures, previous, styles, width) if city else _township_sections(figures, previous, styles, width)),
        Paragraph("四、知晓最薄弱的知识点", styles["h"]),
    ]
    for i, fact in enumerate(figures["facts"], start=1):
        story.append(Paragraph(f"{i}. {fact['text']}（正确率 {_pct(fact['rate'])}，作答 {fact['answered']} 份）", styles["p"]))
    if not figures["facts"]:
        story.append(Paragraph("暂无答卷。", styles["p"]))
    story += [
        Paragraph("五、工作要求", styles["h"]),
        Paragraph(REQUIREMENTS if city else "请进度滞后的乡镇对照目标份数查找原因，加大扫码宣传力度；各乡镇针对上述薄弱知识点"
                  "加强政策解读，并在下期通报前完成本乡镇数据确认。", styles["p"]),
        Paragraph("六、统计方法说明", styles["h"]),
        Paragraph("统计对象为企业名录中的小型、微型企业；只统计每家企业最新一份有效答卷。覆盖率 = 作答企业数 ÷ 小微企业数；"
                  "知晓率 = 达到知晓合格分的答卷数 ÷ 有效答卷数，95%置信区间采用 Wilson 区间并作有限总体修正。"
                  "名录外及非小微企业的答卷单独计数，不计入比率。", styles["note"]),
        Spacer(1, 10 * mm),
        KeepTogether([Seal(bulletin.bureau, _date(bulletin.issue_date), width)]),
    ]
    if not bulletin.is_issued:
        story.append(Paragraph("（草稿，未签发）", styles["right"]))
    if city:
        story += township_annex(figures, styles, width)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"{bulletin.number} {bulletin.title}", author=bulletin.bureau, **MARGINS)
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()
