#!/usr/bin/env bash
# Set up (or update) the project's virtual environment with the pinned dependencies.
# Usage: bash scripts/setup.sh [dev]    — "dev" adds the test tools and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
reqs=requirements.txt
[ "${1:-}" = "dev" ] && reqs=requirements-dev.txt
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
# Every setup, the plain build's too: `cwgk 张贴` (the PDF for the 公开栏) lays pages out with
# WeasyPrint, which loads Pango and HarfBuzz's subsetter from the system and needs CJK fonts.
if ! .venv/bin/python -c "import weasyprint" >/dev/null 2>&1 \
    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 \
    libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fontconfig >/dev/null
fi
if [ "${1:-}" = "dev" ] && { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
    || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null \
    || ! command -v faketime >/dev/null || [ ! -x /usr/sbin/nginx ]; }; then
  # Debian's Chromium (driven by Playwright with executable_path), CJK fonts for screenshots,
  # poppler (printed pages → text and PNG), zbar (reads the QR codes the tests print) and
  # faketime (the test command's second pass, with the clock moved) and nginx (the deployment
  # tests run the shipped deploy/nginx/cwgk.conf on a loopback port).
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
    poppler-utils zbar-tools faketime nginx >/dev/null
fi
