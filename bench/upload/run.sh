#!/usr/bin/env bash
# Photo uploads: one big file through the server with a small heap (the heap sampled throughout),
# alternating with a direct S3 put of the same file as the baseline; then concurrent small
# uploads. See bench/README.md.
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
# shellcheck source=../lib/s3.sh
source bench/lib/s3.sh
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
LOG_TAG=bench

# --- knobs (see bench/README.md) --------------------------------------------------------------
# Sizes are in MB of 10^6 bytes; heap figures are in MiB, as the JVM counts them.
: "${BENCH_BIG_MB:=200}" "${BENCH_SMALL_MB:=10}" "${BENCH_CONCURRENCY:=20}" "${BENCH_REPS:=2}" "${BENCH_USERS:=1}"
: "${BENCH_SERVER_HEAP:=128m}" "${BENCH_SAMPLE_MS:=200}" "${BENCH_HEAP_FLAT_MB:=64}" "${BENCH_RATIO_TARGET:=0.7}"
: "${BENCH_UPLOAD_TIMEOUT:=120}" "${BENCH_READY_TIMEOUT:=90}" "${BENCH_VERIFY:=on}" "${BENCH_LIVE_PROBE:=on}"
: "${BENCH_PORT:=18180}" "${BENCH_S3_PORT:=18950}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=on}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_upload_bench}"

UPLOAD_DIR=bench/upload
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
SUMMARY_FILE=$RESULTS_DIR/upload-$STAMP.txt
SERVER_LOG=$RESULTS_DIR/upload-$STAMP.server.log
S3_LOG=$RESULTS_DIR/upload-$STAMP.s3.log
HEAP_LOG=$RESULTS_DIR/upload-$STAMP.heap.txt
GC_LOG=$RESULTS_DIR/upload-$STAMP.gc.log
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-upload-bench.XXXXXX")
SERVER_PID=
SERVER_BROKEN= # why the server stopped answering (died, ran out of memory), once it has
BASE_URL=
TOKEN=     # the first designer's: the big uploads
TOKENS=()  # every designer's: the concurrent uploads take them in turn
LOAD_BEFORE=
LOAD_AFTER=
MAX_HEAP_MIB=-
GC_NAME=-
BIG_BYTES=$((BENCH_BIG_MB * 1000000))
SMALL_BYTES=$((BENCH_SMALL_MB * 1000000))
BG_PIDS=()      # curls, the direct put, the samplers: everything cleanup must stop
declare -A R=() # results, by "<run> <field>"

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  local pid
  for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_server
  stop_s3
  rm -rf "$TMP_DIR"
}

# Runs a command in the background and waits for it, so that a signal reaches the trap at once.
run_bg() {
  "$@" &
  local pid=$!
  BG_PIDS+=("$pid")
  local rc=0
  wait "$pid" || rc=$?
  forget_pid "$pid"
  return "$rc"
}

forget_pid() {
  local pid kept=()
  for pid in "${BG_PIDS[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  BG_PIDS=("${kept[@]}")
}

# --- prerequisites -----------------------------------------------------------------------------

check_tools() {
  require_tools jstat jcmd sha256sum awk timeout
  install_missing jq
  ((BENCH_REPS >= 1 && BENCH_CONCURRENCY >= 1 && BENCH_BIG_MB >= 1 && BENCH_SMALL_MB >= 1 && BENCH_USERS >= 1)) \
    || die "BENCH_REPS, BENCH_CONCURRENCY, BENCH_USERS, BENCH_BIG_MB and BENCH_SMALL_MB must be at least 1"
}

# --- test files --------------------------------------------------------------------------------

# make_webp <file> <bytes>: a WebP header (RIFF, size, WEBP, "VP8 ") and random bytes. The server
# recognises WebP by those magic bytes and stores it as sent: no metadata filter, no thumbnail.
make_webp() {
  local file=$1 bytes=$2 riff=$(($2 - 8)) i le=
  for ((i = 0; i < 4; i++)); do le+=$(printf '\\x%02x' $(((riff >> (8 * i)) & 255))); done
  { printf 'RIFF'; printf '%b' "$le"; printf 'WEBPVP8 '; head -c $((bytes - 16)) /dev/urandom; } >"$file"
  [[ $(stat -c %s "$file") == "$bytes" ]] || die "could not write $bytes bytes to $file"
}

