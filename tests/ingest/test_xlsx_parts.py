"""Reading an .xlsx sheet with calamine a part of its rows at a time (iku_helpers.ingest.xlsx_parts).

Every case compares the rows given part by part with ``to_python(skip_empty_area=False)`` of the
whole sheet, value and type, with parts of a few rows to force many of them.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from iku_helpers.core.errors import SheetPartsError
from iku_helpers.ingest import xlsx_parts
from iku_helpers.ingest.xlsx_parts import iter_sheet_rows, sheet_xml_size

PART_SIZES = (1, 3, 7)


def whole_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def typed(rows: list[list]) -> list[list[tuple[type, object]]]:
    """Rows as (type, value) pairs: 1 == 1.0 == True, their types differ."""
    return [[(type(v), v) for v in row] for row in rows]


def assert_same_rows(path: Path, sheet: str, sizes=PART_SIZES) -> list[list]:
    expected = whole_rows(path, sheet)
    width = max((len(r) for r in expected), default=0)
    for size in sizes:
        got = iter_sheet_rows(path, sheet, rows_per_part=size)
        assert got is not None, f"{path.name}/{sheet} not split with parts of {size}"
        rows, got_width = got
        rows = list(rows)
        assert got_width == width
        assert all(len(r) == width for r in rows)
        assert typed(rows) == typed(expected), f"parts of {size} rows"
    return expected


# ---------------------------------------------------------------- files written by the libraries

def test_openpyxl_dates_booleans_title_and_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "openpyxl.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = "DAFTAR KOPERASI 2025"  # a title row, then a blank row
    ws.append([])
    ws.append(["No", "Nama", "Tanggal", "Waktu", "Aktif", "Nilai", "Catatan"])
    for i in range(1, 30):
        if i % 6 == 0:
            ws.append([])  # empty rows, some falling on part boundaries
            continue
        ws.append([i, f"Koperasi {i % 4}", dt.date(2025, 1, i % 28 + 1), dt.datetime(2025, 2, 3, 4, i % 60),
                   i % 2 == 0, i * 1.5, None if i % 3 else "x"])
    ws.append([])
    ws.append(["Jumlah", None, None, None, None, "=SUM(F4:F40)"])
    wb.save(path)
    rows = assert_same_rows(path, "Data")
    kinds = {type(v) for row in rows for v in row}
    assert {str, float, bool, dt.date, dt.datetime} <= kinds


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared_strings", "inline_strings"])
def test_strings_formulas_with_values_errors(tmp_path: Path, constant_memory: bool) -> None:
    path = tmp_path / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    ws = wb.add_worksheet("Register")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, ["Kode", "Nama", "Tanggal", "Jam", "Aktif", "Jumlah", "Rumus", "Teks rumus", "Galat"])
    for r in range(1, 40):
        if r % 9 == 0:
            continue  # a missing row
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, f"Usaha <&> {r}")
        ws.write_datetime(r, 2, dt.datetime(2024, 12, r % 28 + 1), date)
        ws.write_datetime(r, 3, dt.datetime(2024, 12, 1, r % 24, 30), stamp)
        ws.write_boolean(r, 4, r % 3 == 0)
        ws.write_number(r, 5, r * 1000.25)
        ws.write_formula(r, 6, f"=A{r + 1}*2", None, r * 2)
        ws.write_formula(r, 7, f'=B{r + 1}&"!"', None, f"Usaha <&> {r}!")
        if r % 4 == 0:
            ws.write_formula(r, 8, "=NA()", None, "#N/A")
    wb.close()
    with zipfile.ZipFile(path) as zf:
        assert ("xl/sharedStrings.xml" in zf.namelist()) is not constant_memory
        assert (b"inlineStr" in zf.read("xl/worksheets/sheet1.xml")) is constant_memory
    rows = assert_same_rows(path, "Register")
    assert {type(v) for row in rows for v in row} >= {str, float, bool, dt.date, dt.datetime}


def test_sheet_starting_at_c3(tmp_path: Path) -> None:
    path = tmp_path / "c3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel"
    for r in range(3, 25):
        for c in range(3, 7):
            if (r + c) % 5:
                ws.cell(r, c, f"{r}-{c}" if c % 2 else r * c)
    wb.save(path)
    rows = assert_same_rows(path, "Tabel")
    assert rows[2][:2] == ["", ""] and len(rows) == 24


def test_several_sheets_pick_one_by_name(tmp_path: Path) -> None:
    path = tmp_path / "sheets.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Rekap"
    wb["Rekap"].append(["ringkasan", 1, 2, 3, 4, 5, 6, 7, 8])
    data = wb.create_sheet("Koperasi")
    data.append(["No", "Nama"])
    for i in range(20):
        data.append([i, f"K{i}"])
    other = wb.create_sheet("Lain")
    for i in range(50):
        other.append([f"lain {i}"] * 12)
    wb.save(path)
    for sheet in ("Rekap", "Koperasi", "Lain"):
        assert_same_rows(path, sheet)
    with zipfile.ZipFile(path) as zf:
        assert sheet_xml_size(path, "Koperasi") == zf.getinfo("xl/worksheets/sheet2.xml").file_size
    assert sheet_xml_size(path, "Tidak ada") is None
    assert iter_sheet_rows(path, "Tidak ada") is None


def test_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Gabung"
    ws["A1"] = "Judul gabungan"
    ws.merge_cells("A1:E1")
    ws.append(["a", "b", "c", "d", "e"])
    for i in range(20):
        ws.append([i, i + 1, i + 2, i + 3, i + 4])
    ws["B10"] = "gabung"
    ws.merge_cells("B10:D12")
    wb.save(path)
    assert_same_rows(path, "Gabung")


def test_rows_with_format_only_and_wide_rows(tmp_path: Path) -> None:
    """Rows that hold no cell (``<row r="7" …/>``) and cells with a format but no value."""
    path = tmp_path / "formats.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    bold = wb.add_format({"bold": True})
    for r in range(0, 30, 2):
        ws.write_row(r, 0, [r, f"t{r}", r / 3])
    for r in range(5, 30, 6):
        ws.set_row(r, 20, bold)  # an empty row element
    ws.write_blank(3, 9, None, bold)  # a blank cell far right: calamine ignores it
    wb.close()
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    assert b'<row r="6" ' in xml and b"/>" in xml
    assert_same_rows(path, "S")


def test_dimension_wider_than_the_values(tmp_path: Path) -> None:
    """openpyxl counts formatted empty cells in <dimension>: the width is measured instead."""
    path = tmp_path / "styled.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for i in range(15):
        ws.append([i, f"v{i}"])
    ws["H12"].number_format = "0.00"  # no value
    ws["D14"] = "later and wider"  # beyond the first parts
    wb.save(path)
    assert_same_rows(path, "S")


def test_chunk_boundaries_inside_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chunks.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("S")
    for r in range(25):
        ws.write_row(r, 0, [r, f"baris {r}", r % 2 == 0])
    wb.close()
    for chunk in (1, 7, 64, 1000):
        monkeypatch.setattr(xlsx_parts, "CHUNK_BYTES", chunk)
        assert_same_rows(path, "S", sizes=(1, 4))


def test_one_part_and_empty_sheet(tmp_path: Path) -> None:
    path = tmp_path / "small.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Kecil"
    wb.active.append(["a", 1])
    wb.create_sheet("Kosong")
    wb.save(path)
    assert_same_rows(path, "Kecil", sizes=(1, 100_000))
    rows, width = iter_sheet_rows(path, "Kosong")
    assert (list(rows), width) == ([], 0) == (whole_rows(path, "Kosong"), 0)


# ---------------------------------------------------------------- hand-written sheet XML

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def handmade(tmp_path: Path, sheet_xml: str, name: str = "hand.xlsx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def sheet(rows: str, dimension: str | None = "A1:C9", root: str = "worksheet", extra: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{root} {_NS}>{dim}'
            f"<sheetData>{rows}</sheetData>{extra}</{root}>")


def numbered_rows(count: int, width: int = 3, start: int = 1) -> str:
    return "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}"><v>{r * 10 + c}</v></c>' for c in range(width))
                   + "</row>" for r in range(start, start + count))


def test_handmade_sheet_is_split(tmp_path: Path) -> None:
    merged = '<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>'  # after </sheetData>: dropped
    path = handmade(tmp_path, sheet(numbered_rows(9), extra=merged))
    assert_same_rows(path, "S")


def test_rows_without_r_attribute_are_not_split(tmp_path: Path) -> None:
    rows = "".join(f"<row><c><v>{r}</v></c><c><v>{r + 1}</v></c></row>" for r in range(9))
    path = handmade(tmp_path, sheet(rows, "A1:B9"))
    assert len(whole_rows(path, "S")) == 9  # calamine reads it whole
    assert iter_sheet_rows(path, "S", rows_per_part=2) is None


def test_later_rows_without_r_keep_their_place(tmp_path: Path) -> None:
    """Only rows that carry their number start a part; the others follow the row before them."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' if r % 3 == 1
                   else f"<row><c><v>{r}</v></c><c><v>{r}</v></c></row>" for r in range(1, 13))
    path = handmade(tmp_path, sheet(rows, "A1:B12"))
    assert_same_rows(path, "S", sizes=(1, 2, 5))


