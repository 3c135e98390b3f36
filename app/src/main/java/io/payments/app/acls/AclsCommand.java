package io.payments.app.acls;

import io.payments.app.cli.ServiceCommand;
import io.payments.app.cli.ServiceSettings;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.io.PrintWriter;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code payments acls print|apply}: the pipeline's Kafka ACLs, one principal per service ({@link PipelineAcls}). */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Prints the pipeline's Kafka ACLs, or applies them (idempotent) as the admin the kafka.* settings "
                + "log in as. Principals: acls.upstream.principal, acls.processor.principal, "
                + "acls.sink.principal, acls.reader.principal (docs/configuration.md); "
                + "topics.prefix, processor.application.id and sink.group.id name the resources."})
public final class AclsCommand extends ServiceCommand {

    /** Every setting it reads, for --print-config. */
    public static final List<Setting<?>> SETTINGS = ServiceSettings.declared(CommonSettings.SETTINGS, PipelineAcls.SETTINGS,
            List.of(ProcessorConfig.APPLICATION_ID, SinkConfig.GROUP_ID));

    @Parameters(index = "0", description = "print or apply")
    Action action;

    enum Action { print, apply }

    public AclsCommand() {
        super(SETTINGS);
    }

    @Override
    protected int run(Settings loaded, PrintWriter out) throws Exception {
        List<AclBinding> acls = PipelineAcls.from(loaded).bindings();
        if (action == Action.apply) {
            try (Admin admin = Admin.create(CommonSettings.from(loaded).clientConfig(loaded.kafkaOverrides()))) {
                admin.createAcls(acls).all().get();
            }
        }
        for (AclBinding acl : acls) {
            out.printf("%-7s %-16s %-8s %-40s %-18s %s%n", acl.entry().permissionType(), acl.entry().principal(),
                    acl.pattern().patternType(), acl.pattern().resourceType() + ":" + acl.pattern().name(),
                    acl.entry().operation(), action == Action.apply ? "applied" : "");
        }
        return 0;
    }
}
