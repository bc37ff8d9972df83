"""The docs say what the code does: every list a doc shares with the code is checked against it.

Lists checked here: the personal-data headers and words (README, data-contract §7, audit §5), the
columns of the ledger and the notes, the kinds of note, the bidang guide's file names, tables,
columns and bidang, the options of `iku run` in the README, the documented `make` targets, and the
terms the docs agree on (the alias table has its own test in test_project.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from iku_helpers.core.tables import ALIASES, EXTENSIONS, ROOT_TABLES, TABLES, YEAR_TABLES, normalise_header
from iku_helpers.ingest import audit_trail, cleaner, table_rules
from rawfixture import raw_table

REPO = Path(__file__).resolve().parent.parent
DOCS = {name: (REPO / name).read_text(encoding="utf-8") for name in
        ("README.md", "docs/data-contract.md", "docs/audit.md", "docs/indikator.md", "docs/panduan-bidang.md",
         "docs/performance.md")}


def section(doc: str, heading: str) -> str:
    """The text under the Markdown heading that starts with ``heading``, up to the next heading of
    the same or a higher level."""
    text = DOCS[doc]
    found = re.search(rf"^(#+) {re.escape(heading)}.*$", text, flags=re.MULTILINE)
    assert found, (doc, heading)
    level = len(found.group(1))
    rest = text[found.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return rest[: end.start()] if end else rest


def quoted(text: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", text))


def personal_headers(column: str) -> set[str]:
    """Every normalised header the UMKM register reads as ``column``."""
    extra = TABLES["usaha_mikro"].extra_aliases
    return {column} | {k for k, v in {**ALIASES, **extra}.items() if v == column and (k not in extra or extra[k] == v)}


PERSONAL_SECTIONS = [("README.md", "Data pribadi"), ("docs/data-contract.md", "7. Data pribadi"),
                     ("docs/audit.md", "5. Data pribadi")]


@pytest.mark.parametrize("doc, heading", PERSONAL_SECTIONS)
def test_personal_data_sections_name_every_header_and_word_the_code_protects(doc, heading):
    text = section(doc, heading)
    named = {normalise_header(q) for q in quoted(text)}
    for column in ("nik_pemilik", "nama_pemilik"):
        assert personal_headers(column) <= named, (doc, column, personal_headers(column) - named)
    assert set(cleaner.PERSONAL_WORDS) <= quoted(text), (doc, set(cleaner.PERSONAL_WORDS) - quoted(text))
    assert "apa adanya" not in text  # the old, wrong promise that an unknown owner column is kept as is


def table_column(text: str) -> list[str]:
    """The first column of the first Markdown table in ``text``, without backticks."""
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return [re.match(r"\| `([^`]+)`", line).group(1) for line in rows]


@pytest.mark.parametrize("doc, heading", [("docs/data-contract.md", "5. Daftar baris ditolak"),
                                          ("docs/audit.md", "1.1 `baris_ditolak_<n>.csv`")])
def test_the_ledger_columns_are_documented_in_order(doc, heading):
    assert table_column(section(doc, heading).split("**Catatan**")[0]) == audit_trail.LEDGER_COLUMNS
    assert [c if c != "alasan" else "catatan" for c in audit_trail.LEDGER_COLUMNS] == audit_trail.NOTE_COLUMNS


#: Every kind of note the cleaning writes, by a phrase of its text, and the words the docs use for it.
NOTE_KINDS = {
    "sel angka diubah menjadi teks": "sel angka",
    "nama kecamatan dikoreksi": "kecamatan yang dikoreksi",
    "RAT tercatat setelah tahun": "setelah tahun laporan",
    "skala menurut omzet": "omzet",
    "nilai dikosongkan (kolom pilihan)": "dikosongkan",
}


def test_every_kind_of_note_the_cleaning_writes_is_documented():
    kop = table_rules.clean_koperasi(raw_table("koperasi", [
        {"nik": 3509000000000001, "nama_koperasi": "A", "kecamatan": "Bangsarsari", "tanggal_rat": "01/03/2027",
         "jumlah_anggota": "banyak"},
    ]), 2026)
    usaha = table_rules.clean_usaha_mikro(raw_table("usaha_mikro", [
        {"id_usaha": "U1", "nama_usaha": "U", "kecamatan": "Ajung", "omzet_tahunan": "100 jt", "modal_usaha": "6 M"},
    ]))
    notes = pd.concat([kop.notes, usaha.notes])["catatan"].tolist()
    kinds = {next((k for k in NOTE_KINDS if k in n), n) for n in notes}
    assert kinds == set(NOTE_KINDS), "a new kind of note: add it to NOTE_KINDS and to the docs below"
    assert any(n.endswith(audit_trail.OPTIONAL_SET_ASIDE) for n in notes)
    for doc, heading in (("docs/audit.md", "1.2 `catatan_<n>.csv`"), ("docs/data-contract.md", "5. Daftar baris ditolak")):
        text = section(doc, heading)
        assert [w for w in NOTE_KINDS.values() if w not in text] == [], doc


def test_the_bidang_guide_names_every_table_its_file_its_columns_and_its_bidang():
    guide = DOCS["docs/panduan-bidang.md"]
    for table in YEAR_TABLES:
        assert f"data/raw/<tahun>/{table}" in guide, table
    for table in ROOT_TABLES:
        assert f"data/raw/{table}." in guide, table
    assert all(f"`.{ext}`" in guide for ext in EXTENSIONS)
    for name, table in TABLES.items():
        assert f"`{name}`" in guide, name
        assert all(f"`{column}`" in guide for column in table.columns), name
        assert all(part.strip() in guide for part in table.bidang.split(";") if "BPS" not in part), name
    assert "iku validate" in guide and "--annotate" in guide and "iku template --out" in guide
    assert "data/raw/<tahun>/fasilitasi_perdagangan/" in guide


def test_the_readme_documents_every_option_of_iku_run_and_every_make_target():
    import argparse

    from iku_helpers.commands.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    run_table = section("README.md", "`iku run`")
    options = [o for a in sub.choices["run"]._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    assert [o for o in options if f"`{o}" not in run_table] == []
    makefile = (REPO / "Makefile").read_text()
    phony = re.search(r"^\.PHONY: (.+)$", makefile, flags=re.MULTILINE).group(1).split()
    readme = DOCS["README.md"]
    assert [t for t in phony if f"make {t}" not in readme] == []


#: Terms the docs agree on (issue 16): buku kerja = a whole Excel file, lembar kerja = a sheet.
WRONG_TERMS = {
    r"\bbisa\b": "dapat",
    r"buku besar": "daftar baris yang ditolak",
    r"spanduk": "label",
    r"\bSubbag\b": "Sub Bagian",
    r"Mulai cepat": "Memulai",
    r"spesifikasi proyek": "(the spec is not in the repository)",
    r"(berkas|boleh|berupa) lembar kerja": "buku kerja (a whole file)",
}


def user_texts() -> dict[str, str]:
    texts = {name: text for name, text in DOCS.items()}
    for path in (REPO / "notebooks").glob("*.ipynb"):
        texts[path.name] = path.read_text(encoding="utf-8")
    for path in (REPO / "iku_helpers").rglob("*.py"):  # the messages and reports a user reads
        texts[path.name] = path.read_text(encoding="utf-8")
    texts["data/raw/README.md"] = (REPO / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    return texts


def test_the_words_users_read_follow_one_glossary():
    found = [(name, pattern, m.group(0), better) for name, text in user_texts().items()
             for pattern, better in WRONG_TERMS.items() for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    assert found == []


def test_performance_page_is_in_bahasa_indonesia_linked_and_names_the_code_it_measured():
    page = DOCS["docs/performance.md"]
    assert "docs/performance.md" in DOCS["README.md"]
    assert "Kode yang diukur: commit" in page
    english = ("The ", " the ", "Machine:", "Run:", "Code measured")
    assert [w for w in english if w in page] == []


def test_the_readme_maps_every_sub_package_and_module_in_the_order_of_the_import_contract():
    """README "Package map": one row per sub-package, bottom layer first, naming every module."""
    import tomllib

    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", section("README.md", "Package map"), flags=re.MULTILINE)
    mapped = {sub: {m.strip() for m in re.findall(r"`(\w+)`", modules)} for sub, modules in rows}
    package = REPO / "iku_helpers"
    actual = {p.parent.name: {m.stem for m in p.parent.glob("*.py")} - {"__init__"}
              for p in package.glob("*/__init__.py")}
    assert mapped == actual
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    assert [sub for sub, _ in rows] == [layer.strip() for layer in reversed(layers)]


def test_every_environment_variable_the_package_reads_is_documented():
    """Names of the form IKU_* in the code are in the README's table of environment variables."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "iku_helpers").rglob("*.py"))
    used = set(re.findall(r"\bIKU_[A-Z_]+\b", code))
    documented = set(re.findall(r"^\| `(IKU_[A-Z_]+)` \|", section("README.md", "Variabel lingkungan"),
                                flags=re.MULTILINE))
    assert used and used == documented
