"""BPS's PDRB table as BPS publishes it (spec section 9): year headers, category codes, notation.

The PDRB table arrives in the layout its source publishes: the long layout (tahun, kategori,
adhb), or BPS's own wide table from "Kabupaten Jember Dalam Angka" / "PDRB Kabupaten Jember
Menurut Lapangan Usaha" or BPS's website CSV, one column per year. This module holds the small
pure rules that read such a table; :mod:`iku_helpers.ingest.header` finds the header with them and
:mod:`iku_helpers.ingest.pdrb_cleaning` classifies the rows.

>>> year_header("2025 **)")
(2025, 'sangat sementara')
>>> classify_code("M, N Jasa Perusahaan")
('kategori', 'M,N')
>>> classify_code("G.1 Perdagangan Mobil")
('sub', 'G.1')
>>> number_notation(["32,505,220.11", "1,234.5"])
'inggris'
"""

from __future__ import annotations

import re

from ..core.tables import PDRB_KATEGORI

TABLE = "pdrb_lapangan_usaha"

#: A year column of the wide layout: ``2023``, ``2024*``, ``2025**``, ``2024*)``, ``2025 **)``.
_YEAR_HEADER = re.compile(r"^((?:19|20)[0-9]{2})[ \u00a0]*(\*{0,2})[ \u00a0]*\)?$")
#: BPS's marks: one star angka sementara, two angka sangat sementara, none angka tetap.
STATUS_BY_STARS = {"": "tetap", "*": "sementara", "**": "sangat sementara"}
#: A year column of the wide layout among the reader's canonical columns: ``adhb_2023``,
#: ``adhb_2024_sementara``, ``adhb_2025_sangat_sementara``.
_YEAR_COLUMN = re.compile(r"^adhb_((?:19|20)[0-9]{2})(?:_(sementara|sangat_sementara))?$")

#: A column of row numbers in front of the label ("No", "No.") is not part of the label.
NUMBER_COLUMNS = ("no", "nomor", "no_urut")
#: A row of column numbers ``(1) (2) (3)`` under the header.
_COLUMN_NUMBER = re.compile(r"^\([0-9]+\)$")

#: Category codes at the start of a label: ``A``, ``A.``, ``M,N``, ``M, N``, ``M-N``, ``R-U``,
#: ``R, S, T, U``, then a dot, a bracket, white space or the end.
_CATEGORY = re.compile(r"^([A-Z](?:[ \u00a0]*[,\-\u2013/][ \u00a0]*[A-Z])*)(?:[.)][ \u00a0]*|[ \u00a0]+|$)")
#: Sub-category codes: ``1.``, ``1)``, ``a.``, ``a)``, ``C1``, ``G.1``, ``C.1.a``.
_SUB = re.compile(r"^([0-9]+[.)]?|[a-z][.)]|[A-Z][ .]?[0-9]+(?:[.][0-9a-z]+)*[.)]?)(?:[ \u00a0]+|$)")
#: The total row: the cross-check of the sum of the categories.
_TOTAL = re.compile(r"^(produk domestik regional bruto|pdrb|jumlah|total|grand total)\b", re.IGNORECASE)
#: Notes under the table are not data.
_NOTE = re.compile(r"^(sumber|source|catatan|note|keterangan|ket\.|\*)", re.IGNORECASE)
#: Cells BPS writes for "no figure" (spec section 9: ``-``, ``…``, ``–``; also the em dash and the
#: ellipsis typed as three dots). Anything else that is not a number is rejected, never guessed.
EMPTY_MARKS = ("-", "\u2013", "\u2014", "\u2026", "...")


def year_header(cell: object) -> tuple[int, str] | None:
    """(year, status) of a wide layout's year header, else None.

    >>> year_header("2024*"), year_header(2023.0), year_header("Tahun")
    ((2024, 'sementara'), (2023, 'tetap'), None)
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        if cell != cell or cell != int(cell) or not 1900 <= cell <= 2099:
            return None
        return int(cell), "tetap"
    if not isinstance(cell, str):
        return None
    m = _YEAR_HEADER.match(cell.strip().replace("\u00a0", " "))
    if not m:
        return None
    return int(m.group(1)), STATUS_BY_STARS[m.group(2)]


def year_column(year: int, status: str) -> str:
    """The canonical name of a wide layout's year column.

    >>> year_column(2025, "sangat sementara"), year_column(2023, "tetap")
    ('adhb_2025_sangat_sementara', 'adhb_2023')
    """
    return f"adhb_{year}" if status == "tetap" else f"adhb_{year}_{status.replace(' ', '_')}"


def year_of_column(name: str) -> int | None:
    """The year of a wide layout's canonical year column (``adhb_2025_sementara`` → 2025)."""
    m = _YEAR_COLUMN.match(name)
    return int(m.group(1)) if m else None


def year_column_status(name: str) -> str:
    """The status of a wide layout's year column: tetap, sementara or sangat sementara."""
    m = _YEAR_COLUMN.match(name)
    return m.group(2).replace("_", " ") if m and m.group(2) else "tetap"


def year_column_label(name: str) -> str:
    """A year column as BPS marks it: ``adhb_2025_sangat_sementara`` → ``2025**``."""
    stars = {v: k for k, v in STATUS_BY_STARS.items()}[year_column_status(name)]
    return f"{year_of_column(name)}{stars}"


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip()) and cell == cell


def _is_number(cell: object) -> bool:
    return isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell == cell


