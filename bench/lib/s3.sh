#!/usr/bin/env bash
# Starts an S3Proxy for benchmarks (the production jar checks S3 in /health/ready and stores photos
# there). Source this file, then: start_s3 <port> <dir|memory> <logfile>; it exports FREETY_S3_*.
# The caller's trap should call stop_s3.

S3_PID=""

s3_classpath() {
  local cp_file=target/bench-test-classpath.txt
  if [[ ! -s $cp_file || pom.xml -nt $cp_file ]]; then
    mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
  fi
  [[ -d target/test-classes/app/freety/dev ]] || mvn -q -B -DskipTests test-compile >/dev/null
  printf 'target/test-classes:%s' "$(cat "$cp_file")"
}

start_s3() {
  local port=$1 where=$2 log=$3
  java -Xmx512m -Dlogback.configurationFile=bench/lib/s3-logback.xml -cp "$(s3_classpath)" \
    app.freety.dev.StandaloneS3 "$port" "$where" freety >"$log" 2>&1 &
  S3_PID=$!
  for _ in $(seq 1 100); do
    if grep -q "S3 ready at" "$log" 2>/dev/null; then
      export FREETY_S3_ENDPOINT="http://127.0.0.1:$port" FREETY_S3_BUCKET=freety \
        FREETY_S3_ACCESS_KEY=freety-dev FREETY_S3_SECRET_KEY=freety-dev-secret
      return 0
    fi
    if ! kill -0 "$S3_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "S3Proxy did not start; the end of $log:" >&2
  tail -n 20 "$log" >&2
  return 1
}

stop_s3() {
  if [[ -n $S3_PID ]]; then
    kill "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    S3_PID=""
  fi
}
