"""One reporting year's data: find, read and clean every table, with what the quarters and IKU-3 need
from earlier year folders; the raw files a run reads and their SHA-256.

:func:`load_year` reads and cleans a year from its raw folder; :mod:`iku_helpers.ingest.processed`
keeps the result in the year's cache.

>>> data = load_year(Params(year=2025))                   # doctest: +SKIP
>>> data.tables["koperasi"].data.aktif.sum()             # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.allocator import keep_freed_memory
from ..core.errors import IkuError, ParameterError
from ..core.facts import INDICATOR_CODES
from ..core.params import Params
from ..core.settings import read_pengaturan
from ..core.tables import ROOT_TABLES, YEAR_TABLES
from . import table_rules
from .audit_trail import COUNT_COLUMNS, LEDGER_COLUMNS, NOTE_COLUMNS
from .cleaner import Cleaned
from .discovery import Discovery, discover
from .pdrb_cleaning import clean_pdrb
from .reading import check_file, read_table

log = logging.getLogger(__name__)

SAMPLE_MARKER = "DATA_CONTOH.txt"
#: Bumped when what the cache holds changes shape: older entries are then recomputed.

@dataclass
class YearData:
    params: Params
    tables: dict[str, Cleaned]
    missing: list[str]
    warnings: list[str]
    trade_history: dict[int, pd.DataFrame | None] = field(default_factory=dict)
    #: the clean koperasi register of each earlier year folder (None: not delivered), by year:
    #: the RATs a quarter's aktif rule looks up (spec section 13)
    rat_history: dict[int, pd.DataFrame | None] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.params.year

    @property
    def raw_dir(self) -> Path:
        return Path(self.params.raw_dir)

    @property
    def is_sample(self) -> bool:
        return (self.raw_dir / SAMPLE_MARKER).exists()

    def ledger(self) -> pd.DataFrame:
        return _stack([t.ledger for t in self.tables.values()], LEDGER_COLUMNS)

    def notes(self) -> pd.DataFrame:
        return _stack([t.notes for t in self.tables.values()], NOTE_COLUMNS)

    def problems(self) -> pd.DataFrame:
        """The ledger with each rejected cell on its own row (see :meth:`Cleaned.problems`)."""
        return _stack([t.problems for t in self.tables.values() if t.problems is not None], LEDGER_COLUMNS)

    def reconciliation(self) -> pd.DataFrame:
        return _stack([t.counts for t in self.tables.values()], COUNT_COLUMNS)


@contextmanager
def _collecting(collect: list[IkuError] | None):
    """Keep a structural error in ``collect`` (to report them all at once), or raise it."""
    try:
        yield
    except IkuError as exc:
        if collect is None:
            raise
        collect.append(exc)


def _discover(folder: Path, tables, raw_dir: Path, collect: list | None, root: bool = False) -> Discovery:
    """:func:`discover`; with ``collect``, a table that cannot be used as found is reported there
    and every other table of the folder is still found (and checked)."""
    found = discover(folder, tables, base=raw_dir, root=root, keep_going=collect is not None)
    if collect is not None:
        collect.extend(found.errors.values())
    return found


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    return pd.concat(frames, ignore_index=True)[columns]


def year_folders(raw_dir: Path) -> list[int]:
    """The reporting years present in the raw dir (four-digit folder names), ascending."""
    return sorted(int(p.name) for p in Path(raw_dir).iterdir()
                  if p.is_dir() and p.name.isdigit() and len(p.name) == 4)


def require_raw_dir(raw_dir: Path) -> Path:
    """The raw folder, or a clear error when it does not exist."""
    if not Path(raw_dir).is_dir():
        raise ParameterError(f"folder data mentah {raw_dir} tidak ada",
                             hint="Berikan --raw-dir yang benar (bawaan: data/raw).")
    return Path(raw_dir)


def _trade_years(params: Params) -> range:
    """The earlier years whose trade facilitation IKU-3 of ``params.year`` accumulates."""
    return range(params.accumulation_start_year, params.year)


def _earlier_registers(params: Params) -> list[int]:
    """The earlier year folders whose koperasi register supplies RATs to year n (spec section 13)."""
    raw_dir = Path(params.raw_dir)
    return [y for y in year_folders(raw_dir) if y < params.year] if raw_dir.is_dir() else []


def earlier_years(params: Params) -> dict[str, list[int]]:
    """The tables year n reads from earlier year folders, with those years: the trade facilitation
    IKU-3 accumulates, and the koperasi registers whose RATs a quarter looks up (spec section 13).
    :func:`load_year` cleans them, :func:`check_structure` checks them, :func:`raw_inputs` hashes them."""
    return {"fasilitasi_perdagangan": list(_trade_years(params)), "koperasi": _earlier_registers(params)}


def _clean_earlier(params: Params, table: str, raw, year: int) -> pd.DataFrame:
    """An earlier year's table cleaned by the rules of that year (its rows are never counted for n)."""
    if table == "koperasi":
        return table_rules.clean_koperasi(raw, year, params.rat_window_years).data
    return table_rules.clean_fasilitasi_perdagangan(raw, year).data