make_files() {
  log "writing test files: $BENCH_BIG_MB MB and $BENCH_SMALL_MB MB"
  BIG_FILE=$TMP_DIR/big.webp
  SMALL_FILE=$TMP_DIR/small.webp
  WARMUP_FILE=$TMP_DIR/warmup.webp
  make_webp "$BIG_FILE" "$BIG_BYTES"
  make_webp "$SMALL_FILE" "$SMALL_BYTES"
  make_webp "$WARMUP_FILE" 1000000
  BIG_SHA=$(sha256sum "$BIG_FILE" | cut -d' ' -f1)
  SMALL_SHA=$(sha256sum "$SMALL_FILE" | cut -d' ' -f1)
}

# --- database, S3 and server -------------------------------------------------------------------

start_store() {
  local port
  port=$(pick_port "$BENCH_S3_PORT")
  S3_DIR=$TMP_DIR/s3
  mkdir -p "$S3_DIR"
  log "starting S3Proxy on port $port, storing in $S3_DIR (log: $S3_LOG)"
  start_s3 "$port" "$S3_DIR" "$S3_LOG" || die "S3Proxy did not start"
  BG_PIDS+=("$S3_PID")
}

start_server() {
  export FREETY_JWT_ACCESS_TOKEN_MINUTES=${FREETY_JWT_ACCESS_TOKEN_MINUTES:-60}
  # The limit must let the big file through (256 MiB by default) and the portfolio hold every upload.
  local need=$((BIG_BYTES > SMALL_BYTES ? BIG_BYTES : SMALL_BYTES)) uploads=$((1 + BENCH_REPS + BENCH_CONCURRENCY))
  export FREETY_MEDIA_MAX_BYTES=${FREETY_MEDIA_MAX_BYTES:-$((need > 268435456 ? need : 268435456))}
  export FREETY_MEDIA_PORTFOLIO_MAX=${FREETY_MEDIA_PORTFOLIO_MAX:-$((uploads > 100 ? uploads : 100))}

  # The GC log gives the heap after every collection: what is really held, garbage aside.
  start_bench_server ready_full "-Xmx$BENCH_SERVER_HEAP" "-Xlog:gc:file=$GC_LOG:uptime"
  local flags
  flags=$(timeout 20 jcmd "$SERVER_PID" VM.flags 2>/dev/null | tr ' ' '\n' || true)
  MAX_HEAP_MIB=$(awk -F= '$1 == "-XX:MaxHeapSize" { printf "%.0f", $2 / 1048576 }' <<<"$flags")
  GC_NAME=$(awk '/^-XX:\+Use[A-Za-z0-9]+GC$/ { sub(/^-XX:\+Use/, ""); print; exit }' <<<"$flags")
  : "${MAX_HEAP_MIB:=-}" "${GC_NAME:=-}"
}

# server_healthy: false (with SERVER_BROKEN set) once the server has died or run out of memory.
server_healthy() {
  [[ -z $SERVER_BROKEN ]] || return 1
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    SERVER_BROKEN="the server process died"
  elif grep -q 'OutOfMemoryError' "$SERVER_LOG"; then
    SERVER_BROKEN="the server ran out of memory (OutOfMemoryError in its log)"
  fi
  [[ -z $SERVER_BROKEN ]] && return 0
  log "WARNING: $SERVER_BROKEN"
  return 1
}

# wait_uploads <pid>…: waits for the curls, but stops them at once if the server breaks, since a
# JVM out of memory keeps its connections open until the curl timeout.
wait_uploads() {
  local pid alive deadline=$((SECONDS + BENCH_UPLOAD_TIMEOUT + 10))
  while :; do
    alive=0
    for pid; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    if ! server_healthy || ((SECONDS >= deadline)); then
      for pid; do kill "$pid" 2>/dev/null || true; done
      break
    fi
    sleep 0.2
  done
  for pid; do
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
  done
}

# snippet <file>: the start of an answer, on one line; never fails.
snippet() { { head -c 200 "$1" 2>/dev/null || true; } | tr '\n' ' '; }

# Designers: one uploads everything by default (BENCH_USERS=1); with more, the concurrent uploads
# are spread over them in turn, so they no longer queue on one member's row lock.
sign_up() {
  local i status
  for ((i = 1; i <= BENCH_USERS; i++)); do
    status=$(curl -s -o "$TMP_DIR/signup.json" -w '%{http_code}' --max-time 30 \
      -H 'Content-Type: application/json' "$BASE_URL/api/v1/auth/signup" \
      --data "{\"email\":\"upload-bench-$i@example.com\",\"password\":\"bench-password-1\",\"name\":\"Bench $i\",
               \"role\":\"DESIGNER\",\"designer\":{\"affiliationKind\":\"ACADEMY\",\"affiliationName\":\"Bench\",
               \"careerMonths\":12}}")
    [[ $status == 201 ]] || die "sign-up returned $status: $(snippet "$TMP_DIR/signup.json")"
    TOKENS+=("$(jq -r .accessToken "$TMP_DIR/signup.json")")
    [[ -n ${TOKENS[-1]} && ${TOKENS[-1]} != null ]] || die "no accessToken in the sign-up answer"
  done
  TOKEN=${TOKENS[0]}
}

