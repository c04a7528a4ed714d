#!/usr/bin/env bash
# Saved-search matching under a stream of new posts: 10,000 saved searches spread over Seoul, 1,000
# posts a minute (open loop) for two minutes, and the server's own matching cost per post
# (freety_saved_search_match_seconds) next to two baselines from the same run: the same posts
# matched by a scan of every saved search (same code, index bypassed, every SS_SCAN_EVERY-th post)
# and the post create itself. See bench/README.md, "Saved searches".
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
LOG_TAG=saved-search-bench

# --- knobs (see bench/README.md) --------------------------------------------------------------
: "${SS_SEARCHES:=10000}" "${SS_SEARCHES_PER_MODEL:=4}" "${SS_DESIGNERS:=200}" "${SS_POSTS_PER_MINUTE:=1000}"
: "${SS_SECONDS:=120}" "${SS_WARMUP:=20}" "${SS_SCAN_EVERY:=10}" "${SS_TARGET_P99_MS:=5}" "${SS_SEED:=42}"
: "${SS_LOAD_JAVA_OPTS:=-Xmx512m}"
# 60 as in production: a search told of a match waits an hour for the next. 0 tells every match, so no
# candidate is ever skipped as told: the worst case for the index (and many more writes).
: "${SS_NOTIFY_INTERVAL_MINUTES:=60}"
: "${BENCH_PORT:=18380}" "${BENCH_READY_TIMEOUT:=90}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=off}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_savedsearch_bench}"
# Sign-ups are not what is measured: cost 4 signs 2,700 members up in seconds.
: "${FREETY_AUTH_BCRYPT_COST:=4}"
export FREETY_AUTH_BCRYPT_COST
export SS_SEARCHES SS_SEARCHES_PER_MODEL SS_DESIGNERS SS_POSTS_PER_MINUTE SS_SECONDS SS_WARMUP SS_TARGET_P99_MS SS_SEED
export FREETY_SAVED_SEARCHES_SCAN_COMPARE_EVERY=$SS_SCAN_EVERY
export FREETY_SAVED_SEARCHES_NOTIFY_INTERVAL_MINUTES=$SS_NOTIFY_INTERVAL_MINUTES

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/savedsearch-$STAMP.txt
SERVER_LOG=$RESULTS_DIR/savedsearch-$STAMP.server.log
LOAD_LOG=$RESULTS_DIR/savedsearch-$STAMP.load.log
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-savedsearch-bench.XXXXXX")
LOAD_PID=

cleanup() {
  stop_load
  stop_server
  rm -rf "$TMP_DIR"
}
trap cleanup EXIT

# Posts without photos never touch S3: the database check of /health/ready is enough.
start_server() { start_bench_server ready_database; }

table_count() { db "$BENCH_DB_NAME" -e "SELECT COUNT(*) FROM $1"; }

main() {
  require_tools mvn
  ensure_results_dir
  resolve_jar -o
  reset_database
  start_server

  local busy_before load_before
  busy_before=$(sample_busy)
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  log "machine busy before the run: $busy_before (load $load_before); running bench/savedsearch/SavedSearchLoad.java"
  local db_pid
  db_pid=$(pgrep -x mariadbd || pgrep -x mysqld || true)
  SS_BASE_URL=$BASE_URL SS_METRICS_URL=http://127.0.0.1:$FREETY_METRICS_PORT/metrics \
    SS_SERVER_PID=$SERVER_PID SS_DB_PID=${db_pid%%$'\n'*} \
    java $SS_LOAD_JAVA_OPTS -cp "$FREETY_JAR" bench/savedsearch/SavedSearchLoad.java \
    >"$TMP_DIR/report.txt" 2> >(tee "$LOAD_LOG" >&2) &
  LOAD_PID=$!
  local status=0
  wait "$LOAD_PID" || status=$?
  LOAD_PID=
  ((status == 0)) || die "the load generator exited with $status (log: $LOAD_LOG)"
  require_alive "$SERVER_PID" "$SERVER_LOG"
  local busy_after
  busy_after=$(sample_busy)

  local searches keys due errors
  searches=$(table_count saved_search)
  keys=$(table_count saved_search_key)
  due=$(table_count saved_search_due)
  # Without an S3Proxy the photo store is reported down at start: expected, not counted.
  errors=$(grep -E '"level":"(WARN|ERROR)"' "$SERVER_LOG" | grep -vc '"event":"object-storage-down"' || true)
  {
    echo "saved-search matching, $(date -u +%FT%TZ), jar $FREETY_JAR"
    echo "machine   : $(nproc) cores; busy before $busy_before (load $load_before), busy after $busy_after" \
      "(load $(cut -d' ' -f1-3 /proc/loadavg)); other work on the box shares these cores"
    database_memory_line
    echo "index     : $searches saved searches, $keys key rows ($(awk -v k="$keys" -v s="$searches" \
      'BEGIN { printf "%.1f", s ? k / s : 0 }') per search); scan compare every $SS_SCAN_EVERY-th post;" \
      "a search told at most every $SS_NOTIFY_INTERVAL_MINUTES min"
    cat "$TMP_DIR/report.txt"
    echo "queued    : $due posts still queued after the run (0 = every post was matched)"
    echo "server log: $errors WARN/ERROR lines ($SERVER_LOG)"
  } | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
