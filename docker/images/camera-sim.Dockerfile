# SpectraTrack camera simulator (`camera-sim`) and topic creation (`topics`): synthetic
# hyperspectral cameras publishing raw mosaics, calibration, START commands and alert rules, as a
# site's camera adapters would. Build context: docker/ (after ./build.sh stage).
FROM eclipse-temurin:17-jre-jammy

RUN useradd --system --uid 9999 --home-dir /opt/spectratrack spectratrack
ENV SPECTRATRACK_HOME=/opt/spectratrack
COPY build/camera-sim/lib/ /opt/spectratrack/lib/
COPY build/config/ /opt/spectratrack/config/
COPY build/jvm.args /opt/spectratrack/jvm.args
COPY bin/ /opt/spectratrack/bin/
USER spectratrack
WORKDIR /opt/spectratrack
ENTRYPOINT ["/opt/spectratrack/bin/entrypoint.sh"]
CMD ["camera-sim", "--help"]
