#!/usr/bin/env bash
# Installs what prints the documents to PDF (spec section 10) when it is missing, on Debian/Ubuntu:
# Chromium (prints the report), LibreOffice Calc (prints the LKjIP workbook), Liberation fonts (Arial's
# metrics, the workbook's font) and poppler-utils (the print tests read the PDFs with it).
# `make report`, `make test` and .ci/run call it. Without apt-get (Windows, macOS) or without the right to
# install, it only says what is missing: `iku run` still publishes the HTML and xlsx and warns how to get
# the PDFs (README, "PDF").
set -uo pipefail

need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if command -v fc-list >/dev/null 2>&1; then
    fc-list 2>/dev/null | grep -qi "Liberation Sans" || need+=(fonts-liberation2)
fi
((${#need[@]})) || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "peringatan: belum terpasang: ${need[*]}; PDF laporan dan buku kerja tidak dibuat (lihat README, bagian PDF)" >&2
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
echo "memasang pencetak PDF: ${need[*]}"
if ! { $sudo apt-get update -qq \
       && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "peringatan: gagal memasang ${need[*]} (perlu hak sudo); PDF yang membutuhkannya tidak dibuat dan uji cetak dilewati" >&2
fi
exit 0
