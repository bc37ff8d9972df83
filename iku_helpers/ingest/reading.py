"""Finding and reading raw files (spec sections 2 and 3), every cell kept as the user wrote it.

Excel, LibreOffice and old .xls files are read with python-calamine; CSV with pyarrow, every
column as text. What a file holds decides how it is read, not its name (:func:`sniff`): Excel's
"Unicode Text" export (UTF-16, tab-separated) and the HTML table that web applications such as
SIPD save under an .xls name are read like any CSV or sheet, and each file's format is reported.
The result is a :class:`RawTable`: one row per data row below the header (empty
and totals rows included, so the cleaner can count them), canonical column names, and for each
row its file, sheet and the row number a person sees in Excel (``_berkas``, ``_sheet``,
``_baris``).
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import AmbiguousFilesError, HeaderNotFoundError, InputError, MissingColumnError, UnreadableFileError
from ..core.formats import fmt_angka
from . import pdrb
from ..core.tables import EXTENSIONS, TABLES, YEAR_TABLES, canonical_column

HEADER_SEARCH_ROWS = 30
_EXTENSION_LIST = "/".join(EXTENSIONS)  # "xlsx/xls/ods/csv/txt", for messages
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
    #: tables that were delivered but cannot be used as found (two files claim one, an empty
    #: folder), with why; only filled by ``discover(..., keep_going=True)``, which otherwise raises
    errors: dict[str, InputError] = field(default_factory=dict)

    def delivered(self) -> set[str]:
        """The tables that have a file or folder, usable or not."""
        return set(self.tables) | set(self.errors)


@dataclass
class RawTable:
    table: str
    frame: pd.DataFrame
    files: list[str]
    ragged: list[tuple[str, int, str]] = field(default_factory=list)  # (berkas, baris, text)
    #: each file's columns in its own order (stacking puts columns new to a later file last)
    file_columns: dict[str, list[str]] = field(default_factory=dict)
    #: each file's format as found in its content (:func:`sniff`), for the reconciliation
    formats: dict[str, str] = field(default_factory=dict)


def _is_hidden(path: Path) -> bool:
    return path.name.startswith((".", "~$"))


def _closest(name: str, candidates) -> str | None:
    found = difflib.get_close_matches(name.lower(), list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


def discover(folder: Path, tables=YEAR_TABLES, base: Path | None = None, root: bool = False,
             keep_going: bool = False) -> Discovery:
    """The files of each table in ``folder``; errors for ambiguity, warnings for strangers.

    ``root`` says that ``folder`` is the raw root, which also holds the year folders and
    documents: only stray table-like files there are reported. A table that cannot be used as
    found (two files claim it, an empty folder) raises its error, or, with ``keep_going``, is
    kept in :attr:`Discovery.errors` while the other tables are still found.

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
            if root and (entry.is_dir() or ext not in EXTENSIONS or ext == "txt"):
                continue  # the raw root also holds year folders and documents (notes as .txt too)
            hint = _closest(key, tables)
            msg = f"{_rel(entry, base)}: berkas ini tidak cocok dengan tabel mana pun dan tidak dibaca"
            if hint:
                msg += f"; maksud Anda {hint}?"
            result.warnings.append(msg)
    for table, entries in claims.items():
        try:
            result.tables[table] = _found(table, entries, base, result.warnings)
        except InputError as exc:
            if not keep_going:
                raise
            result.errors[table] = exc
    return result


