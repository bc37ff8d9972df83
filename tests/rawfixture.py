"""A small, messy, hand-computable raw folder (two years) shared by the tests.

Expected numbers are written from the spec's formulas, row by row, in EXPECTED below: they are
counted by hand from the rows listed here, not from the code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

OWNER_NIK = "3509123456780001"


def raw_table(table: str, rows: list[dict]):
    """A RawTable of ``rows`` as read from ``<table>.xlsx``, sheet ``<table>``, rows numbered from 2."""
    import pandas as pd

    from iku_helpers.ingest.reading import RawTable

    frame = pd.DataFrame(rows, dtype=object)
    frame.insert(0, "_baris", range(2, 2 + len(frame)))
    frame.insert(0, "_sheet", table)
    frame.insert(0, "_berkas", f"{table}.xlsx")
    return RawTable(table, frame.reset_index(drop=True), [f"{table}.xlsx"])
XSS = "<script>alert(1)</script>"


def _xlsx(path: Path, sheet: str, rows: list[list[object]], text_cols: tuple[int, ...] = ()) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for col in text_cols:
        for cell in ws.iter_cols(min_col=col, max_col=col):
            for c in cell:
                c.number_format = "@"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _csv(path: Path, lines: list[str], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def build_year_2025(raw: Path) -> None:
    y = raw / "2025"
    _xlsx(y / "koperasi.xlsx", "Koperasi", [
        ["DAFTAR KOPERASI KABUPATEN JEMBER 2025"],
        [],
        ["No. Induk Koperasi", "Nama Koperasi", "Kec.", "Tanggal RAT Terakhir", "Jumlah Anggota"],
        ["3509010000000001", "Kop A", "Kaliwates", dt.datetime(2025, 3, 10), 20],       # row 4 aktif
        ["3509.0100.0000.0002", "Kop B", "Kec. Sumber Sari", "12 Maret 2025", 15],     # row 5 aktif
        [3509010000000003, "Kop C", "Bangsarsari", "01/02/2024", 12],                  # row 6 not aktif
        ["3,50901E+15", "Kop D", "Patrang", "01/03/2025", 10],                         # row 7 rejected
        [None, None, None, None, None],                                                # row 8 empty
        ["3509010000000005", "Kop E", "Jember Kota", "01/03/2025", 10],                # row 9 rejected
        ["3509010000000001", "Kop A lama", "Kaliwates", dt.datetime(2024, 5, 1), 20],  # row 10 duplicate
        ["3509010000000006", "Kop F", "Puger", "31/02/2025", 9],                       # row 11 rejected
        ["3509010000000007", "Kop G", "Ambulu", None, 8],                              # row 12 kept, no RAT
        ["JUMLAH", None, None, None, 94],                                              # row 13 total
    ])
    _csv(y / "fasilitasi_koperasi.csv", [
        "Tgl;NIK Koperasi;Bentuk Fasilitasi",
        "05/05/2025;3509010000000001;pelatihan",
        "06/06/2025;3509010000000001;pendampingan",
        "2025-07-01;3509010000000003;pelatihan",
        "15/12/2024;3509010000000002;pelatihan",
        "01/08/2025;3509019999999999;pelatihan",
    ])
    _xlsx(y / "usaha_mikro" / "a_barat.xlsx", "Sheet1", [
        ["NIB", "Nama Usaha", "Kecamatan", "Omzet per Tahun (Rp)", "Modal Usaha", "Status", "NIK Pemilik", "Nama Pemilik"],
        ["1000000000001", f"Warung {XSS}", "Patrang", 120_000_000, 50_000_000, "ya", OWNER_NIK, "Budi Santoso"],
        ["1000000000002", "Toko B", "Ajung", "Rp 1.250.000,50", None, "tidak", "3509123456780002", "Siti"],
        ["1000000000003", "CV C", "Silo", "3 M", "500 jt", "aktif", "3509123456780003", "Andi"],
        ["1000000000004", "D", "Puger", "-5", None, None, "3509123456780004", "Dewi"],
        ["1000000000001", "Warung dobel", "Patrang", 1, 1, "ya", "3509123456780005", "Eko"],
    ], text_cols=(1, 7))
    _csv(y / "usaha_mikro" / "b_timur.csv", [
        "ID Usaha;Nama Usaha;Kec;Omset;Aset",
        "1000000000006;Kafé F;Kencong;14190123.45;",
        "1000000000007;G;Kencong;0;100000000",
        "1000000000008;H;Kencong;;",
        "1000000000009;I;Kencong;;2.000.000.000",
    ], encoding="cp1252")
    _xlsx(y / "fasilitasi_usaha_mikro.xlsx", "fasilitasi_usaha_mikro", [
        ["Tanggal Kegiatan", "NIB", "Jenis Fasilitasi"],
        [dt.datetime(2025, 3, 1), "1000000000001", "pelatihan"],
        [dt.datetime(2025, 4, 1), "1000000000001", "pendampingan"],
        [dt.datetime(2025, 5, 1), "1000000000002", "pelatihan"],
        [dt.datetime(2025, 6, 1), "1000000000003", "pelatihan"],
        [dt.datetime(2024, 1, 1), "1000000000006", "pelatihan"],
        ["02/02/2025", "9999999999999", "pelatihan"],
    ])
    _csv(y / "fasilitasi_perdagangan.csv", [
        "Tanggal,Kategori,Uraian,Volume,Kecamatan",
        "01/02/2025,Sarpras pasar,Rehab los pasar,2,Patrang",
        "01/03/2025,Pasar Murah,Pasar murah Ramadan,,Ajung",
        "01/04/2025,Ekspor kopi,Ekspor kopi ke Jepang,3,",
        "01/05/2025,Sosialisasi,Sosialisasi,1,Silo",
    ])


def build_year_2026(raw: Path) -> None:
    y = raw / "2026"
    _xlsx(y / "koperasi.xlsx", "koperasi", [
        ["NIK", "Nama Koperasi", "Kecamatan", "Tahun RAT"],
        ["3509010000000001", "Kop A", "Kaliwates", 2026],
        ["3509010000000002", "Kop B", "Sumbersari", 2025],
        ["3509010000000003", "Kop C", "Bangsalsari", 2026],
    ])
    _csv(y / "fasilitasi_koperasi.csv", [
        "Tanggal,NIK,Jenis Fasilitasi",
        "2026-02-01,3509010000000002,pelatihan",
        "2026-02-02,3509010000000003,pelatihan",
    ])
    _csv(y / "usaha_mikro.csv", [
        "ID Usaha,Nama Usaha,Kecamatan,Omzet,Status Aktif",
        "2000000000001,A,Patrang,\"Rp 100.000.000\",ya",
        "2000000000002,B,Patrang,\"1,5 M\",ya",
        "2000000000003,C,Patrang,\"2,5 M\",ya",
        "2000000000004,D,Patrang,0,tidak",
    ])
    _csv(y / "fasilitasi_usaha_mikro.csv", [
        "Tanggal,ID Usaha,Fasilitasi",
        "2026-05-01,2000000000001,pelatihan",
        "2026-05-01,2000000000003,pelatihan",
    ])
    _csv(y / "fasilitasi_perdagangan.csv", [
        "Tanggal;Kategori;Uraian;Jumlah",
        "01/06/2026;Operasi pasar bapokting;OP beras;3",
    ])


def build_root(raw: Path) -> None:
    letters = "ABCDEFGHIJKLMNOPQRSTU"
    values = {k: 5.0 for k in letters if k != "G"}  # 20 × 5 = 100
    values["G"] = 25.0  # IT-1 2025 = 25 / 125 = 20 %
    lines = ["PDRB ADHB Kabupaten Jember (juta rupiah)", "Tahun;Kategori;Lapangan Usaha;ADHB (juta Rp)"]
    lines += [f"2025;{k};Lapangan {k};{str(v).replace('.', ',')}" for k, v in values.items()]
    lines += ["2025;C1;Industri batubara;1,0", "2025;PDRB;Produk Domestik Regional Bruto;125,0"]
    _csv(raw / "pdrb_lapangan_usaha.csv", lines)
    _csv(raw / "target_iku.csv", [
        "Kode Indikator;Tahun;Target;Polaritas",
        "IT-1;2025;20;positif",
        "IT-2;2025;0;positif",
        "IKU-1;2025;40;positif",
        "IKU-2;2025;50;negatif",
        "IKU-3;2025;100;",
        "IKU-1;2026;50;positif",
        "IKU-3;2026;50;positif",
    ])


def build_raw(raw: Path) -> Path:
    build_year_2025(raw)
    build_year_2026(raw)
    build_root(raw)
    return raw


#: Counted by hand from the rows above (spec section 5 formulas).
EXPECTED = {
    2025: {
        # koperasi aktif: A (2025-03-10), B (12 Maret 2025) → 2; facilitated aktif: A → 1
        "IKU-1": (1, 2, 50.0),
        # mikro: U1, U2, U6, U7 (U3 kecil by omzet, U9 kecil by modal) → 4; mikro ∧ aktif: U1, U6 → 2
        "IT-2": (2, 4, 50.0),
        # mikro ∧ aktif: U1, U6; facilitated among them: U1 → 1
        "IKU-2": (1, 2, 50.0),
        # F(2025) = 2 + 1 + 3 = 6 (the Sosialisasi row is rejected)
        "IKU-3": (6, 6, 100.0),
        # G = 25, A..U = 125
        "IT-1": (25.0, 125.0, 20.0),
    },
    2026: {
        # aktif (RAT 2026): A, C → 2; facilitated: B (not aktif), C → 1
        "IKU-1": (1, 2, 50.0),
        # mikro: A (100 jt), B (1,5 M), D (0) → 3; aktif: A, B → 2
        "IT-2": (2, 3, 200 / 3),
        # facilitated mikro ∧ aktif: A → 1 (C is kecil)
        "IKU-2": (1, 2, 50.0),
        # F(2026) = 3; Σ 2025..2026 = 6 + 3 = 9
        "IKU-3": (3, 9, 100 / 3),
    },
}