# --- heap sampling -----------------------------------------------------------------------------

# jstat -gc columns by name; prints "<used MiB> <old MiB> <young GCs> <full GCs>" per sample.
# used = survivors + eden + old, i.e. everything allocated and not yet collected.
JSTAT_AWK='
  $1 == "Timestamp" || $1 == "S0C" { for (i = 1; i <= NF; i++) col[$i] = i; next }
  col["EU"] && NF >= col["OU"] {
    printf "%.1f %.1f %d %d\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024,
      $col["OU"] / 1024, $col["YGC"], $col["FGC"]
  }'

heap_now() { timeout 20 jstat -gc "$SERVER_PID" 2>/dev/null | awk "$JSTAT_AWK" || true; }

heap_after_gc() {
  [[ -z $SERVER_BROKEN ]] || return 0 # a JVM out of memory may not answer
  timeout 20 jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
  heap_now
}

# start_sampling <tag>: jstat and an RSS reader in the background, both bounded by the upload timeout.
start_sampling() {
  SAMPLE_TAG=$1
  GC_LINES_BEFORE=$(wc -l <"$GC_LOG")
  local count=$(((BENCH_UPLOAD_TIMEOUT + 30) * 1000 / BENCH_SAMPLE_MS))
  jstat -gc -t "$SERVER_PID" "$BENCH_SAMPLE_MS" "$count" >"$TMP_DIR/jstat-$SAMPLE_TAG.txt" 2>&1 &
  JSTAT_PID=$!
  BG_PIDS+=("$JSTAT_PID")
  local pid=$SERVER_PID interval
  interval=$(awk -v ms="$BENCH_SAMPLE_MS" 'BEGIN { printf "%.3f", ms / 1000 }')
  (
    for ((i = 0; i < count; i++)); do
      awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || break
      sleep "$interval"
    done
  ) >"$TMP_DIR/rss-$SAMPLE_TAG.txt" &
  RSS_PID=$!
  BG_PIDS+=("$RSS_PID")
  # jstat is a JVM of its own and needs a moment to attach: measure only once it samples.
  local deadline=$((SECONDS + 15))
  until [[ $(awk "$JSTAT_AWK" "$TMP_DIR/jstat-$SAMPLE_TAG.txt" | wc -l) -ge 1 ]]; do
    ((SECONDS < deadline)) || { log "WARNING: jstat has not sampled the server after 15 s"; break; }
    sleep 0.05
  done
}

# stop_sampling <run>: stores the peaks under R["<run> …"] and appends the samples to the heap log.
stop_sampling() {
  local run=$1 pid
  for pid in "$JSTAT_PID" "$RSS_PID"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
  done
  local samples=$TMP_DIR/jstat-$SAMPLE_TAG.txt
  # The collections logged while the run went on: the highest heap after one of them, and how
  # many were caused by humongous allocations (objects of half a region or more, e.g. big buffers).
  local collections
  collections=$(tail -n +"$((GC_LINES_BEFORE + 1))" "$GC_LOG" | grep -E 'Pause (Young|Full)' || true)
  R["$run after gc max"]=$(sed -n 's/.*[0-9]M->\([0-9]*\)M(.*/\1/p' <<<"$collections" \
    | awk '$1 > m { m = $1 } END { print (NR ? m : "-") }')
  R["$run humongous"]=$(grep -c 'Humongous Allocation' <<<"$collections" || true)
  # A full collection leaves only live objects: its "after" is what the uploads really held.
  R["$run live after full"]=$({ grep 'Pause Full' <<<"$collections" || true; } | sed -n 's/.*[0-9]M->\([0-9]*\)M(.*/\1/p' \
    | awk '{ n++; if (n <= 12) list = list (n > 1 ? ", " : "") $1 } END { if (n > 12) list = list ", … (" n " in all)"; print list }')
  { echo "=== $run: jstat -gc -t every ${BENCH_SAMPLE_MS}ms (KB)"; cat "$samples"; echo; } >>"$HEAP_LOG"
  local peak old ygc fgc
  read -r peak old ygc fgc < <(awk "$JSTAT_AWK" "$samples" \
    | awk '{ if ($1 > u) u = $1; if ($2 > o) o = $2; y = $3; f = $4 } END { printf "%.1f %.1f %d %d\n", u, o, y, f }')
  R["$run heap peak"]=$peak
  R["$run old peak"]=$old
  R["$run last gcs"]="$ygc $fgc"
  if [[ $(awk "$JSTAT_AWK" "$samples" | wc -l) -eq 0 ]]; then
    R["$run heap peak"]=- R["$run old peak"]=- R["$run last gcs"]=
  fi
  R["$run rss peak"]=$(awk '$1 > m { m = $1 } END { printf "%.0f", m / 1024 }' "$TMP_DIR/rss-$SAMPLE_TAG.txt")
}

