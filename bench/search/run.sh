#!/usr/bin/env bash
# Post search under load: a realistic mix of searches and post details through HTTP (wrk), next to
# the ceiling measured in the same run — the same mix straight against MariaDB with the server's
# own search code. See bench/README.md.
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
if [[ -n ${FREETY_BASELINE_JAR:-} ]]; then FREETY_BASELINE_JAR=$(realpath "$FREETY_BASELINE_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
# shellcheck source=../lib/report.sh
source bench/lib/report.sh
# shellcheck source=../lib/search-data.sh
source bench/lib/search-data.sh
LOG_TAG=search-bench

# --- knobs (see bench/README.md; the data's and the mix's are in bench/lib/search-data.sh) -------
# The warm-up covers the JIT's first compilations: for about 30 s of load a fresh server's C2
# compiler threads took ~40 % of a core (JFR, 2026-11-30), and a 10 s warm-up left the c16 run in it.
: "${BENCH_DURATION:=20}" "${BENCH_WARMUP:=40}" "${BENCH_CONNECTIONS:=16 64}" "${BENCH_WRK_THREADS:=2}"
: "${BENCH_WRK_TIMEOUT:=30s}" "${BENCH_CEILING_WARMUP:=3}" "${BENCH_KIND_SECONDS:=8}" "${BENCH_KIND_CONNECTIONS:=16}"
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

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/search-$STAMP.txt
DETAIL_LOG=$RESULTS_DIR/search-$STAMP.runs.txt
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-search-bench.XXXXXX")
LOAD_PID=
DB_URI=
BUSY_BEFORE=
DB_PID=
declare -A RESULT=()
KINDS=()
# The jars measured: "current" alone, or "baseline" and "current" (FREETY_BASELINE_JAR) on the same
# seeded database, each with its own server, sign-up, mix and ceiling classes. The maps hold each one's.
JARS=(current)
declare -A JAR_OF=() PID_OF=() URL_OF=() TOKEN_OF=() MEMBER_OF=() MIX_OF=() LOG_OF=()
JAR_OF[current]=
MIX_OF[current]=$RESULTS_DIR/search-$STAMP.mix.tsv
LOG_OF[current]=$RESULTS_DIR/search-$STAMP.server.log
if [[ -n ${FREETY_BASELINE_JAR:-} ]]; then
  JARS=(baseline current)
  JAR_OF[baseline]=$FREETY_BASELINE_JAR
  MIX_OF[baseline]=$RESULTS_DIR/search-$STAMP.baseline.mix.tsv
  LOG_OF[baseline]=$RESULTS_DIR/search-$STAMP.baseline.server.log
fi
# Kept under these names for the single-jar output and the README's commands.
SERVER_LOG=${LOG_OF[current]}
MIX_FILE=${MIX_OF[current]}

comparing() { [[ ${#JARS[@]} -gt 1 ]]; }

# label <jar> <run>: a result's name. Alone, the current jar's runs keep their plain names.
label() { if comparing; then echo "$1 $2"; else echo "$2"; fi; }

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  [[ -z $LOAD_PID ]] || kill "$LOAD_PID" 2>/dev/null || true
  stop_servers
  rm -rf "$TMP_DIR"
}

stop_servers() {
  local jar
  for jar in "${JARS[@]}"; do
    stop_pid "${PID_OF[$jar]:-}"
    PID_OF[$jar]=
  done
}


# --- prerequisites -----------------------------------------------------------------------------

resolve_jars() {
  resolve_jar
  JAR_OF[current]=$FREETY_JAR
  if comparing; then
    [[ -f ${JAR_OF[baseline]} ]] || die "FREETY_BASELINE_JAR=${JAR_OF[baseline]} does not exist"
  fi
}

# --- server ------------------------------------------------------------------------------------

# start_server <jar>: on the first free port from BENCH_PORT. No S3 is started: /health/ready reports
# the photo store DOWN, but searches and details never touch it (photo URLs are signed locally and
# never loaded), so the database check is the one that matters.
start_server() {
  local jar=$1 port java_opts=($BENCH_JAVA_OPTS)
  port=$(pick_port "$BENCH_PORT")
  URL_OF[$jar]=http://127.0.0.1:$port
  # Development mode: the ceiling and the cursors in the mix use the development JWT secret.
  export FREETY_MODE=development
  export_server_env "$port"
  launch_server "${JAR_OF[$jar]}" "${LOG_OF[$jar]}" "${java_opts[@]}"
  PID_OF[$jar]=$LAUNCHED_PID
  wait_ready "${PID_OF[$jar]}" "${URL_OF[$jar]}" "${LOG_OF[$jar]}" ready_database
}

require_servers_alive() {
  local jar
  for jar in "${JARS[@]}"; do require_alive "${PID_OF[$jar]}" "${LOG_OF[$jar]}"; done
}

# --- data and mix ------------------------------------------------------------------------------

# sign_up_model <jar>: a model of the jar's own, through its server, for the bearer token.
sign_up_model() {
  local jar=$1 email=search-bench@example.com
  [[ $jar == current ]] || email=search-bench-$jar@example.com
  sign_up_search_model "${URL_OF[$jar]}" "$email" "$TMP_DIR/signup-$jar.json"
  TOKEN_OF[$jar]=$SIGNED_UP_TOKEN
  MEMBER_OF[$jar]=$SIGNED_UP_MEMBER
}

# build_mix <jar>: each jar's mix carries cursors from its own first pages.
build_mix() {
  local jar=$1
  build_search_mix "${JAR_OF[$jar]}" "$DB_URI" "${URL_OF[$jar]}" "${TOKEN_OF[$jar]}" "${MIX_OF[$jar]}" \
    "$TMP_DIR/mix-$jar.txt"
  [[ $jar != current ]] || mapfile -t KINDS < <(cut -f1 "$MIX_FILE" | sort -u)
}

# How far the two jars' mixes agree once the cursors are set aside.
mix_agreement() {
  local differing
  differing=$(diff <(sed 's/cursor=[^&]*//' "${MIX_OF[baseline]}") <(sed 's/cursor=[^&]*//' "${MIX_OF[current]}") \
    | grep -c '^>' || true)
  if ((differing == 0)); then
    echo "the two jars' mixes are the same requests (second-page cursors aside)"
  else
    echo "WARNING: $differing of $(wc -l <"$MIX_FILE") mix lines differ between the jars beyond the cursors"
  fi
}

# --- CPU accounting ----------------------------------------------------------------------------

# "<total ticks> <idle ticks> <app ticks> <db ticks>" for the machine, a process and MariaDB.
cpu_snapshot() {
  echo "$(cpu_total_idle) $(pid_ticks "${1:-}") $(pid_ticks "$DB_PID")"
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

# run_wrk <jar> <name> <connections> <seconds> [kind]: stores the script's BENCH line and the CPU use
# during the run in RESULT["server <name>"] (prefixed with the jar when comparing).
run_wrk() {
  local jar=$1 name=$2 connections=$3 seconds=$4 kind=${5:-} output=$TMP_DIR/wrk.out before after row
  row=$(label "$jar" "server $name")
  require_alive "${PID_OF[$jar]}" "${LOG_OF[$jar]}"
  log "$row: ${seconds}s at $connections connections${kind:+, $kind only}"
  before=$(cpu_snapshot "${PID_OF[$jar]}")
  times >"$TMP_DIR/times.before"
  MIX_FILE=${MIX_OF[$jar]} TOKEN=${TOKEN_OF[$jar]} MIX_KIND=$kind run_load wrk -t"$BENCH_WRK_THREADS" \
    -c"$connections" -d"${seconds}s" --timeout "$BENCH_WRK_TIMEOUT" --latency -s "$SEARCH_DIR/mix.lua" \
    "${URL_OF[$jar]}" >"$output" 2>&1 || log "wrk failed for $row"
  times >"$TMP_DIR/times.after"
  after=$(cpu_snapshot "${PID_OF[$jar]}")
  { printf '=== %s (wrk -t%s -c%s -d%ss%s)\n' "$row" "$BENCH_WRK_THREADS" "$connections" "$seconds" \
      "${kind:+, MIX_KIND=$kind}"
    cat "$output"; echo; } >>"$DETAIL_LOG"
  local wrk_cpu
  wrk_cpu=$(awk -v a="$(children_cpu_seconds "$TMP_DIR/times.after")" \
    -v b="$(children_cpu_seconds "$TMP_DIR/times.before")" 'BEGIN { print a - b }')
  RESULT["$row"]="$(grep '^BENCH ' "$output" || true) cpu $(cpu_usage "$before" "$after" "" "$wrk_cpu")"
  wait_database_idle
}

# The CPU seconds of this shell's finished children, from the output of `times` (its second line):
# the difference around a wrk run is wrk's own CPU, give or take a few ms of sed and awk.
children_cpu_seconds() {
  tail -n 1 "$1" | awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); sum += t[1] * 60 + t[2] } } END { print sum }'
}

# run_ceiling <jar> <name> <connections> <seconds> [kind]: SearchCeiling.java on the jar's own classes
# and mix. It prints MARK lines around its measured window, where the CPU is sampled; its own CPU
# comes in its BENCH line. It is read through a descriptor so that LOAD_PID is the JVM itself and
# the trap can stop it.
run_ceiling() {
  local jar=$1 name=$2 connections=$3 seconds=$4 kind=${5:-} output=$TMP_DIR/ceiling.out before= after= line fd row
  row=$(label "$jar" "ceiling $name")
  log "$row: ${seconds}s at $connections in flight${kind:+, $kind}"
  : >"$output"
  exec {fd}< <(MIX_KIND=$kind CEILING_WARMUP_SECONDS=$BENCH_CEILING_WARMUP BENCH_MEMBER_ID=${MEMBER_OF[$jar]} \
    exec java -cp "${JAR_OF[$jar]}" "$SEARCH_DIR/SearchCeiling.java" "$DB_URI" "${MIX_OF[$jar]}" "$connections" \
    "$seconds" 2>&1)
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
  { printf '=== %s (%s in flight, %ss%s)\n' "$row" "$connections" "$seconds" "${kind:+, MIX_KIND=$kind}"
    cat "$output"; echo; } >>"$DETAIL_LOG"
  local bench
  bench=$(grep '^BENCH ' "$output" || true)
  [[ -n $kind ]] || [[ -n $bench ]] || { cat "$output" >&2; die "the ceiling printed no result"; }
  local usage=
  if [[ -n $before && -n $after ]]; then
    usage=$(cpu_usage "$before" "$after" "$(sed -n 's/.*cpu_self_pct=\([0-9.]*\).*/\1/p' <<<"$bench")")
  fi
  RESULT["$row"]="$bench cpu $usage"
  grep '^KIND ' "$output" >"$TMP_DIR/ceiling-kinds.$row" || true
}

# run_costs <jar>: what each kind of search costs the database as counts (rows read and sorted per
# search, from MariaDB's session counters), one search at a time: unlike req/s, these do not move
# with the machine's load, so two jars' data designs compare on a busy box too.
run_costs() {
  local jar=$1
  log "rows read per search, $jar jar (one search at a time on one connection)"
  java -cp "${JAR_OF[$jar]}" "$SEARCH_DIR/SearchCost.java" "$DB_URI" "${MIX_OF[$jar]}" 2>"$TMP_DIR/costs-$jar.err" \
    | grep '^COST ' >"$TMP_DIR/costs-$jar.txt" || { cat "$TMP_DIR/costs-$jar.err" >&2; die "SearchCost failed ($jar)"; }
}

# cost_field <jar> <kind> <key>: one figure of a COST line.
cost_field() {
  awk -v kind="$2" -v key="$3" '$2 == kind { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) print kv[2] } }' \
    "$TMP_DIR/costs-$1.txt"
}

# Each measurement runs for every jar in turn (baseline, then current) before the next one starts,
# so drift of a shared machine hits both alike.
run_scenarios() {
  local c kind jar
  if ((BENCH_WARMUP > 0)); then
    for jar in "${JARS[@]}"; do run_wrk "$jar" warm-up 16 "$BENCH_WARMUP"; done
  fi
  for c in $BENCH_CONNECTIONS; do
    for jar in "${JARS[@]}"; do
      run_wrk "$jar" "c$c" "$c" "$BENCH_DURATION"
      run_ceiling "$jar" "c$c" "$c" "$BENCH_DURATION"
    done
  done
  # Each kind's ceiling right after its server run: this box's speed drifts by a quarter within
  # minutes (the same ceiling gave page2 2,178, 1,350 and 1,994 req/s a minute apart), so a ratio
  # is only worth its name when both sides are measured together.
  if ((BENCH_KIND_SECONDS > 0)); then
    for kind in "${KINDS[@]}"; do
      for jar in "${JARS[@]}"; do
        run_wrk "$jar" "kind $kind" "$BENCH_KIND_CONNECTIONS" "$BENCH_KIND_SECONDS" "$kind"
        run_ceiling "$jar" "kind $kind" "$BENCH_KIND_CONNECTIONS" "$BENCH_KIND_SECONDS" "$kind"
      done
    done
  fi
  require_servers_alive
}

# --- compression scenario ------------------------------------------------------------------------

# wire_bytes <jar> <path> <encoding>: bytes on the wire of one path as sent for an Accept-Encoding
# ("identity" asks for none).
wire_bytes() {
  local jar=$1 path=$2 encoding=$3
  curl -s -o /dev/null -w '%{size_download}' --max-time 30 -H "Authorization: Bearer ${TOKEN_OF[$jar]}" \
    -H "Accept-Encoding: $encoding" "${URL_OF[$jar]}$path"
}

# The mix's own pages: the first search of each list kind and the first details, bytes per encoding.
run_compression() {
  local kind path encoding round jar
  : >"$TMP_DIR/bytes.tsv"
  for jar in "${JARS[@]}"; do
    for kind in area sort near text detail; do
      path=$(awk -F'\t' -v k="$kind" '$1 == k { print $2; exit }' "${MIX_OF[$jar]}")
      [[ -n $path ]] || continue
      for encoding in $BENCH_ENCODINGS; do
        printf '%s\t%s\t%s\t%s\n' "$jar" "$kind" "$encoding" "$(wire_bytes "$jar" "$path" "$encoding")" \
          >>"$TMP_DIR/bytes.tsv"
      done
    done
  done
  if ((BENCH_WARMUP > 0)); then
    for jar in "${JARS[@]}"; do run_wrk "$jar" warm-up 16 "$BENCH_WARMUP"; done
  fi
  for ((round = 1; round <= BENCH_COMPRESSION_ROUNDS; round++)); do
    for encoding in $BENCH_ENCODINGS; do
      for jar in "${JARS[@]}"; do
        ACCEPT_ENCODING=$([[ $encoding == identity ]] || echo "$encoding") \
          run_wrk "$jar" "$encoding round $round" "$BENCH_COMPRESSION_CONNECTIONS" "$BENCH_COMPRESSION_SECONDS"
      done
    done
  done
  require_servers_alive
}

# compression_mean <jar> <encoding> <key>: the mean over the rounds.
compression_mean() {
  local round sum=0 value
  for ((round = 1; round <= BENCH_COMPRESSION_ROUNDS; round++)); do
    value=$(field "$(label "$1" "server $2 round $round")" "$3")
    sum=$(awk -v a="$sum" -v b="$value" 'BEGIN { print (a == "-" || b == "-") ? "-" : a + b }')
  done
  awk -v s="$sum" -v n="$BENCH_COMPRESSION_ROUNDS" 'BEGIN { if (s == "-") print "-"; else printf "%.1f", s / n }'
}

print_compression_summary() {
  local encoding round kind jar row
  printf 'Freety compression benchmark, %s (commit %s)\n' "$STAMP" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  printf 'machine : %s cores, %s busy just before the run\n' "$(nproc)" "$BUSY_BEFORE"
  printf 'server  : %s, verticles http/post %s/%s\n' "$(jar_names)" \
    "$FREETY_VERTICLES_HTTP_INSTANCES" "$FREETY_VERTICLES_POST_INSTANCES"
  database_memory_line
  printf '\nbytes on the wire (the first page of each kind in the mix)\n'
  local width=10
  ! comparing || width=16
  printf '  %-8s' kind
  for jar in "${JARS[@]}"; do
    for encoding in $BENCH_ENCODINGS; do printf '%*s' "$width" "$(comparing && echo "$jar ")$encoding"; done
  done
  printf '\n'
  for kind in $(cut -f2 "$TMP_DIR/bytes.tsv" | awk '!seen[$0]++'); do
    printf '  %-8s' "$kind"
    for jar in "${JARS[@]}"; do
      for encoding in $BENCH_ENCODINGS; do
        printf '%*s' "$width" "$(awk -F'\t' -v j="$jar" -v k="$kind" -v e="$encoding" \
          '$1 == j && $2 == k && $3 == e { print $4 }' "$TMP_DIR/bytes.tsv")"
      done
    done
    printf '\n'
  done
  printf '\nthe whole mix at %s connections, %s rounds of %ss, interleaved (req/s, p99 ms per round; mean)\n' \
    "$BENCH_COMPRESSION_CONNECTIONS" "$BENCH_COMPRESSION_ROUNDS" "$BENCH_COMPRESSION_SECONDS"
  for encoding in $BENCH_ENCODINGS; do
    for jar in "${JARS[@]}"; do
      if comparing; then printf '  %-18s' "$encoding $jar"; else printf '  %-9s' "$encoding"; fi
      for ((round = 1; round <= BENCH_COMPRESSION_ROUNDS; round++)); do
        row=$(label "$jar" "server $encoding round $round")
        printf '%9s /%7s' "$(field "$row" rps)" "$(field "$row" p99_ms)"
      done
      printf '   mean %8s req/s, p99 %6s ms\n' "$(compression_mean "$jar" "$encoding" rps)" \
        "$(compression_mean "$jar" "$encoding" p99_ms)"
    done
    if comparing; then
      printf '  %-18s current/baseline: req/s %s, p99 %s\n' "$encoding ratio" \
        "$(divide "$(compression_mean current "$encoding" rps)" "$(compression_mean baseline "$encoding" rps)")" \
        "$(divide "$(compression_mean current "$encoding" p99_ms)" "$(compression_mean baseline "$encoding" p99_ms)")"
    fi
  done
}

# --- report ------------------------------------------------------------------------------------

# kind_field <jar> <kind> <key>: from the jar's ceiling run of that kind.
kind_field() {
  local value
  value=$(grep "^KIND $2 " "$TMP_DIR/ceiling-kinds.$(label "$1" "ceiling kind $2")" 2>/dev/null \
    | sed -n "s/.* $3=\([^ ]*\).*/\1/p" | head -1)
  echo "${value:--}"
}

# The jars' file names, for the summaries' server line.
jar_names() {
  if comparing; then
    echo "baseline $(basename "${JAR_OF[baseline]}"), current $(basename "${JAR_OF[current]}")"
  else
    basename "$FREETY_JAR"
  fi
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
    "db pool $FREETY_DB_POOL_SIZE, access log $BENCH_ACCESS_LOG, transport $(server_transport "$SERVER_LOG")${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS}"
  database_memory_line
  echo "data    : $(search_data_line)"
  echo "matching: $(matching_summary)"
  echo "photos  : $(photos_summary)"
  echo "mix     : $(mix_line "$TMP_DIR/mix-current.txt")"
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
    echo "per kind: each kind alone, ${BENCH_KIND_SECONDS}s at $BENCH_KIND_CONNECTIONS connections / in flight, its ceiling right after its server run"
    printf '  %-8s %10s %9s %9s %8s   %10s %9s %9s   %6s\n' kind "server r/s" "p50 ms" "p99 ms" non-2xx \
      "ceil r/s" "p50 ms" "p99 ms" ratio
    for kind in "${KINDS[@]}"; do
      name="server kind $kind"
      printf '  %-8s %10s %9s %9s %8s   %10s %9s %9s   %6s\n' "$kind" "$(field "$name" rps)" "$(field "$name" p50_ms)" \
        "$(field "$name" p99_ms)" "$(field "$name" non2xx)" "$(kind_field current "$kind" rps)" \
        "$(kind_field current "$kind" p50_ms)" "$(kind_field current "$kind" p99_ms)" \
        "$(divide "$(field "$name" rps)" "$(kind_field current "$kind" rps)")"
    done
  fi
  echo
  echo "database work per search (SearchCost: one search at a time on one connection; rows = index and"
  echo "table rows read, including those an index condition refused, from MariaDB's handler counters)"
  printf '  %-8s %9s %10s %12s %11s %10s\n' kind searches "rows read" "rows sorted" statements "median ms"
  for kind in "${KINDS[@]}"; do
    [[ $kind != detail ]] || continue
    printf '  %-8s %9s %10s %12s %11s %10s\n' "$kind" "$(cost_field current "$kind" searches)" \
      "$(cost_field current "$kind" rows_read)" "$(cost_field current "$kind" rows_sorted)" \
      "$(cost_field current "$kind" statements)" "$(cost_field current "$kind" median_ms)"
  done
  echo
  echo "statuses"
  for c in $BENCH_CONNECTIONS; do printf '  server c%-4s %s\n' "$c" "$(field "server c$c" statuses)"; done
  echo
  echo "server log: $(server_log_counts "$SERVER_LOG") in $SERVER_LOG"
  echo "all runs  : $DETAIL_LOG (wrk latency distributions, the ceiling's per-kind split of the mix)"
  echo "mix       : $MIX_FILE"
}

# compare_row <label> <baseline value> <current value>: one figure for both jars and their ratio.
compare_row() {
  local ratio=
  [[ $2 == */* ]] || ratio=$(divide "$3" "$2") # counts side by side ("non-2xx / errors") get none
  printf '  %-26s %12s %12s %10s\n' "$1" "$2" "$3" "$ratio"
}

# compare_field <label> <run> <key>: compare_row for one key of a run of both jars.
compare_field() {
  compare_row "$1" "$(field "baseline $2" "$3")" "$(field "current $2" "$3")"
}

cpu_line() {
  printf '  %-26s app %-5s db %-5s wrk %-5s other %-5s idle %s\n' "$1" "$(field "$1" app)" "$(field "$1" db)" \
    "$(field "$1" wrk)" "$(field "$1" other)" "$(field "$1" idle)"
}

# With FREETY_BASELINE_JAR: every figure for both jars side by side, measured in the same run on the
# same database, each measurement made for the baseline and then for the current jar.
print_comparison() {
  local commit c kind jar run ratio
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "Freety search benchmark, $STAMP (commit $commit): baseline against current, same run, same database"
  echo "machine : $(nproc) cores, $BUSY_BEFORE busy just before the run; wrk -t$BENCH_WRK_THREADS and MariaDB on the same box"
  busy_machine_warning
  echo "baseline: ${JAR_OF[baseline]}"
  echo "current : ${JAR_OF[current]}"
  echo "server  : verticles http/post $FREETY_VERTICLES_HTTP_INSTANCES/$FREETY_VERTICLES_POST_INSTANCES," \
    "db pool $FREETY_DB_POOL_SIZE, access log $BENCH_ACCESS_LOG${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS};" \
    "both servers run the whole time, the idle one counts as other"
  database_memory_line
  echo "data    : $(search_data_line), migrated by the current jar"
  echo "matching: $(matching_summary)"
  echo "photos  : $(photos_summary)"
  echo "mix     : $(mix_line "$TMP_DIR/mix-current.txt"); $(mix_agreement)"
  echo "runs    : ${BENCH_DURATION}s each after a ${BENCH_WARMUP}s warm-up per server; the ceiling warms up" \
    "${BENCH_CEILING_WARMUP}s and runs on each jar's own classes; order: baseline, then current, per measurement"
  echo
  printf '  %-26s %12s %12s %10s\n' "" baseline current "cur/base"
  for c in $BENCH_CONNECTIONS; do
    compare_field "server c$c req/s" "server c$c" rps
    compare_field "server c$c p50 ms" "server c$c" p50_ms
    compare_field "server c$c p99 ms" "server c$c" p99_ms
    compare_field "server c$c p99.9 ms" "server c$c" p999_ms
    compare_row "server c$c non-2xx / errors" "$(field "baseline server c$c" non2xx) / $(field "baseline server c$c" errors)" \
      "$(field "current server c$c" non2xx) / $(field "current server c$c" errors)"
    compare_field "ceiling c$c req/s" "ceiling c$c" rps
    compare_field "ceiling c$c p99 ms" "ceiling c$c" p99_ms
    compare_row "ceiling c$c errors" "$(field "baseline ceiling c$c" errors)" "$(field "current ceiling c$c" errors)"
    compare_row "server ÷ ceiling c$c" \
      "$(divide "$(field "baseline server c$c" rps)" "$(field "baseline ceiling c$c" rps)")" \
      "$(divide "$(field "current server c$c" rps)" "$(field "current ceiling c$c" rps)")"
    echo
  done
  echo "cur/base = current ÷ baseline: above 1 is better for req/s and server ÷ ceiling, worse for latencies."
  echo "The two jars ran one after the other on the same machine and data; a single pair moves by ±20 % here,"
  echo "so repeat the run before trusting a small ratio."
  if ((BENCH_KIND_SECONDS > 0)); then
    echo
    echo "per kind: each kind alone, ${BENCH_KIND_SECONDS}s at $BENCH_KIND_CONNECTIONS connections / in flight, its ceiling right after its server run"
    printf '  %-26s %12s %12s %10s\n' "" baseline current "cur/base"
    for kind in "${KINDS[@]}"; do
      compare_field "$kind server req/s" "server kind $kind" rps
      compare_field "$kind server p99 ms" "server kind $kind" p99_ms
      compare_row "$kind ceiling req/s" "$(kind_field baseline "$kind" rps)" "$(kind_field current "$kind" rps)"
    done
  fi
  echo
  echo "database work per search (SearchCost: one search at a time on one connection; counts, not seconds)"
  printf '  %-26s %12s %12s %10s\n' "" baseline current "cur/base"
  for kind in "${KINDS[@]}"; do
    [[ $kind != detail ]] || continue
    compare_row "$kind rows read" "$(cost_field baseline "$kind" rows_read)" "$(cost_field current "$kind" rows_read)"
    compare_row "$kind rows sorted" "$(cost_field baseline "$kind" rows_sorted)" "$(cost_field current "$kind" rows_sorted)"
  done
  echo
  echo "targets (current jar; baseline in brackets)"
  if [[ " $BENCH_CONNECTIONS " == *" 64 "* ]]; then
    printf '  %-44s %10s  %-8s (%s ms, %s)\n' "p99 <= $TARGET_P99_MS ms at 64 connections" \
      "$(field "current server c64" p99_ms) ms" "$(verdict "$(field "current server c64" p99_ms)" "<=" "$TARGET_P99_MS")" \
      "$(field "baseline server c64" p99_ms)" "$(verdict "$(field "baseline server c64" p99_ms)" "<=" "$TARGET_P99_MS")"
  fi
  for c in $BENCH_CONNECTIONS; do
    ratio=$(divide "$(field "current server c$c" rps)" "$(field "current ceiling c$c" rps)")
    run=$(divide "$(field "baseline server c$c" rps)" "$(field "baseline ceiling c$c" rps)")
    printf '  %-44s %10s  %-8s (%s, %s)\n' "throughput >= $TARGET_RATIO x ceiling at c$c" "$ratio" \
      "$(verdict "$ratio" ">=" "$TARGET_RATIO")" "$run" "$(verdict "$run" ">=" "$TARGET_RATIO")"
  done
  echo
  echo "CPU during each run (100% = one core; app = that jar's server, or its ceiling JVM)"
  for c in $BENCH_CONNECTIONS; do
    for jar in "${JARS[@]}"; do
      cpu_line "$jar server c$c"
      cpu_line "$jar ceiling c$c"
    done
  done
  echo
  echo "statuses"
  for c in $BENCH_CONNECTIONS; do
    for jar in "${JARS[@]}"; do printf '  %-8s server c%-4s %s\n' "$jar" "$c" "$(field "$jar server c$c" statuses)"; done
  done
  echo
  for jar in "${JARS[@]}"; do
    echo "server log ($jar): $(server_log_counts "${LOG_OF[$jar]}") in ${LOG_OF[$jar]}"
  done
  echo "all runs  : $DETAIL_LOG (wrk latency distributions, the ceiling's per-kind split of the mix)"
  echo "mixes     : ${MIX_OF[baseline]}, ${MIX_OF[current]}"
}

# The photo rows (signed into URLs, never loaded: there are no objects behind them).
photos_summary() {
  db "$BENCH_DB_NAME" -e "
    SELECT CONCAT((SELECT COUNT(*) FROM post_photo), ' post photos on ',
                  (SELECT COUNT(DISTINCT post_id) FROM post_photo), ' posts, ',
                  (SELECT COUNT(*) FROM member WHERE role = 'DESIGNER' AND photo_media_id IS NOT NULL),
                  ' designers with a profile photo; BENCH_PHOTOS=$BENCH_PHOTOS')"
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
trim_access_logs() {
  [[ $BENCH_ACCESS_LOG == on ]] || return 0
  local jar
  for jar in "${JARS[@]}"; do trim_access_log "${LOG_OF[$jar]}"; done
}

server_log_counts() {
  local warn error access
  warn=$(grep -c ' WARN ' "$1" || true)
  error=$(grep -c ' ERROR ' "$1" || true)
  access=$(grep -c 'freety\.access - ' "$1" || true)
  # An access line per request costs the server CPU: a jar that ignored the quieting is at a disadvantage.
  if [[ $BENCH_ACCESS_LOG == on || $access == 0 ]]; then
    echo "$warn WARN, $error ERROR"
  else
    echo "$warn WARN, $error ERROR (WARNING: $access access-log lines although BENCH_ACCESS_LOG=off)"
  fi
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

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ensure_results_dir
  BUSY_BEFORE=$(sample_busy)
  require_tools
  install_missing wrk
  resolve_jars
  resolve_test_classes
  DB_PID=$(pidof mariadbd || pidof mysqld || true)
  DB_PID=${DB_PID%% *}
  reset_database
  DB_URI=$(bench_db_uri)
  start_server current # runs the migrations; an older jar's Flyway ignores the newer ones
  seed_search_data "$FREETY_JAR" "$DB_URI"
  ! comparing || start_server baseline
  local jar
  for jar in "${JARS[@]}"; do
    sign_up_model "$jar"
    build_mix "$jar"
  done
  if [[ $BENCH_SCENARIO == compression ]]; then
    SUMMARY_FILE=$RESULTS_DIR/compression-$STAMP.txt
    run_compression
    stop_servers
    print_compression_summary | tee "$SUMMARY_FILE"
    log "summary written to $SUMMARY_FILE"
    return
  fi
  for jar in "${JARS[@]}"; do run_costs "$jar"; done
  run_scenarios
  stop_servers
  trim_access_logs
  if comparing; then print_comparison; else print_summary; fi | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
