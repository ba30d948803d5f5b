"""One township's posters of one campaign in one zip, for its officer or an editor: for each
active channel, the poster in every layout (PDF) and the bare QR code (PNG and SVG)."""

from __future__ import annotations

import io
import zipfile

from .posters import LAYOUTS, poster_pdf
from .qr import channel_url, qr_matrix, render_png, render_svg


def file_stem(channel) -> str:
    return f"qr-{channel.township.code if channel.township_id else 'county'}-{channel.kind}-{channel.code}"


def township_channels(campaign, township):
    return campaign.channels.filter(is_active=True, township=township).select_related("campaign__region", "township__county", "region")


def township_pack(campaign, township) -> bytes:
    """The zip of the township's posters; file names carry township code, kind and channel code."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for channel in township_channels(campaign, township):
            url = channel_url(channel)
            matrix = qr_matrix(url)
            stem = file_stem(channel)
            for layout in LAYOUTS:
                pack.writestr(f"{stem}-{layout}.pdf", poster_pdf(channel, matrix, url, layout))
            pack.writestr(f"{stem}.png", render_png(matrix))
            pack.writestr(f"{stem}.svg", render_svg(matrix))
    return buffer.getvalue()
