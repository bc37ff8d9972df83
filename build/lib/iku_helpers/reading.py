"""Finding and reading raw files (spec sections 2 and 3), every cell kept as the user wrote it.

Excel, LibreOffice and old .xls files are read with python-calamine; CSV with pyarrow, every
column as text. The result is a :class:`RawTable`: one row per data row below the header (empty
and totals rows included, so the cleaner can count them), canonical column names, and for each
row its file, sheet and the row number a person sees in Excel (``_berkas``, ``_sheet``,
``_baris``).
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import (
    AmbiguousFilesError,
    HeaderNotFoundError,
    MissingColumnError,
    UnreadableFileError,
)
from .tables import EXTENSIONS, TABLES, YEAR_TABLES, canonical_column

HEADER_SEARCH_ROWS = 30
SOURCE_COLUMNS = ("_berkas", "_sheet", "_baris")


@dataclass
class Found:
    """The files of one table: one file, or the files of a folder in name order."""

    table: str
    files: list[Path]
    folder: Path | None = None


@dataclass
class Discovery:
    tables: dict[str, Found] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    table: str
    frame: pd.DataFrame
    files: list[str]
    ragged: list[tuple[str, int, str]] = field(default_factory=list)  # (berkas, baris, text)
    #: each file's columns in its own order (stacking puts columns new to a later file last)
    file_columns: dict[str, list[str]] = field(default_factory=dict)


def _is_hidden(path: Path) -> bool:
    return path.name.startswith((".", "~$"))


def _closest(name: str, candidates) -> str | None:
    found = difflib.get_close_matches(name.lower(), list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


def discover(folder: Path, tables=YEAR_TABLES, base: Path | None = None, root: bool = False) -> Discovery:
    """The files of each table in ``folder``; errors for ambiguity, warnings for strangers.

    ``root`` says that ``folder`` is the raw root, which also holds the year folders and
    documents: only stray table-like files there are reported.

    >>> discover(Path("/nonexistent")).tables
    {}
    """
    result = Discovery()
    if not folder.is_dir():
        return result
    base = base or folder
    claims: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        if _is_hidden(entry):
            continue
        stem, ext = (entry.name, "") if entry.is_dir() else (entry.stem, entry.suffix.lower().lstrip("."))
        key = stem.lower()
        if key in tables and (entry.is_dir() or ext in EXTENSIONS):
            claims.setdefault(key, []).append(entry)
        elif folder == base and not entry.is_dir() and key in ("readme", "data_contoh"):
            continue
        else:
            if root and (entry.is_dir() or ext not in EXTENSIONS):
                continue  # the raw root also holds year folders and documents
            hint = _closest(key, tables)
            msg = f"{_rel(entry, base)}: berkas ini tidak cocok dengan tabel mana pun dan tidak dibaca"
            if hint:
                msg += f"; maksud Anda {hint}?"
            result.warnings.append(msg)
    for table, entries in claims.items():
        if len(entries) > 1:
            names = " dan ".join(_rel(e, base) for e in entries)
            raise AmbiguousFilesError(
                f"ada {len(entries)} berkas untuk tabel {table} ({names}): mana yang dimaksud?",
                file=_rel(entries[0].parent, base),
                hint="Simpan hanya satu berkas (atau satu folder) per tabel; pindahkan yang lain ke luar folder data.",
            )
        entry = entries[0]
        if entry.is_dir():
            files = []
            for f in sorted(entry.iterdir(), key=lambda p: p.name):
                if _is_hidden(f):
                    continue
                if f.is_file() and f.suffix.lower().lstrip(".") in EXTENSIONS:
                    files.append(f)
                else:
                    result.warnings.append(f"{_rel(f, base)}: bukan berkas xlsx/xls/ods/csv, tidak dibaca")
            if not files:
                raise UnreadableFileError(
                    f"folder {table} tidak berisi berkas xlsx/xls/ods/csv",
                    file=_rel(entry, base),
                    hint="Isi folder dengan berkas tabel, atau hapus foldernya.",
                )
            result.tables[table] = Found(table, files, folder=entry)
        else:
            result.tables[table] = Found(table, [entry])
    return result


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


# --- header detection -------------------------------------------------------------------------

def _has_required(names: list[str], table: str) -> bool:
    present = set(names)
    return all(any(c in present for c in group) for group in TABLES[table].required)


def find_header(rows: list[list[object]], table: str) -> int | None:
    """Index of the first row among the first 30 holding every required column, else None."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [canonical_column(c, table) if isinstance(c, str) else "" for c in row]
        if _has_required(names, table):
            return i
    return None


