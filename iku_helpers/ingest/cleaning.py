"""Table rules (spec section 4): from a raw table to a clean one, losing nothing.

Each ``clean_<table>`` function is pure: it takes a :class:`~iku_helpers.ingest.reading.RawTable`
(plus the year and what it depends on) and returns a :class:`Cleaned` with the accepted rows,
the ledger of rejected rows (tabel, berkas, sheet, baris, id, kolom, nilai, alasan), notes for the
auditor (corrections, disagreements, rows set aside by design) and the reconciliation counts per
file: ``baris_dibaca = baris_diterima + baris_ditolak + baris_dilewati + baris_kosong + baris_total``.
Rows *dilewati* are set aside by design, not for a fault (PDRB sub-categories, notes under BPS's
table): they are listed with the notes, and nobody needs to fix them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from . import schemas
from . import values as v
from .cells import Cells, WS, as_cells
from ..core.errors import DuplicateKeyError
from ..core.kernels import extract, isin
from ..core.formats import fmt_angka
from .reading import RawTable, SOURCE_COLUMNS
from . import pdrb
from ..core.tables import SKALA_BATAS, TABLES

#: ``id`` is the row's identifier as written (NIK koperasi or ID usaha, empty where the table has
#: none or the cell is empty), so that an auditor finds any rejected or noted row by its ID.
LEDGER_COLUMNS = ["tabel", "berkas", "sheet", "baris", "id", "kolom", "nilai", "alasan"]
NOTE_COLUMNS = ["tabel", "berkas", "sheet", "baris", "id", "kolom", "nilai", "catatan"]
COUNT_COLUMNS = ["tabel", "berkas", "baris_dibaca", "baris_diterima", "baris_ditolak", "baris_dilewati", "baris_kosong",
                 "baris_total", "format"]
#: The buckets every row read falls in exactly one of (``baris_dibaca`` is their sum).
ROW_BUCKETS = ["baris_diterima", "baris_ditolak", "baris_dilewati", "baris_kosong", "baris_total"]
TOTAL_WORDS = ("JUMLAH", "TOTAL", "GRAND TOTAL")
#: How the note of a row set aside by design begins (PDRB sub-categories, notes under BPS's table).
DILEWATI = "dilewati"
#: Said after the problem of an optional column's value: the value is emptied, the row kept.
OPTIONAL_SET_ASIDE = "; nilai dikosongkan (kolom pilihan), baris tetap dipakai"


def set_aside_notes(catatan: pd.Series) -> pd.Series:
    """Which notes list a row *dilewati* by design (not a correction anybody has to look at).

    >>> set_aside_notes(pd.Series(["dilewati (sub-kategori C1): ...", "Bangsarsari → Bangsalsari", None])).tolist()
    [True, False, False]
    """
    return catatan.astype("str").str.startswith(DILEWATI).fillna(False).astype(bool)


def reason_key(alasan: str) -> str:
    """A ledger reason without the row it points at, to count reasons (duplicates name the kept row).

    >>> reason_key("NIK koperasi ganda; yang dipakai baris 12 (2026/koperasi.xlsx)")
    'NIK koperasi ganda; yang dipakai baris …'
    """
    return re.sub(r"baris \d+ \([^)]*\)", "baris …", alasan)


@dataclass
class Cleaned:
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
        id_s = (self.cells[ident].shown_at(src.index).fillna("").str.strip() if ident in self.cells
                else pd.Series("", index=src.index, dtype="str"))
        nilai_s = nilai.reindex(src.index) if isinstance(nilai, pd.Series) else pd.Series(nilai, index=src.index)
        text_s = text.reindex(src.index) if isinstance(text, pd.Series) else pd.Series(text, index=src.index)
        return pd.DataFrame({
            "row": src.index, "tabel": self.table, "berkas": src["_berkas"].to_numpy(),
            "sheet": src["_sheet"].to_numpy(), "baris": src["_baris"].to_numpy(), "id": id_s.astype("str").to_numpy(),
            "kolom": kolom, "nilai": nilai_s.astype("str").fillna("").to_numpy(), label: text_s.astype("str").to_numpy(),
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
        """The flagged cells of a column as a person reads them (empty when the column is absent)."""
        index = mask.index[mask.to_numpy()]
        if kolom in self.cells:
            return self.cells[kolom].shown_at(index)
        return pd.Series("", index=index, dtype="str")

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


PERSONAL_TABLES = ("usaha_mikro",)
#: Extra columns of a personal table whose normalised header contains one of these words are dropped
#: (owner identity and contact data); data-contract.md §7 and the README list them (a test checks).
PERSONAL_WORDS = ("nik", "ktp", "kk", "pemilik", "alamat", "telp", "telepon", "hp", "email", "surel")
PERSONAL_COLUMN = re.compile("|".join(PERSONAL_WORDS))


def _ragged_ledger(table: str, raw: RawTable) -> pd.DataFrame:
    """Rows a CSV reader could not split into the header's columns; personal data not repeated."""
    hidden = "(isi baris tidak ditampilkan karena memuat data pribadi)"
    return pd.DataFrame([
        {"tabel": table, "berkas": b, "sheet": None, "baris": n, "id": "", "kolom": "",
         "nilai": hidden if table in PERSONAL_TABLES else text,
         "alasan": "jumlah sel di baris ini tidak sama dengan jumlah kolom judul"}
        for b, n, text in raw.ragged
    ], columns=LEDGER_COLUMNS)


