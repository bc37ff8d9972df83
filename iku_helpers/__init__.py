"""iku_helpers: from the raw data of each bidang to the IKU of Dinas Koperasi, UKM dan Perdagangan
Kabupaten Jember, reproducibly.

One sub-package per stage of the flow, each importing only those before it (the import-linter
contract in pyproject.toml): ``core`` → ``ingest`` → ``indicators`` → ``documents`` → ``steps``
(what the notebooks call) → ``publish`` → ``commands``. README.md ("Peta paket") lists their
modules.
"""

__version__ = "0.1.0"
