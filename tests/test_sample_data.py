"""The bundled synthetic sample (data/raw) is exactly what scripts/generate_sample_data.py writes.

If a test here fails after a deliberate change to the generator (or an openpyxl upgrade that
changes the xlsx XML), regenerate and commit:  python scripts/generate_sample_data.py
"""

from __future__ import annotations

import importlib.util
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from iku_helpers.core.tables import KATEGORI_PERDAGANGAN, KECAMATAN

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "generate_sample_data.py"
COMMITTED = REPO / "data" / "raw"


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_sample_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sample") / "raw"
    summary = gen.generate(out)
    return out, summary


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _raw_member(path: Path, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of one zip member, as stored."""
    with path.open("rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        return fh.read(info.compress_size)


def _same_zlib_as(path: Path) -> bool:
    """Whether this machine's zlib deflates exactly as the one that wrote ``path`` did."""
    with zipfile.ZipFile(path) as zf:
        info = max(zf.infolist(), key=lambda i: i.file_size)
        comp = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        ours = comp.compress(zf.read(info)) + comp.flush()
    return ours == _raw_member(path, info)


def _zip_content(path: Path) -> list[tuple]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, i.date_time, i.compress_type, zf.read(i)) for i in zf.infolist()]


@pytest.fixture(scope="module")
def committed() -> Path:
    if not (COMMITTED / gen.MARKER).exists():
        pytest.skip("data/raw does not hold the bundled sample (no DATA_CONTOH.txt)")
    return COMMITTED


def test_same_set_of_files(generated, committed):
    out, _ = generated
    assert _files(committed) == _files(out)


def test_every_file_is_byte_identical(generated, committed):
    out, _ = generated
    differ = []
    for rel in sorted(_files(out)):
        ours, theirs = (out / rel).read_bytes(), (committed / rel).read_bytes()
        if ours == theirs:
            continue
        if rel.endswith(".xlsx") and not _same_zlib_as(committed / rel):
            # Another zlib (zlib-ng, say) deflates differently: compare what is inside the zip.
            if _zip_content(out / rel) == _zip_content(committed / rel):
                continue
        differ.append(rel)
    assert not differ, (
        f"regenerated files differ from data/raw: {differ}. "
        "Run `python scripts/generate_sample_data.py` and commit the result if the change is intended."
    )


