"""How an indicator's entities spread over the 31 kecamatan: the counts behind the map and the
table beside it in the report, and behind notebook 04's per-kecamatan view."""

from __future__ import annotations

import pandas as pd

from ..core.tables import KECAMATAN


def cakupan_kecamatan(entities: pd.DataFrame | None) -> pd.DataFrame:
    """Per kecamatan (all 31, list order): the entities counted in the penyebut, the pembilang among
    them, and persen (NaN where the penyebut is 0).

    >>> ent = pd.DataFrame({"kecamatan": ["Ajung", "Ajung", "Puger"], "dihitung_penyebut": [True, True, False],
    ...                     "dihitung_pembilang": [True, False, False]})
    >>> cakupan_kecamatan(ent).set_index("kecamatan").loc[["Ajung", "Puger"]].to_dict("index")
    {'Ajung': {'penyebut': 2, 'pembilang': 1, 'persen': 50.0}, 'Puger': {'penyebut': 0, 'pembilang': 0, 'persen': nan}}
    """
    counts = pd.DataFrame(0, index=pd.Index(KECAMATAN, name="kecamatan"), columns=["penyebut", "pembilang"])
    if entities is not None and not entities.empty:
        base = entities[entities["dihitung_penyebut"]]
        grouped = base.groupby("kecamatan")["dihitung_pembilang"].agg(penyebut="size", pembilang="sum")
        counts = grouped.reindex(counts.index, fill_value=0).astype("int64")
    persen = (counts["pembilang"] / counts["penyebut"].where(counts["penyebut"] > 0) * 100).astype("float64")
    return counts.assign(persen=persen).reset_index()
