"""End to end: the real notebooks through papermill on the small fixture (two years).

One run is shared by the read-only checks (module fixture); the failure, strict, determinism
and verify checks make their own runs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from iku_helpers.commands.cli import main
from iku_helpers.core.params import Params
from iku_helpers.indicators.model import sources_from_year
from iku_helpers.indicators.registry import compute_all
from iku_helpers.ingest.dataset import load_year
from iku_helpers.publish import build as publish
from rawfixture import EXPECTED, OWNER_NIK, XSS, build_raw

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_published")]  # one worker builds `published`


def run_cli(*args: str) -> int:
    return main(list(args))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Both years in parallel, with worker processes *spawned* as on Windows (where fork does not
    exist): the workers must import and set up everything they need themselves."""
    import multiprocessing

    from iku_helpers.publish import runner

    base = tmp_path_factory.mktemp("e2e")
    raw = build_raw(base / "raw")
    spawn = multiprocessing.get_context("spawn")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner.multiprocessing, "get_context", lambda method=None: spawn)
        code = run_cli("run", "--raw-dir", str(raw), "--out", str(base / "out"),
                       "--processed-dir", str(base / "processed"), "--jobs", "2")
    assert code == 0
    return base


def test_outputs_present(published):
    out = published / "out"
    for year in (2025, 2026):
        d = out / str(year)
        for name in (f"iku_{year}.csv", f"iku_{year}.json", f"laporan_iku_{year}.html", "manifest.json",
                     f"audit/baris_ditolak_{year}.csv", f"audit/rekonsiliasi_{year}.csv",
                     f"audit/01_pembersihan_{year}.ipynb", f"audit/03_laporan_{year}.html",
                     f"audit/entitas_IKU-1_{year}.csv"):
            assert (d / name).is_file(), name
    assert not list(out.glob(".tmp-*"))


def test_headline_values_match_the_indicator_module_and_hand_counts(published):
    for year, expected in EXPECTED.items():
        table = pd.read_csv(published / "out" / str(year) / f"iku_{year}.csv")
        assert list(table.columns) == ["kode", "indikator", "pembilang", "penyebut", "realisasi", "target",
                                       "capaian", "kategori", "status", "keterangan"]
        row = table.set_index("kode")
        for kode, (num, den, real) in expected.items():
            assert row.loc[kode, "pembilang"] == num and row.loc[kode, "penyebut"] == den, kode
            assert abs(row.loc[kode, "realisasi"] - real) < 1e-9, kode
        module, _ = compute_all(sources_from_year(load_year(Params(year=year, raw_dir=published / "raw"))))
        table["keterangan"] = table["keterangan"].fillna("")  # an empty text reads back as missing
        pd.testing.assert_frame_equal(table, module, check_dtype=False)
    it1 = pd.read_csv(published / "out" / "2026" / "iku_2026.csv").set_index("kode").loc["IT-1"]
    assert it1["status"] == "belum tersedia"


def test_report_has_no_code_and_four_charts_and_banner_only_for_sample(published):
    page = (published / "out" / "2025" / "laporan_iku_2025.html").read_text(encoding="utf-8")
    assert "workflow.load_report" not in page and "import" not in re.sub(r"<style.*?</style>", "", page, flags=re.S)
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) >= 4
    assert all(base64.b64decode(i)[:4] == b"\x89PNG" for i in images)
    assert "45,67" not in page and "50,00%" in page  # Indonesian notation
    assert "DATA CONTOH" not in page  # the fixture has no sample marker
    assert "http://" not in page.replace("http://www.w3.org", "") and "<script src=" not in page


def test_index_links_both_years_newest_first(published):
    page = (published / "out" / "index.html").read_text(encoding="utf-8")
    assert page.index("2026/laporan_iku_2026.html") < page.index("2025/laporan_iku_2025.html")


def test_hostile_names_stay_text_in_every_html(published):
    for path in (published / "out").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert XSS not in text, path
    entities = (published / "out" / "2025" / "audit" / "entitas_IT-2_2025.csv").read_text(encoding="utf-8")
    assert "Warung <script>" in entities  # CSV keeps the data as it is


def test_owner_nik_never_unmasked_under_outputs(published):
    for path in (published / "out").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert OWNER_NIK.encode() not in data, path
            assert b"Budi Santoso" not in data, path


