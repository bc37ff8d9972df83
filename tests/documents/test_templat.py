"""Tests of the blank input workbooks (``iku template``)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from python_calamine import CalamineWorkbook

from iku_helpers.core.tables import KATEGORI_LABELS, KATEGORI_PERDAGANGAN, KECAMATAN, PDRB_KATEGORI, TABLES
from iku_helpers.documents.templat import HELP_SHEET, LAST_ROW, LIST_SHEET, write_templates

NIK = "3509010000000001"  # 16 digits: a float would round it


@pytest.fixture(scope="module")
def template_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("templates") / "nested" / "dir"
    write_templates(out)
    return out


def _load(template_dir: Path, table: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template_dir / f"{table}.xlsx")


def _letter(table: str, column: str) -> str:
    return get_column_letter(TABLES[table].columns.index(column) + 1)


def _validation(ws, letter: str):
    """The data validation covering rows 2..LAST_ROW of a column (exactly one)."""
    found = [
        dv for dv in ws.data_validations.dataValidation
        if f"{letter}2:{letter}{LAST_ROW}" in {str(r) for r in dv.sqref.ranges}
    ]
    assert len(found) == 1, f"no single validation on column {letter}"
    return found[0]


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    """The values a list validation formula like 'Daftar'!$A$2:$A$32 refers to."""
    sheet, cells = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    assert min_col == max_col
    return [ws.cell(row=r, column=min_col).value for r in range(min_row, max_row + 1)]


def _categories(text: str) -> set[str]:
    low = text.lower()
    return {
        code for code, (_, words) in KATEGORI_PERDAGANGAN.items() if any(w in low for w in words)
    }


def test_one_file_per_table(tmp_path):
    out = tmp_path / "a" / "b"
    paths = write_templates(out)
    assert [p.name for p in paths] == [f"{t}.xlsx" for t in TABLES]
    assert len(paths) == 7
    assert all(p.is_file() and p.parent == out for p in paths)


@pytest.mark.parametrize("table", list(TABLES))
def test_header_row_is_the_canonical_columns(template_dir, table):
    wb = _load(template_dir, table)
    assert wb.sheetnames[0] == table
    ws = wb[table]
    header = [c.value for c in ws[1]]
    assert header == list(TABLES[table].columns)
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1  # no styled empty rows for a reader to trip over
    for idx, name in enumerate(header, start=1):
        assert ws.column_dimensions[get_column_letter(idx)].width >= len(name)


def test_one_of_groups_are_both_columns(template_dir):
    def header(table):
        return {c.value for c in _load(template_dir, table)[table][1]}

    assert {"tanggal_rat", "tahun_rat"} <= header("koperasi")
    assert {"omzet_tahunan", "modal_usaha", "status_aktif", "nik_pemilik"} <= header("usaha_mikro")


@pytest.mark.parametrize("table", list(TABLES))
def test_help_sheet_explains_every_column(template_dir, table):
    ws = _load(template_dir, table)[HELP_SHEET]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(max_col=5)]
    start = rows.index(("kolom", "wajib?", "arti", "format", "contoh"))
    described = {r[0]: r for r in rows[start + 1:] if r[0]}
    assert list(described) == list(TABLES[table].columns)
    for column, (_, need, arti, fmt, contoh) in described.items():
        assert need in {"wajib", "pilihan"} or need.startswith("salah satu wajib"), column
        assert arti and fmt and contoh, column
    general = " ".join(r[0] for r in rows[:start] if r[0])
    assert TABLES[table].bidang in general
    assert "data/raw/" in general and "nama kolom" in general


def test_help_sheet_details(template_dir):
    def described(table):
        ws = _load(template_dir, table)[HELP_SHEET]
        return {r[0]: r for r in ws.iter_rows(max_col=5, values_only=True) if r[0]}

    kop = described("koperasi")
    assert kop["nik"][1] == "wajib" and "16 digit" in kop["nik"][3] and "teks" in kop["nik"][3]
    assert kop["tanggal_rat"][1] == "salah satu wajib (tanggal_rat / tahun_rat)"
    assert "dd/mm/yyyy" in kop["tanggal_rat"][3]
    assert kop["jumlah_anggota"][1] == "pilihan"
    um = described("usaha_mikro")
    assert "Rp 1.250.000" in um["omzet_tahunan"][3] and "1,5 M" in um["omzet_tahunan"][3]
    assert "ya / tidak" in um["status_aktif"][3]
    assert any("UU No. 27 Tahun 2022" in k for k in um)
    assert not any("UU No. 27" in k for k in described("koperasi"))
    dag = described("fasilitasi_perdagangan")
    assert all(label in dag["kategori"][3] for label, _ in KATEGORI_PERDAGANGAN.values())
    assert any("data/raw/<tahun>/fasilitasi_perdagangan/, satu berkas per bidang" in k for k in dag)  # two bidang
    assert any("data/raw/<tahun>/koperasi.xlsx" in k for k in described("koperasi"))
    assert any("data/raw/target_iku.csv" in k for k in described("target_iku"))
    assert not any("JUMLAH / TOTAL" in k for k in described("pdrb_lapangan_usaha"))


@pytest.mark.parametrize("table", [t for t in TABLES if "kecamatan" in TABLES[t].columns])
def test_kecamatan_drop_down(template_dir, table):
    wb = _load(template_dir, table)
    dv = _validation(wb[table], _letter(table, "kecamatan"))
    assert dv.type == "list" and dv.allow_blank
    assert dv.formula1.startswith(f"'{LIST_SHEET}'!")  # a range, not an inline list (> 255 chars)
    values = _list_values(wb, dv.formula1)
    assert len(values) == 31 and tuple(values) == KECAMATAN
    assert wb[LIST_SHEET].sheet_state == "hidden"


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("fasilitasi_perdagangan", "kategori", [lbl for lbl, _ in KATEGORI_PERDAGANGAN.values()]),
        ("usaha_mikro", "status_aktif", ["ya", "tidak"]),
        ("target_iku", "kode", ["IT-1", "IT-2", "IKU-1", "IKU-2", "IKU-3"]),
        ("target_iku", "polaritas", ["positif", "negatif"]),
        ("pdrb_lapangan_usaha", "kategori", list(PDRB_KATEGORI) + ["M,N", "R,S,T,U"]),  # BPS's 17 categories too
    ],
)
def test_list_drop_downs(template_dir, table, column, expected):
    wb = _load(template_dir, table)
    dv = _validation(wb[table], _letter(table, column))
    assert _list_values(wb, dv.formula1) == expected


def test_kategori_labels_map_to_exactly_one_category():
    assert len(KATEGORI_LABELS) == 3
    for code, label in zip(KATEGORI_PERDAGANGAN, KATEGORI_LABELS):
        assert _categories(label) == {code}, label


def test_only_listed_columns_have_drop_downs(template_dir):
    ws = _load(template_dir, "koperasi")["koperasi"]
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == [f"C2:C{LAST_ROW}"]


@pytest.mark.parametrize(
    ("table", "column", "number_format"),
    [
        ("koperasi", "nik", "@"),
        ("fasilitasi_koperasi", "nik", "@"),
        ("usaha_mikro", "id_usaha", "@"),
        ("usaha_mikro", "nik_pemilik", "@"),
        ("fasilitasi_usaha_mikro", "id_usaha", "@"),
        ("koperasi", "tanggal_rat", "DD/MM/YYYY"),
        ("fasilitasi_perdagangan", "tanggal", "DD/MM/YYYY"),
        ("usaha_mikro", "omzet_tahunan", "#,##0"),
        ("usaha_mikro", "modal_usaha", "#,##0"),
        ("koperasi", "jumlah_anggota", "0"),
        ("fasilitasi_perdagangan", "jumlah", "0"),
        ("target_iku", "tahun", "0"),
        ("koperasi", "nama_koperasi", "General"),
    ],
)
def test_column_formats(template_dir, table, column, number_format):
    ws = _load(template_dir, table)[table]
    assert ws.column_dimensions[_letter(table, column)].number_format == number_format


def test_output_is_deterministic(tmp_path):
    first = write_templates(tmp_path / "one")
    second = write_templates(tmp_path / "two")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    props = openpyxl.load_workbook(first[0]).properties
    assert props.created == props.modified == dt.datetime(2026, 1, 1)


def _fill_koperasi(template_dir: Path, target: Path) -> None:
    """Fill two rows as a user would, each cell taking its column's format."""
    wb = _load(template_dir, "koperasi")
    ws = wb["koperasi"]
    rows = [
        {"nik": NIK, "nama_koperasi": "KSU Maju", "kecamatan": "Patrang",
         "tanggal_rat": dt.datetime(2026, 3, 15), "jumlah_anggota": 125},
        {"nik": "3509020000000002", "nama_koperasi": "KSP Sejahtera", "kecamatan": "Ajung",
         "tahun_rat": 2025},
    ]
    for r, values in enumerate(rows, start=2):
        for column, value in values.items():
            letter = _letter("koperasi", column)
            cell = ws[f"{letter}{r}"]
            cell.value = value
            cell.number_format = ws.column_dimensions[letter].number_format
    wb.save(target)


