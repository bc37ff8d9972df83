"""Smoke test of the benchmark data generator (benchmarks/generate_large.py), not of the benchmark.

A tiny set in each format (2,000 register rows; the xlsx set in two files of 1,000 rows) is read
by load_year: every row is accounted for, and both formats give the same indicators. Its names
and values come from scripts/sample_words.py, as the bundled sample's do.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
from pathlib import Path

import pytest

from iku_helpers.core.params import Params
from iku_helpers.core.tables import TABLES, canonical_column
from iku_helpers.indicators.model import sources_from_year
from iku_helpers.indicators.registry import compute_all
from iku_helpers.ingest.audit_trail import ROW_BUCKETS
from iku_helpers.ingest.dataset import load_year

ROOT = Path(__file__).resolve().parents[1]
ROWS = 2_000
PER_FILE = 1_000
YEAR = 2025


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_large", ROOT / "benchmarks" / "generate_large.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
words = importlib.import_module("sample_words")  # scripts/: the generator put it on sys.path


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("bench")
    return {fmt: gen.generate(base / fmt, ROWS, fmt, YEAR, rows_per_file=PER_FILE, workers=1)
            for fmt in ("csv", "xlsx")}


def _counts(raw: Path):
    data = load_year(Params(year=YEAR, raw_dir=raw))
    return data, data.reconciliation()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_generated_set_is_read_whole(sets, fmt):
    raw = sets[fmt]
    info = gen.read_marker(raw)
    files = sorted(p.relative_to(raw / str(YEAR)).as_posix() for p in gen.register_files(raw))
    assert files == (["usaha_mikro.csv"] if fmt == "csv"
                     else ["usaha_mikro/01_umkm_blok_01.xlsx", "usaha_mikro/02_umkm_blok_02.xlsx"])
    data, rec = _counts(raw)
    assert data.missing == []
    parts = rec[ROW_BUCKETS].sum(axis=1)
    assert (rec["baris_dibaca"] == parts).all(), rec

    umkm = rec[rec["tabel"] == "usaha_mikro"]
    expected = info["expected"]["usaha_mikro"]
    assert umkm["baris_dibaca"].sum() == ROWS == expected["baris_dibaca"]
    assert umkm["baris_diterima"].sum() == expected["baris_diterima"]
    assert len(data.tables["usaha_mikro"].data) == expected["baris_diterima"]
    if fmt == "xlsx":
        assert umkm["baris_dibaca"].tolist() == [PER_FILE, PER_FILE]  # at most rows_per_file per file
    for table in ("fasilitasi_usaha_mikro", "koperasi", "fasilitasi_koperasi", "fasilitasi_perdagangan"):
        row = rec[rec["tabel"] == table]
        assert row["baris_dibaca"].sum() == info["expected"][table]["baris_dibaca"], table
        assert row["baris_ditolak"].sum() == info["expected"][table]["baris_ditolak"], table
    assert info["expected"]["fasilitasi_usaha_mikro"]["baris_dibaca"] == round(0.3 * ROWS)


def test_csv_and_xlsx_give_the_same_indicators(sets):
    tables = {fmt: compute_all(sources_from_year(load_year(Params(year=YEAR, raw_dir=raw))))[0]
              for fmt, raw in sets.items()}
    cols = ["kode", "pembilang", "penyebut", "realisasi", "status"]
    assert tables["csv"][cols].equals(tables["xlsx"][cols])
    assert (tables["csv"]["status"] == "ok").all()


def test_generation_is_deterministic_and_cached(sets, tmp_path):
    again = gen.generate(tmp_path / "csv", ROWS, "csv", YEAR, rows_per_file=PER_FILE, workers=1)
    for name in ("usaha_mikro.csv", "fasilitasi_usaha_mikro.csv", "koperasi.csv"):
        assert (again / str(YEAR) / name).read_bytes() == (sets["csv"] / str(YEAR) / name).read_bytes(), name
    stamp = (again / str(YEAR) / "usaha_mikro.csv").stat().st_mtime_ns
    gen.generate(tmp_path / "csv", ROWS, "csv", YEAR, rows_per_file=PER_FILE, workers=1)  # same parameters
    assert (again / str(YEAR) / "usaha_mikro.csv").stat().st_mtime_ns == stamp


def _rows(path: Path, delimiter: str) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def test_names_and_values_are_the_samples(sets):
    """The set speaks the sample's words: enterprises and owners, cooperatives, facilitations,
    trade categories and targets all come from sample_words."""
    folder = sets["csv"] / str(YEAR)
    sektor = dict(words.JENIS_USAHA)
    kinds = sorted(sektor, key=len, reverse=True)  # "Toko Kelontong" before "Toko"
    register = [r for r in _rows(folder / "usaha_mikro.csv", ";") if r["Sektor"]]
    assert len(register) > 1_900
    for r in register:
        kind = next(k for k in kinds if r["Nama Usaha"].startswith(k + " "))
        assert r["Sektor"] == sektor[kind]
        first = r["Nama Pemilik"].split()[0]
        assert first in words.NAMA_P + words.NAMA_L
        assert (int(r["NIK Pemilik"][6:8]) > 40) == (first in words.NAMA_P), r  # a woman's NIK: day + 40
    jenis = {j for j, _, _ in words.JENIS_KOPERASI} | {words.JENIS_MERAH_PUTIH}
    assert {r["Jenis Koperasi"] for r in _rows(folder / "koperasi.csv", ";")} == jenis
    bentuk = {b for b, _, _ in words.FASILITASI_KOPERASI}
    assert {r["Bentuk Fasilitasi"] for r in _rows(folder / "fasilitasi_koperasi.csv", ";")} <= bentuk
    bentuk = {b for b, _ in words.FASILITASI_UMKM} | {""}
    assert {r["Bentuk Fasilitasi"] for r in _rows(folder / "fasilitasi_usaha_mikro.csv", ",")} <= bentuk
    kategori = {t for texts in words.KATEGORI_DAGANG.values() for t in texts} | {words.KATEGORI_TIDAK_COCOK}
    assert {r["Kategori"] for r in _rows(folder / "fasilitasi_perdagangan.csv", ",")} <= kategori
    targets = _rows(sets["csv"] / "target_iku.csv", ";")
    assert {(r["Kode Indikator"], int(r["Tahun"])): r["Target (%)"] for r in targets} == {
        (kode, year): value for kode, values in words.TARGETS.items()
        for year, value in zip(words.TARGET_YEARS, values)}


def test_headers_are_aliases_of_the_tables_columns():
    """Every register header the generator writes names a column of usaha_mikro."""
    headers = list(gen.CSV_HEADER) + [h for _, _, header in gen.XLSX_LAYOUTS for h in header if h is not None]
    for header in headers:
        assert canonical_column(header, "usaha_mikro") in TABLES["usaha_mikro"].columns, header


def test_wide_koperasi_register_is_read_as_the_marker_says(tmp_path):
    """The wide register of the memory benchmark (issue 27): every row counted as expected, the 33
    columns outside the table's definition kept in the clean table (spec section 3)."""
    raw = gen.generate_wide_koperasi(tmp_path / "lebar", 600, YEAR)
    info = gen.read_marker(raw)
    data = load_year(Params(year=YEAR, raw_dir=raw))
    rec = data.reconciliation().set_index("tabel").loc["koperasi"]
    for bucket, n in info["expected"]["koperasi"].items():
        if bucket.startswith("baris_"):
            assert rec[bucket] == n, bucket
    known = set(TABLES["koperasi"].columns)
    extra = [c for c in data.tables["koperasi"].data.columns if c not in known and not c.startswith("sumber_")]
    assert len(extra) >= gen.WIDE_COLUMNS - 7