# record_heap <run> <before: "used old ygc fgc"> <after a forced GC: same>
record_heap() {
  local run=$1 used old ygc0 fgc0 ygc1 fgc1
  read -r used old ygc0 fgc0 <<<"$2"
  R["$run heap before"]=$used
  read -r used _ <<<"$3"
  R["$run heap after gc"]=$used
  # GCs during the run: from the last sample, so the forced GC afterwards is not counted.
  if [[ -z ${R["$run last gcs"]:-} || -z $ygc0 ]]; then
    R["$run gcs"]=- R["$run heap growth"]=-
    return
  fi
  read -r ygc1 fgc1 <<<"${R["$run last gcs"]}"
  R["$run gcs"]="$((ygc1 - ygc0))/$((fgc1 - fgc0))"
  R["$run heap growth"]=$(awk -v p="${R["$run heap peak"]}" -v b="${R["$run heap before"]}" 'BEGIN { printf "%.1f", p - b }')
}

# --- uploads -----------------------------------------------------------------------------------

# upload <file> <response file> [token]: one portfolio upload; prints "<status> <seconds>" (000 when
# the connection failed). Run it in the background only: curl replaces the subshell, so the pid
# that $! gives is curl's own and killing it stops the upload. Expect: 100-continue is not sent
# (curl adds it above 1 MB and would wait a second for an answer the server does not give).
upload() {
  local token=${3:-$TOKEN}
  exec curl -sS -o "$2" -w '%{http_code} %{time_total}\n' --max-time "$BENCH_UPLOAD_TIMEOUT" \
    -H "Authorization: Bearer $token" -H 'Content-Type: image/webp' -H 'Expect:' \
    --data-binary "@$1" "$BASE_URL/api/v1/me/portfolio"
}

# verify <response file> <bytes> <sha256>: GETs the returned url; prints "ok …" or what differs.
verify() {
  local response=$1 bytes=$2 sha=$3 url reported got status got_sha
  url=$(jq -r '.url // empty' "$response" 2>/dev/null || true)
  reported=$(jq -r '.sizeBytes // empty' "$response" 2>/dev/null || true)
  [[ -n $url ]] || { echo "no url in the answer"; return; }
  [[ $BENCH_VERIFY == on ]] || { echo "not checked (sizeBytes $reported)"; return; }
  read -r status got < <(curl -sS -o "$TMP_DIR/download" -w '%{http_code} %{size_download}\n' \
    --max-time "$BENCH_UPLOAD_TIMEOUT" "$url" || echo "000 0")
  got_sha=$(sha256sum "$TMP_DIR/download" 2>/dev/null | cut -d' ' -f1 || true)
  rm -f "$TMP_DIR/download"
  if [[ $status == 200 && $got == "$bytes" && $got_sha == "$sha" && $reported == "$bytes" ]]; then
    echo "ok"
  else
    echo "MISMATCH: GET $status, $got bytes (want $bytes), sizeBytes $reported, sha256 ${got_sha:0:12}… (want ${sha:0:12}…)"
  fi
}

warm_up() {
  log "warm-up: one 1 MB upload through the server"
  local status
  run_bg upload "$WARMUP_FILE" "$TMP_DIR/warmup.json" >"$TMP_DIR/warmup.out" 2>&1 || true
  read -r status _ <"$TMP_DIR/warmup.out" || status=000
  [[ $status == 201 ]] || die "the warm-up upload returned $status: $(snippet "$TMP_DIR/warmup.json")"
}

