package dev.clusterutils.optim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterutils.optim.pareto.Hypervolume;
import dev.clusterutils.space.ParamSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bench/optuna_compare.py runs Optuna on Python copies of OptimizerBenchmark's problems; this test
 * holds the copies (bench/optuna_problems.py) to the Java definitions (OptimizerBenchmark and
 * MultiObjectiveProblems): names, boxes, optima, reference points, every objective at corners,
 * centres and random points, the hypervolume, and the tables' number formatting and quartiles. The Python module needs only the standard library, so any python3 will do
 * ({@code OPTUNA_PYTHON} if set, else python3 on PATH); without one the test skips itself.
 */
class OptunaCompareDefinitionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODULE = Path.of("bench", "optuna_problems.py");

    /** A point sent to Python, the problem's name and what Java computes there (one value per objective). */
    record Evaluation(String problem, double[] x, double[] expected) {
    }

    private static final List<Evaluation> EVALUATED = new ArrayList<>();
    /** Point sets (losses) whose hypervolume both sides compute, with the reference point. */
    private static final List<List<double[]>> HV_SETS = new ArrayList<>();
    private static final List<double[]> HV_REFS = new ArrayList<>();
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
            for (double[] x : probePoints(p.space(), rng)) {
                EVALUATED.add(new Evaluation(p.name(), x, new double[] {p.f().applyAsDouble(x)}));
            }
        }
        for (MultiObjectiveProblems.Problem p : MultiObjectiveProblems.all()) {
            List<double[]> points = probePoints(p.space(), rng);
            double[] edge = points.get(points.size() - 1).clone();
            edge[edge.length - 1] = 0; // Currin's x2 = 0, where 1/(2 x2) is infinite
            points.add(edge);
            List<double[]> losses = new ArrayList<>();
            for (double[] x : points) {
                double[] f = p.f().apply(x);
                EVALUATED.add(new Evaluation(p.name(), x, f));
                losses.add(f);
            }
            HV_SETS.add(losses);
            HV_REFS.add(p.reference());
            // a random search's worth of points, most of them dominated, some outside the reference box
            List<double[]> cloud = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                cloud.add(p.f().apply(p.space().stream().mapToDouble(s -> rng.nextDouble(s.lower(), s.upper())).toArray()));
            }
            HV_SETS.add(cloud);
            HV_REFS.add(p.reference());
        }
        for (Evaluation e : EVALUATED) {
            ObjectNode o = evaluate.addObject();
            o.put("problem", e.problem());
            numbers(o.putArray("x"), e.x());
        }
        ArrayNode hypervolume = request.putArray("hypervolume");
        for (int i = 0; i < HV_SETS.size(); i++) {
            ObjectNode o = hypervolume.addObject();
            numbers(o.putArray("ref"), HV_REFS.get(i));
            ArrayNode points = o.putArray("points");
            for (double[] f : HV_SETS.get(i)) {
                numbers(points.addArray(), f);
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

    /** Lower and upper corners, the centre and six random points of the box. */
    private static List<double[]> probePoints(List<ParamSpec> box, SplittableRandom rng) {
        List<double[]> points = new ArrayList<>();
        points.add(box.stream().mapToDouble(ParamSpec::lower).toArray());
        points.add(box.stream().mapToDouble(ParamSpec::upper).toArray());
        points.add(box.stream().mapToDouble(s -> (s.lower() + s.upper()) / 2).toArray());
        for (int i = 0; i < 6; i++) {
            points.add(box.stream().mapToDouble(s -> rng.nextDouble(s.lower(), s.upper())).toArray());
        }
        return points;
    }

    private static void numbers(ArrayNode into, double[] values) {
        for (double v : values) {
            into.add(v);
        }
    }

    private static void assertSameBox(String name, List<ParamSpec> java, JsonNode pythonBounds) {
        assertEquals(java.size(), pythonBounds.size(), name + ": dimension");
        for (int d = 0; d < java.size(); d++) {
            assertEquals(java.get(d).lower(), pythonBounds.get(d).get(0).asDouble(), name + " lower " + d);
            assertEquals(java.get(d).upper(), pythonBounds.get(d).get(1).asDouble(), name + " upper " + d);
        }
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
            assertSameBox(p.name(), p.space(), q.get("bounds"));
        }
    }

    @Test
    void sameMultiObjectiveProblemsWithTheSameReferencePointsAndFronts() {
        assumeTrue(noPython == null, noPython);
        List<MultiObjectiveProblems.Problem> java = MultiObjectiveProblems.all();
        List<JsonNode> python = new ArrayList<>();
        answer.get("problems").forEach(p -> {
            if (p.has("ref")) {
                python.add(p);
            }
        });
        assertEquals(java.size(), python.size(), "multi-objective problems: " + python);
        for (int i = 0; i < java.size(); i++) {
            MultiObjectiveProblems.Problem p = java.get(i);
            JsonNode q = python.get(i);
            assertEquals(p.name(), q.get("name").asText());
            assertSameBox(p.name(), p.space(), q.get("bounds"));
            assertEquals(p.reference().length, q.get("ref").size(), p.name() + ": objectives");
            for (int k = 0; k < p.reference().length; k++) {
                assertEquals(p.reference()[k], q.get("ref").get(k).asDouble(), p.name() + " reference " + k);
            }
            assertEquals(p.frontHypervolume(), q.get("front").asDouble(), 1e-12 * p.frontHypervolume(), p.name() + " front");
        }
    }

    @Test
    void sameHypervolumes() {
        assumeTrue(noPython == null, noPython);
        for (int i = 0; i < HV_SETS.size(); i++) {
            double expected = Hypervolume.of(HV_SETS.get(i), HV_REFS.get(i));
            assertTrue(expected > 0, "set " + i + " dominates part of the reference box");
            assertEquals(expected, answer.get("hypervolumes").get(i).asDouble(), 1e-12 * expected, "hypervolume of set " + i);
        }
    }

    @Test
    void sameObjectiveValues() {
        assumeTrue(noPython == null, noPython);
        JsonNode values = answer.get("values");
        assertEquals(EVALUATED.size(), values.size());
        for (int i = 0; i < EVALUATED.size(); i++) {
            Evaluation e = EVALUATED.get(i);
            JsonNode v = values.get(i);
            double[] actual = v.isArray() ? new double[v.size()] : new double[] {v.asDouble()};
            for (int k = 0; v.isArray() && k < v.size(); k++) {
                actual[k] = v.get(k).asDouble();
            }
            assertEquals(e.expected().length, actual.length, e.problem() + ": objectives");
            for (int k = 0; k < actual.length; k++) {
                // libm and Java's Math may differ in the last bit of exp/cos; a changed definition differs far more
                assertEquals(e.expected()[k], actual[k], 1e-12 * Math.max(1, Math.abs(e.expected()[k])),
                        e.problem() + " objective " + k + " at " + Arrays.toString(e.x()));
            }
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
            Arrays.sort(sorted);
            for (double q : QS) {
                assertEquals(OptimizerBenchmark.quantile(sorted, q), answer.get("quantiles").get(k++).asDouble(), 1e-15);
            }
        }
    }
}
