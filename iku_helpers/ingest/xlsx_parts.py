"""Reading a big .xlsx sheet with calamine a slice of rows at a time.

Why: python-calamine has no streaming API. It parses a whole worksheet into memory before it
gives the first row: a 1,000,000-row × 40-column register peaks at about 3.4 GB (about 84 bytes
per cell), too much for an office PC with 8 GB.

How: an .xlsx is a zip. The sheet's XML part is decompressed in chunks and cut between ``<row``
elements into parts of about ``rows_per_part`` rows. For each part a small workbook is built in
memory: every member of the original package unchanged (workbook, relationships, styles for
the date formats, shared strings …), the other worksheets emptied, and the sheet replaced by the
original XML prologue up to ``<sheetData>``, the part's rows and ``</sheetData></worksheet>``
(what follows ``</sheetData>`` — merged cells, conditional formats … — does not change the
values calamine gives). Calamine reads that workbook; the rows keep their ``r="…"`` numbers, so
the part's cells come at their own positions, and the rows are stitched back into the grid that
``to_python(skip_empty_area=False)`` of the whole sheet gives: from A1, every row as wide as the
whole sheet, empty rows between parts filled in. Calamine never holds more than one part.

The width must be known before the first row is given. The first part gives the least width
(its last used column); the sheet is that wide when the ``<dimension>`` says so, or else when a
scan of the XML (no calamine: ~6 s for 1.9 GB) finds no cell further right; otherwise it is
measured by a pass of calamine over every part (twice the time, the same memory). Anything that
makes a split unsafe makes :func:`iter_sheet_rows` return ``None`` (the caller then reads the
sheet whole); what can only be seen in a later part (rows out of order, a cell beyond the
dimension) raises :class:`SheetPartsError` rather than giving wrong rows.

With shared strings every part's workbook carries the whole table, which calamine parses again
for each part: larger parts cost less time there.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from ..core.errors import SheetPartsError, UnsplittableSheetError

#: Decompressed bytes of the sheet XML read at a time.
CHUNK_BYTES = 16 * 1024 * 1024
#: Where ``<sheetData>`` must have started (the prologue is a few kB in practice).
PROLOGUE_LIMIT = 64 * 1024 * 1024

_WORKSHEET_TYPE = "/worksheet"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"
_EMPTY_WORKSHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<sheetData/></worksheet>")
_SHEET_END = b"</sheetData></worksheet>"
_SHEET_DATA = re.compile(rb"<sheetData(\s[^>]*)?(/?)>")
_WORKSHEET_ROOT = re.compile(rb"<worksheet[\s>]")
_XML_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")
_DIMENSION = re.compile(rb'<dimension\s[^>]*?ref="([^"]*)"')
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
_ROW_NUMBER = re.compile(rb'\sr="[0-9]+"')


def _local(tag: str) -> str:
    """An XML tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _relationships(zf: zipfile.ZipFile, rels_path: str) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of every relationship of a .rels member."""
    root = ElementTree.fromstring(zf.read(rels_path))
    return [(el.get("Id", ""), el.get("Type", ""), el.get("Target", ""))
            for el in root if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External"]


def _target(base: str, target: str) -> str:
    """The zip member a relationship target names, relative to the member ``base``."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _workbook_path(zf: zipfile.ZipFile) -> str:
    """The workbook member, from ``_rels/.rels`` (``xl/workbook.xml`` when not said)."""
    if "_rels/.rels" in zf.namelist():
        for _, typ, target in _relationships(zf, "_rels/.rels"):
            if typ.endswith(_OFFICE_DOCUMENT_TYPE):
                return _target("", target)
    return "xl/workbook.xml"


def _worksheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of every worksheet of the workbook."""
    workbook = _workbook_path(zf)
    rels_path = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    targets = {rid: _target(workbook, target) for rid, typ, target in _relationships(zf, rels_path)
               if typ.endswith(_WORKSHEET_TYPE)}
    names = set(zf.namelist())
    members = {}
    for el in ElementTree.fromstring(zf.read(workbook)).iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if rid in targets and targets[rid] in names:
            members[el.get("name", "")] = targets[rid]
    return members


def _sheet_member(path: Path, sheet: str) -> tuple[zipfile.ZipFile, str, dict[str, str]] | None:
    """(open zip, member of the sheet's XML, every worksheet's member), or None."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    try:
        members = _worksheet_members(zf)
    except (KeyError, ElementTree.ParseError, ValueError, OSError, zipfile.BadZipFile):
        members = {}
    if sheet not in members:
        zf.close()
        return None
    return zf, members[sheet], members


def sheet_xml_size(path: Path, sheet: str) -> int | None:
    """Uncompressed size of a sheet's XML part, or None (not an .xlsx, no such worksheet)."""
    found = _sheet_member(Path(path), sheet)
    if found is None:
        return None
    zf, member, _ = found
    with zf:
        return zf.getinfo(member).file_size


