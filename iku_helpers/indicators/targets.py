"""Targets of a period and capaian against them, with the Permendagri 86/2017 category.

>>> kategori_capaian(91.0), kategori_capaian(90.99)
('Sangat Tinggi', 'Tinggi')
>>> capaian(40.0, 50.0, "negatif")
(120.0, None)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..core import periods
from ..core.facts import BANDS, BELOW_BANDS
from ..core.formats import fmt_persen

# --- targets and capaian -------------------------------------------------------------------


def kategori_capaian(value: float | None) -> str | None:
    """The category of the unrounded capaian on the Permendagri 86/2017 scale (``core.facts.BANDS``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    for floor, name in BANDS:
        if value >= floor:
            return name
    return BELOW_BANDS


def capaian(realisasi: float | None, target: float | None, polaritas: str = "positif") -> tuple[float | None, str | None]:
    """(capaian, reason when empty). Positif: r/t×100; negatif: (2t−r)/t×100 floored at 0."""
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return None, "target belum ditetapkan"
    if target == 0:
        return None, "target bernilai 0; capaian tidak dapat dihitung"
    if realisasi is None:
        return None, None
    if polaritas == "negatif":
        return max(0.0, (2 * target - realisasi) / target * 100), None
    return realisasi / target * 100, None


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
