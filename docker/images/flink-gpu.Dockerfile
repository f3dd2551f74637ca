# SpectraTrack Flink image, GPU flavour: as flink.Dockerfile, on NVIDIA's CUDA runtime with
# cuDNN 9, which TensorFlow 2.18 (TF Java 1.1.0, linux-x86_64-gpu natives) is built against
# (CUDA 12.5, cuDNN 9.3). The host needs the NVIDIA driver and the container toolkit;
# compose.gpu.yaml reserves the device. lib/ holds the -Pgpu build of the classpath.
FROM nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04

RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 9999 --home-dir /opt/flink flink

ENV FLINK_HOME=/opt/flink \
    SPECTRATRACK_HOME=/opt/spectratrack \
    FLINK_CONF_DIR=/opt/flink/conf \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

COPY build/flink-gpu/lib/ /opt/flink/lib/
COPY build/flink-gpu/usrlib/ /opt/flink/usrlib/
COPY flink/conf/ /opt/flink/conf/
COPY build/models/ /opt/spectratrack/models/
COPY build/config/ /opt/spectratrack/config/
COPY build/jvm.args /opt/spectratrack/jvm.args
COPY bin/ /opt/spectratrack/bin/

RUN mkdir -p /opt/flink/log /opt/flink/plugins /flink-data && chown -R flink /opt/flink/log /flink-data
USER flink
WORKDIR /opt/flink
EXPOSE 6123 8081 9249
ENTRYPOINT ["/opt/spectratrack/bin/entrypoint.sh"]
CMD ["taskmanager"]
