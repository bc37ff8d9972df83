"""The schema gate: built from tables.py, lazy (every failure at once), on every clean table."""

from __future__ import annotations

import pandas as pd
import pytest

from iku_helpers.core.errors import SchemaGateError
from iku_helpers.core.tables import TABLES
from iku_helpers.ingest import schemas
from iku_helpers.ingest.pdrb_cleaning import clean_pdrb
from iku_helpers.ingest.table_rules import clean_koperasi, clean_usaha_mikro
from rawfixture import OWNER_NIK, raw_table


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_column_of_tables_py_is_in_its_schema_as_tables_py_requires_it(table):
    schema = schemas.schema(table)
    columns = schema.columns
    never = {c for c, kind in schemas.COLUMNS.items() if kind is schemas.NEVER}
    assert set(TABLES[table].columns) - never <= set(columns)
    for group in TABLES[table].required:
        for name in group:
            # a required group of one is present and never empty; one of several alternatives may be absent
            assert columns[name].required == (len(group) == 1) and columns[name].nullable == (len(group) > 1)
    for name in set(TABLES[table].optional) - never:
        filled = schemas.COLUMNS[name].filled  # a default fills it (jumlah 1, polaritas positif)
        assert columns[name].required == filled and columns[name].nullable != filled
    assert {"sumber_berkas", "sumber_sheet", "sumber_baris"} <= set(columns)


def _koperasi() -> pd.DataFrame:
    raw = raw_table("koperasi", [
        {"nik": "3509000000000001", "nama_koperasi": "A", "kecamatan": "Ajung", "tanggal_rat": "01/03/2026"},
        {"nik": "3509000000000002", "nama_koperasi": "B", "kecamatan": "Puger", "tanggal_rat": "01/03/2025"},
    ])
    return clean_koperasi(raw, 2026).data


def test_a_broken_clean_table_lists_every_failure_at_once():
    good = _koperasi()
    assert schemas.check("koperasi", good) is not None
    bad = good.drop(columns="aktif").assign(nik=["12", "3509000000000002"], kecamatan=["Ajung", "Atlantis"])
    bad = pd.concat([bad, bad.iloc[[1]]], ignore_index=True)  # the same NIK twice
    with pytest.raises(SchemaGateError) as info:
        schemas.check("koperasi", bad)
    text = info.value.what
    assert "tabel bersih koperasi melanggar skemanya" in text
    for failure in ("aktif", "nik: str_matches", "kecamatan: isin", "Atlantis", "unique"):
        assert failure in text, (failure, text)
    assert "bukan galat data" in info.value.hint


def test_owner_data_never_passes_the_gate_unmasked():
    row = {"id_usaha": "U-1", "nama_usaha": "Warung", "kecamatan": "Ajung", "omzet_tahunan": "5000000",
           "nik_pemilik": OWNER_NIK, "nama_pemilik": "Siti"}
    clean = clean_usaha_mikro(raw_table("usaha_mikro", [row])).data
    assert "nama_pemilik" not in clean and clean["nik_pemilik"].tolist() == ["3509********0001"]
    leaked = clean.assign(nik_pemilik=OWNER_NIK, nama_pemilik="Siti")
    with pytest.raises(SchemaGateError) as info:
        schemas.check("usaha_mikro", leaked)
    assert "tanpa kolom nama_pemilik" in info.value.what and "nik_pemilik: str_matches" in info.value.what


def test_the_pdrb_total_rows_pass_their_own_gate():
    rows = [{"tahun": "2025", "kategori": k, "adhb": "10"} for k in "ABCDEFGHIJKLMNOPQRSTU"]
    rows.append({"tahun": "2025", "kategori": "PDRB", "adhb": "210"})
    total = clean_pdrb(raw_table("pdrb_lapangan_usaha", rows)).extra["total_pdrb"]
    assert total[["tahun", "adhb"]].values.tolist() == [[2025, 210.0]]
    assert str(total["sumber_berkas"].dtype) == "str"
    with pytest.raises(SchemaGateError, match="total_pdrb.*adhb"):
        schemas.check("total_pdrb", total.assign(adhb=-1.0))
