"""The command line: validate, template (read back by the real reader), usage errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import openpyxl

from iku_helpers.commands.cli import main
from iku_helpers.core.params import Params
from iku_helpers.core.tables import TABLES
from iku_helpers.ingest.dataset import load_year


def test_validate_prints_grouped_summary(raw_fixture, capsys):
    assert main(["validate", "--raw-dir", str(raw_fixture)]) == 0
    out = capsys.readouterr().out
    assert "== Tahun 2025 ==" in out and "== Tahun 2026 ==" in out
    assert "2025/koperasi.xlsx: 10 baris dibaca, 4 diterima, 4 ditolak, 1 kosong, 1 baris total — format Excel (.xlsx)" in out
    assert "notasi ilmiah" in out and "baris 7" in out


def test_validate_reports_every_hard_error_and_exits_1(raw_fixture, capsys):
    (raw_fixture / "2025" / "koperasi.csv").write_text("x")
    (raw_fixture / "2026" / "usaha_mikro.csv").write_text("Nama Usaha;Kecamatan\nA;Ajung\n")
    assert main(["validate", "--raw-dir", str(raw_fixture)]) == 1
    out = capsys.readouterr().out
    assert "GALAT" in out and "2025/koperasi.csv" in out and "2026/usaha_mikro.csv" in out
    assert "id_usaha" in out
    assert "hapus atau pindahkan" in out  # what to do about two files for one table
    assert "BELUM ADA  tabel koperasi " not in out  # it was delivered twice, not missing: the GALAT says so
    assert "BELUM ADA  tabel usaha_mikro " not in out  # delivered without its header: the GALAT says so
    assert "2025/fasilitasi_koperasi.csv:" in out  # the other tables of the year are still checked


def test_template_round_trip_through_the_reader(tmp_path, capsys):
    assert main(["template", "--out", str(tmp_path / "t")]) == 0
    assert "7 templat" in capsys.readouterr().out
    raw = tmp_path / "raw"
    (raw / "2026").mkdir(parents=True)
    fills = {
        "koperasi": {"nik": "0509010000000001", "nama_koperasi": "Kop Templat", "kecamatan": "Patrang",
                     "tanggal_rat": dt.datetime(2026, 3, 2)},
        "fasilitasi_koperasi": {"tanggal": dt.datetime(2026, 5, 1), "nik": "0509010000000001",
                                "jenis_fasilitasi": "pelatihan"},
    }
    for table, values in fills.items():
        wb = openpyxl.load_workbook(tmp_path / "t" / f"{table}.xlsx")
        ws = wb[table]
        header = [c.value for c in ws[1]]
        assert header == list(TABLES[table].columns)
        for col, value in values.items():
            ws.cell(row=2, column=header.index(col) + 1, value=value)
        wb.save(raw / "2026" / f"{table}.xlsx")
    data = load_year(Params(year=2026, raw_dir=raw))
    kop = data.tables["koperasi"].data
    assert kop["nik"].tolist() == ["0509010000000001"]  # leading zero kept: the column is text
    assert kop["aktif"].tolist() == [True]
    assert len(data.tables["fasilitasi_koperasi"].data) == 1
    assert data.ledger().empty


def test_python_dash_m_is_the_same_program():
    done = subprocess.run([sys.executable, "-m", "iku_helpers", "run", "--year", "abc"], capture_output=True, text=True)
    assert done.returncode == 2 and "tahun harus bilangan bulat 2000-2100" in done.stderr


def test_unexpected_errors_are_one_message(monkeypatch, capsys, tmp_path):
    from iku_helpers.commands import cli

    def boom(args):
        raise RuntimeError("rusak")

    monkeypatch.setitem(cli.COMMANDS, "validate", boom)
    assert main(["validate", "--raw-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "galat tak terduga" in err and "RuntimeError: rusak" in err and "Traceback" not in err


def _parsers():
    """The top parser and every sub-command's parser."""
    import argparse

    from iku_helpers.commands.cli import build_parser

    top = build_parser()
    subs = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return [top, *subs.choices.values()]


def test_every_option_of_every_command_says_what_it_is_and_its_default():
    import argparse

    for parser in _parsers():
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(a.help for a in action._choices_actions), parser.prog
                continue
            assert action.help and len(action.help) > 15, (parser.prog, action.dest)
            optional_value = action.option_strings and not action.required and action.nargs != 0 \
                and action.dest != "help"
            flag = action.option_strings and action.nargs == 0 and action.dest != "help"
            if optional_value or flag:
                assert "bawaan" in action.help or "tanpa " in action.help, (parser.prog, action.dest)


