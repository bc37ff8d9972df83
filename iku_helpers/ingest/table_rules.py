"""The rules of each table (spec section 4): ``clean_<table>`` from a raw table to a clean one.

Each function is pure: it takes a :class:`~iku_helpers.ingest.reading.RawTable` (plus the year
and what it depends on) and returns a :class:`~iku_helpers.ingest.cleaner.Cleaned`, losing
nothing: every row is accepted, rejected with its reason in the ledger, or counted apart (empty,
totals). The koperasi and UMKM registers, the three facilitation tables and the targets are here;
the PDRB table, which BPS publishes in its own layouts, in :mod:`iku_helpers.ingest.pdrb_cleaning`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import DuplicateKeyError
from ..core.formats import fmt_angka
from ..core.kernels import extract, isin, mask_middle
from ..core.tables import SKALA_BATAS, TABLES
from . import values as v
from .cells import WS
from .cleaner import Cleaned, Cleaner
from .reading import RawTable

# --- where a row is ---------------------------------------------------------------------------

def row_place(rows: pd.DataFrame) -> pd.Series:
    """Raw rows (``_berkas``, ``_sheet``, ``_baris``) named as a clerk finds them in the spreadsheet:
    ``baris 12 (2026/koperasi.xlsx, sheet Koperasi)``; a text file has no sheet.

    >>> rows = pd.DataFrame({"_berkas": ["2026/koperasi.xlsx", "2026/u.csv"], "_sheet": ["Koperasi", None],
    ...                      "_baris": [12, 7]})
    >>> row_place(rows).tolist()
    ['baris 12 (2026/koperasi.xlsx, sheet Koperasi)', 'baris 7 (2026/u.csv)']
    """
    sheet = rows["_sheet"].astype("str")
    sheet_text = (", sheet " + sheet).where(sheet.notna() & (sheet.str.strip() != ""), "")
    return ("baris " + rows["_baris"].astype("int64").astype("str") + " (" + rows["_berkas"].astype("str")
            + sheet_text + ")")


# --- koperasi ----------------------------------------------------------------------------------

def _dedupe(c: Cleaner, key: str, order_by: pd.Series | None, label: str) -> None:
    """Reject every duplicate of ``key`` but the first (after sorting by ``order_by`` descending);
    each rejected row names the row used: its file, sheet and row number as the spreadsheet shows."""
    ok = c.accepted()
    ids = c.out.loc[ok, key]
    if order_by is not None:
        rank = pd.DataFrame({"k": order_by[ok], "pos": np.arange(ok.sum())}, index=ids.index)
        rank = rank.sort_values(["k", "pos"], ascending=[False, True], na_position="last")
        ids = ids.loc[rank.index]
    dup = ids.duplicated(keep="first")
    if dup.any():
        kept = ids[~dup & isin(ids, ids[dup])]  # the first row of each duplicated key
        # the row used is named by its own file: with a table in several files it may be another one
        kept_place = pd.Series(row_place(c.rows.loc[kept.index]).to_numpy(), index=kept.to_numpy())
        dup_ids = ids[dup]
        reason = f"{label} ganda; yang dipakai " + dup_ids.map(kept_place)
        mask = pd.Series(False, index=c.rows.index)
        mask[dup_ids.index] = True
        c.book.reject(mask, key, reason.reindex(c.rows.index))


def _outside_year(c: Cleaner, tanggal: v.Parsed, fine: pd.Series, year: int) -> pd.Series:
    """Reject the rows among ``fine`` dated in another year, naming the date as read; the rows rejected."""
    outside = fine & (tanggal.values.dt.year != year)
    if outside.any():  # the date as read, for the few rows outside the year only
        few = v.Parsed(tanggal.values[outside], tanggal.errors[outside], tanggal.notes[outside],
                       None if tanggal.shown is None else tanggal.shown[outside])
        c.book.reject(outside, "tanggal",
                      "tanggal " + v.date_text(few) + f" di luar tahun {year}; tidak dihitung untuk tahun ini")
    return outside


def clean_koperasi(raw: RawTable, year: int, rat_window_years: int = 1) -> Cleaned:
    """The register of cooperatives; ``aktif`` = latest RAT within the window ending in ``year``."""
    c = Cleaner(raw)
    c.parse("nik", v.parse_identifier, 16, "NIK koperasi")
    c.parse("nama_koperasi", v.parse_text, "Nama koperasi")
    c.parse("kecamatan", v.parse_kecamatan)
    tanggal = c.parse("tanggal_rat", v.parse_date, "Tanggal RAT")
    tahun = c.parse("tahun_rat", v.parse_whole_number, "Tahun RAT", 1900)
    c.parse("jumlah_anggota", v.parse_whole_number, "Jumlah anggota", 0, reject=False)
    for col in ("jenis_koperasi", "badan_hukum"):
        c.parse(col, v.parse_text, col, required=False)

    rat_year = pd.Series(np.nan, index=c.rows.index)
    sort_key = pd.Series(np.nan, index=c.rows.index)  # later RAT first; year-only before its dates
    if tahun is not None:
        rat_year = tahun.values.astype("float64")
        sort_key = rat_year * 10000
    if tanggal is not None:
        has = tanggal.values.notna()
        rat_year = rat_year.where(~has, tanggal.values.dt.year.astype("float64"))
        date = tanggal.values.dt
        date_key = (date.year * 10000 + date.month * 100 + date.day).astype("float64")
        sort_key = sort_key.where(~has, date_key)
    c.out["tahun_rat_terakhir"] = rat_year.astype("Int64")
    c.out["aktif"] = rat_year.between(year - rat_window_years + 1, year).fillna(False).astype(bool)
    later = rat_year > year
    c.book.note(later & c.accepted(), "tahun_rat_terakhir",
                f"RAT tercatat setelah tahun {year}; tidak dihitung aktif untuk {year}",
                rat_year.astype("Int64").astype("str"))
    _dedupe(c, "nik", sort_key, "NIK koperasi")
    return c.finish(["nik", "nama_koperasi", "kecamatan", "tanggal_rat", "tahun_rat", "tahun_rat_terakhir", "aktif"])


# --- facilitation ------------------------------------------------------------------------------

def clean_fasilitasi(raw: RawTable, year: int, register: pd.Series | None, key: str,
                     register_name: str) -> Cleaned:
    """Facilitation given in ``year`` to entities of that year's register (koperasi / usaha)."""
    c = Cleaner(raw)
    tanggal = c.parse("tanggal", v.parse_date, "Tanggal")
    if key == "nik":
        ident = c.parse("nik", v.parse_identifier, 16, "NIK koperasi")
    else:
        ident = c.parse("id_usaha", v.parse_identifier, None, "ID usaha (NIB)")
    c.parse("jenis_fasilitasi", v.parse_text, "Jenis fasilitasi")
    for col in ("nama_koperasi", "kegiatan"):
        c.parse(col, v.parse_text, col, required=False)
    fine = c.accepted()
    fine &= ~_outside_year(c, tanggal, fine, year)
    if register is None:
        c.book.reject(fine, key, f"{register_name} tahun {year} tidak tersedia, sehingga tidak dapat dicocokkan")
    else:
        absent = fine & ~isin(ident.values, register)
        c.book.reject(absent, key, f"tidak terdaftar di {register_name} tahun {year}")
    return c.finish(["tanggal", key, "jenis_fasilitasi"])