def test_generator_is_deterministic(generated, tmp_path):
    out, _ = generated
    again = tmp_path / "again"
    gen.main(["--out", str(again)])
    assert _files(again) == _files(out)
    for rel in sorted(_files(out)):
        assert (again / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_xlsx_have_fixed_metadata(generated):
    out, _ = generated
    for path in sorted(out.rglob("*.xlsx")):
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            assert names == sorted(names)
            assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = zf.read("docProps/core.xml").decode()
            assert "2026-01-19T00:00:00Z" in core and "DATA CONTOH" in core


def test_layout(generated):
    out, _ = generated
    assert (out / "target_iku.csv").is_file()
    assert (out / "pdrb_lapangan_usaha.xlsx").is_file()
    for year in ("2025", "2026"):
        ydir = out / year
        assert ydir.is_dir()
        for name in ("koperasi.xlsx", "fasilitasi_koperasi.xlsx", "fasilitasi_usaha_mikro.xlsx",
                     "fasilitasi_perdagangan.csv"):
            assert (ydir / name).is_file(), name
        um = ydir / "usaha_mikro"
        assert um.is_dir()
        files = sorted(p.name for p in um.iterdir())
        assert len(files) >= 3
        assert any(f.endswith(".csv") for f in files) and any(f.endswith(".xlsx") for f in files)
    # One line, and it says what it is.
    marker = (out / gen.MARKER).read_text(encoding="utf-8")
    assert marker.count("\n") == 1 and "DATA CONTOH" in marker
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "SINTETIS" in readme and str(gen.SEED) in readme and "--raw-dir" in readme


def test_pdrb_is_bps_wide_table_without_2026(generated):
    """The sample's PDRB table is BPS's own wide layout: years as columns, 2024* and 2025** marked."""
    from iku_helpers.ingest.reading import find_header, read_excel_rows

    out, _ = generated
    _, rows = read_excel_rows(out / "pdrb_lapangan_usaha.xlsx", "pdrb_lapangan_usaha", "pdrb")
    header = rows[find_header(rows, "pdrb_lapangan_usaha")]
    assert [c for c in header if c] == ["2022", "2023", "2024*", "2025**"]


def test_encodings(generated):
    out, _ = generated
    timur = (out / "2025" / "usaha_mikro" / "03_wilayah_timur.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        timur.decode("utf-8")
    assert "Café" in timur.decode("cp1252")
    assert (out / "2025" / "fasilitasi_perdagangan.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_reference_lists_match_the_package():
    assert gen.KEC_NAMES == KECAMATAN
    assert sum(d for _, d, _ in gen.KECAMATAN) == 226 and sum(k for _, _, k in gen.KECAMATAN) == 22


def _edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def test_kecamatan_typos_are_what_they_claim():
    official = [k.lower() for k in KECAMATAN]
    for typo in gen.KEC_TYPOS:
        assert [k for k in official if _edits(typo.lower(), k) == 1] == [gen.KEC_WRITTEN[typo].lower()]
    for unknown in ("Jember Kota", "Kota Jember"):
        squashed = unknown.replace(" ", "").lower()
        assert not [k for k in official if _edits(squashed, k) <= 1]


def _kinds(text: str) -> set[str]:
    low = text.lower()
    return {code for code, (_, words) in KATEGORI_PERDAGANGAN.items() if any(w in low for w in words)}


def test_trade_categories_classify_as_intended():
    for code, texts in gen.KATEGORI_DAGANG.items():
        for text in texts:
            assert _kinds(text) == {code}, text
    assert _kinds(gen.KATEGORI_TIDAK_COCOK) == set()
    assert len(_kinds(gen.KATEGORI_GANDA)) == 2


def test_summary_is_consistent(generated):
    _, summary = generated
    for year, tables in summary["tables"].items():
        for name, t in tables.items():
            assert t["rows_read"] == t["kept"] + t["rejected_total"] + t["skipped"] + t["empty"] + t["totals"], (
                year, name)
    for year in ("2025", "2026"):
        tables = summary["tables"][year]
        assert tables["usaha_mikro"]["rows_read"] <= 25_000
        assert 1_800 <= tables["koperasi"]["rows_read"] <= 2_300
        assert 400 <= tables["fasilitasi_koperasi"]["rows_read"] <= 600
        assert 2_000 <= tables["fasilitasi_usaha_mikro"]["rows_read"] <= 3_000
        assert 80 <= tables["fasilitasi_perdagangan"]["rows_read"] <= 200
    ind = summary["indicators"]
    assert ind["2025"]["IKU-3"]["realisasi"] == 100
    assert ind["2026"]["IT-1"]["status"] == "belum tersedia"
    assert abs(ind["2026"]["IKU-3"]["realisasi"] - 50) > 3


def test_total_size(generated):
    out, _ = generated
    assert sum((out / rel).stat().st_size for rel in _files(out)) < 8_000_000


def test_refuses_to_overwrite_a_folder_with_other_data(tmp_path):
    real = tmp_path / "raw"
    real.mkdir()
    (real / "koperasi.xlsx").write_bytes(b"real data")
    assert gen.main(["--out", str(real)]) == 2
    assert (real / "koperasi.xlsx").read_bytes() == b"real data"


@pytest.mark.parametrize("year", [2025, 2026])
def test_package_agrees_with_the_generator(generated, committed, year):
    """What the package computes from data/raw is what the generator meant to write."""
    from iku_helpers.ingest.dataset import load_year
    from iku_helpers.indicators.model import sources_from_year
    from iku_helpers.indicators.registry import compute_all
    from iku_helpers.core.params import Params

    _, summary = generated
    data = load_year(Params(year=year, raw_dir=committed))
    counts = data.reconciliation().groupby("tabel").sum(numeric_only=True)
    intended = {**summary["tables"][str(year)], **summary["tables"]["root"]}
    assert set(counts.index) == set(intended)
    for table, want in intended.items():
        got = counts.loc[table]
        assert (got.baris_dibaca, got.baris_diterima, got.baris_ditolak, got.baris_dilewati, got.baris_kosong,
                got.baris_total) == (want["rows_read"], want["kept"], want["rejected_total"], want["skipped"],
                                     want["empty"], want["totals"]), table
    table, _ = compute_all(sources_from_year(data))
    rows = table.set_index("kode")
    for kode, want in summary["indicators"][str(year)].items():
        got = rows.loc[kode]
        assert got["status"] == want["status"], kode
        assert got["target"] == pytest.approx(want["target"]), kode
        for key in ("pembilang", "penyebut", "realisasi", "capaian"):
            if key in want:
                assert got[key] == pytest.approx(want[key], rel=1e-12), (kode, key)
