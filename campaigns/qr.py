"""QR codes for channels: one matrix per channel (built with qrcode), drawn as PNG,
SVG and, in posters.py, as vector squares in the PDF."""

from __future__ import annotations

import io

import qrcode
from PIL import Image

from django.conf import settings
from django.urls import reverse

QUIET_ZONE = 4  # modules of white border the QR standard asks for


def channel_url(channel) -> str:
    """The short public URL printed under the QR code: <base>/q/<code>."""
    base = str(settings.CANBAO_PUBLIC_BASE_URL).rstrip("/")
    return base + reverse("campaigns:scan", kwargs={"code": channel.code})


def qr_matrix(url: str) -> list[list[bool]]:
    """The module matrix (no border) for a URL, error correction M (15%)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def dark_runs(matrix: list[list[bool]]):
    """(x, y, width) of each horizontal run of dark modules: fewer shapes to draw."""
    for y, row in enumerate(matrix):
        x, size = 0, len(row)
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                yield start, y, x - start
            else:
                x += 1


def render_png(matrix: list[list[bool]], module_px: int = 10) -> bytes:
    """A black-on-white PNG with the quiet zone, module_px pixels per module."""
    size = len(matrix) + 2 * QUIET_ZONE
    pad = b"\xff" * QUIET_ZONE
    raw = bytearray(b"\xff" * size * QUIET_ZONE)
    for row in matrix:
        raw += pad + bytes(0 if dark else 255 for dark in row) + pad
    raw += b"\xff" * size * QUIET_ZONE
    image = Image.frombytes("L", (size, size), bytes(raw)).resize((size * module_px, size * module_px), Image.NEAREST)
    out = io.BytesIO()
    image.convert("1").save(out, format="PNG", optimize=False)
    return out.getvalue()


def render_svg(matrix: list[list[bool]], module_mm: float = 1.0) -> str:
    """A scalable SVG: one path of dark runs on a white square (quiet zone included)."""
    size = len(matrix) + 2 * QUIET_ZONE
    path = "".join(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{w}v1h-{w}z" for x, y, w in dark_runs(matrix))
    side = f"{size * module_mm:g}mm"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>\n'
    )


def channel_png(channel) -> bytes:
    return render_png(qr_matrix(channel_url(channel)))


def channel_svg(channel) -> str:
    return render_svg(qr_matrix(channel_url(channel)))
