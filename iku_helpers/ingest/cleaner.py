"""The frame every table's cleaning shares: row classes, parsing into the ledger and notes, counts.

A :class:`Cleaner` splits a raw table's cells once, sets apart the empty and totals rows (counted,
never rejected), parses each column with a value rule, books every rejected cell and every note
per row, and :meth:`Cleaner.finish` returns a :class:`Cleaned`: the accepted rows (through the
schema gate, :mod:`iku_helpers.ingest.schemas`), the ledger, the notes and the reconciliation
counts per file. The rules of each table are in :mod:`iku_helpers.ingest.table_rules` and
:mod:`iku_helpers.ingest.pdrb_cleaning`; the columns of what it books, in
:mod:`iku_helpers.ingest.audit_trail`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.tables import TABLES
from . import schemas
from . import values as v
from .audit_trail import COUNT_COLUMNS, LEDGER_COLUMNS, NOTE_COLUMNS, OPTIONAL_SET_ASIDE, ROW_BUCKETS
from .cells import WS, Cells, as_cells
from .reading import SOURCE_COLUMNS, RawTable

TOTAL_WORDS = ("JUMLAH", "TOTAL", "GRAND TOTAL")
PERSONAL_TABLES = ("usaha_mikro",)
#: Extra columns of a personal table whose normalised header contains one of these words are dropped
#: (owner identity and contact data); data-contract.md §7 and the README list them (a test checks).
PERSONAL_WORDS = ("nik", "ktp", "kk", "pemilik", "alamat", "telp", "telepon", "hp", "email", "surel")
PERSONAL_COLUMN = re.compile("|".join(PERSONAL_WORDS))


@dataclass
class Cleaned:
    """A table's cleaning: the accepted rows, the ledger, the notes, the counts per file."""

    table: str
    data: pd.DataFrame
    ledger: pd.DataFrame
    notes: pd.DataFrame
    counts: pd.DataFrame
    extra: dict = field(default_factory=dict)
    #: the ledger before its problems are joined per row: one entry per (row, column) at fault
    problems: pd.DataFrame | None = None


