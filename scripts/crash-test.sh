#!/usr/bin/env bash
# Crash test (hostile-inputs P4, S2, S3; issue 4): runs `osva run` on a large inbox, kills it
# with SIGKILL at random moments, restarts it, and finally checks that every bundle has
# exactly one receipt and one archived copy, that the register holds exactly the documents
# (and the grant database exactly the authorisations) the receipts call accepted, and that no
# file is orphaned. After every kill it also checks that each receipt already on disk has its
# committed ledger row and that no register row points at a missing file.
#
# osva runs under `env -i` (an empty environment, as cron gives), with --max-attempts 100 so
# that kills do not quarantine bundles. While the first run holds the lock, a second run must
# exit at once with code 4 (P3). See docs/hostile-inputs.md.
#
# Environment:
#   CRASH_KILLS    kills to survive (default 20, the short form `make test` runs;
#                  `make crash-test` runs 200)
#   CRASH_BUNDLES  provider bundles in the inbox (default 5 per kill, at least 60)
#   CRASH_DOCS     documents per provider bundle (default 8)
#   CRASH_MAX_MS   longest time a run lives before its kill, in ms (default 800)
#   CRASH_SEED     seed for the kill times (default: random; printed, so a run can be repeated)
#   CRASH_DIR      where the run's folders go (default: a new folder in /tmp, removed after
#                  a pass, kept after a failure)
#   OSVA_BIN       folder holding osva and osva-bench-inbox (default: built by `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS=${CRASH_KILLS:-20}
BUNDLES=${CRASH_BUNDLES:-$(( KILLS * 5 > 60 ? KILLS * 5 : 60 ))}
DOCS=${CRASH_DOCS:-8}
MAX_MS=${CRASH_MAX_MS:-800}
SEED=${CRASH_SEED:-$(( $(date +%s) % 100000 ))}
ORGANISER=1.2.246.10.99999984.10.0
CONTROLLER=1.2.246.10.99999984.19.0
RANDOM=$SEED

for tool in sqlite3 xmllint sha256sum; do
    command -v "$tool" >/dev/null || { echo "crash-test: $tool not found (make deps)" >&2; exit 1; }
done
if [ -z "${OSVA_BIN:-}" ]; then
    swift build --product osva >/dev/null
    swift build --product osva-bench-inbox >/dev/null
    OSVA_BIN=$(swift build --show-bin-path)
fi
OSVA=$(cd "$OSVA_BIN" && pwd)/osva
for tool in "$OSVA" "$OSVA_BIN/osva-bench-inbox"; do
    [ -x "$tool" ] || { echo "crash-test: $tool not found (swift build)" >&2; exit 1; }
done

if [ -n "${CRASH_DIR:-}" ]; then
    rm -rf "$CRASH_DIR"
    mkdir -p "$CRASH_DIR"
    ROOT=$(cd "$CRASH_DIR" && pwd)
else
    ROOT=$(mktemp -d /tmp/osva-crash.XXXXXX)
fi
POOL=$ROOT/Pool          # every bundle dropped, by sender, under the name it was dropped as
DROPPED=$ROOT/dropped    # one line per bundle dropped: sender/name
LOG=$ROOT/osva.log
DB=$ROOT/state/osva.sqlite

fail() {
    echo "crash-test: FAILED: $*" >&2
    echo "crash-test: seed $SEED; folders kept in $ROOT; osva's log in $LOG" >&2
    exit 1
}

# Copies bundle $1 into the inbox as $2/$3 the way an upload ends: a hidden temporary name,
# then a rename, so osva never sees half a file.
drop() {
    mkdir -p "$ROOT/Inbox/$2" "$POOL/$2"
    [ -e "$POOL/$2/$3" ] || cp "$1" "$POOL/$2/$3"
    cp "$1" "$ROOT/Inbox/$2/.$3.upload"
    mv "$ROOT/Inbox/$2/.$3.upload" "$ROOT/Inbox/$2/$3"
    echo "$2/$3" >>"$DROPPED"
}

# One run of osva, as cron starts it; prints its pid.
start_run() {
    env -i "$OSVA" run --root "$ROOT" --settle-seconds 0 --max-attempts 100 \
        --log-level warning --quiet >>"$LOG" 2>&1 &
    echo $!
}

sql() { sqlite3 -readonly -batch -noheader "$DB" "$1"; }

