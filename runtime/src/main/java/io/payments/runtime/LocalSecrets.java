package io.payments.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The secrets a local pipeline's processors share, made once per data directory and kept there
 * ({@code secrets.properties}, readable by its owner only), so a second run on the same data
 * continues to verify the legs the first one signed: the key that authenticates the legs on
 * payments.credits ({@code processor.leg.secret}) and the balance API's bearer token
 * ({@code processor.http.token}). A deployment sets its own (docs/security.md).
 */
public final class LocalSecrets {

    public static final String FILE = "secrets.properties";
    public static final String LEG_SECRET = "processor.leg.secret";
    public static final String HTTP_TOKEN = "processor.http.token";

    private LocalSecrets() {
    }

    /** The settings holding the secrets of the data directory, made on first use. */
    public static synchronized Map<String, String> of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                SecureRandom random = new SecureRandom();
                byte[] key = new byte[32];
                random.nextBytes(key);
                byte[] token = new byte[24];
                random.nextBytes(token);
                Properties secrets = new Properties();
                secrets.setProperty(LEG_SECRET, "local-1:" + Base64.getEncoder().encodeToString(key));
                secrets.setProperty(HTTP_TOKEN, HexFormat.of().formatHex(token));
                // Written whole to a file of its own, then linked into place: link(2) fails if another
                // process got there first, whose secrets then stand, and nobody reads a half-written file.
                Path written = Files.createTempFile(dataDir, FILE, ".new");
                try {
                    try {
                        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // A file system without POSIX permissions keeps its defaults.
                    }
                    try (Writer out = Files.newBufferedWriter(written)) {
                        secrets.store(out, "Made once for this data directory; the processors of every run on it share them");
                    }
                    Files.createLink(file, written);
                } catch (FileAlreadyExistsException another) {
                    // Another process made them first.
                } finally {
                    Files.deleteIfExists(written);
                }
            }
            Properties secrets = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                secrets.load(in);
            }
            Map<String, String> settings = new TreeMap<>();
            secrets.stringPropertyNames().forEach(name -> settings.put(name, secrets.getProperty(name)));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the local secrets in " + file + ": " + e.getMessage(), e);
        }
    }
}
