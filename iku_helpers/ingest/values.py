"""Vectorised value rules (spec section 3): identifiers, Indonesian numbers, dates, kecamatan.

Every parser takes a column as the reader produced it (text cells as strings, Excel cells as
numbers, dates or booleans; see :mod:`iku_helpers.ingest.cells`) and returns a :class:`Parsed`: the
values, the reason each bad cell is rejected (``<NA>`` where the cell is fine), and notes for
cells that were accepted with a correction the auditor should see.

This module holds the rules and the patterns that state them; the pyarrow kernels that make them
fast on a million rows are in :mod:`iku_helpers.core.kernels`. The rules at a glance:

- identifier: text; spaces, dots and dashes removed; Excel's scientific notation rejected; a
  whole-number cell becomes its digits (noted); a koperasi NIK has exactly 16 digits;
- number: Excel numbers, or Indonesian text: optional ``Rp``, ``.`` groups of three, ``,``
  decimals, suffixes jt/juta, M/miliar/milyar, T/triliun; a single ``.`` before one or two
  final digits is a decimal point; anything else rejected, never guessed;
- date: Excel dates and serials, ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``yyyy-mm-dd``, ``d <bulan>
  yyyy``; day first; impossible dates rejected;
- kecamatan: one of the 31, ignoring case, spaces and a ``Kec.`` prefix; one edit from exactly
  one official name is corrected (noted).

>>> parse_number(pd.Series(["Rp 1.250.000,50", "1,5 M", "14190123.45", "1.2345"])).values.tolist()
[1250000.5, 1500000000.0, 14190123.45, nan]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..core.kernels import extract, per_distinct, to_float
from ..core.tables import KATEGORI_PERDAGANGAN, KECAMATAN
from .cells import WS, as_cells, raw_text, show_value, split_cells

NA = pd.NA


@dataclass
class Parsed:
    """Result of a column parser: values, rejection reasons and correction notes (NA = none).

    ``shown`` (NA = the cell as written) is how a cell reads in the ledger when the cell alone
    would mislead a person: an Excel date serial (or a date written year first) with the date it
    stands for.
    """

    values: pd.Series
    errors: pd.Series
    notes: pd.Series
    shown: pd.Series | None = None


def _na_text(index: pd.Index) -> pd.Series:
    """A text column with no value yet (built from pyarrow nulls: ten times faster than from NA)."""
    return pd.Series(pa.nulls(len(index), pa.large_string()), index=index, dtype="str")


# --- identifiers -------------------------------------------------------------------------------

_SCI = r"^[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$"
_ID_NOISE = "[ \t\u00a0.-]+"


def parse_identifier(col: pd.Series, digits: int | None = None, label: str = "Identitas") -> Parsed:
    """Identifiers are text: spaces, dots and dashes go; scientific notation is rejected.

    A numeric cell holding a whole number becomes its digits, with a note. ``digits`` demands
    an exact count of digits (16 for a Nomor Induk Koperasi).

    >>> parse_identifier(pd.Series(["3509.0101-2345 0001", "3,50901E+15"]), 16).errors.tolist()
    [nan, 'ditulis dalam notasi ilmiah Excel (digitnya sudah hilang); ketik ulang sebagai teks']
    """
    text, num, date, other = split_cells(col)
    errors = _na_text(col.index)
    notes = _na_text(col.index)
    values = text
    # most identifiers are plain digits already: only the others go through the rules
    odd = text.notna() & ~text.str.fullmatch("[0-9]+").fillna(False).astype(bool)
    if odd.any():
        t = text[odd]
        cleaned = t.str.replace(_ID_NOISE, "", regex=True)
        values = text.where(~odd, cleaned.where(cleaned != ""))  # noise only is an empty identifier
        sci = t.str.fullmatch(_SCI).fillna(False).astype(bool)
        errors[sci[sci].index] = "ditulis dalam notasi ilmiah Excel (digitnya sudah hilang); ketik ulang sebagai teks"

    has_num = num.notna()
    if has_num.any():
        whole = has_num & (num == np.floor(num)) & (num >= 0) & (num < 1e18)
        values[whole] = num[whole].astype("int64").astype("str")
        notes[whole] = "sel angka diubah menjadi teks; format kolom ini sebagai Teks"
        errors[has_num & ~whole] = ("sel angka yang bukan nomor identitas (berkoma, negatif, atau terlalu besar); "
                                    "ketik sebagai teks")
    bad_kind = date.notna() | other
    errors[bad_kind] = "bukan nomor identitas (sel tanggal/boolean)"

    empty = values.isna() & errors.isna()
    errors[empty] = f"{label} kosong"
    if digits is not None:
        wrong = values.notna() & errors.isna() & ~values.str.fullmatch(f"[0-9]{{{digits}}}").fillna(False).astype(bool)
        errors[wrong] = f"{label} harus {digits} digit angka"
    values = values.where(errors.isna())
    return Parsed(values, errors, notes)


def parse_text(col: pd.Series, label: str, required: bool = True) -> Parsed:
    """Plain text (names, descriptions): trimmed; empty is an error when required."""
    text, num, date, other = split_cells(col)
    shown = raw_text(col).str.strip()
    values = text.fillna(shown.where(num.notna() | date.notna() | other))
    errors = _na_text(col.index)
    if required:
        errors[values.isna() | (values == "")] = f"{label} kosong"
    return Parsed(values.where(values != ""), errors, _na_text(col.index))


# --- numbers -----------------------------------------------------------------------------------

_SUFFIXES = (
    (WS + "*(?:jt|juta)$", 1e6),
    (WS + "*(?:m|miliar|milyar)$", 1e9),
    (WS + "*(?:t|triliun)$", 1e12),
)
_THOUSANDS = r"^-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$"
_PLAIN = r"^-?[0-9]+(?:,[0-9]+)?$"
_DECIMAL_POINT = r"^-?[0-9]+\.[0-9]{1,2}$"


def _parse_number_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Indonesian notation on text cells: (values, ok-mask over non-empty cells).

    Prefix and suffix handling only touches the cells that have a letter, so plain numbers (most
    cells of a machine export) go through a few whole-column kernels only.
    """
    integer = text.str.fullmatch("-?[0-9]+").fillna(False).astype(bool)
    if integer.all():  # a machine export: one kernel and a cast
        return to_float(text), integer
    if integer.any():
        values = pd.Series(np.nan, index=text.index)
        values[integer] = to_float(text[integer])
        ok = integer.copy()
        rest_values, rest_ok = _parse_number_text(text[~integer])
        values[rest_ok.index] = rest_values
        ok[rest_ok.index] = rest_ok
        return values, ok
    t = text.str.lower()
    factor = pd.Series(1.0, index=text.index)
    lettered = t.str.contains("[a-z]", regex=True).fillna(False).astype(bool)
    if lettered.any():
        w = t[lettered].str.replace("^rp\\.?" + WS + "*", "", regex=True)
        for pattern, mult in _SUFFIXES:
            has = w.str.contains(pattern, regex=True).fillna(False).astype(bool)
            if has.any():
                factor[has[has].index] = mult
                w = w.where(~has, w.str.replace(pattern, "", regex=True))
        t = t.where(~lettered, w.str.strip())
    thousands = t.str.fullmatch(_THOUSANDS).fillna(False).astype(bool)
    plain = t.str.fullmatch(_PLAIN).fillna(False).astype(bool)
    point = t.str.fullmatch(_DECIMAL_POINT).fillna(False).astype(bool)
    normal = t.where(~thousands, t.str.replace(".", "", regex=False))
    normal = normal.where(~(thousands | plain), normal.str.replace(",", ".", regex=False))
    ok = thousands | plain | point
    values = to_float(normal.where(ok)) * factor
    return values, ok