def _header_error(rows: list[list[object]], table: str, file: str, sheet: str | None) -> Exception:
    wanted = " , ".join("/".join(g) for g in TABLES[table].required)
    best = max(rows[:HEADER_SEARCH_ROWS], key=lambda r: sum(1 for c in r if isinstance(c, str) and c.strip()),
               default=[])
    names = [canonical_column(c, table) for c in best if isinstance(c, str) and c.strip()]
    missing = ["/".join(g) for g in TABLES[table].required if not any(c in names for c in g)]
    if names and len(missing) < len(TABLES[table].required):
        return MissingColumnError(
            f"kolom wajib tidak ditemukan: {', '.join(missing)} (kolom yang terbaca: {', '.join(names)})",
            file=file, sheet=sheet, column=missing[0],
            hint=f"Pastikan baris judul kolom memuat {wanted} (nama lain yang diterima ada di docs/data-contract.md).",
        )
    return HeaderNotFoundError(
        f"tidak ada baris judul kolom di {HEADER_SEARCH_ROWS} baris pertama yang memuat kolom wajib {wanted}",
        file=file, sheet=sheet,
        hint="Periksa bahwa berkas ini memang tabel yang dimaksud dan judul kolomnya ada di 30 baris pertama.",
    )


def _column_names(header: list[object], table: str, file: str, sheet: str | None) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(header):
        name = canonical_column(cell, table) if cell is not None and str(cell).strip() else ""
        if not name:
            name = f"kolom_{i + 1}"
        if name in names:
            known = set(TABLES[table].columns)
            if name in known:
                raise MissingColumnError(
                    f"kolom {name} muncul lebih dari sekali (judul '{cell}')",
                    file=file, sheet=sheet, column=name,
                    hint="Hapus atau ganti nama salah satu kolom agar jelas mana yang dipakai.",
                )
            name = f"{name}_{i + 1}"
        names.append(name)
    return names


# --- Excel -------------------------------------------------------------------------------------

def read_excel_rows(path: Path, table: str, label: str) -> tuple[str, list[list[object]]]:
    """(sheet name, rows from A1) of the sheet named like the table, else the first sheet."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UnreadableFileError(
            f"berkas tidak dapat dibuka sebagai lembar kerja ({type(exc).__name__}: {exc})",
            file=label, hint="Buka dan simpan ulang berkas ini dengan Excel atau LibreOffice, lalu jalankan lagi.",
        ) from None
    names = workbook.sheet_names
    if not names:
        raise UnreadableFileError("berkas tidak berisi sheet", file=label,
                                  hint="Periksa isi berkasnya.")
    sheet = next((n for n in names if n.strip().lower() == table), names[0])
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return sheet, rows


def _excel_column(values: np.ndarray) -> pd.Series:
    """One column of a sheet, typed when it is uniform: text only → str, numbers only → float64,
    dates only → datetime64 (mixed columns stay object and are split cell by cell later).
    Empty cells ("" from calamine) are missing."""
    values = values.copy()
    values[values == ""] = None
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return pd.Series(values, dtype="str")
    if kind in ("floating", "integer", "mixed-integer-float"):
        return pd.Series(values, dtype="float64")
    if kind in ("datetime", "date", "datetime64"):
        converted = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
        if converted.notna().sum() == pd.notna(values).sum():
            return converted.astype("datetime64[ns]")
    return pd.Series(values, dtype=object)


def _excel_frame(rows: list[list[object]], header_at: int) -> pd.DataFrame:
    data = rows[header_at + 1:]
    width = max((len(r) for r in rows), default=0)
    grid = np.empty((len(data), width), dtype=object)  # one C-level copy, then column slices
    if data:
        try:
            grid[:, :] = data
        except ValueError:  # rows of unequal length: pad them
            grid[:, :] = [list(r) + [""] * (width - len(r)) for r in data]
    frame = pd.DataFrame({i: _excel_column(grid[:, i]) for i in range(width)})
    frame["_baris"] = np.arange(header_at + 2, header_at + 2 + len(data), dtype="int64")
    return frame


# --- CSV ---------------------------------------------------------------------------------------

DELIMITERS = (",", ";", "\t")
HEAD_BYTES = 1 << 16  # the header row lies within the first 30 lines, well inside this


def _decode(data: bytes) -> bytes:
    """UTF-8 bytes of the file: UTF-8 (BOM or not) as is, otherwise decoded as cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")


