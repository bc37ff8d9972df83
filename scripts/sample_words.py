"""The names and the writing rules of the SYNTHETIC raw data, shared by both generators.

``scripts/generate_sample_data.py`` (the bundled sample in data/raw, reproducible byte for byte)
and ``benchmarks/generate_large.py`` (UMKM registers of up to a million rows for the benchmarks)
invent the same things: enterprises, owners, cooperatives, desa, facilitation events, trade
events, PDRB and targets; and they write values in the same messy ways: dates, money,
identifiers, kecamatan, status words. Those words and rules are said here once.

What the package fixes is imported from it, never copied: the 31 kecamatan, the trade categories,
the skala bounds, the PDRB categories, the month names, the indicator codes and the plan years.
What stays in each generator: how often each form is used, the sizes, the planted defects and
the random draws (``random.Random`` in the sample, numpy in the large sets). A rule here that
needs a random pick takes ``choice``, a function returning one item of a sequence
(``random.Random.choice`` in the sample), and calls it in a fixed order, so the sample's bytes
stay the same.

Nothing here is real data of Kabupaten Jember. The names are invented or common Indonesian names;
only the kecamatan, their number of desa/kelurahan, the PDRB orders of magnitude and the legal
thresholds come from public sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from iku_helpers.core.facts import INDICATOR_CODES, PLAN_YEARS
from iku_helpers.core.formats import BULAN_NAMA
from iku_helpers.core.tables import KECAMATAN, PDRB_KATEGORI

#: Picks one item of a sequence (``random.Random.choice``, or the numpy equivalent).
Choice = Callable[[Sequence[Any]], Any]

SEED = 20260119  # the decree's date (Keputusan Kepala Dinas, 19 Januari 2026)
NBSP = "\u00a0"

# --------------------------------------------------------------------------------------------
# Kabupaten: kecamatan, desa, and how a kecamatan is written
# --------------------------------------------------------------------------------------------

#: The BPS code of Kabupaten Jember: the first four digits of every synthetic NIK.
KODE_KABUPATEN = "3509"

#: Desa and kelurahan of each kecamatan (BPS), in the package's KECAMATAN order.
DESA_KELURAHAN: dict[str, tuple[int, int]] = dict(zip(KECAMATAN, (
    (5, 0), (8, 0), (12, 0), (7, 0),  # Kencong, Gumukmas, Puger, Wuluhan
    (7, 0), (8, 0), (9, 0), (7, 0),  # Ambulu, Tempurejo, Silo, Mayang
    (7, 0), (8, 0), (7, 0), (8, 0),  # Mumbulsari, Jenggawah, Ajung, Rambipuji
    (8, 0), (10, 0), (6, 0), (6, 0),  # Balung, Umbulsari, Semboro, Jombang
    (10, 0), (8, 0), (11, 0), (7, 0),  # Sumberbaru, Tanggul, Bangsalsari, Panti
    (5, 0), (6, 0), (7, 0), (12, 0),  # Sukorambi, Arjasa, Pakusari, Kalisat
    (10, 0), (9, 0), (12, 0), (6, 0),  # Ledokombo, Sumberjambe, Sukowono, Jelbuk
    (0, 7), (0, 7), (0, 8),  # Kaliwates, Sumbersari, Patrang
), strict=True))
#: The three town kecamatan (the ones with kelurahan).
KOTA = tuple(k for k, (_, kelurahan) in DESA_KELURAHAN.items() if kelurahan)
#: The wilayah a facilitation is organised by ("Pengawasan Koperasi Wilayah Timur").
NAMA_WILAYAH = ("Barat", "Tengah", "Timur", "Kota")

#: Synthetic desa names: every start joined to every ending ("Sumberrejo", "Karang Wetan").
DESA_AWAL = ("Sumber", "Karang", "Tegal", "Sido", "Kebon", "Wono", "Jati", "Mojo", "Rowo",
             "Gunung", "Suko", "Kali", "Bangun", "Tanjung", "Gadung", "Randu", "Pandan",
             "Curah", "Ampel", "Banjar", "Glagah", "Lojej", "Pace", "Klompang", "Darsono")
DESA_AKHIR = ("rejo", "sari", "mulyo", "agung", "harjo", "makmur", "jati", "wangi", "kerto",
              "anyar", "asri", "jaya", "manis", "arum", " Wetan", " Kulon", " Lor", " Kidul",
              " Tengah", "bendo")
DESA = tuple((a + b).replace("rr", "r") for a in DESA_AWAL for b in DESA_AKHIR)

#: How people split some names ("SUMBER SARI", "GUMUK MAS"): the reader ignores the space.
KEC_SPACED = {"Sumbersari": "Sumber Sari", "Gumukmas": "Gumuk Mas", "Sumberbaru": "Sumber Baru",
              "Sumberjambe": "Sumber Jambe", "Umbulsari": "Umbul Sari", "Mumbulsari": "Mumbul Sari",
              "Bangsalsari": "Bangsal Sari", "Ledokombo": "Ledok Ombo", "Rambipuji": "Rambi Puji"}
#: The ways a kecamatan is written that the reader accepts as they are.
KEC_FORMS: dict[str, Callable[[str], str]] = {
    "plain": lambda k: k,
    "kec": lambda k: f"Kec. {k}",
    "kecamatan": lambda k: f"Kecamatan {k}",
    "upper": str.upper,
    "lower": str.lower,
    "spaced": lambda k: KEC_SPACED.get(k, k),
    "spaced_upper": lambda k: KEC_SPACED.get(k, k).upper(),
    "nbsp": lambda k: k + NBSP,
    "space": lambda k: k + " ",
}
#: One edit away from exactly one kecamatan: corrected, with a note (typo -> kecamatan).
KEC_TYPOS = {"Bangsarsari": "Bangsalsari", "Jenggawa": "Jenggawah", "Sumbersri": "Sumbersari"}
#: Not a kecamatan of Jember (the town is none of its own): rejected, unknown_kecamatan.
KEC_ASING = ("Jember Kota", "Kota Jember")

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

BULAN = BULAN_NAMA
#: Short month names as offices write them (all read by the package).
BULAN_PENDEK = (("Jan",), ("Feb",), ("Mar",), ("Apr",), ("Mei",), ("Jun",), ("Jul",),
                ("Agu", "Agt", "Ags"), ("Sep",), ("Okt",), ("Nov", "Nop"), ("Des",))
#: The text forms of a date (a spreadsheet may also hold date cells and Excel serial numbers).
DATE_TEXT_FORMS = ("dmy", "dmy_dash", "iso", "bulan", "bulan_pendek")


def date_text(d: dt.date, form: str, pendek: str | None = None) -> str:
    """``d`` as text: 05/03/2025, 05-03-2025, 2025-03-05, 5 Maret 2025 or 5 Mar 2025 (``pendek``:
    which short name of the month, by default its first)."""
    if form == "dmy":
        return f"{d:%d/%m/%Y}"
    if form == "dmy_dash":
        return f"{d:%d-%m-%Y}"
    if form == "iso":
        return d.isoformat()
    if form == "bulan":
        return f"{d.day} {BULAN[d.month - 1]} {d.year}"
    if form == "bulan_pendek":
        return f"{d.day} {pendek or BULAN_PENDEK[d.month - 1][0]} {d.year}"
    raise ValueError(form)


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------


def indo_int(n: int) -> str:
    """1250000 -> '1.250.000'."""
    return f"{n:,}".replace(",", ".")


def indo_dec(x: float) -> str:
    """2.5 -> '2,5'; 25.0 -> '25' (at most two decimals, no thousands separator)."""
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


#: The words after an amount in juta and in miliar (repeats make a word more frequent).
JT_WORDS = ("jt", "jt", "juta")
M_WORDS = ("M", "M", "miliar", "milyar")


def fits_jt(n: int) -> bool:
    """Whether ``n`` can be written in juta without losing a digit ('25 jt', '2,5 juta')."""
    return bool(n) and n % 100_000 == 0 and n < 1_000_000_000


def fits_m(n: int) -> bool:
    """Whether ``n`` can be written in miliar without losing a digit ('1,5 M')."""
    return n >= 1_000_000_000 and n % 10_000_000 == 0


def money_text(v: float, form: str, word: str = "") -> str:
    """Money as text, exactly: 'rp' Rp 1.250.000, 'rp_tight' Rp1.250.000, 'plain' 1.250.000,
    'jt' 25 jt, 'M' 1,5 M (``word`` after the number; check fits_jt / fits_m first), 'machine'
    14190123.45 (a machine export). An amount with sen is written 850.000,50 whatever the form
    (except 'machine')."""
    n = int(v)
    if form == "machine":
        return str(n) if v == n else f"{v:.2f}"
    cents = round((v - n) * 100)
    if cents:
        return f"{indo_int(n)},{cents:02d}"
    if form == "rp":
        return f"Rp {indo_int(n)}"
    if form == "rp_tight":
        return f"Rp{indo_int(n)}"
    if form == "plain":
        return indo_int(n)
    if form == "jt":
        return f"{indo_dec(n / 1e6)} {word or JT_WORDS[0]}"
    if form == "M":
        return f"{indo_dec(n / 1e9)} {word or M_WORDS[0]}"
    raise ValueError(form)


def sen_text(sen: int) -> str:
    """An amount in hundredths with its two decimals, as BPS prints it: '14.190.123,45'."""
    return f"{indo_int(sen // 100)},{sen % 100:02d}"


#: Money no reader can read (rejected, unparseable_money): dots where no thousands are, four
#: decimals, letters.
UANG_TITIK_SALAH = "12.34.5"
UANG_EMPAT_DESIMAL = "1.2345"
UANG_HURUF = "abc"
#: A negative amount (rejected, negative_money).
UANG_NEGATIF = -5_000_000

# --------------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------------

#: The first digits of a synthetic 13-digit NIB.
NIB_PREFIXES = ("912", "812", "120")
#: Owners are born from LAHIR_AWAL on, within LAHIR_HARI days; NIK_NOMOR bounds the last digits.
LAHIR_AWAL = dt.date(1955, 1, 1)
LAHIR_HARI = 365 * 48
NIK_NOMOR = (1, 30)
#: A woman's NIK carries her day of birth plus 40.
NIK_HARI_PEREMPUAN = 40
#: The number of each kecamatan in BPS order (Kencong 1 ... Patrang 31), as NIKs carry it.
KEC_NO = {kec: i + 1 for i, kec in enumerate(KECAMATAN)}

# The two NIK are built with arithmetic, so that they take numbers and numpy arrays alike.


def nik_koperasi(kec_no, yy, serial):
    """A cooperative's 16-digit NIK (a number; str() it): 3509, the kecamatan's number times ten
    (three digits), the year of registration (two digits), a serial number (seven digits)."""
    return ((int(KODE_KABUPATEN) * 1000 + kec_no * 10) * 100 + yy) * 10**7 + serial


def nik_pemilik(kec_no, day, month, year, female, serial):
    """A person's 16-digit NIK (a number; str() it): 3509, the kecamatan's number, the day
    (plus 40 for a woman), month and year of birth (two digits each), a serial number (four)."""
    born = (day + NIK_HARI_PEREMPUAN * female) * 10**4 + month * 100 + year % 100
    return ((int(KODE_KABUPATEN) * 100 + kec_no) * 10**6 + born) * 10**4 + serial


#: The ways an identifier is written: as text ('plain'), grouped with dots, spaces or dashes, with
#: a trailing non-breaking space, as a number cell ('numeric': a warning), or as Excel's
#: scientific notation ('sci': the digits are lost, rejected).
ID_FORMS = ("plain", "dots", "spaces", "dashes", "nbsp", "numeric", "sci")


def id_written(digits: str, form: str) -> object:
    """An identifier as written: a 16-digit NIK in groups 4-4-4-4, a 13-digit NIB 4-4-5."""
    if form == "plain":
        return digits
    if form == "numeric":
        return int(digits)
    if form == "nbsp":
        return digits + NBSP
    if form == "sci":
        return f"{digits[0]},{digits[1:6]}E+{len(digits) - 1}"
    cuts = (0, 4, 8, 12) if len(digits) == 16 else (0, 4, 8)
    groups = [digits[a:b] for a, b in zip(cuts, cuts[1:] + (None,))]
    return {"dots": ".", "spaces": " ", "dashes": "-"}[form].join(groups)


# --------------------------------------------------------------------------------------------
# People and enterprises
# --------------------------------------------------------------------------------------------

NAMA_L = ("Ahmad", "Moh.", "Muhammad", "Abdul", "Agus", "Budi", "Eko", "Hadi", "Hasan", "Imam",
          "Joko", "Slamet", "Sugeng", "Supriyadi", "Syaiful", "Samsul", "Holili", "Misnadi",
          "Rudi", "Wahyu", "Yusuf", "Dedi", "Fajar", "Hendra", "Bambang", "Suparman",
          "Sutrisno", "Zainal", "Rofiq", "Ilham", "Sahri", "Buhari", "Nurhadi", "Taufik")
NAMA_P = ("Siti", "Sri", "Nur", "Dewi", "Endang", "Fatimah", "Rina", "Yuliana", "Kartini",
          "Lestari", "Misnati", "Maryam", "Sumiati", "Umi", "Ani", "Wulan", "Indah", "Rahayu",
          "Fitri", "Diah", "Ernawati", "Suhartini", "Holifah", "Musyarofah", "Atik")
NAMA_BELAKANG = ("Hidayat", "Santoso", "Wibowo", "Prasetyo", "Rahman", "Hasanah", "Rahmawati",
                 "Susanti", "Kurniawan", "Setiawan", "Wahyuni", "Maulana", "Fauzi", "Arifin",
                 "Hakim", "Sholeh", "Anwar", "Yulianto", "Purnomo", "Handayani", "Safitri",
                 "Nugroho", "Ismail", "Mahmud", "Hariyanto", "Zakaria", "Efendi", "Suryani")
#: Share of owners who are women; share of owners known by one name only ("Holili").
PEREMPUAN = 0.45
NAMA_TUNGGAL = 0.3

#: Kinds of enterprise as they start a business name, with the sektor written beside them.
JENIS_USAHA = (("Warung Makan", "Makanan dan Minuman"), ("Toko Kelontong", "Perdagangan"),
               ("Toko", "Perdagangan"), ("Kios", "Perdagangan"), ("Warung Kopi", "Makanan dan Minuman"),
               ("Kerupuk", "Makanan dan Minuman"), ("Tape", "Makanan dan Minuman"),
               ("Suwar-suwir", "Makanan dan Minuman"), ("Prol Tape", "Makanan dan Minuman"),
               ("Keripik", "Makanan dan Minuman"), ("Batik", "Fesyen"), ("Bengkel", "Jasa"),
               ("Laundry", "Jasa"), ("Penjahit", "Fesyen"), ("Catering", "Makanan dan Minuman"),
               ("Depot", "Makanan dan Minuman"), ("Jamu", "Makanan dan Minuman"),
               ("Kopi Bubuk", "Industri Pengolahan"), ("Tahu", "Industri Pengolahan"),
               ("Tempe", "Industri Pengolahan"), ("Bakso", "Makanan dan Minuman"),
               ("Anyaman Bambu", "Kerajinan"), ("Mebel", "Kerajinan"), ("Konter Pulsa", "Perdagangan"),
               ("Salon", "Jasa"), ("Pracangan", "Perdagangan"), ("Ternak Kambing", "Pertanian dan Peternakan"),
               ("Budidaya Lele", "Pertanian dan Peternakan"), ("Grosir Sembako", "Perdagangan"),
               ("Toko Pertanian", "Perdagangan"))
#: Brand words after the kind ("Toko Barokah").
MEREK = ("Barokah", "Berkah Jaya", "Sumber Rejeki", "Makmur", "Lancar", "Sederhana", "Bintang",
         "Mandiri", "Sido Mampir", "Al-Amin", "Rizki", "Dua Putri", "Sinar", "Tiga Saudara")
#: Share of businesses named after their owner ("Warung Makan Bu Siti") rather than a brand.
USAHA_BERNAMA_PEMILIK = 0.5


def usaha_of_owner(jenis: str, first_name: str, female: bool) -> str:
    """A business named after its owner: 'Warung Makan Bu Siti', 'Bengkel Pak Agus'."""
    return f"{jenis} {'Bu' if female else 'Pak'} {first_name}"


#: Status words (word, weight) of three office styles: (aktif, tidak aktif) in each.
STATUS_WORDS: dict[str, tuple[tuple[tuple[object, int], ...], tuple[tuple[object, int], ...]]] = {
    "status": ((("Aktif", 80), ("aktif", 8), ("AKTIF", 4), ("ya", 8)),
               (("Tidak Aktif", 70), ("tidak aktif", 10), ("Non Aktif", 10), ("tidak", 10))),
    "yt": ((("Y", 60), ("ya", 25), (1, 15)), (("T", 60), ("tidak", 25), (0, 15))),
    "aktif": ((("aktif", 60), ("Ya", 30), ("Aktif", 10)),
              (("tidak aktif", 60), ("Tidak", 25), ("nonaktif", 15))),
}
#: A status word not in the list (rejected, unknown_status).
STATUS_ASING = "mungkin"

# --------------------------------------------------------------------------------------------
# Cooperatives
# --------------------------------------------------------------------------------------------

NAMA_KOPERASI = ("Sumber Makmur", "Artha Jaya", "Mitra Usaha", "Tani Makmur", "Sejahtera",
                 "Bina Usaha", "Karya Bersama", "Maju Bersama", "Barokah", "Al-Hikmah",
                 "Nurul Huda", "Mekar Sari", "Tunas Harapan", "Sido Rukun", "Bhakti Husada",
                 "Guru Sejahtera", "Rukun Tani", "Tembakau Jaya", "Kopi Argopuro", "Raung Lestari",
                 "Srikandi", "Sumber Rejeki", "Manunggal", "Sinar Harapan", "Tirta Kencana",
                 "Sri Rejeki", "Amanah", "Mandiri", "Berkah Abadi", "Sentosa", "Cahaya Umat",
                 "Mulia", "Usaha Bersama", "Setia Kawan", "Dharma Putra", "Sumber Alam",
                 "Harapan Baru", "Wira Usaha", "Tegal Boto", "Pelita")
JENIS_KOPERASI = (  # (jenis as written, name prefixes, weight in % of the ordinary cooperatives)
    ("Koperasi Simpan Pinjam", ("KSP",), 20),
    ("Koperasi Serba Usaha", ("KSU", "Koperasi Serba Usaha"), 22),
    ("Koperasi Konsumen", ("KPRI", "Koperasi Karyawan", "Kopwan", "Koperasi Konsumen",
                           "Koperasi Pegawai"), 25),
    ("Koperasi Produsen", ("Koperasi Produsen", "KUD", "Koperasi Tani", "Koperasi Peternak"), 15),
    ("Koperasi Pemasaran", ("Koperasi Pemasaran",), 5),
    ("Koperasi Jasa", ("Koperasi Jasa", "Koperasi Angkutan"), 5),
    ("Koperasi Simpan Pinjam dan Pembiayaan Syariah", ("KSPPS", "Kopontren", "BMT"), 8),
)
#: Share of cooperatives whose name ends with their kecamatan ("KSU Barokah Puger").
KOPERASI_BERNAMA_KEC = 0.2
#: The 2025 wave: one cooperative in every desa and kelurahan.
JENIS_MERAH_PUTIH = "Koperasi Desa/Kelurahan Merah Putih"


def nama_merah_putih(desa: str, kelurahan: bool) -> str:
    """'Koperasi Desa Merah Putih Sumberrejo', 'Koperasi Kelurahan Merah Putih Tegalsari'."""
    return f"Koperasi {'Kelurahan' if kelurahan else 'Desa'} Merah Putih {desa}"


# --------------------------------------------------------------------------------------------
# Facilitation
# --------------------------------------------------------------------------------------------

#: (bentuk, kegiatan, for Merah Putih cooperatives only); kegiatan takes y1 (the book year), n
#: (a batch number) and w (one of NAMA_WILAYAH).
FASILITASI_KOPERASI = (
    ("Pendampingan RAT", "Pendampingan penyelenggaraan RAT Tahun Buku {y1}", False),
    ("Pelatihan Perkoperasian", "Pelatihan Dasar Perkoperasian Angkatan {n}", False),
    ("Bimbingan Teknis", "Bimtek Akuntansi dan Laporan Keuangan Koperasi Angkatan {n}", False),
    ("Fasilitasi Legalitas", "Fasilitasi Perubahan Anggaran Dasar Koperasi", False),
    ("Penilaian Kesehatan", "Penilaian Kesehatan Usaha Simpan Pinjam Koperasi", False),
    ("Pengawasan", "Pemeriksaan dan Pengawasan Koperasi Wilayah {w}", False),
    ("Pendampingan Kelembagaan", "Pendampingan Kelembagaan Koperasi Merah Putih Tahap {n}", True),
    ("Sosialisasi", "Sosialisasi Operasional Koperasi Desa/Kelurahan Merah Putih", True),
)
#: (jenis fasilitasi, kegiatan); kegiatan takes n (a batch number).
FASILITASI_UMKM = (
    ("Pelatihan", "Pelatihan Digital Marketing Angkatan {n}"),
    ("Pelatihan", "Pelatihan Pengemasan dan Label Produk Angkatan {n}"),
    ("Pendampingan", "Pendampingan Manajemen Usaha Mikro Kelompok {n}"),
    ("Sertifikasi Halal", "Fasilitasi Sertifikasi Halal Self Declare Tahap {n}"),
    ("Akses Pembiayaan", "Temu Bisnis Akses KUR dengan Perbankan"),
    ("Promosi/Pameran", "Pameran Produk UMKM di Alun-alun Jember"),
    ("Promosi/Pameran", "Bazar UMKM Hari Jadi Kabupaten Jember"),
    ("Perizinan NIB", "Klinik Perizinan Berusaha (NIB) melalui OSS"),
    ("Fasilitasi HKI", "Fasilitasi Pendaftaran Merek Produk UMKM"),
)

# --------------------------------------------------------------------------------------------
# Trade facilitation
# --------------------------------------------------------------------------------------------

#: Kategori texts per category of the package's KATEGORI_PERDAGANGAN (a test checks that each
#: text classifies as its key).
KATEGORI_DAGANG = {
    "sarana_prasarana": ("Sarpras pasar", "Rehab Sarana Prasarana Pasar Tanjung",
                         "Peningkatan Sarana Perdagangan", "Pembangunan prasarana pasar desa",
                         "SARPRAS Pasar Rakyat"),
    "pasar_murah_bapokting": ("Pasar Murah", "Operasi Pasar Bapokting", "pasar murah keliling",
                              "Operasi pasar beras", "Stabilisasi harga bapok",
                              "Gerakan Pangan Murah (Pasar Murah)"),
    "ekspor_produk_umkm": ("Ekspor produk UMKM", "Export kopi", "Pendampingan ekspor",
                           "Fasilitasi EKSPOR tembakau", "Ekspor kerajinan"),
}
#: How often each category is drawn.
KATEGORI_DAGANG_BOBOT = dict(zip(KATEGORI_DAGANG, (25, 50, 25)))
KATEGORI_TIDAK_COCOK = "Sosialisasi"  # matches none of the three kinds: rejected
KATEGORI_GANDA = "Pasar murah dan ekspor"  # matches two kinds: rejected
#: Markets and their kecamatan.
PASAR = {"Pasar Tanjung": "Kaliwates", "Pasar Kreongan": "Patrang", "Pasar Gebang": "Patrang",
         "Pasar Mangli": "Kaliwates", "Pasar Balung": "Balung", "Pasar Ambulu": "Ambulu",
         "Pasar Tanggul": "Tanggul", "Pasar Kalisat": "Kalisat", "Pasar Rambipuji": "Rambipuji",
         "Pasar Arjasa": "Arjasa"}
EKSPOR = ("kopi robusta ke Malaysia", "edamame beku ke Jepang", "tembakau Na-Oogst ke Jerman",
          "kerajinan anyaman bambu ke Korea Selatan", "suwar-suwir ke Singapura",
          "kopi arabika ke Arab Saudi", "manggis ke Tiongkok")


def dagang_event(kind: str, kategori: str, kec: str, choice: Choice) -> tuple[str, str, str, str]:
    """(kecamatan, uraian, volume, lokasi) of one trade event of category ``kind``: a market's
    works take place at the market (named in the kategori, or drawn) and in its kecamatan; a
    volume may be empty (counts as 1)."""
    if kind == "sarana_prasarana":
        pasar = next((p for p in PASAR if p.lower() in kategori.lower()), None) or choice(sorted(PASAR))
        uraian = choice((f"Rehabilitasi los dan kios {pasar}", f"Perbaikan drainase {pasar}",
                         f"Pengadaan timbangan tera ulang {pasar}", f"Pembangunan toilet {pasar}"))
        return PASAR[pasar], uraian, choice(("1", "1", "2", "3", "")), pasar
    if kind == "pasar_murah_bapokting":
        uraian = choice((f"Pasar murah di Kecamatan {kec}", f"Operasi pasar beras SPHP di {kec}",
                         f"Pasar murah menjelang hari besar di {kec}",
                         f"Pemantauan dan stabilisasi harga bapok di {kec}"))
        jumlah = choice(("1", "1", "1", ""))
        return kec, uraian, jumlah, choice((f"Kantor Kecamatan {kec}", f"Balai Desa di {kec}", "Alun-alun Jember"))
    topic = next((w for w in ("kopi", "tembakau", "kerajinan") if w in kategori.lower()), "")
    uraian = f"Fasilitasi ekspor {choice([e for e in EKSPOR if topic in e])}"
    jumlah = str(choice((1, 1, 2, 2, 3, 4, 6)))
    return kec, uraian, jumlah, choice(("Gudang eksportir", "Pelabuhan Tanjung Perak (pengiriman)", "Sentra UMKM"))


# --------------------------------------------------------------------------------------------
# PDRB and targets
# --------------------------------------------------------------------------------------------

#: PDRB ADHB totals (juta Rp). 2022 and 2023 from the published orders of magnitude (Rp 88,08 T;
#: Rp 95,29 T), later years extrapolated at +7,5% a year. G's share (%) drifts up slowly.
PDRB_TOTAL = {2022: 88_080_000, 2023: 95_290_000, 2024: 102_436_750, 2025: 110_119_506}
PDRB_GROWTH = 1.075
PDRB_SHARE_G = {2022: 14.42, 2023: 14.51, 2024: 14.59, 2025: 14.68}
#: (kategori, lapangan usaha, approximate share %) in the package's PDRB_KATEGORI order; G's
#: share is set per year (PDRB_SHARE_G), the others fill the rest in these proportions.
PDRB_LAPANGAN = tuple((k, name, share) for k, (name, share) in zip(PDRB_KATEGORI, (
    ("Pertanian, Kehutanan, dan Perikanan", 35.6),  # A
    ("Pertambangan dan Penggalian", 2.5),  # B
    ("Industri Pengolahan", 10.3),  # C
    ("Pengadaan Listrik dan Gas", 0.10),  # D
    ("Pengadaan Air; Pengelolaan Sampah, Limbah dan Daur Ulang", 0.06),  # E
    ("Konstruksi", 10.4),  # F
    ("Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor", 0.0),  # G: set per year
    ("Transportasi dan Pergudangan", 1.6),  # H
    ("Penyediaan Akomodasi dan Makan Minum", 3.2),  # I
    ("Informasi dan Komunikasi", 4.7),  # J
    ("Jasa Keuangan dan Asuransi", 2.6),  # K
    ("Real Estat", 2.1),  # L
    ("Jasa Profesional, Ilmiah dan Teknis", 0.20),  # M
    ("Jasa Persewaan, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha", 0.12),  # N
    ("Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib", 2.4),  # O
    ("Jasa Pendidikan", 4.9),  # P
    ("Jasa Kesehatan dan Kegiatan Sosial", 0.9),  # Q
    ("Kesenian, Hiburan dan Rekreasi", 0.08),  # R
    ("Kegiatan Jasa Lainnya", 0.75),  # S
    ("Aktivitas Rumah Tangga sebagai Pemberi Kerja", 0.03),  # T
    ("Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya", 0.01),  # U
), strict=True))


def pdrb_total(year: int) -> float:
    """PDRB ADHB of ``year`` (juta Rp): PDRB_TOTAL, extrapolated beyond its last year."""
    last = max(PDRB_TOTAL)
    return PDRB_TOTAL[year] if year in PDRB_TOTAL else PDRB_TOTAL[last] * PDRB_GROWTH ** (year - last)


def pdrb_sen(year: int, spread: Callable[[], float] = lambda: 1.0) -> dict[str, int]:
    """ADHB of each kategori in ``year``, in hundredths of juta Rp (they add up to the total
    exactly). G takes its share of the year (after the last year given, that year's share); the
    others fill the rest in proportion to their shares, each multiplied by ``spread()`` (drawn in
    PDRB_LAPANGAN order: random noise in the sample, none by default)."""
    total_sen = round(pdrb_total(year) * 100)
    g_sen = round(total_sen * PDRB_SHARE_G.get(year, PDRB_SHARE_G[max(PDRB_SHARE_G)]) / 100)
    others = [(k, s * spread()) for k, _, s in PDRB_LAPANGAN if k != "G"]
    weight = sum(s for _, s in others)
    rest = total_sen - g_sen
    sen = {k: round(rest * s / weight) for k, s in others[:-1]}
    sen[others[-1][0]] = rest - sum(sen.values())
    sen["G"] = g_sen
    return sen


#: Renstra / PK targets (%) for the plan years, as the planners write them. IKU-3 is 100 in 2025
#: by construction (F(n) / sum F(2025..n)).
TARGET_YEARS = tuple(PLAN_YEARS)
TARGETS = dict(zip(INDICATOR_CODES, (
    ("14,60", "14,75", "14,90", "15,05", "15,20"),  # IT-1
    ("85,00", "86,00", "87,00", "88,00", "89,00"),  # IT-2
    ("20,00", "23,00", "26,00", "29,00", "32,00"),  # IKU-1
    ("10,00", "12,50", "15,00", "17,50", "20,00"),  # IKU-2
    ("100", "50", "33,33", "25", "20"),  # IKU-3
), strict=True))
