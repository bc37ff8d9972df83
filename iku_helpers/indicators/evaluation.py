"""The year's evaluation table (E.81 style, spec section 7) and the comparison with the same
period a year earlier (LKjIP chapter III, spec section 9): what was published against what the
data give now."""

from __future__ import annotations

import math

import pandas as pd

from ..core import periods
from ..core.formats import as_number, fmt_persen, is_missing, rounded
from ..core.params import Params
from .model import Indicator
from .registry import REGISTRY
from .targets import capaian, target_for

# --- the evaluation table of the year (E.81 style, spec section 7) -----------------------------

CHANGED = "berubah sejak dilaporkan"


def _same(a, b) -> bool:
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def compare_reported(reported: dict[str, float | None] | None, kode: str, value) -> tuple[float | None, bool]:
    """A recomputed realisasi against a published report (``reported``: kode → realisasi, None when
    that report is not published): the published value and whether ``value`` differs from it, i.e.
    is "berubah sejak dilaporkan". The one rule of the evaluation table (earlier quarters, spec
    section 7) and of the comparison (the same period a year earlier, spec section 9 "Revisions"):
    equal within rounding noise is the same, both missing is the same, one missing is a change.

    >>> compare_reported({"IT-1": 14.31}, "IT-1", 14.27), compare_reported({"IT-1": 14.27}, "IT-1", 14.27)
    ((14.31, True), (14.27, False))
    >>> compare_reported({"IT-1": None}, "IT-1", 14.27), compare_reported(None, "IT-1", 14.27)
    ((None, True), (None, False))
    """
    if reported is None:
        return None, False
    shown = reported.get(kode)
    return shown, not _same(shown, value)


def changed_note(what: str, reported) -> str:
    """How a changed realisasi is said to people: 'Triwulan I berubah sejak dilaporkan (dilaporkan 9,50%)';
    a period reported without a number (IT-1 before BPS published the year) says so."""
    shown = "belum tersedia saat dilaporkan" if is_missing(reported) else f"dilaporkan {fmt_persen(reported)}"
    return f"{what} {CHANGED} ({shown})".strip()


def evaluasi_triwulan(year: int, triwulan: int, tables: dict[int, pd.DataFrame], targets: pd.DataFrame | None,
                      published: dict[int, dict[str, float | None]] | None = None,
                      registry: dict[str, Indicator] = REGISTRY) -> pd.DataFrame:
    """One row per indicator: sasaran, indikator, target tahunan, target TW I–IV, realisasi s.d.
    each quarter up to ``triwulan`` (``tables[k]``), capaian and kategori of this period, penanggung
    jawab; for each earlier quarter already published (``published[k]``: kode → realisasi), the
    published value and whether it differs (``berubah_tw<k>``) with a ``catatan``.

    Target TW k is the target period (n, k) is measured against (:func:`target_for`, spec section 7):
    the row (kode, n, k); for TW IV without such a row, the annual row, so that the TW IV column and
    the annual capaian always show the same target.
    """
    published = published or {}
    rows = []
    for kode, ind in registry.items():
        row = {"kode": kode, "sasaran": ind.sasaran, "indikator": ind.nama,
               "target_tahunan": target_for(targets, kode, year, periods.ANNUAL).tahunan}
        for k in periods.TRIWULAN:
            row[f"target_tw{k}"] = target_for(targets, kode, year, k).value
        changed = []
        for k in range(1, triwulan + 1):
            value = tables[k].set_index("kode").at[kode, "realisasi"]
            row[f"realisasi_tw{k}"] = value
            if k < triwulan:
                shown, differs = compare_reported(published.get(k), kode, value)
                row[f"dilaporkan_tw{k}"] = shown
                row[f"berubah_tw{k}"] = differs
                if differs:
                    changed.append(changed_note(periods.nama_triwulan(k), shown))
        current = tables[triwulan].set_index("kode").loc[kode]
        row.update({"capaian": current["capaian"], "kategori": current["kategori"],
                    "penanggung_jawab": ind.penanggung_jawab, "catatan": "; ".join(changed)})
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in out.columns:
        if col.startswith(("target", "realisasi", "dilaporkan", "capaian")):
            out[col] = out[col].astype("float64")
    return out


