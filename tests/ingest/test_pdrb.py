"""The PDRB table as BPS publishes it (spec section 9): every layout gives the same IT-1.

The fixtures are written here in BPS's layouts: the wide workbook of "Jember Dalam Angka"
(title, two header rows, column numbers, codes in the labels, sub-rows at two depths, total,
notes), BPS's website CSV (English numbers), the long layout with combined codes, the code in its
own column, an OpenDocument copy; and the broken ones: a category and the total missing, a
combined row beside one of its letters.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from iku_helpers.core.errors import DuplicateKeyError
from iku_helpers.indicators.formulas import it1_kontribusi_pdrb_perdagangan
from iku_helpers.indicators.model import OK, TIDAK_DAPAT, Sources
from iku_helpers.ingest import pdrb
from iku_helpers.ingest.cleaner import Cleaned
from iku_helpers.ingest.discovery import discover
from iku_helpers.ingest.pdrb_cleaning import clean_pdrb
from iku_helpers.ingest.reading import read_table

TABLE = "pdrb_lapangan_usaha"
# BPS's 17 categories with their values (juta rupiah) for two years; written the same in every layout.
CATS = [("A", "Pertanian, Kehutanan, dan Perikanan"), ("B", "Pertambangan dan Penggalian"),
        ("C", "Industri Pengolahan"), ("D", "Pengadaan Listrik dan Gas"),
        ("E", "Pengadaan Air, Pengelolaan Sampah, Limbah dan Daur Ulang"), ("F", "Konstruksi"),
        ("G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor"), ("H", "Transportasi dan Pergudangan"),
        ("I", "Penyediaan Akomodasi dan Makan Minum"), ("J", "Informasi dan Komunikasi"),
        ("K", "Jasa Keuangan dan Asuransi"), ("L", "Real Estat"), ("M,N", "Jasa Perusahaan"),
        ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib"), ("P", "Jasa Pendidikan"),
        ("Q", "Jasa Kesehatan dan Kegiatan Sosial"), ("R,S,T,U", "Jasa Lainnya")]
VALUES = {
    2024: ["35116337.52", "2547420.77", "9916381.91", "98335.93", "57937.10", "10570624.12", "13826579.00",
           "1614332.84", "3136969.94", "4592123.11", "2467001.50", "2091002.25", "310500.75", "2412000.50",
           "4701000.25", "921000.75", "850000.11"],
    2025: ["37116337.52", "2647420.77", "10316381.91", "99335.93", "59937.10", "11570624.12", "14626579.00",
           "1714332.84", "3336969.94", "4892123.11", "2567001.50", "2191002.25", "330500.75", "2512000.50",
           "4901000.25", "961000.75", "900000.11"],
}
YEARS = (2024, 2025)
MARKS = {2024: "*", 2025: "**"}


def _total(year: int) -> float:
    return round(math.fsum(float(v) for v in VALUES[year]), 2)


def _english(text: str) -> str:
    whole, dec = text.split(".")
    return f"{int(whole):,}.{dec}"


def _indonesian(text: str) -> str:
    return _english(text).replace(",", "_").replace(".", ",").replace("_", ".")


def _expected(year: int) -> float:
    g = float(VALUES[year][6])
    return g / math.fsum(float(v) for v in VALUES[year]) * 100


def wide_rows(drop=(), numbers=float, code_column=False, extra=()) -> list[list]:
    """BPS's wide table as "Jember Dalam Angka" prints it."""
    head = ["Kode", "Lapangan Usaha"] if code_column else ["Lapangan Usaha"]
    rows = [["Tabel 11.1.1 Produk Domestik Regional Bruto Kabupaten Jember Atas Dasar Harga Berlaku Menurut "
             "Lapangan Usaha (juta rupiah), 2024-2025"], [],
            head + ["Tahun", None],
            [None] * len(head) + [f"{y} {MARKS[y]})" if y == 2025 else f"{y}{MARKS[y]}" for y in YEARS],
            [f"({i})" for i in range(1, len(head) + len(YEARS) + 1)]]
    for i, (code, name) in enumerate(CATS):
        if code in drop:
            continue
        label = [code, name] if code_column else [f"{code}. {name}" if i % 2 else f"{code} {name}"]
        rows.append(label + [numbers(VALUES[y][i]) for y in YEARS])
        if code == "A":  # sub-rows at two depths
            rows.append((["1", "Pertanian, Peternakan, Perburuan dan Jasa Pertanian"] if code_column
                         else ["   1. Pertanian, Peternakan, Perburuan dan Jasa Pertanian"])
                        + [numbers("30000000.00") for _ in YEARS])
            rows.append((["", "a. Tanaman Pangan"] if code_column else ["      a. Tanaman Pangan"])
                        + [numbers("9000000.00") for _ in YEARS])
        if code == "C":
            rows.append((["C1", "Industri Makanan"] if code_column else ["   C1 Industri Makanan"])
                        + [numbers("3000000.00") for _ in YEARS])
            rows.append((["", "Industri Pengolahan Tembakau"] if code_column else ["   Industri Pengolahan Tembakau"])
                        + [numbers("2000000.00") for _ in YEARS])
        if code == "G":
            rows.append((["G.1", "Perdagangan Mobil"] if code_column else ["   G.1 Perdagangan Mobil"])
                        + [numbers("2000000.00") for _ in YEARS])
    rows += [list(r) for r in extra]
    if "total" not in drop:
        rows.append(([""] if code_column else []) + ["PRODUK DOMESTIK REGIONAL BRUTO"]
                    + [numbers(f"{_total(y):.2f}") for y in YEARS])
    rows += [[], ["Sumber: BPS Kabupaten Jember"], ["Catatan: *) angka sementara"], ["**) angka sangat sementara"]]
    return rows


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 11.1.1"
    for r in rows:
        ws.append(r)
    ws.merge_cells("B3:C3") if len(rows[2]) == 3 else None
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_ods(path: Path, rows: list[list]) -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), numbers as float cells."""
    def cell(v) -> str:
        if v is None or v == "":
            return "<table:table-cell/>"
        if isinstance(v, float):
            return (f'<table:table-cell office:value-type="float" office:value="{v!r}"><text:p>{v!r}</text:p>'
                    "</table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="PDRB">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_text(path: Path, rows: list[list], delimiter=",", encoding="utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_ALL if delimiter == "," else csv.QUOTE_MINIMAL,
               lineterminator="\r\n").writerows([["" if v is None else v for v in r] for r in rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def website_csv_rows() -> list[list]:
    """BPS's website table downloaded as CSV: a title, one header row, English numbers."""
    rows = [["[Seri 2010] PDRB Atas Dasar Harga Berlaku Menurut Lapangan Usaha (Juta Rupiah)", "", ""],
            ["Lapangan Usaha", "2024*", "2025**"]]
    for i, (code, name) in enumerate(CATS):
        rows.append([f"{code}. {name}", _english(VALUES[2024][i]), _english(VALUES[2025][i])])
    rows.append(["PRODUK DOMESTIK REGIONAL BRUTO", _english(f"{_total(2024):.2f}"), _english(f"{_total(2025):.2f}")])
    return rows


