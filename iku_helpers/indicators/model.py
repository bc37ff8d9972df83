"""What an indicator computes from and what it returns: the clean tables of a period
(:class:`Sources`), the reading of the decree (:class:`Tafsir`), a :class:`Result` and the
:class:`Indicator` record of the registry (with the :class:`Subject` it counts one by one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..core import periods
from ..core.facts import RPJMD_START
from ..core.layout import PDRB_TOTAL, RAT_HISTORY, TRADE_HISTORY
from ..core.tables import TABLES
from ..ingest.dataset import stacked_registers

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
    table (:func:`iku_helpers.steps.explore.sensitivity`).

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
    #: the koperasi registers of the earlier year folders, stacked, with the register's year in
    #: ``tahun_data``: the RATs they give for a NIK koperasi (spec section 13; used for q < 4)
    rat_history: pd.DataFrame | None = None

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
class Subject:
    """What an indicator counts one by one: the register of its entities, the table of their
    facilitations (None: the register alone decides), and the key column both share. ``iku
    telusur`` follows one entity through them."""

    register: str
    events: str | None
    key: str


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
    #: how the count follows the decree's own explanation of the indicator, beside the formula ("" = none)
    penjelasan: str = ""
    satuan: str = "%"
    #: the entities it counts one by one; None when it counts none (PDRB categories, activities)
    subject: Subject | None = None
    #: decimals of its pembilang and penyebut as shown (0 for counts)
    desimal: int = 0
    #: the source table published later by design (spec section 12, decision 3: BPS publishes PDRB
    #: once a year, for year n usually in n + 1): ``belum tersedia`` for that reason fails no --strict
    terbit_kemudian: str | None = None


def make_result(kode: str, pembilang, penyebut, entities: pd.DataFrame, note: str = "", detail=None) -> Result:
    if not penyebut:
        return Result(kode, pembilang, penyebut, None, TIDAK_DAPAT,
                      join_notes("penyebut bernilai 0", note), entities, detail)
    return Result(kode, pembilang, penyebut, pembilang / penyebut * 100, OK, note, entities, detail)


def join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def not_available(kode: str, what: str, year: int) -> Result:
    return Result(kode, None, None, None, BELUM, f"{what} tahun {year} belum tersedia", pd.DataFrame())


def source_of(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in SOURCE if c in frame]]



# --- building Sources ------------------------------------------------------------------------

def sources_from_tables(params, tables: dict[str, pd.DataFrame | None], trade_history, pdrb_total,
                        rat_history: pd.DataFrame | None = None) -> Sources:
    get = tables.get
    return Sources(params.year, get("koperasi"), get("fasilitasi_koperasi"), get("usaha_mikro"),
                   get("fasilitasi_usaha_mikro"), trade_history, get("pdrb_lapangan_usaha"), pdrb_total,
                   get("target_iku"), params.accumulation_start_year, params.rat_window_years, params.triwulan,
                   rat_history=rat_history)


def sources_from_year(data) -> Sources:
    """Sources of a :class:`~iku_helpers.ingest.dataset.YearData` (in-process runs, tests, benchmarks)."""
    tables = {name: c.data for name, c in data.tables.items()}
    pdrb = data.tables.get("pdrb_lapangan_usaha")
    return sources_from_tables(data.params, tables, data.trade_history,
                               pdrb.extra["total_pdrb"] if pdrb is not None else None,
                               stacked_registers(data.rat_history))


def sources_from_processed(p) -> Sources:
    """Sources of a :class:`~iku_helpers.ingest.processed.Processed` (the indicator notebook), for the
    period of ``p.params`` (the entry's data key matches it: the cache checked that)."""
    hist_frame = p.get(TRADE_HISTORY)
    history: dict[int, pd.DataFrame | None] = {}
    for y, present in p.meta["riwayat_perdagangan"].items():
        y = int(y)
        history[y] = hist_frame[hist_frame["tahun_data"] == y].drop(columns="tahun_data") if present else None
    tables = {name: p.get(name) for name in TABLES}
    return sources_from_tables(p.params, tables, history, p.get(PDRB_TOTAL), p.get(RAT_HISTORY))
