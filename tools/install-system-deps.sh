#!/usr/bin/env bash
# Installs what the whole test suite needs beyond Python, then checks it is all there:
#   chromium, chromium-driver  print handouts to PDF; selenium drives Chromium for axe-core
#   poppler-utils              pdfinfo, pdftotext, pdftoppm read printed handouts back
#   zbar-tools                 zbarimg reads the QR codes back
#   libpango-1.0-0, libpangoft2-1.0-0   what WeasyPrint (`-o FILE.pdf`) loads
#   fonts-liberation           the Arial-metric fonts handouts name (same page counts everywhere)
#   npm, axe-core              the accessibility rules engine, into .ci/node (git-ignored)
#   nginx-light                the load balancer of tests/test_scale_out.py (painguide serve's replicas)
# Debian and Ubuntu (apt-get); run as root or with sudo. .ci/run runs it too, so
# the README and CI never disagree. Exits non-zero, naming what is missing, if
# anything still is at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE=.ci/node/node_modules/axe-core/axe.min.js
PACKAGES=(chromium chromium-driver poppler-utils zbar-tools libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation nginx-light)

missing() {
  local gone=()
  for tool in chromium chromedriver pdfinfo pdftotext pdftoppm zbarimg nginx; do
    command -v "$tool" >/dev/null 2>&1 || gone+=("$tool")
  done
  # npm only fetches axe-core.
  [ -f "$AXE" ] || command -v npm >/dev/null 2>&1 || gone+=(npm)
  # grep without -q reads all its input: an early exit would fail the pipe (pipefail).
  ldconfig -p 2>/dev/null | grep 'libpangoft2-1.0' >/dev/null || gone+=(libpangoft2-1.0)
  fc-list 2>/dev/null | grep -i 'Liberation Sans' >/dev/null || gone+=(fonts-liberation)
  echo "${gone[@]}"
}

if [ -n "$(missing)" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: no apt-get here; install the equivalents of: ${PACKAGES[*]} npm" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  packages=("${PACKAGES[@]}")
  # Debian's npm conflicts with a nodejs that ships its own npm (NodeSource and
  # others): ask for it only when there is no npm, so one conflict cannot make
  # apt refuse the whole list.
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if [ ! -f "$AXE" ]; then
  npm install --prefix .ci/node --no-audit --no-fund --silent axe-core@4
fi

gone="$(missing)"
[ -f "$AXE" ] || gone="$gone axe-core"
if [ -n "${gone// /}" ]; then
  echo "install-system-deps: still missing:$gone" >&2
  exit 1
fi
echo "install-system-deps: chromium, chromedriver, poppler, zbar, Pango, Liberation fonts, nginx and axe-core are all here."
