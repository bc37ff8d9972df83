"""Finding and reading raw files (spec sections 2 and 3)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from iku_helpers.core.errors import AmbiguousFilesError, HeaderNotFoundError, MissingColumnError, UnreadableFileError
from iku_helpers.core.tables import YEAR_TABLES, canonical_column, normalise_header
from iku_helpers.ingest.discovery import discover
from iku_helpers.ingest.reading import read_file, read_table


@pytest.mark.parametrize("header, table, canonical", [
    ("NIK", "koperasi", "nik"), ("No. Induk Koperasi", "koperasi", "nik"),
    ("Nomor Induk Koperasi", "fasilitasi_koperasi", "nik"), ("NIK Koperasi", "koperasi", "nik"),
    ("Kec.", "koperasi", "kecamatan"), ("Kec", "usaha_mikro", "kecamatan"),
    ("Tgl RAT", "koperasi", "tanggal_rat"), ("RAT Terakhir", "koperasi", "tanggal_rat"),
    ("Tanggal RAT Terakhir", "koperasi", "tanggal_rat"), ("Tahun RAT Terakhir", "koperasi", "tahun_rat"),
    ("Jenis", "koperasi", "jenis_koperasi"), ("Anggota", "koperasi", "jumlah_anggota"),
    ("Tgl", "fasilitasi_koperasi", "tanggal"), ("Tanggal Kegiatan", "fasilitasi_usaha_mikro", "tanggal"),
    ("Bentuk Fasilitasi", "fasilitasi_koperasi", "jenis_fasilitasi"),
    ("Fasilitasi", "fasilitasi_usaha_mikro", "jenis_fasilitasi"),
    ("NIB", "usaha_mikro", "id_usaha"), ("No. NIB", "usaha_mikro", "id_usaha"),
    ("Nomor Induk Berusaha", "usaha_mikro", "id_usaha"), ("Omset per Tahun", "usaha_mikro", "omzet_tahunan"),
    ("Omzet (Rp)", "usaha_mikro", "omzet_tahunan"), ("Hasil Penjualan Tahunan", "usaha_mikro", "omzet_tahunan"),
    ("Aset", "usaha_mikro", "modal_usaha"), ("Modal", "usaha_mikro", "modal_usaha"),
    ("Status", "usaha_mikro", "status_aktif"), ("Aktif", "usaha_mikro", "status_aktif"),
    ("NIK Pemilik", "usaha_mikro", "nik_pemilik"), ("Nama Pemilik", "usaha_mikro", "nama_pemilik"),
    ("Nama Kegiatan", "fasilitasi_perdagangan", "uraian"), ("Volume", "fasilitasi_perdagangan", "jumlah"),
    ("ADHB (juta Rp)", "pdrb_lapangan_usaha", "adhb"), ("Atas Dasar Harga Berlaku", "pdrb_lapangan_usaha", "adhb"),
    ("Nilai ADHB", "pdrb_lapangan_usaha", "adhb"), ("Kode Indikator", "target_iku", "kode"),
    ("\u00a0 Nama  Usaha \u00a0", "usaha_mikro", "nama_usaha"), ("Warna Favorit", "usaha_mikro", "warna_favorit"),
])
def test_aliases(header, table, canonical):
    assert canonical_column(header, table) == canonical


def test_normalise_drops_unit_in_brackets():
    assert normalise_header("Omzet per Tahun (Rp)") == "omzet_per_tahun"
    assert normalise_header("ADHB [juta Rp]") == "adhb"


def _xlsx(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


HEADER = ["NIK", "Nama Koperasi", "Kecamatan", "Tahun RAT"]


def test_sheet_named_like_table_wins_and_row_numbers_match_excel(tmp_path):
    path = tmp_path / "koperasi.xlsx"
    _xlsx(path, {"Catatan": [["lain"]],
                 "KOPERASI": [["Judul"], [], [], HEADER, ["3509010000000001", "A", "Ajung", 2025]]})
    frame, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    assert frame["_sheet"].iloc[0] == "KOPERASI"
    assert frame["_baris"].tolist() == [5]
    assert frame["nik"].iloc[0] == "3509010000000001"


def test_first_sheet_when_none_named_like_table(tmp_path):
    path = tmp_path / "koperasi.xlsx"
    _xlsx(path, {"Data": [HEADER, ["3509010000000001", "A", "Ajung", 2025]], "Lain": [["x"]]})
    frame, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    assert frame["_sheet"].iloc[0] == "Data"


def test_header_beyond_30_rows_is_not_found(tmp_path):
    path = tmp_path / "koperasi.xlsx"
    _xlsx(path, {"koperasi": [["judul"]] * 30 + [HEADER]})
    with pytest.raises(HeaderNotFoundError):
        read_file(path, "koperasi", "koperasi.xlsx")


def test_missing_required_column_is_named(tmp_path):
    path = tmp_path / "koperasi.csv"
    path.write_text("NIK;Nama Koperasi;Tahun RAT\n1;A;2025\n", encoding="utf-8")
    with pytest.raises((MissingColumnError, HeaderNotFoundError)) as err:
        read_file(path, "koperasi", "koperasi.csv")
    assert "kecamatan" in err.value.message()
    assert "koperasi.csv" in err.value.message()


def test_duplicate_canonical_column_is_an_error(tmp_path):
    path = tmp_path / "usaha_mikro.csv"
    path.write_text("NIB,Nama Usaha,Kecamatan,Omzet,Omset\n1,A,Ajung,1,2\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="lebih dari sekali"):
        read_file(path, "usaha_mikro", "usaha_mikro.csv")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_csv_delimiter_and_encoding_sniffed(tmp_path, delimiter, encoding, bom):
    text = "Laporan fasilitasi\n" + delimiter.join(["Tanggal", "Kategori", "Uraian"]) + "\n" \
        + delimiter.join(["01/02/2025", "Pasar murah", "Café été"]) + "\n"
    data = text.encode(encoding)
    path = tmp_path / "fasilitasi_perdagangan.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    frame, ragged, _ = read_file(path, "fasilitasi_perdagangan", "f.csv")
    assert frame["uraian"].tolist() == ["Café été"]
    assert frame["_baris"].tolist() == [3]
    assert ragged == []


def test_csv_keeps_long_identifiers_as_text_and_counts_blank_lines(tmp_path):
    path = tmp_path / "koperasi.csv"
    path.write_text("NIK,Nama Koperasi,Kecamatan,Tahun RAT\n3509010000000001,A,Ajung,2025\n\n"
                    "0009010000000002,B,Ajung,2025\n", encoding="utf-8")
    frame, _, _ = read_file(path, "koperasi", "koperasi.csv")
    assert frame["nik"].dropna().tolist() == ["3509010000000001", "0009010000000002"]
    assert frame["_baris"].tolist() == [2, 3, 4]


def test_csv_ragged_row_is_returned_with_its_line(tmp_path):
    path = tmp_path / "koperasi.csv"
    path.write_text("NIK,Nama Koperasi,Kecamatan,Tahun RAT\n3509010000000001,A,Ajung,2025\n"
                    "1,2,3,4,5,6\n3509010000000002,B,Ajung,2025\n", encoding="utf-8")
    frame, ragged, _ = read_file(path, "koperasi", "koperasi.csv")
    assert frame["_baris"].tolist() == [2, 4]
    assert [n for n, _ in ragged] == [3]


@pytest.mark.parametrize("content", [b"", b"   \n"])
def test_empty_file_is_unreadable(tmp_path, content):
    path = tmp_path / "koperasi.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError):
        read_file(path, "koperasi", "koperasi.csv")


def test_corrupt_workbook_is_unreadable(tmp_path):
    path = tmp_path / "koperasi.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(UnreadableFileError) as err:
        read_file(path, "koperasi", "2025/koperasi.xlsx")
    assert "2025/koperasi.xlsx" in err.value.message()


# --- discovery -----------------------------------------------------------------------------

def test_two_files_for_one_table_is_ambiguous(tmp_path):
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "koperasi.xlsx").write_bytes(b"x")
    (tmp_path / "2025" / "koperasi.csv").write_text("x")
    with pytest.raises(AmbiguousFilesError) as err:
        discover(tmp_path / "2025", YEAR_TABLES, base=tmp_path)
    assert "koperasi.csv" in err.value.message() and "koperasi.xlsx" in err.value.message()


def test_unknown_file_names_closest_table(tmp_path):
    (tmp_path / "koprasi.xlsx").write_bytes(b"x")
    found = discover(tmp_path, YEAR_TABLES)
    assert found.tables == {}
    assert any("koprasi.xlsx" in w and "maksud Anda koperasi?" in w for w in found.warnings)


def test_folder_files_stacked_in_name_order_with_their_own_headers(tmp_path):
    folder = tmp_path / "2025" / "usaha_mikro"
    folder.mkdir(parents=True)
    (folder / "b.csv").write_text("ID Usaha;Nama Usaha;Kec;Omset\n2;B;Ajung;1\n", encoding="utf-8")
    _xlsx(folder / "a.xlsx", {"x": [["NIB", "Nama Usaha", "Kecamatan", "Modal"], ["1", "A", "Ajung", 5]]})
    (folder / "catatan.docx").write_text("bukan data")  # (a .txt is read as a table: see below)
    found = discover(tmp_path / "2025", YEAR_TABLES, base=tmp_path)
    raw = read_table(found.tables["usaha_mikro"], tmp_path)
    assert raw.frame["_berkas"].tolist() == ["2025/usaha_mikro/a.xlsx", "2025/usaha_mikro/b.csv"]
    assert raw.frame["id_usaha"].tolist() == ["1", "2"]
    assert {"omzet_tahunan", "modal_usaha"} <= set(raw.frame.columns)
    assert any("catatan.docx" in w and "xlsx/xls/ods/csv/txt" in w for w in found.warnings)


def test_excel_cells_keep_their_types(tmp_path):
    path = tmp_path / "fasilitasi_usaha_mikro.xlsx"
    _xlsx(path, {"s": [["Tanggal", "NIB", "Jenis Fasilitasi"], [dt.datetime(2025, 1, 2), 1234567890123, "x"]]})
    frame, _, _ = read_file(path, "fasilitasi_usaha_mikro", "f.xlsx")
    assert isinstance(frame["tanggal"].iloc[0], (dt.date, dt.datetime))
    assert frame["id_usaha"].iloc[0] == 1234567890123


# --- the structural check reads only the head of a file, and agrees with the full reader -------

@pytest.mark.parametrize("rows, error", [
    ([["judul"], HEADER, ["3509010000000001", "A", "Ajung", 2025]], None),
    ([["NIK", "Nama Koperasi", "Tahun RAT"], ["1", "A", 2025]], (MissingColumnError, HeaderNotFoundError)),
    ([["NIK", "Nama Koperasi", "Kecamatan", "Tahun RAT", "Kec."]], MissingColumnError),
    ([[None]], UnreadableFileError),
])
@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_check_file_matches_read_file(tmp_path, rows, error, ext):
    from iku_helpers.ingest.reading import check_file

    path = tmp_path / f"koperasi.{ext}"
    if ext == "xlsx":
        _xlsx(path, {"koperasi": rows})
    else:
        path.write_text("\n".join(",".join("" if c is None else str(c) for c in r) for r in rows) + "\n")
    if error is None:
        check_file(path, "koperasi", path.name)
        read_file(path, "koperasi", path.name)
    else:
        with pytest.raises(error):
            check_file(path, "koperasi", path.name)
        with pytest.raises(error):
            read_file(path, "koperasi", path.name)


# --- files as their tools save them (Excel's Unicode Text, HTML saved as .xls) -------------------

KOPERASI_ROWS = [["DAFTAR KOPERASI 2026", "", "", ""],
                 ["NIK", "Nama Koperasi", "Kecamatan", "Tanggal RAT"],
                 ["3509010100000001", "KSP Maju & Jaya", "Sumber Sari", "12/03/2026"],
                 ["3509 0101 0000 0002", "KUD Tani", "Patrang", ""],
                 ["3,50901E+15", "Kop C", "Ajung", "31/02/2026"]]


def _unicode_text(path, rows):
    """What Excel writes for File > Save As > Unicode Text: UTF-16 LE with a BOM, tabs, CRLF."""
    path.write_bytes("".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16"))


def _html_xls(path, rows):
    cells = "".join("<tr>" + "".join(f"<td>{c.replace('&', '&amp;')}" for c in r) + "</tr>\n" for r in rows[1:])
    path.write_text(f"<html><head><meta charset='utf-8'><title>Ekspor</title></head><body><h3>Laporan</h3>"
                    f"<table border='1'><tr><th colspan='4'>{rows[0][0]}</th></tr>\n{cells}</table></body></html>",
                    encoding="utf-8")


@pytest.mark.parametrize("writer, name, fmt", [
    (_unicode_text, "koperasi.csv", "CSV UTF-16, pemisah tab"),
    (_unicode_text, "koperasi.xls", "teks (bernama .xls) UTF-16, pemisah tab"),
    (_html_xls, "koperasi.xls", "tabel HTML (bernama .xls)"),
])
def test_exports_read_like_any_file(tmp_path, writer, name, fmt):
    from iku_helpers.ingest.reading import check_file

    path = tmp_path / name
    writer(path, KOPERASI_ROWS)
    check_file(path, "koperasi", name)
    frame, ragged, found = read_file(path, "koperasi", name)
    assert found == fmt and ragged == []
    assert frame["nik"].tolist() == ["3509010100000001", "3509 0101 0000 0002", "3,50901E+15"]
    assert frame["nama_koperasi"].tolist() == ["KSP Maju & Jaya", "KUD Tani", "Kop C"]
    assert frame["_baris"].tolist() == [3, 4, 5]
    # the same rules and the same ledger as the CSV a person would save
    plain = tmp_path / "plain" / "koperasi.csv"
    plain.parent.mkdir()
    plain.write_text("\n".join(";".join(r) for r in KOPERASI_ROWS) + "\n", encoding="utf-8")
    from iku_helpers.ingest.discovery import Found
    from iku_helpers.ingest.table_rules import clean_koperasi
    a = clean_koperasi(read_table(Found("koperasi", [path]), tmp_path), 2026)
    b = clean_koperasi(read_table(Found("koperasi", [plain]), plain.parent), 2026)
    cols = ["nik", "nama_koperasi", "kecamatan", "tanggal_rat", "aktif"]
    pd.testing.assert_frame_equal(a.data[cols], b.data[cols])
    assert a.ledger[["baris", "kolom", "alasan"]].equals(b.ledger[["baris", "kolom", "alasan"]])
    assert a.counts["format"].tolist() == [fmt]


def test_a_unicode_text_head_cut_in_a_character_is_still_checked(tmp_path):
    from iku_helpers.ingest.reading import check_file
    from iku_helpers.ingest.text_files import HEAD_BYTES

    path = tmp_path / "koperasi.csv"
    filler = [["3509010100000001", "Kopérasi " + "x" * 40, "Patrang", "12/03/2026"]] * (HEAD_BYTES // 60)
    _unicode_text(path, KOPERASI_ROWS + filler)
    assert path.stat().st_size > HEAD_BYTES
    check_file(path, "koperasi", "koperasi.csv")


def test_html_without_the_header_names_what_it_found(tmp_path):
    path = tmp_path / "koperasi.xls"
    _html_xls(path, [["Judul", "", "", ""], ["NIK", "Nama", "Alamat", "Telp"], ["1", "a", "b", "c"]])
    with pytest.raises(MissingColumnError, match="kolom wajib tidak ditemukan"):
        read_file(path, "koperasi", "koperasi.xls")


def test_xml_spreadsheet_2003_is_refused_with_what_to_do(tmp_path):
    from iku_helpers.ingest.reading import check_file

    path = tmp_path / "koperasi.xls"
    path.write_text('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="A">'
                    "</Worksheet></Workbook>", encoding="utf-8")
    for call in (read_file, check_file):
        with pytest.raises(UnreadableFileError, match="XML Spreadsheet 2003") as info:
            call(path, "koperasi", "2026/koperasi.xls")
        assert "simpan sebagai .xlsx" in info.value.hint and info.value.file == "2026/koperasi.xls"


def test_formats_in_the_reconciliation(raw_fixture):
    from iku_helpers.core.params import Params
    from iku_helpers.ingest.dataset import load_year

    recon = load_year(Params(year=2026, raw_dir=raw_fixture)).reconciliation().set_index("berkas")["format"]
    assert recon["2026/koperasi.xlsx"] == "Excel (.xlsx)"
    assert recon["target_iku.csv"].startswith("CSV UTF-8, pemisah ")


# --- Excel's "Unicode Text" saved as .txt (spec section 9) -------------------------------------

def _text_file(path, rows, encoding, bom=b""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bom + "".join("\t".join(r) + "\r\n" for r in rows).encode(encoding))


@pytest.mark.parametrize("encoding, bom, fmt", [
    ("utf-16", b"", "teks Unicode (.txt) UTF-16, pemisah tab"),  # Excel's Unicode Text (Python writes the BOM)
    ("utf-8", b"\xef\xbb\xbf", "teks Unicode (.txt) UTF-8, pemisah tab"),
    ("utf-8", b"", "teks Unicode (.txt) UTF-8, pemisah tab"),
    ("cp1252", b"", "teks (.txt) Windows-1252, pemisah tab"),
])
def test_txt_is_read_exactly_like_the_same_csv(tmp_path, encoding, bom, fmt):
    from iku_helpers.ingest.reading import check_file, read_sheets

    rows = KOPERASI_ROWS + [["3509010100000004", "Kopérasi Café", "Ajung", "01/04/2026"]]
    _text_file(tmp_path / "2026" / "koperasi.txt", rows, encoding, bom)
    _text_file(tmp_path / "csv" / "2026" / "koperasi.csv", rows, "utf-8")
    found = discover(tmp_path / "2026", YEAR_TABLES, base=tmp_path)
    assert found.warnings == [] and found.tables["koperasi"].files == [tmp_path / "2026" / "koperasi.txt"]
    check_file(tmp_path / "2026" / "koperasi.txt", "koperasi", "2026/koperasi.txt")
    txt = read_table(found.tables["koperasi"], tmp_path)
    csv = read_table(discover(tmp_path / "csv" / "2026", YEAR_TABLES, base=tmp_path / "csv").tables["koperasi"],
                     tmp_path / "csv")
    assert txt.formats == {"2026/koperasi.txt": fmt}
    assert txt.ragged == csv.ragged == []
    columns = [c for c in csv.frame.columns if c != "_berkas"]
    pd.testing.assert_frame_equal(txt.frame[columns], csv.frame[columns])
    assert txt.frame["nama_koperasi"].tolist()[-1] == "Kopérasi Café"
    # the annotated copy (iku validate --annotate) reads it the same way and writes it as .xlsx
    sheets = read_sheets(tmp_path / "2026" / "koperasi.txt", "koperasi", "2026/koperasi.txt")
    assert sheets.format == fmt and sheets.header_at == 1 and sheets.sheets[0][1][2][0] == "3509010100000001"


def test_txt_files_of_a_folder_are_stacked(tmp_path):
    folder = tmp_path / "2026" / "usaha_mikro"
    _text_file(folder / "kec_ajung.txt", [["NIB", "Nama Usaha", "Kecamatan", "Omzet"], ["1", "A", "Ajung", "5"]],
               "utf-16")
    (folder / "kec_patrang.csv").write_text("NIB;Nama Usaha;Kecamatan;Omzet\n2;B;Patrang;6\n", encoding="utf-8")
    found = discover(tmp_path / "2026", YEAR_TABLES, base=tmp_path)
    raw = read_table(found.tables["usaha_mikro"], tmp_path)
    assert raw.frame["id_usaha"].tolist() == ["1", "2"]
    assert raw.formats["2026/usaha_mikro/kec_ajung.txt"] == "teks Unicode (.txt) UTF-16, pemisah tab"


@pytest.mark.parametrize("content", [
    "Catatan: data koperasi dikirim menyusul.\r\nHubungi Bidang Koperasi, ext. 12.\r\n",
    "NIK\tNama\r\n1\tA\r\n",  # a table, but not this one
])
def test_txt_that_is_not_the_table_says_how_a_txt_is_read(tmp_path, content):
    from iku_helpers.ingest.reading import check_file

    path = tmp_path / "koperasi.txt"
    path.write_bytes(content.encode("utf-16"))
    for call in (check_file, read_file):
        with pytest.raises((HeaderNotFoundError, MissingColumnError)) as info:
            call(path, "koperasi", "2026/koperasi.txt")
        err = info.value
        assert err.file == "2026/koperasi.txt"
        assert 'berkas .txt dibaca sebagai tabel berpemisah tab ("Teks Unicode" dari Excel)' in err.what
        assert "simpan sebagai .xlsx" in err.hint and "Teks Unicode (*.txt) dengan baris judul kolom" in err.hint


@pytest.mark.parametrize("other", ["koperasi.csv", "koperasi.xlsx"])
def test_txt_and_another_file_for_one_table_is_ambiguous(tmp_path, other):
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "koperasi.txt").write_text("x")
    (tmp_path / "2026" / other).write_text("x")
    with pytest.raises(AmbiguousFilesError) as err:
        discover(tmp_path / "2026", YEAR_TABLES, base=tmp_path)
    assert "2026/koperasi.txt" in err.value.message() and f"2026/{other}" in err.value.message()


def test_txt_at_the_raw_root_is_a_table_only_when_named_like_one(tmp_path):
    from iku_helpers.core.tables import ROOT_TABLES

    (tmp_path / "target_iku.txt").write_bytes("Kode\tTahun\tTarget\r\n".encode("utf-16"))
    (tmp_path / "catatan_rapat.txt").write_text("bukan data")
    (tmp_path / "DATA_CONTOH.txt").write_text("contoh")
    found = discover(tmp_path, ROOT_TABLES, root=True)
    assert set(found.tables) == {"target_iku"} and found.warnings == []


# --- a line too long to be a row (a truncated or damaged export) --------------------------------

def _trade_csv(path, middle: bytes, newline=b"\n"):
    path.write_bytes(newline.join([b"tanggal,kategori,uraian,jumlah", middle, b"01/02/2025,Pasar murah,x,1", b""]))


def test_a_50_mb_line_is_named_by_the_check_and_by_the_reader_alike(tmp_path):
    from iku_helpers.ingest.discovery import Found
    from iku_helpers.ingest.reading import check_file

    path = tmp_path / "2025" / "fasilitasi_perdagangan.csv"
    path.parent.mkdir()
    _trade_csv(path, b"x" * 50_000_000)
    label = "2025/fasilitasi_perdagangan.csv"
    messages = []
    for call in (lambda: check_file(path, "fasilitasi_perdagangan", label),
                 lambda: read_file(path, "fasilitasi_perdagangan", label),
                 lambda: read_table(Found("fasilitasi_perdagangan", [path]), tmp_path)):
        with pytest.raises(UnreadableFileError) as info:
            call()
        assert info.value.file == label and info.value.row == 2
        messages.append(info.value.message())
    assert len(set(messages)) == 1
    text = messages[0]
    assert text.startswith(f"{label}, baris 2: baris ini panjangnya 50,0 MB; batas satu baris 1 MB")
    assert "terpotong atau rusak" in text and "Ekspor ulang" in text and "Excel/LibreOffice" in text
    assert "straddl" not in text and "block" not in text


@pytest.mark.parametrize("encoding, newline", [("utf-8", "\n"), ("utf-16", "\r\n"), ("utf-8", "\r")])
def test_line_limit_is_exact_and_counts_lines_after_decoding(tmp_path, monkeypatch, encoding, newline):
    from iku_helpers.ingest import reading, text_files

    monkeypatch.setattr(text_files, "MAX_LINE_BYTES", 40)
    path = tmp_path / "fasilitasi_perdagangan.txt"

    def write(cells):
        rows = ["tanggal\tkategori\turaian\tjumlah"] + ["01/02/2025\tPasar\tx\t1"] * 3 + [cells]
        path.write_bytes(newline.join(rows + ["01/02/2025\tPasar\ty\t2", ""]).encode(encoding))

    fits = "01/02/2025\tPasar\t" + "é" * 10 + "z" * 1 + "\t3"  # 40 bytes as UTF-8, fewer as characters
    assert len(fits.encode("utf-8")) == 40
    write(fits)
    reading.check_file(path, "fasilitasi_perdagangan", path.name)
    frame, ragged, _ = read_file(path, "fasilitasi_perdagangan", path.name)
    assert frame["uraian"].tolist()[-2:] == ["é" * 10 + "z", "y"] and frame["_baris"].tolist()[-1] == 6
    write(fits + "0")
    for call in (reading.check_file, read_file):
        with pytest.raises(UnreadableFileError,
                           match="baris 5: baris ini panjangnya 41 byte; batas satu baris 40 byte"):
            call(path, "fasilitasi_perdagangan", path.name)


def test_lines_just_under_the_limit_read_across_pyarrow_blocks(tmp_path):
    from iku_helpers.ingest.reading import check_file
    from iku_helpers.ingest.text_files import BLOCK_BYTES, MAX_LINE_BYTES

    path = tmp_path / "fasilitasi_perdagangan.csv"
    cell = b"01/02/2025,Pasar murah,%s,1"
    long = cell % (b"u" * (MAX_LINE_BYTES - len(cell % b"")))
    assert len(long) == MAX_LINE_BYTES
    rows = [b"tanggal,kategori,uraian,jumlah"] + [long, cell % b"pendek"] * 9
    path.write_bytes(b"\r\n".join(rows) + b"\r\n")
    assert path.stat().st_size > 2 * BLOCK_BYTES  # lines of the limit's length meet block boundaries
    check_file(path, "fasilitasi_perdagangan", path.name)
    frame, ragged, _ = read_file(path, "fasilitasi_perdagangan", path.name)
    assert ragged == [] and frame["_baris"].tolist() == list(range(2, 20))
    assert frame["uraian"].str.len().tolist() == [MAX_LINE_BYTES - len(cell % b""), 6] * 9


def test_other_pyarrow_errors_are_said_in_indonesian(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def broken(*args, **kwargs):
        raise pa.ArrowInvalid("CSV parser got out of sync with chunker")

    monkeypatch.setattr(pacsv, "read_csv", broken)
    path = tmp_path / "fasilitasi_perdagangan.csv"
    _trade_csv(path, b"01/01/2025,a,b,2")
    with pytest.raises(UnreadableFileError) as info:
        read_file(path, "fasilitasi_perdagangan", "2025/f.csv")
    assert info.value.what.startswith("ada sel bertanda kutip yang memuat ganti baris")
    assert info.value.what.endswith("[keterangan teknis: CSV parser got out of sync with chunker]")
    assert "simpan ulang" in info.value.hint


# --- a sheet typed a block of rows at a time (issue 27) --------------------------------------------

def _mixed_workbook(path, first_col: int = 2):
    """A koperasi sheet whose columns change kind from one block of rows to the next."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.cell(2, first_col, "DAFTAR KOPERASI")
    header = ["NIK", "Nama Koperasi", "Kecamatan", "Tanggal RAT", "Jumlah Anggota", "Badan Hukum", "Catatan", "Flag"]
    for j, h in enumerate(header):
        ws.cell(4, first_col + j, h)
    for i in range(40):
        row = [f"3509{10**11 + i}" if i % 7 else 3509000000000000 + i,      # text, then a number cell
               f"Koperasi {i}",
               "Ajung" if i < 20 else ("Kec. Patrang" if i % 3 else 3),        # text, later mixed
               dt.datetime(2025, 1 + i % 12, 1) if i < 25 else (dt.date(2025, 3, 3) if i % 2 else "01/02/2025"),
               i * 10 if i != 30 else "12,5",
               None if i < 30 else "Sudah",                                    # empty blocks, then text
               None if i < 12 else (1.5 if i % 2 else None),                   # empty blocks, then numbers
               True if i == 33 else None]
        for j, value in enumerate(row):
            if value is not None:
                ws.cell(5 + i, first_col + j, value)
    ws.cell(46, first_col, "JUMLAH")
    wb.save(path)
    return path