direct_put() {
  local run="direct #$1" line
  log "$run: S3AsyncClient put of $BENCH_BIG_MB MB to $FREETY_S3_ENDPOINT"
  run_bg java -cp "$FREETY_JAR" "$UPLOAD_DIR/DirectPut.java" "$FREETY_S3_ENDPOINT" "$FREETY_S3_BUCKET" \
    "$BIG_FILE" "$FREETY_S3_ACCESS_KEY" "$FREETY_S3_SECRET_KEY" >"$TMP_DIR/direct.out" 2>&1 \
    || { tail -n 20 "$TMP_DIR/direct.out" >&2; die "DirectPut failed"; }
  line=$(grep '^BENCH ' "$TMP_DIR/direct.out")
  R["$run seconds"]=$(sed -n 's/.* seconds=\([^ ]*\).*/\1/p' <<<"$line")
  R["$run mbps"]=$(sed -n 's/.* mbps=\([^ ]*\).*/\1/p' <<<"$line")
  local stored
  stored=$(sed -n 's/.* stored=\([^ ]*\).*/\1/p' <<<"$line")
  R["$run status"]=-
  R["$run stored"]=$([[ $stored == "$BIG_BYTES" ]] && echo "ok (HEAD)" || echo "MISMATCH: HEAD says $stored bytes")
  log "$run: ${R["$run seconds"]} s, ${R["$run mbps"]} MB/s"
}

server_upload() {
  local run="server #$1" before after status seconds
  server_healthy || return 0
  log "$run: POST /api/v1/me/portfolio with $BENCH_BIG_MB MB"
  before=$(heap_now)
  start_sampling "big$1"
  upload "$BIG_FILE" "$TMP_DIR/big.json" >"$TMP_DIR/big.out" 2>"$TMP_DIR/big.err" &
  BG_PIDS+=($!)
  wait_uploads $!
  read -r status seconds <"$TMP_DIR/big.out" || status=000
  stop_sampling "$run"
  after=$(heap_after_gc)
  record_heap "$run" "$before" "$after"
  R["$run status"]=$status
  R["$run seconds"]=$(awk -v s="$seconds" 'BEGIN { printf "%.3f", s }')
  R["$run mbps"]=$(awk -v b="$BIG_BYTES" -v s="$seconds" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print "-" }')
  if [[ $status == 201 ]]; then
    R["$run stored"]=$(verify "$TMP_DIR/big.json" "$BIG_BYTES" "$BIG_SHA")
  else
    R["$run stored"]="upload failed: $(snippet "$TMP_DIR/big.json")$(snippet "$TMP_DIR/big.err")"
  fi
  log "$run: status $status, $seconds s, ${R["$run mbps"]} MB/s, heap ${R["$run heap before"]} -> peak" \
    "${R["$run heap peak"]} MiB, stored: ${R["$run stored"]}"
}

# One more big upload, not timed, with full GCs forced back to back (jcmd GC.run, a JVM start
# each, so about every half second here). A full collection keeps only live objects, so what it
# leaves is what the upload really holds at that moment. The heap samples cannot tell that, since
# G1 lets garbage pile up to the size of the young generation.
live_probe() {
  local run="live probe" pid status before lines deadline=$((SECONDS + BENCH_UPLOAD_TIMEOUT + 10))
  [[ $BENCH_LIVE_PROBE == on ]] || return 0
  server_healthy || return 0
  log "$run: $BENCH_BIG_MB MB again, with full GCs forced back to back"
  read -r before _ < <(heap_after_gc) || before=-
  lines=$(wc -l <"$GC_LOG")
  upload "$BIG_FILE" "$TMP_DIR/probe.json" >"$TMP_DIR/probe.out" 2>"$TMP_DIR/probe.err" &
  pid=$!
  BG_PIDS+=("$pid")
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)) && server_healthy; do
    sleep 0.2
    kill -0 "$pid" 2>/dev/null || break
    timeout 20 jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
  done
  wait_uploads "$pid"
  read -r status _ <"$TMP_DIR/probe.out" || status=000
  R["$run status"]=$status
  R["$run before"]=$before
  R["$run live"]=$(tail -n +"$((lines + 1))" "$GC_LOG" | grep 'Pause Full (Diagnostic Command)' \
    | sed -n 's/.*[0-9]M->\([0-9]*\)M(.*/\1/p' | paste -sd' ' - || true)
  R["$run live max"]=$(tr ' ' '\n' <<<"${R["$run live"]}" | awk 'NF && $1 > m { m = $1; n = 1 } END { print (n ? m : "-") }')
  heap_after_gc >/dev/null # leaves the next phase a clean heap, like the other runs
  log "$run: status $status; heap after each forced full GC: ${R["$run live"]:-none} MiB"
}

