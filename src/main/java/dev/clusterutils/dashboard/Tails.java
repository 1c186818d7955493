package dev.clusterutils.dashboard;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a text file that may be large and still growing (a job's output, a run's log). */
public final class Tails {
    private static final int MAX_BYTES = 16 * 1024;

    private Tails() {
    }

    /** At most {@code n} last lines, reading at most the last 16 KiB; empty when the file is missing or unreadable. */
    public static List<String> lines(Path file, int n) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - MAX_BYTES);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            List<String> lines = new ArrayList<>(Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\r?\n")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut mid-line
            }
            if (lines.size() == 1 && lines.get(0).isEmpty()) {
                return List.of();
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return List.of();
        }
    }
}
