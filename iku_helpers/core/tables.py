"""The tables of the raw data, as data: names, columns, aliases, and reference lists.

Everything the reader and the cleaner need to know about a table lives here, so that adding an
alias or a column is a one-line change (spec sections 2-4).

>>> TABLES["koperasi"].required
(('nik',), ('nama_koperasi',), ('kecamatan',), ('tanggal_rat', 'tahun_rat'))
>>> canonical_column("Omzet (Rp)", "usaha_mikro")
'omzet_tahunan'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Year folders hold these tables; the raw root holds the two ROOT_TABLES.
YEAR_TABLES = (
    "koperasi",
    "fasilitasi_koperasi",
    "usaha_mikro",
    "fasilitasi_usaha_mikro",
    "fasilitasi_perdagangan",
)
ROOT_TABLES = ("target_iku", "pdrb_lapangan_usaha")
EXTENSIONS = ("xlsx", "xls", "ods", "csv", "txt")  # .txt: Excel's "Unicode Text" (spec section 9)


@dataclass(frozen=True)
class Table:
    """One raw table: its required column groups (any one of a group suffices) and the rest."""

    name: str
    required: tuple[tuple[str, ...], ...]
    optional: tuple[str, ...] = ()
    identifier: str | None = None  # the column a totals row is recognised in
    bidang: str = ""
    judul: str = ""  # human title in Bahasa Indonesia
    extra_aliases: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every canonical column, required first, in a stable order."""
        cols = [c for group in self.required for c in group]
        return tuple(cols + [c for c in self.optional if c not in cols])


KOPERASI_NIK_ALIASES = {
    "nik": "nik",
    "nik_koperasi": "nik",
    "no_induk_koperasi": "nik",
    "nomor_induk_koperasi": "nik",
}

TABLES: dict[str, Table] = {
    "koperasi": Table(
        "koperasi",
        required=(("nik",), ("nama_koperasi",), ("kecamatan",), ("tanggal_rat", "tahun_rat")),
        optional=("jenis_koperasi", "jumlah_anggota", "badan_hukum"),
        identifier="nik",
        bidang="Bidang Pengawasan Koperasi dan Usaha Mikro",
        judul="Daftar koperasi",
        extra_aliases=KOPERASI_NIK_ALIASES,
    ),
    "fasilitasi_koperasi": Table(
        "fasilitasi_koperasi",
        required=(("tanggal",), ("nik",), ("jenis_fasilitasi",)),
        optional=("nama_koperasi", "kegiatan"),
        identifier="nik",
        bidang="Bidang Pengawasan Koperasi dan Usaha Mikro",
        judul="Fasilitasi koperasi",
        extra_aliases=KOPERASI_NIK_ALIASES,
    ),
    "usaha_mikro": Table(
        "usaha_mikro",
        required=(("id_usaha",), ("nama_usaha",), ("kecamatan",), ("omzet_tahunan", "modal_usaha")),
        optional=("status_aktif", "nik_pemilik", "nama_pemilik", "sektor"),
        identifier="id_usaha",
        bidang="Bidang Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
        judul="Daftar usaha mikro, kecil dan menengah",
        extra_aliases={"nik": "nik_pemilik", "nik_ktp": "nik_pemilik", "nama_pemilik_usaha": "nama_pemilik"},
    ),
    "fasilitasi_usaha_mikro": Table(
        "fasilitasi_usaha_mikro",
        required=(("tanggal",), ("id_usaha",), ("jenis_fasilitasi",)),
        optional=("kegiatan",),
        identifier="id_usaha",
        bidang="Bidang Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
        judul="Fasilitasi usaha mikro",
    ),
    "fasilitasi_perdagangan": Table(
        "fasilitasi_perdagangan",
        required=(("tanggal",), ("kategori",), ("uraian",)),
        optional=("jumlah", "kecamatan", "lokasi", "bidang"),
        bidang="Bidang Perdagangan; Bidang Sarana dan Prasarana",
        judul="Fasilitasi perdagangan",
    ),
    "pdrb_lapangan_usaha": Table(
        "pdrb_lapangan_usaha",
        required=(("tahun",), ("kategori",), ("adhb",)),
        optional=("lapangan_usaha",),
        bidang="BPS Kabupaten Jember",
        judul="PDRB atas dasar harga berlaku menurut lapangan usaha",
    ),
    "target_iku": Table(
        "target_iku",
        required=(("kode",), ("tahun",), ("target",)),
        optional=("triwulan", "polaritas", "satuan"),
        bidang="Sub Bagian Perencanaan (Renstra / Perjanjian Kinerja)",
        judul="Target indikator",
    ),
}

