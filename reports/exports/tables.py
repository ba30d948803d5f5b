"""The tables every export format writes: summary by township, questions, responses."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_noop

from campaigns.models import SMALL_OR_MICRO, Channel, SizeClass, Township
from surveys.models import Answer, Question, Response

from ..filters import ReportFilters
from ..labels import YES_NO_LABELS, industry_label, number
from ..questions import least_known, population_sizes, question_rates
from ..rollup import campaign_responses, records
from .levels import summary_tables

# Exports are Chinese documents; the web pages translate these (reports_tags).
STATUS_LABELS = {"reached": gettext_noop("已达标"), "on_track": gettext_noop("按进度"), "at_risk": gettext_noop("有风险"),
                 "no_target": gettext_noop("无目标"), "missed": gettext_noop("未达标"), "closed": gettext_noop("已截止")}


def status_text(status: str, closed: bool = False, translate=lambda text: text) -> str:
    """The progress judgement as shown: after the deadline "已截止 · 已达标/未达标"
    (`translate`: gettext on the web pages)."""
    label = translate(STATUS_LABELS.get(status, status))
    return f"{translate(STATUS_LABELS['closed'])} · {label}" if closed and status != "closed" else label

SUMMARY_COLUMNS = [
    ("code", "区划代码"), ("name", "乡镇"), ("firms", "小微企业数"), ("uninsured", "其中未参保"), ("scans", "扫码次数"),
    ("responses", "有效答卷"), ("out_of_population", "不计入答卷"), ("unregistered", "其中名录外"),
    ("not_small_micro", "其中非小微"), ("responding_firms", "作答小微企业"), ("coverage", "覆盖率"), ("passed", "知晓人数"),
    ("awareness", "知晓率"), ("awareness_low", "知晓率下限(95%)"), ("awareness_high", "知晓率上限(95%)"),
    ("mean_score", "平均得分"), ("insured_share", "自报已参保比例"), ("margin", "误差范围(±)"),
    ("census", "普查"), ("too_small", "样本过少"), ("target", "目标份数"), ("projected", "预计截止时份数"), ("status", "进度判断"),
]
QUESTION_COLUMNS = [
    ("rank", "排名"), ("position", "题号"), ("fact_code", "知识点"), ("text", "题目"), ("township", "范围"),
    ("answered", "作答数"), ("correct", "答对数"), ("rate", "正确率"), ("low", "下限(95%)"), ("high", "上限(95%)"),
    ("policy_title", "相关政策文章"), ("policy_url", "文章链接"),
]
RATE_KEYS = {"coverage", "awareness", "awareness_low", "awareness_high", "mean_score", "insured_share", "margin",
             "projected", "rate", "low", "high"}


def rounded(key: str, value):
    """Rates, intervals and means rounded to 4 decimals, as the dashboard's figures."""
    if value is None:
        return None
    if key in RATE_KEYS:
        return round(float(value), 4)
    if key in ("too_small", "census"):
        return "是" if value else "否"
    return value


def table_values(rows: list[dict], columns) -> list[list]:
    """Rows as exported: rates rounded, yes/no in words, the status as shown."""
    return [[status_text(row["status"], row.get("closed")) if key == "status" else rounded(key, row.get(key))
             for key, _ in columns] for row in rows]


def summary_rows(campaign, filters: ReportFilters, townships, today: datetime.date, with_county: bool,
                 region=None) -> list[list]:
    """The summary table: the rows one level below `region` (townships of a county) and its total."""
    return table_values(summary_tables(campaign, filters, townships, today, with_county, region).summary,
                        SUMMARY_COLUMNS)


def question_rows(campaign, filters: ReportFilters, townships, with_county: bool, total_name: str = "全县") -> list[list]:
    rates = question_rates(campaign, filters, townships)
    per_township = rates[1]
    names = dict(Township.objects.values_list("id", "name"))
    out = []
    if with_county:
        for row in records(least_known(campaign, filters, townships, rates=rates)):
            out.append([rounded(k, total_name if k == "township" else row.get(k)) for k, _ in QUESTION_COLUMNS])
    town_ids = sorted(set(per_township["township_id"])) if not per_township.empty else []
    populations = population_sizes(campaign, filters, townships)
    for town_id in town_ids:
        for row in records(least_known(campaign, filters, townships, township_id=int(town_id), rates=rates,
                                       populations=populations)):
            out.append([rounded(k, names.get(town_id) if k == "township" else row.get(k)) for k, _ in QUESTION_COLUMNS])
    return out


