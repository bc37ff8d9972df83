"""`iku run` over the bundled sample: published numbers unchanged, audit copies portable.

tests/golden/sample_outputs.sha256.json holds the SHA-256 of every CSV and JSON the sample
published before the parameters-and-layout rework; a change to any of them must be deliberate
(regenerate the file in the same commit and say why). The triwulan issue changed only the two
rekonsiliasi files (target_iku.csv gained its quarterly rows): every annual number is as before.
The documents issue added the two perbandingan files (a new output; nothing else changed). The
two baris_ditolak files changed when a duplicate across files began to name the file of the row
used (it named the duplicate's own file): one line each, found by `iku telusur`. The two
rekonsiliasi files gained a last column, `format`: the format each raw file was found to hold
(issue 15: exports named .xls that hold HTML or UTF-16 text are read); no count changed. Issue 16
changed twelve files without changing any value: the ledgers and notes gained the `id` column (the
row's NIK or ID usaha), and whole numbers lost their ".0" in iku_<n>.csv/json, riwayat_iku and
perbandingan (140.0 → 140, target 23.0 → 23); every cell was compared with the previous code's output.
Issue 23 (revisions of an earlier year) added two columns to the two perbandingan files,
`realisasi_dilaporkan_sebelumnya` (empty) and `berubah_sejak_dilaporkan` (False): with them removed
both files hash exactly as before. Issue 23 (the PDRB table as BPS publishes it) made the sample's
PDRB file BPS's wide workbook: IT-1 is the same to the last digit in both years, and nine files
changed only as meant: iku_2025.csv/json say "PDRB 2025: angka sangat sementara BPS" in IT-1's
keterangan; entitas_IT-1_2025 lists BPS's 17 categories (M,N and R,S,T,U combined) with
status_angka and sumber_kolom; the PDRB sub-category rows left both baris_ditolak files and are
listed, with the notes under the table, as dilewati in both catatan files; both rekonsiliasi files
gained the baris_dilewati column (and the PDRB line its new file).
Issue 25 (figures that add up by hand, spec sections 5 and 10) computes capaian, kategori and
perubahan from the realisasi rounded to 2 decimals as printed, half away from zero; realisasi is
unchanged to the last digit. Eight files changed, only in capaian, perubahan and
capaian_target_akhir: iku_<n>.csv/json, riwayat_iku and perbandingan of both years. Printed capaian
that changed: 2025 IKU-1 111,11 → 111,10 (22,22 / 20), IKU-2 111,43 → 111,40 (11,14 / 10); 2026 IKU-1
100,94 → 100,96 (23,22 / 23), IKU-2 103,54 → 103,52 (12,94 / 12,5), IKU-3 83,97 → 83,98 (41,99 / 50);
capaian against the 2029 target: 2025 IKU-2 55,71 → 55,70; 2026 IKU-1 72,55 → 72,56, IKU-2
64,71 → 64,70, IKU-3 209,93 → 209,95; the others print as before. No kategori changed. The 2026
perubahan are now stored as the printed differences (−2,12, 1,00, 1,80, −58,01; they printed the
same before). The two evaluasi_triwulan files joined the list: their TW IV target is the annual
target where no triwulan-4 row exists (spec section 7), in 2025 for all five indicators and in 2026
for IT-1, IT-2, IKU-2 and IKU-3 (empty before), with the capaian above.
Issue 25 (words clerks read) changed the two baris_ditolak files in 23 of their 56 rows each, in
text only: a duplicate names the sheet of the row kept ("yang dipakai baris 2063 (2026/koperasi.xlsx,
sheet Koperasi)"), a date outside the year names the date ("tanggal 04/12/2025 di luar tahun 2026"),
and the `nilai` of an Excel date cell reads 04/12/2025 instead of 2025-12-04. No row came or went.
Issue 26 (tindak lanjut) added six files and changed none: tindak_lanjut_<n>.csv and the two
candidate lists of both years (2026: IKU-3 needs 71 more, 100·(186 + 71) = 50·(443 + 71); 463 koperasi
and 14.799 usaha mikro are candidates, penyebut − pembilang).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest

from iku_helpers.core.layout import NOTEBOOKS, Layout
from iku_helpers.core.params import Params

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("sample_run")]  # one worker builds the sample run
GOLDEN = Path(__file__).parent / "golden" / "sample_outputs.sha256.json"


def test_published_csv_and_json_are_unchanged(sample_run):
    golden = json.loads(GOLDEN.read_text())
    got = {rel: hashlib.sha256((sample_run / rel).read_bytes()).hexdigest() for rel in golden}
    assert got == golden


def test_executed_notebooks_record_the_published_folder_and_count_from_one(sample_run):
    for year in (2025, 2026):
        lay = Layout(Params(year=year, output_dir=sample_run))
        for name in NOTEBOOKS:
            nb = nbformat.read(lay.executed(name), as_version=4)
            injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
            assert f'output_dir = "{sample_run.as_posix()}"' in injected.source
            assert 'raw_dir = "data/raw"' in injected.source  # inside the project: relative
            assert ".tmp-" not in json.dumps(nb)
            assert nb.metadata.papermill["input_path"] == f"notebooks/{name}.ipynb"
            assert nb.metadata.papermill["output_path"] == lay.executed(name).as_posix()
            counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
            assert counts == list(range(1, len(counts) + 1)), name


def test_lists_are_parquet_whole_and_csv_for_people(sample_run):
    import pandas as pd

    lay = Layout(Params(year=2026, output_dir=sample_run))
    for files in (lay.entity_list("IKU-2"), lay.ledger, lay.notes):
        whole = pd.read_parquet(files.parquet)
        assert files.csv.exists() and len(pd.read_csv(files.csv)) == len(whole)


def test_counts_are_whole_numbers_in_the_published_csv(sample_run):
    import csv

    for year in (2025, 2026):
        rows = list(csv.DictReader((sample_run / str(year) / f"iku_{year}.csv").open(encoding="utf-8")))
        counts = [(r["kode"], r[c]) for r in rows if r["kode"] != "IT-1" for c in ("pembilang", "penyebut")]
        assert counts and all(v.isdigit() for _, v in counts), counts


def test_the_sample_marker_is_an_input_of_the_manifest(sample_run):
    """DATA_CONTOH.txt labels every document: an auditor must be asked for it, and verify must name
    it when it is missing instead of finding iku_<n>.json changed."""
    manifest = json.loads((sample_run / "2026" / "manifest.json").read_text())
    assert "DATA_CONTOH.txt" in [m["path"] for m in manifest["masukan"]]
