#!/usr/bin/env bash
# Scale-out: what clustering and the production nginx cost, on loopback. (1) The search mix against
# one node direct and unclustered (the baseline), one clustered node behind nginx over HTTPS, and two
# clustered nodes behind nginx, in interleaved rounds; (2) a rolling restart of one node under load
# through nginx; (3) WebSocket delivery with the REST sends on one node and the sockets on the other,
# next to both on one node. See bench/README.md, "Scale-out".
set -euo pipefail

# A jar given relative to the caller's directory must survive the cd below.
if [[ -n ${FREETY_JAR:-} ]]; then FREETY_JAR=$(realpath "$FREETY_JAR"); fi
cd "$(dirname "$0")/../.."
PATH=$PATH:/usr/sbin # nginx, for a user whose PATH lacks it
# shellcheck source=../lib/server.sh
source bench/lib/server.sh
# shellcheck source=../lib/report.sh
source bench/lib/report.sh
# shellcheck source=../lib/search-data.sh
source bench/lib/search-data.sh
LOG_TAG=cluster-bench

# --- knobs (see bench/README.md; the data's and the mix's are in bench/lib/search-data.sh) -------
: "${BENCH_PHASES:=search restart ws}"
: "${BENCH_DURATION:=20}" "${BENCH_WARMUP:=20}" "${BENCH_NGINX_WARMUP:=5}" "${BENCH_CONNECTIONS:=32}" "${BENCH_ROUNDS:=3}" "${BENCH_SPLIT:=on}"
: "${BENCH_WRK_THREADS:=2}" "${BENCH_WRK_TIMEOUT:=30s}"
: "${BENCH_RESTART_SECONDS:=45}" "${BENCH_RESTART_AT:=10}"
: "${BENCH_PORT:=18400}" "${BENCH_NGINX_PORT:=18443}" "${BENCH_CLUSTER_PORT:=18701}"
: "${BENCH_READY_TIMEOUT:=120}" "${BENCH_JAVA_OPTS:=}" "${BENCH_ACCESS_LOG:=off}"
: "${BENCH_DB_HOST:=127.0.0.1}" "${BENCH_DB_PORT:=3306}" "${BENCH_DB_USER:=root}" "${BENCH_DB_PASSWORD:=}"
: "${BENCH_DB_NAME:=freety_cluster_bench}"
: "${WS_SOCKETS:=500}" "${WS_MEMBERS:=400}" "${WS_RATE:=300}" "${WS_SECONDS:=60}" "${WS_LOAD_WARMUP:=15}"
: "${WS_TARGET_P99_MS:=150}" "${WS_LOAD_JAVA_OPTS:=-Xmx1g}"
: "${FREETY_DB_POOL_SIZE:=16}" "${FREETY_VERTICLES_HTTP_INSTANCES:=2}" "${FREETY_VERTICLES_POST_INSTANCES:=2}"
: "${FREETY_HTTP_SHUTDOWN_GRACE_MS:=3000}"
# No photo store: searches never load an image, and a store that answered (something on the default
# 127.0.0.1:9000) would let the media sweeper drop the seeded photo rows whose objects it lacks.
: "${FREETY_S3_ENDPOINT:=http://127.0.0.1:9}"
# Logins are set-up for the WebSocket phase, not what is measured (as in bench/ws).
: "${FREETY_AUTH_BCRYPT_COST:=4}"
export FREETY_DB_POOL_SIZE FREETY_VERTICLES_HTTP_INSTANCES FREETY_VERTICLES_POST_INSTANCES
export FREETY_HTTP_SHUTDOWN_GRACE_MS FREETY_AUTH_BCRYPT_COST FREETY_S3_ENDPOINT
((WS_MEMBERS <= WS_SOCKETS)) || WS_MEMBERS=$WS_SOCKETS

TARGET_OVERHEAD=0.15  # (b) may lose at most this share of (a)'s req/s
BENCH_PASSWORD=bench-password-1

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=bench/results
PREFIX=$RESULTS_DIR/cluster-$STAMP
SUMMARY_FILE=$PREFIX.txt
DETAIL_LOG=$PREFIX.runs.txt
MIX_FILE=$PREFIX.mix.tsv
TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/freety-cluster-bench.XXXXXX")
LOAD_PID=
DB_URI=
DB_PID=
TOKEN=
BUSY_BEFORE=
BUSY_AFTER=
CLUSTER_NAME=freety-bench-$STAMP
declare -A RESULT=()

# The nodes: solo (unclustered, the baseline) and a, b (clustered). Each keeps its ports for a restart.
NODES=(solo a b)
declare -A PORT_OF=() METRICS_OF=() HZ_OF=() PID_OF=() URL_OF=() LOG_OF=()
# The nginx instances: one (upstream: node a) and two (nodes a and b), each in a directory of its own.
declare -A NGINX_PID=() NGINX_URL=() NGINX_DIR=()
# The wrk targets of the search phase, in round order, and what each row is.
TARGETS=(solo)
[[ $BENCH_SPLIT != on ]] || TARGETS+=(direct)
TARGETS+=(one two)
declare -A TARGET_LABEL=(
  [solo]="(a) 1 node, direct, unclustered"
  [direct]="(a') node a, direct, clustered"
  [one]="(b) 1 node via nginx (https)"
  [two]="(c) 2 nodes via nginx (https)")

phase() { [[ " $BENCH_PHASES " == *" $1 "* ]]; }

# --- process lifecycle -------------------------------------------------------------------------

