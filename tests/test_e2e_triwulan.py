"""End to end for quarters (spec section 7): the real notebooks on the small fixture.

Hand counts for 2026 of tests/rawfixture.py: usaha mikro facilitation is dated 1 May (TW II),
trade facilitation 1 June (TW II, jumlah 3; F(2025) = 6), koperasi facilitation in February.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from iku_helpers.commands.cli import main
from iku_helpers.core.layout import Layout
from iku_helpers.core.params import Params
from rawfixture import build_raw

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e_triwulan")]  # one worker builds `quarters`


def _run(raw, out, processed, *quarters: str) -> int:
    return main(["run", "--raw-dir", str(raw), "--out", str(out), "--processed-dir", str(processed),
                 "--year", "2026", "--triwulan", *quarters])


@pytest.fixture(scope="module")
def quarters(tmp_path_factory):
    base = tmp_path_factory.mktemp("triwulan")
    raw = build_raw(base / "raw")
    assert _run(raw, base / "out", base / "processed", "2", "1") == 0
    return base


def _results(out, q) -> pd.DataFrame:
    return pd.read_csv(Layout(Params(year=2026, triwulan=q, output_dir=out)).results_csv).set_index("kode")


def test_quarter_folders_and_files_carry_the_period_label(quarters):
    out = quarters / "out"
    for q in (1, 2):
        lay = Layout(Params(year=2026, triwulan=q, output_dir=out))
        assert lay.period_dir.name == f"2026-tw{q}"
        for path in (lay.results_csv, lay.results_json, lay.report, lay.manifest, lay.evaluation,
                     lay.executed("03_laporan", "html"), lay.entity_list("IKU-2").csv):
            assert path.is_file(), path
        manifest = json.loads(lay.manifest.read_text())
        assert manifest["periode"] == f"2026-tw{q}" and manifest["parameter"]["triwulan"] == q
        assert json.loads(lay.results_json.read_text())["parameter"]["triwulan"] == q
    assert not (out / "2026").exists()  # only the quarters asked for


def test_quarter_numbers_follow_the_cut_off(quarters):
    out = quarters / "out"
    tw1, tw2 = _results(out, 1), _results(out, 2)
    assert (tw1.loc["IKU-2", "pembilang"], tw1.loc["IKU-2", "penyebut"]) == (0, 2)
    assert (tw2.loc["IKU-2", "pembilang"], tw2.loc["IKU-2", "penyebut"]) == (1, 2)
    assert (tw1.loc["IKU-3", "pembilang"], tw1.loc["IKU-3", "penyebut"]) == (0, 6)
    assert (tw2.loc["IKU-3", "pembilang"], tw2.loc["IKU-3", "penyebut"]) == (3, 9)
    assert tw1.loc["IT-1", "status"] == "belum tersedia"
    # no quarterly target in the fixture: no capaian, the annual target named
    assert pd.isna(tw2.loc["IKU-1", "capaian"]) and "target tahunan 50,00%" in tw2.loc["IKU-1", "keterangan"]
    ent = pd.read_csv(Layout(Params(year=2026, triwulan=1, output_dir=out)).entity_list("IKU-2").csv, dtype=str)
    assert "usaha mikro aktif, difasilitasi setelah akhir triwulan (tidak dihitung)" in set(ent["alasan"])


def test_report_wording_evaluation_table_and_index(quarters):
    out = quarters / "out"
    lay = Layout(Params(year=2026, triwulan=2, output_dir=out))
    html = lay.report.read_text(encoding="utf-8")
    assert "Triwulan II 2026" in html and "s.d. 30 Juni 2026" in html
    assert "Evaluasi per triwulan" in html and "Realisasi s.d." in html
    evaluation = pd.read_csv(lay.evaluation).set_index("kode")
    assert evaluation.loc["IKU-2", "realisasi_tw1"] == 0 and evaluation.loc["IKU-2", "realisasi_tw2"] == 50
    assert not evaluation["berubah_tw1"].any()  # TW I was published first, from the same data
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("Tahun 2026") < index.index("Triwulan II 2026") < index.index("Triwulan I 2026")
    assert "Laporan tahunan belum diterbitkan" in index


def test_verify_a_quarter_folder(quarters, capsys):
    assert main(["verify", str(quarters / "out" / "2026-tw2")]) == 0
    assert "COCOK" in capsys.readouterr().out


def test_a_published_quarter_that_changed_is_flagged(quarters, tmp_path, capsys):
    out, raw = tmp_path / "out", tmp_path / "raw"
    shutil.copytree(quarters / "out", out)
    shutil.copytree(quarters / "raw", raw)
    fas = raw / "2026" / "fasilitasi_usaha_mikro.csv"  # a TW I facilitation delivered late
    fas.write_text(fas.read_text() + "2026-03-15,2000000000002,pelatihan\n")
    assert _run(raw, out, tmp_path / "processed", "2") == 0
    lay = Layout(Params(year=2026, triwulan=2, output_dir=out))
    evaluation = pd.read_csv(lay.evaluation).set_index("kode")
    assert bool(evaluation.loc["IKU-2", "berubah_tw1"]) and evaluation.loc["IKU-2", "dilaporkan_tw1"] == 0
    assert evaluation.loc["IKU-2", "realisasi_tw1"] == 50
    assert "Triwulan I berubah sejak dilaporkan (dilaporkan 0,00%)" == evaluation.loc["IKU-2", "catatan"]
    assert "berubah sejak dilaporkan" in lay.report.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", str(lay.period_dir)]) == 0  # re-executed against the same published TW I