def parse_number(col: pd.Series, label: str = "Angka", negative: bool = False,
                 example: str = "1.250.000 atau 1,5 M") -> Parsed:
    """Money and counts: Excel numbers, or text in Indonesian notation (``Rp 1.250.000,50``).

    Anything that is not clearly one number is rejected, never guessed. Negative values are
    rejected unless ``negative`` is true.
    """
    text, num, date, other = split_cells(col)
    values = num.copy()
    errors = _na_text(col.index)
    has_text = text.notna()
    if has_text.any():
        parsed, ok = per_distinct(_parse_number_text, text[has_text])
        values[has_text] = parsed
        bad = has_text.copy()
        bad[has_text] = ~ok
        errors[bad] = f"{label} tidak dapat dibaca sebagai angka (contoh yang benar: {example})"
    errors[date.notna() | other] = f"{label} berisi tanggal/boolean, bukan angka"
    if not negative:
        errors[values.notna() & (values < 0)] = f"{label} tidak boleh negatif"
    values = values.where(errors.isna())
    return Parsed(values.astype("float64"), errors, _na_text(col.index))


def parse_whole_number(col: pd.Series, label: str, minimum: float | None = None) -> Parsed:
    """A whole number (counts, years), optionally at least ``minimum``."""
    p = parse_number(col, label, example="2" if minimum is None or minimum <= 2 else f"{minimum:g}")
    not_whole = p.values.notna() & (p.values != np.floor(p.values))
    p.errors[not_whole] = f"{label} harus bilangan bulat"
    if minimum is not None:
        p.errors[p.values.notna() & (p.values < minimum) & p.errors.isna()] = f"{label} minimal {minimum:g}"
    p.values = p.values.where(p.errors.isna())
    return p


