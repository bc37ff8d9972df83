"""Blank input workbooks, one per raw table (``iku template --out DIR``).

Each workbook has a data sheet named like the table whose first row holds the canonical column
names, a sheet "Petunjuk" that explains every column in Bahasa Indonesia, and a hidden sheet
"Daftar" holding the drop-down lists. Identifier columns are formatted as text, so Excel cannot
round a 16-digit NIK. The output is deterministic: writing twice gives byte-identical files.

Every cell written is in one font (:data:`FONT`). Petunjuk prints on one or two A4 portrait pages
(text wrapped in columns that fit between 2 cm margins, row heights set, "Halaman X dari Y" in
the footer); the data sheet, once filled, on A4 landscape pages one page wide.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..core.facts import INDICATOR_CODES
from ..core.tables import (
    KATEGORI_LABELS,
    KATEGORI_PERDAGANGAN,
    KECAMATAN,
    PDRB_GABUNGAN,
    PDRB_KATEGORI,
    ROOT_TABLES,
    TABLES,
    Table,
)

__all__ = ["write_templates", "build_workbook"]

HELP_SHEET = "Petunjuk"
LIST_SHEET = "Daftar"
#: Drop-downs cover rows 2 .. LAST_ROW of the data sheet (number formats cover whole columns).
LAST_ROW = 10_000
#: Fixed timestamp for the workbook properties and the zip entries (determinism).
FIXED_TIME = dt.datetime(2026, 1, 1)

PERSONAL_COLUMNS = ("nik_pemilik", "nama_pemilik")

TEXT = "@"
NUMBER_FORMATS: dict[str, str] = {
    "nik": TEXT,
    "id_usaha": TEXT,
    "nik_pemilik": TEXT,
    "tanggal": "DD/MM/YYYY",
    "tanggal_rat": "DD/MM/YYYY",
    "omzet_tahunan": "#,##0",
    "modal_usaha": "#,##0",
    "adhb": "#,##0.00",
    "jumlah": "0",
    "jumlah_anggota": "0",
    "tahun": "0",
    "tahun_rat": "0",
}

_DATE = "dd/mm/yyyy (mis. 31/01/2026) atau sel tanggal Excel"
_MONEY = 'Rupiah: angka biasa, atau teks seperti "Rp 1.250.000" atau "1,5 M" (juga jt, T)'
_TEXT_ID = "ditulis sebagai teks (kolom sudah berformat Teks; jangan diubah ke Angka)"

#: column -> (arti, format, contoh); HELP_BY_TABLE overrides a column for one table.
HELP: dict[str, tuple[str, str, str]] = {
    "nik": ("Nomor Induk Koperasi (NIK koperasi)", f"16 digit, {_TEXT_ID}", "3509010000000001"),
    "nama_koperasi": ("Nama koperasi", "teks", "Koperasi Serba Usaha Maju Bersama"),
    "kecamatan": ("Kecamatan di Kabupaten Jember", "pilih dari daftar 31 kecamatan", "Sumbersari"),
    "tanggal_rat": (
        "Tanggal RAT (Rapat Anggota Tahunan) terakhir yang diselenggarakan",
        f"{_DATE}; kosong = belum ada RAT tercatat (koperasi dihitung tidak aktif)",
        "15/03/2026",
    ),
    "tahun_rat": ("Tahun RAT terakhir, bila tanggalnya tidak diketahui", "tahun 4 digit", "2026"),
    "jenis_koperasi": ("Jenis koperasi", "teks", "Koperasi Simpan Pinjam"),
    "jumlah_anggota": ("Jumlah anggota koperasi", "bilangan bulat", "125"),
    "badan_hukum": ("Nomor badan hukum koperasi", "teks", "188.4/12/BH/XVI.29/2015"),
    "tanggal": ("Tanggal fasilitasi diberikan (harus di tahun laporan)", _DATE, "20/05/2026"),
    "jenis_fasilitasi": ("Bentuk fasilitasi yang diberikan", "teks", "Pelatihan manajemen"),
    "kegiatan": ("Nama kegiatan atau program", "teks", "Bimbingan teknis pembukuan"),
    "id_usaha": (
        "Identitas usaha, biasanya NIB (Nomor Induk Berusaha, 13 digit)",
        f"tidak boleh kosong, {_TEXT_ID}",
        "1234567890123",
    ),
    "nama_usaha": ("Nama usaha", "teks", "Keripik Tempe Bu Sari"),
    "omzet_tahunan": ("Hasil penjualan (omzet) per tahun", _MONEY, "150000000"),
    "modal_usaha": ("Modal usaha (aset), tidak termasuk tanah dan bangunan", _MONEY, "50000000"),
    "status_aktif": (
        "Apakah usaha masih berjalan",
        "ya / tidak; kosong = dianggap aktif bila omzet_tahunan lebih dari 0",
        "ya",
    ),
    "nik_pemilik": (
        "NIK (Nomor Induk Kependudukan) pemilik; data pribadi",
        f"16 digit, {_TEXT_ID}",
        "3509010101800001",
    ),
    "nama_pemilik": ("Nama pemilik usaha; data pribadi", "teks", "Sari Wahyuni"),
    "sektor": ("Sektor usaha", "teks", "Makanan dan minuman"),
    "kategori": (
        "Kategori fasilitasi perdagangan",
        "pilih salah satu: " + "; ".join(KATEGORI_LABELS),
        KATEGORI_PERDAGANGAN["pasar_murah_bapokting"][0],
    ),
    "uraian": ("Uraian atau nama kegiatan", "teks", "Pasar murah Ramadan"),
    "jumlah": (
        "Banyaknya fasilitasi yang diwakili baris ini",
        "bilangan bulat, paling kecil 1; kosong = 1",
        "1",
    ),
    "lokasi": ("Lokasi kegiatan", "teks", "Pasar Tanjung"),
    "bidang": (
        "Bidang yang mencatat kegiatan ini; menentukan halaman umpan balik yang menampilkan berkasnya",
        "Perdagangan atau Sarana dan Prasarana (Sarpras); tidak ikut dihitung",
        "Perdagangan",
    ),
    "tahun": ("Tahun data", "tahun 4 digit", "2025"),
    "adhb": (
        "Nilai PDRB atas dasar harga berlaku (ADHB)",
        "angka, satuan sama untuk semua baris (mis. juta Rp)",
        "14190123,45",
    ),
    "lapangan_usaha": (
        "Nama lapangan usaha",
        "teks",
        "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor",
    ),
    "kode": ("Kode indikator", "pilih: " + ", ".join(INDICATOR_CODES), "IKU-1"),
    "triwulan": (
        "Triwulan target ini; kosong = target tahunan. Triwulan tanpa baris: capaian triwulan itu kosong",
        "1, 2, 3 atau 4 (4 = sama dengan target tahunan); kosong = tahunan",
        "2",
    ),
    "target": ("Target indikator pada tahun (atau triwulan) itu", "angka (persen)", "45,5"),
    "polaritas": (
        "Arah indikator: positif = makin tinggi makin baik, negatif = makin rendah makin baik",
        "positif / negatif; kosong = positif (baris triwulan: ikut baris tahunan)",
        "positif",
    ),
    "satuan": ("Satuan target", "teks", "%"),
}

HELP_BY_TABLE: dict[tuple[str, str], tuple[str, str, str]] = {
    ("fasilitasi_perdagangan", "tanggal"): (
        "Tanggal kegiatan (harus di tahun laporan)", _DATE, "10/03/2026"),
    ("fasilitasi_perdagangan", "kecamatan"): (
        "Kecamatan tempat kegiatan", "pilih dari daftar 31 kecamatan", "Ambulu"),
    ("pdrb_lapangan_usaha", "kategori"): (
        "Kategori lapangan usaha BPS (KBLI 2020); G = perdagangan",
        "satu huruf A sampai U, atau kode gabungan BPS M,N dan R,S,T,U; baris subkategori (C1, G.1, a.) "
        "dilewati",
        "G",
    ),
    ("target_iku", "tahun"): ("Tahun target", "tahun 4 digit", "2026"),
}

#: What each table is for (first line of the Petunjuk sheet).
PURPOSE: dict[str, str] = {
    "koperasi": "Daftar seluruh koperasi beserta RAT terakhirnya; dasar koperasi aktif "
    "(penyebut IKU-1).",
    "fasilitasi_koperasi": "Satu baris per fasilitasi yang diberikan kepada koperasi "
    "(pembilang IKU-1).",
    "usaha_mikro": "Daftar UMKM dengan omzet/modal dan status aktif (IT-2, penyebut IKU-2).",
    "fasilitasi_usaha_mikro": "Satu baris per fasilitasi yang diberikan kepada usaha mikro "
    "(pembilang IKU-2).",
    "fasilitasi_perdagangan": "Satu baris per kegiatan fasilitasi perdagangan (IKU-3).",
    "pdrb_lapangan_usaha": "PDRB atas dasar harga berlaku per kategori lapangan usaha dari BPS, "
    "semua tahun (IT-1). Lebih baik: jangan isi templat ini, tetapi unduh tabel BPS \"PDRB Kabupaten "
    "Jember Atas Dasar Harga Berlaku Menurut Lapangan Usaha\" (Jember Dalam Angka atau situs BPS) dan "
    "simpan apa adanya sebagai pdrb_lapangan_usaha.xlsx/.csv: tabel satu kolom per tahun (2024*, "
    "2025**), kode di awal nama, sub-kategori, baris PDRB dan catatan di bawahnya dibaca langsung.",
    "target_iku": "Target setiap indikator per tahun dari Renstra / Perjanjian Kinerja "
    "(untuk capaian).",
}

#: (table or None for every table, column) -> allowed values of the drop-down.
CHOICES: dict[tuple[str | None, str], tuple[str, ...]] = {
    (None, "kecamatan"): KECAMATAN,
    (None, "status_aktif"): ("ya", "tidak"),
    ("fasilitasi_perdagangan", "kategori"): KATEGORI_LABELS,
    ("fasilitasi_perdagangan", "bidang"): ("Perdagangan", "Sarana dan Prasarana"),
    ("pdrb_lapangan_usaha", "kategori"): PDRB_KATEGORI + PDRB_GABUNGAN,
    ("target_iku", "kode"): INDICATOR_CODES,
    ("target_iku", "polaritas"): ("positif", "negatif"),
    ("target_iku", "triwulan"): ("1", "2", "3", "4"),
}

#: The one font family of every cell written here, as in the LKjIP workbook (documents.workbook.FONT):
#: without it a cell prints in the spreadsheet's own default font, in some installs a serif one.
FONT = "Arial"
SIZE = 10
_PLAIN = Font(name=FONT, size=SIZE)
_BOLD = Font(name=FONT, size=SIZE, bold=True)
_TITLE = Font(name=FONT, size=13, bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="DDEBF7")  # light blue: the copies of `--annotate` use yellow for corrections
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")  # grey: light blue means "wajib" on the data sheet
_RULE = Border(bottom=Side(style="thin", color="A6A6A6"))  # a line under each row of the column table

#: The Petunjuk sheet on A4 portrait: margins of 0,8″ (2,03 cm), the footer 0,3″ from the paper's
#: edge, inside the bottom margin; column widths (kolom, wajib?, arti, format, contoh) in units of
#: the default font's digit, 86 in all: about 6,4″, within the 6,67″ between the margins.
MARGIN = 0.8
FOOTER_MARGIN = 0.3
FOOTER = f'&"{FONT},Regular"&9Halaman &P dari &N'
HELP_WIDTHS = (15, 13, 20, 22, 16)
HELP_COLUMNS = ("kolom", "wajib?", "arti", "format", "contoh")
#: Characters of 10-point Arial per unit of column width, on the low side (a row a little too tall
#: is harmless; a row too short hides a line), and the height of a line in points.
CHARS_PER_UNIT = 1.15
LINE_HEIGHT = 13.0


def write_templates(out_dir: Path) -> list[Path]:
    """Write ``<table>.xlsx`` for every table into ``out_dir`` (created if needed).

    Returns the written paths, in the order of ``tables.TABLES``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TABLES:
        path = out_dir / f"{name}.xlsx"
        _save_deterministic(build_workbook(name), path)
        paths.append(path)
    return paths


