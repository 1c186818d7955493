package dev.clusterutils.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing generated scripts: atomically (a scheduler never reads half a script) and executable. */
public final class ScriptFiles {
    private ScriptFiles() {
    }

    public static void writeExecutable(Path target, String content) throws IOException {
        write(target, content, true);
    }

    /** Atomic write of a generated file; {@code executable} adds mode 755 (scripts), else it stays 644 (.sub files). */
    public static void write(Path target, String content, boolean executable) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file systems: the script is run through bash explicitly anyway
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Single-quotes a word for bash, so that no character in it is interpreted by the shell. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+=:,@%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
