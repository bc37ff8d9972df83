"""The PDRB table's cleaning (spec sections 4 and 9): BPS's long or wide layout to one long table.

Which rows are categories (letters A-U, or BPS's combined codes), which are the total (kept as a
cross-check), which are sub-categories or notes under the table (*dilewati*: listed with the
notes), and how each file writes its numbers. The pure rules that read BPS's layouts are in
:mod:`iku_helpers.ingest.pdrb`; the frame shared with every table in :mod:`iku_helpers.ingest.cleaner`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..core.errors import DuplicateKeyError
from . import pdrb, schemas
from . import values as v
from .audit_trail import DILEWATI
from .cleaner import Cleaned, Cleaner
from .reading import RawTable


def _first_text(c: Cleaner) -> pd.Series:
    """Each row's first filled cell as a person reads it (the columns in the frame's order)."""
    first = pd.Series(np.nan, index=c.rows.index, dtype="str")
    for cells in c.cells.values():
        if first.notna().all():
            break
        shown = cells.shown().str.strip()
        first = first.fillna(shown.where(shown != ""))
    return first


def _joined_text(c: Cleaner, columns: list[str]) -> pd.Series:
    """The filled cells of some columns joined with a space: a wide table's code and label."""
    joined = pd.Series("", index=c.rows.index, dtype="str")
    for col in columns:
        shown = c.cells[col].shown().fillna("").str.strip()
        joined = (joined + " " + shown).str.strip()
    return joined.where(joined != "")


def _long_years(c: Cleaner) -> tuple[v.Parsed, pd.Series]:
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


def _pdrb_values(c: Cleaner, columns: list[str]) -> tuple[dict[str, pd.Series], dict[str, str]]:
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
    c = Cleaner(raw)
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
    total = pd.concat(totals, ignore_index=True).astype({"sumber_berkas": "str"})  # as read back from the cache
    total = total.sort_values(["tahun", "sumber_berkas", "sumber_baris"], kind="stable").reset_index(drop=True)
    result.extra["total_pdrb"] = schemas.check("total_pdrb", total)
    return result
