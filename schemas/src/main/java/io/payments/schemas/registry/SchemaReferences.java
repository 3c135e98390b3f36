package io.payments.schemas.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Parses schemas whose named types are defined by other subjects' versions, as Confluent's
 * registry and serializers do (AbstractSchemaProvider.resolveReferences and AvroSchema in
 * confluentinc/schema-registry): the referenced schemas are fetched depth first, each one's own
 * references before it, every reference name once, and parsed in that order with one
 * {@link Schema.Parser}, so that the names the schema uses resolve; then the schema itself.
 */
final class SchemaReferences {

    /** A version of a subject as the registry stores it; throws {@link SchemaRegistryException} when it cannot say. */
    @FunctionalInterface
    interface Versions {
        SchemaDefinition definition(String subject, int version);
    }

    /** A schema parsed whole, the types it takes from its references, and the references. */
    record Parsed(Schema schema, List<Schema> referenced, List<SchemaReference> references) {

        /**
         * The definition a registry stores and compares: Avro's JSON of the schema with the
         * referenced types by name only, whatever the spacing and key order it was sent with.
         */
        // Avro 1.12 offers no other way to write a schema without inlining named types; Confluent's
        // AvroSchema.canonicalString uses the same method.
        @SuppressWarnings("deprecation")
        SchemaDefinition canonical() {
            return new SchemaDefinition(schema.toString(referenced, false), references);
        }
    }

    private SchemaReferences() {
    }

    /** Parses the definition; an unparseable schema or a missing reference raises {@link SchemaRegistryException} 42201. */
    static Parsed parse(SchemaDefinition definition, Versions versions) {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> referenced = parseReferenced(parser, definition.references(), versions);
        return new Parsed(parse(parser, definition.text(), "the schema"), referenced, definition.references());
    }

    /** The definition of a whole schema in which the types the references name are to be taken from them. */
    static SchemaDefinition definitionOf(Schema schema, List<SchemaReference> references, Versions versions) {
        return new Parsed(schema, parseReferenced(new Schema.Parser(), references, versions), references).canonical();
    }

    static Schema parse(Schema.Parser parser, String text, String what) {
        try {
            return parser.parse(text);
        } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid Avro schema (" + what + "): " + e.getMessage(), e);
        }
    }

    private static List<Schema> parseReferenced(Schema.Parser parser, List<SchemaReference> references, Versions versions) {
        Map<String, String> texts = new LinkedHashMap<>();
        resolve(references, versions, texts, new HashSet<>());
        List<Schema> referenced = new ArrayList<>();
        texts.forEach((name, text) -> referenced.add(parse(parser, text, "referenced as " + name)));
        return referenced;
    }

    private static void resolve(List<SchemaReference> references, Versions versions, Map<String, String> texts,
                                Set<String> visited) {
        for (SchemaReference reference : references) {
            if (!visited.add(reference.name())) {
                continue;
            }
            SchemaDefinition definition = fetch(reference, versions);
            resolve(definition.references(), versions, texts, visited);
            texts.put(reference.name(), definition.text());
        }
    }

    private static SchemaDefinition fetch(SchemaReference reference, Versions versions) {
        try {
            return versions.definition(reference.subject(), reference.version());
        } catch (SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            // Confluent's words: the schema that names it is what is invalid, not an unknown id.
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "No schema reference found for subject \""
                    + reference.subject() + "\" and version " + reference.version() + " (" + reference.name() + ")", e);
        }
    }
}
