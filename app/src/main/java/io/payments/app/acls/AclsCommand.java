package io.payments.app.acls;

import io.payments.app.cli.ServiceSettings;
import io.payments.app.cli.VerboseOption;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code payments acls print|apply}: the pipeline's Kafka ACLs, one principal per service ({@link PipelineAcls}). */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Prints the pipeline's Kafka ACLs, or applies them (idempotent) as the admin the kafka.* settings "
                + "log in as. Principals: acls.upstream.principal, acls.processor.principal, "
                + "acls.sink.principal, acls.reader.principal (docs/configuration.md); "
                + "topics.prefix, processor.application.id and sink.group.id name the resources."})
public final class AclsCommand implements Callable<Integer> {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, PipelineAcls.SETTINGS,
            List.of(ProcessorConfig.APPLICATION_ID, SinkConfig.GROUP_ID));

    @Parameters(index = "0", description = "print or apply")
    Action action;

    enum Action { print, apply }

    @Mixin
    ServiceSettings settings;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings loaded = settings.load(Map.of());
        if (settings.printIfAsked(loaded, SETTINGS)) {
            return 0;
        }
        List<AclBinding> acls = PipelineAcls.from(loaded).bindings();
        if (action == Action.apply) {
            Map<String, Object> adminConfig = new HashMap<>(loaded.kafkaOverrides());
            adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.from(loaded).bootstrapServers());
            try (Admin admin = Admin.create(adminConfig)) {
                admin.createAcls(acls).all().get();
            }
        }
        for (AclBinding acl : acls) {
            out.printf("%-7s %-16s %-8s %-40s %-18s %s%n", acl.entry().permissionType(), acl.entry().principal(),
                    acl.pattern().patternType(), acl.pattern().resourceType() + ":" + acl.pattern().name(),
                    acl.entry().operation(), action == Action.apply ? "applied" : "");
        }
        out.flush();
        return 0;
    }
}
