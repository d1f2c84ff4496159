#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages: a PostgreSQL server (the storage tests start
# their own cluster), Chromium (the add-on's sidebar is tested in a real headless browser) and LibreOffice
# Calc (a cleaned CSV is imported the way a spreadsheet user would).
# Idempotent: does nothing when both are already there.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# LibreOffice imports a cleaned CSV as a spreadsheet would (the round-trip test of text cells).
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
# Chromium renders text only with at least one font installed.
fc-list 2>/dev/null | grep -qi . || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "Rensa's tests need these Debian packages: ${need[*]}; run as root or install them with apt-get." >&2
    exit 1
  fi
fi

echo "Installing system packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
