"""Charts: they draw from real result shapes, handle missing data, give byte-stable PNGs, and keep
their style to themselves (matplotlib's global settings stay the analyst's)."""

from __future__ import annotations

import os
import subprocess
import sys

import matplotlib
import pandas as pd

from iku_helpers.documents import charts
from iku_helpers.indicators.registry import REGISTRY
from iku_helpers.ingest.audit_trail import ROW_BUCKETS


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



def test_importing_charts_leaves_matplotlib_settings_alone():
    """An analyst's session keeps its own rcParams: the module styles its charts through a context."""
    code = ("import matplotlib, matplotlib.pyplot\n"
            "before = dict(matplotlib.rcParams)\n"
            "import iku_helpers.documents.charts\n"
            "after = dict(matplotlib.rcParams)\n"
            "print(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.stdout.strip() == "[]", done.stdout


def test_a_chart_gets_the_style_whatever_the_session_set_and_gives_the_session_its_settings_back():
    names = {k: i.nama for k, i in REGISTRY.items()}
    plain = charts.png_bytes(charts.realisasi_vs_target(_history(), names))
    mine = {"font.size": 20.0, "axes.spines.top": True, "figure.dpi": 50.0, "savefig.dpi": 300.0}
    with matplotlib.rc_context(mine):
        fig = charts.realisasi_vs_target(_history(), names)
        ax = fig.axes[0]
        assert not ax.spines["top"].get_visible() and fig.dpi == charts.STYLE["figure.dpi"]
        assert ax.title.get_fontsize() == charts.STYLE["axes.titlesize"]
        assert ax.xaxis.get_label().get_fontsize() == charts.STYLE["font.size"]
        assert charts.png_bytes(fig) == plain
        assert {k: matplotlib.rcParams[k] for k in mine} == mine


def test_kualitas_data_names_tables_in_words_and_each_kind_once():
    """Spec section 10: the rows carry the tables' titles (short where long), never field names; the
    legend names the kinds of unused rows, the bars carry numbers only."""
    recon = pd.DataFrame({
        "tabel": ["koperasi", "usaha_mikro", "usaha_mikro", "fasilitasi_usaha_mikro", "pdrb_lapangan_usaha"],
        "berkas": ["k.xlsx", "u1.xlsx", "u2.csv", "f.xlsx", "pdrb.xlsx"],
        "baris_dibaca": [2060, 100, 50, 2877, 27], "baris_diterima": [2049, 96, 48, 2854, 17],
        "baris_ditolak": [8, 2, 1, 23, 0], "baris_dilewati": [0, 0, 0, 0, 8], "baris_kosong": [2, 1, 1, 0, 1],
        "baris_total": [1, 1, 0, 0, 1]})
    fig = charts.kualitas_data(recon)
    left, right = fig.axes
    rows = [t.get_text() for t in left.get_yticklabels()]
    assert rows == ["Daftar koperasi", "Daftar UMKM", "Fasilitasi usaha mikro", "PDRB (BPS)"]
    shown = rows + [t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title(loc="left") for ax in fig.axes]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["ditolak", "dilewati (sub-kategori)", "kosong", "baris jumlah/total"]
    assert not any("_" in text for text in shown + legend)
    kinds = ("ditolak", "dilewati", "kosong", "jumlah/total")
    assert not any(kind in text for kind in kinds for text in (t.get_text() for t in right.texts))
    assert "2.060" in " ".join(t.get_text() for t in left.texts)  # Indonesian thousands
    assert {"11", "23", "10"} <= {t.get_text() for t in right.texts}  # totals past each bar
    assert charts.png_bytes(fig)[:4] == b"\x89PNG"