class _Cleaner:
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
        data = data[cols].copy()
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


# --- koperasi ----------------------------------------------------------------------------------

def _dedupe(c: _Cleaner, key: str, order_by: pd.Series | None, label: str) -> None:
    """Reject every duplicate of ``key`` but the first (after sorting by ``order_by`` descending)."""
    ok = c.accepted()
    ids = c.out.loc[ok, key]
    if order_by is not None:
        rank = pd.DataFrame({"k": order_by[ok], "pos": np.arange(ok.sum())}, index=ids.index)
        rank = rank.sort_values(["k", "pos"], ascending=[False, True], na_position="last")
        ids = ids.loc[rank.index]
    dup = ids.duplicated(keep="first")
    if dup.any():
        kept = ids[~dup & isin(ids, ids[dup])]  # the first row of each duplicated key
        kept_row = pd.Series(c.rows.loc[kept.index, "_baris"].to_numpy(), index=kept.to_numpy())
        kept_file = pd.Series(c.rows.loc[kept.index, "_berkas"].astype("str").to_numpy(), index=kept.to_numpy())
        dup_ids = ids[dup]
        # the row used is named by its own file: with a table in several files it may be another one
        reason = (f"{label} ganda; yang dipakai baris "
                  + dup_ids.map(kept_row).astype("int64").astype("str")
                  + " (" + dup_ids.map(kept_file) + ")")
        mask = pd.Series(False, index=c.rows.index)
        mask[dup_ids.index] = True
        c.book.reject(mask, key, reason.reindex(c.rows.index))


def clean_koperasi(raw: RawTable, year: int, rat_window_years: int = 1) -> Cleaned:
    """The register of cooperatives; ``aktif`` = latest RAT within the window ending in ``year``."""
    c = _Cleaner(raw)
    c.parse("nik", v.parse_identifier, 16, "NIK koperasi")
    c.parse("nama_koperasi", v.parse_text, "Nama koperasi")
    c.parse("kecamatan", v.parse_kecamatan)
    tanggal = c.parse("tanggal_rat", v.parse_date, "Tanggal RAT")
    tahun = c.parse("tahun_rat", v.parse_whole_number, "Tahun RAT", 1900)
    c.parse("jumlah_anggota", v.parse_whole_number, "Jumlah anggota", 0, reject=False)
    for col in ("jenis_koperasi", "badan_hukum"):
        c.parse(col, v.parse_text, col, required=False)

    rat_year = pd.Series(np.nan, index=c.rows.index)
    sort_key = pd.Series(np.nan, index=c.rows.index)  # later RAT first; year-only before its dates
    if tahun is not None:
        rat_year = tahun.values.astype("float64")
        sort_key = rat_year * 10000
    if tanggal is not None:
        has = tanggal.values.notna()
        rat_year = rat_year.where(~has, tanggal.values.dt.year.astype("float64"))
        date_key = (tanggal.values.dt.year * 10000 + tanggal.values.dt.month * 100 + tanggal.values.dt.day).astype("float64")
        sort_key = sort_key.where(~has, date_key)
    c.out["tahun_rat_terakhir"] = rat_year.astype("Int64")
    c.out["aktif"] = rat_year.between(year - rat_window_years + 1, year).fillna(False).astype(bool)
    later = rat_year > year
    c.book.note(later & c.accepted(), "tahun_rat_terakhir",
                f"RAT tercatat setelah tahun {year}; tidak dihitung aktif untuk {year}", rat_year.astype("Int64").astype("str"))
    _dedupe(c, "nik", sort_key, "NIK koperasi")
    return c.finish(["nik", "nama_koperasi", "kecamatan", "tanggal_rat", "tahun_rat", "tahun_rat_terakhir", "aktif"])


# --- facilitation ------------------------------------------------------------------------------

def clean_fasilitasi(raw: RawTable, year: int, register: pd.Series | None, key: str,
                     register_name: str) -> Cleaned:
    """Facilitation given in ``year`` to entities of that year's register (koperasi / usaha)."""
    c = _Cleaner(raw)
    tanggal = c.parse("tanggal", v.parse_date, "Tanggal")
    if key == "nik":
        ident = c.parse("nik", v.parse_identifier, 16, "NIK koperasi")
    else:
        ident = c.parse("id_usaha", v.parse_identifier, None, "ID usaha (NIB)")
    c.parse("jenis_fasilitasi", v.parse_text, "Jenis fasilitasi")
    for col in ("nama_koperasi", "kegiatan"):
        c.parse(col, v.parse_text, col, required=False)
    fine = c.accepted()
    outside = fine & (tanggal.values.dt.year != year)
    c.book.reject(outside, "tanggal", f"tanggal di luar tahun {year}; tidak dihitung untuk tahun ini")
    fine &= ~outside
    if register is None:
        c.book.reject(fine, key, f"{register_name} tahun {year} tidak tersedia, sehingga tidak dapat dicocokkan")
    else:
        absent = fine & ~isin(ident.values, register)
        c.book.reject(absent, key, f"tidak terdaftar di {register_name} tahun {year}")
    return c.finish(["tanggal", key, "jenis_fasilitasi"])


