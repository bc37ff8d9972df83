#!/usr/bin/env python3
"""Generate the bundled SYNTHETIC sample data (DATA CONTOH) in ``data/raw/``.

Nothing here is real data of Kabupaten Jember: every cooperative, enterprise, owner, NIK, NIB,
desa name and amount is invented from a seeded pseudo-random generator. Only the 31 kecamatan,
the PDRB orders of magnitude and the legal thresholds are taken from public sources. The names
and the ways values are written come from scripts/sample_words.py, which the benchmark data
(benchmarks/generate_large.py) share; what the package fixes (kecamatan, categories, skala
bounds, indicator codes) is imported from iku_helpers.

    python scripts/generate_sample_data.py              # writes data/raw/
    python scripts/generate_sample_data.py --out DIR    # writes DIR instead
    python scripts/generate_sample_data.py --summary    # also prints the expected outcome (JSON)

Reproducibility. Everything is drawn from ``random.Random`` seeded with a text built from
``SEED`` and the table's name (``random`` with a str seed hashes it with SHA-512, which is stable
across Python versions and platforms; numpy is not used on purpose). The xlsx files are made
byte-reproducible: the workbook properties (creator, created, modified) are constants, and the
zip archive openpyxl writes is rewritten with a fixed timestamp (1980-01-01 00:00:00), entries in
sorted order and the same deflate compression. Running the script twice gives the same bytes.

Why the data are messy. The sample is meant to exercise every reading rule of the spec
(docs: sections 2-4), so the mess of real office spreadsheets is injected on purpose:

- title rows and blank rows above the header; a first sheet ("Rekap") that is not the table;
  column names that differ between files of one table, units in brackets, a non-breaking space
  in a header;
- identifiers written with dots, spaces or dashes, stored as numeric cells (warning), or mangled
  by Excel into scientific notation ``3,50901E+15`` (rejected: the digits are lost);
- dates as Excel date cells, Excel serial numbers, ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``yyyy-mm-dd``
  and ``d <bulan> yyyy`` text with Indonesian month names and short forms; one impossible date
  per table (rejected);
- kecamatan written ``Kec. Sumbersari``, ``SUMBER SARI``, ``GUMUK MAS``, ``kaliwates``, with
  trailing (non-breaking) spaces, one edit away (``Bangsarsari``: corrected) or unknown
  (``Jember Kota``: rejected);
- money as Excel numbers, as Indonesian text (``Rp 1.250.000``, ``25 jt``, ``1,5 M``,
  ``850.000,50``) and as machine exports (``14190123.45``); negative or unreadable amounts
  (``12.34.5``, ``1.2345``, ``abc``: rejected);
- duplicate identifiers, entirely empty rows, ``JUMLAH`` / ``TOTAL`` rows, facilitation dated in
  another year or naming an entity absent from the register, trade categories matching none or
  two of the three kinds, volumes ``0`` and ``2,5``;
- a ``;``-delimited cp1252 CSV (with ``é``), a ``,``-delimited UTF-8 CSV with BOM.

The generator knows the intended outcome of every row; ``generate()`` returns it (rows read,
kept, rejected by reason, empty, totals, the planted defects with their Excel row numbers, and
the expected indicator values), and ``--summary`` prints it as JSON, as an oracle for tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import random
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # sample_words lives beside this script, however it is loaded
    sys.path.insert(0, str(HERE))

import sample_words as words  # noqa: E402

from iku_helpers.core.tables import KECAMATAN, PDRB_GABUNGAN, SKALA, SKALA_BATAS  # noqa: E402

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

SEED = words.SEED
YEARS = (2025, 2026)
PDRB_YEARS = (2022, 2023, 2024, 2025)  # 2026 not published yet: IT-1 2026 is "belum tersedia"
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "raw"
MARKER = "DATA_CONTOH.txt"
SETTINGS = "pengaturan.toml"
#: The documents' signatory: an obvious placeholder, never a real person (spec section 8).
SETTINGS_TEXT = """# DATA CONTOH: penanda tangan rekaan. Ganti dengan pejabat yang sebenarnya pada data riil.
# Dipakai untuk blok tanda tangan buku kerja LKjIP (outputs/<periode>/lkjip_<periode>.xlsx) dan kop surat.

[penandatangan]
nama = "NAMA KEPALA DINAS (CONTOH)"
nip = "000000000000000000"
jabatan = "Kepala Dinas Koperasi, Usaha Kecil dan Menengah, dan Perdagangan Kabupaten Jember"
pangkat = "Pangkat / Golongan (contoh)"

[laporan]
tempat = "Jember"

# Kop surat di halaman 1 laporan dan di atas setiap sheet buku kerja LKjIP. Logo: berkas PNG/JPEG di
# folder ini, mis. logo = "logo_jember.png" (data contoh ini tidak memuat logo).
[kop]
pemerintah = "PEMERINTAH KABUPATEN JEMBER"
instansi = "DINAS KOPERASI, USAHA KECIL DAN MENENGAH, DAN PERDAGANGAN"
alamat = "Alamat kantor (CONTOH), Jember"
kontak = "Telepon (contoh) · Pos-el (contoh) · Laman (contoh)"
"""
MARKER_TEXT = (
    "DATA CONTOH SINTETIS - bukan data riil Kabupaten Jember; dibuat oleh "
    f"scripts/generate_sample_data.py (seed {SEED}).\n"
)

#: Fixed metadata that makes the xlsx files byte-reproducible.
XLSX_TIMESTAMP = dt.datetime(2026, 1, 19, 0, 0, 0)
XLSX_CREATOR = "scripts/generate_sample_data.py (DATA CONTOH SINTETIS)"
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
DATE_FORMAT = "dd/mm/yyyy"

#: usaha_mikro is delivered as a folder, one file per wilayah (the files name columns differently).
WILAYAH = {
    "01_wilayah_barat.xlsx": ("Kencong", "Gumukmas", "Puger", "Wuluhan", "Balung", "Umbulsari",
                              "Semboro", "Jombang", "Sumberbaru", "Tanggul", "Bangsalsari", "Panti"),
    "02_wilayah_tengah.xlsx": ("Ambulu", "Tempurejo", "Mumbulsari", "Jenggawah", "Ajung",
                               "Rambipuji", "Sukorambi", "Arjasa"),
    "03_wilayah_timur.csv": ("Silo", "Mayang", "Pakusari", "Kalisat", "Ledokombo", "Sumberjambe",
                             "Sukowono", "Jelbuk"),
    "04_kota.xlsx": words.KOTA,
}

# UMKM criteria (PP 7/2021 Pasal 35), in rupiah: upper bounds of mikro, kecil, menengah.
OMZET_BATAS = tuple(omzet for _, omzet, _ in SKALA_BATAS)
MODAL_BATAS = tuple(modal for _, _, modal in SKALA_BATAS)

# Sizes.
N_KOPERASI_LAMA = 1760  # cooperatives on the 2025 register before the Merah Putih wave
N_KOPERASI_BARU_2026 = 45  # registered after the 2025 snapshot
N_UMKM_2025 = 20_000
N_UMKM_BARU_2026 = 1_300
N_UMKM_HILANG_2026 = 300

#: Quarterly targets (column Triwulan) for 2026 only, and not for every indicator, so that the
#: reports show both a quarter measured against its target and one whose target is not set (IT-2;
#: IT-1 is yearly by nature). IKU-1 also has a triwulan-4 row equal to its annual target.
QUARTER_TARGETS = {
    ("IKU-1", 2026): {1: "6,00", 2: "12,00", 3: "18,00", 4: "23,00"},
    ("IKU-2", 2026): {1: "3,00", 2: "6,50", 3: "9,50"},
    ("IKU-3", 2026): {1: "12,00", 2: "25,00", 3: "38,00"},
}

PDRB_SUB = {  # sub-category rows the reader must skip: (code, name, share of parent), two depths under A
    "A": (("1.", "Pertanian, Peternakan, Perburuan dan Jasa Pertanian", 0.82), ("a.", "Tanaman Pangan", 0.31)),
    "C": (("C1", "Industri Makanan dan Minuman", 0.38), ("C2", "Industri Pengolahan Tembakau", 0.27)),
    "G": (("G.1", "Perdagangan Mobil, Sepeda Motor dan Reparasinya", 0.17),),
    "H": (("H.2", "Angkutan Darat", 0.71),),
}
#: BPS publishes 17 categories: these letters are one combined row (spec section 9).
PDRB_COMBINED = tuple(zip(PDRB_GABUNGAN, ("Jasa Perusahaan", "Jasa Lainnya"), strict=True))
#: BPS's marks on the latest years: * angka sementara, ** angka sangat sementara.
PDRB_MARKS = {2024: "*", 2025: "**"}

# Row fates (the expected outcome of each data row).
KEPT, REJECTED, SKIPPED, EMPTY, TOTALS = "kept", "rejected", "skipped", "empty", "totals"


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def rng_for(seed: int, *parts: object) -> random.Random:
    """An independent generator per table, so changing one table leaves the others alone."""
    return random.Random(":".join([str(seed), *map(str, parts)]))


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def rand_day(rng: random.Random, start: dt.date, end: dt.date, *, workday: bool = True) -> dt.date:
    """A random date in [start, end], a Monday-Friday one if ``workday``."""
    while True:
        d = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        if not workday or d.weekday() < 5:
            return d


def rat_date(rng: random.Random, year: int) -> dt.date:
    """An RAT date: mostly February-May, a few January/June, a few late (July-September)."""
    month = rng.choices((1, 2, 3, 4, 5, 6, 7, 8, 9), (6, 20, 26, 22, 14, 6, 3, 2, 1))[0]
    start = dt.date(year, month, 1)
    end = (dt.date(year, month + 1, 1) if month < 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(1)
    return rand_day(rng, start, end)


def date_value(d: dt.date, form: str, rng: random.Random) -> object:
    """How a date is written: an Excel date cell or one of the text forms the spec accepts."""
    if form == "cell":
        return d
    if form == "serial":
        return excel_serial(d)
    return words.date_text(d, form, rng.choice(words.BULAN_PENDEK[d.month - 1]) if form == "bulan_pendek" else None)


def pick_form(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def skala_of(omzet: float | None, modal: float | None) -> str:
    """PP 7/2021 Pasal 35: by omzet where present, else by modal."""
    if omzet is not None:
        return SKALA[sum(omzet > b for b in OMZET_BATAS)]
    return SKALA[sum(modal > b for b in MODAL_BATAS)]


def skala_modal(modal: float) -> str:
    return SKALA[sum(modal > b for b in MODAL_BATAS)]


def log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def round_to(x: float, step: int) -> int:
    return max(step, int(round(x / step)) * step)


def person_name(rng: random.Random) -> tuple[str, bool]:
    """A synthetic name and whether it is a woman's (for the synthetic personal NIK)."""
    female = rng.random() < words.PEREMPUAN
    first = rng.choice(words.NAMA_P if female else words.NAMA_L)
    if rng.random() < words.NAMA_TUNGGAL:
        return first, female
    return f"{first} {rng.choice(words.NAMA_BELAKANG)}", female


