"""``iku telusur``: why one koperasi or usaha is, or is not, counted in an indicator.

For one entity (a koperasi's NIK, a usaha's NIB/ID) of one period it gathers, in the words an
auditor uses:

1. every raw row where the entity appears (file, sheet and row number as Excel shows them), read
   again from the raw files, and what the cleaning did with each: used (with its corrections),
   or rejected and why, from the year's ledger and notes;
2. the facts the indicator used: the RAT and the window, skala and aktif, the facilitation dates
   within the period;
3. the verdict from the indicator's own entity list: counted in the penyebut and/or the
   pembilang, or not, and why.

Nothing is recomputed here: the clean tables come from the year's processed cache
(:func:`~iku_helpers.ingest.processed.processed_year`) and the verdict from the indicator function the run
uses. Owner NIKs are never shown (the register's ``nik_pemilik`` stays masked, and raw rows are
shown by their location and identifier only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..core import periods
from ..core.errors import ParameterError, UsageError
from ..core.formats import fmt_angka, fmt_persen, fmt_tanggal, is_missing
from ..core.layout import Layout
from ..core.params import Params
from ..indicators.cache import period_indicators
from ..indicators.formulas import rat_window_start
from ..indicators.model import OK, Result, Subject, dated_after, sources_from_processed
from ..indicators.registry import REGISTRY
from ..indicators.tindak_lanjut import INDICATORS, is_berisiko, is_kandidat, latest_rats
from ..ingest.discovery import discover
from ..ingest.processed import Processed, processed_year
from ..ingest.reading import read_table
from ..ingest.values import parse_identifier

#: The indicators that count entities one by one (and so can trace one), with what they count.
SUBJECTS: dict[str, Subject] = {kode: ind.subject for kode, ind in REGISTRY.items() if ind.subject is not None}
KEY_LABEL = {"nik": "NIK koperasi", "id_usaha": "ID usaha (NIB)"}


@dataclass
class RawRow:
    """One raw row of the entity and what the cleaning did with it."""

    table: str
    file: str
    sheet: str | None
    row: int
    kept: bool
    reasons: list[str] = field(default_factory=list)  # why it was rejected
    notes: list[str] = field(default_factory=list)  # corrections and remarks on a kept row
    detail: str = ""  # e.g. the date and kind of a facilitation

    def where(self) -> str:
        sheet = f", sheet {self.sheet}" if self.sheet else ""
        return f"{self.file}{sheet}, baris {self.row}"


@dataclass
class Trace:
    """Everything ``iku telusur KODE ID`` prints."""

    params: Params
    kode: str
    ident: str
    rows: list[RawRow]
    facts: list[str]
    verdict: str
    counted_penyebut: bool
    counted_pembilang: bool
    entity_list: str
    #: whether it is a candidate for facilitation or at risk (spec section 11); '' when neither applies
    tindak_lanjut: str = ""


def _normalise(ident: str, key: str) -> str:
    """The identifier as the cleaning writes it ('3509.0101 2345' → '35090101 2345' digits)."""
    parsed = parse_identifier(pd.Series([ident], dtype="object"), 16 if key == "nik" else None, KEY_LABEL[key])
    value = parsed.values.iloc[0]
    if is_missing(value):
        raise UsageError(f"'{ident}' bukan {KEY_LABEL[key]} yang sah: {parsed.errors.iloc[0]}",
                         hint="Tulis nomornya seperti di berkas, mis. 3509010041563808.")
    return str(value)


def _rows_of(listing: pd.DataFrame, table: str, file: str, row: int) -> pd.DataFrame:
    """The entries of the ledger or the notes about one raw row."""
    return listing[(listing["tabel"] == table) & (listing["berkas"] == file) & (listing["baris"] == row)]


def _raw_rows(processed: Processed, subject: Subject, ident: str) -> list[RawRow]:
    """Every raw row of the year's register and facilitation table holding ``ident``."""
    params = processed.params
    raw_dir = params.raw_dir
    tables = [t for t in (subject.register, subject.events) if t]
    found = discover(raw_dir / str(params.year), tables, base=raw_dir)
    ledger, notes = processed.ledger(), processed.notes()
    out: list[RawRow] = []
    for table in tables:
        if table not in found.tables:
            continue
        raw = read_table(found.tables[table], raw_dir).frame
        if subject.key not in raw:
            continue
        ids = parse_identifier(raw[subject.key]).values
        hits = raw[(ids == ident).fillna(False).astype(bool)]
        clean = processed.get(table)
        for r in hits.to_dict("records"):
            file, sheet, row = r["_berkas"], r.get("_sheet"), int(r["_baris"])
            sheet = None if is_missing(sheet) else sheet
            rejected = _rows_of(ledger, table, file, row)
            used = (clean[(clean["sumber_berkas"] == file) & (clean["sumber_baris"] == row)]
                    if clean is not None else pd.DataFrame())
            item = RawRow(table, file, sheet, row, kept=len(used) > 0,
                          reasons=[f"{x.kolom}: {x.alasan}" for x in rejected.itertuples()],
                          notes=[f"{x.kolom}: {x.catatan}" for x in _rows_of(notes, table, file, row).itertuples()])
            if not item.kept and not item.reasons:
                item.reasons = ["dilewati sebagai baris kosong atau baris jumlah/total (lihat rekonsiliasi)"]
            if item.kept and table == subject.events:
                u = used.iloc[0]
                item.detail = f"tanggal {fmt_tanggal(u['tanggal'])}, {u['jenis_fasilitasi']}"
                if bool(dated_after(used, pd.Timestamp(params.cutoff)).iloc[0]):
                    item.detail += f"; setelah {fmt_tanggal(params.cutoff)}: tidak dihitung untuk periode ini"
            out.append(item)
    return out


