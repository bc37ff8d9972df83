"""Charts: they draw from real result shapes, handle missing data, and give byte-stable PNGs."""

from __future__ import annotations

import pandas as pd

from iku_helpers.documents import charts
from iku_helpers.ingest.cleaning import ROW_BUCKETS
from iku_helpers.indicators.registry import REGISTRY


def _history():
    return pd.DataFrame([{"kode": k, "tahun": y, "realisasi": 10.0 * i if y == 2025 else None, "target": 12.0}
                         for i, k in enumerate(REGISTRY, 1) for y in (2025, 2026, 2027)])


def test_pngs_are_stable_and_carry_no_software_tag():
    names = {k: i.nama for k, i in REGISTRY.items()}
    first = charts.png_bytes(charts.realisasi_vs_target(_history(), names))
    second = charts.png_bytes(charts.realisasi_vs_target(_history(), names))
    assert first == second and first[:4] == b"\x89PNG"
    assert b"Software" not in first and b"matplotlib" not in first.lower()


def test_charts_draw_with_missing_inputs():
    for fig in (charts.peta_kecamatan(None, None), charts.perdagangan_per_kategori(None),
                charts.kualitas_data(pd.DataFrame({"tabel": ["koperasi"], "berkas": ["k.xlsx"], "baris_dibaca": [0],
                                                   **{b: [0] for b in ROW_BUCKETS}}))):
        assert charts.png_bytes(fig)[:4] == b"\x89PNG"

