"""`iku run --strict` (spec section 12, decision 3) and the run's console summary.

An indicator `belum tersedia` only because its source is published later by design (IT-1 for a
quarter; IT-1 when the PDRB table is there without year n) does not fail --strict; a table not
delivered at all, `tidak dapat dihitung`, and every warning do. Counts and times on the console are
in Indonesian notation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iku_helpers.commands.cli import configure_logging, main
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from iku_helpers.indicators.model import sources_from_year
from iku_helpers.indicators.registry import compute_all
from iku_helpers.ingest.dataset import load_year
from iku_helpers.publish import runner
from iku_helpers.publish.build import Outcome, delivered_tables, published_later, published_warnings, seconds_text

BELUM, TIDAK = "belum tersedia", "tidak dapat dihitung"


def _records(**statuses: str) -> list[dict]:
    return [{"kode": kode.replace("_", "-"), "status": status} for kode, status in statuses.items()]


@pytest.mark.parametrize(("triwulan", "delivered", "statuses", "scheduled"), [
    (2, set(), {"IT_1": BELUM}, ["IT-1"]),  # PDRB is yearly: never there for a quarter, delivered or not
    (2, {"pdrb_lapangan_usaha"}, {"IT_1": BELUM}, ["IT-1"]),
    (4, {"pdrb_lapangan_usaha"}, {"IT_1": BELUM}, ["IT-1"]),  # the table is there, year n not yet
    (4, set(), {"IT_1": BELUM}, []),  # the table was never delivered
    (4, {"pdrb_lapangan_usaha"}, {"IT_1": TIDAK}, []),  # delivered but incomplete
    (2, {"pdrb_lapangan_usaha"}, {"IT_1": TIDAK}, []),
    (4, {"koperasi"}, {"IT_1": "ok", "IKU_1": BELUM}, []),  # only IT-1's source is published later
    (2, set(), {"IKU_1": BELUM, "IKU_3": TIDAK}, []),
])
def test_which_belum_tersedia_is_by_the_publication_schedule(triwulan, delivered, statuses, scheduled):
    assert published_later(Params(year=2026, triwulan=triwulan), _records(**statuses), delivered) == scheduled


def _publish_reconciliation(data, out: Path) -> Layout:
    """What the run publishes that the strict decision reads back: the period's reconciliation."""
    lay = Layout(data.params.replace(output_dir=out))
    lay.audit_dir.mkdir(parents=True, exist_ok=True)
    data.reconciliation().to_csv(lay.reconciliation, index=False)
    return lay


def _strict_outcome(raw: Path, out: Path, year: int, triwulan: int) -> Outcome:
    """The outcome of a period as build_period fills it, from the fixture's real results."""
    data = load_year(Params(year=year, triwulan=triwulan, raw_dir=raw))
    table, _ = compute_all(sources_from_year(data))
    records = table[["kode", "status"]].to_dict(orient="records")
    lay = _publish_reconciliation(data, out)
    return Outcome(data.params, ok=True, statuses={r["kode"]: r["status"] for r in records},
                   terjadwal=published_later(data.params, records, delivered_tables(lay)))


def test_strict_decision_on_the_fixture(raw_fixture, tmp_path):
    # 2026: the PDRB table holds 2025 only (BPS publishes year n in n + 1)
    annual = _strict_outcome(raw_fixture, tmp_path / "a", 2026, 4)
    assert annual.statuses["IT-1"] == BELUM and annual.terjadwal == ["IT-1"]
    assert annual.strict_problems() == []
    quarter = _strict_outcome(raw_fixture, tmp_path / "q", 2026, 2)
    assert quarter.statuses["IT-1"] == BELUM and quarter.strict_problems() == []
    assert _strict_outcome(raw_fixture, tmp_path / "a25", 2025, 4).statuses["IT-1"] == "ok"
    # warnings still fail it
    annual.warnings = ["4 baris ditolak (lihat audit/baris_ditolak_2026.csv)"]
    assert annual.strict_problems() == annual.warnings

    # no PDRB table delivered at all: IT-1 belum tersedia fails --strict for the year, not for a quarter
    (raw_fixture / "pdrb_lapangan_usaha.csv").unlink()
    missing = _strict_outcome(raw_fixture, tmp_path / "m", 2026, 4)
    assert missing.statuses["IT-1"] == BELUM and missing.terjadwal == []
    assert missing.strict_problems() == ["IT-1 belum tersedia"]
    assert _strict_outcome(raw_fixture, tmp_path / "mq", 2026, 2).strict_problems() == []

    # a year table not delivered: its indicators fail --strict
    (raw_fixture / "2026" / "koperasi.xlsx").unlink()
    no_kop = _strict_outcome(raw_fixture, tmp_path / "k", 2026, 2)
    assert no_kop.statuses["IKU-1"] == BELUM and "IKU-1 belum tersedia" in no_kop.strict_problems()


