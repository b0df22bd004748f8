#!/usr/bin/env bash
# Builds and runs PoolPipe's libFuzzer targets (see fuzz/README.md).
#
#   tools/fuzz.sh                 build every target, run each for FUZZ_SECONDS
#   tools/fuzz.sh build [T...]    build only
#   tools/fuzz.sh run [T...]      run already built targets
#   tools/fuzz.sh [T...]          build and run the named targets (png jpeg npy stage)
#
# Environment: FUZZ_SECONDS (default 600 per target), FUZZ_PARALLEL (targets at a time,
# default 2), FUZZ_DIR (work folder, default .build-fuzz; ignored by git), CLANG, SWIFTC.
# Seeds: the codec fixtures, images/, fuzz/seeds/ and every kept regression. A crash, leak,
# timeout or out-of-memory input found is copied into fuzz/regressions/<target>/ (replayed by
# `make test` through FuzzRegressionTests) and the script exits 1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-2}
FUZZ_DIR=${FUZZ_DIR:-$ROOT/.build-fuzz}
SWIFT_BIN=$(dirname "$(command -v swift)")
CLANG=${CLANG:-$SWIFT_BIN/clang}
SWIFTC=${SWIFTC:-$SWIFT_BIN/swiftc}
ALL_TARGETS=(png jpeg npy stage)
FIXTURES=Tests/ImageCodecsTests/Fixtures

mode=all
case "${1:-}" in build|run|all) mode=$1; shift ;; esac
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
    case " ${ALL_TARGETS[*]} " in *" $t "*) ;; *) echo "fuzz.sh: unknown target '$t' (${ALL_TARGETS[*]})" >&2; exit 2 ;; esac
done
mkdir -p "$FUZZ_DIR"

# Linker noise from ld.gold about ASan's local symbols is harmless; keep the rest.
quiet_link() { grep -v "Cannot export local symbol" || true; }

build_c_target() {  # png | jpeg: C harness over the CCodecs public functions
    local t=$1
    "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -ISources/CCodecs/include "fuzz/harness/${t}_fuzz.c" \
        Sources/CCodecs/cc_png_read.c Sources/CCodecs/cc_jpeg_read.c \
        -lpng16 -ljpeg -lz -o "$FUZZ_DIR/${t}_fuzz" 2>&1 | quiet_link
    test -x "$FUZZ_DIR/${t}_fuzz"
}

swift_modules_built=0
build_swift_modules() {  # the library modules, instrumented, in a separate scratch path
    [ $swift_modules_built -eq 1 ] && return
    # One -sanitize= list: given as two options (SwiftPM's --sanitize twice) swiftc keeps
    # only the last, and the Swift code would get no coverage instrumentation.
    swift build --scratch-path "$FUZZ_DIR/spm" --target Pipeline \
        -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | tail -n 3
    swift_modules_built=1
}

build_swift_target() {  # npy | stage: Swift harness linked against the instrumented objects
    local t=$1 B="$FUZZ_DIR/spm/debug" src mods
    build_swift_modules
    case $t in
        npy) src=fuzz/harness/NPYFuzz.swift; mods="ImageTensor ImageCodecs CCodecs" ;;
        stage) src=fuzz/harness/StageFuzz.swift; mods="ImageTensor ImageCodecs Pooling Pipeline Yams CYaml CCodecs" ;;
    esac
    local objs=()
    for m in $mods; do while IFS= read -r o; do objs+=("$o"); done < <(find "$B/$m.build" -name '*.o' | sort); done
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -g -module-name "${t^}Fuzz" "$src" \
        -I "$B/Modules" -Xcc "-fmodule-map-file=$B/CCodecs.build/module.modulemap" \
        -Xcc "-fmodule-map-file=$FUZZ_DIR/spm/checkouts/Yams/Sources/CYaml/include/module.modulemap" \
        "${objs[@]}" -lpng16 -ljpeg -lz -o "$FUZZ_DIR/${t}_fuzz" 2>&1 | quiet_link
    test -x "$FUZZ_DIR/${t}_fuzz"
}

make_seeds() {  # fresh seed folder per run: fixtures + kept regressions
    local t=$1 dir="$FUZZ_DIR/seeds/$t"
    rm -rf "$dir"; mkdir -p "$dir"
    case $t in
        png) cp $FIXTURES/pngsuite/*.png $FIXTURES/pngsuite-invalid/*.png images/*.png "$dir/" ;;
        jpeg) cp $FIXTURES/jpeg/*.jpeg images/*.jpg "$dir/" ;;
        npy) find $FIXTURES -name '*.npy' -size -200k -exec cp {} "$dir/" \; ;;
        stage) cp fuzz/seeds/stage/* "$dir/" ;;
    esac
    if compgen -G "fuzz/regressions/$t/*" > /dev/null; then cp fuzz/regressions/$t/* "$dir/"; fi
}

run_target() {  # runs one target for FUZZ_SECONDS; prints its summary line
    local t=$1 exe="$FUZZ_DIR/${t}_fuzz"
    [ -x "$exe" ] || { echo "fuzz.sh: $exe is not built (run tools/fuzz.sh build $t)" >&2; return 2; }
    make_seeds "$t"
    rm -rf "$FUZZ_DIR/artifacts/$t"
    mkdir -p "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/artifacts/$t"
    local max_len=131072 dict=()
    [ "$t" = stage ] && max_len=512
    [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
    local log="$FUZZ_DIR/$t.log" started=$SECONDS
    # -fork style runs are avoided: one process per target, so two targets use two cores.
    "$exe" "${dict[@]}" -max_total_time="$FUZZ_SECONDS" -max_len=$max_len -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$FUZZ_DIR/artifacts/$t/" \
        "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/seeds/$t" > "$log" 2>&1 || true
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    local found=0
    for a in "$FUZZ_DIR/artifacts/$t"/*; do
        [ -f "$a" ] || continue
        found=$((found + 1))
        cp "$a" "fuzz/regressions/$t/$(basename "$a")"
    done
    echo "fuzz: $t: ${execs:-?} executions in $((SECONDS - started))s, $found finding(s) (log $log)"
    [ $found -eq 0 ]
}

if [ "$mode" != run ]; then
    for t in "${targets[@]}"; do
        echo "fuzz: building $t"
        case $t in png|jpeg) build_c_target "$t" ;; *) build_swift_target "$t" ;; esac
    done
fi
[ "$mode" = build ] && exit 0

status=0
pids=()
for t in "${targets[@]}"; do
    run_target "$t" & pids+=($!)
    if [ ${#pids[@]} -ge "$FUZZ_PARALLEL" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ $status -eq 0 ] || echo "fuzz: findings were copied into fuzz/regressions/; fix them and keep the files" >&2
exit $status
