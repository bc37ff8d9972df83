"""Params: one home for what a run depends on, its defaults and its validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from iku_helpers.commands.cli import main
from iku_helpers.core.errors import InvalidParameterError
from iku_helpers.core.params import PROJECT_ROOT, Params, from_portable, portable


def test_defaults_and_label():
    p = Params(year=2026)
    assert (p.raw_dir, p.processed_dir, p.output_dir) == (Path("data/raw"), Path("data/processed"), Path("outputs"))
    assert (p.rat_window_years, p.accumulation_start_year, p.label) == (1, 2025, "2026")


@pytest.mark.parametrize("changes, word", [
    ({"year": 1999}, "tahun"), ({"year": "abc"}, "tahun"), ({"year": True}, "tahun"), ({"year": 2025.5}, "tahun"),
    ({"rat_window_years": 0}, "rat_window_years"), ({"rat_window_years": 11}, "rat_window_years"),
    ({"accumulation_start_year": 3000}, "accumulation_start_year"), ({"raw_dir": ""}, "raw_dir"),
])
def test_invalid_values_are_usage_errors(changes, word):
    with pytest.raises(InvalidParameterError) as info:
        Params(**{"year": 2026, **changes})
    assert word in info.value.message() and info.value.exit_code == 2


def test_numbers_given_as_text_are_read():
    assert Params(year="2026", rat_window_years="2").rat_window_years == 2


def test_notebook_values_round_trip_and_ignore_other_names():
    p = Params(year=2027, raw_dir=PROJECT_ROOT / "data" / "raw", output_dir="/srv/iku/out", rat_window_years=2)
    values = p.notebook_values()
    assert values["raw_dir"] == "data/raw" and values["output_dir"] == "/srv/iku/out"
    namespace = {**values, "In": [], "pd": object()}
    back = Params.from_notebook(namespace)
    assert back.year == 2027 and back.rat_window_years == 2 and back.output_dir == Path("/srv/iku/out")


def test_record_round_trip_resolves_relative_folders_in_the_project():
    p = Params(year=2026, raw_dir=PROJECT_ROOT / "data" / "raw")
    back = Params.from_record(p.to_record())
    assert back.raw_dir == PROJECT_ROOT / "data" / "raw" and back.year == 2026
    assert Params.from_record(p.to_record(), raw_dir=Path("/x")).raw_dir == Path("/x")


def test_portable_paths():
    assert portable(PROJECT_ROOT / "outputs" / "2026") == "outputs/2026"
    assert portable("../data/raw") == "../data/raw"
    assert portable("/elsewhere/raw") == "/elsewhere/raw"
    assert from_portable("outputs") == PROJECT_ROOT / "outputs"


def test_result_key_leaves_out_folders():
    a = Params(year=2026, raw_dir="a", output_dir="b")
    assert a.result_key() == Params(year=2026).result_key()
    assert a.result_key() != Params(year=2026, rat_window_years=2).result_key()


@pytest.mark.parametrize("argv", [
    ["run", "--year", "1999"], ["run", "--rat-window-years", "0"], ["validate", "--year", "20x6"],
    ["run", "--accumulation-start-year", "abc"],
])
def test_cli_rejects_bad_parameters_with_exit_2(argv, capsys, tmp_path):
    assert main(argv + ["--raw-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "GAGAL" in err and "Traceback" not in err
