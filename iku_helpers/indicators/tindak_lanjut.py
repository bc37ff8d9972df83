"""Tindak lanjut (spec section 11): how many more, and whom, to reach the target.

For a period (n, q) and each of IKU-1, IKU-2 and IKU-3 with a target t:

- :func:`kebutuhan_rasio` / :func:`kebutuhan_akumulasi`: the least whole k ≥ 0 of additional
  facilitated entities (IKU-3: facilitation counted in F(n), which grows its penyebut too) that
  makes the exact ratio reach t, in integers and fractions (no float); for negatif polaritas the
  most allowed instead; none, with the reason, when no number can;
- :func:`kandidat_koperasi` / :func:`kandidat_usaha`: who could be facilitated (aktif, not yet
  facilitated in n), sorted by kecamatan then name, and :func:`per_kecamatan`;
- :func:`risiko_koperasi` (q < 4): koperasi aktif at the cut-off whose latest RAT lies before
  year n − w + 1, so that without a RAT in n they drop out of the annual penyebut;
- :func:`faktor_proyeksi` and :func:`proyeksi_realisasi` (q < 4): the year-end realisasi if the
  year goes on at the pace of earlier years (the median share of the year-end pembilang reached
  by the same quarter, with the range), q/4 when there is no earlier year.

Pure functions of the period's results and tables; :mod:`iku_helpers.steps.workflow` writes them.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from ..core import periods
from ..core.formats import is_missing
from ..core.tables import KECAMATAN
from .formulas import known_rats

#: The indicators tindak lanjut is computed for, with what their candidates are (None: IKU-3 counts
#: facilitation events, not entities one could list).
INDICATORS = {"IKU-1": "koperasi", "IKU-2": "usaha_mikro", "IKU-3": None}
#: The columns of audit/tindak_lanjut_<label>.csv (spec section 11), then the reason for an empty one.
SUMMARY_COLUMNS = ["kode", "pembilang", "penyebut", "target", "kebutuhan", "proyeksi", "proyeksi_min", "proyeksi_max",
                   "jumlah_kandidat", "jumlah_risiko", "keterangan"]
#: What a candidate list shows (never owner data).
KANDIDAT_KOPERASI = ["nik", "nama_koperasi", "kecamatan", "tanggal_rat_terakhir", "tahun_rat_terakhir", "jenis_koperasi"]
KANDIDAT_USAHA = ["id_usaha", "nama_usaha", "kecamatan", "sektor"]
RISIKO_KOPERASI = KANDIDAT_KOPERASI


def exact(value) -> Fraction:
    """A number as an exact fraction of what it is written as (23.0 → 23, 12.5 → 25/2, 0.1 → 1/10).

    >>> exact(12.5), exact(0.1), exact(186)
    (Fraction(25, 2), Fraction(1, 10), Fraction(186, 1))
    """
    return Fraction(Decimal(repr(float(value)))) if isinstance(value, float) else Fraction(value)


@dataclass(frozen=True)
class Kebutuhan:
    """The number of additional entities (``jumlah``), or None with the reason; ``batas``: for
    negatif polaritas it is the most allowed, not the least needed."""

    jumlah: int | None
    keterangan: str = ""
    batas: bool = False


def kebutuhan_rasio(pembilang, penyebut, target, polaritas: str = "positif") -> Kebutuhan:
    """IKU-1 / IKU-2: the least k ≥ 0 with (pembilang + k) / penyebut × 100 ≥ t at the current
    penyebut, k = max(0, ⌈t·penyebut/100⌉ − pembilang); negatif polaritas: the most k with
    (pembilang + k) / penyebut × 100 ≤ t.

    >>> kebutuhan_rasio(98, 562, 23.0).jumlah, kebutuhan_rasio(140, 603, 23.0).jumlah
    (32, 0)
    >>> kebutuhan_rasio(1, 3, 33.33).jumlah, kebutuhan_rasio(1, 3, 33.34).jumlah, kebutuhan_rasio(0, 0, 10).keterangan
    (0, 1, 'penyebut 0: belum ada entitas yang dihitung')
    >>> kebutuhan_rasio(10, 100, 15, "negatif")
    Kebutuhan(jumlah=5, keterangan='polaritas negatif: paling banyak 5 lagi', batas=True)
    """
    if is_missing(target):
        return Kebutuhan(None, "target belum ditetapkan")
    if is_missing(penyebut) or exact(penyebut) <= 0:
        return Kebutuhan(None, "penyebut 0: belum ada entitas yang dihitung")
    t, p, n = exact(target), exact(pembilang), exact(penyebut)
    if polaritas == "negatif":
        most = math.floor(t * n / 100 - p)
        if most < 0:
            return Kebutuhan(None, "polaritas negatif: realisasi sudah melewati target", batas=True)
        return Kebutuhan(most, f"polaritas negatif: paling banyak {most} lagi", batas=True)
    return Kebutuhan(max(0, math.ceil(t * n / 100 - p)))


def kebutuhan_akumulasi(f, a, target, polaritas: str = "positif") -> Kebutuhan:
    """IKU-3 (its penyebut grows with k): the least k ≥ 0 with 100·(F + k) ≥ t·(A + k), A the
    accumulation including F; none when t ≥ 100 and F < A. Negatif polaritas: the most k with
    100·(F + k) ≤ t·(A + k).

    >>> kebutuhan_akumulasi(186, 443, 50.0).jumlah, kebutuhan_akumulasi(91, 348, 25).jumlah
    (71, 0)
    >>> kebutuhan_akumulasi(5, 10, 100).keterangan
    'target 100% atau lebih tidak dapat dicapai selama akumulasi tahun sebelumnya lebih dari 0'
    >>> kebutuhan_akumulasi(10, 10, 100).jumlah, kebutuhan_akumulasi(0, 0, 50).jumlah
    (0, 1)
    """
    if is_missing(target):
        return Kebutuhan(None, "target belum ditetapkan")
    t, f_, a_ = exact(target), exact(f), exact(a)
    gap = t * a_ - 100 * f_  # what 100·F must gain over t·A
    if polaritas == "negatif":
        if t >= 100:
            return Kebutuhan(None, "polaritas negatif dengan target 100% atau lebih: tidak ada batas", batas=True)
        most = math.floor(gap / (100 - t)) if gap >= 0 else None
        if most is None:
            return Kebutuhan(None, "polaritas negatif: realisasi sudah melewati target", batas=True)
        return Kebutuhan(most, f"polaritas negatif: paling banyak {most} lagi", batas=True)
    if gap <= 0:
        k = 0
    elif t >= 100:
        return Kebutuhan(None, "target 100% atau lebih tidak dapat dicapai selama akumulasi tahun sebelumnya lebih dari 0")
    else:
        k = math.ceil(gap / (100 - t))
    if a_ + k <= 0:  # no facilitation at all yet: the ratio needs one
        k = 1 if t <= 100 else None
    return Kebutuhan(k)


def kebutuhan(kode: str, pembilang, penyebut, target, polaritas: str = "positif") -> Kebutuhan:
    """:func:`kebutuhan_akumulasi` for IKU-3, :func:`kebutuhan_rasio` for the others.

    >>> kebutuhan("IKU-1", 98, 562, 23).jumlah, kebutuhan("IKU-3", 91, 348, 50).jumlah
    (32, 166)
    """
    need = kebutuhan_akumulasi if kode == "IKU-3" else kebutuhan_rasio
    return need(pembilang, penyebut, None if is_missing(target) else target, polaritas)


# --- candidates and risk -----------------------------------------------------------------------

def _sorted(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """By kecamatan in the list's order (then any unknown one), then name."""
    order = {k: i for i, k in enumerate(KECAMATAN)}
    rank = frame["kecamatan"].map(order).fillna(len(order)).astype("int64")
    key = frame[name].astype("string").str.casefold()
    out = frame.assign(_k=rank.to_numpy(), _n=key.to_numpy()).sort_values(["_k", "_n"], kind="stable")
    return out.drop(columns=["_k", "_n"]).reset_index(drop=True)


