"""The five indicators of the 2026 decree (spec section 5), their targets and capaian.

The registry is data: one :class:`Indicator` per kode with the decree's texts and the function
that computes it. Each function is pure, takes the clean tables of the year (:class:`Sources`)
and returns a :class:`Result`: pembilang, penyebut, realisasi (unrounded %), status and
keterangan, plus the entity list behind the numbers, each entity with its source file and row.

>>> kategori_capaian(91.0), kategori_capaian(90.99)
('Sangat Tinggi', 'Tinggi')
>>> capaian(40.0, 50.0, "negatif")
(120.0, None)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from . import periods
from .params import RPJMD_START, Params
from .kernels import lookup_counts
from .layout import PDRB_TOTAL, TRADE_HISTORY
from .periods import fmt_angka, fmt_persen
from .tables import KATEGORI_PERDAGANGAN, PDRB_KATEGORI, SKALA, TABLES

OK = "ok"
TIDAK_DAPAT = "tidak dapat dihitung"
BELUM = "belum tersedia"
RESULT_COLUMNS = ["kode", "indikator", "pembilang", "penyebut", "realisasi", "target", "capaian",
                  "kategori", "status", "keterangan"]
SOURCE = ["sumber_berkas", "sumber_sheet", "sumber_baris"]


@dataclass(frozen=True)
class Tafsir:
    """How the decree is read where its words allow more than one reading. ``iku run`` always uses
    the defaults (the spec's choices); the others serve the exploration notebook's sensitivity
    table (:func:`iku_helpers.explore.sensitivity`).

    - ``iku1_pembilang``: ``"aktif"`` counts facilitated koperasi that are aktif; ``"semua"`` every
      facilitated koperasi of the register, aktif or not (the decree's pembilang read literally).
    - ``iku2_penyebut``: ``"aktif"`` counts usaha mikro aktif (this project's rule); ``"semua"`` every
      usaha mikro, aktif or not (its formula's "jumlah usaha mikro"); the pembilang follows.
    """

    iku1_pembilang: str = "aktif"
    iku2_penyebut: str = "aktif"

    def __post_init__(self) -> None:
        for name in ("iku1_pembilang", "iku2_penyebut"):
            if getattr(self, name) not in ("aktif", "semua"):
                raise ValueError(f"Tafsir.{name} harus 'aktif' atau 'semua', bukan {getattr(self, name)!r}")


@dataclass
class Sources:
    """The clean tables an indicator may use; ``None`` where a table was not delivered."""

    year: int
    koperasi: pd.DataFrame | None = None
    fasilitasi_koperasi: pd.DataFrame | None = None
    usaha_mikro: pd.DataFrame | None = None
    fasilitasi_usaha_mikro: pd.DataFrame | None = None
    trade_history: dict[int, pd.DataFrame | None] = field(default_factory=dict)
    pdrb: pd.DataFrame | None = None
    pdrb_total: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None
    accumulation_start_year: int = RPJMD_START
    rat_window_years: int = 1
    #: the quarter counted to (spec section 7); 4 = the annual report
    triwulan: int = periods.ANNUAL
    tafsir: Tafsir = field(default_factory=Tafsir)

    @property
    def is_annual(self) -> bool:
        return self.triwulan == periods.ANNUAL

    @property
    def cutoff(self) -> pd.Timestamp:
        return pd.Timestamp(periods.cutoff(self.year, self.triwulan))

    @property
    def periode(self) -> str:
        return periods.nama_periode(self.year, self.triwulan)

    def after_cutoff(self, facilitation: pd.DataFrame) -> pd.Series:
        """Rows of year n dated after the cut-off: kept by cleaning, not counted for a quarter."""
        if self.is_annual:
            return pd.Series(False, index=facilitation.index)
        return dated_after(facilitation, self.cutoff)


def dated_after(facilitation: pd.DataFrame, cutoff: pd.Timestamp) -> pd.Series:
    """Rows whose ``tanggal`` falls after ``cutoff`` (spec section 7: not counted for that quarter)."""
    return (facilitation["tanggal"] > cutoff).fillna(False).astype(bool)


@dataclass
class Result:
    kode: str
    pembilang: float | None
    penyebut: float | None
    realisasi: float | None
    status: str
    keterangan: str
    entities: pd.DataFrame = field(default_factory=pd.DataFrame)
    detail: pd.DataFrame | None = None  # a summary an auditor reads first (IKU-3 per year)


@dataclass(frozen=True)
class Indicator:
    kode: str
    nama: str
    sasaran: str
    formula: str
    pembilang: str
    penyebut: str
    penanggung_jawab: str
    sumber_data: str
    compute: Callable[[Sources], Result]
    polaritas: str = "positif"
    #: where the formula comes from: the decree, or this project's reading of an indicator's name
    #: (the goal indicators have no formula in the decree)
    dasar: str = "Keputusan Kepala Dinas"
    #: how the count departs from the formula's letter, said beside it in the report ("" = none)
    tafsir: str = ""
    satuan: str = "%"


def _result(kode: str, pembilang, penyebut, entities: pd.DataFrame, note: str = "", detail=None) -> Result:
    if not penyebut:
        return Result(kode, pembilang, penyebut, None, TIDAK_DAPAT,
                      _join("penyebut bernilai 0", note), entities, detail)
    return Result(kode, pembilang, penyebut, pembilang / penyebut * 100, OK, note, entities, detail)


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _missing(kode: str, what: str, year: int) -> Result:
    return Result(kode, None, None, None, BELUM, f"{what} tahun {year} belum tersedia", pd.DataFrame())


def _source(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in SOURCE if c in frame]]


# --- IT-1 ------------------------------------------------------------------------------------

#: How far the sum of the categories may be from BPS's total row for the total to vouch for it
#: (spec section 9: 0,1 %).
PDRB_TOTAL_TOLERANCE = 1e-3


def pdrb_status_text(rows: pd.DataFrame, year: int) -> str:
    """'PDRB 2025: angka sangat sementara BPS', from the status BPS marks on the year (empty when
    the file does not say)."""
    if "status_angka" not in rows:
        return ""
    status = sorted(set(rows["status_angka"].dropna()))
    return f"PDRB {year}: angka {' / '.join(status)} BPS" if status else ""


def it1_kontribusi_pdrb_perdagangan(s: Sources) -> Result:
    """IT-1 = adhb(G, n) / Σ adhb(A…U, n) × 100, never silently partial (spec section 9).

    Each letter A-U counts once, alone or inside BPS's combined codes (``M,N``, ``R,S,T,U``). The
    result is ``ok`` only when every letter is covered, or when a total row of the year agrees with
    the sum within 0,1 %; otherwise ``tidak dapat dihitung``, naming the missing letters.
    """
    if not s.is_annual:
        return Result("IT-1", None, None, None, BELUM,
                      f"PDRB diterbitkan BPS per tahun; tidak tersedia untuk {s.periode}", pd.DataFrame())
    if s.pdrb is None:
        return _missing("IT-1", "Data PDRB (pdrb_lapangan_usaha)", s.year)
    rows = s.pdrb[s.pdrb["tahun"] == s.year]
    if rows.empty:
        return Result("IT-1", None, None, None, BELUM,
                      f"PDRB tahun {s.year} belum dirilis BPS (biasanya terbit tahun {s.year + 1})", pd.DataFrame())
    shown = ["tahun", "kategori"] + [c for c in ("lapangan_usaha",) if c in rows] + ["adhb"]
    entities = rows[shown].copy()
    entities["dihitung_pembilang"] = entities["kategori"] == "G"
    entities["dihitung_penyebut"] = True
    extra = [c for c in ("status_angka", "sumber_kolom") if c in rows]
    entities = pd.concat([entities, rows[extra], _source(rows)], axis=1).sort_values("kategori").reset_index(drop=True)
    status = pdrb_status_text(rows, s.year)
    total = math.fsum(rows["adhb"])  # exactly rounded: the sum does not depend on row order
    covered = {letter for code in rows["kategori"] for letter in code.split(",")}
    absent = [k for k in PDRB_KATEGORI if k not in covered]
    published = (s.pdrb_total.loc[s.pdrb_total["tahun"] == s.year, "adhb"].astype("float64").tolist()
                 if s.pdrb_total is not None and len(s.pdrb_total) else [])
    agrees = [t for t in published if math.isclose(t, total, rel_tol=PDRB_TOTAL_TOLERANCE)]
    sum_text = f"jumlah kategori ({fmt_angka(total, 2)})"
    if "G" not in covered:
        return Result("IT-1", None, total, None, TIDAK_DAPAT,
                      _join(f"kategori G (perdagangan) tidak ada di PDRB tahun {s.year}", status), entities)
    if absent and not agrees:
        against = (f"baris PDRB total ({fmt_angka(published[0], 2)}) tidak cocok dengan {sum_text}" if published
                   else "tidak ada baris PDRB total untuk memastikan jumlahnya")
        return Result("IT-1", math.fsum(rows.loc[rows["kategori"] == "G", "adhb"]), total, None, TIDAK_DAPAT,
                      _join(f"PDRB tahun {s.year} tidak lengkap: kategori {', '.join(absent)} tidak ada (sendiri maupun "
                            f"dalam kode gabungan) dan {against}; lengkapi tabel PDRB dari BPS", status), entities)
    note = ""
    if absent:
        note = (f"kategori {', '.join(absent)} tidak ada di data PDRB, tetapi {sum_text} sama dengan baris PDRB total "
                f"({fmt_angka(agrees[0], 2)}) dalam batas 0,1%")
    elif published and not agrees:
        note = f"{sum_text} berbeda dengan baris PDRB total ({fmt_angka(published[0], 2)}) lebih dari 0,1%"
    return _result("IT-1", math.fsum(rows.loc[rows["kategori"] == "G", "adhb"]), total, entities, _join(note, status))


# --- IT-2 and IKU-2 -------------------------------------------------------------------------

def _reasons(cases: list[tuple[pd.Series, str]], otherwise: str) -> pd.Categorical:
    """The first case that holds for each row, as a categorical of its reason (the entity lists'
    ``alasan``: a few texts repeated over up to a million rows)."""
    codes = np.select([np.asarray(mask, dtype=bool) for mask, _ in cases], list(range(len(cases))), len(cases))
    labels = [label for _, label in cases] + [otherwise]
    return pd.Categorical.from_codes(codes, categories=labels).remove_unused_categories()


def _facilitation_counts(entity_ids: pd.Series, facilitation_ids: pd.Series) -> pd.Series:
    counts = lookup_counts(entity_ids, facilitation_ids.value_counts())
    return pd.Series(counts, index=entity_ids.index, dtype="int64")


LATER_COLUMN = "jumlah_fasilitasi_setelah_triwulan"
LATER = "setelah akhir triwulan (tidak dihitung)"


def _facilitation(ent: pd.DataFrame, ids: pd.Series, facilitation: pd.DataFrame, key: str, s: Sources) -> None:
    """Add jumlah_fasilitasi / difasilitasi (rows up to the cut-off) and, for a quarter, the count
    of rows of year n dated after it (kept, not counted)."""
    later = s.after_cutoff(facilitation)
    ent["jumlah_fasilitasi"] = _facilitation_counts(ids, facilitation.loc[~later, key])
    ent["difasilitasi"] = ent["jumlah_fasilitasi"] > 0
    if not s.is_annual:
        ent[LATER_COLUMN] = _facilitation_counts(ids, facilitation.loc[later, key])


def _only_later(ent: pd.DataFrame) -> pd.Series:
    """Facilitated only after the cut-off (always False for the annual report)."""
    if LATER_COLUMN not in ent:
        return pd.Series(False, index=ent.index)
    return ~ent["difasilitasi"] & (ent[LATER_COLUMN] > 0)


def _usaha_entities(usaha: pd.DataFrame, facilitation: pd.DataFrame | None, s: Sources) -> pd.DataFrame:
    cols = [c for c in ("id_usaha", "nama_usaha", "kecamatan", "skala", "aktif") if c in usaha]
    ent = usaha[cols].copy()
    ent["mikro"] = usaha["skala"] == "mikro"
    if facilitation is not None:
        _facilitation(ent, usaha["id_usaha"], facilitation, "id_usaha", s)
    return ent


def it2_usaha_mikro_aktif(s: Sources) -> Result:
    """IT-2 = #(mikro ∧ aktif) / #(mikro) × 100."""
    if s.usaha_mikro is None:
        return _missing("IT-2", "Daftar UMKM (usaha_mikro)", s.year)
    u = s.usaha_mikro
    ent = _usaha_entities(u, None, s)
    ent["dihitung_penyebut"] = ent["mikro"]
    ent["dihitung_pembilang"] = ent["mikro"] & ent["aktif"]
    ent["alasan"] = _reasons([(ent["skala"] == skala, f"bukan usaha mikro (skala {skala})")
                              for skala in SKALA if skala != "mikro"]
                             + [(ent["dihitung_pembilang"], "usaha mikro aktif")], "usaha mikro tidak aktif")
    ent = pd.concat([ent, _source(u)], axis=1)
    return _result("IT-2", int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent)


def iku2_usaha_mikro_difasilitasi(s: Sources) -> Result:
    """IKU-2 = #(unique id_usaha facilitated in n ∧ mikro ∧ aktif) / #(mikro ∧ aktif) × 100."""
    if s.usaha_mikro is None:
        return _missing("IKU-2", "Daftar UMKM (usaha_mikro)", s.year)
    if s.fasilitasi_usaha_mikro is None:
        return _missing("IKU-2", "Data fasilitasi usaha mikro (fasilitasi_usaha_mikro)", s.year)
    u = s.usaha_mikro
    ent = _usaha_entities(u, s.fasilitasi_usaha_mikro, s)
    everyone = s.tafsir.iku2_penyebut == "semua"
    ent["dihitung_penyebut"] = ent["mikro"] & (ent["aktif"] | everyone)
    ent["dihitung_pembilang"] = ent["dihitung_penyebut"] & ent["difasilitasi"]
    ent["alasan"] = _reasons([
        (ent["dihitung_pembilang"], "usaha mikro aktif yang difasilitasi"),
        (ent["dihitung_penyebut"] & _only_later(ent), f"usaha mikro aktif, difasilitasi {LATER}"),
        (ent["dihitung_penyebut"], "usaha mikro aktif, belum difasilitasi"),
        (ent["difasilitasi"] & ~ent["mikro"], "difasilitasi tetapi bukan usaha mikro"),
        (ent["difasilitasi"] & ~ent["aktif"], "difasilitasi tetapi tidak aktif"),
        (~ent["mikro"], "bukan usaha mikro"),
    ], "usaha mikro tidak aktif")
    ent = pd.concat([ent, _source(u)], axis=1)
    return _result("IKU-2", int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent)


# --- IKU-1 ----------------------------------------------------------------------------------

def rat_window_start(cutoff: pd.Timestamp, window_years: int) -> pd.Timestamp:
    """The window of a quarter's cut-off c is (start, c]: a RAT dated after start, up to c, counts."""
    return cutoff - pd.DateOffset(years=window_years)


def koperasi_aktif_at(koperasi: pd.DataFrame, cutoff: pd.Timestamp, window_years: int) -> tuple[pd.Series, pd.Series, int]:
    """Aktif at a quarter's cut-off c (spec section 7): the latest RAT dated in (c − w years, c].

    Returns (aktif, RAT dated after c, how many were judged by their year alone). A RAT known
    only by its year cannot be placed before or after c: it is judged by the annual rule (year in
    n−w+1 … n), and the count goes into the indicator's keterangan.

    >>> k = pd.DataFrame({"tanggal_rat": pd.to_datetime(["2025-08-10", "2026-07-01", None]),
    ...                   "tahun_rat_terakhir": pd.array([2025, 2026, 2026], dtype="Int64")})
    >>> aktif, later, year_only = koperasi_aktif_at(k, pd.Timestamp("2026-06-30"), 1)
    >>> aktif.tolist(), later.tolist(), year_only
    ([True, False, True], [False, True, False], 1)
    """
    index = koperasi.index
    dated = koperasi["tanggal_rat"] if "tanggal_rat" in koperasi else pd.Series(pd.NaT, index=index)
    has_date = dated.notna()
    start = rat_window_start(cutoff, window_years)
    by_date = has_date & (dated > start) & (dated <= cutoff)
    year = koperasi["tahun_rat_terakhir"].astype("float64")
    by_year = ~has_date & year.between(cutoff.year - window_years + 1, cutoff.year)
    later = has_date & (dated > cutoff)
    year_only = int((by_year & (year == cutoff.year)).sum())
    return (by_date | by_year).astype(bool), later.astype(bool), year_only


def iku1_koperasi_difasilitasi(s: Sources) -> Result:
    """IKU-1 = #(unique nik facilitated in n ∧ aktif in n) / #(aktif in n) × 100."""
    if s.koperasi is None:
        return _missing("IKU-1", "Daftar koperasi (koperasi)", s.year)
    if s.fasilitasi_koperasi is None:
        return _missing("IKU-1", "Data fasilitasi koperasi (fasilitasi_koperasi)", s.year)
    k = s.koperasi
    cols = [c for c in ("nik", "nama_koperasi", "kecamatan", "tanggal_rat", "tahun_rat_terakhir", "aktif") if c in k]
    ent = k[cols].copy()
    if s.is_annual:
        ent = ent.drop(columns="tanggal_rat", errors="ignore")  # the annual lists as they always were
        rat_later, year_only = pd.Series(False, index=k.index), 0
    else:
        ent["aktif"], rat_later, year_only = koperasi_aktif_at(k, s.cutoff, s.rat_window_years)
    _facilitation(ent, k["nik"], s.fasilitasi_koperasi, "nik", s)
    ent["dihitung_penyebut"] = ent["aktif"]
    ent["dihitung_pembilang"] = ent["difasilitasi"] & (ent["aktif"] | (s.tafsir.iku1_pembilang == "semua"))
    ent["alasan"] = _reasons([
        (ent["dihitung_pembilang"], "aktif dan difasilitasi"),
        (ent["aktif"] & _only_later(ent), f"aktif, difasilitasi {LATER}"),
        (ent["aktif"], "aktif, belum difasilitasi"),
        (ent["difasilitasi"], "difasilitasi tetapi tidak aktif"),
        (rat_later, "tidak aktif per akhir triwulan: RAT terakhir diadakan setelahnya"),
    ], "tidak aktif (tidak ada RAT dalam periode)")
    ent = pd.concat([ent, _source(k)], axis=1)
    not_aktif = int((ent["difasilitasi"] & ~ent["aktif"]).sum())
    note = f"{not_aktif} koperasi difasilitasi tetapi tidak aktif (tidak dihitung; lihat daftar entitas)" if not_aktif else ""
    if year_only:
        note = _join(note, f"{year_only} koperasi hanya tercatat tahun RAT {s.year} tanpa tanggal; "
                           f"dianggap aktif seperti aturan tahunan")
    return _result("IKU-1", int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent, note)


# --- IKU-3 ----------------------------------------------------------------------------------

def iku3_perdagangan_ditingkatkan(s: Sources) -> Result:
    """IKU-3 = F(n) / Σ_{y=s..n} F(y) × 100, F(y) = Σ jumlah of year y's rows dated in y.
    For a quarter: F(n, c) / (Σ_{y=s..n−1} F(y) + F(n, c)) × 100, earlier years whole."""
    start = s.accumulation_start_year
    if s.year < start:
        return Result("IKU-3", None, None, None, TIDAK_DAPAT,
                      f"tahun {s.year} sebelum tahun awal akumulasi {start}", pd.DataFrame())
    if s.trade_history.get(s.year) is None:
        return _missing("IKU-3", "Data fasilitasi perdagangan (fasilitasi_perdagangan)", s.year)
    frames, later = [], []
    for y in range(start, s.year + 1):
        df = s.trade_history.get(y)
        if df is not None:
            part = df[[c for c in ("tanggal", "kategori", "uraian", "jumlah", "kecamatan") if c in df]].copy()
            part.insert(0, "tahun_data", y)
            frames.append(pd.concat([part, _source(df)], axis=1))
            later.append(s.after_cutoff(df) if y == s.year else pd.Series(False, index=df.index))
    ent = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    counts = ~pd.concat(later, ignore_index=True).to_numpy(dtype=bool) if later else []
    ent["dihitung_pembilang"] = (ent["tahun_data"] == s.year) & counts
    ent["dihitung_penyebut"] = counts
    if not s.is_annual:
        ent["alasan"] = _reasons([(~ent["dihitung_penyebut"], f"tahun {s.year}, {LATER}"),
                                  (ent["dihitung_pembilang"], f"tahun {s.year} s.d. akhir triwulan")],
                                 "tahun sebelumnya (utuh)")
    counted = ent[ent["dihitung_penyebut"]]
    detail = (counted.pivot_table(index="tahun_data", columns="kategori", values="jumlah", aggfunc="sum",
                              fill_value=0, observed=False)
              .reindex(columns=list(KATEGORI_PERDAGANGAN), fill_value=0)
              .reindex(range(start, s.year + 1)))
    delivered = [y for y in detail.index if s.trade_history.get(y) is not None]
    detail.loc[delivered] = detail.loc[delivered].fillna(0)  # delivered, nothing counted: 0, not "no data"
    detail["jumlah"] = detail.sum(axis=1, min_count=1)
    detail = detail.reset_index().rename(columns={"tahun_data": "tahun"})
    absent = [y for y in range(start, s.year) if s.trade_history.get(y) is None]
    f_n = float(ent.loc[ent["dihitung_pembilang"], "jumlah"].sum())
    total = float(counted["jumlah"].sum())
    if absent:
        return Result("IKU-3", f_n, None, None, TIDAK_DAPAT,
                      "data fasilitasi perdagangan tahun " + ", ".join(map(str, absent))
                      + f" tidak ada; akumulasi {start}-{s.year} tidak lengkap", ent, detail)
    return _result("IKU-3", f_n, total, ent, "", detail)


# --- the registry --------------------------------------------------------------------------

SASARAN_1 = "1. Meningkatnya koperasi dan usaha mikro yang berkualitas"
SASARAN_3 = "3. Meningkatnya usaha perdagangan besar dan eceran"
TUJUAN = "Tujuan: Meningkatnya Daya Saing Koperasi dan Usaha Mikro dan Perdagangan"

TAFSIR_NAMA = "tafsir atas nama indikatornya; keputusan tidak memuat rumusnya"

REGISTRY: dict[str, Indicator] = {i.kode: i for i in (
    Indicator("IT-1", "Persentase kontribusi PDRB sektor perdagangan", TUJUAN,
              "PDRB kategori G / PDRB total × 100%", "PDRB ADHB kategori G (perdagangan)",
              "PDRB ADHB seluruh kategori A-U", "Tidak disebut dalam keputusan (data: BPS)",
              "BPS Kabupaten Jember: PDRB ADHB menurut lapangan usaha", it1_kontribusi_pdrb_perdagangan,
              dasar=TAFSIR_NAMA),
    Indicator("IT-2", "Persentase usaha mikro aktif", TUJUAN,
              "usaha mikro aktif / seluruh usaha mikro × 100%", "usaha mikro aktif", "seluruh usaha mikro",
              "Tidak disebut dalam keputusan (data: pendataan UMKM)",
              "Laporan Data Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro (daftar UMKM)",
              it2_usaha_mikro_aktif, dasar=TAFSIR_NAMA),
    Indicator("IKU-1", "Persentase koperasi yang difasilitasi", SASARAN_1,
              "koperasi yang difasilitasi / jumlah seluruh koperasi aktif × 100%",
              "koperasi aktif yang difasilitasi", "jumlah seluruh koperasi aktif",
              "Bidang Pengawasan Koperasi dan Usaha Mikro",
              "Laporan Data Bidang Pengawasan Koperasi dan Usaha Mikro", iku1_koperasi_difasilitasi,
              tafsir="pembilang hanya koperasi aktif yang difasilitasi, sama dengan penyebutnya, agar persentasenya "
                     "tidak melebihi 100%; koperasi difasilitasi yang tidak aktif disebut di keterangan"),
    Indicator("IKU-2", "Persentase usaha mikro yang difasilitasi", SASARAN_1,
              "usaha mikro yang difasilitasi / jumlah usaha mikro × 100%",
              "usaha mikro aktif yang difasilitasi", "jumlah usaha mikro aktif",
              "Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
              "Laporan Data Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
              iku2_usaha_mikro_difasilitasi,
              tafsir="keputusan menulis \"jumlah usaha mikro\"; laporan ini menghitung pembilang dan penyebut "
                     "hanya atas usaha mikro aktif (aturan hitung alur kerja ini, bukan bunyi keputusan)"),
    Indicator("IKU-3", "Persentase perdagangan yang ditingkatkan kualitasnya", SASARAN_3,
              "fasilitasi perdagangan tahun ke-n / akumulasi fasilitasi perdagangan × 100%",
              "fasilitasi perdagangan tahun ke-n", "akumulasi fasilitasi perdagangan sejak tahun awal",
              "Bidang Perdagangan; Bidang Sarana dan Prasarana",
              "Laporan Data Bidang Perdagangan dan Bidang Sarana dan Prasarana", iku3_perdagangan_ditingkatkan),
)}


# --- targets and capaian -------------------------------------------------------------------

BANDS = ((91, "Sangat Tinggi"), (76, "Tinggi"), (66, "Sedang"), (51, "Rendah"))


def kategori_capaian(value: float | None) -> str | None:
    """Permendagri 86/2017 scale on the unrounded capaian."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    for floor, name in BANDS:
        if value >= floor:
            return name
    return "Sangat Rendah"


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


def compute_all(s: Sources, registry: dict[str, Indicator] = REGISTRY) -> tuple[pd.DataFrame, dict[str, Result]]:
    """The headline table of the period (the columns of spec section 5) and each indicator's result."""
    rows, results = [], {}
    for kode, ind in registry.items():
        res = ind.compute(s)
        results[kode] = res
        target = target_for(s.targets, kode, s.year, s.triwulan, ind.polaritas)
        cap, why = capaian(res.realisasi, target.value, target.polaritas)
        note = res.keterangan
        if why:
            note = _join(note, target.missing or why)
        rows.append({
            "kode": kode, "indikator": ind.nama, "pembilang": res.pembilang, "penyebut": res.penyebut,
            "realisasi": res.realisasi, "target": target.value, "capaian": cap, "kategori": kategori_capaian(cap),
            "status": res.status, "keterangan": note,
        })
    table = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for col in ("pembilang", "penyebut", "realisasi", "target", "capaian"):
        table[col] = table[col].astype("float64")
    return table, results


# --- the evaluation table of the year (E.81 style, spec section 7) -----------------------------

CHANGED = "berubah sejak dilaporkan"


def _same(a, b) -> bool:
    if periods.is_missing(a) or periods.is_missing(b):
        return periods.is_missing(a) and periods.is_missing(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def compare_reported(reported: dict[str, float | None] | None, kode: str, value) -> tuple[float | None, bool]:
    """A recomputed realisasi against a published report (``reported``: kode → realisasi, None when
    that report is not published): the published value and whether ``value`` differs from it, i.e.
    is "berubah sejak dilaporkan". The one rule of the evaluation table (earlier quarters, spec
    section 7) and of the comparison (the same period a year earlier, spec section 9 "Revisions"):
    equal within rounding noise is the same, both missing is the same, one missing is a change.

    >>> compare_reported({"IT-1": 14.31}, "IT-1", 14.27), compare_reported({"IT-1": 14.27}, "IT-1", 14.27)
    ((14.31, True), (14.27, False))
    >>> compare_reported({"IT-1": None}, "IT-1", 14.27), compare_reported(None, "IT-1", 14.27)
    ((None, True), (None, False))
    """
    if reported is None:
        return None, False
    shown = reported.get(kode)
    return shown, not _same(shown, value)


def changed_note(what: str, reported) -> str:
    """How a changed realisasi is said to people: 'Triwulan I berubah sejak dilaporkan (dilaporkan 9,50%)';
    a period reported without a number (IT-1 before BPS published the year) says so."""
    shown = "belum tersedia saat dilaporkan" if periods.is_missing(reported) else f"dilaporkan {fmt_persen(reported)}"
    return f"{what} {CHANGED} ({shown})".strip()


def evaluasi_triwulan(year: int, triwulan: int, tables: dict[int, pd.DataFrame], targets: pd.DataFrame | None,
                      published: dict[int, dict[str, float | None]] | None = None,
                      registry: dict[str, Indicator] = REGISTRY) -> pd.DataFrame:
    """One row per indicator: sasaran, indikator, target tahunan, target TW I–IV, realisasi s.d.
    each quarter up to ``triwulan`` (``tables[k]``), capaian and kategori of this period, penanggung
    jawab; for each earlier quarter already published (``published[k]``: kode → realisasi), the
    published value and whether it differs (``berubah_tw<k>``) with a ``catatan``.
    """
    published = published or {}
    rows = []
    for kode, ind in registry.items():
        row = {"kode": kode, "sasaran": ind.sasaran, "indikator": ind.nama,
               "target_tahunan": target_for(targets, kode, year, periods.ANNUAL).tahunan}
        quarter_rows = _targets_of(targets, kode, year)
        for k in periods.TRIWULAN:
            hit = quarter_rows[quarter_rows["triwulan"] == k]
            row[f"target_tw{k}"] = float(hit["target"].iloc[0]) if len(hit) else None
        changed = []
        for k in range(1, triwulan + 1):
            value = tables[k].set_index("kode").at[kode, "realisasi"]
            row[f"realisasi_tw{k}"] = value
            if k < triwulan:
                shown, differs = compare_reported(published.get(k), kode, value)
                row[f"dilaporkan_tw{k}"] = shown
                row[f"berubah_tw{k}"] = differs
                if differs:
                    changed.append(changed_note(periods.nama_triwulan(k), shown))
        current = tables[triwulan].set_index("kode").loc[kode]
        row.update({"capaian": current["capaian"], "kategori": current["kategori"],
                    "penanggung_jawab": ind.penanggung_jawab, "catatan": "; ".join(changed)})
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in out.columns:
        if col.startswith(("target", "realisasi", "dilaporkan", "capaian")):
            out[col] = out[col].astype("float64")
    return out


def perbandingan(params: Params, current: pd.DataFrame, previous: pd.DataFrame | None, targets: pd.DataFrame | None,
                 end_year: int, previous_note: str = "", published: dict[str, float | None] | None = None,
                 registry: dict[str, Indicator] = REGISTRY) -> pd.DataFrame:
    """The LKjIP chapter III comparison (spec section 8): per indicator the realisasi of the same
    period a year earlier (``previous``; None when there is none, with ``previous_note`` saying
    why) and of this period, the change in percentage points, the RPJMD's end-of-period target and
    the capaian against it.

    ``published`` is that earlier period as already published (kode → realisasi; None when it is
    not): where the recomputed realisasi differs from it (:func:`compare_reported`, e.g. BPS revised
    the PDRB, spec section 9 "Revisions"), ``realisasi_dilaporkan_sebelumnya`` holds the published
    value and ``berubah_sejak_dilaporkan`` is True; otherwise they are empty and False. The
    perubahan is always computed from the recomputed realisasi.

    >>> from iku_helpers.params import Params
    >>> now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [30.0]})
    >>> before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [20.0]})
    >>> t = pd.DataFrame({"kode": ["IKU-1"], "tahun": [2029], "triwulan": [pd.NA], "target": [40.0],
    ...                   "polaritas": ["positif"]})
    >>> row = perbandingan(Params(year=2026), now, before, t, 2029, registry={"IKU-1": REGISTRY["IKU-1"]}).iloc[0]
    >>> [float(row[c]) for c in ("perubahan", "target_akhir_periode", "capaian_target_akhir")]
    [10.0, 40.0, 75.0]
    """
    now = current.set_index("kode")["realisasi"]
    before = previous.set_index("kode")["realisasi"] if previous is not None else pd.Series(dtype="float64")
    earlier = periods.label(params.year - 1, params.triwulan)
    rows = []
    for kode, ind in registry.items():
        r_now = periods.as_number(now.get(kode))
        r_before = periods.as_number(before.get(kode))
        shown, differs = compare_reported(published if previous is not None else None, kode, r_before)
        end = target_for(targets, kode, end_year)
        value, why = capaian(r_now, end.value, end.polaritas)
        notes = []
        if r_before is None:
            notes.append(previous_note if previous is None else
                         f"realisasi {periods.nama_periode(params.year - 1, params.triwulan)} {_why_missing(previous, kode)}")
        if r_now is None:
            notes.append(f"realisasi {periods.nama_periode(params.year, params.triwulan)} {_why_missing(current, kode)}")
        if why:
            notes.append(why.replace("target", f"target {end_year}", 1))
        rows.append({"kode": kode, "indikator": ind.nama, "satuan": ind.satuan,
                     "periode_sebelumnya": earlier, "realisasi_sebelumnya": r_before,
                     "realisasi_dilaporkan_sebelumnya": shown if differs else None, "berubah_sejak_dilaporkan": differs,
                     "periode": params.label, "realisasi": r_now,
                     "perubahan": None if r_now is None or r_before is None else r_now - r_before,
                     "tahun_akhir_periode": end_year, "target_akhir_periode": end.value,
                     "polaritas": end.polaritas, "capaian_target_akhir": value, "keterangan": "; ".join(notes)})
    out = pd.DataFrame(rows)
    for col in ("realisasi_sebelumnya", "realisasi_dilaporkan_sebelumnya", "realisasi", "perubahan",
                "target_akhir_periode", "capaian_target_akhir"):
        out[col] = out[col].astype("float64")
    return out


def _why_missing(table: pd.DataFrame, kode: str) -> str:
    """'belum tersedia (PDRB tahun 2026 belum dirilis ...)' from an indicator table's row."""
    row = table.set_index("kode").loc[kode] if kode in set(table["kode"]) else None
    if row is None or "status" not in row or periods.is_missing(row["status"]):
        return "belum ada"
    reason = row.get("keterangan")
    return f"{row['status']}" + ("" if periods.is_missing(reason) or not reason else f" ({reason})")


# --- building Sources ------------------------------------------------------------------------

def sources_from_tables(params, tables: dict[str, pd.DataFrame | None], trade_history, pdrb_total) -> Sources:
    get = tables.get
    return Sources(params.year, get("koperasi"), get("fasilitasi_koperasi"), get("usaha_mikro"),
                   get("fasilitasi_usaha_mikro"), trade_history, get("pdrb_lapangan_usaha"), pdrb_total,
                   get("target_iku"), params.accumulation_start_year, params.rat_window_years, params.triwulan)


def sources_from_year(data) -> Sources:
    """Sources of a :class:`~iku_helpers.dataset.YearData` (in-process runs, tests, benchmarks)."""
    tables = {name: c.data for name, c in data.tables.items()}
    pdrb = data.tables.get("pdrb_lapangan_usaha")
    return sources_from_tables(data.params, tables, data.trade_history,
                               pdrb.extra["total_pdrb"] if pdrb is not None else None)


def sources_from_processed(p) -> Sources:
    """Sources of a :class:`~iku_helpers.dataset.Processed` (the indicator notebook), for the
    period of ``p.params`` (the entry's data key matches it: the cache checked that)."""
    hist_frame = p.get(TRADE_HISTORY)
    history: dict[int, pd.DataFrame | None] = {}
    for y, present in p.meta["riwayat_perdagangan"].items():
        y = int(y)
        history[y] = hist_frame[hist_frame["tahun_data"] == y].drop(columns="tahun_data") if present else None
    tables = {name: p.get(name) for name in TABLES}
    return sources_from_tables(p.params, tables, history, p.get(PDRB_TOTAL))
