package io.payments.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A schema as the pipeline registers it: without the property only Java reads. avro-maven-plugin
 * with {@code stringType=String} marks every string of the generated classes' schemas
 * {@code "avro.java.string": "String"}. A registry finds a schema by its whole canonical text
 * (Confluent's lookup does, and so does the embedded one), and a Python, Go or JavaScript upstream
 * with auto-registration off looks the schema up by the text it builds from the {@code .avsc}
 * files, which has no such property: against a schema registered with it, that lookup answers
 * 40403. Registering without it fixes this where it starts, and leaves the registry strict.
 * Reading is unaffected: the generated classes' own schema decides how strings are read.
 */
final class PortableSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PortableSchema() {
    }

    /** The schema without {@code avro.java.string} anywhere in it (defaults and other values are left as they are). */
    static Schema of(Schema schema) {
        try {
            JsonNode json = JSON.readTree(schema.toString());
            strip(json);
            return new Schema.Parser().parse(json.toString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Avro wrote a schema that is not JSON: " + schema, e);
        }
    }

    /** Walks only where a schema can be (a union's branches, a type, fields' types, items, values). */
    private static void strip(JsonNode schema) {
        if (schema.isArray()) {
            schema.forEach(PortableSchema::strip);
        } else if (schema instanceof ObjectNode object) {
            object.remove(GenericData.STRING_PROP);
            strip(object.path("type"));
            object.path("fields").forEach(field -> strip(field.path("type")));
            strip(object.path("items"));
            strip(object.path("values"));
        }
    }
}
