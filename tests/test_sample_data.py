"""The bundled synthetic sample (data/raw) is exactly what scripts/generate_sample_data.py writes;
the names and writing rules it shares with the benchmark data (scripts/sample_words.py) are read
by the package as they are meant.

If a test here fails after a deliberate change to the generator (or an openpyxl upgrade that
changes the xlsx XML), regenerate and commit:  python scripts/generate_sample_data.py
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from iku_helpers.core.facts import INDICATOR_CODES, PLAN_YEARS
from iku_helpers.core.tables import KATEGORI_PERDAGANGAN, KECAMATAN, PDRB_KATEGORI, TABLES, canonical_column

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "generate_sample_data.py"
COMMITTED = REPO / "data" / "raw"
pytestmark = pytest.mark.xdist_group("sample_data")  # one worker generates the sample (`generated`)


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_sample_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
words = importlib.import_module("sample_words")  # scripts/: the generator put it on sys.path


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


@pytest.mark.e2e  # a second whole generation of the sample (slow): `make test` only
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
    from iku_helpers.ingest.header import find_header
    from iku_helpers.ingest.workbooks import read_excel_rows

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
    assert tuple(words.DESA_KELURAHAN) == KECAMATAN
    assert sum(d for d, _ in words.DESA_KELURAHAN.values()) == 226
    assert sum(k for _, k in words.DESA_KELURAHAN.values()) == 22
    assert words.KOTA == ("Kaliwates", "Sumbersari", "Patrang")
    assert tuple(words.KATEGORI_DAGANG) == tuple(KATEGORI_PERDAGANGAN)
    assert tuple(k for k, _, _ in words.PDRB_LAPANGAN) == PDRB_KATEGORI
    assert tuple(words.TARGETS) == INDICATOR_CODES and words.TARGET_YEARS == tuple(PLAN_YEARS)


def test_headers_are_aliases_of_the_tables_columns():
    """Each usaha_mikro file names its columns differently: every name is an alias of the column
    it holds (the running number aside)."""
    columns = {"id": "id_usaha", "nama": "nama_usaha", "kec": "kecamatan", "omzet": "omzet_tahunan",
               "modal": "modal_usaha", "status": "status_aktif"}
    for fname, lay in gen.UMKM_LAYOUT.items():
        for role, header in lay.roles.items():
            assert canonical_column(header, "usaha_mikro") == columns[role], (fname, header)
        for header in set(lay.header) - {"No"}:
            assert canonical_column(header, "usaha_mikro") in TABLES["usaha_mikro"].columns, (fname, header)


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
    for typo, kec in words.KEC_TYPOS.items():
        assert [k for k in official if _edits(typo.lower(), k) == 1] == [kec.lower()] == [gen.KEC_WRITTEN[typo].lower()]
    for unknown in words.KEC_ASING:
        squashed = unknown.replace(" ", "").lower()
        assert not [k for k in official if _edits(squashed, k) <= 1]


def _kinds(text: str) -> set[str]:
    low = text.lower()
    return {code for code, (_, marks) in KATEGORI_PERDAGANGAN.items() if any(w in low for w in marks)}


def test_trade_categories_classify_as_intended():
    for code, texts in words.KATEGORI_DAGANG.items():
        for text in texts:
            assert _kinds(text) == {code}, text
    assert _kinds(words.KATEGORI_TIDAK_COCOK) == set()
    assert len(_kinds(words.KATEGORI_GANDA)) == 2


def test_shared_writing_rules_read_as_meant():
    """Every way sample_words writes a value, the package reads as the value meant (both
    generators write with these rules); the values meant to be rejected are rejected."""
    import pandas as pd

    from iku_helpers.ingest.values import (
        parse_date,
        parse_identifier,
        parse_number,
        parse_status_aktif,
        resolve_kecamatan,
    )

    for kec in KECAMATAN:
        for form, write in words.KEC_FORMS.items():
            assert resolve_kecamatan(write(kec)) == (kec, False), (kec, form)
    assert [resolve_kecamatan(t) for t in words.KEC_TYPOS] == [(k, True) for k in words.KEC_TYPOS.values()]
    assert [resolve_kecamatan(t) for t in words.KEC_ASING] == [(None, False)] * len(words.KEC_ASING)

    money = []
    for v in (25_000_000, 1_250_000, 1_500_000_000, 850_000.5, 14_190_123.45):
        forms = ["rp", "rp_tight", "plain", "machine"]
        forms += [f for f, fits in (("jt", words.fits_jt), ("M", words.fits_m)) if v == int(v) and fits(int(v))]
        for form in forms:
            for word in {"jt": words.JT_WORDS, "M": words.M_WORDS}.get(form, ("",)):
                money.append((words.money_text(v, form, word), v))
    assert {text for text, _ in money} >= {"25 jt", "25 juta", "1,5 M", "1,5 milyar", "Rp 1.250.000",
                                           "850.000,50", "14190123.45"}
    assert parse_number(pd.Series([t for t, _ in money])).values.tolist() == pytest.approx([v for _, v in money])
    unreadable = [words.UANG_TITIK_SALAH, words.UANG_EMPAT_DESIMAL, words.UANG_HURUF, words.UANG_NEGATIF]
    assert parse_number(pd.Series(unreadable, dtype=object)).errors.notna().all()

    dates = [(dt.date(2025, m, 5 + m), pendek) for m in range(1, 13) for pendek in words.BULAN_PENDEK[m - 1]]
    texts = [words.date_text(d, form, pendek) for d, pendek in dates for form in words.DATE_TEXT_FORMS]
    meant = [pd.Timestamp(d) for d, _ in dates for _ in words.DATE_TEXT_FORMS]
    assert parse_date(pd.Series(texts)).values.tolist() == meant

    nik = str(words.nik_pemilik(words.KEC_NO["Patrang"], 31, 12, 1999, True, 30))
    assert nik == "3509317112990030"
    assert str(words.nik_koperasi(words.KEC_NO["Kencong"], 25, 1234567)) == "3509010251234567"
    for digits in (nik, "9120000012345"):
        cells = [words.id_written(digits, form) for form in words.ID_FORMS]
        parsed = parse_identifier(pd.Series(cells, dtype=object), len(digits))
        assert parsed.values.tolist()[:-1] == [digits] * (len(cells) - 1) and parsed.errors.notna().tolist()[-1]
        assert words.ID_FORMS[-1] == "sci"

    for aktif in (True, False):
        status = [w for style in words.STATUS_WORDS.values() for w, _ in style[0 if aktif else 1]]
        assert parse_status_aktif(pd.Series(status, dtype=object)).values.tolist() == [aktif] * len(status)
    assert parse_status_aktif(pd.Series([words.STATUS_ASING])).errors.notna().all()


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
    from iku_helpers.core.params import Params
    from iku_helpers.indicators.model import sources_from_year
    from iku_helpers.indicators.registry import compute_all
    from iku_helpers.ingest.dataset import load_year

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
