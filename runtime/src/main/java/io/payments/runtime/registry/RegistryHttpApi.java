package io.payments.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.payments.schemas.http.HttpEndpoint;
import io.payments.schemas.registry.CompatibilityLevel;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.registry.RegisteredSchema;
import io.payments.schemas.registry.SchemaDefinition;
import io.payments.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of the Confluent Schema Registry REST API that serializers, deserializers and
 * operators use, for Avro schemas and their references to other subjects ({@code "references":
 * [{"name", "subject", "version"}]}, answered only when there are some, as Confluent does).
 * Errors are answered as Confluent does: {@code {"error_code": ..., "message": ...}} with the
 * matching HTTP status.
 */
final class RegistryHttpApi implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemorySchemaRegistry registry;

    RegistryHttpApi(InMemorySchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            JsonNode answer;
            try {
                answer = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestBody());
            } catch (SchemaRegistryException e) {
                status = e.httpStatus();
                answer = error(e.errorCode(), e.getMessage());
            } catch (NotFound e) {
                status = 404;
                answer = error(404, e.getMessage());
            } catch (IllegalArgumentException | IOException e) {
                status = 422;
                answer = error(42200, "Unprocessable request: " + e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                answer = error(50001, "Error in the backend data store: " + e.getMessage());
            }
            HttpEndpoint.send(exchange, status, CONTENT_TYPE, JSON.writeValueAsBytes(answer));
        }
    }

    private JsonNode route(String method, List<String> path, String query, InputStream body) throws IOException {
        String first = path.isEmpty() ? "" : path.get(0);
        int size = path.size();
        switch (method + " " + first + "/" + size) {
            case "GET /0":
                return JSON.createObjectNode();
            case "GET subjects/1":
                return strings(registry.subjects());
            case "GET schemas/2":
                if (path.get(1).equals("types")) {
                    return strings(List.of("AVRO"));
                }
                break;
            case "GET schemas/3":
                if (path.get(1).equals("ids")) {
                    return registry.definitionById(id(path.get(2))).writeTo(JSON.createObjectNode());
                }
                break;
            case "GET schemas/4":
                if (path.get(1).equals("ids") && path.get(3).equals("versions")) {
                    return subjectVersionsOf(id(path.get(2)));
                }
                if (path.get(1).equals("ids") && path.get(3).equals("subjects")) {
                    ArrayNode subjects = JSON.createArrayNode();
                    subjectVersionsOf(id(path.get(2))).forEach(node -> subjects.add(node.path("subject").asText()));
                    return subjects;
                }
                break;
            case "POST subjects/2":
                return describe(registry.lookup(path.get(1), definitionOf(body)));
            case "POST subjects/3":
                if (path.get(2).equals("versions")) {
                    return JSON.createObjectNode().put("id", registry.register(path.get(1), definitionOf(body)));
                }
                break;
            case "GET subjects/3":
                if (path.get(2).equals("versions")) {
                    ArrayNode versions = JSON.createArrayNode();
                    registry.versions(path.get(1)).forEach(versions::add);
                    return versions;
                }
                break;
            case "GET subjects/4":
                if (path.get(2).equals("versions")) {
                    return describe(version(path.get(1), path.get(3)));
                }
                break;
            case "GET subjects/5":
                if (path.get(2).equals("versions") && path.get(4).equals("referencedby")) {
                    ArrayNode ids = JSON.createArrayNode();
                    registry.referencedBy(path.get(1), version(path.get(1), path.get(3)).version()).forEach(ids::add);
                    return ids;
                }
                break;
            case "POST compatibility/5":
                if (path.get(1).equals("subjects") && path.get(3).equals("versions")) {
                    SchemaDefinition candidate = definitionOf(body);
                    RegisteredSchema against = version(path.get(2), path.get(4));
                    return JSON.createObjectNode().put("is_compatible",
                            registry.isCompatible(path.get(2), against.version(), candidate));
                }
                break;
            case "GET config/1":
                return JSON.createObjectNode().put("compatibilityLevel", registry.compatibility(null).name());
            case "GET config/2":
                return JSON.createObjectNode().put("compatibilityLevel", registry.compatibility(path.get(1)).name());
            case "PUT config/1":
            case "PUT config/2": {
                JsonNode request = JSON.readTree(body);
                CompatibilityLevel level = level(request.path("compatibility").asText(null));
                registry.setCompatibility(size == 1 ? null : path.get(1), level);
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            default:
                break;
        }
        throw new NotFound(method + " /" + String.join("/", path) + " is not supported by the embedded registry");
    }

    private RegisteredSchema version(String subject, String version) {
        if (version.equals("latest") || version.equals("-1")) {
            return registry.latest(subject);
        }
        try {
            return registry.version(subject, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_VERSION,
                    "The specified version '" + version + "' is not a valid version id");
        }
    }

    private ArrayNode subjectVersionsOf(int id) {
        registry.schemaById(id);
        ArrayNode result = JSON.createArrayNode();
        for (String subject : registry.subjects()) {
            for (int version : registry.versions(subject)) {
                if (registry.version(subject, version).id() == id) {
                    result.add(JSON.createObjectNode().put("subject", subject).put("version", version));
                }
            }
        }
        return result;
    }

    private static SchemaDefinition definitionOf(InputStream body) throws IOException {
        JsonNode request = JSON.readTree(body);
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA,
                    "Schema type " + type + " is not supported by the embedded registry: only AVRO");
        }
        return SchemaDefinition.fromJson(request);
    }

    private static CompatibilityLevel level(String name) {
        try {
            return CompatibilityLevel.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level " + name + "; one of " + List.of(CompatibilityLevel.values()));
        }
    }

    private static ObjectNode describe(RegisteredSchema registered) {
        return registered.definition().writeTo(JSON.createObjectNode()
                .put("subject", registered.subject())
                .put("version", registered.version())
                .put("id", registered.id())
                .put("schemaType", "AVRO"));
    }

    private static int id(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
