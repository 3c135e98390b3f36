package io.payments.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.app.acls.PipelineAcls;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalSecrets;
import io.payments.runtime.Ports;
import io.payments.runtime.kafka.LocalKafkaBroker;
import io.payments.runtime.postgres.LocalPostgres;
import io.payments.runtime.registry.SchemaRegistryServer;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline over SASL_SSL with SCRAM-SHA-512 and Kafka's StandardAuthorizer, configured only
 * through {@code kafka.*} settings: a broker with a TLS listener (a keystore made by keytool here),
 * one SCRAM user per service, and the ACLs {@code payments acls apply} grants ({@link PipelineAcls}).
 * The processor, the sink and the client each run as their own principal and work; what a
 * principal may not do (an upstream writing an internal topic, the sink writing credits) the
 * broker refuses; clients without the right credentials get nothing.
 */
class SaslSslIT {

    private static final String STORE_PASSWORD = "store-pw-1";
    private static final List<String> USERS = List.of("upstream", "processor", "sink", "reader");

    @TempDir
    Path dir;

    @Test
    void eachServiceRunsAsItsOwnPrincipalAndTheBrokerRefusesWhatItMayNotDo() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        makeStores(keystore, truststore);
        Map<String, String> security = Map.of(
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.secure.ssl.keystore.location", keystore.toString(),
                "listener.name.secure.ssl.keystore.password", STORE_PASSWORD,
                "listener.name.secure.ssl.key.password", STORE_PASSWORD,
                "listener.name.secure.ssl.keystore.type", "PKCS12",
                // Only what is granted: the plaintext listener (the broker itself, the registry, this
                // test's setup) is the administrator.
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS");
        try (LocalKafkaBroker broker = LocalKafkaBroker.withSaslSslListener(dir.resolve("kafka"), Ports.free(), security)
                     .start();
             SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(),
                     SchemaRegistryServer.DEFAULT_TOPIC, 0, Map.of());
             LocalPostgres postgres = LocalPostgres.embedded(dir.resolve("postgres"), 0).start()) {
            Map<String, String> common = new HashMap<>(Map.of(
                    "bootstrap.servers", broker.saslSslBootstrapServers(),
                    "schema.registry.url", registry.url(),
                    "processor.state.dir", dir.resolve("processor").toString(),
                    "processor.http.port", "0",
                    "sink.postgres.url", postgres.jdbcUrl(),
                    "sink.postgres.user", postgres.user(),
                    "sink.postgres.password", postgres.password()));
            common.putAll(LocalSecrets.of(dir));
            Topics topics = CommonSettings.from(Settings.of(common)).topics();
            try (Admin setup = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                for (String user : USERS) {
                    setup.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password(user)))).all().get();
                }
                topics.ensureCreated(setup);
                setup.createAcls(PipelineAcls.from(Settings.of(common)).bindings()).all().get();
            }
            Map<String, String> upstream = as("upstream", common, truststore);
            Map<String, String> sinkSettings = as("sink", common, truststore);
            SinkConfig sinkConfig = SinkConfig.from(Settings.of(sinkSettings));
            try (ProcessorService processor = ProcessorService.start(ProcessorConfig.from(Settings.of(
                         as("processor", common, truststore))));
                 HikariDataSource db = Database.connect(sinkConfig);
                 SinkService sink = new SinkService(sinkConfig, db, new SimpleMeterRegistry());
                 TransferClient client = TransferClient.connect(TransferClient.Config.from(Settings.of(upstream)));
                 Admin reader = Admin.create(adminConfig(as("reader", common, truststore)))) {
                Thread sinkThread = new Thread(sink, "sasl-it-sink");
                sinkThread.start();
                new LoadGenerator().run(client, new LoadGenerator.Options(20, 300, null, 0, LoadGenerator.Skew.UNIFORM, 1.1,
                        List.of("EUR"), 0, 0, 5, "s-", true));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try (Connection connection = db.getConnection()) {
                        return CatchUp.caughtUp(connection, reader, topics) && completed(connection) == 300;
                    }
                });
                sink.close();
                sinkThread.join(15_000);
            }

            for (PaymentTopic internal : List.of(PaymentTopic.CREDITS, PaymentTopic.LEDGER_ENTRIES,
                    PaymentTopic.TRANSFER_RESULTS)) {
                assertThat(writeRefused(upstream, topics.name(internal))).as("an upstream writing %s", internal)
                        .isInstanceOf(TopicAuthorizationException.class);
                // A principal that may write no topic at all is refused earlier, its idempotent producer's id.
                for (String user : List.of("sink", "reader")) {
                    assertThat(writeRefused(as(user, common, truststore), topics.name(internal)))
                            .as("%s writing %s", user, internal).isInstanceOf(AuthorizationException.class);
                }
            }
            Map<String, String> wrongPassword = new HashMap<>(common);
            wrongPassword.putAll(clientSecurity(truststore, "upstream", "not-the-password"));
            try (Admin stranger = Admin.create(adminConfig(wrongPassword))) {
                assertThatThrownBy(() -> stranger.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            try (Admin plaintext = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.saslSslBootstrapServers(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
                assertThatThrownBy(() -> plaintext.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .as("a client without TLS and SASL gets nothing from the secured listener")
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    /** What the broker answers when this principal sends one record to the topic: the failure, or null if it took it. */
    private static Throwable writeRefused(Map<String, String> settings, String topic) {
        Map<String, Object> config = adminConfig(settings);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "bob".getBytes(), new byte[] {0, 0, 0, 0, 1})).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    private static String password(String user) {
        return "scram-" + user + "-pw";
    }

    /** The settings with this service's SCRAM login. */
    private static Map<String, String> as(String user, Map<String, String> common, Path truststore) {
        Map<String, String> settings = new HashMap<>(common);
        settings.putAll(clientSecurity(truststore, user, password(user)));
        return settings;
    }

    private static Map<String, String> clientSecurity(Path truststore, String user, String password) {
        return Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";",
                "kafka.ssl.truststore.location", truststore.toString(),
                "kafka.ssl.truststore.password", STORE_PASSWORD,
                "kafka.ssl.truststore.type", "PKCS12");
    }

    private static Map<String, Object> adminConfig(Map<String, String> settings) {
        Map<String, Object> config = new HashMap<>(Settings.of(settings).kafkaOverrides());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("bootstrap.servers"));
        return config;
    }

    private static long completed(Connection connection) throws Exception {
        try (Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM transfers WHERE status = 'COMPLETED' AND transfer_id LIKE 's-t-%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A self-signed broker certificate for 127.0.0.1 and localhost, and a truststore holding it, made with keytool. */
    private void makeStores(Path keystore, Path truststore) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path certificate = dir.resolve("broker.crt");
        run(keytool.toString(), "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool.toString(), "-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        run(keytool.toString(), "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("%s%n%s", String.join(" ", command), output).isZero();
    }
}
