"""The parts of a city's 通报 that differ from a county's: what a city bureau's 定期工作通报
to its counties contains. The body ranks the counties (县（市、区）) by coverage with their
awareness, change since the previous bulletin and approval state, and names those behind
target; the 附件 lists every county's townships (figures and confirmation), one table per
county, so each county bureau finds its own townships without a second document."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle

from ..bulletins import behind_target, ranking, ranking_note
from .bulletin_text import change_text as _change
from .bulletin_text import pct as _pct
from .pdf import FONT

ADDRESSEE = "各县（市、区）人力资源和社会保障局，市直有关单位："
REQUIREMENTS = ("请进度滞后的县（市、区）对照目标份数查找原因，督促乡镇（街道）加大扫码宣传力度；各县（市、区）针对上述薄弱知识点"
                "加强政策解读，并在下期通报前完成乡镇数据确认和本县（市、区）数据审核。")


def _table(data, widths, width, numeric_from: int) -> Table:
    table = Table(data, colWidths=[w * width for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 11),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"), ("ALIGN", (numeric_from, 1), (-2, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def city_summary(figures: dict) -> str:
    """The sentence on the counties that follows the city's overall figures."""
    counties = figures.get("counties", [])
    reached = sum(1 for r in counties if r["status"] in ("reached", "on_track"))
    behind = behind_target(figures, "counties")
    confirmed = sum(1 for r in figures["townships"] if r["signoff"] != "未确认")
    return (f"全市{len(counties)}个县（市、区）中，{reached}个已达标或按进度推进，{len(behind)}个进度滞后；"
            f"{figures.get('approved_counties', 0)}个县（市、区）已审核本县数据"
            f"（{len(figures['townships'])}个乡镇（街道）中{confirmed}个已确认），全市报表{figures['approval']}。")


def county_ranking(figures: dict, previous: dict | None, styles, width: float) -> list:
    """二、各县（市、区）排名 and 三、进度滞后的县（市、区）."""
    data = [["覆盖率\n名次", "县（市、区）", "有效答卷", "覆盖率", "较上期\n（百分点）", "知晓率", "知晓率\n名次", "数据审核"]]
    for r in ranking(figures, previous, "counties"):
        data.append([r["coverage_rank"] or "—", r["name"], r["responses"], _pct(r["coverage"]),
                     Paragraph(_change(r["coverage_change"], r["coverage_rank_change"]), styles["cell"]),
                     _pct(r["awareness"]) + ("*" if r["too_small"] and r["awareness"] is not None else ""),
                     r["awareness_rank"] or "—", Paragraph(r["approval"], styles["cell"])])
    total = figures["county"]
    data.append(["", "全市合计", total["responses"], _pct(total["coverage"]), "", _pct(total["awareness"]), "", ""])
    behind = behind_target(figures, "counties")
    return [
        CondPageBreak(50 * mm),
        Paragraph("二、各县（市、区）排名", styles["h"]),
        Paragraph("按覆盖率由高到低排列，同时列出知晓率名次；“较上期”为与上期通报相比的变化"
                  + ("。" if previous else "（本期为首期通报，无上期数据）。") + "各县（市、区）所辖乡镇（街道）情况见附件。",
                  styles["p"]),
        Spacer(1, 2 * mm),
        _table(data, [0.08, 0.18, 0.1, 0.1, 0.15, 0.1, 0.08, 0.21], width, 2),
        Paragraph(ranking_note(figures, "县（市、区）") + "；全市合计按各县（市、区）汇总后重新计算比率。", styles["note"]),
        Paragraph("三、进度滞后的县（市、区）", styles["h"]),
        Paragraph(("以下县（市、区）答卷进度未达目标，请加快推进：" + "、".join(behind) + "。") if behind
                  else "各县（市、区）均已达标或按进度推进。", styles["p"]),
    ]


def township_annex(figures: dict, styles, width: float) -> list:
    """附件: one table of townships per county, in code order, each township once."""
    story = [PageBreak(), Paragraph("附件", styles["h"]),
             Paragraph("各县（市、区）乡镇（街道）进展情况", styles["title"])]
    townships = figures["townships"]
    for i, county in enumerate(figures.get("counties", []), start=1):
        mine = [t for t in townships if t.get("county_id") == county["region_id"]]
        data = [["乡镇（街道）", "小微企业数", "有效答卷", "覆盖率", "知晓率", "目标份数", "数据确认"]]
        data += [[Paragraph(t["name"], styles["cell"]), t["firms"], t["responses"], _pct(t["coverage"]),
                  _pct(t["awareness"]) + ("*" if t["too_small"] and t["awareness"] is not None else ""),
                  t["target"] if t["target"] is not None else "—", Paragraph(t["signoff"], styles["cell"])]
                 for t in mine]
        story += [CondPageBreak(40 * mm),
                  Paragraph(f"{i}. {county['name']}（{county['confirmed']}/{county['townships_count']}个乡镇（街道）已确认，"
                            f"县级{county['approval']}）", styles["to"]),
                  _table(data, [0.24, 0.12, 0.11, 0.11, 0.11, 0.11, 0.2], width, 1), Spacer(1, 3 * mm)]
    return story