# --------------------------------------------------------------------------------------------
# Rows, blocks, the expected outcome
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One data row as written, with the outcome the spec's rules should give it."""

    values: list
    fate: str = KEPT
    reason: str = ""  # why rejected
    note: str = ""  # what is deliberately special about the row ("" = ordinary)
    column: str = ""  # the header of the column the note is about


@dataclass
class Block:
    """A sheet (or a CSV file): title rows, the header row, the data rows."""

    sheet: str
    header: list[str]
    rows: list[Row]
    titles: list[list] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    #: rows printed under the header that belong to it (BPS's column numbers "(1) (2) ...")
    under_header: list[list] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        """The Excel row number of the first data row."""
        return len(self.titles) + len(self.under_header) + 2


class Expected:
    """The outcome the generator intends, per year and table (an oracle for tests)."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, dict]] = {}
        self.defects: list[dict] = []
        self.indicators: dict[str, dict[str, dict]] = {}
        self.notes: dict[str, dict[str, dict]] = {}

    def record(self, year: str, table: str, file: str, block: Block) -> None:
        t = self.tables.setdefault(year, {}).setdefault(
            table, {"rows_read": 0, KEPT: 0, REJECTED: Counter(), SKIPPED: 0, EMPTY: 0, TOTALS: 0, "files": []})
        t["files"].append(file)
        for i, row in enumerate(block.rows):
            t["rows_read"] += 1
            if row.fate == REJECTED:
                t[REJECTED][row.reason] += 1
            else:
                t[row.fate] += 1
            if row.fate != KEPT or row.note:
                value = None
                if row.column:  # a header cell may sit in the row above (BPS's two-row header)
                    value = row.values[block.header.index(row.column) if row.column in block.header else 0]
                self.defects.append({
                    "year": year, "table": table, "file": file, "sheet": block.sheet,
                    "row": block.first_data_row + i, "column": row.column,
                    "value": value if value is None or isinstance(value, (int, float, str)) else str(value),
                    "expect": row.fate if row.fate != REJECTED else f"rejected: {row.reason}",
                    "note": row.note,
                })

    def as_dict(self) -> dict:
        tables = {
            y: {name: {**t, REJECTED: dict(sorted(t[REJECTED].items())),
                       "rejected_total": sum(t[REJECTED].values())} for name, t in tabs.items()}
            for y, tabs in self.tables.items()
        }
        return {"seed": SEED, "tables": tables, "notes": self.notes,
                "indicators": self.indicators, "defects": self.defects}


# --------------------------------------------------------------------------------------------
# Writers (byte-reproducible)
# --------------------------------------------------------------------------------------------


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, sorted entries and the same deflate compression."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def write_xlsx(path: Path, blocks: list[Block]) -> None:
    """Write the blocks as sheets of one workbook; dates get a dd/mm/yyyy number format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for block in blocks:
        ws = wb.create_sheet(block.sheet)
        r = 1
        for title in block.titles:
            for c, v in enumerate(title, start=1):
                if v is not None:
                    cell = ws.cell(row=r, column=c, value=v)
                    if r == 1:
                        cell.font = bold
            r += 1
        for c, v in enumerate(block.header, start=1):
            ws.cell(row=r, column=c, value=v).font = bold
        for extra in block.under_header:
            r += 1
            for c, v in enumerate(extra, start=1):
                ws.cell(row=r, column=c, value=v)
        header_row = r
        for row in block.rows:
            r += 1
            for c, v in enumerate(row.values, start=1):
                if v is None:
                    continue
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, dt.date):
                    cell.number_format = DATE_FORMAT
        for c, width in block.widths.items():
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    wb.properties.creator = XLSX_CREATOR
    wb.properties.lastModifiedBy = XLSX_CREATOR
    wb.properties.created = XLSX_TIMESTAMP
    wb.properties.modified = XLSX_TIMESTAMP
    wb.properties.title = "DATA CONTOH SINTETIS"
    buf = io.BytesIO()
    # ExcelWriter directly: save_workbook() would stamp properties.modified with the clock.
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalise_zip(buf.getvalue()))


def cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def write_csv(path: Path, block: Block, *, delimiter: str, encoding: str, bom: bool = False,
              newline: str = "\n") -> None:
    """Write a block as CSV; title rows are padded to the header's width, as Excel exports do."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    width = len(block.header)
    for title in block.titles:
        writer.writerow([cell_text(v) for v in title] + [""] * (width - len(title)))
    writer.writerow(block.header)
    for row in block.rows:
        writer.writerow([cell_text(v) for v in row.values])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --------------------------------------------------------------------------------------------
# Wilayah (synthetic desa names)
# --------------------------------------------------------------------------------------------


def build_desa(seed: int) -> dict[str, list[tuple[str, bool]]]:
    """Synthetic desa / kelurahan names per kecamatan: (name, is_kelurahan). Counts are real."""
    rng = rng_for(seed, "desa")
    combos = list(words.DESA)
    rng.shuffle(combos)
    desa: dict[str, list[tuple[str, bool]]] = {}
    it = iter(combos)
    for name, (n_desa, n_kel) in words.DESA_KELURAHAN.items():
        desa[name] = [(next(it), False) for _ in range(n_desa)] + [(next(it), True) for _ in range(n_kel)]
    return desa


# --------------------------------------------------------------------------------------------
# Koperasi
# --------------------------------------------------------------------------------------------


@dataclass
class Koperasi:
    nik: str
    nama: str
    jenis: str
    kec: str
    desa: str
    anggota: int
    kind: str  # rutin | kadang | mati | belum (never) | merah_putih | baru
    rat: dict[int, dt.date | None] = field(default_factory=dict)  # latest RAT on each register
    nik_form: str = "plain"
    kec_written: str = ""
    anggota_text: str | None = None

    @property
    def reject_always(self) -> bool:
        return self.nik_form == "sci" or self.kec_written in words.KEC_ASING


def koperasi_nik(rng: random.Random, kec: str, yy: int, used: set[str]) -> str:
    while True:
        nik = str(words.nik_koperasi(words.KEC_NO[kec], yy, rng.randint(0, 9_999_999)))
        if nik not in used:
            used.add(nik)
            return nik


def build_koperasi(seed: int, desa: dict) -> list[Koperasi]:
    """The cooperatives of both registers with their RAT history and their persistent quirks."""
    rng = rng_for(seed, "koperasi")
    used: set[str] = set()
    kec_weights = [3.0 if k in words.KOTA else rng.uniform(0.7, 1.3) for k in KECAMATAN]

    def new_coop(kec: str, kind: str, yy: int) -> Koperasi:
        jenis, prefixes, _ = rng.choices(words.JENIS_KOPERASI, [j[2] for j in words.JENIS_KOPERASI])[0]
        nama = f"{rng.choice(prefixes)} {rng.choice(words.NAMA_KOPERASI)}"
        if rng.random() < words.KOPERASI_BERNAMA_KEC:
            nama += f" {kec}"
        anggota = max(20, int(rng.lognormvariate(math.log(250 if nama.startswith("KPRI") else 60), 0.7)))
        return Koperasi(koperasi_nik(rng, kec, yy, used), nama, jenis, kec,
                        rng.choice(desa[kec])[0], anggota, kind)

    lama = []
    for _ in range(N_KOPERASI_LAMA):
        kec = rng.choices(KECAMATAN, kec_weights)[0]
        kind = rng.choices(("rutin", "kadang", "mati", "belum"), (28, 15, 35, 22))[0]
        lama.append(new_coop(kec, kind, rng.randint(95, 124) % 100))
    lama.sort(key=lambda k: (KECAMATAN.index(k.kec), k.nik))
    for k in lama:
        if k.kind == "rutin":
            k.rat[2025] = rat_date(rng, 2025)
            k.rat[2026] = rat_date(rng, 2026) if rng.random() < 0.85 else k.rat[2025]
        elif k.kind == "kadang":
            k.rat[2025] = rat_date(rng, 2024 if rng.random() < 0.7 else 2023)
            k.rat[2026] = rat_date(rng, 2026) if rng.random() < 0.30 else k.rat[2025]
        elif k.kind == "mati":
            k.rat[2025] = rat_date(rng, rng.randint(2012, 2022))
            k.rat[2026] = rat_date(rng, 2026) if rng.random() < 0.02 else k.rat[2025]
        else:
            k.rat[2025] = None
            k.rat[2026] = rat_date(rng, 2026) if rng.random() < 0.01 else None

    merah_putih = []
    for kec in KECAMATAN:
        for nama_desa, kelurahan in desa[kec]:
            k = Koperasi(koperasi_nik(rng, kec, 25, used), words.nama_merah_putih(nama_desa, kelurahan),
                         words.JENIS_MERAH_PUTIH, kec, nama_desa, rng.randint(20, 120), "merah_putih")
            k.rat[2025] = None
            k.rat[2026] = rat_date(rng, 2026) if rng.random() < 0.35 else None
            merah_putih.append(k)

    baru = []
    for _ in range(N_KOPERASI_BARU_2026):
        k = new_coop(rng.choices(KECAMATAN, kec_weights)[0], "baru", rng.choice((25, 26)))
        k.rat[2026] = rat_date(rng, 2026) if rng.random() < 0.2 else None
        baru.append(k)

    # Persistent quirks of the register (the same cells are wrong in both years' files).
    pool = [k for k in lama]
    rng.shuffle(pool)
    taken: set[str] = set()

    def take(n: int, cond=lambda k: True) -> list[Koperasi]:
        got = [k for k in pool if k.nik not in taken and cond(k)][:n]
        taken.update(k.nik for k in got)
        return got

    for k in take(1):
        k.nik_form = "sci"
    for form, n in (("dots", 10), ("spaces", 5), ("dashes", 4), ("nbsp", 2), ("numeric", 3)):
        for k in take(n):
            k.nik_form = form
    for written, kec, n in (("Kec. Sumbersari", "Sumbersari", 6), ("SUMBER SARI", "Sumbersari", 5),
                            ("GUMUK MAS", "Gumukmas", 5), ("kaliwates", "Kaliwates", 6),
                            ("Kecamatan Patrang", "Patrang", 3), ("Ajung ", "Ajung", 3),
                            ("Silo\u00a0", "Silo", 2), ("Bangsarsari", "Bangsalsari", 2),
                            (words.KEC_ASING[0], "Kaliwates", 2)):
        for k in take(n, lambda k, kec=kec: k.kec == kec):
            k.kec_written = written
    for k, n in zip(take(2, lambda k: k.nama.startswith("KPRI")), (1250, 1480)):
        k.anggota, k.anggota_text = n, words.indo_int(n)
    return lama + merah_putih + baru


KOPERASI_HEADER = ["No.", "No. Induk Koperasi", "Nama Koperasi\u00a0", "Jenis Koperasi",
                   "Desa/Kelurahan", "Kec.", "Tanggal RAT Terakhir", "Jumlah Anggota"]
RAT_FORMS = {"cell": 78, "dmy": 10, "bulan": 4, "bulan_pendek": 3, "dmy_dash": 2, "iso": 3}
IMPOSSIBLE_RAT = {2025: "31/02/2025", 2026: "29/02/2026"}


def koperasi_table(coops: list[Koperasi], year: int, seed: int) -> tuple[list[Block], dict]:
    """The register of ``year``: a "Rekap" sheet first, then the "Koperasi" sheet.

    Returns the blocks and the truth: nik -> latest RAT date, for the rows that should be kept.
    """
    rng = rng_for(seed, "koperasi", year)
    register = [k for k in coops if year in k.rat]
    ordinary = [k for k in register if k.kind in ("rutin", "kadang") and k.nik_form == "plain"
                and not k.kec_written and k.anggota_text is None]
    rng.shuffle(ordinary)
    with_rat_now = [k for k in ordinary if k.rat[year] and k.rat[year].year == year]
    impossible = with_rat_now[0]
    dup_latest_first, dup_latest_second, dup_equal, dup_empty = with_rat_now[1:5]
    serial = {k.nik for k in with_rat_now[5:8]}  # RAT dates written as Excel serial numbers

    def make(k: Koperasi, no: int, rat: dt.date | None, *, nik=None, form=None) -> Row:
        form = form or pick_form(rng, RAT_FORMS)
        rat_cell = None if rat is None else date_value(rat, form, rng)
        values = [no, words.id_written(k.nik, k.nik_form) if nik is None else nik, k.nama, k.jenis, k.desa,
                  k.kec_written or k.kec, rat_cell,
                  k.anggota_text if k.anggota_text is not None else k.anggota]
        row = Row(values)
        notes = {
            "sci": ("No. Induk Koperasi", REJECTED, "scientific_notation_id",
                    "NIK in Excel scientific notation: digits lost"),
            "numeric": ("No. Induk Koperasi", KEPT, "", "NIK stored as a numeric cell (warning)"),
            "dots": ("No. Induk Koperasi", KEPT, "", "NIK written with dots"),
            "spaces": ("No. Induk Koperasi", KEPT, "", "NIK written with spaces"),
            "dashes": ("No. Induk Koperasi", KEPT, "", "NIK written with dashes"),
            "nbsp": ("No. Induk Koperasi", KEPT, "", "NIK with a trailing non-breaking space"),
        }
        if k.nik_form in notes and nik is None:
            row.column, row.fate, row.reason, row.note = notes[k.nik_form]
        if k.kec_written in words.KEC_ASING:
            row.column, row.fate, row.reason, row.note = ("Kec.", REJECTED, "unknown_kecamatan",
                                                          "kecamatan not of Jember")
        elif k.kec_written == "Bangsarsari":
            row.column, row.note = "Kec.", "kecamatan one edit away: corrected to Bangsalsari"
        elif k.kec_written:
            row.column, row.note = "Kec.", f"kecamatan variant of {k.kec}"
        if k.anggota_text is not None:
            row.column, row.note = "Jumlah Anggota", "count written as text with a thousands dot"
        return row

    rows: list[Row] = []
    late: list[Row] = []
    truth: dict[str, dt.date | None] = {}
    no = 0
    for k in register:
        no += 1
        rat = k.rat[year]
        if k is impossible:
            row = make(k, no, rat)
            row.values[6] = IMPOSSIBLE_RAT[year]
            row.fate, row.reason, row.column, row.note = (REJECTED, "invalid_date",
                                                          "Tanggal RAT Terakhir", "impossible date")
            rows.append(row)
            continue
        if k.nik in serial:
            row = make(k, no, rat, form="serial")
            row.column, row.note = "Tanggal RAT Terakhir", "RAT date as an Excel serial number"
        elif k is dup_latest_second:
            # First entry shows last year's RAT; the later re-entry the latest: keep the later one.
            row = make(k, no, rat_date(rng, year - 1))
            row.fate, row.reason, row.column = REJECTED, "duplicate", "No. Induk Koperasi"
            row.note = "duplicate NIK with an older RAT date than its later re-entry"
        else:
            row = make(k, no, rat)
        rows.append(row)
        if not k.reject_always:
            truth[k.nik] = rat
        if k is dup_latest_first:
            no += 1
            dup = make(k, no, rat_date(rng, year - 1))
            dup.fate, dup.reason, dup.column = REJECTED, "duplicate", "No. Induk Koperasi"
            dup.note = "duplicate NIK (next row) with an older RAT date: the first row is kept"
            rows.append(dup)
        if k is dup_equal:
            no += 1
            dup = make(k, no, rat, form="cell")
            rows[-1].values[6] = rat  # same date cell in both rows
            dup.fate, dup.reason, dup.column = REJECTED, "duplicate", "No. Induk Koperasi"
            dup.note = "duplicate NIK with the same RAT date: the first row is kept"
            rows.append(dup)
        if k is dup_latest_second:
            late.append(k)
        if k is dup_empty:
            late.append(k)
    for k in late:
        no += 1
        if k is dup_latest_second:
            row = make(k, no, k.rat[year])
            row.column = "No. Induk Koperasi"
            row.note = "re-entry of a duplicate NIK with the latest RAT date: this row is kept"
        else:
            row = make(k, no, None, nik=words.id_written(k.nik, "dots"))
            row.fate, row.reason, row.column = REJECTED, "duplicate", "No. Induk Koperasi"
            row.note = "duplicate NIK (written with dots) with no RAT date: the earlier row is kept"
        rows.append(row)
    for pos in (len(rows) * 2 // 3, len(rows) // 3):
        rows.insert(pos, Row([None] * len(KOPERASI_HEADER), fate=EMPTY, note="entirely empty row"))
    total_anggota = sum(v if isinstance(v, int) else int(v.replace(".", ""))
                        for v in (r.values[7] for r in rows) if v is not None)
    rows.append(Row(["JUMLAH", None, None, None, None, None, None, total_anggota], fate=TOTALS,
                    column="No.", note="totals row"))

    rekap_rows = []
    for kec in KECAMATAN:
        ks = [k for k in register if k.kec == kec]
        rekap_rows.append(Row([kec, len(ks), sum(1 for k in ks if k.rat[year] and k.rat[year].year == year)]))
    rekap = Block("Rekap", ["Kecamatan", "Jumlah Koperasi", f"RAT Tahun {year}"], rekap_rows,
                  titles=[[f"REKAPITULASI KOPERASI PER KECAMATAN TAHUN {year}"], []],
                  widths={1: 18, 2: 16, 3: 16})
    data = Block("Koperasi", KOPERASI_HEADER, rows, titles=[
        [f"DAFTAR KOPERASI KABUPATEN JEMBER TAHUN {year}"],
        ["Dinas Koperasi, UKM dan Perdagangan Kabupaten Jember - DATA CONTOH SINTETIS"],
        [],
    ], widths={1: 7, 2: 22, 3: 44, 4: 30, 5: 18, 6: 16, 7: 20, 8: 15})
    return [rekap, data], truth


# --------------------------------------------------------------------------------------------
# Facilitation (shared by koperasi and usaha mikro)
# --------------------------------------------------------------------------------------------


def event_dates(rng: random.Random, year: int, n: int, start_month: int = 1) -> list[dt.date]:
    return sorted(rand_day(rng, dt.date(year, start_month, 10), dt.date(year, 12, 15)) for _ in range(n))


FAS_DATE_FORMS = {"cell": 75, "dmy": 10, "bulan": 3, "bulan_pendek": 3, "iso": 3, "dmy_dash": 3,
                  "serial": 3}


def fasilitasi_koperasi_table(coops: list[Koperasi], truth: dict, year: int, seed: int) -> tuple[Block, dict]:
    """Facilitation of cooperatives in ``year``, grouped in events (a few dozen a year)."""
    rng = rng_for(seed, "fasilitasi_koperasi", year)
    by_nik = {k.nik: k for k in coops}
    aktif = [n for n, d in truth.items() if d is not None and d.year == year]
    tidak = [n for n, d in truth.items() if not (d is not None and d.year == year)]
    n_aktif, n_mp, n_lain = {2025: (110, 30, 30), 2026: (140, 20, 30)}[year]
    mp = [n for n in tidak if by_nik[n].kind == "merah_putih"]
    lain = [n for n in tidak if by_nik[n].kind != "merah_putih"]
    chosen = rng.sample(sorted(aktif), n_aktif) + rng.sample(sorted(mp), n_mp) + rng.sample(sorted(lain), n_lain)

    events = []
    for i, d in enumerate(event_dates(rng, year, 48)):
        bentuk, kegiatan, for_mp = rng.choice(words.FASILITASI_KOPERASI)
        if for_mp and d.month < 7 and year == 2025:  # the Merah Putih wave starts mid-2025
            bentuk, kegiatan, for_mp = words.FASILITASI_KOPERASI[1]
        events.append((d, bentuk, kegiatan.format(y1=year - 1, n=i % 6 + 1,
                                                  w=rng.choice(words.NAMA_WILAYAH)), for_mp))
    mp_events = [e for e in events if e[3]]
    other_events = [e for e in events if not e[3]]
    entries = []  # (date, nik, nama, bentuk, kegiatan, fate, reason, note, column, nik_value)
    for nik in chosen:
        k = by_nik[nik]
        pool = mp_events if k.kind == "merah_putih" else other_events
        times = rng.choices((1, 2, 3, 4, 5), (30, 28, 20, 14, 8))[0]
        for e in rng.sample(pool, min(times, len(pool))):
            entries.append([e[0], nik, k.nama, e[1], e[2], KEPT, "", "", "", None])
    # Deliberate defects.
    pool = sorted(truth)
    for d in (dt.date(year - 1, 11, 20), dt.date(year - 1, 12, 4), dt.date(year - 1, 12, 4),
              dt.date(year - 1, 12, 18)):
        nik = rng.choice(pool)
        entries.append([d, nik, by_nik[nik].nama, "Pendampingan RAT", "Pendampingan RAT (entri terlambat)",
                        REJECTED, "outside_year", "dated in the previous year", "Tgl", None])
    nik = rng.choice(pool)
    entries.append([dt.date(year + 1, 1, 6), nik, by_nik[nik].nama, "Pengawasan",
                    "Pemeriksaan Koperasi (awal tahun berikutnya)", REJECTED, "outside_year",
                    "dated in the next year", "Tgl", None])
    absent = []
    if year == 2025:  # a cooperative that only appears on the 2026 register
        k = next(k for k in coops if k.kind == "baru")
        absent.append((k.nik, k.nama, "NIK only on the next year's register"))
    used = set(by_nik)
    while len(absent) < 3:
        n = koperasi_nik(rng, rng.choice(KECAMATAN), rng.randint(0, 24), used)
        absent.append((n, f"KSU {rng.choice(words.NAMA_KOPERASI)}", "NIK not on the register"))
    for n, nama, note in absent:
        entries.append([rand_day(rng, dt.date(year, 2, 1), dt.date(year, 11, 30)), n, nama,
                        "Pelatihan Perkoperasian", "Pelatihan Dasar Perkoperasian", REJECTED,
                        "not_in_register", note, "NIK Koperasi", None])
    nik = rng.choice(aktif)
    entries.append([dt.date(year, 11, 15), nik, by_nik[nik].nama, "Bimbingan Teknis",
                    "Bimtek Akuntansi dan Laporan Keuangan Koperasi", REJECTED, "invalid_date",
                    "impossible date", "Tgl", "31/11/" + str(year)])
    entries.sort(key=lambda e: (e[0], e[3], e[1]))

    rows = []
    # NIK forms: a few with dots, two numeric cells.
    kept_idx = [i for i, e in enumerate(entries) if e[5] == KEPT]
    dots = set(rng.sample(kept_idx, 3))
    numeric = set(rng.sample([i for i in kept_idx if i not in dots], 2))
    for no, e in enumerate(entries, start=1):
        d, nik, nama, bentuk, kegiatan, fate, reason, note, column, override = e
        tgl = override if override is not None else date_value(d, pick_form(rng, FAS_DATE_FORMS), rng)
        nik_value: object = nik
        if no - 1 in dots:
            nik_value = words.id_written(nik, "dots")
            column, note = "NIK Koperasi", "NIK written with dots"
        elif no - 1 in numeric:
            nik_value = words.id_written(nik, "numeric")
            column, note = "NIK Koperasi", "NIK stored as a numeric cell (warning)"
        rows.append(Row([no, tgl, nik_value, nama, bentuk, kegiatan], fate, reason, note, column))
    kept_niks = {e[1] for e in entries if e[5] == KEPT}
    facts = {
        "aktif": len(aktif),
        "registered_kept": len(truth),
        "facilitated_unique": len(kept_niks),
        "facilitated_aktif": len(kept_niks & set(aktif)),
        "facilitated_not_aktif": len(kept_niks - set(aktif)),
    }
    block = Block("Fasilitasi", ["No", "Tgl", "NIK Koperasi", "Nama Koperasi", "Bentuk Fasilitasi",
                                 "Kegiatan"], rows,
                  titles=[[f"REKAP FASILITASI KOPERASI TAHUN {year}"],
                          ["Bidang Pengawasan Koperasi dan Usaha Mikro - DATA CONTOH SINTETIS"], []],
                  widths={1: 6, 2: 14, 3: 22, 4: 44, 5: 26, 6: 60})
    return block, facts


# --------------------------------------------------------------------------------------------
# Usaha mikro
# --------------------------------------------------------------------------------------------


@dataclass
class Usaha:
    nib: str
    nama: str
    kec: str
    sektor: str
    nik: str
    pemilik: str
    file: str
    state: dict[int, tuple[float | None, float | None, bool]] = field(default_factory=dict)


def new_nib(rng: random.Random, used: set[str]) -> str:
    while True:
        nib = rng.choice(words.NIB_PREFIXES) + f"{rng.randint(0, 9_999_999_999):010d}"
        if nib not in used:
            used.add(nib)
            return nib


def draw_money(rng: random.Random, skala: str, step: int) -> tuple[int, int]:
    """(omzet, modal) consistent with ``skala``; amounts rounded to ``step``."""
    if skala == "mikro":
        omzet = min(1_950_000_000, max(3_000_000, rng.lognormvariate(math.log(90e6), 0.9)))
        modal = min(950_000_000, max(1_000_000, omzet * rng.uniform(0.15, 0.7)))
        return round_to(omzet, step), round_to(modal, step)
    lo_o, hi_o, lo_m, hi_m = {
        "kecil": (2.05e9, 14.5e9, 1.05e9, 4.9e9),
        "menengah": (15.5e9, 48e9, 5.1e9, 9.8e9),
        "besar": (52e9, 150e9, 10.5e9, 40e9),
    }[skala]
    return round_to(log_uniform(rng, lo_o, hi_o), 1_000_000), round_to(log_uniform(rng, lo_m, hi_m), 1_000_000)


def build_usaha(seed: int) -> list[Usaha]:
    """Enterprises of both years (2026 drops a few and adds new ones) and their yearly state."""
    rng = rng_for(seed, "usaha_mikro")
    used: set[str] = set()
    file_of = {kec: f for f, kecs in WILAYAH.items() for kec in kecs}
    kec_weights = [2.0 if k in words.KOTA else rng.uniform(0.8, 1.2) for k in KECAMATAN]

    def new() -> Usaha:
        kec = rng.choices(KECAMATAN, kec_weights)[0]
        jenis, sektor = rng.choice(words.JENIS_USAHA)
        nama_p, female = person_name(rng)
        if rng.random() < words.USAHA_BERNAMA_PEMILIK:
            nama = words.usaha_of_owner(jenis, nama_p.split()[0], female)
        else:
            nama = f"{jenis} {rng.choice(words.MEREK)}"
        f = file_of[kec]
        if f.endswith(".csv") and rng.random() < 0.03:
            nama = f"Café {rng.choice(('Kopi Raung', 'Ijen', 'Argopuro', 'Sumber Rejeki', 'Lembah'))}"
        born = words.LAHIR_AWAL + dt.timedelta(days=rng.randint(0, words.LAHIR_HARI))
        serial = rng.randint(*words.NIK_NOMOR)
        nik = str(words.nik_pemilik(words.KEC_NO[kec], born.day, born.month, born.year, female, serial))
        return Usaha(new_nib(rng, used), nama, kec, sektor, nik, nama_p, f)

    def state(u: Usaha, skala: str) -> tuple[int, int, bool]:
        step = 100_000 if u.file.startswith("02") else 50_000
        omzet, modal = draw_money(rng, skala, step)
        aktif = skala != "mikro" or rng.random() < 0.875
        if not aktif and (u.file.endswith(".csv") or rng.random() < 0.4):
            omzet = 0  # closed: no sales last year (the CSV has no status column)
        return omzet, modal, aktif

    skala_w = (94.3, 4.6, 1.06, 0.04)
    usaha = []
    for _ in range(N_UMKM_2025):
        u = new()
        u.state[2025] = state(u, rng.choices(SKALA, skala_w)[0])
        usaha.append(u)
    gone = set(rng.sample(range(len(usaha)), N_UMKM_HILANG_2026))
    for i, u in enumerate(usaha):
        if i in gone:
            continue
        omzet, modal, aktif = u.state[2025]
        sk = skala_of(omzet, modal) if omzet else skala_modal(modal)
        if aktif and rng.random() < 0.06 and sk == "mikro":
            aktif = False
            omzet = 0 if (u.file.endswith(".csv") or rng.random() < 0.4) else omzet
        elif not aktif and rng.random() < 0.25:
            aktif = True
            omzet = state(u, "mikro")[0] or 25_000_000
        elif omzet:
            step = 100_000 if u.file.startswith("02") else 50_000
            grown = round_to(omzet * rng.uniform(0.92, 1.18), step)
            omzet = grown if skala_of(grown, None) == sk else omzet
        u.state[2026] = (omzet, modal, aktif)
    for _ in range(N_UMKM_BARU_2026):
        u = new()
        u.state[2026] = state(u, rng.choices(SKALA, skala_w)[0])
        usaha.append(u)
    return usaha


@dataclass(frozen=True)
class Layout:
    """How one usaha_mikro file is written: its sheet, headers (by role), titles and styles."""

    sheet: str
    header: tuple[str, ...]
    roles: dict  # role -> header text: id, nama, kec, omzet, modal, status
    titles: tuple[str, ...]
    money: str  # number | text | csv | mixed
    status: str | None  # status | yt | aktif | None (no status column)
    defects: tuple[str, ...]


UMKM_LAYOUT: dict[str, Layout] = {
    "01_wilayah_barat.xlsx": Layout(
        "Data UMKM",
        ("No", "NIB", "Nama Usaha", "Kecamatan", "Sektor", "Omzet per Tahun (Rp)", "Modal Usaha",
         "Status", "NIK Pemilik", "Nama Pemilik"),
        {"id": "NIB", "nama": "Nama Usaha", "kec": "Kecamatan", "omzet": "Omzet per Tahun (Rp)",
         "modal": "Modal Usaha", "status": "Status"},
        ("DATA USAHA MIKRO, KECIL DAN MENENGAH KABUPATEN JEMBER", "WILAYAH BARAT - TAHUN {year}"),
        "number", "status",
        ("negative", "no_money", "dup_same_file", "disagree", "disagree", "kec:Bangsarsari",
         "kec:Kec. Puger", "kec:Kec. Puger", "numeric_id", "boundary", "status_empty",
         "status_empty", "status_empty", "status_empty", "omzet_empty", "omzet_empty",
         "omzet_empty_kecil", "empty_row", "totals:JUMLAH"),
    ),
    "02_wilayah_tengah.xlsx": Layout(
        "Sheet1",
        ("ID Usaha", "Nama\u00a0Usaha", "Kec", "Omset", "Aset", "Aktif", "Nama Pemilik",
         "NIK Pemilik", "Sektor"),
        {"id": "ID Usaha", "nama": "Nama\u00a0Usaha", "kec": "Kec", "omzet": "Omset",
         "modal": "Aset", "status": "Aktif"},
        ("Pendataan UMKM Wilayah Tengah {year} (DATA CONTOH SINTETIS)",),
        "text", "yt",
        (f"unparseable:{words.UANG_TITIK_SALAH}", f"status:{words.STATUS_ASING}", "sci_id", "disagree", "kec:Jenggawa",
         "plant:1,5 M", "plant:2,5 M", "plant:850.000,50", "plant:Rp 1.250.000", "plant:25 jt",
         "nbsp", "omzet_empty"),
    ),
    "03_wilayah_timur.csv": Layout(
        "",
        ("Nomor Induk Berusaha", "Nama Usaha", "Kecamatan", "Hasil Penjualan Tahunan", "Modal",
         "NIK Pemilik", "Nama Pemilik", "Sektor"),
        {"id": "Nomor Induk Berusaha", "nama": "Nama Usaha", "kec": "Kecamatan",
         "omzet": "Hasil Penjualan Tahunan", "modal": "Modal"},
        (),
        "csv", None,
        (f"unparseable:{words.UANG_EMPAT_DESIMAL}", "dup_other_file", "disagree", "kec:LEDOKOMBO", "kec:Sumberjambe ",
         "plant:14190123.45", "empty_row"),
    ),
    "04_kota.xlsx": Layout(
        "UMKM Kota",
        ("No", "NIB", "Nama Usaha", "Kecamatan", "Omzet Tahunan (Rp)", "Modal Usaha (Rp)",
         "Status Aktif", "NIK Pemilik", "Nama Pemilik", "Sektor"),
        {"id": "NIB", "nama": "Nama Usaha", "kec": "Kecamatan", "omzet": "Omzet Tahunan (Rp)",
         "modal": "Modal Usaha (Rp)", "status": "Status Aktif"},
        ("DATA UMKM KECAMATAN KALIWATES, SUMBERSARI DAN PATRANG", "TAHUN {year} - DATA CONTOH SINTETIS"),
        "mixed", "aktif",
        (f"unparseable:{words.UANG_HURUF}", "unknown_kec", "dup_same_file", "disagree", "kec:SUMBER SARI",
         "kec:SUMBER SARI", "kec:kaliwates", "kec:kaliwates", "kec:Kec. Patrang", "kec:Sumbersri",
         "empty_row", "totals:TOTAL"),
    ),
}
#: The written kecamatan of the "kec:" defects -> the kecamatan it stands for.
KEC_WRITTEN = {**words.KEC_TYPOS, "Kec. Puger": "Puger", "LEDOKOMBO": "Ledokombo", "Sumberjambe ": "Sumberjambe",
               "SUMBER SARI": "Sumbersari", "kaliwates": "Kaliwates", "Kec. Patrang": "Patrang"}
PLANTED_MONEY = {"1,5 M": 1.5e9, "2,5 M": 2.5e9, "850.000,50": 850_000.5, "Rp 1.250.000": 1_250_000,
                 "25 jt": 25_000_000, "14190123.45": 14_190_123.45}
DISAGREE_MODAL = {"number": 1_350_000_000, "text": 1_200_000_000, "csv": 1_500_000_000,
                  "mixed": 2_750_000_000}


def money_text_drawn(v: float, rng: random.Random) -> str:
    """Indonesian money text for ``v``, in a form drawn among those that lose no digit."""
    n = int(v)
    if round((v - n) * 100):
        return words.money_text(v, "plain")  # with sen: '850.000,50'
    forms = {"rp": 35, "rp_tight": 10, "plain": 25}
    if words.fits_jt(n):
        forms["jt"] = 20
    if words.fits_m(n):
        forms["M"] = 20
    form = pick_form(rng, forms)
    word = rng.choice({"jt": words.JT_WORDS, "M": words.M_WORDS}[form]) if form in ("jt", "M") else ""
    return words.money_text(n, form, word)


def money_cell(v: float | None, style: str, rng: random.Random) -> object:
    if v is None:
        return None
    if style == "number" or (style == "mixed" and rng.random() < 0.9):
        return int(v) if v == int(v) else v
    if style == "csv":
        return words.money_text(v, "machine")
    return money_text_drawn(v, rng)


def status_cell(aktif: bool, style: str | None, rng: random.Random) -> object:
    weighted = words.STATUS_WORDS[style][0 if aktif else 1]
    return rng.choices([w for w, _ in weighted], [n for _, n in weighted])[0]


def usaha_mikro_tables(usaha: list[Usaha], year: int, seed: int) -> tuple[dict[str, Block], dict, dict]:
    """The UMKM register of ``year``: one block per wilayah file, with the planted defects.

    Returns the blocks, the truth (id_usaha -> (skala, aktif) for the rows that should be kept)
    and a few counts.
    """
    rng = rng_for(seed, "usaha_mikro", year)
    blocks: dict[str, Block] = {}
    truth: dict[str, tuple[str, bool]] = {}
    facts: Counter = Counter()
    clean_earlier: list[Usaha] = []  # kept, unremarkable rows of earlier files (cross-file duplicate)
    for fname, lay in UMKM_LAYOUT.items():
        recs = [u for u in usaha if u.file == fname and year in u.state]
        col = {role: lay.header.index(h) for role, h in lay.roles.items()}
        extra = {h: lay.header.index(h) for h in ("NIK Pemilik", "Nama Pemilik", "Sektor")}

        def base(u: Usaha, omzet, modal, aktif, col=col, extra=extra, lay=lay) -> list:
            values = [None] * len(lay.header)
            values[col["id"]] = u.nib
            values[col["nama"]] = u.nama
            values[col["kec"]] = u.kec
            values[col["omzet"]] = money_cell(omzet, lay.money, rng)
            values[col["modal"]] = money_cell(modal, lay.money, rng)
            if "status" in col:
                values[col["status"]] = status_cell(aktif, lay.status, rng)
            values[extra["NIK Pemilik"]] = u.nik
            values[extra["Nama Pemilik"]] = u.pemilik
            values[extra["Sektor"]] = u.sektor
            return values

        # Which enterprise carries which defect: ordinary aktif mikro rows, spread over the file.
        def ordinary(u: Usaha) -> bool:
            omzet, modal, aktif = u.state[year]
            return aktif and bool(omzet) and skala_of(omzet, None) == "mikro" and skala_modal(modal) == "mikro"

        candidates = [u for u in recs if ordinary(u)]
        rng.shuffle(candidates)
        planted: dict[str, str] = {}
        for kind in lay.defects:
            if kind == "empty_row" or kind.startswith("totals:"):
                continue
            want = KEC_WRITTEN.get(kind[4:]) if kind.startswith("kec:") else None
            u = next(u for u in candidates if u.nib not in planted and (want is None or u.kec == want))
            planted[u.nib] = kind

        rows: list[Row] = []
        pending_dups: list[tuple[int, Usaha]] = []
        for i, u in enumerate(recs):
            omzet, modal, aktif = u.state[year]
            kind = planted.get(u.nib, "")
            values = base(u, omzet, modal, aktif)
            row = Row(values)
            h = lay.roles
            if kind == "negative":
                values[col["omzet"]] = words.UANG_NEGATIF
                row.fate, row.reason, row.column, row.note = REJECTED, "negative_money", h["omzet"], "negative omzet"
            elif kind == "no_money":
                values[col["omzet"]] = values[col["modal"]] = None
                row.fate, row.reason, row.column, row.note = (REJECTED, "no_omzet_no_modal", h["omzet"],
                                                              "neither omzet nor modal")
            elif kind.startswith("unparseable:"):
                values[col["omzet"]] = kind.split(":", 1)[1]
                row.fate, row.reason, row.column, row.note = (REJECTED, "unparseable_money", h["omzet"],
                                                              "money that cannot be read")
            elif kind == "status:mungkin":
                values[col["status"]] = words.STATUS_ASING
                row.fate, row.reason, row.column, row.note = (REJECTED, "unknown_status", h["status"],
                                                              "status word not in the list")
            elif kind == "sci_id":
                values[col["id"]] = words.id_written(u.nib, "sci")
                row.fate, row.reason, row.column, row.note = (REJECTED, "scientific_notation_id", h["id"],
                                                              "NIB in Excel scientific notation: digits lost")
            elif kind == "unknown_kec":
                values[col["kec"]] = words.KEC_ASING[1]
                row.fate, row.reason, row.column, row.note = (REJECTED, "unknown_kecamatan", h["kec"],
                                                              "kecamatan not of Jember")
            elif kind == "disagree":
                modal = DISAGREE_MODAL[lay.money]
                values[col["modal"]] = money_cell(modal, lay.money, rng)
                row.column, row.note = h["modal"], "omzet says mikro, modal says kecil: kept (by omzet), listed"
                facts["disagree_omzet_modal"] += 1
            elif kind.startswith("kec:"):
                values[col["kec"]] = kind[4:]
                row.column = h["kec"]
                row.note = (f"kecamatan one edit away: corrected to {u.kec}" if kind[4:] in words.KEC_TYPOS
                            else f"kecamatan variant of {u.kec}")
            elif kind == "nbsp":
                values[col["kec"]] = u.kec + "\u00a0"
                values[col["nama"]] = "\u00a0" + u.nama
                row.column, row.note = h["kec"], "leading/trailing non-breaking spaces in values"
            elif kind == "numeric_id":
                values[col["id"]] = words.id_written(u.nib, "numeric")
                row.column, row.note = h["id"], "NIB stored as a numeric cell (warning)"
            elif kind == "boundary":
                omzet, modal = 2_000_000_000, 600_000_000
                values[col["omzet"]], values[col["modal"]] = omzet, modal
                row.column, row.note = h["omzet"], "omzet exactly Rp2.000.000.000: still mikro"
            elif kind == "status_empty":
                values[col["status"]] = None
                row.column, row.note = h["status"], "status empty: aktif because omzet > 0"
            elif kind.startswith("omzet_empty"):
                omzet = None
                values[col["omzet"]] = None
                if kind == "omzet_empty_kecil":
                    modal = 2_400_000_000
                    values[col["modal"]] = money_cell(modal, lay.money, rng)
                row.column, row.note = h["omzet"], f"no omzet: skala by modal ({skala_modal(modal)})"
            elif kind.startswith("plant:"):
                text = kind[6:]
                omzet = PLANTED_MONEY[text]
                values[col["omzet"]] = text
                if skala_of(omzet, None) == "kecil":
                    modal = 1_800_000_000
                    values[col["modal"]] = money_cell(modal, lay.money, rng)
                row.column = h["omzet"]
                row.note = f"money as text {text!r} = {omzet:,.2f} ({skala_of(omzet, None)})"
            elif kind == "dup_same_file":
                pending_dups.append((i + 5, u))
            if row.fate == KEPT:
                ak = aktif if "status" in col else (omzet is not None and omzet > 0)
                truth[u.nib] = (skala_of(omzet, modal), ak)
                if not kind:
                    clean_earlier.append(u)
            rows.append(row)
            for due, src in [p for p in pending_dups if p[0] <= i or i == len(recs) - 1]:
                pending_dups.remove((due, src))
                o, m, a = src.state[year]
                rows.append(Row(base(src, o + 500_000, m, a), REJECTED, "duplicate",
                                "NIB repeated in the same file, omzet differs: the first row is kept", h["id"]))
            if kind == "dup_other_file":
                src = next(x for x in clean_earlier if x.file != fname)
                o, m, a = src.state[year]
                rows.append(Row(base(src, o, m, a), REJECTED, "duplicate",
                                f"NIB already listed in {src.file}: the first is kept", h["id"]))
        if "empty_row" in lay.defects:
            rows.insert(len(rows) // 2, Row([None] * len(lay.header), fate=EMPTY, note="entirely empty row"))
        for kind in lay.defects:
            if kind.startswith("totals:"):
                total = [None] * len(lay.header)
                total[0] = kind[7:]
                total[col["omzet"]] = sum(r.values[col["omzet"]] for r in rows
                                          if isinstance(r.values[col["omzet"]], (int, float)))
                rows.append(Row(total, fate=TOTALS, column=lay.header[0], note="totals row"))
        if lay.header[0] == "No":
            no = 0
            for r in rows:
                if r.fate not in (EMPTY, TOTALS):
                    no += 1
                    r.values[0] = no
        titles = [[t.format(year=year)] for t in lay.titles] + ([[]] if len(lay.titles) > 1 else [])
        widths = {i + 1: max(10, min(40, len(h) + 4)) for i, h in enumerate(lay.header)}
        blocks[fname] = Block(lay.sheet, list(lay.header), rows, titles=titles, widths=widths)
    facts["register_kept"] = len(truth)
    facts["mikro"] = sum(1 for s, _ in truth.values() if s == "mikro")
    facts["mikro_aktif"] = sum(1 for s, a in truth.values() if s == "mikro" and a)
    for s in SKALA:
        facts[f"skala_{s}"] = sum(1 for x, _ in truth.values() if x == s)
    return blocks, truth, dict(facts)


FUM_DATE_FORMS = {"cell": 80, "dmy": 8, "bulan": 3, "bulan_pendek": 2, "iso": 3, "dmy_dash": 2,
                  "serial": 2}


def fasilitasi_usaha_mikro_table(usaha: list[Usaha], truth: dict, year: int, seed: int) -> tuple[Block, dict]:
    """Facilitation of enterprises in ``year``: events with a few dozen participants each."""
    rng = rng_for(seed, "fasilitasi_usaha_mikro", year)
    by_nib = {u.nib: u for u in usaha}
    ids = sorted(truth)
    ma = [n for n in ids if truth[n] == ("mikro", True)]
    mt = [n for n in ids if truth[n] == ("mikro", False)]
    nm = [n for n in ids if truth[n][0] != "mikro"]
    n_ma, n_mt, n_nm = {2025: (1850, 150, 50), 2026: (2200, 160, 60)}[year]
    chosen = rng.sample(ma, n_ma) + rng.sample(mt, n_mt) + rng.sample(nm, n_nm)
    events = []
    for i, d in enumerate(event_dates(rng, year, 110, start_month=1)):
        jenis, kegiatan = rng.choice(words.FASILITASI_UMKM)
        events.append((d, jenis, kegiatan.format(n=i % 9 + 1)))
    entries = []
    for nib in chosen:
        times = rng.choices((1, 2, 3), (85, 12, 3))[0]
        for e in rng.sample(events, times):
            entries.append([e[0], nib, by_nib[nib].nama, e[1], e[2], KEPT, "", "", "", None])
    used = set(by_nib)
    for _ in range(12):
        nib = new_nib(rng, used)
        e = rng.choice(events)
        entries.append([e[0], nib, f"{rng.choice(words.JENIS_USAHA)[0]} {rng.choice(words.MEREK)}", e[1], e[2],
                        REJECTED, "not_in_register", "NIB not on the register", "NIB", None])
    for d in [dt.date(year - 1, 12, day) for day in (2, 3, 9, 10, 16, 17)] + \
             [dt.date(year + 1, 1, day) for day in (6, 7, 13, 14)]:
        nib = rng.choice(ids)
        entries.append([d, nib, by_nib[nib].nama, "Pendampingan", "Pendampingan Manajemen Usaha Mikro",
                        REJECTED, "outside_year",
                        "dated in the previous year" if d.year < year else "dated in the next year",
                        "Tanggal Kegiatan", None])
    nib = rng.choice(ma)
    entries.append([dt.date(year, 4, 30), nib, by_nib[nib].nama, "Pelatihan",
                    "Pelatihan Digital Marketing", REJECTED, "invalid_date", "impossible date",
                    "Tanggal Kegiatan", f"31/04/{year}"])
    entries.sort(key=lambda e: (e[0], e[3], e[1]))
    kept_idx = [i for i, e in enumerate(entries) if e[5] == KEPT]
    spaced = set(rng.sample(kept_idx, 2))
    numeric = set(rng.sample([i for i in kept_idx if i not in spaced], 2))
    rows = []
    for no, e in enumerate(entries, start=1):
        d, nib, nama, jenis, kegiatan, fate, reason, note, column, override = e
        tgl = override if override is not None else date_value(d, pick_form(rng, FUM_DATE_FORMS), rng)
        nib_value: object = nib
        if no - 1 in spaced:
            nib_value, column, note = words.id_written(nib, "spaces"), "NIB", "NIB written with spaces"
        elif no - 1 in numeric:
            nib_value, column, note = words.id_written(nib, "numeric"), "NIB", "NIB stored as a numeric cell (warning)"
        rows.append(Row([no, tgl, nib_value, nama, jenis, kegiatan], fate, reason, note, column))
    kept = {e[1] for e in entries if e[5] == KEPT}
    facts = {
        "mikro_aktif": len(ma),
        "facilitated_unique": len(kept),
        "facilitated_mikro_aktif": len(kept & set(ma)),
        "facilitated_mikro_tidak_aktif": len(kept & set(mt)),
        "facilitated_not_mikro": len(kept & set(nm)),
    }
    block = Block("Fasilitasi UM", ["No", "Tanggal Kegiatan", "NIB", "Nama Usaha", "Jenis Fasilitasi",
                                    "Kegiatan"], rows,
                  titles=[[f"DATA FASILITASI USAHA MIKRO TAHUN {year}"],
                          ["Bidang Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro - DATA CONTOH SINTETIS"],
                          []],
                  widths={1: 7, 2: 16, 3: 16, 4: 32, 5: 20, 6: 55})
    return block, facts


# --------------------------------------------------------------------------------------------
# Fasilitasi perdagangan
# --------------------------------------------------------------------------------------------


#: How the trade table writes a kecamatan (sample_words.KEC_FORMS).
TRADE_KEC_FORMS = {"plain": 85, "kec": 10, "upper": 5}


def fasilitasi_perdagangan_table(year: int, seed: int) -> tuple[Block, dict]:
    """Trade facilitation events: sarpras, pasar murah / Bapokting, ekspor produk UMKM."""
    rng = rng_for(seed, "fasilitasi_perdagangan", year)
    n_events = {2025: 150, 2026: 104}[year]
    forms = {"dmy": 60, "iso": 20, "bulan": 12, "bulan_pendek": 8}
    entries = []
    for _ in range(n_events):
        kind = pick_form(rng, words.KATEGORI_DAGANG_BOBOT)
        kategori = rng.choice(words.KATEGORI_DAGANG[kind])
        kec = rng.choice(KECAMATAN)
        d = rand_day(rng, dt.date(year, 1, 6), dt.date(year, 12, 20))
        kec, uraian, jumlah, lokasi = words.dagang_event(kind, kategori, kec, rng.choice)
        kec_written = words.KEC_FORMS[pick_form(rng, TRADE_KEC_FORMS)](kec)
        entries.append([d, kategori, uraian, jumlah, kec_written, lokasi, KEPT, "", "", ""])
    bad = [
        (dt.date(year, 3, 12), words.KATEGORI_TIDAK_COCOK, "Sosialisasi tertib ukur bagi pedagang", "1",
         REJECTED, "kategori_no_match", "kategori matches none of the three kinds", "Kategori"),
        (dt.date(year, 6, 5), words.KATEGORI_GANDA, "Pasar murah sekaligus promosi ekspor", "1",
         REJECTED, "kategori_ambiguous", "kategori matches two kinds", "Kategori"),
        (dt.date(year, 8, 20), "Pasar Murah", "Pasar murah (dibatalkan)", "0",
         REJECTED, "invalid_jumlah", "volume 0", "Volume"),
        (dt.date(year, 9, 9), "Export kopi", "Fasilitasi ekspor kopi robusta (separuh kontainer)", "2,5",
         REJECTED, "invalid_jumlah", "volume not a whole number", "Volume"),
        (dt.date(year - 1, 12, 27), "Operasi Pasar Bapokting", "Operasi pasar akhir tahun (entri terlambat)",
         "1", REJECTED, "outside_year", "dated in the previous year", "Tanggal"),
    ]
    for d, kategori, uraian, jumlah, fate, reason, note, column in bad:
        kec = rng.choice(KECAMATAN)
        entries.append([d, kategori, uraian, jumlah, kec, f"Kantor Kecamatan {kec}", fate, reason, note, column])
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    rows = []
    for e in entries:
        d, kategori, uraian, jumlah, kec, lokasi, fate, reason, note, column = e
        if not note and jumlah == "":
            note, column = "volume empty: counts as 1", "Volume"
        rows.append(Row([str(date_value(d, pick_form(rng, forms), rng)), kategori, uraian, jumlah, kec, lokasi],
                        fate, reason, note, column))
    f = sum(int(e[3] or 1) for e in entries if e[6] == KEPT)
    per_kind = Counter()
    for e in entries:
        if e[6] == KEPT:
            kind = next(k for k, texts in words.KATEGORI_DAGANG.items() if e[1] in texts)
            per_kind[kind] += int(e[3] or 1)
    block = Block("", ["Tanggal", "Kategori", "Uraian", "Volume", "Kecamatan", "Lokasi"], rows)
    return block, {"F": f, "by_kategori": dict(sorted(per_kind.items())), "events_kept": sum(
        1 for e in entries if e[6] == KEPT)}


# --------------------------------------------------------------------------------------------
# Root tables: PDRB and targets
# --------------------------------------------------------------------------------------------


def pdrb_table(seed: int) -> tuple[Block, dict]:
    """BPS's own wide table of PDRB ADHB by lapangan usaha, 2022-2025, as "Kabupaten Jember Dalam
    Angka" prints it: a title, a two-row header ("Tahun" above the years, the latest marked * and
    **), the column numbers, codes at the start of the labels, BPS's 17 categories (M,N and
    R,S,T,U combined), sub-rows at two depths, the total row and notes under the table."""
    rng = rng_for(seed, "pdrb")
    it1 = {}
    values: dict[int, dict[str, int]] = {}
    for year in PDRB_YEARS:
        v = words.pdrb_sen(year, lambda: rng.uniform(0.97, 1.03))
        total_sen, g_sen = words.PDRB_TOTAL[year] * 100, v["G"]
        assert sum(v.values()) == total_sen
        for code, _ in PDRB_COMBINED:
            v[code] = sum(v.pop(letter) for letter in code.split(","))
        values[year] = v
        it1[str(year)] = {"G": g_sen / 100, "total": total_sen / 100, "IT-1": g_sen / total_sen * 100}
    combined = dict(PDRB_COMBINED)
    first_of = {code.split(",")[0]: code for code in combined}
    rows = []
    for k, name, _ in words.PDRB_LAPANGAN:
        if any(k in code.split(",") for code in combined) and k not in first_of:
            continue
        code = first_of.get(k, k)
        label = combined.get(code, name)
        rows.append(Row([f"{code}. {label}"] + [values[y][code] / 100 for y in PDRB_YEARS]))
        parent = {y: values[y][code] for y in PDRB_YEARS}
        for depth, (sub, sub_name, share) in enumerate(PDRB_SUB.get(k, ())):
            indent = "   " * (1 + (depth if k == "A" else 0))
            parent = {y: round(parent[y] * share) if k == "A" else round(values[y][code] * share) for y in PDRB_YEARS}
            rows.append(Row([f"{indent}{sub} {sub_name}"] + [parent[y] / 100 for y in PDRB_YEARS],
                            fate=SKIPPED, note="sub-category row: skipped and listed (dilewati)",
                            column="Lapangan Usaha"))
    rows.append(Row(["PRODUK DOMESTIK REGIONAL BRUTO"] + [words.PDRB_TOTAL[y] for y in PDRB_YEARS], fate=TOTALS,
                    note="total row: cross-check only (equals the sum of the categories)", column="Lapangan Usaha"))
    rows.append(Row([None] * (1 + len(PDRB_YEARS)), fate=EMPTY))
    for text in ("Sumber: BPS Kabupaten Jember. DATA CONTOH SINTETIS: nilai rekaan, bukan angka BPS.",
                 "Catatan: *) angka sementara  **) angka sangat sementara"):
        rows.append(Row([text] + [None] * len(PDRB_YEARS), fate=SKIPPED,
                        note="note under the table: not data (dilewati)", column="Lapangan Usaha"))
    years = [str(y) + PDRB_MARKS.get(y, "") for y in PDRB_YEARS]
    block = Block("PDRB ADHB", [None] + years, rows, titles=[
        ["Tabel 11.1.1 Produk Domestik Regional Bruto Kabupaten Jember Atas Dasar Harga Berlaku Menurut "
         "Lapangan Usaha (juta rupiah), 2022-2025"],
        [],
        ["Lapangan Usaha", "Tahun"],
    ], widths={1: 62, **{c: 16 for c in range(2, 2 + len(PDRB_YEARS))}},
        under_header=[[f"({i})" for i in range(1, 2 + len(PDRB_YEARS))]])
    return block, it1


def target_table() -> Block:
    """Annual rows (Triwulan empty) with each year's quarterly rows after them; quarterly rows
    leave Polaritas empty (it comes from the annual row)."""
    rows = []
    for kode, values in words.TARGETS.items():
        for year, value in zip(words.TARGET_YEARS, values):
            rows.append(Row([kode, str(year), "", value, "positif", "%"]))
            for q, quarter_value in QUARTER_TARGETS.get((kode, year), {}).items():
                rows.append(Row([kode, str(year), str(q), quarter_value, "", "%"]))
    return Block("", ["Kode Indikator", "Tahun", "Triwulan", "Target (%)", "Polaritas", "Satuan"], rows)


def target_value(kode: str, year: int) -> float:
    return float(words.TARGETS[kode][words.TARGET_YEARS.index(year)].replace(",", "."))


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------

README = f"""# data/raw — DATA CONTOH (sintetis)

