package io.payments.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * The registry's rules in memory: global ids shared by identical schemas (the same text and
 * references), versions per subject, references to other subjects' versions resolved recursively,
 * compatibility checks on registration. Used alone as the {@code mock://} registry of unit tests,
 * and by the embedded registry server, which passes a journal that makes every change durable
 * before it is applied and replays the journal on start.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Consumer<RegistryEvent> journal;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Integer, SchemaDefinition> definitionsById = new HashMap<>();
    private final Map<SchemaDefinition, Integer> idsByDefinition = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    public InMemorySchemaRegistry() {
        this(event -> { });
    }

    /** @param journal called with each change before it is applied; if it throws, nothing changes */
    public InMemorySchemaRegistry(Consumer<RegistryEvent> journal) {
        this.journal = journal;
    }

    /** The shared in-memory registry named by a {@code mock://scope} URL, as Confluent's serializer offers. */
    public static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name, ignored -> new InMemorySchemaRegistry());
    }

    /**
     * Registers the schema, as the REST API receives it, under the subject (or finds it already
     * there) and returns its global id; raises {@link SchemaRegistryException} 42201 for a schema
     * that does not parse or a reference to a version that does not exist, 409 for one the
     * subject's compatibility level refuses.
     */
    public synchronized int register(String subject, SchemaDefinition definition) {
        SchemaReferences.Parsed parsed = parse(definition);
        SchemaDefinition canonical = parsed.canonical();
        List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
        for (RegisteredSchema existing : versions) {
            if (existing.definition().equals(canonical)) {
                return existing.id();
            }
        }
        String problem = compatibility(subject).firstIncompatibility(parsed.schema(), schemasOf(versions));
        if (problem != null) {
            throw new SchemaRegistryException(SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \""
                            + subject + "\" (" + compatibility(subject) + "): " + problem);
        }
        int id = idsByDefinition.getOrDefault(canonical, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        RegistryEvent event = new RegistryEvent.SchemaRegistered(subject, version, id, canonical);
        journal.accept(event);
        apply(event);
        return id;
    }

    @Override
    public synchronized int register(String subject, Schema schema, List<SchemaReference> references) {
        return register(subject, SchemaReferences.definitionOf(schema, references, this::storedDefinition));
    }

    /** Applies a change without journaling it: for replaying a journal. */
    public synchronized void apply(RegistryEvent event) {
        if (event instanceof RegistryEvent.SchemaRegistered registered) {
            SchemaReferences.Parsed parsed = parse(registered.definition());
            // Entries are stored canonical; canonicalizing again keeps ids shared with any written otherwise.
            SchemaDefinition definition = parsed.canonical();
            schemasById.putIfAbsent(registered.id(), parsed.schema());
            definitionsById.putIfAbsent(registered.id(), definition);
            idsByDefinition.putIfAbsent(definition, registered.id());
            maxId = Math.max(maxId, registered.id());
            versionsBySubject.computeIfAbsent(registered.subject(), s -> new ArrayList<>()).add(new RegisteredSchema(
                    registered.subject(), registered.version(), registered.id(), parsed.schema(), definition));
        } else if (event instanceof RegistryEvent.CompatibilityChanged changed) {
            if (changed.subject() == null) {
                globalLevel = changed.level();
            } else {
                levelsBySubject.put(changed.subject(), changed.level());
            }
        }
    }

    /** The version of the subject with the same schema and references, as {@code POST /subjects/{subject}} finds it. */
    public synchronized RegisteredSchema lookup(String subject, SchemaDefinition definition) {
        SchemaDefinition canonical = parse(definition).canonical();
        for (RegisteredSchema existing : existingVersions(subject)) {
            if (existing.definition().equals(canonical)) {
                return existing;
            }
        }
        throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND,
                "Schema not found under subject \"" + subject + "\"");
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema, List<SchemaReference> references) {
        return lookup(subject, SchemaReferences.definitionOf(schema, references, this::storedDefinition));
    }

    /** The schema with the id as stored: its text and references, as {@code GET /schemas/ids/{id}} answers. */
    public synchronized SchemaDefinition definitionById(int id) {
        schemaById(id);
        return definitionsById.get(id);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return existingVersions(subject).stream().map(RegisteredSchema::version).toList();
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        return existingVersions(subject).stream()
                .filter(r -> r.version() == version)
                .findFirst()
                .orElseThrow(() -> new SchemaRegistryException(SchemaRegistryException.VERSION_NOT_FOUND,
                        "Version " + version + " not found for subject \"" + subject + "\""));
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = existingVersions(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
        return compatibility(subject).firstIncompatibility(schema, schemasOf(versions)) == null;
    }

    /** Compatibility of the schema with one given version only, as the REST API's compatibility endpoint does. */
    public synchronized boolean isCompatible(String subject, int version, SchemaDefinition definition) {
        Schema against = version(subject, version).schema();
        return compatibility(subject).firstIncompatibility(parse(definition).schema(), List.of(against)) == null;
    }

    @Override
    public synchronized List<Integer> referencedBy(String subject, int version) {
        version(subject, version);
        return definitionsById.entrySet().stream()
                .filter(entry -> entry.getValue().references().stream()
                        .anyMatch(reference -> reference.subject().equals(subject) && reference.version() == version))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subject == null ? globalLevel : levelsBySubject.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        RegistryEvent event = new RegistryEvent.CompatibilityChanged(subject, level);
        journal.accept(event);
        apply(event);
    }

    private SchemaReferences.Parsed parse(SchemaDefinition definition) {
        return SchemaReferences.parse(definition, this::storedDefinition);
    }

    private SchemaDefinition storedDefinition(String subject, int version) {
        return version(subject, version).definition();
    }

    private List<RegisteredSchema> existingVersions(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject \"" + subject + "\" not found");
        }
        return versions;
    }

    private static List<Schema> schemasOf(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }
}