concurrent_uploads() {
  local run=concurrent i before after pids=() started ended
  server_healthy || return 0
  log "$run: $BENCH_CONCURRENCY uploads of $BENCH_SMALL_MB MB at once"
  before=$(heap_now)
  start_sampling conc
  started=$(date +%s.%N)
  for ((i = 1; i <= BENCH_CONCURRENCY; i++)); do
    upload "$SMALL_FILE" "$TMP_DIR/conc-$i.json" "${TOKENS[(i - 1) % BENCH_USERS]}" \
      >"$TMP_DIR/conc-$i.out" 2>"$TMP_DIR/conc-$i.err" &
    pids+=($!)
    BG_PIDS+=($!)
  done
  wait_uploads "${pids[@]}"
  ended=$(date +%s.%N)
  stop_sampling "$run"
  after=$(heap_after_gc)
  record_heap "$run" "$before" "$after"

  R["$run wall"]=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
  local stored_ok
  stored_ok=$(cat "$TMP_DIR"/conc-*.out 2>/dev/null | grep -c '^201 ' || true)
  # Only the uploads answered 201 count towards the aggregate.
  R["$run mbps"]=$(awk -v n="$stored_ok" -v b="$SMALL_BYTES" -v s="${R["$run wall"]}" \
    'BEGIN { printf "%.1f", n * b / s / 1e6 }')
  R["$run statuses"]=$(for ((i = 1; i <= BENCH_CONCURRENCY; i++)); do
    read -r status _ <"$TMP_DIR/conc-$i.out" || status=000; echo "${status:-000}"; done \
    | sort | uniq -c | awk '{ printf "%s%s x%d", sep, $2, $1; sep = ", " }')
  # Nearest-rank percentiles: with 20 uploads, p99 is the slowest one.
  R["$run latency"]=$(for ((i = 1; i <= BENCH_CONCURRENCY; i++)); do awk '{ print $2 }' "$TMP_DIR/conc-$i.out"; done \
    | sort -g | awk '{ t[NR] = $1 } END {
        p50 = t[int(NR * 0.50 + 0.999999)]; p99 = t[int(NR * 0.99 + 0.999999)]
        printf "p50 %.2f s, p99 %.2f s, max %.2f s, min %.2f s", p50, p99, t[NR], t[1] }')
  local good=0 bad=()
  for ((i = 1; i <= BENCH_CONCURRENCY; i++)); do
    local outcome
    read -r status _ <"$TMP_DIR/conc-$i.out" || status=000
    if [[ $status == 201 ]]; then
      outcome=$(verify "$TMP_DIR/conc-$i.json" "$SMALL_BYTES" "$SMALL_SHA")
    else
      outcome="status $status: $(snippet "$TMP_DIR/conc-$i.json")$(snippet "$TMP_DIR/conc-$i.err")"
    fi
    if [[ $outcome == ok ]]; then good=$((good + 1)); else bad+=("#$i $outcome"); fi
  done
  # The first three failures are enough to tell what went wrong.
  R["$run stored"]="$good/$BENCH_CONCURRENCY ok${bad[*]:+; ${bad[*]:0:3}}$( ((${#bad[@]} <= 3)) || echo " …")"
  log "$run: ${R["$run statuses"]} in ${R["$run wall"]} s (${R["$run mbps"]} MB/s), ${R["$run latency"]}"
}

# --- report ------------------------------------------------------------------------------------

best() { # best <direct|server>: the run with the lowest seconds among those that succeeded
  local kind=$1 i run best_run= best_s=
  for ((i = 1; i <= BENCH_REPS; i++)); do
    run="$kind #$i"
    [[ -n ${R["$run seconds"]:-} ]] || continue
    [[ $kind == direct || ${R["$run status"]} == 201 ]] || continue
    if [[ -z $best_s ]] || awk -v a="${R["$run seconds"]}" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best_run=$run best_s=${R["$run seconds"]}
    fi
  done
  echo "$best_run"
}

busy_machine_warning() {
  awk -v before="${LOAD_BEFORE%% *}" -v after="${LOAD_AFTER%% *}" -v cores="$(nproc)" 'BEGIN {
    busy = before > after ? before : after
    if (busy > cores / 4)
      printf "WARNING   : the machine was busy (1-min load %s before, %s after, on %d cores): expect noisy numbers\n",
        before, after, cores }'
}