def clean_fasilitasi_koperasi(raw: RawTable, year: int, koperasi: pd.DataFrame | None) -> Cleaned:
    register = None if koperasi is None else koperasi["nik"]
    return clean_fasilitasi(raw, year, register, "nik", "daftar koperasi")


def clean_fasilitasi_usaha_mikro(raw: RawTable, year: int, usaha: pd.DataFrame | None) -> Cleaned:
    register = None if usaha is None else usaha["id_usaha"]
    return clean_fasilitasi(raw, year, register, "id_usaha", "daftar UMKM")


# --- UMKM --------------------------------------------------------------------------------------

def skala_usaha(amount: pd.Series, by: str) -> pd.Series:
    """Skala (mikro/kecil/menengah/besar) of each amount, by ``omzet`` or ``modal`` thresholds.

    >>> skala_usaha(pd.Series([2e9, 2e9 + 1, 60e9, None]), "omzet").tolist()
    ['mikro', 'kecil', 'besar', nan]
    """
    col = 1 if by == "omzet" else 2
    values = amount.to_numpy(dtype="float64", na_value=np.nan)
    names = np.array([name for name, *_ in SKALA_BATAS] + ["besar"], dtype=object)
    limits = np.array([limit[col - 1] for _, *limit in SKALA_BATAS])
    level = np.searchsorted(limits, values, side="left")  # the first limit the amount does not pass
    out = pd.Series(names[level], index=amount.index, dtype="str")
    return out.where(amount.notna())