def test_an_incomplete_pdrb_year_is_tidak_dapat_dihitung_and_fails_strict(raw_fixture, tmp_path):
    pdrb = raw_fixture / "pdrb_lapangan_usaha.csv"
    lines = [line for line in pdrb.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("2025;A;", "2025;PDRB;"))]
    pdrb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = _strict_outcome(raw_fixture, tmp_path / "a", 2025, 4)
    assert outcome.statuses["IT-1"] == TIDAK and outcome.strict_problems() == ["IT-1 tidak dapat dihitung"]


def _outcome(label_year: int, triwulan: int = 4, **kwargs) -> Outcome:
    return Outcome(Params(year=label_year, triwulan=triwulan), ok=True, seconds=2.7,
                   report=f"outputs/{label_year}/laporan_iku_{label_year}.html", **kwargs)


def test_summary_and_strict_exit_codes(tmp_path, capsys):
    configure_logging()  # what `iku run` prints, to the captured stdout and stderr
    scheduled = _outcome(2026, statuses={"IT-1": BELUM, "IT-2": "ok"}, terjadwal=["IT-1"])
    assert runner._summary([scheduled], True, tmp_path) == 0
    out = capsys.readouterr().out
    assert "IT-1: belum tersedia (sumbernya memang terbit kemudian; tidak menggagalkan --strict)" in out

    missing = _outcome(2025, statuses={"IT-1": BELUM, "IKU-3": TIDAK}, warnings=["2.060 baris ditolak (lihat x.csv)"])
    assert runner._summary([scheduled, missing], False, tmp_path) == 0  # without --strict: done
    capsys.readouterr()
    assert runner._summary([scheduled, missing], True, tmp_path) == 1
    err = capsys.readouterr().err
    assert "GAGAL (--strict)" in err
    assert "  - 2025: 2.060 baris ditolak (lihat x.csv); IT-1 belum tersedia; IKU-3 tidak dapat dihitung" in err
    assert "2026:" not in err


def test_console_counts_and_times_are_in_indonesian_notation(tmp_path):
    assert seconds_text(2.7) == "2,7 detik" and seconds_text(1234.56) == "1.234,6 detik"
    slow = _outcome(2026, statuses={"IT-1": "ok"})
    slow.seconds = 1234.5
    text = "\n".join(runner.summary_lines([slow, Outcome(Params(year=2025), ok=False, seconds=2.7)], tmp_path))
    assert "1.234,5" in text and "  2,7  GAGAL" in text
    assert "1234.5" not in text and "2.7 " not in text

    lay = Layout(Params(year=2026, output_dir=tmp_path))
    lay.audit_dir.mkdir(parents=True)
    pq.write_table(pa.table({"baris": list(range(2060))}), lay.ledger.parquet)
    pq.write_table(pa.table({"catatan": ["Bangsarsari → Bangsalsari"] * 1234 + ["dilewati (sub-kategori C1)"] * 16}),
                   lay.notes.parquet)
    warnings = published_warnings(lay)
    assert warnings[0].startswith("2.060 baris ditolak (lihat ") and warnings[1].startswith("1.234 nilai diterima")


