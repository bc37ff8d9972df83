"""The bidang's worklist: ``tindak_lanjut_<label>.xlsx`` (spec section 11, issue 26).

Sheets, each under the letterhead of ``[kop]`` with the Dinas and the period, printable on A4 with
margins of 2 cm and "Halaman X dari Y" inside the bottom one:

1. *Ringkasan*: per indicator the kebutuhan, the year-end proyeksi and the number of candidates,
   the same table as the LKjIP workbook's Tindak Lanjut sheet
   (:func:`~iku_helpers.documents.workbook.tindak_lanjut_table`), and what the words mean;
2. one sheet per indicator with candidates (*IKU-1 Koperasi*, *IKU-2 Usaha Mikro*): its kebutuhan
   and proyeksi on top, then the candidates, sorted by kecamatan then name, under a filter and a
   frozen header row; printed, the header row repeats on every page and the page header names the
   list;
3. *Per Kecamatan*: the candidates (and in a quarter the koperasi at risk) of each of the 31
   kecamatan;
4. *Berisiko* (a quarter only): the koperasi aktif now that are not aktif at the year's end
   without a RAT this year.

Only the columns of :data:`KOLOM` are written (never owner data); NIK koperasi and ID usaha stay
text (16 digits do not survive as a number). A list longer than :data:`MAX_ROWS` is cut there (the
sorted order kept) and says so above it, with where the complete list is. The data rows get named
cell styles as they are written, so 50 000 rows take seconds, not a minute. Byte for byte the
same file for the same inputs and date (:func:`~iku_helpers.documents.workbook.workbook_bytes`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core import periods
from ..core.formats import fmt_angka, fmt_persen, is_missing
from ..core.layout import CSV_MAX_ROWS, ListFiles
from ..core.tables import KECAMATAN
from ..indicators.tindak_lanjut import per_kecamatan
from .report import SATUAN_KEBUTUHAN, periode_text
from .workbook import (
    _BORDER,
    _GROUP_FILL,
    _TOP_CENTER,
    _WRAP,
    ANGKA,
    CHARS_PER_UNIT,
    FONT,
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    NOT_APPLICABLE,
    PERSEN,
    SIZE,
    TL_SUBJECT,
    _cell,
    _fit_rows,
    _header,
    _print_setup,
    _title,
    fixed_properties,
    save_workbook,
    tindak_lanjut_columns,
    tindak_lanjut_notes,
    tindak_lanjut_rows,
    tindak_lanjut_table,
)

#: The most candidates a sheet lists; the complete list is in the audit folder.
MAX_ROWS = 50_000

RINGKASAN = "Ringkasan"
KECAMATAN_SHEET = "Per Kecamatan"
RISIKO_SHEET = "Berisiko"
#: The sheet of each indicator's candidates.
KANDIDAT_SHEETS = {"IKU-1": "IKU-1 Koperasi", "IKU-2": "IKU-2 Usaha Mikro"}
#: The columns each list shows, in words, with their widths: nothing else is written (no owner data).
#: ``rat`` is the latest RAT: its date, or its year when only the year is known.
KOLOM = {
    "IKU-1": {"nik": ("NIK koperasi", 19), "nama_koperasi": ("Nama koperasi", 42), "kecamatan": ("Kecamatan", 13),
              "rat": ("RAT terakhir", 13), "jenis_koperasi": ("Jenis koperasi", 42)},
    "IKU-2": {"id_usaha": ("ID usaha (NIB)", 17), "nama_usaha": ("Nama usaha", 32), "kecamatan": ("Kecamatan", 14),
              "sektor": ("Sektor", 25)},
}
KOLOM[RISIKO_SHEET] = KOLOM["IKU-1"]
#: The width (in column units) above which a list prints on landscape paper: what A4 portrait holds
#: between margins of 2 cm.
PORTRAIT_UNITS = 90
#: Named cell styles of the list rows: text (NIK and ID stay text), a date, a year.
TEXT_STYLE, DATE_STYLE, YEAR_STYLE = "Daftar teks", "Daftar tanggal", "Daftar tahun"
DATE_FORMAT = "DD/MM/YYYY"


def _styles(wb: Workbook) -> None:
    font = Font(name=FONT, size=SIZE)
    for name, alignment, fmt in ((TEXT_STYLE, _WRAP, "@"), (DATE_STYLE, _TOP_CENTER, DATE_FORMAT),
                                 (YEAR_STYLE, _TOP_CENTER, "0")):
        wb.add_named_style(NamedStyle(name, font=font, border=_BORDER, alignment=alignment, number_format=fmt))


def sheet_names(laporan) -> list[str]:
    """The sheets of the workbook for ``laporan``, in order.

    >>> from types import SimpleNamespace
    >>> from iku_helpers.core.params import Params
    >>> sheet_names(SimpleNamespace(params=Params(year=2026, triwulan=2), kandidat={"IKU-2": 0, "IKU-1": 0}))
    ['Ringkasan', 'IKU-1 Koperasi', 'IKU-2 Usaha Mikro', 'Per Kecamatan', 'Berisiko']
    """
    kandidat = getattr(laporan, "kandidat", None) or {}
    names = [RINGKASAN] + [name for kode, name in KANDIDAT_SHEETS.items() if kode in kandidat] + [KECAMATAN_SHEET]
    return names + ([] if laporan.params.is_annual else [RISIKO_SHEET])


def _notes(ws: Worksheet, row: int, lines: list[str], width: int) -> int:
    """'Keterangan:' and a merged row per line from ``row``; returns the last row written."""
    ws.cell(row, 1, "Keterangan:").font = Font(italic=True)
    for text in lines:
        row += 1
        ws.cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return row


# --- 1. Ringkasan -----------------------------------------------------------------------------

def _ringkasan(ws: Worksheet, laporan) -> None:
    width = len(tindak_lanjut_columns(laporan.params))
    head = _title(ws, "Rencana Tindak Lanjut", laporan, width)
    row = tindak_lanjut_table(ws, head, laporan)
    lay = laporan.layout
    counts = {kode: len(frame) for kode, frame in (laporan.kandidat or {}).items()}
    sheets = [f"{name} ({fmt_angka(counts[kode])} kandidat)" for kode, name in KANDIDAT_SHEETS.items() if kode in counts]
    sheets.append(f"{KECAMATAN_SHEET} (jumlah kandidat setiap kecamatan)")
    risiko = getattr(laporan, "risiko", None)
    if not laporan.params.is_annual:
        sheets.append(f"{RISIKO_SHEET} ({fmt_angka(0 if risiko is None else len(risiko))} koperasi)")
    lines = tindak_lanjut_notes(laporan) + [
        f"Lembar berikutnya: {'; '.join(sheets)}. Setiap daftar diurutkan per kecamatan, lalu nama, dan dapat "
        "disaring (filter) pada baris judul kolomnya.",
        f"Angka ringkasan ini sama dengan audit/{lay.tindak_lanjut.name} dan lembar Tindak Lanjut di "
        f"{lay.workbook.name}; daftar lengkapnya juga ada di folder audit/ "
        f"({', '.join(lay.kandidat(kode).parquet.name for kode in KANDIDAT_SHEETS if kode in counts)}).",
    ]
    _notes(ws, row + 1, lines, width)
    _print_setup(ws, head, width, laporan)
    ws.page_setup.fitToHeight = 1


# --- 2. Kandidat per indicator, and Berisiko ------------------------------------------------------

def _summary_block(laporan, kode: str) -> list[tuple[str, object, str | None, str]]:
    """(label, value, number format, explanation) for the top of an indicator's sheet, from the
    same rows as the Ringkasan's table."""
    r = next((x for x in tindak_lanjut_rows(laporan) or [] if x["kode"] == kode), None)
    if r is None:
        return []
    p = laporan.params
    periode = periods.nama_periode(p.year, p.triwulan)
    noun = TL_SUBJECT[kode][1]
    rows = [("Indikator", f"{kode} {r['indikator']}", None, ""),
            ("Realisasi", r["realisasi"], PERSEN, f"{fmt_angka(r['pembilang'])} dari {fmt_angka(r['penyebut'])} {noun}"),
            (f"Target {periode}", r["target"], PERSEN, ""),
            ("Kebutuhan", r["kebutuhan"], ANGKA,
             "tambahan agar target tercapai" if r["kebutuhan"] is not None else "lihat Keterangan")]
    if not p.is_annual:
        rows += [("Target tahunan", r["target_tahunan"], PERSEN, ""),
                 ("Kebutuhan terhadap target tahunan", r["kebutuhan_tahunan"], ANGKA,
                  "dengan penyebut saat ini" if r["kebutuhan_tahunan"] is not None else "lihat Keterangan"),
                 ("Proyeksi akhir tahun", r["proyeksi"], PERSEN,
                  "" if r["proyeksi"] is None else
                  f"rentang {fmt_persen(r['proyeksi_min'])} – {fmt_persen(r['proyeksi_max'])}")]
    else:
        rows.append(("Proyeksi akhir tahun", None, PERSEN, "laporan tahunan: tanpa proyeksi"))
    rows.append(("Kandidat", r["kandidat"], ANGKA, "daftarnya di bawah"))
    if kode == "IKU-1" and not p.is_annual:
        rows.append(("Berisiko", r["risiko"], ANGKA, f"lihat lembar {RISIKO_SHEET}"))
    if r["keterangan"]:
        rows.append(("Keterangan", r["keterangan"], None, ""))
    return rows