> **English:** everything in this folder is SYNTHETIC sample data generated by
> `scripts/generate_sample_data.py` (seed {SEED}); it is not real data of Kabupaten Jember.

**Seluruh isi folder ini adalah DATA CONTOH SINTETIS, bukan data riil Dinas Koperasi, UKM dan
Perdagangan Kabupaten Jember.** Nama koperasi, nama usaha, nama pemilik, NIK, NIB, nama desa dan
semua angka dibuat secara acak. Yang diambil dari sumber publik hanya nama 31 kecamatan, jumlah
desa/kelurahan per kecamatan, orde besaran PDRB dan batas kriteria UMKM (PP 7/2021). Angka IKU yang
dihasilkan dari data ini **tidak boleh dikutip** sebagai kinerja Dinas.

Berkas `{MARKER}` menandai folder ini sebagai data contoh: selama berkas itu ada, laporan
menampilkan label "DATA CONTOH".

## Cara data ini dibuat

```
python scripts/generate_sample_data.py            # menulis ulang data/raw/
python scripts/generate_sample_data.py --out DIR  # menulis ke folder lain
python scripts/generate_sample_data.py --summary  # mencetak hasil yang diharapkan (JSON)
```

Pembangkit memakai `random.Random` dengan seed tetap ({SEED}), sehingga setiap menjalankan
menghasilkan berkas yang identik byte demi byte (termasuk xlsx: properti dan stempel waktu zip
dibuat tetap). `tests/test_sample_data.py` memeriksa hal itu. Jika isi folder ini diubah, ubahlah
pembangkitnya, jalankan ulang, lalu commit hasilnya.

