package io.payments.reconcile.spill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A sorted, on-disk map of facts in a temporary RocksDB (the engine Kafka Streams already ships),
 * so reconciling millions of records needs little heap: facts are written once, then read back
 * in key order, with everything about one transfer or one account next to each other. The
 * directory is deleted on close.
 */
public final class SpillStore implements AutoCloseable {

    private static final int BATCH = 10_000;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private WriteBatch batch = new WriteBatch();

    public SpillStore(Path parent) {
        try {
            Files.createDirectories(parent);
            this.dir = Files.createTempDirectory(parent, "reconcile-");
            this.options = new Options().setCreateIfMissing(true);
            // Facts can be re-read from Kafka: no write-ahead log needed.
            this.writeOptions = new WriteOptions().setDisableWAL(true);
            this.db = RocksDB.open(options, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory under " + parent, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot open the spill store under " + parent + ": " + e.getMessage(), e);
        }
    }

    public void put(byte[] key, byte[] value) {
        try {
            batch.put(key, value);
            if (batch.count() >= BATCH) {
                flush();
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot write to the spill store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes every put visible to reads. */
    public void flush() {
        try {
            db.write(writeOptions, batch);
            batch.close();
            batch = new WriteBatch();
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot write to the spill store in " + dir + ": " + e.getMessage(), e);
        }
    }

    public byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot read the spill store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The value of the first key that starts with the prefix, or null. */
    public byte[] first(byte[] prefix) {
        flush();
        try (RocksIterator it = db.newIterator()) {
            it.seek(prefix);
            return it.isValid() && startsWith(it.key(), prefix) ? it.value() : null;
        }
    }

    /** Every entry whose key starts with the prefix, in key order. */
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        flush();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                visitor.accept(it.key(), it.value());
            }
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public void close() {
        batch.close();
        db.close();
        writeOptions.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the work directory " + dir, e);
        }
    }
}