def test_round_trip_openpyxl_and_calamine(template_dir, tmp_path):
    filled = tmp_path / "koperasi.xlsx"
    _fill_koperasi(template_dir, filled)

    ws = openpyxl.load_workbook(filled)["koperasi"]
    assert ws["A2"].value == NIK and ws["A2"].number_format == "@"
    assert ws["D2"].value == dt.datetime(2026, 3, 15)
    assert ws["G2"].value == 125 and ws["E3"].value == 2025

    book = CalamineWorkbook.from_path(str(filled))
    assert book.sheet_names[0] == "koperasi"
    rows = book.get_sheet_by_name("koperasi").to_python()
    assert rows[0] == list(TABLES["koperasi"].columns)
    assert rows[1][0] == NIK and isinstance(rows[1][0], str)
    assert rows[2][0] == "3509020000000002"
    assert rows[1][3] in (dt.date(2026, 3, 15), dt.datetime(2026, 3, 15))
    assert rows[1][6] == 125 and rows[2][4] == 2025


@pytest.mark.skipif(
    not (shutil.which("libreoffice") or shutil.which("soffice")), reason="LibreOffice not installed"
)
def test_libreoffice_keeps_the_nik(template_dir, tmp_path):
    filled = tmp_path / "koperasi.xlsx"
    _fill_koperasi(template_dir, filled)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    out = tmp_path / "out"
    subprocess.run(
        [office, "--headless", "--convert-to", "csv", "--outdir", str(out), str(filled)],
        check=True, capture_output=True, timeout=180,
    )
    text = (out / "koperasi.csv").read_text(encoding="utf-8", errors="replace")
    assert NIK in text and "E+" not in text