def mask_nik(nik: pd.Series) -> pd.Series:
    """Personal NIK shown as ``3509********0001`` (UU 27/2022); short values fully masked.

    >>> mask_nik(pd.Series(["3509123456780001", "12345", "3,50901E+15"])).tolist()
    ['3509********0001', '*****', '***********']
    """
    text = nik.astype("str")
    digits = text.str.fullmatch("[0-9]+").fillna(False).astype(bool)
    if not digits.all():  # only the few written with spaces, dots or dashes are rewritten
        odd = text[~digits]
        text = text.where(digits, odd.str.replace("[ \t\u00a0.-]+", "", regex=True))
        digits = digits.copy()
        digits[odd.index] = text[odd.index].str.fullmatch("[0-9]+").fillna(False).astype(bool)
    nik16 = digits & (text.str.len() == 16)  # the usual case, in one pyarrow kernel
    out = pd.Series(mask_middle(text.where(nik16), 4, 8), index=text.index, dtype="str")
    rest = text.notna() & ~nik16
    if rest.any():  # other lengths: few, one at a time
        out[rest] = [t[:4] + "*" * (len(t) - 8) + t[-4:] if d and len(t) > 8 else "*" * len(t)
                     for t, d in zip(text[rest], digits[rest])]
    return out


def clean_usaha_mikro(raw: RawTable) -> Cleaned:
    """The UMKM register: skala by omzet (else modal), aktif by status (else omzet > 0)."""
    c = Cleaner(raw)
    c.parse("id_usaha", v.parse_identifier, None, "ID usaha (NIB)")
    c.parse("nama_usaha", v.parse_text, "Nama usaha")
    c.parse("kecamatan", v.parse_kecamatan)
    omzet = c.parse("omzet_tahunan", v.parse_number, "Omzet tahunan")
    modal = c.parse("modal_usaha", v.parse_number, "Modal usaha")
    status = c.parse("status_aktif", v.parse_status_aktif)
    c.parse("sektor", v.parse_text, "Sektor", required=False)
    if c.has("nik_pemilik"):
        c.out["nik_pemilik"] = mask_nik(c.cells["nik_pemilik"].shown())

    index = c.rows.index
    omzet_v = omzet.values if omzet else pd.Series(np.nan, index=index)
    modal_v = modal.values if modal else pd.Series(np.nan, index=index)
    neither = omzet_v.isna() & modal_v.isna() & c.accepted()
    c.book.reject(neither, "omzet_tahunan" if omzet else "modal_usaha",
                  "omzet dan modal usaha kosong: skala usaha tidak dapat ditentukan")
    by_omzet = skala_usaha(omzet_v, "omzet")
    by_modal = skala_usaha(modal_v, "modal")
    c.out["skala"] = by_omzet.fillna(by_modal)
    c.out["skala_dasar"] = pd.Series("omzet", index=index).where(omzet_v.notna(), "modal").where(c.out["skala"].notna())
    disagree = by_omzet.notna() & by_modal.notna() & (by_omzet != by_modal) & c.accepted()
    if disagree.any():
        c.book.note(disagree, "modal_usaha",
                    "skala menurut omzet (" + by_omzet[disagree] + ") berbeda dengan menurut modal ("
                    + by_modal[disagree] + "); dipakai skala menurut omzet")
    aktif = (omzet_v > 0).fillna(False)
    if status is not None:
        said = status.values.notna().to_numpy()  # status where it says, else omzet > 0 (no Python objects)
        aktif = pd.Series(np.where(said, status.values.fillna(False).to_numpy(dtype=bool), aktif.to_numpy(dtype=bool)),
                          index=aktif.index)
    c.out["aktif"] = aktif.astype(bool)
    c.out["aktif_dasar"] = "omzet"
    if status is not None:
        c.out.loc[status.values.notna(), "aktif_dasar"] = "status"
    _dedupe(c, "id_usaha", None, "ID usaha (NIB)")
    return c.finish(["id_usaha", "nama_usaha", "kecamatan", "omzet_tahunan", "modal_usaha", "skala",
                     "skala_dasar", "status_aktif", "aktif", "aktif_dasar", "nik_pemilik", "sektor"])


