#!/usr/bin/env bash
# A real multi-process Flink session cluster without flink-dist (design/stack.md): one JobManager
# and N TaskManagers (default 2) as plain java processes on the Maven runtime classpath of
# flink-job, which doubles as the cluster's lib/ (TensorFlow natives load once per JVM, tfjava.md).
#
#   bin/flink-cluster.sh start                      start JobManager + TaskManagers, wait until registered
#   bin/flink-cluster.sh submit [-p N] [-s SAVEPOINT] [-- job args]   submit the tracking job (detached)
#   bin/flink-cluster.sh savepoint JOB_ID [DIR]     stop the job with a savepoint; prints the savepoint path
#   bin/flink-cluster.sh cancel JOB_ID              cancel a job
#   bin/flink-cluster.sh list                       list jobs
#   bin/flink-cluster.sh status                     processes and registered TaskManagers
#   bin/flink-cluster.sh stop                       stop every process of the cluster
#
# Environment: FLINK_CLUSTER_HOME (state: conf, logs, pids, checkpoints; default .spectratrack/flink-cluster),
# FLINK_REST_PORT (8081), FLINK_RPC_PORT (6123), FLINK_TASKMANAGERS (2), FLINK_SLOTS (slots per TaskManager, 1),
# FLINK_TM_MEMORY (1600m), FLINK_JM_MEMORY (1024m), JAVA (java).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${FLINK_CLUSTER_HOME:-$ROOT/.spectratrack/flink-cluster}"
CONF="$HOME_DIR/conf"
LOGS="$HOME_DIR/log"
PIDS="$HOME_DIR/pids"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
TASKMANAGERS="${FLINK_TASKMANAGERS:-2}"
SLOTS="${FLINK_SLOTS:-1}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"
JOB_MAIN="io.spectratrack.flink.cli.TrackingJobCli"

die() { echo "flink-cluster: $*" >&2; exit 1; }

# One home for JVM flags: the parent pom's properties (Java 17 opens, Avro trusted packages).
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1
}

classpath() {
  local cpfile="$ROOT/flink-job/target/runtime-classpath.txt"
  local jar
  jar="$(ls "$ROOT"/flink-job/target/flink-job-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1 || true)"
  if [ ! -f "$cpfile" ] || [ -z "$jar" ]; then
    echo "flink-cluster: building flink-job (first use)..." >&2
    (cd "$ROOT" && "$MVN" -B -q -DskipTests install -pl flink-job -am >&2)
    jar="$(ls "$ROOT"/flink-job/target/flink-job-*.jar | grep -v -- '-tests.jar' | head -1)"
  fi
  echo "$jar:$(cat "$cpfile")"
}

job_jar() {
  ls "$ROOT"/flink-job/target/flink-job-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1
}

jvm_flags() {
  echo "$(pom_property flink.jvm.opens) -Dorg.apache.avro.SERIALIZABLE_PACKAGES=$(pom_property avro.trusted.packages)"
}

write_conf() {
  mkdir -p "$CONF" "$LOGS" "$PIDS" "$HOME_DIR/checkpoints" "$HOME_DIR/savepoints" "$HOME_DIR/tmp"
  cat > "$CONF/config.yaml" <<YAML
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: localhost
jobmanager.memory.process.size: ${FLINK_JM_MEMORY:-1024m}
taskmanager.bind-host: localhost
taskmanager.host: localhost
taskmanager.numberOfTaskSlots: $SLOTS
taskmanager.memory.process.size: ${FLINK_TM_MEMORY:-1600m}
rest.address: localhost
rest.bind-address: localhost
rest.port: $REST_PORT
parallelism.default: 1
# The job's classes and TensorFlow are on every process's classpath (our lib/): load them from
# there so the ModelHost and the TF natives exist once per TaskManager JVM, not per job classloader.
classloader.resolve-order: parent-first
state.backend.type: rocksdb
execution.checkpointing.dir: file://$HOME_DIR/checkpoints
execution.checkpointing.savepoint-dir: file://$HOME_DIR/savepoints
io.tmp.dirs: $HOME_DIR/tmp
env.java.opts.all: $(jvm_flags)
# Frames are megabytes: with G1's default 2 MB regions every copy is a humongous allocation.
env.java.opts.taskmanager: -XX:G1HeapRegionSize=16m
YAML
  cat > "$CONF/log4j-cli.properties" <<'LOG'
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = err
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = %d{HH:mm:ss} %-5p %c{1} %m%n
# The client probes for YARN and plugins that a Maven-classpath cluster does not have.
logger.cli.name = org.apache.flink.client.cli.CliFrontend
logger.cli.level = ERROR
logger.plugins.name = org.apache.flink.core.plugin
logger.plugins.level = ERROR
logger.st.name = io.spectratrack
logger.st.level = INFO
LOG
  mkdir -p "$HOME_DIR/plugins"
  cat > "$CONF/log4j.properties" <<'LOG'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.metrics.name = org.apache.flink.runtime.metrics
logger.metrics.level = ERROR
LOG
}

