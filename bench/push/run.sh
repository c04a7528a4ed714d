#!/usr/bin/env bash
# The push sender's throughput: a backlog of notifications released at once, drained by the server
# through FCM and APNs fakes on loopback (the tests' FakeFcm and FakeApns: OAuth2 grant, HTTP/2 over
# TLS, ES256 provider tokens), next to the ceiling measured in the same run (the providers' own code
# sending straight to the fakes, no outbox). Checks that every push arrived exactly once.
# See bench/README.md, "Push sender".
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
LOG_TAG=push-bench

# --- knobs (see bench/README.md) --------------------------------------------------------------
: "${PUSH_NOTIFICATIONS:=10000}" "${PUSH_WARMUP_NOTIFICATIONS:=2000}" "${PUSH_MEMBERS:=2000}" "${PUSH_IOS_SHARE:=0.5}" "${PUSH_CEILING_PUSHES:=10000}"
: "${PUSH_TARGET_PER_SECOND:=500}" "${PUSH_LOAD_JAVA_OPTS:=-Xmx1g}"
: "${BENCH_PORT:=18480}" "${BENCH_READY_TIMEOUT:=90}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=off}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_push_bench}"
# The sender as shipped (conf/config.json) unless set: instances, batch and poll.
: "${FREETY_VERTICLES_NOTIFY_INSTANCES:=1}" "${FREETY_PUSH_BATCH_SIZE:=50}" "${FREETY_PUSH_POLL_MS:=500}"
# The ceiling keeps as many pushes in flight as the sender can: a batch per instance.
: "${PUSH_CONCURRENCY:=$((FREETY_PUSH_BATCH_SIZE * FREETY_VERTICLES_NOTIFY_INSTANCES))}"
export PUSH_NOTIFICATIONS PUSH_WARMUP_NOTIFICATIONS PUSH_MEMBERS PUSH_IOS_SHARE PUSH_CEILING_PUSHES PUSH_TARGET_PER_SECOND PUSH_CONCURRENCY
export FREETY_VERTICLES_NOTIFY_INSTANCES FREETY_PUSH_BATCH_SIZE FREETY_PUSH_POLL_MS

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/push-$STAMP.txt
SERVER_LOG=$RESULTS_DIR/push-$STAMP.server.log
LOAD_LOG=$RESULTS_DIR/push-$STAMP.load.log
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-push-bench.XXXXXX")
LOAD_PID=

cleanup() {
  stop_load
  stop_server
  rm -rf "$TMP_DIR"
}
trap cleanup EXIT

# The fakes are test classes: the load program runs on the jar, target/test-classes and JUnit's
# API (FakeApns skips a test without openssl through Assumptions), from ~/.m2 where the test build
# put them (the versions of pom.xml's junit-bom).
: "${PUSH_JUNIT_API_JAR:=$HOME/.m2/repository/org/junit/jupiter/junit-jupiter-api/5.14.4/junit-jupiter-api-5.14.4.jar}"
: "${PUSH_OPENTEST4J_JAR:=$HOME/.m2/repository/org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar}"
load_classpath() {
  if [[ ! -f target/test-classes/app/freety/notify/push/FakeFcm.class || ! -f $PUSH_JUNIT_API_JAR ]]; then
    log "compiling the test classes (the fake providers)"
    mvn -q -B -o test-compile
  fi
  [[ -f $PUSH_JUNIT_API_JAR && -f $PUSH_OPENTEST4J_JAR ]] \
    || die "no $PUSH_JUNIT_API_JAR or $PUSH_OPENTEST4J_JAR: run mvn test-compile, or set PUSH_JUNIT_API_JAR/PUSH_OPENTEST4J_JAR"
  LOAD_CP="$FREETY_JAR:target/test-classes:$PUSH_JUNIT_API_JAR:$PUSH_OPENTEST4J_JAR"
}

wait_for_file() {
  local file=$1 seconds=$2
  for ((i = 0; i < seconds * 10; i++)); do
    [[ -f $file ]] && return 0
    kill -0 "$LOAD_PID" 2>/dev/null || die "the load program exited (log: $LOAD_LOG)"
    sleep 0.1
  done
  die "no $file after $seconds s (log: $LOAD_LOG)"
}

main() {
  require_tools mvn openssl
  ensure_results_dir
  resolve_jar -o
  load_classpath
  reset_database

  local busy_before load_before
  busy_before=$(sample_busy)
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  log "machine busy before the run: $busy_before (load $load_before); starting the fakes and the ceiling"
  PUSH_DB_URI=$(bench_db_uri) PUSH_CLOCK_TICKS=$(getconf CLK_TCK) java $PUSH_LOAD_JAVA_OPTS -cp "$LOAD_CP" bench/push/PushLoad.java "$TMP_DIR" \
    >"$TMP_DIR/report.txt" 2> >(tee "$LOAD_LOG" >&2) &
  LOAD_PID=$!
  wait_for_file "$TMP_DIR/ceiling-done" 300

  set -a
  # shellcheck disable=SC1091
  source "$TMP_DIR/server.env"
  set +a
  # No S3 here: the database check of /health/ready is enough for the sender.
  start_bench_server ready_database
  echo "$SERVER_PID" >"$TMP_DIR/server-ready"

  local status=0
  wait "$LOAD_PID" || status=$?
  LOAD_PID=
  ((status == 0)) || die "the load program exited with $status (log: $LOAD_LOG)"
  require_alive "$SERVER_PID" "$SERVER_LOG"

  local errors
  # Without an S3Proxy the photo store is reported down at start: expected, not counted.
  errors=$(grep -E '"level":"(WARN|ERROR)"' "$SERVER_LOG" | grep -vc '"event":"object-storage-down"' || true)
  {
    echo "push sender, $(date -u +%FT%TZ), jar $FREETY_JAR"
    echo "machine   : $(nproc) cores; busy before $busy_before (load $load_before), load after" \
      "$(cut -d' ' -f1-3 /proc/loadavg); the fakes, the server and MariaDB share these cores"
    database_memory_line
    echo "sender    : $FREETY_VERTICLES_NOTIFY_INSTANCES instance(s), batch $FREETY_PUSH_BATCH_SIZE, poll" \
      "${FREETY_PUSH_POLL_MS} ms; $PUSH_MEMBERS members, every one an Android phone, a share of $PUSH_IOS_SHARE an iPhone too"
    cat "$TMP_DIR/report.txt"
    echo "server log: $errors WARN/ERROR lines ($SERVER_LOG)"
  } | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
