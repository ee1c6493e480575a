#!/usr/bin/env bash
# Builds the fuzz targets and runs each for a bounded time on a copy of the committed corpus
# (the tree stays clean). Fails on any crash, hang or out-of-memory, printing the input in
# base64 to reproduce it (see README.md). Usage: fuzz/ci.sh [seconds per target, default 30]
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET="${1:-30}"
TARGET_DIR="${DIMOS_FUZZ_TARGET_DIR:-$PWD/target}"
# cargo fuzz passes nightly flags (-Z sanitizer options, -C passes=sancov); the stable
# toolchain takes them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# Safe Rust: no AddressSanitizer; release build with debug assertions and overflow checks, in 16
# codegen units (a cold build of the targets in 1 took ~8 min of CPU; CI time matters more than
# the few per cent of executions/s that costs).
FUZZ_FLAGS=(--sanitizer none --debug-assertions --codegen-units 16 --target-dir "$TARGET_DIR")
started=$(date +%s)
cargo fuzz build "${FUZZ_FLAGS[@]}"
echo "fuzz targets built in $(( $(date +%s) - started )) s"

bin_dir="$TARGET_DIR/x86_64-unknown-linux-gnu/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One target on a scratch copy of its corpus; its log and exit status go to $work/<target>/.
run_target() {
  local target=$1
  mkdir -p "$work/$target/corpus" "$work/$target/artifacts"
  if [ -d "corpus/$target" ]; then
    cp -R "corpus/$target/." "$work/$target/corpus/"
  fi
  local args=(
    -max_total_time="$SECONDS_PER_TARGET"
    -timeout=10
    -rss_limit_mb=2048
    -max_len=65536
    -print_final_stats=1
    -artifact_prefix="$work/$target/artifacts/"
  )
  if [ -f "dict/$target.dict" ]; then
    args+=(-dict="dict/$target.dict")
  fi
  local status=0
  "$bin_dir/$target" "${args[@]}" "$work/$target/corpus" >"$work/$target/log" 2>&1 || status=$?
  echo "$status" >"$work/$target/status"
}

# Two at a time (CI has two cores).
targets=$(cargo fuzz list)
for target in $targets; do
  run_target "$target" &
  while [ "$(jobs -rp | wc -l)" -ge "${DIMOS_FUZZ_JOBS:-2}" ]; do
    wait -n || true
  done
done
wait

failed=()
for target in $targets; do
  printf -- '--- %s: %s s\n' "$target" "$SECONDS_PER_TARGET"
  if [ "$(cat "$work/$target/status")" = 0 ]; then
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/$target/log" || true
  else
    failed+=("$target")
    tail -n 60 "$work/$target/log"
    for input in "$work/$target/artifacts"/*; do
      [ -f "$input" ] || continue
      echo "=== $target: $(basename "$input") (base64; reproduce with fuzz/README.md) ==="
      base64 -w 0 "$input"
      echo
    done
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "FUZZING FOUND PROBLEMS in: ${failed[*]}" >&2
  exit 1
fi
echo "every fuzz target ran ${SECONDS_PER_TARGET} s without a problem"
