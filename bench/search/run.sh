#!/usr/bin/env bash
# Post search under load: a realistic mix of searches and post details through HTTP (wrk), next to
# the ceiling measured in the same run — the same mix straight against MariaDB with the server's
# own search code. See bench/README.md.
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."

# --- knobs (see bench/README.md) --------------------------------------------------------------
: "${BENCH_DESIGNERS:=5000}" "${BENCH_MODELS:=20000}" "${BENCH_POSTS:=50000}" "${BENCH_PICKS:=100000}"
: "${BENCH_APPLICATION_SHARE:=0.3}"
: "${BENCH_MIX_LINES:=2000}"
: "${BENCH_DURATION:=20}" "${BENCH_WARMUP:=10}" "${BENCH_CONNECTIONS:=16 64}" "${BENCH_WRK_THREADS:=2}"
: "${BENCH_WRK_TIMEOUT:=30s}" "${BENCH_CEILING_WARMUP:=3}" "${BENCH_KIND_SECONDS:=3}" "${BENCH_KIND_CONNECTIONS:=16}"
: "${BENCH_PORT:=18090}" "${BENCH_READY_TIMEOUT:=90}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=off}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_search_bench}"
# BENCH_SCENARIO=compression: instead of the search scenarios, bytes per page and req/s at
# BENCH_COMPRESSION_CONNECTIONS for each of BENCH_ENCODINGS, BENCH_COMPRESSION_ROUNDS interleaved rounds.
: "${BENCH_SCENARIO:=search}" "${BENCH_ENCODINGS:=identity gzip}" "${BENCH_COMPRESSION_ROUNDS:=3}"
: "${BENCH_COMPRESSION_SECONDS:=10}" "${BENCH_COMPRESSION_CONNECTIONS:=16}"
: "${FREETY_DB_POOL_SIZE:=16}" "${FREETY_VERTICLES_HTTP_INSTANCES:=2}" "${FREETY_VERTICLES_POST_INSTANCES:=2}"
export FREETY_DB_POOL_SIZE FREETY_VERTICLES_HTTP_INSTANCES FREETY_VERTICLES_POST_INSTANCES

TARGET_P99_MS=50      # at 64 connections
TARGET_RATIO=0.8      # server req/s ÷ ceiling req/s

SEARCH_DIR=bench/search
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/search-$STAMP.txt
SERVER_LOG=$RESULTS_DIR/search-$STAMP.server.log
DETAIL_LOG=$RESULTS_DIR/search-$STAMP.runs.txt
MIX_FILE=$RESULTS_DIR/search-$STAMP.mix.tsv
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-search-bench.XXXXXX")
SERVER_PID=
LOAD_PID=
BASE_URL=http://127.0.0.1:$BENCH_PORT
TEST_CLASSES=
DB_URI=
TOKEN=
MEMBER_ID=
BUSY_BEFORE=
DB_PID=
declare -A RESULT=()
KINDS=()

log() { printf '[search-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  [[ -z $LOAD_PID ]] || kill "$LOAD_PID" 2>/dev/null || true
  stop_server
  rm -rf "$TMP_DIR"
}

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Runs a load command in the background and waits for it, so Ctrl-C reaches the trap at once.
run_load() {
  "$@" &
  LOAD_PID=$!
  local status=0
  wait "$LOAD_PID" || status=$?
  LOAD_PID=
  return "$status"
}

# --- prerequisites -----------------------------------------------------------------------------

require_tools() {
  local tool
  for tool in java curl; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
  MYSQL=$(command -v mariadb || command -v mysql) || die "the mariadb or mysql client is required"
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    local sudo=
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq wrk >/dev/null
  fi
}

resolve_jar() {
  if [[ -n ${FREETY_JAR:-} ]]; then
    [[ -f $FREETY_JAR ]] || die "FREETY_JAR=$FREETY_JAR does not exist"
    return
  fi
  FREETY_JAR=$PWD/target/freety-server.jar
  if [[ ! -f $FREETY_JAR ]]; then
    log "building $FREETY_JAR"
    mvn -q -B -DskipTests package
  fi
}

