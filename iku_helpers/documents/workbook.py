"""The LKjIP workbook the Dinas submits: ``lkjip_<label>.xlsx`` (spec section 8).

Five sheets, each under the letterhead of ``[kop]`` (when set) with the Dinas and the period as a
title, and ready to print on A4 landscape (margins of 2 cm, "Halaman X dari Y" inside the bottom
margin, one font family set on every cell, cells indented from their borders) with the title and
header rows repeated on every page; a trial run says PERCOBAAN above the title and at the top of
every printed page:

1. *Pengukuran Kinerja* (PermenPANRB 53/2014): No | Sasaran Strategis | Indikator Kinerja |
   Satuan | Target | Realisasi | Capaian (%) | Kategori, the sasaran merged over its indicators,
   then the signature block (from ``pengaturan.toml``; dotted lines to fill by hand without it);
2. *Perbandingan* (LKjIP chapter III): the same period a year earlier, this period, the change and
   the capaian against the RPJMD's end-of-period target;
3. *Evaluasi Triwulan*: the E.81-style table of section 7;
4. *Kualitas Data*: rows read, accepted and not used, per raw file;
5. *Tindak Lanjut* (spec section 11): per indicator the kebutuhan (also against the annual target
   in a quarter), the year-end proyeksi with its range, the number of candidates and of koperasi at
   risk, and what these words mean; the lists themselves are in ``tindak_lanjut_<label>.xlsx``
   (:mod:`iku_helpers.documents.tindak_lanjut`, which shares :func:`tindak_lanjut_table`).

:data:`SHEET_BUILDERS` lists them in order; a sheet added later is one more entry there.

Values stay numbers (equal to ``iku_<label>.csv``); the look comes from number formats in the
Indonesian locale (``[$-421]``: 1.250 and 45,68%). A workbook is written byte for byte the same
for the same inputs and date (fixed document properties and zip time stamps), so ``iku verify``
compares it like the other data outputs.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import NUMERIC_TYPES, safe_string
from openpyxl.drawing.image import Image
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..core import periods
from ..core.facts import BANDS_SOURCE, DINAS, RPJMD_END, bands_text
from ..core.formats import as_number, fmt_tanggal, is_missing
from ..core.settings import SETTINGS_FILE, Kop, Pengaturan
from ..core.tables import table_title
from ..indicators.evaluation import changed_note
from ..indicators.registry import REGISTRY, SASARAN_FOOTNOTE
from ..ingest.audit_trail import COUNT_LABELS, ROW_BUCKETS
from .report import KATEGORI_WARNA, REVISED_NOTE, SAMPLE_NOTICE, periode_text, tindak_lanjut_rows

#: Number formats (stored with '.' decimals as the file format requires; [$-421] = Indonesian,
#: which LibreOffice and Excel with Indonesian settings show as 1.250 and 45,68).
PERSEN = '[$-421]#,##0.00"%"'
POIN = '[$-421]+#,##0.00;-#,##0.00;0.00'
ANGKA = "[$-421]#,##0"
#: A realisasi that changed since it was reported (the report's flag colour).
CHANGED_COLOUR = "8B0000"

SHEETS = ("Pengukuran Kinerja", "Perbandingan", "Evaluasi Triwulan", "Kualitas Data", "Tindak Lanjut")
HEADER_PENGUKURAN = ("No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target", "Realisasi",
                     "Capaian (%)", "Kategori")
#: Rows above each sheet's table without a letterhead or trial mark: title, Dinas, period, sample
#: notice (or blank), blank.
TITLE_ROWS = 5
DOTS = "…………………………………"
#: The one font family of every cell, header and footer (Arial; LibreOffice prints it with the
#: metric-compatible Liberation Sans), and its sizes.
FONT = "Arial"
SIZE = 10
LINE_HEIGHT = 13.0  # points per line of wrapped 10-point text
#: Characters of 10-point Arial per unit of column width (a unit is a digit of the default font),
#: measured on LibreOffice's print of the workbook (word wrapping included).
CHARS_PER_UNIT = 1.15
MAX_ROW_HEIGHT = 409.0  # points: the tallest row Excel accepts
#: Page margins in inches: 0,8″ ≈ 2,03 cm on every side (spec section 10); the footer sits 0,3″ from
#: the paper's edge, inside the bottom margin, and the header likewise inside the top one.
MARGIN = 0.8
HEADER_FOOTER_MARGIN = 0.3
#: The page footer and the trial mark in the page header (&P page, &N pages; the font said explicitly).
FOOTER = f'&"{FONT},Regular"&9Halaman &P dari &N'
#: How tall the letterhead's logo is drawn, in pixels (about 2 cm).
LOGO_HEIGHT = 72

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
_GROUP_FILL = PatternFill("solid", fgColor="F4F4F4")
_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)
_NUMBER = Alignment(vertical="top", horizontal="right", indent=1)
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_TOP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
_KOP_RULE = Border(bottom=Side(style="double", color="000000"))
TRIAL_COLOUR = "D55E00"


def kop_rows(kop: Kop | None) -> int:
    """The rows the letterhead takes at the top of a sheet, with the blank row under it."""
    return 0 if kop is None else len(kop.lines()) + 1


def header_row(kop: Kop | None, percobaan: str = "") -> int:
    """The row of a sheet's table header, under the letterhead, the trial mark and the title rows.

    >>> header_row(None), header_row(Kop(pemerintah="P", instansi="I"), "PERCOBAAN — ...")
    (6, 10)
    """
    return kop_rows(kop) + (1 if percobaan else 0) + TITLE_ROWS + 1


def _kop(ws: Worksheet, kop: Kop | None, width: int) -> int:
    """The letterhead at the top of the sheet (logo at the left, the lines centred over the table,
    a double rule under them); returns the first row after it (1 without a kop)."""
    if kop is None:
        return 1
    sizes = {"pemerintah": 12, "instansi": 13, "alamat": 9, "kontak": 9}
    lines = kop.lines()
    for row, (part, text) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        cell.font = Font(name=FONT, bold=part in ("pemerintah", "instansi"), size=sizes[part])
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.row_dimensions[row].height = 18 if part in ("pemerintah", "instansi") else 14
    for col in range(1, width + 1):
        ws.cell(len(lines), col).border = _KOP_RULE
    if kop.logo is not None:
        image = Image(str(kop.logo))
        image.width, image.height = round(image.width * LOGO_HEIGHT / image.height), LOGO_HEIGHT
        ws.add_image(image, "A1")
        total = sum(ws.row_dimensions[r].height for r in range(1, len(lines) + 1))
        if total < LOGO_HEIGHT * 0.75:  # points: the rule stays under the logo
            ws.row_dimensions[len(lines)].height += LOGO_HEIGHT * 0.75 - total
    return kop_rows(kop) + 1


def _title(ws: Worksheet, title: str, laporan, width: int) -> int:
    """The rows above a table: the letterhead, the trial mark, what it is, the Dinas, the period,
    the DATA CONTOH notice; returns the row of the table's header (one blank row above it)."""
    first = _kop(ws, laporan.pengaturan.kop, width)
    rows = []
    if laporan.params.percobaan:
        rows.append((laporan.params.percobaan, Font(bold=True, color=TRIAL_COLOUR)))
    rows += [(title.upper(), Font(bold=True, size=13)), (DINAS, Font(bold=True, size=11)),
             (periode_text(laporan.params), Font(size=11))]
    rows.append((SAMPLE_NOTICE if laporan.is_sample else None, Font(bold=True, color=TRIAL_COLOUR)))
    for i, (text, font) in enumerate(rows, start=first):
        ws.cell(i, 1, text).font = font
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        ws.cell(i, 1).alignment = Alignment(horizontal="center", wrap_text=True)
    return first + len(rows) + 1


