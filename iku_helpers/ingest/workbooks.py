"""Reading a workbook: Excel (.xlsx, .xls) and OpenDocument (.ods), every cell as the user wrote it.

Workbooks are read with python-calamine, the sheet named like the table or else the first sheet,
as rows of values from A1; the pre-check streams only the first rows of an .xlsx with openpyxl.
:func:`sheet_frame` turns the rows below a header into typed columns (for any grid of rows: a
sheet, an HTML table, a PDRB text file).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import UnreadableFileError
from .header import HEADER_SEARCH_ROWS

#: How the reconciliation names each workbook format.
_WORKBOOK_NAMES = {"xlsx": "Excel (.xlsx)", "xls": "Excel 97-2003 (.xls)", "ods": "OpenDocument (.ods)"}


def open_workbook(path: Path, label: str):
    """The calamine workbook of a file; a broken file or one without sheets is unreadable."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UnreadableFileError(
            f"berkas tidak dapat dibuka sebagai buku kerja ({type(exc).__name__}: {exc})",
            file=label, hint="Buka dan simpan ulang berkas ini dengan Excel atau LibreOffice, lalu jalankan lagi.",
        ) from None
    if not workbook.sheet_names:
        raise UnreadableFileError("berkas tidak berisi sheet", file=label,
                                  hint="Periksa isi berkasnya.")
    return workbook


def table_sheet(names: list[str], table: str) -> str:
    """The sheet named like the table (case-insensitive), else the first sheet."""
    return next((n for n in names if n.strip().lower() == table), names[0])


def read_excel_rows(path: Path, table: str, label: str) -> tuple[str, list[list[object]]]:
    """(sheet name, rows from A1) of the sheet named like the table, else the first sheet."""
    workbook = open_workbook(path, label)
    sheet = table_sheet(workbook.sheet_names, table)
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


def sheet_frame(rows: list[list[object]], header_at: int, first: int | None = None) -> pd.DataFrame:
    """The data rows of a sheet (from ``first``, by default the row after the header) as columns."""
    first = header_at + 1 if first is None else first
    data = rows[first:]
    width = max((len(r) for r in rows), default=0)
    grid = np.empty((len(data), width), dtype=object)  # one C-level copy, then column slices
    if data:
        try:
            grid[:, :] = data
        except ValueError:  # rows of unequal length: pad them
            grid[:, :] = [list(r) + [""] * (width - len(r)) for r in data]
    frame = pd.DataFrame({i: _excel_column(grid[:, i]) for i in range(width)})
    frame["_baris"] = np.arange(first + 1, first + 1 + len(data), dtype="int64")
    return frame


def excel_head(path: Path, table: str, label: str) -> tuple[str, list[list[object]]]:
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
            f"berkas tidak dapat dibuka sebagai buku kerja ({type(exc).__name__}: {exc})",
            file=label, hint="Buka dan simpan ulang berkas ini dengan Excel atau LibreOffice, lalu jalankan lagi.",
        ) from None
    try:
        sheet = table_sheet(workbook.sheetnames, table)
        rows = [list(r) for r in workbook[sheet].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
    finally:
        workbook.close()
    return sheet, rows


def workbook_format(path: Path) -> str:
    """The reconciliation's name of a workbook's format, e.g. ``Excel (.xlsx)``."""
    ext = path.suffix.lower().lstrip(".")
    return _WORKBOOK_NAMES.get(ext, f".{ext}")
