#!/usr/bin/env bash
# Writes docs/sample-report.html and its screenshot docs/sample-report.png: osva run on the
# sample bundles in a temporary root, then `osva report` for the sample organiser, rendered
# by headless Chromium. Usage: scripts/sample-report.sh [path/to/osva]
set -euo pipefail
cd "$(dirname "$0")/.."
osva=${1:-.build/release/osva}
organiser=1.2.246.10.99999984.10.0
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

for dir in Samples/*/; do
    mkdir -p "$root/Inbox/$(basename "$dir")"
    cp -p "$dir"*.zip "$root/Inbox/$(basename "$dir")/"
done
for type in 4 2; do
    "$osva" registers add --root "$root" --organiser $organiser \
        --controller 1.2.246.10.99999984.19.0 --type $type >/dev/null
done
"$osva" run --root "$root" --settle-seconds 0 --quiet >/dev/null 2>&1 || true
today=$(TZ=Europe/Helsinki date +%F)
"$osva" report --root "$root" --organiser $organiser --from "$today" --to "$today" \
    --out docs/sample-report.html
chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$root/chromium" --window-size=1000,1300 \
    --screenshot="$PWD/docs/sample-report.png" "file://$PWD/docs/sample-report.html" \
    2>/dev/null
echo "wrote docs/sample-report.html and docs/sample-report.png"