#: Normalised header -> canonical column, for every table (spec section 3).
ALIASES: dict[str, str] = {
    "nama_koperasi": "nama_koperasi",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "tanggal_rat": "tanggal_rat",
    "tgl_rat": "tanggal_rat",
    "tanggal_rat_terakhir": "tanggal_rat",
    "rat_terakhir": "tanggal_rat",
    "tahun_rat": "tahun_rat",
    "tahun_rat_terakhir": "tahun_rat",
    "jenis": "jenis_koperasi",
    "jenis_koperasi": "jenis_koperasi",
    "jumlah_anggota": "jumlah_anggota",
    "anggota": "jumlah_anggota",
    "badan_hukum": "badan_hukum",
    "tanggal": "tanggal",
    "tgl": "tanggal",
    "tanggal_kegiatan": "tanggal",
    "jenis_fasilitasi": "jenis_fasilitasi",
    "bentuk_fasilitasi": "jenis_fasilitasi",
    "fasilitasi": "jenis_fasilitasi",
    "kegiatan": "kegiatan",
    "id_usaha": "id_usaha",
    "nib": "id_usaha",
    "no_nib": "id_usaha",
    "nomor_induk_berusaha": "id_usaha",
    "nama_usaha": "nama_usaha",
    "omzet": "omzet_tahunan",
    "omset": "omzet_tahunan",
    "omzet_per_tahun": "omzet_tahunan",
    "omset_per_tahun": "omzet_tahunan",
    "omzet_tahunan": "omzet_tahunan",
    "omset_tahunan": "omzet_tahunan",
    "hasil_penjualan_tahunan": "omzet_tahunan",
    "modal": "modal_usaha",
    "modal_usaha": "modal_usaha",
    "aset": "modal_usaha",
    "status": "status_aktif",
    "status_aktif": "status_aktif",
    "aktif": "status_aktif",
    "nik_pemilik": "nik_pemilik",
    "nama_pemilik": "nama_pemilik",
    "sektor": "sektor",
    "kategori": "kategori",
    "uraian": "uraian",
    "nama_kegiatan": "uraian",
    "jumlah": "jumlah",
    "volume": "jumlah",
    "lokasi": "lokasi",
    "bidang": "bidang",
    "adhb": "adhb",
    "nilai_adhb": "adhb",
    "atas_dasar_harga_berlaku": "adhb",
    "lapangan_usaha": "lapangan_usaha",
    "tahun": "tahun",
    "kode": "kode",
    "kode_indikator": "kode",
    "tw": "triwulan",
    "triwulan_ke": "triwulan",
    "target": "target",
    "polaritas": "polaritas",
    "satuan": "satuan",
}

_UNIT_SUFFIX = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(name: object) -> str:
    """Normalise a header cell: drop a trailing unit in brackets, lower case, ``_`` for the rest.

    >>> normalise_header("  ADHB (juta Rp) ")
    'adhb'
    >>> normalise_header("No. Induk\\u00a0Koperasi")
    'no_induk_koperasi'
    """
    if name is None:
        return ""
    text = str(name).replace("\u00a0", " ").strip()
    text = _UNIT_SUFFIX.sub("", text)
    return _NON_ALNUM.sub("_", text.lower()).strip("_")


def canonical_column(name: object, table: str) -> str:
    """The canonical column name of a header cell for ``table`` (unknown names stay normalised)."""
    norm = normalise_header(name)
    extra = TABLES[table].extra_aliases
    if norm in extra:
        return extra[norm]
    return ALIASES.get(norm, norm)


#: The 31 kecamatan of Kabupaten Jember, in BPS order.
KECAMATAN: tuple[str, ...] = (
    "Kencong", "Gumukmas", "Puger", "Wuluhan", "Ambulu", "Tempurejo", "Silo", "Mayang",
    "Mumbulsari", "Jenggawah", "Ajung", "Rambipuji", "Balung", "Umbulsari", "Semboro",
    "Jombang", "Sumberbaru", "Tanggul", "Bangsalsari", "Panti", "Sukorambi", "Arjasa",
    "Pakusari", "Kalisat", "Ledokombo", "Sumberjambe", "Sukowono", "Jelbuk", "Kaliwates",
    "Sumbersari", "Patrang",
)

#: Trade facilitation categories: canonical code -> (label, words that mark it).
KATEGORI_PERDAGANGAN: dict[str, tuple[str, tuple[str, ...]]] = {
    "sarana_prasarana": ("Peningkatan sarana dan prasarana perdagangan", ("sarana", "prasarana", "sarpras")),
    "pasar_murah_bapokting": ("Pasar murah dan Bapokting", ("pasar murah", "bapok", "bapokting", "operasi pasar")),
    "ekspor_produk_umkm": ("Produk UMKM yang melakukan ekspor", ("ekspor", "export")),
}
#: The categories as a person reads them (the template's drop-down, the feedback's advice); each
#: holds the keywords of exactly one category.
KATEGORI_LABELS = tuple(label for label, _ in KATEGORI_PERDAGANGAN.values())

#: Skala usaha (UU 6/2023, PP 7/2021 Pasal 35): the upper bound of each skala in Rupiah, as
#: (hasil penjualan tahunan / omzet, modal usaha); above the last bounds a business is besar.
SKALA_BATAS: tuple[tuple[str, float, float], ...] = (
    ("mikro", 2e9, 1e9),
    ("kecil", 15e9, 5e9),
    ("menengah", 50e9, 10e9),
)
SKALA: tuple[str, ...] = tuple(name for name, _, _ in SKALA_BATAS) + ("besar",)

#: PDRB categories (BPS lapangan usaha, KBLI 2020 letters).
PDRB_KATEGORI = tuple("ABCDEFGHIJKLMNOPQRSTU")
#: BPS's combined codes of its 17 categories: Jasa Perusahaan and Jasa Lainnya (spec section 9).
PDRB_GABUNGAN = ("M,N", "R,S,T,U")


def table_title(name: str) -> str:
    """The title a reader sees for a table (its ``judul``); the name itself when it is not a table.

    >>> table_title("fasilitasi_usaha_mikro"), table_title("lain")
    ('Fasilitasi usaha mikro', 'lain')
    """
    table = TABLES.get(name) if isinstance(name, str) else None
    return table.judul if table is not None and table.judul else name
