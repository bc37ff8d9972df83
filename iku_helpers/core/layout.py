"""Where every file of a run lives: the one place that spells output and processed file names.

A published period folder (spec section 6)::

    outputs/<label>/            <label> = <n> (annual) or <n>-tw<q> (quarter, spec section 7)
      iku_<label>.csv, iku_<label>.json, laporan_iku_<label>.html, lkjip_<label>.xlsx, manifest.json,
      laporan_iku_<label>.pdf, lkjip_<label>.pdf (when a browser and LibreOffice are found),
      tindak_lanjut_<label>.xlsx (for the bidang: kebutuhan, proyeksi, candidates; spec section 11)
      audit/  <notebook>_<label>.ipynb/.html, baris_ditolak_<label>.*, rekonsiliasi_<label>.csv,
              catatan_<label>.*, entitas_<kode>_<label>.*, rincian_<kode>_<label>.csv,
              riwayat_iku_<label>.csv, evaluasi_triwulan_<label>.csv, perbandingan_<label>.csv,
              tindak_lanjut_<label>.csv, kandidat_<kode>_<label>.*, risiko_IKU-1_<label>.*

and the processed cache of a year, ``data/processed/<year>/`` (see :mod:`iku_helpers.ingest.dataset`).

Lists that can grow with the registers (entity lists, rejected rows, notes) are written whole as
parquet, and as CSV for people while they fit a spreadsheet (:data:`CSV_MAX_ROWS`); above that
the CSV is a summary (``..._ringkasan_<label>.csv``) and the parquet stays complete.

While ``iku run`` builds a period it points the notebooks at a staging folder through the
environment variable :data:`STAGING_ENV`, so that the executed notebooks record the published
folder (``output_dir = "outputs"``), not a temporary one.

>>> lay = Layout(Params(year=2026))
>>> lay.results_csv.as_posix(), lay.entity_list("IKU-1").csv.name
('outputs/2026/iku_2026.csv', 'entitas_IKU-1_2026.csv')
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from . import periods
from .errors import InvalidParameterError
from .params import YEAR_RANGE, Params

STAGING_ENV = "IKU_STAGING_DIR"
AUDIT = "audit"
MANIFEST = "manifest.json"
INDEX = "index.html"
FAILED = "_gagal"
#: Where ``iku validate --annotate`` writes the annotated copies for the bidang by default.
FEEDBACK_DIR = Path("umpan_balik")
STAGING_PREFIX = ".tmp-"
REPLACED_PREFIX = ".old-"
#: The lock file `iku run` holds in the output and processed folders while it writes them.
LOCK_FILE = ".iku.lock"
#: Rows up to which a list is also written as CSV (well inside what Excel and LibreOffice Calc
#: open comfortably on an office PC; Excel's hard limit is 1,048,576 rows).
CSV_MAX_ROWS = 100_000

NOTEBOOKS = ("01_pembersihan", "02_indikator", "03_laporan")
REPORT_NOTEBOOK = "03_laporan"
#: The analysts' notebook: not part of `iku run` (notebooks/04_eksplorasi.ipynb).
EXPLORATION_NOTEBOOK = "04_eksplorasi"

LEDGER = "baris_ditolak"
NOTES = "catatan"
RECONCILIATION = "rekonsiliasi"
HISTORY = "riwayat_iku"
EVALUATION = "evaluasi_triwulan"
COMPARISON = "perbandingan"
WORKBOOK = "lkjip"
TINDAK_LANJUT = "tindak_lanjut"
#: The environment variable that fixes the date a period's documents carry (see ``report_date``).
DATE_ENV = "IKU_TANGGAL_LAPORAN"
#: The environment variable listing the labels of the periods the running ``iku run`` builds
#: (space-separated; see :func:`building_periods` and :meth:`Layout.earlier_year`).
BUILDING_ENV = "IKU_PERIODE_DIBANGUN"


@dataclass(frozen=True)
class ListFiles:
    """The files of one list: complete parquet, CSV for people, summary CSV when too long."""

    parquet: Path
    csv: Path
    summary: Path

    def for_people(self) -> Path:
        """The CSV a person opens: the whole list when it was written, else its summary."""
        return self.csv if self.csv.exists() else self.summary


class Layout:
    """The paths of one period's outputs and of its year's processed data."""

    def __init__(self, params: Params, staging: Path | str | None = None):
        self.params = params
        self.label = params.label
        self.root = Path(params.output_dir)
        self.period_dir = Path(staging) if staging else self.root / self.label

    @classmethod
    def published(cls, output_root: Path, year: int, triwulan: int = periods.ANNUAL) -> Layout:
        """The layout of a published period under ``output_root`` (reading it back)."""
        return cls(Params(year=year, triwulan=triwulan, output_dir=output_root))

    @classmethod
    def for_notebook(cls, params: Params) -> Layout:
        """The layout a notebook writes to: the staging folder of ``iku run``, else the period folder."""
        return cls(params, os.environ.get(STAGING_ENV) or None)

    def _named(self, stem: str, ext: str = "csv") -> str:
        return f"{stem}_{self.label}.{ext}"

    # --- published files -------------------------------------------------------------------

    @property
    def results_csv(self) -> Path:
        return self.period_dir / self._named("iku")

    @property
    def results_json(self) -> Path:
        return self.period_dir / self._named("iku", "json")

    @property
    def report(self) -> Path:
        return self.period_dir / self._named("laporan_iku", "html")

    @property
    def report_pdf(self) -> Path:
        """The report printed to PDF (spec section 10)."""
        return self.report.with_suffix(".pdf")

    @property
    def workbook_pdf(self) -> Path:
        """The LKjIP workbook printed to PDF (spec section 10)."""
        return self.workbook.with_suffix(".pdf")

    @property
    def manifest(self) -> Path:
        return self.period_dir / MANIFEST

    @property
    def audit_dir(self) -> Path:
        return self.period_dir / AUDIT

    def audit_csv(self, stem: str) -> Path:
        return self.audit_dir / self._named(stem)

    def audit_list(self, stem: str) -> ListFiles:
        return ListFiles(self.audit_dir / self._named(stem, "parquet"), self.audit_dir / self._named(stem),
                         self.audit_dir / self._named(f"{stem}_ringkasan"))

    def entity_list(self, kode: str) -> ListFiles:
        return self.audit_list(f"entitas_{kode}")

    def detail_csv(self, kode: str) -> Path:
        return self.audit_csv(f"rincian_{kode}")

    @property
    def ledger(self) -> ListFiles:
        return self.audit_list(LEDGER)

    @property
    def notes(self) -> ListFiles:
        return self.audit_list(NOTES)

    @property
    def reconciliation(self) -> Path:
        return self.audit_csv(RECONCILIATION)

    @property
    def history(self) -> Path:
        return self.audit_csv(HISTORY)

    @property
    def evaluation(self) -> Path:
        """The E.81-style table of the year up to this period (spec section 7)."""
        return self.audit_csv(EVALUATION)

    @property
    def comparison(self) -> Path:
        """The year-on-year comparison of LKjIP chapter III (spec section 8)."""
        return self.audit_csv(COMPARISON)

    @property
    def workbook(self) -> Path:
        """The LKjIP workbook the Dinas submits (spec section 8)."""
        return self.period_dir / self._named(WORKBOOK, "xlsx")

    @property
    def tindak_lanjut(self) -> Path:
        """Kebutuhan, proyeksi and risiko per indicator (spec section 11)."""
        return self.audit_csv(TINDAK_LANJUT)

    @property
    def tindak_lanjut_workbook(self) -> Path:
        """The bidang's worklist: kebutuhan, proyeksi and the candidates (spec section 11)."""
        return self.period_dir / self._named(TINDAK_LANJUT, "xlsx")

    def kandidat(self, kode: str) -> ListFiles:
        """Who could be facilitated next for ``kode`` (IKU-1: koperasi, IKU-2: usaha mikro)."""
        return self.audit_list(f"kandidat_{kode}")

    @property
    def risiko(self) -> ListFiles:
        """Koperasi aktif now that drop out of the annual penyebut without a RAT this year (q < 4)."""
        return self.audit_list("risiko_IKU-1")

    def executed(self, notebook: str, ext: str = "ipynb") -> Path:
        return self.audit_dir / self._named(notebook, ext)

    def link(self, path: Path) -> str:
        """A path inside the period folder as a link from the report ('audit/...')."""
        return path.relative_to(self.period_dir).as_posix()

    def data_outputs(self) -> list[Path]:
        """The published files a re-execution must reproduce byte for byte (not notebooks or HTML)."""
        files = [self.results_csv, self.results_json, self.workbook, self.tindak_lanjut_workbook]
        if self.audit_dir.is_dir():
            files += sorted(p for p in self.audit_dir.iterdir() if p.suffix in (".csv", ".parquet"))
        return files

    def earlier_quarters(self) -> list[Layout]:
        """The published layouts of the year's earlier quarters (what the evaluation table compares with)."""
        return [Layout(self.params.for_quarter(k)) for k in range(1, self.params.triwulan)]

    def earlier_year(self, building: Collection[str] = ()) -> Layout | None:
        """The published layout of the same period a year earlier, which the comparison (LKjIP
        chapter III) compares its recomputed realisasi with (spec section 9, "Revisions"). None
        before the first allowed year, and when ``building`` (the labels of the periods the running
        ``iku run`` builds) holds it: that period is being republished from the same data, so it
        would only be compared with itself, and whether it was replaced yet would depend on which of
        the years built in parallel is faster.

        >>> Layout(Params(year=2026, triwulan=2)).earlier_year().results_json.as_posix()
        'outputs/2025-tw2/iku_2025-tw2.json'
        >>> Layout(Params(year=2026)).earlier_year(building={"2025", "2026"}) is None
        True
        """
        if self.params.year - 1 < YEAR_RANGE[0]:
            return None
        earlier = Layout(self.params.replace(year=self.params.year - 1))
        return None if earlier.label in building else earlier

    def compared(self, building: Collection[str] = ()) -> list[Layout]:
        """Every published period whose realisasi this one compares with (recorded in the manifest
        as ``pembanding``): the year's earlier quarters, then the same period a year earlier."""
        year = self.earlier_year(building)
        return self.earlier_quarters() + ([year] if year is not None else [])

    # --- around the period folder ----------------------------------------------------------

    def staging_dir(self) -> Path:
        return self.root / f"{STAGING_PREFIX}{self.label}-{os.getpid()}"

    def replaced_dir(self) -> Path:
        return self.root / f"{REPLACED_PREFIX}{self.label}-{os.getpid()}"

    def failed_dir(self) -> Path:
        return self.root / FAILED / self.label

    # --- processed data (the cache of a year) ----------------------------------------------

    @property
    def processed(self) -> Path:
        return Path(self.params.processed_dir) / str(self.params.year)


