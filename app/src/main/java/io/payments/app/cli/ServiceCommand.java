package io.payments.app.cli;

import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command configured as every service is: {@code --config}, {@code PAYMENTS_…} variables,
 * {@code --set}, {@code --print-config} (which prints and stops) and {@code --verbose}. The
 * command says which settings it reads and runs with them.
 */
public abstract class ServiceCommand implements Callable<Integer> {

    @Mixin
    ServiceSettings settings;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    private final List<Setting<?>> declared;

    /** @param declared every setting the command reads, for {@code --print-config} */
    protected ServiceCommand(List<Setting<?>> declared) {
        this.declared = declared;
    }

    @Override
    public final Integer call() throws Exception {
        Settings loaded = settings.load(overrides());
        if (settings.printIfAsked(loaded, declared)) {
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            return run(loaded, out);
        } finally {
            out.flush();
        }
    }

    /** Settings the command's own options set, which win over the file and the environment. */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    /**
     * Runs the command with its settings; what it prints goes to {@code out}.
     *
     * @return the exit code
     */
    protected abstract int run(Settings settings, PrintWriter out) throws Exception;

    /** Standard error, for progress and warnings that must not mix with a report on standard output. */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