def _block(ws: Worksheet, row: int, rows, width: int) -> int:
    """The indicator's numbers as label | value | explanation rows (label over columns A:B, the
    explanation from D to the last column; a text value spans C to the last); returns the next row."""
    for label, value, fmt, explanation in rows:
        head = ws.cell(row, 1, label)
        head.font, head.fill, head.border, head.alignment = Font(bold=True), _GROUP_FILL, _BORDER, _WRAP
        ws.cell(row, 2).border = _BORDER
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        if fmt is None:  # text: over the value and explanation columns
            _cell(ws, row, 3, value)
            for col in range(4, width + 1):
                ws.cell(row, col).border = _BORDER
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=width)
        else:
            if value is None:
                _cell(ws, row, 3, NOT_APPLICABLE).alignment = _TOP_CENTER
            else:
                _cell(ws, row, 3, value, fmt)
            _cell(ws, row, 4, explanation)
            for col in range(5, width + 1):
                ws.cell(row, col).border = _BORDER
            if width > 4:
                ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=width)
        row += 1
    return row


def _clean_text(series: pd.Series) -> list:
    """A text column as Python values for the sheet: None for a missing one, control characters a
    spreadsheet cannot hold removed."""
    text = series.astype("string").str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
    return [None if is_missing(v) else str(v) for v in text.astype(object).where(text.notna(), None)]