PROCESSED_META = "meta.json"
PROCESSED_INDICATORS = "indikator"  # the indicator table of a period, beside the clean tables
TRADE_HISTORY = "fasilitasi_perdagangan_riwayat"  # trade facilitation of the accumulation years
RAT_HISTORY = "koperasi_riwayat_rat"  # the koperasi registers of the earlier year folders (their RATs)
PDRB_TOTAL = "pdrb_total"  # the PDRB total rows, kept to cross-check the sum of A-U


def processed_indicators(triwulan: int) -> str:
    """The name of a period's indicator table in its year's cache entry ('indikator', 'indikator_tw2')."""
    return PROCESSED_INDICATORS if triwulan == periods.ANNUAL else f"{PROCESSED_INDICATORS}_tw{triwulan}"


def building_periods() -> frozenset[str]:
    """The labels of the periods the running ``iku run`` builds (:data:`BUILDING_ENV`, which it sets
    for each period's kernel); empty outside such a run (``iku verify``, a notebook run by hand)."""
    return frozenset(os.environ.get(BUILDING_ENV, "").split())


def report_date() -> dt.date:
    """The date a period's documents carry (report cover, workbook signature): the one ``iku run``
    fixed for the period in :data:`DATE_ENV` (``iku verify`` passes the manifest's), else today."""
    fixed = os.environ.get(DATE_ENV)
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise InvalidParameterError(f"{DATE_ENV}={fixed!r} bukan tanggal YYYY-MM-DD") from None
    return dt.date.today()


def index_page(output_root: Path) -> Path:
    return Path(output_root) / INDEX


def published_labels(output_root: Path) -> list[str]:
    """Labels of the published periods under ``output_root`` (folders holding their results JSON)."""
    root = Path(output_root)
    if not root.is_dir():
        return []
    labels = []
    for p in root.iterdir():
        period = periods.parse_label(p.name) if p.is_dir() else None
        if period is not None:
            try:
                lay = Layout.published(root, *period)
            except InvalidParameterError:  # a folder named like a year outside the allowed range
                continue
            if lay.results_json.exists():
                labels.append(lay.label)
    return labels
