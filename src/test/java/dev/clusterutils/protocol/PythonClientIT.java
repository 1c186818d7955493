package dev.clusterutils.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterutils.value.PyTuple;
import dev.clusterutils.value.PythonRepr;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real job processes: python3 runs the job scripts under src/test/resources/jobs with the
 * client from src/main/python, started with the command line the server generates, and reports
 * to a real {@link UdpListener}. Checks the message sequence, exit codes and per-job files.
 */
class PythonClientIT {
    private static final Path PYTHONPATH = Path.of("src/main/python").toAbsolutePath();
    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final LinkedBlockingQueue<JobMessage> RECEIVED = new LinkedBlockingQueue<>();
    private static UdpListener listener;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startListener() throws IOException {
        listener = UdpListener.start(InetAddress.getByName("127.0.0.1"), 0, RECEIVED::add);
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    private record Run(int exitCode, String stdout, String stderr, List<JobMessage> messages, Path workingDir) {
        List<MessageType> types() {
            return messages.stream().map(JobMessage::type).toList();
        }

        <T extends JobMessage> T first(Class<T> type) {
            return messages.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
        }
    }

    // --- scenarios -----------------------------------------------------------------------------

    @Test
    void successfulJobSendsTheFullSequenceAndWritesItsFiles() throws Exception {
        Map<String, Object> params = params("ok", 11);
        Run run = runJob("python3", "client_job.py", 11, params);

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of(MessageType.JOB_STARTED, MessageType.METRIC_EARLY_REPORT,
                MessageType.JOB_PROGRESS_PERCENTAGE, MessageType.METRIC_EARLY_REPORT,
                MessageType.JOB_PROGRESS_PERCENTAGE, MessageType.JOB_SENT_RESULTS, MessageType.JOB_CONCLUDED),
                run.types());
        assertFalse(run.first(JobMessage.JobStarted.class).hostname().isBlank());
        assertEquals(Map.of("loss", 0.5, "step", 1L), ((JobMessage.EarlyReport) run.messages().get(1)).metrics());
        assertEquals(0.5, ((JobMessage.Progress) run.messages().get(2)).fraction());
        assertEquals(1.0, ((JobMessage.Progress) run.messages().get(4)).fraction());

        Map<String, Object> metrics = run.first(JobMessage.SentResults.class).metrics();
        assertEquals(List.of("loss", "accuracy", "steps", "converged", "label", "x_used", "time_elapsed"),
                new ArrayList<>(metrics.keySet()));
        assertEquals(0.125, metrics.get("loss"));
        assertEquals(true, metrics.get("converged"));
        assertEquals("a,b \"q\"", metrics.get("label"));
        assertEquals(0.3 / 3, metrics.get("x_used"), "dynamic value evaluated against the job's own params");
        assertTrue((Double) metrics.get("time_elapsed") >= 0);

        // metrics.csv is the fallback for a lost datagram: it must read back as the same metrics
        Path metricsCsv = run.workingDir().resolve("metrics.csv");
        assertTrue(Files.readString(metricsCsv).endsWith("\r\n"));
        assertEquals(metrics, MetricsCsv.read(metricsCsv));
        assertEquals("fn_args.y,fn_args.x,tag,mode,working_dir,id\r\n0.3,0.09999999999999999,hello-run,ok,"
                + run.workingDir() + ",11\r\n", Files.readString(run.workingDir().resolve("param_choice.csv")));

        String settingsJson = Files.readString(run.workingDir().resolve("settings.json"));
        assertTrue(settingsJson.startsWith("{\n    \"fn_args\": {\n        \"x\": 0.09999999999999999,\n"),
                "sorted keys, indent 4: " + settingsJson);
        JsonNode settings = JSON.readTree(settingsJson);
        assertEquals(List.of("fn_args", "id", "mode", "tag", "working_dir"), fieldNames(settings));
        assertEquals("hello-run", settings.get("tag").asText(), "{$CU_TEST_VAR} is the environment variable");
        assertTrue(run.stdout().contains("Sending results to:  ('127.0.0.1', " + listener.port() + ")"));
    }

    @Test
    void uncaughtExceptionReportsTheTracebackConcludesAndExitsWithOne() throws Exception {
        Run run = runJob("python3", "client_job.py", 12, params("error", 12));

        assertEquals(1, run.exitCode());
        assertEquals(List.of(MessageType.JOB_STARTED, MessageType.JOB_PROGRESS_PERCENTAGE,
                MessageType.ERROR_ENCOUNTERED, MessageType.JOB_CONCLUDED), run.types());
        List<String> lines = run.first(JobMessage.ErrorEncountered.class).lines();
        assertEquals("Traceback (most recent call last):\n", lines.get(0));
        assertEquals("ValueError: boom\n", lines.get(lines.size() - 1));
        // unlike the original client, the traceback still reaches the job's stderr
        assertTrue(run.stderr().contains("Traceback (most recent call last)") && run.stderr().contains("ValueError: boom"),
                run.stderr());
        assertTrue(Files.exists(run.workingDir().resolve("settings.json")));
        assertFalse(Files.exists(run.workingDir().resolve("metrics.csv")));
    }

