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

from .params import RPJMD_START
from .kernels import lookup_counts
from .layout import PDRB_TOTAL, TRADE_HISTORY
from .tables import KATEGORI_PERDAGANGAN, PDRB_KATEGORI, SKALA, TABLES

OK = "ok"
TIDAK_DAPAT = "tidak dapat dihitung"
BELUM = "belum tersedia"
RESULT_COLUMNS = ["kode", "indikator", "pembilang", "penyebut", "realisasi", "target", "capaian",
                  "kategori", "status", "keterangan"]
SOURCE = ["sumber_berkas", "sumber_sheet", "sumber_baris"]


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

def it1_kontribusi_pdrb_perdagangan(s: Sources) -> Result:
    """IT-1 = adhb(G, n) / Σ adhb(A…U, n) × 100."""
    if s.pdrb is None:
        return _missing("IT-1", "Data PDRB (pdrb_lapangan_usaha)", s.year)
    rows = s.pdrb[s.pdrb["tahun"] == s.year]
    if rows.empty:
        return Result("IT-1", None, None, None, BELUM,
                      f"PDRB tahun {s.year} belum dirilis BPS (biasanya terbit tahun {s.year + 1})", pd.DataFrame())
    entities = rows[["tahun", "kategori"] + (["lapangan_usaha"] if "lapangan_usaha" in rows else []) + ["adhb"]].copy()
    entities["dihitung_pembilang"] = entities["kategori"] == "G"
    entities["dihitung_penyebut"] = True
    entities = pd.concat([entities, _source(rows)], axis=1).sort_values("kategori").reset_index(drop=True)
    if "G" not in set(rows["kategori"]):
        return Result("IT-1", None, float(rows["adhb"].sum()), None, TIDAK_DAPAT,
                      f"kategori G (perdagangan) tidak ada di PDRB tahun {s.year}", entities)
    absent = [k for k in PDRB_KATEGORI if k not in set(rows["kategori"])]
    note = f"kategori tidak ada di data PDRB: {', '.join(absent)}" if absent else ""
    total = math.fsum(rows["adhb"])  # exactly rounded: the sum does not depend on row order
    if s.pdrb_total is not None:
        published = s.pdrb_total[s.pdrb_total["tahun"] == s.year]["adhb"]
        if len(published) and not math.isclose(float(published.iloc[0]), total, rel_tol=1e-3):
            note = _join(note, f"jumlah kategori A-U ({total:,.2f}) berbeda dengan baris PDRB total ({float(published.iloc[0]):,.2f})")
    return _result("IT-1", math.fsum(rows.loc[rows["kategori"] == "G", "adhb"]), total, entities, note)


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


def _usaha_entities(usaha: pd.DataFrame, facilitation: pd.DataFrame | None) -> pd.DataFrame:
    cols = [c for c in ("id_usaha", "nama_usaha", "kecamatan", "skala", "aktif") if c in usaha]
    ent = usaha[cols].copy()
    ent["mikro"] = usaha["skala"] == "mikro"
    if facilitation is not None:
        ent["jumlah_fasilitasi"] = _facilitation_counts(usaha["id_usaha"], facilitation["id_usaha"])
        ent["difasilitasi"] = ent["jumlah_fasilitasi"] > 0
    return ent


def it2_usaha_mikro_aktif(s: Sources) -> Result:
    """IT-2 = #(mikro ∧ aktif) / #(mikro) × 100."""
    if s.usaha_mikro is None:
        return _missing("IT-2", "Daftar UMKM (usaha_mikro)", s.year)
    u = s.usaha_mikro
    ent = _usaha_entities(u, None)
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
    ent = _usaha_entities(u, s.fasilitasi_usaha_mikro)
    ent["dihitung_penyebut"] = ent["mikro"] & ent["aktif"]
    ent["dihitung_pembilang"] = ent["dihitung_penyebut"] & ent["difasilitasi"]
    ent["alasan"] = _reasons([
        (ent["dihitung_pembilang"], "usaha mikro aktif yang difasilitasi"),
        (ent["dihitung_penyebut"], "usaha mikro aktif, belum difasilitasi"),
        (ent["difasilitasi"] & ~ent["mikro"], "difasilitasi tetapi bukan usaha mikro"),
        (ent["difasilitasi"] & ~ent["aktif"], "difasilitasi tetapi tidak aktif"),
        (~ent["mikro"], "bukan usaha mikro"),
    ], "usaha mikro tidak aktif")
    ent = pd.concat([ent, _source(u)], axis=1)
    return _result("IKU-2", int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent)


