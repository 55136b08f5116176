"""Formula-injection guard for every spreadsheet export (CSV now; a future xlsx exporter must use it too).

Spreadsheet apps run a cell that begins with = + - @ TAB or CR as a formula (e.g. =HYPERLINK(...)).
OWASP's advice: prepend a single quote so the cell is read as text. The csv module then quotes the
field as usual, so the quote ends up inside the CSV quoting (e.g. "'=HYPERLINK(""http://x"",""y"")").
Numbers are left as numbers. The rule applies to real text too ("- Như trên" becomes "'- Như trên").
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Data users are told where a leading ' comes from in each CSV's description (label download_csv_note).


def spreadsheet_safe(value):
    """`value` for a spreadsheet cell: None and numbers unchanged, text with a ' before a formula start."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