def test_help_and_usage_errors_are_in_bahasa_indonesia(capsys):
    import pytest

    english = ("usage:", "options:", "positional arguments", "show this help", "default", "the following",
               "expected", "invalid", "unrecognized", "argument ")
    for parser in _parsers():
        text = parser.format_help()
        assert not [w for w in english if w in text], (parser.prog, text)
        assert text.startswith("penggunaan: ")
    for argv in (["telusur"], ["run", "--year"], ["frob"], ["run", "--zz"], ["telusur", "IKU-1", "--triwulan", "x"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "GAGAL: penggunaan salah: argumen" in err or "GAGAL: penggunaan salah: perintah" in err, err
        assert not [w for w in english if w in err.replace("penggunaan:", "")], err
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert "--ganti" in out and "tampilkan bantuan ini" in out


def test_a_published_year_is_not_replaced_by_other_parameters_without_ganti(raw_fixture, tmp_path, capsys,
                                                                             monkeypatch):
    import json

    from iku_helpers.publish import runner

    out = tmp_path / "out"
    (out / "2026").mkdir(parents=True)
    published = out / "2026" / "iku_2026.json"
    published.write_text(json.dumps({"tahun": 2026, "parameter": {"accumulation_start_year": 2025,
                                     "rat_window_years": 1, "tahun": 2026, "data_contoh": False}}))
    before = published.read_bytes()
    built = []
    monkeypatch.setattr(runner, "_build", lambda base, runs, *a: built.append([p.label for p in runs]) or 0)
    common = ["run", "--raw-dir", str(raw_fixture), "--out", str(out), "--processed-dir", str(tmp_path / "p")]

    assert main([*common, "--year", "2026", "--rat-window-years", "3"]) == 2
    err = capsys.readouterr().err
    assert "laporan yang sudah terbit tidak diganti" in err and "rat_window_years 1 → 3" in err
    assert str(out / "2026") in err and "--ganti" in err and "--out" in err
    assert built == [] and published.read_bytes() == before and not (tmp_path / "p").exists()

    assert main([*common, "--year", "2026", "--accumulation-start-year", "2026"]) == 2  # any recorded parameter
    assert "accumulation_start_year 2025 → 2026" in capsys.readouterr().err
    assert main([*common, "--year", "2026"]) == 0  # the same parameters: replaced as every re-run is
    assert main([*common, "--year", "2026", "--rat-window-years", "3", "--ganti"]) == 0
    assert main([*common, "--year", "2025", "--rat-window-years", "3"]) == 0  # 2025 was not published
    assert built == [["2026"], ["2026"], ["2025"]]


def test_telusur_help_names_the_registrys_indicators_and_what_identifies_an_entity():
    from iku_helpers.commands.trace import SUBJECTS
    from iku_helpers.core.facts import INDICATOR_CODES

    tel = next(p for p in _parsers() if p.prog.endswith(" telusur"))
    helps = {a.dest: a.help for a in tel._actions}
    assert [k for k in INDICATOR_CODES if k in helps["kode"]] == list(INDICATOR_CODES)
    assert "NIK koperasi untuk IKU-1" in helps["ident"] and all(k in helps["ident"] for k in SUBJECTS)


def test_year_takes_several_values_like_triwulan_or_repeated(raw_fixture, monkeypatch):
    from iku_helpers.commands import cli

    called = []
    monkeypatch.setattr(cli, "run", lambda base, years, quarters, **kw: called.append(("run", years, quarters)) or 0)
    monkeypatch.setattr(cli, "validate", lambda base, years, quarters, **kw: called.append(("validate", years, quarters)) or 0)
    raw = ["--raw-dir", str(raw_fixture)]
    for command in ("run", "validate"):
        assert main([command, "--year", "2025", "2026", *raw]) == 0
        assert main([command, "--year", "2025", "--year", "2026", *raw]) == 0
        assert main([command, "--year", "2026", "2025", "--triwulan", "1", "2", *raw]) == 0
        assert main([command, "--year", "2026", "--triwulan", "3", "--year", "2025", "2026", *raw]) == 0
        assert main([command, *raw]) == 0
    expected = [[2025, 2026], [2025, 2026], [2025, 2026], [2025, 2026], None]
    assert [years for c, years, _ in called if c == "run"] == expected
    assert [years for c, years, _ in called if c == "validate"] == expected
    assert [q for c, _, q in called if c == "run"] == [[4], [4], [1, 2], [3], [4]]


def test_year_values_are_each_checked(capsys):
    assert main(["run", "--year", "2025", "abc"]) == 2
    assert "tahun harus bilangan bulat 2000-2100" in capsys.readouterr().err
    assert main(["validate", "--year"]) == 2
    assert "argumen --year memerlukan paling sedikit satu nilai" in capsys.readouterr().err


def test_validate_checks_every_year_named_after_one_year_option(raw_fixture, capsys):
    assert main(["validate", "--year", "2025", "2026", "--raw-dir", str(raw_fixture)]) == 0
    out = capsys.readouterr().out
    assert "== Tahun 2025 ==" in out and "== Tahun 2026 ==" in out
