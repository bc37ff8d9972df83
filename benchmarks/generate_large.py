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

Names and mess come from scripts/sample_words.py, which the bundled sample
(scripts/generate_sample_data.py) uses too: the same names of enterprises, owners, cooperatives,
facilitations, trade events and PDRB, and the same ways of writing values. Aliased headers that
differ between files (``NIB``/``ID Usaha``/``Nomor Induk Berusaha``, ``Omzet per Tahun
(Rp)``/``Omset``, a non-breaking space), title rows above some headers, amounts as plain numbers,
``Rp 1.250.000``, ``Rp1.250.000``, ``25 jt``, ``1,5 M``, ``850.000,50``, ``14190123.45``; dates as
``dd/mm/yyyy``, ``dd-mm-yyyy``, ISO and ``12 Maret 2025`` / ``12 Agt 2025``; kecamatan as ``Kec.
Patrang``, ``SUMBER SARI``, ``kaliwates``, ``Kecamatan Puger``, with a trailing non-breaking
space or one edit away (``Bangsarsari``, corrected); identifiers with spaces, dots and dashes.
About 0.1 % of the register rows are bad on purpose, one defect each, so each is rejected exactly
once (unreadable or negative amounts, Excel scientific notation, empty id, unknown kecamatan,
unknown status, neither omzet nor modal, duplicate id); a few facilitation rows are dated in
another year, name an unknown enterprise or an impossible date.

A wide cooperative register, for the memory benchmark of ``iku validate`` on an OSS-style export
whose columns are mostly not needed (``generate_wide_koperasi``):

    python benchmarks/generate_large.py --wide-koperasi --rows 1000000 --out benchmarks/data/koperasi_lebar_1000000

writes ``out_dir/<year>/koperasi.xlsx`` (one sheet ``Koperasi``: a title row, the header, ``rows``
data rows) beside the two root tables, and nothing else. Its 40 columns (``--columns``) are the
seven of the koperasi table (``Nomor Induk Koperasi``, ``Nama Koperasi``, ``Kecamatan``, ``Tanggal
RAT Terakhir``, ``Jenis Koperasi``, ``Jumlah Anggota``, ``Badan Hukum``) among 33 an ODS/OSS export
carries (legal entity, address, contacts, officers, members by sex, capital, assets, SHU, grade,
coordinates ...), none of them an alias of any table's column, so all are kept as extra text
columns; text, number cells and date cells mixed as in a real export (``Tanggal RAT Terakhir``:
date cells and ``dd/mm/yyyy`` text). The NIK are distinct; five rows are entirely empty, a
``JUMLAH`` row ends the sheet, and about 0.1 % of the rows hold one defect each (15-digit NIK, NIK
in scientific notation, unknown kecamatan, ``31/02/<year>``, a NIK used by an earlier row), so the
marker's expected counts are exact. It is written row by row with XlsxWriter in constant-memory
mode (inline strings): about three minutes and 265 MB for a million rows.

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
import functools
import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))  # sample_words, shared with the sample

import sample_words as words

from iku_helpers.core.facts import RPJMD_START
from iku_helpers.core.tables import ALIASES, KECAMATAN, TABLES, canonical_column, normalise_header

#: 2: names and writing rules from scripts/sample_words.py (sets of version 1 are written again).
GENERATOR_VERSION = 2
SEED = words.SEED
MARKER = ".generated.json"
DEFAULT_YEAR = 2025
ROWS_PER_FILE = 100_000
FASILITASI_SHARE = 0.30
DEFECT_RATE = 0.001
N_KOPERASI = 2_000
N_FAS_KOPERASI = 500
N_FAS_DAGANG = 200
ACCUMULATION_START = RPJMD_START
UMKM_DELIMITER = ";"
FAS_DELIMITER = ","

#: How often each way of writing a kecamatan (sample_words.KEC_FORMS) is used.
KEC_FORM_WEIGHTS = {"plain": 70, "kec": 8, "spaced_upper": 4, "lower": 5, "kecamatan": 3, "spaced": 4,
                    "nbsp": 2, "upper": 4}
KEC_WEIGHT = np.array([3, 3, 4, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 4, 3, 2, 2, 2, 3, 3, 2,
                       3, 2, 8, 8, 6], dtype="float64")  # in KECAMATAN order: the town ones weigh most
#: How often each text form of a date (sample_words.date_text) is used.
DATE_WEIGHTS = {"dmy": 45, "iso": 25, "bulan": 15, "bulan_pendek": 5, "dmy_dash": 10}
#: How often an amount is a number cell ("number"), text (sample_words.money_text), or text with
#: 50 sen ("sen") or 45 sen in a machine export ("machine") added to it.
MONEY_WEIGHTS = {"number": 45, "rp": 18, "rp_tight": 5, "plain": 12, "jt": 12, "M": 3, "sen": 2, "machine": 3}
#: How often an identifier is written each way (sample_words.id_written).
ID_WEIGHTS = {"plain": 90, "spaces": 3, "dots": 3, "dashes": 2, "numeric": 2}
#: Merah Putih cooperatives against the other jenis' 100: 248 of the sample's 2,008 in 2025.
MERAH_PUTIH_WEIGHT = 14

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
    w = np.asarray(list(weights), dtype="float64")
    return rng.choice(len(w), size=n, p=w / w.sum())


def _chooser(rng: np.random.Generator):
    """sample_words' ``choice`` (one item of a sequence) drawn from ``rng``."""
    return lambda seq: seq[int(rng.integers(len(seq)))]


def _days(year: int) -> list[dt.date]:
    return [dt.date(year, 1, 1) + dt.timedelta(d) for d in range(366 if calendar.isleap(year) else 365)]


def _dates(rng: np.random.Generator, year: int, n: int, months=(1, 12)) -> np.ndarray:
    """n dates of ``year`` (working days, within ``months``), each written in one of the text forms
    (the short month name varies with the day: 'Agu', 'Agt', 'Ags')."""
    days = [d for d in _days(year) if d.weekday() < 5 and months[0] <= d.month <= months[1]]
    short = [(d, words.BULAN_PENDEK[d.month - 1]) for d in days]
    table = np.array([[words.date_text(d, f, pendek[d.day % len(pendek)]) for f in DATE_WEIGHTS]
                      for d, pendek in short], dtype=object)
    return table[rng.integers(0, len(days), n), _pick(rng, n, DATE_WEIGHTS.values())]


