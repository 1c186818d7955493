package dev.clusterutils.backend.condor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The FAKE HTCondor of the test sources (src/test/resources/fake-condor, see fake_condor.py),
 * copied into a test's temporary dir with its own state dir. Commands find it through the PATH
 * of {@link #environment()}.
 */
public final class FakeCondor {
    static final Path SOURCES = Path.of("src/test/resources/fake-condor");
    static final List<String> COMMANDS = List.of("fake_condor.py", "condor_submit", "condor_submit_bid", "condor_q",
            "condor_history", "condor_rm");

    public final Path bin;
    public final Path state;
    private final int slots;

    public FakeCondor(Path dir, int slots) throws IOException {
        this.bin = dir.resolve("fake-condor-bin");
        this.state = dir.resolve("fake-condor-state");
        this.slots = slots;
        Files.createDirectories(bin);
        Files.createDirectories(state.resolve("faults"));
        for (String c : COMMANDS) {
            Path target = bin.resolve(c);
            Files.copy(SOURCES.resolve(c), target);
            target.toFile().setExecutable(true);
        }
    }

    /** PATH with the fake first, its state dir, its slot count, release after 1 s. */
    public Map<String, String> environment() {
        return Map.of("PATH", bin + ":" + System.getenv("PATH"), "FAKE_CONDOR_STATE", state.toString(),
                "FAKE_CONDOR_SLOTS", Integer.toString(slots), "FAKE_CONDOR_PERIODIC", "1");
    }

    /** The next calls of {@code command} answer like this (see fake_condor.py, "faults"). */
    public void fault(String command, String json) throws IOException {
        Files.writeString(state.resolve("faults").resolve(command), json);
    }

    public void clearFault(String command) throws IOException {
        Files.deleteIfExists(state.resolve("faults").resolve(command));
    }

    /** Every command the fake was asked to run, one line each. */
    public List<String> commands() throws IOException {
        Path log = state.resolve("commands.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
