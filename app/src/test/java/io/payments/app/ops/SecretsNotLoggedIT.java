package io.payments.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.app.cli.PaymentsCommand;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.runtime.Ports;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.Database;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords and JAAS configs never reach a log or the printed configuration: everything logged
 * at INFO and above (Kafka's own loggers included) while the processor and the sink start, run
 * and stop, and while a connection with a wrong address fails, is captured and searched.
 */
@ExtendWith(LocalRuntimeExtension.class)
class SecretsNotLoggedIT {

    private static final String PG_PASSWORD = "pg-s3cret-4711";
    private static final String JAAS_PASSWORD = "jaas-s3cret-0815";
    private static final String TRUSTSTORE_PASSWORD = "ts-s3cret-2342";
    private static final String LEG_SECRET = "bGVnLXMzY3JldC1vZi10aGlydHktdHdvLWJ5dGVzISE=";
    private static final String HTTP_TOKEN = "http-t0ken-of-the-balance-api";

    @TempDir
    Path dir;

    @Test
    void noSecretIsLoggedOrPrinted(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(),
                "processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", dir.toString(),
                "processor.http.port", "0",
                "sink.group.id", runtime.id() + "-sink",
                "sink.postgres.url", runtime.createDatabase(),
                "sink.postgres.user", runtime.postgres().user(),
                "sink.postgres.password", PG_PASSWORD));
        settings.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"payments\" password=\"" + JAAS_PASSWORD + "\";");
        settings.put("kafka.ssl.truststore.password", TRUSTSTORE_PASSWORD);
        settings.put("processor.leg.secret", "k1:" + LEG_SECRET);
        settings.put("processor.http.token", HTTP_TOKEN);
        List<String> flags = new ArrayList<>();
        settings.forEach((key, value) -> flags.addAll(List.of("--set", key + "=" + value)));

        StringWriter log = new StringWriter();
        try (AutoCloseable capture = captureLogs(log)) {
            assertThat(printConfig("processor", flags)).contains("kafka.sasl.jaas.config=********", "kafka.ssl.truststore.password=********",
                    "processor.leg.secret=********", "processor.http.token=********")
                    .containsPattern("reads no setting named .*sink\\.postgres\\.password");
            assertThat(printConfig("sink", flags)).contains("sink.postgres.password=********",
                    "kafka.sasl.jaas.config=********");

            SinkConfig sinkConfig = SinkConfig.from(Settings.of(settings));
            try (ProcessorService processor = ProcessorService.start(ProcessorConfig.from(Settings.of(settings)));
                 HikariDataSource db = Database.connect(sinkConfig);
                 SinkService sink = new SinkService(sinkConfig, db, new SimpleMeterRegistry())) {
                Thread thread = new Thread(sink, "secrets-it-sink");
                thread.start();
                // Until both have connected and logged their client configurations.
                await().atMost(Duration.ofMinutes(1)).until(() -> processor.state() == KafkaStreams.State.RUNNING
                        && sink.healthy());
                sink.close();
                thread.join(10_000);
            }
            SinkConfig unreachable = SinkConfig.from(Settings.of(Map.of("sink.postgres.url",
                    "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/payments", "sink.postgres.password", PG_PASSWORD)));
            assertThatThrownBy(() -> Database.connect(unreachable).close())
                    .satisfies(e -> assertNoSecret(String.valueOf(e.getMessage())));
        }
        assertThat(log.toString()).as("the capture works").contains("ConsumerConfig values");
        assertNoSecret(log.toString());
    }

    /** What {@code payments <command> --print-config} prints on standard output and error, checked for secrets. */
    private static String printConfig(String command, List<String> flags) {
        StringWriter printed = new StringWriter();
        List<String> args = new ArrayList<>(List.of(command, "--print-config"));
        args.addAll(flags);
        int exit = PaymentsCommand.commandLine(new PrintWriter(printed, true), new PrintWriter(printed, true))
                .execute(args.toArray(String[]::new));
        assertThat(exit).isZero();
        assertNoSecret(printed.toString());
        return printed.toString();
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(PG_PASSWORD, JAAS_PASSWORD, TRUSTSTORE_PASSWORD, LEG_SECRET, HTTP_TOKEN);
    }

    /** Sends everything at INFO and above to the writer until closed. */
    private static AutoCloseable captureLogs(StringWriter target) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(target)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n%ex").build()).build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.INFO, null);
        Level rootLevel = configuration.getRootLogger().getLevel();
        Configurator.setRootLevel(Level.INFO);
        Configurator.setLevel("org.apache.kafka", Level.INFO);
        return () -> {
            configuration.getRootLogger().removeAppender("secrets-capture");
            appender.stop();
            Configurator.setRootLevel(rootLevel);
            Configurator.setLevel("org.apache.kafka", Level.WARN);
        };
    }
}