def clean_fasilitasi_koperasi(raw: RawTable, year: int, koperasi: pd.DataFrame | None) -> Cleaned:
    register = None if koperasi is None else koperasi["nik"]
    return clean_fasilitasi(raw, year, register, "nik", "daftar koperasi")


def clean_fasilitasi_usaha_mikro(raw: RawTable, year: int, usaha: pd.DataFrame | None) -> Cleaned:
    register = None if usaha is None else usaha["id_usaha"]
    return clean_fasilitasi(raw, year, register, "id_usaha", "daftar UMKM")


# --- UMKM --------------------------------------------------------------------------------------

def skala_usaha(amount: pd.Series, by: str) -> pd.Series:
    """Skala (mikro/kecil/menengah/besar) of each amount, by ``omzet`` or ``modal`` thresholds.

    >>> skala_usaha(pd.Series([2e9, 2e9 + 1, 60e9, None]), "omzet").tolist()
    ['mikro', 'kecil', 'besar', nan]
    """
    col = 1 if by == "omzet" else 2
    out = pd.Series("besar", index=amount.index, dtype="str")
    for name, *limits in reversed(SKALA_BATAS):
        out[amount <= limits[col - 1]] = name
    return out.where(amount.notna())


def mask_nik(nik: pd.Series) -> pd.Series:
    """Personal NIK shown as ``3509********0001`` (UU 27/2022); short values fully masked.

    >>> mask_nik(pd.Series(["3509123456780001", "12345", "3,50901E+15"])).tolist()
    ['3509********0001', '*****', '***********']
    """
    text = nik.astype("str")
    digits = text.str.fullmatch("[0-9]+").fillna(False).astype(bool)
    if not digits.all():
        text = text.where(digits, text.str.replace("[ \t\u00a0.-]+", "", regex=True))
        digits = text.str.fullmatch("[0-9]+").fillna(False).astype(bool)
    n = text.str.len()
    nik16 = digits & (n == 16)  # the usual case, vectorised
    out = (text.str.slice(0, 4) + "********" + text.str.slice(-4)).where(nik16)
    rest = text.notna() & ~nik16
    if rest.any():  # other lengths: few, one at a time
        out[rest] = [t[:4] + "*" * (len(t) - 8) + t[-4:] if d and len(t) > 8 else "*" * len(t)
                     for t, d in zip(text[rest], digits[rest])]
    return out


def clean_usaha_mikro(raw: RawTable) -> Cleaned:
    """The UMKM register: skala by omzet (else modal), aktif by status (else omzet > 0)."""
    c = _Cleaner(raw)
    c.parse("id_usaha", v.parse_identifier, None, "ID usaha (NIB)")
    c.parse("nama_usaha", v.parse_text, "Nama usaha")
    c.parse("kecamatan", v.parse_kecamatan)
    omzet = c.parse("omzet_tahunan", v.parse_number, "Omzet tahunan")
    modal = c.parse("modal_usaha", v.parse_number, "Modal usaha")
    status = c.parse("status_aktif", v.parse_status_aktif)
    c.parse("sektor", v.parse_text, "Sektor", required=False)
    if c.has("nik_pemilik"):
        c.out["nik_pemilik"] = mask_nik(c.cells["nik_pemilik"].shown())

    index = c.rows.index
    omzet_v = omzet.values if omzet else pd.Series(np.nan, index=index)
    modal_v = modal.values if modal else pd.Series(np.nan, index=index)
    neither = omzet_v.isna() & modal_v.isna() & c.accepted()
    c.book.reject(neither, "omzet_tahunan" if omzet else "modal_usaha",
                  "omzet dan modal usaha kosong: skala usaha tidak dapat ditentukan")
    by_omzet = skala_usaha(omzet_v, "omzet")
    by_modal = skala_usaha(modal_v, "modal")
    c.out["skala"] = by_omzet.fillna(by_modal)
    c.out["skala_dasar"] = pd.Series("omzet", index=index).where(omzet_v.notna(), "modal").where(c.out["skala"].notna())
    disagree = by_omzet.notna() & by_modal.notna() & (by_omzet != by_modal) & c.accepted()
    c.book.note(disagree, "modal_usaha",
                "skala menurut omzet (" + by_omzet + ") berbeda dengan menurut modal (" + by_modal
                + "); dipakai skala menurut omzet")
    aktif = (omzet_v > 0).fillna(False)
    if status is not None:
        aktif = status.values.astype("object").where(status.values.notna(), aktif).astype(bool)
    c.out["aktif"] = aktif.astype(bool)
    c.out["aktif_dasar"] = "omzet"
    if status is not None:
        c.out.loc[status.values.notna(), "aktif_dasar"] = "status"
    _dedupe(c, "id_usaha", None, "ID usaha (NIB)")
    return c.finish(["id_usaha", "nama_usaha", "kecamatan", "omzet_tahunan", "modal_usaha", "skala",
                     "skala_dasar", "status_aktif", "aktif", "aktif_dasar", "nik_pemilik", "sektor"])


