package dev.clusterutils.run;

import dev.clusterutils.layout.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a results dir that already exists may be deleted for a fresh start. Only a real folder
 * that recognisably holds a run (one of {@link RunLayout#runMarkers()}) qualifies, and never one
 * that holds the home folder, the current folder, the settings file or a git repository: a wrong
 * name or results_dir must cost a refusal, never someone's files.
 */
public final class OldResults {
    private OldResults() {
    }

    /**
     * @param kept paths that must survive (home, current folder, settings file); those that do not
     *             exist are ignored
     * @return why {@code resultsDir} must not be deleted, or empty when it may be
     */
    public static Optional<String> whyNotDeletable(Path resultsDir, Collection<Path> kept) throws IOException {
        if (Files.isSymbolicLink(resultsDir)) {
            return Optional.of("it is a symbolic link");
        }
        if (!Files.isDirectory(resultsDir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("it is not a folder");
        }
        Path real = resultsDir.toRealPath();
        if (real.getParent() == null) {
            return Optional.of("it is the file system's root");
        }
        for (Path k : kept) {
            if (k != null && Files.exists(k) && k.toRealPath().startsWith(real)) {
                return Optional.of("it holds " + k);
            }
        }
        if (Files.exists(resultsDir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("it is a git repository");
        }
        RunLayout layout = new RunLayout(resultsDir, null, null);
        if (!ExistingResults.nonEmpty(resultsDir)) {
            return Optional.empty();
        }
        if (layout.runMarkers().stream().noneMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
            return Optional.of("it does not look like the results of a run (it has none of "
                    + layout.runMarkers().stream().map(p -> p.getFileName().toString()).toList() + ")");
        }
        return Optional.empty();
    }

    /**
     * Clears {@code resultsDir} for a fresh start without making the start wait for the deletion: the
     * old results are renamed aside ({@link RunLayout#oldResultsAside}) and deleted on a thread of
     * their own, so that the new run's first job does not wait for it. Where the rename is not possible
     * (a mount point) the folder is emptied in place, before the run.
     * Nothing but the folder moved here is ever deleted: a hidden folder a killed process left is
     * the user's to delete (its name proves nothing about whose it is).
     *
     * @return the deletion under way (failing with an {@link IOException} that names what is left);
     *         completed when there was nothing to delete
     */
    public static CompletableFuture<Void> deleteAside(Path resultsDir, Collection<Path> kept) throws IOException {
        refuseIfNotDeletable(resultsDir, kept);
        if (!ExistingResults.nonEmpty(resultsDir)) {
            return CompletableFuture.completedFuture(null);
        }
        Path aside;
        try {
            aside = Files.move(resultsDir, RunLayout.oldResultsAside(resultsDir, Long.toString(System.currentTimeMillis(), 36)
                    + "-" + ProcessHandle.current().pid()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a mount point (EBUSY), a folder on another device than its parent: emptied where it is, and
            // the folder itself kept, which a mount point also needs (deleting it failed the run)
            FileTrees.deleteContents(resultsDir);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                FileTrees.delete(aside);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(new IOException(reason(e) + "; what is left is in " + aside + ", to delete by hand", e));
            }
        }, "cu-old-results");
        t.setDaemon(true);
        t.start();
        return done;
    }

    private static String reason(Exception e) {
        Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (c instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (c instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    private static void refuseIfNotDeletable(Path resultsDir, Collection<Path> kept) throws IOException {
        Optional<String> why = whyNotDeletable(resultsDir, kept);
        if (why.isPresent()) {
            throw new IOException("will not delete " + resultsDir + ": " + why.get()
                    + "; delete it by hand, or choose another optimization_procedure_name or results_dir");
        }
    }
}
