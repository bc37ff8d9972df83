"""Annotated copies of raw files, for the bidang who fill them (``iku validate --annotate``).

For a raw file with rejected rows or corrected values, :func:`write_copy` writes an .xlsx copy:
the same sheets with the same values; every rejected row highlighted, the cell at fault in a
stronger colour, and a new last column "Masalah" saying what is wrong and how to fix it; every
corrected value in a lighter colour with a comment saying what it was read as; and a first sheet
"Ringkasan" counting the problems by reason, with a link to each cell. A CSV, .txt (Excel's
"Unicode Text"), .xls, .ods or HTML file gets an .xlsx copy too. The raw file is only read.

The copy carries the cells' values, not the original's look (fonts, widths, formulas): the values
are all that the workflow reads. It is written with XlsxWriter in constant-memory mode, one row
after the other, so a 100 000-row register takes seconds and little memory.

>>> advice("Tanggal tidak ada di kalender (31/02/2026)", year=2026)
'tanggal ini tidak ada: periksa hari dan bulannya (mis. Februari hanya sampai 28 atau 29)'
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from ..core.formats import fmt_angka, is_missing
from ..core.tables import KATEGORI_LABELS, KECAMATAN, TABLES
from ..ingest.audit_trail import reason_key
from ..ingest.header import column_positions, header_of
from ..ingest.reading import read_sheets

MASALAH = "Masalah"
MASALAH_WIDTH = 70
SUMMARY_SHEET = "Ringkasan"
FILL_ROW = "#FCE4D6"      # a rejected row
FILL_CELL = "#F4B183"     # the cell at fault in a rejected row
FILL_NOTE = "#FFF2CC"     # a value corrected by the workflow (the row is used)
FILL_HEADER = "#C65911"
LINK_LIMIT = 5000         # cells linked from Ringkasan per list (Excel allows 65 530 links a sheet)
COMMENT_LIMIT = 1000      # comments per copy; beyond it the colour and Ringkasan still show each one
FALLBACK_ADVICE = "perbaiki isi sel ini sesuai panduan pengisian data"
NO_FIX = "tidak perlu diperbaiki"  # advice for rows the rules set aside by design (PDRB sub-categories)

#: How to fix a problem, by the ledger's reason (the first pattern that matches wins); the text
#: may use {tahun} (the reporting year) and {1} (the pattern's first group).
ADVICE: tuple[tuple[str, str], ...] = (
    (r"notasi ilmiah", "format kolom ini sebagai Teks, lalu ketik ulang nomor lengkapnya dari dokumen sumber"),
    (r"sel angka yang bukan nomor identitas", "ketik nomornya sebagai teks (format sel Teks), tanpa koma atau tanda minus"),
    (r"bukan nomor identitas", "ketik nomornya sebagai teks; sel ini berisi tanggal atau benar/salah"),
    (r"harus (\d+) digit", "tulis tepat {1} digit angka; periksa angka yang kurang atau berlebih"),
    (r"tidak dapat dibaca sebagai angka", "tulis angka seperti 1.250.000 atau 1,5 M (titik untuk ribuan, koma untuk desimal)"),
    (r"bukan angka", "tulis angka, bukan tanggal, mis. 1.250.000"),
    (r"tidak boleh negatif", "tulis 0 atau angka positif, tanpa tanda minus"),
    (r"harus bilangan bulat", "tulis bilangan bulat tanpa koma, mis. 2"),
    (r"minimal (\d+)", "tulis bilangan bulat paling sedikit {1}"),
    (r"tidak ada di kalender", "tanggal ini tidak ada: periksa hari dan bulannya (mis. Februari hanya sampai 28 atau 29)"),
    (r"bukan nomor seri tanggal|tidak dikenali; tulis sebagai dd/mm|bukan tanggal",
     "tulis tanggal sebagai hari/bulan/tahun, mis. 31/03/{tahun}"),
    (r"di luar tahun \d+; tidak dihitung", "kegiatan tahun lain dilaporkan di berkas tahun itu: pindahkan baris ini, "
                              "atau perbaiki tanggalnya bila salah ketik"),
    (r"tidak tersedia, sehingga tidak dapat dicocokkan", "serahkan dulu daftarnya untuk tahun ini; baris ini "
                                                        "dicocokkan setelah daftar itu ada"),
    (r"tidak terdaftar di daftar koperasi", "periksa NIK koperasinya; bila benar, koperasi ini harus ada di "
                                           "daftar koperasi tahun {tahun}"),
    (r"tidak terdaftar di daftar UMKM", "periksa NIB/ID usahanya; bila benar, usaha ini harus ada di daftar "
                                       "usaha mikro tahun {tahun}"),
    (r"ganda; yang dipakai", "hapus baris ganda ini, atau perbaiki nomornya bila ini koperasi/usaha yang lain"),
    (r"kecamatan", "tulis salah satu dari 31 kecamatan Kabupaten Jember (daftarnya di sheet Ringkasan)"),
    (r"status tidak dikenali", "isi ya atau tidak"),
    (r"omzet dan modal usaha kosong", "isi omzet per tahun atau modal usaha (salah satu cukup)"),
    (r"kategori tidak cocok", "pilih dari daftar pilihan templat: "
                              + "; ".join(KATEGORI_LABELS)
                              + " (kegiatan di luar ketiganya tidak dihitung untuk IKU-3)"),
    (r"kategori cocok dengan lebih dari satu", "pilih satu kategori; bila kegiatannya dua, tulis sebagai dua baris"),
    (r"sub-kategori", NO_FIX + ": baris sub-kategori hanya dicatat, tidak dijumlahkan"),
    (r"kategori bukan huruf", "tulis kode kategori satu huruf A sampai U"),
    (r"kode indikator tidak dikenal", "tulis kode seperti IKU-1 atau IT-2"),
    (r"triwulan harus", "isi 1, 2, 3 atau 4, atau kosongkan untuk target tahunan"),
    (r"polaritas harus", "isi positif atau negatif"),
    (r"jumlah sel di baris ini", "periksa tanda pemisah (koma/titik koma) di dalam isi sel: beri tanda kutip "
                                "pada sel itu atau hapus tandanya"),
    (r"kosong", "isi sel ini"),
)
_ADVICE = [(re.compile(p, re.IGNORECASE), text) for p, text in ADVICE]


def advice(alasan: str, year: int | None = None) -> str:
    """How to fix a problem of the ledger, in plain Bahasa Indonesia.

    >>> advice("NIK koperasi harus 16 digit angka")
    'tulis tepat 16 digit angka; periksa angka yang kurang atau berlebih'
    """
    for pattern, text in _ADVICE:
        found = pattern.search(alasan)
        if found:
            group = found.group(1) if found.groups() else ""
            return text.replace("{1}", group).replace("{tahun}", str(year or dt.date.today().year))
    return FALLBACK_ADVICE


# --- what goes where ------------------------------------------------------------------------------

@dataclass
class CopyInfo:
    """What an annotated copy holds, for the feedback pages."""

    label: str            # the raw file, relative to the raw folder
    table: str
    copy: str             # the copy, relative to the feedback folder
    format: str
    rejected_rows: int
    to_fix: int           # rejected rows with at least one problem the bidang must fix
    corrected: int
    reasons: Counter = field(default_factory=Counter)  # reason (grouped) → rejected cells


def copy_name(label: str, labels=frozenset()) -> str:
    """The copy's path for a raw file's label: same folders and name, as .xlsx. A file that is not
    .xlsx keeps its extension in the name when another of the raw files ``labels`` would get the
    same .xlsx name (``a.csv`` beside ``a.xlsx`` or ``a.ods``): no copy overwrites another.

    >>> copy_name("2026/usaha_mikro/03_wilayah_timur.csv")
    '2026/usaha_mikro/03_wilayah_timur.xlsx'
    >>> copy_name("2026/koperasi.csv", {"2026/koperasi.xlsx"})
    '2026/koperasi.csv.xlsx'
    >>> copy_name("2026/usaha_mikro/a.csv", {"2026/usaha_mikro/a.csv", "2026/usaha_mikro/a.ods"})
    '2026/usaha_mikro/a.csv.xlsx'
    >>> copy_name("2026/usaha_mikro/kec_ajung.txt")
    '2026/usaha_mikro/kec_ajung.xlsx'
    """
    path = PurePosixPath(label)
    plain = path.with_suffix(".xlsx").as_posix()
    shared = any(PurePosixPath(other).with_suffix(".xlsx").as_posix() == plain for other in labels if other != label)
    return f"{label}.xlsx" if shared and path.suffix.lower() != ".xlsx" else plain


def shown_value(value) -> str:
    """A clean value as a person reads it, for 'dibaca sebagai'."""
    if is_missing(value):
        return "(kosong)"
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float | int):
        return fmt_angka(value, 0 if float(value).is_integer() else 2)
    return str(value)


def _sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused sheet name (31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "data"
    title, n = base, 2
    while title.lower() in taken:
        title = f"{base[:27]} ({n})"
        n += 1
    taken.add(title.lower())
    return title


def _link(sheet: str, row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return "internal:'" + sheet.replace("'", "''") + "'!" + xl_rowcol_to_cell(row, col)


class _Formats:
    """XlsxWriter formats by (fill, number format), made once each."""

    def __init__(self, workbook):
        self.workbook = workbook
        self._made: dict = {}

    def __call__(self, fill: str | None = None, num: str | None = None, **extra):
        key = (fill, num, tuple(sorted(extra.items())))
        if key not in self._made:
            spec = dict(extra)
            if fill in (FILL_ROW, FILL_CELL):
                spec.setdefault("valign", "top")  # a rejected row is tall: its values beside the first line
            if fill:
                spec.update(bg_color=fill, pattern=1)
            if num:
                spec["num_format"] = num
            self._made[key] = self.workbook.add_format(spec) if spec else None
        return self._made[key]


def _write_value(ws, formats: _Formats, r: int, c: int, value, fill: str | None) -> None:
    """One cell with its type kept: text stays text (never a number or a formula), numbers stay
    numbers (long whole numbers shown with every digit), dates stay dates."""
    kind = value.__class__
    if kind is str:
        if value:
            ws.write_string(r, c, value, formats(fill))
        elif fill:
            ws.write_blank(r, c, None, formats(fill))
    elif kind is float or kind is int:
        big = abs(value) >= 1e11 and float(value).is_integer()
        ws.write_number(r, c, value, formats(fill, "0" if big else None))
    elif kind is bool:
        ws.write_boolean(r, c, value, formats(fill))
    elif kind is dt.datetime:
        timed = value.time() != dt.time(0)
        ws.write_datetime(r, c, value, formats(fill, "dd/mm/yyyy hh:mm" if timed else "dd/mm/yyyy"))
    elif kind is dt.date:
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time(0)), formats(fill, "dd/mm/yyyy"))
    elif kind is dt.time:
        ws.write_datetime(r, c, value, formats(fill, "hh:mm:ss"))
    elif value is None:
        if fill:
            ws.write_blank(r, c, None, formats(fill))
    else:
        ws.write_string(r, c, str(value), formats(fill))


LINE_HEIGHT = 15  # points per line of text in the default font


def row_height(*cells: tuple[str, float]) -> float:
    """The height a row needs for wrapped text: (text, column width in characters) per cell.
    Spreadsheets do not always grow a row for wrapped text on opening, so it is set.

    >>> row_height(("a" * 100, 52), ("kurang", 10))
    30
    """
    lines = max((sum(max(1, -(-len(part) // max(int(width) - 2, 1))) for part in str(text).split("\n"))
                 for text, width in cells), default=1)
    return LINE_HEIGHT * lines


def _print_setup(ws, repeat_row: int | None = None) -> None:
    """A4 landscape, one page wide; the header row on every printed page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)