cleanup() {
  [[ -z $LOAD_PID ]] || kill "$LOAD_PID" 2>/dev/null || true
  local name
  for name in "${!NGINX_PID[@]}"; do stop_pid "${NGINX_PID[$name]}"; done
  for name in "${NODES[@]}"; do stop_pid "${PID_OF[$name]:-}"; done
  rm -rf "$TMP_DIR"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# --- nodes -------------------------------------------------------------------------------------

# Ports for the three nodes and the two Hazelcast members, fixed for the run (a restart reuses them).
allocate_ports() {
  PORT_OF[solo]=$(pick_port "$BENCH_PORT")
  PORT_OF[a]=$(pick_port $((PORT_OF[solo] + 1)))
  PORT_OF[b]=$(pick_port $((PORT_OF[a] + 1)))
  HZ_OF[a]=$(pick_port "$BENCH_CLUSTER_PORT")
  HZ_OF[b]=$(pick_port $((HZ_OF[a] + 1)))
  local name
  for name in "${NODES[@]}"; do
    URL_OF[$name]=http://127.0.0.1:${PORT_OF[$name]}
    LOG_OF[$name]=$PREFIX.node-$name.log
  done
}

# start_node <name>: production mode (one JWT secret for every node, from export_server_env), no S3:
# searches never touch it (photo URLs are signed locally), so readiness is the database check. The
# clustered nodes form their own cluster (a name of this run, members listed by port), behind nginx.
start_node() {
  local name=$1 java_opts=($BENCH_JAVA_OPTS)
  export_server_env "${PORT_OF[$name]}"
  [[ -z ${METRICS_OF[$name]:-} ]] || FREETY_METRICS_PORT=${METRICS_OF[$name]}
  METRICS_OF[$name]=$FREETY_METRICS_PORT
  if [[ $name == solo ]]; then
    export FREETY_CLUSTER_ENABLED=false FREETY_HTTP_TRUST_FORWARDED_FOR=false
  else
    export FREETY_CLUSTER_ENABLED=true FREETY_CLUSTER_NAME=$CLUSTER_NAME FREETY_CLUSTER_HOST=127.0.0.1 \
      FREETY_CLUSTER_PORT=${HZ_OF[$name]} FREETY_CLUSTER_MEMBERS=127.0.0.1:${HZ_OF[a]},127.0.0.1:${HZ_OF[b]} \
      FREETY_HTTP_TRUST_FORWARDED_FOR=true
  fi
  launch_server "$FREETY_JAR" "${LOG_OF[$name]}" "${java_opts[@]}"
  PID_OF[$name]=$LAUNCHED_PID
}

wait_node() { wait_ready "${PID_OF[$1]}" "${URL_OF[$1]}" "${LOG_OF[$1]}" ready_database; }

# cluster_members <name>: freety_cluster_members on the node's /metrics, "-" when it does not answer.
cluster_members() {
  local value
  value=$(curl -s --max-time 2 "http://127.0.0.1:${METRICS_OF[$1]}/metrics" \
    | awk '$1 == "freety_cluster_members" { printf "%d", $2 }')
  echo "${value:--}"
}

# wait_members <count> <name>…: until every node named sees that many members.
wait_members() {
  local count=$1 name deadline=$((SECONDS + BENCH_READY_TIMEOUT))
  shift
  for name in "$@"; do
    until [[ $(cluster_members "$name") == "$count" ]]; do
      require_alive "${PID_OF[$name]}" "${LOG_OF[$name]}"
      ((SECONDS < deadline)) || die "node $name sees $(cluster_members "$name") cluster members, not $count"
      sleep 0.2
    done
  done
}

# --- nginx -------------------------------------------------------------------------------------

# A self-signed certificate, as README "Deploying" suggests for trying the stack.
make_certificate() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$TMP_DIR/privkey.pem" \
    -out "$TMP_DIR/fullchain.pem" >/dev/null 2>&1 || die "openssl could not make a certificate"
}

# site_conf <dir> <https port> <http port> <node>…: deploy/nginx/freety.conf with what a deployment
# replaces: the ports, the certificate and log paths, and the upstream (the given nodes; node2's line
# goes when there is one node). The S3 upstream points at a closed port: nothing here loads images.
site_conf() {
  local dir=$1 https=$2 http=$3 conf=deploy/nginx/freety.conf text
  shift 3
  text=$(cat "$conf")
  local -a from=("listen 80;" "listen 443 ssl http2;" "/etc/nginx/certs/" "/var/log/nginx/" "/var/www/acme"
    "server node1:8080 " "server minio:9000;")
  local -a to=("listen 127.0.0.1:$http;" "listen 127.0.0.1:$https ssl http2;" "$dir/" "$dir/" "$dir/acme"
    "server 127.0.0.1:${PORT_OF[$1]} " "server 127.0.0.1:9;")
  local i
  for i in "${!from[@]}"; do
    [[ $text == *"${from[$i]}"* ]] || die "$conf no longer has '${from[$i]}': update bench/cluster/run.sh"
    text=${text//"${from[$i]}"/"${to[$i]}"}
  done
  [[ $text == *"server node2:8080 "* ]] || die "$conf no longer has 'server node2:8080 ': update bench/cluster/run.sh"
  if (($# > 1)); then
    text=${text//"server node2:8080 "/"server 127.0.0.1:${PORT_OF[$2]} "}
  else
    text=$(grep -v 'server node2:8080 ' <<<"$text")
  fi
  printf '%s\n' "$text"
}

# The nginx image's nginx.conf around the site (compose mounts freety.conf as its conf.d/default.conf),
# with every path in dir. Run as root (as here), the workers are root too, so they can read dir.
wrapper_conf() {
  local dir=$1
  [[ $(id -u) != 0 ]] || echo "user root;"
  cat <<EOF
worker_processes auto;
pid $dir/nginx.pid;
events {
    worker_connections 1024;
}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/freety.conf;
}
EOF
}

# start_nginx <name> <node>…: its own process (never the system's service, never 80/443).
start_nginx() {
  local name=$1 dir=$TMP_DIR/nginx-$1 https http
  shift
  mkdir -p "$dir/acme"
  cp "$TMP_DIR/fullchain.pem" "$TMP_DIR/privkey.pem" "$dir/"
  https=$(pick_port "$BENCH_NGINX_PORT")
  http=$(pick_port $((https + 1)))
  site_conf "$dir" "$https" "$http" "$@" >"$dir/freety.conf"
  wrapper_conf "$dir" >"$dir/nginx.conf"
  nginx -t -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/t.log" 2>&1 \
    || { cat "$dir/t.log" >&2; die "nginx -t failed for $name"; }
  log "starting nginx '$name' on https://127.0.0.1:$https (upstream: $*)"
  nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
  NGINX_PID[$name]=$!
  NGINX_DIR[$name]=$dir
  NGINX_URL[$name]=https://127.0.0.1:$https
  local deadline=$((SECONDS + 10))
  until curl -skf -o /dev/null --max-time 2 "${NGINX_URL[$name]}/health/live"; do
    kill -0 "${NGINX_PID[$name]}" 2>/dev/null || { cat "$dir/error.log" >&2; die "nginx '$name' exited"; }
    ((SECONDS < deadline)) || die "nginx '$name' does not answer /health/live"
    sleep 0.2
  done
}

# target_url <target>: where wrk sends a search-phase row.
target_url() {
  case $1 in
    solo) echo "${URL_OF[solo]}" ;;
    direct) echo "${URL_OF[a]}" ;;
    node-b) echo "${URL_OF[b]}" ;;
    *) echo "${NGINX_URL[$1]}" ;;
  esac
}

