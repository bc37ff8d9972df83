#!/usr/bin/env python3
"""Large SYNTHETIC raw data for the benchmarks: a UMKM register of any size, messy on purpose.

    python benchmarks/generate_large.py --rows 1000000 --fmt csv  --out benchmarks/data/csv_1000000
    python benchmarks/generate_large.py --rows 1000000 --fmt xlsx --out benchmarks/data/xlsx_1000000

``generate(out_dir, umkm_rows, fmt)`` writes a raw folder laid out as spec section 2 describes:

    out_dir/
      pdrb_lapangan_usaha.csv            A..U (and the PDRB total row) of the year
      target_iku.csv                     the five indicators, 2025..2029
      <year>/usaha_mikro.csv             the register as one ``;`` CSV            (fmt="csv")
      <year>/usaha_mikro/NN_*.xlsx       or a folder of xlsx files of at most ``rows_per_file``
                                         data rows each (ten files for a million)  (fmt="xlsx")
      <year>/fasilitasi_usaha_mikro.csv  30 % of umkm_rows, ids drawn from the register
      <year>/koperasi.csv                about 2,000 cooperatives (16-digit NIK starting 3509)
      <year>/fasilitasi_koperasi.csv     about 500 rows
      <year>/fasilitasi_perdagangan.csv  about 200 rows
      <y>/fasilitasi_perdagangan.csv     for every y in 2025 .. year-1 (IKU-3 accumulates)
      .generated.json                    the parameters and the expected counts (cache marker)

``umkm_rows`` counts every data row below the header, as the reader counts them (rows read):
each block of ``rows_per_file`` rows holds one entirely empty row and ends with a ``JUMLAH``
sub-total row; the rest are register rows. The CSV register is the same blocks one after the
other, so the CSV and xlsx sets of one size hold the same enterprises and give the same
indicators (an xlsx file holds plain amounts and some identifiers as number cells).

Mess, as in the bundled sample (scripts/generate_sample_data.py): aliased headers that differ
between files (``NIB``/``ID Usaha``/``Nomor Induk Berusaha``, ``Omzet per Tahun (Rp)``/``Omset``,
a non-breaking space), title rows above some headers, amounts as plain numbers, ``Rp 1.250.000``,
``Rp1.250.000``, ``25 jt``, ``1,5 M``, ``850.000,50``, ``14190123.45``; dates as ``dd/mm/yyyy``,
``dd-mm-yyyy``, ISO and ``12 Maret 2025`` / ``12 Mar 2025``; kecamatan as ``Kec. Patrang``,
``SUMBER SARI``, ``kaliwates``, ``Kecamatan Puger``, with a trailing non-breaking space or one
edit away (``Bangsarsari``, corrected); identifiers with spaces, dots and dashes. About 0.1 % of
the register rows are bad on purpose, one defect each, so each is rejected exactly once
(unreadable or negative amounts, Excel scientific notation, empty id, unknown kecamatan,
unknown status, neither omzet nor modal, duplicate id); a few facilitation rows are dated in
another year, name an unknown enterprise or an impossible date.

Deterministic: every table draws from its own ``numpy.random.Generator`` (PCG64) seeded with
``(SEED, table number, year)``; the same parameters (and numpy version) give the same rows. The
data are written once and reused: a folder whose ``.generated.json`` records the same
parameters is not written again (the million-row xlsx set takes about a minute to write).
Nothing here is real data of Kabupaten Jember.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 1
SEED = 20260119
MARKER = ".generated.json"
DEFAULT_YEAR = 2025
ROWS_PER_FILE = 100_000
FASILITASI_SHARE = 0.30
DEFECT_RATE = 0.001
N_KOPERASI = 2_000
N_FAS_KOPERASI = 500
N_FAS_DAGANG = 200
ACCUMULATION_START = 2025
UMKM_DELIMITER = ";"
FAS_DELIMITER = ","

KECAMATAN = (
    "Kencong", "Gumukmas", "Puger", "Wuluhan", "Ambulu", "Tempurejo", "Silo", "Mayang",
    "Mumbulsari", "Jenggawah", "Ajung", "Rambipuji", "Balung", "Umbulsari", "Semboro",
    "Jombang", "Sumberbaru", "Tanggul", "Bangsalsari", "Panti", "Sukorambi", "Arjasa",
    "Pakusari", "Kalisat", "Ledokombo", "Sumberjambe", "Sukowono", "Jelbuk", "Kaliwates",
    "Sumbersari", "Patrang",
)
#: How people split some names ("SUMBER SARI", "GUMUK MAS"): matching ignores the space.
KEC_SPACED = {"Sumbersari": "Sumber Sari", "Gumukmas": "Gumuk Mas", "Sumberbaru": "Sumber Baru",
              "Sumberjambe": "Sumber Jambe", "Umbulsari": "Umbul Sari", "Mumbulsari": "Mumbul Sari",
              "Bangsalsari": "Bangsal Sari", "Ledokombo": "Ledok Ombo", "Rambipuji": "Rambi Puji"}
#: (form, weight): how a kecamatan is written.
KEC_FORMS = (
    (lambda k: k, 70), (lambda k: f"Kec. {k}", 8), (lambda k: KEC_SPACED.get(k, k).upper(), 4),
    (lambda k: k.lower(), 5), (lambda k: f"Kecamatan {k}", 3), (lambda k: KEC_SPACED.get(k, k), 4),
    (lambda k: k + "\u00a0", 2), (lambda k: k.upper(), 4),
)
KEC_TYPOS = ("Bangsarsari", "Jenggawa", "Sumbersri")  # one edit away: corrected, with a note
KEC_WEIGHT = np.array([3, 3, 4, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 4, 3, 2, 2, 2, 3, 3, 2,
                       3, 2, 8, 8, 6], dtype="float64")

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nop", "Des")
DATE_FORMS = ("dmy", "iso", "bulan", "bulan_pendek", "dmy_dash")
DATE_WEIGHTS = (45, 25, 15, 5, 10)

JENIS_USAHA = (("Warung Makan", "Makanan dan Minuman"), ("Toko Kelontong", "Perdagangan"),
               ("Toko", "Perdagangan"), ("Kios", "Perdagangan"), ("Warung Kopi", "Makanan dan Minuman"),
               ("Kerupuk", "Makanan dan Minuman"), ("Tape", "Makanan dan Minuman"),
               ("Suwar-suwir", "Makanan dan Minuman"), ("Prol Tape", "Makanan dan Minuman"),
               ("Keripik", "Makanan dan Minuman"), ("Batik", "Fesyen"), ("Bengkel", "Jasa"),
               ("Laundry", "Jasa"), ("Penjahit", "Fesyen"), ("Catering", "Makanan dan Minuman"),
               ("Jamu", "Makanan dan Minuman"), ("Kopi Bubuk", "Industri Pengolahan"),
               ("Tahu", "Industri Pengolahan"), ("Tempe", "Industri Pengolahan"),
               ("Bakso", "Makanan dan Minuman"), ("Anyaman Bambu", "Kerajinan"), ("Mebel", "Kerajinan"),
               ("Konter Pulsa", "Perdagangan"), ("Salon", "Jasa"), ("Pracangan", "Perdagangan"),
               ("Ternak Kambing", "Pertanian dan Peternakan"), ("Budidaya Lele", "Pertanian dan Peternakan"),
               ("Grosir Sembako", "Perdagangan"), ("Toko Pertanian", "Perdagangan"))
MEREK = ("Barokah", "Berkah Jaya", "Sumber Rejeki", "Makmur", "Lancar", "Sederhana", "Bintang",
         "Mandiri", "Sido Mampir", "Al-Amin", "Rizki", "Dua Putri", "Sinar", "Tiga Saudara")
NAMA_DEPAN = ("Ahmad", "Moh.", "Muhammad", "Abdul", "Agus", "Budi", "Eko", "Hadi", "Hasan", "Imam",
              "Joko", "Slamet", "Sugeng", "Syaiful", "Samsul", "Holili", "Rudi", "Wahyu", "Yusuf",
              "Siti", "Sri", "Nur", "Dewi", "Endang", "Fatimah", "Rina", "Yuliana", "Kartini",
              "Lestari", "Maryam", "Sumiati", "Umi", "Ani", "Rahayu", "Ernawati", "Holifah")
NAMA_BELAKANG = ("Hidayat", "Santoso", "Wibowo", "Prasetyo", "Rahman", "Hasanah", "Rahmawati",
                 "Susanti", "Kurniawan", "Setiawan", "Wahyuni", "Maulana", "Fauzi", "Arifin",
                 "Hakim", "Sholeh", "Anwar", "Purnomo", "Handayani", "Safitri", "Nugroho", "")
FASILITASI_UMKM = (
    ("Pelatihan", "Pelatihan Digital Marketing Angkatan {n}"),
    ("Pelatihan", "Pelatihan Pengemasan dan Label Produk Angkatan {n}"),
    ("Pendampingan", "Pendampingan Manajemen Usaha Mikro Kelompok {n}"),
    ("Sertifikasi Halal", "Fasilitasi Sertifikasi Halal Self Declare Tahap {n}"),
    ("Akses Pembiayaan", "Temu Bisnis Akses KUR dengan Perbankan"),
    ("Promosi/Pameran", "Pameran Produk UMKM, Alun-alun Jember"),
    ("Perizinan NIB", "Klinik Perizinan Berusaha (NIB) melalui OSS"),
    ("Fasilitasi HKI", "Fasilitasi Pendaftaran Merek Produk UMKM"),
)
JENIS_KOPERASI = ("Koperasi Simpan Pinjam", "Koperasi Serba Usaha", "Koperasi Konsumen",
                  "Koperasi Produsen", "Koperasi Pemasaran", "Koperasi Jasa",
                  "Koperasi Desa/Kelurahan Merah Putih")
NAMA_KOPERASI = ("Sumber Makmur", "Artha Jaya", "Mitra Usaha", "Tani Makmur", "Sejahtera", "Bina Usaha",
                 "Karya Bersama", "Maju Bersama", "Barokah", "Al-Hikmah", "Nurul Huda", "Mekar Sari",
                 "Tunas Harapan", "Sido Rukun", "Rukun Tani", "Kopi Argopuro", "Raung Lestari")
FASILITASI_KOPERASI = ("Pendampingan RAT", "Pelatihan Perkoperasian", "Bimbingan Teknis",
                       "Fasilitasi Legalitas", "Penilaian Kesehatan", "Pengawasan")
KATEGORI_DAGANG = ("Sarpras pasar", "Rehab Sarana Prasarana Pasar Tanjung", "Peningkatan Sarana Perdagangan",
                   "Pasar Murah", "Operasi Pasar Bapokting", "pasar murah keliling", "Stabilisasi harga bapok",
                   "Ekspor produk UMKM", "Export kopi", "Fasilitasi EKSPOR tembakau")
PDRB_LAPANGAN = (
    ("A", "Pertanian, Kehutanan, dan Perikanan", 35.6), ("B", "Pertambangan dan Penggalian", 2.5),
    ("C", "Industri Pengolahan", 10.3), ("D", "Pengadaan Listrik dan Gas", 0.10),
    ("E", "Pengadaan Air; Pengelolaan Sampah, Limbah dan Daur Ulang", 0.06), ("F", "Konstruksi", 10.4),
    ("G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor", 14.7),
    ("H", "Transportasi dan Pergudangan", 1.6), ("I", "Penyediaan Akomodasi dan Makan Minum", 3.2),
    ("J", "Informasi dan Komunikasi", 4.7), ("K", "Jasa Keuangan dan Asuransi", 2.6), ("L", "Real Estat", 2.1),
    ("M", "Jasa Profesional, Ilmiah dan Teknis", 0.20),
    ("N", "Jasa Persewaan, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha", 0.12),
    ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib", 2.4), ("P", "Jasa Pendidikan", 4.9),
    ("Q", "Jasa Kesehatan dan Kegiatan Sosial", 0.9), ("R", "Kesenian, Hiburan dan Rekreasi", 0.08),
    ("S", "Kegiatan Jasa Lainnya", 0.75), ("T", "Aktivitas Rumah Tangga sebagai Pemberi Kerja", 0.03),
    ("U", "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya", 0.01),
)
TARGETS = {"IT-1": "14,60", "IT-2": "85,00", "IKU-1": "20,00", "IKU-2": "10,00", "IKU-3": "100"}

#: The register's header in each xlsx file (files of one folder may name columns differently),
#: and its sheet name and title rows. ``None`` in a header is the running-number column "No.".
XLSX_LAYOUTS = (
    ("Sheet1", (), ("ID Usaha", "Nama Usaha", "Kecamatan", "Omset", "Modal", "Status Aktif",
                    "NIK Pemilik", "Nama Pemilik", "Sektor")),
    ("Data UMKM", ("DAFTAR USAHA MIKRO, KECIL DAN MENENGAH KABUPATEN JEMBER", "Sumber: Bidang Pengembangan dan "
                   "Pemberdayaan Koperasi dan Usaha Mikro (DATA SINTETIS)", None),
     (None, "NIB", "Nama Usaha", "Kec", "Omzet per Tahun (Rp)", "Aset (Rp)", "Aktif", "NIK",
      "Nama Pemilik", "Sektor")),
    ("usaha_mikro", (), ("Nomor Induk Berusaha", "Nama\u00a0Usaha", "Kecamatan ", "Hasil Penjualan Tahunan",
                         "Modal Usaha", "Status", "NIK Pemilik", "Nama Pemilik", "Sektor")),
    ("Rekap Kecamatan", ("Rekapitulasi UMKM per kecamatan (DATA SINTETIS)", None),
     (None, "No. NIB", "Nama Usaha", "Kec.", "Omzet Tahunan", "Modal (Rp)", "Status", "NIK Pemilik",
      "Nama Pemilik", "Sektor")),
)
CSV_HEADER = ("NIB", "Nama Usaha", "Kec.", "Omzet per Tahun (Rp)", "Modal Usaha (Rp)", "Status",
              "NIK Pemilik", "Nama Pemilik", "Sektor")
DEFECTS = ("omzet_titik", "omzet_huruf", "omzet_negatif", "modal_titik", "id_ilmiah", "id_kosong",
           "kecamatan_asing", "status_asing", "tanpa_uang", "id_ganda")


# --- small helpers ---------------------------------------------------------------------------

def _rng(seed: int, table: int, year: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64([seed, table, year]))


def _pick(rng: np.random.Generator, n: int, weights) -> np.ndarray:
    w = np.asarray(weights, dtype="float64")
    return rng.choice(len(w), size=n, p=w / w.sum())


def indo_int(n: int) -> str:
    """1250000 -> '1.250.000'."""
    return f"{n:,}".replace(",", ".")


def indo_dec(x: float) -> str:
    """2.5 -> '2,5' (at most two decimals)."""
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _days(year: int) -> list[dt.date]:
    return [dt.date(year, 1, 1) + dt.timedelta(d) for d in range(366 if calendar.isleap(year) else 365)]


def _date_text(d: dt.date, form: str) -> str:
    if form == "dmy":
        return f"{d:%d/%m/%Y}"
    if form == "dmy_dash":
        return f"{d:%d-%m-%Y}"
    if form == "iso":
        return d.isoformat()
    if form == "bulan":
        return f"{d.day} {BULAN[d.month - 1]} {d.year}"
    return f"{d.day} {BULAN_PENDEK[d.month - 1]} {d.year}"


def _dates(rng: np.random.Generator, year: int, n: int, months=(1, 12)) -> np.ndarray:
    """n dates of ``year`` (working days, within ``months``), each written in one of the text forms."""
    days = [d for d in _days(year) if d.weekday() < 5 and months[0] <= d.month <= months[1]]
    table = np.array([[_date_text(d, f) for f in DATE_FORMS] for d in days], dtype=object)
    return table[rng.integers(0, len(days), n), _pick(rng, n, DATE_WEIGHTS)]


def _amounts(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Log-uniform amounts in [lo, hi], rounded to Rp 50.000 (Rp 10 juta from a miliar up)."""
    x = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    step = np.where(x >= 1e9, 1e7, 5e4)
    return np.maximum(np.round(x / step) * step, 5e4)


