package io.payments.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema as a registry stores and serves it: the Avro text, in which types taken from other
 * subjects appear by name only, and the references saying which subjects' versions define them.
 * Two registrations are the same schema (and share an id) when both text and references are
 * equal, as in Confluent's registry.
 */
public record SchemaDefinition(String text, List<SchemaReference> references) {

    public SchemaDefinition {
        references = List.copyOf(references);
    }

    /**
     * Reads the {@code "schema"} and {@code "references"} fields of a REST request, answer or
     * journal entry (a missing {@code "references"} is none, as in entries written before
     * references existed); an unusable one raises {@link SchemaRegistryException} 42201.
     */
    public static SchemaDefinition fromJson(JsonNode node) {
        if (!node.path("schema").isTextual()) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "There is no \"schema\" string");
        }
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : node.path("references")) {
            if (!reference.path("name").isTextual() || !reference.path("subject").isTextual()
                    || !reference.path("version").canConvertToInt()) {
                throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA,
                        "Invalid reference " + reference + ": it needs a name, a subject and a version");
            }
            references.add(new SchemaReference(reference.path("name").asText(), reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return new SchemaDefinition(node.path("schema").asText(), references);
    }

    /** Writes {@code "schema"} and, when there are any, {@code "references"} into the node (Confluent leaves out an empty list). */
    public ObjectNode writeTo(ObjectNode node) {
        node.put("schema", text);
        if (!references.isEmpty()) {
            ArrayNode array = node.putArray("references");
            references.forEach(r -> array.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version()));
        }
        return node;
    }
}
