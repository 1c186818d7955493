package dev.clusterutils.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.CommandResult;
import dev.clusterutils.backend.CommandRunner;
import dev.clusterutils.backend.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both command runners, the plain one and the one on Camel's exec component, with real processes. */
class CommandRunnersIT {
    static DefaultCamelContext camel;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    static Stream<CommandRunner> runners() {
        return Stream.of(new ProcessCommandRunner(), new CamelCommandRunner(camel));
    }

    @ParameterizedTest
    @MethodSource("runners")
    void exitCodeAndBothOutputs(CommandRunner r) throws Exception {
        CommandResult res = r.run(List.of("bash", "-c", "echo out; echo err >&2; exit 7"), null, Duration.ofSeconds(10));
        assertEquals(7, res.exitCode());
        assertEquals("out\n", res.stdout());
        assertEquals("err\n", res.stderr());
        assertFalse(res.timedOut());
    }

    @ParameterizedTest
    @MethodSource("runners")
    void argumentsArePassedAsTheyAreAndTheWorkingDirIsUsed(CommandRunner r) throws Exception {
        CommandResult res = r.run(List.of("bash", "-c", "printf '%s|' \"$1\" \"$(pwd)\"", "x", "a b  'c'"), Path.of("/tmp"),
                Duration.ofSeconds(10));
        assertEquals("a b  'c'|/tmp|", res.stdout());
    }

    @ParameterizedTest
    @MethodSource("runners")
    void aHangingCommandIsKilledAfterItsTimeout(CommandRunner r) throws Exception {
        long start = System.nanoTime();
        CommandResult res = r.run(List.of("sleep", "30"), null, Duration.ofMillis(700));
        assertTrue(res.timedOut(), res.toString());
        assertFalse(res.ok());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @ParameterizedTest
    @MethodSource("runners")
    void aMissingCommandIsAnIOException(CommandRunner r) {
        assertThrows(IOException.class, () -> r.run(List.of("no-such-scheduler-command-xyz"), null, Duration.ofSeconds(5)));
    }

    @Test
    void theProcessRunnerDoesNotWaitForABackgroundChildThatKeepsStdout() throws Exception {
        long start = System.nanoTime();
        CommandResult res = new ProcessCommandRunner().run(List.of("bash", "-c", "sleep 5 & echo started"), null,
                Duration.ofSeconds(20));
        assertEquals("started\n", res.stdout());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "did not wait for the child");
    }
}