def _amounts(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Log-uniform amounts in [lo, hi], rounded to Rp 50.000 (Rp 10 juta from a miliar up)."""
    x = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    step = np.where(x >= 1e9, 1e7, 5e4)
    return np.maximum(np.round(x / step) * step, 5e4)


def _money_cells(amount: np.ndarray, form: np.ndarray) -> list:
    """Cells of an amount column: an int for a number cell (plain in a CSV), else text.

    A form that would lose digits falls back: juta to ``Rp 1.250.000``, miliar to ``1.250.000``.
    The words after juta and miliar take turns row by row.
    """
    forms = list(MONEY_WEIGHTS)
    text = functools.lru_cache(maxsize=None)(words.money_text)  # amounts repeat: a few ten thousand differ
    out: list = [None] * len(amount)
    for i, (a, f) in enumerate(zip(amount.tolist(), form.tolist())):
        if a != a:  # NaN: empty cell
            continue
        n = int(a)
        kind = forms[f]
        if kind == "number":
            out[i] = n
        elif kind == "sen":
            out[i] = text(n + 0.5, "plain")
        elif kind == "machine":
            out[i] = text(n + 0.45, "machine")
        elif kind == "jt":
            out[i] = text(n, "jt", words.JT_WORDS[i % len(words.JT_WORDS)]) if words.fits_jt(n) else text(n, "rp")
        elif kind == "M":
            out[i] = text(n, "M", words.M_WORDS[i % len(words.M_WORDS)]) if words.fits_m(n) else text(n, "plain")
        else:
            out[i] = text(n, kind)
    return out


def _id_cells(ids: np.ndarray, form: np.ndarray) -> list:
    """13-digit NIB, written as ID_WEIGHTS says (the first form is plain text)."""
    forms = list(ID_WEIGHTS)
    return [s if f == 0 else words.id_written(s, forms[f]) for s, f in zip(ids.astype(str).tolist(), form.tolist())]


def _kecamatan(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(official index, written form) of n kecamatan cells; a few are one edit away."""
    table = np.array([[words.KEC_FORMS[f](k) for f in KEC_FORM_WEIGHTS] for k in KECAMATAN], dtype=object)
    k = _pick(rng, n, KEC_WEIGHT)
    written = table[k, _pick(rng, n, KEC_FORM_WEIGHTS.values())]
    typo = rng.random(n) < 0.0005
    typos = list(words.KEC_TYPOS)
    which = rng.integers(0, len(typos), typo.sum())
    written[typo] = np.array(typos, dtype=object)[which]
    k[typo] = [KECAMATAN.index(words.KEC_TYPOS[typos[t]]) for t in which.tolist()]
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

    prefix = np.array([int(p) for p in words.NIB_PREFIXES], dtype="int64")[rng.integers(0, len(words.NIB_PREFIXES), n)]
    ids = prefix * 10**10 + rng.choice(10**10, size=n, replace=False)
    id_cells = _id_cells(ids, _pick(rng, n, ID_WEIGHTS.values()))

    # the owner (a woman's NIK carries her day of birth plus 40) and the business named after
    # the owner or a brand
    female = rng.random(n) < words.PEREMPUAN
    first = np.where(female, np.array(words.NAMA_P, dtype=object)[rng.integers(0, len(words.NAMA_P), n)],
                     np.array(words.NAMA_L, dtype=object)[rng.integers(0, len(words.NAMA_L), n)])
    last = np.array(words.NAMA_BELAKANG, dtype=object)[rng.integers(0, len(words.NAMA_BELAKANG), n)]
    pemilik = np.where(rng.random(n) < words.NAMA_TUNGGAL, first, first + " " + last)
    jenis = rng.integers(0, len(words.JENIS_USAHA), n)
    usaha = np.array([j for j, _ in words.JENIS_USAHA], dtype=object)[jenis]
    sektor = np.array([s for _, s in words.JENIS_USAHA], dtype=object)[jenis]
    nama = usaha + " " + np.array(words.MEREK, dtype=object)[rng.integers(0, len(words.MEREK), n)]
    by_owner = rng.random(n) < words.USAHA_BERNAMA_PEMILIK
    nama[by_owner] = [words.usaha_of_owner(u, f, w) for u, f, w in
                      zip(usaha[by_owner].tolist(), first[by_owner].tolist(), female[by_owner].tolist())]

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

    # status: empty (aktif by omzet) or a word of one of the offices' styles
    aktif = np.where(omzet == 0, rng.random(n) < 0.1, rng.random(n) < 0.92)
    status_form = _pick(rng, n, (35, 65))  # 0: empty (aktif by omzet), 1: written
    ya, tidak = ([pair for style in words.STATUS_WORDS.values() for pair in style[side]] for side in (0, 1))
    status = np.where(aktif, np.array([w for w, _ in ya], dtype=object)[_pick(rng, n, [c for _, c in ya])],
                      np.array([w for w, _ in tidak], dtype=object)[_pick(rng, n, [c for _, c in tidak])])
    status[status_form == 0] = None

    born = [words.LAHIR_AWAL + dt.timedelta(i) for i in range(words.LAHIR_HARI + 1)]
    day, month, year_born = np.array([(d.day, d.month, d.year) for d in born])[rng.integers(0, len(born), n)].T
    serial = rng.integers(words.NIK_NOMOR[0], words.NIK_NOMOR[1] + 1, n)
    nik = words.nik_pemilik(kec_idx + 1, day, month, year_born, female, serial)

    omzet_cells = _money_cells(omzet, _pick(rng, n, MONEY_WEIGHTS.values()))
    modal_cells = _money_cells(modal, _pick(rng, n, MONEY_WEIGHTS.values()))
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
            omzet_cells[row] = words.UANG_TITIK_SALAH
        elif kind == "omzet_huruf":
            omzet_cells[row] = words.UANG_HURUF
        elif kind == "omzet_negatif":
            omzet_cells[row] = words.UANG_NEGATIF
        elif kind == "modal_titik":
            modal_cells[row] = words.UANG_EMPAT_DESIMAL
        elif kind == "id_ilmiah":
            id_cells[row] = words.id_written(str(ids[row]), "sci")
        elif kind == "id_kosong":
            id_cells[row] = None
        elif kind == "kecamatan_asing":
            kec_cells[row] = words.KEC_ASING[0]
        elif kind == "status_asing":
            status_cells[row] = words.STATUS_ASING
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
    id_cells = [s if f else words.id_written(s, "spaces")
                for s, f in zip(ids.tolist(), (rng.random(m) >= 0.05).tolist())]
    tanggal = _dates(rng, year, m).tolist()
    kind = rng.integers(0, len(words.FASILITASI_UMKM), m)
    bentuk = [words.FASILITASI_UMKM[k][0] for k in kind.tolist()]
    kegiatan = [words.FASILITASI_UMKM[k][1].format(n=a) for k, a in zip(kind.tolist(), rng.integers(1, 40, m).tolist())]
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


def write_koperasi(folder: Path, year: int, seed: int) -> tuple[dict[str, bool], dict]:
    """The register of cooperatives; returns the NIK of the rows kept (-> Merah Putih or not)."""
    rng = _rng(seed, 3, year)
    n = N_KOPERASI
    kec_idx, kec = _kecamatan(rng, n)
    jenis = _pick(rng, n, [w for _, _, w in words.JENIS_KOPERASI] + [MERAH_PUTIH_WEIGHT])
    merah_putih = jenis == len(words.JENIS_KOPERASI)
    yy = np.where(merah_putih, 25, rng.integers(95, 125, n) % 100)
    serial = rng.choice(10**7, size=n, replace=False)  # distinct: the NIK are distinct
    niks = words.nik_koperasi(kec_idx + 1, yy, serial).astype(str).tolist()
    choice = _chooser(rng)
    nama = []
    for k, j in zip(kec_idx.tolist(), jenis.tolist()):
        if j == len(words.JENIS_KOPERASI):
            nama.append(words.nama_merah_putih(choice(words.DESA), KECAMATAN[k] in words.KOTA))
            continue
        name = f"{choice(words.JENIS_KOPERASI[j][1])} {choice(words.NAMA_KOPERASI)}"
        nama.append(f"{name} {KECAMATAN[k]}" if rng.random() < words.KOPERASI_BERNAMA_KEC else name)
    when = _pick(rng, n, (70, 15, 10, 5))  # RAT this year, last year, earlier, none
    rat = _dates(rng, year, n, months=(1, 6)).tolist()
    last = _dates(rng, year - 1, n, months=(1, 6)).tolist()
    old = _dates(rng, year - 3, n, months=(1, 6)).tolist()
    tanggal = [r if w == 0 else la if w == 1 else o if w == 2 else None
               for r, la, o, w in zip(rat, last, old, when.tolist())]
    anggota = rng.integers(20, 900, n).tolist()
    nik_cells = list(niks)
    nik_cells[7] = words.id_written(niks[7], "sci")  # digits lost: rejected
    nik_cells[11] = niks[11][:15]                    # 15 digits: rejected
    nik_cells[13] = words.id_written(niks[13], "dots")
    jenis_text = [words.JENIS_KOPERASI[j][0] if j < len(words.JENIS_KOPERASI) else words.JENIS_MERAH_PUTIH
                  for j in jenis.tolist()]
    rows = zip(nik_cells, nama, kec.tolist(), tanggal, jenis_text, anggota)
    _write_csv(folder / "koperasi.csv", ("No. Induk Koperasi", "Nama Koperasi", "Kec.", "Tanggal RAT Terakhir",
                                         "Jenis Koperasi", "Jumlah Anggota"), rows, ";")
    good = {s: bool(mp) for i, (s, mp) in enumerate(zip(niks, merah_putih.tolist())) if i not in (7, 11)}
    return good, {"rows": n, "rejected": 2}


def write_fasilitasi_koperasi(folder: Path, niks: dict[str, bool], year: int, seed: int) -> dict:
    """Facilitation of cooperatives: a Merah Putih cooperative gets the kinds meant for it."""
    rng = _rng(seed, 4, year)
    m = N_FAS_KOPERASI
    pool = list(niks)
    chosen = [pool[i] for i in rng.integers(0, len(pool), m).tolist()]
    tanggal = _dates(rng, year, m).tolist()
    kinds = {mp: [f for f in words.FASILITASI_KOPERASI if f[2] == mp] for mp in (False, True)}
    choice = _chooser(rng)
    bentuk, kegiatan = [], []
    for nik, n in zip(chosen, rng.integers(1, 9, m).tolist()):
        b, k, _ = choice(kinds[niks[nik]])
        bentuk.append(b)
        kegiatan.append(k.format(y1=year - 1, n=n, w=choice(words.NAMA_WILAYAH)))
    tanggal[3] = f"15/12/{year - 1}"       # another year: rejected
    chosen[5] = "3509999999999999"         # not on the register: rejected
    rows = zip(tanggal, chosen, bentuk, kegiatan)
    _write_csv(folder / "fasilitasi_koperasi.csv", ("Tgl", "NIK Koperasi", "Bentuk Fasilitasi", "Kegiatan"), rows, ";")
    return {"rows": m, "rejected": 2}


def write_fasilitasi_perdagangan(folder: Path, year: int, seed: int, m: int = N_FAS_DAGANG) -> dict:
    rng = _rng(seed, 5, year)
    tanggal = _dates(rng, year, m).tolist()
    kinds = [list(words.KATEGORI_DAGANG)[k] for k in _pick(rng, m, words.KATEGORI_DAGANG_BOBOT.values()).tolist()]
    forms = [list(KEC_FORM_WEIGHTS)[f] for f in _pick(rng, m, KEC_FORM_WEIGHTS.values()).tolist()]
    choice = _chooser(rng)
    rows = []
    for d, kind, form in zip(tanggal, kinds, forms):
        kategori = choice(words.KATEGORI_DAGANG[kind])
        kec, uraian, jumlah, lokasi = words.dagang_event(kind, kategori, choice(KECAMATAN), choice)
        rows.append([d, kategori, uraian, jumlah, words.KEC_FORMS[form](kec), lokasi])
    rows[9][1] = words.KATEGORI_TIDAK_COCOK  # matches no kind: rejected
    _write_csv(folder / "fasilitasi_perdagangan.csv",
               ("Tanggal", "Kategori", "Uraian", "Volume", "Kecamatan", "Lokasi"), rows, ",", bom=True)
    return {"rows": m, "rejected": 1}


def write_root(out_dir: Path, year: int) -> None:
    sen = words.pdrb_sen(year)
    rows = [(year, k, name, words.sen_text(sen[k])) for k, name, _ in words.PDRB_LAPANGAN]
    rows.append((year, "PDRB", "Produk Domestik Regional Bruto", words.sen_text(sum(sen.values()))))
    _write_csv(out_dir / "pdrb_lapangan_usaha.csv", ("Tahun", "Kategori", "Lapangan Usaha", "ADHB (juta Rp)"),
               rows, ";", titles=("PDRB Kabupaten Jember ADHB menurut lapangan usaha (juta rupiah). DATA SINTETIS",))
    targets = [(k, y, v, "positif", "%")
               for k, values in words.TARGETS.items() for y, v in zip(words.TARGET_YEARS, values)]
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


def _staging(out_dir: Path, year: int) -> tuple[Path, Path]:
    """(a fresh folder beside ``out_dir`` to write a set into, its year folder)."""
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    folder = tmp / str(year)
    folder.mkdir(parents=True)
    return tmp, folder


def _progress(t0: float, verbose: bool):
    """A function that prints a step with the seconds since ``t0`` (nothing unless ``verbose``)."""
    def say(msg: str) -> None:
        if verbose:
            print(f"    [{time.perf_counter() - t0:5.1f} s] {msg}", flush=True)
    return say


def _publish(tmp: Path, out_dir: Path, info: dict) -> None:
    """Write the marker into the staged set and move it into place as ``out_dir``."""
    (tmp / MARKER).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(out_dir)


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
    tmp, folder = _staging(out_dir, year)
    say = _progress(t0, verbose)
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
    _publish(tmp, out_dir, info)
    say("done")
    return out_dir


def register_files(out_dir: Path) -> list[Path]:
    """The files of the UMKM register of a generated set, in name order."""
    info = read_marker(out_dir)
    if info is None:
        raise FileNotFoundError(f"{out_dir} holds no generated set ({MARKER} missing)")
    folder = Path(out_dir) / str(info["params"]["year"])
    return [folder / f for f in info["expected"]["usaha_mikro"]["files"]]


# --- the wide koperasi register (--wide-koperasi) ----------------------------------------------

#: Columns of the wide register: an OSS/ODS export of cooperatives, in the export's order. Seven are
#: the koperasi table's own columns (WIDE_KNOWN, headers as the spec's aliases); the other 33 are
#: none of the project's columns under any alias (checked by :func:`wide_header`) and are carried
#: on as text.
WIDE_COLUMNS = 40
WIDE_KNOWN = ("Nomor Induk Koperasi", "Nama Koperasi", "Kecamatan", "Tanggal RAT Terakhir", "Jenis Koperasi",
              "Jumlah Anggota", "Badan Hukum")
WIDE_HEADER = (
    "No", "Nomor Induk Koperasi", "Nama Koperasi", "Nomor Badan Hukum", "Tanggal Badan Hukum", "Badan Hukum",
    "Tanggal Berdiri", "Bentuk Koperasi", "Jenis Koperasi", "Kelompok Koperasi", "Sektor Usaha",
    "Pola Pengelolaan", "Alamat", "Desa/Kelurahan", "Kecamatan", "Kode Pos", "Nomor Telepon", "Email", "Website",
    "NPWP", "Nama Ketua", "Nama Sekretaris", "Nama Bendahara", "Nama Pengawas", "Nama Manajer", "Jumlah Anggota",
    "Jumlah Anggota Pria", "Jumlah Anggota Wanita", "Jumlah Karyawan", "Modal Sendiri (Rp)", "Modal Luar (Rp)",
    "Total Aset (Rp)", "Volume Usaha (Rp)", "SHU Tahun Berjalan (Rp)", "Tanggal RAT Terakhir", "Grade Koperasi",
    "Status NIK", "Tanggal Update Data", "Latitude", "Longitude",
)
WIDE_SHEET = "Koperasi"
#: Entirely empty rows spread through the sheet (then one JUMLAH row ends it).
WIDE_EMPTY_ROWS = 5
WIDE_MIN_ROWS = 50
#: One defect per bad row (about DEFECT_RATE of the rows), each rejected exactly once.
WIDE_DEFECTS = ("nik_15_digit", "nik_ilmiah", "kecamatan_asing", "tanggal_mustahil", "nik_ganda")
#: Number columns the JUMLAH row adds up; number columns written with decimals.
WIDE_SUMMED = ("Jumlah Anggota", "Jumlah Anggota Pria", "Jumlah Anggota Wanita", "Jumlah Karyawan",
               "Modal Sendiri (Rp)", "Modal Luar (Rp)", "Total Aset (Rp)", "Volume Usaha (Rp)",
               "SHU Tahun Berjalan (Rp)")
WIDE_DECIMAL = ("Latitude", "Longitude")
#: Rows converted to cells and written at a time (the columns are kept as numpy arrays).
WIDE_CHUNK = 50_000
#: How a NIK is written (sample_words.id_written): text, plain nearly always.
WIDE_NIK_WEIGHTS = {"plain": 97, "dots": 1, "spaces": 1, "nbsp": 1}
#: When the last RAT was: this year, last year, two to five years ago, never; a Merah Putih
#: cooperative (founded this year) held its first RAT this year or none yet.
WIDE_RAT_WHEN = (65, 20, 8, 7)
WIDE_RAT_WHEN_MERAH_PUTIH = (20, 0, 0, 80)
#: A RAT date is an Excel date cell or text (sample_words.date_text forms); Tanggal Berdiri is text.
WIDE_RAT_DATE_CELL = 0.55
WIDE_RAT_TEXT_WEIGHTS = {"dmy": 85, "dmy_dash": 10, "bulan": 5}
WIDE_BERDIRI_TEXT_WEIGHTS = {"dmy": 90, "bulan": 10}
#: (kelompok, sektor usaha, pola pengelolaan) of each jenis, in JENIS_KOPERASI order, Merah Putih last.
WIDE_JENIS_INFO = (
    ("Simpan Pinjam", "Jasa Keuangan", "Konvensional"),
    ("Sektor Riil", "Perdagangan Besar dan Eceran", "Konvensional"),
    ("Sektor Riil", "Perdagangan Eceran", "Konvensional"),
    ("Sektor Riil", "Pertanian, Kehutanan dan Perikanan", "Konvensional"),
    ("Sektor Riil", "Perdagangan Besar", "Konvensional"),
    ("Sektor Riil", "Jasa Lainnya", "Konvensional"),
    ("Simpan Pinjam", "Jasa Keuangan Syariah", "Syariah"),
    ("Sektor Riil", "Perdagangan Eceran", "Konvensional"),
)
WIDE_BENTUK = {"Primer Kabupaten/Kota": 96, "Primer Provinsi": 3, "Sekunder Kabupaten/Kota": 1}
WIDE_GRADE = {"A": 15, "B": 35, "C": 30, "D": 10, None: 10}
WIDE_STATUS_NIK = {"Sudah Bersertifikat": 70, "Belum Bersertifikat": 30}
WIDE_ISIAN = ("Ada", "Tidak Ada", "Lengkap", "Belum Lengkap", "-", None)  # columns beyond the 40
WIDE_JALAN = ("PB Sudirman", "Gajah Mada", "Hayam Wuruk", "Kartini", "Diponegoro", "Letjen Suprapto", "Mastrip",
              "Kalimantan", "Jawa", "Sumatra", "Trunojoyo", "Ahmad Yani", "KH. Wahid Hasyim", "Imam Bonjol",
              "Moh. Yamin", "Basuki Rahmat", "Brawijaya", "Hasanuddin", "Teuku Umar", "Cokroaminoto", "Semeru",
              "Argopuro", "Raung", "Dharmawangsa", "Srikoyo", "Slamet Riyadi")
WIDE_DUSUN = ("Krajan", "Krajan Lor", "Krajan Kidul", "Tengah", "Kebonsari", "Sumberan", "Gumuk", "Karanganyar",
              "Tegal", "Pasar", "Sawahan", "Curahan")
WIDE_HP = ("0812", "0813", "0821", "0822", "0852", "0853", "0857", "0878", "0895")
WIDE_EMAIL = ("gmail.com", "gmail.com", "gmail.com", "yahoo.co.id", "yahoo.com")
#: Synthetic postal codes (681xx), one per kecamatan in KECAMATAN order.
WIDE_KODE_POS = tuple(68111 + (i * 37) % 88 for i in range(len(KECAMATAN)))


def wide_header(columns: int = WIDE_COLUMNS) -> tuple[str, ...]:
    """The header of a wide register of ``columns`` columns: the seven known ones always, the extra
    ones in the export's order (beyond 40: ``Isian Tambahan 1``, ...).

    Checks against the package's aliases (iku_helpers.core.tables; they are global, not per table)
    that each known header names its koperasi column and that no other header is an alias of any
    table's column, or doubles another.
    """
    if columns < len(WIDE_KNOWN):
        raise ValueError(f"columns must be at least {len(WIDE_KNOWN)} (the koperasi table's own columns)")
    room = columns - len(WIDE_KNOWN)
    header: list[str] = []
    for h in WIDE_HEADER:
        if h in WIDE_KNOWN or room > 0:
            header.append(h)
            room -= h not in WIDE_KNOWN
    header += [f"Isian Tambahan {k}" for k in range(1, columns - len(header) + 1)]
    table = TABLES["koperasi"]
    names = [canonical_column(h, "koperasi") for h in header]
    for h, name in zip(header, names):
        norm = normalise_header(h)
        if h in WIDE_KNOWN:
            ok = name in table.columns
        else:
            ok = norm not in ALIASES and norm not in table.extra_aliases and name not in table.columns
        if not ok:
            raise AssertionError(f"wide header {h!r} reads as {name!r}")
    if len(set(names)) != len(names):
        raise AssertionError(f"wide header names a column twice: {names}")
    return tuple(header)


def _people(rng: np.random.Generator, n: int) -> np.ndarray:
    """n people's names, as the register's owners are named."""
    female = rng.random(n) < words.PEREMPUAN
    first = np.where(female, np.array(words.NAMA_P, dtype=object)[rng.integers(0, len(words.NAMA_P), n)],
                     np.array(words.NAMA_L, dtype=object)[rng.integers(0, len(words.NAMA_L), n)])
    last = np.array(words.NAMA_BELAKANG, dtype=object)[rng.integers(0, len(words.NAMA_BELAKANG), n)]
    return np.where(rng.random(n) < words.NAMA_TUNGGAL, first, first + " " + last)


def _text_of(values) -> np.ndarray:
    """Python strings (an object array) of numbers or numpy strings."""
    return np.asarray(values).astype(str).astype(object)


def _jan1(years: np.ndarray) -> np.ndarray:
    return (np.asarray(years, dtype="int64") - 1970).astype("datetime64[Y]").astype("datetime64[D]")


def _date_texts(rng: np.random.Generator, days: np.ndarray, weights: dict) -> np.ndarray:
    """Each day (datetime64[D]) as text, in one of sample_words' forms drawn by ``weights``."""
    forms = list(weights)
    uniq, inv = np.unique(days, return_inverse=True)
    table = np.array([[words.date_text(d, f) for f in forms] for d in uniq.astype(object)], dtype=object)
    return table[inv.reshape(-1), _pick(rng, len(days), weights.values())]


def _blank(values: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """``values`` with about ``share`` of them emptied (None in an object array, NaN in numbers)."""
    out = values.copy()
    out[rng.random(len(out)) < share] = None if out.dtype == object else np.nan
    return out


def build_wide_koperasi(rows: int, year: int, seed: int, header: tuple[str, ...]) -> dict:
    """The rows of the wide register (every column as a numpy array: object for text, date and mixed
    cells, float64 with NaN for number cells) and what the reader should make of them.

    Every column is drawn whatever ``header`` holds, so a narrower register holds the same rows.
    """
    if rows < WIDE_MIN_ROWS:
        raise ValueError(f"rows must be at least {WIDE_MIN_ROWS}")
    n_empty = WIDE_EMPTY_ROWS
    n = rows - n_empty - 1  # register rows; the rest: empty rows and the JUMLAH row
    rng = _rng(seed, 6, year)
    kec_arr = np.array(KECAMATAN, dtype=object)

    kec_idx, kec = _kecamatan(rng, n)
    jenis = _pick(rng, n, [w for _, _, w in words.JENIS_KOPERASI] + [MERAH_PUTIH_WEIGHT])
    merah_putih = jenis == len(words.JENIS_KOPERASI)
    founded = np.where(merah_putih, year, rng.integers(1995, year, n))
    serial = rng.choice(10**7, size=n, replace=False)  # distinct: the NIK are distinct
    digits = _text_of(words.nik_koperasi(kec_idx + 1, founded % 100, serial))
    nik = digits.copy()
    nik_forms = list(WIDE_NIK_WEIGHTS)
    nik_form = _pick(rng, n, WIDE_NIK_WEIGHTS.values())
    for i in np.flatnonzero(nik_form).tolist():
        nik[i] = words.id_written(digits[i], nik_forms[nik_form[i]])

    # names: "<prefix of the jenis> <name> [<kecamatan>]", Merah Putih ones after their desa
    desa_i = rng.integers(0, len(words.DESA), n)
    kota = np.array([k in words.KOTA for k in KECAMATAN])[kec_idx]
    nama_i = rng.integers(0, len(words.NAMA_KOPERASI), n)
    which = rng.integers(0, 60, n)  # 60: every prefix list's length divides it
    prefix = np.full(n, "", dtype=object)
    for j, (_, prefixes, _) in enumerate(words.JENIS_KOPERASI):
        m = jenis == j
        prefix[m] = np.array(prefixes, dtype=object)[which[m] % len(prefixes)]
    nama = prefix + " " + np.array(words.NAMA_KOPERASI, dtype=object)[nama_i]
    by_kec = (rng.random(n) < words.KOPERASI_BERNAMA_KEC) & ~merah_putih
    nama[by_kec] = nama[by_kec] + " " + kec_arr[kec_idx[by_kec]]
    merah_putih_names = np.array([[words.nama_merah_putih(d, kel) for kel in (False, True)] for d in words.DESA],
                                 dtype=object)
    nama[merah_putih] = merah_putih_names[desa_i[merah_putih], kota[merah_putih].astype("int64")]
    jenis_text = np.array([j for j, _, _ in words.JENIS_KOPERASI] + [words.JENIS_MERAH_PUTIH], dtype=object)[jenis]
    info = np.array(WIDE_JENIS_INFO, dtype=object)[jenis]

    # founding and legal status
    berdiri = _jan1(founded) + rng.integers(0, 181, n)
    in_process = rng.random(n) < 0.03
    bh_date = berdiri + rng.integers(14, 181, n)
    bh_year = bh_date.astype("datetime64[Y]").astype("int64") + 1970
    tanggal_bh = bh_date.astype(object)  # datetime.date: date cells
    tanggal_bh[in_process] = None
    nomor_bh = np.array([f"AHU-{a:07d}.AH.01.26.TAHUN {y}" if y >= 2014 else f"{a % 997 + 1:03d}/BH/XVI/{y}"
                         for a, y in zip(rng.integers(1, 10**7, n).tolist(), bh_year.tolist())], dtype=object)
    nomor_bh[in_process] = None
    badan_hukum = np.where(in_process, "Dalam Proses", "Berbadan Hukum").astype(object)

    # address and contacts
    no = _text_of(rng.integers(1, 250, n))
    pad3 = np.array([f"{i:03d}" for i in range(1000)], dtype=object)
    jalan = "Jl. " + np.array(WIDE_JALAN, dtype=object)[rng.integers(0, len(WIDE_JALAN), n)] + " No. " + no
    raya = "Jl. Raya " + kec_arr[kec_idx] + " No. " + no
    dusun = ("Dusun " + np.array(WIDE_DUSUN, dtype=object)[rng.integers(0, len(WIDE_DUSUN), n)] + " RT "
             + pad3[rng.integers(1, 16, n)] + "/RW " + pad3[rng.integers(1, 9, n)])
    alamat_kind = _pick(rng, n, (45, 20, 35))
    alamat = np.where(alamat_kind == 0, jalan, np.where(alamat_kind == 1, raya, dusun))
    kode_pos = np.array([str(k) for k in WIDE_KODE_POS], dtype=object)[kec_idx]
    as_number = rng.random(n) < 0.25  # a postcode typed as a number
    kode_pos[as_number] = np.array(WIDE_KODE_POS, dtype=object)[kec_idx[as_number]]
    hp = np.array(WIDE_HP, dtype=object)[rng.integers(0, len(WIDE_HP), n)] + _text_of(rng.integers(10**7, 10**8, n))
    kantor = "(0331) " + _text_of(rng.integers(300_000, 900_000, n))
    telepon = _blank(np.where(rng.random(n) < 0.15, kantor, hp), rng, 0.2)
    slug = np.array(["".join(ch for ch in s.lower() if ch.isalpha()) for s in words.NAMA_KOPERASI], dtype=object)
    desa_slug = np.array(["".join(ch for ch in d.lower() if ch.isalpha()) for d in words.DESA], dtype=object)
    akun = np.where(merah_putih, "kopdesmerahputih." + desa_slug[desa_i], "kop" + slug[nama_i])
    email = _blank(akun + _text_of(rng.integers(1, 999, n)) + "@"
                   + np.array(WIDE_EMAIL, dtype=object)[rng.integers(0, len(WIDE_EMAIL), n)], rng, 0.45)
    website = np.full(n, None, dtype=object)
    has_site = rng.random(n) < 0.04
    website[has_site] = "www." + akun[has_site] + ".id"
    npwp = np.full(n, None, dtype=object)
    has_npwp = rng.random(n) >= 0.35
    npwp[has_npwp] = [f"{s[:2]}.{s[2:5]}.{s[5:8]}.{s[8]}-626.000"
                      for s in rng.integers(10**8, 10**9, int(has_npwp.sum())).astype(str).tolist()]

    ketua = _people(rng, n)
    sekretaris = _blank(_people(rng, n), rng, 0.05)
    bendahara = _blank(_people(rng, n), rng, 0.05)
    pengawas = _blank(_people(rng, n), rng, 0.25)
    manajer = _blank(_people(rng, n), rng, 0.7)

    # members, staff and money: number cells
    anggota = np.where(merah_putih, rng.integers(20, 400, n),
                       np.round(np.exp(rng.uniform(np.log(20), np.log(3000), n)))).astype("int64")
    pria = rng.binomial(anggota, 0.55)
    split = rng.random(n) >= 0.3
    anggota_pria = np.where(split, pria, np.nan)
    anggota_wanita = np.where(split, anggota - pria, np.nan)
    karyawan = _blank(rng.integers(0, 40, n).astype("float64"), rng, 0.4)
    modal_sendiri = _amounts(rng, np.full(n, 5e6), np.full(n, 5e9))
    modal_luar = np.where(rng.random(n) < 0.5, 0.0, np.round(modal_sendiri * rng.uniform(0.1, 2.0, n) / 5e4) * 5e4)
    aset = modal_sendiri + modal_luar + np.round(modal_sendiri * rng.uniform(0, 0.5, n) / 5e4) * 5e4
    volume = np.round(aset * rng.uniform(0.2, 3.0, n) / 1e3) * 1e3
    shu = np.round(volume * rng.uniform(-0.02, 0.08, n) / 1e3) * 1e3  # a loss now and then
    money = [_blank(a, rng, 0.08) for a in (modal_sendiri, modal_luar, aset, volume, shu)]

    # the last RAT: a date cell or text, this year mostly
    when = np.where(merah_putih, _pick(rng, n, WIDE_RAT_WHEN_MERAH_PUTIH), _pick(rng, n, WIDE_RAT_WHEN))
    rat_year = np.select([when == 1, when == 2], [year - 1, year - rng.integers(2, 6, n)], year)
    rat_day = _jan1(rat_year) + rng.integers(0, 181, n)
    rat = _date_texts(rng, rat_day, WIDE_RAT_TEXT_WEIGHTS)
    as_cell = rng.random(n) < WIDE_RAT_DATE_CELL
    rat[as_cell] = rat_day[as_cell].astype(object)
    rat[when == 3] = None

    update_day = _jan1(np.full(n, year)) + rng.integers(181, 365, n)
    clock = np.array([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)], dtype=object)
    update = (_date_texts(rng, update_day, {"iso": 1}) + " " + clock[rng.integers(0, 86_400, n)])
    located = rng.random(n) >= 0.4
    latitude = np.where(located, np.round(rng.uniform(-8.45, -7.95, n), 6), np.nan)
    longitude = np.where(located, np.round(rng.uniform(113.25, 114.05, n), 6), np.nan)

    columns = {
        "No": np.arange(1, n + 1, dtype="float64"), "Nomor Induk Koperasi": nik, "Nama Koperasi": nama,
        "Nomor Badan Hukum": nomor_bh, "Tanggal Badan Hukum": tanggal_bh, "Badan Hukum": badan_hukum,
        "Tanggal Berdiri": _date_texts(rng, berdiri, WIDE_BERDIRI_TEXT_WEIGHTS),
        "Bentuk Koperasi": np.array(list(WIDE_BENTUK), dtype=object)[_pick(rng, n, WIDE_BENTUK.values())],
        "Jenis Koperasi": jenis_text, "Kelompok Koperasi": info[:, 0], "Sektor Usaha": info[:, 1],
        "Pola Pengelolaan": info[:, 2], "Alamat": alamat, "Desa/Kelurahan": np.array(words.DESA, dtype=object)[desa_i],
        "Kecamatan": kec, "Kode Pos": kode_pos, "Nomor Telepon": telepon, "Email": email, "Website": website,
        "NPWP": npwp, "Nama Ketua": ketua, "Nama Sekretaris": sekretaris, "Nama Bendahara": bendahara,
        "Nama Pengawas": pengawas, "Nama Manajer": manajer, "Jumlah Anggota": anggota.astype("float64"),
        "Jumlah Anggota Pria": anggota_pria, "Jumlah Anggota Wanita": anggota_wanita, "Jumlah Karyawan": karyawan,
        "Modal Sendiri (Rp)": money[0], "Modal Luar (Rp)": money[1], "Total Aset (Rp)": money[2],
        "Volume Usaha (Rp)": money[3], "SHU Tahun Berjalan (Rp)": money[4], "Tanggal RAT Terakhir": rat,
        "Grade Koperasi": np.array(list(WIDE_GRADE), dtype=object)[_pick(rng, n, WIDE_GRADE.values())],
        "Status NIK": np.array(list(WIDE_STATUS_NIK), dtype=object)[_pick(rng, n, WIDE_STATUS_NIK.values())],
        "Tanggal Update Data": update, "Latitude": latitude, "Longitude": longitude,
    }
    assert set(columns) == set(WIDE_HEADER), set(columns) ^ set(WIDE_HEADER)
    for h in header:
        if h not in columns:  # beyond the 40
            columns[h] = np.array(WIDE_ISIAN, dtype=object)[rng.integers(0, len(WIDE_ISIAN), n)]

    # defects: about 0.1 % of the rows, one defect each, every kind at least once
    n_bad = min(max(len(WIDE_DEFECTS), round(n * DEFECT_RATE)), n // 4)
    bad_rows = np.sort(rng.choice(np.arange(1, n), size=n_bad, replace=False))
    kinds = [WIDE_DEFECTS[i % len(WIDE_DEFECTS)] for i in range(n_bad)]
    rng.shuffle(kinds)
    good = np.ones(n, dtype=bool)
    good[bad_rows] = False
    good_rows = np.flatnonzero(good)
    copied: set[int] = set()
    for i, (row, kind) in enumerate(zip(bad_rows.tolist(), kinds)):
        if kind == "nik_15_digit":
            nik[row] = digits[row][:15]
        elif kind == "nik_ilmiah":
            nik[row] = words.id_written(digits[row], "sci")
        elif kind == "kecamatan_asing":
            kec[row] = words.KEC_ASING[i % len(words.KEC_ASING)]
        elif kind == "tanggal_mustahil":
            rat[row] = f"31/02/{year}"
        else:  # nik_ganda: the NIK and the RAT of an earlier good row (same RAT: the earlier row is kept)
            earlier = good_rows[good_rows < row]
            src = int(earlier[rng.integers(0, len(earlier))])
            while src in copied and len(copied) < len(earlier):
                src = int(earlier[rng.integers(0, len(earlier))])
            copied.add(src)
            nik[row] = digits[src]
            rat[row] = rat[src]

    # where each register row goes: below the title and the header, empty rows spread between them
    gaps = np.array([k * n // (n_empty + 1) for k in range(1, n_empty + 1)])
    sheet_rows = 2 + np.arange(n) + np.searchsorted(gaps, np.arange(n), side="right")
    total: list = [None] * len(header)
    for j, h in enumerate(header):
        if h in WIDE_SUMMED:
            total[j] = int(np.nansum(columns[h]))
    total[0] = "JUMLAH"
    return {"n": n, "columns": columns, "sheet_rows": sheet_rows, "total": total, "total_at": 2 + n + n_empty,
            "empty": n_empty, "rejected": n_bad, "defects": {k: kinds.count(k) for k in WIDE_DEFECTS}}


def _wide_cells(values: np.ndarray, decimal: bool) -> list:
    """Cells of part of a column: text and dates as they are, numbers as int (or float), None empty."""
    if values.dtype == object:
        return values.tolist()
    empty = np.isnan(values)
    out = (values if decimal else np.where(empty, 0, values).astype("int64")).astype(object)
    out[empty] = None
    return out.tolist()


def write_wide_koperasi(path: Path, reg: dict, header: tuple[str, ...], year: int) -> None:
    """One sheet, row by row (XlsxWriter, constant memory): a title row, the header, the rows.

    Strings are written as they are (no formulas, no links); date cells as ``dd/mm/yyyy``.
    """
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "default_date_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet(WIDE_SHEET)
    bold = wb.add_format({"bold": True})
    ws.set_column(0, len(header) - 1, 18)
    ws.write_string(0, 0, f"DATA KOPERASI KABUPATEN JEMBER TAHUN {year} - EKSPOR ODS (DATA SINTETIS)", bold)
    ws.write_row(1, 0, header, bold)
    columns = [reg["columns"][h] for h in header]
    decimal = [h in WIDE_DECIMAL for h in header]
    write_row = ws.write_row
    for a in range(0, reg["n"], WIDE_CHUNK):
        b = min(a + WIDE_CHUNK, reg["n"])
        cells = [_wide_cells(col[a:b], d) for col, d in zip(columns, decimal)]
        for r, row in zip(reg["sheet_rows"][a:b].tolist(), zip(*cells)):
            write_row(r, 0, row)
    write_row(reg["total_at"], 0, reg["total"])
    wb.close()


def wide_params_of(rows: int, columns: int, year: int, seed: int) -> dict:
    return {"generator_version": GENERATOR_VERSION, "kind": "koperasi_lebar", "rows": int(rows),
            "columns": int(columns), "year": int(year), "seed": int(seed)}


def generate_wide_koperasi(out_dir: Path, rows: int, year: int = DEFAULT_YEAR, *, columns: int = WIDE_COLUMNS,
                           seed: int = SEED, force: bool = False, verbose: bool = False) -> Path:
    """Write a raw folder holding one wide koperasi register (see the module docstring); return it.

    Nothing is written when ``out_dir`` already holds a set made with the same parameters (its
    ``.generated.json`` marker); otherwise the folder is written beside it and renamed into place.
    """
    out_dir = Path(out_dir)
    params = wide_params_of(rows, columns, year, seed)
    marker = read_marker(out_dir)
    if not force and marker is not None and marker.get("params") == params:
        return out_dir
    header = wide_header(columns)
    t0 = time.perf_counter()
    tmp, folder = _staging(out_dir, year)
    say = _progress(t0, verbose)
    reg = build_wide_koperasi(rows, year, seed, header)
    say(f"koperasi register of {rows:,} rows x {len(header)} columns built")
    write_wide_koperasi(folder / "koperasi.xlsx", reg, header, year)
    say("koperasi.xlsx written")
    write_root(tmp, year)
    expected = {"koperasi": {
        "baris_dibaca": rows, "baris_diterima": reg["n"] - reg["rejected"], "baris_ditolak": reg["rejected"],
        "baris_dilewati": 0, "baris_kosong": reg["empty"], "baris_total": 1, "defects": reg["defects"]}}
    info = {"params": params, "expected": expected, "file": f"{year}/koperasi.xlsx", "sheet": WIDE_SHEET,
            "header": list(header), "numpy": np.__version__, "seconds": round(time.perf_counter() - t0, 1),
            "note": "DATA SINTETIS untuk benchmark; bukan data riil Kabupaten Jember."}
    _publish(tmp, out_dir, info)
    say("done")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, required=True,
                    help="data rows of the UMKM register (with --wide-koperasi: of the koperasi sheet)")
    ap.add_argument("--fmt", choices=("csv", "xlsx"), default="csv")
    ap.add_argument("--year", type=int, default=DEFAULT_YEAR)
    ap.add_argument("--rows-per-file", type=int, default=ROWS_PER_FILE)
    ap.add_argument("--wide-koperasi", action="store_true",
                    help="write only a wide koperasi register (one xlsx sheet; --fmt and --rows-per-file unused)")
    ap.add_argument("--columns", type=int, default=WIDE_COLUMNS, help="columns of the wide koperasi register")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--force", action="store_true", help="write again even when the marker matches")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.wide_koperasi:
        generate_wide_koperasi(args.out, args.rows, args.year, columns=args.columns, force=args.force, verbose=True)
    else:
        generate(args.out, args.rows, args.fmt, args.year, rows_per_file=args.rows_per_file,
                 force=args.force, verbose=True)
    print(f"{args.out}: {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
