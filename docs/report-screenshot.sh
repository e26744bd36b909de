#!/usr/bin/env bash
# Regenerates docs/report-rules.png, the picture of `mil2mil report` in the README: the
# rule-based baseline's report on the bundled articles, as headless Chromium draws it
# (Debian's `chromium`; fonts differ between machines, so the picture is not checked by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mil2mil predict --baseline rules -o rules.jsonl --no-progress
mil2mil report rules.jsonl --gold dataset -o rules-report.html
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
    --window-size=1400,1700 --screenshot=docs/report-rules.png "file://$PWD/rules-report.html" 2>/dev/null
