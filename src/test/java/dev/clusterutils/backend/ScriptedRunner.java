package dev.clusterutils.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fake {@link CommandRunner} replaying recorded scheduler output: answers are queued per
 * executable (the last one repeats), and every call is recorded for assertions.
 */
public final class ScriptedRunner implements CommandRunner {
    private final Map<String, Deque<Function<List<String>, CommandResult>>> answers = new LinkedHashMap<>();
    public final List<List<String>> calls = new ArrayList<>();

    public ScriptedRunner answer(String executable, int exitCode, String stdout, String stderr) {
        return answer(executable, argv -> CommandResult.of(argv, exitCode, stdout, stderr));
    }

    public ScriptedRunner timeout(String executable) {
        return answer(executable, argv -> new CommandResult(argv, -1, "", "", true));
    }

    public ScriptedRunner answer(String executable, Function<List<String>, CommandResult> answer) {
        answers.computeIfAbsent(executable, k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    @Override
    public synchronized CommandResult run(List<String> argv, Path workDir, Duration timeout) {
        calls.add(List.copyOf(argv));
        Deque<Function<List<String>, CommandResult>> q = answers.get(argv.get(0));
        if (q == null || q.isEmpty()) {
            throw new AssertionError("unexpected command " + argv);
        }
        Function<List<String>, CommandResult> a = q.size() > 1 ? q.poll() : q.peek();
        return a.apply(argv);
    }

    public List<List<String>> calls(String executable) {
        return calls.stream().filter(c -> c.get(0).equals(executable)).toList();
    }
}
