package io.payments.schemas.registry;

/** Opens a registry client from a URL: {@code mock://scope} for an in-memory registry, else HTTP(S). */
public final class SchemaRegistries {

    public static final String MOCK_SCHEME = "mock://";

    private SchemaRegistries() {
    }

    public static SchemaRegistryClient connect(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "schema registry URL is empty: set it to http://host:port (or mock://name in tests)");
        }
        if (url.startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistry.scope(url.substring(MOCK_SCHEME.length()));
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return new HttpSchemaRegistryClient(url);
        }
        throw new IllegalArgumentException("schema registry URL \"" + url
                + "\" has an unknown scheme: use http://host:port, https://host:port or mock://name");
    }
}
