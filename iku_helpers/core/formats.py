"""Numbers and dates as Indonesians write them (spec section 5, "Display"): thousands with '.',
decimals with ',', '–' for a missing value, dates as '28 November 2026'.

>>> fmt_persen(45.678), fmt_angka(1250), fmt_angka(1250.5, 2), fmt_poin(-2.125)
('45,68%', '1.250', '1.250,50', '-2,12')
"""

from __future__ import annotations

import math

import pandas as pd

BULAN_NAMA = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")


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
