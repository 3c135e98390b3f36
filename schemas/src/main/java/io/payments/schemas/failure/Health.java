package io.payments.schemas.failure;

import java.util.List;

/**
 * A service's readiness for {@code GET /health}: up or not, and lines an operator reads first
 * (a transient outage being retried, a stopped partition, a stalled input).
 *
 * @param up      whether the service is doing its work (200) or not (503)
 * @param details one line each, most important first; empty when there is nothing to say
 */
public record Health(boolean up, List<String> details) {

    public Health {
        details = List.copyOf(details);
    }

    public static Health of(boolean up) {
        return new Health(up, List.of());
    }

    /** The response body: UP or DOWN, then the details. */
    public String body() {
        StringBuilder body = new StringBuilder(up ? "UP" : "DOWN").append('\n');
        details.forEach(line -> body.append(line).append('\n'));
        return body.toString();
    }
}
