package io.payments.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a JVM child process on this JVM's own classpath, output appended to a log file. The
 * child stops by itself when this process dies (see {@link ChildJvmMain}).
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static Process start(List<String> jvmOptions, Class<?> mainClass, List<String> args, Path logFile)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildJvmMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass.getName());
        command.addAll(args);
        Files.createDirectories(logFile.getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }
}
