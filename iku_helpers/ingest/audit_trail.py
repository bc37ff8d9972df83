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


#: What the kind of a duplicate's reason says instead of the row used (each rejected row names its own).
KEPT_ROW_KIND = "yang dipakai baris lain (disebut pada tiap baris ganda)"
#: The part of a reason that names one row's own value or the row it points at, and what the reason's
#: kind says instead (a kind is read on its own, by a clerk as by the Kepala Dinas: no '…').
_ROW_PARTS = (
    (re.compile(r"yang dipakai baris \d+ \((?:[^()]|\([^()]*\))*\)"), KEPT_ROW_KIND),
    (re.compile(r"\btanggal [^;]+? di luar tahun"), "tanggal di luar tahun"),
    (re.compile(r"tidak ada di kalender \([^)]*\)"), "tidak ada di kalender"),
    (re.compile(r": angka \S+ bukan nomor seri tanggal Excel"), ": angka yang bukan nomor seri tanggal Excel"),
)


def reason_key(alasan: str) -> str:
    """A ledger reason as a kind of reason, to count them: without the row a duplicate points at, the
    date of a row dated in another year, or the value of an impossible date.

    >>> reason_key("NIK koperasi ganda; yang dipakai baris 12 (2026/koperasi.xlsx, sheet Koperasi)")
    'NIK koperasi ganda; yang dipakai baris lain (disebut pada tiap baris ganda)'
    >>> reason_key("tanggal 45994 (= 03/12/2025) di luar tahun 2026; tidak dihitung untuk tahun ini")
    'tanggal di luar tahun 2026; tidak dihitung untuk tahun ini'
    >>> reason_key("Tanggal tidak ada di kalender (31/02/2026)"), reason_key("Tanggal: angka -3 bukan nomor seri tanggal Excel")
    ('Tanggal tidak ada di kalender', 'Tanggal: angka yang bukan nomor seri tanggal Excel')
    """
    for pattern, kind in _ROW_PARTS:
        alasan = pattern.sub(kind, alasan)
    return alasan


def reasons_table(ledger: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The most frequent rejection reasons: tabel, alasan, jumlah (for reports)."""
    if ledger.empty:
        return pd.DataFrame(columns=["tabel", "alasan", "jumlah"])
    keys = ledger["alasan"].map(reason_key)
    out = ledger.assign(alasan=keys).groupby(["tabel", "alasan"]).size().rename("jumlah").reset_index()
    out = out.sort_values(["jumlah", "tabel", "alasan"], ascending=[False, True, True])
    return out.head(top).reset_index(drop=True)
