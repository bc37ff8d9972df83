"""The registry of the 2026 decree's indicators: one :class:`~iku_helpers.indicators.model.Indicator`
per kode with the decree's texts and the function that computes it, and :func:`compute_all`,
which computes them all with their targets and capaian.

The registry is where each code is written next to what it means; its keys are
``core.facts.INDICATOR_CODES``, in that order (a test holds them together). Code that goes
through the indicators takes them from here.
"""

from __future__ import annotations

import pandas as pd

from .formulas import (
    iku1_koperasi_difasilitasi,
    iku2_usaha_mikro_difasilitasi,
    iku3_perdagangan_ditingkatkan,
    it1_kontribusi_pdrb_perdagangan,
    it2_usaha_mikro_aktif,
)
from .model import RESULT_COLUMNS, Indicator, Result, Sources, Subject, join_notes
from .targets import capaian, kategori_capaian, target_for

# --- the registry --------------------------------------------------------------------------

SASARAN_1 = "1. Meningkatnya koperasi dan usaha mikro yang berkualitas"
SASARAN_3 = "3. Meningkatnya usaha perdagangan besar dan eceran"
TUJUAN = "Tujuan: Meningkatnya Daya Saing Koperasi dan Usaha Mikro dan Perdagangan"
#: Said once under every table that numbers the sasaran (spec section 10).
SASARAN_FOOTNOTE = ("Nomor sasaran mengikuti keputusan Kepala Dinas tentang IKU, yang memuat sasaran 1 dan 3; "
                    "keputusan itu tidak memuat sasaran 2.")

TAFSIR_NAMA = "tafsir atas nama indikatornya; keputusan tidak memuat rumusnya"

REGISTRY: dict[str, Indicator] = {i.kode: i for i in (
    Indicator("IT-1", "Persentase kontribusi PDRB sektor perdagangan", TUJUAN,
              "PDRB kategori G / PDRB total × 100%", "PDRB ADHB kategori G (perdagangan)",
              "PDRB ADHB seluruh kategori A-U", "Tidak disebut dalam keputusan (data: BPS)",
              "BPS Kabupaten Jember: PDRB ADHB menurut lapangan usaha", it1_kontribusi_pdrb_perdagangan,
              dasar=TAFSIR_NAMA, desimal=2, terbit_kemudian="pdrb_lapangan_usaha"),  # rupiah millions
    Indicator("IT-2", "Persentase usaha mikro aktif", TUJUAN,
              "usaha mikro aktif / seluruh usaha mikro × 100%", "usaha mikro aktif", "seluruh usaha mikro",
              "Tidak disebut dalam keputusan (data: pendataan UMKM)",
              "Laporan Data Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro (daftar UMKM)",
              it2_usaha_mikro_aktif, dasar=TAFSIR_NAMA,
              subject=Subject("usaha_mikro", None, "id_usaha")),
    Indicator("IKU-1", "Persentase koperasi yang difasilitasi", SASARAN_1,
              "koperasi yang difasilitasi / jumlah seluruh koperasi aktif × 100%",
              "koperasi aktif yang difasilitasi", "jumlah seluruh koperasi aktif",
              "Bidang Pengawasan Koperasi dan Usaha Mikro",
              "Laporan Data Bidang Pengawasan Koperasi dan Usaha Mikro", iku1_koperasi_difasilitasi,
              subject=Subject("koperasi", "fasilitasi_koperasi", "nik"),
              tafsir="pembilang hanya koperasi aktif yang difasilitasi, sama dengan penyebutnya, agar persentasenya "
                     "tidak melebihi 100%; koperasi difasilitasi yang tidak aktif disebut di keterangan"),
    Indicator("IKU-2", "Persentase usaha mikro yang difasilitasi", SASARAN_1,
              "usaha mikro yang difasilitasi / jumlah usaha mikro × 100%",
              "usaha mikro aktif yang difasilitasi", "jumlah usaha mikro aktif",
              "Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
              "Laporan Data Bid. Pengembangan dan Pemberdayaan Koperasi dan Usaha Mikro",
              iku2_usaha_mikro_difasilitasi, subject=Subject("usaha_mikro", "fasilitasi_usaha_mikro", "id_usaha"),
              penjelasan="pembilang dan penyebut hanya usaha mikro aktif, menurut penjelasan IKU-2 dalam keputusan: "
                         "\"Kriteria UMKM Aktif berdasarkan UU No 6 Tahun 2023 ditinjau dari segi aset dan omzet …\""),
    Indicator("IKU-3", "Persentase perdagangan yang ditingkatkan kualitasnya", SASARAN_3,
              "fasilitasi perdagangan tahun ke-n / akumulasi fasilitasi perdagangan × 100%",
              "fasilitasi perdagangan tahun ke-n", "akumulasi fasilitasi perdagangan sejak tahun awal",
              "Bidang Perdagangan; Bidang Sarana dan Prasarana",
              "Laporan Data Bidang Perdagangan dan Bidang Sarana dan Prasarana", iku3_perdagangan_ditingkatkan),
)}


def compute_all(s: Sources, registry: dict[str, Indicator] = REGISTRY) -> tuple[pd.DataFrame, dict[str, Result]]:
    """The headline table of the period (the columns of spec section 5) and each indicator's result."""
    rows, results = [], {}
    for kode, ind in registry.items():
        res = ind.compute(s)
        results[kode] = res
        target = target_for(s.targets, kode, s.year, s.triwulan, ind.polaritas)
        cap, why = capaian(res.realisasi, target.value, target.polaritas)
        note = res.keterangan
        if why:
            note = join_notes(note, target.missing or why)
        rows.append({
            "kode": kode, "indikator": ind.nama, "pembilang": res.pembilang, "penyebut": res.penyebut,
            "realisasi": res.realisasi, "target": target.value, "capaian": cap, "kategori": kategori_capaian(cap),
            "status": res.status, "keterangan": note,
        })
    table = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for col in ("pembilang", "penyebut", "realisasi", "target", "capaian"):
        table[col] = table[col].astype("float64")
    return table, results
