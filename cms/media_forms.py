"""Audio and video uploads (wagtailmedia) are checked by what they contain, not by the
name they carry: an HTML page or an executable renamed to .mp4 is refused, and so is any
file over the size cap (settings.CANBAO_MEDIA_MAX_BYTES)."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from wagtailmedia.forms import BaseMediaForm

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_ISO_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def _iso(head: bytes) -> bool:  # MP4 / MOV / M4A: a box type at offset 4
    return head[4:8] in _ISO_BOXES


def _riff(kind: bytes):
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


# Extension → a test of the file's first bytes (its container's magic number).
CONTAINERS = {
    "mp4": _iso, "m4v": _iso, "mov": _iso, "m4a": _iso, "m4b": _iso,
    "webm": lambda h: h[:4] == b"\x1a\x45\xdf\xa3", "mkv": lambda h: h[:4] == b"\x1a\x45\xdf\xa3",
    "ogg": lambda h: h[:4] == b"OggS", "ogv": lambda h: h[:4] == b"OggS",
    "mp3": lambda h: h[:3] == b"ID3" or (len(h) > 1 and h[0] == 0xFF and h[1] & 0xE0 == 0xE0),
    "aac": lambda h: len(h) > 1 and h[0] == 0xFF and h[1] & 0xF6 == 0xF0,
    "wav": _riff(b"WAVE"), "avi": _riff(b"AVI "), "flac": lambda h: h[:4] == b"fLaC",
    "aiff": lambda h: h[:4] == b"FORM" and h[8:12] in (b"AIFF", b"AIFC"),
    "mpeg": lambda h: h[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"),
    "mpg": lambda h: h[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"),
    "h264": lambda h: h[:4] == b"\x00\x00\x00\x01" or h[:3] == b"\x00\x00\x01",
}


def check_media_file(name: str, size: int, head: bytes) -> str | None:
    """The Chinese reason a media upload is refused, or None when it may be kept."""
    limit = getattr(settings, "CANBAO_MEDIA_MAX_BYTES", DEFAULT_MAX_BYTES)
    if size > limit:
        return _("文件过大（%(size).1f MB），音视频文件不能超过 %(limit)d MB。") % {
            "size": size / 1048576, "limit": limit // 1048576}
    extension = PurePath(name).suffix.lower().lstrip(".")
    test = CONTAINERS.get(extension)
    if test is None:
        return _("不支持 .%(ext)s 文件，请上传 MP4、WebM、MP3 等常见音视频格式。") % {"ext": extension}
    if not test(head):
        return _("文件内容不是 %(ext)s 音视频（可能只是改了扩展名），请上传原始的音视频文件。") % {"ext": extension.upper()}
    return None


class CheckedMediaForm(BaseMediaForm):
    """wagtailmedia's form plus the content check (WAGTAILMEDIA["MEDIA_FORM_BASE"])."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "read") or getattr(upload, "_committed", False):
            return upload  # unchanged on edit
        position = upload.tell() if hasattr(upload, "tell") else 0
        head = upload.read(16)
        upload.seek(position)
        problem = check_media_file(upload.name, upload.size, head)
        if problem:
            raise forms.ValidationError(problem)
        return upload