MONEY_FORMS = ("angka", "rp", "rp_rapat", "titik", "jt", "M", "sen", "mesin")
MONEY_WEIGHTS = (45, 18, 5, 12, 12, 3, 2, 3)


def _money_cells(amount: np.ndarray, form: np.ndarray) -> list:
    """Cells of an amount column: an int for plain numbers (a number cell in xlsx), else text.

    Forms that would lose digits fall back to ``Rp 1.250.000``; the ``sen`` and ``mesin`` forms
    add 50 / 45 sen to the amount they write.
    """
    out: list = [None] * len(amount)
    for i, (a, f) in enumerate(zip(amount.tolist(), form.tolist())):
        if a != a:  # NaN: empty cell
            continue
        n = int(a)
        kind = MONEY_FORMS[f]
        if kind == "jt" and not (n % 100_000 == 0 and n < 1_000_000_000):
            kind = "rp"
        if kind == "M" and not (n >= 1_000_000_000 and n % 10_000_000 == 0):
            kind = "titik"
        if kind == "angka":
            out[i] = n
        elif kind == "rp":
            out[i] = f"Rp {indo_int(n)}"
        elif kind == "rp_rapat":
            out[i] = f"Rp{indo_int(n)}"
        elif kind == "titik":
            out[i] = indo_int(n)
        elif kind == "jt":
            out[i] = f"{indo_dec(n / 1e6)} {'juta' if i % 3 == 0 else 'jt'}"
        elif kind == "M":
            out[i] = f"{indo_dec(n / 1e9)} {'miliar' if i % 4 == 0 else 'M'}"
        elif kind == "sen":
            out[i] = f"{indo_int(n)},50"
        else:
            out[i] = f"{n}.45"
    return out


