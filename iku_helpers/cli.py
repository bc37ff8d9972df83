"""The ``iku`` command (spec section 6): run, validate, verify, template.

Exit codes: 0 done; 1 a data problem (or, with --strict, any warning or indicator not ``ok``);
2 wrong usage. Expected problems are printed as one message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import IkuError, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse calls this on wrong usage
        self.print_usage(sys.stderr)
        raise UsageError(f"penggunaan salah: {message}",
                         hint=f"Lihat `{self.prog} --help` untuk pilihan yang tersedia.")


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4 or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"tahun harus empat angka antara 2000 dan 2100, bukan '{text}'")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat ≥ 1, bukan '{text}'")
    return int(text)


def _window(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise argparse.ArgumentTypeError(f"jendela RAT harus bilangan bulat 1-10 tahun, bukan '{text}'")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="iku", description="Indikator Kinerja Utama Dinas Koperasi, UKM dan Perdagangan Kabupaten Jember.")
    sub = parser.add_subparsers(dest="command", metavar="{run,validate,verify,template}", parser_class=_Parser)
    sub.required = True

    run = sub.add_parser("run", help="bersihkan data, hitung indikator, tulis laporan per tahun")
    run.add_argument("--year", type=_year, action="append", dest="years", metavar="N",
                     help="tahun laporan (boleh diulang); tanpa --year: semua folder tahun")
    run.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    run.add_argument("--out", type=Path, default=Path("outputs"))
    run.add_argument("--processed-dir", type=Path, default=Path("data/processed"))
    run.add_argument("--jobs", type=_positive, default=None, metavar="K",
                     help="jumlah tahun yang dikerjakan bersamaan (bawaan: jumlah inti CPU)")
    run.add_argument("--strict", action="store_true", help="gagal (exit 1) bila ada peringatan atau indikator tidak ok")
    run.add_argument("--rat-window-years", type=_window, default=1,
                     help="koperasi aktif bila RAT terakhir dalam N tahun terakhir (bawaan 1)")
    run.add_argument("--accumulation-start-year", type=_year, default=2025)

    val = sub.add_parser("validate", help="periksa data mentah tanpa menghitung")
    val.add_argument("--year", type=_year, action="append", dest="years", metavar="N")
    val.add_argument("--raw-dir", type=Path, default=Path("data/raw"))

    ver = sub.add_parser("verify", help="periksa ulang hasil satu tahun terhadap data mentah")
    ver.add_argument("output_year_dir", type=Path, metavar="OUTPUT_YEAR_DIR")
    ver.add_argument("--raw-dir", type=Path, default=None,
                     help="folder data mentah (bawaan: yang tercatat di manifest.json)")

    tpl = sub.add_parser("template", help="tulis buku kerja kosong untuk setiap tabel")
    tpl.add_argument("--out", type=Path, required=True, metavar="DIR")
    return parser


def _template(args) -> int:
    from .template import write_templates

    paths = write_templates(args.out)
    print(f"{len(paths)} templat ditulis ke {args.out}:")
    for p in paths:
        print(f"  {p.name}")
    return 0


def _validate(args) -> int:
    from .validate import validate

    return validate(args.raw_dir, args.years)


def _run(args) -> int:
    from .runner import run

    return run(raw_dir=args.raw_dir, out_dir=args.out, processed_dir=args.processed_dir, years=args.years,
               jobs=args.jobs, strict=args.strict, rat_window_years=args.rat_window_years,
               accumulation_start_year=args.accumulation_start_year)


def _verify(args) -> int:
    from .provenance import verify

    return verify(args.output_year_dir, raw_dir=args.raw_dir)


COMMANDS = {"run": _run, "validate": _validate, "verify": _verify, "template": _template}


def main(argv: list[str] | None = None) -> int:
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
