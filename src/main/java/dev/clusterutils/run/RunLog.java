package dev.clusterutils.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code cluster_run.log} in the original's format ({@code <time> - cluster_utils - LEVEL - text}),
 * appended across runs that share a results dir; the job timeline is drawn from it.
 */
public final class RunLog implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private final BufferedWriter out;

    public RunLog(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public void info(String message) {
        write("INFO", message);
    }

    public void warning(String message) {
        write("WARNING", message);
    }

    public void error(String message) {
        write("ERROR", message);
    }

    private synchronized void write(String level, String message) {
        try {
            out.write(LocalDateTime.now().format(TIME) + " - cluster_utils - " + level + " - " + message + "\n");
        } catch (IOException e) {
            // the log is a convenience; the journal is the record
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            // see write
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