def long_rows() -> list[list]:
    rows = [["PDRB ADHB Kabupaten Jember (juta rupiah)"], ["Tahun", "Kategori", "Lapangan Usaha", "ADHB (juta Rp)"]]
    for y in YEARS:
        for i, (code, name) in enumerate(CATS):
            spelled = {"M,N": "M, N", "R,S,T,U": "R-U"}.get(code, code)
            rows.append([str(y), spelled, name, _indonesian(VALUES[y][i])])
        rows.append([str(y), "C1", "Industri Makanan", "3.000.000,00"])
        rows.append([str(y), "PDRB", "Produk Domestik Regional Bruto", _indonesian(f"{_total(y):.2f}")])
    return rows


def clean(path: Path) -> Cleaned:
    found = discover(path.parent, (TABLE,), root=True).tables[TABLE]
    return clean_pdrb(read_table(found, path.parent))


def it1(c: Cleaned, year: int):
    return it1_kontribusi_pdrb_perdagangan(Sources(year, pdrb=c.data, pdrb_total=c.extra["total_pdrb"]))


# --- the rules -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2023", (2023, "tetap")), ("2024*", (2024, "sementara")), ("2025**", (2025, "sangat sementara")),
    ("2024*)", (2024, "sementara")), ("2025 **)", (2025, "sangat sementara")), (2023.0, (2023, "tetap")),
    ("Tahun", None), ("2022-2025", None), ("(3)", None), (35116337.52, None),
])
def test_year_headers(text, expected):
    assert pdrb.year_header(text) == expected