def perbandingan(params: Params, current: pd.DataFrame, previous: pd.DataFrame | None, targets: pd.DataFrame | None,
                 end_year: int, previous_note: str = "", published: dict[str, float | None] | None = None,
                 registry: dict[str, Indicator] = REGISTRY) -> pd.DataFrame:
    """The LKjIP chapter III comparison (spec section 8): per indicator the realisasi of the same
    period a year earlier (``previous``; None when there is none, with ``previous_note`` saying
    why) and of this period, the change in percentage points, the RPJMD's end-of-period target and
    the capaian against it.

    Both add up by hand (spec section 10): the perubahan is R(n) − R(n−1) and the capaian is
    computed from R(n), where R is a realisasi rounded to 2 decimals as printed
    (:func:`~iku_helpers.core.formats.rounded`); the realisasi columns stay unrounded. 19,42 % →
    17,29 % is a perubahan of −2,13 even where the unrounded difference is −2,1249.

    ``published`` is that earlier period as already published (kode → realisasi; None when it is
    not): where the recomputed realisasi differs from it (:func:`compare_reported`, e.g. BPS revised
    the PDRB, spec section 9 "Revisions"), ``realisasi_dilaporkan_sebelumnya`` holds the published
    value and ``berubah_sejak_dilaporkan`` is True; otherwise they are empty and False. The
    perubahan is always computed from the recomputed realisasi.

    >>> from iku_helpers.core.params import Params
    >>> now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [30.0]})
    >>> before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [20.0]})
    >>> t = pd.DataFrame({"kode": ["IKU-1"], "tahun": [2029], "triwulan": [pd.NA], "target": [40.0],
    ...                   "polaritas": ["positif"]})
    >>> row = perbandingan(Params(year=2026), now, before, t, 2029, registry={"IKU-1": REGISTRY["IKU-1"]}).iloc[0]
    >>> [float(row[c]) for c in ("perubahan", "target_akhir_periode", "capaian_target_akhir")]
    [10.0, 40.0, 75.0]

    From the printed realisasi: 17,29 − 19,42 = −2,13 and 17,29 / 12 = 144,08 %, while the
    unrounded realisasi stays in the table:

    >>> now = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [17.2907]})
    >>> before = pd.DataFrame({"kode": ["IKU-1"], "realisasi": [19.4156]})
    >>> row = perbandingan(Params(year=2026), now, before, t.assign(target=12.0), 2029,
    ...                    registry={"IKU-1": REGISTRY["IKU-1"]}).iloc[0]
    >>> float(row["perubahan"]), round(float(row["capaian_target_akhir"]), 4), float(row["realisasi"])
    (-2.13, 144.0833, 17.2907)
    """
    now = current.set_index("kode")["realisasi"]
    before = previous.set_index("kode")["realisasi"] if previous is not None else pd.Series(dtype="float64")
    earlier = periods.label(params.year - 1, params.triwulan)
    rows = []
    for kode, ind in registry.items():
        r_now = as_number(now.get(kode))
        r_before = as_number(before.get(kode))
        shown, differs = compare_reported(published if previous is not None else None, kode, r_before)
        end = target_for(targets, kode, end_year)
        value, why = capaian(r_now, end.value, end.polaritas)
        notes = []
        if r_before is None:
            notes.append(previous_note if previous is None else
                         f"realisasi {periods.nama_periode(params.year - 1, params.triwulan)} {_why_missing(previous, kode)}")
        if r_now is None:
            notes.append(f"realisasi {periods.nama_periode(params.year, params.triwulan)} {_why_missing(current, kode)}")
        if why:
            notes.append(why.replace("target", f"target {end_year}", 1))
        rows.append({"kode": kode, "indikator": ind.nama, "satuan": ind.satuan,
                     "periode_sebelumnya": earlier, "realisasi_sebelumnya": r_before,
                     "realisasi_dilaporkan_sebelumnya": shown if differs else None, "berubah_sejak_dilaporkan": differs,
                     "periode": params.label, "realisasi": r_now,
                     "perubahan": None if r_now is None or r_before is None else _perubahan(r_now, r_before),
                     "tahun_akhir_periode": end_year, "target_akhir_periode": end.value,
                     "polaritas": end.polaritas, "capaian_target_akhir": value, "keterangan": "; ".join(notes)})
    out = pd.DataFrame(rows)
    for col in ("realisasi_sebelumnya", "realisasi_dilaporkan_sebelumnya", "realisasi", "perubahan",
                "target_akhir_periode", "capaian_target_akhir"):
        out[col] = out[col].astype("float64")
    return out


def _perubahan(now: float, before: float) -> float:
    """R(n) − R(n−1) of the printed realisasi, itself a number of 2 decimals (no binary noise:
    17,29 − 19,42 is −2,13, not −2,1300000000000026)."""
    return rounded(rounded(now) - rounded(before))


def _why_missing(table: pd.DataFrame, kode: str) -> str:
    """'belum tersedia (PDRB tahun 2026 belum dirilis ...)' from an indicator table's row."""
    row = table.set_index("kode").loc[kode] if kode in set(table["kode"]) else None
    if row is None or "status" not in row or is_missing(row["status"]):
        return "belum ada"
    reason = row.get("keterangan")
    return f"{row['status']}" + ("" if is_missing(reason) or not reason else f" ({reason})")