def build_workbook(table: str) -> Workbook:
    """The blank workbook of one table: data sheet, Petunjuk and the hidden Daftar."""
    spec = TABLES[table]
    wb = Workbook()
    data = wb.active
    data.title = table
    help_sheet = wb.create_sheet(HELP_SHEET)
    lists = wb.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    _fill_data_sheet(data, spec, lists)
    _fill_help_sheet(help_sheet, spec)
    wb.properties.creator = "iku-jember"
    wb.properties.title = f"Templat {spec.judul}"
    return wb


def column_help(table: str, column: str) -> tuple[str, str, str]:
    """(arti, format, contoh) of a column of a table."""
    return HELP_BY_TABLE.get((table, column)) or HELP[column]


def column_choices(table: str, column: str) -> tuple[str, ...] | None:
    """The drop-down values of a column of a table, or None."""
    return CHOICES.get((table, column)) or CHOICES.get((None, column))


def requirement(spec: Table, column: str) -> str:
    """'wajib', 'salah satu wajib (a / b)' or 'pilihan'."""
    for group in spec.required:
        if column in group:
            return "wajib" if len(group) == 1 else f"salah satu wajib ({' / '.join(group)})"
    return "pilihan"


def _fill_data_sheet(ws: Worksheet, spec: Table, lists: Worksheet) -> None:
    """Header row, widths, formats and drop-downs of the data sheet."""
    ws.append(list(spec.columns))
    ws.freeze_panes = "A2"
    _data_print_setup(ws)
    for idx, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=idx)
        cell.font = _BOLD
        if requirement(spec, column) != "pilihan":
            cell.fill = _REQUIRED_FILL
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = _width(column, column_help(spec.name, column)[2])
        if column in NUMBER_FORMATS:
            _format_column(ws, letter, NUMBER_FORMATS[column])
        choices = column_choices(spec.name, column)
        if choices:
            _add_list_validation(ws, letter, column, choices, lists)