# --- trade ------------------------------------------------------------------------------------

def clean_fasilitasi_perdagangan(raw: RawTable, year: int) -> Cleaned:
    """Trade facilitation events of ``year``: category, jumlah (default 1), dated in the year.

    A folder may hold a file per bidang (spec section 9): the optional ``bidang`` column is read
    (unknown values noted, kept in ``extra["bidang_berkas"]`` per file for the feedback pages), and
    one activity in two files is kept and noted on both rows (:func:`_note_same_activity_in_two_files`).
    """
    c = _Cleaner(raw)
    tanggal = c.parse("tanggal", v.parse_date, "Tanggal")
    c.parse("kategori", v.parse_kategori_perdagangan)
    c.parse("uraian", v.parse_text, "Uraian")
    jumlah = c.parse("jumlah", v.parse_whole_number, "Jumlah", 1)
    c.out["jumlah"] = (jumlah.values.fillna(1) if jumlah else pd.Series(1.0, index=c.rows.index)).astype("int64")
    c.parse("kecamatan", v.parse_kecamatan, required=False)
    c.parse("lokasi", v.parse_text, "Lokasi", required=False)
    bidang = c.parse("bidang", parse_bidang_perdagangan, reject=False)  # whose page shows the file
    if c.has("kategori"):
        c.out["kategori_asli"] = c.cells["kategori"].shown()
    outside = c.accepted() & (tanggal.values.dt.year != year)
    c.book.reject(outside, "tanggal", f"tanggal di luar tahun {year}; tidak dihitung untuk tahun ini")
    _note_same_activity_in_two_files(c)
    result = c.finish(["tanggal", "kategori", "kategori_asli", "uraian", "jumlah", "kecamatan", "lokasi", "bidang"])
    result.extra["bidang_berkas"] = _bidang_per_file(c, bidang)
    return result


#: The bidang that fill fasilitasi_perdagangan, spelled as in tables.py.
BIDANG_PERDAGANGAN = tuple(b.strip() for b in TABLES["fasilitasi_perdagangan"].bidang.split(";") if b.strip())
_SARPRAS = next(b for b in BIDANG_PERDAGANGAN if "sarana" in b.lower())
_DAGANG = next(b for b in BIDANG_PERDAGANGAN if b != _SARPRAS)
#: A ``bidang`` cell, lower case, letters only, '&' read as 'dan', a leading 'Bidang'/'Bid.' dropped.
_BIDANG_SPELLINGS = {"perdagangan": _DAGANG, "dagang": _DAGANG, "saranadanprasarana": _SARPRAS,
                     "saranaprasarana": _SARPRAS, "sarpras": _SARPRAS}
SAME_ACTIVITY = ("pada tanggal, kategori, uraian dan jumlah: satu kegiatan yang dicatat dua bidang akan terhitung "
                 "dua kali di IKU-3; periksa")


def parse_bidang_perdagangan(col) -> v.Parsed:
    """The optional ``bidang`` of a trade facilitation row: one of :data:`BIDANG_PERDAGANGAN`.

    Case, spaces, punctuation, '&' for 'dan' and a leading 'Bidang' do not matter; 'Sarpras' is
    Sarana dan Prasarana. Anything else is an error (noted by the cleaner, not rejected).

    >>> parse_bidang_perdagangan(pd.Series(["PERDAGANGAN", "bidang sarana & prasarana", "Sarpras", "UMKM", None])).values.tolist()
    ['Bidang Perdagangan', 'Bidang Sarana dan Prasarana', 'Bidang Sarana dan Prasarana', nan, nan]
    """
    p = v.parse_text(col, "Bidang", required=False)
    key = (p.values.str.lower().str.replace("&", "dan", regex=False).str.replace("[^0-9a-z]+", "", regex=True)
           .str.replace("^(?:bidang|bid)", "", regex=True))
    values = key.map(_BIDANG_SPELLINGS).astype("str")
    errors = p.errors.copy()
    errors[p.values.notna() & values.isna() & errors.isna()] = (
        "bidang tidak dikenal (tulis Perdagangan atau Sarana dan Prasarana)")
    return v.Parsed(values.where(errors.isna()), errors, p.notes)


