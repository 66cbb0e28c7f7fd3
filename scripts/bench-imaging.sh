#!/usr/bin/env bash
# Measures `osva run` on one large imaging study: throughput and peak memory.
#
# Environment:
#   BENCH_DIR      where the inbox and the run's folders go (default Bench-imaging; wiped)
#   STUDY_IMAGES   images in the study (default 21)
#   IMAGE_MB       megabytes of pixel data per image (default 100): 21 x 100 MiB > 2 GB
#   OSVA_BIN       folder holding osva and osva-bench-inbox (default .build/release)
# See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-Bench-imaging}
STUDY_IMAGES=${STUDY_IMAGES:-21}
IMAGE_MB=${IMAGE_MB:-100}
OSVA_BIN=${OSVA_BIN:-.build/release}
ORGANISER=1.2.246.10.99999984.10.0
CONTROLLER=1.2.246.10.99999984.19.0
IMAGING_PROVIDER=1.2.246.10.99999992.10.0
MEMORY_LIMIT_MB=100

for tool in /usr/bin/time dcmodify "$OSVA_BIN/osva" "$OSVA_BIN/osva-bench-inbox"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (make build)" >&2; exit 1; }
done

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
ROOT=$(cd "$BENCH_DIR" && pwd)
echo "bench: generating a study of $STUDY_IMAGES images of $IMAGE_MB MiB in $ROOT/Inbox"
"$OSVA_BIN/osva-bench-inbox" --inbox "$ROOT/Inbox" --study-images "$STUDY_IMAGES" \
    --image-mb "$IMAGE_MB"
study_bytes=$(find "$ROOT/Inbox" -name study.zip -printf '%s')
for type in 2 4; do
    "$OSVA_BIN/osva" registers add --root "$ROOT" --organiser "$ORGANISER" \
        --controller "$CONTROLLER" --type $type >/dev/null
done
"$OSVA_BIN/osva" imaging-users add --root "$ROOT" --party "$IMAGING_PROVIDER" >/dev/null
# Limits for imaging (docs/imaging.md): the study is one bundle of over 2 GB.
mb=$(( study_bytes / 1048576 + 64 ))
sync
echo "bench: osva run"
status=0
/usr/bin/time -v -o "$ROOT/osva.time" "$OSVA_BIN/osva" run --root "$ROOT" \
    --settle-seconds 0 --max-bundle-mb "$mb" --max-unpacked-mb "$mb" \
    --max-entry-mb $((IMAGE_MB + 1)) >"$ROOT/osva.out" 2>"$ROOT/osva.log" || status=$?
if [ "$status" != 0 ] || ! grep -q 'study.zip' "$ROOT/osva.out"; then
    echo "bench: osva run failed (exit $status); see $ROOT/osva.log" >&2
    tail -5 "$ROOT/osva.out" "$ROOT/osva.log" >&2
    exit 1
fi
grep -q '^AA .*study.zip accepted='"$((STUDY_IMAGES + 1))" "$ROOT/osva.out" || {
    echo "bench: the study was not stored whole:" >&2; cat "$ROOT/osva.out" >&2; exit 1; }
"$OSVA_BIN/osva" register studies --root "$ROOT"

seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]
    printf "%.2f", s }' "$ROOT/osva.time")
peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$ROOT/osva.time")
echo
echo "machine: $(nproc) cores, $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' \
    /proc/meminfo); $(date -u +%Y-%m-%dT%H:%MZ)"
awk -v b="$study_bytes" -v s="$seconds" -v m="$peak" -v i="$STUDY_IMAGES" 'BEGIN {
    printf "| study MB | images | osva s | MB/s | peak RSS MB |\n|---:|---:|---:|---:|---:|\n"
    printf "| %.0f | %d | %.2f | %.1f | %.1f |\n", b / 1048576, i, s,
        (s > 0 ? b / 1048576 / s : 0), m }'
if awk -v m="$peak" -v l="$MEMORY_LIMIT_MB" 'BEGIN { exit !(m >= l) }'; then
    echo "bench: peak memory $peak MB is over $MEMORY_LIMIT_MB MB" >&2
    exit 1
fi
rm -rf "$ROOT"
