#!/usr/bin/env bash
# Starts a Kafka node of the compose stack with the stack's SCRAM users in place (README: "Running
# it in production: docker compose").
#
# SCRAM credentials live in the cluster's metadata, and the brokers log in to each other with one,
# so they must be there from the first start: the storage is formatted with them (KIP-900,
# `kafka-storage.sh format --add-scram`). The apache/kafka image formats without them, so this
# formats first; the image's own start then finds the storage formatted and goes on as usual.
set -euo pipefail

if [[ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]]; then
  # The configuration the image writes, from the same KAFKA_* variables by the image's rule
  # (KAFKA_ dropped, lower case, _ to ., ___ to -, __ to _).
  config=$(mktemp)
  for name in $(compgen -e); do
    [[ $name == KAFKA_* ]] || continue
    key=${name#KAFKA_}; key=${key,,}; key=${key//_/.}; key=${key//.../-}; key=${key//../_}
    printf '%s=%s\n' "$key" "${!name}" >> "$config"
  done
  scram_users=() names=()
  for user in $SCRAM_USERS; do                      # name:password, separated by spaces
    scram_users+=(--add-scram "SCRAM-SHA-512=[name=${user%%:*},password=${user#*:}]")
    names+=("${user%%:*}")
  done
  # Its output lists the users' salted keys: kept out of the logs (errors still go to stderr).
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$config" "${scram_users[@]}" > /dev/null
  echo "Formatted $KAFKA_LOG_DIRS with the SCRAM-SHA-512 users ${names[*]}"
  rm -f "$config"
fi

# The node's own login, for the health check (and an operator's kafka-*.sh --command-config).
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' \
  "$KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG" > /opt/kafka/config/broker-client.properties

exec /etc/kafka/docker/run