print_summary() {
  local commit i run d s ratio
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "Freety upload benchmark, $STAMP (commit $commit)"
  echo "machine   : $(nproc) cores, load average $LOAD_BEFORE before the run, $LOAD_AFTER after;" \
    "curl, S3Proxy (filesystem) and MariaDB on the same box"
  busy_machine_warning
  echo "server    : $(basename "$FREETY_JAR"), -Xmx$BENCH_SERVER_HEAP (MaxHeapSize $MAX_HEAP_MIB MiB, $GC_NAME)," \
    "media max $FREETY_MEDIA_MAX_BYTES bytes${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS}"
  database_memory_line
  echo "files     : WebP header + random bytes; big $BIG_BYTES bytes, small $SMALL_BYTES bytes;" \
    "MB = 10^6 bytes, heap in MiB; heap sampled every ${BENCH_SAMPLE_MS} ms with jstat -gc"
  echo
  echo "1. $BENCH_BIG_MB MB upload: direct S3 put and server upload alternating, $BENCH_REPS each"
  local format='%-9s %6s %7s %6s %6s %6s %6s %6s %6s %9s %6s %6s  %s\n'
  printf "$format" run status seconds "MB/s" heap0 peak growth gc-max old-pk "GCs y/f/h" end RSS-pk \
    "stored object"
  for ((i = 1; i <= BENCH_REPS; i++)); do
    for run in "direct #$i" "server #$i"; do
      printf "$format" "$run" "${R["$run status"]:--}" "${R["$run seconds"]:--}" "${R["$run mbps"]:--}" \
        "${R["$run heap before"]:--}" "${R["$run heap peak"]:--}" "${R["$run heap growth"]:--}" \
        "${R["$run after gc max"]:--}" "${R["$run old peak"]:--}" "$(gc_counts "$run")" \
        "${R["$run heap after gc"]:--}" "${R["$run rss peak"]:--}" "${R["$run stored"]:--}"
    done
  done
  echo "  heap0 = used heap just before; peak = highest jstat sample during the upload (live data plus"
  echo "  garbage not yet collected); growth = peak - heap0; gc-max = highest heap left after a collection"
  echo "  during the upload (an upper bound on what was held: it includes promoted garbage that waits"
  echo "  for a mixed collection); old-pk = highest old-generation sample (G1 puts buffers of 512 KiB or"
  echo "  more there directly); GCs = young/full/caused by a humongous allocation; end = heap after a"
  echo "  forced GC once the upload is done; RSS-pk = process RSS. stored object: the returned url fetched"
  echo "  and compared by size and sha256 (direct: HEAD). Direct puts run in a JVM of their own."
  d=$(best direct)
  s=$(best server)
  ratio=$(awk -v a="${R["$s mbps"]:-}" -v b="${R["$d mbps"]:-}" \
    'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f", a / b }')
  echo
  echo "best direct  : ${d:-none}${d:+: ${R["$d seconds"]} s, ${R["$d mbps"]} MB/s}"
  echo "best server  : ${s:-none}${s:+: ${R["$s seconds"]} s, ${R["$s mbps"]} MB/s}"
  echo "ratio        : server / direct = $ratio (target >= $BENCH_RATIO_TARGET: $(awk -v r="$ratio" \
    -v t="$BENCH_RATIO_TARGET" 'BEGIN { if (r == "-") print "n/a"; else if (r + 0 >= t + 0) print "met"; else print "NOT met" }'))"
  heap_verdict
  echo
  run=concurrent
  echo "2. $BENCH_CONCURRENCY concurrent uploads of $BENCH_SMALL_MB MB, by $BENCH_USERS designer(s)"
  echo "statuses     : ${R["$run statuses"]:--}"
  echo "wall time    : ${R["$run wall"]:--} s from the first start to the last end; aggregate ${R["$run mbps"]:--} MB/s" \
    "(uploads answered 201 only)"
  echo "latency      : ${R["$run latency"]:--} (per upload, curl time_total, nearest rank)"
  echo "heap         : ${R["$run heap before"]:--} MiB before, peak ${R["$run heap peak"]:--} (growth" \
    "${R["$run heap growth"]:--}), gc-max ${R["$run after gc max"]:--}, old-pk ${R["$run old peak"]:--}," \
    "GCs y/f/h $(gc_counts "$run"), end ${R["$run heap after gc"]:--}, RSS-pk ${R["$run rss peak"]:--}"
  [[ -z ${R["$run live after full"]:-} ]] \
    || echo "               live heap after each full GC: ${R["$run live after full"]} MiB (of $MAX_HEAP_MIB)"
  echo "stored       : ${R["$run stored"]:--}"
  echo
  [[ -z $SERVER_BROKEN ]] || echo "SERVER BROKEN: $SERVER_BROKEN; the phases after that were skipped"
  echo "server log   : $(server_log_counts) in $SERVER_LOG"
  grep -E ' (WARN|ERROR) |OutOfMemoryError|Exception' "$SERVER_LOG" | grep -v -E '^\s+at ' | cut -c1-220 \
    | sed -E 's/"(requestId|durationMs)":[^,}]*//g' | sort | uniq -c | sort -rn | head -n 12 | sed 's/^/  /' || true
  echo "heap samples : $HEAP_LOG; GC log: $GC_LOG"
}

