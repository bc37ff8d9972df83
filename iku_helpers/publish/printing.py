"""Print a period's documents to PDF with the programs the machine has (spec section 10).

- The report (HTML) is printed by a Chromium-family browser in headless mode: Chromium or Google
  Chrome on Linux, Microsoft Edge (on every Windows 10/11 office PC) or Chrome on Windows. The page
  setup is the report's own CSS (A4, 2 cm margins, "Halaman X dari Y" in the page margin, the E.81
  table on a landscape page, the trial mark at the top of every page), so the browser's header and
  footer are switched off and no file path is printed.
- The LKjIP workbook is printed by LibreOffice (``soffice --headless --convert-to pdf``) with the
  page setup the workbook itself carries (:mod:`iku_helpers.documents.workbook`), so the PDF is
  what Excel or LibreOffice print from the same file.

Where a program is not found the period is published without that PDF and the run says, as a
warning, how to get it (:func:`missing_tools`). :envvar:`IKU_PERAMBAN` and :envvar:`IKU_LIBREOFFICE`
name the programs when they are installed somewhere unusual.

PDFs carry their creation time, so they are not byte-stable: ``iku verify`` checks their SHA-256
against the manifest (nobody changed them after publication) and compares the *text* of a fresh
print, page by page (:func:`pdf_text`), with the published one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import PrintError

BROWSER_ENV = "IKU_PERAMBAN"
SOFFICE_ENV = "IKU_LIBREOFFICE"
#: Program names looked up on PATH, in order.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "msedge",
                 "microsoft-edge", "microsoft-edge-stable", "chrome")
SOFFICE_NAMES = ("soffice", "libreoffice")
#: Where Windows installs them (under %ProgramFiles% and %ProgramFiles(x86)%).
WINDOWS_BROWSERS = ("Microsoft/Edge/Application/msedge.exe", "Google/Chrome/Application/chrome.exe")
WINDOWS_SOFFICE = ("LibreOffice/program/soffice.exe",)
#: Seconds one document may take to print before the print counts as failed.
TIMEOUT = 180
#: The flags of a quiet headless browser on a closed network (no first-run, sync or update traffic).
BROWSER_FLAGS = ("--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--no-pdf-header-footer")

HOW_TO = {
    "peramban": ("laporan_iku_<label>.pdf tidak dibuat: peramban Chromium, Google Chrome, atau Microsoft Edge "
                 f"tidak ditemukan. Pasang salah satunya (Linux: `sudo apt-get install chromium`; Windows: Edge "
                 f"sudah terpasang) atau tulis jalurnya di variabel {BROWSER_ENV}, lalu jalankan `iku run` lagi. "
                 "Laporan HTML tetap dapat dicetak dari peramban (Ctrl+P, A4)."),
    "libreoffice": ("lkjip_<label>.pdf tidak dibuat: LibreOffice tidak ditemukan. Pasang LibreOffice (Linux: "
                    "`sudo apt-get install libreoffice-calc-nogui`; Windows: libreoffice.org) atau tulis jalur "
                    f"soffice di variabel {SOFFICE_ENV}, lalu jalankan `iku run` lagi. Buku kerja xlsx tetap dapat "
                    "dicetak dari Excel atau LibreOffice (pengaturan halamannya sudah di dalam berkas)."),
}


def _program_files() -> list[Path]:
    return [Path(os.environ[v]) for v in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA") if os.environ.get(v)]


def _find(env: str, names: tuple[str, ...], windows: tuple[str, ...]) -> Path | None:
    """The program named in ``env``, else the first of ``names`` on PATH, else a Windows install."""
    given = os.environ.get(env, "").strip().strip('"')
    if given:
        path = Path(given)
        found = path if path.is_file() else shutil.which(given)
        return Path(found) if found else None
    for name in names:
        found = shutil.which(name)
        if found:
            return Path(found)
    if sys.platform == "win32":
        for base in _program_files():
            for rel in windows:
                if (base / rel).is_file():
                    return base / rel
    return None


def find_browser() -> Path | None:
    """The Chromium-family browser that prints the report, None when the machine has none."""
    return _find(BROWSER_ENV, BROWSER_NAMES, WINDOWS_BROWSERS)


def find_soffice() -> Path | None:
    """LibreOffice's ``soffice``, which prints the workbook, None when the machine has none."""
    return _find(SOFFICE_ENV, SOFFICE_NAMES, WINDOWS_SOFFICE)


