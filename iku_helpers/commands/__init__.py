"""The ``iku`` command line and the commands that are not a run: validate and telusur.
Imports any sub-package; nothing imports it.
"""
