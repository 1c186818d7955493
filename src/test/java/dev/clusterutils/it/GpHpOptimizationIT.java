package dev.clusterutils.it;

import static dev.clusterutils.it.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hp_optimization with optimizer_str = "gp" on the local backend, with the real Rosenbrock job script. */
class GpHpOptimizationIT {
    static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
    }

    @Test
    void gpFindsTheRosenbrockValleyWithoutRunningAPointTwice() throws Exception {
        Path results = tmp.resolve("res");
        // the example's file is made for tpe; its empty optimizer_settings take gp's keys from the command line
        Cli.Result r = cli().home(tmp).cwd(REPO).args("hp_optimization", "--backend", "local", "--seed", "11",
                "examples/rosenbrock/hp_optimization.toml", "results_dir=\"" + results + "\"",
                "optimizer_str=\"gp\"", "optimizer_settings.n_initial=6", "optimizer_settings.liar=\"mean\"",
                "optimization_setting.number_of_samples=30", "fixed_params.epoch_seconds=0.0").run();
        assertEquals(0, r.exitCode(), r.all());
        Path dir = results.resolve("rosenbrock_tpe");
        List<String> rows = Files.readAllLines(dir.resolve("all_data.csv"));
        assertEquals(31, rows.size(), String.join("\n", rows));
        List<String> header = List.of(rows.get(0).split(","));
        int id = header.indexOf("_id");
        int loss = header.indexOf("loss");
        int x = header.indexOf("x");
        int y = header.indexOf("y");
        Double[] byId = new Double[30];
        Set<String> points = new HashSet<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            byId[Integer.parseInt(cells[id])] = Double.parseDouble(cells[loss]);
            assertTrue(points.add(cells[x] + "," + cells[y]), "point run twice: " + row);
        }
        List<Double> initial = new ArrayList<>(List.of(byId).subList(0, 6));
        List<Double> late = new ArrayList<>(List.of(byId).subList(18, 30));
        // Rosenbrock is in the hundreds over most of the box and below 10 only near its curved
        // valley: a model that learned the valley proposes there, a random design rarely does
        assertTrue(median(late) < median(initial), "late jobs " + late + " vs the initial design " + initial);
        double bestInitial = initial.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double bestModel = List.of(byId).subList(6, 30).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(bestModel < bestInitial, "the model's best " + bestModel + " vs the initial design's " + bestInitial);
        assertTrue(r.stdout().contains("best "), r.stdout());
    }
}
