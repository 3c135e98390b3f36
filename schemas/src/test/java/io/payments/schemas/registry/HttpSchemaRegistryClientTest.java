package io.payments.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against a stub registry that answers what each test sets, including what real registries and proxies send when they fail. */
class HttpSchemaRegistryClientTest {

    /** Requests the stub holds until the test ends: for timeouts, without waiting for anything but the client's own. */
    private static final String HANG = "hang";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer stub;
    private HttpSchemaRegistryClient client;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.setExecutor(executor);
        stub.createContext("/", exchange -> {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(request + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Answer answer = answers.getOrDefault(request, new Answer(404, "{\"error_code\": 40401, \"message\": \"Subject not found\"}"));
            if (answer.body().equals(HANG)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stub.start();
        client = new HttpSchemaRegistryClient("http://127.0.0.1:" + stub.getAddress().getPort(), Duration.ofMillis(500));
    }

    @AfterEach
    void stopStub() {
        release.countDown();
        stub.stop(0);
        executor.shutdownNow();
    }

    @ParameterizedTest(name = "HTTP {0} {1}: code {2}, transient {3}")
    @CsvSource(delimiter = '|', value = {
            "500 | {\"error_code\": 50001, \"message\": \"Error in the backend data store\"} | 50001 | true",
            "502 | <html><body>Bad Gateway</body></html>                                    | 502   | true",
            "503 | ''                                                                        | 503   | true",
            "429 | {\"error_code\": 429, \"message\": \"Too many requests\"}                  | 429   | true",
            "401 | {\"error_code\": 401, \"message\": \"Unauthorized\"}                       | 401   | true",
            "403 | <html>Forbidden</html>                                                    | 403   | true",
            "404 | <html>Not Found</html>                                                    | 404   | true",
            "404 | {\"error_code\": 40401, \"message\": \"Subject not found\"}                | 40401 | false",
            "404 | {\"error_code\": 40402, \"message\": \"Version not found\"}                | 40402 | false",
            "404 | {\"error_code\": 40403, \"message\": \"Schema not found\"}                 | 40403 | false",
            "422 | {\"error_code\": 42201, \"message\": \"Invalid schema\"}                   | 42201 | false",
            "409 | {\"error_code\": 409, \"message\": \"Schema being registered is incompatible\"} | 409 | false"})
    void anAnswerKeepsItsStatusAndSaysWhetherItIsTransient(int status, String body, int code, boolean isTransient) {
        answers.put("GET /subjects/s/versions/latest", new Answer(status, body));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.latest("s"));

        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.isTransient()).isEqualTo(isTransient);
        assertThat(e.isNotFound()).as("only the registry's own not-found codes; a bare 404 is a wrong URL or a proxy")
                .isEqualTo(code >= 40400 && code < 40500);
        assertThat(e).hasMessageContaining("GET http://127.0.0.1:" + stub.getAddress().getPort() + "/subjects/s/versions/latest");
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsTransient() {
        answers.put("GET /schemas/ids/1", new Answer(200, HANG));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aRegistryThatCannotBeReachedIsTransient() throws IOException {
        HttpServer stopped = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String url = "http://127.0.0.1:" + stopped.getAddress().getPort();
        stopped.stop(0);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> new HttpSchemaRegistryClient(url, Duration.ofMillis(500)).schemaById(1));

        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageContaining("unreachable");
    }

    @Test
    void aSuccessThatIsNotJsonIsTransient() {
        answers.put("GET /schemas/ids/1", new Answer(200, "<html>captive portal</html>"));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aSchemaIsParsedWithItsReferencesRecursivelyAndFetchedOnce() {
        answers.put("GET /schemas/ids/3", answer(new SchemaDefinition(ReferencedSchemas.UNION, ReferencedSchemas.UNION_REFERENCES)));
        storeReferencedVersions();

        Schema schema = client.schemaById(3);
        int asked = requests.size();

        assertThat(schema).isEqualTo(ReferencedSchemas.wholeUnion());
        assertThat(schema.getTypes().get(1).getField("amount").schema().getFullName()).isEqualTo("acme.Amount");
        assertThat(client.schemaById(3)).isSameAs(schema);
        assertThat(requests).hasSize(asked).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = proto3; message M {}\"} | it is a PROTOBUF schema, and the pipeline reads Avro only",
            "{\"schemaType\": \"JSON\", \"schema\": \"{}\"}                                   | it is a JSON schema, and the pipeline reads Avro only",
            "{\"schema\": \"{\\\"type\\\": \\\"recrod\\\"}\"}                          | Invalid Avro schema (the schema)",
            "{\"schema\": \"[\\\"acme.Open\\\"]\"}                                          | Invalid Avro schema (the schema)",
            "{\"schema\": \"[\\\"acme.Open\\\"]\", \"references\": [{\"name\": \"acme.Open\", \"subject\": \"open\", \"version\": 7}]} | No schema reference found for subject \"open\" and version 7"})
    void aSchemaTheClientCannotUseIsInvalidNotTransient(String answer, String why) {
        answers.put("GET /schemas/ids/5", new Answer(200, answer));
        answers.put("GET /subjects/open/versions/7", new Answer(404, "{\"error_code\": 40402, \"message\": \"Version not found\"}"));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(5));

        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.isNotFound()).isFalse();
        assertThat(e).hasMessageStartingWith("Schema id 5 at " + client.baseUrl() + " cannot be read: ").hasMessageContaining(why);
    }

