package dev.clusterutils.settings;

import static dev.clusterutils.settings.SettingsTestSupport.assertProblemContaining;
import static dev.clusterutils.settings.SettingsTestSupport.hpo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.OptimizerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list forms of metric_to_optimize and minimize, and the single form unchanged. */
class MultiObjectiveSettingsTest {
    @TempDir
    Path dir;

    private static String withObjectives(String metric, String minimize) {
        return hpo("").replace("\"metric_to_optimize\": \"loss\", \"minimize\": true",
                "\"metric_to_optimize\": " + metric + ", \"minimize\": " + minimize);
    }

    private OptimizationSetting load(String content) throws SettingsException {
        return SettingsTestSupport.load(RunType.HP_OPTIMIZATION, dir, "s.json", content).settings().hpo().optimization();
    }

    private List<String> problems(String content) {
        return SettingsTestSupport.problems(RunType.HP_OPTIMIZATION, dir, "s.json", content);
    }

    @Test
    void oneMetricIsTheClassicSetting() throws SettingsException {
        OptimizationSetting o = load(hpo(""));
        assertEquals("loss", o.metricToOptimize());
        assertTrue(o.minimize());
        assertEquals(Objectives.single("loss", true), o.objectives());
        assertFalse(o.objectives().isMulti());
    }

    @Test
    void aListWithOneDirectionForAll() throws SettingsException {
        OptimizationSetting o = load(withObjectives("[\"loss\", \"latency\"]", "true"));
        assertEquals(new Objectives(List.of("loss", "latency"), List.of(true, true)), o.objectives());
        assertEquals("loss", o.metricToOptimize());
        assertTrue(o.objectives().isMulti());
    }

    @Test
    void aListWithOneDirectionEach() throws SettingsException {
        OptimizationSetting o = load(withObjectives("[\"loss\", \"accuracy\"]", "[true, false]"));
        assertEquals(List.of(true, false), o.objectives().minimize());
        double[] losses = o.objectives().losses(Map.of("loss", 0.5, "accuracy", 0.9));
        assertEquals(0.5, losses[0]);
        assertEquals(-0.9, losses[1]);
        assertTrue(Double.isNaN(o.objectives().losses(Map.of("loss", 1.0))[1]));
    }

    @Test
    void badListsAreNamedWithTheirPath() {
        assertProblemContaining(problems(withObjectives("[\"loss\", \"acc\"]", "[true]")),
                "optimization_setting.minimize", "1 direction(s)", "names 2 metric(s)");
        assertProblemContaining(problems(withObjectives("[]", "true")), "optimization_setting.metric_to_optimize",
                "at least one metric");
        assertProblemContaining(problems(withObjectives("[\"loss\", 3]", "true")), "optimization_setting.metric_to_optimize[1]");
        assertProblemContaining(problems(withObjectives("[\"loss\", \"loss\"]", "true")), "named twice");
        assertProblemContaining(problems(withObjectives("[\"a\", \"b\"]", "[true, \"no\"]")), "optimization_setting.minimize[1]");
    }

    @Test
    void aReferencePointInTheMetricsOwnUnits() throws SettingsException {
        OptimizationSetting o = load(withObjectives("[\"loss\", \"accuracy\"]", "[true, false]")
                .replace("\"number_of_samples\"", "\"reference_point\": [2, 0.5], \"number_of_samples\""));
        assertEquals(List.of(2.0, 0.5), o.objectives().referencePoint());
        assertEquals(-0.5, o.objectives().referenceLosses()[1]);
        assertEquals(null, load(hpo("")).objectives().referencePoint());
        assertProblemContaining(problems(withObjectives("[\"a\", \"b\"]", "true")
                .replace("\"number_of_samples\"", "\"reference_point\": [1], \"number_of_samples\"")),
                "optimization_setting.reference_point", "1 value(s)");
        assertProblemContaining(problems(withObjectives("[\"a\", \"b\"]", "true")
                .replace("\"number_of_samples\"", "\"reference_point\": [1, \"x\"], \"number_of_samples\"")),
                "optimization_setting.reference_point[1]");
        assertProblemContaining(problems(hpo("").replace("\"number_of_samples\"", "\"reference_point\": [1], \"number_of_samples\"")),
                "optimization_setting.reference_point", "only for several metric_to_optimize");
    }

    @Test
    void earlyStoppingNeedsOneMetric() {
        assertProblemContaining(problems(withObjectives("[\"a\", \"b\"]", "true").replace("\"optimized_params\"",
                "\"kill_bad_jobs_early\": true, \"early_killing_params\": {\"target_rank\": 3, \"how_many_stds\": 1.0},"
                        + " \"optimized_params\"")), "kill_bad_jobs_early", "needs one metric");
    }

    @Test
    void singleObjectiveOptimizersAreRefusedNamingTheOnesThatCan() {
        List<SettingsProblem> p = OptimizerFactory.validate("cem_metaoptimizer",
                Map.of("num_jobs_in_elite", 10L, "with_restarts", true), 2);
        assertEquals(1, p.size());
        assertEquals("optimizer_str", p.get(0).path());
        assertTrue(p.get(0).toString().contains("optimizers for several metrics: "
                + String.join(", ", OptimizerFactory.multiObjectiveNames())), p.get(0).toString());
        assertTrue(OptimizerFactory.validate("random", Map.of(), 2).isEmpty());
        assertTrue(OptimizerFactory.validate("cem_metaoptimizer", Map.of("num_jobs_in_elite", 10L, "with_restarts", true), 1)
                .isEmpty());
    }
}