def response_headers(campaign, include_personal: bool) -> tuple[list[str], list[Question]]:
    questions = list(Question.objects.filter(survey_id=campaign.survey_id).order_by("position", "id")) if campaign.survey_id else []
    headers = ["答卷编号", "乡镇", "渠道类型", "提交时间", "行业门类", "企业规模", "计入统计", "得分", "满分", "达到知晓标准",
               "参保情况"]
    if include_personal:
        headers = headers[:2] + ["企业名称", "统一社会信用代码"] + headers[2:]
    headers += [f"{q.position}. {q.text}" for q in questions]
    return headers, questions


def response_rows(campaign, filters: ReportFilters, townships, include_personal: bool,
                  progress: Callable[[int, int], None] | None = None, chunk: int = 5000) -> Iterator[list]:
    """One row per current response (no personal data unless include_personal), answers
    in survey order, in constant memory: two streaming queries (server-side cursors on
    PostgreSQL) in the same order, the responses and their answers LEFT JOINed with the
    chosen options, merged as they go by; no query per response or per chunk. (One joined
    query repeating the response's columns on each of 1.7 M answer rows read 5× slower.)"""
    _, questions = response_headers(campaign, include_personal)
    columns = {q.pk: i for i, q in enumerate(questions)}
    yes_no_questions = {q.pk for q in questions if q.kind == Question.Kind.YES_NO}
    kinds, sizes, insured = ({k: str(v) for k, v in choices} for choices in
                             (Channel.Kind.choices, SizeClass.choices, Response.Insured.choices))
    qs = campaign_responses(campaign, filters, townships)
    total = qs.count() if progress else 0
    order = ["township__code", "submitted_at", "id"]
    responses = qs.order_by(*order).values_list(
        "id", "township__name", "enterprise_name", "uscc", "channel__kind", "submitted_at",
        "enterprise__industry_section", "enterprise__size_class", "score", "max_score", "passed", "insured",
        "township_id", "enterprise_id", "enterprise__township_id").iterator(chunk_size=chunk)
    answers_stream = (
        Answer.objects.filter(response__in=qs.order_by().values("id"))
        .order_by(*(f"response__{key}" for key in order), "id", "choices__option__position", "choices__id")
        .values_list("response_id", "question_id", "number_value", "text_value", "choices__option__label")
        .iterator(chunk_size=chunk * 10))
    pending = next(answers_stream, None)
    localtime, blank, done = timezone.localtime, [""] * len(questions), 0
    for record in responses:
        rid, answers, last_answer = record[0], blank.copy(), None
        while pending is not None and pending[0] == rid:
            _, qid, value, text, label = pending
            pending = next(answers_stream, None)
            col = columns.get(qid)
            if col is None:
                continue
            if last_answer != qid:  # the answer's own value, once; then each chosen option
                last_answer = qid
                if qid in yes_no_questions or text == "unsure":  # yes/no questions; a knowledge question's 不清楚
                    text = YES_NO_LABELS.get(text, text)
                answers[col] = text or ("" if value is None else number(value))
            if label is not None:
                previous = answers[col]
                answers[col] = f"{previous}；{label}" if previous else label
        yield _response_row(record, answers, include_personal, kinds, sizes, insured, localtime)
        done += 1
        if progress and done % chunk == 0:
            progress(done, total)
    if progress:
        progress(done, total)


