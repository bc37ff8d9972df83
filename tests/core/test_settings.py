"""pengaturan.toml: the documents' signatory and place (spec section 8)."""

from __future__ import annotations

import pytest

from iku_helpers.core.errors import InputError
from iku_helpers.core.settings import SETTINGS_FILE, Pengaturan, parse_pengaturan, read_pengaturan

FULL = """
[penandatangan]
nama = "Budi Contoh, S.E."
nip = "198001012005011001"
jabatan = "Kepala Dinas"
pangkat = "Pembina (IV/a)"

[laporan]
tempat = "Jember"
"""


def test_a_full_file_is_read_whole(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text(FULL, encoding="utf-8")
    p = read_pengaturan(tmp_path)
    assert (p.nama, p.nip, p.jabatan, p.pangkat, p.tempat) == (
        "Budi Contoh, S.E.", "198001012005011001", "Kepala Dinas", "Pembina (IV/a)", "Jember")
    assert p.ada and p.lengkap and p.sumber == SETTINGS_FILE


def test_no_file_leaves_every_field_blank(tmp_path):
    p = read_pengaturan(tmp_path)
    assert p == Pengaturan() and not p.ada and not p.lengkap


def test_a_partial_file_is_not_complete_and_an_integer_nip_keeps_its_digits():
    p = parse_pengaturan('[penandatangan]\nnip = 198001012005011001\n')
    assert p.nip == "198001012005011001" and p.ada and not p.lengkap


def test_excel_bom_and_extra_spaces_are_harmless(tmp_path):
    (tmp_path / SETTINGS_FILE).write_bytes(("\ufeff" + FULL.replace('"Jember"', '"  Jember  "')).encode("utf-8"))
    assert read_pengaturan(tmp_path).tempat == "Jember"


@pytest.mark.parametrize("text, where, words", [
    ('[penandatangan]\nnama = Budi\n', 2, "tanda kutip"),
    ('[penanda_tangan]\nnama = "Budi"\n', None, "[penanda_tangan] tidak dikenal"),
    ('[penandatangan]\nname = "Budi"\n', None, "kunci name"),
    ('[penandatangan]\nnama = ["Budi"]\n', None, "harus teks"),
    ('[penandatangan]\nnama = true\n', None, "harus teks"),
    ('tempat = "Jember"\n', None, "bagian [tempat] tidak dikenal"),
])
def test_a_mistake_names_the_file_and_what_to_do(text, where, words):
    with pytest.raises(InputError) as err:
        parse_pengaturan(text)
    message = err.value.message()
    assert SETTINGS_FILE in message and words in message and "Yang perlu dilakukan" in message
    assert err.value.row == where


def test_a_file_not_in_utf8_is_refused_with_how_to_save_it(tmp_path):
    (tmp_path / SETTINGS_FILE).write_bytes('[laporan]\ntempat = "Jémber"\n'.encode("cp1252"))
    with pytest.raises(InputError, match="UTF-8"):
        read_pengaturan(tmp_path)


def test_control_characters_and_overlong_values_are_refused():
    with pytest.raises(InputError, match="karakter kendali"):
        parse_pengaturan('[penandatangan]\nnama = "A\\u0001B"\n')
    with pytest.raises(InputError, match="terlalu panjang"):
        parse_pengaturan(f'[penandatangan]\nnama = "{"A" * 201}"\n')
    assert parse_pengaturan('[penandatangan]\nnama = "Siti Nurhaliza, S.E.\\nM.M."\n').nama == "Siti Nurhaliza, S.E. M.M."


def test_the_unit_that_runs_the_workflow_is_a_setting_with_the_spec_default(tmp_path):
    assert read_pengaturan(tmp_path).unit_pengolah == "Sub Bagian Perencanaan"
    p = parse_pengaturan('[laporan]\nunit_pengolah = "Bagian Perencanaan dan Evaluasi"')
    assert p.unit_pengolah == "Bagian Perencanaan dan Evaluasi" and not p.lengkap