def _widths(rows: list[list], at: int, width: int) -> list[float]:
    """Column widths from the header and the first rows' text, 8 to 40 characters."""
    sample = rows[at: at + 200]
    out = []
    for c in range(width):
        longest = max((len(str(r[c])) for r in sample if c < len(r) and r[c] not in ("", None)), default=6)
        out.append(min(max(longest + 2, 8), 40))
    return out


# --- the copy -------------------------------------------------------------------------------------

@dataclass
class Marks:
    """Where a copy's table sheet is marked, by 0-based row and column."""

    masalah: dict[int, list[str]] = field(default_factory=dict)   # row → its "Masalah" lines
    fix_rows: set[int] = field(default_factory=set)               # rows with something to fix
    bad_cells: set[tuple[int, int]] = field(default_factory=set)  # the cells at fault
    corrected: dict[tuple[int, int], str] = field(default_factory=dict)  # cell → its comment
    reasons: Counter = field(default_factory=Counter)             # reason (grouped) → cells
    entries: list[tuple] = field(default_factory=list)            # (row, col, column, value, reason, advice)
    note_entries: list[tuple] = field(default_factory=list)       # (row, col, column, value, note)


def marks(problems: pd.DataFrame, notes: pd.DataFrame, header: list, table: str, year: int | None,
          read_as: dict) -> Marks:
    """Place the ledger's problems and the notes of one file on its sheet, by the header row."""
    positions = column_positions(header, table)

    def header_text(kolom: str) -> str:
        c = positions.get(kolom)
        text = str(header[c]).strip() if c is not None and c < len(header) else ""
        return text or kolom

    m = Marks()
    for baris, kolom, nilai, alasan in problems.sort_values("baris", kind="stable")[
            ["baris", "kolom", "nilai", "alasan"]].itertuples(index=False):
        r, col, how = int(baris) - 1, positions.get(kolom) if kolom else None, advice(alasan, year)
        m.masalah.setdefault(r, []).append(f"{header_text(kolom)}: {alasan} → {how}" if kolom else f"{alasan} → {how}")
        if not how.startswith(NO_FIX):
            m.fix_rows.add(r)
        if col is not None:
            m.bad_cells.add((r, col))
        m.reasons[reason_key(alasan)] += 1
        m.entries.append((r, col or 0, header_text(kolom) if kolom else "", nilai, alasan, how))
    for baris, kolom, nilai, catatan in notes[["baris", "kolom", "nilai", "catatan"]].itertuples(index=False):
        col = positions.get(kolom)
        if col is None:
            continue  # a note about a derived value (e.g. the RAT year), not a cell
        text = catatan + (f". Dibaca sebagai: {read_as[int(baris), kolom]}" if (int(baris), kolom) in read_as else "")
        m.corrected[int(baris) - 1, col] = text
        m.note_entries.append((int(baris) - 1, col, header_text(kolom), nilai, text))
    return m