def _found(table: str, entries: list[Path], base: Path, warnings: list[str]) -> Found:
    """The files of one table from the entries that claim it (one file, or one folder)."""
    if len(entries) > 1:
        names = " dan ".join(_rel(e, base) for e in entries)
        raise AmbiguousFilesError(
            f"ada {len(entries)} berkas untuk tabel {table} ({names}): mana yang dimaksud?",
            file=_rel(entries[0].parent, base),
            hint="Simpan hanya satu berkas (atau satu folder) per tabel: hapus atau pindahkan yang lain ke luar "
                 "folder data mentah, lalu periksa lagi.",
        )
    entry = entries[0]
    if not entry.is_dir():
        return Found(table, [entry])
    files = []
    for f in sorted(entry.iterdir(), key=lambda p: p.name):
        if _is_hidden(f):
            continue
        if f.is_file() and f.suffix.lower().lstrip(".") in EXTENSIONS:
            files.append(f)
        else:
            warnings.append(f"{_rel(f, base)}: bukan berkas {_EXTENSION_LIST}, tidak dibaca")
    if not files:
        raise UnreadableFileError(
            f"folder {table} tidak berisi berkas {_EXTENSION_LIST}",
            file=_rel(entry, base),
            hint="Isi folder dengan berkas tabel, atau hapus foldernya.",
        )
    return Found(table, files, folder=entry)


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
    """Index of the first row among the first 30 holding every required column, else None.

    The PDRB table may instead be BPS's wide table: then the index of its row of years
    (:func:`iku_helpers.ingest.pdrb.wide_header`).
    """
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [canonical_column(c, table) if isinstance(c, str) else "" for c in row]
        if _has_required(names, table):
            return i
    if table == pdrb.TABLE:
        return pdrb.wide_header(rows, HEADER_SEARCH_ROWS)
    return None


def _is_wide(rows: list[list[object]], at: int, table: str) -> bool:
    """Whether the header found at ``at`` is BPS's wide PDRB header (not the long layout's)."""
    if table != pdrb.TABLE:
        return False
    return not _has_required([canonical_column(c, table) if isinstance(c, str) else "" for c in rows[at]], table)


def header_of(rows: list[list[object]], at: int, table: str) -> list[object]:
    """The header cells of the header row found at ``at`` (a wide PDRB table's two header rows
    merged into one)."""
    return pdrb.header_cells(rows, at) if _is_wide(rows, at, table) else list(rows[at])


def data_start(rows: list[list[object]], at: int, table: str) -> int:
    """Index of the first data row: the row after the header, or after the row of column numbers
    ``(1) (2) …`` that BPS prints under the header of its tables."""
    if table == pdrb.TABLE and at + 1 < len(rows) and pdrb.column_number_row(rows[at + 1]):
        return at + 2
    return at + 1


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
        if table == pdrb.TABLE and (year := pdrb.year_header(cell)) is not None:
            name = pdrb.year_column(*year)  # a year column of BPS's wide table
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


# --- what a file holds ---------------------------------------------------------------------------

WORKBOOK, TEXT, HTML = "workbook", "text", "html"
_WORKBOOK_NAMES = {"xlsx": "Excel (.xlsx)", "xls": "Excel 97-2003 (.xls)", "ods": "OpenDocument (.ods)"}
DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab"}


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
    text = _decode(head, partial=len(head) == HEAD_BYTES)[0][:4096].decode("utf-8", errors="replace")
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            raise UnreadableFileError(
                "berkas ini berformat XML Spreadsheet 2003, bukan buku kerja Excel biasa", file=label or path.name,
                hint="Buka dengan Excel atau LibreOffice lalu simpan sebagai .xlsx dengan nama yang sama.")
        if "<table" in start or "<html" in start or "<!doctype html" in start:
            return HTML
    return TEXT if path.suffix.lower() in (".csv", ".txt", ".xls") else WORKBOOK


def _text_format(path: Path, encoding: str, delimiter: str) -> str:
    """The reconciliation's name of a delimited text file, e.g. ``CSV UTF-8, pemisah titik koma``,
    ``teks Unicode (.txt) UTF-16, pemisah tab``.

    >>> _text_format(Path("koperasi.txt"), "Windows-1252", "\\t")
    'teks (.txt) Windows-1252, pemisah tab'
    """
    ext = path.suffix.lower().lstrip(".")
    if ext == "csv":
        kind = "CSV"
    elif ext == "txt":
        kind = "teks Unicode (.txt)" if encoding.startswith("UTF") else "teks (.txt)"
    else:
        kind = f"teks (bernama .{ext})"
    return f"{kind} {encoding}, pemisah {DELIMITER_NAMES[delimiter]}"