# --- CPU accounting ----------------------------------------------------------------------------

nginx_pids() {
  local pid
  for pid in "${NGINX_PID[@]}"; do
    echo "$pid"
    pgrep -P "$pid" || true
  done
}

# "<total> <idle> <solo> <a> <b> <nginx> <db>" ticks.
cpu_snapshot() {
  # shellcheck disable=SC2046
  echo "$(cpu_total_idle) $(pid_ticks "${PID_OF[solo]:-}") $(pid_ticks "${PID_OF[a]:-}")" \
    "$(pid_ticks "${PID_OF[b]:-}") $(pid_ticks $(nginx_pids)) $(pid_ticks "$DB_PID")"
}

# The CPU seconds of this shell's finished children from a `times` output: around a wrk run, wrk's.
children_seconds() {
  tail -n 1 "$1" | awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); sum += t[1] * 60 + t[2] } } END { print sum }'
}

# cpu_usage <before> <after> <wrk seconds>: "solo=…% a=…% b=…% nginx=…% db=…% wrk=…% other=…% idle=…%".
cpu_usage() {
  awk -v cores="$(nproc)" -v hz="$(getconf CLK_TCK)" -v b="$1" -v a="$2" -v wrk_s="$3" 'BEGIN {
    split(b, x); split(a, y); total = y[1] - x[1]
    if (total <= 0) { print "idle=-"; exit }
    scale = 100 * cores / total; split("solo a b nginx db", name, " ")
    used = 0
    for (i = 1; i <= 5; i++) { share[i] = (y[i + 2] - x[i + 2]) * scale; used += share[i] }
    wrk = wrk_s * hz * scale; idle = (y[2] - x[2]) * scale
    other = 100 * cores - idle - used - wrk; if (other < 0) other = 0
    for (i = 1; i <= 5; i++) printf "%s=%.0f%% ", name[i], share[i]
    printf "wrk=%.0f%% other=%.0f%% idle=%.0f%%", wrk, other, idle }'
}

# --- phase 1: the search mix -------------------------------------------------------------------

# run_wrk <target> <row> <seconds>: the mix through wrk; RESULT[<row>] gets mix.lua's BENCH line and
# the CPU of every process during the run. Statuses are counted by code (MIX_STATUSES=1): a node's
# failures are read from them (502 from nginx, 503 from a node).
run_wrk() {
  local target=$1 row=$2 seconds=$3 output=$TMP_DIR/wrk.out before after
  log "$row: ${seconds}s at $BENCH_CONNECTIONS connections against $(target_url "$target")"
  before=$(cpu_snapshot)
  times >"$TMP_DIR/times.before"
  MIX_FILE=$MIX_FILE TOKEN=$TOKEN MIX_STATUSES=1 run_load wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_CONNECTIONS" -d"${seconds}s" \
    --timeout "$BENCH_WRK_TIMEOUT" --latency -s bench/search/mix.lua "$(target_url "$target")" >"$output" 2>&1 \
    || log "wrk failed for $row"
  times >"$TMP_DIR/times.after"
  after=$(cpu_snapshot)
  { printf '=== %s (wrk -t%s -c%s -d%ss %s)\n' "$row" "$BENCH_WRK_THREADS" "$BENCH_CONNECTIONS" "$seconds" \
      "$(target_url "$target")"
    cat "$output"; echo; } >>"$DETAIL_LOG"
  local wrk_s
  wrk_s=$(awk -v a="$(children_seconds "$TMP_DIR/times.after")" -v b="$(children_seconds "$TMP_DIR/times.before")" \
    'BEGIN { print a - b }')
  RESULT[$row]="$(grep '^BENCH ' "$output" || true) $(cpu_usage "$before" "$after" "$wrk_s")"
  wait_database_idle
}

# Every target gets a warm-up, then the rounds run every target in turn, so drift of a shared
# machine hits every row alike.
search_phase() {
  local target round
  # Each node gets the same warm-up straight to its port (the JIT of a JVM on two busy cores takes tens
  # of seconds; node a would otherwise be warmed by three rows and the others by one), then each nginx
  # a short one.
  if ((BENCH_WARMUP > 0)); then
    for target in solo direct node-b; do run_wrk "$target" "$target warm-up" "$BENCH_WARMUP"; done
  fi
  if ((BENCH_NGINX_WARMUP > 0)); then
    for target in one two; do run_wrk "$target" "$target warm-up" "$BENCH_NGINX_WARMUP"; done
  fi
  local count=${#TARGETS[@]} i
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    # Each round starts one target later, so no row always follows the same one.
    for ((i = 0; i < count; i++)); do
      target=${TARGETS[$(((round - 1 + i) % count))]}
      run_wrk "$target" "$target $round" "$BENCH_DURATION"
    done
  done
  for target in solo a b; do require_alive "${PID_OF[$target]}" "${LOG_OF[$target]}"; done
}

# mean <target> <key>: over the rounds, "-" when a round has none.
mean() {
  local round values=()
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do values+=("$(field "$1 $round" "$2")"); done
  awk -v list="${values[*]}" 'BEGIN { n = split(list, v, " "); s = 0
    for (i = 1; i <= n; i++) { if (v[i] == "-") { print "-"; exit } s += v[i] }
    printf "%.1f", s / n }'
}