def _table_sheet(ws, formats: _Formats, rows: list[list], at: int, m: Marks) -> None:
    """The sheet the table was read from: values, colours, comments and the Masalah column."""
    width = max((len(r) for r in rows), default=0)
    for c, w in enumerate(_widths(rows, at, width)):
        ws.set_column(c, c, w)
    ws.set_column(width, width, MASALAH_WIDTH)
    wrap_row = formats(FILL_ROW, None, text_wrap=True, valign="top")
    comments = 0
    marked = set(m.masalah) | {r for r, _ in m.corrected}
    write_string, write_number = ws.write_string, ws.write_number
    for r, row in enumerate(rows):
        if r not in marked and r != at:  # most rows: the quick path, nothing to mark
            for c, value in enumerate(row):
                kind = value.__class__
                if kind is str:
                    if value:
                        write_string(r, c, value)
                elif kind is float and not (abs(value) >= 1e11 and value.is_integer()):
                    write_number(r, c, value)
                else:
                    _write_value(ws, formats, r, c, value, None)
            continue
        rejected = r in m.masalah
        if rejected:
            ws.set_row(r, row_height(("\n".join(m.masalah[r]), MASALAH_WIDTH)))
        for c in range(width):
            value = row[c] if c < len(row) else None
            fill = (FILL_CELL if (r, c) in m.bad_cells else FILL_ROW) if rejected else None
            if (r, c) in m.corrected:
                fill = fill or FILL_NOTE
                if comments < COMMENT_LIMIT:
                    ws.write_comment(r, c, m.corrected[r, c], {"author": "iku validate", "x_scale": 2})
                    comments += 1
            _write_value(ws, formats, r, c, value, fill)
        if r == at:
            ws.write_string(r, width, MASALAH, formats(FILL_HEADER, None, bold=True, font_color="#FFFFFF"))
        elif rejected:
            ws.write_string(r, width, "\n".join(m.masalah[r]), wrap_row)
    ws.freeze_panes(at + 1, 0)
    _print_setup(ws, at)
    ws.autofilter(at, 0, max(len(rows) - 1, at), width)