def _data_print_setup(ws: Worksheet) -> None:
    """The filled data sheet prints on A4 landscape, one page wide, the column names on every page."""
    _a4_one_page_wide(ws, ws.ORIENTATION_LANDSCAPE)
    ws.print_title_rows = "1:1"


def _a4_one_page_wide(ws: Worksheet, orientation: str) -> None:
    """A4 in ``orientation``, fit to one page wide (as many pages high as it takes), with the
    margins and footer of :func:`_margins_and_footer`."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _margins_and_footer(ws)


def _margins_and_footer(ws: Worksheet) -> None:
    """Margins of 2 cm, "Halaman X dari Y" 0,3″ from the paper's edge, inside the bottom margin."""
    ws.page_margins.left = ws.page_margins.right = MARGIN
    ws.page_margins.top = ws.page_margins.bottom = MARGIN
    ws.page_margins.header = ws.page_margins.footer = FOOTER_MARGIN
    ws.oddFooter.center.text = FOOTER


def _width(column: str, example: str) -> int:
    """A column width that shows the header and a typical value."""
    return min(max(len(column), len(example), 8) + 3, 45)


def _format_column(ws: Worksheet, letter: str, number_format: str) -> None:
    """Give a whole column a number format (Excel applies it to every cell typed in it).

    A column style, not 10 000 styled empty cells: those would make every reader see
    10 000 (empty) data rows. The header cell keeps its own style.
    """
    ws.column_dimensions[letter].number_format = number_format


