package dev.clusterutils.report;

import static dev.clusterutils.report.SyntheticRuns.entry;
import static dev.clusterutils.report.SyntheticRuns.gridSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.value.PyTuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal replayed into jobs, and what the settings say about parameters and the objective. */
class RunResultsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void replaysOutcomesMetricsAndResubmissions() throws Exception {
        Path dir = tmp.resolve("r");
        RunLayout layout = new RunLayout(dir, null, null);
        Files.createDirectories(dir);
        try (Journal j = Journal.open(layout.journal())) {
            j.append(new JournalEvent.RunStarted(1, "GRID_SEARCH", "/jobs", null, 1, "t"));
            j.append(new JournalEvent.JobCreated(2, 0, 10, 0, Map.of("x", 1L, "id", 0L, "working_dir", "/w/0")));
            j.append(new JournalEvent.JobCreated(2, 1, 11, 0, Map.of("x", 2L, "id", 1L, "working_dir", "/w/1")));
            j.append(new JournalEvent.JobCreated(2, 2, 12, 0, Map.of("x", 3L, "id", 2L, "working_dir", "/w/2")));
            j.append(new JournalEvent.JobResubmitting(3, 0));
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("time_elapsed", 3.5);
            metrics.put("loss", 0.25);
            metrics.put("converged", true);
            metrics.put("note", "fine");
            metrics.put("steps", 100L);
            j.append(new JournalEvent.JobSucceeded(4, 0, metrics, "message"));
            j.append(new JournalEvent.JobFailed(5, 0, "a late error after the results")); // success stands
            j.append(new JournalEvent.JobFailed(5, 1, "boom"));
            j.append(new JournalEvent.RunEnded(6, "finished", "Procedure successfully finished"));
        }
        RunResults r = RunResultsReader.read(dir);
        assertEquals(RunResults.RunKind.GRID_SEARCH, r.kind(), "from the journal when metadata.json is missing");
        assertEquals("r", r.name());
        assertEquals(3, r.jobs().size());
        JobResult first = r.jobs().get(0);
        assertEquals(JobResult.Outcome.SUCCEEDED, first.outcome());
        assertEquals(1, first.resubmissions());
        assertEquals(Map.of("time_elapsed", 3.5, "loss", 0.25, "steps", 100.0), first.metrics());
        assertEquals(List.of("loss", "steps", "time_elapsed"), r.metrics(), "time_elapsed last, no booleans or strings");
        assertEquals("boom", r.jobs().get(1).failure());
        assertEquals(JobResult.Outcome.UNFINISHED, r.jobs().get(2).outcome());
        assertEquals("finished", r.endStatus());
        assertEquals(List.of("x"), r.params().stream().map(ParamInfo::name).toList(), "id and working_dir are no parameters");
    }

    @Test
    void gridParametersFromTheSettingsZippedAndTuplesIncluded() throws Exception {
        List<Map<String, Object>> hp = List.of(
                entry("pairs", List.of(-0.5, 10), List.of(0, 20)),
                entry(List.of("fn_args.x", "fn_args.y"), List.of(3.0, 0.1), List.of(3.5, 1.0)),
                entry("act", "tanh", "relu"),
                entry("lr", 0.1, 0.001, 0.01));
        SyntheticRuns run = SyntheticRuns.grid(tmp.resolve("g"), gridSettings("g", 1, hp));
        run.succeeded(0, 0, Map.of("pairs", PyTuple.of(0L, 20L), "fn_args.x", 3.5, "fn_args.y", 1.0, "act", "relu", "lr", 0.01),
                Map.of("loss", 1.0));
        run.succeeded(1, 0, Map.of("pairs", PyTuple.of(-0.5, 10L), "fn_args.x", 3.0, "fn_args.y", 0.1, "act", "tanh", "lr", 0.1),
                Map.of("loss", 2.0));
        run.succeeded(2, 0, Map.of("pairs", PyTuple.of(-0.5, 10L), "fn_args.x", 3.0, "fn_args.y", 0.1, "act", "tanh", "lr", 0.001),
                Map.of("loss", 2.0));
        RunResults r = RunResultsReader.read(run.write());
        Map<String, ParamInfo> p = new LinkedHashMap<>();
        r.params().forEach(i -> p.put(i.name(), i));
        assertEquals(List.of("pairs", "fn_args.x", "fn_args.y", "act", "lr"), List.copyOf(p.keySet()));
        assertEquals(List.of("(-0.5, 10)", "(0, 20)"), p.get("pairs").categories(), "the settings' order, Python's repr");
        assertFalse(p.get("pairs").numeric());
        assertEquals(List.of("tanh", "relu"), p.get("act").categories(), "the settings' order");
        assertEquals(List.of("0.001", "0.01", "0.1"), p.get("lr").categories(), "numbers ascending");
        assertTrue(p.get("lr").numeric() && p.get("lr").categorical());
        assertEquals(1.0, p.get("pairs").position(r.jobs().get(0).params()));
        assertNull(r.objective());
    }

    @Test
    void hpoParametersAndObjectiveFromTheSettings() throws Exception {
        RunResults r = RunResultsReader.read(SyntheticRuns.hpoRun(tmp.resolve("h"), 40, 10, 0));
        assertEquals(new Objective("result", true), r.objective());
        ParamInfo v = r.params().get(1);
        assertEquals("fn_args.v", v.name());
        assertTrue(v.log() && v.numeric() && !v.categorical());
        assertEquals(1, v.lower());
        assertEquals(1000, v.upper());
        ParamInfo act = r.params().get(5);
        assertTrue(act.categorical());
        assertEquals(List.of("relu", "tanh", "leaky_relu_with_a_long_name"), act.categories(), "the options' order");
        ParamInfo sharp = r.params().get(4);
        assertEquals(List.of("False", "True"), sharp.categories());
        assertEquals(List.of(1, 2, 3, 4), r.iterations());
    }
}
