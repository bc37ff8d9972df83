"""The facts the spec fixes, said once: the Dinas, the decree, the plan period, the indicator codes
and the Permendagri 86/2017 bands of capaian.

>>> PLAN_YEARS, PLAN_PERIOD
(range(2025, 2030), '2025–2029')
>>> bands_text()
'Sangat Tinggi ≥ 91%, Tinggi ≥ 76%, Sedang ≥ 66%, Rendah ≥ 51%, Sangat Rendah di bawahnya'
"""

DINAS = "Dinas Koperasi, Usaha Kecil dan Menengah, dan Perdagangan Kabupaten Jember"

#: The decree that fixes the IKU (its number as the Dinas writes it).
DECREE_NUMBER = "00.72.7/009/35.09.324/2026"
DECREE = f"Keputusan Kepala {DINAS} Nomor {DECREE_NUMBER} tentang Indikator Kinerja Utama"

#: The first year of the RPJMD 2025-2029 and the default start of IKU-3's accumulation.
RPJMD_START = 2025
RPJMD_END = 2029
PLAN_YEARS = range(RPJMD_START, RPJMD_END + 1)
PLAN_PERIOD = f"{RPJMD_START}–{RPJMD_END}"

#: The decree's indicators, in the order every document lists them.
INDICATOR_CODES = ("IT-1", "IT-2", "IKU-1", "IKU-2", "IKU-3")

#: Permendagri 86/2017: the lowest capaian (%) of each category; below the last, Sangat Rendah.
BANDS = ((91, "Sangat Tinggi"), (76, "Tinggi"), (66, "Sedang"), (51, "Rendah"))
BELOW_BANDS = "Sangat Rendah"
BANDS_SOURCE = "Permendagri 86/2017"


def bands_text() -> str:
    """The scale in words, as the report, the workbook and notebook 03 print it."""
    return ", ".join(f"{name} ≥ {low}%" for low, name in BANDS) + f", {BELOW_BANDS} di bawahnya"