# --- trade ------------------------------------------------------------------------------------

def clean_fasilitasi_perdagangan(raw: RawTable, year: int) -> Cleaned:
    """Trade facilitation events of ``year``: category, jumlah (default 1), dated in the year.

    A folder may hold a file per bidang (spec section 9): the optional ``bidang`` column is read
    (unknown values noted, kept in ``extra["bidang_berkas"]`` per file for the feedback pages), and
    one activity in two files is kept and noted on both rows (:func:`_note_same_activity_in_two_files`).
    """
    c = Cleaner(raw)
    tanggal = c.parse("tanggal", v.parse_date, "Tanggal")
    c.parse("kategori", v.parse_kategori_perdagangan)
    c.parse("uraian", v.parse_text, "Uraian")
    jumlah = c.parse("jumlah", v.parse_whole_number, "Jumlah", 1)
    c.out["jumlah"] = (jumlah.values.fillna(1) if jumlah else pd.Series(1.0, index=c.rows.index)).astype("int64")
    c.parse("kecamatan", v.parse_kecamatan, required=False)
    c.parse("lokasi", v.parse_text, "Lokasi", required=False)
    bidang = c.parse("bidang", parse_bidang_perdagangan, reject=False)  # whose page shows the file
    if c.has("kategori"):
        c.out["kategori_asli"] = c.cells["kategori"].shown()
    _outside_year(c, tanggal, c.accepted(), year)
    _note_same_activity_in_two_files(c)
    result = c.finish(["tanggal", "kategori", "kategori_asli", "uraian", "jumlah", "kecamatan", "lokasi", "bidang"])
    result.extra["bidang_berkas"] = _bidang_per_file(c, bidang)
    return result


#: The bidang that fill fasilitasi_perdagangan, spelled as in tables.py.
BIDANG_PERDAGANGAN = tuple(b.strip() for b in TABLES["fasilitasi_perdagangan"].bidang.split(";") if b.strip())
_SARPRAS = next(b for b in BIDANG_PERDAGANGAN if "sarana" in b.lower())
_DAGANG = next(b for b in BIDANG_PERDAGANGAN if b != _SARPRAS)
#: A ``bidang`` cell, lower case, letters only, '&' read as 'dan', a leading 'Bidang'/'Bid.' dropped.
_BIDANG_SPELLINGS = {"perdagangan": _DAGANG, "dagang": _DAGANG, "saranadanprasarana": _SARPRAS,
                     "saranaprasarana": _SARPRAS, "sarpras": _SARPRAS}
SAME_ACTIVITY = ("pada tanggal, kategori, uraian dan jumlah: satu kegiatan yang dicatat dua bidang akan terhitung "
                 "dua kali di IKU-3; periksa")


def parse_bidang_perdagangan(col) -> v.Parsed:
    """The optional ``bidang`` of a trade facilitation row: one of :data:`BIDANG_PERDAGANGAN`.

    Case, spaces, punctuation, '&' for 'dan' and a leading 'Bidang' do not matter; 'Sarpras' is
    Sarana dan Prasarana. Anything else is an error (noted by the cleaner, not rejected).

    >>> cells = pd.Series(["PERDAGANGAN", "bidang sarana & prasarana", "Sarpras", "UMKM", None])
    >>> parse_bidang_perdagangan(cells).values.tolist()
    ['Bidang Perdagangan', 'Bidang Sarana dan Prasarana', 'Bidang Sarana dan Prasarana', nan, nan]
    """
    p = v.parse_text(col, "Bidang", required=False)
    key = (p.values.str.lower().str.replace("&", "dan", regex=False).str.replace("[^0-9a-z]+", "", regex=True)
           .str.replace("^(?:bidang|bid)", "", regex=True))
    values = key.map(_BIDANG_SPELLINGS).astype("str")
    errors = p.errors.copy()
    errors[p.values.notna() & values.isna() & errors.isna()] = (
        "bidang tidak dikenal (tulis Perdagangan atau Sarana dan Prasarana)")
    return v.Parsed(values.where(errors.isna()), errors, p.notes)


