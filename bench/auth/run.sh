#!/usr/bin/env bash
# Login and GET /me throughput, next to two baselines measured in the same run: the HTTP floor
# (GET /health/live) and the bcrypt ceiling (raw BCrypt.checkpw). See bench/README.md.
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/s3.sh
source bench/lib/s3.sh
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
# shellcheck source=../lib/report.sh
source bench/lib/report.sh
LOG_TAG=bench

# --- knobs (see bench/README.md) --------------------------------------------------------------
: "${BENCH_MEMBERS:=10000}" "${BENCH_TOKENS:=256}"
: "${BENCH_DURATION:=15}" "${BENCH_WARMUP:=3}" "${BENCH_CONNECTIONS:=16 64}" "${BENCH_WRK_THREADS:=2}"
: "${BENCH_WRK_TIMEOUT:=30s}" "${BENCH_CEILING_SECONDS:=5}" "${BENCH_READY_TIMEOUT:=90}"
: "${BENCH_PORT:=18080}" "${BENCH_S3_PORT:=18900}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=on}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_bench}"
: "${BENCH_JBCRYPT_JAR:=$HOME/.m2/repository/org/mindrot/jbcrypt/0.4/jbcrypt-0.4.jar}"
: "${FREETY_AUTH_BCRYPT_COST:=10}" "${FREETY_AUTH_BCRYPT_THREADS:=2}"
export BENCH_MEMBERS BENCH_PASSWORD=bench-password-1 FREETY_AUTH_BCRYPT_COST FREETY_AUTH_BCRYPT_THREADS

AUTH_DIR=bench/auth
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/auth-$STAMP.txt
SERVER_LOG=$RESULTS_DIR/auth-$STAMP.server.log
WRK_LOG=$RESULTS_DIR/auth-$STAMP.wrk.txt
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-bench.XXXXXX")
SERVER_PID=
WRK_PID=
LAST_BENCH=
BASE_URL=
LOAD_BEFORE=
declare -A RESULT=()
SCENARIOS=()

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  [[ -z $WRK_PID ]] || kill "$WRK_PID" 2>/dev/null || true
  stop_server
  stop_s3
  rm -rf "$TMP_DIR"
}

# --- baseline: the bcrypt ceiling --------------------------------------------------------------

# Measured before and after the load: the higher of the two is the ceiling, since anything else
# running on the box (a build, a test run) can only make bcrypt slower.
measure_bcrypt_ceiling() {
  local when=$1 line
  # The server jar is shaded with jbcrypt, so it stands in when ~/.m2 lacks the jar.
  local classpath=$BENCH_JBCRYPT_JAR
  [[ -f $classpath ]] || classpath=$FREETY_JAR
  log "bcrypt ceiling ($when): cost $FREETY_AUTH_BCRYPT_COST, $FREETY_AUTH_BCRYPT_THREADS threads, ${BENCH_CEILING_SECONDS}s"
  line=$(java -cp "$classpath" "$AUTH_DIR/BcryptCeiling.java" \
    "$FREETY_AUTH_BCRYPT_COST" "$FREETY_AUTH_BCRYPT_THREADS" "$BENCH_CEILING_SECONDS" | grep '^BENCH ')
  RESULT["bcrypt $when"]=$line
  if [[ -z ${RESULT["bcrypt ceiling"]:-} ]] \
    || awk -v a="$(field "bcrypt $when" rps)" -v b="$(field "bcrypt ceiling" rps)" 'BEGIN { exit !(a > b) }'; then
    RESULT["bcrypt ceiling"]=$line
  fi
}

# --- server ------------------------------------------------------------------------------------

start_server() { start_bench_server ready_full; }

require_server_alive() { require_alive "$SERVER_PID" "$SERVER_LOG"; }

# --- data --------------------------------------------------------------------------------------

seed_members() {
  ((BENCH_MEMBERS >= 1)) || die "BENCH_MEMBERS must be at least 1"
  log "seeding $BENCH_MEMBERS members"
  local started=$SECONDS
  seed_members_sharing_one_hash "$BENCH_MEMBERS"
  ((HASH_COST == FREETY_AUTH_BCRYPT_COST)) \
    || log "WARNING: the server hashed at cost $HASH_COST, not FREETY_AUTH_BCRYPT_COST=$FREETY_AUTH_BCRYPT_COST"
  log "seeded $BENCH_MEMBERS members in $((SECONDS - started))s (hash prefix ${SEEDED_HASH:0:7})"
}

