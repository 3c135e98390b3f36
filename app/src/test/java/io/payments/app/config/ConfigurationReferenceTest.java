package io.payments.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.schemas.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checked-in docs/configuration.md is what the declarations generate, and covers every setting once. */
class ConfigurationReferenceTest {

    private static final Path CHECKED_IN = Path.of("..", "docs", "configuration.md");

    @Test
    void theCheckedInReferenceIsWhatTheDeclarationsGenerate() throws Exception {
        assertThat(Files.readString(CHECKED_IN))
                .as("docs/configuration.md is not what the settings' declarations generate; regenerate it with: "
                        + ConfigurationReference.REGENERATE)
                .isEqualTo(ConfigurationReference.render());
    }

    @Test
    void everySettingOfEveryCommandIsInTheReferenceOnce() {
        List<String> referenced = new ArrayList<>();
        ConfigurationReference.SECTIONS.forEach(section -> section.settings().forEach(s -> referenced.add(s.key())));

        assertThat(referenced).doesNotHaveDuplicates();
        for (CommandSettings command : CommandSettings.values()) {
            assertThat(referenced).as("the settings of %s", command)
                    .containsAll(command.declared().stream().map(Setting::key).toList());
        }
    }

    @Test
    void aRowShowsTheVariableTypeDefaultRangeAndSecrecy() {
        String page = ConfigurationReference.render();

        assertThat(page).contains("| `processor.threads` | `PAYMENTS_PROCESSOR_THREADS` | integer | `1` | 1 to 64 | "
                        + "Stream threads. |  |\n")
                .contains("| `sink.postgres.password` | `PAYMENTS_SINK_POSTGRES_PASSWORD` | string | (none) |  | ")
                .contains("| `processor.http.advertised.host` | `PAYMENTS_PROCESSOR_HTTP_ADVERTISED_HOST` | string | "
                        + "the http host |")
                .contains("| `processor.dedup.retention` | `PAYMENTS_PROCESSOR_DEDUP_RETENTION` | duration | `7d` |");
        assertThat(page.lines().filter(line -> line.startsWith("| `sink.postgres.password`"))).singleElement()
                .satisfies(row -> assertThat(row).endsWith("| yes |"));
    }
}
