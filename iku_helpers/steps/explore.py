"""What the exploration notebook (04_eksplorasi) asks of the data, as DataFrames.

Every function takes a year's :class:`~iku_helpers.ingest.processed.Processed` tables (the same cache
``iku run`` uses, so exploring costs no cleaning) and returns a DataFrame an analyst can keep
working with. Indicator numbers always come from the package's indicator functions: the
sensitivity table calls them with another reading (:class:`~iku_helpers.indicators.model.Tafsir`, or a
RAT window recomputed by :func:`~iku_helpers.indicators.formulas.koperasi_aktif_at`), never with a formula
of its own.

What the notebook shows a reader goes through :func:`readable` (a pandas ``Styler``): the frames
keep their field names and numbers, to filter and compute on, while the view has headers in words
(:func:`column_label`), counts with a thousands dot (``1.234``), percentages with a decimal comma
(``12,94%``), dates as ``15/12/2025``, ``ya``/``tidak`` and codes, years and row numbers as
written (``2026``, ``1``, never ``2.026`` or ``1.0``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from ..core import formats
from ..core.tables import YEAR_TABLES, table_title
from ..indicators.formulas import koperasi_aktif_at
from ..indicators.kecamatan import cakupan_kecamatan
from ..indicators.model import Result, Tafsir, dated_after, sources_from_processed
from ..indicators.registry import REGISTRY, compute_all
from ..indicators.tindak_lanjut import per_kecamatan
from ..indicators.worklist import TindakLanjut, tindak_lanjut
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

    def summary(self) -> str:
        """The four counts in a sentence, in Indonesian notation.

        >>> RawSteps("usaha_mikro", pd.DataFrame(index=range(21008)), pd.DataFrame(index=range(20992)),
        ...          pd.DataFrame(index=range(11)), pd.DataFrame(index=range(9))).summary()
        'Daftar usaha mikro, kecil dan menengah (usaha_mikro): 21.008 baris mentah, 20.992 baris bersih, 11 ditolak, 9 dikoreksi/dicatat'
        """
        counts = (len(self.raw), len(self.clean), len(self.rejected), len(self.notes))
        words = ("baris mentah", "baris bersih", "ditolak", "dikoreksi/dicatat")
        return (f"{table_title(self.table)} ({self.table}): "
                + ", ".join(f"{formats.fmt_angka(n)} {w}" for n, w in zip(counts, words)))


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


def worklist(processed: Processed) -> TindakLanjut:
    """The period's tindak lanjut exactly as ``iku run`` writes it (spec section 11): ``summary``
    (kebutuhan, proyeksi, counts), ``kandidat`` by kode, ``risiko`` (quarters), and ``rasio``: each
    earlier year's share of its year-end pembilang reached by the same quarter, and the factor used."""
    sources = sources_from_processed(processed)
    table, found = compute_all(sources)
    return tindak_lanjut(processed.params, sources, found, table)


def kandidat_per_kecamatan(work: TindakLanjut) -> pd.DataFrame:
    """Candidates per kecamatan for each indicator that lists them, and the koperasi at risk."""
    parts = {f"kandidat_{kode}": per_kecamatan(frame) for kode, frame in work.kandidat.items()}
    if work.risiko is not None:
        parts["berisiko_IKU-1"] = per_kecamatan(work.risiko)
    return pd.DataFrame(parts).fillna(0).astype("int64").reset_index()


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


# --- what the notebook shows -----------------------------------------------------------------

#: Headers a reader sees for the fields the exploration shows; any other field reads as its words
#: (:func:`column_label`).
COLUMN_LABELS = {
    "nik": "NIK koperasi", "id_usaha": "ID usaha (NIB)", "nik_pemilik": "NIK pemilik", "id": "NIK / ID usaha",
    "no": "No", "sumber_berkas": "Berkas asal", "sumber_sheet": "Sheet asal", "sumber_baris": "Baris asal",
    "tahun_rat_terakhir": "Tahun RAT terakhir", "omzet_tahunan": "Omzet tahunan (Rp)", "modal_usaha": "Modal usaha (Rp)",
    "skala_dasar": "Skala menurut", "aktif_dasar": "Aktif menurut", "kategori_asli": "Kategori tertulis",
    "dihitung_penyebut": "Dihitung di penyebut", "dihitung_pembilang": "Dihitung di pembilang",
    "nilai": "Nilai tertulis", "selisih_poin": "Selisih (poin persen)", "adhb": "PDRB ADHB",
    "iku1_penyebut": "IKU-1: koperasi aktif", "iku1_pembilang": "IKU-1: difasilitasi", "iku1_persen": "IKU-1: persen",
    "iku2_penyebut": "IKU-2: usaha mikro aktif", "iku2_pembilang": "IKU-2: difasilitasi",
    "iku2_persen": "IKU-2: persen", "judul": "Tabel", "nama": "Nama (parameter tabel)", "jumlah_baris": "Baris bersih",
}
_ACRONYMS = {"nik": "NIK", "id": "ID", "nib": "NIB", "rat": "RAT", "iku": "IKU", "umkm": "UMKM", "pdrb": "PDRB",
              "bps": "BPS", "adhb": "ADHB", "kbli": "KBLI"}
#: Fields whose numbers are codes, years, positions or dates as written: digits only, no thousands dot.
_CODE_FIELDS = {"no", "nomor", "baris", "sheet", "id", "nik", "nib", "kode", "tahun", "triwulan"}
_CODE_PREFIXES = ("nik", "id_", "tahun", "tanggal", "sumber_")


