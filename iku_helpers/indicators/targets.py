"""Targets of a period and capaian against them, with the Permendagri 86/2017 category.

Capaian and kategori add up by hand (spec sections 5 and 10): capaian is computed from the
realisasi as printed (R, rounded to 2 decimals by :func:`~iku_helpers.core.formats.rounded`, half
away from zero) and the kategori from the capaian as printed. The realisasi itself stays unrounded.

>>> kategori_capaian(91.0), kategori_capaian(90.994), kategori_capaian(90.995)
('Sangat Tinggi', 'Tinggi', 'Sangat Tinggi')
>>> capaian(40.0, 50.0, "negatif")
(120.0, None)
>>> round(capaian(17.2907, 12.0)[0], 6)  # 17,29 / 12 × 100 = 144,08 (the unrounded 17,2907 gives 144,09)
144.083333
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..core import periods
from ..core.facts import BANDS, BELOW_BANDS
from ..core.formats import fmt_persen, rounded

# --- targets and capaian -------------------------------------------------------------------


def kategori_capaian(value: float | None) -> str | None:
    """The category on the Permendagri 86/2017 scale (``core.facts.BANDS``) of the capaian as printed,
    i.e. rounded to 2 decimals: 90,995 prints 91,00 and is Sangat Tinggi."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    shown = rounded(value)
    for floor, name in BANDS:
        if shown >= floor:
            return name
    return BELOW_BANDS


def capaian(realisasi: float | None, target: float | None, polaritas: str = "positif") -> tuple[float | None, str | None]:
    """(capaian, reason when empty), from R = the realisasi rounded to 2 decimals as printed.
    Positif: R/t×100; negatif: (2t−R)/t×100 floored at 0. The capaian itself is not rounded (it is
    printed with 2 decimals by the same rounding).

    >>> capaian(17.285, 12.0)[0] == 17.29 / 12 * 100, capaian(12.004, 10.0, "negatif")[0] == (20 - 12.0) / 10 * 100
    (True, True)
    """
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return None, "target belum ditetapkan"
    if target == 0:
        return None, "target bernilai 0; capaian tidak dapat dihitung"
    if realisasi is None or (isinstance(realisasi, float) and math.isnan(realisasi)):
        return None, None
    shown = rounded(realisasi)
    if polaritas == "negatif":
        return max(0.0, (2 * target - shown) / target * 100), None
    return shown / target * 100, None


@dataclass(frozen=True)
class Target:
    """The target a period is measured against, or why there is none (spec sections 4 and 7)."""

    value: float | None
    polaritas: str
    missing: str = ""  # why there is no target (keterangan)
    tahunan: float | None = None  # the annual target, shown beside a quarter's


def _targets_of(targets: pd.DataFrame | None, kode: str, year: int) -> pd.DataFrame:
    if targets is None:
        return pd.DataFrame(columns=["kode", "tahun", "triwulan", "target", "polaritas"])
    rows = targets[(targets["kode"] == kode) & (targets["tahun"] == year)]
    return rows if "triwulan" in rows else rows.assign(triwulan=pd.NA)


def target_for(targets: pd.DataFrame | None, kode: str, year: int, triwulan: int = periods.ANNUAL,
               polaritas: str = "positif") -> Target:
    """Row (kode, n, q); for q = 4 without one, the annual row. For q < 4 without one: no target,
    and the keterangan gives the annual target.

    >>> t = pd.DataFrame({"kode": ["IKU-1", "IKU-1"], "tahun": [2026, 2026], "triwulan": [pd.NA, 2],
    ...                   "target": [23.0, 10.0], "polaritas": ["positif", "positif"]})
    >>> target_for(t, "IKU-1", 2026, 2).value, target_for(t, "IKU-1", 2026, 4).value
    (10.0, 23.0)
    >>> target_for(t, "IKU-1", 2026, 1).missing
    'target Triwulan I 2026 belum ditetapkan (target tahunan 23,00%)'
    """
    rows = _targets_of(targets, kode, year)
    annual = rows[rows["triwulan"].isna()]
    if not len(annual):  # the triwulan-4 target is the year's target
        annual = rows[rows["triwulan"] == periods.ANNUAL]
    tahunan = float(annual["target"].iloc[0]) if len(annual) else None
    hit = rows[rows["triwulan"] == triwulan]
    if not len(hit) and triwulan == periods.ANNUAL:
        hit = annual
    if len(hit):
        return Target(float(hit["target"].iloc[0]), str(hit["polaritas"].iloc[0]), "", tahunan)
    if triwulan == periods.ANNUAL or tahunan is None:
        return Target(None, polaritas, f"target {kode} tahun {year} belum ditetapkan", tahunan)
    return Target(None, str(annual["polaritas"].iloc[0]),
                  f"target {periods.nama_periode(year, triwulan)} belum ditetapkan (target tahunan {fmt_persen(tahunan)})",
                  tahunan)