Data ini sengaja "kotor" agar setiap aturan pembacaan diuji: baris judul di atas header, nama
kolom berbeda antarberkas, NIK/NIB dengan titik, spasi, sel angka atau notasi ilmiah Excel
(`3,50901E+15`, ditolak), tanggal dalam berbagai bentuk (sel tanggal, nomor seri Excel,
`dd/mm/yyyy`, `12 Maret 2025`, `3 Agt 2025`) dan tanggal mustahil (`31/02/2025`, ditolak), ejaan
kecamatan yang beragam (`SUMBER SARI`, `Bangsarsari` dikoreksi, `Jember Kota` ditolak), uang
sebagai teks (`Rp 1.250.000`, `25 jt`, `1,5 M`) atau tidak terbaca (`12.34.5`, ditolak), NIK/NIB
ganda, baris kosong dan baris `JUMLAH`. Daftar lengkapnya ada di docstring pembangkit dan di
keluaran `--summary`.

## Isi

```
target_iku.csv                   target IT-1, IT-2, IKU-1..3 tahun 2025-2029 (pemisah ;); kolom
                                 Triwulan: target triwulan 2026 untuk IKU-1..3 (kosong = tahunan)
pdrb_lapangan_usaha.xlsx         PDRB ADHB menurut lapangan usaha 2022-2025 dalam tata letak tabel
                                 BPS ("Jember Dalam Angka"): satu kolom per tahun (2024*, 2025**),
                                 17 kategori BPS, sub-kategori, baris PDRB, catatan di bawah tabel
                                 (2026 sengaja belum ada: IT-1 2026 "belum tersedia")
{SETTINGS}                  penanda tangan buku kerja LKjIP: isian rekaan yang jelas
                                 (bukan orang sungguhan)
2025/, 2026/
  koperasi.xlsx                  daftar koperasi (sheet "Koperasi"; sheet pertama "Rekap")
  fasilitasi_koperasi.xlsx       fasilitasi koperasi
  usaha_mikro/                   daftar UMKM, satu berkas per wilayah, nama kolom berbeda-beda
    01_wilayah_barat.xlsx
    02_wilayah_tengah.xlsx
    03_wilayah_timur.csv         pemisah ;, encoding cp1252
    04_kota.xlsx
  fasilitasi_usaha_mikro.xlsx    fasilitasi usaha mikro
  fasilitasi_perdagangan.csv     fasilitasi perdagangan (pemisah ,, UTF-8 dengan BOM)
```