# The seeder's generator (app.freety.dev.SeoulData) lives with the tests, where it also makes the
# embedded default's demo data: compile them when they are missing or older than its sources.
resolve_test_classes() {
  TEST_CLASSES=$PWD/target/test-classes
  local generator=$TEST_CLASSES/app/freety/dev/SeoulData.class
  if [[ ! -f $generator ]] || [[ -n $(find src/test/java/app/freety/dev -name '*.java' -newer "$generator") ]]; then
    log "compiling the test classes (the seeder's generator)"
    mvn -q -B test-compile
  fi
}

# Single-file Java programs run on the server jar's classpath: its driver, Vert.x and search code.
bench_java() {
  local program=$1
  shift
  java -cp "$FREETY_JAR" "$SEARCH_DIR/$program" "$@"
}

# --- database ----------------------------------------------------------------------------------

db() {
  MYSQL_PWD=$BENCH_DB_PASSWORD "$MYSQL" -h "$BENCH_DB_HOST" -P "$BENCH_DB_PORT" -u "$BENCH_DB_USER" \
    --batch --skip-column-names "$@"
}

reset_database() {
  # The database is dropped: refuse anything that does not look like a scratch database.
  [[ $BENCH_DB_NAME =~ ^[A-Za-z0-9_]*bench[A-Za-z0-9_]*$ ]] \
    || die "BENCH_DB_NAME must contain 'bench' (it is dropped), got '$BENCH_DB_NAME'"
  log "recreating database $BENCH_DB_NAME on $BENCH_DB_HOST:$BENCH_DB_PORT"
  db -e "DROP DATABASE IF EXISTS \`$BENCH_DB_NAME\`;
         CREATE DATABASE \`$BENCH_DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  local credentials=$BENCH_DB_USER
  [[ -z $BENCH_DB_PASSWORD ]] || credentials+=":$BENCH_DB_PASSWORD"
  DB_URI=mysql://$credentials@$BENCH_DB_HOST:$BENCH_DB_PORT/$BENCH_DB_NAME
}

# wrk stops with requests still queued in the server (at 64 connections and slow searches, seconds
# of work): wait until no statement runs on the bench database, twice in a row, before going on.
wait_database_idle() {
  local deadline=$((SECONDS + 180)) quiet=0 busy
  while ((quiet < 2)); do
    # Prepared statements show as Execute, plain ones as Query: anything but Sleep is work.
    busy=$(db -e "SELECT COUNT(*) FROM information_schema.processlist
                  WHERE db = '$BENCH_DB_NAME' AND command <> 'Sleep'")
    if ((busy == 0)); then quiet=$((quiet + 1)); else quiet=0; fi
    ((SECONDS < deadline)) || { log "WARNING: the database is still busy"; return; }
    sleep 0.3
  done
}

# --- server ------------------------------------------------------------------------------------

start_server() {
  (exec 3<>"/dev/tcp/127.0.0.1/$BENCH_PORT") 2>/dev/null && die "port $BENCH_PORT is taken (set BENCH_PORT)"
  local java_opts=($BENCH_JAVA_OPTS)
  # One access-log line per request costs the server real CPU at thousands of req/s.
  [[ $BENCH_ACCESS_LOG == on ]] || export FREETY_LOGGING_LEVELS="io.micrometer.core.instrument.MeterRegistry=ERROR,freety.access=WARN"
  # Development mode: the ceiling and the cursors in the mix use the development JWT secret.
  export FREETY_MODE=development FREETY_JWT_ACCESS_TOKEN_MINUTES=${FREETY_JWT_ACCESS_TOKEN_MINUTES:-120}
  export FREETY_HTTP_HOST=127.0.0.1 FREETY_HTTP_PORT=$BENCH_PORT FREETY_DB_URI=$DB_URI
  # The limits are per IP and per email; every request here comes from 127.0.0.1.
  local limit=100000000
  export FREETY_RATE_LIMITS_LOGIN_PER_IP_LIMIT=$limit FREETY_RATE_LIMITS_LOGIN_PER_EMAIL_LIMIT=$limit
  export FREETY_RATE_LIMITS_SIGNUP_PER_IP_LIMIT=$limit FREETY_RATE_LIMITS_SIGNUP_PER_EMAIL_LIMIT=$limit

  log "starting $FREETY_JAR on $BASE_URL (log: $SERVER_LOG)"
  java "${java_opts[@]}" -jar "$FREETY_JAR" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + BENCH_READY_TIMEOUT))
  until database_ready; do
    require_server_alive
    ((SECONDS < deadline)) || { tail -n 20 "$SERVER_LOG" >&2; die "not ready after ${BENCH_READY_TIMEOUT}s"; }
    sleep 0.25
  done
  log "server ready (pid $SERVER_PID)"
}

# /health/ready also checks the photo store, which reports DOWN here: searches and details never
# touch it (there are no photos), so the database check is the one that matters.
database_ready() {
  curl -fs -o /dev/null --max-time 2 "$BASE_URL/health/live" \
    && curl -s --max-time 5 "$BASE_URL/health/ready" | grep -q '"database":{"status":"UP"'
}

require_server_alive() {
  kill -0 "$SERVER_PID" 2>/dev/null && return
  tail -n 20 "$SERVER_LOG" >&2
  SERVER_PID=
  die "the server died"
}

# --- data and mix ------------------------------------------------------------------------------

seed() {
  log "seeding $BENCH_DESIGNERS designers, $BENCH_MODELS models, $BENCH_POSTS posts, $BENCH_PICKS picks," \
    "applications on a share of $BENCH_APPLICATION_SHARE of the posts"
  java -cp "$FREETY_JAR:$TEST_CLASSES" "$SEARCH_DIR/Seed.java" "$DB_URI" "$BENCH_DESIGNERS" "$BENCH_MODELS" \
    "$BENCH_POSTS" "$BENCH_PICKS" "$BENCH_APPLICATION_SHARE" | tee "$TMP_DIR/seed.txt" >&2
}

sign_up_model() {
  local status
  status=$(curl -s -o "$TMP_DIR/signup.json" -w '%{http_code}' --max-time 30 \
    -H 'Content-Type: application/json' "$BASE_URL/api/v1/auth/signup" \
    --data '{"email":"search-bench@example.com","password":"bench-password-1","name":"벤치 모델","role":"MODEL"}')
  [[ $status == 201 ]] || die "sign-up returned $status: $(cat "$TMP_DIR/signup.json")"
  TOKEN=$(grep -o '"accessToken":"[^"]*"' "$TMP_DIR/signup.json" | cut -d'"' -f4)
  MEMBER_ID=$(grep -o '"member":{"id":[0-9]*' "$TMP_DIR/signup.json" | grep -o '[0-9]*$')
  export BENCH_MEMBER_ID=$MEMBER_ID
}

# After seeding, so ids are real; second pages carry cursors from live first pages.
build_mix() {
  log "building the request mix ($BENCH_MIX_LINES lines)"
  bench_java Mix.java "$DB_URI" "$BASE_URL" "$TOKEN" "$MIX_FILE" "$BENCH_MIX_LINES" | tee "$TMP_DIR/mix.txt" >&2
  mapfile -t KINDS < <(cut -f1 "$MIX_FILE" | sort -u)
}

# --- CPU accounting ----------------------------------------------------------------------------

# "<total ticks> <idle ticks> <app ticks> <db ticks>" for the machine, a process and MariaDB.
cpu_snapshot() {
  local app=${1:-} user nice system idle iowait irq softirq steal rest
  read -r _ user nice system idle iowait irq softirq steal rest </proc/stat
  echo "$((user + nice + system + idle + iowait + irq + softirq + steal)) $((idle + iowait))" \
    "$(process_ticks "$app") $(process_ticks "$DB_PID")"
}

process_ticks() {
  [[ -n $1 && -r /proc/$1/stat ]] || { echo 0; return; }
  # utime and stime; the command name is in parentheses and may contain spaces.
  sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# cpu_usage <before> <after> [app %] [load-tool CPU seconds]: "app=…% db=…% wrk=…% other=…% idle=…%",
# 100 % being one core. app is the server JVM unless given (the ceiling measures its own); other is
# whatever else ran on the machine, which should be close to 0.
cpu_usage() {
  awk -v cores="$(nproc)" -v hz="$(getconf CLK_TCK)" -v b="$1" -v a="$2" -v app_pct="${3:-}" -v load_s="${4:-0}" 'BEGIN {
    split(b, x); split(a, y); total = y[1] - x[1]
    if (total <= 0) { print "app=- db=- wrk=- other=- idle=-"; exit }
    scale = 100 * cores / total; idle = (y[2] - x[2]) * scale
    app = app_pct != "" ? app_pct : (y[3] - x[3]) * scale
    db = (y[4] - x[4]) * scale; load = load_s * hz * scale
    other = 100 * cores - idle - app - db - load; if (other < 0) other = 0
    printf "app=%.0f%% db=%.0f%% wrk=%.0f%% other=%.0f%% idle=%.0f%%", app, db, load, other, idle }'
}

# --- load --------------------------------------------------------------------------------------

# run_wrk <name> <connections> <seconds> [kind]: stores the script's BENCH line and the CPU use
# during the run in RESULT[name].
run_wrk() {
  local name=$1 connections=$2 seconds=$3 kind=${4:-} output=$TMP_DIR/wrk.out before after
  require_server_alive
  log "server $name: ${seconds}s at $connections connections${kind:+, $kind only}"
  before=$(cpu_snapshot "$SERVER_PID")
  times >"$TMP_DIR/times.before"
  MIX_FILE=$MIX_FILE TOKEN=$TOKEN MIX_KIND=$kind run_load wrk -t"$BENCH_WRK_THREADS" -c"$connections" \
    -d"${seconds}s" --timeout "$BENCH_WRK_TIMEOUT" --latency -s "$SEARCH_DIR/mix.lua" "$BASE_URL" \
    >"$output" 2>&1 || log "wrk failed for $name"
  times >"$TMP_DIR/times.after"
  after=$(cpu_snapshot "$SERVER_PID")
  { printf '=== server %s (wrk -t%s -c%s -d%ss%s)\n' "$name" "$BENCH_WRK_THREADS" "$connections" "$seconds" \
      "${kind:+, MIX_KIND=$kind}"
    cat "$output"; echo; } >>"$DETAIL_LOG"
  local wrk_cpu
  wrk_cpu=$(awk -v a="$(children_cpu_seconds "$TMP_DIR/times.after")" \
    -v b="$(children_cpu_seconds "$TMP_DIR/times.before")" 'BEGIN { print a - b }')
  RESULT["server $name"]="$(grep '^BENCH ' "$output" || true) cpu $(cpu_usage "$before" "$after" "" "$wrk_cpu")"
  wait_database_idle
}

# The CPU seconds of this shell's finished children, from the output of `times` (its second line):
# the difference around a wrk run is wrk's own CPU, give or take a few ms of sed and awk.
children_cpu_seconds() {
  tail -n 1 "$1" | awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); sum += t[1] * 60 + t[2] } } END { print sum }'
}

# run_ceiling <name> <connections> <seconds> [kind]: the ceiling prints MARK lines around its
# measured window, where the CPU is sampled; its own CPU comes in its BENCH line. It is read
# through a descriptor so that LOAD_PID is the JVM itself and the trap can stop it.
run_ceiling() {
  local name=$1 connections=$2 seconds=$3 kind=${4:-} output=$TMP_DIR/ceiling.out before= after= line fd
  log "ceiling $name: ${seconds}s at $connections in flight${kind:+, $kind}"
  : >"$output"
  exec {fd}< <(MIX_KIND=$kind CEILING_WARMUP_SECONDS=$BENCH_CEILING_WARMUP exec java -cp "$FREETY_JAR" \
    "$SEARCH_DIR/SearchCeiling.java" "$DB_URI" "$MIX_FILE" "$connections" "$seconds" 2>&1)
  LOAD_PID=$!
  while IFS= read -r -u "$fd" line; do
    case $line in
      "MARK measure-start") before=$(cpu_snapshot) ;;
      "MARK measure-end") after=$(cpu_snapshot) ;;
      *) echo "$line" >>"$output" ;;
    esac
  done
  exec {fd}<&-
  wait "$LOAD_PID" 2>/dev/null || true
  LOAD_PID=
  { printf '=== ceiling %s (%s in flight, %ss%s)\n' "$name" "$connections" "$seconds" "${kind:+, MIX_KIND=$kind}"
    cat "$output"; echo; } >>"$DETAIL_LOG"
  local bench
  bench=$(grep '^BENCH ' "$output" || true)
  [[ -n $kind ]] || [[ -n $bench ]] || { cat "$output" >&2; die "the ceiling printed no result"; }
  local usage=
  if [[ -n $before && -n $after ]]; then
    usage=$(cpu_usage "$before" "$after" "$(sed -n 's/.*cpu_self_pct=\([0-9.]*\).*/\1/p' <<<"$bench")")
  fi
  RESULT["ceiling $name"]="$bench cpu $usage"
  grep '^KIND ' "$output" >"$TMP_DIR/ceiling-kinds.$name" || true
}

run_scenarios() {
  if ((BENCH_WARMUP > 0)); then
    run_wrk warm-up 16 "$BENCH_WARMUP"
  fi
  local c kind
  for c in $BENCH_CONNECTIONS; do
    run_wrk "c$c" "$c" "$BENCH_DURATION"
    run_ceiling "c$c" "$c" "$BENCH_DURATION"
  done
  if ((BENCH_KIND_SECONDS > 0)); then
    for kind in "${KINDS[@]}"; do
      run_wrk "kind $kind" "$BENCH_KIND_CONNECTIONS" "$BENCH_KIND_SECONDS" "$kind"
    done
    run_ceiling kinds "$BENCH_KIND_CONNECTIONS" "$BENCH_KIND_SECONDS" each
  fi
  require_server_alive
}

# --- compression scenario ------------------------------------------------------------------------

# Bytes on the wire of one path as sent for an Accept-Encoding ("identity" asks for none).
wire_bytes() {
  local path=$1 encoding=$2
  curl -s -o /dev/null -w '%{size_download}' --max-time 30 -H "Authorization: Bearer $TOKEN" \
    -H "Accept-Encoding: $encoding" "$BASE_URL$path"
}

# The mix's own pages: the first search of each list kind and the first details, bytes per encoding.
run_compression() {
  local kind path encoding round
  : >"$TMP_DIR/bytes.tsv"
  for kind in area sort near text detail; do
    path=$(awk -F'\t' -v k="$kind" '$1 == k { print $2; exit }' "$MIX_FILE")
    [[ -n $path ]] || continue
    for encoding in $BENCH_ENCODINGS; do
      printf '%s\t%s\t%s\n' "$kind" "$encoding" "$(wire_bytes "$path" "$encoding")" >>"$TMP_DIR/bytes.tsv"
    done
  done
  if ((BENCH_WARMUP > 0)); then
    run_wrk warm-up 16 "$BENCH_WARMUP"
  fi
  for ((round = 1; round <= BENCH_COMPRESSION_ROUNDS; round++)); do
    for encoding in $BENCH_ENCODINGS; do
      ACCEPT_ENCODING=$([[ $encoding == identity ]] || echo "$encoding") \
        run_wrk "$encoding round $round" "$BENCH_COMPRESSION_CONNECTIONS" "$BENCH_COMPRESSION_SECONDS"
    done
  done
  require_server_alive
}

print_compression_summary() {
  local encoding round kind rps p99 sum_rps sum_p99 n
  printf 'Freety compression benchmark, %s (commit %s)\n' "$STAMP" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  printf 'machine : %s cores, %s busy just before the run\n' "$(nproc)" "$BUSY_BEFORE"
  printf 'server  : %s, verticles http/post %s/%s\n' "$(basename "$FREETY_JAR")" \
    "$FREETY_VERTICLES_HTTP_INSTANCES" "$FREETY_VERTICLES_POST_INSTANCES"
  printf '\nbytes on the wire (the first page of each kind in the mix)\n'
  printf '  %-8s' kind; for encoding in $BENCH_ENCODINGS; do printf '%10s' "$encoding"; done; printf '\n'
  for kind in $(cut -f1 "$TMP_DIR/bytes.tsv" | uniq); do
    printf '  %-8s' "$kind"
    for encoding in $BENCH_ENCODINGS; do
      printf '%10s' "$(awk -F'\t' -v k="$kind" -v e="$encoding" '$1 == k && $2 == e { print $3 }' "$TMP_DIR/bytes.tsv")"
    done
    printf '\n'
  done
  printf '\nthe whole mix at %s connections, %s rounds of %ss, interleaved (req/s, p99 ms per round; mean)\n' \
    "$BENCH_COMPRESSION_CONNECTIONS" "$BENCH_COMPRESSION_ROUNDS" "$BENCH_COMPRESSION_SECONDS"
  for encoding in $BENCH_ENCODINGS; do
    printf '  %-9s' "$encoding"
    sum_rps=0 sum_p99=0 n=0
    for ((round = 1; round <= BENCH_COMPRESSION_ROUNDS; round++)); do
      rps=$(field "server $encoding round $round" rps) p99=$(field "server $encoding round $round" p99_ms)
      printf '%9s /%7s' "$rps" "$p99"
      sum_rps=$(awk -v a="$sum_rps" -v b="$rps" 'BEGIN { print a + b }')
      sum_p99=$(awk -v a="$sum_p99" -v b="$p99" 'BEGIN { print a + b }')
      n=$((n + 1))
    done
    printf '   mean %8.1f req/s, p99 %6.1f ms\n' "$(awk -v s="$sum_rps" -v n="$n" 'BEGIN { print s / n }')" \
      "$(awk -v s="$sum_p99" -v n="$n" 'BEGIN { print s / n }')"
  done
}

# --- report ------------------------------------------------------------------------------------

# field <result> <key>: one key=value from a stored result line, "-" when missing.
field() {
  local value
  value=$(sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" ${RESULT[$1]:-}")
  echo "${value:--}"
}

# kind_field <kind> <key>: from the ceiling's per-kind run.
kind_field() {
  local value
  value=$(grep "^KIND $1 " "$TMP_DIR/ceiling-kinds.kinds" 2>/dev/null | sed -n "s/.* $2=\([^ ]*\).*/\1/p" | head -1)
  echo "${value:--}"
}

divide() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

# verdict <value> <op> <limit>: "met" or "NOT met".
verdict() {
  awk -v v="$1" -v op="$2" -v limit="$3" 'BEGIN {
    if (v == "-") { print "unknown"; exit }
    ok = (op == "<=") ? (v + 0 <= limit + 0) : (v + 0 >= limit + 0); print ok ? "met" : "NOT met" }'
}

print_row() {
  local name=$1 non2xx=${2:--} errors=${3:--}
  printf '%-12s %9s %9s %9s %9s %8s %8s   %s\n' "$name" "$(field "$name" rps)" "$(field "$name" p50_ms)" \
    "$(field "$name" p99_ms)" "$(field "$name" p999_ms)" "$non2xx" "$errors" \
    "$(printf 'app %-5s db %-5s wrk %-5s other %-5s idle %s' "$(field "$name" app)" "$(field "$name" db)" \
      "$(field "$name" wrk)" "$(field "$name" other)" "$(field "$name" idle)")"
}

print_summary() {
  local commit c name kind
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "Freety search benchmark, $STAMP (commit $commit)"
  echo "machine : $(nproc) cores, $BUSY_BEFORE busy just before the run; wrk -t$BENCH_WRK_THREADS and MariaDB on the same box"
  busy_machine_warning
  echo "server  : $(basename "$FREETY_JAR"), verticles http/post $FREETY_VERTICLES_HTTP_INSTANCES/$FREETY_VERTICLES_POST_INSTANCES," \
    "db pool $FREETY_DB_POOL_SIZE, access log $BENCH_ACCESS_LOG${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS}"
  echo "data    : $(db "$BENCH_DB_NAME" -e "
    SELECT CONCAT(SUM(role = 'DESIGNER'), ' designers, ', SUM(role = 'MODEL'), ' models, ',
                  (SELECT COUNT(*) FROM post), ' posts (', (SELECT COUNT(*) FROM post WHERE status = 'OPEN'), ' OPEN), ',
                  (SELECT COUNT(*) FROM post_term), ' post_term rows, ', (SELECT COUNT(*) FROM pick), ' picks')
    FROM member")"
  echo "matching: $(matching_summary)"
  echo "mix     : $(sed -n 's/^mix: //p' "$TMP_DIR/mix.txt" | sed 's/ -> .*//')"
  echo "runs    : ${BENCH_DURATION}s each after a ${BENCH_WARMUP}s server warm-up; the ceiling warms up ${BENCH_CEILING_WARMUP}s"
  echo
  printf '%-12s %9s %9s %9s %9s %8s %8s   %s\n' "" "req/s" "p50 ms" "p99 ms" "p99.9 ms" non-2xx "errors" \
    "CPU during the run (100% = one core)"
  for c in $BENCH_CONNECTIONS; do
    print_row "server c$c" "$(field "server c$c" non2xx)" "$(field "server c$c" errors)"
    print_row "ceiling c$c" - "$(field "ceiling c$c" errors)"
    printf '%-12s %9s\n' "ratio" "$(divide "$(field "server c$c" rps)" "$(field "ceiling c$c" rps)")"
  done
  echo "ratio = server req/s ÷ ceiling req/s. The ceiling runs the same mix (searches and details) with the"
  echo "same requests in flight straight against MariaDB, through the server's PostSearchQuery, PostSearchReader,"
  echo "detail statement and pool settings: no HTTP, event bus or JSON. errors = wrk socket errors (timeout"
  echo "$BENCH_WRK_TIMEOUT) / failed statements in the ceiling. app = the server JVM, or the ceiling JVM on ceiling rows."
  echo "A ratio above 1 is noise: the server runs the same statements plus HTTP, so it cannot beat the ceiling."
  echo
  echo "targets"
  local p99 ratio
  if [[ " $BENCH_CONNECTIONS " == *" 64 "* ]]; then
    p99=$(field "server c64" p99_ms)
    printf '  %-44s %10s  %s\n' "p99 <= $TARGET_P99_MS ms at 64 connections" "$p99 ms" "$(verdict "$p99" "<=" "$TARGET_P99_MS")"
  fi
  for c in $BENCH_CONNECTIONS; do
    ratio=$(divide "$(field "server c$c" rps)" "$(field "ceiling c$c" rps)")
    printf '  %-44s %10s  %s\n' "throughput >= $TARGET_RATIO x ceiling at c$c" "$ratio" "$(verdict "$ratio" ">=" "$TARGET_RATIO")"
  done
  if ((BENCH_KIND_SECONDS > 0)); then
    echo
    echo "per kind: each kind alone, ${BENCH_KIND_SECONDS}s at $BENCH_KIND_CONNECTIONS connections / in flight"
    printf '  %-8s %10s %9s %9s %8s   %10s %9s %9s   %6s\n' kind "server r/s" "p50 ms" "p99 ms" non-2xx \
      "ceil r/s" "p50 ms" "p99 ms" ratio
    for kind in "${KINDS[@]}"; do
      name="server kind $kind"
      printf '  %-8s %10s %9s %9s %8s   %10s %9s %9s   %6s\n' "$kind" "$(field "$name" rps)" "$(field "$name" p50_ms)" \
        "$(field "$name" p99_ms)" "$(field "$name" non2xx)" "$(kind_field "$kind" rps)" "$(kind_field "$kind" p50_ms)" \
        "$(kind_field "$kind" p99_ms)" "$(divide "$(field "$name" rps)" "$(kind_field "$kind" rps)")"
    done
  fi
  echo
  echo "statuses"
  for c in $BENCH_CONNECTIONS; do printf '  server c%-4s %s\n' "$c" "$(field "server c$c" statuses)"; done
  echo
  echo "server log: $(server_log_counts) in $SERVER_LOG"
  echo "all runs  : $DETAIL_LOG (wrk latency distributions, the ceiling's per-kind split of the mix)"
  echo "mix       : $MIX_FILE"
}

# The matching data, or why there is none: a jar from before the matching migration has no tables for it.
matching_summary() {
  local tables
  tables=$(db -e "SELECT COUNT(*) FROM information_schema.tables
                  WHERE table_schema = '$BENCH_DB_NAME' AND table_name = 'application'")
  if ((tables == 0)); then
    echo "none (no application table: a schema before the matching migration)"
    return
  fi
  db "$BENCH_DB_NAME" -e "
    SELECT CONCAT((SELECT COUNT(*) FROM application), ' applications (',
                  (SELECT COUNT(*) FROM application WHERE status IN ('PENDING', 'ACCEPTED')), ' live) on ',
                  (SELECT COUNT(*) FROM post WHERE application_count > 0), ' posts, ',
                  (SELECT COUNT(*) FROM application_event), ' events, ',
                  (SELECT COUNT(*) FROM designer_profile WHERE rating_count > 0), ' designers rated;',
                  ' share $BENCH_APPLICATION_SHARE')"
}

# With the access log on, a run writes one line per request; only the non-2xx ones are worth keeping.
trim_access_log() {
  [[ $BENCH_ACCESS_LOG == on ]] || return 0
  grep -v -E 'freety\.access - .*"status":2[0-9][0-9][,}]' "$SERVER_LOG" >"$SERVER_LOG.kept" || true
  mv "$SERVER_LOG.kept" "$SERVER_LOG"
}

server_log_counts() {
  local warn error
  warn=$(grep -c ' WARN ' "$SERVER_LOG" || true)
  error=$(grep -c ' ERROR ' "$SERVER_LOG" || true)
  echo "$warn WARN, $error ERROR"
}

# Everything shares the cores here, so a build or test run elsewhere moves every number. The load
# average would still count the previous benchmark run, so the check samples the CPU itself.
busy_machine_warning() {
  awk -v busy="${BUSY_BEFORE%\%}" 'BEGIN {
    if (busy > 25) printf "WARNING : the machine was %s%% busy just before the run: expect noisy numbers\n", busy }'
  local row other
  for row in "${!RESULT[@]}"; do
    other=$(field "$row" other)
    awk -v o="${other%\%}" 'BEGIN { exit !(o + 0 > 25) }' \
      && echo "WARNING : other processes used $other of a core during \"$row\": that row is suspect"
  done
  return 0
}

# The share of the machine's CPU in use over three seconds, as "<n>%".
sample_busy() {
  local before after
  before=$(cpu_snapshot)
  sleep 3
  after=$(cpu_snapshot)
  awk -v b="$before" -v a="$after" 'BEGIN { split(b, x); split(a, y); t = y[1] - x[1]
    printf "%.0f%%", (t > 0 ? 100 * (1 - (y[2] - x[2]) / t) : 0) }'
}

ensure_results_dir() {
  mkdir -p "$RESULTS_DIR"
  [[ -f $RESULTS_DIR/.gitignore ]] || printf '*\n!.gitignore\n' >"$RESULTS_DIR/.gitignore"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ensure_results_dir
  BUSY_BEFORE=$(sample_busy)
  require_tools
  resolve_jar
  resolve_test_classes
  DB_PID=$(pidof mariadbd || pidof mysqld || true)
  DB_PID=${DB_PID%% *}
  reset_database
  start_server  # runs the migrations
  seed
  sign_up_model
  build_mix
  if [[ $BENCH_SCENARIO == compression ]]; then
    SUMMARY_FILE=$RESULTS_DIR/compression-$STAMP.txt
    run_compression
    stop_server
    print_compression_summary | tee "$SUMMARY_FILE"
    log "summary written to $SUMMARY_FILE"
    return
  fi
  run_scenarios
  stop_server
  trim_access_log
  print_summary | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
