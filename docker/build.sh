#!/usr/bin/env bash
# Builds the SpectraTrack images from this checkout, with local content only: Maven builds the
# modules, the runtime classpaths are staged under docker/build/, and `docker build` copies them
# into the images (no Maven or registry access inside the image builds; the base images must be
# present or pullable).
#
# usage: docker/build.sh [stage|images|all] [--gpu] [--tag TAG]
#   stage   build the modules and stage jars, scripts, config, jvm.args and the model
#   images  docker build the staged content (flink, stream-apps, camera-sim; flink-gpu with --gpu)
#   all     both (default)
set -euo pipefail

DOCKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$DOCKER_DIR/.." && pwd)"
BUILD="$DOCKER_DIR/build"
MVN="${MVN:-mvn}"
TAG="${SPECTRATRACK_TAG:-dev}"
GPU=false
what=all
while [ $# -gt 0 ]; do
  case "$1" in
    stage|images|all) what="$1" ;;
    --gpu) GPU=true ;;
    --tag) TAG="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

mvn_q() { (cd "$ROOT" && "$MVN" -B -q "$@"); }

# deps MODULE OUTDIR [extra dependency-plugin flags]: the module's runtime classpath as jars.
deps() {
  local module="$1" out="$2"; shift 2
  mkdir -p "$out"
  mvn_q -pl "$module" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out" "$@"
  cp "$ROOT/$module/target/$module"-*.jar "$out/" 2>/dev/null || true
  rm -f "$out"/*-tests.jar "$out"/*-sources.jar
}

stage() {
  echo "build.sh: building the modules..." >&2
  mvn_q -DskipTests install
  rm -rf "$BUILD"
  mkdir -p "$BUILD/config" "$BUILD/models"

  # Flink: Flink runtime + job dependencies + TF natives in lib/, the job jar in usrlib/.
  deps flink-job "$BUILD/flink/lib"
  mkdir -p "$BUILD/flink/usrlib"
  # The job jar stays in lib/ too: the cluster loads parent-first (flink/conf/config.yaml).
  cp "$BUILD"/flink/lib/flink-job-*.jar "$BUILD/flink/usrlib/flink-job.jar"
  if $GPU; then
    # The same classpath with TensorFlow's CUDA natives instead of the CPU ones (never both).
    cp -r "$BUILD/flink" "$BUILD/flink-gpu"
    rm -f "$BUILD"/flink-gpu/lib/tensorflow-core-native-*-linux-x86_64.jar
    version="$(mvn_q -N help:evaluate -Dexpression=tensorflow.version -DforceStdout | sed 's/\x1b\[[0-9;]*m//g')"
    mvn_q -N dependency:copy -Dartifact="org.tensorflow:tensorflow-core-native:$version:jar:linux-x86_64-gpu" \
        -DoutputDirectory="$BUILD/flink-gpu/lib"
  fi

  deps stream-apps "$BUILD/stream-apps/lib"
  # The simulator needs neither Flink nor TensorFlow.
  deps local-stack "$BUILD/camera-sim/lib" -DexcludeGroupIds=org.apache.flink,org.tensorflow,com.ververica

  # One home for the JVM flags: the parent pom's app.jvm.args.
  mvn_q -N help:evaluate -Dexpression=app.jvm.args -DforceStdout | sed 's/\x1b\[[0-9;]*m//g' > "$BUILD/jvm.args"
  cp "$ROOT"/config/*.properties "$ROOT"/config/log4j2.xml "$BUILD/config/"

  # The model the job tracks with: the lite 16-band model model-runtime ships (its metadata says
  # whether it is trained yet), else an untrained export.
  shipped="$ROOT/model-runtime/src/main/resources/models/bcrnet-lite-16"
  if [ -f "$shipped/saved_model.pb" ]; then
    cp -r "$shipped" "$BUILD/models/bcrnet-lite"
  else
    echo "build.sh: WARNING: no model is shipped; the images carry an UNTRAINED lite model" >&2
    "$ROOT/spectratrack" export --variant lite --bands 16 --out "$BUILD/models/bcrnet-lite"
  fi
  echo "build.sh: staged under $BUILD" >&2
}

images() {
  [ -f "$BUILD/jvm.args" ] || { echo "build.sh: nothing staged; run 'build.sh stage' first" >&2; exit 1; }
  docker build -f "$DOCKER_DIR/images/flink.Dockerfile" -t "spectratrack/flink:$TAG" "$DOCKER_DIR"
  docker build -f "$DOCKER_DIR/images/stream-apps.Dockerfile" -t "spectratrack/stream-apps:$TAG" "$DOCKER_DIR"
  docker build -f "$DOCKER_DIR/images/camera-sim.Dockerfile" -t "spectratrack/camera-sim:$TAG" "$DOCKER_DIR"
  if $GPU; then
    docker build -f "$DOCKER_DIR/images/flink-gpu.Dockerfile" -t "spectratrack/flink:$TAG-gpu" "$DOCKER_DIR"
  fi
}

case "$what" in
  stage) stage ;;
  images) images ;;
  all) stage; images ;;
esac
