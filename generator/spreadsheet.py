"""Spreadsheet exports: the formula-injection guard every one uses (CSV and xlsx), and deterministic xlsx.

Spreadsheet apps run a cell that begins with = + - @ TAB or CR as a formula (e.g. =HYPERLINK(...)).
OWASP's advice: prepend a single quote so the cell is read as text. The csv module then quotes the
field as usual, so the quote ends up inside the CSV quoting (e.g. "'=HYPERLINK(""http://x"",""y"")").
Numbers are left as numbers. The rule applies to real text too ("- Như trên" becomes "'- Như trên").
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Data users are told where a leading ' comes from in each CSV's description (label download_csv_note).


def spreadsheet_safe(value):
    """`value` for a spreadsheet cell: None and numbers unchanged, text with a ' before a formula start."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# ---------------------------------------------------------------------------------------------
# xlsx: workbooks written with openpyxl, byte-identical from build to build

# Characters XML 1.0 does not allow (control characters other than tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): a workbook's sheets are XML, and so is the Atom feed (generator/data.py).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters
WIDTH_SAMPLE = 2000  # rows measured for a column's width: enough to see its typical length, cheap at 1,300 plans


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row (bold, frozen, with an autofilter when `table`) and rows."""
    title: str  # at most 31 characters, none of []:*?/\
    header: tuple
    rows: list
    table: bool = True  # a data table: autofilter over header and rows
    wrap: frozenset = field(default_factory=frozenset)  # columns (0-based) whose text wraps (prose sheets)


def cell_value(value):
    """A cell's value: the formula guard of `spreadsheet_safe`, and no character a workbook cannot hold;
    an empty text is no cell at all (openpyxl writes nothing for None: a large sheet's cells cost time)."""
    value = spreadsheet_safe(value)
    return (NOT_XML.sub("", value) or None) if isinstance(value, str) else value


def _width(header: str, values) -> int:
    longest = max([len(header) + 2, *(len(str(v)) for v in values if v is not None)])
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 1))


def workbook_bytes(sheets: list[Sheet], date: str, title: str = "", creator: str = "") -> bytes:
    """The workbook as exact bytes. openpyxl stamps the time of writing in docProps/core.xml and every
    zip entry: the document's dates are `date` (YYYY-MM-DD, the data's date) and the zip is written
    again with that date on every entry, entries in openpyxl's own (fixed) order."""
    wb = Workbook(write_only=True)
    when = dt.datetime.fromisoformat(date[:10])
    wb.properties.created = wb.properties.modified = when
    wb.properties.title, wb.properties.creator = cell_value(title) or None, cell_value(creator) or "plansite"
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(NOT_XML.sub("", sheet.title))
        rows = [[cell_value(v) for v in r] for r in sheet.rows]
        for i, name in enumerate(sheet.header):
            width = _width(str(name), (r[i] for r in rows[:WIDTH_SAMPLE]))
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "A2"
        if sheet.table and sheet.header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{len(rows) + 1}"
        head = []
        for name in sheet.header:
            c = WriteOnlyCell(ws, value=cell_value(name))
            c.font = bold
            head.append(c)
        ws.append(head)
        wrap = Alignment(wrap_text=True, vertical="top")
        for r in rows:
            if sheet.wrap:
                r = [_wrapped(ws, v, wrap) if i in sheet.wrap else v for i, v in enumerate(r)]
            ws.append(r)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: it sets `modified` to now
    return _fixed_zip(buf.getvalue(), (when.year, when.month, when.day, 0, 0, 0))


def _wrapped(ws, value, alignment):
    c = WriteOnlyCell(ws, value=value)
    c.alignment = alignment
    return c


def _fixed_zip(data: bytes, date_time: tuple) -> bytes:
    """The zip `data` again, every entry dated `date_time`, with fixed attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, src.read(name))
    return out.getvalue()
