#!/usr/bin/env bash
# Set everything up and build the site from data/ into site/ (the old site stays if anything fails).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/cwgk build "$@"