def _csv_header(head: bytes, table: str, label: str) -> tuple[str, int, list[str]]:
    """(delimiter, header line index, header cells) from the first UTF-8 bytes of a CSV file.

    The delimiter is the one under which a header row holding every required column appears;
    when none does, the error names what was found.
    """
    if not head.strip():
        raise UnreadableFileError("berkas kosong", file=label, hint="Isi berkas ini atau hapus dari folder data.")
    lines = head.decode("utf-8", errors="replace").splitlines()[:HEADER_SEARCH_ROWS]
    for delim in DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delim))
        at = find_header(rows, table)
        if at is not None:
            return delim, at, rows[at]
    rows = [next(csv.reader([line], delimiter=max(DELIMITERS, key=line.count))) for line in lines if line]
    raise _header_error(rows, table, label, None)


def read_csv_frame(path: Path, table: str, label: str):
    """(data rows, header cells, ragged rows) of a CSV file; every column is text.

    Ragged rows (more or fewer cells than the header) cannot be placed in columns: they are
    returned as (line number, text) so that the cleaner ledgers them.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        data = _decode(path.read_bytes())
    except OSError as exc:
        raise UnreadableFileError(f"berkas tidak dapat dibaca ({exc})", file=label,
                                  hint="Periksa izin berkas dan coba lagi.") from None
    delim, at, header = _csv_header(data[:HEAD_BYTES], table, label)
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int | None, str]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    def read(threads: bool):
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=at + 1, column_names=names, use_threads=threads),
            parse_options=pacsv.ParseOptions(delimiter=delim, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )

    try:
        arrow = read(True)
        if invalid and any(n is None for n, _ in invalid):
            invalid.clear()
            arrow = read(False)
    except pa.ArrowInvalid as exc:
        raise UnreadableFileError(f"CSV tidak dapat diurai ({exc})", file=label,
                                  hint="Simpan ulang sebagai CSV dari Excel/LibreOffice.") from None
    frame = arrow.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get)
    frame.columns = range(width)
    # physical line numbers: the data start on the line after the header; skipped rows shift them
    lines = np.arange(len(frame), dtype="int64")
    if invalid:
        skipped = np.sort(np.array([n - (at + 1) for n, _ in invalid], dtype="int64"))  # 1-based among data
        # k-th kept row sits at position k + (number of skipped rows at or before it)
        pos = lines.copy()
        for s in skipped:
            pos[pos + 1 >= s] += 1
        lines = pos
    frame["_baris"] = lines + at + 2
    return frame, header, [(n, text) for n, text in invalid]


# --- the public reader -------------------------------------------------------------------------

def read_file(path: Path, table: str, label: str) -> tuple[pd.DataFrame, list]:
    """(frame, ragged rows) of one raw file: canonical columns plus ``_berkas``/``_sheet``/``_baris``."""
    ext = path.suffix.lower().lstrip(".")
    if path.stat().st_size == 0:
        raise UnreadableFileError("berkas kosong (0 byte)", file=label,
                                  hint="Isi berkas ini atau hapus dari folder data.")
    ragged: list = []
    if ext == "csv":
        frame, header, ragged = read_csv_frame(path, table, label)
        sheet = None
    else:
        sheet, rows = read_excel_rows(path, table, label)
        if not any(any(c not in ("", None) for c in r) for r in rows):
            raise UnreadableFileError(f"sheet {sheet} kosong", file=label, sheet=sheet,
                                      hint="Isi sheet ini atau hapus berkasnya dari folder data.")
        at = find_header(rows, table)
        if at is None:
            raise _header_error(rows, table, label, sheet)
        header = rows[at]
        frame = _excel_frame(rows, at)
    names = _column_names(list(header), table, label, sheet)
    frame.columns = names + ["_baris"]
    frame = frame[[c for c in names if not c.startswith("kolom_") or frame[c].notna().any()] + ["_baris"]]
    frame.insert(0, "_sheet", sheet)
    frame.insert(0, "_berkas", label)
    return frame, ragged


def _excel_head(path: Path, table: str, label: str) -> tuple[str, list[list[object]]]:
    """(sheet, first rows) of a workbook without loading the whole sheet when the format allows.

    .xlsx is streamed with openpyxl's read-only mode (only the first rows are parsed); .xls and
    .ods are small in practice and read with calamine.
    """
    if path.suffix.lower() != ".xlsx":
        sheet, rows = read_excel_rows(path, table, label)
        return sheet, rows[:HEADER_SEARCH_ROWS]
    import warnings
    import zipfile

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnreadableFileError(
            f"berkas tidak dapat dibuka sebagai lembar kerja ({type(exc).__name__}: {exc})",
            file=label, hint="Buka dan simpan ulang berkas ini dengan Excel atau LibreOffice, lalu jalankan lagi.",
        ) from None
    try:
        names = workbook.sheetnames
        sheet = next((n for n in names if n.strip().lower() == table), names[0])
        rows = [list(r) for r in workbook[sheet].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
    finally:
        workbook.close()
    return sheet, rows


def check_file(path: Path, table: str, label: str) -> None:
    """Raise what :func:`read_file` would raise for the file's structure, reading only its head:
    empty or unreadable file, no header row among the first 30, missing or doubled columns."""
    if path.stat().st_size == 0:
        raise UnreadableFileError("berkas kosong (0 byte)", file=label,
                                  hint="Isi berkas ini atau hapus dari folder data.")
    if path.suffix.lower() == ".csv":
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
        if len(head) == HEAD_BYTES and b"\n" in head:
            head = head[: head.rfind(b"\n") + 1]  # whole lines only: no character cut in half
        _column_names(_csv_header(_decode(head), table, label)[2], table, label, None)
        return
    sheet, rows = _excel_head(path, table, label)
    rows = [[c if c is not None else "" for c in r] for r in rows]
    at = find_header(rows, table)
    if at is None:
        if not any(any(c != "" for c in r) for r in rows):
            raise UnreadableFileError(f"sheet {sheet} kosong", file=label, sheet=sheet,
                                      hint="Isi sheet ini atau hapus berkasnya dari folder data.")
        raise _header_error(rows, table, label, sheet)
    _column_names(rows[at], table, label, sheet)


def read_table(found: Found, base: Path) -> RawTable:
    """Read and stack every file of a table, in file-name order."""
    frames = []
    ragged = []
    order: dict[str, list[str]] = {}
    for path in found.files:
        label = _rel(path, base)
        frame, bad = read_file(path, found.table, label)
        ragged += [(label, n, text) for n, text in bad]
        order[label] = [c for c in frame.columns if c not in SOURCE_COLUMNS]
        frames.append(frame)
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True, sort=False)
    frame = frame.reset_index(drop=True)
    return RawTable(found.table, frame, [_rel(p, base) for p in found.files], ragged, order)