def _column_index(letters: str) -> int:
    """0-based index of a column name (``A`` → 0, ``AN`` → 39)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _dimension_last_column(prologue: bytes) -> int | None:
    """0-based last column of the sheet's ``<dimension ref>``, None when absent or unreadable."""
    found = _DIMENSION.search(prologue)
    if found is None:
        return None
    cells = found.group(1).decode("ascii", "replace").split(":")
    parsed = [_CELL_REF.fullmatch(c) for c in cells]
    if not 1 <= len(parsed) <= 2 or not all(parsed):
        return None
    return max(_column_index(m.group(1)) for m in parsed)


class _SheetXml:
    """The sheet XML read in chunks: its prologue, then its rows cut into parts."""

    def __init__(self, zf: zipfile.ZipFile, member: str):
        self.stream = zf.open(member)
        self.prologue = b""
        self.rest = b""
        self.empty = False

    def read_prologue(self) -> None:
        """Read up to ``<sheetData>``; raise :class:`UnsplittableSheetError` unless it is the plain form."""
        data = b""
        while True:
            chunk = self.stream.read(CHUNK_BYTES)
            data += chunk
            found = _SHEET_DATA.search(data)
            if found or not chunk or len(data) > PROLOGUE_LIMIT:
                break
        if found is None:
            raise UnsplittableSheetError("no <sheetData>")
        prologue = data[:found.end()]
        declaration = _XML_DECLARATION.match(prologue)
        body = prologue[declaration.end() if declaration else 0:]
        if b"<!" in body or b"<?" in body or not _WORKSHEET_ROOT.search(body):
            raise UnsplittableSheetError("comments, processing instructions or a prefixed <worksheet>")
        if found.group(2):  # <sheetData/>
            self.empty = True
            self.prologue = prologue
            return
        self.prologue = prologue
        self.rest = data[found.end():]

    def pieces(self, rows_per_part: int) -> Iterator[memoryview | None]:
        """The bytes between ``<sheetData>`` and ``</sheetData>``, with None where a part ends.

        A part ends just before a ``<row`` element that has an ``r`` attribute, once the part
        holds ``rows_per_part`` rows; the last part is not followed by None.
        """
        tail = self.rest
        self.rest = b""
        count = 0  # rows started in the current part
        first_row = True
        while True:
            chunk = self.stream.read(CHUNK_BYTES)
            data = tail + chunk if tail else chunk
            del chunk
            limit = data.find(b"</sheetData>")
            if limit >= 0:
                tail = None
            elif len(data) == len(tail):
                raise UnsplittableSheetError("no </sheetData>")
            else:
                limit = data.rfind(b"<")  # a tag cut by the chunk waits for the next chunk
                limit = len(data) if limit < 0 else limit
                tail = data[limit:]
            # comments, CDATA or processing instructions could hide a "<row" (memchr first: fast)
            if ((data.find(b"!", 0, limit) >= 0 and data.find(b"<!", 0, limit) >= 0)
                    or (data.find(b"?", 0, limit) >= 0 and data.find(b"<?", 0, limit) >= 0)):
                raise UnsplittableSheetError("comment, CDATA or processing instruction in <sheetData>")
            if first_row and (start := data.find(b"<row", 0, limit)) >= 0:
                if not _ROW_NUMBER.search(data, start, data.find(b">", start, limit)):
                    raise UnsplittableSheetError("rows without r attribute")
                first_row = False
            view = memoryview(data)
            pos = 0
            remaining = data.count(b"<row", 0, limit)  # rows starting in data[pos:limit]
            while count + remaining > rows_per_part:
                # the row that would be the (rows_per_part + 1)-th of the part, or a later one
                # when it has no number (a part never starts with a row without its number)
                cut, skipped = pos - 1, 0
                for _ in range(max(rows_per_part - count + 1, 1)):
                    cut = data.find(b"<row", cut + 1, limit)
                    skipped += 1
                while cut >= 0 and not _ROW_NUMBER.search(data, cut, data.find(b">", cut, limit)):
                    cut = data.find(b"<row", cut + 1, limit)
                    skipped += 1
                if cut < 0:
                    break
                if cut > pos:
                    yield view[pos:cut]
                yield None
                pos, count, remaining = cut, 0, remaining - (skipped - 1)
            count += remaining
            if pos < limit:
                yield view[pos:limit]
            del data
            if tail is None:
                return

    def close(self) -> None:
        self.stream.close()