def _window_text(params: Params, dated: bool = True) -> str:
    w = params.rat_window_years
    if params.is_annual or not dated:  # a RAT known by its year alone: the annual rule (koperasi_aktif_at)
        first = params.year - w + 1
        span = f"tahun {params.year}" if w == 1 else f"tahun {first}–{params.year}"
        return f"jendela RAT {w} tahun: aktif bila RAT terakhir diadakan {span}"
    cutoff = pd.Timestamp(params.cutoff)
    start = rat_window_start(cutoff, w)
    return (f"jendela RAT {w} tahun per akhir triwulan: aktif bila salah satu RAT yang diketahui (register "
            f"{params.year} atau register tahun sebelumnya) diadakan setelah {fmt_tanggal(start)} s.d. "
            f"{fmt_tanggal(cutoff)}")


def _penentu_text(entity: pd.Series, params: Params) -> str:
    """Which known RAT made a koperasi aktif at a quarter's cut-off, and where it was found."""
    register = entity["rat_penentu_register"]
    if is_missing(register):
        return (f"tidak ada RAT yang diketahui (register {params.year} atau register tahun sebelumnya) "
                f"dalam {_window_text(params)}")
    dated = not is_missing(entity["rat_penentu_tanggal"])
    rat = fmt_tanggal(entity["rat_penentu_tanggal"]) if dated else f"tahun {entity['rat_penentu_tahun']}"
    where = f"register {params.year}" if int(register) == params.year else f"register tahun {int(register)}"
    sheet = "" if is_missing(entity["rat_penentu_sheet"]) else f", sheet {entity['rat_penentu_sheet']}"
    return (f"RAT yang membuatnya aktif: {rat}, dari {where} ({entity['rat_penentu_berkas']}{sheet}, "
            f"baris {int(entity['rat_penentu_baris'])})")


def _facts(processed: Processed, subject: Subject, ident: str, entity: pd.Series | None, params: Params) -> list[str]:
    facts = []
    register = processed.get(subject.register)
    reg = register[register[subject.key] == ident] if register is not None else pd.DataFrame()
    if subject.register == "koperasi":
        if len(reg):
            k = reg.iloc[0]
            dated = "tanggal_rat" in k and not is_missing(k["tanggal_rat"])
            rat = (fmt_tanggal(k["tanggal_rat"]) if dated
                   else f"tahun {k['tahun_rat_terakhir']}" if not is_missing(k["tahun_rat_terakhir"])
                   else "tidak tercatat")
            note = "" if dated or params.is_annual else " (tanpa tanggal RAT: dinilai dengan aturan tahunan)"
            facts.append(f"RAT terakhir di register {params.year}: {rat}; {_window_text(params, dated)}{note}")
    elif len(reg):
        u = reg.iloc[0]
        basis = {"omzet": "menurut omzet", "modal": "menurut modal"}.get(str(u.get("skala_dasar")), "")
        facts.append(f"skala: {u['skala']} {basis} (omzet tahunan Rp {fmt_angka(u.get('omzet_tahunan'))}, "
                     f"modal Rp {fmt_angka(u.get('modal_usaha'))})")
        status = "status aktif di daftar" if str(u.get("aktif_dasar")) == "status" else "tanpa status: aktif bila omzet > 0"
        facts.append(f"aktif: {'ya' if bool(u['aktif']) else 'tidak'} ({status})")
    if entity is not None and "aktif" in entity and subject.register == "koperasi":
        facts.append(f"aktif pada {periods.nama_periode(params.year, params.triwulan)}: "
                     f"{'ya' if bool(entity['aktif']) else 'tidak'}")
        if "rat_penentu_register" in entity:  # a quarter: the RAT that made it aktif (spec section 13)
            facts.append(_penentu_text(entity, params))
    if subject.events:
        events = processed.get(subject.events)
        mine = events[events[subject.key] == ident] if events is not None else pd.DataFrame()
        if len(mine):
            cutoff = pd.Timestamp(params.cutoff)
            after = dated_after(mine, cutoff)  # the one cut-off test (indicators)
            inside, later = mine[~after], mine[after]
            dates = ", ".join(fmt_tanggal(d) for d in sorted(inside["tanggal"]))
            facts.append(f"fasilitasi dalam periode (s.d. {fmt_tanggal(cutoff)}): {len(inside)}"
                         + (f" ({dates})" if dates else ""))
            if len(later):
                facts.append(f"fasilitasi setelah akhir periode (tidak dihitung): {len(later)}")
        else:
            facts.append("fasilitasi dalam periode: tidak ada baris fasilitasi yang diterima")
    return facts