def write_copy(path: Path, table: str, label: str, folder: Path, copy: str, problems: pd.DataFrame,
               notes: pd.DataFrame, counts: dict, year: int | None = None, read_as: dict | None = None) -> CopyInfo:
    """Write the annotated copy of one raw file to ``folder / copy`` (.xlsx) and say what it holds.

    ``problems`` are the file's ledger entries one per rejected cell (``YearData.problems()``),
    ``notes`` its corrections, ``counts`` its reconciliation row, ``read_as`` the clean value of
    each corrected cell by (baris, kolom).
    """
    import xlsxwriter

    source = read_sheets(path, table, label)
    rows_of = dict(source.sheets)
    at = source.header_at
    m = marks(problems, notes, header_of(rows_of[source.table_sheet], at, table), table, year, read_as or {})
    dest = folder / copy
    dest.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(dest), {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False, "use_future_functions": False,
    })
    workbook.set_properties({"title": f"Umpan balik {label}", "author": "iku validate",
                             "created": dt.datetime(2000, 1, 1)})
    formats = _Formats(workbook)
    taken: set[str] = set()
    summary = workbook.add_worksheet(_sheet_title(SUMMARY_SHEET, taken))
    sheets = [(name, workbook.add_worksheet(_sheet_title(name if name is not None else table, taken)))
              for name, _ in source.sheets]
    for name, ws in sheets:  # every sheet row by row (constant memory)
        if name == source.table_sheet:
            _table_sheet(ws, formats, rows_of[name], at, m)
            data_title = ws.name
        else:
            for r, row in enumerate(rows_of[name]):
                for c, value in enumerate(row):
                    _write_value(ws, formats, r, c, value, None)
    _summary(summary, formats, label, table, source.format, counts, data_title, m, year)
    workbook.close()
    return CopyInfo(label, table, copy, source.format, len(m.masalah), len(m.fix_rows), len(m.note_entries), m.reasons)