@pytest.mark.parametrize("label, expected", [
    ("A", ("kategori", "A")), ("A.", ("kategori", "A")), ("A. Pertanian, Kehutanan", ("kategori", "A")),
    ("G Perdagangan Besar", ("kategori", "G")), ("M,N", ("kategori", "M,N")),
    ("M, N Jasa Perusahaan", ("kategori", "M,N")), ("M-N", ("kategori", "M,N")), ("R-U", ("kategori", "R,S,T,U")),
    ("R, S, T, U. Jasa Lainnya", ("kategori", "R,S,T,U")),
    ("R,S,T,U", ("kategori", "R,S,T,U")), ("1. Pertanian", ("sub", "1.")), ("1) Pertanian", ("sub", "1)")),
    ("a. Tanaman Pangan", ("sub", "a.")), ("C1", ("sub", "C1")), ("C1 Industri Makanan", ("sub", "C1")),
    ("G.1 Perdagangan Mobil", ("sub", "G.1")), ("H.2", ("sub", "H.2")), ("Industri Batubara", ("tanpa_kode", None)),
    ("PRODUK DOMESTIK REGIONAL BRUTO", ("total", None)), ("PDRB", ("total", None)), ("Jumlah", ("total", None)),
    ("Sumber: BPS", ("catatan", None)), ("*) angka sementara", ("catatan", None)), ("V", ("bukan_kategori", "V")),
    ("A - Pertanian", ("kategori", "A")),
])
def test_codes(label, expected):
    assert pdrb.classify_code(label) == expected


@pytest.mark.parametrize("texts, notation", [
    (["35,116,337.52", "98,335.93"], "inggris"), (["35.116.337,52", "98.335,93"], "indonesia"),
    (["1234,5", "12"], "indonesia"), (["1234.5678"], "inggris"), (["1,234"], "indonesia"), ([], "indonesia"),
])
def test_notation_is_decided_from_the_column(texts, notation):
    assert pdrb.number_notation(texts) == notation


def test_spaced_thousands_and_bps_marks_for_no_figure():
    assert pdrb.tidy_number("1 234 567,89") == "1234567,89"
    assert pdrb.tidy_number("1\u00a0234,5") == "1234,5"
    assert [pdrb.tidy_number(t) for t in ("-", "\u2026", "\u2013", "...")] == [None] * 4
    assert [pdrb.tidy_number(t) for t in ("x", "NA", "..")] == ["x", "NA", ".."]  # not guessed: rejected later


# --- the layouts -----------------------------------------------------------------------------------

@pytest.fixture
def layouts(tmp_path) -> dict[str, Path]:
    """The same data in every layout the spec allows, one raw root each."""
    return {
        "wide_xlsx": write_xlsx(tmp_path / "wide_xlsx" / f"{TABLE}.xlsx", wide_rows()),
        "wide_text_numbers": write_xlsx(tmp_path / "wide_text" / f"{TABLE}.xlsx", wide_rows(numbers=_indonesian)),
        "wide_code_column": write_xlsx(tmp_path / "code_column" / f"{TABLE}.xlsx", wide_rows(code_column=True)),
        "wide_ods": write_ods(tmp_path / "wide_ods" / f"{TABLE}.ods", wide_rows()),
        "wide_csv_semicolon": write_text(tmp_path / "wide_csv" / f"{TABLE}.csv", wide_rows(numbers=_indonesian), ";"),
        "website_csv": write_text(tmp_path / "website" / f"{TABLE}.csv", website_csv_rows()),
        "unicode_text": write_text(tmp_path / "unicode" / f"{TABLE}.txt", wide_rows(numbers=_indonesian), "\t",
                                   "utf-16"),
        "long": write_text(tmp_path / "long" / f"{TABLE}.csv", long_rows(), ";"),
    }