def column_label(name) -> str:
    """The header a reader sees for a field.

    >>> column_label("omzet_tahunan"), column_label("jenis_fasilitasi"), column_label("tahun_rat"), column_label("Maret")
    ('Omzet tahunan (Rp)', 'Jenis fasilitasi', 'Tahun RAT', 'Maret')
    """
    if not isinstance(name, str):
        return "" if name is None else str(name)
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    text = " ".join(_ACRONYMS.get(word, word) for word in name.split("_"))
    return text[:1].upper() + text[1:]


def column_kind(name) -> str:
    """How a field's numbers are written: ``persen`` (12,94%), ``poin`` (+1,80), ``kode`` (digits as
    written: codes, years, row numbers, Excel's date serials) or ``angka`` (1.234; 1.234,56).

    >>> [column_kind(n) for n in ("iku2_persen", "realisasi", "selisih_poin", "no", "sumber_baris", "tahun_rat_terakhir",
    ...                           "tanggal", "jumlah_baris", "omzet_tahunan", "pembilang")]
    ['persen', 'persen', 'poin', 'kode', 'kode', 'kode', 'kode', 'angka', 'angka', 'angka']
    """
    text = str(name).lower()
    words = set(text.split("_"))
    if words & {"poin", "selisih", "perubahan"}:
        return "poin"
    if "persen" in words or text.startswith(("realisasi", "target", "capaian")):
        return "persen"
    if text in _CODE_FIELDS or text.startswith(_CODE_PREFIXES):
        return "kode"
    return "angka"


def shown_value(value, jenis: str = "angka") -> str:
    """One cell as a reader sees it (:func:`column_kind` says how a field's numbers are written).

    >>> [shown_value(v) for v in (1234.0, 31850000.0, 1234.567, True, None, "Aktif")]
    ['1.234', '31.850.000', '1.234,57', 'ya', '–', 'Aktif']
    >>> shown_value(1.0, "kode"), shown_value(45994.0, "kode"), shown_value(12.941938, "persen")
    ('1', '45994', '12,94%')
    >>> shown_value(pd.Timestamp("2025-12-15")), shown_value(dt.date(2025, 3, 18)), shown_value(-2.3219, "poin")
    ('15/12/2025', '18/03/2025', '-2,32')
    """
    if formats.is_missing(value) or value is pd.NaT:
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "ya" if value else "tidak"
    if isinstance(value, dt.date):  # a Timestamp or datetime is a date too
        return value.strftime("%d/%m/%Y")
    if isinstance(value, numbers.Number):
        number = float(value)
        if jenis == "persen":
            return formats.fmt_persen(number)
        if jenis == "poin":
            return formats.fmt_poin(number)
        if jenis == "kode":
            return str(int(number)) if number.is_integer() else str(value)
        return formats.fmt_angka(number, 0 if number.is_integer() else 2)
    return str(value)


#: Fields whose values are themselves field names: shown as the words a reader knows them by.
_NAMA_JADI_KATA = {"tabel": table_title, "kolom": column_label}


def _sel(value, jenis: str, kata=None) -> str:
    return kata(value) if kata is not None and isinstance(value, str) else shown_value(value, jenis)


def _teks(column: pd.Series) -> bool:
    """Whether a column holds text only (aligned left, as text reads)."""
    values = column.dropna()
    return not values.empty and bool(values.map(lambda v: isinstance(v, str)).all())


def readable(frame: pd.DataFrame, without: tuple[str, ...] | list[str] = ()) -> Styler:
    """``frame`` as a reader sees it (its data unchanged underneath): headers in words, numbers in
    Indonesian notation (:func:`shown_value`) aligned right, text aligned left, table and column
    names as their titles, a row number index and the columns ``without`` left out. Chain
    ``.background_gradient(...)`` and the like as on any Styler."""
    shown = frame.rename_axis(index=[column_label(n) if n is not None else None for n in frame.index.names],
                              columns=None)
    styler = shown.style.format({col: functools.partial(_sel, jenis=column_kind(col), kata=_NAMA_JADI_KATA.get(col))
                                 for col in shown.columns})
    styler = styler.format_index(column_label, axis=1)
    text = [col for col in shown.columns if _teks(shown[col])]
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"}).set_table_styles(
            {col: [{"selector": "th", "props": "text-align: left"}] for col in text}, overwrite=False)
    if frame.index.names == [None] and pd.api.types.is_integer_dtype(frame.index):
        styler = styler.hide(axis="index")
    hidden = [col for col in without if col in shown.columns]
    return styler.hide(hidden, axis="columns") if hidden else styler


def monthly_view(table: pd.DataFrame) -> Styler:
    """:func:`fasilitasi_per_jenis_bulan` for reading: shaded by count, the totals row and column
    left unshaded."""
    styler = readable(table)
    if table.empty:
        return styler
    return styler.background_gradient(cmap="Blues", axis=None, subset=(table.index[:-1], table.columns[:-1]))


def cakupan_view(table: pd.DataFrame) -> Styler:
    """:func:`cakupan` for reading: the two percentages shaded."""
    return readable(table).background_gradient(cmap="YlGnBu", subset=["iku1_persen", "iku2_persen"])


def tables_overview(processed: Processed) -> pd.DataFrame:
    """The year's clean tables: title, the name to give the notebook's ``tabel`` parameter, rows."""
    return pd.DataFrame([{"judul": table_title(name), "nama": name, "jumlah_baris": len(frame)}
                         for name, frame in processed.tables().items()])