# sum_over_rounds <target> <key>: a count summed over the rounds.
sum_over_rounds() {
  local round sum=0 value
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    value=$(field "$1 $round" "$2")
    [[ $value == - ]] || sum=$((sum + value))
  done
  echo "$sum"
}

# cpu_per_request <target>: "node nginx db wrk total", ms of one core per request (each process's share
# of the run's wall time over req/s), the mean of the rounds. On a shared machine these move far less
# than req/s: they do not depend on how much of the cores other work left.
cpu_per_request() {
  local target=$1 round
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    echo "$(field "$target $round" rps) $(field "$target $round" solo) $(field "$target $round" a)" \
      "$(field "$target $round" b) $(field "$target $round" nginx) $(field "$target $round" db) $(field "$target $round" wrk)"
  done | awk -v t="$target" '{ gsub("%", ""); if ($1 == "-" || $1 + 0 == 0) next
      node = t == "solo" ? $2 : (t == "two" ? $3 + $4 : $3); n++
      N += node * 10 / $1; G += $5 * 10 / $1; D += $6 * 10 / $1; W += $7 * 10 / $1 }
    END { if (!n) print "- - - - -"; else printf "%.2f %.2f %.2f %.2f %.2f\n", N / n, G / n, D / n, W / n, (N + G + D + W) / n }'
}

search_row() {
  local row=$1 label=$2
  printf '  %-34s %8s %8s %8s %9s %7s %6s   %s\n' "$label" "$(field "$row" rps)" "$(field "$row" p50_ms)" \
    "$(field "$row" p99_ms)" "$(field "$row" p999_ms)" "$(field "$row" non2xx)" "$(field "$row" errors)" \
    "$(printf 'solo %-4s a %-4s b %-4s nginx %-4s db %-4s wrk %-4s other %-4s idle %s' "$(field "$row" solo)" \
      "$(field "$row" a)" "$(field "$row" b)" "$(field "$row" nginx)" "$(field "$row" db)" "$(field "$row" wrk)" \
      "$(field "$row" other)" "$(field "$row" idle)")"
}

print_search() {
  local target round
  echo "1. search mix: wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNECTIONS, ${BENCH_DURATION}s a run, $BENCH_ROUNDS rounds of" \
    "${TARGETS[*]} in turn (each round starting one later), after ${BENCH_WARMUP}s of warm-up straight to each node" \
    "and ${BENCH_NGINX_WARMUP}s through each nginx"
  printf '  %-34s %8s %8s %8s %9s %7s %6s   %s\n' "" "req/s" "p50 ms" "p99 ms" "p99.9 ms" non-2xx errors \
    "CPU during the run (100% = one core)"
  for target in "${TARGETS[@]}"; do
    echo "  ${TARGET_LABEL[$target]}"
    for ((round = 1; round <= BENCH_ROUNDS; round++)); do search_row "$target $round" "  round $round"; done
    printf '  %-34s %8s %8s %8s %9s %7s %6s\n' "  mean" "$(mean "$target" rps)" "$(mean "$target" p50_ms)" \
      "$(mean "$target" p99_ms)" "$(mean "$target" p999_ms)" "$(sum_over_rounds "$target" non2xx)" \
      "$(sum_over_rounds "$target" errors)"
  done
  echo
  echo "  CPU per request, ms of one core (the mean of the rounds; node = the node(s) serving the row)"
  printf '  %-34s %8s %8s %8s %8s %8s\n' "" "node(s)" nginx db wrk total
  local cpu
  for target in "${TARGETS[@]}"; do
    read -r -a cpu <<<"$(cpu_per_request "$target")"
    printf '  %-34s %8s %8s %8s %8s %8s\n' "${TARGET_LABEL[$target]}" "${cpu[@]}"
  done
  read -r -a cpu <<<"$(cpu_per_request solo)"
  local total_a=${cpu[4]} total_b
  read -r -a cpu <<<"$(cpu_per_request one)"
  total_b=${cpu[4]}
  echo "  total a ÷ total b = $(divide "$total_a" "$total_b"): the b/a that req/s would show if the box were CPU-bound with"
  echo "  nothing else running (nginx and wrk's TLS take cores the node and MariaDB would otherwise use)"
  local a b c ratio overhead
  a=$(mean solo rps) b=$(mean one rps) c=$(mean two rps)
  ratio=$(divide "$b" "$a")
  overhead=$(awk -v r="$ratio" 'BEGIN { if (r == "-") print "-"; else printf "%.0f", 100 * (1 - r) }')
  echo
  echo "  ratios of the means (req/s; p99 in brackets)"
  printf '  %-52s %5s  (p99 %s)  overhead %s %%, target <= %.0f %%: %s\n' "b/a  nginx + TLS + cluster, one node each" \
    "$ratio" "$(divide "$(mean one p99_ms)" "$(mean solo p99_ms)")" "$overhead" "$(awk -v t="$TARGET_OVERHEAD" 'BEGIN { print 100 * t }')" \
    "$(verdict "$ratio" ">=" "$(awk -v t="$TARGET_OVERHEAD" 'BEGIN { print 1 - t }')")"
  ratio=$(divide "$c" "$b")
  printf '  %-52s %5s  (p99 %s)  %s\n' "c/b  two nodes against one, both behind nginx" "$ratio" \
    "$(divide "$(mean two p99_ms)" "$(mean one p99_ms)")" \
    "$(awk -v r="$ratio" -v cores="$(nproc)" 'BEGIN { if (r == "-") print ""
      else if (r < 1.1) printf "no gain: on %d cores one node, MariaDB, nginx and wrk already share every core", cores
      else print "a gain" }')"
  local per_round=()
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    per_round+=("$(divide "$(field "one $round" rps)" "$(field "solo $round" rps)")/$(divide "$(field "two $round" rps)" "$(field "one $round" rps)")")
  done
  echo "  b/a and c/b round by round: ${per_round[*]}"
  if [[ $BENCH_SPLIT == on ]]; then
    printf '  %-52s %5s  (p99 %s)\n' "a'/a the cluster alone (node a direct)" "$(divide "$(mean direct rps)" "$a")" \
      "$(divide "$(mean direct p99_ms)" "$(mean solo p99_ms)")"
    printf '  %-52s %5s  (p99 %s)\n' "b/a' nginx + TLS alone (the same clustered node)" \
      "$(divide "$b" "$(mean direct rps)")" "$(divide "$(mean one p99_ms)" "$(mean direct p99_ms)")"
  fi
  echo "  While a row runs the other nodes idle (the clustered ones still heartbeat); in (b) node b is in the"
  echo "  cluster but gets no requests."
  echo
  echo "  statuses: $(for target in "${TARGETS[@]}"; do
    for ((round = 1; round <= BENCH_ROUNDS; round++)); do printf '%s %s %s; ' "$target" "$round" "$(field "$target $round" statuses)"; done
  done)"
}

