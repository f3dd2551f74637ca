# SpectraTrack Kafka Streams apps: the camera ingest gateway (`ingest`) and the alert router
# (`alerts`). Its own image and classpath: Kafka Streams' rocksdbjni must not meet Flink's
# frocksdbjni (stack.md, trap 2). Build context: docker/ (after ./build.sh stage).
FROM eclipse-temurin:17-jre-jammy

RUN useradd --system --uid 9999 --home-dir /opt/spectratrack spectratrack
ENV SPECTRATRACK_HOME=/opt/spectratrack
COPY build/stream-apps/lib/ /opt/spectratrack/lib/
COPY build/config/ /opt/spectratrack/config/
COPY build/jvm.args /opt/spectratrack/jvm.args
COPY bin/ /opt/spectratrack/bin/
RUN mkdir -p /var/lib/spectratrack && chown spectratrack /var/lib/spectratrack
USER spectratrack
WORKDIR /opt/spectratrack
ENTRYPOINT ["/opt/spectratrack/bin/entrypoint.sh"]
CMD ["ingest", "--help"]
