"""The results of a period as files: ``iku_<label>.csv`` and ``iku_<label>.json``, written and read back.

The JSON records the parameters the numbers depend on and whether they come from the bundled
sample, so that a later run can tell whether published numbers would change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..core.formats import is_missing
from ..core.layout import Layout
from ..core.params import Params
from .lists import plain_numbers

#: The key of the sample flag among the parameters recorded with the results (not a parameter).
SAMPLE_FLAG = "data_contoh"


def headline_records(table: pd.DataFrame) -> list[dict]:
    """Rows of the headline table with NaN as null, for JSON."""
    records = []
    for rec in plain_numbers(table).to_dict(orient="records"):
        records.append({k: (None if is_missing(v) else v) for k, v in rec.items()})
    return records


def results_parameters(params: Params, is_sample: bool) -> dict:
    """The parameters recorded with the results: what the numbers depend on, and the sample flag."""
    return {**dict(sorted(params.result_key().items())), SAMPLE_FLAG: bool(is_sample)}


def parameter_changes(recorded: dict, params: Params) -> list[str]:
    """How the parameters recorded with published results differ from those ``params`` computes
    with (:meth:`Params.result_key`), one "name recorded → now" each; [] = the same numbers.

    >>> parameter_changes({"tahun": 2026, "rat_window_years": 2, "accumulation_start_year": 2025,
    ...                    "data_contoh": True}, Params(year=2026))
    ['rat_window_years 2 → 1']
    """
    recorded = {k: v for k, v in recorded.items() if k != SAMPLE_FLAG}
    now = params.result_key()
    return [f"{name} {recorded.get(name)} → {now.get(name)}" for name in [*now, *(k for k in recorded if k not in now)]
            if recorded.get(name) != now.get(name)]


def write_results(table: pd.DataFrame, lay: Layout, is_sample: bool) -> tuple[Path, Path]:
    """iku_<n>.csv (machine file: plain numbers, full precision) and iku_<n>.json (+ parameters)."""
    lay.period_dir.mkdir(parents=True, exist_ok=True)
    plain_numbers(table).to_csv(lay.results_csv, index=False, encoding="utf-8", lineterminator="\n")
    payload = {"tahun": lay.params.year, "parameter": results_parameters(lay.params, is_sample),
               "indikator": headline_records(table)}
    lay.results_json.write_text(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                encoding="utf-8")
    return lay.results_csv, lay.results_json


def read_results(lay: Layout) -> dict:
    """The JSON of a period's results, as :func:`write_results` wrote it."""
    return json.loads(lay.results_json.read_text(encoding="utf-8"))
