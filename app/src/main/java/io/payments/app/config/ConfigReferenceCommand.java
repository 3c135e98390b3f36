package io.payments.app.config;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code payments config-reference}: prints docs/configuration.md as the declarations make it. */
@Command(name = "config-reference", mixinStandardHelpOptions = true,
        description = {"Prints the configuration reference (Markdown), generated from the settings' declarations: "
                + ConfigurationReference.REGENERATE})
public final class ConfigReferenceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ConfigurationReference.render());
        out.flush();
        return 0;
    }
}