## Menaruh data riil

Data riil **tidak boleh di-commit** ke repositori (memuat NIK dan nama pemilik usaha, data
pribadi menurut UU 27/2022). `.gitignore` mengabaikan `data/raw/*` kecuali berkas contoh ini.

- Cara yang dianjurkan: simpan data riil di folder terpisah di luar repositori dengan susunan
  yang sama (`target_iku.csv`, tabel PDRB dari BPS, folder per tahun), **tanpa**
  `{MARKER}`, lalu jalankan `iku run --raw-dir /path/ke/data_riil`.
- Atau taruh data riil di `data/raw/` hanya di komputer sendiri: hapus dulu berkas contoh
  (termasuk `{MARKER}`, agar laporan tidak berlabel DATA CONTOH) dan jangan di-commit.
"""


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def generate(out_dir: Path | str, seed: int = SEED) -> dict:
    """Write the whole sample tree into ``out_dir``; return the expected outcome."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    exp = Expected()

    (out / "README.md").write_bytes(README.encode("utf-8"))
    (out / MARKER).write_bytes(MARKER_TEXT.encode("utf-8"))
    (out / SETTINGS).write_bytes(SETTINGS_TEXT.encode("utf-8"))

    target = target_table()
    write_csv(out / "target_iku.csv", target, delimiter=";", encoding="utf-8")
    exp.record("root", "target_iku", "target_iku.csv", target)
    pdrb, it1 = pdrb_table(seed)
    write_xlsx(out / "pdrb_lapangan_usaha.xlsx", [pdrb])
    exp.record("root", "pdrb_lapangan_usaha", "pdrb_lapangan_usaha.xlsx", pdrb)

    desa = build_desa(seed)
    coops = build_koperasi(seed, desa)
    usaha = build_usaha(seed)
    f_trade = {}
    for year in YEARS:
        y = str(year)
        ydir = out / y
        kop_blocks, kop_truth = koperasi_table(coops, year, seed)
        write_xlsx(ydir / "koperasi.xlsx", kop_blocks)
        exp.record(y, "koperasi", f"{y}/koperasi.xlsx", kop_blocks[1])

        fk, fk_facts = fasilitasi_koperasi_table(coops, kop_truth, year, seed)
        write_xlsx(ydir / "fasilitasi_koperasi.xlsx", [fk])
        exp.record(y, "fasilitasi_koperasi", f"{y}/fasilitasi_koperasi.xlsx", fk)

        um_blocks, um_truth, um_facts = usaha_mikro_tables(usaha, year, seed)
        for fname, block in um_blocks.items():
            path = ydir / "usaha_mikro" / fname
            if fname.endswith(".csv"):
                write_csv(path, block, delimiter=";", encoding="cp1252", newline="\r\n")
            else:
                write_xlsx(path, [block])
            exp.record(y, "usaha_mikro", f"{y}/usaha_mikro/{fname}", block)

        fu, fu_facts = fasilitasi_usaha_mikro_table(usaha, um_truth, year, seed)
        write_xlsx(ydir / "fasilitasi_usaha_mikro.xlsx", [fu])
        exp.record(y, "fasilitasi_usaha_mikro", f"{y}/fasilitasi_usaha_mikro.xlsx", fu)

        fp, fp_facts = fasilitasi_perdagangan_table(year, seed)
        write_csv(ydir / "fasilitasi_perdagangan.csv", fp, delimiter=",", encoding="utf-8", bom=True,
                  newline="\r\n")
        exp.record(y, "fasilitasi_perdagangan", f"{y}/fasilitasi_perdagangan.csv", fp)
        f_trade[year] = fp_facts["F"]

        exp.notes[y] = {"koperasi": fk_facts, "usaha_mikro": um_facts, "fasilitasi_usaha_mikro": fu_facts,
                        "fasilitasi_perdagangan": fp_facts}
        ind = {}
        if y in it1:
            ind["IT-1"] = {"pembilang": it1[y]["G"], "penyebut": it1[y]["total"],
                           "realisasi": it1[y]["IT-1"], "status": "ok"}
        else:
            ind["IT-1"] = {"status": "belum tersedia"}
        ind["IT-2"] = {"pembilang": um_facts["mikro_aktif"], "penyebut": um_facts["mikro"],
                       "realisasi": um_facts["mikro_aktif"] / um_facts["mikro"] * 100, "status": "ok"}
        ind["IKU-1"] = {"pembilang": fk_facts["facilitated_aktif"], "penyebut": fk_facts["aktif"],
                        "realisasi": fk_facts["facilitated_aktif"] / fk_facts["aktif"] * 100, "status": "ok"}
        ind["IKU-2"] = {"pembilang": fu_facts["facilitated_mikro_aktif"], "penyebut": fu_facts["mikro_aktif"],
                        "realisasi": fu_facts["facilitated_mikro_aktif"] / fu_facts["mikro_aktif"] * 100,
                        "status": "ok"}
        acc = sum(f_trade.values())
        ind["IKU-3"] = {"pembilang": f_trade[year], "penyebut": acc,
                        "realisasi": f_trade[year] / acc * 100, "status": "ok"}
        for kode, v in ind.items():
            v["target"] = target_value(kode, year)
            if "realisasi" in v:  # spec sections 5 and 10: capaian from the realisasi as printed
                printed = Decimal(repr(v["realisasi"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
                v["capaian"] = float(printed) / v["target"] * 100
        exp.indicators[y] = ind
    return exp.as_dict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the synthetic sample data (DATA CONTOH).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="target folder (default data/raw)")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    parser.add_argument("--summary", action="store_true", help="print the expected outcome as JSON")
    parser.add_argument("--force", action="store_true",
                        help="write even if the folder holds other files and no DATA_CONTOH.txt")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists() and not args.force:
        print(f"{out} is not empty and has no {MARKER}: it may hold real data. "
              "Refusing to overwrite (use --force).", file=sys.stderr)
        return 2
    summary = generate(out, args.seed)
    if args.summary:
        json.dump(summary, sys.stdout, indent=1, ensure_ascii=False, default=str)
        print()
    else:
        for y, tables in summary["tables"].items():
            for name, t in tables.items():
                print(f"{y:>4} {name:<24} read {t['rows_read']:>6}  kept {t['kept']:>6}  "
                      f"rejected {t['rejected_total']:>3}  empty {t['empty']}  totals {t['totals']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
