"""Reporting periods (spec section 7) and the Indonesian way of writing numbers and dates.

A period is a year n and a triwulan q (1-4); its cut-off is the last day of the quarter. The
annual report is triwulan 4 and keeps the plain year as its label; the other quarters are
labelled ``<n>-tw<q>``.

>>> label(2026, 2), label(2026, 4), parse_label("2026-tw2"), parse_label("2026"), parse_label("x")
('2026-tw2', '2026', (2026, 2), (2026, 4), None)
>>> cutoff(2026, 1), nama_periode(2026, 2), sampai_dengan(2026, 2)
(datetime.date(2026, 3, 31), 'Triwulan II 2026', 's.d. 30 Juni 2026')
>>> fmt_persen(45.678), fmt_angka(1250), fmt_angka(1250.5, 2)
('45,68%', '1.250', '1.250,50')
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

TRIWULAN = (1, 2, 3, 4)
#: The annual report: triwulan 4 (spec section 7).
ANNUAL = 4
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
BULAN_NAMA = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")
_LABEL = re.compile(r"^(\d{4})(?:-tw([1-3]))?$")


def label(year: int, triwulan: int = ANNUAL) -> str:
    """The label of a period in folder and file names: '2026' (annual) or '2026-tw2'."""
    return str(year) if triwulan == ANNUAL else f"{year}-tw{triwulan}"


def parse_label(text: str) -> tuple[int, int] | None:
    """(year, triwulan) of a period label, None when ``text`` is not one."""
    m = _LABEL.match(text)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or ANNUAL)


def cutoff(year: int, triwulan: int) -> dt.date:
    """The last day of the quarter: 31 March, 30 June, 30 September or 31 December."""
    month = 3 * triwulan
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def nama_triwulan(triwulan: int) -> str:
    return f"Triwulan {ROMAWI[triwulan]}"


def nama_periode(year: int, triwulan: int) -> str:
    """How a report names its period: 'Tahun 2026' or 'Triwulan II 2026'."""
    return f"Tahun {year}" if triwulan == ANNUAL else f"{nama_triwulan(triwulan)} {year}"


def sampai_dengan(year: int, triwulan: int) -> str:
    """'s.d. 30 Juni 2026': the period the numbers cover."""
    return f"s.d. {fmt_tanggal(cutoff(year, triwulan))}"


# --- Indonesian formats (spec section 5, "Display") ---------------------------------------------

def is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def as_number(value) -> float | None:
    """A value as a float, None when it is missing (None, NA, NaN).

    >>> as_number(2), as_number(float("nan"))
    (2.0, None)
    """
    return None if is_missing(value) else float(value)


def fmt_angka(value, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ','; '–' for a missing value."""
    if is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def fmt_persen(value, decimals: int = 2) -> str:
    return "–" if is_missing(value) else fmt_angka(value, decimals) + "%"


def fmt_poin(value) -> str:
    """A change in percentage points with its sign: '+1,80', '-2,12', '0,00'; '–' when missing."""
    if is_missing(value):
        return "–"
    return ("+" if value > 0 else "") + fmt_angka(value, 2)


def fmt_tanggal(ts) -> str:
    """'28 November 2026'."""
    ts = pd.Timestamp(ts)
    return f"{ts.day} {BULAN_NAMA[ts.month - 1]} {ts.year}"
