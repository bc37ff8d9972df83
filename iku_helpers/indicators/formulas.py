"""The formulas of the five indicators (spec section 5). Each function is pure: it takes the clean
tables of the period (:class:`~iku_helpers.indicators.model.Sources`) and returns a
:class:`~iku_helpers.indicators.model.Result` with the entity list behind its numbers, each
entity with its source file and row. Each formula names its own code once (``kode``, its key in
the registry).

>>> from iku_helpers.indicators.registry import REGISTRY
>>> REGISTRY["IKU-1"].compute is iku1_koperasi_difasilitasi
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.formats import fmt_angka, fmt_tanggal
from ..core.kernels import lookup_counts
from ..core.tables import KATEGORI_PERDAGANGAN, PDRB_KATEGORI, SKALA
from .model import (
    BELUM,
    SOURCE,
    TIDAK_DAPAT,
    Result,
    Sources,
    join_notes,
    make_result,
    not_available,
    source_of,
)

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
    kode = "IT-1"
    if not s.is_annual:
        return Result(kode, None, None, None, BELUM,
                      f"PDRB diterbitkan BPS per tahun; tidak tersedia untuk {s.periode}", pd.DataFrame())
    if s.pdrb is None:
        return not_available(kode, "Data PDRB (pdrb_lapangan_usaha)", s.year)
    rows = s.pdrb[s.pdrb["tahun"] == s.year]
    if rows.empty:
        return Result(kode, None, None, None, BELUM,
                      f"PDRB tahun {s.year} belum dirilis BPS (biasanya terbit tahun {s.year + 1})", pd.DataFrame())
    shown = ["tahun", "kategori"] + [c for c in ("lapangan_usaha",) if c in rows] + ["adhb"]
    entities = rows[shown].copy()
    entities["dihitung_pembilang"] = entities["kategori"] == "G"
    entities["dihitung_penyebut"] = True
    extra = [c for c in ("status_angka", "sumber_kolom") if c in rows]
    entities = pd.concat([entities, rows[extra], source_of(rows)], axis=1).sort_values("kategori").reset_index(drop=True)
    status = pdrb_status_text(rows, s.year)
    total = math.fsum(rows["adhb"])  # exactly rounded: the sum does not depend on row order
    covered = {letter for code in rows["kategori"] for letter in code.split(",")}
    absent = [k for k in PDRB_KATEGORI if k not in covered]
    published = (s.pdrb_total.loc[s.pdrb_total["tahun"] == s.year, "adhb"].astype("float64").tolist()
                 if s.pdrb_total is not None and len(s.pdrb_total) else [])
    agrees = [t for t in published if math.isclose(t, total, rel_tol=PDRB_TOTAL_TOLERANCE)]
    sum_text = f"jumlah kategori ({fmt_angka(total, 2)})"
    if "G" not in covered:
        return Result(kode, None, total, None, TIDAK_DAPAT,
                      join_notes(f"kategori G (perdagangan) tidak ada di PDRB tahun {s.year}", status), entities)
    if absent and not agrees:
        against = (f"baris PDRB total ({fmt_angka(published[0], 2)}) tidak cocok dengan {sum_text}" if published
                   else "tidak ada baris PDRB total untuk memastikan jumlahnya")
        return Result(kode, math.fsum(rows.loc[rows["kategori"] == "G", "adhb"]), total, None, TIDAK_DAPAT,
                      join_notes(f"PDRB tahun {s.year} tidak lengkap: kategori {', '.join(absent)} tidak ada (sendiri maupun "
                            f"dalam kode gabungan) dan {against}; lengkapi tabel PDRB dari BPS", status), entities)
    note = ""
    if absent:
        note = (f"kategori {', '.join(absent)} tidak ada di data PDRB, tetapi {sum_text} sama dengan baris PDRB total "
                f"({fmt_angka(agrees[0], 2)}) dalam batas 0,1%")
    elif published and not agrees:
        note = f"{sum_text} berbeda dengan baris PDRB total ({fmt_angka(published[0], 2)}) lebih dari 0,1%"
    return make_result(kode, math.fsum(rows.loc[rows["kategori"] == "G", "adhb"]), total, entities, join_notes(note, status))


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
    kode = "IT-2"
    if s.usaha_mikro is None:
        return not_available(kode, "Daftar UMKM (usaha_mikro)", s.year)
    u = s.usaha_mikro
    ent = _usaha_entities(u, None, s)
    ent["dihitung_penyebut"] = ent["mikro"]
    ent["dihitung_pembilang"] = ent["mikro"] & ent["aktif"]
    ent["alasan"] = _reasons([(ent["skala"] == skala, f"bukan usaha mikro (skala {skala})")
                              for skala in SKALA if skala != "mikro"]
                             + [(ent["dihitung_pembilang"], "usaha mikro aktif")], "usaha mikro tidak aktif")
    ent = pd.concat([ent, source_of(u)], axis=1)
    return make_result(kode, int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent)


def iku2_usaha_mikro_difasilitasi(s: Sources) -> Result:
    """IKU-2 = #(unique id_usaha facilitated in n ∧ mikro ∧ aktif) / #(mikro ∧ aktif) × 100."""
    kode = "IKU-2"
    if s.usaha_mikro is None:
        return not_available(kode, "Daftar UMKM (usaha_mikro)", s.year)
    if s.fasilitasi_usaha_mikro is None:
        return not_available(kode, "Data fasilitasi usaha mikro (fasilitasi_usaha_mikro)", s.year)
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
    ent = pd.concat([ent, source_of(u)], axis=1)
    return make_result(kode, int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent)


