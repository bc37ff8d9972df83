"""The feedback folder: where it may be written, the pages per bidang, the command."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from iku_helpers.cli import main
from iku_helpers.errors import ParameterError
from iku_helpers.feedback import MARKER, bidang_of, check_target, slug, table_of
from iku_helpers.tables import TABLES, YEAR_TABLES


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
