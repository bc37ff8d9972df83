"""The feedback folder: where it may be written, the pages per bidang, the command."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from iku_helpers.commands.cli import main
from iku_helpers.core.errors import ParameterError
from iku_helpers.core.tables import TABLES, YEAR_TABLES
from iku_helpers.documents.feedback import MARKER, bidang_of, bidang_of_file, check_target, slug, table_of


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_validate_annotate_writes_copies_and_pages(raw_fixture, tmp_path, capsys):
    out = tmp_path / "umpan_balik"
    before = _hashes(raw_fixture)
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "salinan bertanda" in printed and "index.html" in printed
    assert _hashes(raw_fixture) == before
    assert (out / "2025" / "koperasi.xlsx").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert MARKER in index
    for table in YEAR_TABLES:
        for bidang in bidang_of(table):
            assert f'href="{slug(bidang)}.html"' in index
    page = (out / f"{slug(bidang_of('koperasi')[0])}.html").read_text(encoding="utf-8")
    assert "2025/koperasi.xlsx" in page and 'href="2025/koperasi.xlsx" download' in page
    assert "Masalah terbanyak" in page and "notasi ilmiah" in page and "Cara memperbaiki" in page
    assert "Tahun 2026" in page and page.index("Tahun 2026") < page.index("Tahun 2025")  # newest first
    # every download link on every page points at a file that exists
    import re
    for html in out.glob("*.html"):
        for href in re.findall(r'href="([^"]+\.xlsx)"', html.read_text(encoding="utf-8")):
            assert (out / href).is_file(), (html.name, href)


def test_trade_facilitation_is_on_both_bidang_pages(raw_fixture, tmp_path):
    out = tmp_path / "fb"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 0
    for bidang in bidang_of("fasilitasi_perdagangan"):
        assert "fasilitasi_perdagangan" in (out / f"{slug(bidang)}.html").read_text(encoding="utf-8")
    assert len(bidang_of("fasilitasi_perdagangan")) == 2


def test_the_bidang_pages_name_the_unit_of_the_settings(raw_fixture, tmp_path):
    out = tmp_path / "fb"
    page = slug(bidang_of("koperasi")[0]) + ".html"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 0
    assert "serahkan lagi ke\nSub Bagian Perencanaan." in (out / page).read_text(encoding="utf-8")
    (raw_fixture / "pengaturan.toml").write_text('[laporan]\nunit_pengolah = "Bagian Program & Data"\n',
                                                  encoding="utf-8")
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 0
    text = (out / page).read_text(encoding="utf-8")
    assert "serahkan lagi ke\nBagian Program &amp; Data." in text and "Sub Bagian Perencanaan." not in text


def test_a_second_check_replaces_the_folder_whole(raw_fixture, tmp_path):
    out = tmp_path / "fb"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 0
    assert (out / "2025" / "koperasi.xlsx").exists()
    assert main(["validate", "--raw-dir", str(raw_fixture), "--year", "2026", "--annotate", str(out)]) == 0
    assert not (out / "2025").exists()  # no copy left from an earlier check
    assert not list(tmp_path.glob(".tmp-*")) and not list(tmp_path.glob(".old-*"))


def test_a_folder_with_other_files_is_refused(raw_fixture, tmp_path, capsys):
    out = tmp_path / "dokumen"
    out.mkdir()
    (out / "penting.docx").write_text("x")
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 1
    assert "bukan umpan balik" in capsys.readouterr().err
    assert (out / "penting.docx").exists()


def test_the_raw_folder_is_refused(raw_fixture):
    with pytest.raises(ParameterError, match="di dalam folder data mentah"):
        check_target(raw_fixture / "umpan_balik", raw_fixture)


def test_a_file_that_cannot_be_read_is_on_its_bidang_page(raw_fixture, tmp_path):
    (raw_fixture / "2026" / "fasilitasi_koperasi.csv").write_text("Judul saja\nx;y\n")
    out = tmp_path / "fb"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 1
    page = (out / f"{slug(bidang_of('fasilitasi_koperasi')[0])}.html").read_text(encoding="utf-8")
    assert "tidak dapat dibaca sama sekali" in page and "2026/fasilitasi_koperasi.csv" in page


def test_annotate_without_a_folder_uses_the_default(raw_fixture, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate"]) == 0
    assert (tmp_path / "umpan_balik" / "index.html").exists()


def test_table_of_every_table():
    for table in TABLES:
        assert table_of(f"2026/{table}.xlsx" if table in YEAR_TABLES else f"{table}.csv") == table


def test_an_unwritable_folder_is_a_clear_message_and_keeps_the_earlier_one(raw_fixture, tmp_path, monkeypatch, capsys):
    out = tmp_path / "fb"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 0
    before = _hashes(out)
    real_rename = Path.rename

    def locked(self, target):  # Windows refuses to move a folder holding a file open in Excel
        if self == out:
            raise PermissionError(13, "Permission denied")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", locked)
    assert main(["validate", "--raw-dir", str(raw_fixture), "--annotate", str(out)]) == 1
    err = capsys.readouterr().err
    assert "tidak dapat ditulis" in err and "Tutup salinan" in err and "Traceback" not in err
    assert _hashes(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- trade facilitation from two bidang (spec section 9) -------------------------------------------

DAGANG, SARPRAS = "Bidang Perdagangan", "Bidang Sarana dan Prasarana"
TRADE = "fasilitasi_perdagangan"


@pytest.mark.parametrize("label, values, pages", [
    ("2026/fasilitasi_perdagangan/01_bidang_sarpras.xlsx", (), [SARPRAS]),
    ("2026/fasilitasi_perdagangan/Sarana_Pasar.csv", (), [SARPRAS]),
    ("2026/fasilitasi_perdagangan/prasarana.ods", (), [SARPRAS]),
    ("2026/fasilitasi_perdagangan/02_sarana_perdagangan.xlsx", (), [SARPRAS]),  # sarana… before dagang
    ("2026/fasilitasi_perdagangan/01_Bidang_Perdagangan.xlsx", (), [DAGANG]),
    ("2026/fasilitasi_perdagangan/dagang.csv", (), [DAGANG]),
    ("2026/fasilitasi_perdagangan/01.xlsx", (), [DAGANG, SARPRAS]),             # neither: both pages
    ("2026/fasilitasi_perdagangan.xlsx", (), [DAGANG, SARPRAS]),                # the table's own name says nothing
    ("2026/fasilitasi_perdagangan/fasilitasi_perdagangan_sarpras.csv", (), [SARPRAS]),
    ("2026/fasilitasi_perdagangan/01.xlsx", (SARPRAS,), [SARPRAS]),             # the bidang column decides
    ("2026/fasilitasi_perdagangan/sarpras.xlsx", (DAGANG,), [DAGANG]),          # ... even against the name
    ("2026/fasilitasi_perdagangan/01.xlsx", (SARPRAS, DAGANG), [DAGANG, SARPRAS]),
])
def test_bidang_of_file_for_trade_files(label, values, pages):
    assert bidang_of_file(TRADE, label, values) == pages
    assert set(pages) <= set(bidang_of(TRADE))  # the names as tables.py spells them


def test_bidang_of_file_leaves_tables_of_one_bidang_alone():
    for table in TABLES:
        if len(bidang_of(table)) == 1:
            assert bidang_of_file(table, f"2026/{table}/sarpras_dagang.xlsx", (SARPRAS,)) == bidang_of(table)


def test_trade_files_go_to_their_bidang_page_and_a_shared_activity_is_noted(raw_fixture, tmp_path):
    """Issue 23 item 5: a bidang column or the file name puts a trade file on one page; one activity
    in both files is noted in both copies (rows kept)."""
    import openpyxl

    year = raw_fixture / "2026"
    (year / "fasilitasi_perdagangan.csv").unlink()
    folder = year / "fasilitasi_perdagangan"
    folder.mkdir()
    (folder / "a.csv").write_text("Tanggal;Kategori;Uraian;Jumlah;Bidang\n"
                                  "01/06/2026;Sarpras;Rehab los pasar;1;Sarana dan Prasarana\n"
                                  "02/06/2026;Operasi pasar;OP beras;3;Sarpras\n", encoding="utf-8")
    (folder / "perdagangan.csv").write_text("Tanggal;Kategori;Uraian;Jumlah\n"
                                            "02/06/2026;Pasar murah bapokting;op  BERAS;3\n"
                                            "03/06/2026;Ekspor;Ekspor kopi;\n", encoding="utf-8")
    out = tmp_path / "fb"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--year", "2026", "--annotate", str(out)]) == 0
    # file names may wrap after / and _ (<wbr>): read them as the page shows them
    dagang = (out / f"{slug(DAGANG)}.html").read_text(encoding="utf-8").replace("<wbr>", "")
    sarpras = (out / f"{slug(SARPRAS)}.html").read_text(encoding="utf-8").replace("<wbr>", "")
    assert "fasilitasi_perdagangan/perdagangan.csv" in dagang and "fasilitasi_perdagangan/a.csv" not in dagang
    assert "fasilitasi_perdagangan/a.csv" in sarpras and "fasilitasi_perdagangan/perdagangan.csv" not in sarpras
    for name, other in (("a", "baris 2 (2026/fasilitasi_perdagangan/perdagangan.csv)"),
                        ("perdagangan", "baris 3 (2026/fasilitasi_perdagangan/a.csv)")):
        wb = openpyxl.load_workbook(out / "2026" / "fasilitasi_perdagangan" / f"{name}.xlsx")
        texts = [str(cell.value) for ws in wb for row in ws.iter_rows() for cell in row if cell.value]
        assert any(f"sama dengan {other}" in t for t in texts), name


def test_the_most_frequent_problems_read_as_kinds_without_a_row_or_a_date(raw_fixture, tmp_path):
    """Issue 25: the page counts kinds of problem; a kind never shows '…', one row's date or row used."""
    import re

    out = tmp_path / "fb"
    assert main(["validate", "--raw-dir", str(raw_fixture), "--year", "2025", "--annotate", str(out)]) == 0
    page = (out / f"{slug(bidang_of('koperasi')[0])}.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td class="n">(\d+)</td><td>([^<]*)</td>', page)
    kinds = {kind: int(n) for n, kind in rows}
    assert kinds["NIK koperasi ganda; yang dipakai baris lain (disebut pada tiap baris ganda)"] == 1
    assert kinds["tanggal di luar tahun 2025; tidak dihitung untuk tahun ini"] == 1
    assert kinds["Tanggal RAT tidak ada di kalender"] == 1
    assert not [k for k in kinds if "…" in k or re.search(r"\d{4}-\d\d-\d\d|\d\d/\d\d/\d{4}|baris \d", k)]
