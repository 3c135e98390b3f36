package io.payments.app.cli;

import io.payments.schemas.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a service is configured: a properties file ({@code --config}), then {@code PAYMENTS_…}
 * environment variables, then {@code --set key=value} flags. Mixed into every service command.
 */
public final class ServiceSettings {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the service's settings.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting that overrides the file and the environment "
            + "(repeatable), e.g. --set bootstrap.servers=broker:9092 or --set kafka.linger.ms=5.")
    Map<String, String> flags = new LinkedHashMap<>();

    @Option(names = "--print-config", description = "Print the effective settings (secrets masked) and exit.")
    boolean printConfig;

    public Settings load(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(flags);
        return Settings.load(config, System.getenv(), merged);
    }

    /** Prints the settings if asked; returns true when the command should stop there. */
    public boolean printIfAsked(Settings settings, PrintWriter out) {
        if (printConfig) {
            out.println("# settings from --config, PAYMENTS_... variables and --set, secrets masked;");
            out.println("# every other key takes its default (README: Configuration reference)");
            settings.masked().forEach((key, value) -> out.println(key + "=" + value));
            out.flush();
        }
        return printConfig;
    }
}