def _header(ws: Worksheet, row: int, names, widths) -> None:
    for col, (name, width) in enumerate(zip(names, widths), start=1):
        cell = ws.cell(row, col, name)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = _CENTER
        ws.column_dimensions[get_column_letter(col)].width = width


def _cell(ws: Worksheet, row: int, col: int, value, fmt: str | None = None, bold: bool = False):
    cell = ws.cell(row, col, value)
    cell.border = _BORDER
    cell.alignment = _NUMBER if isinstance(value, (int, float)) and not isinstance(value, bool) else _WRAP
    if fmt:
        cell.number_format = fmt
    if bold:
        cell.font = Font(bold=True)
    return cell


def _fit_rows(ws: Worksheet, first: int, last: int) -> None:
    """Row heights for wrapped text (a spreadsheet does not grow a row for merged cells by itself).

    A cell's lines are estimated from its text length and its (merged) width; a cell merged over
    several rows shares its lines among them."""
    spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
    need: dict[int, float] = {}
    by_row = ws.iter_rows(min_row=first, max_row=last, max_col=ws.max_column)  # ws[row] of each row, at once
    for row, cells in enumerate(by_row, start=first):
        for cell in cells:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            merged = spans.get((row, cell.column))
            cols = range(cell.column, (merged.max_col if merged else cell.column) + 1)
            rows = (merged.max_row - merged.min_row + 1) if merged else 1
            width = sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in cols)
            bold = 1.1 if cell.font and cell.font.b else 1.0
            size = (cell.font.sz or SIZE) / SIZE if cell.font else 1.0
            per_line = max(1.0, (width - 1) * CHARS_PER_UNIT / (bold * size))  # less the indent
            lines = max(1, -(-len(cell.value) // int(per_line)))
            for r in range(row, row + rows):  # a cell merged down shares its lines among its rows
                need[r] = max(need.get(r, 1), lines / rows)
    for row, lines in need.items():
        if lines > 1:
            ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, round(LINE_HEIGHT * -(-lines // 1) + 4, 1))


def _one_font(ws: Worksheet, last_row: int | None = None) -> None:
    """Every cell (to ``last_row``) in :data:`FONT`, its weight, style and colour kept, the default
    size (11) made :data:`SIZE`: without it, the cells left at the default print in the
    spreadsheet's own default font (a serif one in some LibreOffice installs) beside the ones set here."""
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row if last_row is None else last_row, max_col=ws.max_column):
        for cell in row:
            f = cell.font
            cell.font = Font(name=FONT, sz=f.sz if f.sz and f.sz != 11 else SIZE, b=f.b, i=f.i, u=f.u, color=f.color)


def _print_setup(ws: Worksheet, header_rows: int, last_col: int, laporan, *, portrait: bool = False,
                 title_rows: str | None = None, styled_to: int | None = None) -> None:
    """A4 landscape (or ``portrait``), one page wide, margins of 2 cm with the footer inside the
    bottom one, the title and header rows (not the letterhead) repeated on every printed page (or
    the rows ``title_rows``), the panes frozen under the header.

    The font and the heights of wrapped rows are set on every cell, or on the rows to ``styled_to``
    only (a long list styles its own rows as it writes them)."""
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT if portrait else ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN
    ws.page_margins.top = ws.page_margins.bottom = MARGIN
    ws.page_margins.header = ws.page_margins.footer = HEADER_FOOTER_MARGIN
    kop = laporan.pengaturan.kop
    ws.print_title_rows = title_rows or f"{kop_rows(kop) + 1}:{header_rows}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{ws.max_row}"
    ws.oddFooter.center.text = FOOTER
    if laporan.params.percobaan:
        ws.oddHeader.center.text = f'&"{FONT},Bold"&9&K{TRIAL_COLOUR}{laporan.params.percobaan}'
    ws.freeze_panes = ws.cell(header_rows + 1, 1)
    _one_font(ws, styled_to)
    _fit_rows(ws, header_rows - 1, ws.max_row if styled_to is None else styled_to)


# --- 1. Pengukuran Kinerja ----------------------------------------------------------------------

def _signature(ws: Worksheet, row: int, first_col: int, last_col: int, pengaturan: Pengaturan,
               tanggal: dt.date) -> int:
    """The signature block at the right of the sheet from ``row``; returns the row after it."""
    place = pengaturan.tempat or DOTS
    lines = [
        (f"{place}, {fmt_tanggal(tanggal)}" if pengaturan.tempat else f"{DOTS}, {DOTS}", Font()),
        (pengaturan.jabatan or DOTS, Font(bold=True)),
        ("", Font()), ("", Font()), ("", Font()),
        (pengaturan.nama or f"( {DOTS} )", Font(bold=True, underline="single" if pengaturan.nama else None)),
        (pengaturan.pangkat or DOTS, Font()),
        (f"NIP. {pengaturan.nip or DOTS}", Font()),
    ]
    for i, (text, font) in enumerate(lines):
        cell = ws.cell(row + i, first_col, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=row + i, start_column=first_col, end_row=row + i, end_column=last_col)
    return row + len(lines)


def _pengukuran(ws: Worksheet, laporan) -> None:
    width = len(HEADER_PENGUKURAN)
    head = _title(ws, "Pengukuran Kinerja", laporan, width)
    _header(ws, head, HEADER_PENGUKURAN, (5, 30, 44, 8, 11, 11, 11, 15))
    row = head + 1
    groups: list[tuple[str, list]] = []
    for r in laporan.table.to_dict("records"):
        sasaran = REGISTRY[r["kode"]].sasaran
        if not groups or groups[-1][0] != sasaran:
            groups.append((sasaran, []))
        groups[-1][1].append(r)
    notes = []
    number = 0
    for sasaran, rows in groups:
        first = row
        for r in rows:
            ind = REGISTRY[r["kode"]]
            number += 1
            _cell(ws, row, 1, number).alignment = _TOP_CENTER
            _cell(ws, row, 2, sasaran)
            _cell(ws, row, 3, f"{r['kode']} {r['indikator']}")
            _cell(ws, row, 4, ind.satuan).alignment = _TOP_CENTER
            _cell(ws, row, 5, as_number(r["target"]), PERSEN)
            _cell(ws, row, 6, as_number(r["realisasi"]), PERSEN)
            _cell(ws, row, 7, as_number(r["capaian"]), PERSEN)
            ok = r["status"] == "ok"
            # ok without kategori: no target yet (the reason is among the notes under the table)
            kategori = _cell(ws, row, 8, ("" if is_missing(r["kategori"]) else r["kategori"]) if ok else r["status"])
            if ok and r["kategori"] in KATEGORI_WARNA:
                bg, fg = KATEGORI_WARNA[r["kategori"]]
                kategori.fill = PatternFill("solid", fgColor=bg.lstrip("#"))
                kategori.font = Font(color=fg.lstrip("#"), bold=True)
            if not is_missing(r["keterangan"]) and r["keterangan"]:
                notes.append(f"{r['kode']}: {r['keterangan']}")
            row += 1
        if row - 1 > first:
            ws.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
    row += 1
    ws.cell(row, 1, "Keterangan:").font = Font(italic=True)
    lines = notes + [
        f"Sasaran: {SASARAN_FOOTNOTE}",
        ("Capaian = realisasi / target × 100% (indikator berpolaritas negatif: (2 × target − realisasi) / target × "
         "100%), dihitung dari realisasi yang dibulatkan 2 desimal seperti tercetak; kategori dari capaian yang "
         f"dibulatkan 2 desimal, menurut skala {BANDS_SOURCE} ({bands_text()})."),
        (f"Angka sama dengan {laporan.layout.results_csv.name}; rumus, daftar entitas dan jejak audit ada di "
         f"{laporan.layout.report.name} dan folder audit/."),
    ]
    if not laporan.pengaturan.lengkap:
        # no folder path here: the same workbook must come out of a re-run from another raw folder
        lines.append(f"Blok tanda tangan dikosongkan untuk diisi tangan: berkas {SETTINGS_FILE} tidak ada di folder "
                     "data mentah." if not laporan.pengaturan.ada else
                     f"Blok tanda tangan belum lengkap: bagian yang bertitik-titik diisi tangan atau dilengkapi di "
                     f"{SETTINGS_FILE}.")
    for text in lines:
        row += 1
        cell = ws.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    _signature(ws, row + 2, 5, width, laporan.pengaturan, laporan.tanggal)
    _print_setup(ws, head, width, laporan)
    ws.page_setup.fitToHeight = 1  # the table, its notes and the signature on the one page that is signed


# --- 2. Perbandingan ------------------------------------------------------------------------------

def _perbandingan(ws: Worksheet, laporan) -> None:
    comparison = laporan.comparison
    first = comparison.iloc[0] if comparison is not None and len(comparison) else None
    p = laporan.params
    before = periods.nama_periode(p.year - 1, p.triwulan)
    now = periods.nama_periode(p.year, p.triwulan)
    end = int(first["tahun_akhir_periode"]) if first is not None else RPJMD_END
    names = ("Kode", "Indikator Kinerja", "Satuan", f"Realisasi {before}", f"Realisasi {now}",
             "Perubahan (poin persen)", f"Target Akhir Periode RPJMD ({end})",
             "Capaian terhadap Target Akhir (%)", "Keterangan")
    head = _title(ws, "Perbandingan Realisasi Kinerja", laporan, len(names))
    _header(ws, head, names, (8, 40, 8, 14, 14, 13, 15, 15, 40))
    row, flagged = head + 1, False
    for r in ([] if comparison is None else comparison.to_dict("records")):
        notes = [] if is_missing(r["keterangan"]) or not r["keterangan"] else [r["keterangan"]]
        _cell(ws, row, 1, r["kode"])
        _cell(ws, row, 2, r["indikator"])
        _cell(ws, row, 3, r["satuan"]).alignment = _TOP_CENTER
        earlier = _cell(ws, row, 4, as_number(r["realisasi_sebelumnya"]), PERSEN)
        if str(r.get("berubah_sejak_dilaporkan")) == "True":  # the number stays; the published one in Keterangan
            flagged = True
            earlier.font = Font(bold=True, color=CHANGED_COLOUR)
            notes.append(changed_note(f"realisasi {before}", r["realisasi_dilaporkan_sebelumnya"]))
        _cell(ws, row, 5, as_number(r["realisasi"]), PERSEN)
        _cell(ws, row, 6, as_number(r["perubahan"]), POIN)
        _cell(ws, row, 7, as_number(r["target_akhir_periode"]), PERSEN)
        _cell(ws, row, 8, as_number(r["capaian_target_akhir"]), PERSEN)
        _cell(ws, row, 9, "; ".join(notes))
        row += 1
    note = ("Perubahan = realisasi periode ini − realisasi periode yang sama tahun sebelumnya (poin persen). "
            "Capaian terhadap target akhir = realisasi periode ini / target tahun akhir RPJMD × 100%. Keduanya "
            "dihitung dari realisasi yang dibulatkan 2 desimal seperti tercetak.")
    if flagged:
        note += " " + REVISED_NOTE.format(before=before)
    ws.cell(row + 1, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=len(names))
    _print_setup(ws, head, len(names), laporan)


# --- 3. Evaluasi Triwulan -------------------------------------------------------------------------

def _evaluasi(ws: Worksheet, laporan) -> None:
    evaluation = laporan.evaluation
    done = [k for k in periods.TRIWULAN if evaluation is not None and f"realisasi_tw{k}" in evaluation]
    quarters = list(periods.TRIWULAN)
    width = 3 + len(quarters) + len(done) + 4
    top = _title(ws, "Evaluasi Capaian Kinerja per Triwulan", laporan, width)
    sub = top + 1
    names = (["Kode", "Indikator Kinerja", "Target Tahunan"] + [f"TW {periods.ROMAWI[k]}" for k in quarters]
             + [f"TW {periods.ROMAWI[k]}" for k in done]
             + [f"Capaian {periods.nama_periode(laporan.params.year, laporan.params.triwulan)} (%)", "Kategori",
                "Penanggung Jawab", "Catatan"])
    widths = [8, 32, 10] + [9] * len(quarters) + [10] * len(done) + [11, 13, 24, 22]
    _header(ws, sub, names, widths)
    for col in range(1, width + 1):  # the upper header row: spans over the quarter columns
        _header_cell = ws.cell(top, col)
        _header_cell.fill, _header_cell.border, _header_cell.font = _HEAD_FILL, _BORDER, Font(bold=True)
        _header_cell.alignment = _CENTER
    spans = {1: (1, "Kode"), 2: (1, "Indikator Kinerja"), 3: (1, "Target Tahunan")}
    col = 4
    spans[col] = (len(quarters), "Target Triwulan")
    col += len(quarters)
    if done:
        spans[col] = (len(done), "Realisasi s.d. Triwulan")
        col += len(done)
    for i, text in enumerate(names[col - 1:], start=col):
        spans[i] = (1, text)
    for start, (span, text) in spans.items():
        ws.cell(top, start, text)
        if span > 1:
            ws.merge_cells(start_row=top, start_column=start, end_row=top, end_column=start + span - 1)
        else:
            ws.cell(sub, start, None)
            ws.merge_cells(start_row=top, start_column=start, end_row=sub, end_column=start)
    row, sasaran = sub + 1, None
    for r in ([] if evaluation is None else evaluation.to_dict("records")):
        if r["sasaran"] != sasaran:
            sasaran = r["sasaran"]
            cell = _cell(ws, row, 1, sasaran)
            cell.fill, cell.font = _GROUP_FILL, Font(italic=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        values = [r["kode"], r["indikator"], (as_number(r["target_tahunan"]), PERSEN)]
        values += [(as_number(r[f"target_tw{k}"]), PERSEN) for k in quarters]
        values += [(as_number(r[f"realisasi_tw{k}"]), PERSEN) for k in done]
        values += [(as_number(r["capaian"]), PERSEN), "" if is_missing(r["kategori"]) else r["kategori"],
                   r["penanggung_jawab"], "" if is_missing(r.get("catatan")) else r.get("catatan")]
        for col, value in enumerate(values, start=1):
            if isinstance(value, tuple):
                _cell(ws, row, col, *value)
            else:
                _cell(ws, row, col, value)
        row += 1
    note = ("Realisasi s.d. triwulan dihitung ulang dari data yang sama; bila berbeda dengan laporan triwulan "
            "yang sudah diterbitkan, kolom Catatan menyebut angka yang dilaporkan.")
    ws.cell(row + 1, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)
    _print_setup(ws, sub, width, laporan)


# --- 4. Kualitas Data -----------------------------------------------------------------------------

QUALITY_COLUMNS = {c: COUNT_LABELS[c] for c in ("tabel", "berkas", "baris_dibaca", *ROW_BUCKETS, "format")}


def _kualitas(ws: Worksheet, laporan) -> None:
    recon = laporan.reconciliation
    records = [] if recon is None else recon.to_dict("records")
    columns = list(QUALITY_COLUMNS) if recon is None else [c for c in QUALITY_COLUMNS if c in recon.columns]
    head = _title(ws, "Kualitas Data per Berkas", laporan, len(columns))
    _header(ws, head, [QUALITY_COLUMNS[c] for c in columns],
            [{"tabel": 22, "berkas": 46, "format": 28}.get(c, 12) for c in columns])
    row = head + 1
    for r in records:
        for col, name in enumerate(columns, start=1):
            value = table_title(r[name]) if name == "tabel" else r[name]
            numeric = name.startswith("baris_")
            _cell(ws, row, col, (None if is_missing(value) else int(value)) if numeric else value,
                  ANGKA if numeric else None)
        row += 1
    ws.cell(row, 1, "Jumlah").font = Font(bold=True)
    for col, name in enumerate(columns, start=1):
        if name.startswith("baris_"):
            _cell(ws, row, col, sum(0 if is_missing(r[name]) else int(r[name]) for r in records), ANGKA, bold=True)
        elif col > 1:
            _cell(ws, row, col, "")
    ws.cell(row, 1).border = _BORDER
    note = ("Setiap baris data mentah diperhitungkan: baris dibaca = diterima + ditolak + kosong + baris jumlah/total. "
            f"Alasan setiap baris yang ditolak ada di {laporan.layout.ledger.csv.name} (folder audit/).")
    ws.cell(row + 2, 1, note).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row + 2, start_column=1, end_row=row + 2, end_column=len(columns))
    _print_setup(ws, head, len(columns), laporan)


# --- 5. Tindak Lanjut ------------------------------------------------------------------------------

#: The columns of the tindak lanjut table (key, header, width, number format), the quarter-only ones
#: marked: in the annual report the target is the annual one, there is no proyeksi and no risk.
_TL_COLUMNS = (
    ("kode", "Kode", 7, None, False),
    ("indikator", "Indikator Kinerja", 26, None, False),
    ("pembilang", "Pembilang", 9.5, ANGKA, False),
    ("penyebut", "Penyebut", 9.5, ANGKA, False),
    ("realisasi", "Realisasi (%)", 9.5, PERSEN, False),
    ("target", "Target {periode} (%)", 10, PERSEN, False),
    ("target_tahunan", "Target tahunan (%)", 9.5, PERSEN, True),
    ("kebutuhan", "Kebutuhan: tambahan untuk target {periode}", 11.5, ANGKA, False),
    ("kebutuhan_tahunan", "Kebutuhan terhadap target tahunan", 11.5, ANGKA, True),
    ("proyeksi", "Proyeksi akhir tahun (%)", 10, PERSEN, False),
    ("proyeksi_min", "Proyeksi terendah (%)", 9.5, PERSEN, True),
    ("proyeksi_max", "Proyeksi tertinggi (%)", 9.5, PERSEN, True),
    ("kandidat", "Kandidat", 9.5, ANGKA, False),
    ("risiko", "Berisiko", 9, ANGKA, True),
    ("keterangan", "Keterangan", 30, None, False),
)
#: What each indicator's candidates are, and what its pembilang counts (in words).
TL_SUBJECT = {"IKU-1": ("koperasi aktif yang belum difasilitasi", "koperasi aktif"),
              "IKU-2": ("usaha mikro aktif yang belum difasilitasi", "usaha mikro aktif"),
              "IKU-3": (None, "fasilitasi terakumulasi")}
NOT_APPLICABLE = "–"


def tindak_lanjut_columns(params) -> list[tuple[str, str, float, str | None]]:
    """The tindak lanjut table's columns for the period of ``params``: (key, header, width, format).

    >>> from iku_helpers.core.params import Params
    >>> [c[0] for c in tindak_lanjut_columns(Params(year=2026))][5:9]
    ['target', 'kebutuhan', 'proyeksi', 'kandidat']
    >>> [c[1] for c in tindak_lanjut_columns(Params(year=2026, triwulan=2))][5:8]
    ['Target TW II (%)', 'Target tahunan (%)', 'Kebutuhan: tambahan untuk target TW II']
    """
    periode = "tahunan" if params.is_annual else f"TW {periods.ROMAWI[params.triwulan]}"
    return [(key, head.format(periode=periode), width, fmt) for key, head, width, fmt, quarter in _TL_COLUMNS
            if not (quarter and params.is_annual)]


def tindak_lanjut_table(ws: Worksheet, head: int, laporan) -> int:
    """The tindak lanjut table with its header at row ``head`` (column widths set); returns the row
    after it. A number that does not apply or cannot be given is a centred '–' (the reason, when
    there is one, under Keterangan)."""
    columns = tindak_lanjut_columns(laporan.params)
    _header(ws, head, [c[1] for c in columns], [c[2] for c in columns])
    row = head + 1
    for r in tindak_lanjut_rows(laporan) or []:
        for col, (key, _, _, fmt) in enumerate(columns, start=1):
            value = r.get(key)
            if fmt and value is None:
                _cell(ws, row, col, NOT_APPLICABLE).alignment = _TOP_CENTER
            else:
                _cell(ws, row, col, value, fmt)
        row += 1
    return row


def tindak_lanjut_notes(laporan) -> list[str]:
    """What kebutuhan, kandidat, berisiko and proyeksi mean, in words, for the period of ``laporan``."""
    p = laporan.params
    lines = [
        ("Kebutuhan = jumlah paling sedikit entitas tambahan yang harus difasilitasi agar (pembilang + kebutuhan) / "
         "penyebut × 100% mencapai target, dihitung tepat (tanpa pembulatan) dengan penyebut saat ini; 0 berarti "
         "target sudah tercapai. IKU-3: tambahan kegiatan fasilitasi, yang ikut menambah akumulasi (penyebut). "
         "Indikator berpolaritas negatif: jumlah paling banyak yang masih diperbolehkan."),
        ("Kandidat = yang dapat difasilitasi berikutnya: koperasi aktif yang belum difasilitasi tahun "
         f"{p.year} (IKU-1) dan usaha mikro aktif yang belum difasilitasi (IKU-2); IKU-3 menghitung kegiatan "
         "fasilitasi, bukan entitas, sehingga tidak ada daftar kandidatnya."),
    ]
    if p.is_annual:
        lines.append("Laporan tahunan: realisasi sudah realisasi akhir tahun, sehingga tidak ada proyeksi dan tidak "
                     "ada koperasi berisiko.")
    else:
        first = p.year - p.rat_window_years + 1
        lines += [
            ("Kebutuhan terhadap target tahunan = hitungan yang sama dengan target tahunan, dengan penyebut saat "
             "ini (penyebut akhir tahun dapat berbeda)."),
            (f"Berisiko = koperasi yang aktif pada batas {periods.nama_periode(p.year, p.triwulan)} tetapi RAT "
             f"terakhirnya sebelum tahun {first}: tanpa RAT pada tahun {p.year} koperasi itu tidak lagi aktif dalam "
             "laporan tahunan (keluar dari penyebut IKU-1)."),
            ("Proyeksi akhir tahun = realisasi akhir tahun bila tahun ini berjalan dengan laju tahun-tahun "
             f"sebelumnya: pembilang saat ini / p, p = median bagian pembilang akhir tahun yang sudah tercapai pada "
             f"triwulan {periods.ROMAWI[p.triwulan]} tahun-tahun sebelumnya; proyeksi terendah dan tertinggi dari p "
             f"terbesar dan terkecil. Tanpa tahun sebelumnya p = {p.triwulan}/4 (lihat Keterangan). Penyebut "
             "tetap yang sekarang (IKU-3: akumulasi tahun sebelumnya + fasilitasi yang diproyeksikan)."),
        ]
    return lines


def _tindak_lanjut(ws: Worksheet, laporan) -> None:
    columns = tindak_lanjut_columns(laporan.params)
    width = len(columns)
    head = _title(ws, "Rencana Tindak Lanjut", laporan, width)
    lay = laporan.layout
    if tindak_lanjut_rows(laporan) is None:
        _header(ws, head, [c[1] for c in columns], [c[2] for c in columns])
        row = head + 1
        lines = [f"Rencana tindak lanjut belum dihitung untuk keluaran ini ({lay.tindak_lanjut.name} tidak ada): "
                 "jalankan ulang iku run untuk periode ini."]
    else:
        row = tindak_lanjut_table(ws, head, laporan)
        lines = tindak_lanjut_notes(laporan) + [
            (f"Daftar lengkap kandidat (diurutkan per kecamatan, lalu nama), jumlahnya per kecamatan"
             f"{'' if laporan.params.is_annual else ' dan koperasi yang berisiko'} ada di "
             f"{lay.tindak_lanjut_workbook.name}; angka ringkasan ini sama dengan audit/{lay.tindak_lanjut.name}.")]
    row += 1
    ws.cell(row, 1, "Keterangan:").font = Font(italic=True)
    for text in lines:
        row += 1
        ws.cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    _print_setup(ws, head, width, laporan)
    ws.page_setup.fitToHeight = 1  # a page, as the other sheets


# --- the workbook -----------------------------------------------------------------------------------

def build_workbook(laporan) -> Workbook:
    """The five sheets from what the report shows (a :class:`~iku_helpers.steps.workflow.ReportData`:
    ``params``, ``table``, ``comparison``, ``evaluation``, ``reconciliation``, ``pengaturan``,
    ``tanggal``, ``layout``, ``is_sample``, ``tindak_lanjut``)."""
    wb = Workbook()
    for name, builder in SHEET_BUILDERS.items():
        ws = wb.active if name == SHEETS[0] else wb.create_sheet()
        ws.title = name
        builder(ws, laporan)
    return fixed_properties(wb, laporan, "LKjIP")


def fixed_properties(wb: Workbook, laporan, what: str) -> Workbook:
    """The document properties every workbook of a period carries, fixed by its date (not the clock),
    so that the same inputs and date write the same bytes (:func:`workbook_bytes`)."""
    moment = dt.datetime.combine(laporan.tanggal, dt.time())
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = wb.properties.lastModifiedBy = "iku_helpers"
    wb.properties.title = f"{what} {DINAS} — {periode_text(laporan.params)}"
    wb.properties.language = "id-ID"
    return wb


#: The sheets in their order, each with the function that fills it (a sheet added later is one more
#: entry here and in :data:`SHEETS`).
SHEET_BUILDERS = dict(zip(SHEETS, (_pengukuran, _perbandingan, _evaluasi, _kualitas, _tindak_lanjut), strict=True))


#: The zip time stamp of every part (the earliest a zip can hold): same inputs, same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _xml(text: str, attribute: bool = False) -> str:
    """``text`` escaped as the serialiser openpyxl writes with (xml.etree's) escapes it.

    >>> _xml('a < b & "c"'), _xml('a < b & "c"', attribute=True)
    ('a &lt; b &amp; "c"', 'a &lt; b &amp; &quot;c&quot;')
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
    return text


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, with the rows of plain cells (text, numbers, empty styled cells)
    put out as text, a row at a time, instead of one XML element per cell: the same bytes
    (``tests/documents/test_workbook.py`` compares the two), in a third of the time for a list of
    50 000 rows. Any other cell (a date, a formula, a merged cell, a comment, text that needs
    ``xml:space``) is written by openpyxl itself, in its place."""

    def write_row(self, xf, row, row_idx):
        write = getattr(xf, "_file", None)  # the standard library serialiser's output (not lxml's)
        if write is None:
            return super().write_row(xf, row, row_idx)
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        parts = ["<row", *(f' {k}="{_xml(v, attribute=True)}"' for k, v in attrs.items()), ">"]
        for cell in row:
            xml = _plain_cell(cell)
            if xml is None:  # openpyxl's own way, after what is waiting
                write("".join(parts))
                parts.clear()
                self._standard_cell(xf, cell)
            elif xml:
                parts.append(xml)
        parts.append("</row>")
        write("".join(parts))

    def _standard_cell(self, xf, cell) -> None:
        """A cell as :meth:`WorksheetWriter.write_row` writes it."""
        if cell._comment is not None:
            self.ws._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell._comment:
            return
        write_cell(xf, self.ws, cell, cell.has_style)


def _plain_cell(cell) -> str | None:
    """The XML openpyxl writes for a plain ``cell`` ('' for none at all), or None when the cell is
    not plain (:class:`_SheetWriter`)."""
    if type(cell) is not Cell or cell._comment is not None or cell._hyperlink is not None:
        return None
    value, kind = cell._value, cell.data_type
    styled = cell.has_style
    if value is None and not styled:
        return ""
    if kind == "s" and isinstance(value, str) and value == value.strip():
        text = value
    elif kind == "n" and (value is None or isinstance(value, NUMERIC_TYPES)):
        text = "" if value is None else safe_string(value)
        if value is not None and not text:  # NaN or infinite: an empty <v />
            return None
    else:
        return None
    head = f'<c r="{cell.coordinate}"' + (f' s="{cell.style_id}"' if styled else "")
    head += ' t="inlineStr"' if kind == "s" else ' t="n"'
    if not text:
        return head + " />"
    if kind == "s":
        return f"{head}><is><t>{_xml(text)}</t></is></c>"
    return f"{head}><v>{_xml(text)}</v></c>"


class _ExcelWriter(ExcelWriter):
    """openpyxl's workbook writer with :class:`_SheetWriter` for the sheets."""

    def write_worksheet(self, ws):
        if self.workbook.write_only:
            return super().write_worksheet(ws)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes, without the save time openpyxl would stamp on it."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:  # compressed once, below
        _ExcelWriter(wb, archive).save()  # not wb.save(): that stamps the current time as 'modified'
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.external_attr = 0o644 << 16
            part.create_system = 3  # as on Linux also on Windows: same bytes on every machine
            dst.writestr(part, src.read(info))
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path) -> Path:
    """Write ``wb`` to ``path`` as :func:`workbook_bytes` gives it (the folder made when absent)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(wb))
    return path


def write_workbook(laporan, path: Path) -> Path:
    """Write ``lkjip_<label>.xlsx`` for the period of ``laporan``."""
    return save_workbook(build_workbook(laporan), path)