    @Test
    void exitForResumeSendsNoConclusionAndExitsWithThree() throws Exception {
        Run run = runJob("python3", "client_job.py", 13, params("resume", 13));

        assertEquals(3, run.exitCode(), run.stderr());
        assertEquals(List.of(MessageType.JOB_STARTED, MessageType.JOB_PROGRESS_PERCENTAGE,
                MessageType.EXIT_FOR_RESUME), run.types());
        assertFalse(run.stdout().contains("not reached"));
    }

    @Test
    void aJobWithoutResultsOnlyConcludes() throws Exception {
        Run run = runJob("python3", "client_job.py", 14, params("no_results", 14));
        assertEquals(0, run.exitCode());
        assertEquals(List.of(MessageType.JOB_STARTED, MessageType.JOB_CONCLUDED), run.types());
    }

    @Test
    void metricValuesKeepTheirTypesAndA63BitJobIdWorks() throws Exception {
        long id = 8_000_000_000_000_000_001L;
        Run run = runJob("python3", "client_job.py", id, params("types", id));

        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Object> m = run.first(JobMessage.SentResults.class).metrics();
        assertEquals(id, run.first(JobMessage.SentResults.class).jobId());
        assertEquals(3.141592653589793, m.get("py_float"));
        assertEquals(7L, m.get("py_int"));
        assertEquals(1L << 40, m.get("big_int"));
        assertEquals(BigInteger.TWO.pow(70), m.get("huge_int"));
        assertEquals(Double.NaN, m.get("nan"));
        assertEquals(Double.POSITIVE_INFINITY, m.get("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, m.get("ninf"));
        assertEquals(-0.0, m.get("neg_zero"));
        assertTrue(m.containsKey("none") && m.get("none") == null);
        assertEquals("héllo ✓", m.get("text"));
        assertEquals(1.0, m.get("ünïcode_key"));
        assertEquals(false, m.get("flag"));
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("a", List.of(1L, PyTuple.of(2L, 3L)));
        assertEquals(nested, m.get("nested"));

        Map<String, Object> csv = MetricsCsv.read(run.workingDir().resolve("metrics.csv"));
        assertEquals("", csv.get("none"));
        assertEquals("{'a': [1, (2, 3)]}", csv.get("nested"));
        assertEquals(BigInteger.TWO.pow(70), csv.get("huge_int"));
    }

    @Test
    void theDecoratorPassesParametersAsKeywordsAndFinalizes() throws Exception {
        Run run = runJob("python3", "decorated_job.py", 15, params("decorated", 15));

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of(MessageType.JOB_STARTED, MessageType.JOB_SENT_RESULTS, MessageType.JOB_CONCLUDED),
                run.types());
        Map<String, Object> m = run.first(JobMessage.SentResults.class).metrics();
        assertEquals(0.3 / 3 * 2, m.get("result"));
        assertEquals(15L, m.get("id_seen"));
        assertEquals("mode,tag", m.get("extra_keys"));
        assertTrue(Files.exists(run.workingDir().resolve("param_choice.csv")));
    }

    @Test
    void deprecatedAliasesStillWorkAndWarn() throws Exception {
        Run run = runJob("python3", "deprecated_job.py", 16, params("deprecated", 16));

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of(MessageType.JOB_STARTED, MessageType.JOB_SENT_RESULTS, MessageType.JOB_CONCLUDED),
                run.types());
        assertTrue(run.stdout().contains("WARNINGS: 2 FutureWarning"), run.stdout());
        assertTrue(run.stdout().contains("REFUSED: The option `make_immutable=False` is not supported anymore."));
    }

    @Test
    void theOriginalDoubleQuotedShellLineWorks() throws Exception {
        // exactly the line the original server writes into the job script (section 6.2)
        Map<String, Object> params = params("ok", 17);
        String line = "python3 " + JOBS.resolve("client_job.py") + " --job-id=17 --cluster-utils-server=127.0.0.1:"
                + listener.port() + " --parameter-dict \"" + PythonRepr.repr(params) + "\"";
        Run run = run(List.of("bash", "-c", line), 17, workingDir(params), true);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(MessageType.JOB_CONCLUDED, run.types().get(run.types().size() - 1));
        assertEquals(7, run.types().size());
    }

