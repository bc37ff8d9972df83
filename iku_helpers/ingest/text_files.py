"""Reading a delimited text file (spec section 9): CSV, Excel's "Unicode Text" (.txt), a text
export saved under an .xls name.

The encoding is found from the bytes (UTF-16 with a byte order mark, UTF-8, else Windows-1252),
the delimiter (comma, semicolon or tab) as the one under which the table's header row appears.
Rows are read with pyarrow, every column as text; a row with more or fewer cells than the header
is returned apart for the ledger. A line longer than :data:`MAX_LINE_BYTES` refuses the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import HeaderNotFoundError, MissingColumnError, UnreadableFileError
from ..core.formats import fmt_angka
from ..core.kernels import is_utf8
from ..core.tables import TABLES
from .header import HEADER_SEARCH_ROWS, find_header, header_error

DELIMITERS = (",", ";", "\t")
HEAD_BYTES = 1 << 16  # the header row lies within the first 30 lines, well inside this
#: The longest physical line (bytes between line breaks, after decoding to UTF-8) a text file may
#: hold. A real row is a few hundred bytes; a line of megabytes is a truncated or damaged export.
MAX_LINE_BYTES = 1_000_000
#: pyarrow's block size: every line within :data:`MAX_LINE_BYTES` fits in one block, so a file
#: that passes :func:`check_line_length` never fails with pyarrow's "straddling object" error.
BLOCK_BYTES = 4 << 20
#: How the reconciliation names each delimiter.
DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab"}


def decode(data: bytes, partial: bool = False) -> tuple[bytes, str]:
    """(UTF-8 bytes, the encoding found) of a text file: UTF-16 with a byte order mark (Excel's
    "Unicode Text"), UTF-8 with or without BOM, otherwise cp1252.

    With ``partial`` (the first bytes of a file), a character cut at the end is dropped and the
    text ends after its last whole line.

    >>> decode("Kecamatan\\tNIK\\r\\n".encode("utf-16"))
    (b'Kecamatan\\tNIK\\r\\n', 'UTF-16')
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if partial:
            data = data[: len(data) - len(data) % 2]
        out, encoding = data.decode("utf-16", errors="replace").encode("utf-8"), "UTF-16"
    elif data.startswith(codecs.BOM_UTF8):
        out, encoding = data[3:], "UTF-8"
    elif not partial and is_utf8(data):  # a whole file: checked without making a str of it
        out, encoding = data, "UTF-8"
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
    raise header_error(rows, table, label, None)


def read_text(path: Path, label: str) -> tuple[bytes, str]:
    """(the file's text as UTF-8 bytes, the encoding found): :func:`decode` of the whole file."""
    try:
        return decode(path.read_bytes())
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
    :data:`MAX_LINE_BYTES`: the pre-check (:func:`~iku_helpers.ingest.reading.check_file`) and the
    readers (:func:`read_csv_frame`, :func:`read_text_rows`) all call this, so they agree on what
    can be read."""
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


def text_header(data: bytes, path: Path, table: str, label: str) -> tuple[str, int, list[str]]:
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

    data, encoding = read_text(path, label)
    check_line_length(data, label)
    delim, at, header = text_header(data, path, table, label)
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
    return frame, header, [(n, text) for n, text in invalid], text_format(path, encoding, delim)


def read_text_rows(path: Path, table: str, label: str) -> tuple[list[list[str]], int, str]:
    """(every line's cells, header row index, format) of a delimited text file read with the
    standard library: what an annotated copy rewrites, and how the PDRB table is read (its header
    may span two lines and its rows differ in length)."""
    data, encoding = read_text(path, label)
    check_line_length(data, label)
    delim, at, _ = text_header(data, path, table, label)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))  # a long cell is fine under the line limit
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""), delimiter=delim))
    return rows, at, text_format(path, encoding, delim)


def text_format(path: Path, encoding: str, delimiter: str) -> str:
    """The reconciliation's name of a delimited text file, e.g. ``CSV UTF-8, pemisah titik koma``,
    ``teks Unicode (.txt) UTF-16, pemisah tab``.

    >>> text_format(Path("koperasi.txt"), "Windows-1252", "\\t")
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
