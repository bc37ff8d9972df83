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


# --- [kop] (spec section 10) ------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
KOP = """
[kop]
pemerintah = "PEMERINTAH KABUPATEN JEMBER"
instansi = "DINAS KOPERASI, USAHA KECIL DAN MENENGAH, DAN PERDAGANGAN"
alamat = "Jl. Contoh No. 1, Jember"
logo = "logo.png"
"""


def test_a_kop_is_read_with_its_logo_beside_the_file(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text(KOP + 'kontak = "Telp. (0331) 1"\n', encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(PNG)
    kop = read_pengaturan(tmp_path).kop
    assert kop.logo == tmp_path / "logo.png" and kop.logo_type() == "image/png"
    assert [text for _, text in kop.lines()] == ["PEMERINTAH KABUPATEN JEMBER",
                                                 "DINAS KOPERASI, USAHA KECIL DAN MENENGAH, DAN PERDAGANGAN",
                                                 "Jl. Contoh No. 1, Jember", "Telp. (0331) 1"]


@pytest.mark.parametrize("kontak", [
    '[kop]\ntelepon = "(0331) 1"\nemail = "a@b.go.id"\nlaman = "b.go.id"\n',
    '[kop]\npemerintah = "P"\n[kop.kontak]\ntelepon = "(0331) 1"\nemail = "a@b.go.id"\nlaman = "b.go.id"\n',
])
def test_the_contact_may_be_given_in_parts(kontak):
    assert parse_pengaturan(kontak).kop.kontak_text == "Telepon (0331) 1 · Pos-el a@b.go.id · Laman b.go.id"


def test_without_kop_the_documents_carry_a_plain_title():
    assert parse_pengaturan(FULL).kop is None


@pytest.mark.parametrize(("logo", "content", "says"), [
    ("logo.png", None, "berkas logo logo.png tidak ditemukan"),
    ("logo.png", b"GIF89a....", "bukan gambar PNG atau JPEG"),
    ("logo.png", PNG + b"\x00" * 2_000_001, "terlalu besar"),
    ("../logo.png", PNG, "harus berkas di samping pengaturan.toml"),
])
def test_a_wrong_logo_is_named_with_what_to_do(tmp_path, logo, content, says):
    (tmp_path / SETTINGS_FILE).write_text(KOP.replace('"logo.png"', f'"{logo}"'), encoding="utf-8")
    if content is not None:
        (tmp_path / "logo.png").write_bytes(content)
    with pytest.raises(InputError, match=says) as err:
        read_pengaturan(tmp_path)
    assert err.value.column == "kop.logo" and err.value.file == SETTINGS_FILE and "PNG atau JPEG" in err.value.hint


@pytest.mark.parametrize(("text", "says"), [
    ('[kop]\nwarna = "merah"\n', "kunci warna di bagian [kop] tidak dikenal"),
    ('[kop]\n[kop.kontak]\nfaks = "1"\n', "kunci faks di bagian [kop.kontak] tidak dikenal"),
    ('[kop]\ninstansi = ["a", "b"]\n', "kop.instansi harus teks"),
])
def test_a_wrong_kop_key_is_refused(text, says):
    with pytest.raises(InputError, match=says.replace("[", r"\[").replace("]", r"\]")):
        parse_pengaturan(text)
