package dev.clusterutils.optim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterutils.space.ParamSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bench/optuna_compare.py runs Optuna on Python copies of OptimizerBenchmark's problems; this test
 * holds the copies (bench/optuna_problems.py) to the Java definitions: names, boxes, optima, the
 * objective at corners, centres, optima and random points, and the table's number formatting and
 * quartiles. The Python module needs only the standard library, so any python3 will do
 * ({@code OPTUNA_PYTHON} if set, else python3 on PATH); without one the test skips itself.
 */
class OptunaCompareDefinitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODULE = Path.of("bench", "optuna_problems.py");

    private static final List<double[]> EVALUATED = new ArrayList<>();
    private static final List<OptimizerBenchmark.Problem> EVALUATED_PROBLEM = new ArrayList<>();
    private static final double[] FORMATTED = {0.0, 0.397887, -3.32237, 1e-3, 9.99e-4, -0.000123, 0.5436, 1.0,
        9.99995, 12.345, 99999.4, 99995.0, 1e5, 123456.0, 3943.374, -2.617, 1.2345e-7, 0.0012345, 10.0,
        0.000125, 1.005, -9.9996};
    private static final double[][] QUANTILE_SETS = {{3.0}, {1.0, 2.0}, {5.0, -1.0, 2.5, 7.25, 0.0, 3.0}};
    private static final double[] QS = {0.25, 0.5, 0.75};

    private static JsonNode answer;
    /** Why there is no answer; every test reports itself skipped with it. */
    private static String noPython;

    @BeforeAll
    static void askPython() throws Exception {
        String python = System.getenv().getOrDefault("OPTUNA_PYTHON", "python3");
        if (!Files.isRegularFile(MODULE)) {
            noPython = "run from the project root: " + MODULE + " not found";
            return;
        }

        ObjectNode request = JSON.createObjectNode();
        ArrayNode evaluate = request.putArray("evaluate");
        SplittableRandom rng = new SplittableRandom(14);
        for (OptimizerBenchmark.Problem p : OptimizerBenchmark.problems()) {
            List<ParamSpec> box = p.space();
            List<double[]> points = new ArrayList<>();
            points.add(box.stream().mapToDouble(ParamSpec::lower).toArray());
            points.add(box.stream().mapToDouble(ParamSpec::upper).toArray());
            points.add(box.stream().mapToDouble(s -> (s.lower() + s.upper()) / 2).toArray());
            for (int i = 0; i < 6; i++) {
                points.add(box.stream().mapToDouble(s -> rng.nextDouble(s.lower(), s.upper())).toArray());
            }
            for (double[] x : points) {
                ObjectNode e = evaluate.addObject();
                e.put("problem", p.name());
                ArrayNode xs = e.putArray("x");
                for (double v : x) {
                    xs.add(v);
                }
                EVALUATED.add(x);
                EVALUATED_PROBLEM.add(p);
            }
        }
        ArrayNode format = request.putArray("format");
        for (double v : FORMATTED) {
            format.add(v);
        }
        ArrayNode quantile = request.putArray("quantile");
        for (double[] set : QUANTILE_SETS) {
            for (double q : QS) {
                ObjectNode e = quantile.addObject();
                e.put("q", q);
                ArrayNode values = e.putArray("values");
                for (double v : set) {
                    values.add(v);
                }
            }
        }

        Process process;
        try {
            process = new ProcessBuilder(python, MODULE.toString(), "check")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            noPython = "no " + python + " here: " + e.getMessage();
            return;
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(request));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(python + " " + MODULE + " did not finish");
        }
        assertEquals(0, process.exitValue(), python + " " + MODULE + " check failed (its stderr is above)");
        answer = JSON.readTree(out);
    }

    @Test
    void sameProblemsOnTheSameBoxesWithTheSameOptima() {
        assumeTrue(noPython == null, noPython);
        List<OptimizerBenchmark.Problem> java = OptimizerBenchmark.problems();
        List<JsonNode> python = new ArrayList<>();
        answer.get("problems").forEach(p -> {
            if (p.has("optimum")) {
                python.add(p);
            }
        });
        assertEquals(java.size(), python.size(), "single-objective problems: " + python);
        for (int i = 0; i < java.size(); i++) {
            OptimizerBenchmark.Problem p = java.get(i);
            JsonNode q = python.get(i);
            assertEquals(p.name(), q.get("name").asText());
            assertEquals(p.optimum(), q.get("optimum").asDouble(), p.name());
            assertEquals(p.space().size(), q.get("bounds").size(), p.name() + ": dimension");
            for (int d = 0; d < p.space().size(); d++) {
                assertEquals(p.space().get(d).lower(), q.get("bounds").get(d).get(0).asDouble(), p.name() + " lower " + d);
                assertEquals(p.space().get(d).upper(), q.get("bounds").get(d).get(1).asDouble(), p.name() + " upper " + d);
            }
        }
    }

    @Test
    void sameObjectiveValues() {
        assumeTrue(noPython == null, noPython);
        JsonNode values = answer.get("values");
        assertEquals(EVALUATED.size(), values.size());
        for (int i = 0; i < EVALUATED.size(); i++) {
            double expected = EVALUATED_PROBLEM.get(i).f().applyAsDouble(EVALUATED.get(i));
            // libm and Java's Math may differ in the last bit of exp/cos; a changed definition differs far more
            assertEquals(expected, values.get(i).asDouble(), 1e-12 * Math.max(1, Math.abs(expected)),
                    EVALUATED_PROBLEM.get(i).name() + " at " + java.util.Arrays.toString(EVALUATED.get(i)));
        }
    }

    @Test
    void tableNumbersFormattedAsJavaFormatsThem() {
        assumeTrue(noPython == null, noPython);
        for (int i = 0; i < FORMATTED.length; i++) {
            assertEquals(OptimizerBenchmark.fmt(FORMATTED[i]), answer.get("formatted").get(i).asText(), "fmt(" + FORMATTED[i] + ")");
        }
    }

    @Test
    void sameQuartiles() {
        assumeTrue(noPython == null, noPython);
        int k = 0;
        for (double[] set : QUANTILE_SETS) {
            double[] sorted = set.clone();
            java.util.Arrays.sort(sorted);
            for (double q : QS) {
                assertEquals(OptimizerBenchmark.quantile(sorted, q), answer.get("quantiles").get(k++).asDouble(), 1e-15);
            }
        }
    }
}