def _package_without_sheet(zf: zipfile.ZipFile, member: str, worksheets: dict[str, str]) -> bytes:
    """A zip of every member of the package but the sheet, the other worksheets emptied.

    Written once, compressed (shared strings can be large), and copied for every part.
    """
    others = set(worksheets.values()) - {member}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as package:
        for info in zf.infolist():
            if info.filename != member and not info.is_dir():
                data = _EMPTY_WORKSHEET if info.filename in others else zf.read(info.filename)
                package.writestr(info.filename, data)
    return buffer.getvalue()


class _Part:
    """A workbook built in memory around one part of the sheet's rows."""

    def __init__(self, package: bytes, member: str, prologue: bytes):
        self.buffer = io.BytesIO(package)
        self.zip = zipfile.ZipFile(self.buffer, "a", zipfile.ZIP_STORED, allowZip64=True)
        self.entry = self.zip.open(member, "w", force_zip64=True)  # stored: quick to write and read
        self.entry.write(prologue)

    def write(self, piece: memoryview) -> None:
        self.entry.write(piece)

    def sheet(self, name: str):
        """The calamine sheet of this part (the in-memory workbook is released)."""
        from python_calamine import CalamineWorkbook

        self.entry.write(_SHEET_END)
        self.entry.close()
        self.zip.close()
        self.buffer.seek(0)
        workbook = CalamineWorkbook.from_filelike(self.buffer)
        self.buffer = self.zip = self.entry = None
        try:
            return workbook.get_sheet_by_name(name)
        finally:
            workbook.close()


class _Splitter:
    """The sheet of an .xlsx as a sequence of calamine sheets, one per part of its rows."""

    def __init__(self, path: Path, sheet: str, rows_per_part: int):
        self.path, self.sheet, self.rows_per_part = path, sheet, rows_per_part
        found = _sheet_member(path, sheet)
        if found is None:
            raise UnsplittableSheetError("not an .xlsx or no such worksheet")
        self.zip, self.member, worksheets = found
        self.last = False
        try:
            self.xml = _SheetXml(self.zip, self.member)
            self.xml.read_prologue()
            self.package = _package_without_sheet(self.zip, self.member, worksheets)
        except BaseException:
            self.zip.close()
            raise

    @property
    def prologue(self) -> bytes:
        return self.xml.prologue

    def sheets(self) -> Iterator:
        """Calamine sheets of the parts, in order; ``last`` is set before the last is given."""
        try:
            if self.xml.empty:
                return
            part = None
            for piece in self.xml.pieces(self.rows_per_part):
                if part is None:
                    part = _Part(self.package, self.member, self.xml.prologue)
                if piece is None:
                    sheet, part = part.sheet(self.sheet), None
                    yield sheet
                else:
                    part.write(piece)
            if part is not None:
                sheet, part = part.sheet(self.sheet), None
                self.last = True
                yield sheet
        finally:
            self.close()

    def close(self) -> None:
        self.xml.close()
        self.zip.close()


def _column_name(index: int) -> str:
    """Column name of a 0-based index (0 → ``A``, 39 → ``AN``)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _letters(low: str) -> str:
    """A character class of the column letters from ``low`` to Z, either case."""
    return f"[{low}-Z{low.lower()}-z]"


def _cell_beyond(last: int) -> re.Pattern:
    """A ``<c`` tag that does not start with its reference, or whose reference is in a column
    after ``last`` (0-based)."""
    name = _column_name(last)
    later = [f"{_letters('A')}{{{len(name) + 1},}}"]  # longer names
    for i, letter in enumerate(name):
        if letter < "Z":  # same start, a later letter here, anything after
            later.append("".join(f"[{c}{c.lower()}]" for c in name[:i]) + _letters(chr(ord(letter) + 1))
                         + _letters("A") * (len(name) - i - 1))
    # "<c" then the end of the name: not "<color" and the like (rich text in inline strings)
    return re.compile(f'<c(?:[>/\t\r\n]| (?!r=")| r="(?:{"|".join(later)})[0-9])'.encode("ascii"))


def _no_cell_beyond(path: Path, member: str, skip: int, last: int) -> bool:
    """Whether the rows of the sheet XML (after its ``skip`` bytes of prologue) hold no cell after
    column ``last`` (0-based), every cell giving its reference as first attribute: then the
    whole sheet is at most ``last + 1`` columns wide. Reads the XML once, without calamine."""
    beyond = _cell_beyond(last)
    with zipfile.ZipFile(path) as zf, zf.open(member) as stream:
        while skip > 0:
            read = stream.read(min(skip, CHUNK_BYTES))
            if not read:
                return False
            skip -= len(read)
        tail, done = b"", False
        while not done:
            chunk = stream.read(CHUNK_BYTES)
            data = tail + chunk if tail else chunk
            limit = data.find(b"</sheetData>")
            done = limit >= 0
            if not done:
                if not chunk:
                    return False
                limit = data.rfind(b"<")  # a tag cut by the chunk waits for the next chunk
                limit = len(data) if limit < 0 else limit
                tail = data[limit:]
            if beyond.search(data, 0, limit):
                return False
        return True


def _measured_width(path: Path, sheet: str, rows_per_part: int) -> int:
    """The whole sheet's width (last used column + 1) from a pass of calamine over every part."""
    last = -1
    for part in _Splitter(path, sheet, rows_per_part).sheets():
        if part.end is not None:
            last = max(last, part.end[1])
    return last + 1