def _bidang_per_file(c: _Cleaner, bidang: v.Parsed | None) -> dict[str, tuple[str, ...]]:
    """The bidang each file names in its ``bidang`` column (data rows, rejected ones too)."""
    if bidang is None:
        return {}
    named = bidang.values.notna() & ~c.book.excluded
    pairs = pd.DataFrame({"berkas": c.rows.loc[named, "_berkas"].astype("str"), "bidang": bidang.values[named]})
    pairs = pairs.drop_duplicates()
    return {f: tuple(b for b in BIDANG_PERDAGANGAN if b in set(g)) for f, g in pairs.groupby("berkas")["bidang"]}


def _note_same_activity_in_two_files(c: _Cleaner) -> None:
    """Note each accepted row identical to an accepted row of another file of the folder.

    Identical means: the same date, the same canonical kategori, the same jumlah (as parsed, empty
    = 1) and the same uraian once compared without case (``str.casefold``) and with white space
    (spaces, tabs, non-breaking spaces) trimmed at both ends and every run inside read as one
    space. Each such row is kept and counted, and noted with a row of another file holding the
    same activity (the first such row in file order). Rows identical only within one file are not
    noted here. Vectorised: one groupby over the accepted rows.
    """
    if len(c.raw.files) < 2 or not all(c.has(col) for col in ("tanggal", "kategori", "uraian")):
        return
    ok = c.accepted()
    if not ok.any():
        return
    out = c.out.loc[ok]
    uraian = out["uraian"].str.replace(WS + "+", " ", regex=True).str.strip().str.casefold()
    keys = pd.DataFrame({"tanggal": out["tanggal"], "kategori": out["kategori"], "uraian": uraian,
                         "jumlah": out["jumlah"]})
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
    files = pd.Series(pd.factorize(c.rows.loc[ok, "_berkas"])[0], index=out.index)
    shared = files.groupby(group).transform("nunique") > 1
    if not shared.any():
        return
    rows = pd.DataFrame({"g": group[shared], "f": files[shared]})
    firsts = rows.drop_duplicates(["g", "f"])  # the first row of each (activity, file), in file order
    first = firsts.drop_duplicates("g")
    second = firsts[firsts.duplicated("g")].drop_duplicates("g")
    first_row = pd.Series(first.index, index=first["g"].to_numpy())
    first_file = pd.Series(first["f"].to_numpy(), index=first["g"].to_numpy())
    second_row = pd.Series(second.index, index=second["g"].to_numpy())
    other = rows["g"].map(first_row).where(rows["f"] != rows["g"].map(first_file), rows["g"].map(second_row))
    where = c.rows.loc[other.astype("int64").to_numpy(), ["_baris", "_berkas"]].set_axis(rows.index)
    text = ("sama dengan baris " + where["_baris"].astype("int64").astype("str") + " ("
            + where["_berkas"].astype("str") + ") " + SAME_ACTIVITY)
    mask = pd.Series(False, index=c.rows.index)
    mask[rows.index] = True
    c.book.note(mask, "uraian", text)


# --- PDRB and targets --------------------------------------------------------------------------

def _where(c: _Cleaner, index) -> str:
    rows = c.rows.loc[index]
    return ", ".join(f"{b} baris {n}" for b, n in zip(rows["_berkas"], rows["_baris"]))


def _key_text(values) -> str:
    return " / ".join("kosong" if pd.isna(v) else str(int(v)) if isinstance(v, float) and v == int(v) else str(v)
                      for v in values)


def _duplicate_key_error(c: _Cleaner, keys: pd.DataFrame, what: str, hint: str) -> None:
    """Raise for the first key held by more than one row, naming exactly the rows that hold it."""
    dup = keys.duplicated(keep=False)
    if dup.any():
        clash = keys[dup]
        first = clash.iloc[0]
        same = clash.index[(clash.eq(first) | (clash.isna() & first.isna())).all(axis=1)]
        others = clash.drop(index=same).drop_duplicates()
        more = f"; {len(others)} kunci lain juga ganda" if len(others) else ""
        rows = c.rows.loc[same]
        raise DuplicateKeyError(f"{what} {_key_text(first.tolist())} muncul lebih dari sekali ({_where(c, same)}){more}",
                                file=rows["_berkas"].iloc[0], row=int(rows["_baris"].iloc[0]), hint=hint)


def _first_text(c: _Cleaner) -> pd.Series:
    """Each row's first filled cell as a person reads it (the columns in the frame's order)."""
    first = pd.Series(np.nan, index=c.rows.index, dtype="str")
    for cells in c.cells.values():
        if first.notna().all():
            break
        shown = cells.shown().str.strip()
        first = first.fillna(shown.where(shown != ""))
    return first


def _joined_text(c: _Cleaner, columns: list[str]) -> pd.Series:
    """The filled cells of some columns joined with a space: a wide table's code and label."""
    joined = pd.Series("", index=c.rows.index, dtype="str")
    for col in columns:
        shown = c.cells[col].shown().fillna("").str.strip()
        joined = (joined + " " + shown).str.strip()
    return joined.where(joined != "")