@pytest.mark.parametrize("first_col", [1, 3])
def test_a_sheet_read_in_blocks_is_the_sheet_read_whole(tmp_path, monkeypatch, first_col):
    """Small blocks type each column like the whole column: same dtypes, values and cell types."""
    from iku_helpers.ingest import workbooks

    path = _mixed_workbook(tmp_path / "koperasi.xlsx", first_col)
    whole, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    monkeypatch.setattr(workbooks, "BLOCK_ROWS", 3)
    blocks, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    pd.testing.assert_frame_equal(blocks, whole, check_exact=True)
    for col in [c for c in whole.columns if whole[c].dtype == "object"]:
        assert [type(x) for x in blocks[col]] == [type(x) for x in whole[col]], col
    assert whole["_baris"].tolist()[:2] == [5, 6]
    assert whole["tanggal_rat"].dtype == object  # dates, then text: mixed, each cell as written
    assert isinstance(whole["tanggal_rat"].iloc[0], dt.date)


def test_a_sheet_starting_at_column_c_keeps_its_empty_columns(tmp_path):
    """Calamine starts a row at the first used column; the reader gives the cells from column A."""
    from iku_helpers.ingest.workbooks import read_excel_rows

    path = _mixed_workbook(tmp_path / "koperasi.xlsx", first_col=3)
    _, rows = read_excel_rows(path, "koperasi", "koperasi.xlsx")
    assert rows[3][:3] == ["", "", "NIK"]
    assert len({len(r) for r in rows}) == 1


