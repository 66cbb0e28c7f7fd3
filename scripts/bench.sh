#!/usr/bin/env bash
# Measures `osva run` on a large generated inbox against the floor (bsdtar + xmllint only).
#
# Environment:
#   BENCH_DIR      where the inbox and the run's folders go (default Bench; wiped first)
#   BENCH_BUNDLES  provider bundles (default 200)
#   BENCH_DOCS     documents per provider bundle (default 100)
#   OSVA_BIN       folder holding osva and osva-bench-inbox (default .build/release)
# See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-Bench}
BENCH_BUNDLES=${BENCH_BUNDLES:-200}
BENCH_DOCS=${BENCH_DOCS:-100}
OSVA_BIN=${OSVA_BIN:-.build/release}
ORGANISER=1.2.246.10.99999984.10.0
CONTROLLER=1.2.246.10.99999984.19.0

# GNU time gives wall time and peak memory; install it the way `make deps` installs packages.
if [ ! -x /usr/bin/time ]; then
    echo "installing: time"
    SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi
for tool in bsdtar xmllint "$OSVA_BIN/osva" "$OSVA_BIN/osva-bench-inbox"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (make build)" >&2; exit 1; }
done

# Seconds from GNU time's "Elapsed (wall clock)" line ([h:]m:ss.ss) in file $1.
elapsed() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s }' "$1"
}
# Peak resident memory in MiB from GNU time's output in file $1.
peak_mb() {
    awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"
}
# The value of field $1 in the `run:` summary line of file $2.
summary_field() {
    sed -n 's/^run: .*[ ]'"$1"'=\([0-9]*\).*/\1/p' "$2"
}

case "$(realpath -m "$BENCH_DIR")" in
    / | "$PWD" | "$HOME") echo "bench: refusing to wipe BENCH_DIR=$BENCH_DIR" >&2; exit 1 ;;
esac
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
ROOT=$(cd "$BENCH_DIR" && pwd)
echo "bench: generating $BENCH_BUNDLES bundles of $BENCH_DOCS documents in $ROOT/Inbox"
"$OSVA_BIN/osva-bench-inbox" --inbox "$ROOT/Inbox" --bundles "$BENCH_BUNDLES" \
    --docs "$BENCH_DOCS"
# osva moves the bundles it takes, so the floor works on a copy of the same files.
cp -r "$ROOT/Inbox" "$ROOT/Bundles"
bundles=$(find "$ROOT/Bundles" -name '*.zip' | wc -l)
documents=$((BENCH_BUNDLES * BENCH_DOCS))
inbox_mb=$(du -sm "$ROOT/Bundles" | cut -f1)

"$OSVA_BIN/osva" registers add --root "$ROOT" --organiser "$ORGANISER" \
    --controller "$CONTROLLER" --type 2 >/dev/null
sync
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: osva run"
status=0
/usr/bin/time -v -o "$ROOT/osva.time" "$OSVA_BIN/osva" run --root "$ROOT" --settle-seconds 0 \
    >"$ROOT/osva.out" 2>"$ROOT/osva.log" || status=$?
if [ "$status" != 0 ] || ! grep -q '^run: ' "$ROOT/osva.out"; then
    echo "bench: osva run failed (exit $status); see $ROOT/osva.log" >&2
    tail -5 "$ROOT/osva.out" "$ROOT/osva.log" >&2
    exit 1
fi
accepted=$(summary_field accepted "$ROOT/osva.out")
rejected=$(summary_field rejected "$ROOT/osva.out")
stored=$(summary_field already-stored "$ROOT/osva.out")
# Every document and the one authorisation must have an outcome.
if [ $((accepted + rejected + stored)) != $((documents + 1)) ]; then
    echo "bench: expected $((documents + 1)) items, summary says:" >&2
    grep '^run: ' "$ROOT/osva.out" >&2
    exit 1
fi

echo "bench: floor (bsdtar -xf, xmllint --noout)"
cat >"$ROOT/floor.sh" <<'EOF'
set -euo pipefail
work=$(mktemp -d "$1/floor.XXXXXX")
find "$1/Bundles" -name '*.zip' -print0 | sort -z | while IFS= read -r -d '' zip; do
    mkdir "$work/x"
    bsdtar -xf "$zip" -C "$work/x"
    find "$work/x" -name '*.xml' -exec xmllint --noout {} +
    rm -rf "$work/x"
done
rmdir "$work"
EOF
/usr/bin/time -v -o "$ROOT/floor.time" bash "$ROOT/floor.sh" "$ROOT"

osva_s=$(elapsed "$ROOT/osva.time")
floor_s=$(elapsed "$ROOT/floor.time")
osva_cpu=$(awk -F': ' '/(User|System) time/ { s += $2 } END { printf "%.2f", s }' \
    "$ROOT/osva.time")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
echo
echo "machine: $(nproc) cores, $cpu, $memory; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average before the osva run: $load"
echo "inbox: $inbox_mb MB zipped; $(grep '^run: ' "$ROOT/osva.out")"
echo "rejection reasons (count, code):"
cat "$ROOT"/Outbox/*/*.receipt.xml | grep -o 'outcome="rejected" code="[^"]*"' \
    | sed 's/.*code=//' | sort | uniq -c || true
awk -v d="$documents" -v b="$bundles" -v o="$osva_s" -v c="$osva_cpu" \
    -v m="$(peak_mb "$ROOT/osva.time")" -v f="$floor_s" 'BEGIN {
    printf "\n| documents | bundles | osva s | osva CPU s | docs/s | peak RSS MB | floor s |"
    printf " osva/floor |\n"
    printf "|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    printf "| %d | %d | %.2f | %.2f | %.0f | %.1f | %.2f | %.1f |\n", d, b, o, c,
        (o > 0 ? d / o : 0), m, f, (f > 0 ? o / f : 0)
}'