def wide_header(rows: list[list[object]], search: int) -> int | None:
    """Index of the year row of a wide table among the first ``search`` rows, else None.

    A candidate holds at least one year header and no other number; among the candidates the one
    with the most year headers wins (the first of equals), so that a title ending in a year is
    not taken for the header.
    """
    best, best_count = None, 0
    for i, row in enumerate(rows[:search]):
        years = [c for c in row if year_header(c) is not None]
        others = [c for c in row if _filled(c) and year_header(c) is None]
        if not years or any(_is_number(c) for c in others):
            continue
        if len(years) > best_count:
            best, best_count = i, len(years)
    return best


def header_cells(rows: list[list[object]], at: int) -> list[object]:
    """The header of a wide table: the year row, with the names of the other columns taken from
    the row above where the year row leaves them empty (a merged "Tahun" above the years)."""
    row = list(rows[at])
    if at == 0:
        return row
    above = list(rows[at - 1])
    if not any(_filled(c) for c in above) or any(year_header(c) is not None for c in above):
        return row
    width = max(len(row), len(above))
    row += [""] * (width - len(row))
    return [row[c] if _filled(row[c]) or c >= len(above) else above[c] for c in range(width)]


def column_number_row(row: list[object]) -> bool:
    """A row of column numbers ``(1) (2) (3) …`` (printed under BPS's header)."""
    cells = [str(c).strip() for c in row if _filled(c)]
    return bool(cells) and all(_COLUMN_NUMBER.match(c) for c in cells)


def _letters(code: str) -> list[str]:
    """Letters of a category code: ``R-U`` → R S T U; ``M,N`` → M N."""
    parts = [p for p in re.split(r"[ \u00a0]*([,\-\u2013/])[ \u00a0]*", code) if p]
    letters: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part in "-\u2013" and letters and i + 1 < len(parts):  # a range: R-U
            end = parts[i + 1]
            letters += [chr(x) for x in range(ord(letters[-1]) + 1, ord(end) + 1)]
            i += 2
            continue
        if part not in ",/-\u2013":
            letters.append(part)
        i += 1
    return letters


def classify_code(label: str | None) -> tuple[str, str | None]:
    """What a row is by the code at the start of its label (or its code cell).

    Returns (kind, code): ``kategori`` with the canonical code (``G``, ``M,N``, ``R,S,T,U``),
    ``bukan_kategori`` for a code-like letter outside A-U, ``sub`` with the sub-category code,
    ``total``, ``catatan`` (a note under the table), or ``tanpa_kode``.

    >>> classify_code("R-U Jasa Lainnya"), classify_code("a. Tanaman Pangan"), classify_code("PDRB")
    (('kategori', 'R,S,T,U'), ('sub', 'a.'), ('total', None))
    """
    if label is None:
        return "tanpa_kode", None
    text = label.strip().replace("\u00a0", " ")
    if not text:
        return "tanpa_kode", None
    if _TOTAL.match(text):
        return "total", None
    if _NOTE.match(text):
        return "catatan", None
    m = _CATEGORY.match(text)
    if m and not _SUB.match(text):
        letters = _letters(m.group(1))
        ordered = sorted(set(letters))
        if not letters or len(ordered) != len(letters) or any(x not in PDRB_KATEGORI for x in letters):
            return "bukan_kategori", m.group(1)
        return "kategori", ",".join(ordered)
    s = _SUB.match(text)
    if s:
        return "sub", s.group(1)
    return "tanpa_kode", None


def strip_code(label: str | None) -> str | None:
    """The label without its leading category code: ``A. Pertanian`` → ``Pertanian``."""
    if label is None:
        return None
    text = label.strip()
    m = _CATEGORY.match(text)
    return (text[m.end():].strip() or None) if m else text


def is_note(text: str | None) -> bool:
    return bool(text) and bool(_NOTE.match(text.strip()))


# --- number notation ---------------------------------------------------------------------------

_SPACED = re.compile(r"(?<=[0-9])[ \u00a0\u202f](?=[0-9]{3}(?:[^0-9]|$))")
_EN_ONLY = (re.compile(r"^-?[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?$"),
            re.compile(r"^-?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+$"),
            re.compile(r"^-?[0-9]+\.[0-9]{4,}$"))
_ID_ONLY = (re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?$"),
            re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+$"),
            re.compile(r"^-?[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})$"))
NOTATION_LABELS = {"indonesia": "angka notasi Indonesia (1.234.567,89)",
                   "inggris": "angka notasi Inggris (1,234,567.89)"}


def tidy_number(text: str) -> str | None:
    """A number cell's text without thousands spaces (``1 234 567,89``); BPS's marks are empty."""
    t = text.strip()
    if t in EMPTY_MARKS or not t:
        return None
    return _SPACED.sub("", t)


def number_notation(texts) -> str:
    """``indonesia`` or ``inggris``: the notation most text cells of a file's number columns show
    unambiguously (``1.234.567,89`` against ``1,234,567.89``); Indonesian when none does."""
    en = id_ = 0
    for t in texts:
        if t is None:
            continue
        en += any(p.match(t) for p in _EN_ONLY)
        id_ += any(p.match(t) for p in _ID_ONLY)
    return "inggris" if en > id_ else "indonesia"


def to_indonesian(text: str) -> str:
    """An English-notation number as the Indonesian rule reads it: ``1,234.5`` → ``1234,5``."""
    return text.replace(",", "").replace(".", ",")
