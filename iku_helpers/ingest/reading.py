"""Reading a table's raw files (spec sections 3 and 9), every cell kept as the user wrote it.

What a file holds decides how it is read, not its name (:func:`sniff`): a workbook (Excel,
LibreOffice, old .xls: :mod:`~iku_helpers.ingest.workbooks`), delimited text (CSV, Excel's
"Unicode Text" saved as .txt, a text export under an .xls name: :mod:`~iku_helpers.ingest.text_files`)
or the HTML table that web applications such as SIPD save under an .xls name
(:mod:`~iku_helpers.ingest.html_tables`); each file's format is reported. The header is found by
:mod:`~iku_helpers.ingest.header`. The result is a :class:`RawTable`: one row per data row below
the header (empty and totals rows included, so the cleaner can count them), canonical column
names, and for each row its file, sheet and the row number a person sees in Excel (``_berkas``,
``_sheet``, ``_baris``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.errors import SheetPartsError, UnreadableFileError
from . import pdrb
from .discovery import Found, relative_name
from .header import HEADER_SEARCH_ROWS, column_names, data_start, find_header, header_error, header_of
from .html_tables import html_format, read_html_rows
from .text_files import HEAD_BYTES, check_line_length, decode, read_csv_frame, read_text, read_text_rows, text_header
from .workbooks import excel_head, open_workbook, sheet_frame, stream_excel_rows, table_sheet, workbook_format

SOURCE_COLUMNS = ("_berkas", "_sheet", "_baris")


@dataclass
class RawTable:
    """A table's files read and stacked: what the cleaner (:mod:`iku_helpers.ingest.cleaner`) takes."""

    table: str
    frame: pd.DataFrame
    files: list[str]
    ragged: list[tuple[str, int, str]] = field(default_factory=list)  # (berkas, baris, text)
    #: each file's columns in its own order (stacking puts columns new to a later file last)
    file_columns: dict[str, list[str]] = field(default_factory=dict)
    #: each file's format as found in its content (:func:`sniff`), for the reconciliation
    formats: dict[str, str] = field(default_factory=dict)


# --- what a file holds ---------------------------------------------------------------------------

WORKBOOK, TEXT, HTML = "workbook", "text", "html"


def sniff(path: Path, label: str | None = None) -> str:
    """How a raw file is read, judged by its first bytes: ``workbook`` (a zip or OLE2 container,
    read by calamine), ``html`` (a table saved as a web page, whatever its name) or ``text``
    (delimited text: a .csv, Excel's "Unicode Text" saved as .txt, or a text export saved with an
    .xls name).

    A file that is XML Spreadsheet 2003 is refused with a clear message (calamine cannot read it).
    """
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return WORKBOOK
    text = decode(head, partial=len(head) == HEAD_BYTES)[0][:4096].decode("utf-8", errors="replace")
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            raise UnreadableFileError(
                "berkas ini berformat XML Spreadsheet 2003, bukan buku kerja Excel biasa", file=label or path.name,
                hint="Buka dengan Excel atau LibreOffice lalu simpan sebagai .xlsx dengan nama yang sama.")
        if "<table" in start or "<html" in start or "<!doctype html" in start:
            return HTML
    return TEXT if path.suffix.lower() in (".csv", ".txt", ".xls") else WORKBOOK


# --- the public reader -------------------------------------------------------------------------

def _rows_frame(rows: Iterable[list[object]], table: str, label: str, sheet: str, width: int | None = None):
    """(frame, header) of the rows of a sheet from A1: a list, or an iterator (a workbook's sheet,
    streamed) of rows ``width`` cells wide, of which only the first rows are looked at as a whole."""
    rows = iter(rows) if width is not None else rows
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS + 1)) if width is not None else rows
    at = find_header(head, table)
    if at is None:
        everything = head + list(rows) if width is not None else head
        if not any(any(c not in ("", None) for c in r) for r in everything):
            raise UnreadableFileError(f"sheet {sheet} kosong", file=label, sheet=sheet,
                                      hint="Isi sheet ini atau hapus berkasnya dari folder data.")
        raise header_error(everything, table, label, sheet)
    header = header_of(head, at, table)
    first = data_start(head, at, table)
    if width is None:
        width = max((len(r) for r in rows), default=0)
        frame = sheet_frame(rows, at, first)
    else:
        frame = sheet_frame(itertools.chain(head[first:], rows), at, first, width)
    return frame, header + [""] * (width - len(header))