# --- IKU-1 ----------------------------------------------------------------------------------

def rat_window_start(cutoff: pd.Timestamp, window_years: int) -> pd.Timestamp:
    """The window of a quarter's cut-off c is (start, c]: a RAT dated after start, up to c, counts."""
    return cutoff - pd.DateOffset(years=window_years)


#: The columns of a quarter's IKU-1 entity list that name the RAT that made a koperasi aktif, each
#: with the column of :func:`known_rats` it comes from and its dtype.
PENENTU = {"rat_penentu_tanggal": ("tanggal_rat", None), "rat_penentu_tahun": ("tahun_rat_terakhir", "Int64"),
           "rat_penentu_register": ("register", "Int64"), "rat_penentu_berkas": ("sumber_berkas", "str"),
           "rat_penentu_sheet": ("sumber_sheet", "str"), "rat_penentu_baris": ("sumber_baris", "Int64")}


def known_rats(koperasi: pd.DataFrame, year: int, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every known RAT of the koperasi of year n's register (spec section 13): its own (register n)
    and the one each earlier year folder's register gives for the same NIK koperasi. One row per
    RAT: ``pos`` (the koperasi's position in ``koperasi``), tanggal_rat, tahun_rat_terakhir,
    ``register`` (the register's year) and the source row. A koperasi absent from year n's register
    is not there: the earlier registers only supply dates."""
    def rats(frame: pd.DataFrame, register) -> pd.DataFrame:
        out = pd.DataFrame({
            "tanggal_rat": frame["tanggal_rat"] if "tanggal_rat" in frame else pd.Series(pd.NaT, index=frame.index),
            "tahun_rat_terakhir": frame["tahun_rat_terakhir"].astype("Int64"),
            "register": register,
        })
        for col in SOURCE:
            out[col] = frame[col] if col in frame else pd.NA
        return out

    own = rats(koperasi, year).assign(pos=range(len(koperasi)))
    if history is None or history.empty or koperasi.empty:
        return own
    positions = pd.Series(range(len(koperasi)), index=koperasi["nik"].to_numpy())
    positions = positions[~positions.index.duplicated()]
    earlier = history[history["nik"].isin(positions.index)]
    found = rats(earlier, earlier["tahun_data"].astype("Int64")).assign(pos=positions.loc[earlier["nik"]].to_numpy())
    return pd.concat([own, found], ignore_index=True)


def _in_window(rats: pd.DataFrame, cutoff: pd.Timestamp, window_years: int) -> pd.Series:
    """A RAT in (c − w years, c]; one known only by its year by the annual rule (n−w+1 … n)."""
    dated = rats["tanggal_rat"]
    has_date = dated.notna()
    by_date = has_date & (dated > rat_window_start(cutoff, window_years)) & (dated <= cutoff)
    year = rats["tahun_rat_terakhir"].astype("float64")
    by_year = ~has_date & year.between(cutoff.year - window_years + 1, cutoff.year)
    return (by_date | by_year).astype(bool)


@dataclass(frozen=True)
class AktifAt:
    """Who of year n's register is aktif at a quarter's cut-off c, and why (spec sections 7, 13)."""

    #: the known RAT that makes each koperasi aktif (the columns :data:`PENENTU`, indexed like the
    #: register; empty where none does): its own register's when in the window, else the newest
    #: earlier register's that is
    penentu: pd.DataFrame
    #: its own register's RAT is dated after c (not held yet then)
    later: pd.Series
    #: how many are aktif by a RAT of year n known only by its year (judged by the annual rule)
    year_only: int

    @property
    def aktif(self) -> pd.Series:
        return self.penentu["rat_penentu_register"].notna()


def aktif_at(koperasi: pd.DataFrame, cutoff: pd.Timestamp, window_years: int,
             history: pd.DataFrame | None = None) -> AktifAt:
    """Aktif at a quarter's cut-off c: one known RAT (:func:`known_rats`) dated in (c − w years, c].
    A RAT known only by its year cannot be placed before or after c: it is judged by the annual rule
    (year in n−w+1 … n), and the count goes into the indicator's keterangan."""
    rats = known_rats(koperasi, cutoff.year, history)
    inside = _in_window(rats, cutoff, window_years)
    n = len(koperasi)
    own, own_inside = rats.iloc[:n], inside.iloc[:n].to_numpy()  # known_rats puts the own register first
    later = (own["tanggal_rat"] > cutoff).fillna(False).to_numpy()
    year_only = int((own_inside & own["tanggal_rat"].isna().to_numpy()
                     & (own["tahun_rat_terakhir"] == cutoff.year).fillna(False).to_numpy()).sum())
    chosen = (rats[inside].sort_values(["pos", "register"], ascending=[True, False], kind="stable")
              .drop_duplicates("pos").set_index("pos").reindex(range(n)))
    penentu = pd.DataFrame({name: (chosen[source] if dtype is None else chosen[source].astype(dtype)).to_numpy()
                            for name, (source, dtype) in PENENTU.items()}, index=koperasi.index)
    penentu.loc[penentu["rat_penentu_register"].isna(), ["rat_penentu_berkas", "rat_penentu_sheet"]] = pd.NA
    return AktifAt(penentu, pd.Series(later, index=koperasi.index, dtype=bool), year_only)


def rat_penentu(koperasi: pd.DataFrame, cutoff: pd.Timestamp, window_years: int,
                history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The known RAT that makes each koperasi aktif at the cut-off c (:attr:`AktifAt.penentu`)."""
    return aktif_at(koperasi, cutoff, window_years, history).penentu


def koperasi_aktif_at(koperasi: pd.DataFrame, cutoff: pd.Timestamp, window_years: int,
                      history: pd.DataFrame | None = None) -> tuple[pd.Series, pd.Series, int]:
    """(aktif, own RAT dated after c, how many judged by their year alone) at a quarter's cut-off c
    (:func:`aktif_at`), its own register's RAT or the one an earlier year folder's register gives
    (``history``).

    >>> k = pd.DataFrame({"nik": ["1", "2", "3"],
    ...                   "tanggal_rat": pd.to_datetime(["2025-08-10", "2026-07-01", None]),
    ...                   "tahun_rat_terakhir": pd.array([2025, 2026, 2026], dtype="Int64")})
    >>> aktif, later, year_only = koperasi_aktif_at(k, pd.Timestamp("2026-06-30"), 1)
    >>> aktif.tolist(), later.tolist(), year_only
    ([True, False, True], [False, True, False], 1)
    >>> h = pd.DataFrame({"nik": ["2"], "tanggal_rat": pd.to_datetime(["2025-09-01"]),
    ...                   "tahun_rat_terakhir": pd.array([2025], dtype="Int64"), "tahun_data": [2025]})
    >>> koperasi_aktif_at(k, pd.Timestamp("2026-06-30"), 1, h)[0].tolist()
    [True, True, True]
    """
    at = aktif_at(koperasi, cutoff, window_years, history)
    return at.aktif.astype(bool), at.later, at.year_only


def iku1_koperasi_difasilitasi(s: Sources) -> Result:
    """IKU-1 = #(unique nik facilitated in n ∧ aktif in n) / #(aktif in n) × 100."""
    kode = "IKU-1"
    if s.koperasi is None:
        return not_available(kode, "Daftar koperasi (koperasi)", s.year)
    if s.fasilitasi_koperasi is None:
        return not_available(kode, "Data fasilitasi koperasi (fasilitasi_koperasi)", s.year)
    k = s.koperasi
    cols = [c for c in ("nik", "nama_koperasi", "kecamatan", "tanggal_rat", "tahun_rat_terakhir", "aktif") if c in k]
    ent = k[cols].copy()
    if s.is_annual:
        ent = ent.drop(columns="tanggal_rat", errors="ignore")  # the annual lists as they always were
        rat_later, year_only = pd.Series(False, index=k.index), 0
    else:
        at = aktif_at(k, s.cutoff, s.rat_window_years, s.rat_history)
        rat_later, year_only = at.later, at.year_only
        ent["aktif"] = at.aktif
        ent = pd.concat([ent, at.penentu], axis=1)
        through_earlier = int((at.penentu["rat_penentu_register"] < s.year).sum())
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
    ent = pd.concat([ent, source_of(k)], axis=1)
    not_aktif = int((ent["difasilitasi"] & ~ent["aktif"]).sum())
    note = f"{not_aktif} koperasi difasilitasi tetapi tidak aktif (tidak dihitung; lihat daftar entitas)" if not_aktif else ""
    if year_only:
        note = join_notes(note, f"{year_only} koperasi hanya tercatat tahun RAT {s.year} tanpa tanggal; "
                           f"dianggap aktif seperti aturan tahunan")
    if not s.is_annual and through_earlier:
        note = join_notes(note, f"{through_earlier} koperasi aktif per {fmt_tanggal(s.cutoff)} karena RAT yang "
                                "tercatat di register tahun sebelumnya (kolom rat_penentu_* di daftar entitas)")
    return make_result(kode, int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent, note)


# --- IKU-3 ----------------------------------------------------------------------------------

def iku3_perdagangan_ditingkatkan(s: Sources) -> Result:
    """IKU-3 = F(n) / Σ_{y=s..n} F(y) × 100, F(y) = Σ jumlah of year y's rows dated in y.
    For a quarter: F(n, c) / (Σ_{y=s..n−1} F(y) + F(n, c)) × 100, earlier years whole."""
    kode = "IKU-3"
    start = s.accumulation_start_year
    if s.year < start:
        return Result(kode, None, None, None, TIDAK_DAPAT,
                      f"tahun {s.year} sebelum tahun awal akumulasi {start}", pd.DataFrame())
    if s.trade_history.get(s.year) is None:
        return not_available(kode, "Data fasilitasi perdagangan (fasilitasi_perdagangan)", s.year)
    frames, later = [], []
    for y in range(start, s.year + 1):
        df = s.trade_history.get(y)
        if df is not None:
            part = df[[c for c in ("tanggal", "kategori", "uraian", "jumlah", "kecamatan") if c in df]].copy()
            part.insert(0, "tahun_data", y)
            frames.append(pd.concat([part, source_of(df)], axis=1))
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
        return Result(kode, f_n, None, None, TIDAK_DAPAT,
                      "data fasilitasi perdagangan tahun " + ", ".join(map(str, absent))
                      + f" tidak ada; akumulasi {start}-{s.year} tidak lengkap", ent, detail)
    return make_result(kode, f_n, total, ent, "", detail)