def _long_years(c: _Cleaner) -> tuple[v.Parsed, pd.Series]:
    """(tahun, status per row) of the long layout. A year may carry BPS's mark (``2024*``,
    ``2025**``); a file without any mark says nothing of its status (NA)."""
    cells = c.cells["tahun"]
    read = cells.text.map(pdrb.year_header, na_action="ignore")
    text = cells.text.where(read.isna(), read.map(lambda r: str(r[0]), na_action="ignore"))
    tahun = v.parse_whole_number(pd.Series(cells.num.astype(object).where(cells.num.notna(), text), index=cells.index),
                                 "Tahun", 1900)
    status = read.map(lambda r: r[1], na_action="ignore").astype("str")
    marked = set(c.rows.loc[status.notna() & (status != "tetap"), "_berkas"])
    return tahun, status.where(c.rows["_berkas"].isin(marked))


def _pdrb_values(c: _Cleaner, columns: list[str]) -> tuple[dict[str, pd.Series], dict[str, str]]:
    """Each value column made ready for the number rule, and the notation used per file.

    BPS's marks for "no figure" (``-``, ``…``, ``–``) are empty; ``1 234 567,89`` loses its spaces;
    a file whose value cells show English notation (``1,234,567.89``) is read in it."""
    tidy = {col: c.cells[col].text.map(pdrb.tidy_number, na_action="ignore") for col in columns}
    notation: dict[str, str] = {}
    for berkas, rows in c.rows.groupby("_berkas", sort=False).groups.items():
        texts = [t for col in columns for t in tidy[col].loc[rows].dropna()]
        if texts:
            notation[str(berkas)] = pdrb.number_notation(texts)
    english = c.rows["_berkas"].astype("str").map(notation).eq("inggris")
    ready = {}
    for col in columns:
        cells = c.cells[col]
        text = tidy[col].where(~english, tidy[col].map(pdrb.to_indonesian, na_action="ignore"))
        value = cells.raw.astype(object).where(cells.text.isna(), text)
        ready[col] = value.where(value.notna(), None)
    return ready, notation


def _pdrb_letters_once(data: pd.DataFrame) -> None:
    """Every letter A-U once per year: a row repeated, or a combined code (``M,N``) beside a row of
    one of its letters, is an error naming both rows."""
    letters = data.assign(huruf=data["kategori"].str.split(",")).explode("huruf")
    clash = letters[letters.duplicated(["tahun", "huruf"], keep=False)]
    if clash.empty:
        return
    first = clash.iloc[0]
    pair = clash[(clash["tahun"] == first["tahun"]) & (clash["huruf"] == first["huruf"])].head(2)
    (a, b) = pair.itertuples(index=False)
    where = [f"{r.sumber_berkas} baris {r.sumber_baris}" + (f" kolom {r.sumber_kolom}" if r.sumber_kolom else "")
             for r in (a, b)]
    if a.kategori == b.kategori:
        what = f"PDRB tahun {a.tahun} kategori {a.kategori} muncul lebih dari sekali ({where[0]}; {where[1]})"
        hint = "Hapus baris ganda sehingga setiap kategori hanya sekali per tahun."
    else:
        what = (f"PDRB tahun {a.tahun}: kategori {a.kategori} ({where[0]}) dan kategori {b.kategori} ({where[1]}) "
                f"sama-sama memuat huruf {first['huruf']}, sehingga huruf itu terhitung dua kali")
        hint = ("Setiap huruf A-U dihitung sekali: pakai baris gabungan BPS (M,N atau R,S,T,U) atau baris per huruf, "
                "jangan keduanya.")
    raise DuplicateKeyError(what, file=a.sumber_berkas, row=int(a.sumber_baris), hint=hint)


