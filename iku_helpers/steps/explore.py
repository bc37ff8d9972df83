"""What the exploration notebook (04_eksplorasi) asks of the data, as DataFrames.

Every function takes a year's :class:`~iku_helpers.ingest.processed.Processed` tables (the same cache
``iku run`` uses, so exploring costs no cleaning) and returns a DataFrame an analyst can keep
working with. Indicator numbers always come from the package's indicator functions: the
sensitivity table calls them with another reading (:class:`~iku_helpers.indicators.model.Tafsir`, or a
RAT window recomputed by :func:`~iku_helpers.indicators.formulas.koperasi_aktif_at`), never with a formula
of its own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from ..core import formats
from ..core.tables import YEAR_TABLES
from ..documents.charts import cakupan_kecamatan
from ..indicators.formulas import koperasi_aktif_at
from ..indicators.model import Result, Tafsir, dated_after, sources_from_processed
from ..indicators.registry import REGISTRY
from ..ingest.cleaner import PERSONAL_COLUMN, PERSONAL_TABLES
from ..ingest.discovery import discover
from ..ingest.processed import Processed
from ..ingest.reading import read_table


@dataclass
class RawSteps:
    """One raw table read step by step: the cells as read, the clean rows, the rejected rows."""

    table: str
    raw: pd.DataFrame
    clean: pd.DataFrame
    rejected: pd.DataFrame
    notes: pd.DataFrame


def raw_steps(processed: Processed, table: str) -> RawSteps:
    """``table`` of the year as the bidang wrote it (every cell as text, with file and row), as the
    cleaning kept it, and the rows it rejected or corrected with the reasons. Owner NIKs and names
    are left out of the raw view."""
    if table not in YEAR_TABLES:
        raise ValueError(f"tabel {table!r} bukan tabel tahunan; pilih salah satu: {', '.join(YEAR_TABLES)}")
    params = processed.params
    found = discover(params.raw_dir / str(params.year), (table,), base=params.raw_dir)
    if table in found.tables:
        raw = read_table(found.tables[table], params.raw_dir).frame
        personal = [c for c in raw.columns if table in PERSONAL_TABLES and PERSONAL_COLUMN.search(c)]
        raw = raw.drop(columns=personal).rename(
            columns={"_berkas": "berkas", "_sheet": "sheet", "_baris": "baris"})
    else:
        raw = pd.DataFrame()
    clean = processed.get(table)
    ledger, notes = processed.ledger(), processed.notes()
    return RawSteps(table, raw, clean if clean is not None else pd.DataFrame(),
                    ledger[ledger["tabel"] == table].reset_index(drop=True),
                    notes[notes["tabel"] == table].reset_index(drop=True))


def fasilitasi_per_jenis_bulan(processed: Processed, table: str = "fasilitasi_usaha_mikro") -> pd.DataFrame:
    """How many distinct koperasi/usaha were facilitated, per jenis fasilitasi (rows) and month
    of the year (columns, Januari–Desember), with a total per jenis (distinct over the year)."""
    key = "nik" if table == "fasilitasi_koperasi" else "id_usaha"
    events = processed.get(table)
    months = list(formats.BULAN_NAMA)
    if events is None or events.empty:
        return pd.DataFrame(columns=[*months, "setahun"])
    cutoff = pd.Timestamp(processed.params.cutoff)  # a quarter counts up to its end, like the indicators
    year = events[(events["tanggal"].dt.year == processed.params.year) & ~dated_after(events, cutoff)]
    by_month = (year.assign(bulan=year["tanggal"].dt.month)
                .groupby(["jenis_fasilitasi", "bulan"])[key].nunique()
                .unstack(fill_value=0)
                .reindex(columns=range(1, 13), fill_value=0))
    by_month.columns = months
    by_month["setahun"] = year.groupby("jenis_fasilitasi")[key].nunique()
    by_month.loc["semua jenis"] = [year[year["tanggal"].dt.month == m][key].nunique() for m in range(1, 13)] + [
        year[key].nunique()]
    return by_month.rename_axis(index="jenis_fasilitasi", columns=None).astype("int64")


def results(processed: Processed, tafsir: Tafsir | None = None) -> dict[str, Result]:
    """Every indicator of the period of ``processed`` (with another reading when given)."""
    sources = sources_from_processed(processed)
    if tafsir is not None:
        sources = dataclasses.replace(sources, tafsir=tafsir)
    return {kode: ind.compute(sources) for kode, ind in REGISTRY.items()}


def cakupan(processed: Processed) -> pd.DataFrame:
    """Per kecamatan: IKU-1 and IKU-2 penyebut, pembilang and percentage, lowest IKU-2 first (the
    kecamatan that lag)."""
    sources = sources_from_processed(processed)
    res = {kode: REGISTRY[kode].compute(sources) for kode in ("IKU-1", "IKU-2")}
    one = cakupan_kecamatan(res["IKU-1"].entities).set_index("kecamatan").add_prefix("iku1_")
    two = cakupan_kecamatan(res["IKU-2"].entities).set_index("kecamatan").add_prefix("iku2_")
    return one.join(two).sort_values(["iku2_persen", "iku1_persen"], na_position="first")


def _row(reading: str, res: Result, base: Result | None) -> dict:
    return {"tafsir": reading, "kode": res.kode, "pembilang": res.pembilang, "penyebut": res.penyebut,
            "realisasi": res.realisasi,
            "selisih_poin": None if base is None or res.realisasi is None or base.realisasi is None
            else res.realisasi - base.realisasi}


def sensitivity(processed: Processed, window_years: int | None = None) -> pd.DataFrame:
    """IKU-1 and IKU-2 under the spec's readings and under each other reading, one at a time:
    the RAT window of ``window_years`` years (default: 2, or 1 when the run already uses 2);
    every facilitated koperasi in IKU-1's pembilang, aktif or not; every usaha mikro in IKU-2's
    penyebut. ``selisih_poin`` = the change in percentage points against the spec's reading."""
    sources = sources_from_processed(processed)
    if window_years is None:
        window_years = 1 if processed.params.rat_window_years == 2 else 2
    base = {k: REGISTRY[k].compute(sources) for k in ("IKU-1", "IKU-2")}
    rows = [_row("tafsir yang dipakai laporan resmi", base[k], None) for k in base]
    if sources.koperasi is not None:
        wider = sources.koperasi.copy()
        wider["aktif"] = koperasi_aktif_at(wider, sources.cutoff, window_years)[0]
        other = dataclasses.replace(sources, koperasi=wider, rat_window_years=window_years)
        rows.append(_row(f"jendela RAT {window_years} tahun (bukan {processed.params.rat_window_years})",
                         REGISTRY["IKU-1"].compute(other), base["IKU-1"]))
    rows.append(_row("pembilang: semua koperasi yang difasilitasi, aktif atau tidak",
                     REGISTRY["IKU-1"].compute(dataclasses.replace(sources, tafsir=Tafsir(iku1_pembilang="semua"))),
                     base["IKU-1"]))
    rows.append(_row("penyebut: semua usaha mikro, aktif atau tidak",
                     REGISTRY["IKU-2"].compute(dataclasses.replace(sources, tafsir=Tafsir(iku2_penyebut="semua"))),
                     base["IKU-2"]))
    out = pd.DataFrame(rows)
    for col in ("realisasi", "selisih_poin"):
        out[col] = out[col].astype("float64")
    return out
