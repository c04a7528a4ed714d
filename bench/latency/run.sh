#!/usr/bin/env bash
# Search latency at fixed arrival rates (open loop, Gatling) below the maximum that wrk measures in
# the same run; the same rate while members log in (isolation from bcrypt); and throughput with 1,
# 2 and 4 HTTP and post verticle instances. See bench/README.md.
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
# shellcheck source=../lib/report.sh
source bench/lib/report.sh
# shellcheck source=../lib/search-data.sh
source bench/lib/search-data.sh
LOG_TAG=latency-bench

# --- knobs (see bench/README.md; the data's and the mix's are in bench/lib/search-data.sh) -------
: "${BENCH_RATE_SHARES=30 50 70}" "${BENCH_RATE_SECONDS:=60}" "${BENCH_RATE_WARMUP:=40}"
# 40 s: a fresh server's JIT compiles for about 30 s of load (bench/README.md, "Warm-up").
: "${BENCH_MAX_SECONDS:=20}" "${BENCH_MAX_CONNECTIONS:=64}" "${BENCH_WARMUP:=40}" "${BENCH_MAX_RPS:=}"
# The rates are shares of the maximum Gatling reaches closed-loop (its CPU shares the box with the
# server's); wrk's, cheaper a request, is measured and printed beside it, or used with BENCH_MAX_TOOL=wrk.
: "${BENCH_MAX_TOOL:=gatling}" "${BENCH_MAX_GATLING_WARMUP:=20}"
: "${BENCH_ISOLATION_SHARE=50}" "${BENCH_LOGIN_CONNECTIONS:=32}" "${BENCH_LOGIN_MEMBERS:=2000}" "${BENCH_LOGIN_RETRY_AFTER:=honour}"
: "${BENCH_INSTANCES=1 2 4}" "${BENCH_INSTANCES_SECONDS:=20}"
: "${BENCH_WRK_THREADS:=2}" "${BENCH_WRK_TIMEOUT:=30s}" "${BENCH_REST_SECONDS:=10}"
: "${BENCH_PORT:=18070}" "${BENCH_READY_TIMEOUT:=90}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=off}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_latency_bench}"
: "${FREETY_DB_POOL_SIZE:=16}" "${FREETY_VERTICLES_HTTP_INSTANCES:=2}" "${FREETY_VERTICLES_POST_INSTANCES:=2}"
: "${FREETY_AUTH_BCRYPT_COST:=10}" "${FREETY_AUTH_BCRYPT_THREADS:=1}"
export FREETY_DB_POOL_SIZE FREETY_VERTICLES_HTTP_INSTANCES FREETY_VERTICLES_POST_INSTANCES
export FREETY_AUTH_BCRYPT_COST FREETY_AUTH_BCRYPT_THREADS BENCH_PASSWORD=bench-password-1
[[ $BENCH_MAX_TOOL == gatling || $BENCH_MAX_TOOL == wrk ]] \
  || die "BENCH_MAX_TOOL must be gatling or wrk, not '$BENCH_MAX_TOOL'"