# --- phase 2: rolling restart ------------------------------------------------------------------

declare -A RESTART=()

# The search mix (GETs) through nginx to both nodes; node a gets SIGTERM partway, is waited for,
# started again and waited for until ready and both nodes see two members.
restart_phase() {
  local log_dir=${NGINX_DIR[two]} access_mark error_mark output=$TMP_DIR/restart.wrk t0 t_term t_start pid
  access_mark=$(wc -l <"$log_dir/access.log")
  error_mark=$(wc -l <"$log_dir/error.log")
  RESTART[node_log_mark]=$(wc -l <"${LOG_OF[a]}")
  log "rolling restart: wrk ${BENCH_RESTART_SECONDS}s through nginx to both nodes; SIGTERM to node a at ${BENCH_RESTART_AT}s"
  t0=$(now_ms)
  MIX_FILE=$MIX_FILE TOKEN=$TOKEN MIX_STATUSES=1 wrk -t"$BENCH_WRK_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_RESTART_SECONDS}s" \
    --timeout "$BENCH_WRK_TIMEOUT" --latency -s bench/search/mix.lua "${NGINX_URL[two]}" >"$output" 2>&1 &
  LOAD_PID=$!
  sleep "$BENCH_RESTART_AT"
  pid=${PID_OF[a]}
  t_term=$(now_ms)
  log "SIGTERM to node a (pid $pid)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || { log "WARNING: node a still runs 60 s after SIGTERM: SIGKILL"; kill -KILL "$pid"; }
    sleep 0.05
  done
  wait "$pid" 2>/dev/null && RESTART[exit]=0 || RESTART[exit]=$?
  RESTART[stop_s]=$(seconds_since "$t_term")
  RESTART[term_at]=$(awk -v a="$t0" -v b="$t_term" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
  RESTART[b_members_after_stop]=$(cluster_members b)
  log "node a exited with ${RESTART[exit]} after ${RESTART[stop_s]} s; node b sees ${RESTART[b_members_after_stop]} member(s)"
  t_start=$(now_ms)
  start_node a
  wait_node a
  RESTART[ready_s]=$(seconds_since "$t_start")
  wait_members 2 a b
  RESTART[rejoin_s]=$(seconds_since "$t_start")
  RESTART[back_at]=$(awk -v a="$t0" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
  RESTART[ready_clock]=$(date +%T)
  log "node a ready after ${RESTART[ready_s]} s, both nodes see 2 members after ${RESTART[rejoin_s]} s"
  wait "$LOAD_PID" || log "wrk failed in the rolling restart"
  LOAD_PID=
  { echo "=== rolling restart (wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNECTIONS -d${BENCH_RESTART_SECONDS}s ${NGINX_URL[two]})"
    cat "$output"; echo; } >>"$DETAIL_LOG"
  RESULT[restart]=$(grep '^BENCH ' "$output" || true)
  tail -n +"$((access_mark + 1))" "$log_dir/access.log" >"$TMP_DIR/restart-access.log"
  tail -n +"$((error_mark + 1))" "$log_dir/error.log" >"$PREFIX.restart.nginx-error.log"
  # What went wrong or was tried twice, for the record: non-2xx answers and requests nginx retried.
  jq -c 'select(.status >= 300 or (.upstream | contains(",")))' "$TMP_DIR/restart-access.log" \
    >"$PREFIX.restart.nginx-access.log" || true
  RESTART[retried_by]=$(jq -r 'select(.upstream | contains(",")) | .upstreamStatus | split(", ") | first' \
    "$PREFIX.restart.nginx-access.log" | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
  tail -n +"$((RESTART[node_log_mark] + 1))" "${LOG_OF[a]}" >"$PREFIX.restart.node-a.log"
  RESTART[node_warn]=$(grep -c '"level":"WARN"' "$PREFIX.restart.node-a.log" || true)
  RESTART[node_error]=$(grep -c '"level":"ERROR"' "$PREFIX.restart.node-a.log" || true)
  wait_database_idle
}

# Per second of the restart run: requests, which node answered, retries, non-2xx.
restart_timeline() {
  jq -r --arg a "127.0.0.1:${PORT_OF[a]}" --arg b "127.0.0.1:${PORT_OF[b]}" '
      [.time[11:19], (.upstream | split(", ") | last), (.upstream | contains(",")), .status] | @tsv' \
    "$TMP_DIR/restart-access.log" \
    | awk -F'\t' -v a="127.0.0.1:${PORT_OF[a]}" -v b="127.0.0.1:${PORT_OF[b]}" '
      { if (!($1 in n)) order[++k] = $1; n[$1]++; if ($2 == a) na[$1]++; else if ($2 == b) nb[$1]++
        if ($3 == "true") r[$1]++; if ($4 >= 300) bad[$1]++ }
      END { printf "    %-8s %7s %7s %7s %8s %8s\n", "time", "total", "node a", "node b", "retried", "non-2xx"
        for (i = 1; i <= k; i++) { t = order[i]
          printf "    %-8s %7d %7d %7d %8d %8d\n", t, n[t], na[t], nb[t], r[t], bad[t] } }'
}

print_restart() {
  local row=restart non2xx errors retried failed
  non2xx=$(field "$row" non2xx) errors=$(field "$row" errors)
  failed=$(awk -v a="$non2xx" -v b="$errors" 'BEGIN { print (a == "-" || b == "-") ? "-" : a + b }')
  retried=$(jq -s '[.[] | select(.upstream | contains(","))] | length' "$PREFIX.restart.nginx-access.log" 2>/dev/null || echo '?')
  echo "2. rolling restart: wrk -t$BENCH_WRK_THREADS -c$BENCH_CONNECTIONS for ${BENCH_RESTART_SECONDS}s through nginx (2 nodes);" \
    "SIGTERM to node a at ${RESTART[term_at]:-?} s (http.shutdownGraceMs $FREETY_HTTP_SHUTDOWN_GRACE_MS)"
  printf '  %-34s %8s %8s %8s %9s %7s %6s\n' "" "req/s" "p50 ms" "p99 ms" "p99.9 ms" non-2xx errors
  printf '  %-34s %8s %8s %8s %9s %7s %6s\n' "search mix during the restart" "$(field "$row" rps)" \
    "$(field "$row" p50_ms)" "$(field "$row" p99_ms)" "$(field "$row" p999_ms)" "$non2xx" "$errors"
  printf '  %-34s %8s %8s %8s\n' "(c) the same nginx, no restart" "$(mean two rps)" "$(mean two p50_ms)" "$(mean two p99_ms)"
  echo "  failed requests: $non2xx non-2xx + $errors socket errors (target 0: $(verdict "$failed" "<=" 0));" \
    "statuses $(field "$row" statuses)"
  echo "  node a: stopped ${RESTART[stop_s]:-?} s after SIGTERM (exit status ${RESTART[exit]:-?}; node b then saw" \
    "${RESTART[b_members_after_stop]:-?} member); started again, ready after ${RESTART[ready_s]:-?} s, both nodes" \
    "seeing 2 members after ${RESTART[rejoin_s]:-?} s (at ${RESTART[back_at]:-?} s of the run)"
  awk -v back="${RESTART[back_at]:-0}" -v len="$BENCH_RESTART_SECONDS" 'BEGIN {
    if (back + 0 > len + 0) printf "  NOTE: node a was back after wrk ended: its return was not under load (raise BENCH_RESTART_SECONDS)\n" }'
  echo "  nginx: $retried requests retried on the other node (first node's answer: ${RESTART[retried_by]:-none};" \
    "502 = refused or closed connection, 503 = the node's own answer); $(wc -l <"$PREFIX.restart.nginx-error.log") error-log lines" \
    "($(grep -c '\[error\]' "$PREFIX.restart.nginx-error.log" || true) [error], $(grep -c '\[warn\]' "$PREFIX.restart.nginx-error.log" || true) [warn])"
  if [[ -s $PREFIX.restart.nginx-error.log ]]; then
    echo "  nginx error log, by message:"
    sed -E 's/^[0-9\/]+ [0-9:]+ \[([a-z]+)\] [0-9#]+: \*?[0-9]* ?/[\1] /; s/, client: .*//' "$PREFIX.restart.nginx-error.log" \
      | sort | uniq -c | sort -rn | head -8 | sed 's/^/    /'
  fi
  if jq -e 'select(.status >= 300)' "$PREFIX.restart.nginx-access.log" >/dev/null 2>&1; then
    echo "  non-2xx in nginx's log (count, status, request, upstream, upstream status, time):"
    jq -r 'select(.status >= 300) | "\(.status) \(.method) \(.path) upstream \(.upstream) \(.upstreamStatus) \(.time[11:19])"' \
      "$PREFIX.restart.nginx-access.log" | sort | uniq -c | sort -rn | head -10 | sed 's/^/    /'
    echo "    (499: the client closed the connection with the request in flight; in the last second these are"
    echo "    wrk's own requests cut off when it stops, which wrk does not count)"
  fi
  echo "  node a's log from the restart run's start to wrk's end: ${RESTART[node_warn]:-?} WARN," \
    "${RESTART[node_error]:-?} ERROR ($PREFIX.restart.node-a.log)"
  local first_back
  first_back=$(jq -r --arg a "127.0.0.1:${PORT_OF[a]}" --arg after "${RESTART[ready_clock]:-99}" \
    'select((.upstream | split(", ") | last) == $a and .time[11:19] >= $after) | .time[11:19]' \
    "$TMP_DIR/restart-access.log" | awk 'NR == 1')
  echo "  node a ready and in the cluster at ${RESTART[ready_clock]:-?}; nginx's first answer from it again at" \
    "${first_back:-none before wrk ended} (a node nginx saw fail is left alone for fail_timeout, 10 s)"
  echo "  timeline (nginx access log; node = the upstream that answered, retried = tried on both):"
  restart_timeline
}

# --- phase 3: WebSocket delivery across nodes ----------------------------------------------------

# run_ws <name> <socket node>: bench/ws/WsLoad.java with the REST sends to node a and the sockets on
# the given node; only the open loop with sockets open is run (no floor or REST-alone baselines:
# the same-node run is the baseline here).
run_ws() {
  local name=$1 node=$2 report=$PREFIX.ws-$1.txt
  log "WebSockets, $name: REST sends to node a, $WS_SOCKETS sockets on node $node, $WS_RATE msg/s for ${WS_SECONDS}s"
  WS_BASE_URL=${URL_OF[a]} WS_SOCKET_URL=${URL_OF[$node]} WS_SERVER_PID=${PID_OF[a]} WS_DB_PID=$DB_PID \
    WS_EMAIL_PAD=$BENCH_EMAIL_PAD WS_PASSWORD=$BENCH_PASSWORD WS_SOCKETS=$WS_SOCKETS WS_MEMBERS=$WS_MEMBERS \
    WS_RATE=$WS_RATE WS_SECONDS=$WS_SECONDS WS_LOAD_WARMUP=$WS_LOAD_WARMUP WS_TARGET_P99_MS=$WS_TARGET_P99_MS \
    WS_FLOOR_SECONDS=0 WS_WARMUP=0 WS_BASELINE_SECONDS=0 WS_HISTOGRAM=off \
    run_load java $WS_LOAD_JAVA_OPTS -cp "$FREETY_JAR" bench/ws/WsLoad.java >"$report" 2>>"$PREFIX.ws-progress.log" \
    || log "WARNING: the load generator exited with an error ($name)"
  local node_name
  for node_name in a b; do require_alive "${PID_OF[$node_name]}" "${LOG_OF[$node_name]}"; done
}

ws_phase() {
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  (($(ulimit -n) >= WS_SOCKETS + 1000)) || die "open-file limit $(ulimit -n) is too low for $WS_SOCKETS sockets"
  BASE_URL=${URL_OF[a]}
  log "seeding $WS_MEMBERS members who sign in with one password"
  seed_members_sharing_one_hash "$WS_MEMBERS"
  run_ws same a
  run_ws cross b
}

# ws_figure <name> <figure>: from a WsLoad report.
ws_figure() {
  local report=$PREFIX.ws-$1.txt
  [[ -s $report ]] || { echo -; return; }
  case $2 in
    e2e) awk '/^END-TO-END/ { print $(NF-8), $(NF-6), $(NF-4), $(NF-3), $(NF-2) }' "$report" ;;
    rest) awk '/^REST   send → 201, sockets open/ { print $(NF-6), $(NF-4), $(NF-3) }' "$report" ;;
    lost) awk '/^LOST/ { print $3 }' "$report" ;;
    delivery) sed -n 's/^delivery  : //p' "$report" ;;
    cpu) awk '$1 == "load" && NF == 6 { print $2, $3, $4, $5, $6 }' "$report" ;;
    lag) sed -n 's/^(dispatch lag of the load generator during the load: \(p99 [^,]*\),.*/\1/p' "$report" ;;
    socket) sed -n 's/^(frame time - the send.s 201 answer time: \(.*\))$/\1/p' "$report" ;;
    warmup) sed -n 's/^ *warm-up with sockets //p' "$report" ;;
  esac
}

