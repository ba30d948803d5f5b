"""Public answering pages: the form behind a channel's QR code and its submission (the
result page and the consultation request: surveys.result_views). Server-rendered, no
JavaScript needed."""

from __future__ import annotations

import logging
import re

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from campaigns.channels import ChannelInfo, channel_info, township_groups, townships_stamp
from campaigns.visitors import forget_scan, is_automated
from core.errors import DATABASE_DOWN, RETRY_AFTER_SECONDS, unavailable

from . import conf, drafts, services, starts
from .answering import AnswerSheet, read_answer_sheet
from .attribution import read_picked_township
from .definition import SurveyDef, survey_definition
from .duplicate import duplicate_page
from .limits import client_ip, hit, hit_all
from .presentation import fill_option_blocks, form_fields, mark_option_blocks
from .tokens import token_issued_at

HONEYPOT = "website"
logger = logging.getLogger(__name__)


def notice(request, title: str, message: str, status: int = 200, **extra):
    return render(request, "surveys/notice.html", {"title": title, "message": message, **extra}, status=status)


def too_many(request):
    """429 with Retry-After: the counting window (a client may try again when it ends)."""
    response = notice(
        request, _("提交过于频繁"), _("您或同一网络下的用户提交次数过多，请稍等几分钟后再试。如在服务大厅，可请工作人员协助。"),
        status=429,
    )
    response["Retry-After"] = str(conf.limit_window_seconds())
    return response


@csrf_protect
def answer(request, code: str):
    response = _answer(request, code)
    # Forms carry one-time tokens: never in a shared cache.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _answer(request, code: str):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    channel = channel_info(code)
    if channel is None:
        raise Http404
    survey = open_survey(request, channel)
    if isinstance(survey, HttpResponse):
        return survey
    if request.method == "GET":
        return fresh_form(request, survey, channel)
    return submit(request, survey, channel)


def scan_landing(request, channel: ChannelInfo):
    """The QR URL /q/<code> shows the form at once (campaigns counted the scan; settings
    CAMPAIGNS_SCAN_LANDING points here): on a rural 3G connection a redirect would cost
    the phone another round trip before the first byte of the form."""
    survey = open_survey(request, channel)
    response = survey if isinstance(survey, HttpResponse) else fresh_form(request, survey, channel)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def open_survey(request, channel: ChannelInfo) -> SurveyDef | HttpResponse:
    """The survey the channel's campaign measures, or the page that says why it cannot
    be answered now."""
    if not channel.usable():
        return notice(request, _("二维码已停用"), _("该二维码已停用或过期。请扫描最新宣传海报上的二维码，或咨询乡镇工作人员。"), 410,
                      brand=channel.brand)
    if channel.survey_id is None:
        return notice(request, _("暂无调查问卷"), _("本次宣传行动暂未发布调查问卷，感谢您的关注。"), 404, brand=channel.brand)
    survey = survey_definition(channel.survey_id, channel.survey_stamp)
    state = survey.state()
    if state != "open":
        return closed_notice(request, survey, state, status=200 if request.method == "GET" else 403, brand=channel.brand)
    return survey


def fresh_form(request, survey: SurveyDef, channel: ChannelInfo):
    """A blank form. The browser's unspent token of today is given back (a reload is no
    new start: surveys.starts); a link preview or crawler gets the page without a token."""
    if not hit("form-ip", client_ip(request), conf.form_limit_per_ip()):
        return too_many(request)
    if is_automated(request):
        return render_form(request, survey, channel, "", AnswerSheet())
    try:
        token = starts.reusable_token(request, survey.id, channel.id)
        if token is None:
            token = services.issue_form_token(survey.id, channel.id)
        # The answers kept under this form (a reload, an app switch, the same QR re-opened).
        kept = drafts.load_draft(token) if starts.has_draft(request, token) else {}
    except DATABASE_DOWN as exc:
        logger.warning("database unavailable, form not issued (%s): %s", channel.code, exc)
        return unavailable(request, message=_("问卷暂时无法打开：系统暂时无法连接数据库。请稍候片刻后刷新页面，或稍后重新扫码。"))
    response = render_form(request, survey, channel, token, AnswerSheet(values=kept))
    starts.remember_token(request, response, token)
    return response


