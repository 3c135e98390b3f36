package io.payments.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory for one run's broker, database and state, removed when the run is over: a full
 * benchmark writes tens of gigabytes, which must not pile up in the system's temporary directory.
 */
public final class TemporaryDirectory implements AutoCloseable {

    private final Path path;
    private boolean keep;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    public static TemporaryDirectory create(String prefix) {
        try {
            return new TemporaryDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Leaves the directory in place on close, e.g. so a failed run's logs can be read. */
    public void keep() {
        keep = true;
    }

    @Override
    public void close() {
        if (keep) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