# Receipts (XML) on disk, as the claims they answer: <sender>/<claim without .zip>.
receipt_claims() {
    (cd "$ROOT/Outbox" && find . -name '*.receipt.xml' | sed 's|^\./||; s|\.receipt\.xml$||') |
        sort
}

# The checks that must hold at every moment, even right after a kill.
check_after_kill() {
    local ledger
    ledger=$(sql "SELECT claim FROM bundles" | sed 's|\.zip$||' | sort)
    local unanswered
    unanswered=$(comm -23 <(receipt_claims) <(echo "$ledger"))
    [ -z "$unanswered" ] || fail "receipt without a committed ledger row: $unanswered"
    local missing
    missing=$(comm -23 <(stored_hashes) <(store_files))
    [ -z "$missing" ] || fail "a row points at a missing store file: $missing"
}

stored_hashes() {
    sql "SELECT sha256 FROM documents UNION SELECT sha256 FROM authorisation_versions" | sort -u
}

store_files() {
    find "$ROOT/state/store" -type f -printf '%f\n' | sort
}

echo "crash-test: $KILLS kills, $BUNDLES bundles of $DOCS documents, seed $SEED, in $ROOT"
mkdir -p "$ROOT/Generated"
"$OSVA_BIN/osva-bench-inbox" --inbox "$ROOT/Generated" --bundles "$BUNDLES" --docs "$DOCS" \
    >/dev/null
"$OSVA" registers add --root "$ROOT" --organiser "$ORGANISER" --controller "$CONTROLLER" \
    --type 2 >/dev/null
: >"$DROPPED"
for path in "$ROOT"/Generated/*/*.zip; do
    drop "$path" "$(basename "$(dirname "$path")")" "$(basename "$path")"
done
# Broken bundles end with exactly one receipt too: one cut short, one not a zip at all.
provider=$(basename "$(dirname "$(ls "$ROOT"/Generated/*/bench-00001.zip)")")
head -c 20000 "$ROOT/Generated/$provider/bench-00001.zip" >"$ROOT/cut.zip"
drop "$ROOT/cut.zip" "$provider" cut.zip
echo "not a zip" >"$ROOT/text.zip"
drop "$ROOT/text.zip" "$provider" text.zip

kills=0
mid_bundle=0
finished_early=0
wave=0
overlap_checked=no
while [ "$kills" -lt "$KILLS" ]; do
    # Keep work in the inbox: when it runs low, drop 20 of the generated bundles again under
    # new names (duplicated bundles: their documents are already stored).
    if [ "$(find "$ROOT/Inbox" -name '*.zip' | wc -l)" -lt 5 ]; then
        wave=$((wave + 1))
        for path in $(find "$ROOT/Generated" -name 'bench-0*.zip' | sort | head -20); do
            drop "$path" "$(basename "$(dirname "$path")")" "w$wave-$(basename "$path")"
        done
    fi
    pid=$(start_run)
    if [ "$overlap_checked" = no ]; then
        # P3: while this run works, a second one must give up at once with code 4.
        sleep 0.5
        if kill -0 "$pid" 2>/dev/null; then
            second=0
            SECONDS=0
            env -i "$OSVA" run --root "$ROOT" --settle-seconds 0 >"$ROOT/second.out" 2>&1 ||
                second=$?
            [ "$second" = 4 ] ||
                fail "a second run exited $second, not 4: $(cat "$ROOT/second.out")"
            [ "$SECONDS" -le 3 ] || fail "the second run took $SECONDS s to give up"
            overlap_checked=yes
        fi
    fi
    delay=$((RANDOM % MAX_MS))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null || true
        kills=$((kills + 1))
        if [ -n "$(find "$ROOT/Claimed" -type f -name '*.zip' | head -1)" ]; then
            mid_bundle=$((mid_bundle + 1))
        fi
        check_after_kill
    else
        status=0
        wait "$pid" || status=$?
        [ "$status" = 0 ] || fail "a run that was not killed exited $status"
        finished_early=$((finished_early + 1))
    fi
done

# The last run is left to finish; one more finds nothing to do.
status=0
"$OSVA" run --root "$ROOT" --settle-seconds 0 --max-attempts 100 --quiet >>"$LOG" 2>&1 ||
    status=$?
