package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real job processes that fail in every way the issue lists: each is classified, none stalls the run. */
class JobFaultsIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final List<String> MODES = List.of("ok", "segfault", "oom", "twice", "hang", "foreign", "silent", "badargs", "badcsv");

    @TempDir
    Path tmp;

    @Test
    void everyKindOfFaultIsClassifiedWithItsReason() throws Exception {
        Path settings = tmp.resolve("faults.toml");
        Files.writeString(settings, String.join("\n",
                "optimization_procedure_name = \"faults\"",
                "results_dir = \"" + tmp.resolve("res") + "\"",
                "run_in_working_dir = true",
                "script_relative_path = \"src/test/resources/jobs/faults.py\"",
                "restarts = 1",
                "[environment_setup]",
                "[cluster_requirements]",
                "request_cpus = 1",
                "[fixed_params]",
                "[[hyperparam_list]]",
                "param = \"mode\"",
                "values = [" + String.join(", ", MODES.stream().map(m -> "\"" + m + "\"").toList()) + "]", ""));
        long start = System.currentTimeMillis();
        Cli.Result r = cli().home(tmp).cwd(REPO).args("grid_search", "--backend", "local", "--max-jobs", "4",
                "--hang-timeout", "3", "--failure-margin", "20", settings.toString()).run();
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(System.currentTimeMillis() - start < 60_000, "nothing stalled the run");

        ObjectMapper json = new ObjectMapper();
        Map<String, String> failures = new HashMap<>();
        Map<String, String> successes = new HashMap<>();
        for (String line : Files.readAllLines(tmp.resolve("res/faults/journal.jsonl"))) {
            JsonNode e = json.readTree(line);
            String mode = e.has("id") ? MODES.get(e.get("id").asInt()) : null;
            if ("job_failed".equals(e.path("e").asText())) {
                failures.put(mode, e.get("reason").asText());
            } else if ("job_succeeded".equals(e.path("e").asText())) {
                successes.put(mode, e.get("metrics").toString());
            }
        }
        assertEquals(java.util.Set.of("ok", "twice", "hang", "foreign"), successes.keySet(), successes + "\n" + failures);
        assertTrue(successes.get("twice").contains("2.0"), "the later results of a job that sent twice");
        assertTrue(failures.get("segfault").contains("SIGSEGV"), failures.get("segfault"));
        assertTrue(failures.get("oom").contains("SIGKILL"), failures.get("oom"));
        assertTrue(failures.get("silent").contains("sent no results"), failures.get("silent"));
        assertTrue(failures.get("badargs").contains("exit code 2") && failures.get("badargs").contains("required: --lr"),
                failures.get("badargs"));
        assertTrue(failures.get("badcsv").contains("metrics.csv"), failures.get("badcsv"));

        List<String> rows = Files.readAllLines(tmp.resolve("res/faults/all_data.csv"));
        assertEquals(5, rows.size(), "one row per succeeded job, the guessed datagrams changed nothing");
        assertTrue(rows.stream().noneMatch(l -> l.contains("-1000000000")), String.join("\n", rows));
        JsonNode meta = json.readTree(tmp.resolve("res/faults/metadata.json").toFile());
        assertTrue(meta.get("rejected_messages").asLong() >= 4, meta.toString());
        assertTrue(meta.get("malformed_datagrams").asLong() >= 1, meta.toString());
        // the console's end summary: tables, reasons with counts, logs that still exist (remove_jobs_dir kept them)
        String out = r.stdout();
        assertTrue(out.contains("Tables: " + tmp.resolve("res/faults/all_data.csv")), out);
        assertTrue(out.contains("5 jobs failed:"), out);
        assertTrue(out.contains("  1 x Job ended with exit code 2 and sent no results."), out);
        java.util.regex.Matcher logs = java.util.regex.Pattern.compile("log of job (\\d+): (\\S+)").matcher(out);
        int named = 0;
        while (logs.find()) {
            named++;
            assertTrue(Files.exists(Path.of(logs.group(2))), "a named log exists: " + logs.group(2));
            assertTrue(failures.containsKey(MODES.get(Integer.parseInt(logs.group(1)))), logs.group());
        }
        assertTrue(named >= 3, out);
        Path jobsDir;
        try (java.util.stream.Stream<Path> dirs = Files.list(tmp.resolve("cache"))) {
            jobsDir = dirs.filter(d -> d.getFileName().toString().endsWith("-jobs")).findFirst().orElseThrow();
        }
        try (java.util.stream.Stream<Path> files = Files.list(jobsDir)) {
            List<String> kept = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(kept.stream().anyMatch(f -> f.endsWith("_6.sh.err")), "the failed job's log is kept: " + kept);
            assertTrue(kept.stream().noneMatch(f -> f.startsWith("0_0.")), "a succeeded job's files are removed: " + kept);
        }
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine()
                .map(c -> c.contains("faults.py") && c.contains(tmp.toString())).orElse(false)), "the hanging job was stopped");
    }
}