def test_every_layout_gives_the_same_it1_to_the_last_digit(layouts):
    for year in YEARS:
        got = {name: it1(clean(path), year) for name, path in layouts.items()}
        for name, r in got.items():
            assert r.status == OK, (name, r.keterangan)
            assert r.realisasi == _expected(year), name  # identical floats, not approximately
            assert r.pembilang == float(VALUES[year][6]), name


def test_wide_workbook_rows_are_classed_and_counted(layouts):
    c = clean(layouts["wide_xlsx"])
    counts = c.counts.iloc[0]
    # 17 categories, 5 sub-rows, 1 total, 1 empty row, 3 note lines
    assert (counts.baris_diterima, counts.baris_ditolak, counts.baris_dilewati, counts.baris_total,
            counts.baris_kosong) == (17, 0, 8, 1, 1)
    assert counts.baris_dibaca == 27
    assert len(c.ledger) == 0  # nothing ditolak: sub-rows and notes are dilewati
    skipped = c.notes[c.notes["catatan"].str.startswith("dilewati")]
    assert len(skipped) == 8
    assert skipped["catatan"].str.contains("sub-kategori").sum() == 5
    assert skipped["catatan"].str.contains("catatan di bawah tabel").sum() == 3
    # the data are long, with each year's status and the source column
    assert sorted(set(c.data["kategori"])) == sorted(code for code, _ in CATS)
    assert c.data.groupby("tahun")["status_angka"].first().to_dict() == {2024: "sementara", 2025: "sangat sementara"}
    assert set(c.data["sumber_kolom"]) == {"2024*", "2025**"}
    g = c.data[(c.data["kategori"] == "G") & (c.data["tahun"] == 2025)].iloc[0]
    assert (g["sumber_baris"], g["lapangan_usaha"]) == (16, CATS[6][1])
    assert c.extra["total_pdrb"]["tahun"].tolist() == [2024, 2025]


def test_status_of_the_year_is_said_in_it1(layouts):
    r = it1(clean(layouts["wide_xlsx"]), 2025)
    assert "PDRB 2025: angka sangat sementara BPS" in r.keterangan
    assert "angka sementara BPS" in it1(clean(layouts["wide_xlsx"]), 2024).keterangan
    # the long layout without marks says nothing of the status
    assert "angka" not in it1(clean(layouts["long"]), 2025).keterangan


def test_the_notation_used_is_said_in_the_reconciliation(layouts):
    assert "notasi Inggris" in clean(layouts["website_csv"]).counts.iloc[0]["format"]
    assert "notasi Indonesia" in clean(layouts["long"]).counts.iloc[0]["format"]
    assert "notasi" not in clean(layouts["wide_xlsx"]).counts.iloc[0]["format"]  # number cells: nothing to decide


def test_a_missing_category_without_total_is_not_ok(tmp_path):
    c = clean(write_xlsx(tmp_path / f"{TABLE}.xlsx", wide_rows(drop=("R,S,T,U", "total"))))
    r = it1(c, 2025)
    assert r.status == TIDAK_DAPAT and r.realisasi is None
    assert "R, S, T, U" in r.keterangan and "tidak ada baris PDRB total" in r.keterangan


def test_a_missing_category_with_a_disagreeing_total_is_not_ok(tmp_path):
    c = clean(write_xlsx(tmp_path / f"{TABLE}.xlsx", wide_rows(drop=("M,N",))))
    r = it1(c, 2025)
    assert r.status == TIDAK_DAPAT
    assert "kategori M, N tidak ada" in r.keterangan and "tidak cocok" in r.keterangan


