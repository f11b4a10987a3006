#!/usr/bin/env bash
# Set everything up (test tools, headless Chromium) and run the lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check hooks tests scripts
.venv/bin/python -m pytest -n 2 "$@"
