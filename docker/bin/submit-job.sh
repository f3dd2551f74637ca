#!/usr/bin/env bash
# Submits the tracking job to the session cluster once: waits for the JobManager's REST API and a
# registered TaskManager, does nothing if a job of that name already runs, otherwise runs
# TrackingJobCli through Flink's client (detached). Restores from $SAVEPOINT when set (rescaling:
# stop with a savepoint, then submit again with another $PARALLELISM).
#
# Environment: JOBMANAGER (host:port of the REST API, default jobmanager:8081), KAFKA_BOOTSTRAP,
# PARALLELISM, SAVEPOINT, MODEL_DIR (unset: each camera is tracked by the model shipped for its band
# count, 16 or 25, which every TaskManager opens from its own classpath; set: that one model, e.g.
# $SPECTRATRACK_HOME/models/bcrnet-lite), JOB_CONFIG (properties file), JOB_NAME; extra arguments
# are handed to `job run` (e.g. -s key=value).
set -euo pipefail

SPECTRATRACK_HOME="${SPECTRATRACK_HOME:-/opt/spectratrack}"
JOBMANAGER="${JOBMANAGER:-jobmanager:8081}"
KAFKA_BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
PARALLELISM="${PARALLELISM:-2}"
JOB_NAME="${JOB_NAME:-spectratrack-tracker}"
JOB_CONFIG="${JOB_CONFIG:-$SPECTRATRACK_HOME/config/flink-job.properties}"
MODEL_DIR="${MODEL_DIR:-}"
JOB_JAR="${JOB_JAR:-${FLINK_HOME:-/opt/flink}/usrlib/flink-job.jar}"
FLINK="$SPECTRATRACK_HOME/bin/flink-process.sh"

rest="http://$JOBMANAGER"
echo "submit-job: waiting for the JobManager at $rest and a TaskManager..." >&2
ready=false
for _ in $(seq 1 150); do
  if overview="$(curl -fsS "$rest/overview" 2>/dev/null)" && ! echo "$overview" | grep -q '"taskmanagers":0'; then
    ready=true
    break
  fi
  sleep 2
done
$ready || { echo "submit-job: no JobManager with a registered TaskManager at $rest after 300 s" >&2; exit 1; }

if curl -fsS "$rest/jobs/overview" | grep -q "\"name\":\"$JOB_NAME\",\"state\":\"RUNNING\""; then
  echo "submit-job: $JOB_NAME already runs; nothing to do" >&2
  exit 0
fi

args=(run -d -m "$JOBMANAGER" -p "$PARALLELISM")
if [ -n "${SAVEPOINT:-}" ]; then
  args+=(-s "$SAVEPOINT")
  echo "submit-job: restoring from $SAVEPOINT at parallelism $PARALLELISM" >&2
fi
args+=(-c io.spectratrack.flink.cli.TrackingJobCli "$JOB_JAR"
       run --config "$JOB_CONFIG" --bootstrap "$KAFKA_BOOTSTRAP"
       --parallelism "$PARALLELISM" -s "job.name=$JOB_NAME")
if [ -n "$MODEL_DIR" ]; then args+=(--model "$MODEL_DIR"); fi
args+=("$@")
exec "$FLINK" client "${args[@]}"
