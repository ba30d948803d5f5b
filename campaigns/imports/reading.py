"""Read the lists other departments send — .xlsx, .xls, .ods or CSV — into a Table: the
header found (headers.py), each known field given its column (or the column an officer
chose on the preview page), data rows streamed under it with footers and blank rows left out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain

from django.conf import settings
from django.utils.translation import gettext as _

from .headers import (
    FIELD_LABELS,
    FIELDS_BY_KIND,
    HEADER_ALIASES,
    HEADER_SEARCH_ROWS,
    MONEY_FIELDS,
    REQUIRED_FIELDS,
    find_header,
    is_footer,
    money_scale,
    normalise_header,
)
from .limits import ImportFileError
from .sheets import iter_sheet_rows

__all__ = [
    "ALLOWED_EXTENSIONS", "HEADER_ALIASES", "ImportFileError", "Table", "check_upload", "normalise_header", "read_table",
]
ALLOWED_EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")


@dataclass
class Table:
    header_row: int  # 1-based number of the header's last row
    columns: dict[str, int]  # field → 0-based column
    rows: list[tuple[int, list]] = field(default_factory=list)  # (spreadsheet row number, cells)
    labels: list[str] = field(default_factory=list)  # the header's label of every column
    scales: dict[str, Decimal] = field(default_factory=dict)  # money field → factor to 万元
    header_first_row: int = 0

    def value(self, cells: list, fname: str):
        col = self.columns.get(fname)
        if col is None or col >= len(cells):
            return None
        value = cells[col]
        scale = self.scales.get(fname)
        if scale is not None and value not in (None, ""):
            try:
                return Decimal(str(value).replace(",", "").replace("，", "").strip()) * scale
            except InvalidOperation:
                return value  # as_decimal() says what is wrong with it
        return value

    def take_rows(self) -> Iterator[tuple[int, list]]:
        """Yield the data rows, letting go of each once yielded and leaving `rows` empty:
        planning 50,000 rows then never holds the whole table beside the whole plan."""
        rows, self.rows = self.rows, []
        rows.reverse()
        while rows:
            yield rows.pop()

    def mapping(self) -> dict:
        """What the preview page shows and the officer may correct (stored on the batch)."""
        return {
            "labels": self.labels, "fields": self.columns,
            "header_rows": [self.header_first_row, self.header_row],
        }


def max_import_bytes() -> int:
    return getattr(settings, "CANBAO_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def check_upload(name: str, size: int) -> None:
    """Reject a file by its name and size before reading it."""
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ImportFileError(_("只能导入 .xlsx、.xls、.ods 或 .csv 文件。"))
    if size == 0:
        raise ImportFileError(_("文件是空的。"))
    if size > max_import_bytes():
        raise ImportFileError(
            _("文件过大（%(size).1f MB），单个文件不能超过 %(limit)d MB。")
            % {"size": size / 1048576, "limit": max_import_bytes() // 1048576}
        )


def _chosen_columns(mapping: dict, labels: list[str], kind: str) -> dict[str, int]:
    """An officer's mapping {field: column or None}, checked against the file's columns."""
    columns = {}
    for fname, col in mapping.items():
        if fname not in FIELDS_BY_KIND[kind] or col in (None, ""):
            continue
        col = int(col)
        if not 0 <= col < len(labels):
            raise ImportFileError(_("所选的列不存在：第 %(n)d 列。") % {"n": col + 1})
        columns[fname] = col
    return columns


def _filled(cell) -> bool:
    return cell is not None and cell != "" and (not isinstance(cell, str) or bool(cell.strip()))


def read_table(data: bytes, name: str, kind: str, mapping: dict | None = None) -> Table:
    """Read an uploaded file into a Table, or raise ImportFileError with a Chinese message.
    `mapping` ({field: column}) replaces the columns the header detection chose."""
    check_upload(name, len(data))
    rows = iter_sheet_rows(data, name)
    head = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS + 3:
            break
    header = find_header([cells for _number, cells in head])
    if header is None:
        required = REQUIRED_FIELDS[kind]
        names = "、".join(FIELD_LABELS[f] for f in required)
        raise ImportFileError(
            _("没有找到表头：前 %(n)d 行中需要有“%(names)s”等列名。") % {"n": HEADER_SEARCH_ROWS, "names": names}
        )
    wanted = FIELDS_BY_KIND[kind]
    if mapping is None:
        columns = {f: c for f, c in header.columns.items() if f in wanted}
    else:
        columns = _chosen_columns(mapping, header.labels, kind)
    missing = [f for f in REQUIRED_FIELDS[kind] if f not in columns]
    if missing:
        names = "、".join(FIELD_LABELS[f] for f in missing)
        raise ImportFileError(_("没有找到表头：缺少“%(names)s”列。") % {"names": names})
    last = header.first_row + header.depth - 1
    table = Table(
        header_row=head[last][0], header_first_row=head[header.first_row][0], columns=columns, labels=header.labels,
        scales={f: money_scale(header.labels[c]) for f, c in columns.items() if f in MONEY_FIELDS},
    )
    table.scales = {f: s for f, s in table.scales.items() if s != 1}
    width = max(columns.values()) + 1
    for number, cells in chain(head[last + 1:], rows):
        if not any(_filled(cell) for cell in cells[:width]) or is_footer(cells):
            continue
        table.rows.append((number, cells[:width]))
    if not table.rows:
        raise ImportFileError(_("表头下面没有数据行。"))
    return table