gc_counts() { # young/full/humongous for a run, "-" without samples
  local gcs=${R["$1 gcs"]:--}
  [[ $gcs == - ]] && echo - || echo "$gcs/${R["$1 humongous"]:--}"
}

# Two readings of "the heap stays flat": peak - heap0 under a threshold, which the samples give but
# which counts uncollected garbage; and, when the live probe ran, the heap left by full GCs during
# an upload, which counts only what is held. The verdict uses the second when it is there.
heap_verdict() {
  local i run growth=- gcmax=- full=0 failed=0 file_mib live_growth=-
  file_mib=$(awk -v b="$BIG_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')
  for ((i = 1; i <= BENCH_REPS; i++)); do
    run="server #$i"
    [[ ${R["$run status"]:-} == 201 ]] || failed=$((failed + 1))
    growth=$(max_of "$growth" "${R["$run heap growth"]:--}")
    gcmax=$(max_of "$gcmax" "${R["$run after gc max"]:--}")
    [[ ${R["$run gcs"]:--} == - ]] || full=$((full + ${R["$run gcs"]#*/}))
  done
  echo "heap growth  : largest peak - heap0 over the server uploads = $growth MiB" \
    "($(below "$growth" "$BENCH_HEAP_FLAT_MB") the $BENCH_HEAP_FLAT_MB MiB threshold), for a $file_mib MiB file through a" \
    "$MAX_HEAP_MIB MiB heap; highest heap after a collection $gcmax MiB; $full full GCs; $failed failed uploads"
  run="live probe"
  if [[ $BENCH_LIVE_PROBE == on && -n ${R["$run status"]:-} ]]; then
    [[ ${R["$run status"]} == 201 ]] || failed=$((failed + 1))
    live_growth=$(awk -v l="${R["$run live max"]}" -v b="${R["$run before"]}" \
      'BEGIN { if (l == "-" || b == "") print "-"; else printf "%.1f", l - b }')
    echo "live heap    : an extra $BENCH_BIG_MB MB upload (status ${R["$run status"]}), full GCs forced back to back:" \
      "the heap left after each was ${R["$run live"]:-none} MiB; before it ${R["$run before"]} MiB;" \
      "largest growth $live_growth MiB"
  fi
  local flat=no basis
  if [[ $live_growth != - ]]; then
    basis="live heap growth during the upload"
    growth=$live_growth
  else
    basis="peak - heap0"
  fi
  if [[ $growth != - && $failed == 0 && -z $SERVER_BROKEN ]] \
    && awk -v g="$growth" -v t="$BENCH_HEAP_FLAT_MB" 'BEGIN { exit !(g < t) }'; then
    flat=yes
  fi
  echo "heap flat    : $flat ($basis = $growth MiB, threshold $BENCH_HEAP_FLAT_MB MiB; every upload stored: $(
    ((failed == 0)) && echo yes || echo "no, $failed failed"))"
}

max_of() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-") print b; else if (b == "-") print a; else print (a + 0 >= b + 0 ? a : b) }'
}

below() {
  awk -v v="$1" -v t="$2" 'BEGIN { if (v == "-") print "n/a:"; else if (v + 0 < t + 0) print "under"; else print "OVER" }'
}

server_log_counts() {
  local warn error failed
  local oom
  oom=$(grep -c 'OutOfMemoryError' "$SERVER_LOG" || true)
  warn=$(grep -c ' WARN ' "$SERVER_LOG" || true)
  error=$(grep -c ' ERROR ' "$SERVER_LOG" || true)
  failed=$(grep -E 'freety\.access - ' "$SERVER_LOG" | grep -c -v -E '"status":2[0-9][0-9][,}]' || true)
  echo "$warn WARN, $error ERROR, $oom OutOfMemoryError, $failed non-2xx access lines"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$RESULTS_DIR"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  check_tools
  resolve_jar
  make_files
  reset_database
  start_store
  start_server
  sign_up
  warm_up
  local i
  for ((i = 1; i <= BENCH_REPS; i++)); do
    direct_put "$i"
    server_upload "$i"
  done
  live_probe
  concurrent_uploads
  server_healthy || true
  stop_server
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  print_summary | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