def clean_pdrb(raw: RawTable) -> Cleaned:
    """PDRB ADHB by lapangan usaha, in the long layout or BPS's wide one (spec sections 4 and 9).

    Category rows are the letters A-U, alone or in BPS's combined codes (``M,N``, ``R,S,T,U``);
    the total row is kept as a cross-check (``extra["total_pdrb"]``); sub-category rows and notes
    under the table are *dilewati* (listed with the notes). The clean table is long: one row per
    (tahun, kategori) with its ``status_angka`` (tetap / sementara / sangat sementara, where the
    file says) and the source row and, for the wide layout, the year column it came from.
    """
    c = _Cleaner(raw)
    index = c.rows.index
    year_columns = [col for col in c.cells if pdrb.year_of_column(col) is not None]
    wide = bool(year_columns) and not c.has("tahun")
    if wide:
        label_columns = [col for col in c.cells if col not in year_columns and col not in pdrb.NUMBER_COLUMNS]
        label = _joined_text(c, label_columns)
        code_column = label_columns[0] if label_columns else year_columns[0]
        # per value column: its year, the status BPS marks on it, and how its header reads
        columns = [(col, pd.Series(float(pdrb.year_of_column(col)), index=index),
                    pd.Series(pdrb.year_column_status(col), index=index, dtype="str"), pdrb.year_column_label(col))
                   for col in year_columns]
    else:
        label = c.cells["kategori"].shown().str.strip()
        label = label.where(label != "")
        if c.has("lapangan_usaha"):
            label = label.fillna(c.cells["lapangan_usaha"].text)
        code_column = "kategori"
        tahun, status = _long_years(c)
        columns = [("adhb", tahun.values, status, "")]
    classified = label.map(pdrb.classify_code, na_action="ignore")
    kind = classified.map(lambda k: k[0], na_action="ignore").fillna("tanpa_kode")
    code = classified.map(lambda k: k[1], na_action="ignore").astype("str")
    first = _first_text(c)
    kind = kind.where(~((kind == "tanpa_kode") & first.map(pdrb.is_note, na_action="ignore").fillna(False)), "catatan")
    # totals: BPS's total row, and rows reading JUMLAH/TOTAL that the shared rule already set apart
    is_total = ((kind == "total") | c.total) & ~c.kosong
    ready, notation = _pdrb_values(c, [col for col, *_ in columns])
    values = {col: v.parse_number(ready[col], f"ADHB {source}".strip()) for col, _, _, source in columns}
    totals = []
    for col, year, _, _ in columns:
        rows = is_total & values[col].values.notna() & year.notna()
        totals.append(pd.DataFrame({"tahun": year[rows].astype("int64").to_numpy(),
                                    "adhb": values[col].values[rows].to_numpy(),
                                    "sumber_berkas": c.rows.loc[rows, "_berkas"].astype("str").to_numpy(),
                                    "sumber_baris": c.rows.loc[rows, "_baris"].astype("int64").to_numpy()}))
    c.exclude_as_total(is_total)
    c.set_aside(kind == "catatan", code_column, f"{DILEWATI} (catatan di bawah tabel): bukan data")
    c.set_aside(kind == "sub", code_column,
                f"{DILEWATI} (sub-kategori " + code + "): hanya kategori A-U yang dijumlahkan; tidak perlu diperbaiki")
    c.set_aside((kind == "tanpa_kode") & label.notna(), code_column,
                f"{DILEWATI} (sub-kategori: baris tanpa kode kategori A-U): tidak dijumlahkan; tidak perlu diperbaiki")
    c.book.reject((kind == "tanpa_kode") & label.isna(), code_column, "kategori kosong (tulis kode A-U)")
    c.book.reject(kind == "bukan_kategori", code_column,
                  "kategori " + code + " bukan kategori BPS (huruf A-U, atau kode gabungan M,N dan R,S,T,U)")
    if not wide:
        c.book.reject_parsed("tahun", tahun)
        c.book.reject(tahun.values.isna() & tahun.errors.isna(), "tahun", "Tahun kosong")
    for col, *_ in columns:
        c.book.reject_parsed(col, values[col])
        c.out[col] = values[col].values
    c.out["kategori"] = code.where(kind == "kategori")
    lapangan = label.map(pdrb.strip_code, na_action="ignore").astype("str")
    if not wide and c.has("lapangan_usaha"):
        lapangan = c.cells["lapangan_usaha"].text.fillna(lapangan)
    c.out["lapangan_usaha"] = lapangan
    c.raw = replace(raw, formats={**raw.formats, **{f: f"{raw.formats.get(f, '')}; {pdrb.NOTATION_LABELS[n]}"
                                                     .lstrip("; ") for f, n in notation.items()}})

    def to_long(data: pd.DataFrame) -> pd.DataFrame:
        """One row per (accepted raw row, value column) that holds a figure ("-" or empty: none)."""
        keep = ["kategori", "lapangan_usaha", "sumber_berkas", "sumber_sheet", "sumber_baris"]
        long = pd.concat([data[keep].assign(tahun=year.loc[data.index], adhb=data[col],
                                            status_angka=status.loc[data.index], sumber_kolom=source)
                          for col, year, status, source in columns], ignore_index=True)
        long = long.loc[long["adhb"].notna(), ["tahun", "kategori", "lapangan_usaha", "adhb", "status_angka",
                                               "sumber_berkas", "sumber_sheet", "sumber_baris", "sumber_kolom"]]
        long = long.astype({"tahun": "int64", "adhb": "float64", "status_angka": "str", "sumber_kolom": "str",
                            "kategori": "str"})
        _pdrb_letters_once(long)
        return long.sort_values(["tahun", "sumber_berkas", "sumber_baris"], kind="stable").reset_index(drop=True)

    result = c.finish(["kategori", "lapangan_usaha"], reshape=to_long)
    result.extra["total_pdrb"] = pd.concat(totals, ignore_index=True).sort_values(
        ["tahun", "sumber_berkas", "sumber_baris"], kind="stable").reset_index(drop=True)
    return result


def normalise_kode(kode: pd.Series) -> pd.Series:
    """'iku 1', 'IKU1', 'IKU-1' → 'IKU-1'.

    >>> normalise_kode(pd.Series(["iku 1", "IT.2", "x"])).tolist()
    ['IKU-1', 'IT-2', nan]
    """
    parts = extract(kode.str.upper().str.strip(), "^(IT|IKU)[ _.-]*([0-9]+)$")
    return (parts[0] + "-" + parts[1]).astype("str")


