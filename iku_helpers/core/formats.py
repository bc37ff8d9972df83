"""Numbers and dates as Indonesians write them (spec section 5, "Display"): thousands with '.',
decimals with ',', '–' for a missing value, dates as '28 November 2026'.

Every printed figure is rounded by :func:`rounded` (half away from zero, as a person rounds), and
the figures computed from printed ones (capaian, kategori, perubahan: spec sections 5 and 10) use
the same function, so that a reader with a calculator gets the printed result.

>>> fmt_persen(45.678), fmt_angka(1250), fmt_angka(1250.5, 2), fmt_poin(-2.125)
('45,68%', '1.250', '1.250,50', '-2,13')
"""

from __future__ import annotations

import decimal
import math
import numbers

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


#: Precision enough for any float written out in full (a float has at most 309 integer digits).
_CONTEXT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)


def _as_printed(value, decimals: int) -> decimal.Decimal | None:
    """``value`` as the decimal number printed with ``decimals`` decimals; None when it is not finite.

    Spec section 10: the float's shortest decimal text (``repr``) rounded half away from zero,
    ``Decimal(repr(x)).quantize(Decimal("0.01"), ROUND_HALF_UP)``. Reading the text, not the binary
    value, is what makes 2.675 round to 2.68 and 50.995 to 51.00 (their binary values are
    2.67499999999999982… and 50.99499999999999744…, which ``round()`` and f-strings round down). A
    division's last binary digit stays in that text: 23 / 160 × 100 is 14.374999999999998, printed
    14,37 although 14,375 by hand would give 14,38 (the spec's rule, kept as written). A negative
    number that rounds to zero is zero, never "-0,00".
    """
    if isinstance(value, numbers.Integral):
        exact = decimal.Decimal(int(value))
    else:
        number = float(value)
        if not math.isfinite(number):
            return None
        exact = decimal.Decimal(repr(number))
    shown = exact.quantize(decimal.Decimal(1).scaleb(-decimals), context=_CONTEXT)
    return shown.copy_abs() if shown.is_zero() else shown


def rounded(value, decimals: int = 2) -> float | None:
    """``value`` rounded as it is printed: half away from zero on its decimal digits (see
    :func:`_as_printed`); None when it is missing. Python's own ``round()`` rounds the binary value,
    half to even, and disagrees with a person: ``round(2.675, 2)`` is 2.67, ``round(0.125, 2)`` 0.12.

    >>> rounded(17.285), rounded(2.675), rounded(-2.125), rounded(0.125), rounded(23 / 160 * 100), rounded(50.995)
    (17.29, 2.68, -2.13, 0.13, 14.37, 51.0)
    >>> rounded(1250.5, 0), rounded(-0.001), rounded(None), rounded(17.29 - 19.42)
    (1251.0, 0.0, None, -2.13)
    """
    if is_missing(value):
        return None
    shown = _as_printed(value, decimals)
    return float(value) if shown is None else float(shown)


def fmt_angka(value, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ','; '–' for a missing value. The digits are those of
    :func:`rounded`: the number a capaian or a perubahan is computed from is the number printed.

    >>> fmt_angka(17.285, 2), fmt_angka(1234567.125, 2), fmt_angka(-0.004, 2), fmt_angka(2.5)
    ('17,29', '1.234.567,13', '0,00', '3')
    """
    if is_missing(value):
        return "–"
    shown = _as_printed(value, decimals)
    return indonesian_separators(f"{float(value) if shown is None else shown:,.{decimals}f}")


def indonesian_separators(text: str) -> str:
    """A number written the English way ('1,234.5') with the Indonesian separators ('1.234,5')."""
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def fmt_persen(value, decimals: int = 2) -> str:
    return "–" if is_missing(value) else fmt_angka(value, decimals) + "%"


def fmt_poin(value) -> str:
    """A change in percentage points with its sign: '+1,80', '-2,13', '0,00'; '–' when missing. The sign is
    that of the printed number: a change that rounds to 0,00 has none.

    >>> fmt_poin(1.8), fmt_poin(0.004), fmt_poin(-0.004)
    ('+1,80', '0,00', '0,00')
    """
    if is_missing(value):
        return "–"
    return ("+" if (rounded(value) or 0) > 0 else "") + fmt_angka(value, 2)


def fmt_tanggal(ts) -> str:
    """'28 November 2026'."""
    ts = pd.Timestamp(ts)
    return f"{ts.day} {BULAN_NAMA[ts.month - 1]} {ts.year}"
