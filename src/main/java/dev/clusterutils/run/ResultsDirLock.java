package dev.clusterutils.run;

import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One live run per results dir across processes. Two command lines started with the same run name
 * used to run into each other: the second one's fresh start deleted the first one's results while it
 * wrote them, and both appended to the same journal. The lock is the operating system's (fcntl):
 * it ends with its process, so a killed run leaves nothing to clean up.
 */
public final class ResultsDirLock implements AutoCloseable {
    /**
     * The lock files this JVM holds. Closing any channel of a file drops every fcntl lock the process
     * has on it, so a second run of this JVM must not even open a held lock file to try it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ResultsDirLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process (or another run of this one) holds the results dir. */
    public static final class Busy extends IllegalStateException {
        private final String holder;

        public Busy(Path resultsDir, String holder) {
            super("the results directory " + resultsDir + " is in use by another run (" + holder + "); wait for it to end, "
                    + "or give this run another optimization_procedure_name or results_dir");
            this.holder = holder;
        }

        /** "process PID", or a description when the pid is not known. */
        public String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock of {@code resultsDir}, or throws {@link Busy} naming who holds it. Empty when
     * no lock can be had for another reason (a read-only folder, a file system without locks): the
     * run then goes on as before, and fails on its own if it cannot write either.
     */
    public static Optional<ResultsDirLock> acquire(Path resultsDir) {
        Path file = RunLayout.resultsLock(resultsDir);
        Path key;
        try {
            Files.createDirectories(file.getParent());
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!HELD.add(key)) {
            throw new Busy(resultsDir, "a run of this process");
        }
        FileChannel channel = null;
        try {
            // never through a link: a .<name>.lock made a link to another file would have that file truncated
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through a channel this class did not open
            }
            if (lock == null) {
                String holder = holder(channel);
                closeQuietly(channel);
                HELD.remove(key);
                throw new Busy(resultsDir, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return Optional.of(new ResultsDirLock(key, channel, lock));
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(channel);
            HELD.remove(key);
            return Optional.empty();
        }
    }

    /**
     * Who holds the lock of {@code resultsDir} now, if anyone: for a question that should not be asked
     * about a live run's results (the command line's "Delete everything?"). Taking the lock stays
     * the guard; this only answers early.
     */
    public static Optional<String> holder(Path resultsDir) {
        Path file = RunLayout.resultsLock(resultsDir);
        Path key;
        try {
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return Optional.empty(); // no parent folder: no run there
        }
        if (HELD.contains(key)) {
            return Optional.of("a run of this process"); // and its file is not opened, which would drop that run's lock
        }
        if (!Files.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            return Optional.of(holder(channel));
        } catch (IOException | UnsupportedOperationException | OverlappingFileLockException e) {
            return Optional.empty();
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            int n = channel.read(b, 0);
            String text = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
            return text.matches("pid \\d+") ? "process " + text.substring(4) : "another process";
        } catch (IOException e) {
            return "another process";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(key);
    }
}