def _id_cells(ids: np.ndarray, form: np.ndarray) -> list:
    """13-digit NIB: plain text, with spaces / dots / a dash, or a number cell (form 4)."""
    out: list = []
    for s, f in zip(ids.astype(str).tolist(), form.tolist()):
        if f == 0:
            out.append(s)
        elif f == 1:
            out.append(f"{s[:4]} {s[4:8]} {s[8:]}")
        elif f == 2:
            out.append(f"{s[:4]}.{s[4:8]}.{s[8:]}")
        elif f == 3:
            out.append(f"{s[:6]}-{s[6:]}")
        else:
            out.append(int(s))
    return out


def _kecamatan(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(official index, written form) of n kecamatan cells."""
    table = np.array([[form(k) for form, _ in KEC_FORMS] for k in KECAMATAN], dtype=object)
    k = _pick(rng, n, KEC_WEIGHT)
    written = table[k, _pick(rng, n, [w for _, w in KEC_FORMS])]
    typo = rng.random(n) < 0.0005
    written[typo] = np.array(KEC_TYPOS, dtype=object)[rng.integers(0, len(KEC_TYPOS), typo.sum())]
    return k, written


# --- the UMKM register -----------------------------------------------------------------------

def _blocks(umkm_rows: int, rows_per_file: int) -> list[int]:
    """Data rows of each block (file): rows_per_file each, the remainder last."""
    if umkm_rows < 3:
        raise ValueError("umkm_rows must be at least 3 (a register row, an empty row, a totals row)")
    sizes = [rows_per_file] * (umkm_rows // rows_per_file)
    if umkm_rows % rows_per_file:
        sizes.append(umkm_rows % rows_per_file)
    if sizes[-1] < 3:  # too small to hold its empty and totals rows: merge into the previous block
        last = sizes.pop()
        sizes[-1] += last
    return sizes


def build_register(umkm_rows: int, year: int, seed: int, rows_per_file: int) -> dict:
    """The register rows (columns as lists of cells) and what the reader should make of them."""
    sizes = _blocks(umkm_rows, rows_per_file)
    n = umkm_rows - 2 * len(sizes)  # each block: one empty row and one JUMLAH row
    rng = _rng(seed, 1, year)

    prefix = np.where(rng.random(n) < 0.8, 1_200_000_000_000, 9_100_000_000_000)
    ids = prefix + rng.choice(100_000_000_000, size=n, replace=False)
    id_cells = _id_cells(ids, _pick(rng, n, (90, 3, 3, 2, 2)))

    jenis = rng.integers(0, len(JENIS_USAHA), n)
    names = np.array([f"{j} {m}" for j, _ in JENIS_USAHA for m in MEREK]
                     + [f"{j} {p} {d}" for j, _ in JENIS_USAHA for p in ("Pak", "Bu") for d in NAMA_DEPAN[:12]],
                     dtype=object)
    per_jenis_merek = len(MEREK)
    with_owner = rng.random(n) < 0.35
    nama_idx = np.where(with_owner,
                        len(JENIS_USAHA) * per_jenis_merek + jenis * 24 + rng.integers(0, 24, n),
                        jenis * per_jenis_merek + rng.integers(0, per_jenis_merek, n))
    nama = names[nama_idx]
    sektor = np.array([s for _, s in JENIS_USAHA], dtype=object)[jenis]

    kec_idx, kec = _kecamatan(rng, n)

    skala = _pick(rng, n, (965, 25, 7, 3))
    lo = np.array([12e6, 2.05e9, 15.2e9, 51e9])[skala]
    hi = np.array([1.95e9, 14.8e9, 49e9, 250e9])[skala]
    omzet = _amounts(rng, lo, hi)
    omzet[(skala == 0) & (rng.random(n) < 0.04)] = 0.0
    modal = np.maximum(np.round(omzet * rng.uniform(0.1, 0.6, n) / 5e4) * 5e4, 1e6)
    modal[omzet >= 1e9] = np.round(modal[omzet >= 1e9] / 1e7) * 1e7
    no_omzet = rng.random(n) < 0.03
    no_modal = (rng.random(n) < 0.25) & ~no_omzet
    omzet[no_omzet] = np.nan
    modal[no_modal] = np.nan

    aktif = np.where(omzet == 0, rng.random(n) < 0.1, rng.random(n) < 0.92)
    status_form = _pick(rng, n, (35, 65))  # 0: empty (aktif by omzet), 1: written
    ya = np.array(["Aktif", "aktif", "AKTIF", "Ya", "ya", "Y", 1], dtype=object)
    tidak = np.array(["Tidak Aktif", "tidak aktif", "Non Aktif", "nonaktif", "Tidak", "T", 0], dtype=object)
    word = _pick(rng, n, (50, 15, 5, 10, 10, 5, 5))
    status = np.where(aktif, ya[word], tidak[word])
    status[status_form == 0] = None

    kec_code = kec_idx + 1
    female = rng.random(n) < 0.45
    day = rng.integers(1, 29, n) + np.where(female, 40, 0)
    nik = (3509 * 10**12 + kec_code * 10**10 + day * 10**8 + rng.integers(1, 13, n) * 10**6
           + rng.integers(50, 100, n) * 10**4 + rng.integers(1, 60, n))
    owner = np.array([f"{a} {b}".strip() for a in NAMA_DEPAN for b in NAMA_BELAKANG], dtype=object)
    pemilik = owner[rng.integers(0, len(owner), n)]

    omzet_cells = _money_cells(omzet, _pick(rng, n, MONEY_WEIGHTS))
    modal_cells = _money_cells(modal, _pick(rng, n, MONEY_WEIGHTS))
    status_cells = status.tolist()
    kec_cells = kec.tolist()

    # defects: about 0.1 % of the rows, one defect each, every kind at least once
    n_bad = min(max(len(DEFECTS), round(n * DEFECT_RATE)), n // 4)
    bad_rows = np.sort(rng.choice(np.arange(1, n), size=n_bad, replace=False))
    kinds = [DEFECTS[i % len(DEFECTS)] for i in range(n_bad)]
    rng.shuffle(kinds)
    good = np.ones(n, dtype=bool)
    good[bad_rows] = False
    good_before = np.flatnonzero(good)
    for row, kind in zip(bad_rows.tolist(), kinds):
        if kind == "omzet_titik":
            omzet_cells[row] = "12.34.5"
        elif kind == "omzet_huruf":
            omzet_cells[row] = "belum tahu"
        elif kind == "omzet_negatif":
            omzet_cells[row] = "-5.000.000"
        elif kind == "modal_titik":
            modal_cells[row] = "1.2345"
        elif kind == "id_ilmiah":
            id_cells[row] = f"{str(ids[row])[0]},{str(ids[row])[1:6]}E+12"
        elif kind == "id_kosong":
            id_cells[row] = None
        elif kind == "kecamatan_asing":
            kec_cells[row] = "Jember Kota"
        elif kind == "status_asing":
            status_cells[row] = "mungkin"
        elif kind == "tanpa_uang":
            omzet_cells[row] = modal_cells[row] = None
        else:  # id_ganda: the id of an earlier, good row
            earlier = good_before[good_before < row]
            src = int(earlier[rng.integers(0, len(earlier))])
            id_cells[row] = str(ids[src])
            ids[row] = ids[src]

    columns = [id_cells, nama.tolist(), kec_cells, omzet_cells, modal_cells, status_cells,
               nik.astype(str).tolist(), pemilik.tolist(), sektor.tolist()]
    kept = good.copy()
    return {
        "sizes": sizes, "n": n, "columns": columns, "ids": ids, "kept": kept,
        "omzet_total": float(np.nansum(omzet)), "defects": {k: kinds.count(k) for k in DEFECTS},
    }


def _block_rows(reg: dict, b: int, numbered: bool) -> list[list]:
    """The data rows of block ``b``: its register rows, one empty row mid-way, a JUMLAH row last."""
    sizes = reg["sizes"]
    start = sum(s - 2 for s in sizes[:b])
    stop = start + sizes[b] - 2
    rows = [list(r) for r in zip(*(col[start:stop] for col in reg["columns"]))]
    if numbered:
        rows = [[start + i + 1] + r for i, r in enumerate(rows)]
    width = len(rows[0]) if rows else len(reg["columns"]) + numbered
    rows.insert(len(rows) // 2, [None] * width)
    total = [None] * width
    total[0] = "JUMLAH"
    total[3 + numbered] = len(rows) - 1
    rows.append(total)
    return rows


def _write_csv(path: Path, header, rows, delimiter: str, bom: bool = False, titles=()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        for t in titles:
            w.writerow([t] + [""] * (len(header) - 1))
        w.writerow(header)
        w.writerows(rows)


_XLSX_JOBS: list = []


def _write_xlsx(job: int) -> str:
    """Write one register file (openpyxl write-only); run in a forked worker for big sets."""
    from openpyxl import Workbook

    path, sheet, titles, header, reg, b = _XLSX_JOBS[job]
    numbered = header[0] is None
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for t in titles:
        ws.append([t])
    ws.append(["No." if h is None else h for h in header])
    for row in _block_rows(reg, b, numbered):
        ws.append(row)
    wb.save(path)
    return str(path)


def write_register(folder: Path, reg: dict, fmt: str, workers: int) -> list[str]:
    if fmt == "csv":
        path = folder / "usaha_mikro.csv"
        rows = (r for b in range(len(reg["sizes"])) for r in _block_rows(reg, b, numbered=False))
        _write_csv(path, CSV_HEADER, rows, UMKM_DELIMITER)
        return [path.name]
    sub = folder / "usaha_mikro"
    sub.mkdir(parents=True, exist_ok=True)
    _XLSX_JOBS.clear()
    for b in range(len(reg["sizes"])):
        sheet, titles, header = XLSX_LAYOUTS[b % len(XLSX_LAYOUTS)]
        _XLSX_JOBS.append((sub / f"{b + 1:02d}_umkm_blok_{b + 1:02d}.xlsx", sheet, titles, header, reg, b))
    jobs = range(len(_XLSX_JOBS))
    if workers > 1 and len(_XLSX_JOBS) > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(min(workers, len(_XLSX_JOBS))) as pool:
            written = pool.map(_write_xlsx, jobs, chunksize=1)
    else:
        written = [_write_xlsx(j) for j in jobs]
    _XLSX_JOBS.clear()
    return [f"usaha_mikro/{Path(p).name}" for p in written]


# --- the other tables ------------------------------------------------------------------------

def write_fasilitasi_umkm(folder: Path, reg: dict, year: int, seed: int, m: int) -> dict:
    rng = _rng(seed, 2, year)
    registered = np.flatnonzero(reg["kept"])
    ids = reg["ids"][registered[rng.integers(0, len(registered), m)]].astype(str)
    id_cells = [s if f else f"{s[:4]} {s[4:8]} {s[8:]}" for s, f in zip(ids.tolist(), (rng.random(m) >= 0.05).tolist())]
    tanggal = _dates(rng, year, m).tolist()
    kind = rng.integers(0, len(FASILITASI_UMKM), m)
    bentuk = [FASILITASI_UMKM[k][0] for k in kind.tolist()]
    kegiatan = [FASILITASI_UMKM[k][1].format(n=a) for k, a in zip(kind.tolist(), rng.integers(1, 40, m).tolist())]
    n_bad = min(max(4, round(m * DEFECT_RATE)), m // 4)
    bad = rng.choice(m, size=n_bad, replace=False).tolist()
    counts = {"tahun_lain": 0, "tidak_terdaftar": 0, "tanggal_mustahil": 0, "bentuk_kosong": 0}
    for i, row in enumerate(bad):
        kind_bad = list(counts)[i % 4]
        counts[kind_bad] += 1
        if kind_bad == "tahun_lain":
            tanggal[row] = f"{rng.integers(1, 29):02d}/12/{year - 1}"
        elif kind_bad == "tidak_terdaftar":
            id_cells[row] = str(5_500_000_000_000 + int(rng.integers(0, 10**11)))
        elif kind_bad == "tanggal_mustahil":
            tanggal[row] = f"31/02/{year}"
        else:
            bentuk[row] = None
    rows = zip(tanggal, id_cells, bentuk, kegiatan)
    _write_csv(folder / "fasilitasi_usaha_mikro.csv", ("Tanggal Kegiatan", "NIB", "Bentuk Fasilitasi", "Kegiatan"),
               rows, FAS_DELIMITER, bom=True)
    return {"rows": m, "rejected": n_bad, "defects": counts}


def write_koperasi(folder: Path, year: int, seed: int) -> tuple[list[str], dict]:
    rng = _rng(seed, 3, year)
    n = N_KOPERASI
    kec_idx, kec = _kecamatan(rng, n)
    niks = (3509 * 10**12 + (kec_idx + 1) * 10**10 + rng.choice(10**10, size=n, replace=False)).astype(str)
    jenis = rng.integers(0, len(JENIS_KOPERASI), n)
    nama = [f"Koperasi {NAMA_KOPERASI[a]} {b}" for a, b in zip(rng.integers(0, len(NAMA_KOPERASI), n).tolist(),
                                                              rng.integers(1, 200, n).tolist())]
    when = _pick(rng, n, (70, 15, 10, 5))  # RAT this year, last year, earlier, none
    rat = _dates(rng, year, n, months=(1, 6)).tolist()
    last = _dates(rng, year - 1, n, months=(1, 6)).tolist()
    old = _dates(rng, year - 3, n, months=(1, 6)).tolist()
    tanggal = [r if w == 0 else l if w == 1 else o if w == 2 else None
               for r, l, o, w in zip(rat, last, old, when.tolist())]
    anggota = rng.integers(20, 900, n).tolist()
    nik_cells = niks.tolist()
    nik_cells[7] = f"{nik_cells[7][0]},{nik_cells[7][1:6]}E+15"  # digits lost: rejected
    nik_cells[11] = nik_cells[11][:15]                            # 15 digits: rejected
    nik_cells[13] = f"{nik_cells[13][:4]}.{nik_cells[13][4:8]}.{nik_cells[13][8:12]}.{nik_cells[13][12:]}"
    rows = zip(nik_cells, nama, kec.tolist(), tanggal, [JENIS_KOPERASI[j] for j in jenis.tolist()], anggota)
    _write_csv(folder / "koperasi.csv", ("No. Induk Koperasi", "Nama Koperasi", "Kec.", "Tanggal RAT Terakhir",
                                         "Jenis Koperasi", "Jumlah Anggota"), rows, ";")
    good = [s for i, s in enumerate(niks.tolist()) if i not in (7, 11)]
    return good, {"rows": n, "rejected": 2}


def write_fasilitasi_koperasi(folder: Path, niks: list[str], year: int, seed: int) -> dict:
    rng = _rng(seed, 4, year)
    m = N_FAS_KOPERASI
    chosen = np.array(niks, dtype=object)[rng.integers(0, len(niks), m)].tolist()
    tanggal = _dates(rng, year, m).tolist()
    tanggal[3] = f"15/12/{year - 1}"       # another year: rejected
    chosen[5] = "3509999999999999"         # not on the register: rejected
    bentuk = [FASILITASI_KOPERASI[k] for k in rng.integers(0, len(FASILITASI_KOPERASI), m).tolist()]
    rows = zip(tanggal, chosen, bentuk, [f"{b} Angkatan {k}" for b, k in zip(bentuk, rng.integers(1, 9, m).tolist())])
    _write_csv(folder / "fasilitasi_koperasi.csv", ("Tgl", "NIK Koperasi", "Bentuk Fasilitasi", "Kegiatan"), rows, ";")
    return {"rows": m, "rejected": 2}


def write_fasilitasi_perdagangan(folder: Path, year: int, seed: int, m: int = N_FAS_DAGANG) -> dict:
    rng = _rng(seed, 5, year)
    tanggal = _dates(rng, year, m).tolist()
    kategori = [KATEGORI_DAGANG[k] for k in rng.integers(0, len(KATEGORI_DAGANG), m).tolist()]
    kategori[9] = "Sosialisasi"  # matches no kind: rejected
    jumlah = rng.integers(1, 6, m).tolist()
    _, kec = _kecamatan(rng, m)
    rows = zip(tanggal, kategori, [f"Kegiatan {k.lower()} ke-{i + 1}" for i, k in enumerate(kategori)], jumlah,
               kec.tolist(), [f"Pasar {KECAMATAN[i % 31]}" for i in range(m)])
    _write_csv(folder / "fasilitasi_perdagangan.csv",
               ("Tanggal", "Kategori", "Uraian", "Volume", "Kecamatan", "Lokasi"), rows, ",", bom=True)
    return {"rows": m, "rejected": 1}


def write_root(out_dir: Path, year: int) -> None:
    total = 110_119_506.0 * 1.075 ** (year - 2025)
    shares = np.array([s for _, _, s in PDRB_LAPANGAN])
    values = np.round(total * shares / shares.sum(), 2)
    rows = [(year, k, name, f"{indo_int(int(v))},{round((v - int(v)) * 100):02d}")
            for (k, name, _), v in zip(PDRB_LAPANGAN, values)]
    s = float(values.sum())
    rows.append((year, "PDRB", "Produk Domestik Regional Bruto", f"{indo_int(int(s))},{round((s - int(s)) * 100):02d}"))
    _write_csv(out_dir / "pdrb_lapangan_usaha.csv", ("Tahun", "Kategori", "Lapangan Usaha", "ADHB (juta Rp)"), rows, ";",
               titles=("PDRB Kabupaten Jember ADHB menurut lapangan usaha (juta rupiah). DATA SINTETIS",))
    targets = [(k, y, v, "positif", "%") for k, v in TARGETS.items() for y in range(2025, 2030)]
    _write_csv(out_dir / "target_iku.csv", ("Kode Indikator", "Tahun", "Target (%)", "Polaritas", "Satuan"),
               targets, ";")


# --- the public entry point ------------------------------------------------------------------

def params_of(umkm_rows: int, fmt: str, year: int, rows_per_file: int, seed: int) -> dict:
    return {"generator_version": GENERATOR_VERSION, "umkm_rows": int(umkm_rows), "fmt": fmt, "year": int(year),
            "rows_per_file": int(rows_per_file), "seed": int(seed)}


def read_marker(out_dir: Path) -> dict | None:
    try:
        return json.loads((Path(out_dir) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generate(out_dir: Path, umkm_rows: int, fmt: str = "csv", year: int = DEFAULT_YEAR, *,
             rows_per_file: int = ROWS_PER_FILE, seed: int = SEED, workers: int | None = None,
             force: bool = False, verbose: bool = False) -> Path:
    """Write the raw folder ``out_dir`` (see the module docstring) and return it.

    Nothing is written when ``out_dir`` already holds a set made with the same parameters (its
    ``.generated.json`` marker); otherwise the folder is written beside it and renamed into place.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")
    if year < ACCUMULATION_START:
        raise ValueError(f"year must be {ACCUMULATION_START} or later")
    out_dir = Path(out_dir)
    params = params_of(umkm_rows, fmt, year, rows_per_file, seed)
    marker = read_marker(out_dir)
    if not force and marker is not None and marker.get("params") == params:
        return out_dir
    t0 = time.perf_counter()
    workers = workers or min(2, os.cpu_count() or 1)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    folder = tmp / str(year)
    folder.mkdir(parents=True)

    def say(msg: str) -> None:
        if verbose:
            print(f"    [{time.perf_counter() - t0:5.1f} s] {msg}", flush=True)

    reg = build_register(umkm_rows, year, seed, rows_per_file)
    say(f"register of {umkm_rows:,} rows built")
    files = write_register(folder, reg, fmt, workers)
    say(f"usaha_mikro written ({len(files)} file{'s' if len(files) > 1 else ''}, {fmt})")
    fas = write_fasilitasi_umkm(folder, reg, year, seed, round(FASILITASI_SHARE * umkm_rows))
    say(f"fasilitasi_usaha_mikro written ({fas['rows']:,} rows)")
    niks, kop = write_koperasi(folder, year, seed)
    fas_kop = write_fasilitasi_koperasi(folder, niks, year, seed)
    dagang = write_fasilitasi_perdagangan(folder, year, seed)
    for y in range(ACCUMULATION_START, year):
        write_fasilitasi_perdagangan(tmp / str(y), y, seed)
    write_root(tmp, year)
    n_blocks = len(reg["sizes"])
    expected = {
        "usaha_mikro": {"baris_dibaca": umkm_rows, "baris_diterima": int(reg["kept"].sum()),
                        "baris_ditolak": int((~reg["kept"]).sum()), "baris_kosong": n_blocks,
                        "baris_total": n_blocks, "files": files, "defects": reg["defects"]},
        "fasilitasi_usaha_mikro": {"baris_dibaca": fas["rows"], "baris_ditolak": fas["rejected"],
                                   "defects": fas["defects"]},
        "koperasi": {"baris_dibaca": kop["rows"], "baris_ditolak": kop["rejected"]},
        "fasilitasi_koperasi": {"baris_dibaca": fas_kop["rows"], "baris_ditolak": fas_kop["rejected"]},
        "fasilitasi_perdagangan": {"baris_dibaca": dagang["rows"], "baris_ditolak": dagang["rejected"]},
    }
    info = {"params": params, "expected": expected, "delimiters": {"usaha_mikro": UMKM_DELIMITER,
            "fasilitasi_usaha_mikro": FAS_DELIMITER}, "numpy": np.__version__,
            "seconds": round(time.perf_counter() - t0, 1),
            "note": "DATA SINTETIS untuk benchmark; bukan data riil Kabupaten Jember."}
    (tmp / MARKER).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(out_dir)
    say("done")
    return out_dir


def register_files(out_dir: Path) -> list[Path]:
    """The files of the UMKM register of a generated set, in name order."""
    info = read_marker(out_dir)
    if info is None:
        raise FileNotFoundError(f"{out_dir} holds no generated set ({MARKER} missing)")
    folder = Path(out_dir) / str(info["params"]["year"])
    return [folder / f for f in info["expected"]["usaha_mikro"]["files"]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, required=True, help="data rows of the UMKM register")
    ap.add_argument("--fmt", choices=("csv", "xlsx"), default="csv")
    ap.add_argument("--year", type=int, default=DEFAULT_YEAR)
    ap.add_argument("--rows-per-file", type=int, default=ROWS_PER_FILE)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--force", action="store_true", help="write again even when the marker matches")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    generate(args.out, args.rows, args.fmt, args.year, rows_per_file=args.rows_per_file,
             force=args.force, verbose=True)
    print(f"{args.out}: {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
