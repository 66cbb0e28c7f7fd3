#!/usr/bin/env bash
# Fuzzes the bundle reader and the XML layer with libFuzzer; docs/fuzzing.md explains it all.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: bundle cda manifest xml (default: all)
#
# SECONDS is the time per target (default 60; 10 with FUZZ_SHORT=1, as `make test` runs it).
# Environment: FUZZ_SHORT=1 (short run, summary only), FUZZ_BUILD (scratch folder, default
# .build/fuzz), FUZZ_TIMEOUT (seconds one input may take, default 10).
# Exits 1 when a target crashed, hung, leaked or ran out of memory: the input is copied to
# Tests/Fixtures/fuzz/<target>/, where the fuzz regression tests pick it up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

short=${FUZZ_SHORT:-0}
[[ $short == 0 ]] && default_seconds=60 || default_seconds=10
seconds=${1:-$default_seconds}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
(( ${#targets[@]} > 0 )) || targets=(bundle cda manifest xml)
timeout=${FUZZ_TIMEOUT:-10}
build=${FUZZ_BUILD:-.build/fuzz}
mkdir -p "$build"
build=$(cd "$build" && pwd)
products=$build/release

say() { printf 'fuzz: %s\n' "$*"; }
fail() { say "$*" >&2; exit 2; }

# The Swift source folder, dictionary and longest input of each target.
describe() {
    case $1 in
        bundle) source=BundleReaderFuzz; dict=zip.dict; max_len=65536 ;;
        cda) source=CDAReaderFuzz; dict=xml.dict; max_len=65536 ;;
        manifest) source=ManifestReaderFuzz; dict=xml.dict; max_len=16384 ;;
        xml) source=XMLFuzz; dict=xml.dict; max_len=65536 ;;
        *) fail "unknown target '$1' (targets: bundle cda manifest xml)" ;;
    esac
}
for target in "${targets[@]}"; do describe "$target"; done

# The library modules, compiled with coverage and AddressSanitizer into their own scratch
# folder so that the ordinary build never sees the instrumentation. `-sanitize=` is given
# once: of two separate flags, swiftc keeps only the last.
build_modules() {
    local log=$build/build.log
    if ! swift build --scratch-path "$build" -c release -Xswiftc -sanitize=fuzzer,address \
        --target Intake >"$log" 2>&1; then
        cat "$log" >&2
        fail "building the instrumented modules failed"
    fi
}

# The object files of every module built in the scratch folder, from SwiftPM's source lists.
module_objects() {
    local list module source
    for list in "$products"/*.build/sources; do
        module=$(dirname "$list")
        while IFS= read -r source; do
            printf '%s\n' "$module/$(basename "$source").o"
        done <"$list"
    done
}

# Links one fuzz target against the instrumented modules, unless it is up to date.
link_target() {
    local target=$1 binary=$products/fuzz-$1
    local -a objects sources
    mapfile -t objects < <(module_objects)
    sources=(Fuzz/"$source"/*.swift Fuzz/Shared/*.swift)
    if [[ -x $binary ]] && ! find "${sources[@]}" "${objects[@]}" -newer "$binary" | grep -q .
    then
        return
    fi
    # The C modules as SwiftPM sees them: their module maps, and the include folders
    # pkg-config gives (libxml2's headers are not on the default path).
    local -a clang=()
    local map flag
    for map in Sources/C*/module.modulemap; do clang+=(-Xcc "-fmodule-map-file=$root/$map"); done
    for flag in $(pkg-config --cflags-only-I libxml-2.0 libarchive libcrypto); do
        clang+=(-Xcc "$flag")
    done
    # `Extern` lets a target call libFuzzer's C functions (`LLVMFuzzerMutate`).
    swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -use-ld=lld \
        -enable-experimental-feature Extern \
        -module-name "$source" -module-cache-path "$products/ModuleCache" \
        -I "$products/Modules" "${clang[@]}" \
        "${sources[@]}" "${objects[@]}" -lxml2 -larchive -lcrypto -o "$binary" ||
        fail "linking fuzz-$target failed"
}

