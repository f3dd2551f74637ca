#!/usr/bin/env bash
# Entry point of every SpectraTrack image: the first argument names the program.
#   flink image:       jobmanager | taskmanager | submit | flink <CliFrontend args>
#   stream-apps image: ingest | alerts            (IngestCli / AlertsCli options follow)
#   camera-sim image:  camera-sim | topics        (CameraSimCli / TopicsCli options follow)
# Each program is a plain `java` on the image's lib/ with the project's JVM flags (jvm.args).
set -euo pipefail

SPECTRATRACK_HOME="${SPECTRATRACK_HOME:-/opt/spectratrack}"
BIN="$SPECTRATRACK_HOME/bin"
LIB="${SPECTRATRACK_LIB:-$SPECTRATRACK_HOME/lib/*}"

cmd="${1:-}"
[ $# -gt 0 ] && shift

app() {
  local main="$1"; shift
  local jvm_args=()
  if [ -f "$SPECTRATRACK_HOME/jvm.args" ]; then
    read -r -a jvm_args < "$SPECTRATRACK_HOME/jvm.args" || true  # a file without a final newline is fine
  fi
  # shellcheck disable=SC2206 # JAVA_OPTS is a list of flags by convention
  local extra=(${JAVA_OPTS:-})
  exec java "${jvm_args[@]}" "${extra[@]}" -Dlog4j2.configurationFile="$SPECTRATRACK_HOME/config/log4j2.xml" \
      -cp "$LIB" "$main" "$@"
}

case "$cmd" in
  jobmanager|taskmanager) exec "$BIN/flink-process.sh" "$cmd" "$@" ;;
  submit)                 exec "$BIN/submit-job.sh" "$@" ;;
  flink)                  exec "$BIN/flink-process.sh" client "$@" ;;
  ingest)                 app io.spectratrack.streams.cli.IngestCli "$@" ;;
  alerts)                 app io.spectratrack.streams.cli.AlertsCli "$@" ;;
  camera-sim)             app io.spectratrack.local.cli.CameraSimCli "$@" ;;
  topics)                 app io.spectratrack.local.cli.TopicsCli "$@" ;;
  *)
    echo "usage: <image> jobmanager|taskmanager|submit|flink|ingest|alerts|camera-sim|topics [options]" >&2
    exit 2 ;;
esac