def _columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame`` with exactly ``columns`` (a missing optional column is empty)."""
    return pd.DataFrame({c: frame[c] if c in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
                         for c in columns}, index=frame.index)


def latest_rats(koperasi: pd.DataFrame, year: int, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each koperasi's latest known RAT (its own register's and the earlier year folders', spec
    section 13): ``tanggal_rat_terakhir`` (NaT when only its year is known) and ``tahun_rat_terakhir``,
    indexed like ``koperasi``."""
    rats = known_rats(koperasi, year, history)
    rats = rats.assign(_y=rats["tahun_rat_terakhir"].astype("float64"),
                       _d=rats["tanggal_rat"].astype("datetime64[ns]"))
    best = (rats.sort_values(["pos", "_y", "_d"], ascending=[True, False, False], na_position="last", kind="stable")
            .drop_duplicates("pos").set_index("pos").reindex(range(len(koperasi))))
    return pd.DataFrame({"tanggal_rat_terakhir": best["_d"].to_numpy(),
                         "tahun_rat_terakhir": best["_y"].to_numpy()}, index=koperasi.index).astype(
        {"tahun_rat_terakhir": "Int64"})


def is_kandidat(entities: pd.DataFrame) -> pd.Series:
    """The entities that are candidates: counted in the penyebut (aktif), not in the pembilang (not
    facilitated in n). The lists below and ``iku telusur`` judge by it."""
    return (entities["dihitung_penyebut"] & ~entities["dihitung_pembilang"]).astype(bool)


def is_berisiko(entities: pd.DataFrame, latest: pd.DataFrame, year: int, window_years: int) -> pd.Series:
    """The koperasi aktif at a quarter's cut-off whose latest RAT lies before year n − w + 1."""
    before = (latest["tahun_rat_terakhir"] < year - window_years + 1).fillna(False).astype(bool)
    return entities["dihitung_penyebut"].astype(bool) & before.reindex(entities.index, fill_value=False)