def _empty(columns: list[str]) -> pd.DataFrame:
    """A ledger or notes frame with no rows but the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "baris" else "str") for c in columns})


class _Book:
    """Collects rejections and notes per row while a table is cleaned."""

    def __init__(self, table: str, frame: pd.DataFrame, cells: dict[str, Cells], excluded: pd.Series):
        self.table = table
        self.frame = frame
        self.cells = cells
        self.excluded = excluded  # empty and totals rows: never rejected, never noted
        #: per column, how a cell reads where its parser says it better than the cell (Parsed.shown)
        self.display: dict[str, pd.Series] = {}
        self._rejects: list[pd.DataFrame] = []
        self._notes: list[pd.DataFrame] = []
        self._skips: list[pd.DataFrame] = []

    def _entries(self, mask: pd.Series, kolom: str, nilai, text, label: str) -> pd.DataFrame | None:
        mask = mask.fillna(False).astype(bool) & ~self.excluded
        if not mask.any():
            return None
        if nilai is None:
            nilai = self.shown(kolom, mask)
        src = self.frame.loc[mask, list(SOURCE_COLUMNS)]
        ident = TABLES[self.table].identifier
        id_s = (self.shown(ident, mask).fillna("").str.strip() if ident in self.cells
                else pd.Series("", index=src.index, dtype="str"))
        nilai_s = nilai.reindex(src.index) if isinstance(nilai, pd.Series) else pd.Series(nilai, index=src.index)
        text_s = text.reindex(src.index) if isinstance(text, pd.Series) else pd.Series(text, index=src.index)
        return pd.DataFrame({
            "row": src.index, "tabel": self.table, "berkas": src["_berkas"].to_numpy(),
            "sheet": src["_sheet"].to_numpy(), "baris": src["_baris"].to_numpy(), "id": id_s.astype("str").to_numpy(),
            "kolom": kolom, "nilai": nilai_s.astype("str").fillna("").to_numpy(),
            label: text_s.astype("str").to_numpy(),
        })

    def reject(self, mask: pd.Series, kolom: str, alasan, nilai=None) -> None:
        entries = self._entries(mask, kolom, nilai, alasan, "alasan")
        if entries is not None:
            self._rejects.append(entries)

    def reject_parsed(self, kolom: str, parsed: v.Parsed) -> None:
        self.reject(parsed.errors.notna(), kolom, parsed.errors)
        self.note(parsed.notes.notna(), kolom, parsed.notes)

    def note(self, mask: pd.Series, kolom: str, catatan, nilai=None) -> None:
        entries = self._entries(mask, kolom, nilai, catatan, "catatan")
        if entries is not None:
            self._notes.append(entries)

    def skip(self, mask: pd.Series, kolom: str, catatan, nilai=None) -> None:
        """List rows set aside by design (*dilewati*) with the notes; the cleaner excludes them."""
        entries = self._entries(mask, kolom, nilai, catatan, "catatan")
        if entries is not None:
            self._skips.append(entries)

    def shown(self, kolom: str, mask: pd.Series) -> pd.Series:
        """The flagged cells of a column as a person reads them (empty when the column is absent):
        as written, Excel date cells as dd/mm/yyyy, and a serial with its date (``45994 (= 03/12/2025)``)."""
        index = mask.index[mask.to_numpy()]
        if kolom not in self.cells:
            return pd.Series("", index=index, dtype="str")
        cells = self.cells[kolom]
        out = cells.shown_at(index)
        dates = cells.date.loc[index]
        if dates.notna().any():
            out = v.show_date(dates).fillna(out)
        if kolom in self.display:
            out = self.display[kolom].loc[index].fillna(out)
        return out.astype("str")

    def _kept(self, entries: list[pd.DataFrame]) -> list[pd.DataFrame]:
        """Entries of rows that are still data rows (a row may be re-classed as a totals row)."""
        excluded = self.excluded.index[self.excluded.to_numpy()]
        return [e[~e["row"].isin(excluded)] for e in entries] if len(excluded) else entries

    def rejected_rows(self) -> pd.Index:
        if not self._rejects:
            return pd.Index([], dtype="int64")
        return pd.Index(pd.concat([e["row"] for e in self._kept(self._rejects)]).unique())

    def ledger(self) -> pd.DataFrame:
        """One ledger row per rejected raw row; several problems of a row are joined with '; '."""
        if not self._rejects:
            return _empty(LEDGER_COLUMNS)
        long = pd.concat(self._kept(self._rejects), ignore_index=True)
        long["nilai"] = long["nilai"].fillna("")
        grouped = long.groupby("row", sort=True).agg(
            tabel=("tabel", "first"), berkas=("berkas", "first"), sheet=("sheet", "first"),
            baris=("baris", "first"), id=("id", "first"), kolom=("kolom", "; ".join), nilai=("nilai", "; ".join),
            alasan=("alasan", "; ".join),
        )
        return grouped.reset_index(drop=True)[LEDGER_COLUMNS]

    def problems(self) -> pd.DataFrame:
        """Every problem on its own: one entry per rejected row and column (the ledger joins them)."""
        if not self._rejects:
            return _empty(LEDGER_COLUMNS)
        long = pd.concat(self._kept(self._rejects), ignore_index=True)
        return long.sort_values("row", kind="stable").reset_index(drop=True)[LEDGER_COLUMNS]

    def notes(self) -> pd.DataFrame:
        if not self._notes and not self._skips:
            return _empty(NOTE_COLUMNS)
        skips = [pd.concat(self._skips).sort_values("row", kind="stable")] if self._skips else []
        return pd.concat(self._kept(self._notes) + skips, ignore_index=True)[NOTE_COLUMNS]


# --- row classes shared by every table -------------------------------------------------------

def _data_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in SOURCE_COLUMNS]


def split_frame(frame: pd.DataFrame) -> dict[str, Cells]:
    """Every data column of a raw frame split once into its kinds of cell."""
    return {col: as_cells(frame[col]) for col in _data_columns(frame)}


def empty_rows(cells: dict[str, Cells], index: pd.Index) -> pd.Series:
    """Rows whose every cell is empty (white space counts as empty)."""
    mask = pd.Series(True, index=index)
    for c in cells.values():
        mask &= ~c.filled()
    return mask


def _total_word(c: Cells, among: pd.Series | None = None) -> pd.Series:
    """Cells reading JUMLAH / TOTAL / GRAND TOTAL (any case, trailing colon allowed).

    ``among`` limits the check to some rows (those whose first non-empty cell is not decided
    yet); only short texts can be one of the words.
    """
    word = pd.Series(False, index=c.index)
    text = c.text if among is None else c.text[among.to_numpy()]
    text = text[(text.str.len() <= 16).fillna(False).astype(bool)]
    text = text[text.str.contains("^[JjTtGg]", regex=True).fillna(False).astype(bool)]
    if len(text):
        word[text.index] = text.str.upper().str.replace(WS + "+", " ", regex=True).str.rstrip(":").isin(TOTAL_WORDS)
    return word


def totals_rows(cells: dict[str, Cells], index: pd.Index, identifier: str | None,
                parts: list[tuple[pd.Series, list[str]]] | None = None) -> pd.Series:
    """Rows whose identifier or first non-empty cell reads JUMLAH, TOTAL or GRAND TOTAL.

    ``parts`` gives, for the rows of each file, that file's own column order (a folder's files
    may order and name their columns differently); by default the frame's order.
    """
    result = pd.Series(False, index=index)
    if identifier and identifier in cells:
        result |= _total_word(cells[identifier])
    for rows, columns in parts or [(pd.Series(True, index=index), list(cells))]:
        undecided = rows.copy()
        for col in columns:
            if not undecided.any():
                break
            c = cells[col]
            result |= _total_word(c, undecided)
            undecided &= ~c.filled()
    return result


def file_parts(raw: RawTable) -> list[tuple[pd.Series, list[str]]] | None:
    """(rows of the file, its columns in order) per file, when the files differ in order."""
    orders = [raw.file_columns.get(f) for f in raw.files]
    if len(raw.files) < 2 or any(o is None for o in orders) or all(o == orders[0] for o in orders):
        return None
    berkas = raw.frame["_berkas"]
    return [(berkas == f, order) for f, order in zip(raw.files, orders)]


def _counts(table: str, raw: RawTable, kosong, total, rejected: pd.Index, dilewati=None) -> pd.DataFrame:
    frame = raw.frame
    buckets = [b.removeprefix("baris_") for b in ROW_BUCKETS]  # diterima, ditolak, dilewati, kosong, total
    status = np.zeros(len(frame), dtype="int64")
    status[frame.index.get_indexer(rejected)] = buckets.index("ditolak")
    if dilewati is not None:
        status[dilewati.to_numpy()] = buckets.index("dilewati")
    status[kosong.to_numpy()] = buckets.index("kosong")
    status[total.to_numpy()] = buckets.index("total")
    codes, files = pd.factorize(frame["_berkas"])
    n = len(buckets)
    counts = np.bincount(codes * n + status, minlength=n * len(files)).reshape(len(files), n)
    tally = pd.DataFrame(counts, index=list(files), columns=buckets)
    tally = tally.reindex(raw.files, fill_value=0)
    for berkas, _, _ in raw.ragged:
        tally.loc[berkas, "ditolak"] += 1
    out = pd.DataFrame({"tabel": table, "berkas": tally.index,
                        **{f"baris_{b}": tally[b].to_numpy() for b in buckets}})
    out["baris_dibaca"] = out[ROW_BUCKETS].sum(axis=1)
    out["format"] = pd.Series([raw.formats.get(f, "") for f in raw.files], dtype="str")
    return out[COUNT_COLUMNS].astype({c: "int64" for c in COUNT_COLUMNS if c.startswith("baris_")})


def _ragged_ledger(table: str, raw: RawTable) -> pd.DataFrame:
    """Rows a CSV reader could not split into the header's columns; personal data not repeated."""
    hidden = "(isi baris tidak ditampilkan karena memuat data pribadi)"
    return pd.DataFrame([
        {"tabel": table, "berkas": b, "sheet": None, "baris": n, "id": "", "kolom": "",
         "nilai": hidden if table in PERSONAL_TABLES else text,
         "alasan": "jumlah sel di baris ini tidak sama dengan jumlah kolom judul"}
        for b, n, text in raw.ragged
    ], columns=LEDGER_COLUMNS)