# BashJavaUtils computes the memory flags the Flink scripts would: first result line = JVM
# options, second = dynamic -D settings.
resource_params() {
  local what="$1" cp="$2" out
  out="$("$JAVA" -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$what" --configDir "$CONF" 2>"$LOGS/bash-java-utils.err")" \
    || die "BashJavaUtils $what failed: $(tail -5 "$LOGS/bash-java-utils.err")"
  echo "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

launch() {
  local name="$1" main="$2" what="$3" cp="$4"
  local params jvm dyn
  params="$(resource_params "$what" "$cp")"
  jvm="$(echo "$params" | sed -n 1p)"
  dyn="$(echo "$params" | sed -n 2p)"
  # shellcheck disable=SC2086
  FLINK_PLUGINS_DIR="$HOME_DIR/plugins" nohup "$JAVA" $jvm $(jvm_flags) -Dlog.file="$LOGS/$name.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
      -Dlog4j2.configurationFile="file:$CONF/log4j.properties" \
      -cp "$cp" "$main" --configDir "$CONF" $dyn > "$LOGS/$name.out" 2>&1 &
  echo $! > "$PIDS/$name.pid"
  echo "flink-cluster: started $name (pid $!)" >&2
}

rest() {
  curl -fsS "http://localhost:$REST_PORT$1"
}

registered_taskmanagers() {
  local json
  json="$(rest /taskmanagers 2>/dev/null || true)"
  echo "$json" | grep -o '"id":' | wc -l
}

start() {
  if [ -n "$(running)" ]; then die "already running (pids: $(running)); stop it first"; fi
  write_conf
  local cp
  cp="$(classpath)"
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS "$cp"
  for i in $(seq 1 "$TASKMANAGERS"); do
    launch "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$cp"
  done
  echo "flink-cluster: waiting for $TASKMANAGERS TaskManagers to register (15-60 s on 2 cores)..." >&2
  for _ in $(seq 1 180); do
    if [ "$(registered_taskmanagers)" -ge "$TASKMANAGERS" ]; then
      echo "flink-cluster: up, REST http://localhost:$REST_PORT, $TASKMANAGERS TaskManagers x $SLOTS slots" >&2
      return 0
    fi
    for f in "$PIDS"/*.pid; do
      kill -0 "$(cat "$f")" 2>/dev/null || die "$(basename "$f" .pid) died; see $LOGS/$(basename "$f" .pid).{log,out}"
    done
    sleep 1
  done
  die "TaskManagers did not register within 180 s; see $LOGS"
}

running() {
  local p=()
  if [ -d "$PIDS" ]; then
    for f in "$PIDS"/*.pid; do
      [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && p+=("$(cat "$f")")
    done
  fi
  echo "${p[*]:-}"
}

cli() {
  [ -f "$CONF/config.yaml" ] || die "no cluster configuration in $CONF; run start first"
  local cp
  cp="$(classpath)"
  # shellcheck disable=SC2046
  FLINK_CONF_DIR="$CONF" FLINK_PLUGINS_DIR="$HOME_DIR/plugins" "$JAVA" $(jvm_flags) \
      -Dlog4j2.configurationFile="file:$CONF/log4j-cli.properties" \
      -cp "$cp" org.apache.flink.client.cli.CliFrontend "$@"
}

submit() {
  local opts=()
  while [ $# -gt 0 ]; do
    case "$1" in
      -p|--parallelism) opts+=(-p "$2"); shift 2 ;;
      -s|--from-savepoint) opts+=(-s "$2"); shift 2 ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  local jar
  jar="$(job_jar)"
  [ -n "$jar" ] || die "no flink-job jar; build with mvn -pl flink-job install"
  # Checkpoints in the cluster's directory unless the job arguments say otherwise (later --set wins).
  cli run -d "${opts[@]}" -c "$JOB_MAIN" "$jar" run --set "checkpoint.dir=file://$HOME_DIR/checkpoints" "$@"
}

stop_cluster() {
  local any=0
  if [ -d "$PIDS" ]; then
    for f in "$PIDS"/*.pid; do
      [ -f "$f" ] || continue
      local pid
      pid="$(cat "$f")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" && any=1
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "flink-cluster: stopped $(basename "$f" .pid) (pid $pid)" >&2
      fi
      rm -f "$f"
    done
  fi
  [ "$any" = 1 ] || echo "flink-cluster: nothing running" >&2
}

cmd="${1:-help}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start) start ;;
  submit) submit "$@" ;;
  savepoint)
    [ $# -ge 1 ] || die "usage: savepoint JOB_ID [DIR]"
    cli stop --type canonical -p "${2:-file://$HOME_DIR/savepoints}" "$1" ;;
  cancel) [ $# -ge 1 ] || die "usage: cancel JOB_ID"; cli cancel "$1" ;;
  list) cli list ;;
  status)
    echo "processes: $(running)"
    echo "registered TaskManagers: $(registered_taskmanagers)" ;;
  stop) stop_cluster ;;
  help|-h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$cmd' (start, submit, savepoint, cancel, list, status, stop)" ;;
esac
