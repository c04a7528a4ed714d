#!/usr/bin/env bash
# WebSocket delivery under load: 2,000 live-events sockets, messages sent over REST at a fixed
# arrival rate, end-to-end latency (REST send -> recipient's frame), lost messages and the server's
# heap, next to two baselines measured in the same run at the same rate with no socket open: the
# HTTP floor (GET /health/live) and the REST send alone. See bench/README.md.
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/s3.sh
source bench/lib/s3.sh
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
LOG_TAG=ws-bench

# --- knobs (see bench/README.md) --------------------------------------------------------------
: "${WS_SOCKETS:=2000}" "${WS_MEMBERS:=1500}" "${WS_RATE:=300}" "${WS_SECONDS:=120}"
: "${WS_WARMUP:=15}" "${WS_LOAD_WARMUP:=20}" "${WS_BASELINE_SECONDS:=30}" "${WS_FLOOR_SECONDS:=10}" "${WS_CONVERSATIONS_PER_MEMBER:=2}"
: "${WS_DRAIN_SECONDS:=5}" "${WS_HTTP_POOL:=128}" "${WS_CLIENT_LOOPS:=2}" "${WS_LOAD_JAVA_OPTS:=-Xmx1g}"
: "${BENCH_PORT:=18280}" "${BENCH_S3_PORT:=18980}" "${BENCH_READY_TIMEOUT:=90}"
: "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=on}" "${BENCH_S3:=auto}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_ws_bench}"
# Logins are not what is measured: cost 4 logs 2,000 devices in within seconds (cost 10 takes ~70 s).
: "${FREETY_AUTH_BCRYPT_COST:=4}"
export FREETY_AUTH_BCRYPT_COST
export WS_SOCKETS WS_MEMBERS WS_RATE WS_SECONDS WS_WARMUP WS_LOAD_WARMUP WS_BASELINE_SECONDS WS_FLOOR_SECONDS
export WS_CONVERSATIONS_PER_MEMBER WS_DRAIN_SECONDS WS_HTTP_POOL WS_CLIENT_LOOPS
BENCH_PASSWORD=bench-password-1
((WS_MEMBERS <= WS_SOCKETS)) || WS_MEMBERS=$WS_SOCKETS

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/ws-$STAMP.txt
SERVER_LOG=$RESULTS_DIR/ws-$STAMP.server.log
LOAD_LOG=$RESULTS_DIR/ws-$STAMP.load.log
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-ws-bench.XXXXXX")
SERVER_PID=
LOAD_PID=
BASE_URL=
LOAD_BEFORE=
LOAD_AFTER=
HASH_COST=
S3_USED=no

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  if [[ -n $LOAD_PID ]]; then
    kill "$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
  fi
  stop_server
  stop_s3
  rm -rf "$TMP_DIR"
}

# --- prerequisites -----------------------------------------------------------------------------

check_tools() {
  require_tools jcmd jstat mvn
  # Both the server and the load generator hold one descriptor per socket.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  (($(ulimit -n) >= WS_SOCKETS + 1000)) \
    || die "open-file limit $(ulimit -n) is too low for $WS_SOCKETS sockets (raise ulimit -n)"
}

# bench/lib/s3.sh builds the test classpath with a plain (online) mvn when it is missing; try it
# offline here, so that a machine without the dependency plugin in ~/.m2 falls back instead.
prepare_s3_classpath() {
  local cp_file=target/bench-test-classpath.txt
  if [[ ! -s $cp_file || pom.xml -nt $cp_file ]]; then
    log "resolving the test classpath for S3Proxy (offline)"
    if ! mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" \
      >"$TMP_DIR/mvn.log" 2>&1; then
      rm -f "$cp_file"
      return 1
    fi
  fi
  if [[ ! -d target/test-classes/app/freety/dev ]]; then
    log "compiling the test classes for S3Proxy (offline)"
    mvn -B -o -q -DskipTests test-compile >"$TMP_DIR/mvn.log" 2>&1 || return 1
  fi
}

# The production server checks its photo store in /health/ready. Messaging never touches it (no
# member has a photo), so without an S3Proxy the script waits for the database check instead.
start_photo_store() {
  [[ $BENCH_S3 != off ]] || return 0
  if prepare_s3_classpath; then
    start_s3 "$(pick_port "$BENCH_S3_PORT")" memory "$TMP_DIR/s3.log"
    S3_USED=yes
  elif [[ $BENCH_S3 == on ]]; then
    tail -n 5 "$TMP_DIR/mvn.log" >&2
    die "cannot build the S3Proxy classpath offline (BENCH_S3=on)"
  else
    log "no S3Proxy (its classpath cannot be resolved offline): waiting for the database check of /health/ready"
  fi
}