[ "$status" = 0 ] || fail "the final run exited $status"
status=0
"$OSVA" run --root "$ROOT" --settle-seconds 0 --quiet >"$ROOT/idle.out" 2>>"$LOG" ||
    status=$?
[ "$status" = 0 ] || fail "the idle run exited $status"
grep -q '^run: bundles=0 ' "$ROOT/idle.out" ||
    fail "the idle run found work: $(cat "$ROOT/idle.out")"

# Every bundle dropped: gone from the inbox, one receipt, one archived copy equal to it.
[ -z "$(find "$ROOT/Inbox" -type f)" ] || fail "left in the inbox: $(find "$ROOT/Inbox" -type f)"
leftover=$(find "$ROOT/Claimed" -mindepth 2; find "$ROOT/state/staging" -mindepth 1)
[ -z "$leftover" ] || fail "left claimed or staged: $leftover"
quarantined=$(find "$ROOT/Quarantine" -type f)
[ -z "$quarantined" ] || fail "quarantined: $quarantined"
temporary=$(find "$ROOT" -path "$POOL" -prune -o -name '.tmp-*' -print)
[ -z "$temporary" ] || fail "orphaned temporary files: $temporary"
dropped=$(wc -l <"$DROPPED")
while read -r bundle; do
    sender=${bundle%%/*}
    name=${bundle#*/}
    receipts=$(find "$ROOT/Outbox/$sender" -name "*--${name%.zip}.receipt.xml" | wc -l)
    [ "$receipts" = 1 ] || fail "$bundle has $receipts receipts"
    archived=$(find "$ROOT/Archive/$sender" -name "*--$name")
    [ "$(echo "$archived" | wc -l)" = 1 ] && [ -n "$archived" ] ||
        fail "$bundle is archived $(echo "$archived" | grep -c .) times"
    cmp -s "$archived" "$POOL/$bundle" || fail "$bundle was archived changed"
done <"$DROPPED"
receipts=$(receipt_claims | wc -l)
[ "$receipts" = "$dropped" ] || fail "$receipts receipts for $dropped bundles"
[ "$(sql 'SELECT count(*) FROM bundles')" = "$dropped" ] || fail "ledger rows differ from bundles"
[ "$(sql 'SELECT count(*) FROM attempts')" = 0 ] || fail "attempt counts left behind"

# The register holds exactly what the receipts call accepted, each accepted once.
accepted() {
    find "$ROOT/Outbox" -name '*.receipt.xml' -print0 | while IFS= read -r -d '' receipt; do
        xmllint --xpath "//*[local-name()='item'][@kind='$1'][@outcome='accepted']/@documentId" \
            "$receipt" 2>/dev/null || true
    done | grep -o 'documentId="[^"]*"' | sed 's/^documentId="//; s/"$//' | sort || true
}
accepted document >"$ROOT/accepted-documents"
accepted authorisation >"$ROOT/accepted-authorisations"
[ -z "$(uniq -d "$ROOT/accepted-documents")" ] || fail "a document accepted twice"
cmp -s "$ROOT/accepted-documents" <(sql "SELECT document_id FROM documents" | sort) ||
    fail "register and receipts differ: $(diff "$ROOT/accepted-documents" \
        <(sql "SELECT document_id FROM documents" | sort) | head -5)"
cmp -s "$ROOT/accepted-authorisations" \
    <(sql "SELECT document_id FROM authorisation_versions" | sort) ||
    fail "grant database and receipts differ"
documents=$(wc -l <"$ROOT/accepted-documents")
[ "$documents" -gt 0 ] || fail "nothing was stored"

# No file is orphaned: the store holds exactly the referenced files, each intact.
cmp -s <(stored_hashes) <(store_files) || fail "store files differ from rows: $(diff \
    <(stored_hashes) <(store_files) | head -5)"
find "$ROOT/state/store" -type f -print0 | while IFS= read -r -d '' file; do
    [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$(basename "$file")" ] ||
        fail "store file damaged: $file"
done
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "database integrity check"
[ -z "$(sql 'PRAGMA foreign_key_check')" ] || fail "foreign key check"

echo "crash-test: survived $kills kills ($mid_bundle with a bundle claimed, $finished_early" \
    "runs finished before their kill); $dropped bundles, each with one receipt;" \
    "$documents documents in the register, as the receipts say"
[ -n "${CRASH_DIR:-}" ] || rm -rf "$ROOT"
