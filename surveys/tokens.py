"""One-time form tokens: 16 random characters, the issue time and an HMAC over survey,
channel and both. Every rendered form gets one and a FormToken row (a "start" that reports
count); the signature lets a forged or foreign token be refused before any database work."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import time
from base64 import urlsafe_b64encode

from django.conf import settings

TOKEN_LENGTH = 43
MAX_AGE = datetime.timedelta(days=7)


def _signature(survey_id: int, channel_id: int | None, payload: str) -> str:
    key = hashlib.sha256(b"canbao.surveys.form-token" + settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(key, f"{survey_id}:{channel_id}:{payload}".encode(), hashlib.sha256).digest()
    return urlsafe_b64encode(digest).decode()[:19]


def new_form_token(survey_id: int, channel_id: int | None) -> str:
    payload = secrets.token_urlsafe(12) + f"{int(time.time()):08x}"  # 16 + 8 characters
    return payload + _signature(survey_id, channel_id, payload)


def token_issued_at(token: str, survey_id: int, channel_id: int | None) -> datetime.datetime | None:
    """When a genuine, unexpired token for this survey and channel was issued; else None."""
    if len(token) != TOKEN_LENGTH:
        return None
    payload, signature = token[:24], token[24:]
    if not hmac.compare_digest(signature, _signature(survey_id, channel_id, payload)):
        return None
    try:
        issued = datetime.datetime.fromtimestamp(int(payload[16:], 16), tz=datetime.UTC)
    except ValueError:
        return None
    now = datetime.datetime.now(tz=datetime.UTC)
    if not (now - MAX_AGE <= issued <= now + datetime.timedelta(minutes=5)):
        return None
    return issued