def _summary(ws, formats: _Formats, label: str, table: str, fmt: str, counts: dict, data_title: str,
             m: Marks, year: int | None) -> None:
    """The first sheet: what this copy is, the counts, the colours, the problems by reason and
    each problem with a link to its cell."""
    entries, note_entries, reasons, rejected_rows = m.entries, m.note_entries, m.reasons, len(m.masalah)

    bold = formats(None, None, bold=True)
    title = formats(None, None, bold=True, font_size=14)
    head = formats("#D9D9D9", None, bold=True, border=1, text_wrap=True, valign="top")
    wrap = formats(None, None, text_wrap=True, valign="top")
    link = formats(None, None, font_color="#0563C1", underline=1, valign="top")
    top = formats(None, None, valign="top")
    widths = (8, 24, 22, 50, 50, 14)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    _print_setup(ws)
    r = 0

    def line(text: str, fmt_=None) -> None:
        nonlocal r
        ws.write_string(r, 0, text, fmt_)
        r += 1

    line(f"Umpan balik pemeriksaan data: {label}", title)
    t = TABLES[table]
    line(f"Tabel: {t.judul} ({table}). Pengisi: {t.bidang}.")
    converted = not label.lower().endswith(".xlsx")
    line(f"Berkas asli: {label} ({fmt}). Berkas asli tidak diubah; perbaiki di berkas asli Anda, bukan di salinan ini.")
    if converted:
        line(f"Berkas asli berformat {fmt}; salinan ini disimpan sebagai .xlsx agar dapat diberi warna dan catatan.")
    line("Salinan ini memuat isi sel berkas asli; format tampilan (huruf, warna, lebar kolom, rumus) tidak ikut.")
    r += 1
    line(f"Baris data dibaca: {fmt_angka(counts.get('baris_dibaca', 0))}; diterima: "
         f"{fmt_angka(counts.get('baris_diterima', 0))}; ditolak: {fmt_angka(counts.get('baris_ditolak', 0))}; "
         + (f"dilewati (sub-kategori dan catatan, tidak perlu diperbaiki): "
            f"{fmt_angka(counts.get('baris_dilewati', 0))}; " if counts.get('baris_dilewati', 0) else "")
         + f"kosong: {fmt_angka(counts.get('baris_kosong', 0))}; baris jumlah/total: "
         f"{fmt_angka(counts.get('baris_total', 0))}.", bold)
    r += 1
    ws.write_string(r, 0, "", formats(FILL_ROW))
    ws.write_string(r, 1, f"Baris jingga: ditolak, tidak dihitung ({fmt_angka(rejected_rows)} baris). "
                          f"Kolom '{MASALAH}' paling kanan di sheet '{data_title}' menjelaskan cara memperbaikinya.")
    r += 1
    ws.write_string(r, 0, "", formats(FILL_CELL))
    ws.write_string(r, 1, "Sel jingga tua: sel yang salah pada baris yang ditolak.")
    r += 1
    ws.write_string(r, 0, "", formats(FILL_NOTE))
    ws.write_string(r, 1, f"Sel kuning: nilai yang dikoreksi otomatis; barisnya tetap dipakai "
                          f"({fmt_angka(len(note_entries))} sel). Arahkan tetikus ke sel untuk melihat catatannya.")
    r += 2

    def linked_list(title: str, headings: list[str], items: list[tuple], more: str) -> None:
        """A heading, then one row per item (row, col, cells...) ending with a link to its cell."""
        nonlocal r
        line(title, bold)
        for c, h in enumerate(["Baris", *headings, "Tautan"]):
            ws.write_string(r, c, h, head)
        r += 1
        for row, col, *cells in items[:LINK_LIMIT]:
            ws.set_row(r, row_height(*((str(text), width) for text, width in zip(cells, widths[1:5]))))
            ws.write_number(r, 0, row + 1, top)
            for c, text in enumerate(cells, start=1):
                ws.write_string(r, c, str(text), wrap)
            ws.write_url(r, 5, _link(data_title, row, col), link, f"ke baris {row + 1}")
            r += 1
        if len(items) > LINK_LIMIT:
            line(f"… dan {fmt_angka(len(items) - LINK_LIMIT)} {more}")
        r += 1

    if reasons:
        line("Masalah menurut jenisnya", bold)
        ws.write_string(r, 0, "Jumlah", head)
        ws.merge_range(r, 1, r, 3, "Masalah", head)
        ws.write_string(r, 4, "Cara memperbaiki", head)
        r += 1
        for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            how = advice(reason, year)
            ws.set_row(r, row_height((reason, sum(widths[1:4])), (how, widths[4])))
            ws.write_number(r, 0, n, top)
            ws.merge_range(r, 1, r, 3, reason, wrap)
            ws.write_string(r, 4, how, wrap)
            r += 1
        r += 1
        linked_list("Setiap masalah (klik tautan untuk membuka selnya)",
                    ["Kolom", "Nilai", "Masalah", "Cara memperbaiki"], entries,
                    f"masalah lain: semuanya berwarna jingga dan dijelaskan di kolom '{MASALAH}' "
                    "(gunakan filter kolom itu).")
    if note_entries:
        linked_list("Nilai yang dikoreksi otomatis (barisnya tetap dipakai; periksa apakah koreksinya benar)",
                    ["Kolom", "Nilai di berkas", "Catatan", ""], note_entries,
                    "koreksi lain, semuanya berwarna kuning.")
    if any("kecamatan" in k.lower() for k in reasons):
        line("Nama 31 kecamatan Kabupaten Jember yang diterima", bold)
        names = ", ".join(KECAMATAN)
        ws.set_row(r, row_height((names, sum(widths[:5]))))
        ws.merge_range(r, 0, r, 4, names, wrap)
        r += 1
    ws.activate()
