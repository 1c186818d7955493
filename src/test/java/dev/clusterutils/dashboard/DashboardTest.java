package dev.clusterutils.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.layout.RunLayout;
import dev.clusterutils.results.Journal;
import dev.clusterutils.results.JournalEvent;
import dev.clusterutils.run.RunStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTest {
    @TempDir
    Path tmp;

    private final List<Dashboard.LiveRun> live = new ArrayList<>();
    private final List<Path> past = new ArrayList<>();

    private Dashboard dashboard() {
        return new Dashboard(new Dashboard.Source() {
            public Collection<Dashboard.LiveRun> live() {
                return live;
            }

            public Collection<Path> past() {
                return past;
            }
        }, () -> 100_000L);
    }

    private Path hpoDir(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("settings_resolved.json"), "{\"optimization_procedure_name\": \"" + name + "\", "
                + "\"optimization_setting\": {\"metric_to_optimize\": \"loss\", \"minimize\": true}}");
        return dir;
    }

    private static Map<String, Object> params(long id, double x, String opt) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("id", id);
        p.put("working_dir", "/w/" + id);
        p.put("x", x);
        p.put("model", Map.of("opt", opt));
        return p;
    }

    @Test
    void aMultiObjectiveRunSummaryHasItsFrontSizeAndHypervolume() throws Exception {
        Path dir = tmp.resolve("mo");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("settings_resolved.json"), "{\"optimization_procedure_name\": \"mo\", "
                + "\"optimization_setting\": {\"metric_to_optimize\": [\"loss\", \"acc\"], \"minimize\": [true, false]}}");
        RunLayout layout = new RunLayout(dir, null, null);
        try (Journal j = Journal.open(layout.journal())) {
            j.append(new JournalEvent.RunStarted(1000, "HP_OPTIMIZATION", tmp.resolve("jobs").toString(), null, 1, "t"));
            double[][] values = {{1.0, 0.5}, {2.0, 0.9}, {2.0, 0.4}};
            for (long id = 0; id < 3; id++) {
                j.append(new JournalEvent.JobCreated(1000 + id, id, 77 + id, 0, params(id, id, "adam")));
                j.append(new JournalEvent.JobSucceeded(2000 + id, id,
                        Map.of("loss", values[(int) id][0], "acc", values[(int) id][1]), "message"));
            }
            j.flush();
        }
        past.add(dir);
        RunSummary s = dashboard().run("mo").orElseThrow();
        assertEquals(2, s.frontSize());
        // losses (1, -0.5) (2, -0.9); reference (2.1, -0.35)
        assertEquals((2.1 - 1) * (-0.35 + 0.5) + (2.1 - 2) * (-0.5 + 0.9), s.hypervolume(), 1e-9);
        assertEquals("loss", s.metric());

        RunSummary single = null;
        Path other = hpoDir("single");
        try (Journal j = Journal.open(new RunLayout(other, null, null).journal())) {
            j.append(new JournalEvent.RunStarted(1000, "HP_OPTIMIZATION", tmp.resolve("jobs").toString(), null, 1, "t"));
            j.flush();
        }
        past.add(other);
        single = dashboard().run("single").orElseThrow();
        assertEquals(null, single.frontSize());
        assertEquals(null, single.hypervolume());
    }

    @Test
    void followsTheJournalAsItGrows() throws Exception {
        Path dir = hpoDir("rosen");
        RunLayout layout = new RunLayout(dir, null, null);
        Dashboard d = dashboard();
        try (Journal j = Journal.open(layout.journal())) {
            j.append(new JournalEvent.RunStarted(1000, "HP_OPTIMIZATION", tmp.resolve("jobs").toString(), null, 1, "t"));
            for (long id = 0; id < 3; id++) {
                j.append(new JournalEvent.JobCreated(1000 + id, id, 77 + id, 0, params(id, id * 1.5, id == 1 ? "sgd" : "adam")));
                j.append(new JournalEvent.JobSubmitted(1100 + id, id, "h" + id));
            }
            j.flush();
            live.add(new Dashboard.LiveRun("r1", "rosen", dir, new RunStatus("rosen", 10, 3, 3, 0, 0, 0, 42.0, Double.NaN, false),
                    "local"));
            RunSummary s = d.run("rosen").orElseThrow();
            assertEquals("running", s.state());
            assertEquals(3L, s.counts().get("submitted"));
            assertEquals(10, s.total());
            assertEquals(42.0, s.etaSeconds());
            long v = s.version();

            j.append(new JournalEvent.JobStarted(2000, 0, "node7"));
            j.append(new JournalEvent.JobEarlyReport(2500, 0, Map.of("loss", 3.0)));
            j.append(new JournalEvent.JobEarlyReport(2600, 0, Map.of("loss", 2.0)));
            j.append(new JournalEvent.JobSucceeded(3000, 0, Map.of("loss", 1.5, "acc", 0.5), "message"));
            j.append(new JournalEvent.JobStarted(3100, 1, "node8"));
            j.append(new JournalEvent.JobFailed(3200, 1, "Traceback (most recent call last):\n  File \"x.py\"\nValueError: bad lr"));
            j.append(new JournalEvent.JobStarted(3300, 2, "node9"));
            j.append(new JournalEvent.JobSucceeded(3400, 2, Map.of("loss", 0.5, "acc", 0.9), "message"));
            j.flush();
            s = d.run("rosen").orElseThrow();
            assertTrue(s.version() > v);
            assertEquals(2L, s.counts().get("succeeded"));
            assertEquals(1L, s.counts().get("failed"));
            assertEquals(0L, s.counts().get("running"));
            assertEquals(0.5, s.best());
            assertEquals(2L, s.bestJob());
            assertEquals(0.3, s.progress(), 1e-9);
            assertEquals(Map.of("x", 3.0, "model.opt", "adam"), s.bestParams());

            JobPage failed = d.jobs("rosen", Set.of(JobState.FAILED), "id", false, 0, 50).orElseThrow();
            assertEquals(1, failed.matching());
            JobRow row = failed.jobs().get(0);
            assertEquals("ValueError: bad lr", row.error());
            assertEquals("node8", row.host());
            assertEquals(3, row.errorTail().size());
            assertEquals("/w/1", row.logs().workingDir());
            assertEquals(tmp.resolve("jobs").resolve("0_1.sh.err").toString(), row.logs().stderr());

            JobPage byValue = d.jobs("rosen", Set.of(), "value", false, 0, 2).orElseThrow();
            assertEquals(3, byValue.matching());
            assertEquals(List.of(2L, 0L), byValue.jobs().stream().map(JobRow::id).toList());

            Charts c = d.charts("rosen", null).orElseThrow();
            assertEquals("loss", c.metric());
            assertEquals(Set.of("loss", "acc"), Set.copyOf(c.metrics()));
            assertEquals(2, c.history().points().size());
            assertEquals(0.5, c.history().best().get(c.history().best().size() - 1)[1]);
            assertEquals(List.of("x", "model.opt"), c.params().stream().map(Charts.Axis::name).toList());
            assertEquals(1, c.curves().size());
            assertEquals(2, c.curves().get(0).points().size());
            assertEquals(3, c.timeline().bars().size());

            JobDetail detail = d.job("rosen", 0).orElseThrow();
            assertEquals(2, detail.earlyReports().size());
            assertNull(d.job("rosen", 99).orElse(null));
        }
        // the run ended and left the process: it stays, now as its journal tells it
        try (Journal j = Journal.open(layout.journal())) {
            j.append(new JournalEvent.RunEnded(5000, "finished", "Procedure successfully finished"));
            j.flush();
        }
        live.clear();
        RunSummary s = d.run("rosen").orElseThrow();
        assertEquals("finished", s.state());
        assertFalse(s.live());
        assertEquals(3, s.total());
        assertEquals(4.0, s.elapsedSeconds());
    }

    @Test
    void aLineCutMidWriteWaitsForItsEnd() throws Exception {
        Path dir = hpoDir("cut");
        past.add(dir);
        Path journal = new RunLayout(dir, null, null).journal();
        String created = "{\"t\":1,\"e\":\"job_created\",\"id\":0,\"token\":5,\"iteration\":0,\"params\":{\"x\":1}}\n";
        Files.writeString(journal, created.substring(0, 20));
        Dashboard d = dashboard();
        assertEquals(0, d.run("cut").orElseThrow().jobs());
        Files.writeString(journal, created.substring(20), StandardOpenOption.APPEND);
        assertEquals(1, d.run("cut").orElseThrow().jobs());
        assertEquals("incomplete", d.run("cut").orElseThrow().state());
        // started afresh: the journal shrank, so it is read again from its start
        Files.writeString(journal, "", StandardCharsets.UTF_8);
        assertEquals(0, d.run("cut").orElseThrow().jobs());
    }

    @Test
    void sharedNamesGetDistinctKeys() throws Exception {
        Path a = hpoDir("same");
        Path b = tmp.resolve("other").resolve("same");
        Files.createDirectories(b);
        Files.copy(a.resolve("settings_resolved.json"), b.resolve("settings_resolved.json"));
        past.add(a);
        past.add(b);
        assertEquals(Set.of("same", "same~2"), Set.copyOf(dashboard().runs().stream().map(RunSummary::name).toList()));
    }

    @Test
    void chartsStayCappedWithTenThousandJobs() throws Exception {
        Path dir = hpoDir("big");
        past.add(dir);
        try (Journal j = Journal.open(new RunLayout(dir, null, null).journal())) {
            j.append(new JournalEvent.RunStarted(0, "HP_OPTIMIZATION", tmp.resolve("jobs").toString(), null, 1, "t"));
            for (long id = 0; id < 10_000; id++) {
                j.append(new JournalEvent.JobCreated(id, id, id, 0, params(id, Math.sin(id), id % 3 == 0 ? "sgd" : "adam")));
                j.append(new JournalEvent.JobStarted(id + 1, id, "n"));
                j.append(new JournalEvent.JobSucceeded(id + 5, id, Map.of("loss", Math.cos(id) + 2), "message"));
            }
        }
        Charts c = dashboard().charts("big", null).orElseThrow();
        assertEquals(10_000, c.succeeded());
        assertTrue(c.history().cut());
        assertTrue(c.history().points().size() <= ChartData.MAX_HISTORY + c.history().best().size());
        assertEquals(ChartData.MAX_SAMPLES, c.samples().size());
        assertTrue(c.timeline().bars().size() <= ChartData.MAX_BARS + 1);
        // the best job is always among the samples
        double min = c.samples().stream().mapToDouble(r -> r[1]).min().orElseThrow();
        assertEquals(c.history().best().get(c.history().best().size() - 1)[1], min);
    }
}
