"""The final gate: pandera schemas of the clean tables, validated lazily (every failure at once).

The cleaning rules should make these checks pass by construction; a failure here means a bug in
the workflow or a rule the cleaner missed, and stops the run with every failing check listed.
"""

from __future__ import annotations

import functools

import pandas as pd

from ..core.errors import IkuError
from ..core.tables import KATEGORI_PERDAGANGAN, KECAMATAN, SKALA

#: A category of the clean PDRB table: one letter A-U or BPS's combined codes (``M,N``).
PDRB_KODE = r"^[A-U](?:,[A-U])*$"


@functools.cache
def schemas() -> dict:
    """The schema of every clean table, built on first use: pandera takes about 0.4 s to import,
    which commands that clean nothing (``iku telusur`` on a warm cache) do not pay."""
    import pandera.pandas as pa

    source = {
        "sumber_berkas": pa.Column(str, nullable=False),
        "sumber_baris": pa.Column(int, pa.Check.ge(1)),
    }

    def _schema(name: str, columns: dict, unique: list[str] | None = None):
        return pa.DataFrameSchema({**columns, **source}, name=name, unique=unique, strict=False, coerce=False)

    KECAMATAN_CHECK = pa.Check.isin(list(KECAMATAN))  # noqa: N806 - a constant of this table set

    return {
        "koperasi": _schema("koperasi", {
            "nik": pa.Column(str, pa.Check.str_matches(r"^\d{16}$"), unique=True),
            "nama_koperasi": pa.Column(str, nullable=False),
            "kecamatan": pa.Column(str, KECAMATAN_CHECK),
            "aktif": pa.Column(bool),
        }),
        "fasilitasi_koperasi": _schema("fasilitasi_koperasi", {
            "tanggal": pa.Column("datetime64[ns]", nullable=False),
            "nik": pa.Column(str, pa.Check.str_matches(r"^\d{16}$")),
            "jenis_fasilitasi": pa.Column(str, nullable=False),
        }),
        "usaha_mikro": _schema("usaha_mikro", {
            "id_usaha": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
            "nama_usaha": pa.Column(str, nullable=False),
            "kecamatan": pa.Column(str, KECAMATAN_CHECK),
            "skala": pa.Column(str, pa.Check.isin(list(SKALA))),
            "aktif": pa.Column(bool),
            "omzet_tahunan": pa.Column(float, pa.Check.ge(0), nullable=True, required=False),
            "modal_usaha": pa.Column(float, pa.Check.ge(0), nullable=True, required=False),
            "nik_pemilik": pa.Column(str, pa.Check.str_matches(r"^[0-9*]*$"), nullable=True, required=False),
        }),
        "fasilitasi_usaha_mikro": _schema("fasilitasi_usaha_mikro", {
            "tanggal": pa.Column("datetime64[ns]", nullable=False),
            "id_usaha": pa.Column(str, pa.Check.str_length(min_value=1)),
            "jenis_fasilitasi": pa.Column(str, nullable=False),
        }),
        "fasilitasi_perdagangan": _schema("fasilitasi_perdagangan", {
            "tanggal": pa.Column("datetime64[ns]", nullable=False),
            "kategori": pa.Column(str, pa.Check.isin(list(KATEGORI_PERDAGANGAN))),
            "uraian": pa.Column(str, nullable=False),
            "jumlah": pa.Column(int, pa.Check.ge(1)),
            "kecamatan": pa.Column(str, KECAMATAN_CHECK, nullable=True, required=False),
        }),
        "pdrb_lapangan_usaha": _schema("pdrb_lapangan_usaha", {
            "tahun": pa.Column(int),
            "kategori": pa.Column(str, pa.Check.str_matches(PDRB_KODE)),
            "adhb": pa.Column(float, pa.Check.ge(0)),
        }, unique=["tahun", "kategori"]),
        "target_iku": _schema("target_iku", {
            "kode": pa.Column(str, pa.Check.str_matches(r"^(IT|IKU)-\d+$")),
            "tahun": pa.Column(int),
            "triwulan": pa.Column("Int64", pa.Check.isin([1, 2, 3, 4]), nullable=True),
            "target": pa.Column(float, nullable=False),
            "polaritas": pa.Column(str, pa.Check.isin(["positif", "negatif"])),
        }, unique=["kode", "tahun", "triwulan"]),
    }


class SchemaGateError(IkuError):
    """The cleaned table breaks its schema: a bug to report, with every failing check."""


def check(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a clean table lazily; raise one error listing every failed check."""
    from pandera.errors import SchemaErrors

    try:
        return schemas()[table].validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "failure_case"]].head(20)
        lines = "; ".join(f"{r.column}: {r.check} ({r.failure_case!r})" for r in cases.itertuples(index=False))
        raise SchemaGateError(f"tabel bersih {table} melanggar skemanya ({len(exc.failure_cases)} kasus): {lines}",
                              hint="Ini galat alur kerja, bukan galat data: laporkan ke pengembang beserta berkasnya.") from None
