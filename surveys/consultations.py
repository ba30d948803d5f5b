"""Consultation requests: a firm's phone number left on its result page (checked, stored
once per response, updated while open), closed by staff, shown masked, and erased after the
retention period."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .models import ConsultationRequest, Response
from .results import forget_result

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def normalize_phone(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch.isdigit() or ch == "-").strip("-")


def consultation_problems(phone: str, preferred_time: str) -> dict[str, str]:
    errors = {}
    if not phone:
        errors["phone"] = _("请填写联系电话。")
    elif not PHONE_RE.match(phone):
        errors["phone"] = _("请填写11位手机号码或带区号的固定电话，例如 13912345678 或 0566-7021234。")
    if len(preferred_time) > 50:
        errors["preferred_time"] = _("方便联系时间请控制在50字以内。")
    return errors


def request_consultation(response: Response, phone: str, preferred_time: str) -> ConsultationRequest:
    """Create (or update while still open) the follow-up item of a response."""
    with transaction.atomic():
        item, created = ConsultationRequest.objects.select_for_update().get_or_create(
            response=response,
            defaults={"township_id": response.township_id, "phone": phone, "preferred_time": preferred_time},
        )
        if not created and item.status == ConsultationRequest.Status.OPEN:
            item.phone, item.preferred_time = phone, preferred_time
            item.save(update_fields=["phone", "preferred_time"])
    forget_result(response.form_token)
    return item


def close_consultation(item: ConsultationRequest, user, note: str = "") -> ConsultationRequest:
    item.status = ConsultationRequest.Status.CLOSED
    item.closed_at = timezone.now()
    item.closed_by = user
    if note:
        item.note = note
    item.save(update_fields=["status", "closed_at", "closed_by", "note"])
    return item


def mask_phone(phone: str) -> str:
    """138****5678: enough to tell two requests apart, not enough to call."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def erase_expired_phones(days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Blank the phone of every consultation request older than the retention period."""
    days = conf.phone_retention_days() if days is None else days
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    return (
        ConsultationRequest.objects.filter(created_at__lt=cutoff, phone_erased_at__isnull=True)
        .update(phone="", phone_erased_at=now)
    )
