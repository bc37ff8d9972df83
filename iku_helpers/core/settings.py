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

    [kop]                                      # the letterhead (spec section 10)
    pemerintah = "PEMERINTAH KABUPATEN JEMBER"
    instansi = "DINAS KOPERASI, USAHA KECIL DAN MENENGAH, DAN PERDAGANGAN"
    alamat = "Jl. ... No. ..., Jember 68100"
    kontak = "Telepon (0331) ... · Pos-el ... · Laman ..."   # or telepon, email, laman apart
    logo = "logo_jember.png"                   # an image file beside pengaturan.toml

Every key is optional; without the file the signature block is left blank to be filled in by
hand (:attr:`Pengaturan.lengkap` says whether it is complete), and without ``[kop]`` the documents
carry a plain title. The file is read with the
standard library's :mod:`tomllib`; a mistake in it stops the run with the line it is on.

>>> p = parse_pengaturan('[penandatangan]\\nnama = "A"\\nnip = 198001012005011001\\n[laporan]\\ntempat = "Jember"')
>>> p.nama, p.nip, p.tempat, p.lengkap
('A', '198001012005011001', 'Jember', False)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError

SETTINGS_FILE = "pengaturan.toml"
MAX_LENGTH = 200  # characters of one value: a name, a jabatan, a place
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The keys of each section, in the order the signature block shows them.
SECTIONS = {"penandatangan": ("nama", "nip", "jabatan", "pangkat"), "laporan": ("tempat", "unit_pengolah"),
            "kop": ("pemerintah", "instansi", "alamat", "kontak", "telepon", "email", "laman", "logo")}
#: The parts of ``kontak`` that may be given apart (``[kop]`` or ``[kop.kontak]``), and their words.
KONTAK = {"telepon": "Telepon", "email": "Pos-el", "laman": "Laman"}
#: The image files a logo may be (by their first bytes), and the largest one accepted.
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_MAX_BYTES = 2_000_000
#: The unit that runs the workflow and to which the bidang hand their files back (spec section 12).
UNIT_PENGOLAH = "Sub Bagian Perencanaan"
_HINT = ("Perbaiki berkas itu (contoh isinya ada di README, bagian pengaturan.toml) atau hapus "
         "berkasnya agar blok tanda tangan dikosongkan untuk diisi tangan.")


@dataclass(frozen=True)
class Kop:
    """The letterhead of the documents (``[kop]``); ``logo`` the image file, checked, or None.

    >>> Kop(pemerintah="PEMERINTAH KABUPATEN JEMBER", telepon="(0331) 1", laman="x.go.id").lines()
    [('pemerintah', 'PEMERINTAH KABUPATEN JEMBER'), ('kontak', 'Telepon (0331) 1 · Laman x.go.id')]
    """

    pemerintah: str = ""
    instansi: str = ""
    alamat: str = ""
    kontak: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    logo: Path | None = None

    @property
    def kontak_text(self) -> str:
        """``kontak`` and the parts given apart, on one line."""
        parts = [self.kontak] + [f"{word} {getattr(self, key)}" for key, word in KONTAK.items() if getattr(self, key)]
        return " · ".join(p for p in parts if p)

    def lines(self) -> list[tuple[str, str]]:
        """The lines of the letterhead, top to bottom, each with its part's name (which sets its look)."""
        parts = (("pemerintah", self.pemerintah), ("instansi", self.instansi), ("alamat", self.alamat),
                 ("kontak", self.kontak_text))
        return [(name, text) for name, text in parts if text]

    def logo_type(self) -> str | None:
        """The logo's media type ('image/png', 'image/jpeg'), None without one."""
        if self.logo is None:
            return None
        head = self.logo.read_bytes()[:8]
        return next(kind for magic, kind in LOGO_TYPES.items() if head.startswith(magic))


@dataclass(frozen=True)
class Pengaturan:
    """Signatory and place of the documents; empty strings where not set."""

    nama: str = ""
    nip: str = ""
    jabatan: str = ""
    pangkat: str = ""
    tempat: str = ""
    unit_pengolah: str = UNIT_PENGOLAH
    kop: Kop | None = None  # None without [kop]: the documents carry a plain title
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
    kop: dict[str, str] | None = None
    for section, value in data.items():
        if section not in SECTIONS or not isinstance(value, dict):
            raise InputError(f"bagian [{section}] tidak dikenal; yang dikenal: "
                             + ", ".join(f"[{s}]" for s in SECTIONS), file=source, hint=_HINT)
        items = dict(value)
        if section == "kop" and isinstance(items.get("kontak"), dict):  # [kop.kontak] telepon, email, laman
            for key, item in items.pop("kontak").items():
                if key not in KONTAK:
                    raise InputError(f"kunci {key} di bagian [kop.kontak] tidak dikenal; yang dikenal: "
                                     + ", ".join(KONTAK), file=source, column=f"kop.kontak.{key}", hint=_HINT)
                items[key] = item
        target = values
        if section == "kop":
            kop = target = {}
        for key, item in items.items():
            if key not in SECTIONS[section]:
                raise InputError(f"kunci {key} di bagian [{section}] tidak dikenal; yang dikenal: "
                                 + ", ".join(SECTIONS[section]), file=source, column=f"{section}.{key}", hint=_HINT)
            target[key] = _text(section, key, item, source)
    if kop is not None:
        values["kop"] = Kop(**{k: v for k, v in kop.items() if k != "logo"}, logo=Path(kop["logo"]) if kop.get("logo") else None)
    return Pengaturan(**values, sumber=source)


def _text(section: str, key: str, item, source: str) -> str:
    """One value of the file as it is printed, or :class:`InputError` naming what is wrong."""
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
    return text


def _check_logo(raw_dir: Path, pengaturan: Pengaturan) -> Pengaturan:
    """The settings with the logo's full path, after checking it is a PNG or JPEG file beside
    pengaturan.toml (:class:`InputError` naming ``kop.logo`` otherwise)."""
    if pengaturan.kop is None or pengaturan.kop.logo is None:
        return pengaturan
    path = raw_dir / pengaturan.kop.logo
    where = {"file": pengaturan.sumber or SETTINGS_FILE, "column": "kop.logo"}
    hint = ("Letakkan berkas gambar logo (PNG atau JPEG, paling besar 2 MB) di folder yang sama dengan "
            "pengaturan.toml dan tulis namanya saja, mis. logo = \"logo_jember.png\"; atau hapus baris logo.")
    if pengaturan.kop.logo.is_absolute() or ".." in pengaturan.kop.logo.parts:
        raise InputError(f"logo {pengaturan.kop.logo} harus berkas di samping pengaturan.toml, bukan jalur lain",
                         hint=hint, **where)
    if not path.is_file():
        raise InputError(f"berkas logo {pengaturan.kop.logo} tidak ditemukan di {Path(raw_dir)}", hint=hint, **where)
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise InputError(f"berkas logo {pengaturan.kop.logo} terlalu besar ({size:,} bita)".replace(",", "."),
                         hint=hint, **where)
    with path.open("rb") as fh:
        head = fh.read(8)
    if not any(head.startswith(magic) for magic in LOGO_TYPES):
        raise InputError(f"berkas logo {pengaturan.kop.logo} bukan gambar PNG atau JPEG", hint=hint, **where)
    return replace(pengaturan, kop=replace(pengaturan.kop, logo=path))


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
    return _check_logo(Path(raw_dir), parse_pengaturan(text, path.name))