def _earlier_tables(params: Params, table: str, collect: list[IkuError] | None) -> dict[int, pd.DataFrame | None]:
    """The clean ``table`` of each of its :func:`earlier_years` (None where the folder has none)."""
    raw_dir = Path(params.raw_dir)
    out: dict[int, pd.DataFrame | None] = {}
    for y in earlier_years(params)[table]:
        past = _discover(raw_dir / str(y), (table,), raw_dir, collect)
        out[y] = None
        if table in past.tables:
            with _collecting(collect):
                out[y] = _clean_earlier(params, table, read_table(past.tables[table], raw_dir), y)
    return out


def load_year(params: Params, collect: list[IkuError] | None = None) -> YearData:
    """Read and clean every table of ``params.year`` (and the root tables).

    A structural error (see :mod:`iku_helpers.core.errors`) is raised, or, when ``collect`` is a list,
    appended to it so that every problem of the year can be reported at once (``iku validate``).
    """
    keep_freed_memory()
    raw_dir = require_raw_dir(params.raw_dir)
    year = params.year
    folder = raw_dir / str(year)
    found = _discover(folder, YEAR_TABLES, raw_dir, collect)
    root = _discover(raw_dir, ROOT_TABLES, raw_dir, collect, root=True)
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

    attempt("koperasi", found, lambda r: table_rules.clean_koperasi(r, year, params.rat_window_years))
    attempt("fasilitasi_koperasi", found,
            lambda r: table_rules.clean_fasilitasi_koperasi(r, year, data_of("koperasi")))
    attempt("usaha_mikro", found, table_rules.clean_usaha_mikro)
    attempt("fasilitasi_usaha_mikro", found,
            lambda r: table_rules.clean_fasilitasi_usaha_mikro(r, year, data_of("usaha_mikro")))
    attempt("fasilitasi_perdagangan", found, lambda r: table_rules.clean_fasilitasi_perdagangan(r, year))
    attempt("pdrb_lapangan_usaha", root, clean_pdrb)
    attempt("target_iku", root, lambda r: table_rules.clean_target(r, list(INDICATOR_CODES)))
    missing = [t for t in YEAR_TABLES + ROOT_TABLES if t not in found.delivered() | root.delivered()]

    history = _earlier_tables(params, "fasilitasi_perdagangan", collect)
    if "fasilitasi_perdagangan" in tables and year >= params.accumulation_start_year:
        history[year] = tables["fasilitasi_perdagangan"].data
    # a register keeps only a koperasi's latest RAT: a quarter of year n looks up the RAT the
    # registers of the earlier year folders gave for the same NIK koperasi (never their rows)
    registers = _earlier_tables(params, "koperasi", collect)
    return YearData(params, tables, missing, warnings, history, registers)