def _verdict(kode: str, label: str, result: Result, entity: pd.Series | None, rows: list[RawRow],
             subject: Subject, year: int) -> tuple[str, bool, bool]:
    if result.status != OK and result.entities.empty:
        return f"{kode} {label} belum dapat dihitung ({result.status}): {result.keterangan}.", False, False
    if entity is None:
        in_register = [r for r in rows if r.table == subject.register]
        why = (f"semua barisnya di {subject.register} ditolak (alasannya di atas)" if in_register
               else f"tidak ada di daftar {subject.register} tahun {year}; hanya muncul di {subject.events}")
        return f"TIDAK DIHITUNG dalam {kode} {label}: {why}.", False, False
    penyebut, pembilang = bool(entity["dihitung_penyebut"]), bool(entity["dihitung_pembilang"])
    if pembilang:
        where = "penyebut dan pembilang" if penyebut else "pembilang"
        return f"DIHITUNG dalam {where} {kode} {label} ({entity['alasan']}).", penyebut, pembilang
    if penyebut:
        return f"DIHITUNG dalam penyebut, TIDAK dalam pembilang {kode} {label}: {entity['alasan']}.", True, False
    return f"TIDAK DIHITUNG dalam {kode} {label}: {entity['alasan']}.", False, False


def _indicator(kode: str):
    if kode not in REGISTRY:
        raise UsageError(f"kode indikator '{kode}' tidak dikenal", hint=f"Pilih salah satu: {', '.join(REGISTRY)}.")
    return REGISTRY[kode]


def _subject(kode: str) -> Subject:
    _indicator(kode)
    if kode not in SUBJECTS:
        raise UsageError(f"{kode} tidak dihitung per koperasi atau usaha, jadi tidak ada ID untuk ditelusuri",
                         hint=f"Jalankan `iku telusur {kode}` tanpa ID untuk rumus, angka, dan daftar barisnya.")
    return SUBJECTS[kode]


def _entity_list(params: Params, kode: str) -> str:
    """Where the period's published entity list of ``kode`` is (or will be)."""
    lay = Layout(params)
    files = lay.entity_list(kode)
    if not lay.period_dir.is_dir():
        return f"{files.csv.as_posix()} (periode ini belum diterbitkan: jalankan `iku run`)"
    return files.for_people().as_posix()


def _result(processed: Processed, kode: str) -> Result:
    return REGISTRY[kode].compute(sources_from_processed(processed))


def trace(params: Params, kode: str, ident: str) -> Trace:
    """The trace of one entity in one indicator of one period (see the module docstring)."""
    subject = _subject(kode)
    ident = _normalise(ident, subject.key)
    processed = processed_year(params)
    rows = _raw_rows(processed, subject, ident)
    if not rows:
        tables = " dan ".join(t for t in (subject.register, subject.events) if t)
        raise ParameterError(f"{KEY_LABEL[subject.key]} {ident} tidak ditemukan di berkas {tables} tahun {params.year}",
                             hint="Periksa ketikan nomornya dan tahunnya (--year); nomor dicari setelah spasi, "
                                  "titik, dan tanda hubung dibuang, seperti saat pembersihan.")
    result = _result(processed, kode)
    entities = result.entities
    mine = entities[entities[subject.key] == ident] if subject.key in entities else entities.iloc[0:0]
    entity = mine.iloc[0] if len(mine) else None
    label = periods.nama_periode(params.year, params.triwulan)
    verdict, penyebut, pembilang = _verdict(kode, label, result, entity, rows, subject, params.year)
    position = mine.index[0] if len(mine) else None
    return Trace(params, kode, ident, rows, _facts(processed, subject, ident, entity, params), verdict,
                 penyebut, pembilang, _entity_list(params, kode),
                 _tindak_lanjut(processed, kode, entities, position, params))