def _html_format(path: Path) -> str:
    return f"tabel HTML (bernama .{path.suffix.lower().lstrip('.')})"


def _workbook_format(path: Path) -> str:
    ext = path.suffix.lower().lstrip(".")
    return _WORKBOOK_NAMES.get(ext, f".{ext}")


# --- Excel -------------------------------------------------------------------------------------

def _open_workbook(path: Path, label: str):
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


def _table_sheet(names: list[str], table: str) -> str:
    """The sheet named like the table (case-insensitive), else the first sheet."""
    return next((n for n in names if n.strip().lower() == table), names[0])


def read_excel_rows(path: Path, table: str, label: str) -> tuple[str, list[list[object]]]:
    """(sheet name, rows from A1) of the sheet named like the table, else the first sheet."""
    workbook = _open_workbook(path, label)
    sheet = _table_sheet(workbook.sheet_names, table)
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


def _excel_frame(rows: list[list[object]], header_at: int, first: int | None = None) -> pd.DataFrame:
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


# --- HTML tables (web applications' "Excel" exports) ----------------------------------------------

class _HtmlTables(HTMLParser):
    """The text of every cell of every ``<table>``, row by row (standard library parser: lenient
    with the unclosed cells such exports hold). A cell spanning n columns is followed by n−1
    empty cells, so that columns stay aligned; ``<br>`` becomes a space."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[int] = []  # indices of the tables being read (nested tables)
        self._cell: list[str] | None = None
        self._span = 1

    def _close_cell(self) -> None:
        if self._cell is not None and self._open and self.tables[self._open[-1]]:
            text = re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip(" ")
            self.tables[self._open[-1]][-1] += [text] + [""] * (self._span - 1)
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._close_cell()
            self.tables.append([])
            self._open.append(len(self.tables) - 1)
        elif tag == "tr" and self._open:
            self._close_cell()
            self.tables[self._open[-1]].append([])
        elif tag in ("td", "th") and self._open:
            self._close_cell()
            if not self.tables[self._open[-1]]:
                self.tables[self._open[-1]].append([])
            span = dict(attrs).get("colspan") or "1"
            self._span = min(int(span), 1000) if span.strip().isdigit() and int(span) > 0 else 1
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag == "table" and self._open:
            self._close_cell()
            self._open.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_html_rows(path: Path, table: str, label: str) -> tuple[list[list[str]], int]:
    """(rows, header row index) of the first HTML table in the file holding the table's header row."""
    parser = _HtmlTables()
    parser.feed(_read_text(path, label)[0].decode("utf-8", errors="replace"))
    parser.close()
    tables = [t for t in parser.tables if t]
    for rows in tables:
        at = find_header(rows, table)
        if at is not None:
            return rows, at
    if not tables:
        raise UnreadableFileError("berkas HTML ini tidak berisi tabel", file=label,
                                  hint="Ekspor ulang datanya dari aplikasi sumber, atau simpan sebagai .xlsx.")
    raise _header_error(max(tables, key=len), table, label, None)


# --- CSV ---------------------------------------------------------------------------------------

DELIMITERS = (",", ";", "\t")
HEAD_BYTES = 1 << 16  # the header row lies within the first 30 lines, well inside this
#: The longest physical line (bytes between line breaks, after decoding to UTF-8) a text file may
#: hold. A real row is a few hundred bytes; a line of megabytes is a truncated or damaged export.
MAX_LINE_BYTES = 1_000_000
#: pyarrow's block size: every line within :data:`MAX_LINE_BYTES` fits in one block, so a file
#: that passes :func:`check_line_length` never fails with pyarrow's "straddling object" error.
BLOCK_BYTES = 4 << 20