def test_run_logs_times_in_seconds_with_a_decimal_comma(raw_fixture, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(runner, "build_year", lambda periods, *a: [_outcome(p.year, statuses={"IT-1": "ok"})
                                                                   for p in periods])
    monkeypatch.setattr(runner, "write_index", lambda out: None)
    assert main(["run", "--year", "2025", "2026", "--raw-dir", str(raw_fixture), "--out", str(tmp_path / "o"),
                 "--processed-dir", str(tmp_path / "p"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "Pemeriksaan data mentah: 2 periode, " in out and " detik" in out
    assert " s\n" not in out and "2,7" in out


# --- end to end: a clean raw folder, nothing to warn about -----------------------------------------

def _csv(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_clean_raw(raw: Path) -> Path:
    """Two years with no row rejected and no value corrected (nothing --strict counts as a
    warning); the PDRB table holds 2025 only, as BPS publishes it in 2026."""
    for year in (2025, 2026):
        y = raw / str(year)
        _csv(y / "koperasi.csv", ["nik;nama_koperasi;kecamatan;tanggal_rat",
                                  f"3509010000000001;Kop A;Patrang;{year}-03-10",
                                  f"3509010000000002;Kop B;Ajung;{year}-02-10"])
        _csv(y / "fasilitasi_koperasi.csv", ["tanggal;nik;jenis_fasilitasi", f"{year}-05-05;3509010000000001;pelatihan"])
        _csv(y / "usaha_mikro.csv", ["id_usaha;nama_usaha;kecamatan;omzet_tahunan;status_aktif",
                                     "2000000000001;Usaha A;Patrang;100000000;ya",
                                     "2000000000002;Usaha B;Ajung;150000000;ya"])
        _csv(y / "fasilitasi_usaha_mikro.csv", ["tanggal;id_usaha;jenis_fasilitasi",
                                                f"{year}-02-01;2000000000001;pelatihan"])
        _csv(y / "fasilitasi_perdagangan.csv", ["tanggal;kategori;uraian;jumlah", f"{year}-01-15;Operasi pasar;OP beras;2"])
    _csv(raw / "pdrb_lapangan_usaha.csv", ["tahun;kategori;adhb"] + [f"2025;{k};5" for k in "ABCDEFGHIJKLMNOPQRSTU"])
    _csv(raw / "target_iku.csv", ["kode;tahun;target"] + [f"{k};{y};50" for y in (2025, 2026)
                                                          for k in ("IT-1", "IT-2", "IKU-1", "IKU-2", "IKU-3")])
    return raw


def test_clean_raw_folder_has_nothing_to_warn_about(tmp_path):
    from iku_helpers.ingest.audit_trail import set_aside_notes
    from iku_helpers.ingest.dataset import check_structure

    raw = build_clean_raw(tmp_path / "raw")
    for triwulan in (2, 4):
        params = Params(year=2026, triwulan=triwulan, raw_dir=raw)
        data = load_year(params)
        assert data.ledger().empty and not (~set_aside_notes(data.notes()["catatan"])).any()
        assert check_structure([params]) == {params.label: []}


@pytest.mark.e2e
def test_strict_passes_when_only_the_pdrb_schedule_is_waited_for(tmp_path, capsys):
    raw = build_clean_raw(tmp_path / "raw")
    common = ["--raw-dir", str(raw), "--out", str(tmp_path / "out"), "--processed-dir", str(tmp_path / "p"),
              "--jobs", "1", "--strict"]
    assert main(["run", "--year", "2026", "--triwulan", "2", "4", *common]) == 0
    captured = capsys.readouterr()
    assert "GAGAL" not in captured.err
    assert captured.out.count("IT-1: belum tersedia (sumbernya memang terbit kemudian") == 2  # 2026-tw2 and 2026
    assert pd.read_csv(tmp_path / "out" / "2026" / "iku_2026.csv").set_index("kode").at["IT-1", "status"] == BELUM

    (raw / "pdrb_lapangan_usaha.csv").unlink()  # not delivered at all: that fails --strict
    shutil.rmtree(tmp_path / "p")
    assert main(["run", "--year", "2026", *common]) == 1
    err = capsys.readouterr().err
    assert "GAGAL (--strict)" in err and "  - 2026: IT-1 belum tersedia" in err


def test_the_readme_note_on_the_sample_holds(tmp_path):
    """README: the sample's rejected rows make `iku run --strict` end with code 1 in every year; its
    PDRB table without 2026 does not."""
    from iku_helpers.core.params import PROJECT_ROOT

    sample = PROJECT_ROOT / "data" / "raw"
    if not (sample / "2026").is_dir():
        pytest.skip("bundled sample not present")
    for year in (2025, 2026):
        data = load_year(Params(year=year, raw_dir=sample))
        assert len(data.ledger()) > 0, year  # a warning in every period of the year
        if year == 2026:
            table, _ = compute_all(sources_from_year(data))
            records = table[["kode", "status"]].to_dict(orient="records")
            lay = _publish_reconciliation(data, tmp_path)
            assert published_later(data.params, records, delivered_tables(lay)) == ["IT-1"]
            assert [r["kode"] for r in records if r["status"] != "ok"] == ["IT-1"]