def _stitched_rows(parts: Iterator, width: int) -> Iterator[list]:
    """Rows from A1 of the parts' sheets, as the whole sheet would give them."""
    next_row = 0
    try:
        for part in parts:
            if part.start is None:
                continue
            (top, left), (bottom, right) = part.start, part.end
            if top < next_row:
                raise SheetPartsError(f"row {top + 1} comes after row {next_row}: rows are out of order")
            if right >= width:
                raise SheetPartsError(f"a cell in column {right + 1} is beyond the sheet's width {width}")
            rows = part.to_python(skip_empty_area=True)  # from the part's first used cell
            del part
            rows.reverse()  # popped from the end: each row is released once given
            for _ in range(top - next_row):
                yield [""] * width
            before, after = [""] * left, [""] * (width - right - 1)
            while rows:
                row = rows.pop()
                yield before + row + after if left or after else row
            next_row = bottom + 1
    except UnsplittableSheetError as exc:
        raise SheetPartsError(f"the sheet cannot be read in parts: {exc}") from None


def _chain_first(first, rest: Iterator) -> Iterator:
    """``first`` then ``rest``, without keeping ``first`` once it is given."""
    holder = [first]
    del first
    yield holder.pop()
    yield from rest


def iter_sheet_rows(path: Path, sheet: str, rows_per_part: int = 100_000) -> tuple[Iterator[list], int] | None:
    """(rows from A1, width) of a worksheet of an .xlsx, read by calamine a part at a time.

    The rows are those of ``to_python(skip_empty_area=False)`` of the whole sheet (same values,
    types and count, every row ``width`` long). None when the file cannot be split safely: not
    an .xlsx, no such worksheet, a sheet XML with a prefixed root, comments or processing
    instructions, a first row without ``r``. The first part is read before returning. A later
    part that contradicts the first (rows out of order, a cell beyond the ``<dimension>``)
    raises :class:`SheetPartsError` while iterating.
    """
    if rows_per_part < 1:
        raise ValueError("rows_per_part must be at least 1")
    path = Path(path)
    try:
        splitter = _Splitter(path, sheet, rows_per_part)
    except Exception:  # UnsplittableSheetError, or a broken zip: calamine will say what is wrong
        return None
    parts = splitter.sheets()
    try:
        first = next(parts, None)
    except Exception:  # UnsplittableSheetError, or calamine refusing the part: read the sheet whole
        parts.close()
        return None
    if first is None:  # <sheetData/>
        return iter(()), 0
    if splitter.last:  # the whole sheet is one part: its width is the sheet's
        width = first.end[1] + 1 if first.end is not None else 0
        return _stitched_rows(_chain_first(first, parts), width), width
    if first.end is not None:
        last = first.end[1]  # the sheet is at least this wide: is it wider?
        try:
            if (last == _dimension_last_column(splitter.prologue)
                    or _no_cell_beyond(path, splitter.member, len(splitter.prologue), last)):
                return _stitched_rows(_chain_first(first, parts), last + 1), last + 1
        except Exception:  # a broken zip stream: read the sheet whole
            parts.close()
            return None
    # Wider than the first part: measure the width with calamine over every part, then read again.
    parts.close()
    del first
    try:
        width = _measured_width(path, sheet, rows_per_part)
        splitter = _Splitter(path, sheet, rows_per_part)
    except Exception:  # as above
        return None
    return _stitched_rows(splitter.sheets(), width), width


def sheet_head(path: Path, sheet: str, rows: int) -> list[list] | None:
    """The first ``rows`` rows from A1 of a worksheet of an .xlsx, as ``to_python(skip_empty_area=False)``
    of those rows alone gives them (each as wide as the widest of them), read by calamine from a
    part holding only them: the pre-check of a 100.000-row file reads 31 rows, not the file.
    None when the sheet cannot be split (the caller reads the head another way).
    """
    try:
        splitter = _Splitter(Path(path), sheet, rows)
    except Exception:  # UnsplittableSheetError, or a broken zip: the caller says what is wrong
        return None
    parts = splitter.sheets()
    try:
        first = next(parts, None)
    except Exception:  # as in iter_sheet_rows
        return None
    finally:
        parts.close()
    if first is None or first.start is None:
        return []
    return first.to_python(skip_empty_area=False)[:rows]