def _decode(data: bytes, partial: bool = False) -> tuple[bytes, str]:
    """(UTF-8 bytes, the encoding found) of a text file: UTF-16 with a byte order mark (Excel's
    "Unicode Text"), UTF-8 with or without BOM, otherwise cp1252.

    With ``partial`` (the first bytes of a file), a character cut at the end is dropped and the
    text ends after its last whole line.

    >>> _decode("Kecamatan\\tNIK\\r\\n".encode("utf-16"))
    (b'Kecamatan\\tNIK\\r\\n', 'UTF-16')
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if partial:
            data = data[: len(data) - len(data) % 2]
        out, encoding = data.decode("utf-16", errors="replace").encode("utf-8"), "UTF-16"
    elif data.startswith(codecs.BOM_UTF8):
        out, encoding = data[3:], "UTF-8"
    else:
        try:
            data.decode("utf-8")
            out, encoding = data, "UTF-8"
        except UnicodeDecodeError as exc:
            if partial and exc.reason == "unexpected end of data":
                out, encoding = data[: exc.start], "UTF-8"
            else:
                out, encoding = data.decode("cp1252", errors="replace").encode("utf-8"), "Windows-1252"
    if partial and b"\n" in out:
        out = out[: out.rfind(b"\n") + 1]
    return out, encoding


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


def _read_text(path: Path, label: str) -> tuple[bytes, str]:
    try:
        return _decode(path.read_bytes())
    except OSError as exc:
        raise UnreadableFileError(f"berkas tidak dapat dibaca ({exc})", file=label,
                                  hint="Periksa izin berkas dan coba lagi.") from None


def _size(n: int, round_: bool = False) -> str:
    """A size in bytes in Indonesian notation (``round_``: no decimals when it is a whole number).

    >>> _size(50_000_000), _size(1_000_000, round_=True), _size(1_260_000), _size(2_000), _size(12)
    ('50,0 MB', '1 MB', '1,3 MB', '2,0 kB', '12 byte')
    """
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{fmt_angka(n / scale, 0 if round_ and n % scale == 0 else 1)} {unit}"
    return f"{n} byte"


def long_line(data: bytes, limit: int | None = None) -> tuple[int, int] | None:
    """(line number, length in bytes) of the first physical line of ``data`` longer than ``limit``
    (:data:`MAX_LINE_BYTES`), else None. Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``.

    Cheap on any file: each window of ``limit + 1`` bytes must hold a line break; ``rfind`` from the
    window's end finds the last one within a line's length (memrchr), and the scan jumps there, so a
    normal file costs one short search per ``limit`` bytes. Only when a line is too long are the
    line breaks before it counted.

    >>> long_line(b"a,b\\n1,2\\n" + b"x" * 11 + b"\\n3,4\\n", limit=10)
    (3, 11)
    >>> long_line(b"a,b\\r1,2\\r" + b"x" * 10 + b"\\r3,4", limit=10) is None
    True
    """
    limit = MAX_LINE_BYTES if limit is None else limit
    n, start = len(data), 0
    while n - start > limit:
        end = start + limit + 1  # data[start:end] must hold the break that ends the line at start
        brk = data.rfind(b"\n", start, end)
        if brk < 0:
            brk = data.rfind(b"\r", start, end)  # old Mac line ends
        if brk < 0:
            stops = [i for i in (data.find(b"\n", end), data.find(b"\r", end)) if i >= 0]
            before = data.count(b"\n", 0, start) + data.count(b"\r", 0, start) - data.count(b"\r\n", 0, start)
            return before + 1, min(stops, default=n) - start
        start = brk + 1
    return None


def check_line_length(data: bytes, label: str) -> None:
    """Refuse a text file (its UTF-8 bytes as the reader parses them) with a line longer than
    :data:`MAX_LINE_BYTES`: the pre-check (:func:`check_file`) and the reader
    (:func:`read_csv_frame`) both call this, so they agree on what can be read."""
    found = long_line(data)
    if found is None:
        return
    line, size = found
    raise UnreadableFileError(
        f"baris ini panjangnya {_size(size)}; batas satu baris {_size(MAX_LINE_BYTES, round_=True)}. Berkas "
        f"ini tampaknya hasil ekspor yang terpotong atau rusak (satu baris tabel biasanya hanya ratusan byte)",
        file=label, row=line,
        hint="Ekspor ulang berkas ini dari aplikasi sumbernya, atau buka di Excel/LibreOffice dan simpan ulang "
             "(sebagai .xlsx atau CSV); periksa dulu bahwa isinya lengkap.",
    )


def _text_header(data: bytes, path: Path, table: str, label: str) -> tuple[str, int, list[str]]:
    """:func:`_csv_header` of a text file's first bytes; a .txt without the table's header row is
    told how a .txt is read and what to do."""
    try:
        return _csv_header(data[:HEAD_BYTES], table, label)
    except (HeaderNotFoundError, MissingColumnError) as exc:
        if path.suffix.lower() != ".txt":
            raise
        wanted = ", ".join("/".join(g) for g in TABLES[table].required)
        exc.what = (f"berkas .txt dibaca sebagai tabel berpemisah tab (\"Teks Unicode\" dari Excel), tetapi "
                    f"isinya bukan tabel {table}: {exc.what}")
        exc.args = (exc.what,)
        exc.hint = (f"Bila ini data tabel {table}, buka di Excel lalu simpan sebagai .xlsx, atau Simpan Sebagai > "
                    f"Teks Unicode (*.txt) dengan baris judul kolom ({wanted}) di atas datanya. Bila ini catatan "
                    f"biasa, pindahkan ke luar folder data mentah.")
        raise


def _arrow_error(exc: Exception, label: str) -> UnreadableFileError:
    """pyarrow's parse error, said in Indonesian (its own text last, for the technical reader)."""
    text = str(exc)
    if "straddl" in text or "block size" in text:
        what = "satu baris data terlalu panjang untuk dibaca; berkas ini tampaknya terpotong atau rusak"
    elif "out of sync" in text or "newlines_in_values" in text:
        what = "ada sel bertanda kutip yang memuat ganti baris atau tanda kutip \" yang tidak ditutup"
    else:
        what = "isi berkas tidak dapat diurai sebagai tabel teks"
    return UnreadableFileError(
        f"{what} [keterangan teknis: {text}]", file=label,
        hint="Buka berkas ini di Excel/LibreOffice dan simpan ulang (sebagai .xlsx atau CSV), atau ekspor ulang "
             "dari aplikasi sumbernya.",
    )


