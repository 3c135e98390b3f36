package io.payments.app.cli;

import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a service is configured: a properties file ({@code --config}), then {@code PAYMENTS_…}
 * environment variables, then {@code --set key=value} flags. Mixed into every service command,
 * which names the settings it reads for {@code --print-config}.
 */
public final class ServiceSettings {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the service's settings.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting that overrides the file and the environment "
            + "(repeatable), e.g. --set bootstrap.servers=broker:9092 or --set kafka.linger.ms=5.")
    Map<String, String> flags = new LinkedHashMap<>();

    @Option(names = "--print-config", description = "Print every setting the command reads with its effective value "
            + "(secrets masked), warn about keys it does not know, and exit.")
    boolean printConfig;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The settings, {@code overrides} (from the command's own options) winning over the file and the environment. */
    public Settings load(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(flags);
        return Settings.load(config, System.getenv(), merged);
    }

    /** The settings of all these groups, in order: what one command reads. */
    @SafeVarargs
    public static List<Setting<?>> declared(List<Setting<?>>... groups) {
        List<Setting<?>> all = new ArrayList<>();
        for (List<Setting<?>> group : groups) {
            all.addAll(group);
        }
        return List.copyOf(all);
    }

    /**
     * With {@code --print-config}: prints each declared setting with the value the command would
     * use (given, else the default; secrets masked) and the kafka.* keys given, and warns on
     * standard error about given keys none of them is. Returns true when the command should stop there.
     */
    public boolean printIfAsked(Settings settings, List<Setting<?>> declared) {
        if (!printConfig) {
            return false;
        }
        PrintWriter out = command.commandLine().getOut();
        out.println("# " + command.qualifiedName() + ": every setting it reads, as given (--config, PAYMENTS_... "
                + "variables, --set) or else its default; secrets masked. Reference: docs/configuration.md");
        for (Setting<?> setting : declared) {
            out.println(line(settings, setting));
        }
        settings.kafkaShown().forEach((key, value) -> out.println(key + "=" + value));
        out.flush();
        Set<String> unknown = settings.unknown(declared);
        if (!unknown.isEmpty()) {
            PrintWriter err = command.commandLine().getErr();
            err.println("Warning: " + command.qualifiedName() + " reads no setting named " + String.join(", ", unknown)
                    + " (a typo, or another command's setting)");
            err.flush();
        }
        return true;
    }

    private static String line(Settings settings, Setting<?> setting) {
        String given = settings.shown(setting);
        if (given != null) {
            return setting.key() + "=" + given;
        }
        String byDefault = setting.defaultValueText();
        if (byDefault == null) {
            return "# " + setting.key() + " is not set: " + (setting.required() ? "required" : setting.defaultText());
        }
        return setting.key() + "=" + byDefault;
    }
}
