"""The schema gate: a pandera schema of every clean table, built from the tables' definitions.

Which columns a table has, and which of them the data must hold, comes from
:data:`iku_helpers.core.tables.TABLES`: a column that is a required group on its own is present and
never empty; a column of a group of alternatives (``tanggal_rat`` / ``tahun_rat``) or an optional
column may be absent or empty. What a column holds (its dtype and the checks on its values) is said
here once per column name, in :data:`COLUMNS`, with the reference lists of ``tables.py``; the
columns a table's cleaning adds (``aktif``, ``skala``, PDRB's ``status_angka``) or reads its own way
(PDRB's ``kategori``) in :data:`TABLE_COLUMNS`; every clean table ends with the source of its rows
(:data:`SOURCE`). Keys are unique (:data:`KEYS`).

Validation is lazy: one :class:`~iku_helpers.core.errors.SchemaGateError` lists every failing
check. The cleaning rules make these checks pass by construction; a failure is a bug in the
workflow or a rule the cleaner missed, not a data error, and stops the run.

>>> sorted(schema("koperasi").columns)[:4]
['aktif', 'badan_hukum', 'jenis_koperasi', 'jumlah_anggota']
>>> schema("koperasi").columns["tanggal_rat"].required, schema("koperasi").columns["nik"].nullable
(False, False)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from ..core.errors import SchemaGateError
from ..core.facts import INDICATOR_CODES
from ..core.tables import KATEGORI_PERDAGANGAN, KECAMATAN, PDRB_KATEGORI, SKALA, TABLES
from .pdrb import STATUS_BY_STARS


@dataclass(frozen=True)
class Kind:
    """What a clean column holds: its dtype, the checks on its values as (name of a pandera
    ``Check``, its keyword arguments), and whether the cleaner always fills it (a default or a
    derived value: present and never empty, whatever the raw file holds)."""

    dtype: str
    checks: tuple[tuple[str, dict], ...] = ()
    filled: bool = False


def isin(values) -> tuple[str, dict]:
    return "isin", {"allowed_values": list(values)}


def matches(pattern: str) -> tuple[str, dict]:
    return "str_matches", {"pattern": pattern}


def at_least(value: float) -> tuple[str, dict]:
    return "ge", {"min_value": value}


def not_empty() -> tuple[str, dict]:
    return "str_length", {"min_value": 1}


TEXT = Kind("str")
DATE = Kind("datetime64[ns]")
AMOUNT = Kind("float64", (at_least(0),))
#: A personal NIK as the cleaner masks it (UU 27/2022): ``3509********0001``, or all stars.
MASKED_NIK = r"^(?:[0-9]{4}\*+[0-9]{4}|\**)$"
#: A category of the clean PDRB table: one letter A-U or BPS's combined codes (``M,N``).
PDRB_KODE = "^[{0}](?:,[{0}])*$".format("".join(PDRB_KATEGORI))
#: A column of ``tables.py`` that the cleaner never carries on (owner names, UU 27/2022).
NEVER = None

#: What each column of ``tables.py`` holds once clean, by column name (every table that has it).
COLUMNS: dict[str, Kind | None] = {
    "nik": Kind("str", (matches(r"^\d{16}$"),)),
    "id_usaha": Kind("str", (not_empty(),)),
    "nik_pemilik": Kind("str", (matches(MASKED_NIK),)),
    "nama_pemilik": NEVER,
    "kode": Kind("str", (isin(INDICATOR_CODES),)),
    "kecamatan": Kind("str", (isin(KECAMATAN),)),
    "kategori": Kind("str", (isin(KATEGORI_PERDAGANGAN),)),
    "polaritas": Kind("str", (isin(("positif", "negatif")),), filled=True),
    **{name: TEXT for name in ("nama_koperasi", "nama_usaha", "jenis_koperasi", "badan_hukum", "jenis_fasilitasi",
                               "kegiatan", "uraian", "lokasi", "bidang", "sektor", "lapangan_usaha", "satuan")},
    "tanggal": DATE,
    "tanggal_rat": DATE,
    "tahun": Kind("int64", (at_least(1900),)),
    "tahun_rat": Kind("float64", (at_least(1900),)),
    "triwulan": Kind("Int64", (isin((1, 2, 3, 4)),)),
    "jumlah": Kind("int64", (at_least(1),), filled=True),
    "jumlah_anggota": Kind("float64", (at_least(0),)),
    "omzet_tahunan": AMOUNT,
    "modal_usaha": AMOUNT,
    "adhb": AMOUNT,
    "target": Kind("float64"),
    "status_aktif": Kind("boolean"),
}

#: Columns a table's cleaning adds to its raw columns, or reads its own way.
TABLE_COLUMNS: dict[str, dict[str, Kind]] = {
    "koperasi": {"tahun_rat_terakhir": Kind("Int64"), "aktif": Kind("bool", filled=True)},
    "usaha_mikro": {
        "skala": Kind("str", (isin(SKALA),), filled=True),
        "skala_dasar": Kind("str", (isin(("omzet", "modal")),), filled=True),
        "aktif": Kind("bool", filled=True),
        "aktif_dasar": Kind("str", (isin(("omzet", "status")),), filled=True),
    },
    "fasilitasi_perdagangan": {"kategori_asli": TEXT},
    "pdrb_lapangan_usaha": {
        "kategori": Kind("str", (matches(PDRB_KODE),)),
        "status_angka": Kind("str", (isin(STATUS_BY_STARS.values()),)),
        "sumber_kolom": TEXT,
    },
}

#: The source of every clean row: its file, sheet (none for a text file) and row number.
SOURCE: dict[str, Kind] = {
    "sumber_berkas": Kind("str", filled=True),
    "sumber_sheet": TEXT,
    "sumber_baris": Kind("int64", (at_least(1),), filled=True),
}

#: The columns no two rows of a clean table share.
KEYS: dict[str, list[str]] = {
    "koperasi": ["nik"],
    "usaha_mikro": ["id_usaha"],
    "pdrb_lapangan_usaha": ["tahun", "kategori"],
    "target_iku": ["kode", "tahun", "triwulan"],
}

#: Tables a cleaning returns beside the clean one, as (columns of :data:`COLUMNS`, source columns).
EXTRA_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # BPS's total row per year, the cross-check of IT-1 (``Cleaned.extra["total_pdrb"]``)
    "total_pdrb": (("tahun", "adhb"), ("sumber_berkas", "sumber_baris")),
}


def columns_of(table: str) -> dict[str, tuple[Kind | None, bool, bool]]:
    """Every column of a clean table as (what it holds, required, nullable): tables.py's columns in
    its order, then the columns the cleaning adds, then the source columns.

    >>> {c: columns_of("usaha_mikro")[c][1:] for c in ("nama_usaha", "omzet_tahunan", "skala", "sumber_sheet")}
    {'nama_usaha': (True, False), 'omzet_tahunan': (False, True), 'skala': (True, False), 'sumber_sheet': (True, True)}
    """
    def added(kind: Kind) -> tuple[Kind, bool, bool]:
        return kind, True, not kind.filled

    if table in EXTRA_TABLES:
        names, source = EXTRA_TABLES[table]
        return {**{c: (COLUMNS[c], True, False) for c in names}, **{c: added(SOURCE[c]) for c in source}}
    definition = TABLES[table]
    alone = {group[0] for group in definition.required if len(group) == 1}
    columns = {}
    for c in definition.columns:
        kind = COLUMNS[c]
        held = c in alone or (kind is not NEVER and kind.filled)
        columns[c] = (kind, held, not held)
    for c, kind in TABLE_COLUMNS.get(table, {}).items():
        columns[c] = (kind, *columns[c][1:]) if c in columns else added(kind)
    return {**columns, **{c: added(kind) for c, kind in SOURCE.items()}}


@functools.cache
def schema(table: str):
    """The pandera schema of a clean table, built on first use: pandera takes about 0.4 s to import,
    which commands that clean nothing (``iku telusur`` on a warm cache) do not pay."""
    import pandera.pandas as pa

    columns, never = {}, []
    for name, (kind, required, nullable) in columns_of(table).items():
        if kind is NEVER:
            never.append(name)
            continue
        checks = [getattr(pa.Check, check)(**arguments) for check, arguments in kind.checks]
        columns[name] = pa.Column(kind.dtype, checks, required=required, nullable=nullable)
    checks = [pa.Check(lambda frame, c=c: c not in frame.columns, name=f"tanpa kolom {c}") for c in never]
    return pa.DataFrameSchema(columns, checks=checks, name=table, unique=KEYS.get(table), strict=False, coerce=False)


def check(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a clean table lazily; raise one error listing every failed check."""
    from pandera.errors import SchemaErrors

    try:
        return schema(table).validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "failure_case"]].head(20)
        lines = "; ".join(f"{r.column}: {r.check} ({r.failure_case!r})" for r in cases.itertuples(index=False))
        raise SchemaGateError(
            f"tabel bersih {table} melanggar skemanya ({len(exc.failure_cases)} kasus): {lines}",
            hint="Ini galat alur kerja, bukan galat data: laporkan ke pengembang beserta berkasnya.") from None
