#!/usr/bin/env bash
# Local event-bus cost of a feature request sent as its record (RequestCodec) or as JSON that the
# feature reads back into the record. Needs the server jar: mvn -B -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${FREETY_JAR:-target/freety-server.jar}
[[ -f $JAR ]] || { echo "build the jar first: mvn -B -DskipTests package" >&2; exit 1; }
java -cp "$JAR" bench/bus/BusCodec.java "${BUS_SECONDS:-3}" "${BUS_ROUNDS:-3}"