    @Test
    void aRegistryFailingWhileAReferenceIsFetchedStaysTransient() {
        answers.put("GET /schemas/ids/3", answer(new SchemaDefinition(ReferencedSchemas.UNION, ReferencedSchemas.UNION_REFERENCES)));
        answers.put("GET /subjects/open/versions/1", new Answer(503, ""));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(3));

        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void registeringWithReferencesSendsTheReferencedTypesByName() throws IOException {
        storeReferencedVersions();
        answers.put("POST /subjects/cmd-value/versions", new Answer(200, "{\"id\": 9}"));
        answers.put("POST /subjects/cmd-value", new Answer(200, answer(new SchemaDefinition(ReferencedSchemas.UNION,
                ReferencedSchemas.UNION_REFERENCES)).body().replace("{", "{\"subject\": \"cmd-value\", \"version\": 2, \"id\": 9, ")));

        assertThat(client.register("cmd-value", ReferencedSchemas.wholeUnion(), ReferencedSchemas.UNION_REFERENCES)).isEqualTo(9);
        assertThat(client.register("cmd-value", ReferencedSchemas.wholeUnion(), ReferencedSchemas.UNION_REFERENCES)).isEqualTo(9);
        RegisteredSchema found = client.lookup("cmd-value", ReferencedSchemas.wholeUnion(), ReferencedSchemas.UNION_REFERENCES);

        List<String> posts = requests.stream().filter(r -> r.startsWith("POST")).toList();
        assertThat(posts).as("the second registration is cached").hasSize(2);
        for (String post : posts) {
            JsonNode body = JSON.readTree(post.substring(post.indexOf('{')));
            assertThat(SchemaDefinition.fromJson(body))
                    .isEqualTo(new SchemaDefinition(ReferencedSchemas.UNION, ReferencedSchemas.UNION_REFERENCES));
            assertThat(body.path("schemaType").asText()).isEqualTo("AVRO");
        }
        assertThat(found.id()).isEqualTo(9);
        assertThat(found.version()).isEqualTo(2);
        assertThat(found.schema()).isEqualTo(ReferencedSchemas.wholeUnion());
    }

    @Test
    void aSchemaWithoutReferencesIsSentAsBefore() throws IOException {
        Schema amount = new Schema.Parser().parse(ReferencedSchemas.AMOUNT);
        answers.put("POST /subjects/amount-value/versions", new Answer(200, "{\"id\": 4}"));

        assertThat(client.register("amount-value", amount)).isEqualTo(4);

        assertThat(requests).hasSize(1);
        JsonNode body = JSON.readTree(requests.get(0).substring(requests.get(0).indexOf('{')));
        assertThat(body.path("schema").asText()).isEqualTo(amount.toString());
        assertThat(body.has("references")).isFalse();
    }

    @Test
    void referencedByListsTheIdsTheRegistryAnswers() {
        answers.put("GET /subjects/open/versions/1/referencedby", new Answer(200, "[3, 8]"));

        assertThat(client.referencedBy("open", 1)).containsExactly(3, 8);
    }

    private void storeReferencedVersions() {
        answers.put("GET /subjects/open/versions/1", answer(new SchemaDefinition(ReferencedSchemas.OPEN, List.of())));
        answers.put("GET /subjects/transfer/versions/1",
                answer(new SchemaDefinition(ReferencedSchemas.TRANSFER, ReferencedSchemas.TRANSFER_REFERENCES)));
        answers.put("GET /subjects/amount/versions/1", answer(new SchemaDefinition(ReferencedSchemas.AMOUNT, List.of())));
    }

    private static Answer answer(SchemaDefinition definition) {
        return new Answer(200, definition.writeTo(JSON.createObjectNode()).toString());
    }

    @Test
    void errorsRaisedInProcessHaveTheStatusConfluentAnswersWith() {
        assertThat(new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "x").httpStatus()).isEqualTo(404);
        assertThat(new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "x").httpStatus()).isEqualTo(422);
        assertThat(new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "x").isTransient()).isFalse();
        assertThat(new SchemaRegistryException(SchemaRegistryException.INCOMPATIBLE_SCHEMA, "x").httpStatus()).isEqualTo(409);
        assertThat(new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "x").isTransient()).isTrue();
    }
}
