# syntax=docker/dockerfile:1.7
# The payments command as an image: `docker run IMAGE processor|sink|produce …|topics create`.
# Settings come from PAYMENTS_… environment variables (README: Configuration reference).

# --- build: the same Maven command as ./payments, tests skipped (CI runs them) -----------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so a source change does not download everything again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests install -pl app -am

# --- runtime: a JRE, the jar and its runtime classpath, nothing else ---------------------------
FROM eclipse-temurin:17-jre

# curl for the compose health checks (GET /health); not every tag of the base image ships it.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# A fixed non-root uid/gid, so named volumes (the processor's RocksDB state) keep their owner.
RUN groupadd --system --gid 10001 payments \
 && useradd --system --uid 10001 --gid payments --home-dir /var/lib/payments --no-create-home payments \
 && mkdir -p /var/lib/payments/state \
 && chown -R payments:payments /var/lib/payments

# Dependencies change less often than the code: their layer comes first.
COPY --from=build /src/app/target/lib/ /opt/payments/lib/
COPY --from=build /src/app/target/payments.jar /opt/payments/payments.jar

# The command's own log4j2.xml writes to a file in the data dir; in a container the log goes to
# stdout instead, for `docker compose logs`. Same levels as the file configuration.
COPY app/src/main/docker/log4j2-container.xml /opt/payments/log4j2-container.xml

# JVM sizing; compose sets it per service. Heap relative to the container's memory limit.
ENV PAYMENTS_JAVA_OPTS="-XX:MaxRAMPercentage=75"

USER payments
WORKDIR /var/lib/payments
# 8082: the processor's balance API; 9400: /metrics and /health of every service.
EXPOSE 8082 9400

# sh -c so $PAYMENTS_JAVA_OPTS splits into JVM flags; exec so java is PID 1 and gets SIGTERM
# (the processor and sink close cleanly); "$@" are the CMD / compose `command:` arguments.
# A JVM out of memory exits, so the container restarts instead of limping on.
ENTRYPOINT ["sh", "-c", "exec java -XX:+ExitOnOutOfMemoryError -Dlog4j2.configurationFile=/opt/payments/log4j2-container.xml $PAYMENTS_JAVA_OPTS -cp '/opt/payments/payments.jar:/opt/payments/lib/*' io.payments.app.Main \"$@\"", "payments"]
CMD ["--help"]