def stacked_registers(registers: dict[int, pd.DataFrame | None]) -> pd.DataFrame | None:
    """The earlier years' koperasi registers as one table, each row with its register's year
    (``tahun_data``); None when there is none."""
    frames = [df.assign(tahun_data=y) for y, df in sorted(registers.items()) if df is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def check_structure(runs: list[Params], collect: list[IkuError] | None = None) -> dict[str, list[str]]:
    """The structural check of the periods of a run without cleaning their rows (the pre-check).

    Checks the files of each year, the tables it reads from earlier year folders
    (:func:`earlier_years`), and the root tables (which are small and are cleaned fully, to catch duplicated keys); a file
    shared by several periods is checked once. Returns the warnings per period label; errors are
    raised, or appended to ``collect``.
    """
    errors: list[IkuError] = [] if collect is None else collect
    warnings: dict[str, list[str]] = {}
    checked: set[Path] = set()

    def check(found: Discovery, raw_dir: Path) -> None:
        for f in found.tables.values():
            for path in f.files:
                if path not in checked:
                    checked.add(path)
                    with _collecting(errors):
                        check_file(path, f.table, path.relative_to(raw_dir).as_posix())

    by_year: dict[tuple[Path, int], list[str]] = {}  # the periods of one year share its check
    earlier_checked: set[tuple[Path, int, str]] = set()
    for params in runs:
        raw_dir, year = Path(params.raw_dir), params.year
        if (raw_dir, year) not in by_year:
            found = _discover(raw_dir / str(year), YEAR_TABLES, raw_dir, errors)
            by_year[raw_dir, year] = found.warnings + [
                f"tabel {t} belum diserahkan untuk tahun {year}"
                for t in YEAR_TABLES if t not in found.tables and (raw_dir / str(year)).is_dir()]
            check(found, raw_dir)
            for table, years in earlier_years(params).items():
                for y in years:
                    if (raw_dir, y) not in by_year and (raw_dir, y, table) not in earlier_checked:
                        earlier_checked.add((raw_dir, y, table))
                        check(_discover(raw_dir / str(y), (table,), raw_dir, errors), raw_dir)
        warnings[params.label] = list(by_year[raw_dir, year])
    for raw_dir in dict.fromkeys(Path(p.raw_dir) for p in runs):
        root = _discover(raw_dir, ROOT_TABLES, raw_dir, errors, root=True)
        for params in runs:
            if Path(params.raw_dir) == raw_dir:
                warnings[params.label] += root.warnings
        for table, clean in (("pdrb_lapangan_usaha", clean_pdrb),
                             ("target_iku", lambda r: table_rules.clean_target(r, list(INDICATOR_CODES)))):
            if table in root.tables:
                with _collecting(errors):
                    clean(read_table(root.tables[table], raw_dir))
        with _collecting(errors):
            read_pengaturan(raw_dir)  # the documents' signatory: a mistake stops the run before it starts
    if errors and collect is None:
        raise errors[0]
    return warnings


def raw_inputs(params: Params) -> list[Path]:
    """Every raw file a run of the year reads: its tables, the earlier RPJMD years and the year before
    (the LKjIP comparison), the koperasi registers of every earlier year folder (the RATs a quarter
    looks up), the root tables."""
    raw_dir = Path(params.raw_dir)
    files: list[Path] = []
    for y in range(min(params.accumulation_start_year, params.year - 1), params.year + 1):
        for f in discover(raw_dir / str(y), YEAR_TABLES, base=raw_dir).tables.values():
            files += f.files
    for table, years in earlier_years(params).items():
        for y in years:
            for f in discover(raw_dir / str(y), (table,), base=raw_dir).tables.values():
                files += f.files
    for f in discover(raw_dir, ROOT_TABLES, base=raw_dir, root=True).tables.values():
        files += f.files
    return sorted(set(files))


# --- hashes ------------------------------------------------------------------------------------

_DIGESTS: dict[tuple, str] = {}


def sha256(path: Path, remember: bool = False) -> str:
    """The SHA-256 of a file. With ``remember``, kept for the life of the process while the file
    keeps its size and modification time: for raw files, which the history of year n checks again
    for every earlier year (never for files this package rewrites, whose time stamp may not change
    on a share with coarse clocks)."""
    key = None
    if remember:
        st = Path(path).stat()
        key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)
        if key in _DIGESTS:
            return _DIGESTS[key]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    digest = h.hexdigest()
    if key is not None:
        _DIGESTS[key] = digest
    return digest


def file_entry(path: Path, base: Path, remember: bool = False) -> dict:
    """{path relative to base, sha256, bytes}: how the manifest and the cache record a file."""
    return {"path": path.relative_to(base).as_posix(), "sha256": sha256(path, remember),
            "bytes": path.stat().st_size}


def raw_entries(params: Params) -> list[dict]:
    raw_dir = Path(params.raw_dir).resolve()
    return [file_entry(p.resolve(), raw_dir, remember=True) for p in raw_inputs(params)]
