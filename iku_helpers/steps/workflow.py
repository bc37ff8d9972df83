"""The steps the three notebooks call, so that the notebooks hold no logic of their own.

Each step takes the run's :class:`~iku_helpers.core.params.Params` and writes where
:class:`~iku_helpers.core.layout.Layout` says.

1. :func:`clean_step` (01_pembersihan): read and clean a year into the processed cache (or take
   it from there while it matches the raw data) and write the cleaning audit files (ledger,
   reconciliation, notes).
2. :func:`indicator_step` (02_indikator): compute the indicators of the period from the processed
   tables and write iku_<label>.csv/json, the entity lists, the history across the RPJMD years
   (earlier years from their cache entries), the quarterly evaluation table of the year and the
   comparison with the same period a year earlier (:func:`comparison_step`), and the tindak lanjut
   (:func:`~iku_helpers.indicators.worklist.tindak_lanjut`: kebutuhan, candidates, risiko, proyeksi).
3. :func:`load_report` (03_laporan): everything the report shows, read back from the files; then
   :func:`documents_step` writes the LKjIP workbook and the bidang's tindak lanjut workbook from it.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.errors import IkuError, ParameterError
from ..core.facts import RPJMD_END
from ..core.layout import Layout, building_periods, report_date
from ..core.params import Params
from ..core.periods import ANNUAL
from ..core.settings import Pengaturan, read_pengaturan
from ..documents.lists import write_csv, write_list
from ..documents.results import parameter_changes, read_results, write_results
from ..documents.tindak_lanjut import write_tindak_lanjut_workbook
from ..documents.workbook import write_workbook
from ..indicators.cache import period_indicators, store_indicators, year_indicators
from ..indicators.evaluation import evaluasi_triwulan, perbandingan
from ..indicators.model import Result, sources_from_processed
from ..indicators.registry import REGISTRY, compute_all
from ..indicators.targets import target_for
from ..indicators.tindak_lanjut import INDICATORS
from ..indicators.worklist import TindakLanjut, tindak_lanjut
from ..ingest.audit_trail import reasons_table
from ..ingest.processed import Processed, processed_year

HISTORY_COLUMNS = ["kode", "tahun", "realisasi", "target", "capaian", "status"]


def clean_step(params: Params) -> Processed:
    """The clean tables of the year, from data/processed/<year>/ when that entry still matches the
    raw data and parameters, else read, cleaned and stored there; then the cleaning audit files
    (ledger, reconciliation, notes) of the period, written from what the entry holds. Every quarter
    of a year (and a re-run with unchanged data) therefore cleans nothing again, and a fresh
    cleaning and a cached one publish the same bytes."""
    processed = processed_year(params)
    lay = Layout.for_notebook(params)
    write_list(processed.ledger(), lay.ledger)
    write_csv(processed.reconciliation(), lay.reconciliation)
    write_list(processed.notes(), lay.notes)
    return processed


def indicator_history(params: Params, current: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """Realisasi and target of every indicator for each RPJMD year up to ``params.year``, plus later targets.

    For a quarter, the current year's row is the realisasi so far against the annual target.

    Earlier years come from their processed cache entries (computed and stored when absent or
    stale), with the same parameters, so the chart never depends on which outputs happen to be
    published already and no earlier year is cleaned twice.
    """
    rows = []
    for y in range(params.accumulation_start_year, params.year):
        if not (params.raw_dir / str(y)).is_dir():
            continue
        try:
            past = year_indicators(params.replace(year=y, triwulan=ANNUAL))
        except IkuError as exc:  # an earlier year with a structural error: shown as not computable
            past = pd.DataFrame({"kode": list(REGISTRY), "status": "tidak dapat dihitung",
                                 "keterangan": f"data tahun {y} bermasalah: {exc.what}"})
        rows.append(past.assign(tahun=y))
    if not params.is_annual:  # the year so far, against the year's target: no annual capaian yet
        annual = [target_for(targets, kode, params.year).value for kode in current["kode"]]
        current = current.assign(target=pd.Series(annual, index=current.index, dtype="float64"), capaian=float("nan"))
    rows.append(current.assign(tahun=params.year))
    hist = pd.concat(rows, ignore_index=True).reindex(columns=HISTORY_COLUMNS)
    if targets is not None and len(targets):
        annual = targets["triwulan"].isna() if "triwulan" in targets else True
        later = targets[(targets["tahun"] > params.year) & annual][["kode", "tahun", "target"]]
        hist = pd.concat([hist, later], ignore_index=True)
    return hist.sort_values(["kode", "tahun"], kind="stable").reset_index(drop=True)


def published_period(lay: Layout | None) -> dict[str, float | None] | None:
    """Realisasi by kode of a published period (its iku_<label>.json); None when it is not published,
    or was published with other parameters (not comparable)."""
    if lay is None or not lay.results_json.exists():
        return None
    payload = read_results(lay)
    if parameter_changes(payload.get("parameter", {}), lay.params):
        return None
    return {r["kode"]: r["realisasi"] for r in payload["indikator"]}


def published_realisasi(params: Params) -> dict[int, dict[str, float | None]]:
    """Realisasi of the earlier quarters of the year as already published (outputs/<n>-tw<k>/),
    by quarter and kode; a quarter published with other parameters is not comparable and left out."""
    out = {}
    for lay in Layout(params).earlier_quarters():  # the published folders (also the manifest's pembanding)
        found = published_period(lay)
        if found is not None:
            out[lay.params.triwulan] = found
    return out


def evaluation_step(processed: Processed, table: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """The E.81-style table of the year up to this period (``processed.params``). The earlier
    quarters are computed from the year's processed cache (stored there, so a later period reuses
    them), never read from published reports; those are only compared, to flag a realisasi that
    changed since."""
    params = processed.params
    tables = {params.triwulan: table}
    for k in range(1, params.triwulan):
        tables[k] = period_indicators(processed.for_quarter(k))
    return evaluasi_triwulan(params.year, params.triwulan, tables, targets, published_realisasi(params))


def comparison_step(params: Params, table: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """This period against the same period a year earlier and against the RPJMD's end-of-period
    target (LKjIP chapter III). The earlier year comes from its processed cache entry with the same
    parameters, like the history, i.e. recomputed from today's raw data. Where that differs from the
    earlier period as published (outputs/<n−1 label>/, e.g. after BPS revised the PDRB), the table
    carries the published realisasi and flags it (:func:`~iku_helpers.indicators.evaluation.perbandingan`); the
    published report is only compared, never used for the numbers. A published period the running
    ``iku run`` republishes too is not compared (:meth:`~iku_helpers.core.layout.Layout.earlier_year`)."""
    previous, note = None, ""
    earlier = params.year - 1
    if not (params.raw_dir / str(earlier)).is_dir():
        note = f"data tahun {earlier} tidak ada"  # no folder name: verify may re-run from another one
    else:
        try:
            previous = year_indicators(params.replace(year=earlier))
        except IkuError as exc:
            note = f"data tahun {earlier} bermasalah: {exc.what}"
    published = published_period(Layout(params).earlier_year(building_periods()))  # also the manifest's pembanding
    return perbandingan(params, table, previous, targets, RPJMD_END, note, published)


def write_tindak_lanjut(tl: TindakLanjut, lay: Layout) -> None:
    """audit/tindak_lanjut_<label>.csv and the candidate and risk lists (parquet, CSV while short)."""
    write_csv(tl.summary, lay.tindak_lanjut)
    for kode, frame in tl.kandidat.items():
        write_list(frame, lay.kandidat(kode))
    if tl.risiko is not None:
        write_list(tl.risiko, lay.risiko)


@dataclass
class IndicatorRun:
    table: pd.DataFrame
    results: dict[str, Result]
    history: pd.DataFrame
    evaluation: pd.DataFrame
    comparison: pd.DataFrame
    params: Params
    tindak_lanjut: TindakLanjut | None = None


def indicator_step(params: Params) -> IndicatorRun:
    """Compute the indicators of the year from its processed tables and write their files."""
    processed = processed_year(params)
    sources = sources_from_processed(processed)
    table, results = compute_all(sources)
    store_indicators(processed, table)
    lay = Layout.for_notebook(params)
    write_results(table, lay, bool(processed.meta.get("data_contoh")))
    for kode, res in results.items():
        if not res.entities.empty:
            write_list(res.entities, lay.entity_list(kode))
        if res.detail is not None:
            write_csv(res.detail, lay.detail_csv(kode))
    history = indicator_history(params, table, sources.targets)
    write_csv(history, lay.history)
    evaluation = evaluation_step(processed, table, sources.targets)
    write_csv(evaluation, lay.evaluation)
    comparison = comparison_step(params, table, sources.targets)
    write_csv(comparison, lay.comparison)
    work = tindak_lanjut(params, sources, results, table)
    write_tindak_lanjut(work, lay)
    return IndicatorRun(table, results, history, evaluation, comparison, params, work)


@dataclass
class ReportData:
    params: Params
    layout: Layout
    table: pd.DataFrame
    parameters: dict
    history: pd.DataFrame
    evaluation: pd.DataFrame | None
    comparison: pd.DataFrame | None
    reconciliation: pd.DataFrame
    ledger: pd.DataFrame
    top_reasons: pd.DataFrame
    entities: dict[str, pd.DataFrame]
    details: dict[str, pd.DataFrame]
    links: dict[str, str]
    pengaturan: Pengaturan
    tanggal: dt.date
    #: audit/tindak_lanjut_<label>.csv (spec section 11), the candidates by kode and the koperasi at risk
    tindak_lanjut: pd.DataFrame | None = None
    kandidat: dict[str, pd.DataFrame] | None = None
    risiko: pd.DataFrame | None = None

    @property
    def year(self) -> int:
        return self.params.year

    @property
    def is_sample(self) -> bool:
        return bool(self.parameters.get("data_contoh"))


def _read_csv(path) -> pd.DataFrame | None:
    return pd.read_csv(path, dtype={"nik": "str", "id_usaha": "str"}, keep_default_na=True) if path.exists() else None


def _read_parquet(path) -> pd.DataFrame | None:
    return pd.read_parquet(path) if path.exists() else None


def load_report(params: Params) -> ReportData:
    """Everything the report shows, read back from the files the earlier steps wrote."""
    lay = Layout.for_notebook(params)
    if not lay.results_json.exists():
        raise ParameterError(f"hasil indikator {lay.results_json} belum ada",
                             hint="Jalankan notebook 01_pembersihan lalu 02_indikator dengan parameter yang sama lebih dulu.")
    payload = read_results(lay)
    table = pd.DataFrame(payload["indikator"])
    entities, links, details = {}, {}, {}
    for kode in REGISTRY:
        files = lay.entity_list(kode)
        ent = _read_parquet(files.parquet)
        if ent is not None:
            entities[kode] = ent
            links[kode] = lay.link(files.for_people())
        det = _read_csv(lay.detail_csv(kode))
        if det is not None:
            details[kode] = det
    ledger = _read_parquet(lay.ledger.parquet)
    kandidat = {kode: found for kode in INDICATORS if (found := _read_parquet(lay.kandidat(kode).parquet)) is not None}
    return ReportData(
        params, lay, table, payload["parameter"], _read_csv(lay.history), _read_csv(lay.evaluation),
        _read_csv(lay.comparison), _read_csv(lay.reconciliation),
        ledger, reasons_table(ledger), entities, details, links, read_pengaturan(params.raw_dir), report_date(),
        _read_csv(lay.tindak_lanjut), kandidat, _read_parquet(lay.risiko.parquet))


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off inside the block (on again after it, if it was on): a
    workbook is tens of thousands of small objects made at once, which each collection would walk
    again while they are still being made (a fifth of the time the workbooks take)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def documents_step(laporan: ReportData) -> Path:
    """Write the LKjIP workbook of the period (spec section 8) beside its report, and the bidang's
    tindak lanjut workbook (spec section 11) when the indicator step computed it; returns the LKjIP's path."""
    with _collector_paused():
        if laporan.tindak_lanjut is not None:
            write_tindak_lanjut_workbook(laporan, laporan.layout.tindak_lanjut_workbook)
        return write_workbook(laporan, laporan.layout.workbook)