if [[ -n $BENCH_MAX_RPS ]]; then
  [[ $BENCH_MAX_RPS =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v r="$BENCH_MAX_RPS" 'BEGIN { exit !(r > 0) }' \
    || die "BENCH_MAX_RPS must be a number of requests a second above 0, not '$BENCH_MAX_RPS'"
fi

# Issue 14: p99 at 30 % and 70 % of the maximum; search p99 with logins against without.
declare -A TARGET_P99_MS=([30]=20 [70]=50)
TARGET_ISOLATION_RATIO=2

GATLING_POM=bench/gatling/pom.xml
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/latency-$STAMP.txt
REPORTS_DIR=$RESULTS_DIR/latency-$STAMP
DETAIL_LOG=$RESULTS_DIR/latency-$STAMP.runs.txt
SERVER_LOG=$RESULTS_DIR/latency-$STAMP.server.log
MIX_FILE=$RESULTS_DIR/latency-$STAMP.mix.tsv
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-latency-bench.XXXXXX")
BASE_URL=
TOKEN=
LOAD_PID=
LOGIN_PID=
SCRAPE_PID=
LATENESS_PID=
LATENCY_DIR=bench/latency
METRICS_URL=
BUSY_BEFORE=
MAX_RPS=
# RESULT[<run>]: "key=value …" — wrk's BENCH line, or what run_gatling read from Gatling's report.
declare -A RESULT=()
KINDS=()

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  [[ -z $LOAD_PID ]] || kill "$LOAD_PID" 2>/dev/null || true
  [[ -z $LOGIN_PID ]] || kill "$LOGIN_PID" 2>/dev/null || true
  [[ -z $SCRAPE_PID ]] || kill "$SCRAPE_PID" 2>/dev/null || true
  [[ -z $LATENESS_PID ]] || kill "$LATENESS_PID" 2>/dev/null || true
  stop_server
  rm -rf "$TMP_DIR"
}


# --- server ------------------------------------------------------------------------------------

# Development mode, as in the search benchmark: its fixed JWT secret keeps the token and the mix's
# cursors valid across the restarts of the instances runs. No S3: searches never touch it.
start_server() {
  export FREETY_MODE=development
  start_bench_server ready_database
  METRICS_URL=http://127.0.0.1:$FREETY_METRICS_PORT
}

require_server_alive() { require_alive "$SERVER_PID" "$SERVER_LOG"; }

# --- load: wrk (closed loop) ---------------------------------------------------------------------

# wrk_mix <name> <connections> <seconds>: the search mix (bench/search/mix.lua); its BENCH line and
# cpu_split's figures for the run's inner seconds (wrk is gone at its end) go to RESULT[<name>], its
# whole output to the detail log.
wrk_mix() {
  local name=$1 connections=$2 seconds=$3 output=$TMP_DIR/wrk.out sampler
  require_server_alive
  log "$name: wrk, ${seconds}s at $connections connections"
  rm -f "$TMP_DIR"/wrk-*.cpu
  if ((seconds >= 6)); then
    { sleep 2; cpu_ticks '^wrk ' >"$TMP_DIR/wrk-before.cpu"
      sleep $((seconds - 4)); cpu_ticks '^wrk ' >"$TMP_DIR/wrk-after.cpu"; } &
    sampler=$!
  fi
  MIX_FILE=$MIX_FILE TOKEN=$TOKEN run_load wrk -t"$BENCH_WRK_THREADS" -c"$connections" -d"${seconds}s" \
    --timeout "$BENCH_WRK_TIMEOUT" --latency -s "$SEARCH_DIR/mix.lua" "$BASE_URL" >"$output" 2>&1 \
    || log "wrk failed for $name"
  detail "$name (wrk -t$BENCH_WRK_THREADS -c$connections -d${seconds}s)" "$output"
  RESULT[$name]=$(grep '^BENCH ' "$output" || true)
  if [[ -n ${sampler:-} ]]; then
    wait "$sampler" 2>/dev/null || true
    [[ ! -s $TMP_DIR/wrk-after.cpu ]] \
      || RESULT[$name]+=" $(cpu_split "$TMP_DIR/wrk-before.cpu" "$TMP_DIR/wrk-after.cpu" "$(field "$name" rps)")"
  fi
  wait_database_idle
}

# The mix's maximum: closed loop at BENCH_MAX_CONNECTIONS after a warm-up, in this run, on this jar,
# by wrk and then (BENCH_MAX_TOOL=gatling) by Gatling, whose figure the rates are shares of; or
# BENCH_MAX_RPS as given (after the warm-up all the same), so that two jars run the same rates.
measure_maximum() {
  ((BENCH_WARMUP == 0)) || wrk_mix warm-up 16 "$BENCH_WARMUP"
  if [[ -n $BENCH_MAX_RPS ]]; then
    MAX_RPS=$BENCH_MAX_RPS
    return
  fi
  wrk_mix maximum "$BENCH_MAX_CONNECTIONS" "$BENCH_MAX_SECONDS"
  MAX_RPS=$(field maximum rps)
  if [[ $BENCH_MAX_TOOL == gatling ]]; then
    GATLING_SECONDS=$BENCH_MAX_SECONDS GATLING_WARMUP=$BENCH_MAX_GATLING_WARMUP \
      run_gatling maximum-gatling closed "$BENCH_MAX_CONNECTIONS"
    MAX_RPS=$(field maximum-gatling rps)
  fi
  [[ $MAX_RPS != - ]] && awk -v r="$MAX_RPS" 'BEGIN { exit !(r > 0) }' || die "$BENCH_MAX_TOOL measured no maximum"
}

# --- load: Gatling (open loop) -------------------------------------------------------------------

# rate_of <share %>: that share of the maximum, in requests per second.
rate_of() { awk -v m="$MAX_RPS" -v s="$1" 'BEGIN { printf "%.1f", m * s / 100 }'; }

# run_gatling <name> <rate> | run_gatling <name> closed <users>: the simulation at <rate> arrivals a
# second, or closed-loop with <users> requests in flight; an unreported warm-up (GATLING_WARMUP,
# BENCH_RATE_WARMUP unless set) and then the measured phase (GATLING_SECONDS, BENCH_RATE_SECONDS);
# copies the HTML report to $REPORTS_DIR/<name>/ and stores the measured phase's figures in
# RESULT[<name>], its p99 per kind in RESULT[<name> kind <kind>].
run_gatling() {
  local name=$1 rate=$2 results=$TMP_DIR/gatling-$1 output=$TMP_DIR/gatling.out report scrapes=$TMP_DIR/scrapes-$1
  local seconds=${GATLING_SECONDS:-$BENCH_RATE_SECONDS} warmup=${GATLING_WARMUP:-$BENCH_RATE_WARMUP} load
  if [[ $rate == closed ]]; then
    load="-Dusers=$3"
    log "$name: Gatling, closed loop at $3 in flight for ${seconds}s after ${warmup}s of warm-up"
  else
    load="-Drate=$rate"
    log "$name: Gatling, $rate req/s for ${seconds}s after ${warmup}s of warm-up"
  fi
  require_server_alive
  mkdir -p "$scrapes"
  scrape_metrics "$scrapes" &
  SCRAPE_PID=$!
  record_lateness "$scrapes/lateness.log"
  run_load mvn -B -f "$GATLING_POM" gatling:test -Dgatling.resultsFolder="$results" \
    -DbaseUrl="$BASE_URL" -Dtoken="$TOKEN" -DmixFile="$PWD/$MIX_FILE" "$load" \
    -Dseconds="$seconds" -DwarmupSeconds="$warmup" >"$output" 2>&1 \
    || log "WARNING: Gatling failed for $name (see $DETAIL_LOG)"
  kill "$SCRAPE_PID" 2>/dev/null || true
  wait "$SCRAPE_PID" 2>/dev/null || true
  SCRAPE_PID=
  stop_lateness
  detail "$name (Gatling, $load, ${warmup}s warm-up + ${seconds}s)" "$output"
  RESULT[$name]="target=$rate"
  [[ $rate != closed ]] || RESULT[$name]="target=-"
  report=$(find "$results" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -1)
  if [[ -z $report || ! -f $report/index.html ]]; then
    log "WARNING: Gatling wrote no report for $name"
    wait_database_idle
    return
  fi
  mkdir -p "$REPORTS_DIR/$name"
  cp -r "$report"/. "$REPORTS_DIR/$name/"
  local path total ko p50 p99 p999
  while read -r path total ko p50 p99 p999; do
    case $path in
      measured)
        RESULT[$name]+=" rps=$(awk -v n="$total" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')"
        RESULT[$name]+=" p50_ms=$p50 p99_ms=$p99 p999_ms=$p999 requests=$total ko=$ko" ;;
      measured/*) RESULT["$name kind ${path#measured/}"]="p99_ms=$p99" ;;
    esac
  done < <(report_rows "$report/index.html")
  RESULT["$name server"]=$(server_view "$scrapes" "$report" "$(field "$name" rps)")
  wait_database_idle
}

# scrape_metrics <dir>: the server's Prometheus page once a second, each in a file named by the
# second it was taken, and beside it the CPU ticks so far (cpu_ticks), until killed.
scrape_metrics() {
  mkdir -p "$1"
  local second
  while true; do
    second=$(date +%s)
    cpu_ticks >"$1/$second.cpu"
    curl -s --max-time 1 -o "$1/$second.prom" "$METRICS_URL/metrics" || true
    sleep 1
  done
}

# --- the box's own lateness (bench/latency/Lateness.java) ------------------------------------------

compile_lateness() { javac -d "$TMP_DIR/lateness" "$LATENCY_DIR/Lateness.java"; }

# record_lateness <log>: a process of its own that asks to wake every millisecond and logs how late
# the box woke it, a line a second, until stop_lateness.
record_lateness() {
  java -Xmx32m -XX:+UseSerialGC -cp "$TMP_DIR/lateness" Lateness record "$1" &
  LATENESS_PID=$!
}

stop_lateness() {
  [[ -n $LATENESS_PID ]] || return 0
  kill "$LATENESS_PID" 2>/dev/null || true
  wait "$LATENESS_PID" 2>/dev/null || true
  LATENESS_PID=
}

# lateness_between <log> <first second> <last second>: "late_p50_ms=… late_p99_ms=… late_p999_ms=…
# late_max_ms=… late_samples=…" over those seconds; empty without samples.
lateness_between() { java -cp "$TMP_DIR/lateness" Lateness summary "$@" 2>>"$DETAIL_LOG" || true; }

# The box at rest, the server idle: BENCH_REST_SECONDS of the meter alone, the lateness's baseline.
measure_rest_lateness() {
  local log=$TMP_DIR/lateness-rest.log start
  ((BENCH_REST_SECONDS > 0)) || return 0
  log "the box at rest: ${BENCH_REST_SECONDS}s of the lateness meter alone"
  start=$(date +%s)
  record_lateness "$log"
  sleep "$BENCH_REST_SECONDS"
  stop_lateness
  RESULT[rest]=$(lateness_between "$log" "$((start + 1))" "$((start + BENCH_REST_SECONDS))")
}

# cpu_ticks [load pattern]: "<total> <idle> <server> <database> <load>" clock ticks so far: the
# machine's, then the server JVM's, MariaDB's, and the load generator's: every process whose command
# line matches the pattern (gatling: the Maven JVM and the Gatling JVM it forks; '^wrk ' for wrk).
cpu_ticks() {
  # shellcheck disable=SC2046 # one pid per word
  echo "$(cpu_total_idle) $(pid_ticks "$SERVER_PID") $(pid_ticks $(pidof mariadbd mysqld))" \
    "$(pid_ticks $(pgrep -f "${1:-gatling}"))"
}

# cpu_split <before.cpu> <after.cpu> <req/s>: where the box's CPU went between the two snapshots,
# 100 % being one core, and each process's CPU per answer: "cpu_server=…% cpu_db=…% cpu_load=…%
# cpu_other=…% cpu_idle=…% us_server=… us_db=… us_load=…".
cpu_split() {
  awk -v cores="$(nproc)" -v rps="$3" -v b="$(cat "$1")" -v a="$(cat "$2")" 'BEGIN {
    split(b, x); split(a, y); total = y[1] - x[1]
    if (total <= 0) exit
    scale = 100 * cores / total
    idle = (y[2] - x[2]) * scale; server = (y[3] - x[3]) * scale; db = (y[4] - x[4]) * scale
    load = (y[5] - x[5]) * scale; other = 100 * cores - idle - server - db - load
    if (other < 0) other = 0
    # % of a core ÷ answers a second = µs of CPU an answer: 1 % of a core is 10,000 µs a second.
    printf "cpu_server=%.0f%% cpu_db=%.0f%% cpu_load=%.0f%% cpu_other=%.0f%% cpu_idle=%.0f%%", server, db, load, other, idle
    if (rps + 0 > 0) printf " us_server=%.0f us_db=%.0f us_load=%.0f", server * 1e4 / rps, db * 1e4 / rps, load * 1e4 / rps
  }'
}

# server_view <scrapes dir> <report dir> <req/s>: bench/latency/ServerView.java's line for the
# measured phase, from the last scrape before it began to the first after it ended (the phase's
# seconds are read from the report's chart of the measured group), then cpu_split's figures over the
# same seconds; empty when the scrapes do not cover it.
server_view() {
  local scrapes=$1 report=$2 window first last before= after= file second
  window=$(awk '/Group Duration Percentiles over Time/ { found = 1 }
    found && /data: \[\[/ {
      s = $0; first = ""
      while (match(s, /\[[0-9]+, [0-9]+\]/)) {
        split(substr(s, RSTART + 1, RLENGTH - 2), pair, ", ")
        if (first == "") first = pair[1]
        last = pair[1]; s = substr(s, RSTART + RLENGTH)
      }
      if (first != "") print int(first / 1000), int(last / 1000) + 1
      exit
    }' "$report"/group_measured*.html 2>/dev/null)
  read -r first last <<<"$window"
  [[ -n ${first:-} && -n ${last:-} ]] || return 0
  for file in "$scrapes"/*.prom; do
    [[ -s $file ]] || continue
    second=$(basename "$file" .prom)
    ((second > first)) || before=$file
    [[ -n $after ]] || ((second < last)) || after=$file
  done
  [[ -n $before && -n $after ]] || return 0
  local view cpu=
  view=$(java "$LATENCY_DIR/ServerView.java" "$before" "$after" 2>>"$DETAIL_LOG" | grep '^SERVER ' || true)
  if [[ -s ${before%.prom}.cpu && -s ${after%.prom}.cpu ]]; then
    cpu=$(cpu_split "${before%.prom}.cpu" "${after%.prom}.cpu" "$3")
  fi
  local late
  late=$(lateness_between "$scrapes/lateness.log" "$first" "$last")
  [[ -z $view && -z $cpu && -z $late ]] || echo "$view $cpu $late"
}

# report_rows <index.html>: one line per row of the report's statistics table, "<group>[/<request>]
# total KO p50 p99 p99.9" (ms). Gatling 3.14 writes its figures only into the HTML (simulation.log
# is binary), so this reads the table, finding the columns by their headers; gatling.conf makes
# 50, 99 and 99.9 three of its four percentiles.
report_rows() {
  awk '
    function flush(  path) {
      if (row != "" && (col["Total"] in val)) {
        path = (parent in name ? name[parent] "/" : "") name[row]
        print path, val[col["Total"]], val[col["KO"]], val[col["50th pct"]], val[col["99th pct"]], val[col["99.9th pct"]]
      }
      row = ""
      split("", val)
    }
    match($0, /<th id="col-[0-9]+"/) {
      id = substr($0, RSTART + 8, RLENGTH - 9)
      if (match($0, /<span>[^<]*<\/span><\/th>/)) col[substr($0, RSTART + 6, RLENGTH - 18)] = id
    }
    /<\/tr>/ { flush() }
    match($0, /<tr id="[^"]*" data-parent="[^"]*"/) {
      split(substr($0, RSTART, RLENGTH), part, "\"")
      row = part[2]; parent = part[4]
    }
    row != "" && match($0, /class="ellipsed-name">[^<]*</) { name[row] = substr($0, RSTART + 22, RLENGTH - 23) }
    row != "" && match($0, /<td class="value [a-z]+ col-[0-9]+">[^<]*</) {
      cell = substr($0, RSTART, RLENGTH)
      match(cell, /col-[0-9]+/); c = substr(cell, RSTART, RLENGTH)
      match(cell, />[^<]*</); v = substr(cell, RSTART + 1, RLENGTH - 2); gsub(",", "", v)
      val[c] = v
    }' "$1"
}

run_rates() {
  local share
  for share in $BENCH_RATE_SHARES; do run_gatling "rate-$share" "$(rate_of "$share")"; done
}

# --- isolation: search while members log in ------------------------------------------------------

seed_login_members() {
  log "seeding $BENCH_LOGIN_MEMBERS members who log in with one password"
  seed_members_sharing_one_hash "$BENCH_LOGIN_MEMBERS"
  ((HASH_COST == FREETY_AUTH_BCRYPT_COST)) \
    || log "WARNING: the server hashed at cost $HASH_COST, not FREETY_AUTH_BCRYPT_COST=$FREETY_AUTH_BCRYPT_COST"
}

# The search rate of BENCH_ISOLATION_SHARE alone, then at once again with wrk logging members in
# (bench/auth/login.lua) from before Gatling starts until it ends: the two runs side by side, so a
# spell of the machine's own slowness is less likely to fall on one of them only. wrk is stopped
# with SIGINT, on which it prints its figures. The logins still queued for the bcrypt pool are
# drained before anything else runs.
run_isolation() {
  local name=isolation output=$TMP_DIR/login.out rate
  rate=$(rate_of "$BENCH_ISOLATION_SHARE")
  run_gatling isolation-alone "$rate"
  require_server_alive
  log "$name: wrk logging in at $BENCH_LOGIN_CONNECTIONS connections"
  BENCH_MEMBERS=$BENCH_LOGIN_MEMBERS BENCH_RETRY_AFTER=$BENCH_LOGIN_RETRY_AFTER wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_LOGIN_CONNECTIONS" -d1h \
    --timeout "$BENCH_WRK_TIMEOUT" --latency -s bench/auth/login.lua "$BASE_URL/api/v1/auth/login" >"$output" 2>&1 &
  LOGIN_PID=$!
  run_gatling "$name" "$rate"
  kill -INT "$LOGIN_PID" 2>/dev/null || true
  wait "$LOGIN_PID" || log "wrk (logins) failed"
  LOGIN_PID=
  detail "logins during $name (wrk -t$BENCH_WRK_THREADS -c$BENCH_LOGIN_CONNECTIONS)" "$output"
  RESULT[logins]=$(grep '^BENCH ' "$output" || true)
  drain_login_queue
  wait_database_idle
}

# When wrk stops, up to one login per connection is still queued for the bcrypt pool. The pool is
# FIFO, so a login answered 200 comes after all of them; one that waited too long for it is
# answered 503 (the event bus's time-out), and the next try waits again.
drain_login_queue() {
  local attempt
  for ((attempt = 1; attempt <= 10; attempt++)); do
    curl -fs -o /dev/null --max-time 60 -H 'Content-Type: application/json' "$BASE_URL/api/v1/auth/login" \
      --data "{\"email\":\"$(email_of 0)\",\"password\":\"$BENCH_PASSWORD\"}" && return
  done
  log "WARNING: no login succeeded after the run: the bcrypt queue may not be drained"
}

# --- verticle instances ------------------------------------------------------------------------

# The server restarted with 1, 2 and 4 HTTP and post verticle instances; the mix at
# BENCH_MAX_CONNECTIONS for each, after a warm-up.
run_instances() {
  local n http=$FREETY_VERTICLES_HTTP_INSTANCES post=$FREETY_VERTICLES_POST_INSTANCES
  for n in $BENCH_INSTANCES; do
    stop_server
    FREETY_VERTICLES_HTTP_INSTANCES=$n FREETY_VERTICLES_POST_INSTANCES=$n
    log "instances $n: restarting the server with $n HTTP and $n post verticles"
    start_server
    ((BENCH_WARMUP == 0)) || wrk_mix "instances $n warm-up" 16 "$BENCH_WARMUP"
    wrk_mix "instances $n" "$BENCH_MAX_CONNECTIONS" "$BENCH_INSTANCES_SECONDS"
  done
  FREETY_VERTICLES_HTTP_INSTANCES=$http FREETY_VERTICLES_POST_INSTANCES=$post
}

# --- report ------------------------------------------------------------------------------------

# detail <title> <file>: appends a run's whole output to the detail log.
detail() { { printf '=== %s\n' "$1"; cat "$2"; echo; } >>"$DETAIL_LOG"; }

gatling_row() {
  local label=$1 name=$2 target=${3:-} goal=
  [[ -z $target ]] || goal="p99 <= $target ms: $(verdict "$(field "$name" p99_ms)" "<=" "$target")"
  printf '  %-13s %9s %9s %8s %8s %9s %7s   %s\n' "$label" "$(field "$name" target)" "$(field "$name" rps)" \
    "$(field "$name" p50_ms)" "$(field "$name" p99_ms)" "$(field "$name" p999_ms)" "$(field "$name" ko)" "$goal"
}

print_isolation() {
  local isolation_base=isolation-alone ratio
  echo "isolation: the $BENCH_ISOLATION_SHARE % rate alone, then at once again while wrk logs members in at" \
    "$BENCH_LOGIN_CONNECTIONS connections"
  printf '  %-13s %9s %9s %8s %8s %9s %7s\n' "" "target/s" "req/s" "p50 ms" "p99 ms" "p99.9 ms" KO
  gatling_row "search alone" "$isolation_base"
  gatling_row "with logins" isolation
  ratio=$(divide "$(field isolation p99_ms)" "$(field "$isolation_base" p99_ms)")
  printf '  search p99 with logins ÷ alone = %s (target < %s: %s)\n' "$ratio" "$TARGET_ISOLATION_RATIO" \
    "$(verdict "$ratio" "<" "$TARGET_ISOLATION_RATIO")"
  printf '  logins: %s/s, p50 %s ms, p99 %s ms, statuses %s, socket errors %s (%s members, one bcrypt hash)\n' \
    "$(field logins rps)" "$(field logins p50_ms)" "$(field logins p99_ms)" "$(field logins statuses)" \
    "$(field logins errors)" "$BENCH_LOGIN_MEMBERS"
  local retries="each connection waited Retry-After after a 503, as the app does"
  [[ $BENCH_LOGIN_RETRY_AFTER == honour ]] \
    || retries="wrk sent the next login at once instead of after Retry-After, so refused logins were load of their own"
  [[ $(field logins non2xx) == 0 ]] || echo "  $(field logins non2xx) logins were not answered 200" \
    "(503: the bcrypt queue was full, auth.bcryptQueueMax, or a check waited past the 10 s feature time-out);" \
    "$retries"
  echo "  password hashing: $(grep -o 'Password hashing runs [^"]*' "$SERVER_LOG" | head -1)"
  echo
}

print_summary() {
  local share kind n name key
  echo "Freety latency benchmark, $STAMP (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo "machine : $(nproc) cores, $BUSY_BEFORE busy just before the run; Gatling, wrk and MariaDB on the same box"
  awk -v busy="${BUSY_BEFORE%\%}" 'BEGIN {
    if (busy > 25) printf "WARNING : the machine was %s%% busy just before the run: expect noisy numbers\n", busy }'
  echo "server  : $(basename "$FREETY_JAR"), verticles http/post $FREETY_VERTICLES_HTTP_INSTANCES/$FREETY_VERTICLES_POST_INSTANCES" \
    "(but in the instances runs), db pool $FREETY_DB_POOL_SIZE, bcrypt cost $FREETY_AUTH_BCRYPT_COST ×" \
    "$FREETY_AUTH_BCRYPT_THREADS threads, access log $BENCH_ACCESS_LOG, transport $(server_transport "$SERVER_LOG")${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS}"
  database_memory_line
  echo "data    : $(search_data_line)"
  echo "mix     : $(mix_line "$TMP_DIR/mix.txt")"
  echo
  if [[ -n $BENCH_MAX_RPS ]]; then
    echo "maximum : $BENCH_MAX_RPS req/s as given (BENCH_MAX_RPS), not measured in this run"
  else
    echo "maximum : $(field maximum rps) req/s, p99 $(field maximum p99_ms) ms (wrk, closed loop, $BENCH_MAX_CONNECTIONS connections," \
      "${BENCH_MAX_SECONDS}s after a ${BENCH_WARMUP}s warm-up; non-2xx $(field maximum non2xx), errors $(field maximum errors))"
    echo "          CPU: server $(field maximum cpu_server), database $(field maximum cpu_db), wrk $(field maximum cpu_load)," \
      "idle $(field maximum cpu_idle); µs an answer: server $(field maximum us_server) / database" \
      "$(field maximum us_db) / wrk $(field maximum us_load)"
    if [[ $BENCH_MAX_TOOL == gatling ]]; then
      echo "          Gatling, closed loop, $BENCH_MAX_CONNECTIONS in flight, ${BENCH_MAX_SECONDS}s after a ${BENCH_MAX_GATLING_WARMUP}s warm-up:" \
        "$(field maximum-gatling rps) req/s, p99 $(field maximum-gatling p99_ms) ms, KO $(field maximum-gatling ko)" \
        "($(divide "$(field maximum-gatling rps)" "$(field maximum rps)") of wrk's)"
      echo "          CPU: server $(field "maximum-gatling server" cpu_server), database $(field "maximum-gatling server" cpu_db)," \
        "Gatling $(field "maximum-gatling server" cpu_load), idle $(field "maximum-gatling server" cpu_idle); µs an answer:" \
        "server $(field "maximum-gatling server" us_server) / database $(field "maximum-gatling server" us_db) /" \
        "Gatling $(field "maximum-gatling server" us_load)"
      echo "          the rates below are shares of Gatling's maximum: the box's with the load generator that drives them on it"
    else
      echo "          the rates below are shares of wrk's maximum (BENCH_MAX_TOOL=wrk)"
    fi
  fi
  echo
  echo "open loop: Gatling constantUsersPerSec, ${BENCH_RATE_SECONDS}s measured after a ${BENCH_RATE_WARMUP}s warm-up" \
    "(not reported) that ramps up to the rate over its first half"
  printf '  %-13s %9s %9s %8s %8s %9s %7s   %s\n' "of maximum" "target/s" "req/s" "p50 ms" "p99 ms" "p99.9 ms" KO verdict
  for share in $BENCH_RATE_SHARES; do
    gatling_row "$share %" "rate-$share" "${TARGET_P99_MS[$share]:-}"
  done
  echo "  req/s = the measured phase's answers ÷ its seconds; KO = answers other than 200 and requests that failed."
  echo
  echo "the server's own view of each measured phase (its request histogram, from routing to the response's end;"
  echo "its pool and GC meters): a tail here is the server's or the box's, one only in Gatling's p99 is the client's"
  printf '  %-15s %8s %8s %8s %11s %10s %10s %10s\n' run "<=5 ms" "<=25 ms" "<=50 ms" "p99 within" \
    "pool wait" "pool hold" "GC pauses"
  for name in $(printf 'rate-%s ' $BENCH_RATE_SHARES) isolation-alone isolation; do
    [[ -n ${RESULT["$name server"]:-} ]] || continue
    printf '  %-15s %8s %8s %8s %8s ms %7s ms %7s ms %10s\n' "$name" "$(field "$name server" within_5ms)" \
      "$(field "$name server" within_25ms)" "$(field "$name server" within_50ms)" \
      "$(field "$name server" p99_le_ms)" "$(field "$name server" pool_wait_ms)" \
      "$(field "$name server" pool_hold_ms)" \
      "$(field "$name server" gc_pauses) / $(field "$name server" gc_pause_ms) ms"
  done
  echo "  <=N ms = share of the mix's answers the server gave within N ms; p99 within = the histogram's smallest"
  echo "  bound holding 99 % of them; pool wait and hold = mean ms a statement waited for a connection and held it."
  echo
  echo "the box's CPU in each measured phase (100 % = one core), and each process's CPU per answer: the"
  echo "load generator runs on the same cores, so a rate the box cannot hold with Gatling's share is the box's limit"
  printf '  %-15s %8s %8s %8s %8s %8s   %s\n' run server database Gatling other idle "µs an answer: server / database / Gatling"
  for name in $(printf 'rate-%s ' $BENCH_RATE_SHARES) isolation-alone isolation; do
    [[ $(field "$name server" cpu_idle) != - ]] || continue
    printf '  %-15s %8s %8s %8s %8s %8s   %s / %s / %s\n' "$name" "$(field "$name server" cpu_server)" \
      "$(field "$name server" cpu_db)" "$(field "$name server" cpu_load)" "$(field "$name server" cpu_other)" \
      "$(field "$name server" cpu_idle)" "$(field "$name server" us_server)" "$(field "$name server" us_db)" \
      "$(field "$name server" us_load)"
  done
  echo "  Gatling = the Maven JVM and the Gatling JVM it forks; other = the rest (the login load in the isolation run)."
  echo
  echo "the box's lateness in each measured phase: how late a thread of its own process (bench/latency/Lateness.java)"
  echo "woke when it asked to every 1 ms. No server on this box answers with a lower tail than this: a p99 here"
  echo "above a target leaves the target to the box, not to the server"
  printf '  %-15s %8s %8s %9s %8s %9s\n' run "p50 ms" "p99 ms" "p99.9 ms" "max ms" samples
  for name in rest maximum-gatling $(printf 'rate-%s ' $BENCH_RATE_SHARES) isolation-alone isolation; do
    key="$name server"
    [[ $name != rest ]] || key=rest
    [[ $(field "$key" late_p99_ms) != - ]] || continue
    printf '  %-15s %8s %8s %9s %8s %9s\n' "$name" "$(field "$key" late_p50_ms)" "$(field "$key" late_p99_ms)" \
      "$(field "$key" late_p999_ms)" "$(field "$key" late_max_ms)" "$(field "$key" late_samples)"
  done
  echo "  rest = ${BENCH_REST_SECONDS}s with the server idle, before the maximum; a wake-up late by d also counts the"
  echo "  wake-ups due during d (each 1 ms less late), so a stall weighs what it does to requests arriving in it."
  echo
  echo "p99 per kind (ms)"
  printf '  %-8s' kind
  for share in $BENCH_RATE_SHARES; do printf '%9s' "$share %"; done
  printf '%9s%16s\n' alone "+ logins"
  for kind in "${KINDS[@]}"; do
    printf '  %-8s' "$kind"
    for share in $BENCH_RATE_SHARES; do printf '%9s' "$(field "rate-$share kind $kind" p99_ms)"; done
    printf '%9s%16s\n' "$(field "isolation-alone kind $kind" p99_ms)" "$(field "isolation kind $kind" p99_ms)"
  done
  echo
  if [[ -z $BENCH_ISOLATION_SHARE ]]; then
    echo "isolation: skipped (BENCH_ISOLATION_SHARE empty)"
    echo
  else
    print_isolation
  fi
  echo "verticle instances: HTTP and post alike, the server restarted for each; wrk, closed loop," \
    "$BENCH_MAX_CONNECTIONS connections, ${BENCH_INSTANCES_SECONDS}s after a ${BENCH_WARMUP}s warm-up"
  printf '  %-10s %9s %8s %8s %9s %8s %8s\n' instances "req/s" "p50 ms" "p99 ms" "p99.9 ms" non-2xx errors
  for n in $BENCH_INSTANCES; do
    printf '  %-10s %9s %8s %8s %9s %8s %8s\n' "$n" "$(field "instances $n" rps)" "$(field "instances $n" p50_ms)" \
      "$(field "instances $n" p99_ms)" "$(field "instances $n" p999_ms)" "$(field "instances $n" non2xx)" \
      "$(field "instances $n" errors)"
  done
  echo
  echo "reports   : $REPORTS_DIR/<run>/index.html (Gatling; groups warm-up and measured, each split by kind)"
  echo "all runs  : $DETAIL_LOG (wrk latency distributions, Gatling's console)"
  echo "server log: $(grep -c -E ' WARN |"level":"WARN"' "$SERVER_LOG" || true) WARN," \
    "$(grep -c -E ' ERROR |"level":"ERROR"' "$SERVER_LOG" || true) ERROR in $SERVER_LOG" \
    "(since 703131e refused logins log at most one WARN per 10 s; older jars an ERROR and a WARN each)"
  echo "mix       : $MIX_FILE"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ensure_results_dir
  BUSY_BEFORE=$(sample_busy)
  require_tools mvn
  install_missing wrk
  resolve_jar
  resolve_test_classes
  compile_lateness
  log "compiling the Gatling simulation ($GATLING_POM)"
  mvn -q -B -f "$GATLING_POM" test-compile
  reset_database
  start_server # runs the migrations
  local db_uri
  db_uri=$(bench_db_uri)
  seed_search_data "$FREETY_JAR" "$db_uri"
  sign_up_search_model "$BASE_URL" search-bench@example.com "$TMP_DIR/signup.json"
  TOKEN=$SIGNED_UP_TOKEN
  build_search_mix "$FREETY_JAR" "$db_uri" "$BASE_URL" "$TOKEN" "$MIX_FILE" "$TMP_DIR/mix.txt"
  mapfile -t KINDS < <(cut -f1 "$MIX_FILE" | sort -u)
  [[ -z $BENCH_ISOLATION_SHARE ]] || seed_login_members
  measure_rest_lateness
  measure_maximum
  run_rates
  [[ -z $BENCH_ISOLATION_SHARE ]] || run_isolation
  run_instances
  stop_server
  print_summary | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
