"""Reporting periods (spec section 7): labels, cut-offs and their names in Indonesian.

A period is a year n and a triwulan q (1-4); its cut-off is the last day of the quarter. The
annual report is triwulan 4 and keeps the plain year as its label; the other quarters are
labelled ``<n>-tw<q>``.

>>> label(2026, 2), label(2026, 4), parse_label("2026-tw2"), parse_label("2026"), parse_label("x")
('2026-tw2', '2026', (2026, 2), (2026, 4), None)
>>> cutoff(2026, 1), nama_periode(2026, 2), sampai_dengan(2026, 2)
(datetime.date(2026, 3, 31), 'Triwulan II 2026', 's.d. 30 Juni 2026')
"""

from __future__ import annotations

import datetime as dt
import re

from .formats import fmt_tanggal

TRIWULAN = (1, 2, 3, 4)
#: The annual report: triwulan 4 (spec section 7).
ANNUAL = 4
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
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