def test_notebooks_saved_with_parameters(published):
    nb = nbformat.read(published / "out" / "2026" / "audit" / "02_indikator_2026.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "year = 2026" in injected[0].source


def test_failure_keeps_earlier_outputs_and_the_failed_notebook(published, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(published / "out", out)
    before = hashlib.sha256((out / "2025" / "iku_2025.csv").read_bytes()).hexdigest()
    # a notebook that breaks in its fourth cell (a bug, or data the code did not foresee)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(publish.NOTEBOOK_DIR, notebooks)
    nb = nbformat.read(notebooks / "02_indikator.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('kolom hilang')"))
    nbformat.write(nb, notebooks / "02_indikator.ipynb")
    monkeypatch.setattr(publish, "NOTEBOOK_DIR", notebooks)
    code = run_cli("run", "--year", "2025", "--raw-dir", str(published / "raw"), "--out", str(out),
                   "--processed-dir", str(tmp_path / "p"), "--jobs", "1")
    err = capsys.readouterr().err
    assert code == 1
    assert "tahun 2025, notebook 02_indikator, sel" in err and "ValueError: kolom hilang" in err
    assert "Traceback" not in err
    assert hashlib.sha256((out / "2025" / "iku_2025.csv").read_bytes()).hexdigest() == before
    assert (out / "_gagal" / "2025" / "audit" / "02_indikator_2025.ipynb").exists()
    assert not list(out.glob(".tmp-*"))


def test_unwritable_output_folder_is_a_clear_message(published, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code = run_cli("run", "--raw-dir", str(published / "raw"), "--out", str(blocker / "out"))
    captured = capsys.readouterr()
    assert code == 1 and "tidak dapat dibuat" in captured.err and "Traceback" not in captured.err
    assert "Pemeriksaan data mentah" not in captured.out  # said before any work starts


def test_structural_error_stops_before_any_notebook_runs(published, tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(published / "raw", raw)
    (raw / "2026" / "koperasi.csv").write_text("x")
    code = run_cli("run", "--raw-dir", str(raw), "--out", str(tmp_path / "out"),
                   "--processed-dir", str(tmp_path / "p"))
    err = capsys.readouterr().err
    assert code == 1 and "koperasi" in err and "mana yang dimaksud" in err
    assert not (tmp_path / "out").exists()


def test_strict_fails_on_warnings_not_on_pdrb_not_yet_released(published, tmp_path, capsys):
    code = run_cli("run", "--year", "2025", "2026", "--strict", "--raw-dir", str(published / "raw"),
                   "--out", str(tmp_path / "out"), "--processed-dir", str(tmp_path / "p"), "--jobs", "1")
    assert code == 1
    assert (tmp_path / "out" / "2025" / "iku_2025.csv").exists()  # the year itself succeeded
    captured = capsys.readouterr()
    # 2025 has rejected rows; 2026 has none, and its IT-1 is belum tersedia only because BPS
    # publishes PDRB 2026 in 2027 (spec section 12, decision 3): not a --strict failure
    assert "GAGAL (--strict)" in captured.err and "  - 2025: 12 baris ditolak" in captured.err
    assert "2026:" not in captured.err and "IT-1" not in captured.err
    assert "IT-1: belum tersedia (sumbernya memang terbit kemudian" in captured.out


def test_usage_errors_exit_2(capsys):
    assert run_cli("run", "--jobs", "0") == 2
    assert run_cli("frobnicate") == 2
    assert run_cli("verify") == 2
    assert "penggunaan salah" in capsys.readouterr().err


# --- reproducibility and verify -------------------------------------------------------------

DATA_FILES = ("iku_{y}.csv", "iku_{y}.json")


def _data_hashes(out: Path, processed: Path, year: int) -> dict[str, str]:
    files = [out / str(year) / f.format(y=year) for f in DATA_FILES]
    files += sorted((out / str(year) / "audit").glob("*.csv"))
    files += sorted((processed / str(year)).glob("*.parquet"))
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _chart_hashes(out: Path, year: int) -> list[str]:
    nb = nbformat.read(out / str(year) / "audit" / f"03_laporan_{year}.ipynb", as_version=4)
    return [hashlib.sha256(o["data"]["image/png"].encode()).hexdigest()
            for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]


def test_two_runs_are_byte_identical(published, tmp_path):
    code = run_cli("run", "--year", "2026", "--raw-dir", str(published / "raw"), "--out", str(tmp_path / "out"),
                   "--processed-dir", str(tmp_path / "p"), "--jobs", "1")
    assert code == 0
    first = _data_hashes(published / "out", published / "processed", 2026)
    second = _data_hashes(tmp_path / "out", tmp_path / "p", 2026)
    assert first == second and len(first) > 10
    assert _chart_hashes(published / "out", 2026) == _chart_hashes(tmp_path / "out", 2026)
    assert len(_chart_hashes(tmp_path / "out", 2026)) >= 4


def test_manifest_records_inputs_outputs_and_versions(published):
    m = json.loads((published / "out" / "2026" / "manifest.json").read_text())
    inputs = {i["path"] for i in m["masukan"]}
    assert "2026/koperasi.xlsx" in inputs and "2025/fasilitasi_perdagangan.csv" in inputs
    assert "target_iku.csv" in inputs
    outputs = {o["path"] for o in m["keluaran"]}
    assert "iku_2026.csv" in outputs and "laporan_iku_2026.html" in outputs
    assert set(m["paket"]) >= {"pandas", "pyarrow", "python-calamine", "papermill"}
    assert m["parameter"] == {"year": 2026, "rat_window_years": 1, "accumulation_start_year": 2025, "triwulan": 4,
                              "raw_dir": (published / "raw").as_posix(),
                              "processed_dir": (published / "processed").as_posix(),
                              "output_dir": (published / "out").as_posix()}
    assert "commit" in m["git"] and "dirty" in m["git"]
    # an annual run with no quarter of 2026 published before it, and 2025 republished by the same run:
    # not compared (whether it was replaced yet would depend on which year finished first)
    assert m["pembanding"] == []


def test_an_earlier_year_revised_by_bps_is_flagged_and_verify_passes(published, tmp_path, capsys):
    """Spec section 9, "Revisions": 2025 was published with IT-1 20 %; BPS then revises 2025's G."""
    from openpyxl import load_workbook

    from iku_helpers.core.layout import Layout

    out, raw = tmp_path / "out", tmp_path / "raw"
    shutil.copytree(published / "out", out)
    shutil.copytree(published / "raw", raw)
    pdrb = raw / "pdrb_lapangan_usaha.csv"
    pdrb.write_text(pdrb.read_text(encoding="utf-8").replace("2025;G;Lapangan G;25,0", "2025;G;Lapangan G;30,0")
                    .replace("Bruto;125,0", "Bruto;130,0"), encoding="utf-8")
    assert run_cli("run", "--year", "2026", "--raw-dir", str(raw), "--out", str(out),
                   "--processed-dir", str(tmp_path / "p"), "--jobs", "1") == 0
    lay = Layout(Params(year=2026, output_dir=out))
    c = pd.read_csv(lay.comparison).set_index("kode")
    assert c.at["IT-1", "realisasi_sebelumnya"] == pytest.approx(30 / 130 * 100)
    assert bool(c.at["IT-1", "berubah_sejak_dilaporkan"]) and c.at["IT-1", "realisasi_dilaporkan_sebelumnya"] == 20
    assert not c.drop(index="IT-1")["berubah_sejak_dilaporkan"].any()
    assert "23,08%<div class=\"flag\">⚠ berubah sejak dilaporkan (dilaporkan 20,00%)</div>" in lay.report.read_text(
        encoding="utf-8")
    ws = load_workbook(lay.workbook)["Perbandingan"]
    notes = [str(c.value) for c in ws["I"]]
    assert sum("realisasi Tahun 2025 berubah sejak dilaporkan (dilaporkan 20,00%)" in n for n in notes) == 1
    m = json.loads(lay.manifest.read_text())
    assert [e["path"] for e in m["pembanding"]] == ["2025/iku_2025.json"]
    capsys.readouterr()
    assert run_cli("verify", str(lay.period_dir)) == 0  # re-executed against the same published 2025
    assert "COCOK" in capsys.readouterr().out


@pytest.fixture
def copied(published, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(published / "raw", raw)
    out = tmp_path / "out"
    code = run_cli("run", "--year", "2025", "--raw-dir", str(raw), "--out", str(out),
                   "--processed-dir", str(tmp_path / "p"), "--jobs", "1")
    assert code == 0
    return raw, out / "2025"


def test_verify_untouched_run_is_cocok(copied, capsys, monkeypatch, tmp_path):
    raw, year_dir = copied
    monkeypatch.chdir(tmp_path.parent)  # works from any current directory
    assert run_cli("verify", str(year_dir)) == 0
    assert "COCOK" in capsys.readouterr().out


def test_verify_names_a_changed_raw_file(copied, capsys):
    raw, year_dir = copied
    target = raw / "2025" / "fasilitasi_perdagangan.csv"
    target.write_bytes(target.read_bytes().replace(b"Rehab los pasar,2", b"Rehab los pasar,5"))
    assert run_cli("verify", str(year_dir)) == 1
    out = capsys.readouterr().out
    assert "TIDAK COCOK" in out and "2025/fasilitasi_perdagangan.csv" in out
    # each differing cell of the results named, its values as people write them (F(2025) = 6 → 9)
    assert "IKU-3 pembilang: diterbitkan 6, hasil ulang 9" in out
    assert "IKU-3 penyebut: diterbitkan 6, hasil ulang 9" in out
    assert "np." not in out and "6.0" not in out


def test_verify_names_an_edited_output(copied, capsys):
    raw, year_dir = copied
    csv = year_dir / "iku_2025.csv"
    text = csv.read_text()
    assert ",ok," in text
    csv.write_text(text.replace(",ok,", ",OK,", 1))
    assert run_cli("verify", str(year_dir)) == 1
    out = capsys.readouterr().out
    assert "iku_2025.csv" in out and "diubah" in out


def test_verify_reports_different_package_versions(copied, capsys):
    raw, year_dir = copied
    m_path = year_dir / "manifest.json"
    m = json.loads(m_path.read_text())
    m["paket"]["pandas"] = "0.0.1"
    m_path.write_text(json.dumps(m))
    assert run_cli("verify", str(year_dir)) == 0
    out = capsys.readouterr().out
    assert "paket pandas" in out and "laporan dibuat dengan 0.0.1" in out and "COCOK" in out
    assert "git checkout" in out and "--require-hashes" in out  # how to get that environment back
