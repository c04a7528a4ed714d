# Shared by the bench/*/run.sh scripts: logging, tools, the jar, the scratch database, and the
# server's start, readiness and stop. Source it from the repository root (after the script's cd).
# The caller sets LOG_TAG and the BENCH_DB_* and BENCH_READY_TIMEOUT knobs before using it.

SERVER_PID=
MYSQL=

log() { printf '[%s %s] %s\n' "${LOG_TAG:-bench}" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- prerequisites -----------------------------------------------------------------------------

# require_tools <tool>…: each must be on the PATH; also finds the MariaDB/MySQL client.
require_tools() {
  local tool
  for tool in java curl "$@"; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
  MYSQL=$(command -v mariadb || command -v mysql) || die "the mariadb or mysql client is required"
}

# install_missing <command> [package]: apt-get installs it when it is not on the PATH.
install_missing() {
  command -v "$1" >/dev/null && return 0
  log "installing ${2:-$1}"
  local sudo=
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "${2:-$1}" >/dev/null
}

# resolve_jar [maven flags]: FREETY_JAR as given, or target/freety-server.jar, built when missing.
resolve_jar() {
  if [[ -n ${FREETY_JAR:-} ]]; then
    [[ -f $FREETY_JAR ]] || die "FREETY_JAR=$FREETY_JAR does not exist"
    return
  fi
  FREETY_JAR=$PWD/target/freety-server.jar
  if [[ ! -f $FREETY_JAR ]]; then
    log "building $FREETY_JAR"
    mvn -q -B "$@" -DskipTests package
  fi
}

# --- the machine -------------------------------------------------------------------------------

# "<total ticks> <idle ticks>" of the whole machine since boot.
cpu_total_idle() {
  local user nice system idle iowait irq softirq steal rest
  read -r _ user nice system idle iowait irq softirq steal rest </proc/stat
  echo "$((user + nice + system + idle + iowait + irq + softirq + steal)) $((idle + iowait))"
}

# pid_ticks <pid>…: the CPU ticks (user + system) the processes have used since they started; a
# pid that is gone (or goes while it is read) or empty counts 0. The command name in /proc/<pid>/stat is in parentheses and may
# hold spaces, so the fields are counted after it.
pid_ticks() {
  local total=0 pid ticks
  for pid in "$@"; do
    [[ -n $pid ]] || continue
    ticks=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

# The share of the machine's CPU in use over three seconds, as "<n>%". The load average would still
# count a benchmark that has just ended, so this samples the CPU itself.
sample_busy() {
  local before after
  before=$(cpu_total_idle)
  sleep 3
  after=$(cpu_total_idle)
  awk -v b="$before" -v a="$after" 'BEGIN { split(b, x); split(a, y); t = y[1] - x[1]
    printf "%.0f%%", (t > 0 ? 100 * (1 - (y[2] - x[2]) / t) : 0) }'
}

# run_load <command>…: runs a load generator in the background and waits for it, with its pid in
# LOAD_PID meanwhile, so that the caller's exit trap can stop it on Ctrl-C or an error.
run_load() {
  "$@" &
  LOAD_PID=$!
  local status=0
  wait "$LOAD_PID" || status=$?
  LOAD_PID=
  return "$status"
}

# --- database ----------------------------------------------------------------------------------

db() {
  MYSQL_PWD=$BENCH_DB_PASSWORD "$MYSQL" -h "$BENCH_DB_HOST" -P "$BENCH_DB_PORT" -u "$BENCH_DB_USER" \
    --batch --skip-column-names "$@"
}

# The server's FREETY_DB_URI for the bench database; the password must be URI-safe.
bench_db_uri() {
  local credentials=$BENCH_DB_USER
  [[ -z $BENCH_DB_PASSWORD ]] || credentials+=":$BENCH_DB_PASSWORD"
  echo "mysql://$credentials@$BENCH_DB_HOST:$BENCH_DB_PORT/$BENCH_DB_NAME"
}

reset_database() {
  # The database is dropped: refuse anything that does not look like a scratch database.
  [[ $BENCH_DB_NAME =~ ^[A-Za-z0-9_]*bench[A-Za-z0-9_]*$ ]] \
    || die "BENCH_DB_NAME must contain 'bench' (it is dropped), got '$BENCH_DB_NAME'"
  log "recreating database $BENCH_DB_NAME on $BENCH_DB_HOST:$BENCH_DB_PORT"
  db -e "DROP DATABASE IF EXISTS \`$BENCH_DB_NAME\`;
         CREATE DATABASE \`$BENCH_DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
}

# numbers_query <digits>: SELECT n FROM 0..10^digits-1, by cross-joining digit tables. The same SQL
# runs on MariaDB and MySQL 8, where a recursive CTE would hit cte_max_recursion_depth (1000).
numbers_query() {
  local digits=$1 i joins="" sum=""
  local digit="(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
     UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
  for ((i = 0; i < digits; i++)); do
    joins+="${joins:+ CROSS JOIN }$digit d$i"
    sum+="${sum:+ + }d$i.d * $((10 ** i))"
  done
  echo "SELECT $sum AS n FROM $joins"
}

# --- members who all sign in with one password --------------------------------------------------

email_of() { printf "bench-%0${BENCH_EMAIL_PAD}d@example.com" "$1"; }

# seed_members_sharing_one_hash <count>: member 0 signs up through the API, so its bcrypt hash is
# the server's own, at its cost; SQL adds members 1..count-1 with a copy of that hash, since
# sign-up is bcrypt-bound. Sets BENCH_EMAIL_PAD (exported: load scripts build the same emails),
# SEEDED_HASH and HASH_COST. Needs BASE_URL, BENCH_DB_NAME, BENCH_PASSWORD and TMP_DIR. Only the
# bench-… members get the hash, so a database with members of its own (the latency benchmark's
# seeded Seoul) keeps them as they are.
seed_members_sharing_one_hash() {
  local count=$1 last=$(($1 - 1)) status members
  export BENCH_EMAIL_PAD=$((${#last} > 6 ? ${#last} : 6))
  status=$(curl -s -o "$TMP_DIR/signup.json" -w '%{http_code}' --max-time 30 \
    -H 'Content-Type: application/json' "$BASE_URL/api/v1/auth/signup" \
    --data "{\"email\":\"$(email_of 0)\",\"password\":\"$BENCH_PASSWORD\",\"name\":\"Bench 0\",\"role\":\"MODEL\"}")
  [[ $status == 201 ]] || die "sign-up returned $status: $(cat "$TMP_DIR/signup.json")"

  ((last < 1)) || db "$BENCH_DB_NAME" -e "
    INSERT INTO member (role, email, name, birth_year, created_at, updated_at)
    SELECT 'MODEL', CONCAT('bench-', LPAD(n, $BENCH_EMAIL_PAD, '0'), '@example.com'),
           CONCAT('Bench ', n), 1970 + n % 40, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)
    FROM ($(numbers_query ${#last})) numbers
    WHERE n BETWEEN 1 AND $last;

    SET @hash = (SELECT c.password_hash FROM credential c JOIN member m ON m.id = c.member_id
                 WHERE m.email = '$(email_of 0)');
    INSERT INTO credential (member_id, password_hash, updated_at)
    SELECT m.id, @hash, UTC_TIMESTAMP(3)
    FROM member m LEFT JOIN credential c ON c.member_id = m.id
    WHERE c.member_id IS NULL AND m.email LIKE 'bench-%@example.com';"

  members=$(db "$BENCH_DB_NAME" -e "SELECT COUNT(*) FROM member JOIN credential ON credential.member_id = member.id
                                    WHERE member.email LIKE 'bench-%@example.com'")
  [[ $members == "$count" ]] || die "expected $count members with credentials, found $members"
  SEEDED_HASH=$(db "$BENCH_DB_NAME" -e "SELECT c.password_hash FROM credential c JOIN member m ON m.id = c.member_id
                                        WHERE m.email = '$(email_of 0)'")
  HASH_COST=$((10#${SEEDED_HASH:4:2}))
}

# One line on what the server needs from the database's configuration: InnoDB's buffer pool should
# hold the tables (data and indexes), or every run reads pages from disk and evicts others' pages.
database_memory_line() {
  local pool tables version
  pool=$(db -e "SELECT @@innodb_buffer_pool_size" 2>/dev/null || echo 0)
  version=$(db -e "SELECT VERSION()" 2>/dev/null || echo '?')
  tables=$(db -e "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables
                  WHERE table_schema = '$BENCH_DB_NAME'" 2>/dev/null || echo 0)
  awk -v pool="$pool" -v tables="$tables" -v version="$version" -v name="$BENCH_DB_NAME" 'BEGIN {
    mib = 1048576
    printf "database  : %s, innodb_buffer_pool_size %.0f MiB; %s takes %.0f MiB (data + indexes)\n",
      version, pool / mib, name, tables / mib
    if (pool + 0 < tables + 0)
      printf "WARNING   : the buffer pool is smaller than the data: reads go to disk and the numbers depend on what ran before (set innodb_buffer_pool_size >= %.0f MiB)\n",
        tables / mib }'
}

# --- server ------------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port <first>: the first free port among <first>..<first>+20.
pick_port() {
  local port=$1
  while port_in_use "$port"; do
    ((port < $1 + 20)) || die "ports $1..$port are all taken"
    port=$((port + 1))
  done
  echo "$port"
}

# export_server_env <port>: what every bench server gets. Production mode (unless FREETY_MODE says
# otherwise) with a throwaway JWT secret, the bench database, metrics on the first free port from
# <port> + 1000, no per-IP limits that every request from 127.0.0.1 would hit, and no access log
# unless BENCH_ACCESS_LOG=on.
export_server_env() {
  local port=$1 limit=100000000
  [[ ${BENCH_ACCESS_LOG:-on} == on ]] \
    || export FREETY_LOGGING_LEVELS="io.micrometer.core.instrument.MeterRegistry=ERROR,freety.access=WARN"
  export FREETY_MODE=${FREETY_MODE:-production}
  if [[ $FREETY_MODE == production ]]; then
    export FREETY_JWT_SECRET=${FREETY_JWT_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 48)}
  fi
  export FREETY_JWT_ACCESS_TOKEN_MINUTES=${FREETY_JWT_ACCESS_TOKEN_MINUTES:-120}
  export FREETY_HTTP_HOST=127.0.0.1 FREETY_HTTP_PORT=$port FREETY_DB_URI FREETY_METRICS_PORT
  FREETY_DB_URI=$(bench_db_uri)
  # The metrics server has a port of its own (8081 by default): another server on the box, or the
  # search benchmark's second jar, would take it first, and the server would not start.
  export FREETY_METRICS_HOST=127.0.0.1
  FREETY_METRICS_PORT=$(pick_port $((port + 1000)))
  export FREETY_RATE_LIMITS_LOGIN_PER_IP_LIMIT=$limit FREETY_RATE_LIMITS_LOGIN_PER_EMAIL_LIMIT=$limit
  export FREETY_RATE_LIMITS_SIGNUP_PER_IP_LIMIT=$limit FREETY_RATE_LIMITS_SIGNUP_PER_EMAIL_LIMIT=$limit
}

# launch_server <jar> <log> [java option]…: starts the jar in the background; LAUNCHED_PID is its pid.
launch_server() {
  local jar=$1 server_log=$2 quiet=()
  shift 2
  # Jars before d65c879 log through slf4j-simple, which reads its levels from system properties,
  # not FREETY_LOGGING_LEVELS: without this an older jar pays for an access line per request.
  [[ ${BENCH_ACCESS_LOG:-on} == on ]] || quiet=(-Dorg.slf4j.simpleLogger.log.freety.access=warn)
  log "starting $jar on port $FREETY_HTTP_PORT (log: $server_log)"
  # With a node's own JVM flags (bcrypt's low priority among them), then the caller's.
  java @deploy/jvm.options "${quiet[@]}" "$@" -jar "$jar" >>"$server_log" 2>&1 &
  LAUNCHED_PID=$!
}

# start_bench_server [check] [java option]…: FREETY_JAR on the first free port from BENCH_PORT, with
# export_server_env's settings (set any other FREETY_* before), the options, then BENCH_JAVA_OPTS;
# waits for the check (ready_full by default). Sets BASE_URL and SERVER_PID; logs to SERVER_LOG.
start_bench_server() {
  local check=${1:-ready_full} port
  shift $(($# > 0 ? 1 : 0))
  local java_opts=("$@" $BENCH_JAVA_OPTS)
  port=$(pick_port "$BENCH_PORT")
  BASE_URL=http://127.0.0.1:$port
  export_server_env "$port"
  launch_server "$FREETY_JAR" "$SERVER_LOG" "${java_opts[@]}"
  SERVER_PID=$LAUNCHED_PID
  wait_ready "$SERVER_PID" "$BASE_URL" "$SERVER_LOG" "$check"
}

# ready_full <base url>: /health/ready answers 200 (database and photo store up).
ready_full() { curl -fs -o /dev/null --max-time 2 "$1/health/ready"; }

# ready_database <base url>: live, and the database check of /health/ready is up (no S3 needed).
ready_database() {
  curl -fs -o /dev/null --max-time 2 "$1/health/live" \
    && curl -s --max-time 5 "$1/health/ready" | grep -q '"database":{"status":"UP"'
}

# wait_ready <pid> <base url> <log> [check]: until the check passes (ready_full by default); stops
# the script with the log's tail when the server exits or BENCH_READY_TIMEOUT passes.
wait_ready() {
  local pid=$1 url=$2 server_log=$3 check=${4:-ready_full}
  local deadline=$((SECONDS + BENCH_READY_TIMEOUT))
  until "$check" "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$server_log" >&2
      die "the server exited during start-up"
    fi
    ((SECONDS < deadline)) || { tail -n 20 "$server_log" >&2; die "not ready after ${BENCH_READY_TIMEOUT}s"; }
    sleep 0.25
  done
  log "server ready (pid $pid)"
}

# stop_pid <pid>: SIGTERM (the server drains and closes), SIGKILL after 15 s.
stop_pid() {
  [[ -n $1 ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=
}

# stop_load: the load generator a script started in the background (LOAD_PID), if it still runs.
stop_load() {
  if [[ -n ${LOAD_PID:-} ]]; then
    kill "$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
  fi
  LOAD_PID=
}

# require_alive <pid> <log>: stops the script with the log's tail when the server has died.
require_alive() {
  kill -0 "$1" 2>/dev/null && return
  tail -n 20 "$2" >&2
  die "the server died"
}

# server_transport <server log>: the event loops' transport its start line names (epoll, nio, or
# "nio (native unavailable: …)"); "?" for a jar whose start line does not name it.
server_transport() {
  local named
  named=$(grep -o -m1 'transport=[^"]*' "$1" 2>/dev/null | cut -d= -f2-)
  echo "${named:-?}"
}

# trim_access_log <log> [statuses regex]: keeps every line but the access lines of those statuses
# (2xx by default), which a run writes by the hundred thousand.
trim_access_log() {
  local server_log=$1 statuses=${2:-2[0-9][0-9]}
  grep -v -E "freety\\.access - .*\"status\":($statuses)[,}]" "$server_log" >"$server_log.kept" || true
  mv "$server_log.kept" "$server_log"
}

ensure_results_dir() {
  mkdir -p "$RESULTS_DIR"
  [[ -f $RESULTS_DIR/.gitignore ]] || printf '*\n!.gitignore\n' >"$RESULTS_DIR/.gitignore"
}
