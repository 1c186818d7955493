package dev.clusterutils.camel;

import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;

/**
 * Scheduler commands through Camel's exec component ({@link CuEndpoints#COMMAND}): the executable,
 * the argument list (as a list, so nothing is re-split on spaces), the working dir and the
 * timeout travel as the component's headers. A command killed by the component's watchdog is
 * reported as timed out.
 */
public final class CamelCommandRunner implements CommandRunner {
    private final ProducerTemplate producer;
    private final String endpoint;

    public CamelCommandRunner(CamelContext camel) {
        this(camel, CuEndpoints.COMMAND);
    }

    /** @param endpoint the exec endpoint the commands go through ({@link CuEndpoints#COMMAND}, {@link CuEndpoints#GIT}) */
    public CamelCommandRunner(CamelContext camel, String endpoint) {
        this.producer = camel.createProducerTemplate();
        this.endpoint = endpoint;
    }

    @Override
    public CommandResult run(List<String> argv, Path workDir, Duration timeout) throws IOException {
        long start = System.nanoTime();
        Exchange ex = producer.send(endpoint, e -> {
            e.getMessage().setBody(null);
            e.getMessage().setHeader(ExecBinding.EXEC_COMMAND_EXECUTABLE, argv.get(0));
            e.getMessage().setHeader(ExecBinding.EXEC_COMMAND_ARGS, List.copyOf(argv.subList(1, argv.size())));
            e.getMessage().setHeader(ExecBinding.EXEC_COMMAND_TIMEOUT, timeout.toMillis());
            if (workDir != null) {
                e.getMessage().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, workDir.toString());
            }
        });
        long elapsed = System.nanoTime() - start;
        if (ex.getException() != null) {
            Throwable cause = ex.getException().getCause() != null ? ex.getException().getCause() : ex.getException();
            throw new IOException(cause.getMessage(), ex.getException());
        }
        ExecResult result = ex.getMessage().getBody(ExecResult.class);
        if (result == null) {
            throw new IOException("exec endpoint returned no result for " + argv.get(0));
        }
        int exit = result.getExitValue();
        // the watchdog kills the process and leaves its exit value; the clock tells the two apart
        boolean timedOut = exit != 0 && elapsed >= timeout.toNanos();
        return new CommandResult(argv, timedOut ? -1 : exit, text(result.getStdout()), text(result.getStderr()), timedOut);
    }

    private static String text(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
