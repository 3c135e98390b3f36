package io.payments.tools.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The directory holding the local runtime's data, checked before anything is started in it. */
public final class DataDirectory {

    private DataDirectory() {
    }

    /** Creates the directory if needed and checks it is writable, with a message naming the fix. */
    public static Path prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data dir " + absolute + " (" + e.getClass().getSimpleName()
                    + "): choose a writable directory with --data-dir");
        }
        if (!Files.isWritable(absolute)) {
            throw new IllegalStateException("The data dir " + absolute
                    + " is not writable: fix its permissions or choose another with --data-dir");
        }
        return absolute;
    }
}
