package io.payments.app.config;

import io.payments.app.acls.PipelineAcls;
import io.payments.app.metrics.MetricsSettings;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.sink.config.SinkConfig;
import java.util.List;

/**
 * docs/configuration.md, rendered from the settings' declarations: one section per group of
 * settings, one row per setting. The app sees every service, so the reference is made here;
 * {@code ConfigurationReferenceTest} fails when the checked-in file differs.
 */
public final class ConfigurationReference {

    /** How to bring the checked-in file up to date. */
    public static final String REGENERATE = "./payments config-reference > docs/configuration.md";

    /** A section of the reference: a group of settings and who reads them. */
    record Section(String title, String readBy, List<Setting<?>> settings) {
    }

    static final List<Section> SECTIONS = List.of(
            new Section("Shared", "every command: where Kafka and the schema registry are, and the topics' names and "
                    + "layout.", CommonSettings.SETTINGS),
            new Section("Metrics and health", "`payments processor`, `sink` and `produce`, which serve `/metrics` and "
                    + "`/health`.", MetricsSettings.SETTINGS),
            new Section("Processor", "`payments processor`.", ProcessorConfig.SETTINGS),
            new Section("Sink", "`payments sink`, and `sink migrate`, `sink skip`, `reconcile` and `rebuild`, which "
                    + "read the database it writes.", SinkConfig.SETTINGS),
            new Section("Client", "`TransferClient`, and so `payments produce`.", TransferClient.Config.SETTINGS),
            new Section("Reconcile", "`payments reconcile`.", ReconcileConfig.SETTINGS),
            new Section("ACLs", "`payments acls`; the resources are named by `topics.prefix`, `"
                    + ProcessorConfig.APPLICATION_ID.key() + "` and `" + SinkConfig.GROUP_ID.key() + "`.",
                    PipelineAcls.SETTINGS));

    private ConfigurationReference() {
    }

    /** The whole page, Markdown, ending in a newline. */
    public static String render() {
        StringBuilder page = new StringBuilder();
        page.append("# Configuration reference\n\n")
                .append("<!-- Generated from the settings' declarations; do not edit. To update: ").append(REGENERATE)
                .append(" -->\n\n")
                .append("Every command reads a properties file (`--config FILE`), then `PAYMENTS_…` environment variables, "
                        + "then `--set key=value` flags; later sources win. A key's variable is the key in upper case with "
                        + "`.` as `_`, after `PAYMENTS_`. Any `kafka.*` key goes, without the prefix, to the command's Kafka "
                        + "clients (e.g. `kafka.security.protocol`); `--print-config` masks those whose names contain "
                        + "`password`, `secret`, `jaas` or `token` or end in `.key`. `payments <command> --print-config` "
                        + "prints every setting the command reads with its effective value, secrets masked, and warns "
                        + "about keys it does not know.\n\n")
                .append("Durations are a number and a unit: `500ms`, `30s`, `15m`, `12h`, `7d`. Booleans are "
                        + "`true`/`yes`/`on` or `false`/`no`/`off`.\n");
        for (Section section : SECTIONS) {
            page.append("\n## ").append(section.title()).append("\n\n")
                    .append("Read by ").append(section.readBy()).append("\n\n")
                    .append("| key | variable | type | default | range | meaning | secret |\n")
                    .append("|---|---|---|---|---|---|---|\n");
            section.settings().forEach(setting -> page.append(row(setting)));
        }
        return page.toString();
    }

    private static String row(Setting<?> setting) {
        if (setting.doc().isBlank()) {
            throw new IllegalStateException(setting.key() + " is declared without a meaning (Setting.doc)");
        }
        return "| `" + setting.key() + "` | `" + setting.envName() + "` | " + setting.type() + " | "
                + defaultCell(setting) + " | " + setting.range() + " | " + setting.doc().replace("|", "\\|") + " | "
                + (setting.secret() ? "yes" : "") + " |\n";
    }

    private static String defaultCell(Setting<?> setting) {
        if (setting.required()) {
            return "required";
        }
        String text = setting.defaultText();
        if (text.isEmpty()) {
            return "(none)";
        }
        // A value is shown as code; a described default ("the http host") as prose.
        return text.equals(setting.defaultValueText()) ? "`" + text + "`" : text;
    }
}
