package dev.clusterutils.run;

import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One live run per results dir across processes. Two command lines started with the same run name
 * used to run into each other: the second one's fresh start deleted the first one's results while it
 * wrote them, and both appended to the same journal. The lock is the operating system's (fcntl) on
 * {@link RunLayout#resultsLock}, beside the results dir's real path (so that a link to a live run's
 * folder leads to the same lock): it ends with its process, and a killed run leaves nothing to clean up.
 * A lock file that cannot be used is a refusal, not a run without a guard; only a file system
 * without locks lets a run go on without one.
 */
public final class ResultsDirLock implements AutoCloseable {
    /**
     * The lock files this JVM holds, by file identity (device and inode): the same file can be reached
     * by two paths (a bind mount), and closing any channel of a file drops every fcntl lock the process
     * has on it, so a second run of this JVM must not even open a held lock file to try it.
     */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();
    private static final String THIS_PROCESS = "a run of this process";
    /** Taking and probing are serial within the JVM: a file is never opened while another thread may hold it. */
    private static final Object GUARD = new Object();

    private final Object key;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ResultsDirLock(Object key, FileChannel channel, FileLock lock) {
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

    /** The lock file cannot be made or used: the run does not start. */
    public static final class Unusable extends IllegalStateException {
        public Unusable(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock of {@code resultsDir}. Throws {@link Busy} naming who holds it, or {@link Unusable}
     * when its lock file cannot be made or is not a plain file of its own (a folder, a link, a second
     * name of another file: writing the pid there would change another file). Empty only on a file
     * system without locks.
     */
    public static Optional<ResultsDirLock> acquire(Path resultsDir) {
        Path file;
        try {
            file = lockFile(resultsDir, true);
        } catch (IOException e) {
            throw new Unusable("cannot make the folder of " + resultsDir + " (" + reason(e) + "); nothing was run or written");
        }
        synchronized (GUARD) {
            Optional<String> bad = unusable(file);
            if (bad.isPresent()) {
                throw unusable(file, bad.get());
            }
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && HELD.contains(fileKey(file))) {
                throw new Busy(resultsDir, THIS_PROCESS);
            }
            FileChannel channel = null;
            try {
                try {
                    // never through a link: a .<name>.lock made a link to another file would have that file truncated
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw unusable(file, reason(e));
                }
                bad = unusable(file);
                if (bad.isPresent()) {
                    throw unusable(file, bad.get());
                }
                try {
                    // in a folder several users share (sticky, as /tmp) a lock file left by one must not lock the others
                    // out of the name for good; the content is only a pid, and it is never followed as a link
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                } catch (IOException | UnsupportedOperationException e) {
                    // not ours, or no such permissions here
                }
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held through a channel this class did not open
                } catch (IOException e) {
                    closeQuietly(channel);
                    return Optional.empty(); // no locks on this file system (ENOLCK): the run goes on as it did before locks
                }
                if (lock == null) {
                    throw new Busy(resultsDir, holder(channel));
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                Object key = fileKey(file);
                HELD.add(key);
                return Optional.of(new ResultsDirLock(key, channel, lock));
            } catch (IOException e) {
                closeQuietly(channel);
                throw unusable(file, reason(e));
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        }
    }

    /**
     * Who holds the lock of {@code resultsDir} now, if anyone: for a question that should not be asked
     * about a live run's results (the command line's "Delete everything?") and for the inbox's waiting
     * files. Taking the lock stays the guard; this only answers early.
     */
    public static Optional<String> holder(Path resultsDir) {
        try {
            return holderOf(lockFile(resultsDir, false));
        } catch (IOException e) {
            return Optional.empty(); // no parent folder: no run there
        }
    }

    private static Optional<String> holderOf(Path file) {
        synchronized (GUARD) {
            if (unusable(file).isPresent() || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (HELD.contains(fileKey(file))) {
                return Optional.of(THIS_PROCESS); // and its file is not opened, which would drop that run's lock
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
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
    }

    /**
     * Why a run could not start in {@code resultsDir} now, as a sentence: another run holds it, or its
     * lock file could not be made or used. For the command line to say before it asks any question.
     */
    public static Optional<String> problem(Path resultsDir) {
        Path file;
        try {
            file = lockFile(resultsDir, false);
        } catch (IOException e) {
            return Optional.empty(); // made later; the settings' checks have said whether it can be
        }
        Optional<String> holder = holderOf(file);
        if (holder.isPresent()) {
            return Optional.of(new Busy(resultsDir, holder.get()).getMessage());
        }
        Optional<String> bad = unusable(file);
        if (bad.isEmpty() && Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(file)) {
            bad = Optional.of(cannotWrite(file));
        } else if (bad.isEmpty() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(file.getParent())) {
            bad = Optional.of(folderNotWritable(file));
        }
        return bad.map(b -> unusable(file, b).getMessage());
    }

    /**
     * The lock file of {@code resultsDir}, beside its real path: a results dir reached through a link
     * (or a linked parent) has the lock of the folder it leads to.
     */
    static Path lockFile(Path resultsDir, boolean makeParent) throws IOException {
        Path dir = resultsDir.toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            return RunLayout.resultsLock(dir.toRealPath());
        }
        if (makeParent) {
            Files.createDirectories(dir.getParent());
        }
        return RunLayout.resultsLock(dir.getParent().toRealPath().resolve(dir.getFileName()));
    }

    /** Why {@code file}, when it exists, cannot be a lock file: a link, not a plain file, or a second name of another file. */
    private static Optional<String> unusable(Path file) {
        if (Files.isSymbolicLink(file)) {
            return Optional.of("it is a link");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("it is not a plain file");
        }
        try {
            if (((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() != 1) {
                return Optional.of("it is a second name of another file");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no link counts on this platform
        }
        return Optional.empty();
    }

    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null ? key : file.toAbsolutePath();
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    private static Unusable unusable(Path file, String why) {
        return new Unusable("cannot use " + file + " to guard the results directory against a second run: " + why
                + "; nothing was run or written");
    }

    private static String cannotWrite(Path file) {
        String owner;
        try {
            owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | UnsupportedOperationException e) {
            owner = "another user";
        }
        return "it belongs to " + owner + " and cannot be written by you; ask them to delete it, or choose another "
                + "optimization_procedure_name or results_dir";
    }

    private static String folderNotWritable(Path file) {
        return "its folder " + file.getParent() + " cannot be written by you, and a run writes there beside its results "
                + "(this lock; a fresh start also moves the old results there); choose a results_dir in a folder you can write";
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            Path f = a.getFile() == null ? null : Path.of(a.getFile());
            return f != null && Files.exists(f, LinkOption.NOFOLLOW_LINKS) ? cannotWrite(f)
                    : f != null && f.getParent() != null ? folderNotWritable(f) : "permission denied";
        }
        if (e instanceof FileSystemLoopException) {
            return "its path leads round in a loop of links";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