def _rat_values(frame: pd.DataFrame) -> list[tuple[object, str]]:
    """The latest RAT of each koperasi: its date (dd/mm/yyyy), or its year when only the year is
    known, or nothing."""
    dates = pd.to_datetime(frame["tanggal_rat_terakhir"], errors="coerce") if "tanggal_rat_terakhir" in frame else \
        pd.Series(pd.NaT, index=frame.index)
    years = frame["tahun_rat_terakhir"] if "tahun_rat_terakhir" in frame else pd.Series(pd.NA, index=frame.index)
    out = []
    for date, year in zip(dates.tolist(), years.astype(object).tolist()):
        if not is_missing(date) and date is not pd.NaT:
            out.append((dt.date(date.year, date.month, date.day), DATE_STYLE))
        elif not is_missing(year):
            out.append((int(year), YEAR_STYLE))
        else:
            out.append((None, TEXT_STYLE))
    return out


def _list_rows(ws: Worksheet, first: int, frame: pd.DataFrame, columns: dict) -> int:
    """The list's rows from row ``first`` (only the columns of ``columns``), styled as they are
    written, rows with wrapped text made taller; returns the last row written.

    Each named style is looked up once and copied onto the cells after (what ``cell.style = name``
    does, without the lookup for each of 50 000 cells)."""
    empty = pd.Series(pd.NA, index=frame.index, dtype="string")  # a column an older list lacks
    values = [_rat_values(frame) if key == "rat" else [(v, TEXT_STYLE) for v in _clean_text(frame.get(key, empty))]
              for key in columns]
    per_line = [max(1, int((width - 1) * CHARS_PER_UNIT)) for _, width in columns.values()]
    looks: dict[str, StyleArray] = {}
    row = first - 1
    for row, cells in enumerate(zip(*values), start=first):
        lines = 1
        for col, ((value, style), fits) in enumerate(zip(cells, per_line), start=1):
            cell = Cell(ws, row=row, column=col, value=value)
            look = looks.get(style)
            if look is None:
                cell.style = style
                look = looks[style] = StyleArray(cell._style)
            else:
                cell._style = StyleArray(look)
            ws._add_cell(cell)
            if isinstance(value, str):
                if value.startswith("="):
                    cell.data_type = "s"  # a name, never a formula
                lines = max(lines, -(-len(value) // fits))
        if lines > 1:
            ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 4)
    return row


def _cut_note(n: int, files: ListFiles, noun: str) -> str:
    """What the sheet holds of a list of ``n`` and where the complete one is."""
    if n == 0:
        return f"Tidak ada {noun}."
    if n <= MAX_ROWS:
        return f"{fmt_angka(n)} {noun}, semuanya tercantum di bawah."
    complete = f"audit/{files.parquet.name}" + (f" (juga audit/{files.csv.name})" if n <= CSV_MAX_ROWS else "")
    return (f"Lembar ini memuat {fmt_angka(MAX_ROWS)} {noun} pertama dari {fmt_angka(n)} (urutan per kecamatan, lalu "
            f"nama); daftar lengkapnya ada di {complete}.")


def _list_sheet(ws: Worksheet, laporan, title: str, columns: dict, frame: pd.DataFrame, files: ListFiles,
                noun: str, block) -> None:
    """A list under its title, a block of numbers or lines on top, the cut note, then the table
    with a filter over it and the header row frozen and repeated on every printed page."""
    width = len(columns)
    row = _title(ws, title, laporan, width)
    row = block(ws, row, width)
    note = ws.cell(row + 1, 1, _cut_note(len(frame), files, noun))
    note.alignment, note.font = Alignment(wrap_text=True, vertical="top"), Font(italic=True)
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)
    head = row + 2
    _header(ws, head, [name for name, _ in columns.values()], [w for _, w in columns.values()])
    shown = frame.head(MAX_ROWS)
    last = _list_rows(ws, head + 1, shown, columns)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(width)}{max(head, last)}"
    units = sum(w for _, w in columns.values())
    _print_setup(ws, head, width, laporan, portrait=units <= PORTRAIT_UNITS, title_rows=f"{head}:{head}",
                 styled_to=head)
    _fit_rows(ws, 1, head)  # the block above the list
    p = laporan.params
    ws.oddHeader.left.text = f'&"{FONT},Regular"&8{title} — {periods.nama_periode(p.year, p.triwulan)}'


