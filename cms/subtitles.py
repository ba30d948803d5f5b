"""Subtitles for videos: a WebVTT file uploaded as a Wagtail document.

The video block (cms.blocks.VideoBlock) takes an optional subtitles document and renders it
as a <track> inside the <video>. A browser ignores a track that is not WebVTT, so the block
refuses any document whose name does not end in .vtt or whose content does not start with
the WEBVTT signature (optionally after a UTF-8 byte-order mark).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

SIGNATURE = b"WEBVTT"
BOM = b"\xef\xbb\xbf"


def webvtt_error(document) -> str | None:
    """Why the document cannot be used as subtitles, or None if it is a WebVTT file."""
    name = document.file.name or ""
    if not name.lower().endswith(".vtt"):
        return _("字幕文件必须是 WebVTT 格式（.vtt）。")
    try:
        document.file.open("rb")
        try:
            head = document.file.read(len(BOM) + len(SIGNATURE) + 1)
        finally:
            document.file.close()
    except OSError:
        return _("无法读取字幕文件，请重新上传。")
    if head.startswith(BOM):
        head = head[len(BOM):]
    if not head.startswith(SIGNATURE) or head[len(SIGNATURE):len(SIGNATURE) + 1] not in (b"", b" ", b"\t", b"\n", b"\r"):
        return _("字幕文件内容不是 WebVTT 格式：第一行必须以 WEBVTT 开头。")
    return None