# Seeds that are not files of the repository as they are: the manifests inside the sample
# bundles, and small bundles with the zip features the samples lack (stored and deflated
# entries, data descriptors, zip64, folders, junk, a link, encryption, 2 MiB of spaces).
make_seeds() {
    local seeds=$build/seeds work=$build/seeds/work
    rm -rf "$seeds"
    mkdir -p "$seeds/manifest" "$seeds/bundle" "$work/documents"
    local zip
    for zip in Samples/*/*.zip; do
        bsdtar -xOf "$zip" manifest.xml >"$seeds/manifest/$(basename "$zip" .zip).xml"
    done
    printf '<a xmlns="urn:hl7-org:v3"/>\n' >"$work/documents/a.xml"
    local sha size
    sha=$(sha256sum "$work/documents/a.xml" | cut -d' ' -f1)
    size=$(stat -c %s "$work/documents/a.xml")
    cat >"$work/manifest.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="urn:osva:bundle:1" version="1" id="fuzz-1"
          sender="1.2.246.10.99999984.10.0" created="2025-12-01T00:00:00Z">
  <entry path="documents/a.xml" kind="document" sha256="$sha" size="$size"/>
</manifest>
EOF
    mkdir -p "$work/__MACOSX/documents"
    printf 'junk' >"$work/__MACOSX/documents/._a.xml"
    printf 'junk' >"$work/.DS_Store"
    ln -s /etc/hostname "$work/link.xml"
    mkdir -p "$work/big"
    head -c 2097152 /dev/zero | tr '\0' ' ' >"$work/big/spaces.xml"
    # A fixed time keeps the seeds the same from run to run.
    find "$work" -exec touch -h -d 2025-12-01T00:00:00Z {} +
    (
        cd "$work"
        local files=(manifest.xml documents/a.xml)
        bsdtar -cf "$seeds/bundle/stored.zip" --format zip --options zip:compression=store \
            "${files[@]}"
        bsdtar -cf "$seeds/bundle/deflated.zip" --format zip "${files[@]}"
        bsdtar -cf - --format zip "${files[@]}" >"$seeds/bundle/piped.zip"
        bsdtar -cf "$seeds/bundle/zip64.zip" --format zip --options zip:zip64 "${files[@]}"
        bsdtar -cf "$seeds/bundle/junk.zip" --format zip --options zip:compression=store \
            manifest.xml documents __MACOSX .DS_Store
        bsdtar -cf "$seeds/bundle/link.zip" --format zip "${files[@]}" link.xml
        bsdtar -cf "$seeds/bundle/zipcrypto.zip" --format zip --passphrase fuzz \
            --options zip:encryption=zipcrypt "${files[@]}"
        bsdtar -cf "$seeds/bundle/aes.zip" --format zip --passphrase fuzz \
            --options zip:encryption=aes256 "${files[@]}"
        bsdtar -cf "$seeds/bundle/spaces.zip" --format zip "${files[@]}" big/spaces.xml
    )
    rm -rf "$work"
}

# The folders a target starts from: its own corpus, the real files, the regression inputs.
seed_folders() {
    local -a folders
    case $1 in
        bundle) folders=(Samples/*/ "$build/seeds/bundle") ;;
        cda) folders=(Tests/Fixtures/kanta/documents) ;;
        manifest) folders=("$build/seeds/manifest") ;;
        xml) folders=(Tests/Fixtures/kanta/documents "$build/seeds/manifest"
            Sources/Documents/Schemas) ;;
    esac
    [[ -d Tests/Fixtures/fuzz/$1 ]] && folders+=("Tests/Fixtures/fuzz/$1")
    printf '%s\n' "${folders[@]}"
}

# Runs one target; prints its summary line and keeps any failing input as a regression file.
run_target() {
    local target=$1 binary=$products/fuzz-$1
    local corpus=$build/corpus/$target artifacts=$build/artifacts/$target
    local log=$build/logs/$target.log scratch=$build/tmp/$target
    local -a seeds
    mapfile -t seeds < <(seed_folders "$target")
    rm -rf "$artifacts" "$scratch"
    mkdir -p "$corpus" "$artifacts" "$scratch" "$(dirname "$log")"
    local status=0
    # The Swift runtime's own backtracer would read the crashed process's memory under
    # AddressSanitizer and bury the report; libFuzzer prints the stack instead.
    SWIFT_BACKTRACE=enable=no TMPDIR=$scratch "$binary" -max_total_time="$seconds" \
        -timeout="$timeout" -max_len="$max_len" -dict="Fuzz/$dict" \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" "${seeds[@]}" \
        >"$log" 2>&1 || status=$?
    rm -rf "$scratch"

    local line execs rate
    line=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    printf 'fuzz: %-8s %4ss  %9s runs  %6s/s  %s\n' "$target" "$seconds" "${execs:-?}" \
        "${rate:-?}" "$(sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/\1/' <<<"$line")"
    [[ $short == 0 ]] && say "log: $log"
    if (( status == 0 )); then
        return 0
    fi

    local kept=Tests/Fixtures/fuzz/$target artifact found=0
    mkdir -p "$kept"
    for artifact in "$artifacts"/*; do
        [[ -f $artifact ]] || continue
        found=1
        cp "$artifact" "$kept/"
        say "$target failed: input kept as $kept/$(basename "$artifact")"
    done
    (( found )) || say "$target failed (exit $status) without an input; see $log"
    # The start of the report, with Swift names demangled.
    awk '/Fatal error|ERROR|deadly signal/ { shown = 1 } shown && count++ < 16' "$log" |
        swift demangle --simplified | cut -c1-160 | sed 's/^/    /'
    say "full report: $log"
    return 1
}

command -v bsdtar >/dev/null || fail "bsdtar is missing (apt package libarchive-tools)"
[[ $short == 0 ]] && say "building the instrumented modules in $build"
build_modules
for target in "${targets[@]}"; do
    describe "$target"
    link_target "$target"
done
make_seeds
failed=0
for target in "${targets[@]}"; do
    describe "$target"
    run_target "$target" || failed=1
done
exit $failed