def _kandidat(kode: str):
    def build(ws: Worksheet, laporan) -> None:
        def block(ws, row, width):
            return _block(ws, row, _summary_block(laporan, kode), width)

        what = TL_SUBJECT[kode][0]
        _list_sheet(ws, laporan, f"Kandidat {kode}: {what}", KOLOM[kode], laporan.kandidat[kode],
                    laporan.layout.kandidat(kode), "kandidat", block)
    return build


def _risiko(ws: Worksheet, laporan) -> None:
    p = laporan.params
    first = p.year - p.rat_window_years + 1
    frame = laporan.risiko if getattr(laporan, "risiko", None) is not None else \
        pd.DataFrame(columns=list(KOLOM[RISIKO_SHEET]) + ["tanggal_rat_terakhir", "tahun_rat_terakhir"])
    text = (f"Koperasi yang aktif pada batas {periode_text(p)} tetapi RAT terakhirnya sebelum tahun {first}: "
            f"tanpa RAT pada tahun {p.year} koperasi itu tidak lagi aktif dalam laporan tahunan {p.year} dan "
            "keluar dari penyebut IKU-1. Mendorong RAT-nya menjaga penyebut; memfasilitasinya juga menambah "
            "pembilang.")

    def block(ws, row, width):
        cell = ws.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        return row + 1

    _list_sheet(ws, laporan, "Koperasi berisiko tidak aktif di akhir tahun", KOLOM[RISIKO_SHEET], frame,
                laporan.layout.risiko, "koperasi berisiko", block)


