"""iku_helpers: from the raw data of each bidang to the IKU of Dinas Koperasi, UKM dan Perdagangan
Kabupaten Jember, reproducibly.

One module per concern: ``tables`` (what the raw tables are), ``reading`` (files to frames),
``values`` and ``cleaning`` (the rules), ``schemas`` (the final gate), ``dataset`` (a year's
data), ``indicators`` (formulas, targets, capaian), ``charts`` and ``report`` (what people
read), ``runner`` (papermill and nbconvert), ``provenance`` (manifest and verify), ``template``
(blank workbooks) and ``cli``.
"""

__version__ = "0.1.0"
