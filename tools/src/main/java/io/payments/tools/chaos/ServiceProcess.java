package io.payments.tools.chaos;

import io.payments.runtime.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A processor or sink running as a JVM of its own ({@code ProcessorMain} / {@code SinkMain} with a
 * properties file), which the harness can kill, pause and resume like an operating system would.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Class<?> mainClass;
    private final Path config;
    private final Path logDir;
    private Process process;

    ServiceProcess(String name, Class<?> mainClass, Path config, Path logDir) {
        this.name = name;
        this.mainClass = mainClass;
        this.config = config;
        this.logDir = logDir;
    }

    String name() {
        return name;
    }

    synchronized void start() throws IOException {
        process = ChildJvm.start(List.of("-Xmx512m", "-Dpayments.log.dir=" + logDir.resolve(name)), mainClass,
                List.of(config.toString()), logDir.resolve(name + ".out"));
    }

    /** SIGKILL: no shutdown hook, no clean close, no commit. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the JVM freezes mid-whatever, keeping its sockets and its idea of what it owns. */
    synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen JVM carries on as if nothing happened, unaware it was replaced meanwhile. */
    synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
        }
    }

    /** SIGTERM and a clean stop, or SIGKILL after 30 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