def _add_list_validation(
    ws: Worksheet, letter: str, column: str, choices: tuple[str, ...], lists: Worksheet
) -> None:
    """A drop-down on the data rows of a column, its values kept in a column of ``lists``."""
    list_col = len(ws.data_validations.dataValidation) + 1  # one list column per validation
    list_letter = get_column_letter(list_col)
    lists.cell(row=1, column=list_col, value=column).font = _BOLD
    for row, value in enumerate(choices, start=2):
        lists.cell(row=row, column=list_col, value=value).font = _PLAIN
    source = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(choices) + 1}"
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Nilai tidak ada di daftar",
        error=f"Pilih {column} dari daftar. Nilai lain diperiksa saat data dibaca "
        "dan dapat ditolak.",
        promptTitle=column,
        prompt="Pilih dari daftar.",
        showInputMessage=True,
    )
    validation.add(f"{letter}2:{letter}{LAST_ROW}")
    ws.add_data_validation(validation)


def _fill_help_sheet(ws: Worksheet, spec: Table) -> None:
    """General instructions, then one row per column: kolom | wajib? | arti | format | contoh;
    laid out to print on one or two A4 portrait pages (see :func:`_help_print_setup`)."""
    last = get_column_letter(len(HELP_COLUMNS))
    full = sum(HELP_WIDTHS)
    for r, line in enumerate(_general_lines(spec), start=1):
        cell = ws.cell(row=r, column=1, value=line)
        cell.font, cell.alignment = (_TITLE if r == 1 else _PLAIN), _WRAP
        ws.merge_cells(f"A{r}:{last}{r}")  # one line across the page, wrapped, never cut at column A
        ws.row_dimensions[r].height = row_height(line, full, 13 if r == 1 else SIZE)
    head = ws.max_row + 2
    for c, name in enumerate(HELP_COLUMNS, start=1):
        cell = ws.cell(row=head, column=c, value=name)
        cell.font, cell.alignment, cell.fill, cell.border = _BOLD, _WRAP, _HEAD_FILL, _RULE
    ws.row_dimensions[head].height = row_height(HELP_COLUMNS[0], HELP_WIDTHS[0])
    for r, column in enumerate(spec.columns, start=head + 1):
        arti, fmt, contoh = column_help(spec.name, column)
        values = (column, requirement(spec, column), arti, fmt, contoh)
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font, cell.alignment, cell.border = _PLAIN, _WRAP, _RULE
        ws.row_dimensions[r].height = max(row_height(v, w) for v, w in zip(values, HELP_WIDTHS))
    for c, width in enumerate(HELP_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    _help_print_setup(ws, head)


def row_height(text: str, width: float, size: float = SIZE) -> float:
    """Points a row needs for ``text`` wrapped at word boundaries in a column (or merged columns)
    ``width`` units wide; a word longer than a line takes the lines it needs.

    >>> row_height("kolom", 15), row_height("kata " * 40, 86), row_height("a" * 40, 15)
    (17.0, 43.0, 43.0)
    """
    per_line = max(1, int(width * CHARS_PER_UNIT * SIZE / size))
    lines = 0
    for paragraph in str(text).split("\n"):
        used = None  # characters on the current line; None before its first word
        for word in paragraph.split() or [""]:
            if used is not None and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            lines += max(1, -(-len(word) // per_line))
            used = len(word) % per_line or (per_line if word else 0)
    return round(max(lines, 1) * LINE_HEIGHT * size / SIZE + 4, 1)


def _help_print_setup(ws: Worksheet, head: int) -> None:
    """A4 portrait, one page wide (fit to width, as many pages high as it takes: one or two), margins
    of 2 cm with "Halaman X dari Y" inside the bottom one, the column table's header on every page."""
    _a4_one_page_wide(ws, ws.ORIENTATION_PORTRAIT)
    ws.print_title_rows = f"{head}:{head}"
    ws.print_area = f"A1:{get_column_letter(len(HELP_COLUMNS))}{ws.max_row}"


def _general_lines(spec: Table) -> list[str]:
    """The lines above the column table of the Petunjuk sheet."""
    lines = [
        f"Petunjuk pengisian: {spec.judul} ({spec.name})",
        f"Kegunaan: {PURPOSE[spec.name]}",
        f"Diisi oleh: {spec.bidang}",
        f"Isi data di lembar '{spec.name}', satu baris per data, mulai baris 2. Nama kolom "
        "berwarna biru muda wajib diisi; untuk 'salah satu wajib' cukup salah satunya.",
        "Baris judul boleh ditambahkan di atas baris nama kolom, tetapi nama kolom jangan diubah "
        "atau dihapus. Kolom tambahan boleh, tetapi tidak ikut dihitung.",
        _totals_line(spec.name),
        _save_line(spec.name),
    ]
    personal = [c for c in PERSONAL_COLUMNS if c in spec.columns]
    if personal:
        lines.append(
            f"Kolom {' dan '.join(personal)} berisi data pribadi yang dilindungi UU No. 27 Tahun "
            "2022 tentang Pelindungan Data Pribadi: jangan dibagikan; laporan hanya menampilkannya "
            "tersamar (mis. 3509********0001)."
        )
    return lines


def _totals_line(table: str) -> str:
    """What happens to a totals row."""
    if table == "pdrb_lapangan_usaha":
        return "Baris total PDRB boleh ada, tetapi hanya dipakai untuk pemeriksaan silang."
    return "Jangan menambahkan baris JUMLAH / TOTAL: baris seperti itu dibuang saat dibaca."


def _save_line(table: str) -> str:
    """Where the filled file goes in the raw data folder."""
    if table in ROOT_TABLES:
        return (
            f"Simpan sebagai data/raw/{table}.csv (Simpan Sebagai > CSV UTF-8), langsung di "
            "folder data/raw, bukan di folder tahun: satu berkas untuk semua tahun."
        )
    if ";" in TABLES[table].bidang:  # filled by more than one bidang: one file each, in a folder
        return (
            f"Simpan di folder data/raw/<tahun>/{table}/, satu berkas per bidang, mis. "
            f"data/raw/2026/{table}/01_bidang_perdagangan.xlsx dan 02_bidang_sarpras.xlsx; "
            f"jangan ada {table}.xlsx atau .csv di samping folder itu."
        )
    return (
        f"Simpan sebagai data/raw/<tahun>/{table}.xlsx, mis. data/raw/2026/{table}.xlsx. "
        "Jangan ada dua berkas untuk tabel yang sama (mis. .xlsx dan .csv)."
    )


def _save_deterministic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` with fixed properties and zip timestamps, so equal content gives equal bytes."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