def read_csv_frame(path: Path, table: str, label: str):
    """(data rows, header cells, ragged rows, format) of a delimited text file; every column is text.

    Ragged rows (more or fewer cells than the header) cannot be placed in columns: they are
    returned as (line number, text) so that the cleaner ledgers them.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data, encoding = _read_text(path, label)
    check_line_length(data, label)
    delim, at, header = _text_header(data, path, table, label)
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int | None, str]] = []

    def on_invalid(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    def read(threads: bool):
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=at + 1, column_names=names, use_threads=threads,
                                           block_size=max(BLOCK_BYTES, 4 * MAX_LINE_BYTES)),
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
    except pa.ArrowException as exc:
        if isinstance(exc, MemoryError):
            raise
        raise _arrow_error(exc, label) from None
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
    return frame, header, [(n, text) for n, text in invalid], _text_format(path, encoding, delim)


# --- the public reader -------------------------------------------------------------------------

def _rows_frame(rows: list[list[object]], table: str, label: str, sheet: str):
    """(frame, header) of the rows of a sheet."""
    if not any(any(c not in ("", None) for c in r) for r in rows):
        raise UnreadableFileError(f"sheet {sheet} kosong", file=label, sheet=sheet,
                                  hint="Isi sheet ini atau hapus berkasnya dari folder data.")
    at = find_header(rows, table)
    if at is None:
        raise _header_error(rows, table, label, sheet)
    header = header_of(rows, at, table)
    width = max((len(r) for r in rows), default=0)
    return _excel_frame(rows, at, data_start(rows, at, table)), header + [""] * (width - len(header))


def read_text_rows(path: Path, table: str, label: str) -> tuple[list[list[str]], int, str]:
    """(every line's cells, header row index, format) of a delimited text file read with the
    standard library: what an annotated copy rewrites, and how the PDRB table is read (its header
    may span two lines and its rows differ in length)."""
    data, encoding = _read_text(path, label)
    check_line_length(data, label)
    delim, at, _ = _text_header(data, path, table, label)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))  # a long cell is fine under the line limit
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""), delimiter=delim))
    return rows, at, _text_format(path, encoding, delim)


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
        fmt = _html_format(path)
    else:
        sheet, rows = read_excel_rows(path, table, label)
        frame, header = _rows_frame(rows, table, label, sheet)
        fmt = _workbook_format(path)
    names = _column_names(list(header), table, label, sheet)
    frame.columns = names + ["_baris"]
    frame = frame[[c for c in names if not c.startswith("kolom_") or frame[c].notna().any()] + ["_baris"]]
    frame.insert(0, "_sheet", sheet)
    frame.insert(0, "_berkas", label)
    return frame, ragged, fmt


def column_positions(header: list[object], table: str) -> dict[str, int]:
    """Canonical column name → 0-based position in a header row (as the reader names them)."""
    return {name: i for i, name in enumerate(_column_names(list(header), table, "", None))}


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
        return Sheets(_html_format(path), [(None, rows)], None, at)
    workbook = _open_workbook(path, label)
    sheets = [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
              for name in workbook.sheet_names]
    table_sheet = _table_sheet(workbook.sheet_names, table)
    rows = dict(sheets)[table_sheet]
    at = find_header(rows, table)
    if at is None:
        raise _header_error(rows, table, label, table_sheet)
    return Sheets(_workbook_format(path), sheets, table_sheet, at)


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
            f"berkas tidak dapat dibuka sebagai buku kerja ({type(exc).__name__}: {exc})",
            file=label, hint="Buka dan simpan ulang berkas ini dengan Excel atau LibreOffice, lalu jalankan lagi.",
        ) from None
    try:
        sheet = _table_sheet(workbook.sheetnames, table)
        rows = [list(r) for r in workbook[sheet].iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
    finally:
        workbook.close()
    return sheet, rows


def check_file(path: Path, table: str, label: str) -> None:
    """Raise what :func:`read_file` would raise for the file's structure without parsing its rows:
    empty or unreadable file, no header row among the first 30, missing or doubled columns (a
    workbook's head only), and for a text file a line too long to be a row: a text file is read
    and decoded whole, as the reader does, and scanned by :func:`check_line_length`."""
    if path.stat().st_size == 0:
        raise UnreadableFileError("berkas kosong (0 byte)", file=label,
                                  hint="Isi berkas ini atau hapus dari folder data.")
    kind = sniff(path, label)
    if kind == TEXT:  # the same bytes, line check and header as read_csv_frame
        data = _read_text(path, label)[0]
        check_line_length(data, label)
        _column_names(_text_header(data, path, table, label)[2], table, label, None)
        return
    if kind == HTML:  # web exports are small: read the whole table
        rows, at = read_html_rows(path, table, label)
        _column_names(rows[at], table, label, None)
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
    formats: dict[str, str] = {}
    for path in found.files:
        label = _rel(path, base)
        frame, bad, formats[label] = read_file(path, found.table, label)
        ragged += [(label, n, text) for n, text in bad]
        order[label] = [c for c in frame.columns if c not in SOURCE_COLUMNS]
        frames.append(frame)
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True, sort=False)
    frame = frame.reset_index(drop=True)
    return RawTable(found.table, frame, [_rel(p, base) for p in found.files], ragged, order, formats)