# Real logins, spread over the member range, so /me reads many different rows.
collect_tokens() {
  local count=$((BENCH_TOKENS < BENCH_MEMBERS ? BENCH_TOKENS : BENCH_MEMBERS))
  local step=$((BENCH_MEMBERS / count)) i
  log "logging in $count members for access tokens"
  for ((i = 0; i < count; i++)); do email_of $((i * step)); echo; done \
    | xargs -P $((FREETY_AUTH_BCRYPT_THREADS * 2)) -I{} \
        curl -fsS --max-time 60 -H 'Content-Type: application/json' "$BASE_URL/api/v1/auth/login" \
        --data "{\"email\":\"{}\",\"password\":\"$BENCH_PASSWORD\"}" \
    | grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4 >"$TMP_DIR/tokens.txt"
  local got
  got=$(wc -l <"$TMP_DIR/tokens.txt")
  ((got == count)) || die "expected $count access tokens, got $got"
  export BENCH_TOKENS_FILE=$TMP_DIR/tokens.lua
  { echo "return {"; sed 's/.*/  "&",/' "$TMP_DIR/tokens.txt"; echo "}"; } >"$BENCH_TOKENS_FILE"
}

# --- load --------------------------------------------------------------------------------------

# run_wrk <name> <script> <path> <connections> <seconds>: sets LAST_BENCH to the script's BENCH
# line and appends wrk's full output to the wrk log. wrk runs in the background so that a signal
# reaches the trap at once instead of after the run.
run_wrk() {
  local name=$1 script=$2 path=$3 connections=$4 seconds=$5 output=$TMP_DIR/wrk.out
  log "$name: ${seconds}s at $connections connections"
  wrk -t"$BENCH_WRK_THREADS" -c"$connections" -d"${seconds}s" --timeout "$BENCH_WRK_TIMEOUT" \
    --latency -s "$AUTH_DIR/$script" "$BASE_URL$path" >"$output" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || log "wrk failed for $name"
  WRK_PID=
  { printf '=== %s (wrk -t%s -c%s -d%ss)\n' "$name" "$BENCH_WRK_THREADS" "$connections" "$seconds"
    cat "$output"; echo; } >>"$WRK_LOG"
  LAST_BENCH=$(grep '^BENCH ' "$output" || true)
}

# run_endpoint <label> <script> <path> [command run after each wrk run]
run_endpoint() {
  local label=$1 script=$2 path=$3 after=${4:-true} c
  require_server_alive
  if ((BENCH_WARMUP > 0)); then
    run_wrk "$label warm-up" "$script" "$path" 16 "$BENCH_WARMUP"
    $after
  fi
  for c in $BENCH_CONNECTIONS; do
    require_server_alive
    run_wrk "$label c$c" "$script" "$path" "$c" "$BENCH_DURATION"
    RESULT["$label c$c"]=$LAST_BENCH
    SCENARIOS+=("$label c$c")
    $after
  done
}

# When wrk stops, up to one login per connection is still queued for the bcrypt pool; it would
# spill into the next run (or meet a closing database pool at shutdown). The pool is FIFO, so one
# more login returns only once everything queued before it is done.
drain_login_queue() {
  curl -fsS -o /dev/null --max-time 120 -H 'Content-Type: application/json' "$BASE_URL/api/v1/auth/login" \
    --data "{\"email\":\"$(email_of 0)\",\"password\":\"$BENCH_PASSWORD\"}" \
    || log "WARNING: the login after the run failed"
}

run_scenarios() {
  run_endpoint health health.lua /health/live
  run_endpoint me me.lua /api/v1/me
  run_endpoint login login.lua /api/v1/auth/login drain_login_queue
  require_server_alive
}

# --- report ------------------------------------------------------------------------------------