# --- 3. Per Kecamatan -----------------------------------------------------------------------------

def _per_kecamatan(ws: Worksheet, laporan) -> None:
    kandidat = laporan.kandidat or {}
    lists = {f"Kandidat {kode} ({SATUAN_KEBUTUHAN[kode]})": kandidat.get(kode) for kode in KANDIDAT_SHEETS}
    if not laporan.params.is_annual:
        lists["Berisiko (koperasi)"] = getattr(laporan, "risiko", None)
    counts = {name: None if frame is None else per_kecamatan(frame) for name, frame in lists.items()}
    order = list(KECAMATAN)
    for series in counts.values():
        order += [k for k in ([] if series is None else series.index) if k not in order]
    missing = {name: 0 if lists[name] is None else int(lists[name]["kecamatan"].isna().sum()) for name in lists}
    names = ["No", "Kecamatan"] + list(lists)
    width = len(names)
    head = _title(ws, "Kandidat per Kecamatan", laporan, width)
    _header(ws, head, names, [6, 26] + [(PORTRAIT_UNITS - 32) / len(lists)] * len(lists))  # a page wide
    row = head + 1
    labels = [(k, k) for k in order] + ([(None, "Tanpa kecamatan")] if any(missing.values()) else [])
    for number, (key, label) in enumerate(labels, start=1):
        _cell(ws, row, 1, number).alignment = _TOP_CENTER
        _cell(ws, row, 2, label)
        for col, name in enumerate(lists, start=3):
            series = counts[name]
            if series is None:
                _cell(ws, row, col, NOT_APPLICABLE).alignment = _TOP_CENTER
            else:
                _cell(ws, row, col, missing[name] if key is None else int(series.get(key, 0)), ANGKA)
        row += 1
    _cell(ws, row, 1, "")
    _cell(ws, row, 2, "Jumlah", bold=True)
    for col, name in enumerate(lists, start=3):
        if lists[name] is None:
            _cell(ws, row, col, NOT_APPLICABLE).alignment = _TOP_CENTER
        else:
            _cell(ws, row, col, len(lists[name]), ANGKA, bold=True)
    lines = [f"Jumlah setiap kecamatan dari daftar lengkap (juga bila sebuah lembar daftar dipotong pada "
             f"{fmt_angka(MAX_ROWS)} baris)."]
    _notes(ws, row + 2, lines, width)
    _print_setup(ws, head, width, laporan, portrait=True)
    ws.page_setup.fitToHeight = 1  # the 31 kecamatan on one page


# --- the workbook -----------------------------------------------------------------------------------

def build_tindak_lanjut_workbook(laporan) -> Workbook:
    """The sheets of :func:`sheet_names` from what the report loads (a
    :class:`~iku_helpers.steps.workflow.ReportData`: ``tindak_lanjut``, ``kandidat``, ``risiko``,
    ``evaluation``, ``table``, ``params``, ``pengaturan``, ``tanggal``, ``layout``, ``is_sample``)."""
    wb = Workbook()
    _styles(wb)
    builders = {RINGKASAN: _ringkasan, KECAMATAN_SHEET: _per_kecamatan, RISIKO_SHEET: _risiko,
                **{name: _kandidat(kode) for kode, name in KANDIDAT_SHEETS.items()}}
    for i, name in enumerate(sheet_names(laporan)):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        builders[name](ws, laporan)
    return fixed_properties(wb, laporan, "Rencana tindak lanjut")


def write_tindak_lanjut_workbook(laporan, path: Path) -> Path:
    """Write ``tindak_lanjut_<label>.xlsx`` for the period of ``laporan``."""
    return save_workbook(build_tindak_lanjut_workbook(laporan), path)
