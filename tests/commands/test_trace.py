"""`iku telusur`: one entity traced from its raw rows to the verdict, on the bundled sample."""

from __future__ import annotations

import pandas as pd
import pytest

from iku_helpers.commands.cli import main
from iku_helpers.commands.trace import trace
from iku_helpers.core.params import PROJECT_ROOT, Params
from iku_helpers.ingest.discovery import discover
from iku_helpers.ingest.reading import read_table

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("sample_run")]  # one worker builds the sample run
SAMPLE = PROJECT_ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def folders(sample_run):
    """The published outputs and the processed cache of the sample run."""
    return sample_run, sample_run.parent / "processed"


@pytest.fixture(scope="module")
def entities(folders):
    out, _ = folders
    return {k: pd.read_parquet(out / "2026" / "audit" / f"entitas_{k}_2026.parquet") for k in ("IKU-1", "IKU-2")}


def _telusur(capsys, folders, *args) -> tuple[int, str]:
    out, processed = folders
    code = main(["telusur", *args, "--raw-dir", str(SAMPLE), "--processed-dir", str(processed), "--out", str(out)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _params(folders, q: int = 4) -> Params:
    out, processed = folders
    return Params(year=2026, triwulan=q, raw_dir=SAMPLE, processed_dir=processed, output_dir=out).resolved()


def test_a_counted_koperasi(folders, entities, capsys):
    e = entities["IKU-1"]
    nik = e[e["dihitung_pembilang"]]["nik"].iloc[0]
    t = trace(_params(folders), "IKU-1", nik)
    assert t.counted_penyebut and t.counted_pembilang
    kept_events = [r for r in t.rows if r.table == "fasilitasi_koperasi" and r.kept]
    assert kept_events and all(r.detail.startswith("tanggal ") for r in kept_events)
    code, text = _telusur(capsys, folders, "IKU-1", nik, "--year", "2026")
    assert code == 0
    assert "DIHITUNG dalam penyebut dan pembilang IKU-1 Tahun 2026" in text
    assert "2026/koperasi.xlsx, sheet Koperasi, baris " in text and "jendela RAT 1 tahun" in text
    assert "entitas_IKU-1_2026.csv" in text


def test_a_facilitated_koperasi_that_is_not_aktif(folders, entities):
    e = entities["IKU-1"]
    nik = e[e["difasilitasi"] & ~e["aktif"]]["nik"].iloc[0]
    t = trace(_params(folders), "IKU-1", nik)
    assert not t.counted_penyebut and not t.counted_pembilang
    assert "TIDAK DIHITUNG" in t.verdict and "difasilitasi tetapi tidak aktif" in t.verdict
    assert any("aktif pada Tahun 2026: tidak" in f for f in t.facts)


def test_a_koperasi_with_a_duplicate_row(folders):
    ledger = pd.read_parquet(folders[0] / "2026" / "audit" / "baris_ditolak_2026.parquet")
    dup = ledger[(ledger["tabel"] == "koperasi") & ledger["alasan"].str.contains("ganda")].iloc[0]
    t = trace(_params(folders), "IKU-1", dup["nilai"])
    rejected = [r for r in t.rows if not r.kept]
    kept = [r for r in t.rows if r.kept and r.table == "koperasi"]
    assert [r.row for r in rejected] == [int(dup["baris"])] and len(kept) == 1
    sheet = f", sheet {kept[0].sheet}" if kept[0].sheet else ""
    assert f"yang dipakai baris {kept[0].row} ({kept[0].file}{sheet})" in rejected[0].reasons[0]


def test_a_usaha_rejected_for_its_omzet(folders, capsys):
    ledger = pd.read_parquet(folders[0] / "2026" / "audit" / "baris_ditolak_2026.parquet")
    bad = ledger[(ledger["tabel"] == "usaha_mikro") & (ledger["nilai"] == "12.34.5")].iloc[0]
    raw = read_table(discover(SAMPLE / "2026", ("usaha_mikro",), base=SAMPLE).tables["usaha_mikro"], SAMPLE).frame
    row = raw[(raw["_berkas"] == bad["berkas"]) & (raw["_baris"] == bad["baris"])].iloc[0]
    code, text = _telusur(capsys, folders, "IKU-2", str(row["id_usaha"]), "--year", "2026")
    assert code == 0
    assert f"{bad['berkas']}, sheet {bad['sheet']}, baris {bad['baris']} [usaha_mikro]: DITOLAK" in text
    assert "Omzet tahunan tidak dapat dibaca sebagai angka" in text
    assert "TIDAK DIHITUNG dalam IKU-2 Tahun 2026: semua barisnya di usaha_mikro ditolak" in text
    owner = row.get("nik_pemilik")
    if isinstance(owner, str) and owner.strip():
        assert owner.strip() not in text  # the owner's NIK is never shown


def test_a_quarter_counts_only_facilitation_up_to_its_end(folders, entities):
    e = entities["IKU-1"]
    nik = e[e["dihitung_pembilang"]]["nik"].iloc[0]
    t = trace(_params(folders, 1), "IKU-1", nik)
    assert t.params.label == "2026-tw1"
    assert any("s.d. 31 Maret 2026" in f for f in t.facts)
    assert "(periode ini belum diterbitkan" in t.entity_list


def test_unknown_id_bad_id_and_kode_without_entities(folders, capsys):
    code, text = _telusur(capsys, folders, "IKU-2", "9999999999999", "--year", "2026")
    assert code == 1 and "9999999999999 tidak ditemukan di berkas usaha_mikro dan fasilitasi_usaha_mikro tahun 2026" in text
    assert "Traceback" not in text
    code, text = _telusur(capsys, folders, "IKU-1", "3509", "--year", "2026")
    assert code == 2 and "harus 16 digit" in text
    code, text = _telusur(capsys, folders, "IKU-3", "123", "--year", "2026")
    assert code == 2 and "iku telusur IKU-3" in text
    code, text = _telusur(capsys, folders, "IKU-9", "--year", "2026")
    assert code == 2 and "tidak dikenal" in text


def test_kode_alone_prints_the_formula_with_the_published_numbers(folders, capsys):
    published = pd.read_csv(folders[0] / "2026" / "iku_2026.csv").set_index("kode")
    code, text = _telusur(capsys, folders, "iku-1")  # latest year folder by default; kode in any case
    assert code == 0
    pembilang, penyebut = int(published.at["IKU-1", "pembilang"]), int(published.at["IKU-1", "penyebut"])
    assert f"({pembilang}) / jumlah seluruh koperasi aktif ({penyebut}) × 100%" in text
    assert "IKU-1 — Persentase koperasi yang difasilitasi, Tahun 2026" in text
    assert "Telusuri satu entitas: iku telusur IKU-1 <NIK koperasi>" in text


def test_an_indicator_that_cannot_be_computed_says_so(raw_fixture, tmp_path):
    (raw_fixture / "2026" / "fasilitasi_koperasi.csv").unlink()
    params = Params(year=2026, raw_dir=raw_fixture, processed_dir=tmp_path / "p", output_dir=tmp_path / "o")
    t = trace(params, "IKU-1", "3509010000000001")
    assert "IKU-1 Tahun 2026 belum dapat dihitung (belum tersedia)" in t.verdict
    assert [r.kept for r in t.rows] == [True]


def test_a_quarter_marks_facilitation_after_its_end(raw_fixture, tmp_path):
    params = Params(year=2026, triwulan=1, raw_dir=raw_fixture, processed_dir=tmp_path / "p", output_dir=tmp_path / "o")
    t = trace(params, "IKU-2", "2000000000001")  # facilitated 1 May 2026, after 31 March
    event = next(r for r in t.rows if r.table == "fasilitasi_usaha_mikro")
    assert event.kept and "setelah 31 Maret 2026: tidak dihitung untuk periode ini" in event.detail
    assert any("fasilitasi setelah akhir periode (tidak dihitung): 1" in f for f in t.facts)
    assert "DIHITUNG dalam penyebut, TIDAK dalam pembilang" in t.verdict


def test_triwulan_zero_is_refused(capsys, folders):
    code, text = _telusur(capsys, folders, "IKU-1", "--year", "2026", "--triwulan", "0")
    assert code == 2 and "triwulan" in text