ratio() {
  awk -v a="$(field "$1" rps)" -v b="$(field "$2" rps)" \
    'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

server_log_counts() {
  local warn error failed
  warn=$(grep -c ' WARN ' "$SERVER_LOG" || true)
  error=$(grep -c ' ERROR ' "$SERVER_LOG" || true)
  failed=$(grep -c 'freety\.access - ' "$SERVER_LOG" || true)
  echo "$warn WARN, $error ERROR, $failed non-2xx access lines"
}

print_summary() {
  local commit name c
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "Freety auth benchmark, $STAMP (commit $commit)"
  echo "machine   : $(nproc) cores, load average before the run $LOAD_BEFORE; wrk -t$BENCH_WRK_THREADS on the same box"
  echo "server    : $(basename "$FREETY_JAR"), bcrypt cost $HASH_COST (read from the seeded hash)," \
    "bcrypt threads $FREETY_AUTH_BCRYPT_THREADS, verticles http/auth/profile" \
    "${FREETY_VERTICLES_HTTP_INSTANCES:-2}/${FREETY_VERTICLES_AUTH_INSTANCES:-1}/${FREETY_VERTICLES_PROFILE_INSTANCES:-1}," \
    "db pool ${FREETY_DB_POOL_SIZE:-16}, access log $BENCH_ACCESS_LOG${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS}"
  database_memory_line
  busy_machine_warning
  echo "load      : $BENCH_MEMBERS members, $(wc -l <"$TMP_DIR/tokens.txt") tokens, ${BENCH_DURATION}s per run" \
    "after a ${BENCH_WARMUP}s warm-up per endpoint; bcrypt ceiling over ${BENCH_CEILING_SECONDS}s"
  echo
  printf '%-16s %10s %9s %9s %9s %9s %8s\n' scenario "req/s" "p50 ms" "p99 ms" "p99.9 ms" non-2xx "sock err"
  for name in login me health; do
    for c in $BENCH_CONNECTIONS; do print_row "$name c$c"; done
  done
  print_row "bcrypt ceiling"
  echo "(bcrypt ceiling: $FREETY_AUTH_BCRYPT_THREADS threads of BCrypt.checkpw at cost $FREETY_AUTH_BCRYPT_COST, latency = one" \
    "check; the better of $(field "bcrypt before" rps) req/s before and $(field "bcrypt after" rps) req/s after the load)"
  echo
  echo "ratios"
  for c in $BENCH_CONNECTIONS; do
    printf '  login c%-3s / bcrypt ceiling = %s\n' "$c" "$(ratio "login c$c" "bcrypt ceiling")"
  done
  for c in $BENCH_CONNECTIONS; do
    printf '  me c%-3s    / health c%-3s    = %s\n' "$c" "$c" "$(ratio "me c$c" "health c$c")"
  done
  echo
  echo "statuses"
  for name in "${SCENARIOS[@]}"; do printf '  %-12s %s\n' "$name" "$(field "$name" statuses)"; done
  echo
  echo "server log: $(server_log_counts) in $SERVER_LOG"
  echo "wrk output: $WRK_LOG"
}

# Everything shares two cores here, so a build or test run elsewhere moves every number.
busy_machine_warning() {
  awk -v busy="${LOAD_BEFORE%% *}" -v cores="$(nproc)" 'BEGIN {
    if (busy > cores / 4)
      printf "WARNING   : the machine was already busy (1-min load %s on %d cores): expect noisy numbers\n", busy, cores }'
}

print_row() {
  local name=$1
  printf '%-16s %10s %9s %9s %9s %9s %8s\n' "$name" "$(field "$name" rps)" "$(field "$name" p50_ms)" \
    "$(field "$name" p99_ms)" "$(field "$name" p999_ms)" "$(field "$name" non2xx)" "$(field "$name" errors)"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$RESULTS_DIR"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  require_tools
  install_missing wrk
  resolve_jar
  measure_bcrypt_ceiling before
  reset_database
  # The server checks the photo store in /health/ready: give it an in-memory S3Proxy.
  start_s3 "$BENCH_S3_PORT" memory "$TMP_DIR/s3.log"
  start_server
  seed_members
  collect_tokens
  run_scenarios
  stop_server
  measure_bcrypt_ceiling after
  # A full run writes hundreds of MB of access-log lines; only the non-2xx ones are worth keeping.
  trim_access_log "$SERVER_LOG"
  print_summary | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
