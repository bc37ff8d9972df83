"""Finding a table's header row and naming its columns (spec section 3).

The header is the first row among the first 30 that holds every required column of the table
(under any alias of :mod:`iku_helpers.core.tables`), or, for the PDRB table, BPS's wide header of
years (:mod:`iku_helpers.ingest.pdrb`). Each header cell gets its canonical name; a missing or
doubled column is an error that says what was found.
"""

from __future__ import annotations

from ..core.errors import HeaderNotFoundError, MissingColumnError
from ..core.tables import TABLES, canonical_column
from . import pdrb

HEADER_SEARCH_ROWS = 30


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


def header_error(rows: list[list[object]], table: str, file: str, sheet: str | None) -> Exception:
    """The error for rows without a header: the required columns missing from the likeliest row, or
    no header at all."""
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


def column_names(header: list[object], table: str, file: str, sheet: str | None) -> list[str]:
    """The canonical name of each header cell (``kolom_<n>`` for an empty one); a known column
    written twice is an error."""
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


def column_positions(header: list[object], table: str) -> dict[str, int]:
    """Canonical column name → 0-based position in a header row (as the reader names them)."""
    return {name: i for i, name in enumerate(column_names(list(header), table, "", None))}
