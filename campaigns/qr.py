"""QR codes for channels: one matrix per channel (built with qrcode), drawn as PNG,
SVG and, in posters.py, as vector squares in the PDF."""

from __future__ import annotations

import io
from functools import cache

import numpy as np
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
    """The module matrix (no border) for a URL, error correction M (15%).

    Identical to qrcode's `make(fit=True)`: qrcode builds the data and the final matrix,
    but the choice among the eight masks (qrcode scores eight full rebuilds) is made by
    scoring the masked candidates with numpy using the same penalty rules (tested)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.best_fit(start=None)
    code.makeImpl(True, 0)  # the candidate qrcode would score first
    code.makeImpl(False, best_mask(code))
    return code.modules


@cache
def _layout(version: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the data modules of a version are, and the eight mask patterns over them."""
    size = version * 4 + 17
    probe = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    probe.modules_count = size
    probe.modules = [[None] * size for _ in range(size)]
    for row, col in ((0, 0), (size - 7, 0), (0, size - 7)):
        probe.setup_position_probe_pattern(row, col)
    probe.setup_position_adjust_pattern()
    probe.setup_timing_pattern()
    probe.setup_type_info(True, 0)
    if version >= 7:
        probe.setup_type_number(True)
    data = np.array([[module is None for module in row] for row in probe.modules])
    i, j = np.indices((size, size))
    patterns = np.array([
        (i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0, (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0, ((i * j) % 2 + (i * j) % 3) % 2 == 0, ((i * j) % 3 + (i + j) % 2) % 2 == 0,
    ]) & data
    return data, patterns


_FINDER_LIKE = np.array([[1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]], dtype=bool)


def _run_penalties(stack: np.ndarray) -> np.ndarray:
    """Rule 1 along rows, per matrix of the stack: each run of five or more
    same-coloured modules scores its length − 2."""
    count, rows, size = stack.shape
    flat = stack.reshape(count * rows, size)
    boundary = np.ones((count * rows, size + 1), dtype=bool)
    boundary[:, 1:size] = flat[:, 1:] != flat[:, :-1]
    row_index, col_index = np.nonzero(boundary)
    same_row = row_index[1:] == row_index[:-1]
    lengths = np.diff(col_index)
    scores = np.where(same_row & (lengths >= 5), lengths - 2, 0)
    return np.bincount(row_index[1:] // rows, weights=scores, minlength=count).astype(int)


def _finder_penalties(stack: np.ndarray) -> np.ndarray:
    """Rule 3 along rows: 40 per 1:1:3:1:1 pattern with four light modules on one side."""
    windows = np.lib.stride_tricks.sliding_window_view(stack, 11, axis=2)
    found = (windows == _FINDER_LIKE[0]).all(-1) | (windows == _FINDER_LIKE[1]).all(-1)
    return 40 * found.sum(axis=(1, 2))


def penalties(stack: np.ndarray) -> np.ndarray:
    """The mask penalty of each matrix in a (k, n, n) stack, exactly as
    qrcode.util.lost_point scores one matrix."""
    size = stack.shape[1]
    columns = stack.transpose(0, 2, 1)
    scores = _run_penalties(stack) + _run_penalties(columns)
    top_left = stack[:, :-1, :-1]
    blocks = (top_left == stack[:, 1:, :-1]) & (top_left == stack[:, :-1, 1:]) & (top_left == stack[:, 1:, 1:])
    scores += 3 * blocks.sum(axis=(1, 2))
    scores += _finder_penalties(stack) + _finder_penalties(columns)
    dark = stack.sum(axis=(1, 2))
    balance = [int(abs(float(int(d)) / (size**2) * 100 - 50) / 5) * 10 for d in dark]
    return scores + np.array(balance)


def best_mask(code: qrcode.QRCode) -> int:
    """The mask qrcode's best_mask_pattern() would pick, from the mask-0 test candidate."""
    _, patterns = _layout(code.version)
    unmasked = np.array(code.modules, dtype=bool) ^ patterns[0]
    return int(np.argmin(penalties(unmasked[None, :, :] ^ patterns)))  # first lowest, as qrcode


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
