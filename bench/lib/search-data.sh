# Shared by bench/search/run.sh and bench/latency/run.sh: the search benchmark's Seoul (seeded
# straight into the database), a model signed up for the bearer token, the request mix built from
# the seeded data, and waiting for the database to finish what a load run left queued. Source it
# after bench/lib/server.sh, from the repository root; the caller sets TMP_DIR and BENCH_DB_NAME.

# --- knobs (see bench/README.md) --------------------------------------------------------------
: "${BENCH_DESIGNERS:=5000}" "${BENCH_MODELS:=20000}" "${BENCH_POSTS:=50000}" "${BENCH_PICKS:=100000}"
: "${BENCH_APPLICATION_SHARE:=0.3}" "${BENCH_PHOTOS:=on}"
: "${BENCH_MIX_LINES:=2000}"

SEARCH_DIR=bench/search
TEST_CLASSES=

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

# seed_search_data <jar> <db uri>: into a database the jar's server has migrated and nobody has
# written to yet; the seeder's report goes to stderr and to $TMP_DIR/seed.txt.
seed_search_data() {
  log "seeding $BENCH_DESIGNERS designers, $BENCH_MODELS models, $BENCH_POSTS posts, $BENCH_PICKS picks," \
    "applications on a share of $BENCH_APPLICATION_SHARE of the posts, photos $BENCH_PHOTOS"
  java -cp "$1:$TEST_CLASSES" "$SEARCH_DIR/Seed.java" "$2" "$BENCH_DESIGNERS" "$BENCH_MODELS" \
    "$BENCH_POSTS" "$BENCH_PICKS" "$BENCH_APPLICATION_SHARE" "$BENCH_PHOTOS" | tee "$TMP_DIR/seed.txt" >&2
}

# sign_up_search_model <base url> <email> <answer file>: a model through the server, for the bearer
# token; sets SIGNED_UP_TOKEN and SIGNED_UP_MEMBER (its id).
sign_up_search_model() {
  local url=$1 email=$2 answer=$3 status
  status=$(curl -s -o "$answer" -w '%{http_code}' --max-time 30 \
    -H 'Content-Type: application/json' "$url/api/v1/auth/signup" \
    --data "{\"email\":\"$email\",\"password\":\"bench-password-1\",\"name\":\"벤치 모델\",\"role\":\"MODEL\"}")
  [[ $status == 201 ]] || die "sign-up of $email returned $status: $(cat "$answer")"
  SIGNED_UP_TOKEN=$(grep -o '"accessToken":"[^"]*"' "$answer" | cut -d'"' -f4)
  SIGNED_UP_MEMBER=$(grep -o '"member":{"id":[0-9]*' "$answer" | grep -o '[0-9]*$')
}

# build_search_mix <jar> <db uri> <base url> <token> <mix file> <report file>: after seeding, so ids
# are real; second pages carry cursors from the server's own first pages (cursor formats may differ
# between releases). The builder's random seed is fixed, so two builds differ only in those cursors
# unless the servers answer a first page differently. Its "mix: …" line goes to the report file.
build_search_mix() {
  log "building the request mix ($BENCH_MIX_LINES lines) -> $5"
  java -cp "$1" "$SEARCH_DIR/Mix.java" "$2" "$3" "$4" "$5" "$BENCH_MIX_LINES" | tee "$6" >&2
}

# mix_line <report file>: what the mix holds, for a summary's "mix" line.
mix_line() { sed -n 's/^mix: //p' "$1" | sed 's/ -> .*//'; }

# The seeded data in one line, for a summary's "data" line.
search_data_line() {
  db "$BENCH_DB_NAME" -e "
    SELECT CONCAT(SUM(role = 'DESIGNER'), ' designers, ', SUM(role = 'MODEL'), ' models, ',
                  (SELECT COUNT(*) FROM post), ' posts (', (SELECT COUNT(*) FROM post WHERE status = 'OPEN'), ' OPEN), ',
                  (SELECT COUNT(*) FROM post_term), ' post_term rows, ', (SELECT COUNT(*) FROM pick), ' picks')
    FROM member"
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
