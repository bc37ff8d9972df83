"""The optional settings of the documents: ``data/raw/pengaturan.toml`` (spec section 8).

Who signs the LKjIP workbook and where::

    [penandatangan]
    nama = "Nama Lengkap, S.E., M.M."
    nip = "198001012005011001"
    jabatan = "Kepala Dinas Koperasi, Usaha Kecil dan Menengah, dan Perdagangan"
    pangkat = "Pembina Utama Muda (IV/c)"

    [laporan]
    tempat = "Jember"
    unit_pengolah = "Sub Bagian Perencanaan"   # who runs the workflow; named on the bidang pages

Every key is optional; without the file the signature block is left blank to be filled in by
hand (:attr:`Pengaturan.lengkap` says whether it is complete). The file is read with the
standard library's :mod:`tomllib`; a mistake in it stops the run with the line it is on.

>>> p = parse_pengaturan('[penandatangan]\\nnama = "A"\\nnip = 198001012005011001\\n[laporan]\\ntempat = "Jember"')
>>> p.nama, p.nip, p.tempat, p.lengkap
('A', '198001012005011001', 'Jember', False)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

SETTINGS_FILE = "pengaturan.toml"
MAX_LENGTH = 200  # characters of one value: a name, a jabatan, a place
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The keys of each section, in the order the signature block shows them.
SECTIONS = {"penandatangan": ("nama", "nip", "jabatan", "pangkat"), "laporan": ("tempat", "unit_pengolah")}
#: The unit that runs the workflow and to which the bidang hand their files back (spec section 12).
UNIT_PENGOLAH = "Sub Bagian Perencanaan"
_HINT = ("Perbaiki berkas itu (contoh isinya ada di README, bagian pengaturan.toml) atau hapus "
         "berkasnya agar blok tanda tangan dikosongkan untuk diisi tangan.")


@dataclass(frozen=True)
class Pengaturan:
    """Signatory and place of the documents; empty strings where not set."""

    nama: str = ""
    nip: str = ""
    jabatan: str = ""
    pangkat: str = ""
    tempat: str = ""
    unit_pengolah: str = UNIT_PENGOLAH
    sumber: str | None = None  # the file it was read from, None when there is none

    @property
    def ada(self) -> bool:
        """Whether a settings file was found."""
        return self.sumber is not None

    @property
    def lengkap(self) -> bool:
        """Whether every part of the signature block is filled."""
        return all((self.nama, self.nip, self.jabatan, self.pangkat, self.tempat))


def settings_path(raw_dir: Path | str) -> Path:
    return Path(raw_dir) / SETTINGS_FILE


def parse_pengaturan(text: str, source: str = SETTINGS_FILE) -> Pengaturan:
    """The settings in ``text`` (TOML); raises :class:`InputError` naming the key that is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        text_of = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", text_of)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", text_of) or "tidak terbaca"
        raise InputError(f"isi berkas bukan TOML yang sah ({reason}); teks harus di antara tanda kutip, "
                         'mis. jabatan = "Kepala Dinas ..."', file=source,
                         row=int(where.group(1)) if where else None, hint=_HINT) from None
    values: dict[str, str] = {}
    for section, value in data.items():
        if section not in SECTIONS or not isinstance(value, dict):
            raise InputError(f"bagian [{section}] tidak dikenal; yang dikenal: "
                             + ", ".join(f"[{s}]" for s in SECTIONS), file=source, hint=_HINT)
        for key, item in value.items():
            if key not in SECTIONS[section]:
                raise InputError(f"kunci {key} di bagian [{section}] tidak dikenal; yang dikenal: "
                                 + ", ".join(SECTIONS[section]), file=source, column=f"{section}.{key}", hint=_HINT)
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                raise InputError(f"{section}.{key} harus teks dalam tanda kutip, mis. {key} = \"...\"",
                                 file=source, column=f"{section}.{key}", hint=_HINT)
            text = " ".join(str(item).split())  # an integer NIP becomes its digits; line breaks a space
            if _CONTROL.search(text):
                raise InputError(f"{section}.{key} memuat karakter kendali yang tidak dapat dicetak",
                                 file=source, column=f"{section}.{key}", hint=_HINT)
            if len(text) > MAX_LENGTH:
                raise InputError(f"{section}.{key} terlalu panjang ({len(text)} karakter; paling banyak {MAX_LENGTH})",
                                 file=source, column=f"{section}.{key}", hint=_HINT)
            values[key] = text
    return Pengaturan(**values, sumber=source)


def read_pengaturan(raw_dir: Path | str) -> Pengaturan:
    """The settings of ``raw_dir``; every field empty when the file is absent."""
    path = settings_path(raw_dir)
    if not path.is_file():
        return Pengaturan()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("berkas tidak tersimpan sebagai UTF-8", file=path.name,
                         hint="Simpan ulang berkas sebagai teks UTF-8 (Notepad: Simpan sebagai, Pengodean UTF-8).") from None
    return parse_pengaturan(text, path.name)
