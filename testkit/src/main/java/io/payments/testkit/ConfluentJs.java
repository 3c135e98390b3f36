package io.payments.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Confluent's own JavaScript serializer ({@code @confluentinc/schemaregistry}) on Node, driven
 * through {@code runtime/src/test/js/interop.js} (its header lists the modes, options and the
 * registry requests each makes). Tests that use it are skipped with a message where Node is
 * missing, unless PAYMENTS_INTEROP_REQUIRED=true (as in .ci/run), where they fail.
 */
public final class ConfluentJs {

    /** From any module's directory, where Maven runs its tests. */
    private static final Path SCRIPT_DIR = Path.of("..", "runtime", "src", "test", "js").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_SECONDS = 60;

    /** What one run of the script printed, and its exit code (0 ok, 1 failed, 2 bad usage). */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private ConfluentJs() {
    }

    /**
     * Node with the npm project installed ({@code npm ci} when node_modules is missing), or the
     * calling test aborted (skipped) with the reason; with PAYMENTS_INTEROP_REQUIRED=true a
     * missing Node fails instead.
     *
     * @param test the test's name, for the message
     */
    public static ConfluentJs require(String test) {
        String missing = null;
        if (!succeeds(List.of("node", "--version"), 30)) {
            missing = "Node.js is not installed (the JavaScript interop tests need node >= 20 and npm)";
        } else if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/@confluentinc/schemaregistry"))
                && !succeeds(List.of("npm", "ci", "--no-audit", "--no-fund"), 600)) {
            missing = "`npm ci` in " + SCRIPT_DIR + " failed (is the npm registry reachable?)";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("PAYMENTS_INTEROP_REQUIRED"))) {
                throw new IllegalStateException(missing + "; PAYMENTS_INTEROP_REQUIRED=true forbids skipping");
            }
            System.err.println("SKIPPED " + test + ": " + missing);
            Assumptions.abort(missing);
        }
        return new ConfluentJs();
    }

    /** Runs the script with the arguments (a mode, then its options) and returns its answer; it must succeed. */
    public JsonNode answer(String... args) {
        Run run = run(args);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("interop.js " + String.join(" ", args) + " exited with " + run.exitCode()
                    + ": " + run.stderr());
        }
        try {
            return JSON.readTree(run.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException("interop.js printed something other than JSON: " + run.stdout(), e);
        }
    }

    /** Runs the script with the arguments, whatever comes of it. */
    public Run run(String... args) {
        List<String> command = new ArrayList<>(List.of("node", SCRIPT_DIR.resolve("interop.js").toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("interop.js " + String.join(" ", args) + " did not finish in "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Run(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running interop.js", e);
        }
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean succeeds(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
