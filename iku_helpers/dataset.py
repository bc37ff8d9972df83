"""One reporting year's data: find, read and clean every table, then save the processed tables.

>>> data = load_year(Path("data/raw"), 2025)             # doctest: +SKIP
>>> data.tables["koperasi"].data.aktif.sum()             # doctest: +SKIP
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import cleaning
from .cleaning import Cleaned
from .errors import IkuError, ParameterError
from .reading import Discovery, check_file, discover, read_table
from .tables import ROOT_TABLES, YEAR_TABLES

DEFAULT_RAT_WINDOW_YEARS = 1
DEFAULT_ACCUMULATION_START_YEAR = 2025
YEAR_RANGE = (2000, 2100)
SAMPLE_MARKER = "DATA_CONTOH.txt"


@dataclass
class YearData:
    year: int
    raw_dir: Path
    tables: dict[str, Cleaned]
    missing: list[str]
    warnings: list[str]
    trade_history: dict[int, pd.DataFrame | None] = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    @property
    def is_sample(self) -> bool:
        return (self.raw_dir / SAMPLE_MARKER).exists()

    def ledger(self) -> pd.DataFrame:
        return _stack([t.ledger for t in self.tables.values()], cleaning.LEDGER_COLUMNS)

    def notes(self) -> pd.DataFrame:
        return _stack([t.notes for t in self.tables.values()], cleaning.NOTE_COLUMNS)

    def reconciliation(self) -> pd.DataFrame:
        return _stack([t.counts for t in self.tables.values()], cleaning.COUNT_COLUMNS)


def _registry_codes():
    from .indicators import REGISTRY

    return REGISTRY.keys()


@contextmanager
def _collecting(collect: list[IkuError] | None):
    """Keep a structural error in ``collect`` (to report them all at once), or raise it."""
    try:
        yield
    except IkuError as exc:
        if collect is None:
            raise
        collect.append(exc)


def _discover(folder: Path, tables, raw_dir: Path, collect: list | None) -> Discovery:
    with _collecting(collect):
        return discover(folder, tables, base=raw_dir)
    return Discovery()


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]


def year_folders(raw_dir: Path) -> list[int]:
    """The reporting years present in the raw dir (four-digit folder names), ascending."""
    return sorted(int(p.name) for p in raw_dir.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4)


def check_params(raw_dir: Path, year: int, rat_window_years: int, accumulation_start_year: int) -> None:
    """Refuse parameters outside what the rules allow, before any work is done."""
    if not Path(raw_dir).is_dir():
        raise ParameterError(f"folder data mentah {raw_dir} tidak ada",
                             hint="Berikan --raw-dir yang benar (bawaan: data/raw).")
    for name, value in (("tahun", year), ("accumulation_start_year", accumulation_start_year)):
        if isinstance(value, bool) or not isinstance(value, int) or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            raise ParameterError(f"{name} harus bilangan bulat antara {YEAR_RANGE[0]} dan {YEAR_RANGE[1]}, bukan {value!r}")
    if isinstance(rat_window_years, bool) or not isinstance(rat_window_years, int) or not 1 <= rat_window_years <= 10:
        raise ParameterError(f"rat_window_years harus bilangan bulat 1-10, bukan {rat_window_years!r}")


def load_year(raw_dir: Path | str, year: int, rat_window_years: int = DEFAULT_RAT_WINDOW_YEARS,
              accumulation_start_year: int = DEFAULT_ACCUMULATION_START_YEAR,
              collect: list[IkuError] | None = None) -> YearData:
    """Read and clean every table of ``year`` (and the root tables).

    A structural error (see :mod:`iku_helpers.errors`) is raised, or, when ``collect`` is a list,
    appended to it so that every problem of the year can be reported at once (``iku validate``).
    """
    raw_dir = Path(raw_dir)
    check_params(raw_dir, year, rat_window_years, accumulation_start_year)
    folder = raw_dir / str(year)
    found = _discover(folder, YEAR_TABLES, raw_dir, collect)
    root = _discover(raw_dir, ROOT_TABLES, raw_dir, collect)
    warnings = list(found.warnings) + list(root.warnings)
    if not folder.is_dir():
        warnings.append(f"{year}/: folder tahun {year} tidak ada di {raw_dir}")

    tables: dict[str, Cleaned] = {}

    def attempt(table: str, where, clean) -> None:
        """Read and clean one table; with ``collect`` a hard error is kept and the table skipped."""
        if table in where.tables:
            with _collecting(collect):
                tables[table] = clean(read_table(where.tables[table], raw_dir))

    def data_of(table: str) -> pd.DataFrame | None:
        return tables[table].data if table in tables else None

    attempt("koperasi", found, lambda r: cleaning.clean_koperasi(r, year, rat_window_years))
    attempt("fasilitasi_koperasi", found,
            lambda r: cleaning.clean_fasilitasi_koperasi(r, year, data_of("koperasi")))
    attempt("usaha_mikro", found, cleaning.clean_usaha_mikro)
    attempt("fasilitasi_usaha_mikro", found,
            lambda r: cleaning.clean_fasilitasi_usaha_mikro(r, year, data_of("usaha_mikro")))
    attempt("fasilitasi_perdagangan", found, lambda r: cleaning.clean_fasilitasi_perdagangan(r, year))
    attempt("pdrb_lapangan_usaha", root, cleaning.clean_pdrb)
    attempt("target_iku", root, lambda r: cleaning.clean_target(r, list(_registry_codes())))
    missing = [t for t in YEAR_TABLES + ROOT_TABLES if t not in tables]

    history: dict[int, pd.DataFrame | None] = {}
    for y in range(accumulation_start_year, year):
        past = _discover(raw_dir / str(y), ("fasilitasi_perdagangan",), raw_dir, collect)
        history[y] = None
        if "fasilitasi_perdagangan" in past.tables:
            with _collecting(collect):
                raw_past = read_table(past.tables["fasilitasi_perdagangan"], raw_dir)
                history[y] = cleaning.clean_fasilitasi_perdagangan(raw_past, y).data
    if "fasilitasi_perdagangan" in tables and year >= accumulation_start_year:
        history[year] = tables["fasilitasi_perdagangan"].data
    params = {"tahun": year, "rat_window_years": rat_window_years,
              "accumulation_start_year": accumulation_start_year}
    return YearData(year, raw_dir, tables, missing, warnings, history, params)


def check_structure(raw_dir: Path | str, year: int, accumulation_start_year: int = DEFAULT_ACCUMULATION_START_YEAR,
                    collect: list[IkuError] | None = None) -> list[str]:
    """The structural check of a year without cleaning its rows (the run's pre-kernel step).

    Checks the files of the year, of the earlier years whose trade facilitation IKU-3 reads, and
    the root tables (which are small and are cleaned fully, to catch duplicated keys). Returns the
    warnings; errors are raised, or appended to ``collect``.
    """
    raw_dir = Path(raw_dir)
    errors: list[IkuError] = [] if collect is None else collect
    warnings: list[str] = []
    checks = []
    found = _discover(raw_dir / str(year), YEAR_TABLES, raw_dir, errors)
    warnings += found.warnings + [f"tabel {t} belum diserahkan untuk tahun {year}"
                                  for t in YEAR_TABLES if t not in found.tables and (raw_dir / str(year)).is_dir()]
    checks += list(found.tables.values())
    for y in range(accumulation_start_year, year):
        past = _discover(raw_dir / str(y), ("fasilitasi_perdagangan",), raw_dir, errors)
        checks += list(past.tables.values())
    for f in checks:
        for path in f.files:
            with _collecting(errors):
                check_file(path, f.table, path.relative_to(raw_dir).as_posix())
    root = _discover(raw_dir, ROOT_TABLES, raw_dir, errors)
    warnings += root.warnings
    for table, clean in (("pdrb_lapangan_usaha", cleaning.clean_pdrb),
                         ("target_iku", lambda r: cleaning.clean_target(r, list(_registry_codes())))):
        if table in root.tables:
            with _collecting(errors):
                clean(read_table(root.tables[table], raw_dir))
    if errors and collect is None:
        raise errors[0]
    return warnings


# --- processed tables ------------------------------------------------------------------------

def write_processed(data: YearData, processed_dir: Path | str) -> Path:
    """Write the clean tables of the year as parquet into ``processed_dir/<year>/``."""
    out = Path(processed_dir) / str(data.year)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.parquet"):
        old.unlink()
    for name, cleaned in data.tables.items():
        cleaned.data.to_parquet(out / f"{name}.parquet", index=False)
    pdrb = data.tables.get("pdrb_lapangan_usaha")
    if pdrb is not None:
        pdrb.extra["total_pdrb"].to_parquet(out / "pdrb_total.parquet", index=False)
    frames = [df.assign(tahun_data=y) for y, df in data.trade_history.items() if df is not None]
    if frames:
        pd.concat(frames, ignore_index=True).to_parquet(out / "fasilitasi_perdagangan_riwayat.parquet", index=False)
    for name, frame in (("baris_ditolak", data.ledger()), ("catatan", data.notes()),
                        ("rekonsiliasi", data.reconciliation())):
        frame.to_parquet(out / f"{name}.parquet", index=False)
    meta = {
        "tahun": data.year, "raw_dir": str(data.raw_dir), "params": data.params,
        "tabel_tidak_ada": data.missing, "peringatan": data.warnings, "data_contoh": data.is_sample,
        "riwayat_perdagangan": {str(y): df is not None for y, df in data.trade_history.items()},
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return out


@dataclass
class Processed:
    """The processed tables of a year as read back by the indicator and report notebooks."""

    year: int
    tables: dict[str, pd.DataFrame]
    meta: dict

    def get(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


def read_processed(processed_dir: Path | str, year: int) -> Processed:
    folder = Path(processed_dir) / str(year)
    if not (folder / "meta.json").exists():
        raise ParameterError(f"data olahan tahun {year} belum ada di {folder}",
                             hint="Jalankan notebook 01_pembersihan (atau iku run) lebih dulu.")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    tables = {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}
    return Processed(year, tables, meta)