# --- IKU-1 ----------------------------------------------------------------------------------

def iku1_koperasi_difasilitasi(s: Sources) -> Result:
    """IKU-1 = #(unique nik facilitated in n ∧ aktif in n) / #(aktif in n) × 100."""
    if s.koperasi is None:
        return _missing("IKU-1", "Daftar koperasi (koperasi)", s.year)
    if s.fasilitasi_koperasi is None:
        return _missing("IKU-1", "Data fasilitasi koperasi (fasilitasi_koperasi)", s.year)
    k = s.koperasi
    cols = [c for c in ("nik", "nama_koperasi", "kecamatan", "tahun_rat_terakhir", "aktif") if c in k]
    ent = k[cols].copy()
    ent["jumlah_fasilitasi"] = _facilitation_counts(k["nik"], s.fasilitasi_koperasi["nik"])
    ent["difasilitasi"] = ent["jumlah_fasilitasi"] > 0
    ent["dihitung_penyebut"] = ent["aktif"]
    ent["dihitung_pembilang"] = ent["aktif"] & ent["difasilitasi"]
    ent["alasan"] = _reasons([
        (ent["dihitung_pembilang"], "aktif dan difasilitasi"),
        (ent["aktif"], "aktif, belum difasilitasi"),
        (ent["difasilitasi"], "difasilitasi tetapi tidak aktif"),
    ], "tidak aktif (tidak ada RAT dalam periode)")
    ent = pd.concat([ent, _source(k)], axis=1)
    not_aktif = int((ent["difasilitasi"] & ~ent["aktif"]).sum())
    note = f"{not_aktif} koperasi difasilitasi tetapi tidak aktif (tidak dihitung; lihat daftar entitas)" if not_aktif else ""
    return _result("IKU-1", int(ent["dihitung_pembilang"].sum()), int(ent["dihitung_penyebut"].sum()), ent, note)


# --- IKU-3 ----------------------------------------------------------------------------------

def iku3_perdagangan_ditingkatkan(s: Sources) -> Result:
    """IKU-3 = F(n) / Σ_{y=s..n} F(y) × 100, F(y) = Σ jumlah of year y's rows dated in y."""
    start = s.accumulation_start_year
    if s.year < start:
        return Result("IKU-3", None, None, None, TIDAK_DAPAT,
                      f"tahun {s.year} sebelum tahun awal akumulasi {start}", pd.DataFrame())
    if s.trade_history.get(s.year) is None:
        return _missing("IKU-3", "Data fasilitasi perdagangan (fasilitasi_perdagangan)", s.year)
    frames = []
    for y in range(start, s.year + 1):
        df = s.trade_history.get(y)
        if df is not None:
            part = df[[c for c in ("tanggal", "kategori", "uraian", "jumlah", "kecamatan") if c in df]].copy()
            part.insert(0, "tahun_data", y)
            frames.append(pd.concat([part, _source(df)], axis=1))
    ent = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    ent["dihitung_pembilang"] = ent["tahun_data"] == s.year
    ent["dihitung_penyebut"] = True
    detail = (ent.pivot_table(index="tahun_data", columns="kategori", values="jumlah", aggfunc="sum",
                              fill_value=0, observed=False)
              .reindex(columns=list(KATEGORI_PERDAGANGAN), fill_value=0)
              .reindex(range(start, s.year + 1)))
    detail["jumlah"] = detail.sum(axis=1, min_count=1)
    detail = detail.reset_index().rename(columns={"tahun_data": "tahun"})
    absent = [y for y in range(start, s.year) if s.trade_history.get(y) is None]
    f_n = float(ent.loc[ent["dihitung_pembilang"], "jumlah"].sum())
    total = float(ent["jumlah"].sum())
    if absent:
        return Result("IKU-3", f_n, None, None, TIDAK_DAPAT,
                      "data fasilitasi perdagangan tahun " + ", ".join(map(str, absent))
                      + f" tidak ada; akumulasi {start}-{s.year} tidak lengkap", ent, detail)
    return _result("IKU-3", f_n, total, ent, "", detail)


# --- the registry --------------------------------------------------------------------------

SASARAN_1 = "1. Meningkatnya koperasi dan usaha mikro yang berkualitas"
SASARAN_3 = "3. Meningkatnya usaha perdagangan besar dan eceran"
TUJUAN = "Tujuan: Meningkatnya Daya Saing Koperasi dan Usaha Mikro dan Perdagangan"

