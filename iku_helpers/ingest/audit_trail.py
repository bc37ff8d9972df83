"""What the cleaning leaves for the auditor, and how it is read back (spec section 4).

The ledger of rejected rows (tabel, berkas, sheet, baris, id, kolom, nilai, alasan), the notes
(corrections, disagreements, rows set aside by design) and the reconciliation counts per file:
``baris_dibaca = baris_diterima + baris_ditolak + baris_dilewati + baris_kosong + baris_total``.
Their columns are said here once; the cleaner (:mod:`iku_helpers.ingest.cleaner`) fills them,
reports and commands read them.
"""

from __future__ import annotations

import re

import pandas as pd

#: ``id`` is the row's identifier as written (NIK koperasi or ID usaha, empty where the table has
#: none or the cell is empty), so that an auditor finds any rejected or noted row by its ID.
LEDGER_COLUMNS = ["tabel", "berkas", "sheet", "baris", "id", "kolom", "nilai", "alasan"]
NOTE_COLUMNS = ["tabel", "berkas", "sheet", "baris", "id", "kolom", "nilai", "catatan"]
COUNT_COLUMNS = ["tabel", "berkas", "baris_dibaca", "baris_diterima", "baris_ditolak", "baris_dilewati", "baris_kosong",
                 "baris_total", "format"]
#: The buckets every row read falls in exactly one of (``baris_dibaca`` is their sum).
ROW_BUCKETS = ["baris_diterima", "baris_ditolak", "baris_dilewati", "baris_kosong", "baris_total"]
#: The words a reader sees for the reconciliation's columns (report, LKjIP workbook): never the field names.
COUNT_LABELS = {"tabel": "Tabel", "berkas": "Berkas", "baris_dibaca": "Baris dibaca", "baris_diterima": "Diterima",
                "baris_ditolak": "Ditolak", "baris_dilewati": "Dilewati", "baris_kosong": "Kosong",
                "baris_total": "Baris jumlah/total", "format": "Format berkas", "alasan": "Alasan",
                "jumlah": "Jumlah"}
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


def reasons_table(ledger: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The most frequent rejection reasons: tabel, alasan, jumlah (for reports)."""
    if ledger.empty:
        return pd.DataFrame(columns=["tabel", "alasan", "jumlah"])
    keys = ledger["alasan"].map(reason_key)
    out = ledger.assign(alasan=keys).groupby(["tabel", "alasan"]).size().rename("jumlah").reset_index()
    out = out.sort_values(["jumlah", "tabel", "alasan"], ascending=[False, True, True])
    return out.head(top).reset_index(drop=True)