def test_a_missing_letter_is_ok_when_the_total_agrees_within_a_tenth_of_a_percent(tmp_path):
    # BPS prints "-" for a category without a figure; the total vouches for the sum
    rows = wide_rows()
    for r in rows:
        if r and isinstance(r[0], str) and r[0].startswith("R,S,T,U"):
            r[1:] = ["-", "\u2013"]
        if r and r[0] == "PRODUK DOMESTIK REGIONAL BRUTO":  # the total of the other categories, plus 0,05 %
            r[1:] = [round((_total(y) - float(VALUES[y][-1])) * 1.0005, 2) for y in YEARS]
    c = clean(write_xlsx(tmp_path / f"{TABLE}.xlsx", rows))
    r = it1(c, 2025)
    assert r.status == OK, r.keterangan
    assert "R, S, T, U tidak ada" in r.keterangan and "dalam batas 0,1%" in r.keterangan
    rows[-5][1:] = [round((_total(y) - float(VALUES[y][-1])) * 1.002, 2) for y in YEARS]  # 0,2 %: not enough
    assert it1(clean(write_xlsx(tmp_path / "b" / f"{TABLE}.xlsx", rows)), 2025).status == TIDAK_DAPAT


def test_a_combined_row_beside_one_of_its_letters_is_an_error_naming_both_rows(tmp_path):
    extra = [["M. Jasa Profesional, Ilmiah dan Teknis", 1.0, 1.0]]
    with pytest.raises(DuplicateKeyError) as err:
        clean(write_xlsx(tmp_path / f"{TABLE}.xlsx", wide_rows(extra=extra)))
    message = str(err.value)
    assert "kategori M,N (pdrb_lapangan_usaha.xlsx baris 23" in message
    assert "kategori M (pdrb_lapangan_usaha.xlsx baris 28" in message and "huruf M" in message


def test_the_long_layout_refuses_a_letter_twice_and_a_code_outside_a_to_u(tmp_path):
    rows = long_rows() + [["2025", "G", "Perdagangan", "1,0"]]
    with pytest.raises(DuplicateKeyError):
        clean(write_text(tmp_path / "a" / f"{TABLE}.csv", rows, ";"))
    c = clean(write_text(tmp_path / "b" / f"{TABLE}.csv", long_rows() + [["2025", "V", "Tidak ada", "1,0"]], ";"))
    assert c.ledger["alasan"].str.contains("bukan kategori BPS").sum() == 1


def test_a_bad_number_in_one_year_rejects_the_row_naming_the_year(tmp_path):
    rows = wide_rows(numbers=_indonesian)
    rows[5][2] = "12.34.5"  # A, 2025
    c = clean(write_xlsx(tmp_path / f"{TABLE}.xlsx", rows))
    assert c.ledger.iloc[0]["kolom"] == "adhb_2025_sangat_sementara"
    assert "ADHB 2025**" in c.ledger.iloc[0]["alasan"]
    assert it1(c, 2025).status == TIDAK_DAPAT  # A is then missing and the total does not agree


def test_a_long_row_without_a_figure_is_no_figure_not_a_workflow_error(tmp_path):
    """BPS's "-" (or an empty cell) in the long layout: that letter has no figure, as in the wide one."""
    rows = long_rows()
    rows[2 + 17 + 2 + 16][3] = "-"  # 2025, R-U
    c = clean(write_text(tmp_path / f"{TABLE}.csv", rows, ";"))
    assert "R,S,T,U" not in set(c.data.loc[c.data["tahun"] == 2025, "kategori"])
    assert len(c.ledger) == 0
    r = it1(c, 2025)
    assert r.status == TIDAK_DAPAT and "R, S, T, U" in r.keterangan


def test_a_long_category_row_without_a_year_is_rejected_naming_the_column(tmp_path):
    rows = long_rows()
    rows[2][0] = ""  # 2024, A
    c = clean(write_text(tmp_path / f"{TABLE}.csv", rows, ";"))
    assert c.ledger[["baris", "kolom", "alasan"]].values.tolist() == [[3, "tahun", "Tahun kosong"]]