def read_file(path: Path, table: str, label: str) -> tuple[pd.DataFrame, list, str]:
    """(frame, ragged rows, format) of one raw file: canonical columns plus
    ``_berkas``/``_sheet``/``_baris``; the format as found in the file's content."""
    if path.stat().st_size == 0:
        raise UnreadableFileError("berkas kosong (0 byte)", file=label,
                                  hint="Isi berkas ini atau hapus dari folder data.")
    ragged: list = []
    kind = sniff(path, label)
    sheet = None
    if kind == TEXT and table == pdrb.TABLE:  # small, and BPS's layouts need the whole grid
        rows, _, fmt = read_text_rows(path, table, label)
        frame, header = _rows_frame(rows, table, label, sheet)
    elif kind == TEXT:
        frame, header, ragged, fmt = read_csv_frame(path, table, label)
    elif kind == HTML:
        rows, at = read_html_rows(path, table, label)
        frame, header = _rows_frame(rows, table, label, sheet)
        fmt = html_format(path)
    else:
        try:
            sheet, rows, width = stream_excel_rows(path, table, label)
            frame, header = _rows_frame(rows, table, label, sheet, width)
        except SheetPartsError:  # a big sheet whose parts do not fit together: read it whole
            sheet, rows, width = stream_excel_rows(path, table, label, whole=True)
            frame, header = _rows_frame(rows, table, label, sheet, width)
        fmt = workbook_format(path)
    names = column_names(list(header), table, label, sheet)
    frame.columns = names + ["_baris"]
    frame = frame[[c for c in names if not c.startswith("kolom_") or frame[c].notna().any()] + ["_baris"]]
    frame.insert(0, "_sheet", sheet)
    frame.insert(0, "_berkas", label)
    return frame, ragged, fmt


@dataclass
class Sheets:
    """Every sheet of a raw file as rows of values from A1 (a text or HTML file is one sheet),
    the sheet the table was read from, its header row index and the file's format: what an
    annotated copy (:mod:`iku_helpers.documents.annotate`) rewrites."""

    format: str
    sheets: list[tuple[str | None, list[list[object]]]]
    table_sheet: str | None
    header_at: int


def read_sheets(path: Path, table: str, label: str) -> Sheets:
    """All the sheets of a raw file with every cell as :func:`read_file` sees it (text files:
    each cell's text exactly as written)."""
    kind = sniff(path, label)
    if kind == TEXT:
        rows, at, fmt = read_text_rows(path, table, label)
        return Sheets(fmt, [(None, rows)], None, at)
    if kind == HTML:
        rows, at = read_html_rows(path, table, label)
        return Sheets(html_format(path), [(None, rows)], None, at)
    workbook = open_workbook(path, label)
    sheets = [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
              for name in workbook.sheet_names]
    chosen = table_sheet(workbook.sheet_names, table)
    rows = dict(sheets)[chosen]
    at = find_header(rows, table)
    if at is None:
        raise header_error(rows, table, label, chosen)
    return Sheets(workbook_format(path), sheets, chosen, at)


def check_file(path: Path, table: str, label: str) -> None:
    """Raise what :func:`read_file` would raise for the file's structure without parsing its rows:
    empty or unreadable file, no header row among the first 30, missing or doubled columns (a
    workbook's head only), and for a text file a line too long to be a row: a text file is read
    and decoded whole, as the reader does, and scanned by
    :func:`~iku_helpers.ingest.text_files.check_line_length`."""
    if path.stat().st_size == 0:
        raise UnreadableFileError("berkas kosong (0 byte)", file=label,
                                  hint="Isi berkas ini atau hapus dari folder data.")
    kind = sniff(path, label)
    if kind == TEXT:  # the same bytes, line check and header as read_csv_frame
        data = read_text(path, label)[0]
        check_line_length(data, label)
        column_names(text_header(data, path, table, label)[2], table, label, None)
        return
    if kind == HTML:  # web exports are small: read the whole table
        rows, at = read_html_rows(path, table, label)
        column_names(rows[at], table, label, None)
        return
    sheet, rows = excel_head(path, table, label)
    rows = [[c if c is not None else "" for c in r] for r in rows]
    at = find_header(rows, table)
    if at is None:
        if not any(any(c != "" for c in r) for r in rows):
            raise UnreadableFileError(f"sheet {sheet} kosong", file=label, sheet=sheet,
                                      hint="Isi sheet ini atau hapus berkasnya dari folder data.")
        raise header_error(rows, table, label, sheet)
    column_names(rows[at], table, label, sheet)


def read_table(found: Found, base: Path) -> RawTable:
    """Read and stack every file of a table, in file-name order."""
    frames = []
    ragged = []
    order: dict[str, list[str]] = {}
    formats: dict[str, str] = {}
    for path in found.files:
        label = relative_name(path, base)
        frame, bad, formats[label] = read_file(path, found.table, label)
        ragged += [(label, n, text) for n, text in bad]
        order[label] = [c for c in frame.columns if c not in SOURCE_COLUMNS]
        frames.append(frame)
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True, sort=False)
    frame = frame.reset_index(drop=True)
    return RawTable(found.table, frame, [relative_name(p, base) for p in found.files], ragged, order, formats)