def submit(request, survey: SurveyDef, channel: ChannelInfo):
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = 0
    if size > conf.max_post_bytes():
        return notice(request, _("提交内容过大"), _("提交的内容超出了允许的大小，请精简文字后重试。"), 413)
    token = request.POST.get("form_token", "")[:64]
    limits = [("submit-ip", client_ip(request), conf.submit_limit_per_ip())]
    if token:
        limits.append(("submit-token", token, conf.submit_limit_per_token()))
    if not hit_all(*limits):
        return too_many(request)
    if not token:
        return notice(request, _("页面已失效"), _("表单缺少必要信息，请重新扫码打开问卷。"), 400)
    if request.POST.get(HONEYPOT):
        return notice(request, _("提交未被接受"), _("提交内容异常，未被记录。如需填写，请重新扫码打开问卷。"), 400)
    sheet = read_answer_sheet(survey, request.POST)
    read_picked_township(channel, request.POST, sheet)
    if sheet.uscc and "uscc" not in sheet.errors:
        if not hit("submit-enterprise", f"{survey.id}:{sheet.uscc}", conf.submit_limit_per_enterprise()):
            return too_many(request)
    if not sheet.is_valid:
        services.mark_submitted(token)  # "submitted" in the funnel, even with errors
        return with_draft(request, survey, channel, token, render_form(request, survey, channel, token, sheet, status=400))
    try:
        outcome = services.submit_response(survey, channel, token, sheet)
    except DATABASE_DOWN as exc:
        logger.warning("database unavailable, answer not stored (%s): %s", channel.code, exc)
        return not_saved(request, survey, channel, token, sheet)
    if outcome.kind in ("created", "replayed"):
        response = redirect_to_result(outcome.token)
        if starts.has_draft(request, token):
            drafts.discard_draft(token)
        starts.forget_token(request, response, token)
        forget_scan(request, response, channel.code)
        return response
    services.mark_submitted(token)  # refused below: the store statement did not record it
    if outcome.kind == "already_answered":
        return duplicate_page(request, survey.id, channel.code, sheet.uscc)
    sheet.errors["form"] = _("页面已过期。您填写的内容已保留，请核对后再次提交。")
    try:
        fresh = services.issue_form_token(survey.id, channel.id)
    except DATABASE_DOWN:
        return not_saved(request, survey, channel, token, sheet)
    response = render_form(request, survey, channel, fresh, sheet, status=400)
    starts.remember_token(request, response, fresh)
    return with_draft(request, survey, channel, fresh, response)


def with_draft(request, survey: SurveyDef, channel: ChannelInfo, token: str, response):
    """The answers of a form sent back for correction are kept as its draft, so a reload or
    re-opening the QR code shows them again without JavaScript. Best effort."""
    if token_issued_at(token, survey.id, channel.id) is None:
        return response
    try:
        drafts.save_draft(survey, token, request.POST)
    except DATABASE_DOWN as exc:
        logger.warning("database unavailable, draft not kept (%s): %s", channel.code, exc)
        return response
    starts.remember_draft(request, response, token)
    return response


def not_saved(request, survey: SurveyDef, channel: ChannelInfo, token: str, sheet: AnswerSheet):
    """503: the database could not be reached, nothing was stored. The form comes back with
    every answer and the same token, so sending it again stores it exactly once."""
    alert = _("您的回答没有保存：系统暂时无法连接数据库。您填写的内容都已保留，请稍候片刻后再次点击“提交问卷”，同一份问卷不会重复记录。")
    try:
        page = _render_form(request, survey, channel, token, sheet, status=503, alert=alert, anonymous=True)
    except DATABASE_DOWN:  # pragma: no cover - the form needs nothing from the database
        return unavailable(request)
    page["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return page


def _local(when) -> str:
    """A moment as the visitor's language writes it (2024年3月1日 09:30 / March 1, 2024, 9:30 a.m.)."""
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(when), "DATETIME_FORMAT")


