"""Reading a table saved as a web page: the HTML that web applications such as SIPD export under an
.xls name, read like any sheet (spec section 9).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..core.errors import UnreadableFileError
from .header import find_header, header_error
from .text_files import read_text


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
    parser.feed(read_text(path, label)[0].decode("utf-8", errors="replace"))
    parser.close()
    tables = [t for t in parser.tables if t]
    for rows in tables:
        at = find_header(rows, table)
        if at is not None:
            return rows, at
    if not tables:
        raise UnreadableFileError("berkas HTML ini tidak berisi tabel", file=label,
                                  hint="Ekspor ulang datanya dari aplikasi sumber, atau simpan sebagai .xlsx.")
    raise header_error(max(tables, key=len), table, label, None)


def html_format(path: Path) -> str:
    """The reconciliation's name of an HTML table, e.g. ``tabel HTML (bernama .xls)``."""
    return f"tabel HTML (bernama .{path.suffix.lower().lstrip('.')})"
