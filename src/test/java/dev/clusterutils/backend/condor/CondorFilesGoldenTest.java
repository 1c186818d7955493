package dev.clusterutils.backend.condor;

import static dev.clusterutils.backend.Golden.assertGolden;
import static dev.clusterutils.backend.Specs.block;
import static dev.clusterutils.backend.Specs.kv;
import static dev.clusterutils.backend.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.JobSpec;
import dev.clusterutils.backend.Specs;
import dev.clusterutils.backend.scheduler.SubmissionFile;
import dev.clusterutils.settings.ClusterRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTCondor run script and submit description of spec 7.4 for every key HTCondor reads, as golden files. */
class CondorFilesGoldenTest {

    @SafeVarargs
    static ClusterRequirements base(Map.Entry<String, Object>... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_cpus", 2);
        m.put("request_gpus", 0);
        m.put("memory_in_mb", 4000);
        for (Map.Entry<String, Object> e : more) {
            m.put(e.getKey(), e.getValue());
        }
        return new ClusterRequirements(m);
    }

    static List<SubmissionFile> files(ClusterRequirements r, JobSpec spec) {
        return new CondorDialect(CondorRequirements.from(r), Specs.LAYOUT).render(spec);
    }

    static String sub(ClusterRequirements r) {
        List<SubmissionFile> f = files(r, spec("condor", 7, "true"));
        assertEquals(Specs.LAYOUT.submitFile(Specs.LAYOUT.runScript("condor", 1, 7)), f.get(1).path());
        assertFalse(f.get(1).executable());
        return f.get(1).content();
    }

    static String requirementsLine(ClusterRequirements r) {
        return sub(r).lines().filter(l -> l.startsWith("requirements=")).findFirst().orElse("");
    }

    @Test
    void runScriptAndMinimalDescription() throws Exception {
        List<SubmissionFile> f = files(base(), spec("condor", 7, block(7, null, "")));
        assertTrue(f.get(0).executable());
        assertGolden("condor/run_script.sh", f.get(0).content());
        assertGolden("condor/minimal.sub", f.get(1).content());
    }

    @Test
    void cudaBoundAndGpuMemory() throws Exception {
        assertGolden("condor/gpu_bound.sub", sub(base(kv("request_gpus", 2), kv("cuda_requirement", "<8.0"), kv("gpu_memory_mb", 10000))));
    }

    @Test
    void cudaRequirementInItsThreeFormsAndNull() {
        assertEquals("requirements=TARGET.CUDACapability<=8.0", requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", "<=8.0"))));
        assertEquals("requirements=TARGET.CUDACapability>=7", requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", ">=7"))));
        assertEquals("requirements=TARGET.CUDACapability>=7.5", requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", "7.5"))));
        // a number: the original crashed (AttributeError); here it is a minimum, as the docs promise
        assertEquals("requirements=TARGET.CUDACapability>=7.5", requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", 7.5))));
        assertEquals("requirements=TARGET.CUDACapability>=8", requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", 8L))));
        String clause = "TARGET.CUDACapability >= 5.0 && TARGET.CUDACapability <= 8.0";
        assertEquals("requirements=" + clause, requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", clause))));
        assertEquals("", requirementsLine(base(kv("request_gpus", 1), kv("cuda_requirement", null))));
        assertEquals("", requirementsLine(base(kv("cuda_requirement", "7.5"))), "without GPUs no CUDA clause");
    }

    @Test
    void hostListsAndAllClausesInTheOriginalsOrder() throws Exception {
        String s = sub(base(kv("request_gpus", 1), kv("cuda_requirement", "7.0"), kv("gpu_memory_mb", 20000),
                kv("hostname_list", List.of("g001", "g002")), kv("forbidden_hostnames", List.of("g003", "g004"))));
        assertGolden("condor/hosts.sub", s);
        assertTrue(s.contains("requirements=TARGET.CUDACapability>=7.0 && TARGET.CUDAGlobalMemoryMb>=20000 && "
                + "(UtsnameNodename =?= \"g001\" || UtsnameNodename =?= \"g002\") && UtsnameNodename =!= \"g003\" && "
                + "UtsnameNodename =!= \"g004\"\n"));
    }

    @Test
    void concurrencyLimit() throws Exception {
        String s = sub(base(kv("concurrency_limit", 30), kv("concurrency_limit_tag", "gpu_jobs")));
        assertGolden("condor/concurrency.sub", s);
        assertTrue(s.contains("concurrency_limits=user.gpu_jobs:333\n"), "10000 // 30");
    }

    @Test
    void extraOptionsAsDictListAndString() throws Exception {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("+MaxRunningPrice", 100);
        dict.put("nice_user", "True");
        assertGolden("condor/extra_dict.sub", sub(base(kv("extra_submission_options", dict))));
        assertGolden("condor/extra_list.sub", sub(base(kv("extra_submission_options", List.of("+WantGPUHomogeneous = True", "priority = 5")))));
        assertGolden("condor/extra_string.sub", sub(base(kv("extra_submission_options", "+JobFlavour = \"long\""))));
    }

    @Test
    void bidChoosesCondorSubmitBid() {
        JobSpec s = spec("condor", 7, "true");
        String file = Specs.LAYOUT.submitFile(s.runScript()).toString();
        assertEquals(List.of("condor_submit_bid", "25", file),
                new CondorDialect(CondorRequirements.from(base(kv("bid", 25))), Specs.LAYOUT).submitArgv(s));
        assertEquals(List.of("condor_submit", file), new CondorDialect(CondorRequirements.from(base()), Specs.LAYOUT).submitArgv(s));
    }

    @Test
    void singularityRunScript() throws Exception {
        List<SubmissionFile> f = files(base(), spec("condor", 7, block(7, Specs.singularity(), "")));
        assertGolden("condor/singularity.sh", f.get(0).content());
        assertTrue(f.get(0).content().contains("\napptainer exec --bind=/tmp,"), "no srun on HTCondor");
    }
}