def _bidang_per_file(c: Cleaner, bidang: v.Parsed | None) -> dict[str, tuple[str, ...]]:
    """The bidang each file names in its ``bidang`` column (data rows, rejected ones too)."""
    if bidang is None:
        return {}
    named = bidang.values.notna() & ~c.book.excluded
    pairs = pd.DataFrame({"berkas": c.rows.loc[named, "_berkas"].astype("str"), "bidang": bidang.values[named]})
    pairs = pairs.drop_duplicates()
    return {f: tuple(b for b in BIDANG_PERDAGANGAN if b in set(g)) for f, g in pairs.groupby("berkas")["bidang"]}


def _note_same_activity_in_two_files(c: Cleaner) -> None:
    """Note each accepted row identical to an accepted row of another file of the folder.

    Identical means: the same date, the same canonical kategori, the same jumlah (as parsed, empty
    = 1) and the same uraian once compared without case (``str.casefold``) and with white space
    (spaces, tabs, non-breaking spaces) trimmed at both ends and every run inside read as one
    space. Each such row is kept and counted, and noted with a row of another file holding the
    same activity (the first such row in file order). Rows identical only within one file are not
    noted here. Vectorised: one groupby over the accepted rows.
    """
    if len(c.raw.files) < 2 or not all(c.has(col) for col in ("tanggal", "kategori", "uraian")):
        return
    ok = c.accepted()
    if not ok.any():
        return
    out = c.out.loc[ok]
    uraian = out["uraian"].str.replace(WS + "+", " ", regex=True).str.strip().str.casefold()
    keys = pd.DataFrame({"tanggal": out["tanggal"], "kategori": out["kategori"], "uraian": uraian,
                         "jumlah": out["jumlah"]})
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
    files = pd.Series(pd.factorize(c.rows.loc[ok, "_berkas"])[0], index=out.index)
    shared = files.groupby(group).transform("nunique") > 1
    if not shared.any():
        return
    rows = pd.DataFrame({"g": group[shared], "f": files[shared]})
    firsts = rows.drop_duplicates(["g", "f"])  # the first row of each (activity, file), in file order
    first = firsts.drop_duplicates("g")
    second = firsts[firsts.duplicated("g")].drop_duplicates("g")
    first_row = pd.Series(first.index, index=first["g"].to_numpy())
    first_file = pd.Series(first["f"].to_numpy(), index=first["g"].to_numpy())
    second_row = pd.Series(second.index, index=second["g"].to_numpy())
    other = rows["g"].map(first_row).where(rows["f"] != rows["g"].map(first_file), rows["g"].map(second_row))
    where = row_place(c.rows.loc[other.astype("int64").to_numpy()]).set_axis(rows.index)
    text = "sama dengan " + where + " " + SAME_ACTIVITY
    mask = pd.Series(False, index=c.rows.index)
    mask[rows.index] = True
    c.book.note(mask, "uraian", text)


# --- targets -----------------------------------------------------------------------------------

def _where(c: Cleaner, index) -> str:
    rows = c.rows.loc[index]
    return ", ".join(f"{b} baris {n}" for b, n in zip(rows["_berkas"], rows["_baris"]))


def _key_text(values) -> str:
    return " / ".join("kosong" if pd.isna(v) else str(int(v)) if isinstance(v, float) and v == int(v) else str(v)
                      for v in values)


def _duplicate_key_error(c: Cleaner, keys: pd.DataFrame, what: str, hint: str) -> None:
    """Raise for the first key held by more than one row, naming exactly the rows that hold it."""
    dup = keys.duplicated(keep=False)
    if dup.any():
        clash = keys[dup]
        first = clash.iloc[0]
        same = clash.index[(clash.eq(first) | (clash.isna() & first.isna())).all(axis=1)]
        others = clash.drop(index=same).drop_duplicates()
        more = f"; {len(others)} kunci lain juga ganda" if len(others) else ""
        rows = c.rows.loc[same]
        raise DuplicateKeyError(
            f"{what} {_key_text(first.tolist())} muncul lebih dari sekali ({_where(c, same)}){more}",
            file=rows["_berkas"].iloc[0], row=int(rows["_baris"].iloc[0]), hint=hint)


def normalise_kode(kode: pd.Series) -> pd.Series:
    """'iku 1', 'IKU1', 'IKU-1' → 'IKU-1'.

    >>> normalise_kode(pd.Series(["iku 1", "IT.2", "x"])).tolist()
    ['IKU-1', 'IT-2', nan]
    """
    parts = extract(kode.str.upper().str.strip(), "^(IT|IKU)[ _.-]*([0-9]+)$")
    return (parts[0] + "-" + parts[1]).astype("str")


