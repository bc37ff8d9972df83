"""The indicator tables of a period kept in its year's processed cache entry
(:class:`~iku_helpers.ingest.processed.Processed`): computed once, read by the notebooks, the
evaluation table and ``iku telusur``."""

from __future__ import annotations

import pandas as pd

from ..core.layout import processed_indicators
from ..core.params import Params
from ..ingest.processed import Processed, processed_year, write_entry
from .model import sources_from_processed
from .registry import compute_all


def store_indicators(processed: Processed, table: pd.DataFrame) -> None:
    """Add the indicator table of the period (``processed.params``) to its year's cache entry."""
    name = processed_indicators(processed.params.triwulan)
    processed.meta = write_entry(processed.folder, {name: table}, processed.meta)
    processed._frames[name] = table


def period_indicators(processed: Processed) -> pd.DataFrame:
    """The indicator table of the period ``processed.params`` from its year's cache entry,
    computed (and stored) when absent."""
    table = processed.get(processed_indicators(processed.params.triwulan))
    if table is None:
        table, _ = compute_all(sources_from_processed(processed))
        store_indicators(processed, table)
    return table


def year_indicators(params: Params) -> pd.DataFrame:
    """The indicator table of a period from its year's cache entry, computed (and stored) when absent.
    Every quarter of a year shares the entry: a quarter costs the indicators, not a cleaning."""
    return period_indicators(processed_year(params))