def _tindak_lanjut(processed: Processed, kode: str, entities: pd.DataFrame, position, params: Params) -> str:
    """Whether the entity is on the period's worklist (spec section 11): a candidate (aktif, not yet
    facilitated in n) and, for a koperasi at a quarter, at risk (aktif now by a RAT before year
    n − w + 1, so not aktif in the annual report without a RAT this year)."""
    if kode not in INDICATORS or position is None:
        return ""
    entity = entities.loc[position]
    lay = Layout(params)
    parts = []
    if is_kandidat(entities).loc[position]:
        parts.append(f"KANDIDAT: aktif dan belum difasilitasi tahun {params.year}; ada di daftar "
                     f"{lay.kandidat(kode).for_people().as_posix()}")
    elif bool(entity["dihitung_pembilang"]):
        parts.append("bukan kandidat: sudah difasilitasi dan dihitung di pembilang")
    else:
        parts.append("bukan kandidat: tidak dihitung di penyebut (tidak aktif)")
    if kode == "IKU-1" and not params.is_annual and bool(entity["dihitung_penyebut"]):
        sources = sources_from_processed(processed)
        latest = latest_rats(sources.koperasi, params.year, sources.rat_history)
        first = params.year - params.rat_window_years + 1
        year = latest.at[position, "tahun_rat_terakhir"]
        if is_berisiko(entities, latest, params.year, params.rat_window_years).loc[position]:
            parts.append(f"BERISIKO: RAT terakhirnya tahun {int(year)}, sebelum {first}; tanpa RAT tahun "
                         f"{params.year} koperasi ini tidak aktif di laporan tahunan "
                         f"(daftar {lay.risiko.for_people().as_posix()})")
        else:
            parts.append("tidak berisiko: RAT terakhirnya " + ("tidak diketahui" if is_missing(year) else
                                                               f"tahun {int(year)}"))
    return "; ".join(parts)


def format_trace(t: Trace) -> str:
    """The trace as the lines ``iku telusur`` prints."""
    subject = SUBJECTS[t.kode]
    head = (f"Penelusuran {t.kode} ({REGISTRY[t.kode].nama}), {periods.nama_periode(t.params.year, t.params.triwulan)}"
            f" — {KEY_LABEL[subject.key]} {t.ident}")
    lines = [head, "", f"Baris mentah ({len(t.rows)}):"]
    for r in t.rows:
        status = "DIPAKAI" if r.kept else "DITOLAK"
        text = f"  {r.where()} [{r.table}]: {status}"
        if r.detail:
            text += f" — {r.detail}"
        lines.append(text)
        lines += [f"      alasan: {x}" for x in r.reasons]
        lines += [f"      koreksi/catatan: {x}" for x in r.notes]
    lines += ["", "Fakta yang dipakai indikator:"] + [f"  {f}" for f in t.facts]
    lines += ["", f"Putusan: {t.verdict}"]
    if t.tindak_lanjut:
        lines.append(f"Tindak lanjut: {t.tindak_lanjut}")
    lines.append(f"Daftar entitas: {t.entity_list}")
    return "\n".join(lines)


def formula(params: Params, kode: str) -> str:
    """``iku telusur KODE``: the decree's formula with this period's numbers, and the entity list."""
    ind = _indicator(kode)
    row = period_indicators(processed_year(params)).set_index("kode").loc[kode]
    dec = ind.desimal
    lines = [f"{kode} — {ind.nama}, {periods.nama_periode(params.year, params.triwulan)}",
             f"Rumus ({ind.dasar}): {ind.formula}",
             f"  = {ind.pembilang} ({fmt_angka(row['pembilang'], dec)}) / {ind.penyebut} "
             f"({fmt_angka(row['penyebut'], dec)}) × 100% = {fmt_persen(row['realisasi'])}",
             *([f"  Tafsir yang dipakai: {ind.tafsir}."] if ind.tafsir else []),
             *([f"  Dasar hitung: {ind.penjelasan}."] if ind.penjelasan else []),
             f"Target: {fmt_persen(row['target'])}; capaian: {fmt_persen(row['capaian'])}"
             + ("" if is_missing(row["kategori"]) else f" ({row['kategori']})"),
             f"Status: {row['status']}" + ("" if is_missing(row["keterangan"]) or not row["keterangan"]
                                            else f" — {row['keterangan']}"),
             f"Daftar entitas: {_entity_list(params, kode)}"]
    if kode in SUBJECTS:
        lines.append(f"Telusuri satu entitas: iku telusur {kode} <{KEY_LABEL[SUBJECTS[kode].key]}>")
    return "\n".join(lines)