print_ws() {
  local name e2e rest p99
  echo "3. WebSocket delivery: $WS_SOCKETS sockets of $WS_MEMBERS members, REST sends to node a at $WS_RATE msg/s" \
    "for ${WS_SECONDS}s after ${WS_LOAD_WARMUP}s unmeasured; latency from the scheduled send to the recipient's frame"
  printf '  %-28s %7s %8s %8s %9s %8s %6s   %-22s %s\n' "" frames "p50 ms" "p99 ms" "p99.9 ms" "max ms" lost \
    "REST p50/p99/p99.9 ms" "CPU a / db / load gen / other / idle"
  for name in same cross; do
    read -r -a e2e <<<"$(ws_figure "$name" e2e)"
    read -r -a rest <<<"$(ws_figure "$name" rest)"
    printf '  %-28s %7s %8s %8s %9s %8s %6s   %-22s %s\n' \
      "$([[ $name == same ]] && echo "same node (sockets on a)" || echo "CROSS-NODE (sockets on b)")" \
      "${e2e[0]:--}" "${e2e[1]:--}" "${e2e[2]:--}" "${e2e[3]:--}" "${e2e[4]:--}" "$(ws_figure "$name" lost)" \
      "${rest[0]:--}/${rest[1]:--}/${rest[2]:--}" "$(ws_figure "$name" cpu)"
  done
  local same cross
  read -r -a same <<<"$(ws_figure same e2e)"
  read -r -a cross <<<"$(ws_figure cross e2e)"
  p99=${cross[2]:--}
  echo "  cross ÷ same: p50 $(divide "${cross[1]:--}" "${same[1]:--}"), p99 $(divide "$p99" "${same[2]:--}")," \
    "p99.9 $(divide "${cross[3]:--}" "${same[3]:--}")"
  echo "  target: cross-node p99 <= $WS_TARGET_P99_MS ms at $WS_RATE msg/s: $p99 ms, $(verdict "$p99" "<=" "$WS_TARGET_P99_MS");" \
    "lost 0: $(verdict "$(ws_figure cross lost)" "<=" 0)"
  echo "  what the socket path adds: frame time - the send's 201 answer time (the REST send's own tail is the"
  echo "  same on both; the hop to node b shows here):"
  for name in same cross; do echo "    $name: $(ws_figure "$name" socket)"; done
  for name in same cross; do
    echo "  $name: $(ws_figure "$name" delivery); dispatch lag $(ws_figure "$name" lag);" \
      "unmeasured warm-up statuses $(ws_figure "$name" warmup)"
  done
  echo "  (CPU 'a' is node a, the REST node; node b counts as other. Full reports: $PREFIX.ws-same.txt, $PREFIX.ws-cross.txt)"
}

