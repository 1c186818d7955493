package dev.clusterutils.backend.slurm;

import dev.clusterutils.layout.RunLayout;
import static dev.clusterutils.backend.Golden.assertGolden;
import static dev.clusterutils.backend.Specs.block;
import static dev.clusterutils.backend.Specs.kv;
import static dev.clusterutils.backend.Specs.requirements;
import static dev.clusterutils.backend.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.BackendLog;
import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.backend.scheduler.SchedulerDialect;
import dev.clusterutils.backend.scheduler.SubmissionFile;
import dev.clusterutils.settings.ClusterRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sbatch scripts of spec 7.3 for every cluster_requirements key Slurm reads, as golden files. */
class SlurmScriptGoldenTest {

    static ClusterRequirements base(Map.Entry<String, Object>... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_cpus", 2);
        m.put("memory_in_mb", 4000);
        m.put("partition", "gpu-2080ti,cpu-galvani");
        m.put("request_time", "1:00:00");
        for (Map.Entry<String, Object> e : more) {
            m.put(e.getKey(), e.getValue());
        }
        return new ClusterRequirements(m);
    }

    static SlurmDialect dialect(ClusterRequirements r, Integer throttle) {
        return new SlurmDialect(SlurmRequirements.from(r), Specs.LAYOUT, throttle, SlurmDialect.Accounting.DETECT, BackendLog.NONE);
    }

    static String script(ClusterRequirements r, JobSpec spec) {
        List<SubmissionFile> files = dialect(r, null).render(spec);
        assertEquals(1, files.size());
        assertEquals(spec.runScript(), files.get(0).path());
        assertTrue(files.get(0).executable());
        return files.get(0).content();
    }

    @Test
    void requiredKeysOnly() throws Exception {
        JobSpec spec = spec("slurm", 7, block(7, null, "srun "));
        assertGolden("slurm/minimal.sh", script(base(), spec));
        assertEquals("job_1_7.out", spec.stdout().getFileName().toString(), "the original replaces .sh by .out");
    }

    @Test
    void everyKey() throws Exception {
        ClusterRequirements r = base(kv("request_gpus", 1), kv("forbidden_hostnames", List.of("node1", "node2")),
                kv("signal_seconds_to_timeout", 120), kv("extra_submission_options", List.of("--qos=high", "#SBATCH --account=ml")));
        String s = script(r, spec("slurm", 7, block(7, null, "srun ")));
        assertGolden("slurm/every_key.sh", s);
        assertTrue(s.contains("#SBATCH --signal=B:USR1@120\n"), "B: so that the batch shell gets the signal");
        assertTrue(s.contains("#SBATCH --account=ml\n"), "a whole #SBATCH line in the settings is not doubled");
    }

    @Test
    void extraOptionsAsDict() throws Exception {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("--qos", "high");
        extra.put("--exclusive", null);
        extra.put("--requeue", true);
        String s = script(base(kv("extra_submission_options", extra)), spec("slurm", 7, "srun true"));
        assertGolden("slurm/extra_dict.sh", s);
    }

    @Test
    void extraOptionsAsStringIsOneOptionNotOnePerCharacter() throws Exception {
        String s = script(base(kv("extra_submission_options", "--constraint=a100")), spec("slurm", 7, "srun true"));
        assertGolden("slurm/extra_string.sh", s);
        assertTrue(s.contains("#SBATCH --constraint=a100\n"));
        assertFalse(s.contains("#SBATCH -\n"), "the original split a string into one line per character");
    }

    @Test
    void signalZeroOrAbsentMeansNoSignal() {
        assertFalse(script(base(kv("signal_seconds_to_timeout", 0)), spec("slurm", 7, "srun true")).contains("--signal"));
        assertFalse(script(base(), spec("slurm", 7, "srun true")).contains("--signal"));
    }

    @Test
    void singularityRunsUnderSrun() throws Exception {
        String s = script(base(), spec("slurm", 7, block(7, Specs.singularity(), "srun ")));
        assertGolden("slurm/singularity.sh", s);
        assertTrue(s.contains("\nsrun apptainer exec --bind=/tmp,"), "srun goes in front of the container command");
    }

    @Test
    void jobArrayScript() throws Exception {
        SlurmDialect d = dialect(base(), 2);
        List<JobSpec> specs = List.of(spec("slurm", 0, "srun true"), spec("slurm", 1, "srun true"), spec("slurm", 2, "srun true"));
        SchedulerDialect.Batch batch = d.renderBatch(specs, 0);
        assertEquals(4, batch.files().size(), "three run scripts and the array script");
        SubmissionFile array = batch.files().get(3);
        assertEquals(Specs.LAYOUT.arrayScript(0), array.path());
        assertGolden("slurm/array.sh", array.content());
        assertEquals(List.of("sbatch", "--open-mode=append", array.path().toString()), batch.submitArgv());
        assertEquals(List.of("41_0", "41_1", "41_2"), d.batchJobIds("41", 3));
    }

    @Test
    void aResubmissionReusesTheScript(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        var layout = new dev.clusterutils.layout.RunLayout(tmp.resolve("r"), tmp.resolve("j"), null);
        JobSpec again = Specs.spec(layout, "slurm", 3, "srun true", true);
        java.nio.file.Files.createDirectories(again.runScript().getParent());
        java.nio.file.Files.writeString(again.runScript(), "old");
        SlurmDialect d = new SlurmDialect(SlurmRequirements.from(base()), layout, null, SlurmDialect.Accounting.DETECT,
                BackendLog.NONE);
        assertTrue(d.render(again).isEmpty(), "the original reuses the script of a resubmitted job");
        assertEquals(List.of("sbatch", "--open-mode=append", again.runScript().toString()), d.submitArgv(again));
    }
}