    @Test
    void withoutServerDetailsNothingIsSentButFilesAreWritten() throws Exception {
        Map<String, Object> params = params("ok", 18);
        long before = listener.received();
        Run run = run(List.of("python3", JOBS.resolve("client_job.py").toString(), "--parameter-dict",
                PythonRepr.repr(params)), 18, workingDir(params), false);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.messages().isEmpty());
        assertEquals(before, listener.received());
        assertFalse(run.stdout().contains("Sending"));
        assertTrue(Files.exists(run.workingDir().resolve("metrics.csv")));
    }

    @Test
    void aServerWithoutJobIdIsAnArgumentError() throws Exception {
        Map<String, Object> params = params("ok", 19);
        Run run = run(List.of("python3", JOBS.resolve("client_job.py").toString(),
                "--cluster-utils-server=127.0.0.1:" + listener.port(), "--parameter-dict", PythonRepr.repr(params)),
                19, workingDir(params), false);
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("--job-id is required when --cluster-utils-server is set."), run.stderr());
        assertTrue(run.messages().isEmpty());
    }

    @Test
    void overridesAfterTheDictApplyAfterDynamicEvaluation() throws Exception {
        Map<String, Object> params = params("ok", 20);
        List<String> argv = new ArrayList<>(command("python3", "client_job.py", 20, params));
        argv.add("fn_args.y=7");
        Run run = run(argv, 20, workingDir(params), true);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode settings = JSON.readTree(run.workingDir().resolve("settings.json").toFile());
        assertEquals(7, settings.get("fn_args").get("y").asInt());
        assertEquals(0.09999999999999999, settings.get("fn_args").get("x").asDouble(), "x saw the raw y = 0.3");
    }

    /** Other interpreters that job environments use, where this machine has them (pyenv). */
    @ParameterizedTest
    @ValueSource(strings = {"3.8", "3.10", "3.12", "3.13"})
    void otherPythonVersionsSpeakTheSameProtocol(String version) throws Exception {
        Path python = pyenvPython(version);
        assumeTrue(python != null, "no Python " + version + " here");
        long id = 100 + Math.floorMod(version.hashCode(), 100);
        Run run = runJob(python.toString(), "client_job.py", id, params("ok", id));
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(7, run.types().size());
        assertEquals(0.125, run.first(JobMessage.SentResults.class).metrics().get("loss"));
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The parameter dict the server would send: settings, then working_dir and id last. */
    private Map<String, Object> params(String mode, long id) {
        Map<String, Object> fnArgs = new LinkedHashMap<>();
        fnArgs.put("y", 0.3);
        fnArgs.put("x", "{fn_args.y/3}");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("fn_args", fnArgs);
        p.put("tag", "{$CU_TEST_VAR}-run");
        p.put("mode", mode);
        p.put("working_dir", tmp.resolve("working_directories").resolve(Long.toString(id)).toString());
        p.put("id", id);
        return p;
    }

    private static Path workingDir(Map<String, Object> params) {
        return Path.of((String) params.get("working_dir"));
    }

    private List<String> command(String python, String script, long id, Map<String, Object> params) {
        return List.of(python, JOBS.resolve(script).toString(), "--job-id=" + id,
                "--cluster-utils-server=127.0.0.1:" + listener.port(), "--parameter-dict", PythonRepr.repr(params));
    }

    private Run runJob(String python, String script, long id, Map<String, Object> params) throws Exception {
        return run(command(python, script, id, params), id, workingDir(params), true);
    }

    private Run run(List<String> argv, long jobId, Path workingDir, boolean expectMessages) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(tmp.toFile());
        pb.environment().put("PYTHONPATH", PYTHONPATH.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // keep __pycache__ out of src/main/python
        pb.environment().put("CU_TEST_VAR", "hello");
        pb.environment().remove("PYENV_VERSION");
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "job did not finish");
        List<JobMessage> messages = expectMessages ? collect(jobId) : drainFor(jobId, 300);
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), messages, workingDir);
    }

    /** Messages of one job until its last one (CONCLUDED or EXIT_FOR_RESUME), plus a moment for strays. */
    private static List<JobMessage> collect(long jobId) throws InterruptedException {
        List<JobMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JobMessage m = RECEIVED.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.jobId() == jobId) {
                out.add(m);
                if (m.type() == MessageType.JOB_CONCLUDED || m.type() == MessageType.EXIT_FOR_RESUME) {
                    break;
                }
            }
        }
        out.addAll(drainFor(jobId, 300));
        return out;
    }

    private static List<JobMessage> drainFor(long jobId, long millis) throws InterruptedException {
        List<JobMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            JobMessage m = RECEIVED.poll(20, TimeUnit.MILLISECONDS);
            if (m != null && m.jobId() == jobId) {
                out.add(m);
            }
        }
        return out;
    }

    private static Path pyenvPython(String version) throws IOException {
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (!Files.isDirectory(versions)) {
            return null;
        }
        try (var dirs = Files.list(versions)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(version + "."))
                    .map(d -> d.resolve("bin/python3")).filter(Files::isExecutable).findFirst().orElse(null);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
