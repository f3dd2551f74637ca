#!/usr/bin/env bash
# One Flink process without flink-dist (stack.md, "A real multi-process Flink cluster without
# flink-dist"): a JobManager, a TaskManager or the Flink client, as a plain `java` on a classpath.
# The memory and CPU settings Flink's own scripts compute come from BashJavaUtils, as there.
#
# usage: flink-process.sh jobmanager|taskmanager [-D key=value ...]
#        flink-process.sh client run|stop|list|cancel ... (CliFrontend arguments)
#
# Environment:
#   FLINK_CLASSPATH  classpath of the Flink runtime + job dependencies (default: $FLINK_HOME/lib/*)
#   FLINK_CONF_DIR   directory with config.yaml and log4j-console.properties (default: $FLINK_HOME/conf)
#   FLINK_LOG_DIR    where Flink processes write logs (default: $FLINK_HOME/log)
#   JVM_ARGS_FILE    file with the JVM flags every project JVM needs (the parent pom's
#                    app.jvm.args: module opens, Avro trusted packages); default $SPECTRATRACK_HOME/jvm.args
#   JAVA_OPTS        extra JVM flags
# Used by the container images (docker/) and usable by a multi-process cluster on one host.
set -euo pipefail

FLINK_HOME="${FLINK_HOME:-/opt/flink}"
SPECTRATRACK_HOME="${SPECTRATRACK_HOME:-/opt/spectratrack}"
FLINK_CLASSPATH="${FLINK_CLASSPATH:-$FLINK_HOME/lib/*}"
FLINK_CONF_DIR="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"
FLINK_LOG_DIR="${FLINK_LOG_DIR:-$FLINK_HOME/log}"
JVM_ARGS_FILE="${JVM_ARGS_FILE:-$SPECTRATRACK_HOME/jvm.args}"
# Plugins (none are needed: the Prometheus reporter is in lib/) are looked up here.
FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$FLINK_HOME/plugins}"
export FLINK_CONF_DIR FLINK_PLUGINS_DIR

role="${1:-}"
[ $# -gt 0 ] && shift

jvm_args=()
if [ -f "$JVM_ARGS_FILE" ]; then
  read -r -a jvm_args < "$JVM_ARGS_FILE" || true  # a file without a final newline is fine
fi
# shellcheck disable=SC2206 # JAVA_OPTS is a list of flags by convention
extra_opts=(${JAVA_OPTS:-})
log_opts=("-Dlog.file=$FLINK_LOG_DIR/flink-$role-$(hostname).log"
          "-Dlog4j.configurationFile=file:$FLINK_CONF_DIR/log4j-console.properties")

# resource_params GET_TM_RESOURCE_PARAMS|GET_JM_RESOURCE_PARAMS: two lines, JVM flags then -D settings.
resource_params() {
  local out
  out="$(java -cp "$FLINK_CLASSPATH" "${log_opts[@]}" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
      --configDir "$FLINK_CONF_DIR" "${@:2}" 2>&1)" || { echo "$out" >&2; return 1; }
  echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2
}

mkdir -p "$FLINK_LOG_DIR"
case "$role" in
  jobmanager|taskmanager)
    if [ "$role" = jobmanager ]; then
      util=GET_JM_RESOURCE_PARAMS
      main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    else
      util=GET_TM_RESOURCE_PARAMS
      main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    fi
    params="$(resource_params "$util" "$@")"
    read -r -a mem_flags <<< "$(echo "$params" | head -n 1)"
    read -r -a dynamic <<< "$(echo "$params" | tail -n 1)"
    echo "flink-process: $role with ${mem_flags[*]}" >&2
    exec java "${mem_flags[@]}" "${jvm_args[@]}" "${extra_opts[@]}" "${log_opts[@]}" -cp "$FLINK_CLASSPATH" \
        "$main" --configDir "$FLINK_CONF_DIR" "${dynamic[@]}" "$@"
    ;;
  client)
    exec java "${jvm_args[@]}" "${extra_opts[@]}" "${log_opts[@]}" -cp "$FLINK_CLASSPATH" \
        org.apache.flink.client.cli.CliFrontend "$@"
    ;;
  *)
    echo "usage: flink-process.sh jobmanager|taskmanager [-D key=value ...] | client <CliFrontend args>" >&2
    exit 2
    ;;
esac
