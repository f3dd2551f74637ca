# SpectraTrack Flink image, CPU flavour: a JobManager, TaskManager or job submitter (see
# bin/entrypoint.sh). No flink-dist: Flink's runtime, the job's dependencies and the TensorFlow
# natives are the job's Maven runtime classpath, staged by docker/build.sh into build/flink/lib
# and placed in Flink's lib/ (so TensorFlow loads once per TaskManager JVM); the job jar goes to
# usrlib/. Build context: docker/ (after ./build.sh stage).
FROM eclipse-temurin:17-jre-jammy

RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 9999 --home-dir /opt/flink flink

ENV FLINK_HOME=/opt/flink \
    SPECTRATRACK_HOME=/opt/spectratrack \
    FLINK_CONF_DIR=/opt/flink/conf

COPY build/flink/lib/ /opt/flink/lib/
COPY build/flink/usrlib/ /opt/flink/usrlib/
COPY flink/conf/ /opt/flink/conf/
COPY build/models/ /opt/spectratrack/models/
COPY build/config/ /opt/spectratrack/config/
COPY build/jvm.args /opt/spectratrack/jvm.args
COPY bin/ /opt/spectratrack/bin/

RUN mkdir -p /opt/flink/log /opt/flink/plugins /flink-data && chown -R flink /opt/flink/log /flink-data
USER flink
WORKDIR /opt/flink
# 6123 RPC, 8081 REST/web UI, 9249 Prometheus metrics
EXPOSE 6123 8081 9249
ENTRYPOINT ["/opt/spectratrack/bin/entrypoint.sh"]
CMD ["taskmanager"]