def test_cells_without_r_attribute(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r * 2}"><c><v>{r}</v></c><c t="inlineStr"><is><t>x{r}</t></is></c></row>'
                   for r in range(1, 10))
    path = handmade(tmp_path, sheet(rows, "A2:B18"))
    assert_same_rows(path, "S")


def count_width_passes(monkeypatch: pytest.MonkeyPatch) -> list:
    """Calls of the calamine pass that measures a sheet's width."""
    calls: list = []
    measured = xlsx_parts._measured_width
    monkeypatch.setattr(xlsx_parts, "_measured_width", lambda *args: calls.append(args) or measured(*args))
    return calls


def test_no_dimension_width_of_the_first_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's write-only mode writes no <dimension>: a scan of the XML confirms the width."""
    path = tmp_path / "write_only.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("S")
    ws.append(["ID", "Nama", "Omset", "Tanggal"])
    for i in range(20):
        ws.append([f"{i:05d}", f"Usaha {i}", i * 1000, dt.date(2025, 3, i + 1)])
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert b"<dimension" not in zf.read("xl/worksheets/sheet1.xml")
    passes = count_width_passes(monkeypatch)
    assert_same_rows(path, "S")
    assert passes == []


def test_no_dimension_later_rows_wider(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = numbered_rows(6, width=2) + numbered_rows(3, width=4, start=7)
    path = handmade(tmp_path, sheet(rows, dimension=None))
    passes = count_width_passes(monkeypatch)
    assert_same_rows(path, "S", sizes=(2, 3))
    assert len(passes) == 2


def test_inline_rich_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of rich text hold <color>, <charset> …: they are not cells."""
    rich = ('<is><r><rPr><b/><color rgb="FFFF0000"/><charset val="1"/><rFont val="Calibri"/></rPr>'
            "<t>merah</t></r><r><t xml:space=\"preserve\"> biasa</t></r></is>")
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr">{rich}</c><c r="B{r}"><v>{r}</v></c></row>'
                   for r in range(1, 10))
    path = handmade(tmp_path, sheet(rows, dimension=None))
    passes = count_width_passes(monkeypatch)
    expected = assert_same_rows(path, "S")
    assert expected[0] == ["merah biasa", 1.0]
    assert passes == []


def test_not_a_zip_and_prefixed_or_commented_xml(tmp_path: Path) -> None:
    text = tmp_path / "teks.xlsx"
    text.write_text("No;Nama\n1;A\n", encoding="utf-8")
    assert iter_sheet_rows(text, "S") is None
    assert sheet_xml_size(text, "S") is None
    assert sheet_xml_size(tmp_path / "tidak_ada.xlsx", "S") is None
    prefixed = sheet(numbered_rows(5), root="x:worksheet").replace(_NS, _NS.replace("xmlns=", "xmlns:x="))
    for tag in ("row", "c", "v", "sheetData", "dimension"):
        prefixed = prefixed.replace(f"<{tag}", f"<x:{tag}").replace(f"</{tag}>", f"</x:{tag}>")
    path = handmade(tmp_path, prefixed, "prefixed.xlsx")
    assert len(whole_rows(path, "S")) == 5
    assert iter_sheet_rows(path, "S", rows_per_part=2) is None
    commented = handmade(tmp_path, sheet(numbered_rows(2) + '<!-- <row r="99"> -->' + numbered_rows(3, start=3)),
                         "commented.xlsx")
    assert iter_sheet_rows(commented, "S", rows_per_part=2) is None


def test_later_part_wider_than_the_dimension_raises(tmp_path: Path) -> None:
    """A dimension reached by the first part but not the last column: never wrong rows."""
    rows = numbered_rows(4, width=2) + numbered_rows(2, width=3, start=5)
    path = handmade(tmp_path, sheet(rows, "A1:B6"))
    rows_, width = iter_sheet_rows(path, "S", rows_per_part=2)
    assert width == 2
    with pytest.raises(SheetPartsError):
        list(rows_)


def test_rows_out_of_order_raise(tmp_path: Path) -> None:
    rows = numbered_rows(4, start=5) + numbered_rows(2, start=1)
    path = handmade(tmp_path, sheet(rows, "A1:C8"))
    rows_, _ = iter_sheet_rows(path, "S", rows_per_part=3)
    with pytest.raises(SheetPartsError):
        list(rows_)
    assert_same_rows(path, "S", sizes=(100,))  # one part: calamine orders the rows itself


# ---------------------------------------------------------------- the bundled sample

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.mark.parametrize("path", sorted(SAMPLE.rglob("*.xlsx"))[:4], ids=lambda p: p.name)
def test_bundled_sample(path: Path) -> None:
    for name in CalamineWorkbook.from_path(str(path)).sheet_names:
        assert_same_rows(path, name, sizes=(50, 997))


@pytest.mark.parametrize("path", sorted(SAMPLE.rglob("*.xlsx"))[:4], ids=lambda p: p.name)
def test_sheet_head_is_the_first_rows_of_the_whole_sheet(path: Path) -> None:
    """The pre-check's first rows, read from a workbook of those rows alone."""
    sheet = CalamineWorkbook.from_path(str(path)).sheet_names[0]
    whole = whole_rows(path, sheet)[:30]
    head = xlsx_parts.sheet_head(path, sheet, 30)
    assert len(head) == min(30, len(whole))
    assert typed([row[:len(head[0])] for row in whole]) == typed(head)
    assert all(set(row[len(head[0]):]) <= {""} for row in whole)  # only empty cells beyond its width


def test_sheet_head_of_what_cannot_be_cut_is_none(tmp_path: Path) -> None:
    not_zip = tmp_path / "x.xlsx"
    not_zip.write_text("NIK;Nama\n1;a\n")
    assert xlsx_parts.sheet_head(not_zip, "Sheet1", 30) is None