def _response_row(record, answers: list, include_personal: bool, kinds, sizes, insured, localtime) -> list:
    (rid, town, name, uscc, kind, submitted, section, size, score, max_score, passed, ins,
     town_id, firm_id, firm_town_id) = record[:15]
    row = [rid, town, name, uscc] if include_personal else [rid, town]
    row += [kinds.get(kind, ""), localtime(submitted).strftime("%Y-%m-%d %H:%M"), industry_label(section),
            sizes.get(size, ""), counted_label(firm_id, size, town_id, firm_town_id), score, max_score,
            "是" if passed else "否", insured.get(ins, "")]
    row += answers
    return row


def counted_label(firm_id, size, township_id, firm_township_id) -> str:
    """是 for an in-population response (reports.population), else why it is apart."""
    if firm_id is None:
        return "否（名录外）"
    if size in SMALL_OR_MICRO and township_id == firm_township_id:
        return "是"
    return "否（非小微）"


def method_lines() -> list[str]:
    from .. import statistics as st

    return [
        "统计口径：只统计“有效”答卷（被替换的旧答卷不计）；同一企业只计最新一份。",
        "统计对象（总体）：企业名录中规模为小型或微型的企业，N 为该乡镇的这类企业数（按行业、规模筛选时同步筛选）。",
        "答卷按统一社会信用代码与企业名录匹配：名录内企业的答卷计入名录所在乡镇；名录外企业计入所扫二维码的乡镇，"
        "全县通用渠道（网站、短信等）计入答题人所选乡镇。名录后来导入或修改时，已有答卷随之重新匹配。",
        "计入比率的只有名录内小微企业的答卷（n，每家企业最多一份，故 n ≤ N）。名录外企业（含外县企业、代码有误）"
        "和中型、大型、无法判定规模企业的答卷列为“不计入答卷”，单独计数，不参与任何比率。",
        "覆盖率 = 作答的名录内小微企业数 n ÷ 小微企业数 N，不超过 100%。",
        "知晓率 = 得分达到问卷知晓合格分的答卷数 ÷ n。知识点正确率同样只按名录内小微企业的答卷计算。",
        "平均得分 = 知识题答对题数的平均值。自报已参保比例 = 答“已参保”÷ 回答了参保情况题的答卷数。",
        "有限总体修正：f = (N − n) ÷ (N − 1)。误差范围 = 1.96 × √(0.25 ÷ n) × √f；95%置信区间采用 Wilson 区间，"
        "z 同样乘以 √f（即方差 p(1−p)/n 乘以 f），区间与误差范围口径一致。",
        "只有全部 N 家企业都已作答（普查）时 f = 0，误差范围为 0、区间收缩为一点；N = 1 且已作答即为普查；"
        "N = 2 只有 1 家作答时 f = 1。分类分析（行业、规模、渠道）中的区间不作有限总体修正。",
        f"样本过少：有效答卷少于 {st.MIN_RESPONSES} 份，比率仅供参考。",
        f"目标份数：乡镇目标未设定时，按 n = ⌈n0 ÷ (1 + (n0 − 1) ÷ N)⌉，n0 = {st.N0:.2f}（±5个百分点、95%置信度）；"
        "进度按计入统计的答卷计算。",
        f"预计截止时份数 = 当前份数 + 最近 {st.RECENT_DAYS} 天日均份数 × 距截止日天数；已达标 / 按进度 / 有风险。"
        "截止日过后不再预计，只给最终结果：已截止 · 已达标 / 已截止 · 未达标。",
        "漏斗：扫码（同一设备每渠道每天计一次，链接预览、搜索引擎等抓取不计）≥ 打开问卷（问卷页面发给浏览器，"
        "同一设备当天刷新不重复计）≥ 提交（表单送达校验，含未通过校验的）≥ 有效答卷。",
        "扫码次数按渠道统计，不受行业、规模筛选影响；不分乡镇的通用渠道的扫码不属于任何乡镇，只计入其所服务地区（县、市）的合计。",
        "县（市、区）、市、省的行：计数为下辖乡镇之和（扫码另加服务该区域的通用渠道），比率、Wilson 区间和误差范围按合计"
        "重新计算，N 为该区域全部小微企业数；目标取行动为该区域设定的目标，否则取下级目标之和。",
        "导出的文字单元格若以 = + - @ 开头，前面加 ' 以防被电子表格当作公式执行。",
    ]
