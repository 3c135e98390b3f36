package io.payments.processor.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.payments.avro.AccountBalance;
import io.payments.ledger.Money;
import io.payments.processor.config.ProcessorConfig;
import io.payments.processor.topology.LedgerTopology;
import io.payments.schemas.http.HttpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /accounts/{id}}: an account's balance from the processor's own store (Kafka Streams
 * interactive queries). Any instance answers: if another instance owns the account, the request
 * is passed on to it. 200 with the balance, 404 for an account that is not open, 503 while the
 * owning task is being restored or moved (retry shortly). Every request must carry the bearer token
 * from {@code processor.http.token} ({@code Authorization: Bearer …}): 401 without it; the token
 * is passed on with a request forwarded to another instance, which checks it too.
 */
public final class BalanceQueryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(BalanceQueryServer.class);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final byte[] authorization;
    private final HttpEndpoint http;

    private BalanceQueryServer(KafkaStreams streams, String host, HostInfo self, String token) throws IOException {
        this.streams = streams;
        this.self = self;
        this.authorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.http = HttpEndpoint.start(host, self.port(), 2, "balance-query-http", Map.of("/accounts/", this::handle));
    }

    /**
     * Serves on host:port; {@code advertisedHost} is how the other instances name this one
     * (application.server); {@code token} is the bearer token every request must carry.
     *
     * @throws IllegalArgumentException when the token is missing or shorter than 16 characters
     */
    public static BalanceQueryServer start(KafkaStreams streams, String host, String advertisedHost, int port, String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException(ProcessorConfig.HTTP_TOKEN.key() + " must be set (at least 16 characters) "
                    + "to serve balances on port " + port + ": every request must carry it as a bearer token. Generate one "
                    + "(e.g. openssl rand -hex 32) and give every instance the same, or set "
                    + ProcessorConfig.HTTP_PORT.key() + "=0");
        }
        try {
            return new BalanceQueryServer(streams, host, new HostInfo(advertisedHost, port), token);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve balance queries on " + host + ":" + port
                    + " (port busy? set " + ProcessorConfig.HTTP_PORT.key() + "): " + e.getMessage(), e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                respond(exchange, 401, error("send the processor's token: Authorization: Bearer <" + ProcessorConfig.HTTP_TOKEN.key() + ">"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String accountId = URLDecoder.decode(path.substring("/accounts/".length()), StandardCharsets.UTF_8);
            if (!exchange.getRequestMethod().equals("GET") || accountId.isEmpty() || accountId.contains("/")) {
                respond(exchange, 404, error("use GET /accounts/{accountId}"));
                return;
            }
            KeyQueryMetadata owner = streams.queryMetadataForKey(LedgerTopology.ACCOUNTS_STORE, accountId,
                    Serdes.String().serializer());
            if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                respond(exchange, 503, error("the processor is starting or rebalancing; retry shortly"));
            } else if (owner.activeHost().equals(self)) {
                answerLocally(exchange, accountId, owner.partition());
            } else {
                passOn(exchange, owner.activeHost(), path);
            }
        } catch (InvalidStateStoreException e) {
            respond(exchange, 503, error("the account's store is being restored or moved; retry shortly"));
        } catch (RuntimeException e) {
            LOG.warn("Balance query {} failed", exchange.getRequestURI(), e);
            respond(exchange, 500, error("query failed: " + e.getMessage()));
        }
    }

    /** Compared in constant time: the token is a secret. */
    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(authorization, header.getBytes(StandardCharsets.UTF_8));
    }

    private void answerLocally(HttpExchange exchange, String accountId, int partition) throws IOException {
        ReadOnlyKeyValueStore<String, AccountBalance> store = streams.store(StoreQueryParameters
                .fromNameAndType(LedgerTopology.ACCOUNTS_STORE, QueryableStoreTypes.<String, AccountBalance>keyValueStore())
                .withPartition(partition));
        AccountBalance balance = store.get(accountId);
        if (balance == null) {
            respond(exchange, 404, error("account " + accountId + " is not open"));
            return;
        }
        // Posted less pending: the processor keeps it within the 64-bit range (Account.available).
        long available = balance.getBalanceMinor() - balance.getPendingDebitsMinor();
        ObjectNode body = JSON.createObjectNode()
                .put("accountId", balance.getAccountId())
                .put("currency", balance.getCurrency())
                .put("kind", balance.getKind().name())
                .put("balanceMinor", balance.getBalanceMinor())
                .put("balance", Money.of(balance.getBalanceMinor(), balance.getCurrency()).toDecimalString())
                .put("pendingDebitsMinor", balance.getPendingDebitsMinor())
                .put("pendingDebits", Money.of(balance.getPendingDebitsMinor(), balance.getCurrency()).toDecimalString())
                .put("availableMinor", available)
                .put("available", Money.of(available, balance.getCurrency()).toDecimalString())
                .put("version", balance.getVersion())
                .put("updatedAt", java.time.Instant.ofEpochMilli(balance.getUpdatedAt()).toString());
        respond(exchange, 200, body);
    }

    private void passOn(HttpExchange exchange, HostInfo owner, String path) throws IOException {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://" + owner.host() + ":" + owner.port() + path))
                    .header("Authorization", new String(authorization, StandardCharsets.UTF_8))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, response.statusCode(), response.body());
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 503, error("the instance owning the account (" + owner + ") did not answer; retry shortly"));
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        HttpEndpoint.send(exchange, status, "application/json", body);
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
    }
}
