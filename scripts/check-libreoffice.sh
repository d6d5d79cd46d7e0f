#!/bin/sh
# Open the workbook and the template in LibreOffice (headless PDF conversion).
# `cargo test` lists this test as ignored; run it here on a machine with
# LibreOffice (apt-get install libreoffice-calc-nogui fonts-noto-cjk).
set -eu
cd "$(dirname "$0")/.."
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || {
    echo "未安装 LibreOffice（soffice）" >&2
    exit 1
}
exec cargo test --test all -- --ignored workbook_opens_in_libreoffice
