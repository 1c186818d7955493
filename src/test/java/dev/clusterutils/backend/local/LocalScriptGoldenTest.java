package dev.clusterutils.backend.local;

import static dev.clusterutils.backend.Golden.assertGolden;
import static dev.clusterutils.backend.Specs.block;
import static dev.clusterutils.backend.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Specs;
import org.junit.jupiter.api.Test;

/** The local run script (spec 7.2), plain and with a Singularity/Apptainer section. */
class LocalScriptGoldenTest {
    @Test
    void plain() throws Exception {
        assertGolden("local/plain.sh", LocalScript.render(spec("local", 7, block(7, null, ""))));
    }

    @Test
    void singularity() throws Exception {
        String s = LocalScript.render(spec("local", 7, block(7, Specs.singularity(), "")));
        assertGolden("local/singularity.sh", s);
        assertTrue(s.contains("\napptainer exec --bind=/tmp,/home/u/results/demo/working_directories/7,/home/u/project "
                + "--pwd=/home/u/project --env OMP_NUM_THREADS=1 --nv --cleanenv /images/env.sif python3 /home/u/project/train.py"));
    }

    /** Issue 16: every settings value in the script is one quoted word; bash parses the script as such. */
    @Test
    void hostileSettingsValuesStayQuotedWords() throws Exception {
        java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();
        vars.put("V", "a'b \"c\" $(touch pwned) `touch pwned`;\nnext line");
        dev.clusterutils.settings.EnvironmentSetup env = new dev.clusterutils.settings.EnvironmentSetup("v env/$(touch pwned)",
                "c'env; touch pwned", vars, "/abs/pre `touch pwned`.sh", true, false, "PY=1");
        dev.clusterutils.settings.SingularitySettings sif = new dev.clusterutils.settings.SingularitySettings(
                "/images/a b;$(touch pwned).sif", "EXE=apptainer", false, java.util.List.of("--bind=$(touch pwned)"));
        String block = new dev.clusterutils.workspace.JobCommand(env, Specs.MAIN, "train $(x).py", sif, null)
                .block(1007, Specs.SERVER, java.util.Map.of("id", 7L), Specs.LAYOUT.workingDir(7), "");
        String s = LocalScript.render(spec("local", 7, block));
        assertGolden("local/hostile.sh", s);
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        org.junit.jupiter.api.Assertions.assertEquals(0, p.exitValue(), "bash -n: " + out);
    }
}