def clean_target(raw: RawTable, known_codes) -> Cleaned:
    """Targets per indicator, year and (optionally) triwulan; polaritas positif (default) or negatif.

    An empty triwulan is the annual target. A quarterly row without polaritas takes the annual
    row's. A triwulan-4 row and an annual row of one (kode, tahun) must agree (spec section 7).
    """
    c = Cleaner(raw)
    kode = c.parse("kode", v.parse_text, "Kode indikator")
    code = normalise_kode(kode.values)
    c.book.reject(kode.errors.isna() & ~code.isin(list(known_codes)), "kode",
                  "kode indikator tidak dikenal (yang ada: " + ", ".join(known_codes) + ")")
    c.out["kode"] = code
    c.parse("tahun", v.parse_whole_number, "Tahun", 1900)
    tw = c.parse("triwulan", v.parse_whole_number, "Triwulan", 1)
    if tw is not None:
        c.book.reject(tw.values > 4, "triwulan", "triwulan harus 1-4 (kosong = target tahunan)")
    c.parse("target", v.parse_number, "Target")
    pol = c.parse("polaritas", v.parse_text, "Polaritas", required=False)
    if pol is not None:
        p = pol.values.str.lower()
        c.book.reject(p.notna() & ~p.isin(["positif", "negatif"]), "polaritas", "polaritas harus positif atau negatif")
        c.out["polaritas"] = p
    else:
        c.out["polaritas"] = pd.Series(pd.NA, index=c.rows.index, dtype="str")
    c.parse("satuan", v.parse_text, "Satuan", required=False)
    out = c.out
    if "triwulan" not in out:
        out["triwulan"] = np.nan
    ok = c.accepted()
    _duplicate_key_error(c, out.loc[ok, ["kode", "tahun", "triwulan"]], "Target kode/tahun/triwulan",
                         "Sisakan satu target per indikator per tahun (dan per triwulan bila diisi).")
    _annual_vs_tw4(c, ok)
    annual = out.loc[ok & out["triwulan"].isna()].set_index(["kode", "tahun"])["polaritas"]
    from_annual = pd.Series([annual.get((k, t)) for k, t in zip(out["kode"], out["tahun"])], index=out.index,
                            dtype="str")
    out["polaritas"] = out["polaritas"].fillna(from_annual).fillna("positif")
    out["tahun"] = out["tahun"].astype("Int64")
    out["triwulan"] = out["triwulan"].astype("Int64")
    return c.finish(["kode", "tahun", "triwulan", "target", "polaritas", "satuan"])


def _pol(value, default: str) -> str:
    return default if pd.isna(value) else str(value)


def _annual_vs_tw4(c: Cleaner, ok: pd.Series) -> None:
    """A triwulan-4 row and an annual row of one (kode, tahun) with different targets: which one holds?"""
    out = c.out[ok]
    annual = out[out["triwulan"].isna()]
    tw4 = out[out["triwulan"] == 4]
    both = annual.reset_index().merge(tw4.reset_index(), on=["kode", "tahun"], suffixes=("_tahunan", "_tw4"))
    # polaritas as each row means it: empty on the annual row is positif, on the TW-4 row the annual one
    annual_pol = both["polaritas_tahunan"].fillna("positif")
    differ = both[(both["target_tahunan"] != both["target_tw4"])
                  | (both["polaritas_tw4"].fillna(annual_pol) != annual_pol)]
    if len(differ):
        d = differ.iloc[0]
        a = c.rows.loc[d["index_tahunan"]]
        raise DuplicateKeyError(
            f"target {d['kode']} tahun {int(d['tahun'])}: baris tahunan ({_where(c, [d['index_tahunan']])}, "
            f"target {fmt_angka(d['target_tahunan'], 2)}, polaritas {_pol(d['polaritas_tahunan'], 'positif')}) "
            f"dan baris triwulan 4 ({_where(c, [d['index_tw4']])}, target {fmt_angka(d['target_tw4'], 2)}, "
            f"polaritas {_pol(d['polaritas_tw4'], _pol(d['polaritas_tahunan'], 'positif'))}) berbeda",
            file=a["_berkas"], row=int(a["_baris"]),
            hint="Target triwulan IV sama dengan target tahunan: samakan kedua baris atau hapus salah satunya.")