# --- the Petunjuk sheet in print (issue 25: it printed on six pages with its text cut) --------------

A4_PRINTABLE_INCHES = 8.27 - 2 * 0.7874  # A4 portrait between margins of 2 cm


def _written(ws):
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("table", list(TABLES))
def test_help_sheet_is_set_up_for_a4_portrait_one_page_wide(template_dir, table):
    ws = _load(template_dir, table)[HELP_SHEET]
    setup, margins = ws.page_setup, ws.page_margins
    assert setup.paperSize in (9, "9") and setup.orientation == "portrait"
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0) and ws.sheet_properties.pageSetUpPr.fitToPage
    assert min(margins.left, margins.right, margins.top, margins.bottom) >= 2 / 2.54
    assert margins.bottom - margins.footer >= 0.5 / 2.54 and margins.footer > 0
    assert ws.oddFooter.center.text.endswith("Halaman &P dari &N")
    # column widths in digits of the default font (7 px at 96 px per inch, plus 5 px of padding each)
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 6)]
    assert sum(7 * w + 5 for w in widths) / 96 <= A4_PRINTABLE_INCHES
    assert ws.print_title_rows  # the column table's header repeats on a second page
    cells = _written(ws)
    assert cells and all(c.alignment.wrap_text for c in cells)
    # every line above the column table spans the five columns, with a height for its wrapped lines
    start = next(c.row for c in cells if c.value == "kolom")
    merged = {str(r) for r in ws.merged_cells.ranges}
    general = [c for c in cells if c.row < start]
    assert general and all(f"A{c.row}:E{c.row}" in merged for c in general)
    assert all(ws.row_dimensions[c.row].height for c in cells)


@pytest.mark.parametrize("table", list(TABLES))
def test_every_written_cell_has_the_one_font_of_the_lkjip_workbook(template_dir, table):
    from iku_helpers.documents.workbook import FONT

    wb = _load(template_dir, table)
    fonts = {c.font.name for ws in wb for c in _written(ws)}
    assert fonts == {FONT}
    assert wb[table].oddFooter.center.text.endswith("Halaman &P dari &N")


@pytest.mark.skipif(
    not (shutil.which("libreoffice") or shutil.which("soffice")) or not shutil.which("pdfinfo"),
    reason="LibreOffice or poppler not installed",
)
def test_help_sheet_prints_on_one_or_two_a4_portrait_pages_with_every_word(template_dir, tmp_path):
    """Print only the Petunjuk sheet of each template with LibreOffice and read the PDF back."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    only = tmp_path / "only"
    only.mkdir()
    texts = {}
    for table in TABLES:
        wb = _load(template_dir, table)
        texts[table] = [str(c.value) for c in _written(wb[HELP_SHEET])]
        for name in [n for n in wb.sheetnames if n != HELP_SHEET]:
            del wb[name]
        wb.save(only / f"{table}.xlsx")
    pdf = tmp_path / "pdf"
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(pdf), *sorted(str(p) for p in only.iterdir())],
                   check=True, capture_output=True, timeout=300)
    for table in TABLES:
        path = pdf / f"{table}.pdf"
        info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert 1 <= pages <= 2, (table, pages)
        assert "595" in info and "841" in info and "(A4)" in info, table  # portrait: width 595 pt
        printed = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
        assert f"Halaman 1 dari {pages}" in printed, table
        words = set(printed.split())
        lost = [w for text in texts[table] for w in text.split() if len(w) <= 16 and w not in words]
        assert lost == [], table  # nothing cut off at a page edge (long paths and codes may wrap mid-word)
