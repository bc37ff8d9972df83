"""The tindak lanjut of one period (spec section 11), from its results and the earlier years' caches.

:func:`tindak_lanjut` puts together what :mod:`~iku_helpers.indicators.tindak_lanjut` computes: the
kebutuhan against the period's target, the candidates, the koperasi at risk and the projection, whose
factor comes from every earlier year folder's pembilang at the same quarter and at year end (their
processed caches, computed when absent). ``iku run`` writes it (:mod:`iku_helpers.steps.workflow`);
notebook 04 shows it (:mod:`iku_helpers.steps.explore`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.errors import IkuError
from ..core.params import Params
from ..core.periods import ANNUAL
from ..ingest.dataset import year_folders
from .cache import year_indicators
from .model import OK, Result, Sources
from .registry import REGISTRY
from .targets import target_for
from .tindak_lanjut import (
    INDICATORS,
    SUMMARY_COLUMNS,
    faktor_proyeksi,
    kandidat_koperasi,
    kandidat_usaha,
    kebutuhan,
    latest_rats,
    proyeksi_realisasi,
    risiko_koperasi,
)


@dataclass
class TindakLanjut:
    """What it takes to reach the target (spec section 11): the summary (audit/tindak_lanjut_<label>.csv),
    the candidates by kode, the koperasi at risk (q < 4), and the projection's earlier-year ratios."""

    summary: pd.DataFrame
    kandidat: dict[str, pd.DataFrame]
    risiko: pd.DataFrame | None
    rasio: pd.DataFrame


def earlier_pembilang(params: Params) -> dict[int, tuple[pd.Series, pd.Series]]:
    """Each earlier year folder's pembilang by kode at the same quarter and at year end, from its
    processed cache (computed when absent), with the same parameters; read once per period. A year
    whose data cannot be read is left out."""
    out = {}
    years = [y for y in year_folders(params.raw_dir) if y < params.year] if params.raw_dir.is_dir() else []
    for y in years:
        try:
            at_q = year_indicators(params.replace(year=y, triwulan=params.triwulan)).set_index("kode")["pembilang"]
            full = year_indicators(params.replace(year=y, triwulan=ANNUAL)).set_index("kode")["pembilang"]
        except IkuError:
            continue
        out[y] = (at_q, full)
    return out


def tindak_lanjut(params: Params, sources: Sources, results: dict[str, Result], table: pd.DataFrame) -> TindakLanjut:
    """Kebutuhan, candidates, risiko and proyeksi of the period for IKU-1, IKU-2 and IKU-3
    (:mod:`iku_helpers.indicators.tindak_lanjut`); an indicator not computed has an empty row with its
    status as the reason."""
    rows, kandidat, rasio, risiko = [], {}, [], None
    by_kode = table.set_index("kode")
    earlier = {} if params.is_annual else earlier_pembilang(params)
    latest = None
    if sources.koperasi is not None:
        latest = latest_rats(sources.koperasi, params.year, sources.rat_history)
    for kode, subject in INDICATORS.items():
        r = by_kode.loc[kode]
        res = results[kode]
        row = {"kode": kode, "pembilang": r["pembilang"], "penyebut": r["penyebut"], "target": r["target"]}
        if r["status"] != OK:
            rows.append({**row, "keterangan": f"{kode} {r['status']}"})
            continue
        polaritas = target_for(sources.targets, kode, params.year, params.triwulan, REGISTRY[kode].polaritas).polaritas
        need = kebutuhan(kode, r["pembilang"], r["penyebut"], r["target"], polaritas)
        row.update(kebutuhan=need.jumlah, keterangan=need.keterangan)
        if subject == "koperasi":
            kandidat[kode] = kandidat_koperasi(res.entities, sources.koperasi, latest)
        elif subject == "usaha_mikro":
            kandidat[kode] = kandidat_usaha(res.entities, sources.usaha_mikro)
        if kode in kandidat:
            row["jumlah_kandidat"] = len(kandidat[kode])
        if not params.is_annual:
            faktor = faktor_proyeksi(params.triwulan, {y: (q[kode], full[kode]) for y, (q, full) in earlier.items()
                                                       if kode in q.index and kode in full.index})
            row.update(proyeksi=proyeksi_realisasi(kode, r["pembilang"], r["penyebut"], faktor.p),
                       proyeksi_min=proyeksi_realisasi(kode, r["pembilang"], r["penyebut"], faktor.p_max),
                       proyeksi_max=proyeksi_realisasi(kode, r["pembilang"], r["penyebut"], faktor.p_min))
            row["keterangan"] = "; ".join(t for t in (row["keterangan"], f"proyeksi: {faktor.dasar}") if t)
            rasio += [{"kode": kode, "tahun": y, "rasio": v} for y, v in faktor.rasio.items()]
            rasio.append({"kode": kode, "tahun": None, "rasio": faktor.p, "dasar": faktor.dasar})
            if subject == "koperasi":
                risiko = risiko_koperasi(res.entities, sources.koperasi, latest, params.year, params.rat_window_years)
                row["jumlah_risiko"] = len(risiko)
        rows.append(row)
    summary = pd.DataFrame(rows).reindex(columns=SUMMARY_COLUMNS)
    for col in ("kebutuhan", "jumlah_kandidat", "jumlah_risiko"):
        summary[col] = summary[col].astype("Int64")
    for col in ("pembilang", "penyebut", "target", "proyeksi", "proyeksi_min", "proyeksi_max"):
        summary[col] = summary[col].astype("float64")
    summary["keterangan"] = summary["keterangan"].fillna("").astype("string")
    ratios = pd.DataFrame(rasio).reindex(columns=["kode", "tahun", "rasio", "dasar"])
    ratios["tahun"] = ratios["tahun"].astype("Int64")
    return TindakLanjut(summary, kandidat, risiko, ratios)
