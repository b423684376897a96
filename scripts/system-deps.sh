#!/bin/sh
# Debian libraries the app needs (WeasyPrint's Pango and HarfBuzz) and, for the tests, Chromium and
# poppler's pdftotext. Installs what is missing when it can (root with apt-get), else prints the command.
set -u
want="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
[ "${1:-run}" = "test" ] && want="$want chromium poppler-utils"

missing=""
for pkg in $want; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these system packages:$missing" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
  echo "Missing system packages. Run:  sudo apt-get install -y$missing" >&2
  exit 0
fi
echo "Installing system packages:$missing"
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
