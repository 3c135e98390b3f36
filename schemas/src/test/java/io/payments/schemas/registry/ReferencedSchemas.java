package io.payments.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Schemas that take their types from other subjects, two levels deep, as Confluent's docs put
 * several event types on one topic: subject "cmd-value" is a union of "open" and "transfer",
 * and "transfer" takes its amount's type from "amount".
 */
final class ReferencedSchemas {

    static final String AMOUNT = """
            {"type": "record", "name": "Amount", "namespace": "acme", "fields": [{"name": "minor", "type": "long"}]}""";
    static final String OPEN = """
            {"type": "record", "name": "Open", "namespace": "acme", "fields": [{"name": "account", "type": "string"}]}""";
    static final String OPEN_V2 = """
            {"type": "record", "name": "Open", "namespace": "acme", "fields": [{"name": "account", "type": "string"},
             {"name": "currency", "type": "string", "default": "EUR"}]}""";
    static final String TRANSFER = """
            {"type": "record", "name": "Transfer", "namespace": "acme",
             "fields": [{"name": "id", "type": "string"}, {"name": "amount", "type": "acme.Amount"}]}""";
    static final List<SchemaReference> TRANSFER_REFERENCES = List.of(new SchemaReference("acme.Amount", "amount", 1));
    static final String UNION = "[\"acme.Open\",\"acme.Transfer\"]";
    static final List<SchemaReference> UNION_REFERENCES = List.of(
            new SchemaReference("acme.Open", "open", 1), new SchemaReference("acme.Transfer", "transfer", 1));

    private ReferencedSchemas() {
    }

    /** The union with every type defined in it, as a producer holds it. */
    static Schema wholeUnion() {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(AMOUNT);
        return Schema.createUnion(parser.parse(OPEN), parser.parse(TRANSFER));
    }
}
