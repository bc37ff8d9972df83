"""The steps the three notebooks call, so that the notebooks hold no logic of their own.

1. :func:`clean_step` (01_pembersihan): read and clean a year, write processed tables and the
   cleaning audit files (ledger, reconciliation, notes).
2. :func:`indicator_step` (02_indikator): compute the indicators from the processed tables and
   write iku_<n>.csv/json, the entity lists and the history across the RPJMD years.
3. :func:`load_report` (03_laporan): everything the report shows, read back from the files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .dataset import YearData, load_year, read_processed, write_processed
from .indicators import REGISTRY, Result, compute_all, sources_from_processed, sources_from_year
from .errors import IkuError, ParameterError
from .report import write_csv, write_results
from .validate import reasons_table

AUDIT = "audit"


def audit_name(kind: str, year: int) -> str:
    """File name of an audit file: ``audit_name('baris_ditolak', 2025)`` → 'baris_ditolak_2025.csv'."""
    return f"{kind}_{year}.csv"


def entity_file(kode: str, year: int) -> str:
    return f"entitas_{kode}_{year}.csv"


def clean_step(raw_dir, year: int, processed_dir, output_dir, rat_window_years: int = 1,
               accumulation_start_year: int = 2025) -> YearData:
    """Read and clean ``year``; write data/processed/<year>/ and the cleaning audit files."""
    data = load_year(Path(raw_dir), int(year), int(rat_window_years), int(accumulation_start_year))
    write_processed(data, processed_dir)
    audit = Path(output_dir) / AUDIT
    write_csv(data.ledger(), audit / audit_name("baris_ditolak", data.year))
    write_csv(data.reconciliation(), audit / audit_name("rekonsiliasi", data.year))
    write_csv(data.notes(), audit / audit_name("catatan", data.year))
    return data


def indicator_history(raw_dir, year: int, current: pd.DataFrame, targets: pd.DataFrame | None,
                      rat_window_years: int = 1, accumulation_start_year: int = 2025) -> pd.DataFrame:
    """Realisasi and target of every indicator for each RPJMD year up to ``year``, plus later targets.

    Earlier years are recomputed from their raw folders with the same parameters, so the chart
    never depends on which outputs happen to be published already.
    """
    rows = []
    raw_dir = Path(raw_dir)
    for y in range(accumulation_start_year, int(year)):
        if not (raw_dir / str(y)).is_dir():
            continue
        try:
            past, _ = compute_all(sources_from_year(load_year(raw_dir, y, rat_window_years, accumulation_start_year)))
        except IkuError as exc:  # an earlier year with a structural error: shown as not computable
            past = pd.DataFrame({"kode": list(REGISTRY), "status": "tidak dapat dihitung",
                                 "keterangan": f"data tahun {y} bermasalah: {exc.what}"})
        rows.append(past.assign(tahun=y))
    rows.append(current.assign(tahun=int(year)))
    hist = pd.concat(rows, ignore_index=True).reindex(columns=["kode", "tahun", "realisasi", "target", "capaian", "status"])
    if targets is not None and len(targets):
        later = targets[targets["tahun"] > int(year)][["kode", "tahun", "target"]]
        hist = pd.concat([hist, later], ignore_index=True)
    return hist.sort_values(["kode", "tahun"], kind="stable").reset_index(drop=True)


@dataclass
class IndicatorRun:
    table: pd.DataFrame
    results: dict[str, Result]
    history: pd.DataFrame
    params: dict


def indicator_step(raw_dir, year: int, processed_dir, output_dir, rat_window_years: int = 1,
                   accumulation_start_year: int = 2025) -> IndicatorRun:
    """Compute the indicators of ``year`` from the processed tables and write their files."""
    processed = read_processed(processed_dir, int(year))
    sources = sources_from_processed(processed)
    table, results = compute_all(sources)
    params = dict(processed.meta["params"])
    params["data_contoh"] = bool(processed.meta.get("data_contoh"))
    out = Path(output_dir)
    write_results(table, int(year), params, out)
    audit = out / AUDIT
    for kode, res in results.items():
        if not res.entities.empty:
            write_csv(res.entities, audit / entity_file(kode, int(year)))
        if res.detail is not None:
            write_csv(res.detail, audit / audit_name(f"rincian_{kode}", int(year)))
    history = indicator_history(raw_dir, int(year), table, sources.targets, int(rat_window_years),
                                int(accumulation_start_year))
    write_csv(history, audit / audit_name("riwayat_iku", int(year)))
    return IndicatorRun(table, results, history, params)


@dataclass
class ReportData:
    year: int
    table: pd.DataFrame
    params: dict
    history: pd.DataFrame
    reconciliation: pd.DataFrame
    ledger: pd.DataFrame
    top_reasons: pd.DataFrame
    entities: dict[str, pd.DataFrame]
    details: dict[str, pd.DataFrame]
    links: dict[str, str]

    @property
    def is_sample(self) -> bool:
        return bool(self.params.get("data_contoh"))


def _read_csv(path: Path) -> pd.DataFrame | None:
    return pd.read_csv(path, dtype={"nik": "str", "id_usaha": "str"}, keep_default_na=True) if path.exists() else None


def load_report(output_dir, year: int) -> ReportData:
    """Everything the report shows, read back from the files the earlier steps wrote."""
    out = Path(output_dir)
    year = int(year)
    results = out / f"iku_{year}.json"
    if not results.exists():
        raise ParameterError(f"hasil indikator {results} belum ada",
                             hint="Jalankan notebook 01_pembersihan lalu 02_indikator dengan parameter yang sama lebih dulu.")
    payload = json.loads(results.read_text(encoding="utf-8"))
    table = pd.DataFrame(payload["indikator"])
    audit = out / AUDIT
    entities, links, details = {}, {}, {}
    for kode in REGISTRY:
        ent = _read_csv(audit / entity_file(kode, year))
        if ent is not None:
            entities[kode] = ent
            links[kode] = f"{AUDIT}/{entity_file(kode, year)}"
        det = _read_csv(audit / audit_name(f"rincian_{kode}", year))
        if det is not None:
            details[kode] = det
    ledger = _read_csv(audit / audit_name("baris_ditolak", year))
    return ReportData(
        year, table, payload["parameter"], _read_csv(audit / audit_name("riwayat_iku", year)),
        _read_csv(audit / audit_name("rekonsiliasi", year)), ledger, reasons_table(ledger),
        entities, details, links)
