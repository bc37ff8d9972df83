"""Reading a workbook: Excel (.xlsx, .xls) and OpenDocument (.ods), every cell as the user wrote it.

Workbooks are read with python-calamine, the sheet named like the table or else the first sheet,
as rows of values from A1 (a big .xlsx sheet a part of its rows at a time, and the pre-check's
first rows alone: :mod:`~iku_helpers.ingest.xlsx_parts`). :func:`sheet_frame` turns the rows below
a header into typed columns a block of rows at a time (for any grid of rows: a sheet, an HTML
table, a PDRB text file).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import UnreadableFileError
from .header import HEADER_SEARCH_ROWS
from .xlsx_parts import iter_sheet_rows, sheet_head, sheet_xml_size

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
    sheet, rows, _ = stream_excel_rows(path, table, label)
    return sheet, list(rows)


#: Sheets whose XML is bigger than this are read in parts of PART_ROWS rows (calamine holds about
#: 2,5 bytes per byte of a sheet's XML: 500 MB for this size); smaller ones whole, which is faster.
PARTS_FROM_BYTES = 200 * 2**20
PART_ROWS = 50_000


def stream_excel_rows(path: Path, table: str, label: str,
                      whole: bool = False) -> tuple[str, Iterator[list[object]], int]:
    """(sheet name, its rows from A1 one at a time, width) of the sheet :func:`read_excel_rows` reads.

    The rows come as calamine gives them, so that a wide export of a million rows is never held
    as Python objects all at once (:func:`sheet_frame` types them a block at a time). Calamine
    starts each row at the sheet's first used column: the columns before it are given as empty
    cells, as ``to_python(skip_empty_area=False)`` would. A big .xlsx sheet is read a part of its
    rows at a time (:mod:`~iku_helpers.ingest.xlsx_parts`; calamine would hold all of it), unless
    ``whole``; its iterator may then raise :class:`~iku_helpers.core.errors.SheetPartsError`, after
    which the caller reads it again whole.
    """
    workbook = open_workbook(path, label)
    sheet = table_sheet(workbook.sheet_names, table)
    if not whole and (sheet_xml_size(path, sheet) or 0) > PARTS_FROM_BYTES:
        parts = iter_sheet_rows(path, sheet, PART_ROWS)
        if parts is not None:
            return sheet, parts[0], parts[1]
    data = workbook.get_sheet_by_name(sheet)
    if data.start is None:  # an empty sheet
        return sheet, iter(()), 0
    skipped = data.start[1]
    rows = data.iter_rows()
    if skipped:
        pad = [""] * skipped
        rows = (pad + row for row in rows)
    return sheet, rows, skipped + data.width


def _excel_column(values: np.ndarray) -> tuple[str, pd.Series, np.ndarray | None]:
    """(kind, column, cells) of one column of a block of a sheet, typed when it is uniform: text
    only → str, numbers only → float64, dates only → datetime64 (mixed columns stay object and are
    split cell by cell later). Empty cells ("" from calamine) are missing; the kind is ``empty``
    when every cell is. A date column also gives its cells as calamine gave them (``date`` or
    ``datetime``), in case a later block turns the column into a mixed one."""
    values = values.copy()
    values[values == ""] = None
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind == "empty":
        return "empty", pd.Series(values, dtype="str"), None
    if kind == "string":
        return "str", pd.Series(values, dtype="str"), None
    if kind in ("floating", "integer", "mixed-integer-float"):
        return "float64", pd.Series(values, dtype="float64"), None
    if kind in ("datetime", "date", "datetime64"):
        converted = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
        if converted.notna().sum() == pd.notna(values).sum():
            return "datetime64[ns]", converted.astype("datetime64[ns]"), values
    return "object", pd.Series(values, dtype=object), None


def _as_objects(column: pd.Series, cells: np.ndarray | None) -> pd.Series:
    """A typed block of a column as the cells calamine gave (missing as None), to join a mixed column."""
    if cells is not None:
        return pd.Series(cells, dtype=object)
    values = column.to_numpy(dtype=object)
    values[pd.isna(values)] = None
    return pd.Series(values, dtype=object)


def _join_blocks(kinds: list[str], blocks: list[pd.Series], cells: list[np.ndarray | None]) -> pd.Series:
    """One column from its blocks: typed when every block that holds a cell has the same type, else
    object (a column whose cells are of several kinds, as :func:`_excel_column` types a whole column)."""
    filled = {k for k in kinds if k != "empty"}
    if not filled:
        kind = "str"
    elif len(filled) == 1 and "object" not in filled:
        kind = filled.pop()
    else:
        kind = "object"
    if kind == "object":
        blocks = [b if k == "object" else _as_objects(b, c) for k, b, c in zip(kinds, blocks, cells)]
    else:
        blocks = [b if k == kind else pd.Series(np.full(len(b), None), dtype=kind) for k, b in zip(kinds, blocks)]
    return blocks[0] if len(blocks) == 1 else pd.concat(blocks, ignore_index=True)


#: Rows of a sheet typed into columns at a time: bounds the Python objects alive while a wide
#: export is read (a block of 40 columns holds 0,8 million cells).
BLOCK_ROWS = 20_000


def sheet_frame(rows: Iterable[list[object]], header_at: int, first: int | None = None,
                width: int | None = None) -> pd.DataFrame:
    """The data rows of a sheet (from ``first``, by default the row after the header) as columns.

    ``rows`` are the sheet's rows from A1 (a list, or an iterator that has already yielded the
    rows before ``first``: then ``width`` must be given). Rows are typed a block at a time.
    """
    first = header_at + 1 if first is None else first
    if isinstance(rows, list):
        width = max((len(r) for r in rows), default=0) if width is None else width
        data: Iterator[list[object]] = iter(rows[first:])
    else:
        data = iter(rows)
    kinds: list[list[str]] = [[] for _ in range(width)]
    blocks: list[list[pd.Series]] = [[] for _ in range(width)]
    cells: list[list[np.ndarray | None]] = [[] for _ in range(width)]
    count = 0
    while block := list(itertools.islice(data, BLOCK_ROWS)):
        grid = np.empty((len(block), width), dtype=object)  # one C-level copy, then column slices
        try:
            grid[:, :] = block
        except ValueError:  # rows of unequal length: pad them
            grid[:, :] = [list(r) + [""] * (width - len(r)) for r in block]
        del block
        for i in range(width):
            kind, column, original = _excel_column(grid[:, i])
            kinds[i].append(kind)
            blocks[i].append(column)
            cells[i].append(original)
        count += len(grid)
    columns = {i: _join_blocks(kinds[i], blocks[i], cells[i]) if blocks[i] else pd.Series([], dtype="str")
               for i in range(width)}
    frame = pd.DataFrame(columns, index=pd.RangeIndex(count))
    frame["_baris"] = np.arange(first + 1, first + 1 + count, dtype="int64")
    return frame


def excel_head(path: Path, table: str, label: str) -> tuple[str, list[list[object]]]:
    """(sheet, first rows) of a workbook without loading the whole sheet when the format allows.

    .xlsx: calamine reads a workbook made of those rows alone (:func:`~iku_helpers.ingest.xlsx_parts.sheet_head`),
    or, where the sheet cannot be cut so, openpyxl's read-only mode streams them; .xls and .ods are
    small in practice and read with calamine whole.
    """
    if path.suffix.lower() != ".xlsx":
        sheet, rows = read_excel_rows(path, table, label)
        return sheet, rows[:HEADER_SEARCH_ROWS]
    try:
        sheet = table_sheet(open_workbook(path, label).sheet_names, table)
    except UnreadableFileError:
        sheet = None  # openpyxl below says what is wrong, as it always did
    head = None if sheet is None else sheet_head(path, sheet, HEADER_SEARCH_ROWS)
    if head is not None:  # calamine on those rows alone (openpyxl reads every shared string first)
        return sheet, head
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
