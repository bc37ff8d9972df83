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
from iku_helpers.core.tables import KECAMATAN

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
