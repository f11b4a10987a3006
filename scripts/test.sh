#!/usr/bin/env bash
# Set everything up (test tools, headless Chromium, faketime) and run the lint and every test —
# twice: once as the machine's clock says, and once with the clock of the whole process tree
# (pytest, cwgk, git, Chromium) moved more than a year ahead, to a weekend night. Tests pin the
# build day and the browser's clock themselves (tests/pinned_clock.py); the second pass makes any
# test or code that still reads the real date fail the day it is written, not weeks later.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
.venv/bin/ruff check hooks tests scripts
.venv/bin/python -m pytest -n 2 --dist worksteal "$@"

# A Saturday at least 400 days ahead, 20:30 on this machine (UTC on CI): already Sunday in
# Beijing, in a year the holiday calendar does not know yet.
moved=$(.venv/bin/python -c 'from datetime import date, timedelta
day = date.today() + timedelta(days=400)
print(day + timedelta(days=(5 - day.weekday()) % 7), "20:30:00")')
echo "Second pass with the clock moved to $moved (faketime):"
# (A server a test starts keeps the real monotonic clock: see server_env in tests/pinned_clock.py.)
# Tests marked `layout` (geometry, contrast, print of a site built on the pinned day; a third of
# the browser time) and `one_clock` (two builds compared under one pinned clock: incremental
# against full) are not repeated: everything that computes or shows a date is.
faketime "$moved" .venv/bin/python -m pytest -n 2 --dist worksteal -m "not layout and not one_clock" "$@"
