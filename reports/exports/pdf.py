"""The bureau's PDF report: cover, summary table, chart, a page per township, method."""

from __future__ import annotations

import io

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.conf import settings

from ..questions import least_known, question_rates
from ..rollup import records
from .levels import COUNTY_HEADER, LEVEL_HEADERS, summary_tables
from .tables import method_lines, status_text

FONT = "WQY"


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(settings.CANBAO_CJK_FONT), subfontIndex=0))


def _pct(x) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _num(x, digits=2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _chart(rows: list[dict], width: float) -> Drawing:
    label_w, bar_w, row_h = 90, width - 180, 16
    height = row_h * len(rows) + 20
    d = Drawing(width, height)
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + bar_w * tick
        d.add(Line(x, 0, x, height - 14, strokeColor=colors.lightgrey))
        d.add(String(x, height - 10, f"{int(tick * 100)}%", fontName=FONT, fontSize=8, textAnchor="middle"))
    for i, row in enumerate(rows):
        y = height - 20 - (i + 1) * row_h
        d.add(String(label_w - 4, y + 4, row["name"], fontName=FONT, fontSize=9, textAnchor="end"))
        if row["awareness"] is None:
            d.add(String(label_w + 4, y + 4, "无答卷", fontName=FONT, fontSize=8, fillColor=colors.grey))
            continue
        fill = colors.HexColor("#9bb7d4") if row["too_small"] else colors.HexColor("#1f5f99")
        d.add(Rect(label_w, y + 2, bar_w * row["awareness"], row_h - 4, fillColor=fill, strokeColor=None))
        lo, hi = label_w + bar_w * row["awareness_low"], label_w + bar_w * row["awareness_high"]
        mid = y + row_h / 2
        d.add(Line(lo, mid, hi, mid, strokeWidth=1.2))
        d.add(Line(lo, mid - 4, lo, mid + 4, strokeWidth=1.2))
        d.add(Line(hi, mid - 4, hi, mid + 4, strokeWidth=1.2))
        d.add(String(label_w + bar_w + 4, y + 4, f"{_pct(row['awareness'])} n={row['responses']}", fontName=FONT, fontSize=8))
    return d


def _summary_table(name_headers: list[str], rows: list[dict], with_county: bool) -> Table:
    data = [[*name_headers, "小微企业", "未参保", "扫码", "有效答卷", "不计入", "覆盖率", "知晓率", "95%区间", "平均分",
             "误差±", "目标", "进度"]]
    for r in rows:
        interval = "—" if r["awareness_low"] is None else f"{_pct(r['awareness_low'])}–{_pct(r['awareness_high'])}"
        data.append([*([r["county"]] if with_county else []), r["name"] + ("*" if r["too_small"] else ""), r["firms"],
                     r["uninsured"], r["scans"], r["responses"], r["out_of_population"], _pct(r["coverage"]),
                     _pct(r["awareness"]), interval, _num(r["mean_score"]),
                     _pct(r["margin"]) + ("（普查）" if r["census"] else ""),
                     r["target"] or "—", status_text(r["status"], r["closed"])])
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8),
                               ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5"))]))
    return table


def build_pdf(job, progress=None) -> tuple[bytes, int]:
    _register_font()
    styles = {
        "title": ParagraphStyle("t", fontName=FONT, fontSize=24, leading=32, spaceAfter=12),
        "h": ParagraphStyle("h", fontName=FONT, fontSize=15, leading=22, spaceAfter=6),
        "p": ParagraphStyle("p", fontName=FONT, fontSize=10, leading=15),
    }
    tables = summary_tables(job.campaign, job.filters_obj, job.townships, job.today, job.with_county, job.region)
    rows = tables.townships
    story = [Spacer(1, 40 * mm), Paragraph(f"{job.campaign.name}", styles["title"]),
             Paragraph("小微企业工伤保险政策知晓度调查 统计报告", styles["h"]),
             Paragraph(f"统计截至：{job.today:%Y年%m月%d日}　报送截止：{job.campaign.deadline:%Y年%m月%d日}", styles["p"]),
             Paragraph(f"筛选条件：{job.filter_text}", styles["p"]), PageBreak()]
    level_name = LEVEL_HEADERS[tables.level]
    story += [Paragraph(f"各{level_name}汇总", styles["h"]), _summary_table([level_name], tables.summary, False)]
    if tables.by_level:
        story += [Paragraph("各乡镇汇总", styles["h"]), _summary_table([COUNTY_HEADER, "乡镇"], rows, True)]
    page_w = landscape(A4)[0] - 30 * mm
    story += [Paragraph("* 样本过少（少于30份），仅供参考。", styles["p"]),
              Paragraph("有效答卷只含企业名录内小微企业的答卷，比率、区间和误差只按这些答卷计算；“不计入”为名录外（含外县）"
                        "及中型、大型、无法判定规模企业的答卷，单独计数。不属于乡镇的通用渠道的扫码只计入其服务区域的合计。",
                        styles["p"]),
              PageBreak(), Paragraph(f"各{level_name}知晓率（95% Wilson 置信区间）", styles["h"]), _chart(tables.children, page_w),
              PageBreak()]
    rates = question_rates(job.campaign, job.filters_obj, job.townships)
    for i, r in enumerate(rows):
        heading = f"{r['county']} · {r['name']}" if tables.by_level else r["name"]
        story += [Paragraph(heading, styles["h"]),
                  Paragraph(f"小微企业 {r['firms']} 家（未参保 {r['uninsured']} 家），扫码 {r['scans']} 次，有效答卷 {r['responses']} 份"
                            f"（另有不计入统计的答卷 {r['out_of_population']} 份：名录外 {r['unregistered']} 份，"
                            f"非小微企业 {r['not_small_micro']} 份），"
                            f"覆盖率 {_pct(r['coverage'])}；知晓率 {_pct(r['awareness'])}"
                            + ("" if r["awareness_low"] is None else f"（95%区间 {_pct(r['awareness_low'])}–{_pct(r['awareness_high'])}）")
                            + f"，平均得分 {_num(r['mean_score'])}，误差范围 ±{_pct(r['margin'])}"
                            + ("（普查：全部企业已作答）" if r["census"] else "") + "；"
                            f"目标 {r['target'] or '—'} 份，"
                            + ("" if r["closed"] else f"预计截止时 {_num(r['projected'], 0)} 份，")
                            + f"{status_text(r['status'], r['closed'])}。"
                            + ("样本过少，结论仅供参考。" if r["too_small"] else ""), styles["p"])]
        facts = records(least_known(job.campaign, job.filters_obj, job.townships, township_id=r["township_id"], rates=rates))
        if r["responses"]:
            qdata = [["排名", "题目", "正确率"]] + [[f["rank"], Paragraph(f["text"], styles["p"]), _pct(f["rate"])] for f in facts]
            qt = Table(qdata, colWidths=[15 * mm, page_w - 45 * mm, 30 * mm])
            qt.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9),
                                    ("GRID", (0, 0), (-1, -1), 0.3, colors.grey)]))
            story += [Spacer(1, 4 * mm), Paragraph("知晓最薄弱的知识点（正确率由低到高）", styles["p"]), qt]
        story.append(PageBreak())
        if progress:
            progress(i + 1, len(rows))
    story += [Paragraph("统计方法说明", styles["h"])] + [Paragraph(line, styles["p"]) for line in method_lines()]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=job.campaign.name)
    doc.build(story)
    return out.getvalue(), len(rows)
