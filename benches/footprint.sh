#!/usr/bin/env bash
# Footprint of the `dimos` binary: cold release build, binary size, start-up time (exec until
# `GET /healthz` answers 200) on SQLite and PostgreSQL, fresh and existing, and idle memory.
#
#   bash benches/footprint.sh
#
# Settings (environment):
#   FOOTPRINT_TARGET_DIR   target dir of the cold build (default /tmp/dimos-cold; emptied first)
#   FOOTPRINT_SKIP_BUILD=1 keep what is in FOOTPRINT_TARGET_DIR and only build what is missing
#                          (the build time printed is then not a cold one)
#   FOOTPRINT_POSTGRES_URL server for the PostgreSQL start-up figures (default
#                          postgres://postgres@127.0.0.1:5432/test; empty to skip). The script
#                          creates and drops its own database `dimos_footprint_<pid>`.
#   FOOTPRINT_RUNS         start-ups per case (default 5; the median is reported)
#   FOOTPRINT_FROM_HEAD=1  build the last commit (exported with `git archive HEAD` to a temp dir)
#                          instead of the working tree, which others may be editing
#
# The machine is shared: the load average is printed next to each figure.
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET_DIR=${FOOTPRINT_TARGET_DIR:-/tmp/dimos-cold}
PG_SERVER=${FOOTPRINT_POSTGRES_URL-postgres://postgres@127.0.0.1:5432/test}
RUNS=${FOOTPRINT_RUNS:-5}
WORK=$(mktemp -d /tmp/dimos-footprint.XXXXXX)
PG_DB="dimos_footprint_$$"
SERVER_PID=""

load() { cut -d' ' -f1-3 /proc/loadavg; }

cleanup() {
    if [[ -n $SERVER_PID ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n $PG_SERVER ]]; then
        psql -q "$PG_SERVER" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A sleep of about a millisecond without forking: a read that times out on an idle FIFO.
mkfifo "$WORK/idle"
exec 4<>"$WORK/idle"
nap() { read -r -t 0.001 -u 4 _ || true; }

# One `GET /healthz` over bash's /dev/tcp (no fork, so polling is fine-grained); 0 on a 200.
healthz_ok() {
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    local status=""
    IFS= read -r -t 5 status <&3 || true
    exec 3<&- 3>&-
    [[ $status == "HTTP/1.1 200"* ]]
}

free_port() {
    local port
    for port in $(seq 39100 39999); do
        if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
            echo "$port"
            return
        fi
        exec 3<&- 3>&-
    done
    echo "no free port" >&2
    exit 1
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# Starts the portal over DATABASE_URL with DATA_DIR; sets SERVER_PID, PORT and STARTUP_MS.
start_portal() {
    local database_url=$1 data_dir=$2
    PORT=$(free_port)
    local started=$EPOCHREALTIME
    DIMOS_LISTEN="127.0.0.1:$PORT" DIMOS_DATABASE_URL="$database_url" DIMOS_DATA_DIR="$data_dir" \
        DIMOS_LOG=warn "$BIN" serve 2>>"$WORK/server.log" &
    SERVER_PID=$!
    until healthz_ok "$PORT"; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "the portal exited during start-up; its log:" >&2
            cat "$WORK/server.log" >&2
            exit 1
        fi
        nap
    done
    local ready=$EPOCHREALTIME
    STARTUP_MS=$(awk -v a="$started" -v b="$ready" 'BEGIN {printf "%.1f", (b - a) * 1000}')
}

stop_portal() {
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
    SERVER_PID=""
}

median() { sort -n | awk '{v[NR] = $1} END {printf "%s (min %s, max %s)", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR]}'; }

echo "# dimos footprint — $(date -u +%FT%TZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
SOURCE=$PWD
if [[ ${FOOTPRINT_FROM_HEAD:-} == 1 ]]; then
    SOURCE="$WORK/src"
    mkdir -p "$SOURCE"
    git archive HEAD | tar -x -C "$SOURCE"
    echo "# source: commit $(git rev-parse --short HEAD) (git archive HEAD), $(rustc --version)"
else
    echo "# source: working tree at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes'), $(rustc --version)"
fi
echo

# --- A1. Cold release build -------------------------------------------------------------------
if [[ ${FOOTPRINT_SKIP_BUILD:-} != 1 ]]; then
    rm -rf "$TARGET_DIR"
    echo "cold build: CARGO_TARGET_DIR=$TARGET_DIR cargo build --release (load before: $(load))"
else
    echo "build (not cold, FOOTPRINT_SKIP_BUILD=1): CARGO_TARGET_DIR=$TARGET_DIR cargo build --release"
fi
TIMEFORMAT='%R %U %S'
{ time (cd "$SOURCE" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --locked --quiet 2>"$WORK/build.log"); } 2>"$WORK/build.time" ||
    { cat "$WORK/build.log" >&2; exit 1; }
read -r wall user sys <"$WORK/build.time"
printf '  wall %.0f s (%.1f min), CPU user+sys %.0f s, load after: %s\n' \
    "$wall" "$(awk -v w="$wall" 'BEGIN {print w / 60}')" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$(load)"
BIN="$TARGET_DIR/release/dimos"

# --- A2. Binary size ----------------------------------------------------------------------------
size=$(stat -c %s "$BIN")
printf 'binary: %s, %d bytes = %.1f MiB\n' "$BIN" "$size" "$(awk -v s="$size" 'BEGIN {print s / 1048576}')"
echo

# --- A3. Start-up time and A4. idle memory ------------------------------------------------------
PAGES=(/ /services /offices /certification /login /register)

# Runs RUNS start-ups of a case; $1 = label, $2 = a function that prints "DATABASE_URL DATA_DIR"
# for a fresh database and is also responsible for creating it.
measure_case() {
    local label=$1 fresh=$2
    local fresh_times=() existing_times=() spec url dir
    for ((i = 1; i <= RUNS; i++)); do
        spec=$($fresh "$i")
        read -r url dir <<<"$spec"
        start_portal "$url" "$dir"
        fresh_times+=("$STARTUP_MS")
        stop_portal
        start_portal "$url" "$dir"
        existing_times+=("$STARTUP_MS")
        if ((i == RUNS)); then
            local rss_start rss_after hwm
            rss_start=$(rss_kib "$SERVER_PID")
            for ((r = 0; r < 100; r++)); do
                curl -s -o /dev/null -f "http://127.0.0.1:$PORT${PAGES[r % ${#PAGES[@]}]}" ||
                    { echo "GET ${PAGES[r % ${#PAGES[@]}]} failed" >&2; exit 1; }
            done
            rss_after=$(rss_kib "$SERVER_PID")
            hwm=$(hwm_kib "$SERVER_PID")
            LAST_MEMORY="RSS after start $rss_start KiB ($(mib "$rss_start") MiB); after 100 public-page requests $rss_after KiB ($(mib "$rss_after") MiB); peak (VmHWM) $hwm KiB ($(mib "$hwm") MiB)"
        fi
        stop_portal
    done
    echo "$label (load $(load)):"
    echo "  start-up, fresh database (migrations + seeding), median of $RUNS: $(printf '%s\n' "${fresh_times[@]}" | median) ms"
    echo "  start-up, existing database, median of $RUNS: $(printf '%s\n' "${existing_times[@]}" | median) ms"
    echo "  memory (existing database): $LAST_MEMORY"
}

fresh_sqlite() {
    local dir="$WORK/sqlite-$1"
    mkdir -p "$dir"
    echo "sqlite://$dir/dimos.db $dir/data"
}

fresh_postgres() {
    psql -q "$PG_SERVER" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1
    psql -q "$PG_SERVER" -c "CREATE DATABASE $PG_DB" >/dev/null
    local dir="$WORK/pg-$1"
    mkdir -p "$dir"
    local base=${PG_SERVER%%\?*} query=""
    [[ $PG_SERVER == *\?* ]] && query="?${PG_SERVER#*\?}"
    echo "${base%/*}/$PG_DB$query $dir/data"
}

measure_case "SQLite" fresh_sqlite
if [[ -n $PG_SERVER ]]; then
    measure_case "PostgreSQL ($PG_SERVER, database $PG_DB)" fresh_postgres
fi