# --- dates -------------------------------------------------------------------------------------

BULAN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
}
_DMY = r"^([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4})$"
_YMD = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00)?)?$"
_D_BULAN_Y = "^([0-9]{1,2})" + WS + "+([a-z]+)\\.?" + WS + "+([0-9]{4})$"
_SERIAL = r"^[0-9]{5}$"
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MAX_SERIAL = 100_000  # 2173-10-14: far beyond any reporting date, within pandas' datetime range


def show_date(dates: pd.Series) -> pd.Series:
    """Dates as the messages show them: dd/mm/yyyy, with hh:mm when the time is not midnight.

    >>> show_date(pd.Series([pd.Timestamp(2025, 12, 3), pd.Timestamp(2026, 1, 31, 14, 30), None])).tolist()
    ['03/12/2025', '31/01/2026 14:30', nan]
    """
    dates = pd.Series(dates).astype("datetime64[ns]")
    day = dates.dt.strftime("%d/%m/%Y").astype("str")
    timed = (dates.notna() & (dates != dates.dt.normalize())).fillna(False).astype(bool)
    if timed.any():
        day = day.where(~timed, dates.dt.strftime("%d/%m/%Y %H:%M").astype("str"))
    return day


def show_serial(serial: pd.Series) -> pd.Series:
    """An Excel serial number as its cell shows it, decimal comma: 45994, 45994,5.

    >>> show_serial(pd.Series([45994.0, 45994.5, 1e20])).tolist()
    ['45994', '45994,5', '100000000000000000000']
    """
    whole = ((serial == np.floor(serial)) & (serial.abs() < 1e15)).to_numpy()
    out = pd.Series(NA, index=serial.index, dtype="str")
    out[whole] = serial[whole].astype("int64").astype("str")  # the usual case, vectorised
    if not whole.all():
        rest = serial[~whole]
        out[rest.index] = rest.map(show_value, na_action="ignore").astype("str").str.replace(".", ",", regex=False)
    return out


def date_text(parsed: Parsed) -> pd.Series:
    """Each date of a :func:`parse_date` result as a message names it: the cell as written with the
    date it stands for where the cell alone would not say it (``45994 (= 03/12/2025)``, ``2025-12-04
    (= 04/12/2025)``), else the date as dd/mm/yyyy.

    >>> date_text(parse_date(pd.Series([45994.0, "2025-12-04", "4 Des 2025"], dtype=object))).tolist()
    ['45994 (= 03/12/2025)', '2025-12-04 (= 04/12/2025)', '04/12/2025']
    """
    plain = show_date(parsed.values)
    return plain if parsed.shown is None else parsed.shown.fillna(plain).where(parsed.values.notna())


def _assemble(day: pd.Series, month: pd.Series, year: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day}).astype("float64")
    return pd.to_datetime(frame, errors="coerce")