def test_a_big_sheet_read_in_parts_is_the_sheet_read_whole(tmp_path, monkeypatch):
    """Above PARTS_FROM_BYTES a sheet is read a part of its rows at a time: the same frame."""
    from iku_helpers.ingest import workbooks

    path = _mixed_workbook(tmp_path / "koperasi.xlsx", first_col=3)
    whole, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    monkeypatch.setattr(workbooks, "PARTS_FROM_BYTES", 0)
    monkeypatch.setattr(workbooks, "PART_ROWS", 4)
    monkeypatch.setattr(workbooks, "BLOCK_ROWS", 7)
    parts, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    pd.testing.assert_frame_equal(parts, whole, check_exact=True)


def test_parts_that_do_not_fit_together_are_read_again_whole(tmp_path, monkeypatch):
    from iku_helpers.core.errors import SheetPartsError
    from iku_helpers.ingest import workbooks

    path = _mixed_workbook(tmp_path / "koperasi.xlsx")
    whole, _, _ = read_file(path, "koperasi", "koperasi.xlsx")

    def broken(*args):
        rows, width = real(*args)

        def rows_then_fail():
            yield from list(rows)[:20]
            raise SheetPartsError("rows out of order")
        return rows_then_fail(), width

    real = workbooks.iter_sheet_rows
    monkeypatch.setattr(workbooks, "PARTS_FROM_BYTES", 0)
    monkeypatch.setattr(workbooks, "iter_sheet_rows", broken)
    again, _, _ = read_file(path, "koperasi", "koperasi.xlsx")
    pd.testing.assert_frame_equal(again, whole, check_exact=True)


def test_the_precheck_reads_the_head_of_an_xlsx_with_calamine(tmp_path, monkeypatch):
    """The first rows come from a workbook of those rows alone; openpyxl is not needed."""
    import openpyxl as opx

    from iku_helpers.ingest.workbooks import excel_head

    path = _mixed_workbook(tmp_path / "koperasi.xlsx")
    monkeypatch.setattr(opx, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the file"))
    sheet, rows = excel_head(path, "koperasi", "koperasi.xlsx")
    assert sheet == "Data" and len(rows) == 30
    assert rows[3][1:4] == ["NIK", "Nama Koperasi", "Kecamatan"]
