"""Which township a response counts in, and keeping that true when the registry changes.

Rule: a response whose USCC is in the enterprise registry belongs to the registry's
township; otherwise to the township of the channel it came through, or, for a county-wide
channel, the township the respondent picked. Response.township, the copy on each Answer
(for GROUP BY) and the consultation request follow the rule at submit time
(surveys.services) and again whenever firms are created, edited or imported."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from campaigns.channels import ChannelInfo, township_ids
from campaigns.models import Enterprise

from .models import Answer, ConsultationRequest, Response
from .results import forget_results

TOWNSHIP_FIELD = "township"
CHUNK = 500


def read_picked_township(channel: ChannelInfo, data, sheet) -> None:
    """For a county-wide channel: the township the respondent picked (a required choice among
    the townships of the channel's region), kept in sheet.values for redisplay and in
    sheet.township_id when valid."""
    if not channel.is_county_wide:
        return
    get_list = data.getlist if hasattr(data, "getlist") else (lambda k: data.get(k, []))
    raw = (get_list(TOWNSHIP_FIELD) or [""])[0][:12]
    sheet.values[TOWNSHIP_FIELD] = [raw]
    picked = int(raw) if raw.isdigit() else None
    if picked is not None and picked in township_ids(channel.scope_prefix):
        sheet.township_id = picked
    elif not raw:
        sheet.errors[TOWNSHIP_FIELD] = _("请选择企业所在乡镇。")
    elif picked is not None and picked in township_ids():
        sheet.errors[TOWNSHIP_FIELD] = _("所选乡镇不在本次调查的范围内，请从列表中重新选择。")
    else:
        sheet.errors[TOWNSHIP_FIELD] = _("所选乡镇无效，请重新选择。")


def fallback_township(channel: ChannelInfo, sheet) -> int | None:
    """The township of an unregistered firm's response: the channel's, else the picked one."""
    return channel.township_id if channel.township_id is not None else sheet.township_id


def attribute_responses(usccs: Iterable[str]) -> int:
    """Link the responses of these USCCs to their registered firm and move them, their
    answers and consultation requests to the firm's township. Returns responses touched."""
    codes = sorted(set(usccs))
    firm = Enterprise.objects.filter(uscc=OuterRef("uscc"))
    touched = 0
    for start in range(0, len(codes), CHUNK):
        registered = Enterprise.objects.filter(uscc__in=codes[start:start + CHUNK]).values("uscc")
        responses = Response.objects.filter(uscc__in=registered)
        touched += responses.update(
            enterprise_id=Subquery(firm.values("id")[:1]), township_id=Subquery(firm.values("township_id")[:1])
        )
        own = Response.objects.filter(pk=OuterRef("response_id")).values("township_id")[:1]
        # By the responses' ids: on PostgreSQL the nested IN over firms and responses got a
        # plan that ran for minutes on a freshly loaded (unanalysed) demo.
        ids, tokens = [], []
        for pk, token in responses.values_list("pk", "form_token"):
            ids.append(pk)
            tokens.append(token)
        Answer.objects.filter(response_id__in=ids).update(township_id=Subquery(own))
        ConsultationRequest.objects.filter(response_id__in=ids).update(township_id=Subquery(own))
        forget_results(tokens)  # their result pages name the township whose staff will call
    return touched
