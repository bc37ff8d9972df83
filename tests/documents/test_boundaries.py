"""Kecamatan boundaries: the reference copy, its attribution, its names, and the choropleth drawn from it."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.path import Path as MplPath

from iku_helpers.core.tables import KECAMATAN
from iku_helpers.documents import charts
from iku_helpers.documents.boundaries import ATTRIBUTION, BOUNDARIES, load_kecamatan
from iku_helpers.indicators.kecamatan import cakupan_kecamatan

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data" / "kecamatan_jember.geojson"


def test_the_31_names_are_the_kecamatan_list():
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    names = [f["properties"]["kecamatan"] for f in features]
    codes = sorted(f["properties"]["kode"] for f in features)
    assert len(names) == 31 and set(names) == set(KECAMATAN)
    assert codes == [f"35.09.{i:02d}" for i in range(1, 32)]
    by_code = {f["properties"]["kode"]: f["properties"]["kecamatan"] for f in features}
    assert [(k.kode, k.nama) for k in load_kecamatan()] == sorted(by_code.items())


@pytest.mark.skipif(not SHARED.exists(), reason="no shared reference data beside the project")
def test_the_packaged_copy_is_byte_identical_to_the_shared_file():
    assert BOUNDARIES.read_bytes() == SHARED.read_bytes()


def test_the_copy_keeps_its_attribution_and_ships_with_the_package():
    readme = (BOUNDARIES.parent / "README.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2024 Cahya DSN" in readme
    assert "Permission is hereby granted, free of charge" in readme and 'THE SOFTWARE IS PROVIDED "AS IS"' in readme
    assert "cahyadsn/wilayah_boundaries" in readme and "wilayah_boundaries_kec_35.sql" in readme
    assert ATTRIBUTION.endswith("cahyadsn/wilayah_boundaries (MIT)") and "Kepmendagri" not in ATTRIBUTION
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "referensi/*" in package_data["iku_helpers.documents"]


def test_every_label_point_lies_on_its_kecamatan_and_rings_are_closed():
    for kec in load_kecamatan():
        for polygon in kec.polygons:
            assert all(len(ring) >= 4 and ring[0] == ring[-1] for ring in polygon), kec.nama
        assert any(MplPath(polygon[0]).contains_point(kec.label) for polygon in kec.polygons), kec.nama
    holes = {k.nama: sum(len(p) - 1 for p in k.polygons) for k in load_kecamatan()}
    assert {n: h for n, h in holes.items() if h} == {"Wuluhan": 1}  # Ambulu's enclave; Sumberbaru's point dropped


def _entities() -> pd.DataFrame:
    rows = ([("Ajung", True, True)] + [("Ajung", True, False)] * 3  # 1 of 4
            + [("Patrang", True, True)] * 2  # 2 of 2
            + [("Puger", False, False), ("Puger", False, True)])  # nothing in the penyebut
    return pd.DataFrame(rows, columns=["kecamatan", "dihitung_penyebut", "dihitung_pembilang"])


def test_cakupan_counts_by_hand():
    got = cakupan_kecamatan(_entities()).set_index("kecamatan")
    assert list(got.index) == list(KECAMATAN)
    assert got.loc["Ajung"].tolist() == [4, 1, 25.0]
    assert got.loc["Patrang"].tolist() == [2, 2, 100.0]
    assert got.loc["Puger", "penyebut"] == 0 and math.isnan(got.loc["Puger", "persen"])
    assert got["penyebut"].sum() == 6 and got["persen"].notna().sum() == 2
    empty = cakupan_kecamatan(None)
    assert len(empty) == 31 and empty["penyebut"].eq(0).all() and empty["persen"].isna().all()


def _fill(ax, nama):
    (patch,) = [p for p in ax.patches if p.get_gid() == nama]
    return patch


def test_map_colours_each_kecamatan_by_its_share():
    fig = charts.peta_kecamatan(_entities(), None)
    maps = [ax for ax in fig.axes if ax.get_label().startswith("peta")]
    assert [ax.get_label() for ax in maps] == ["peta IKU-1", "peta IKU-2"]
    assert tuple(fig.get_size_inches()) == (charts.A4_WIDTH, 4.0)
    cmap = matplotlib.colormaps[charts.PETA_CMAP]
    assert _fill(maps[0], "Ajung").get_facecolor() == pytest.approx(cmap(0.25))
    assert _fill(maps[0], "Patrang").get_facecolor() == pytest.approx(cmap(1.0))
    puger = _fill(maps[0], "Puger")
    assert puger.get_hatch() and puger.get_facecolor() == pytest.approx(to_rgba(charts.TANPA_DATA))
    assert all(_fill(maps[1], n).get_hatch() for n in KECAMATAN)  # IKU-2 not given: no data anywhere
    names = {t.get_text() for t in maps[0].texts}
    assert names == set(KECAMATAN)
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for t in fig.legends[0].get_texts()]
    assert ATTRIBUTION in texts and "tidak ada data (tidak ada entitas aktif)" in texts
    scale = next(ax for ax in fig.axes if ax.get_label() == "skala IKU-1")
    assert [t.get_text() for t in scale.get_xticklabels()] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    charts.png_bytes(fig)


def test_each_map_scale_runs_to_its_largest_share_rounded_up():
    """Shares of 5% and 15%: the scale runs 0-15%, not 0-100%, so the two differ visibly."""
    rows = [("Ajung", True)] + [("Ajung", False)] * 19 + [("Patrang", True)] * 3 + [("Patrang", False)] * 17
    ent = pd.DataFrame(rows, columns=["kecamatan", "dihitung_pembilang"]).assign(dihitung_penyebut=True)
    fig = charts.peta_kecamatan(None, ent)
    cmap = matplotlib.colormaps[charts.PETA_CMAP]
    iku2 = next(ax for ax in fig.axes if ax.get_label() == "peta IKU-2")
    assert _fill(iku2, "Ajung").get_facecolor() == pytest.approx(cmap(5 / 15))
    assert _fill(iku2, "Patrang").get_facecolor() == pytest.approx(cmap(1.0))
    scale = next(ax for ax in fig.axes if ax.get_label() == "skala IKU-2")
    assert [t.get_text() for t in scale.get_xticklabels()] == ["0%", "5%", "10%", "15%"]


def test_map_draws_without_inputs_and_its_png_is_stable():
    assert charts.png_bytes(charts.peta_kecamatan(None, None))[:4] == b"\x89PNG"
    first = charts.png_bytes(charts.peta_kecamatan(_entities(), _entities()))
    second = charts.png_bytes(charts.peta_kecamatan(_entities(), _entities()))
    assert first == second and b"Software" not in first
