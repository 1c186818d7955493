package dev.clusterutils.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * Notices a results dir that is gone or can no longer be written while the run goes on. Files
 * opened before (the journal) keep accepting writes after their dir is deleted, so nothing would
 * fail by itself and the run would end "successfully" with its data gone. Checked: the dir is the
 * same directory (same inode) as when the run started, the journal is still in it, and the dir is
 * writable: {@code access(2)} for the server's user, and, because root may write anywhere, its
 * owner-write bit (a {@code chmod a-w} stops the run even when the server runs as root).
 */
final class ResultsDirWatch {
    private final Path dir;
    private final Path journal;
    private final Object dirKey;
    private final Object journalKey;

    ResultsDirWatch(Path dir, Path journal) throws IOException {
        this.dir = dir;
        this.journal = journal;
        this.dirKey = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        this.journalKey = Files.readAttributes(journal, BasicFileAttributes.class).fileKey();
    }

    /** Null while all is well, else why the results can no longer be kept. */
    String problem() {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                return "The results dir " + dir + " was replaced by a file.";
            }
            if (dirKey != null && !dirKey.equals(a.fileKey())) {
                return "The results dir " + dir + " was deleted (and created again): the run's files in it are gone.";
            }
        } catch (IOException e) {
            return "The results dir " + dir + " was deleted or moved away.";
        }
        try {
            Object key = Files.readAttributes(journal, BasicFileAttributes.class).fileKey();
            if (journalKey != null && !journalKey.equals(key)) {
                return "The journal " + journal + " was replaced.";
            }
        } catch (IOException e) {
            return "The journal " + journal + " was deleted.";
        }
        if (!Files.isWritable(dir)) {
            return "The results dir " + dir + " is no longer writable.";
        }
        try {
            if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OWNER_WRITE)) {
                return "The results dir " + dir + " is no longer writable (its owner-write permission was removed).";
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: access(2) above is the check
        }
        return null;
    }
}
