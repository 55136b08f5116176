"""Formula-injection guard for every spreadsheet export (CSV now; a future xlsx exporter must use it too).

Spreadsheet apps run a cell that begins with = + - @ TAB or CR as a formula (e.g. =HYPERLINK(...)).
OWASP's advice: prepend a single quote so the cell is read as text. The csv module then quotes the
field as usual, so the quote ends up inside the CSV quoting (e.g. "'=HYPERLINK(""http://x"",""y"")").
Numbers are left as numbers. The rule applies to real text too ("- Như trên" becomes "'- Như trên").
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Said once in the data package's description of each CSV, so data users know where a leading ' comes from.
NOTE_VI = "Ô chữ bắt đầu bằng =, +, -, @, tab hoặc CR được thêm dấu ' ở đầu để phần mềm bảng tính không coi là công thức."
NOTE_EN = "Text cells that begin with =, +, -, @, tab or CR have a ' prepended so spreadsheets do not run them as formulas."


def spreadsheet_safe(value):
    """`value` for a spreadsheet cell: None and numbers unchanged, text with a ' before a formula start."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
