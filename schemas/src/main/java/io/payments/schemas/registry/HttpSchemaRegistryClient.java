package io.payments.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API (Confluent, Karapace, Apicurio's ccompat
 * API, Redpanda, or the embedded registry). Ids never change once assigned, so schemas by id
 * (parsed with the schemas they reference) and ids by (subject, schema, references) are cached for
 * the life of the client; everything else is asked. Errors keep the HTTP status they came with
 * ({@link SchemaRegistryException#isTransient()}).
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** By subject, then by the whole schema's text and the references it was registered with. */
    private final Map<String, Map<List<Object>, Integer>> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public HttpSchemaRegistryClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema, List<SchemaReference> references) {
        Map<List<Object>, Integer> ids = idsBySubjectAndSchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        List<Object> key = List.of(schema.toString(), references);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        int id = send("POST", "/subjects/" + encode(subject) + "/versions", body(schema, references)).path("id").asInt();
        ids.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema, List<SchemaReference> references) {
        return registered(send("POST", "/subjects/" + encode(subject), body(schema, references)), subject);
    }

    /**
     * {@inheritDoc} Fetched once: {@code GET /schemas/ids/{id}}, then each referenced version
     * ({@code GET /subjects/{subject}/versions/{version}}), recursively.
     */
    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema;
        try {
            schema = parse(send("GET", "/schemas/ids/" + id, null)).schema();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() != SchemaRegistryException.INVALID_SCHEMA) {
                throw e;
            }
            throw new SchemaRegistryException(e.errorCode(), "Schema id " + id + " at " + baseUrl
                    + " cannot be read: " + e.getMessage(), e);
        }
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public List<Integer> referencedBy(String subject, int version) {
        List<Integer> ids = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions/" + version + "/referencedby", null)
                .forEach(node -> ids.add(node.asInt()));
        return ids;
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", body(schema, List.of()))
                .path("is_compatible").asBoolean();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + encode(subject) + "?defaultToGlobal=true";
        return CompatibilityLevel.valueOf(send("GET", path, null).path("compatibilityLevel").asText());
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
    }

    private RegisteredSchema registered(JsonNode node, String subject) {
        SchemaReferences.Parsed parsed = parse(node);
        int id = node.path("id").asInt();
        schemasById.putIfAbsent(id, parsed.schema());
        return new RegisteredSchema(subject, node.path("version").asInt(), id, parsed.schema(), parsed.canonical());
    }

    /** An answer's schema parsed with its references; 42201 for one that does not parse or is not Avro. */
    private SchemaReferences.Parsed parse(JsonNode answer) {
        // Confluent leaves schemaType out for Avro; a JSON Schema or Protobuf id is a schema this client cannot use.
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA,
                    "it is a " + type + " schema, and the pipeline reads Avro only");
        }
        return SchemaReferences.parse(SchemaDefinition.fromJson(answer), this::versionDefinition);
    }

    private SchemaDefinition versionDefinition(String subject, int version) {
        return SchemaDefinition.fromJson(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    private ObjectNode body(Schema schema, List<SchemaReference> references) {
        return SchemaReferences.definitionOf(schema, references, this::versionDefinition)
                .writeTo(JSON.createObjectNode().put("schemaType", "AVRO"));
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE);
        HttpResponse<byte[]> response;
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", CONTENT_TYPE)
                       .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE,
                    "Schema registry at " + baseUrl + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE,
                    "Interrupted while calling the schema registry at " + baseUrl, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw refusal(response, method + " " + baseUrl + path);
        }
        try {
            return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, response.statusCode(),
                    "Schema registry at " + baseUrl + " answered " + method + " " + path + " with something other than JSON: " + e, e);
        }
    }

    /**
     * The error a registry answered, with its status: Confluent's {@code {"error_code", "message"}}
     * when the body has them; otherwise (a proxy's or load balancer's page) the status as the code.
     */
    private static SchemaRegistryException refusal(HttpResponse<byte[]> response, String request) {
        int status = response.statusCode();
        JsonNode answer = JSON.missingNode();
        try {
            if (response.body().length > 0) {
                answer = JSON.readTree(response.body());
            }
        } catch (IOException e) {
            // not JSON: the status says it all
        }
        int code = answer.path("error_code").asInt(status);
        String message = answer.path("message").asText("HTTP " + status);
        return new SchemaRegistryException(code, status, message + " (" + request + ")", null);
    }
}