def closed_notice(request, survey: SurveyDef, state: str, status: int, brand: str = ""):
    if state == "not_open":
        message = _("本调查将于 %(when)s 开始，届时欢迎扫码参与。") % {"when": _local(survey.opens_at)}
        return notice(request, _("调查尚未开始"), message, status, brand=brand)
    message = _("本调查已于 %(when)s 结束，感谢您的关注。") % {"when": _local(survey.closes_at)}
    return notice(request, _("调查已结束"), message, status, brand=brand)


_blank_forms: dict[tuple, str] = {}
CSRF_MARK, TOKEN_MARK = "\x00csrf\x00", "\x00token\x00"
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def render_form(request, survey: SurveyDef, channel: ChannelInfo, token: str, sheet: AnswerSheet, status=200):
    """A blank form differs between phones only in its two tokens and the order of its
    knowledge options: it is rendered once per survey definition, channel and language,
    then the tokens and the options in this token's order are filled in. A crawler's
    tokenless page is rendered in full."""
    if not token or sheet.values or request.user.is_authenticated or getattr(request, "_messages", None):
        return _render_form(request, survey, channel, token, sheet, status)
    picker = (channel.scope_prefix, townships_stamp()) if channel.is_county_wide else None
    key = (survey.id, survey.stamp, channel.code, channel.township_name, channel.brand, picker, request.LANGUAGE_CODE)
    html = _blank_forms.get(key)
    if html is None:
        page = _render_form(request, survey, channel, token, sheet, status)
        html = page.content.decode()
        # {% csrf_token %} masks the secret afresh on every call (the answer form and the
        # footer's language switcher): take every value it wrote.
        for csrf in set(CSRF_VALUE.findall(html)):
            html = html.replace(csrf, CSRF_MARK)
        html = mark_option_blocks(html.replace(token, TOKEN_MARK), survey, token)
        if len(_blank_forms) > 2000:
            _blank_forms.clear()
        _blank_forms[key] = html
        return page
    html = fill_option_blocks(html, survey, token)  # knowledge options in this form's order
    return HttpResponse(html.replace(CSRF_MARK, get_token(request)).replace(TOKEN_MARK, token), status=status)


def _render_form(
    request, survey: SurveyDef, channel: ChannelInfo, token: str, sheet: AnswerSheet, status=200, alert="",
    anonymous=False,
):
    context = {
        "alert": alert,
        "survey": survey,
        "channel": channel,
        "token": token,
        "sheet": sheet,
        "fields": form_fields(survey, sheet, token),
        # A county-wide channel (website, WeChat article…) asks for the township.
        # …among the townships of its region, grouped by county when there are several.
        "brand": channel.brand,
        "township_groups": township_groups(channel.scope_prefix) if channel.is_county_wide else (),
        "picked_township": (sheet.values.get("township") or [""])[0],
        "error_count": len(sheet.errors),
        "honeypot": HONEYPOT,
        "action": reverse("surveys:answer", kwargs={"code": channel.code}),
        "draft_action": reverse("surveys:draft", kwargs={"code": channel.code}),
        # The same page is served at /q/<code> and /s/<code>/: switching language returns to
        # the answering URL, which counts no second scan.
        "language_next": reverse("surveys:answer", kwargs={"code": channel.code}),
    }
    if anonymous:  # no context processors: the session and messages would need the database
        context |= {"csrf_token": get_token(request), "LANGUAGE_CODE": request.LANGUAGE_CODE, "request": request}
        return HttpResponse(loader.render_to_string("surveys/answer.html", context), status=status)
    return render(request, "surveys/answer.html", context, status=status)


def redirect_to_result(token: str):
    return redirect(reverse("surveys:result", kwargs={"token": token}), permanent=False)