class Cleaner:
    """The shared frame of every table's cleaning: row classes, parsing, ledger, counts."""

    def __init__(self, raw: RawTable):
        self.raw = raw
        self.table = raw.table
        frame = raw.frame
        # Empty and totals rows stay in the frame, marked as excluded: subsetting a million-row
        # frame for the few of them would copy every column.
        self.cells = split_frame(frame)
        self.kosong = empty_rows(self.cells, frame.index)
        self.total = totals_rows(self.cells, frame.index, TABLES[self.table].identifier,
                                 file_parts(raw)) & ~self.kosong
        self.rows = frame
        self.dilewati = pd.Series(False, index=frame.index)
        self.book = _Book(self.table, frame, self.cells, self.kosong | self.total)
        self.out = pd.DataFrame(index=frame.index)

    def exclude_as_total(self, mask: pd.Series) -> None:
        """Re-class rows as totals rows (counted, not rejected, not kept)."""
        self.total = self.total | (mask & ~self.kosong)
        self.book.excluded = self.kosong | self.total | self.dilewati

    def set_aside(self, mask: pd.Series, kolom: str, catatan, nilai=None) -> None:
        """Rows skipped by design (*dilewati*): listed with the notes, neither kept nor rejected."""
        mask = mask.fillna(False).astype(bool) & ~self.book.excluded
        self.book.skip(mask, kolom, catatan, nilai)
        self.dilewati = self.dilewati | mask
        self.book.excluded = self.kosong | self.total | self.dilewati

    def has(self, col: str) -> bool:
        return col in self.rows.columns

    def parse(self, col: str, parser, *args, reject: bool = True, **kwargs) -> v.Parsed | None:
        if not self.has(col):
            return None
        parsed = parser(self.cells[col], *args, **kwargs)
        if parsed.shown is not None:
            self.book.display[col] = parsed.shown
        if reject:
            self.book.reject_parsed(col, parsed)
        else:  # optional column outside the formulas: keep the row, note the problem
            self.book.note(parsed.errors.notna(), col, parsed.errors + OPTIONAL_SET_ASIDE)
            self.book.note(parsed.notes.notna(), col, parsed.notes)
        self.out[col] = parsed.values
        return parsed

    def keep_extra(self) -> None:
        """Columns outside the table's definition are kept as text, except personal data."""
        known = set(TABLES[self.table].columns)
        for col in _data_columns(self.rows):
            if col not in known and col not in self.out:
                if self.table in PERSONAL_TABLES and PERSONAL_COLUMN.search(col):
                    continue  # UU 27/2022: owner data beyond the masked NIK is not carried on
                self.out[col] = self.cells[col].shown()

    def accepted(self) -> pd.Series:
        mask = ~self.book.excluded
        mask[self.book.rejected_rows()] = False
        return mask

    def finish(self, order: list[str], extra: dict | None = None, reshape=None) -> Cleaned:
        """The clean table (``reshape`` turns the accepted rows into the table's final shape before
        the schema gate), the ledger, the notes and the counts."""
        self.keep_extra()
        ok = self.accepted()
        data = self.out.loc[ok]
        cols = [c for c in order if c in data] + [c for c in data if c not in order]
        data = data[cols]  # copy-on-write: changing a column below leaves self.out as it is
        for col in ("tahun",):  # whole-number keys: plain integers once every row is valid
            if col in data and data[col].notna().all():
                data[col] = data[col].astype("int64")
        src = self.rows.loc[ok, list(SOURCE_COLUMNS)]
        data["sumber_berkas"] = src["_berkas"].astype("str")
        data["sumber_sheet"] = src["_sheet"].astype("str")
        data["sumber_baris"] = src["_baris"].astype("int64")
        ledger, problems = self.book.ledger(), self.book.problems()
        if self.raw.ragged:
            ragged = _ragged_ledger(self.table, self.raw)
            ledger = pd.concat([ledger, ragged], ignore_index=True)
            problems = pd.concat([problems, ragged], ignore_index=True)
        counts = _counts(self.table, self.raw, self.kosong, self.total, self.book.rejected_rows(), self.dilewati)
        if reshape is not None:
            data = reshape(data)
        data = schemas.check(self.table, data.reset_index(drop=True))
        return Cleaned(self.table, data, ledger, self.book.notes(), counts, extra or {}, problems)