REGISTRY: dict[str, Indicator] = {i.kode: i for i in (
    Indicator("IT-1", "Persentase kontribusi PDRB sektor perdagangan", TUJUAN,
              "PDRB kategori G / PDRB total × 100%", "PDRB ADHB kategori G (perdagangan)",
              "PDRB ADHB seluruh kategori A-U", "Tidak disebut dalam keputusan (data: BPS)",
              "BPS Kabupaten Jember: PDRB ADHB menurut lapangan usaha", it1_kontribusi_pdrb_perdagangan),
    Indicator("IT-2", "Persentase usaha mikro aktif", TUJUAN,
              "usaha mikro aktif / seluruh usaha mikro × 100%", "usaha mikro aktif", "seluruh usaha mikro",
              "Tidak disebut dalam keputusan (data: pendataan UMKM)",
              "Laporan Data Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro (daftar UMKM)",
              it2_usaha_mikro_aktif),
    Indicator("IKU-1", "Persentase koperasi yang difasilitasi", SASARAN_1,
              "koperasi yang difasilitasi / jumlah seluruh koperasi aktif × 100%",
              "koperasi aktif yang difasilitasi", "jumlah seluruh koperasi aktif",
              "Bidang Pengawasan Koperasi dan Usaha Mikro",
              "Laporan Data Bidang Pengawasan Koperasi dan Usaha Mikro", iku1_koperasi_difasilitasi),
    Indicator("IKU-2", "Persentase usaha mikro yang difasilitasi", SASARAN_1,
              "usaha mikro yang difasilitasi / jumlah usaha mikro × 100%",
              "usaha mikro aktif yang difasilitasi", "jumlah usaha mikro aktif",
              "Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
              "Laporan Data Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
              iku2_usaha_mikro_difasilitasi),
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


def compute_all(s: Sources, registry: dict[str, Indicator] = REGISTRY) -> tuple[pd.DataFrame, dict[str, Result]]:
    """The headline table of the year (the columns of spec section 5) and each indicator's result."""
    targets = s.targets
    rows, results = [], {}
    for kode, ind in registry.items():
        res = ind.compute(s)
        results[kode] = res
        target, pol = None, ind.polaritas
        if targets is not None:
            hit = targets[(targets["kode"] == kode) & (targets["tahun"] == s.year)]
            if len(hit):
                target = float(hit["target"].iloc[0])
                pol = str(hit["polaritas"].iloc[0]) if "polaritas" in hit else pol
        cap, why = capaian(res.realisasi, target, pol)
        note = res.keterangan
        if why:
            note = _join(note, why if target is not None else f"target {kode} tahun {s.year} belum ditetapkan")
        rows.append({
            "kode": kode, "indikator": ind.nama, "pembilang": res.pembilang, "penyebut": res.penyebut,
            "realisasi": res.realisasi, "target": target, "capaian": cap, "kategori": kategori_capaian(cap),
            "status": res.status, "keterangan": note,
        })
    table = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for col in ("pembilang", "penyebut", "realisasi", "target", "capaian"):
        table[col] = table[col].astype("float64")
    return table, results


# --- building Sources ------------------------------------------------------------------------

def sources_from_tables(year: int, tables: dict[str, pd.DataFrame | None], trade_history, pdrb_total,
                        accumulation_start_year: int) -> Sources:
    get = tables.get
    return Sources(year, get("koperasi"), get("fasilitasi_koperasi"), get("usaha_mikro"),
                   get("fasilitasi_usaha_mikro"), trade_history, get("pdrb_lapangan_usaha"), pdrb_total,
                   get("target_iku"), accumulation_start_year)


def sources_from_year(data) -> Sources:
    """Sources of a :class:`~iku_helpers.dataset.YearData` (in-process runs, tests, benchmarks)."""
    tables = {name: c.data for name, c in data.tables.items()}
    pdrb = data.tables.get("pdrb_lapangan_usaha")
    return sources_from_tables(data.year, tables, data.trade_history,
                               pdrb.extra["total_pdrb"] if pdrb is not None else None,
                               data.params.accumulation_start_year)


def sources_from_processed(p) -> Sources:
    """Sources of a :class:`~iku_helpers.dataset.Processed` (the indicator notebook)."""
    start = p.meta["parameter"]["accumulation_start_year"]
    hist_frame = p.get(TRADE_HISTORY)
    history: dict[int, pd.DataFrame | None] = {}
    for y, present in p.meta["riwayat_perdagangan"].items():
        y = int(y)
        history[y] = hist_frame[hist_frame["tahun_data"] == y].drop(columns="tahun_data") if present else None
    tables = {name: p.get(name) for name in TABLES}
    return sources_from_tables(p.year, tables, history, p.get(PDRB_TOTAL), start)
