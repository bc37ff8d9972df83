"""Table rules (spec section 4): from a raw table to a clean one, losing nothing.

Each ``clean_<table>`` function is pure: it takes a :class:`~iku_helpers.reading.RawTable`
(plus the year and what it depends on) and returns a :class:`Cleaned` with the accepted rows,
the ledger of rejected rows (tabel, berkas, sheet, baris, id, kolom, nilai, alasan), notes for the
auditor (corrections, disagreements) and the reconciliation counts per file:
``baris_dibaca = baris_diterima + baris_ditolak + baris_kosong + baris_total``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import schemas
from . import values as v
from .cells import WS, Cells, as_cells
from .errors import DuplicateKeyError
from .kernels import extract, isin
from .periods import fmt_angka
from .reading import SOURCE_COLUMNS, RawTable
from .tables import PDRB_KATEGORI, SKALA_BATAS, TABLES

#: ``id`` is the row's identifier as written (NIK koperasi or ID usaha, empty where the table has
#: none or the cell is empty), so that an auditor finds any rejected or noted row by its ID.
LEDGER_COLUMNS = ["tabel", "berkas", "sheet", "baris", "id", "kolom", "nilai", "alasan"]
NOTE_COLUMNS = ["tabel", "berkas", "sheet", "baris", "id", "kolom", "nilai", "catatan"]
COUNT_COLUMNS = ["tabel", "berkas", "baris_dibaca", "baris_diterima", "baris_ditolak", "baris_kosong", "baris_total",
                 "format"]
TOTAL_WORDS = ("JUMLAH", "TOTAL", "GRAND TOTAL")
#: Said after the problem of an optional column's value: the value is emptied, the row kept.
OPTIONAL_SET_ASIDE = "; nilai dikosongkan (kolom pilihan), baris tetap dipakai"


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
        if not self._notes:
            return _empty(NOTE_COLUMNS)
        return pd.concat(self._kept(self._notes), ignore_index=True)[NOTE_COLUMNS]


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


def _counts(table: str, raw: RawTable, kosong, total, rejected: pd.Index) -> pd.DataFrame:
    frame = raw.frame
    status = np.zeros(len(frame), dtype="int64")  # 0 diterima, 1 ditolak, 2 kosong, 3 total
    status[frame.index.get_indexer(rejected)] = 1
    status[kosong.to_numpy()] = 2
    status[total.to_numpy()] = 3
    codes, files = pd.factorize(frame["_berkas"])
    counts = np.bincount(codes * 4 + status, minlength=4 * len(files)).reshape(len(files), 4)
    tally = pd.DataFrame(counts, index=list(files), columns=["diterima", "ditolak", "kosong", "total"])
    tally = tally.reindex(raw.files, fill_value=0)
    for berkas, _, _ in raw.ragged:
        tally.loc[berkas, "ditolak"] += 1
    out = pd.DataFrame({
        "tabel": table, "berkas": tally.index,
        "baris_diterima": tally["diterima"].to_numpy(), "baris_ditolak": tally["ditolak"].to_numpy(),
        "baris_kosong": tally["kosong"].to_numpy(), "baris_total": tally["total"].to_numpy(),
    })
    out["baris_dibaca"] = out[["baris_diterima", "baris_ditolak", "baris_kosong", "baris_total"]].sum(axis=1)
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
        self.book = _Book(self.table, frame, self.cells, self.kosong | self.total)
        self.out = pd.DataFrame(index=frame.index)

    def exclude_as_total(self, mask: pd.Series) -> None:
        """Re-class rows as totals rows (counted, not rejected, not kept)."""
        self.total = self.total | (mask & ~self.kosong)
        self.book.excluded = self.kosong | self.total

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

    def finish(self, order: list[str], extra: dict | None = None) -> Cleaned:
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
        counts = _counts(self.table, self.raw, self.kosong, self.total, self.book.rejected_rows())
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
    """Trade facilitation events of ``year``: category, jumlah (default 1), dated in the year."""
    c = _Cleaner(raw)
    tanggal = c.parse("tanggal", v.parse_date, "Tanggal")
    c.parse("kategori", v.parse_kategori_perdagangan)
    c.parse("uraian", v.parse_text, "Uraian")
    jumlah = c.parse("jumlah", v.parse_whole_number, "Jumlah", 1)
    c.out["jumlah"] = (jumlah.values.fillna(1) if jumlah else pd.Series(1.0, index=c.rows.index)).astype("int64")
    c.parse("kecamatan", v.parse_kecamatan, required=False)
    c.parse("lokasi", v.parse_text, "Lokasi", required=False)
    if c.has("kategori"):
        c.out["kategori_asli"] = c.cells["kategori"].shown()
    outside = c.accepted() & (tanggal.values.dt.year != year)
    c.book.reject(outside, "tanggal", f"tanggal di luar tahun {year}; tidak dihitung untuk tahun ini")
    return c.finish(["tanggal", "kategori", "kategori_asli", "uraian", "jumlah", "kecamatan", "lokasi"])


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


def clean_pdrb(raw: RawTable) -> Cleaned:
    """PDRB ADHB by lapangan usaha: letters A-U counted; PDRB/total rows kept for cross-checking."""
    c = _Cleaner(raw)
    tahun = c.parse("tahun", v.parse_whole_number, "Tahun", 1900)
    kat = v.parse_text(c.cells["kategori"], "Kategori")
    code = kat.values.str.upper().str.replace("[ .]+$", "", regex=True).str.strip()
    lapangan = (c.cells["lapangan_usaha"].shown().str.lower() if c.has("lapangan_usaha")
                else pd.Series("", index=c.rows.index))
    is_total = code.isin(["PDRB", "TOTAL", "JUMLAH", "PDRB TOTAL"]) | (
        code.isna() & lapangan.str.contains("produk domestik regional bruto|^pdrb|total", regex=True).fillna(False))
    is_total = is_total.fillna(False).astype(bool)
    adhb = c.parse("adhb", v.parse_number, "ADHB")
    c.parse("lapangan_usaha", v.parse_text, "Lapangan usaha", required=False)
    letter = code.isin(PDRB_KATEGORI)
    sub = code.str.fullmatch("[A-U][ .]*[0-9]+[A-Z]?").fillna(False).astype(bool)
    c.book.reject(kat.errors.notna() & ~is_total, "kategori", kat.errors)
    c.book.reject(sub & ~is_total, "kategori", "sub-kategori; hanya kategori A-U yang dijumlahkan")
    c.book.reject(~letter & ~sub & ~is_total & kat.errors.isna(), "kategori", "kategori bukan huruf A-U")
    c.out["kategori"] = code
    is_total &= ~c.book.excluded
    totals = pd.DataFrame({"tahun": tahun.values[is_total], "adhb": adhb.values[is_total]}).dropna()
    c.exclude_as_total(is_total)  # PDRB/total rows are cross-check rows, counted with the totals rows
    ok = c.accepted()
    _duplicate_key_error(c, c.out.loc[ok, ["tahun", "kategori"]], "PDRB tahun/kategori",
                         "Hapus baris ganda sehingga setiap kategori hanya sekali per tahun.")
    c.out["tahun"] = c.out["tahun"].astype("Int64")
    result = c.finish(["tahun", "kategori", "lapangan_usaha", "adhb"])
    result.extra["total_pdrb"] = totals.astype({"tahun": "int64"}).reset_index(drop=True)
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