def kandidat_koperasi(entities: pd.DataFrame, koperasi: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """IKU-1's candidates: koperasi aktif at the cut-off (counted in the penyebut) not facilitated
    in n (not in the pembilang), with their latest RAT and jenis, by kecamatan then name."""
    chosen = entities.index[is_kandidat(entities)]
    frame = koperasi.loc[chosen].drop(columns=["tanggal_rat", "tahun_rat_terakhir"], errors="ignore")
    frame = pd.concat([frame, latest.loc[chosen]], axis=1)
    return _sorted(_columns(frame, KANDIDAT_KOPERASI), "nama_koperasi")


def kandidat_usaha(entities: pd.DataFrame, usaha: pd.DataFrame) -> pd.DataFrame:
    """IKU-2's candidates: usaha mikro aktif (in the penyebut) not facilitated in n, by kecamatan
    then name; never owner data."""
    chosen = entities.index[is_kandidat(entities)]
    return _sorted(_columns(usaha.loc[chosen], KANDIDAT_USAHA), "nama_usaha")


def risiko_koperasi(entities: pd.DataFrame, koperasi: pd.DataFrame, latest: pd.DataFrame, year: int,
                    window_years: int) -> pd.DataFrame:
    """Koperasi aktif at a quarter's cut-off whose latest RAT lies before year n − w + 1: without a
    RAT in n they are not aktif in the annual report (spec section 11)."""
    chosen = entities.index[is_berisiko(entities, latest, year, window_years)]
    frame = koperasi.loc[chosen].drop(columns=["tanggal_rat", "tahun_rat_terakhir"], errors="ignore")
    frame = pd.concat([frame, latest.loc[chosen]], axis=1)
    return _sorted(_columns(frame, RISIKO_KOPERASI), "nama_koperasi")


def per_kecamatan(kandidat: pd.DataFrame) -> pd.Series:
    """How many candidates each of the 31 kecamatan has (list order; an unknown one after them)."""
    counts = kandidat["kecamatan"].value_counts()
    index = list(KECAMATAN) + sorted(str(k) for k in counts.index if k not in set(KECAMATAN))
    return counts.reindex(index, fill_value=0).astype("int64").rename("jumlah_kandidat").rename_axis("kecamatan")


# --- projection --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Faktor:
    """The share p of the year-end pembilang reached by quarter q: the median over earlier years,
    with their minimum and maximum; ``rasio`` by year; ``dasar`` says where it comes from."""

    p: float
    p_min: float
    p_max: float
    rasio: dict[int, float]
    dasar: str


def faktor_proyeksi(triwulan: int, earlier: dict[int, tuple[float | None, float | None]]) -> Faktor:
    """p from earlier years' (pembilang at quarter q, pembilang at year end); a year whose year-end
    pembilang is 0 or unknown says nothing and is left out. No earlier year: p = q/4.

    >>> f = faktor_proyeksi(2, {2024: (40, 100), 2025: (60, 120)})
    >>> f.p, f.p_min, f.p_max, f.dasar
    (0.45, 0.4, 0.5, 'median 2 tahun sebelumnya (2024, 2025)')
    >>> faktor_proyeksi(3, {}).p, faktor_proyeksi(3, {}).dasar
    (0.75, 'tidak ada tahun sebelumnya: triwulan 3 dari 4 (3/4)')
    """
    rasio = {y: float(q) / float(full) for y, (q, full) in sorted(earlier.items())
             if not is_missing(q) and not is_missing(full) and float(full) > 0}
    if not rasio:
        p = triwulan / periods.ANNUAL
        return Faktor(p, p, p, {}, f"tidak ada tahun sebelumnya: triwulan {triwulan} dari 4 ({triwulan}/4)")
    values = list(rasio.values())
    years = ", ".join(str(y) for y in rasio)
    return Faktor(statistics.median(values), min(values), max(values), rasio,
                  f"median {len(values)} tahun sebelumnya ({years})")


def proyeksi_realisasi(kode: str, pembilang: float, penyebut: float, p: float) -> float | None:
    """The year-end realisasi if the pembilang grows to pembilang / p: over the current penyebut
    (IKU-1, IKU-2), or over the earlier years' facilitation plus the projected F (IKU-3).

    >>> proyeksi_realisasi("IKU-1", 98, 562, 0.5), round(proyeksi_realisasi("IKU-3", 91, 348, 0.5), 6)
    (34.87544483985765, 41.457859)
    """
    if is_missing(pembilang) or is_missing(penyebut) or p <= 0:
        return None
    year_end = float(pembilang) / p
    base = float(penyebut) - float(pembilang) + year_end if kode == "IKU-3" else float(penyebut)
    return year_end / base * 100 if base > 0 else None
