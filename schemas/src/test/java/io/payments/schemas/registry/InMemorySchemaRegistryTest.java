package io.payments.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema V1 = parse("""
            {"type": "record", "name": "Payment", "fields": [{"name": "amount", "type": "long"}]}""");
    private static final Schema V2_WITH_DEFAULT = parse("""
            {"type": "record", "name": "Payment", "fields": [{"name": "amount", "type": "long"},
             {"name": "note", "type": "string", "default": ""}]}""");
    private static final Schema V2_WITHOUT_DEFAULT = parse("""
            {"type": "record", "name": "Payment", "fields": [{"name": "amount", "type": "long"},
             {"name": "note", "type": "string"}]}""");

    private final List<RegistryEvent> journal = new ArrayList<>();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(journal::add);

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameIdAndOneVersion() {
        int first = registry.register("p-value", V1);
        int second = registry.register("p-value", parse(V1.toString(true)));

        assertThat(second).isEqualTo(first);
        assertThat(registry.versions("p-value")).containsExactly(1);
        assertThat(journal).hasSize(1);
    }

    @Test
    void identicalSchemasShareAnIdAcrossSubjects() {
        int a = registry.register("a-value", V1);
        int b = registry.register("b-value", V1);
        int c = registry.register("a-value", V2_WITH_DEFAULT);

        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a + 1);
        assertThat(registry.version("a-value", 2).id()).isEqualTo(c);
        assertThat(registry.latest("a-value").schema()).isEqualTo(V2_WITH_DEFAULT);
    }

    @Test
    void backwardCompatibilityRefusesAFieldWithoutDefault() {
        registry.register("p-value", V1);

        assertThat(registry.isCompatible("p-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> registry.register("p-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("note");
        assertThat(registry.versions("p-value")).containsExactly(1);
    }

    @Test
    void levelNoneAcceptsAnythingAndForwardChecksTheOtherWay() {
        registry.register("p-value", V2_WITH_DEFAULT);
        registry.setCompatibility("p-value", CompatibilityLevel.FORWARD);
        // FORWARD: readers with the registered V2 must read data written with V1; the default of "note" fills it in.
        assertThat(registry.isCompatible("p-value", V1)).isTrue();

        registry.setCompatibility("p-value", CompatibilityLevel.BACKWARD);
        Schema renamed = parse("""
                {"type": "record", "name": "Payment", "fields": [{"name": "cents", "type": "long"}]}""");
        assertThat(registry.isCompatible("p-value", renamed)).isFalse();
        registry.setCompatibility(null, CompatibilityLevel.NONE);
        assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("p-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void replayingTheJournalRebuildsTheSameIds() {
        registry.register("a-value", V1);
        registry.register("a-value", V2_WITH_DEFAULT);
        registry.register("b-value", V2_WITH_DEFAULT);
        registry.setCompatibility("b-value", CompatibilityLevel.FULL);

        InMemorySchemaRegistry replayed = new InMemorySchemaRegistry();
        journal.forEach(replayed::apply);

        assertThat(replayed.subjects()).containsExactly("a-value", "b-value");
        assertThat(replayed.lookup("b-value", V2_WITH_DEFAULT).id()).isEqualTo(registry.lookup("b-value", V2_WITH_DEFAULT).id());
        assertThat(replayed.compatibility("b-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(replayed.register("c-value", parse("""
                {"type": "record", "name": "New", "fields": []}"""))).isEqualTo(3);
    }

    @Test
    void aFailingJournalLeavesTheRegistryUnchanged() {
        InMemorySchemaRegistry failing = new InMemorySchemaRegistry(event -> {
            throw new IllegalStateException("disk full");
        });
        assertThatThrownBy(() -> failing.register("p-value", V1)).hasMessage("disk full");
        assertThatThrownBy(() -> failing.versions("p-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void unknownIdsAndSubjectsAreNotFound() {
        assertThatThrownBy(() -> registry.schemaById(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.latest("nope"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> registry.register("p-value", new SchemaDefinition("{\"type\": \"recrod\"}", List.of())))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    }

    @Test
    void aSchemaWithReferencesIsStoredWithTheReferencedTypesByNameAndReadWhole() {
        int union = registerReferencedUnion(registry);

        assertThat(registry.schemaById(union)).isEqualTo(ReferencedSchemas.wholeUnion());
        assertThat(registry.definitionById(union))
                .isEqualTo(new SchemaDefinition(ReferencedSchemas.UNION, ReferencedSchemas.UNION_REFERENCES));
        assertThat(registry.latest("cmd-value").definition().references()).isEqualTo(ReferencedSchemas.UNION_REFERENCES);
        assertThat(registry.lookup("cmd-value", new SchemaDefinition("[ \"acme.Open\", \"acme.Transfer\" ]",
                ReferencedSchemas.UNION_REFERENCES)).id()).as("found whatever the spacing").isEqualTo(union);
        assertThat(registry.register("cmd-value", ReferencedSchemas.wholeUnion(), ReferencedSchemas.UNION_REFERENCES))
                .as("the whole schema with the same references is the same schema").isEqualTo(union);
        assertThat(registry.lookup("cmd-value", ReferencedSchemas.wholeUnion(), ReferencedSchemas.UNION_REFERENCES).id())
                .isEqualTo(union);
        assertThat(registry.versions("cmd-value")).containsExactly(1);
    }

    @Test
    void referencedByNamesTheSchemasThatUseAVersion() {
        int union = registerReferencedUnion(registry);
        int transfer = registry.latest("transfer").id();

        assertThat(registry.referencedBy("open", 1)).containsExactly(union);
        assertThat(registry.referencedBy("amount", 1)).containsExactly(transfer);
        assertThat(registry.referencedBy("cmd-value", 1)).isEmpty();
        assertThatThrownBy(() -> registry.referencedBy("open", 2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    }

    @Test
    void theSameTextWithOtherReferencesIsAnotherSchema() {
        int first = registerReferencedUnion(registry);
        registry.register("open", new SchemaDefinition(ReferencedSchemas.OPEN_V2, List.of()));
        List<SchemaReference> toOpenV2 = List.of(new SchemaReference("acme.Open", "open", 2),
                new SchemaReference("acme.Transfer", "transfer", 1));

        int second = registry.register("cmd-value", new SchemaDefinition(ReferencedSchemas.UNION, toOpenV2));

        assertThat(second).isNotEqualTo(first);
        assertThat(registry.versions("cmd-value")).containsExactly(1, 2);
        assertThat(registry.schemaById(second).getTypes().get(0).getField("currency")).isNotNull();
        assertThat(registry.referencedBy("open", 2)).containsExactly(second);
    }

    @Test
    void aReferenceToAVersionThatDoesNotExistIsAnInvalidSchema() {
        registry.register("open", new SchemaDefinition(ReferencedSchemas.OPEN, List.of()));

        assertThatThrownBy(() -> registry.register("cmd-value", new SchemaDefinition("[\"acme.Open\"]",
                List.of(new SchemaReference("acme.Open", "open", 3)))))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201))
                .hasMessageContaining("No schema reference found for subject \"open\" and version 3");
        assertThatThrownBy(() -> registry.register("cmd-value", new SchemaDefinition("[\"acme.Open\"]", List.of())))
                .as("without its reference the name is undefined")
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    }

    @Test
    void replayingAJournalWithReferencesRebuildsTheSameSchemas() {
        int union = registerReferencedUnion(registry);

        InMemorySchemaRegistry replayed = new InMemorySchemaRegistry();
        journal.forEach(replayed::apply);

        assertThat(replayed.schemaById(union)).isEqualTo(registry.schemaById(union));
        assertThat(replayed.definitionById(union)).isEqualTo(registry.definitionById(union));
        assertThat(replayed.referencedBy("transfer", 1)).containsExactly(union);
    }

    /** Registers amount, transfer (referencing amount), open and the union of open and transfer; returns the union's id. */
    private static int registerReferencedUnion(InMemorySchemaRegistry registry) {
        registry.register("amount", new SchemaDefinition(ReferencedSchemas.AMOUNT, List.of()));
        registry.register("transfer", new SchemaDefinition(ReferencedSchemas.TRANSFER, ReferencedSchemas.TRANSFER_REFERENCES));
        registry.register("open", new SchemaDefinition(ReferencedSchemas.OPEN, List.of()));
        return registry.register("cmd-value", new SchemaDefinition(ReferencedSchemas.UNION, ReferencedSchemas.UNION_REFERENCES));
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