# --- server ------------------------------------------------------------------------------------

start_server() { start_bench_server "$([[ $S3_USED == yes ]] && echo ready_full || echo ready_database)"; }

# --- data --------------------------------------------------------------------------------------

# Every member signs in with one password, as in bench/auth (bench/lib/server.sh).
seed_members() {
  ((WS_MEMBERS >= 2)) || die "WS_MEMBERS must be at least 2"
  log "seeding $WS_MEMBERS members"
  seed_members_sharing_one_hash "$WS_MEMBERS"
}

# --- load --------------------------------------------------------------------------------------

run_load() {
  local db_pid
  db_pid=$(pgrep -x mariadbd || pgrep -x mysqld || true)
  log "running bench/ws/WsLoad.java (progress below; log: $LOAD_LOG)"
  WS_BASE_URL=$BASE_URL WS_SERVER_PID=$SERVER_PID WS_DB_PID=${db_pid%%$'\n'*} WS_EMAIL_PAD=$BENCH_EMAIL_PAD \
    WS_PASSWORD=$BENCH_PASSWORD \
    java $WS_LOAD_JAVA_OPTS -cp "$FREETY_JAR" bench/ws/WsLoad.java >"$TMP_DIR/report.txt" 2> >(tee "$LOAD_LOG" >&2) &
  LOAD_PID=$!
  local status=0
  wait "$LOAD_PID" || status=$?
  LOAD_PID=
  ((status == 0)) || log "WARNING: the load generator exited with $status"
  kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=; die "the server died during the load"; }
}

server_log_counts() {
  local warn error failed closed by_server
  # Without an S3Proxy the photo store is reported down once at start: expected, not counted.
  warn=$(grep ' WARN ' "$SERVER_LOG" | grep -vc '"event":"object-storage-down"' || true)
  error=$(grep -c ' ERROR ' "$SERVER_LOG" || true)
  # Non-2xx HTTP lines, without the 503s of /health/ready while the server started.
  failed=$(grep 'freety\.access - {"event":"http"' "$SERVER_LOG" | grep -vc '"path":"/health/ready"' || true)
  closed=$(grep -c '"event":"ws-closed"' "$SERVER_LOG" || true)
  by_server=$(grep '"event":"ws-closed"' "$SERVER_LOG" | grep -c '"closedBy":"server"' || true)
  echo "$warn WARN, $error ERROR, $failed non-2xx HTTP lines; $closed ws-closed ($by_server by the server)"
}

print_summary() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "Freety WebSocket benchmark, $STAMP (commit $commit)"
  echo "machine   : $(nproc) cores, load average before $LOAD_BEFORE, after $LOAD_AFTER;" \
    "server, MariaDB and the load generator on the same box"
  awk -v busy="${LOAD_BEFORE%% *}" -v cores="$(nproc)" 'BEGIN {
    if (busy > cores / 4)
      printf "WARNING   : the machine was already busy (1-min load %s on %d cores): expect noisy numbers\n", busy, cores }'
  echo "server    : $(basename "$FREETY_JAR"), production mode, bcrypt cost $HASH_COST (logins only)," \
    "verticles http/message ${FREETY_VERTICLES_HTTP_INSTANCES:-2}/${FREETY_VERTICLES_MESSAGE_INSTANCES:-1}," \
    "db pool ${FREETY_DB_POOL_SIZE:-16}, access log $BENCH_ACCESS_LOG, S3Proxy $S3_USED${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS}"
  database_memory_line
  echo "load      : $WS_SOCKETS sockets for $WS_MEMBERS members ($((WS_SOCKETS - WS_MEMBERS)) with two devices)," \
    "$WS_RATE msg/s for ${WS_SECONDS}s (open loop) after ${WS_LOAD_WARMUP}s unmeasured," \
    "$WS_CONVERSATIONS_PER_MEMBER conversations started per member; baselines at the same rate, no socket open:" \
    "floor ${WS_FLOOR_SECONDS}s, REST alone ${WS_BASELINE_SECONDS}s after ${WS_WARMUP}s unmeasured, and again after the load"
  cat "$TMP_DIR/report.txt"
  echo
  echo "server log: $(server_log_counts) in $SERVER_LOG"
  echo "progress  : $LOAD_LOG"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$RESULTS_DIR"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  check_tools
  resolve_jar -o
  reset_database
  start_photo_store
  start_server
  seed_members
  run_load
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  stop_server
  # A run writes tens of thousands of 2xx and 101 access-log lines; only the others are worth keeping.
  [[ $BENCH_ACCESS_LOG != on ]] || trim_access_log "$SERVER_LOG" '2[0-9][0-9]|101'
  print_summary | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
