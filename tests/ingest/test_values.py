"""The value rules of spec section 3 ("Values"): identifiers, numbers, dates, kecamatan, status
aktif and trade categories.

Text examples run on a column built each way the reader builds one: a pandas ``str`` Series
(CSV) and an object Series of Python values (Excel via calamine). Cells only a workbook can hold
(numbers, dates, booleans) run on the object Series only. Expected values come from the spec,
not from the code.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iku_helpers.core.tables import KATEGORI_PERDAGANGAN, KECAMATAN
from iku_helpers.ingest.values import (
    date_text,
    parse_date,
    parse_identifier,
    parse_kategori_perdagangan,
    parse_kecamatan,
    parse_number,
    parse_status_aktif,
    parse_whole_number,
)

NBSP = "\u00a0"
D = dt.date

# The 31 kecamatan of Kabupaten Jember, BPS order (spec section 3).
SPEC_KECAMATAN = (
    "Kencong", "Gumukmas", "Puger", "Wuluhan", "Ambulu", "Tempurejo", "Silo", "Mayang",
    "Mumbulsari", "Jenggawah", "Ajung", "Rambipuji", "Balung", "Umbulsari", "Semboro",
    "Jombang", "Sumberbaru", "Tanggul", "Bangsalsari", "Panti", "Sukorambi", "Arjasa",
    "Pakusari", "Kalisat", "Ledokombo", "Sumberjambe", "Sukowono", "Jelbuk", "Kaliwates",
    "Sumbersari", "Patrang",
)

# Indonesian month names and the short forms the spec lists.
SPEC_BULAN = {
    1: ("Januari", "Jan"), 2: ("Februari", "Feb"), 3: ("Maret", "Mar"), 4: ("April", "Apr"),
    5: ("Mei",), 6: ("Juni", "Jun"), 7: ("Juli", "Jul"), 8: ("Agustus", "Agu", "Agt", "Ags"),
    9: ("September", "Sep"), 10: ("Oktober", "Okt"), 11: ("November", "Nov", "Nop"),
    12: ("Desember", "Des"),
}

SARANA, PASAR, EKSPOR = "sarana_prasarana", "pasar_murah_bapokting", "ekspor_produk_umkm"


# --- helpers -----------------------------------------------------------------------------------


def csv_col(cells: list, index=None) -> pd.Series:
    """A column as read from CSV: pandas ``str`` dtype."""
    return pd.Series(cells, dtype="str", index=index)


def excel_col(cells: list, index=None) -> pd.Series:
    """A column as read from a workbook by calamine: Python str/float/date/bool/None."""
    return pd.Series(cells, dtype=object, index=index)


both_readers = pytest.mark.parametrize("make", [csv_col, excel_col], ids=["csv", "excel"])


def _plain(x: object) -> object:
    """A result cell as a plain Python value: None when missing, a date for a timestamp."""
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, pd.Timestamp):
        assert x == x.normalize(), "a date keeps no time of day"
        return x.date()
    return x.item() if isinstance(x, np.generic) else x


def run(parser, cells: list, make=excel_col, index=None, **kw) -> list[tuple[object, object, object]]:
    """(value, error, note) per cell, each as a plain Python value."""
    col = make(cells, index=index)
    p = parser(col, **kw)
    for part in (p.values, p.errors, p.notes):
        assert part.index.equals(col.index)
    return [(_plain(v), _plain(e), _plain(n)) for v, e, n in zip(p.values, p.errors, p.notes, strict=True)]


def accept(parser, cell: object, make=excel_col, **kw) -> tuple[object, object]:
    """Parse one cell that must be accepted: (value, note)."""
    value, error, note = run(parser, [cell], make, **kw)[0]
    assert error is None, f"{cell!r} rejected: {error}"
    return value, note


def reject(parser, cell: object, make=excel_col, **kw) -> str:
    """Parse one cell that must be rejected: the reason."""
    value, error, _ = run(parser, [cell], make, **kw)[0]
    assert value is None and isinstance(error, str) and error, f"{cell!r} accepted as {value!r}"
    return error


def empty_cells(make) -> list:
    return [None, "", "   ", NBSP] + ([float("nan")] if make is excel_col else [])


# --- identifiers -------------------------------------------------------------------------------
# Text; spaces, dots and dashes removed; Excel scientific notation rejected; nik of a koperasi
# is 16 digits; id_usaha is any non-empty text; a whole-number cell becomes digits with a note.

NIK = "3509010123450001"
NIB = "9120001234567"


@both_readers
@pytest.mark.parametrize(
    ("cell", "digits", "expected"),
    [
        (NIK, 16, NIK),
        ("3509 0101-2345.0001", 16, NIK),
        ("35.09.01.01.2345.0001", 16, NIK),
        ("3509-0101-2345-0001", 16, NIK),
        (NIB, None, NIB),
        ("912 000.123-4567", None, NIB),
        ("UM/KLS-07", None, "UM/KLS07"),  # id_usaha: any non-empty text
    ],
)
def test_identifier_text_accepted(make, cell, digits, expected):
    assert accept(parse_identifier, cell, make, digits=digits) == (expected, None)


@both_readers
@pytest.mark.parametrize(
    ("cell", "digits"),
    [
        ("3,50901E+15", 16),  # scientific notation: the digits are lost
        ("3.50901E+15", 16),
        ("3,50901E+15", None),
        ("3.50901E+15", None),
        ("35090101", 16),  # nik: 16 digits
        ("35090101234500012", 16),
        ("3509O10123450001", 16),  # letter O, not a digit
        ("", None),  # id_usaha: non-empty
        ("   ", None),
        (None, None),
        (None, 16),
        ("-", 16),
        ("-", None),  # a dash alone is not an identifier
        (" . ", None),
    ],
)
def test_identifier_text_rejected(make, cell, digits):
    reject(parse_identifier, cell, make, digits=digits)


@pytest.mark.parametrize(
    ("cell", "digits", "expected"),
    [(float(NIK), 16, NIK), (float(NIB), None, NIB), (int(NIB), None, NIB)],
)
def test_identifier_whole_number_cell_becomes_digits_with_note(cell, digits, expected):
    value, note = accept(parse_identifier, cell, digits=digits)
    assert value == expected
    assert note  # the warning for the auditor


@pytest.mark.parametrize(
    ("cell", "digits"),
    [(12.5, None), (35090101.0, 16), (True, None), (D(2025, 1, 2), None), (dt.datetime(2025, 1, 2), None)],
)
def test_identifier_excel_cell_rejected(cell, digits):
    reject(parse_identifier, cell, digits=digits)


def test_identifier_huge_number_cell_is_digits_or_rejected():
    value, error, _ = run(parse_identifier, [1e19])[0]
    assert value == "10000000000000000000" or (value is None and error)


# --- numbers -----------------------------------------------------------------------------------
# Indonesian notation: optional Rp, '.' groups of three, ',' decimals, suffixes jt/juta, M/miliar/
# milyar, T/triliun; a single '.' before one or two digits and no ',' is a decimal point;
# anything else rejected; money not negative; Excel numeric cells pass through.


@both_readers
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Rp 1.250.000,50", 1250000.5),
        ("1.250", 1250.0),
        ("1,25", 1.25),
        ("1,5 M", 1.5e9),
        ("Rp 1,5 M", 1.5e9),
        ("25 jt", 25e6),
        ("25 juta", 25e6),
        ("1,1 jt", 1.1e6),
        ("2 miliar", 2e9),
        ("2 milyar", 2e9),
        ("1 T", 1e12),
        ("1 triliun", 1e12),
        ("14190123.45", 14190123.45),  # decimal point, as in machine exports
        ("0.5", 0.5),
        ("1.5 M", 1.5e9),
        ("Rp1.250.000", 1250000.0),
        ("Rp 2.000.000.000", 2e9),
        ("1250000", 1250000.0),
        ("0", 0.0),
        ("0,5", 0.5),
    ],
)
def test_number_text_accepted(make, cell, expected):
    assert accept(parse_number, cell, make) == (expected, None)


@both_readers
@pytest.mark.parametrize(
    "cell",
    [
        "12.34.5",
        "1.2345",
        "abc",
        "1.25.000",  # a thousands group has exactly three digits
        "1234.567",
        "1.250.00",
        "1,250,000",
        "1e5",
        "Rp",
        "-1.250",  # money may not be negative
        "Rp -5",
        "-0,5",
    ],
)
def test_number_text_rejected(make, cell):
    reject(parse_number, cell, make)


@both_readers
def test_number_negative_allowed_when_not_money(make):
    assert accept(parse_number, "-1.250,5", make, negative=True) == (-1250.5, None)


@pytest.mark.parametrize(
    ("cell", "expected"), [(1250000.5, 1250000.5), (3, 3.0), (0.0, 0.0), (14190123.45, 14190123.45)]
)
def test_number_excel_cell_passed_through(cell, expected):
    assert accept(parse_number, cell) == (expected, None)


@pytest.mark.parametrize("cell", [-2.0, True, dt.datetime(2025, 1, 1), D(2025, 1, 1)])
def test_number_excel_cell_rejected(cell):
    reject(parse_number, cell)


# jumlah of fasilitasi_perdagangan: a whole number >= 1.
@pytest.mark.parametrize(
    ("cell", "expected"), [("3", 3.0), ("1.000", 1000.0), (2.0, 2.0), ("1,1 jt", 1100000.0)]
)
def test_whole_number_accepted(cell, expected):
    assert accept(parse_whole_number, cell, label="Jumlah", minimum=1) == (expected, None)


@pytest.mark.parametrize("cell", ["2,5", 2.5, "0", 0.0, "-1", "abc"])
def test_whole_number_rejected(cell):
    reject(parse_whole_number, cell, label="Jumlah", minimum=1)


# --- dates -------------------------------------------------------------------------------------
# Excel date cells and serials; dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, d <bulan> yyyy; day first,
# always; an impossible date is rejected.


@both_readers
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("03/04/2025", D(2025, 4, 3)),  # day first: 3 April, never 4 March
        ("03-04-2025", D(2025, 4, 3)),
        ("2025-04-03", D(2025, 4, 3)),
        ("3 April 2025", D(2025, 4, 3)),
        ("12/11/2025", D(2025, 11, 12)),
        ("13/01/2025", D(2025, 1, 13)),
        ("29/02/2024", D(2024, 2, 29)),  # leap day
        ("31 Des 2025", D(2025, 12, 31)),
    ],
)
def test_date_text_accepted(make, cell, expected):
    assert accept(parse_date, cell, make) == (expected, None)


@both_readers
@pytest.mark.parametrize(
    ("month", "name"), [(m, name) for m, names in SPEC_BULAN.items() for name in names]
)
def test_date_every_indonesian_month_name(make, month, name):
    cells = [f"7 {name} 2025", f"17 {name.upper()} 2025", f"27 {name.lower()} 2025"]
    expected = [(D(2025, month, day), None, None) for day in (7, 17, 27)]
    assert run(parse_date, cells, make) == expected


@both_readers
@pytest.mark.parametrize(
    "cell",
    [
        "31/02/2026",  # impossible dates
        "29/02/2025",
        "2026-02-31",
        "31 Apr 2025",
        "32 Januari 2025",
        "01/13/2025",  # no month 13: the month is never read first
        "abc",  # garbage
        "besok",
        "15 Foo 2025",
        "2025",
    ],
)
def test_date_text_rejected(make, cell):
    reject(parse_date, cell, make)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.datetime(2025, 4, 3), D(2025, 4, 3)),
        (dt.datetime(2025, 4, 3, 13, 5), D(2025, 4, 3)),  # time of day dropped
        (D(2025, 4, 3), D(2025, 4, 3)),
        (45658.0, D(2025, 1, 1)),  # Excel serial numbers
        (45750.0, D(2025, 4, 3)),
        (45750, D(2025, 4, 3)),
        (45750.6, D(2025, 4, 3)),
    ],
)
def test_date_excel_cell_accepted(cell, expected):
    assert accept(parse_date, cell) == (expected, None)


@pytest.mark.parametrize("cell", [True, False, -5.0])
def test_date_excel_cell_rejected(cell):
    reject(parse_date, cell)


def test_a_date_reads_dd_mm_yyyy_and_a_serial_or_year_first_text_with_the_date_it_stands_for():
    """What the ledger shows for a date cell (Parsed.shown; NA = the cell as written) and how a
    message names the date (date_text). Excel day 1 is 1900-01-01: date = 1899-12-30 + serial."""
    cells = [45994.0, 45994.6, "45994", "2025-12-04", "04/12/2025", "4 Des 2025", dt.datetime(2025, 12, 4, 9, 30),
             61.0, "31/02/2026", -5.0]
    p = parse_date(excel_col(cells))
    assert [_plain(x) for x in p.shown] == [
        "45994 (= 03/12/2025)", "45994,6 (= 03/12/2025)", "45994 (= 03/12/2025)", "2025-12-04 (= 04/12/2025)",
        None, None, None, "61 (= 01/03/1900)", None, None]
    assert [_plain(x) for x in date_text(p)] == [
        "45994 (= 03/12/2025)", "45994,6 (= 03/12/2025)", "45994 (= 03/12/2025)", "2025-12-04 (= 04/12/2025)",
        "04/12/2025", "04/12/2025", "04/12/2025", "61 (= 01/03/1900)", None, None]
    assert p.errors.iloc[-1] == "Tanggal: angka -5 bukan nomor seri tanggal Excel"
    assert reject(parse_date, 123456.5) == "Tanggal: angka 123456,5 bukan nomor seri tanggal Excel"


def test_date_out_of_range_serial_does_not_break_the_column():
    (first, second) = run(parse_date, [45750.0, 1e6])
    assert first == (D(2025, 4, 3), None, None)
    assert second[0] is not None or second[1]  # accepted or ledgered, never a crash


# --- kecamatan ---------------------------------------------------------------------------------
# One of the 31; case, a leading Kec./Kecamatan and spaces ignored; a name one edit away from
# exactly one official name is corrected and the correction recorded; anything else rejected.


def test_kecamatan_list_is_the_spec_list():
    assert tuple(KECAMATAN) == SPEC_KECAMATAN


@both_readers
@pytest.mark.parametrize("name", SPEC_KECAMATAN)
def test_kecamatan_official_name_any_case(make, name):
    cells = [name, name.upper(), name.lower()]
    assert run(parse_kecamatan, cells, make) == [(name, None, None)] * 3


@both_readers
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Kec. Ajung", "Ajung"),
        ("Kecamatan Patrang", "Patrang"),
        ("KECAMATAN KALIWATES", "Kaliwates"),
        ("kec. sumbersari", "Sumbersari"),
        ("Sumber Sari", "Sumbersari"),
        ("GUMUK MAS", "Gumukmas"),
        ("Ledok Ombo", "Ledokombo"),
        ("Kec. Sumber Sari", "Sumbersari"),
    ],
)
def test_kecamatan_prefix_and_spaces_ignored(make, cell, expected):
    assert accept(parse_kecamatan, cell, make) == (expected, None)


@both_readers
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Bangsarsari", "Bangsalsari"),  # substitution
        ("Jenggawa", "Jenggawah"),  # deletion
        ("Kaliwatess", "Kaliwates"),  # insertion
        ("Kec. Bangsarsari", "Bangsalsari"),
    ],
)
def test_kecamatan_one_edit_corrected_and_recorded(make, cell, expected):
    value, note = accept(parse_kecamatan, cell, make)
    assert value == expected
    assert note and expected in note


@both_readers
@pytest.mark.parametrize(
    "cell",
    [
        "Jember Kota",
        "Jember",
        "Bangsarsary",  # two edits away
        "Alung",  # one edit from both Ajung and Balung: ambiguous
        "Kecamatan",
    ],
)
def test_kecamatan_rejected(make, cell):
    reject(parse_kecamatan, cell, make)


@pytest.mark.parametrize("cell", [None, "", 5.0, True, D(2025, 1, 1)])
def test_kecamatan_empty_or_excel_cell_rejected_next_to_a_name(cell):
    (value, error, _), ajung = run(parse_kecamatan, [cell, "Ajung"])
    assert value is None and error
    assert ajung == ("Ajung", None, None)


@both_readers
def test_kecamatan_optional_empty_is_missing_next_to_a_name(make):
    cells = [*empty_cells(make), "Ajung"]
    expected = [(None, None, None)] * len(empty_cells(make)) + [("Ajung", None, None)]
    assert run(parse_kecamatan, cells, make, required=False) == expected




@pytest.mark.parametrize(
    ("cells", "make", "required"),
    [
        ([None, None], excel_col, True),  # required and empty: 'Kecamatan kosong'
        (["", None], csv_col, True),
        ([5.0, True], excel_col, True),  # numbers are not names
        ([None, None], excel_col, False),  # an optional kecamatan column left blank
        ([None, None], csv_col, False),
    ],
)
def test_kecamatan_column_without_any_text(cells, make, required):
    results = run(parse_kecamatan, cells, make, required=required)
    assert all(value is None for value, _, _ in results)
    assert all(bool(error) == (required or cell is not None) for cell, (_, error, _) in zip(cells, results))


# --- status_aktif ------------------------------------------------------------------------------
# ya/y/aktif/1/true -> aktif; tidak/t/tidak aktif/non aktif/nonaktif/0/false -> tidak; anything
# else rejected; an empty cell is missing (aktif then follows omzet), not an error.


@both_readers
@pytest.mark.parametrize(
    ("word", "expected"),
    [(w, True) for w in ("ya", "y", "aktif", "1", "true")]
    + [(w, False) for w in ("tidak", "t", "tidak aktif", "non aktif", "nonaktif", "0", "false")],
)
def test_status_aktif_words(make, word, expected):
    cells = [word, word.upper(), word.title()]
    assert run(parse_status_aktif, cells, make) == [(expected, None, None)] * 3


@both_readers
@pytest.mark.parametrize("cell", ["mungkin", "2", "aktif?", "ya tidak"])
def test_status_aktif_unknown_rejected(make, cell):
    reject(parse_status_aktif, cell, make)


@pytest.mark.parametrize(("cell", "expected"), [(True, True), (False, False), (1.0, True), (0.0, False)])
def test_status_aktif_excel_cell(cell, expected):
    assert accept(parse_status_aktif, cell) == (expected, None)


@pytest.mark.parametrize("cell", [2.0, D(2025, 1, 1)])
def test_status_aktif_excel_cell_rejected(cell):
    reject(parse_status_aktif, cell)


# --- kategori of fasilitasi_perdagangan -------------------------------------------------------
# sarana/prasarana/sarpras; pasar murah/bapok/bapokting/operasi pasar; ekspor/export; case-
# insensitive; matching none or more than one category is rejected.


def test_kategori_codes_are_the_spec_codes():
    assert set(KATEGORI_PERDAGANGAN) == {SARANA, PASAR, EKSPOR}


@both_readers
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Sarana", SARANA),
        ("Peningkatan prasarana pasar", SARANA),
        ("SARPRAS", SARANA),
        ("Sarana dan Prasarana", SARANA),  # two words of one category
        ("Pasar Murah", PASAR),
        ("bapok", PASAR),
        ("BAPOKTING", PASAR),
        ("Operasi Pasar", PASAR),
        ("Pasar murah Bapokting", PASAR),
        ("Ekspor", EKSPOR),
        ("Fasilitasi EXPORT produk UMKM", EKSPOR),
    ],
)
def test_kategori_accepted(make, cell, expected):
    assert accept(parse_kategori_perdagangan, cell, make) == (expected, None)


@both_readers
@pytest.mark.parametrize(
    "cell",
    [
        "Pelatihan",  # no category
        "Revitalisasi pasar",
        "Sarpras dan ekspor",  # two categories
        "Pasar murah produk ekspor",
        "",
        None,
    ],
)
def test_kategori_rejected(make, cell):
    reject(parse_kategori_perdagangan, cell, make)


# --- empty cells and white space around every value ------------------------------------------


# An empty number or date is missing, not an error (the table rules decide); an empty
# status_aktif means "aktif follows omzet".
@both_readers
@pytest.mark.parametrize("parser", [parse_number, parse_date, parse_status_aktif], ids=lambda p: p.__name__)
def test_empty_is_missing_not_error(make, parser):
    cells = empty_cells(make)
    assert run(parser, cells, make) == [(None, None, None)] * len(cells)


@both_readers
@pytest.mark.parametrize("pad", [NBSP, f" \t{NBSP} "], ids=["nbsp", "mixed"])
@pytest.mark.parametrize(
    ("parser", "cell", "expected"),
    [
        (parse_identifier, NIB, NIB),
        (parse_number, "Rp 1.250.000,50", 1250000.5),
        (parse_date, "12 Maret 2025", D(2025, 3, 12)),
        (parse_date, "03/04/2025", D(2025, 4, 3)),
        (parse_kecamatan, "Kec. Sumber Sari", "Sumbersari"),
        (parse_status_aktif, "tidak aktif", False),
        (parse_kategori_perdagangan, "Pasar Murah", PASAR),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_white_space_around_value_ignored(make, pad, parser, cell, expected):
    assert accept(parser, f"{pad}{cell}{pad}", make) == (expected, None)


# --- a column is parsed cell by cell -----------------------------------------------------------

MIXED = [
    (parse_identifier, [NIK, "3,50901E+15", None, float(NIK), "35.09", True, ""]),
    (parse_number, ["1.250", "abc", None, 2.5, "-1", "1,5 M", D(2025, 1, 1)]),
    (parse_date, ["03/04/2025", "31/02/2026", None, 45750.0, "x", dt.datetime(2025, 5, 6), "7 Agt 2025"]),
    # text only: a kecamatan cell alone with no text hits the bug tested above
    (parse_kecamatan, ["Ajung", "Bangsarsari", "Alung", "Jember Kota", "GUMUK MAS", "Kec. Patrang"]),
    (parse_status_aktif, ["ya", "mungkin", None, 0.0, True, "tidak"]),
    (parse_kategori_perdagangan, ["Sarpras", "x", None, "Ekspor", "Sarpras dan ekspor"]),
]


@pytest.mark.parametrize(("parser", "cells"), MIXED, ids=[p.__name__ for p, _ in MIXED])
def test_column_result_equals_cell_by_cell(parser, cells):
    index = pd.Index(range(10 * len(cells), 0, -10))  # not a default RangeIndex
    together = run(parser, cells, index=index)
    assert together == [run(parser, [cell])[0] for cell in cells]


# --- round trips (hypothesis) ------------------------------------------------------------------

readers = st.sampled_from([csv_col, excel_col])
pads = st.sampled_from(["", " ", NBSP, f" {NBSP}"])


@st.composite
def indonesian_numbers(draw) -> tuple[str, float]:
    """A non-negative number with up to two decimals and one way of writing it."""
    whole = draw(st.integers(0, 10**13))
    ndec = draw(st.integers(0, 2))
    frac = draw(st.integers(0, 10**ndec - 1)) if ndec else 0
    style = draw(st.sampled_from(["grouped", "plain", "machine"] if ndec else ["grouped", "plain"]))
    if style == "machine":  # a single '.' before one or two digits
        text = f"{whole}.{frac:0{ndec}d}"
    else:
        text = f"{whole:,}".replace(",", ".") if style == "grouped" else str(whole)
        text += f",{frac:0{ndec}d}" if ndec else ""
    prefix = draw(st.sampled_from(["", "Rp ", "Rp"]))
    pad = draw(pads)
    return f"{pad}{prefix}{text}{pad}", whole + frac / 10**ndec


@settings(deadline=None)
@given(cases=st.lists(indonesian_numbers(), min_size=1, max_size=8), make=readers)
def test_number_round_trip(cases, make):
    results = run(parse_number, [text for text, _ in cases], make)
    for (text, expected), (value, error, _) in zip(cases, results, strict=True):
        assert error is None, f"{text!r}: {error}"
        assert math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-9), text


@st.composite
def written_dates(draw) -> tuple[str, dt.date]:
    """A date in 1990..2100 and one accepted way of writing it."""
    d = draw(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)))
    form = draw(st.sampled_from(["dd/mm/yyyy", "dd-mm-yyyy", "yyyy-mm-dd", "d bulan yyyy"]))
    if form == "d bulan yyyy":
        name = draw(st.sampled_from(SPEC_BULAN[d.month]))
        name = draw(st.sampled_from([name, name.upper(), name.lower()]))
        text = f"{d.day} {name} {d.year}"
    elif form == "yyyy-mm-dd":
        text = d.isoformat()
    else:
        text = d.strftime("%d/%m/%Y" if form == "dd/mm/yyyy" else "%d-%m-%Y")
    return f"{draw(pads)}{text}{draw(pads)}", d


@settings(deadline=None)
@given(cases=st.lists(written_dates(), min_size=1, max_size=8), make=readers)
def test_date_round_trip(cases, make):
    results = run(parse_date, [text for text, _ in cases], make)
    assert results == [(d, None, None) for _, d in cases]


@st.composite
def noisy_identifiers(draw, size: int | None) -> tuple[str, str]:
    """Digits with spaces, dots and dashes between them and white space around."""
    digits = draw(st.text("0123456789", min_size=size or 1, max_size=size or 20))
    noise = st.text(" .-", max_size=2)
    text = "".join(c + draw(noise) for c in digits[:-1]) + digits[-1]
    return f"{draw(pads)}{text}{draw(pads)}", digits


@pytest.mark.parametrize("size", [None, 16], ids=["id_usaha", "nik"])
@settings(deadline=None)
@given(data=st.data(), make=readers)
def test_identifier_round_trip(size, data, make):
    cases = data.draw(st.lists(noisy_identifiers(size), min_size=1, max_size=8))
    results = run(parse_identifier, [text for text, _ in cases], make, digits=size)
    assert results == [(digits, None, None) for _, digits in cases]
