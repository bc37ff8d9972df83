"""The ``iku`` command (spec section 6): run, validate, verify, telusur, template.

Exit codes: 0 done; 1 a data problem (or, with --strict, any warning or indicator not ``ok`` other
than one `belum tersedia` by its source's publication schedule); 2 wrong usage. Expected problems
are printed as one message, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

from ..core.errors import IkuError, ParameterError, UsageError
from ..core.facts import DINAS, INDICATOR_CODES, RPJMD_START
from ..core.formats import fmt_angka
from ..core.layout import FEEDBACK_DIR
from ..core.params import Params
from ..ingest.dataset import require_raw_dir, year_folders
from ..publish.runner import PACKAGE_LOGGER, run
from ..publish.verify import verify
from .trace import KEY_LABEL, SUBJECTS, format_trace, formula, trace
from .validate import validate

#: argparse's own messages (Python 3.11-3.13), in Bahasa Indonesia; an unknown one stays as it is.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", r"argumen wajib belum diberikan: \1"),
    (r"unrecognized arguments: (.+)", r"argumen tidak dikenal: \1"),
    (r"argument \{[^}]*\}: invalid choice: (.+?) \(choose from (.+)\)", r"perintah \1 tidak ada (pilih salah satu: \2)"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"argumen \1: pilihan \2 tidak ada (pilih salah satu: \3)"),
    (r"argument (\S+): expected one argument", r"argumen \1 memerlukan satu nilai"),
    (r"argument (\S+): expected at least one argument", r"argumen \1 memerlukan paling sedikit satu nilai"),
    (r"argument (\S+): expected at most one argument", r"argumen \1 menerima paling banyak satu nilai"),
    (r"argument (\S+): ignored explicit argument (.+)", r"argumen \1 tidak menerima nilai \2"),
    (r"argument (\S+): invalid int value: (.+)", r"argumen \1: nilai \2 bukan bilangan bulat"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"argumen \1: nilai \3 tidak sah"),
    (r"argument (\S+): not allowed with argument (.+)", r"argumen \1 tidak boleh dipakai bersama \2"),
    (r"ambiguous option: (\S+) could match (.+)", r"pilihan \1 tidak jelas, dapat berarti \2"),
    (r"argument (\S+): (.+)", r"argumen \1: \2"),
)


def indonesian(message: str) -> str:
    """argparse's message in Bahasa Indonesia.

    >>> indonesian("argument --year: expected one argument")
    'argumen --year memerlukan satu nilai'
    """
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message, flags=re.DOTALL):
            return re.sub(pattern, replacement, message, count=1, flags=re.DOTALL)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "penggunaan: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with every word a user reads in Bahasa Indonesia (help, titles, usage, errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="tampilkan bantuan ini, lalu berhenti")

    def error(self, message: str) -> None:  # argparse calls this on wrong usage
        self.print_usage(sys.stderr)
        raise UsageError(f"penggunaan salah: {indonesian(message)}",
                         hint=f"Lihat `{self.prog} --help` untuk pilihan yang tersedia.")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat ≥ 1, bukan '{text}'")
    return int(text)


def _default(name: str):
    return Params.__dataclass_fields__[name].default


def _run_options(parser: argparse.ArgumentParser) -> None:
    """The options that become :class:`Params` fields (validated there, defaults from there)."""
    parser.add_argument("--year", action="extend", nargs="+", dest="years", metavar="N",
                        help="tahun laporan (boleh beberapa: --year 2025 2026, atau --year diulang); "
                             "tanpa --year: semua folder tahun")
    parser.add_argument("--triwulan", action="extend", nargs="+", dest="quarters", metavar="Q",
                        help="triwulan 1-4 untuk setiap tahun yang diminta (boleh beberapa: --triwulan 1 2 3); "
                             f"tanpa --triwulan: {_default('triwulan')}, laporan tahunan")
    parser.add_argument("--raw-dir", type=Path, default=None, metavar="DIR",
                        help=f"folder data mentah (bawaan: {_default('raw_dir').as_posix()})")


#: Where to try other parameters without touching the published reports (both folders git ignores).
TRIAL_FOLDERS = "--out outputs/percobaan --processed-dir data/processed/percobaan"


def _result_options(parser: argparse.ArgumentParser) -> None:
    """The parameters the numbers depend on (a published period records them)."""
    parser.add_argument("--rat-window-years", default=None, metavar="N",
                        help="koperasi aktif bila RAT terakhirnya dalam N tahun terakhir, 1-10 "
                             f"(bawaan: {_default('rat_window_years')})")
    parser.add_argument("--accumulation-start-year", default=None, metavar="TAHUN",
                        help=f"tahun awal akumulasi IKU-3 (bawaan: {_default('accumulation_start_year')})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="iku", description=f"Indikator Kinerja Utama {DINAS}.",
                     epilog="Bantuan setiap perintah: iku <perintah> --help (mis. iku run --help).")
    sub = parser.add_subparsers(dest="command", title="perintah", metavar="{run,validate,verify,telusur,template}",
                                parser_class=_Parser)
    sub.required = True

    run = sub.add_parser("run", help="bersihkan data, hitung indikator, tulis laporan per tahun atau triwulan",
                         epilog="contoh: iku run --year 2026; iku run --year 2025 2026; "
                                "iku run --year 2026 --triwulan 2; "
                                f"iku run --year 2026 --rat-window-years 3 {TRIAL_FOLDERS}")
    _run_options(run)
    run.add_argument("--out", type=Path, default=None, dest="output_dir", metavar="DIR",
                     help=f"folder keluaran (bawaan: {_default('output_dir').as_posix()})")
    run.add_argument("--processed-dir", type=Path, default=None, metavar="DIR",
                     help=f"folder data olahan dan cache tahun-tahun sebelumnya (bawaan: {_default('processed_dir').as_posix()})")
    run.add_argument("--jobs", type=_positive, default=None, metavar="K",
                     help="jumlah tahun yang dikerjakan bersamaan (bawaan: jumlah inti CPU)")
    run.add_argument("--strict", action="store_true",
                     help="gagal (kode keluar 1) bila ada peringatan atau indikator tidak ok, kecuali 'belum tersedia' "
                          "karena sumbernya memang terbit kemudian (PDRB dari BPS: IT-1 pada triwulan I-III, atau "
                          "tabel PDRB yang belum memuat tahun itu) (bawaan: tidak)")
    run.add_argument("--ganti", action="store_true", dest="replace",
                     help="ganti periode yang sudah terbit walaupun dihitung dengan parameter lain "
                          "(bawaan: tidak; tanpa --ganti, proses seperti itu ditolak sebelum mulai)")
    run.add_argument("--tanpa-pdf", action="store_false", dest="pdf",
                     help="jangan cetak laporan dan buku kerja ke PDF (bawaan: cetak dengan Chromium/Chrome/Edge "
                          "dan LibreOffice bila ada di komputer ini)")
    _result_options(run)

    val = sub.add_parser("validate", help="periksa data mentah tanpa menghitung")
    _run_options(val)
    val.add_argument("--annotate", type=Path, nargs="?", const=FEEDBACK_DIR, default=None, metavar="DIR",
                     help="tulis juga salinan bertanda buku kerja yang bermasalah dan halaman umpan balik per bidang "
                          f"ke DIR (tanpa DIR: {FEEDBACK_DIR.as_posix()})")

    ver = sub.add_parser("verify", help="periksa ulang hasil satu periode (mis. outputs/2026, outputs/2026-tw2) terhadap data mentah",
                         description="Memeriksa sidik jari data mentah dan berkas keluaran terhadap manifest.json, lalu "
                                     "menjalankan ulang notebook di folder sementara dan membandingkan hasilnya byte demi "
                                     "byte. Laporan triwulan yang disebut 'pembanding' di manifest harus ada di samping "
                                     "folder periode (mis. 2026-tw1/ di samping 2026/).",
                         epilog="kode keluar: 0 COCOK; 1 TIDAK COCOK (dengan daftar perbedaannya) atau GAGAL. "
                                "contoh: iku verify ~/audit/keluaran/2026 --raw-dir ~/audit/data_mentah")
    ver.add_argument("output_year_dir", type=Path, metavar="FOLDER_PERIODE",
                     help="folder satu periode yang sudah terbit, mis. outputs/2026 atau outputs/2026-tw2 "
                          "(boleh di luar proyek, berisi manifest.json)")
    ver.add_argument("--raw-dir", type=Path, default=None, metavar="DIR",
                     help="folder data mentah (bawaan: yang tercatat di manifest.json)")

    tel = sub.add_parser("telusur", help="mengapa satu koperasi atau usaha dihitung (atau tidak) dalam sebuah indikator")
    without_id = [kode for kode in INDICATOR_CODES if kode not in SUBJECTS]
    ids = " atau ".join(f"{label} untuk {', '.join(k for k, s in SUBJECTS.items() if s.key == key)}"
                        for key, label in KEY_LABEL.items())
    tel.add_argument("kode", metavar="KODE",
                     help=f"kode indikator: {', '.join(SUBJECTS)} (tanpa ID: juga {', '.join(without_id)})")
    tel.add_argument("ident", nargs="?", default=None, metavar="ID", help=f"{ids}; tanpa ID: rumus dan angkanya")
    tel.add_argument("--year", type=int, default=None, metavar="N",
                     help="tahun laporan (bawaan: folder tahun terakhir di data mentah)")
    tel.add_argument("--triwulan", type=int, default=None, metavar="Q",
                     help=f"triwulan 1-4 (bawaan: {_default('triwulan')}, laporan tahunan)")
    tel.add_argument("--raw-dir", type=Path, default=None, metavar="DIR",
                     help=f"folder data mentah (bawaan: {_default('raw_dir').as_posix()})")
    tel.add_argument("--processed-dir", type=Path, default=None, metavar="DIR",
                     help="folder data olahan; tabel bersih tahun itu dibuat dan disimpan di sini bila belum ada "
                          f"(bawaan: {_default('processed_dir').as_posix()})")
    tel.add_argument("--out", type=Path, default=None, dest="output_dir", metavar="DIR",
                     help="folder keluaran tempat daftar entitas periode itu sudah terbit; hanya dibaca "
                          f"(bawaan: {_default('output_dir').as_posix()})")
    _result_options(tel)

    tpl = sub.add_parser("template", help="tulis buku kerja kosong untuk setiap tabel")
    tpl.add_argument("--out", type=Path, required=True, metavar="DIR",
                     help="folder tempat templat ditulis (wajib; mis. templat)")
    return parser


def _template(args) -> int:
    from ..documents.templat import write_templates

    paths = write_templates(args.out)
    print(f"{fmt_angka(len(paths))} templat ditulis ke {args.out}:")
    for p in paths:
        print(f"  {p.name}")
    return 0


def _given(args) -> dict:
    """The Params fields given as options (the others keep Params' defaults); the year and the
    quarter are each command's own business."""
    values = {name: getattr(args, name, None) for name in Params.fields() if name not in ("year", "triwulan")}
    return {name: value for name, value in values.items() if value is not None}


def _params(args) -> tuple[Params, list[int] | None, list[int]]:
    """The run's Params from the options given, the years and the quarters (each checked by Params)."""
    years = sorted({Params(year=y).year for y in args.years}) if args.years else None
    base = Params(year=years[0] if years else RPJMD_START, **_given(args))
    quarters = sorted({base.replace(triwulan=q).triwulan for q in args.quarters or [base.triwulan]})
    return base, years, quarters


def _validate(args) -> int:
    base, years, quarters = _params(args)
    return validate(base, years, quarters, annotate=args.annotate)


def _run(args) -> int:
    base, years, quarters = _params(args)
    return run(base, years, quarters, jobs=args.jobs, strict=args.strict, replace=args.replace, pdf=args.pdf)


def _verify(args) -> int:
    return verify(args.output_year_dir, raw_dir=args.raw_dir)


def _telusur(args) -> int:
    given = _given(args)
    raw_dir = require_raw_dir(given.get("raw_dir", _default("raw_dir")))
    year = args.year
    if year is None:
        years = year_folders(raw_dir)
        if not years:
            raise ParameterError(f"tidak ada folder tahun di {raw_dir}", hint="Berikan --raw-dir yang berisi folder per tahun.")
        year = years[-1]
    triwulan = _default("triwulan") if args.triwulan is None else args.triwulan  # 0 is refused by Params
    params = Params(year=year, triwulan=triwulan, **given).resolved()
    kode = args.kode.upper()
    text = formula(params, kode) if args.ident is None else format_trace(trace(params, kode, args.ident))
    logging.getLogger(PACKAGE_LOGGER).info(text)
    return 0


COMMANDS = {"run": _run, "validate": _validate, "verify": _verify, "telusur": _telusur, "template": _template}


def configure_logging() -> None:
    """What a person sees: the package's progress and results on stdout, problems on stderr."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    logger.handlers.clear()  # main() may run several times in one process (tests)
    plain = logging.Formatter("%(message)s")
    out = logging.StreamHandler(sys.stdout)
    out.addFilter(lambda record: record.levelno < logging.WARNING)
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    for handler in (out, err):
        handler.setFormatter(plain)
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    configure_logging()
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except IkuError as exc:
        print(f"GAGAL: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Dihentikan oleh pengguna.", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one message for the user, the traceback on request
        if os.environ.get("IKU_DEBUG"):
            raise
        print(f"GAGAL: galat tak terduga di alur kerja ({type(exc).__name__}: {exc}).\n"
              "  Yang perlu dilakukan: jalankan lagi dengan IKU_DEBUG=1 untuk melihat rinciannya, "
              "lalu laporkan ke pengembang beserta pesan itu.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
