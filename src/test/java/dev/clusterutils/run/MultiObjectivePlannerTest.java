package dev.clusterutils.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.optim.OptimizerFactory;
import dev.clusterutils.results.HpoResults;
import dev.clusterutils.settings.Objectives;
import dev.clusterutils.settings.OptimizationSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-objective run's planner (front size, hypervolume, resume) and tables (front first, pareto_rank). */
class MultiObjectivePlannerTest {
    static final Objectives OBJ = new Objectives(List.of("loss", "acc"), List.of(true, false));

    @TempDir
    Path dir;

    final OptimizerStage stage = new OptimizerStage(OptimizerFactory.create("tpe", Map.of(), List.of(HpoPlannerTest.X),
            OBJ.minimize(), new SplittableRandom(1)));

    HpoPlanner planner() {
        return new HpoPlanner(new OptimizationSetting("loss", true, 20, 4, 1, true, OBJ), List.of("fn.x"), i -> { });
    }

    static Map<String, Object> params(double x) {
        return Map.of("fn", Map.of("x", x));
    }

    /** (loss, acc): (1, 0.5) (2, 0.9) are the front; (2, 0.4) is dominated; (0.5, 0.1) joins the front. */
    static final double[][] JOBS = {{1, 0.5}, {2, 0.9}, {2, 0.4}, {0.5, 0.1}};

    @Test
    void frontSizeAndHypervolumeFollowTheJobs() {
        HpoPlanner p = planner();
        assertEquals(0, p.frontSize());
        assertTrue(Double.isNaN(p.hypervolume()));
        for (int i = 0; i < JOBS.length; i++) {
            HpoPlannerTest.serve(p, stage);
            assertNotNull(p.next(i, HpoPlannerTest.VIEW));
            p.finished(i, params(0.1 * i), Map.of("loss", JOBS[i][0], "acc", JOBS[i][1]));
        }
        assertEquals(3, p.frontSize());
        assertTrue(Double.isNaN(p.best()), "no single best with two objectives");
        // losses (1,-0.5) (2,-0.9) (0.5,-0.1); reference: worst + range/10 = (2.15, -0.02)
        double expected = (2.15 - 0.5) * (-0.02 + 0.1) + (2.15 - 1) * (-0.1 + 0.5) + (2.15 - 2) * (-0.5 + 0.9);
        assertEquals(expected, p.hypervolume(), 1e-9);

        HpoPlanner resumed = planner();
        for (int i = 0; i < JOBS.length; i++) {
            resumed.restore(i, params(0.1 * i), Map.of("loss", JOBS[i][0], "acc", JOBS[i][1]), true);
        }
        assertEquals(p.frontSize(), resumed.frontSize());
        assertEquals(p.hypervolume(), resumed.hypervolume(), 0);
    }

    @Test
    void aFixedReferencePointIsUsedAsGiven() {
        Objectives fixed = new Objectives(OBJ.names(), OBJ.minimize(), List.of(3.0, 0.0));
        HpoPlanner p = new HpoPlanner(new OptimizationSetting("loss", true, 20, 4, 1, true, fixed), List.of("fn.x"), i -> { });
        for (int i = 0; i < JOBS.length; i++) {
            p.restore(i, params(0.1 * i), Map.of("loss", JOBS[i][0], "acc", JOBS[i][1]), true);
        }
        // losses (0.5,-0.1) (1,-0.5) (2,-0.9) below (3, 0)
        double expected = (3 - 0.5) * 0.1 + (3 - 1) * 0.4 + (3 - 2) * 0.4;
        assertEquals(expected, p.hypervolume(), 1e-9);
    }

    @Test
    void everyObjectiveMustBeSent() {
        HpoPlanner p = planner();
        assertNull(p.reject(Map.of("loss", 1.0, "acc", 0.2)));
        assertTrue(p.reject(Map.of("loss", 1.0)).contains("'acc'"));
        assertTrue(p.reject(Map.of("loss", 1.0, "acc", "high")).contains("must be a number"));
    }

    @Test
    void tablesPutTheFrontFirstAndRankSettings() throws Exception {
        HpoResults r = new HpoResults(dir.resolve("all_data.csv"), dir.resolve("reduced_data.csv"),
                dir.resolve("pareto_front.csv"), List.of("fn.x"), OBJ);
        for (int i = 0; i < JOBS.length; i++) {
            r.succeeded(i, 1, Map.of("fn.x", 0.1 * i), Map.of("loss", JOBS[i][0], "acc", JOBS[i][1]));
        }
        r.checkpoint(true);
        assertEquals(List.of(3L, 0L, 1L, 2L), r.sortedRows().stream().map(HpoResults.Row::jobId).toList());
        List<String> front = Files.readAllLines(dir.resolve("pareto_front.csv"));
        assertEquals(4, front.size(), String.join("\n", front));
        assertTrue(front.get(1).contains("0.5") && front.get(1).contains("0.1"), front.get(1));
        List<String> reduced = Files.readAllLines(dir.resolve("reduced_data.csv"));
        assertTrue(reduced.get(0).endsWith(",pareto_rank"), reduced.get(0));
        assertEquals(List.of("0", "0", "0", "1"), reduced.subList(1, 5).stream()
                .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList());
    }
}