def clean_target(raw: RawTable, known_codes) -> Cleaned:
    """Targets per indicator, year and (optionally) triwulan; polaritas positif (default) or negatif.

    An empty triwulan is the annual target. A quarterly row without polaritas takes the annual
    row's. A triwulan-4 row and an annual row of one (kode, tahun) must agree (spec section 7).
    """
    c = _Cleaner(raw)
    kode = c.parse("kode", v.parse_text, "Kode indikator")
    code = normalise_kode(kode.values)
    c.book.reject(kode.errors.isna() & ~code.isin(list(known_codes)), "kode",
                  "kode indikator tidak dikenal (yang ada: " + ", ".join(known_codes) + ")")
    c.out["kode"] = code
    c.parse("tahun", v.parse_whole_number, "Tahun", 1900)
    tw = c.parse("triwulan", v.parse_whole_number, "Triwulan", 1)
    if tw is not None:
        c.book.reject(tw.values > 4, "triwulan", "triwulan harus 1-4 (kosong = target tahunan)")
    c.parse("target", v.parse_number, "Target")
    pol = c.parse("polaritas", v.parse_text, "Polaritas", required=False)
    if pol is not None:
        p = pol.values.str.lower()
        c.book.reject(p.notna() & ~p.isin(["positif", "negatif"]), "polaritas", "polaritas harus positif atau negatif")
        c.out["polaritas"] = p
    else:
        c.out["polaritas"] = pd.Series(pd.NA, index=c.rows.index, dtype="str")
    c.parse("satuan", v.parse_text, "Satuan", required=False)
    out = c.out
    if "triwulan" not in out:
        out["triwulan"] = np.nan
    ok = c.accepted()
    _duplicate_key_error(c, out.loc[ok, ["kode", "tahun", "triwulan"]], "Target kode/tahun/triwulan",
                         "Sisakan satu target per indikator per tahun (dan per triwulan bila diisi).")
    _annual_vs_tw4(c, ok)
    annual = out.loc[ok & out["triwulan"].isna()].set_index(["kode", "tahun"])["polaritas"]
    from_annual = pd.Series([annual.get((k, t)) for k, t in zip(out["kode"], out["tahun"])], index=out.index,
                            dtype="str")
    out["polaritas"] = out["polaritas"].fillna(from_annual).fillna("positif")
    out["tahun"] = out["tahun"].astype("Int64")
    out["triwulan"] = out["triwulan"].astype("Int64")
    return c.finish(["kode", "tahun", "triwulan", "target", "polaritas", "satuan"])


def _pol(value, default: str) -> str:
    return default if pd.isna(value) else str(value)


def _annual_vs_tw4(c: _Cleaner, ok: pd.Series) -> None:
    """A triwulan-4 row and an annual row of one (kode, tahun) with different targets: which one holds?"""
    out = c.out[ok]
    annual = out[out["triwulan"].isna()]
    tw4 = out[out["triwulan"] == 4]
    both = annual.reset_index().merge(tw4.reset_index(), on=["kode", "tahun"], suffixes=("_tahunan", "_tw4"))
    # polaritas as each row means it: empty on the annual row is positif, on the TW-4 row the annual one
    annual_pol = both["polaritas_tahunan"].fillna("positif")
    differ = both[(both["target_tahunan"] != both["target_tw4"])
                  | (both["polaritas_tw4"].fillna(annual_pol) != annual_pol)]
    if len(differ):
        d = differ.iloc[0]
        a = c.rows.loc[d["index_tahunan"]]
        raise DuplicateKeyError(
            f"target {d['kode']} tahun {int(d['tahun'])}: baris tahunan ({_where(c, [d['index_tahunan']])}, "
            f"target {fmt_angka(d['target_tahunan'], 2)}, polaritas {_pol(d['polaritas_tahunan'], 'positif')}) "
            f"dan baris triwulan 4 ({_where(c, [d['index_tw4']])}, target {fmt_angka(d['target_tw4'], 2)}, "
            f"polaritas {_pol(d['polaritas_tw4'], _pol(d['polaritas_tahunan'], 'positif'))}) berbeda",
            file=a["_berkas"], row=int(a["_baris"]),
            hint="Target triwulan IV sama dengan target tahunan: samakan kedua baris atau hapus salah satunya.")


def reasons_table(ledger: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The most frequent rejection reasons: tabel, alasan, jumlah (for reports)."""
    if ledger.empty:
        return pd.DataFrame(columns=["tabel", "alasan", "jumlah"])
    keys = ledger["alasan"].map(reason_key)
    out = ledger.assign(alasan=keys).groupby(["tabel", "alasan"]).size().rename("jumlah").reset_index()
    return out.sort_values(["jumlah", "tabel", "alasan"], ascending=[False, True, True]).head(top).reset_index(drop=True)