@dataclass(frozen=True)
class Printers:
    """The programs found on this machine (None: not found)."""

    browser: Path | None
    soffice: Path | None

    @classmethod
    def found(cls) -> Printers:
        return cls(find_browser(), find_soffice())

    @classmethod
    def none(cls) -> Printers:
        """No printing (``iku run --tanpa-pdf``)."""
        return cls(None, None)

    def missing(self) -> list[str]:
        """One warning per program not found, saying how to get its PDF."""
        return [HOW_TO[name] for name, tool in (("peramban", self.browser), ("libreoffice", self.soffice))
                if tool is None]


def _run(command: list[str], what: Path, timeout: int) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(f"pencetakan ke PDF tidak selesai dalam {timeout} detik", file=what.name) from None
    except OSError as exc:
        raise PrintError(f"program pencetak tidak dapat dijalankan ({exc.strerror or exc})", file=what.name) from None
    if done.returncode != 0:
        last = (done.stderr or done.stdout or "").strip().splitlines()
        raise PrintError(f"pencetakan ke PDF gagal (kode {done.returncode}{': ' + last[-1] if last else ''})",
                         file=what.name)


def _check_pdf(pdf: Path, source: Path) -> None:
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        raise PrintError("program pencetak tidak menghasilkan PDF", file=source.name)


def html_to_pdf(html: Path, pdf: Path, browser: Path, timeout: int = TIMEOUT) -> Path:
    """Print ``html`` to ``pdf`` with a headless browser (a fresh profile of its own, removed after)."""
    with tempfile.TemporaryDirectory(prefix="iku-cetak-") as profile:
        command = [str(browser), *BROWSER_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                   Path(html).resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # root (a container, CI): Chromium needs this
            command.insert(1, "--no-sandbox")
        _run(command, html, timeout)
    _check_pdf(pdf, html)
    return pdf


def xlsx_to_pdf(xlsx: Path, pdf: Path, soffice: Path, timeout: int = TIMEOUT) -> Path:
    """Print every sheet of ``xlsx`` to ``pdf`` with LibreOffice, in a profile of its own (so that it
    runs beside an open LibreOffice and beside the other periods' prints)."""
    with tempfile.TemporaryDirectory(prefix="iku-cetak-") as tmp:
        tmp = Path(tmp)
        command = [str(soffice), f"-env:UserInstallation={(tmp / 'profil').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(tmp / "pdf"), str(Path(xlsx).resolve())]
        _run(command, xlsx, timeout)
        made = tmp / "pdf" / (Path(xlsx).stem + ".pdf")
        _check_pdf(made, xlsx)
        shutil.move(str(made), str(pdf))
    return pdf


def pdf_text(pdf: Path) -> list[str]:
    """The text of every page of ``pdf`` (what ``iku verify`` compares), whitespace normalised."""
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(pdf)).pages]


def _print_one(make, source: Path, target: Path, tool: Path) -> str | None:
    """One print; the problem in words when it failed (and no half-written PDF left)."""
    try:
        make(source, target, tool)
    except PrintError as exc:
        target.unlink(missing_ok=True)
        return f"{target.name} tidak dibuat: {exc.message()}"
    return None


def print_period(lay, printers: Printers) -> list[str]:
    """Print the report and the LKjIP workbook of the period in ``lay`` (its staging folder) to PDF
    beside them, the two programs at the same time (each waits on its own process); one problem per
    print that failed (the period is still published, without it)."""
    jobs = [(make, source, target, tool) for make, source, target, tool in (
        (html_to_pdf, lay.report, lay.report_pdf, printers.browser),
        (xlsx_to_pdf, lay.workbook, lay.workbook_pdf, printers.soffice)) if tool is not None and source.is_file()]
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        outcomes = list(pool.map(lambda job: _print_one(*job), jobs))
    return [problem for problem in outcomes if problem]