# --- summary -----------------------------------------------------------------------------------

# level_lines <file> [first line]: the WARN and ERROR lines of a node's JSON log.
level_lines() {
  tail -n +"${2:-1}" "$1" | grep -E '"level":"(WARN|ERROR)"' || true
}

# The WARN and ERROR lines of each node by level and event (or message). Expected here: the photo
# store is down on purpose (object-storage-down, sweep-failed), Hazelcast's "CP Subsystem is not
# enabled", and its lines about a member leaving during the restart.
print_node_logs() {
  local name
  echo "node logs: WARN and ERROR lines by event ($PREFIX.node-*.log)"
  for name in "${NODES[@]}"; do
    [[ -f ${LOG_OF[$name]} ]] || continue
    echo "  $name: $(level_lines "${LOG_OF[$name]}" | grep -c . || true) lines"
    level_lines "${LOG_OF[$name]}" | jq -r '"\(.level) \(.event // .message)"' 2>/dev/null \
      | sed -E 's/\[127\.0\.0\.1\]:[0-9]+ \[[^]]*\] \[[0-9.]+\] //' | cut -c1-90 | sort | uniq -c | sort -rn | head -6 \
      | sed 's/^/    /'
  done
}

print_summary() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  echo "Freety scale-out benchmark, $STAMP (commit $commit)"
  echo "machine : $(nproc) cores, $BUSY_BEFORE busy just before the run, $BUSY_AFTER just after; wrk, nginx, the nodes," \
    "MariaDB and the WebSocket load generator share them"
  awk -v busy="${BUSY_BEFORE%\%}" 'BEGIN {
    if (busy > 25) printf "WARNING : the machine was %s%% busy just before the run: expect noisy numbers\n", busy }'
  local row other suspect=()
  for row in "${!RESULT[@]}"; do
    other=$(field "$row" other)
    ! awk -v o="${other%\%}" 'BEGIN { exit !(o + 0 > 25) }' || suspect+=("$row ${other}")
  done
  ((${#suspect[@]} == 0)) || printf 'WARNING : other processes used more than a quarter of a core during %d of %d wrk runs (%s): those rows are noisy\n' \
    "${#suspect[@]}" "${#RESULT[@]}" "$(printf '%s\n' "${suspect[@]}" | sort | paste -sd, - | sed 's/,/, /g')"
  echo "nodes   : $(basename "$FREETY_JAR"), production mode, verticles http/post $FREETY_VERTICLES_HTTP_INSTANCES/$FREETY_VERTICLES_POST_INSTANCES," \
    "db pool $FREETY_DB_POOL_SIZE each, access log $BENCH_ACCESS_LOG, no S3${BENCH_JAVA_OPTS:+, java $BENCH_JAVA_OPTS};" \
    "solo :${PORT_OF[solo]} unclustered; a :${PORT_OF[a]} and b :${PORT_OF[b]} in cluster $CLUSTER_NAME" \
    "(Hazelcast 127.0.0.1:${HZ_OF[a]}, :${HZ_OF[b]}), http.shutdownGraceMs $FREETY_HTTP_SHUTDOWN_GRACE_MS"
  echo "nginx   : $(nginx -v 2>&1 | sed 's/.*: //'), deploy/nginx/freety.conf with ports, certificate (self-signed RSA 2048)," \
    "logs and upstream replaced, in the nginx image's nginx.conf (worker_processes auto); 'one' ->" \
    "node a, 'two' -> nodes a and b"
  database_memory_line
  echo "data    : $(search_data_line)"
  echo "mix     : $(mix_line "$TMP_DIR/mix.txt")"
  echo
  if phase search; then print_search; echo; fi
  if phase restart; then print_restart; echo; fi
  if phase ws; then print_ws; echo; fi
  print_node_logs
  echo "all runs  : $DETAIL_LOG (wrk's latency distributions)"
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ensure_results_dir
  BUSY_BEFORE=$(sample_busy)
  require_tools nginx openssl jq
  install_missing wrk
  resolve_jar -o
  resolve_test_classes
  DB_PID=$(pidof mariadbd || pidof mysqld || true)
  DB_PID=${DB_PID%% *}
  reset_database
  DB_URI=$(bench_db_uri)
  allocate_ports
  start_node solo # runs the migrations
  wait_node solo
  seed_search_data "$FREETY_JAR" "$DB_URI"
  sign_up_search_model "${URL_OF[solo]}" cluster-bench@example.com "$TMP_DIR/signup.json"
  TOKEN=$SIGNED_UP_TOKEN
  build_search_mix "$FREETY_JAR" "$DB_URI" "${URL_OF[solo]}" "$TOKEN" "$MIX_FILE" "$TMP_DIR/mix.txt"
  log "starting the clustered nodes a and b"
  start_node a
  start_node b
  wait_node a
  wait_node b
  wait_members 2 a b
  make_certificate
  start_nginx one a
  start_nginx two a b
  if phase search; then search_phase; fi
  # The baseline node and the one-node nginx are done: the rest runs on the cluster alone.
  stop_pid "${NGINX_PID[one]}"
  unset 'NGINX_PID[one]'
  stop_pid "${PID_OF[solo]}"
  PID_OF[solo]=
  if phase restart; then restart_phase; fi
  if phase ws; then ws_phase; fi
  BUSY_AFTER=$(sample_busy)
  cp "${NGINX_DIR[two]}/error.log" "$PREFIX.nginx-two-error.log"
  local name
  for name in "${!NGINX_PID[@]}"; do stop_pid "${NGINX_PID[$name]}"; done
  NGINX_PID=()
  for name in a b; do stop_pid "${PID_OF[$name]}"; PID_OF[$name]=; done
  print_summary | tee "$SUMMARY_FILE"
  log "summary written to $SUMMARY_FILE"
}

main "$@"