def _parse_date_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(date or NaT, matched one of the forms) for non-empty date texts."""
    t = text.str.lower()
    parsed = pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns]")
    matched = pd.Series(False, index=t.index)
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_D_BULAN_Y, "dby")):
        m = t.str.fullmatch(pattern).fillna(False).astype(bool)
        if not m.any():
            continue
        parts = extract(t[m], pattern)
        if order == "dmy":
            d, mo, y = parts[0], parts[1], parts[2]
        elif order == "ymd":
            y, mo, d = parts[0], parts[1], parts[2]
        else:
            d, y = parts[0], parts[2]
            mo = parts[1].map(BULAN, na_action="ignore")
            known = mo.notna()
            d, mo, y = d[known], mo[known], y[known]
        parsed[d.index] = _assemble(d, mo, y).astype("datetime64[ns]")
        matched[d.index] = True
    serial_text = ~matched & t.str.fullmatch(_SERIAL).fillna(False).astype(bool)
    if serial_text.any():
        days = t[serial_text].astype("float64")
        parsed[serial_text] = (EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).astype("datetime64[ns]")
        matched[serial_text] = True
    return parsed, matched


def _parse_date_text_shown(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """:func:`_parse_date_text` and, for a date written as a serial or year first, the text as
    written with the date it stands for (``2025-12-04 (= 04/12/2025)``), else missing."""
    parsed, matched = _parse_date_text(text)
    read = parsed.notna()
    coded = read & (text.str.fullmatch(_SERIAL) | text.str.lower().str.fullmatch(_YMD)).fillna(False).astype(bool)
    shown = _na_text(text.index)
    if coded.any():
        shown[coded] = text[coded] + " (= " + show_date(parsed[coded]) + ")"
    return parsed, matched, shown


def parse_date(col: pd.Series, label: str = "Tanggal") -> Parsed:
    """Dates: Excel date cells and serials, ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``yyyy-mm-dd``,
    ``d <bulan> yyyy`` (Indonesian month names). Day first always; impossible dates rejected.

    >>> parse_date(pd.Series(["12 Agt 2025", "31/02/2026"])).errors.tolist()
    [nan, 'Tanggal tidak ada di kalender (31/02/2026)']
    """
    text, num, date, other = split_cells(col)
    values = date.copy()
    errors = _na_text(col.index)
    shown = _na_text(col.index)  # serials and yyyy-mm-dd texts: as written, with the date they stand for

    has_num = num.notna()
    if has_num.any():
        serial = num[has_num]
        ok = (serial >= 1) & (serial < MAX_SERIAL)
        values[has_num] = (EXCEL_EPOCH + pd.to_timedelta(np.floor(serial.where(ok)), unit="D")).astype("datetime64[ns]")
        bad = serial.index[~ok.to_numpy()]
        errors[bad] = label + ": angka " + show_serial(serial[bad]) + " bukan nomor seri tanggal Excel"
        good = serial.index[ok.to_numpy()]
        shown[good] = show_serial(serial[good]) + " (= " + show_date(values[good].dt.normalize()) + ")"

    has_text = text.notna()
    if has_text.any():
        parsed, matched, coded = per_distinct(_parse_date_text_shown, text[has_text])  # few distinct dates
        values[has_text] = parsed
        unreadable = pd.Series(False, index=col.index)
        unreadable[has_text] = ~matched
        impossible = pd.Series(False, index=col.index)
        impossible[has_text] = matched & parsed.isna()
        errors[unreadable] = (
            f"{label} tidak dikenali; tulis sebagai dd/mm/yyyy, yyyy-mm-dd atau '12 Maret 2025'"
        )
        errors[impossible] = label + " tidak ada di kalender (" + text[impossible] + ")"
        if coded.notna().any():  # a serial typed as text, or the year first: say which date it is
            shown[has_text] = coded
    errors[other] = f"{label} berisi nilai yang bukan tanggal"
    values = values.where(errors.isna()).dt.normalize()
    return Parsed(values, errors, _na_text(col.index), shown.where(errors.isna()))


# --- kecamatan ---------------------------------------------------------------------------------

_KEC_KEYS = {name.lower(): name for name in KECAMATAN}
_KEC_PREFIX = re.compile(r"^(?:kecamatan|kec\.?)\s*")


def _kecamatan_key(value: str) -> str:
    key = _KEC_PREFIX.sub("", value.strip().lower())
    return re.sub(r"\s+", "", key)


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def resolve_kecamatan(value: str) -> tuple[str | None, bool]:
    """(official name, corrected?) for one spelling, or (None, False) when it is not one.

    >>> resolve_kecamatan("Kec. SUMBER SARI"), resolve_kecamatan("Bangsarsari")
    (('Sumbersari', False), ('Bangsalsari', True))
    """
    key = _kecamatan_key(value)
    if key in _KEC_KEYS:
        return _KEC_KEYS[key], False
    close = [name for k, name in _KEC_KEYS.items() if _one_edit(key, k)]
    if len(close) == 1:
        return close[0], True
    return None, False


def parse_kecamatan(col: pd.Series, required: bool = True) -> Parsed:
    """One of the 31 kecamatan of Jember; a one-edit typo is corrected and noted."""
    text, num, date, other = split_cells(col)
    codes, uniques = pd.factorize(text)  # resolve each distinct spelling once, then broadcast
    resolved = [resolve_kecamatan(u) for u in uniques]
    names = np.array([r[0] for r in resolved] + [None], dtype=object)
    fixed = np.array([r[1] for r in resolved] + [False], dtype=bool)
    name = pd.Series(names[codes], index=text.index, dtype="str")  # code -1 (empty) → last slot
    corrected = pd.Series(fixed[codes], index=text.index)
    errors = _na_text(col.index)
    notes = _na_text(col.index)
    errors[text.notna() & name.isna()] = "bukan salah satu dari 31 kecamatan di Kabupaten Jember"
    errors[num.notna() | date.notna() | other] = "bukan nama kecamatan"
    if required:
        errors[text.isna() & errors.isna()] = "Kecamatan kosong"
    notes[corrected] = "nama kecamatan dikoreksi: " + text[corrected] + " → " + name[corrected]
    values = pd.Series(name, dtype="str").where(errors.isna())
    return Parsed(values, errors, notes)


# --- status and categories -------------------------------------------------------------------

STATUS_AKTIF = {"ya": True, "y": True, "aktif": True, "1": True, "true": True,
                "tidak": False, "t": False, "tidak aktif": False, "non aktif": False,
                "nonaktif": False, "0": False, "false": False}


def parse_status_aktif(col: pd.Series) -> Parsed:
    """ya/y/aktif/1/true → True; tidak/t/tidak aktif/non aktif/nonaktif/0/false → False."""
    text, num, date, other = split_cells(col)
    codes, uniques = pd.factorize(text)  # a handful of distinct words: map those, then broadcast
    words = pd.Series(uniques, dtype="str").str.lower().str.replace(WS + "+", " ", regex=True)
    lookup = np.append(words.map(STATUS_AKTIF).to_numpy(dtype=object), None)
    values = pd.Series(lookup[codes], index=text.index, dtype=object)
    if num.notna().any():
        values = values.where(num.isna(), num.map({1.0: True, 0.0: False}))
    if other.any():
        raw = as_cells(col).raw
        bools = raw.where(other).map(lambda v: bool(v) if isinstance(v, bool | np.bool_) else None, na_action="ignore")
        values = values.where(bools.isna(), bools)
    filled = text.notna() | num.notna() | other | date.notna()
    errors = _na_text(col.index)
    errors[filled & values.isna()] = "status tidak dikenali; isi ya/tidak (atau aktif/tidak aktif)"
    return Parsed(values.astype("boolean"), errors, _na_text(col.index))


def parse_kategori_perdagangan(col: pd.Series) -> Parsed:
    """Map free text to one trade category; none or more than one match is rejected."""
    p = parse_text(col, "Kategori")
    low = p.values.str.lower()
    hits = pd.DataFrame({code: low.str.contains("|".join(map(re.escape, words)), regex=True).fillna(False).astype(bool)
                         for code, (_, words) in KATEGORI_PERDAGANGAN.items()})
    count = hits.sum(axis=1)
    values = hits.idxmax(axis=1).where(count == 1)
    errors = p.errors.copy()
    errors[(count == 0) & errors.isna()] = ("kategori tidak cocok dengan sarana/prasarana, pasar murah/bapokting, "
                                            "atau ekspor")
    errors[(count > 1) & errors.isna()] = "kategori cocok dengan lebih dari satu jenis fasilitasi perdagangan"
    return Parsed(values.astype("str").where(errors.isna()), errors, p.notes)
